// Flag instructions, HLT, WAIT/ESC without an FPU, and the system-register instructions
// available in real mode (SDM Vol. 2; SDM Vol. 3, 2.7-2.8).
#include "cpu/ops/common.h"

namespace bw::ops {
namespace {

void clc(Cpu& c, const Insn&) { set_cf_only(c.s, false); }
void stc(Cpu& c, const Insn&) { set_cf_only(c.s, true); }
void cmc(Cpu& c, const Insn&) { set_cf_only(c.s, !get_cf(c.s)); }
void cld(Cpu& c, const Insn&) { c.s.eflags_rest &= ~fl::DF; }
void std_(Cpu& c, const Insn&) { c.s.eflags_rest |= fl::DF; }

// CLI/STI are IOPL-sensitive in protected mode (SDM Vol. 2, CLI).
void check_iopl(Cpu& c) {
    if (c.protected_mode() && c.cpl() > ((c.eflags() >> 12) & 3)) c.fault(VEC_GP, 0);
}
void cli(Cpu& c, const Insn&) {
    check_iopl(c);
    c.s.eflags_rest &= ~fl::IF;
}
// STI: interrupts are recognised only after the next instruction (SDM Vol. 2, STI).
void sti(Cpu& c, const Insn&) {
    check_iopl(c);
    if (!c.flag(fl::IF)) {
        c.s.eflags_rest |= fl::IF;
        c.inhibit_interrupts();
    }
}

void hlt(Cpu& c, const Insn&) {
    if (c.cpl() != 0) c.fault(VEC_GP, 0);
    c.s.halted = true;
    c.request_event();
}

// WAIT and ESC with no coprocessor: #NM when CR0 says so (SDM Vol. 3, 2.5, table 2-2),
// otherwise they complete without effect (the ESC memory operand is still addressed).
void wait(Cpu& c, const Insn&) {
    if ((c.s.cr[0] & (cr0::MP | cr0::TS)) == (cr0::MP | cr0::TS)) c.fault(VEC_NM);
}
template <class T, bool MEM> void esc(Cpu& c, const Insn& i) {
    if (c.s.cr[0] & (cr0::EM | cr0::TS)) c.fault(VEC_NM);
    if constexpr (MEM) (void)ea(c, i);
}

// SGDT/SIDT store limit and base; with a 16-bit operand size the 286 and 386 store 0xFF / zero
// in the top base byte (SDM Vol. 2, SGDT).
template <bool IDT> struct TableStore {
    template <class T, bool MEM> static void op(Cpu& c, const Insn& i) {
        const TableRegister& tr = IDT ? c.s.idtr : c.s.gdtr;
        uint32_t a = ea(c, i);
        c.write<uint16_t>(i.seg, a, tr.limit);
        uint32_t base = tr.base;
        if (sizeof(T) == 2) base = c.model() <= CpuModel::i286 ? (base & 0xFFFFFF) | 0xFF000000u : base & 0xFFFFFF;
        c.write<uint32_t>(i.seg, (a + 2) & i.amask, base);
    }
};
template <bool IDT> struct TableLoad {
    template <class T, bool MEM> static void op(Cpu& c, const Insn& i) {
        if (c.cpl() != 0) c.fault(VEC_GP, 0);
        uint32_t a = ea(c, i);
        uint16_t limit = c.read<uint16_t>(i.seg, a);
        uint32_t base = c.read<uint32_t>(i.seg, (a + 2) & i.amask);
        if (sizeof(T) == 2) base &= 0xFFFFFF;
        TableRegister& tr = IDT ? c.s.idtr : c.s.gdtr;
        tr.limit = limit;
        tr.base = base;
    }
};

// SMSW/LMSW: the machine status word is CR0's low 16 bits. LMSW cannot clear PE.
template <class T, bool MEM> void smsw(Cpu& c, const Insn& i) {
    if constexpr (MEM) c.write<uint16_t>(i.seg, ea(c, i), uint16_t(c.s.cr[0]));
    else c.reg<T>(i.rm) = T(c.s.cr[0]);
}
template <class T, bool MEM> void lmsw(Cpu& c, const Insn& i) {
    if (c.cpl() != 0) c.fault(VEC_GP, 0);
    uint16_t v = read_rm<uint16_t, MEM>(c, i);
    uint32_t keep = c.s.cr[0] & cr0::PE;
    c.s.cr[0] = (c.s.cr[0] & ~0xFu) | (v & 0xF) | keep;
    c.request_event();
}

void clts(Cpu& c, const Insn&) {
    if (c.cpl() != 0) c.fault(VEC_GP, 0);
    c.s.cr[0] &= ~cr0::TS;
}

} // namespace

void register_system(OpTable& t) {
    set_op(t, 0, 0xF8, 0, {0, 0, BW_ONE(clc)});
    set_op(t, 0, 0xF9, 0, {0, 0, BW_ONE(stc)});
    set_op(t, 0, 0xF5, 0, {0, 0, BW_ONE(cmc)});
    set_op(t, 0, 0xFC, 0, {0, 0, BW_ONE(cld)});
    set_op(t, 0, 0xFD, 0, {0, 0, BW_ONE(std_)});
    set_op(t, 0, 0xFA, 0, {0, 0, BW_ONE(cli)});
    set_op(t, 0, 0xFB, dec::ENDS, {0, 0, BW_ONE(sti)});
    set_op(t, 0, 0xF4, dec::ENDS, {0, 0, BW_ONE(hlt)});
    set_op(t, 0, 0x9B, 0, {0, 0, BW_ONE(wait)});
    if (t.at_least(CpuModel::i286)) {
        using SG = TableStore<false>;
        using SI = TableStore<true>;
        using LG = TableLoad<false>;
        using LI = TableLoad<true>;
        set_group_op(t, G_0F01, 0, dec::MEM_ONLY, {0, 0, BW_VARIANTS(SG::op)});
        set_group_op(t, G_0F01, 1, dec::MEM_ONLY, {0, 0, BW_VARIANTS(SI::op)});
        set_group_op(t, G_0F01, 2, dec::MEM_ONLY, {0, 0, BW_VARIANTS(LG::op)});
        set_group_op(t, G_0F01, 3, dec::MEM_ONLY, {0, 0, BW_VARIANTS(LI::op)});
        set_group_op(t, G_0F01, 4, 0, {0, 0, BW_VARIANTS(smsw)});
        set_group_op(t, G_0F01, 6, dec::ENDS, {0, 0, BW_VARIANTS(lmsw)});
        set_op(t, 1, 0x06, 0, {0, 0, BW_ONE(clts)});
    }
}

void register_fpu_escape(OpTable& t) {
    for (unsigned op = 0xD8; op <= 0xDF; ++op) set_op(t, 0, op, dec::MODRM, {0, 0, BW_VARIANTS(esc)});
}

} // namespace bw::ops
