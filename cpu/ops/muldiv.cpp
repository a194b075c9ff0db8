// MUL, IMUL (one-, two- and three-operand forms), DIV, IDIV (SDM Vol. 2).
#include "cpu/ops/common.h"
#include <limits>

namespace bw::ops {
namespace {

template <class T> struct Wide;
template <> struct Wide<uint8_t> { using U = uint16_t; using S = int16_t; };
template <> struct Wide<uint16_t> { using U = uint32_t; using S = int32_t; };
template <> struct Wide<uint32_t> { using U = uint64_t; using S = int64_t; };

// The double-width accumulator: AX for bytes, DX:AX for words, EDX:EAX for dwords.
template <class T> typename Wide<T>::U get_wide_acc(Cpu& c) {
    if constexpr (sizeof(T) == 1) return c.reg<uint16_t>(EAX);
    else return (typename Wide<T>::U(c.reg<T>(EDX)) << bits_of<T>) | c.reg<T>(EAX);
}
template <class T> void set_wide_acc(Cpu& c, typename Wide<T>::U v) {
    if constexpr (sizeof(T) == 1) c.reg<uint16_t>(EAX) = uint16_t(v);
    else {
        c.reg<T>(EAX) = T(v);
        c.reg<T>(EDX) = T(v >> bits_of<T>);
    }
}

// SF/ZF/PF/AF are undefined after multiplies; we derive SF/ZF/PF from the low half as Intel
// parts of the 386 era do.
template <class T, bool MEM> void mul(Cpu& c, const Insn& i) {
    using U = typename Wide<T>::U;
    U r = U(c.reg<T>(EAX)) * U(read_rm<T, MEM>(c, i));
    set_wide_acc<T>(c, r);
    bool high = (r >> bits_of<T>) != 0;
    flags_result<T>(c.s, T(r), high, high, false);
}
template <class T, bool MEM> void imul1(Cpu& c, const Insn& i) {
    using S = typename Wide<T>::S;
    S r = S(signed_of<T>(c.reg<T>(EAX))) * S(signed_of<T>(read_rm<T, MEM>(c, i)));
    if (c.model() == CpuModel::i8086 && (i.flags & (insn_flag::REP | insn_flag::REPNE))) r = -r;
    set_wide_acc<T>(c, typename Wide<T>::U(r));
    bool overflow = r != S(signed_of<T>(T(r)));
    flags_result<T>(c.s, T(r), overflow, overflow, false);
}
// IMUL Gv, Ev, imm and IMUL Gv, Ev: the result is truncated to the destination size.
template <class T> void imul_trunc(Cpu& c, const Insn& i, T a, T b) {
    using S = typename Wide<T>::S;
    S r = S(signed_of<T>(a)) * S(signed_of<T>(b));
    c.reg<T>(i.reg) = T(r);
    bool overflow = r != S(signed_of<T>(T(r)));
    flags_result<T>(c.s, T(r), overflow, overflow, false);
}
template <class T, bool MEM> void imul3(Cpu& c, const Insn& i) { imul_trunc<T>(c, i, read_rm<T, MEM>(c, i), T(i.imm)); }
template <class T, bool MEM> void imul2(Cpu& c, const Insn& i) { imul_trunc<T>(c, i, c.reg<T>(i.reg), read_rm<T, MEM>(c, i)); }

// A divide error. The 8086 pushes the address of the next instruction (an interrupt, not a
// restartable fault); later models push the address of the DIV itself.
[[noreturn]] void divide_error(Cpu& c) {
    if (c.traits().ip_past_divide_error) throw CpuFault{VEC_DE, false, 0, true};
    c.fault(VEC_DE);
}

// DIV and IDIV of the accumulator by `d`: false, with nothing changed, when the divisor is
// zero or the quotient does not fit (#DE, SDM Vol. 2, DIV/IDIV).
template <class T> bool try_div(Cpu& c, const Insn&, T d) {
    using U = typename Wide<T>::U;
    if (d == 0) return false;
    U n = get_wide_acc<T>(c);
    U q = n / d;
    if (q >> bits_of<T>) return false;
    T r = T(n % d);
    c.reg<T>(EAX) = T(q);
    if constexpr (sizeof(T) == 1) c.reg<uint8_t>(4) = r;
    else c.reg<T>(EDX) = r;
    return true;
}
template <class T> bool try_idiv(Cpu& c, const Insn& i, T divisor) {
    using S = typename Wide<T>::S;
    using ST = signed_of<T>;
    ST d = ST(divisor);
    if (d == 0) return false;
    S n = S(get_wide_acc<T>(c));
    if (n == std::numeric_limits<S>::min() && d == -1) return false;
    S q = n / d;
    S r = n % d;
    // The 8086 cannot produce the most negative quotient; a REP prefix negates it.
    S lo = c.model() == CpuModel::i8086 ? S(std::numeric_limits<ST>::min()) + 1 : S(std::numeric_limits<ST>::min());
    if (q < lo || q > S(std::numeric_limits<ST>::max())) return false;
    if (c.model() == CpuModel::i8086 && (i.flags & (insn_flag::REP | insn_flag::REPNE))) q = -q;
    c.reg<T>(EAX) = T(q);
    if constexpr (sizeof(T) == 1) c.reg<uint8_t>(4) = uint8_t(r);
    else c.reg<T>(EDX) = T(r);
    return true;
}
template <class T, bool MEM> void div(Cpu& c, const Insn& i) {
    if (!try_div<T>(c, i, read_rm<T, MEM>(c, i))) divide_error(c);
}
template <class T, bool MEM> void idiv(Cpu& c, const Insn& i) {
    if (!try_idiv<T>(c, i, read_rm<T, MEM>(c, i))) divide_error(c);
}

// Threaded register forms of DIV/IDIV: a division that would raise #DE runs the plain handler,
// which raises it.
template <class T, bool SIGNED> const Insn* x_div_reg(Cpu& c, const Insn* i) {
    const T d = c.reg<T>(i->rm);
    if (BW_UNLIKELY(!(SIGNED ? try_idiv<T>(c, *i, d) : try_div<T>(c, *i, d)))) return Cpu::exec_generic(c, i);
    return next(c, i);
}
template <bool SIGNED> constexpr OpFast div_fast8{{{&x_div_reg<uint8_t, SIGNED>, nullptr}, {&x_div_reg<uint8_t, SIGNED>, nullptr}}};
template <bool SIGNED> constexpr OpFast div_fast{{{&x_div_reg<uint16_t, SIGNED>, nullptr}, {&x_div_reg<uint32_t, SIGNED>, nullptr}}};

} // namespace

void register_muldiv(OpTable& t) {
    set_group_op(t, G_F6, 4, 0, {0, 0, BW_VARIANTS8(mul)});
    set_group_op(t, G_F7, 4, 0, {0, 0, BW_VARIANTS(mul)});
    set_group_op(t, G_F6, 5, 0, {0, 0, BW_VARIANTS8(imul1)});
    set_group_op(t, G_F7, 5, 0, {0, 0, BW_VARIANTS(imul1)});
    set_group_op(t, G_F6, 6, 0, {0, 0, BW_VARIANTS8(div)});
    set_group_op(t, G_F7, 6, 0, {0, 0, BW_VARIANTS(div)});
    set_group_op(t, G_F6, 7, 0, {0, 0, BW_VARIANTS8(idiv)});
    set_group_op(t, G_F7, 7, 0, {0, 0, BW_VARIANTS(idiv)});
    if (t.at_least(CpuModel::i286)) {
        set_op(t, 0, 0x69, dec::MODRM | dec::IMMV, {0, 0, BW_VARIANTS(imul3)});
        set_op(t, 0, 0x6B, dec::MODRM | dec::IMM8S, {0, 0, BW_VARIANTS(imul3)});
    }
    if (t.at_least(CpuModel::i386)) set_op(t, 1, 0xAF, dec::MODRM, {0, 0, BW_VARIANTS(imul2)});
    // Register forms inside traces (multiplies cannot fault).
    set_group_fast(t, G_F6, 4, BW_XREG8(mul));
    set_group_fast(t, G_F7, 4, BW_XREG(mul));
    set_group_fast(t, G_F6, 5, BW_XREG8(imul1));
    set_group_fast(t, G_F7, 5, BW_XREG(imul1));
    set_group_fast(t, G_F6, 6, div_fast8<false>);
    set_group_fast(t, G_F7, 6, div_fast<false>);
    set_group_fast(t, G_F6, 7, div_fast8<true>);
    set_group_fast(t, G_F7, 7, div_fast<true>);
    if (t.at_least(CpuModel::i286)) {
        set_fast(t, 0, 0x69, BW_XREG(imul3));
        set_fast(t, 0, 0x6B, BW_XREG(imul3));
    }
    if (t.at_least(CpuModel::i386)) set_fast(t, 1, 0xAF, BW_XREG(imul2));
}

} // namespace bw::ops
