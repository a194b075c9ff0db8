// JMP, CALL, RET, Jcc, LOOP/LOOPcc/JCXZ, INT/INTO/INT3/IRET, BOUND (SDM Vol. 2).
#include "cpu/ops/common.h"

namespace bw::ops {
namespace {

template <class T, bool MEM> void jmp_rel(Cpu& c, const Insn& i) { near_jump<T>(c, c.s.eip + i.imm); }
template <class T, bool MEM> void jmp_rm(Cpu& c, const Insn& i) { near_jump<T>(c, read_rm<T, MEM>(c, i)); }
template <class T, bool MEM> void call_rel(Cpu& c, const Insn& i) {
    c.push<T>(T(c.s.eip));
    near_jump<T>(c, c.s.eip + i.imm);
}
template <class T, bool MEM> void call_rm(Cpu& c, const Insn& i) {
    T target = read_rm<T, MEM>(c, i);
    c.push<T>(T(c.s.eip));
    near_jump<T>(c, target);
}
template <class T> void ret_near(Cpu& c, const Insn&) { near_jump<T>(c, c.pop<T>()); }
template <class T> void ret_near_imm(Cpu& c, const Insn& i) {
    T ip = c.pop<T>();
    if (c.stack32()) c.s.gpr[ESP].d += i.imm;
    else c.s.gpr[ESP].w = uint16_t(c.s.gpr[ESP].w + i.imm);
    near_jump<T>(c, ip);
}

// Far transfers: the mode-dependent work (descriptor checks, privilege) is in the Cpu.
template <class T, bool MEM> void jmp_far_ptr(Cpu& c, const Insn& i) { c.far_jump(i.imm2, i.imm, sizeof(T) == 4); }
template <class T, bool MEM> void call_far_ptr(Cpu& c, const Insn& i) { c.far_call(i.imm2, i.imm, sizeof(T) == 4); }
template <class T, bool MEM> void jmp_far_mem(Cpu& c, const Insn& i) {
    uint32_t a = ea(c, i);
    T off = c.read<T>(i.seg, a);
    uint16_t sel = c.read<uint16_t>(i.seg, (a + sizeof(T)) & i.amask);
    c.far_jump(sel, off, sizeof(T) == 4);
}
template <class T, bool MEM> void call_far_mem(Cpu& c, const Insn& i) {
    uint32_t a = ea(c, i);
    T off = c.read<T>(i.seg, a);
    uint16_t sel = c.read<uint16_t>(i.seg, (a + sizeof(T)) & i.amask);
    c.far_call(sel, off, sizeof(T) == 4);
}
template <class T> void ret_far(Cpu& c, const Insn& i) {
    bool release = i.opcode == 0xCA || (c.model() == CpuModel::i8086 && i.opcode == 0xC8);
    c.far_return(sizeof(T) == 4, release ? uint16_t(i.imm) : 0);
}

template <class T, bool MEM> void jcc(Cpu& c, const Insn& i) {
    if (condition(c.s, i.opcode & 0xF)) near_jump<T>(c, c.s.eip + i.imm);
}

// LOOP/LOOPE/LOOPNE/JCXZ count in CX or ECX by address size.
template <class T, bool MEM> void loop(Cpu& c, const Insn& i) {
    uint32_t count;
    if (i.a32()) count = --c.s.gpr[ECX].d;
    else count = --c.s.gpr[ECX].w;
    bool take = count != 0;
    if (i.opcode == 0xE1) take = take && get_zf(c.s);
    else if (i.opcode == 0xE0) take = take && !get_zf(c.s);
    if (take) near_jump<T>(c, c.s.eip + i.imm);
}
template <class T, bool MEM> void jcxz(Cpu& c, const Insn& i) {
    uint32_t count = i.a32() ? c.s.gpr[ECX].d : c.s.gpr[ECX].w;
    if (count == 0) near_jump<T>(c, c.s.eip + i.imm);
}

void int3(Cpu& c, const Insn&) { c.interrupt(VEC_BP, true); }
// CR4.VME: the software interrupt redirection bit map, the 32 bytes below the I/O permission
// bit map of the (32-bit) TSS; a clear bit sends INT n to the 8086 program's own vector table
// (SDM Vol. 3, 20.3.3, figure 20-5). A map outside the TSS limit is taken as #GP(0).
bool redirected(Cpu& c, uint8_t n) {
    if (!(c.s.tr.access & 8) || c.s.tr.limit < 0x67) c.fault(VEC_GP, 0);
    const uint32_t at = c.sys_read(c.s.tr.base + 0x66, 2) - 32 + n / 8u;
    if (at > c.s.tr.limit) c.fault(VEC_GP, 0);
    return !((c.sys_read(c.s.tr.base + at, 1) >> (n % 8)) & 1);
}

// Methods 5 and 6 of SDM Vol. 3, table 20-2: a real-mode style interrupt through the vector
// table at linear address 0, inside virtual-8086 mode. With IOPL < 3 the pushed FLAGS carry
// IOPL = 3 and VIF in the IF position, and VIF (not IF) is cleared.
void v86_redirect(Cpu& c, uint8_t n) {
    const bool virt = c.iopl() < 3;
    const uint16_t ip = c.read_linear<uint16_t>(n * 4u), cs = c.read_linear<uint16_t>(n * 4u + 2);
    uint32_t flags = c.eflags();
    if (virt) flags = (flags & ~fl::IF) | (c.flag(fl::VIF) ? fl::IF : 0) | fl::IOPL;
    const uint32_t old_esp = c.s.gpr[ESP].d;
    try {
        c.push<uint16_t>(uint16_t(flags));
        c.push<uint16_t>(c.s.seg[CS].selector);
        c.push<uint16_t>(uint16_t(c.s.eip));
    } catch (const CpuFault&) {
        c.s.gpr[ESP].d = old_esp;
        throw;
    }
    c.s.eflags_rest &= ~(fl::TF | (virt ? fl::VIF : fl::IF));
    c.load_segment_real(CS, cs);
    c.s.eip = ip;
    c.request_event();
}

// INT n is IOPL-sensitive in virtual-8086 mode: with IOPL < 3 it is #GP(0) to the monitor
// (SDM Vol. 3, 20.2.7; INT3 and INTO are not), unless CR4.VME redirects it (table 20-2).
void int_n(Cpu& c, const Insn& i) {
    const uint8_t n = uint8_t(i.imm);
    if (c.flag(fl::VM)) {
        if ((c.s.cr[4] & cr4::VME) && redirected(c, n)) return v86_redirect(c, n);
        if (c.iopl() < 3) c.fault(VEC_GP, 0);
    }
    c.interrupt(n, true);
}
void into(Cpu& c, const Insn&) {
    if (get_of(c.s)) c.interrupt(VEC_OF, true);
}

template <class T> void iret(Cpu& c, const Insn&) { c.interrupt_return(sizeof(T) == 4); }

// BOUND: #BR when the signed index lies outside [lower, upper] (a fault: the pushed address
// is that of the BOUND instruction).
template <class T, bool MEM> void bound(Cpu& c, const Insn& i) {
    using S = signed_of<T>;
    uint32_t a = ea(c, i);
    S lower = S(c.read<T>(i.seg, a));
    S upper = S(c.read<T>(i.seg, (a + sizeof(T)) & i.amask));
    S idx = S(c.reg<T>(i.reg));
    if (idx < lower || idx > upper) c.fault(VEC_BR);
}

} // namespace

void register_control(OpTable& t) {
    constexpr uint16_t E = dec::ENDS;
    set_op(t, 0, 0xEB, dec::REL8 | E, {0, 0, BW_VARIANTS(jmp_rel)});
    set_op(t, 0, 0xE9, dec::RELV | E, {0, 0, BW_VARIANTS(jmp_rel)});
    set_op(t, 0, 0xE8, dec::RELV | E, {0, 0, BW_VARIANTS(call_rel)});
    set_op(t, 0, 0xEA, dec::FARPTR | E, {0, 0, BW_VARIANTS(jmp_far_ptr)});
    set_op(t, 0, 0x9A, dec::FARPTR | E, {0, 0, BW_VARIANTS(call_far_ptr)});
    set_op(t, 0, 0xC3, E, {0, 0, BW_SIZED(ret_near)});
    set_op(t, 0, 0xC2, dec::IMM16 | E, {0, 0, BW_SIZED(ret_near_imm)});
    set_op(t, 0, 0xCB, E, {0, 0, BW_SIZED(ret_far)});
    set_op(t, 0, 0xCA, dec::IMM16 | E, {0, 0, BW_SIZED(ret_far)});
    set_group_op(t, G_FF, 2, E, {0, 0, BW_VARIANTS(call_rm)});
    set_group_op(t, G_FF, 3, E | dec::MEM_ONLY, {0, 0, BW_VARIANTS(call_far_mem)});
    set_group_op(t, G_FF, 4, E, {0, 0, BW_VARIANTS(jmp_rm)});
    set_group_op(t, G_FF, 5, E | dec::MEM_ONLY, {0, 0, BW_VARIANTS(jmp_far_mem)});

    for (unsigned cc = 0; cc < 16; ++cc) {
        set_op(t, 0, 0x70 + cc, dec::REL8 | E, {0, 0, BW_VARIANTS(jcc)});
        if (t.at_least(CpuModel::i386)) set_op(t, 1, 0x80 + cc, dec::RELV | E, {0, 0, BW_VARIANTS(jcc)});
    }
    for (unsigned op = 0xE0; op <= 0xE2; ++op) set_op(t, 0, op, dec::REL8 | E, {0, 0, BW_VARIANTS(loop)});
    set_op(t, 0, 0xE3, dec::REL8 | E, {0, 0, BW_VARIANTS(jcxz)});

    set_op(t, 0, 0xCC, E, {0, 0, BW_ONE(int3)});
    set_op(t, 0, 0xCD, dec::IMM8 | E, {0, 0, BW_ONE(int_n)});
    set_op(t, 0, 0xCE, E, {0, 0, BW_ONE(into)});
    set_op(t, 0, 0xCF, E, {0, 0, BW_SIZED(iret)});

    if (t.model == CpuModel::i8086) {
        // 8086 aliases: 60-6F decode as 70-7F, C0/C1 as C2/C3, C8/C9 as CA/CB.
        for (unsigned cc = 0; cc < 16; ++cc) set_op(t, 0, 0x60 + cc, dec::REL8 | E, {0, 0, BW_VARIANTS(jcc)});
        set_op(t, 0, 0xC0, dec::IMM16 | E, {0, 0, BW_SIZED(ret_near_imm)});
        set_op(t, 0, 0xC1, E, {0, 0, BW_SIZED(ret_near)});
        set_op(t, 0, 0xC8, dec::IMM16 | E, {0, 0, BW_SIZED(ret_far)});
        set_op(t, 0, 0xC9, E, {0, 0, BW_SIZED(ret_far)});
    } else {
        set_op(t, 0, 0x62, dec::MODRM | dec::MEM_ONLY, {0, 0, BW_VARIANTS(bound)});
    }
}

} // namespace bw::ops
