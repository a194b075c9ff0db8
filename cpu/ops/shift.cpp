// ROL ROR RCL RCR SHL SHR SAL SAR and SHLD/SHRD (SDM Vol. 2, RCL/RCR/ROL/ROR, SAL/SAR/SHL/SHR).
// The 8086 uses the whole count; the 186 and later mask it to five bits. A zero count leaves
// the flags alone. Flags that the SDM leaves undefined follow what Intel parts do where the
// test vectors pin it down (OF from the last step's formula, AF cleared).
#include "cpu/ops/common.h"

namespace bw::ops {
namespace {

enum class Sh { ROL, ROR, RCL, RCR, SHL, SHR, SETMO, SAR };

// FLAGS = false: the flags results are dead (optable.h OpFast::dead) and are not computed.
template <class T, Sh OP, bool FLAGS = true> T shift(CpuState& s, T a, unsigned count) {
    constexpr unsigned w = bits_of<T>;
    T r;
    bool cf, of;
    switch (OP) {
    case Sh::ROL: {
        unsigned n = count % w;
        r = n ? T((a << n) | (a >> (w - n))) : a;
        cf = r & 1;
        of = ((r >> (w - 1)) & 1) ^ cf;
        break;
    }
    case Sh::ROR: {
        unsigned n = count % w;
        r = n ? T((a >> n) | (a << (w - n))) : a;
        cf = (r >> (w - 1)) & 1;
        of = cf ^ ((r >> (w - 2)) & 1);
        break;
    }
    case Sh::RCL: {
        unsigned n = count % (w + 1);
        uint64_t v = (uint64_t(get_cf(s)) << w) | a;  // w+1 bit rotate register
        for (unsigned k = 0; k < n; ++k) v = ((v << 1) | (v >> w)) & ((uint64_t(1) << (w + 1)) - 1);
        r = T(v);
        cf = (v >> w) & 1;
        of = ((r >> (w - 1)) & 1) ^ cf;
        break;
    }
    case Sh::RCR: {
        unsigned n = count % (w + 1);
        uint64_t v = (uint64_t(get_cf(s)) << w) | a;
        for (unsigned k = 0; k < n; ++k) v = ((v >> 1) | ((v & 1) << w)) & ((uint64_t(1) << (w + 1)) - 1);
        r = T(v);
        cf = (v >> w) & 1;
        of = ((r >> (w - 1)) ^ (r >> (w - 2))) & 1;
        break;
    }
    case Sh::SHL: {
        uint64_t v = count < 64 ? uint64_t(a) << count : 0;
        r = T(v);
        cf = count <= 64 ? ((uint64_t(a) << (count - 1)) >> (w - 1)) & 1 : 0;
        of = ((r >> (w - 1)) & 1) ^ cf;
        break;
    }
    case Sh::SHR: {
        r = count < w ? T(a >> count) : T(0);
        cf = count <= w ? (a >> (count - 1)) & 1 : 0;
        // Documented for a count of 1 (the original sign); Intel parts compute it from the
        // top two result bits, which gives the same value there and 0 for longer shifts.
        of = ((r >> (w - 1)) ^ (r >> (w - 2))) & 1;
        break;
    }
    case Sh::SAR: {
        int64_t v = int64_t(signed_of<T>(a));
        r = T(v >> (count < 63 ? count : 63));
        cf = (v >> (count - 1 < 63 ? count - 1 : 63)) & 1;
        of = false;
        break;
    }
    default: {  // SETMO (8086 /6): all ones, flags as a logic result
        r = T(~T(0));
        flags_logic<T>(s, r);
        return r;
    }
    }
    if constexpr (!FLAGS) return r;
    if (OP == Sh::ROL || OP == Sh::ROR || OP == Sh::RCL || OP == Sh::RCR) set_cf_of(s, cf, of);
    else flags_result<T>(s, r, cf, of, false);
    return r;
}

enum class CountFrom { ONE, CL, IMM };

// MASKED: the model masks counts to five bits (the table is per model: resolved when built).
template <Sh OP, CountFrom SRC, bool MASKED> struct Shift {
    template <class T, bool MEM, bool FLAGS = true> static void op(Cpu& c, const Insn& i) {
        unsigned count = SRC == CountFrom::ONE ? 1 : SRC == CountFrom::CL ? c.reg<uint8_t>(ECX) : (i.imm & 0xFF);
        if constexpr (MASKED) count &= 31;
        if (count == 0) {
            if constexpr (MEM) (void)read_rm<T, MEM>(c, i);  // the operand is still accessed
            return;
        }
        modify_rm<T, MEM>(c, i, [&](T a) { return shift<T, OP, FLAGS>(c.s, a, count); });
    }
};

// Shift S in the byte and word/doubleword group rows at ModRM.reg `reg`.
template <class S> void register_cell(OpTable& t, Group g8, Group gv, unsigned reg, FlagsUse use) {
    set_group_op(t, g8, reg, 0, {0, 0, BW_VARIANTS8(S::template op)});
    set_group_op(t, gv, reg, 0, {0, 0, BW_VARIANTS(S::template op)});
    set_group_fast(t, g8, reg, BW_XREG8(S::template op));
    set_group_fast(t, gv, reg, BW_XREG(S::template op));
    if (use != FlagsUse::NONE) {
        set_dead(t.fast_groups[g8][reg], use, BW_XDEAD8(S::template op));
        set_dead(t.fast_groups[gv][reg], use, BW_XDEAD(S::template op));
    }
}
template <Sh OP, CountFrom SRC> void register_row(OpTable& t, Group g8, Group gv, unsigned reg = static_cast<unsigned>(OP)) {
    // SHL/SHR/SAR by 1 or by a nonzero immediate write all six flags; rotates write only CF and
    // OF, and a count in CL may be 0 (flags unchanged).
    constexpr bool full = OP == Sh::SHL || OP == Sh::SHR || OP == Sh::SAR;
    const FlagsUse use = !full || SRC == CountFrom::CL ? FlagsUse::NONE
                         : SRC == CountFrom::IMM      ? FlagsUse::WRITES_IF_IMM
                                                      : FlagsUse::WRITES;
    if (traits_of(t.model).shift_count_masked) register_cell<Shift<OP, SRC, true>>(t, g8, gv, reg, use);
    else register_cell<Shift<OP, SRC, false>>(t, g8, gv, reg, use);
}

template <CountFrom SRC> void register_groups(OpTable& t, Group g8, Group gv) {
    register_row<Sh::ROL, SRC>(t, g8, gv);
    register_row<Sh::ROR, SRC>(t, g8, gv);
    register_row<Sh::RCL, SRC>(t, g8, gv);
    register_row<Sh::RCR, SRC>(t, g8, gv);
    register_row<Sh::SHL, SRC>(t, g8, gv);
    register_row<Sh::SHR, SRC>(t, g8, gv);
    register_row<Sh::SAR, SRC>(t, g8, gv);
    if (t.model == CpuModel::i8086) {
        register_row<Sh::SETMO, SRC>(t, g8, gv);
    } else {
        // /6 is an undocumented alias of SHL/SAL from the 186 on.
        register_row<Sh::SHL, SRC>(t, g8, gv, 6);
    }
}

// SHLD/SHRD (386+): the count is masked to five bits; a 16-bit count above 16 leaves an
// undefined result, which we produce from the 32-bit concatenation.
template <bool LEFT, CountFrom SRC> struct DoubleShift {
    template <class T, bool MEM> static void op(Cpu& c, const Insn& i) {
        constexpr unsigned w = bits_of<T>;
        unsigned count = (SRC == CountFrom::CL ? c.reg<uint8_t>(ECX) : i.imm) & 31;
        if (count == 0) return;
        T src = c.reg<T>(i.reg);
        modify_rm<T, MEM>(c, i, [&](T d) {
            T r;
            bool cf;
            if (LEFT) {
                unsigned __int128 v = (static_cast<unsigned __int128>(d) << w) | src;
                v <<= count;
                r = T(v >> w);
                cf = static_cast<unsigned>(v >> (2 * w)) & 1;
            } else {
                uint64_t v = (uint64_t(src) << w) | d;
                cf = (v >> (count - 1)) & 1;
                v >>= count;
                r = T(v);
            }
            bool of = ((r ^ d) >> (w - 1)) & 1;
            flags_result<T>(c.s, r, cf, of, false);
            return r;
        });
    }
};

} // namespace

void register_shift(OpTable& t) {
    register_groups<CountFrom::ONE>(t, G_D0, G_D1);
    register_groups<CountFrom::CL>(t, G_D2, G_D3);
    if (t.at_least(CpuModel::i286)) register_groups<CountFrom::IMM>(t, G_C0, G_C1);
    if (t.at_least(CpuModel::i386)) {
        using LI = DoubleShift<true, CountFrom::IMM>;
        using LC = DoubleShift<true, CountFrom::CL>;
        using RI = DoubleShift<false, CountFrom::IMM>;
        using RC = DoubleShift<false, CountFrom::CL>;
        set_op(t, 1, 0xA4, dec::MODRM | dec::IMM8, {0, 0, BW_VARIANTS(LI::op)});
        set_op(t, 1, 0xA5, dec::MODRM, {0, 0, BW_VARIANTS(LC::op)});
        set_op(t, 1, 0xAC, dec::MODRM | dec::IMM8, {0, 0, BW_VARIANTS(RI::op)});
        set_op(t, 1, 0xAD, dec::MODRM, {0, 0, BW_VARIANTS(RC::op)});
    }
}

} // namespace bw::ops
