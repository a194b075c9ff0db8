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

// CLI/STI are IOPL-sensitive in protected mode (SDM Vol. 2, CLI and STI). With CPL > IOPL
// they act on EFLAGS.VIF instead of #GP(0) in virtual-8086 mode with CR4.VME (SDM Vol. 3,
// 20.3.2) and at CPL 3 in protected mode with CR4.PVI (20.4). Returns true when VIF is the
// flag to change.
bool virtual_if(Cpu& c) {
    if (!c.protected_mode() || c.cpl() <= c.iopl()) return false;
    const uint32_t cr4v = c.s.cr[4];
    if (c.flag(fl::VM) ? (cr4v & cr4::VME) : ((cr4v & cr4::PVI) && c.cpl() == 3)) return true;
    c.fault(VEC_GP, 0);
}
void cli(Cpu& c, const Insn&) {
    if (virtual_if(c)) {
        c.s.eflags_rest &= ~fl::VIF;
        return;
    }
    c.s.eflags_rest &= ~fl::IF;
}
// STI: interrupts are recognised only after the next instruction (SDM Vol. 2, STI). Setting
// VIF while VIP is pending is #GP(0), so that the monitor can deliver the pending interrupt.
void sti(Cpu& c, const Insn&) {
    if (virtual_if(c)) {
        if (c.flag(fl::VIP)) c.fault(VEC_GP, 0);
        c.s.eflags_rest |= fl::VIF;
        return;
    }
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
    // The 286 transfers the memory operand for the absent coprocessor, so a segment overrun
    // still faults (80286 real-mode vectors, D8 file).
    if constexpr (MEM)
        if (c.model() == CpuModel::i286) (void)c.read<uint16_t>(i.seg, ea(c, i));
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
    uint32_t value = (c.s.cr[0] & ~0xFu) | (v & 0xF) | keep;
    if ((value ^ c.s.cr[0]) & cr0::PE)
        for (auto& sr : c.s.seg) sr.update_bounds(true);  // protected mode: type rights apply
    c.s.cr[0] = value;
    c.request_event();
}

// INVLPG (486+): drops the translation of the page holding the operand (SDM Vol. 2, INVLPG).
template <class T, bool MEM> void invlpg(Cpu& c, const Insn& i) {
    if (c.cpl() != 0) c.fault(VEC_GP, 0);
    c.invalidate_page(c.s.seg[i.seg].base + ea(c, i));
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
    if (t.at_least(CpuModel::i486)) set_group_op(t, G_0F01, 7, dec::MEM_ONLY, {0, 0, BW_VARIANTS(invlpg)});
}

void register_fpu_escape(OpTable& t) {
    for (unsigned op = 0xD8; op <= 0xDF; ++op) set_op(t, 0, op, dec::MODRM, {0, 0, BW_VARIANTS(esc)});
}

} // namespace bw::ops

