// Software double extended-precision arithmetic with the x87's exact results and exception
// behaviour (SDM Vol. 1, chapters 4 and 8): every operation computes the exact result (128-bit
// intermediates) and rounds once, per the control word's rounding control and, for the basic
// arithmetic, its precision control.
#pragma once
#include <cstdint>
#include "cpu/fpu.h"

namespace bw::x87 {

using u128 = unsigned __int128;

enum class Rc : uint8_t { NEAREST = 0, DOWN = 1, UP = 2, ZERO = 3 };

// An operation's environment: the control word it runs under and what it reports.
struct Env {
    uint16_t cw;
    uint16_t flags = 0;   // exception flags raised (status word bits 0-6, SF included)
    bool c1 = false;      // the result was rounded up in magnitude (C1 with PE)
    bool abort = false;   // an unmasked exception: the destination must not be written
    explicit Env(uint16_t control) : cw(control) {}
    Rc rc() const { return Rc((cw >> fcw::RC_SHIFT) & 3); }
    // Precision control (SDM Vol. 1, 8.1.5.2): 00 single, 10 double, 11 extended; the reserved
    // 01 setting rounds as extended.
    unsigned precision() const {
        switch ((cw >> fcw::PC_SHIFT) & 3) {
        case 0: return 24;
        case 2: return 53;
        default: return 64;
        }
    }
    bool masked(uint16_t f) const { return (cw & f) != 0; }
    // Raises IE, DE or ZE; an unmasked one suppresses the result. Returns true if masked.
    bool raise(uint16_t f) {
        flags |= f;
        if (!masked(f)) abort = true;
        return !abort;
    }
};

enum class Cls : uint8_t { ZERO, DENORMAL, NORMAL, INF, QUIET_NAN, SIGNALING_NAN, UNSUPPORTED };
Cls classify(Float80 a);
inline bool is_nan(Cls c) { return c == Cls::QUIET_NAN || c == Cls::SIGNALING_NAN; }

// The default QNaN ("real indefinite", SDM Vol. 1, 4.8.3.7).
constexpr Float80 kIndefinite{0xC000000000000000ull, 0xFFFF};
constexpr Float80 make(bool sign, uint16_t exp, uint64_t sig) { return {sig, uint16_t((sign ? 0x8000 : 0) | exp)}; }
constexpr Float80 kZero{0, 0};
constexpr Float80 kOne{0x8000000000000000ull, 0x3FFF};

// Operands converted from memory keep their original class for the denormal-operand
// exception: a single- or double-precision denormal is normal as an extended value.
struct Operand {
    Float80 v;
    bool denormal = false;  // raise DE for this operand
};

enum class ArithOp : uint8_t { ADD, SUB, MUL, DIV };
Float80 arith(Env& e, ArithOp op, Operand a, Operand b);
Float80 sqrt(Env& e, Float80 a);

// Rounds a finite nonzero value m * 2^(exp - 16383 - 127) to `prec` significand bits with the
// extended exponent range (register destinations: unmasked overflow/underflow rebias by 24576).
Float80 round_pack(Env& e, bool sign, int32_t exp, u128 m, unsigned prec);

// Memory formats (SDM Vol. 1, 4.2): widening is exact; SNaNs stay signalling so the arithmetic
// that consumes them applies the x87 NaN rules. load_* are FLD's semantics (SNaN -> IE, quiet).
Operand widen32(uint32_t v);
Operand widen64(uint64_t v);
Float80 load32(Env& e, uint32_t v);
Float80 load64(Env& e, uint64_t v);
uint32_t store32(Env& e, Float80 a);  // FST m32: rounding control, IE/DE/OE/UE/PE
uint64_t store64(Env& e, Float80 a);
Float80 from_int(int64_t v);
// FIST: rounds per RC; out of range (or NaN/inf) gives IE and the integer indefinite.
int64_t to_int(Env& e, Float80 a, unsigned bits);
Float80 round_to_int(Env& e, Float80 a);  // FRNDINT

enum class Cmp : uint8_t { GT, LT, EQ, UN };
// FCOM (quiet = false: any NaN raises IE) and FUCOM (quiet: only SNaNs).
Cmp compare(Env& e, Operand a, Operand b, bool quiet);

Float80 scale(Env& e, Float80 a, Float80 b);  // FSCALE: ST(0) * 2^trunc(ST(1))
// FXTRACT: returns false if the masked/unmasked response leaves nothing to do.
void extract(Env& e, Float80 a, Float80& exponent, Float80& significand);
// FPREM (ieee = false) and FPREM1: returns the remainder; `quotient` gets the low quotient
// bits; `status` = 0 complete, 1 partial (C2), -1 no condition codes (NaN / invalid).
Float80 remainder(Env& e, Float80 a, Float80 b, bool ieee, uint64_t& quotient, int& status);

// NaN handling shared with the instruction layer.
Float80 quiet(Float80 a);
Float80 propagate_nan(Env& e, Float80 a, Float80 b);
Float80 invalid(Env& e);

// Exact conversion to/from the host's long double (transcendental kernels).
long double to_host(Float80 a);
Float80 from_host(Env& e, long double v, unsigned prec = 64);

// Binary128 (113-bit significand, the same exponent range) for the transcendental kernels:
// the conversion in is exact; the conversion out rounds once per RC (PE and C1 reported).
using f128 = __float128;
f128 to_quad(Float80 a);         // finite values only
Float80 from_quad(Env& e, f128 v);

} // namespace bw::x87
