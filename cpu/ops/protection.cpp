// Protection-checking instructions (SDM Vol. 2: ARPL, LAR, LSL, VERR, VERW; SDM Vol. 3, 5.10).
// LAR/LSL/VERR/VERW never fault on the selector: they report in ZF whether the descriptor it
// names passes the checks. All are #UD outside protected mode (and in virtual-8086 mode).
#include "cpu/descriptor.h"
#include "cpu/ops/common.h"

namespace bw::ops {
namespace {

void set_zf(CpuState& s, bool zf) {
    uint32_t f = get_arith_flags(s);
    set_arith_flags(s, zf ? (f | fl::ZF) : (f & ~fl::ZF));
}

void require_protected(Cpu& c) {
    if (!c.protected_mode() || c.flag(fl::VM)) c.fault(VEC_UD);
}

// Reads the descriptor `sel` names, or returns false for a null selector or one beyond the
// GDT/LDT limit.
bool probe(Cpu& c, uint16_t sel, Desc& d) {
    if ((sel & 0xFFFC) == 0) return false;
    const bool local = sel & 4;
    const SegmentRegister* ldt = &c.s.ldtr;
    if (local && (ldt->selector < 4 || !(ldt->access & 0x80))) return false;
    uint32_t base = local ? ldt->base : c.s.gdtr.base, limit = local ? ldt->limit : c.s.gdtr.limit;
    if ((sel & ~7u) + 7 > limit) return false;
    d = Desc{c.sys_read64(base + (sel & ~7u))};
    return true;
}

// The privilege rule the four share: conforming code is visible from any level; anything else
// needs DPL >= CPL and DPL >= RPL.
bool visible(Cpu& c, uint16_t sel, const Desc& d) {
    return d.conforming() || (d.dpl() >= c.cpl() && d.dpl() >= (sel & 3u));
}

// ARPL r/m16, r16: raises the destination RPL to the source RPL (ZF = 1 if it changed).
template <class T, bool MEM> void arpl(Cpu& c, const Insn& i) {
    require_protected(c);
    uint16_t src = c.reg<uint16_t>(i.reg);
    if constexpr (MEM) {
        uint32_t a = ea(c, i);
        uint16_t dst = c.read<uint16_t>(i.seg, a);
        bool raise = (dst & 3) < (src & 3);
        if (raise) c.write<uint16_t>(i.seg, a, uint16_t((dst & ~3) | (src & 3)));
        set_zf(c.s, raise);
    } else {
        uint16_t& dst = c.reg<uint16_t>(i.rm);
        bool raise = (dst & 3) < (src & 3);
        if (raise) dst = uint16_t((dst & ~3) | (src & 3));
        set_zf(c.s, raise);
    }
}

// LAR: access rights of code/data segments and of TSS, LDT, call and task gate descriptors.
template <class T, bool MEM> void lar(Cpu& c, const Insn& i) {
    require_protected(c);
    uint16_t sel = read_rm<uint16_t, MEM>(c, i);
    Desc d{0};
    bool ok = probe(c, sel, d);
    if (ok && !d.segment()) {
        unsigned t = d.type();
        ok = t == sys::TSS16 || t == sys::LDT || t == sys::TSS16_BUSY || t == sys::CALL16 || t == sys::TASK ||
             t == sys::TSS32 || t == sys::TSS32_BUSY || t == sys::CALL32;
    }
    ok = ok && visible(c, sel, d);
    if (ok) c.reg<T>(i.reg) = T(d.hi() & (sizeof(T) == 4 ? 0x00FFFF00u : 0xFF00u));
    set_zf(c.s, ok);
}

// LSL: the byte-granular limit of code/data segments, TSSs and LDTs.
template <class T, bool MEM> void lsl(Cpu& c, const Insn& i) {
    require_protected(c);
    uint16_t sel = read_rm<uint16_t, MEM>(c, i);
    Desc d{0};
    bool ok = probe(c, sel, d);
    if (ok && !d.segment()) {
        unsigned t = d.type();
        ok = t == sys::TSS16 || t == sys::LDT || t == sys::TSS16_BUSY || t == sys::TSS32 || t == sys::TSS32_BUSY;
    }
    ok = ok && visible(c, sel, d);
    if (ok) c.reg<T>(i.reg) = T(d.limit());
    set_zf(c.s, ok);
}

// VERR/VERW: readable (code with R, or data) / writable data segment visible at CPL and RPL.
template <bool WRITE> struct Verify {
    template <class T, bool MEM> static void op(Cpu& c, const Insn& i) {
        require_protected(c);
        uint16_t sel = read_rm<uint16_t, MEM>(c, i);
        Desc d{0};
        bool ok = probe(c, sel, d) && d.segment() && (WRITE ? d.writable() : d.readable()) && visible(c, sel, d);
        set_zf(c.s, ok);
    }
};

} // namespace

void register_protection(OpTable& t) {
    if (!t.at_least(CpuModel::i286)) return;
    set_op(t, 0, 0x63, dec::MODRM, {0, 0, BW_VARIANTS(arpl)});
    set_op(t, 1, 0x02, dec::MODRM, {0, 0, BW_VARIANTS(lar)});
    set_op(t, 1, 0x03, dec::MODRM, {0, 0, BW_VARIANTS(lsl)});
    set_group_op(t, G_0F00, 4, 0, {0, 0, BW_VARIANTS(Verify<false>::op)});
    set_group_op(t, G_0F00, 5, 0, {0, 0, BW_VARIANTS(Verify<true>::op)});
}

} // namespace bw::ops