namespace bw::ops {
namespace {

// MOV to/from control registers (SDM Vol. 2, MOV-Control Registers): CPL 0 only; the ModRM
// mod bits are ignored and the operand is always a 32-bit general register.
template <class T, bool MEM> void mov_from_cr(Cpu& c, const Insn& i) {
    if (c.cpl() != 0 || c.flag(fl::VM)) c.fault(VEC_GP, 0);
    if (i.reg == 1 || i.reg > 4 || (i.reg == 4 && c.model() < CpuModel::pentium)) c.fault(VEC_UD);
    c.s.gpr[i.rm].d = c.s.cr[i.reg];
}
template <class T, bool MEM> void mov_to_cr(Cpu& c, const Insn& i) {
    if (c.cpl() != 0 || c.flag(fl::VM)) c.fault(VEC_GP, 0);
    if (i.reg == 1 || i.reg > 4) c.fault(VEC_UD);
    c.set_control_register(i.reg, c.s.gpr[i.rm].d);
}
// MOV DRn (SDM Vol. 3, 17.2): DR4/DR5 alias DR6/DR7 unless CR4.DE makes them #UD; with
// DR7.GD set any access is a #DB fault reporting DR6.BD (GD is cleared for the handler).
unsigned debug_register(Cpu& c, unsigned n) {
    if (c.cpl() != 0 || c.flag(fl::VM)) c.fault(VEC_GP, 0);
    if (n == 4 || n == 5) {
        if (c.s.cr[4] & (1u << 3)) c.fault(VEC_UD);
        n += 2;
    }
    if (c.s.dr[7] & (1u << 13)) {
        c.s.dr[6] |= 1u << 13;
        c.s.dr[7] &= ~(1u << 13);
        c.fault(VEC_DB);
    }
    return n;
}
template <class T, bool MEM> void mov_from_dr(Cpu& c, const Insn& i) {
    c.s.gpr[i.rm].d = c.s.dr[debug_register(c, i.reg)];
}
template <class T, bool MEM> void mov_to_dr(Cpu& c, const Insn& i) {
    c.set_debug_register(debug_register(c, i.reg), c.s.gpr[i.rm].d);
}

// SLDT/STR store the selector; LLDT/LTR load LDTR/TR from the GDT (SDM Vol. 2, LLDT/LTR).
template <bool TASK> struct SystemSegment {
    template <class T, bool MEM> static void store(Cpu& c, const Insn& i) {
        if (!c.protected_mode() || c.flag(fl::VM)) c.fault(VEC_UD);
        uint16_t sel = TASK ? c.s.tr.selector : c.s.ldtr.selector;
        if constexpr (MEM) c.write<uint16_t>(i.seg, ea(c, i), sel);
        else c.reg<T>(i.rm) = T(sel);
    }
    template <class T, bool MEM> static void load(Cpu& c, const Insn& i) {
        if (!c.protected_mode() || c.flag(fl::VM)) c.fault(VEC_UD);
        if (c.cpl() != 0) c.fault(VEC_GP, 0);
        uint16_t sel = read_rm<uint16_t, MEM>(c, i);
        SegmentRegister& r = TASK ? c.s.tr : c.s.ldtr;
        if ((sel & 0xFFFC) == 0) {
            if (TASK) c.fault(VEC_GP, 0);
            r = SegmentRegister{};
            r.selector = sel;
            r.limit = 0;
            return;
        }
        if (sel & 4) c.fault(VEC_GP, sel & 0xFFFC);  // must come from the GDT
        uint64_t raw = c.read_descriptor(sel);
        uint32_t hi = uint32_t(raw >> 32), lo = uint32_t(raw);
        unsigned type = (hi >> 8) & 0x1F;  // S bit and type
        bool ok = TASK ? (type == 0x01 || type == 0x09) : type == 0x02;  // available TSS / LDT
        if (!ok) c.fault(VEC_GP, sel & 0xFFFC);
        if (!((hi >> 15) & 1)) c.fault(VEC_NP, sel & 0xFFFC);
        uint32_t limit = (lo & 0xFFFF) | (hi & 0xF0000);
        if (hi & (1u << 23)) limit = (limit << 12) | 0xFFF;
        r.selector = sel;
        r.base = (lo >> 16) | ((hi & 0xFF) << 16) | (hi & 0xFF000000u);
        r.limit = limit;
        r.access = uint16_t((hi >> 8) & 0xF0FF);
        if (TASK) {
            // Mark the TSS busy in its descriptor (type 1 -> 3, 9 -> B).
            r.access |= 2;
            uint32_t addr = c.s.gdtr.base + (sel & ~7u) + 5;
            c.write_linear<uint8_t>(addr, uint8_t(c.read_linear<uint8_t>(addr) | 2));
        }
    }
};

} // namespace

void register_system_registers(OpTable& t) {
    if (t.at_least(CpuModel::i286)) {
        using L = SystemSegment<false>;
        using R = SystemSegment<true>;
        set_group_op(t, G_0F00, 0, 0, {0, 0, BW_VARIANTS(L::store)});
        set_group_op(t, G_0F00, 1, 0, {0, 0, BW_VARIANTS(R::store)});
        set_group_op(t, G_0F00, 2, 0, {0, 0, BW_VARIANTS(L::load)});
        set_group_op(t, G_0F00, 3, 0, {0, 0, BW_VARIANTS(R::load)});
    }
    if (t.at_least(CpuModel::i386)) {
        set_op(t, 1, 0x20, dec::MODRM | dec::FORCE_REG, {0, 0, BW_VARIANTS(mov_from_cr)});
        set_op(t, 1, 0x22, dec::MODRM | dec::FORCE_REG | dec::ENDS, {0, 0, BW_VARIANTS(mov_to_cr)});
        set_op(t, 1, 0x21, dec::MODRM | dec::FORCE_REG, {0, 0, BW_VARIANTS(mov_from_dr)});
        set_op(t, 1, 0x23, dec::MODRM | dec::FORCE_REG | dec::ENDS, {0, 0, BW_VARIANTS(mov_to_dr)});
    }
}

} // namespace bw::ops
