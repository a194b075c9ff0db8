// Software double extended-precision arithmetic (see fpu_float80.h). References: SDM Vol. 1,
// 4.8 (special values, NaN rules, table 4-7), 4.9 (exceptions and masked responses), 8.1.5
// (precision and rounding control), 8.3.6-8.3.9 (comparison), and the instruction pages of
// SDM Vol. 2 for FSCALE, FXTRACT, FPREM and FPREM1.
#include "cpu/ops/fpu_float80.h"
#include <algorithm>
#include <bit>
#include <cmath>
#include <utility>

namespace bw::x87 {

namespace {

constexpr int32_t kBias = 16383;
constexpr uint64_t kInt = 0x8000000000000000ull;  // the explicit integer bit
constexpr uint64_t kQuiet = 0x4000000000000000ull;

inline unsigned clz128(u128 m) {
    uint64_t hi = uint64_t(m >> 64);
    return hi ? __builtin_clzll(hi) : 64 + __builtin_clzll(uint64_t(m));
}
inline u128 shift_right_jam(u128 m, unsigned d) {
    if (d == 0) return m;
    if (d >= 128) return m != 0;
    return (m >> d) | ((m << (128 - d)) != 0);
}

// A finite nonzero value as a normalized significand (bit 63 set) and an unbounded biased
// exponent: sig * 2^(exp - 16383 - 63). Denormals and pseudo-denormals use exponent 1.
struct Unpacked {
    bool sign;
    int32_t exp;
    uint64_t sig;
};
inline Unpacked unpack(Float80 a) {
    int32_t exp = a.exp() ? a.exp() : 1;
    unsigned n = __builtin_clzll(a.sig);
    return {a.sign(), exp - int32_t(n), a.sig << n};
}

inline Float80 inf(bool sign) { return make(sign, 0x7FFF, kInt); }
inline Float80 zero(bool sign) { return make(sign, 0, 0); }

// A rounded value in a target format: biased exponent field and a 64-bit left-aligned
// significand with the integer bit (clear for denormals and zero).
struct Packed {
    bool sign;
    int32_t exp;
    uint64_t sig;
};

struct Format {
    unsigned prec;     // significand bits, integer bit included
    int32_t bias;
    int32_t exp_max;   // the all-ones exponent field (infinities and NaNs)
    bool register_dest;  // unmasked overflow/underflow deliver a rebiased result (SDM Vol. 1, 4.9.1.4-5)
};

// Rounds m * 2^(exp - bias - 127) to the format (SDM Vol. 1, 4.8.4): tininess is detected
// after rounding with an unbounded exponent (SDM Vol. 1, 4.9.1.5); a masked underflow is
// reported only when the denormalized result is inexact.
Packed round_format(Env& e, bool sign, int32_t exp, u128 m, const Format& f) {
    if (m == 0) return {sign, 0, 0};
    unsigned n = clz128(m);
    m <<= n;
    exp -= int32_t(n);
    const unsigned shift = 128 - f.prec;
    const u128 mask = (u128(1) << shift) - 1, half = u128(1) << (shift - 1);
    const Rc rc = e.rc();
    bool inexact = false, inc = false;
    auto round = [&](u128 v) -> u128 {
        u128 dropped = v & mask, kept = v >> shift;
        inexact = dropped != 0;
        switch (rc) {
        case Rc::NEAREST: inc = dropped > half || (dropped == half && (kept & 1)); break;
        case Rc::DOWN: inc = sign && inexact; break;
        case Rc::UP: inc = !sign && inexact; break;
        case Rc::ZERO: inc = false; break;
        }
        return kept + inc;
    };
    auto sig_of = [&](u128 kept) { return uint64_t(kept << (64 - f.prec)); };
    auto report_inexact = [&] {
        if (inexact) {
            e.flags |= fsw::PE;
            e.c1 = inc;
        }
    };

    u128 kept = round(m);
    int32_t rexp = exp;
    if (kept >> f.prec) {
        kept >>= 1;
        ++rexp;
    }
    if (rexp >= f.exp_max) {
        e.flags |= fsw::OE;
        if (!e.masked(fsw::OE)) {
            if (!f.register_dest) {
                e.abort = true;
                return {sign, 0, 0};
            }
            if (rexp - 0x6000 < f.exp_max) {
                report_inexact();
                return {sign, rexp - 0x6000, sig_of(kept)};
            }
            // Still out of range after the rebias (FSCALE): infinity, rounded up.
            e.flags |= fsw::PE;
            e.c1 = true;
            return {sign, f.exp_max, kInt};
        }
        e.flags |= fsw::PE;
        bool to_inf = rc == Rc::NEAREST || (rc == Rc::UP && !sign) || (rc == Rc::DOWN && sign);
        e.c1 = to_inf;
        if (to_inf) return {sign, f.exp_max, kInt};
        return {sign, f.exp_max - 1, sig_of((u128(1) << f.prec) - 1)};
    }
    if (rexp < 1) {
        if (!e.masked(fsw::UE)) {
            e.flags |= fsw::UE;
            if (!f.register_dest) {
                e.abort = true;
                return {sign, 0, 0};
            }
            if (rexp + 0x6000 >= 1) {
                report_inexact();
                return {sign, rexp + 0x6000, sig_of(kept)};
            }
            // Still out of range after the rebias (FSCALE): zero.
            e.flags |= fsw::PE;
            e.c1 = false;
            return {sign, 0, 0};
        }
        kept = round(shift_right_jam(m, unsigned(std::min<int32_t>(1 - exp, 128))));
        if (inexact) e.flags |= fsw::UE;
        report_inexact();
        return {sign, (kept >> (f.prec - 1)) ? 1 : 0, sig_of(kept)};
    }
    report_inexact();
    return {sign, rexp, sig_of(kept)};
}

constexpr Format kExtended(unsigned prec) { return {prec, kBias, 0x7FFF, true}; }
constexpr Format kSingle{24, 127, 0xFF, false};
constexpr Format kDouble{53, 1023, 0x7FF, false};

inline Float80 to_f80(const Packed& p) { return make(p.sign, uint16_t(p.exp), p.sig); }

inline bool denormal_class(Cls c) { return c == Cls::DENORMAL; }

// DE for denormal operands (SDM Vol. 1, 4.9.1.2); false if unmasked (nothing more happens).
inline bool check_denormal(Env& e, bool any) { return !any || e.raise(fsw::DE); }

} // namespace

Cls classify(Float80 a) {
    uint16_t exp = a.exp();
    if (exp == 0x7FFF) {
        if (!(a.sig & kInt)) return Cls::UNSUPPORTED;  // pseudo-infinity / pseudo-NaN
        if (!(a.sig << 1)) return Cls::INF;
        return (a.sig & kQuiet) ? Cls::QUIET_NAN : Cls::SIGNALING_NAN;
    }
    if (exp == 0) return a.sig ? Cls::DENORMAL : Cls::ZERO;  // denormal or pseudo-denormal
    return (a.sig & kInt) ? Cls::NORMAL : Cls::UNSUPPORTED;  // unnormal
}

Float80 quiet(Float80 a) { return {a.sig | kQuiet, a.se}; }

Float80 invalid(Env& e) {
    e.raise(fsw::IE);
    return kIndefinite;
}

// NaN operands (SDM Vol. 1, table 4-7): an SNaN raises IE and is quieted; with two NaNs an
// SNaN yields to a QNaN, otherwise the larger significand wins (the positive one on a tie).
Float80 propagate_nan(Env& e, Float80 a, Float80 b) {
    Cls ca = classify(a), cb = classify(b);
    bool an = is_nan(ca), bn = is_nan(cb);
    if (ca == Cls::SIGNALING_NAN || cb == Cls::SIGNALING_NAN) e.raise(fsw::IE);
    Float80 qa = quiet(a), qb = quiet(b);
    if (!bn) return qa;
    if (!an) return qb;
    if (ca == Cls::SIGNALING_NAN && cb != Cls::SIGNALING_NAN) return qb;
    if (cb == Cls::SIGNALING_NAN && ca != Cls::SIGNALING_NAN) return qa;
    if (qa.sig != qb.sig) return qa.sig > qb.sig ? qa : qb;
    return qa.se < qb.se ? qa : qb;
}

Float80 round_pack(Env& e, bool sign, int32_t exp, u128 m, unsigned prec) {
    return to_f80(round_format(e, sign, exp, m, kExtended(prec)));
}

// FADD/FSUB/FMUL/FDIV and their reversed, popping and integer forms (SDM Vol. 2).
Float80 arith(Env& e, ArithOp op, Operand oa, Operand ob) {
    Float80 a = oa.v, b = ob.v;
    Cls ca = classify(a), cb = classify(b);
    if (ca == Cls::UNSUPPORTED || cb == Cls::UNSUPPORTED) return invalid(e);
    if (is_nan(ca) || is_nan(cb)) return propagate_nan(e, a, b);
    const bool any_denormal = denormal_class(ca) || denormal_class(cb) || oa.denormal || ob.denormal;
    bool sa = a.sign(), sb = b.sign() ^ (op == ArithOp::SUB);
    const unsigned prec = e.precision();
    switch (op) {
    case ArithOp::ADD:
    case ArithOp::SUB: {
        if (ca == Cls::INF || cb == Cls::INF) {
            if (ca == Cls::INF && cb == Cls::INF && sa != sb) return invalid(e);
            if (!check_denormal(e, any_denormal)) return {};
            return inf(ca == Cls::INF ? sa : sb);
        }
        if (!check_denormal(e, any_denormal)) return {};
        if (ca == Cls::ZERO && cb == Cls::ZERO) return zero(sa == sb ? sa : e.rc() == Rc::DOWN);
        if (ca == Cls::ZERO) {
            Unpacked u = unpack(b);
            return round_pack(e, sb, u.exp, u128(u.sig) << 64, prec);
        }
        if (cb == Cls::ZERO) {
            Unpacked u = unpack(a);
            return round_pack(e, sa, u.exp, u128(u.sig) << 64, prec);
        }
        Unpacked ua = unpack(a), ub = unpack(b);
        ua.sign = sa;
        ub.sign = sb;
        if (ua.exp < ub.exp || (ua.exp == ub.exp && ua.sig < ub.sig)) std::swap(ua, ub);
        u128 ma = u128(ua.sig) << 63;
        u128 mb = shift_right_jam(u128(ub.sig) << 63, unsigned(std::min<int32_t>(ua.exp - ub.exp, 128)));
        u128 r = ua.sign == ub.sign ? ma + mb : ma - mb;
        if (r == 0) return zero(e.rc() == Rc::DOWN);
        return round_pack(e, ua.sign, ua.exp + 1, r, prec);
    }
    case ArithOp::MUL: {
        bool s = sa ^ sb;
        if (ca == Cls::INF || cb == Cls::INF) {
            if (ca == Cls::ZERO || cb == Cls::ZERO) return invalid(e);
            if (!check_denormal(e, any_denormal)) return {};
            return inf(s);
        }
        if (!check_denormal(e, any_denormal)) return {};
        if (ca == Cls::ZERO || cb == Cls::ZERO) return zero(s);
        Unpacked ua = unpack(a), ub = unpack(b);
        return round_pack(e, s, ua.exp + ub.exp - kBias + 1, u128(ua.sig) * ub.sig, prec);
    }
    case ArithOp::DIV: {
        bool s = sa ^ sb;
        if (ca == Cls::INF) {
            if (cb == Cls::INF) return invalid(e);
            if (!check_denormal(e, any_denormal)) return {};
            return inf(s);
        }
        if (cb == Cls::INF) {
            if (!check_denormal(e, any_denormal)) return {};
            return zero(s);
        }
        if (cb == Cls::ZERO) {  // divide-by-zero outranks the denormal operand (SDM Vol. 1, 4.9.2)
            if (ca == Cls::ZERO) return invalid(e);
            if (!e.raise(fsw::ZE)) return {};
            return inf(s);
        }
        if (!check_denormal(e, any_denormal)) return {};
        if (ca == Cls::ZERO) return zero(s);
        Unpacked ua = unpack(a), ub = unpack(b);
        // Long division: 128 quotient bits and a sticky remainder bit.
        int32_t exp = ua.exp - ub.exp + kBias;
        u128 num = u128(ua.sig) << 64;
        if (ua.sig >= ub.sig) num >>= 1;
        else --exp;
        u128 q1 = num / ub.sig, r1 = num % ub.sig;
        u128 num2 = r1 << 64;
        u128 q2 = num2 / ub.sig, r2 = num2 % ub.sig;
        u128 q = (q1 << 64) | q2 | (r2 != 0);
        return round_pack(e, s, exp, q, prec);
    }
    }
    return {};
}

// FSQRT (SDM Vol. 2): exact integer square root of the 128-bit significand, then one rounding.
Float80 sqrt(Env& e, Float80 a) {
    Cls ca = classify(a);
    if (ca == Cls::UNSUPPORTED) return invalid(e);
    if (is_nan(ca)) return propagate_nan(e, a, a);
    if (ca == Cls::ZERO) return a;
    if (a.sign()) return invalid(e);
    if (ca == Cls::INF) return a;
    if (!check_denormal(e, ca == Cls::DENORMAL)) return {};
    Unpacked u = unpack(a);
    int32_t k = u.exp - kBias;
    unsigned t = (k & 1) ? 64 : 63;  // makes k - 63 - t even
    u128 n = u128(u.sig) << t;
    uint64_t r = 0;
    for (int bit = 63; bit >= 0; --bit) {
        uint64_t cand = r | (uint64_t(1) << bit);
        if (u128(cand) * cand <= n) r = cand;
    }
    u128 rem = n - u128(r) * r;
    // sqrt(n) >= r + 1/2 iff rem > r; it is never exactly r + 1/2.
    u128 m = (u128(r) << 64) | (rem > r ? kInt : 0) | (rem != 0 ? 1 : 0);
    int32_t half = (k - 63 - int32_t(t)) / 2;
    return round_pack(e, false, kBias + 63 + half, m, e.precision());
}

// ---- conversions ----

namespace {
template <unsigned FRAC, unsigned EXPBITS, class U> Operand widen(U v) {
    const bool sign = v >> (FRAC + EXPBITS);
    const unsigned exp = unsigned(v >> FRAC) & ((1u << EXPBITS) - 1);
    const uint64_t frac = uint64_t(v) & ((uint64_t(1) << FRAC) - 1);
    const int32_t bias = (1 << (EXPBITS - 1)) - 1;
    if (exp == (1u << EXPBITS) - 1) return {make(sign, 0x7FFF, kInt | (frac << (63 - FRAC))), false};
    if (exp == 0) {
        if (!frac) return {zero(sign), false};
        unsigned n = __builtin_clzll(frac);
        return {make(sign, uint16_t(1 - bias - int32_t(FRAC) - int32_t(n) + kBias + 63), frac << n), true};
    }
    return {make(sign, uint16_t(int32_t(exp) - bias + kBias), kInt | (frac << (63 - FRAC))), false};
}

Float80 load(Env& e, Operand o) {
    Cls c = classify(o.v);
    if (c == Cls::SIGNALING_NAN) {
        e.raise(fsw::IE);
        return quiet(o.v);
    }
    if (o.denormal) e.flags |= fsw::DE;  // reported; the value is loaded even if unmasked
    return o.v;
}

template <unsigned FRAC, unsigned EXPBITS, class U> U narrow(Env& e, Float80 a, const Format& f) {
    const U sign = U(a.sign()) << (FRAC + EXPBITS);
    const U exp_all = U((1u << EXPBITS) - 1) << FRAC;
    const U qbit = U(1) << (FRAC - 1);
    switch (classify(a)) {
    case Cls::UNSUPPORTED:
        e.raise(fsw::IE);
        return U(U(1) << (FRAC + EXPBITS)) | exp_all | qbit;
    case Cls::SIGNALING_NAN:
        e.raise(fsw::IE);
        [[fallthrough]];
    case Cls::QUIET_NAN:
        return sign | exp_all | qbit | U((a.sig << 1) >> (64 - FRAC));
    case Cls::INF: return sign | exp_all;
    case Cls::ZERO: return sign;
    case Cls::DENORMAL:  // no DE: an extended denormal simply underflows (as the host FPU does)
    case Cls::NORMAL: break;
    }
    Unpacked u = unpack(a);
    Packed p = round_format(e, u.sign, u.exp - kBias + f.bias, u128(u.sig) << 64, f);
    return sign | (U(p.exp) << FRAC) | U((p.sig << 1) >> (64 - FRAC));
}
} // namespace

Operand widen32(uint32_t v) { return widen<23, 8>(v); }
Operand widen64(uint64_t v) { return widen<52, 11>(v); }
Float80 load32(Env& e, uint32_t v) { return load(e, widen32(v)); }
Float80 load64(Env& e, uint64_t v) { return load(e, widen64(v)); }
uint32_t store32(Env& e, Float80 a) { return narrow<23, 8, uint32_t>(e, a, kSingle); }
uint64_t store64(Env& e, Float80 a) { return narrow<52, 11, uint64_t>(e, a, kDouble); }

Float80 from_int(int64_t v) {
    if (v == 0) return kZero;
    bool sign = v < 0;
    uint64_t mag = sign ? uint64_t(0) - uint64_t(v) : uint64_t(v);
    unsigned n = __builtin_clzll(mag);
    return make(sign, uint16_t(kBias + 63 - n), mag << n);
}

namespace {
// Splits |a| (finite, nonzero) into integer and fraction parts rounded per RC: returns the
// rounded integer magnitude, or false in `fits` if it needs more than 64 bits.
uint64_t round_integer(Env& e, Float80 a, bool& fits, bool& inexact, bool& inc) {
    Unpacked u = unpack(a);
    int32_t k = u.exp - kBias;
    fits = true;
    inexact = inc = false;
    if (k >= 64) {
        fits = false;
        return 0;
    }
    if (k >= 63) return u.sig;
    u128 x = shift_right_jam(u128(u.sig) << 64, unsigned(std::min<int32_t>(63 - k, 128)));
    uint64_t ip = uint64_t(x >> 64), rest = uint64_t(x);
    inexact = rest != 0;
    switch (e.rc()) {
    case Rc::NEAREST: inc = rest > kInt || (rest == kInt && (ip & 1)); break;
    case Rc::DOWN: inc = u.sign && inexact; break;
    case Rc::UP: inc = !u.sign && inexact; break;
    case Rc::ZERO: break;
    }
    return ip + inc;
}
} // namespace

int64_t to_int(Env& e, Float80 a, unsigned bits) {
    const int64_t indefinite = int64_t(uint64_t(1) << (bits - 1)) << (64 - bits) >> (64 - bits);
    switch (classify(a)) {
    case Cls::UNSUPPORTED: case Cls::QUIET_NAN: case Cls::SIGNALING_NAN: case Cls::INF:
        e.raise(fsw::IE);
        return indefinite;
    case Cls::ZERO: return 0;
    case Cls::DENORMAL:  // no DE: the host FPU just rounds it (PE)
    case Cls::NORMAL: break;
    }
    bool fits, inexact, inc;
    uint64_t mag = round_integer(e, a, fits, inexact, inc);
    const uint64_t limit = (uint64_t(1) << (bits - 1)) - (a.sign() ? 0 : 1);
    if (!fits || mag > limit) {
        e.raise(fsw::IE);
        return indefinite;
    }
    if (inexact) {
        e.flags |= fsw::PE;
        e.c1 = inc;
    }
    return a.sign() ? int64_t(uint64_t(0) - mag) : int64_t(mag);
}

Float80 round_to_int(Env& e, Float80 a) {
    switch (classify(a)) {
    case Cls::UNSUPPORTED: return invalid(e);
    case Cls::QUIET_NAN: case Cls::SIGNALING_NAN: return propagate_nan(e, a, a);
    case Cls::ZERO: case Cls::INF: return a;
    case Cls::DENORMAL:
        if (!e.raise(fsw::DE)) return {};
        break;
    case Cls::NORMAL: break;
    }
    bool fits, inexact, inc;
    uint64_t mag = round_integer(e, a, fits, inexact, inc);
    if (!fits) return a;  // already an integer
    if (inexact) {
        e.flags |= fsw::PE;
        e.c1 = inc;
    }
    if (mag == 0) return zero(a.sign());
    unsigned n = __builtin_clzll(mag);
    return make(a.sign(), uint16_t(kBias + 63 - n), mag << n);
}

// ---- comparison ----

Cmp compare(Env& e, Operand oa, Operand ob, bool quiet_nans) {
    Float80 a = oa.v, b = ob.v;
    Cls ca = classify(a), cb = classify(b);
    if (ca == Cls::UNSUPPORTED || cb == Cls::UNSUPPORTED) {
        e.raise(fsw::IE);
        return Cmp::UN;
    }
    if (is_nan(ca) || is_nan(cb)) {
        if (!quiet_nans || ca == Cls::SIGNALING_NAN || cb == Cls::SIGNALING_NAN) e.raise(fsw::IE);
        return Cmp::UN;
    }
    // DE is reported (an unmasked one suppresses the pops), but the comparison completes.
    if (denormal_class(ca) || denormal_class(cb) || oa.denormal || ob.denormal) e.raise(fsw::DE);
    // Order by sign, then magnitude (zeros compare equal regardless of sign).
    auto key = [](Float80 v, Cls c) -> std::pair<int64_t, uint64_t> {
        if (c == Cls::ZERO) return {INT64_MIN, 0};
        if (c == Cls::INF) return {INT64_MAX, 0};
        Unpacked u = unpack(v);
        return {u.exp, u.sig};
    };
    if (ca == Cls::ZERO && cb == Cls::ZERO) return Cmp::EQ;
    bool sa = ca != Cls::ZERO && a.sign(), sb = cb != Cls::ZERO && b.sign();
    if (sa != sb) return sa ? Cmp::LT : Cmp::GT;
    auto ka = key(a, ca), kb = key(b, cb);
    if (ka == kb) return Cmp::EQ;
    bool less = ka < kb;
    if (sa) less = !less;
    return less ? Cmp::LT : Cmp::GT;
}

// ---- FSCALE, FXTRACT, FPREM/FPREM1 ----

Float80 scale(Env& e, Float80 a, Float80 b) {
    Cls ca = classify(a), cb = classify(b);
    if (ca == Cls::UNSUPPORTED || cb == Cls::UNSUPPORTED) return invalid(e);
    if (is_nan(ca) || is_nan(cb)) return propagate_nan(e, a, b);
    // SDM Vol. 2, FSCALE table 3-*: infinite scale factors.
    if (cb == Cls::INF) {
        if (ca == Cls::INF) return b.sign() ? invalid(e) : a;
        if (ca == Cls::ZERO) return b.sign() ? a : invalid(e);
        if (!check_denormal(e, ca == Cls::DENORMAL)) return {};
        return b.sign() ? zero(a.sign()) : inf(a.sign());
    }
    if (!check_denormal(e, ca == Cls::DENORMAL || cb == Cls::DENORMAL)) return {};
    if (ca == Cls::INF || ca == Cls::ZERO) return a;
    int32_t n = 0;
    if (cb != Cls::ZERO) {
        Unpacked ub = unpack(b);
        int32_t k = ub.exp - kBias;
        if (k >= 16) n = 0x10000;  // beyond any representable exponent change
        else if (k >= 0) n = int32_t(ub.sig >> (63 - k));
        if (ub.sign) n = -n;
    }
    Unpacked ua = unpack(a);
    return round_pack(e, ua.sign, ua.exp + n, u128(ua.sig) << 64, 64);
}

void extract(Env& e, Float80 a, Float80& exponent, Float80& significand) {
    switch (classify(a)) {
    case Cls::UNSUPPORTED:
        exponent = significand = invalid(e);
        return;
    case Cls::QUIET_NAN: case Cls::SIGNALING_NAN:
        exponent = significand = propagate_nan(e, a, a);
        return;
    case Cls::ZERO:
        // SDM Vol. 2, FXTRACT: a zero raises ZE; the exponent is -infinity.
        e.raise(fsw::ZE);
        exponent = inf(true);
        significand = a;
        return;
    case Cls::INF:
        exponent = inf(false);
        significand = a;
        return;
    case Cls::DENORMAL:
        if (!e.raise(fsw::DE)) return;
        break;
    case Cls::NORMAL: break;
    }
    Unpacked u = unpack(a);
    exponent = from_int(u.exp - kBias);
    significand = make(u.sign, kBias, u.sig);
}

// FPREM/FPREM1 (SDM Vol. 2): the exact remainder of a / b, the quotient truncated (FPREM) or
// rounded to nearest (FPREM1). With an exponent difference of 64 or more the reduction is
// partial: the quotient is taken to 2^(D-N) with N = 32 + (D mod 32), and C2 reports it.
Float80 remainder(Env& e, Float80 a, Float80 b, bool ieee, uint64_t& quotient, int& status) {
    quotient = 0;
    status = -1;
    Cls ca = classify(a), cb = classify(b);
    if (ca == Cls::UNSUPPORTED || cb == Cls::UNSUPPORTED) return invalid(e);
    if (is_nan(ca) || is_nan(cb)) return propagate_nan(e, a, b);
    if (ca == Cls::INF || cb == Cls::ZERO) return invalid(e);
    // A pseudo-denormal dividend that passes through unchanged comes back normalized.
    // The dividend passes through unchanged, but is delivered like any result: a denormal
    // underflows (rebiased if UE is unmasked) and a pseudo-denormal comes back normalized.
    auto as_is = [&]() -> Float80 {
        status = 0;
        Unpacked u = unpack(a);
        return round_pack(e, u.sign, u.exp, u128(u.sig) << 64, 64);
    };
    if (cb == Cls::INF) {
        if (!check_denormal(e, ca == Cls::DENORMAL)) return {};
        return as_is();
    }
    if (!check_denormal(e, ca == Cls::DENORMAL || cb == Cls::DENORMAL)) return {};
    if (ca == Cls::ZERO) {
        status = 0;
        return a;
    }
    Unpacked ua = unpack(a), ub = unpack(b);
    int32_t diff = ua.exp - ub.exp;
    bool sign = ua.sign;
    if (diff >= 64) {
        unsigned n = unsigned(diff & 31) | 32;
        u128 r = (u128(ua.sig) << n) % ub.sig;
        status = 1;
        return round_pack(e, sign, ua.exp - int32_t(n) + 64, r, 64);
    }
    if (diff < -1) return as_is();
    u128 r;  // remainder, scaled so that bit 64 is the integer bit of b's exponent
    uint64_t q = 0;
    if (diff == -1) {
        r = u128(ua.sig) << 63;
    } else {
        u128 num = u128(ua.sig) << diff;
        q = uint64_t(num / ub.sig);
        r = (num % ub.sig) << 64;
    }
    if (ieee) {
        u128 half = u128(ub.sig) << 63;
        if (r > half || (r == half && (q & 1))) {
            sign = !sign;
            ++q;
            r = (u128(ub.sig) << 64) - r;
        }
    }
    quotient = q;
    status = 0;
    return round_pack(e, sign, ub.exp, r, 64);
}

// ---- host long double (transcendental kernels) ----

long double to_host(Float80 a) {
    Cls c = classify(a);
    if (c == Cls::ZERO) return a.sign() ? -0.0L : 0.0L;
    if (c == Cls::INF) return a.sign() ? -HUGE_VALL : HUGE_VALL;
    if (is_nan(c) || c == Cls::UNSUPPORTED) return NAN;
    Unpacked u = unpack(a);
    long double v = std::ldexp(static_cast<long double>(u.sig), u.exp - kBias - 63);
    return u.sign ? -v : v;
}

Float80 from_host(Env& e, long double v, unsigned prec) {
    if (std::isnan(v)) return kIndefinite;
    bool sign = std::signbit(v);
    if (std::isinf(v)) return inf(sign);
    if (v == 0) return zero(sign);
    int exp;
    long double m = std::frexp(std::fabs(v), &exp);  // [0.5, 1)
    u128 sig = u128(static_cast<uint64_t>(std::ldexp(m, 64)));
    return round_pack(e, sign, exp - 1 + kBias, sig << 64, prec);
}

f128 to_quad(Float80 a) {
    Cls c = classify(a);
    u128 bits = u128(a.sign()) << 127;
    if (c == Cls::ZERO) return std::bit_cast<f128>(bits);
    Unpacked u = unpack(a);
    if (u.exp >= 1) {
        bits |= (u128(uint32_t(u.exp)) << 112) | ((u128(u.sig) << 49) & ((u128(1) << 112) - 1));
    } else {
        bits |= u128(a.sig) << 49;  // an extended denormal is a binary128 denormal
    }
    return std::bit_cast<f128>(bits);
}

Float80 from_quad(Env& e, f128 v) {
    u128 bits = std::bit_cast<u128>(v);
    bool sign = bits >> 127;
    int32_t exp = int32_t(bits >> 112) & 0x7FFF;
    u128 frac = bits & ((u128(1) << 112) - 1);
    if (exp == 0x7FFF) return frac ? kIndefinite : inf(sign);
    if (exp == 0 && frac == 0) return zero(sign);
    u128 m = exp ? frac | (u128(1) << 112) : frac;
    return round_pack(e, sign, (exp ? exp : 1) + 15, m, 64);
}

} // namespace bw::x87
