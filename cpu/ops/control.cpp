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
// INT n is IOPL-sensitive in virtual-8086 mode: with IOPL < 3 it is #GP(0) to the monitor
// (SDM Vol. 3, 20.2.7; INT3 and INTO are not).
void int_n(Cpu& c, const Insn& i) {
    if (c.flag(fl::VM) && c.iopl() < 3) c.fault(VEC_GP, 0);
    c.interrupt(uint8_t(i.imm), true);
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
