// The x87 FPU instructions, escapes D8-DF (SDM Vol. 1, chapter 8; SDM Vol. 2 instruction pages),
// FWAIT, and FXSAVE/FXRSTOR. The arithmetic is cpu/ops/fpu_float80.cpp; this file holds the
// register stack, exception reporting and the operand forms. Each semantic is written once:
// one template per instruction family, instantiated for every operand form.
#include <bit>
#include <cmath>
#include "cpu/ops/common.h"
#include "cpu/ops/fpu_float80.h"

namespace bw::ops {
namespace {

using x87::Env;
using x87::Operand;
using x87::Cls;

// ---- the register stack (SDM Vol. 1, 8.1.2) ----

inline unsigned top(const FpuState& f) { return (f.sw >> fsw::TOP_SHIFT) & 7; }
inline void set_top(FpuState& f, unsigned t) { f.sw = uint16_t((f.sw & ~fsw::TOP) | ((t & 7) << fsw::TOP_SHIFT)); }
inline unsigned phys(const FpuState& f, unsigned i) { return (top(f) + i) & 7; }
inline unsigned tag(const FpuState& f, unsigned p) { return (f.tw >> (2 * p)) & 3; }
inline void set_tag(FpuState& f, unsigned p, unsigned t) { f.tw = uint16_t((f.tw & ~(3u << (2 * p))) | (t << (2 * p))); }
inline bool empty(const FpuState& f, unsigned i) { return tag(f, phys(f, i)) == ftag::EMPTY; }
inline Float80 st(const FpuState& f, unsigned i) { return f.r[phys(f, i)]; }

// The tag a value gets (SDM Vol. 1, 8.1.7).
unsigned tag_of(Float80 v) {
    switch (x87::classify(v)) {
    case Cls::ZERO: return ftag::ZERO;
    case Cls::NORMAL: return ftag::VALID;
    default: return ftag::SPECIAL;
    }
}
inline void set_st(FpuState& f, unsigned i, Float80 v) {
    unsigned p = phys(f, i);
    f.r[p] = v;
    set_tag(f, p, tag_of(v));
}
inline void pop(FpuState& f) {
    set_tag(f, phys(f, 0), ftag::EMPTY);
    set_top(f, top(f) + 1);
}
inline void push(FpuState& f, Float80 v) {
    set_top(f, top(f) - 1);
    set_st(f, 0, v);
}
// The full tag word as FSTENV/FSAVE store it: recomputed from the register contents.
uint16_t full_tag_word(const FpuState& f) {
    uint16_t tw = 0;
    for (unsigned p = 0; p < 8; ++p)
        tw |= uint16_t((tag(f, p) == ftag::EMPTY ? ftag::EMPTY : tag_of(f.r[p])) << (2 * p));
    return tw;
}

inline void set_cc(FpuState& f, uint16_t mask, uint16_t bits) { f.sw = uint16_t((f.sw & ~mask) | bits); }

// Recomputes ES and B from the exception flags and masks (SDM Vol. 1, 8.1.3.1).
inline void update_summary(FpuState& f) {
    if (f.sw & ~f.cw & fsw::EXCEPTIONS) f.sw |= fsw::ES | fsw::B;
    else f.sw &= uint16_t(~(fsw::ES | fsw::B));
}

// FERR#, the processor output a PC/AT wires to IRQ13 (SDM Vol. 1, D.1; Cpu::on_ferr). It stays
// asserted until FNINIT/FNCLEX (or FNSAVE, or FRSTOR/FLDENV clearing ES) clear the exception.
void assert_ferr(Cpu& c) {
    if (!c.s.fpu.ferr) {
        c.s.fpu.ferr = true;
        if (c.on_ferr) c.on_ferr(c.ferr_ctx, true);
    }
}
void deassert_ferr(Cpu& c) {
    if (c.s.fpu.ferr) {
        c.s.fpu.ferr = false;
        if (c.on_ferr) c.on_ferr(c.ferr_ctx, false);
    }
}

// Merges an operation's exceptions into the status word: the flags are sticky, ES and B report
// an unmasked one; C1 takes the round-up / stack-overflow indication (SDM Vol. 1, 8.1.3.3).
// With CR0.NE = 0 an unmasked exception asserts FERR# as the instruction ends ("immediate"
// reporting: every case on the P6 family, SDM Vol. 1, D.2.2; the Intel486 and Pentium defer
// most cases to the next waiting instruction, D.2.1.1, which is not modelled), so the IRQ13 it
// raises is taken before the next waiting x87 instruction runs.
inline void finish(Cpu& c, FpuState& f, const Env& e) {
    f.sw |= e.flags & (fsw::EXCEPTIONS | fsw::SF);
    set_cc(f, fsw::C1, e.c1 ? fsw::C1 : 0);
    if (f.sw & ~f.cw & fsw::EXCEPTIONS) {
        f.sw |= fsw::ES | fsw::B;
        if (!(c.s.cr[0] & cr0::NE)) assert_ferr(c);
    }
}

// Stack overflow or underflow (SDM Vol. 1, 8.5.1.1): IE with SF, C1 = 1 on overflow. Returns
// true when masked: the destination then receives the QNaN indefinite.
inline bool stack_fault(Env& e, bool overflow) {
    e.flags |= fsw::SF;
    e.c1 = overflow;
    return e.raise(fsw::IE);
}

// ---- the instruction prologue ----

// A pending unmasked exception is reported by the next waiting x87 instruction (SDM Vol. 1,
// 8.6): #MF with CR0.NE = 1. With CR0.NE = 0 (MS-DOS compatibility, SDM Vol. 1, 8.7 and D.2.1.1)
// the processor "freezes just before executing the next WAIT or x87 FPU instruction" with FERR#
// asserted, waiting for the external interrupt the board raises from FERR# (IRQ13); the frozen
// instruction runs once the handler has returned, and runs ignoring the error while the IGNNE#
// input is active (the board asserts it when the handler writes port F0h, until FERR# goes
// inactive: D.2.1.2, figure D-1). The freeze is modelled as a halt at the instruction: it is
// not executed, EIP stays on it, and the interrupt that ends the halt returns to it.
// Returns false when the processor froze.
bool check_pending(Cpu& c) {
    if (c.s.cr[0] & cr0::NE) c.fault(VEC_MF);
    assert_ferr(c);  // ES set without an exception signalled (FLDCW, FLDENV, FRSTOR)
    if (c.s.fpu.ignne) return true;
    c.s.eip = c.insn_eip();
    c.s.halted = true;
    c.request_event();
    return false;
}

enum class Kind {
    NUMERIC,       // waiting; records FIP/FCS/FOP/FDP/FDS (SDM Vol. 1, 8.1.8)
    CONTROL,       // waiting; leaves the pointers (FLDCW, FLDENV, FRSTOR)
    NO_WAIT,       // FNINIT, FNCLEX, FNSTCW, FNSTSW, FNSTENV, FNSAVE
};
// CR0.EM or CR0.TS make every escape #NM (SDM Vol. 3, 2.5, table 2-2). Returns false when a
// waiting instruction froze on a pending exception (check_pending): the handler then stops.
template <Kind K> [[nodiscard]] bool begin(Cpu& c, const Insn& i) {
    if (c.s.cr[0] & (cr0::EM | cr0::TS)) c.fault(VEC_NM);
    FpuState& f = c.s.fpu;
    if (K != Kind::NO_WAIT && (f.sw & fsw::ES) && !check_pending(c)) return false;
    if (K == Kind::NUMERIC) {
        f.fop = uint16_t(((i.opcode & 7) << 8) | i.modrm);
        f.fcs = c.s.seg[CS].selector;
        f.fip = c.insn_eip();
        if (i.mem()) {
            f.fds = c.s.seg[i.seg].selector;
            f.fdp = ea(c, i);
        }
    }
    return true;
}

// ---- operand forms ----

// Source operands of arithmetic and comparison: returns false for an empty ST(i).
struct SrcM32 { static bool get(Cpu& c, const Insn& i, Operand& o) { o = x87::widen32(c.read<uint32_t>(i.seg, ea(c, i))); return true; } };
struct SrcM64 { static bool get(Cpu& c, const Insn& i, Operand& o) { o = x87::widen64(c.read<uint64_t>(i.seg, ea(c, i))); return true; } };
struct SrcI16 { static bool get(Cpu& c, const Insn& i, Operand& o) { o = {x87::from_int(int16_t(c.read<uint16_t>(i.seg, ea(c, i))))}; return true; } };
struct SrcI32 { static bool get(Cpu& c, const Insn& i, Operand& o) { o = {x87::from_int(int32_t(c.read<uint32_t>(i.seg, ea(c, i))))}; return true; } };
struct SrcSt {
    static bool get(Cpu& c, const Insn& i, Operand& o) {
        if (empty(c.s.fpu, i.rm)) return false;
        o = {st(c.s.fpu, i.rm)};
        return true;
    }
};

// FADD FMUL FSUB FSUBR FDIV FDIVR: the value is always "ST(0) op other" (or reversed); only the
// destination differs between the forms (SDM Vol. 2, FADD: D8 and memory forms write ST(0), DC
// and DE register forms ST(i), DE pops).
enum class Op : uint8_t { ADD, MUL, SUB, SUBR, DIV, DIVR };
template <Op OP, class S, bool TO_STI, bool POP> void farith(Cpu& c, const Insn& i) {
    if (!begin<Kind::NUMERIC>(c, i)) return;
    FpuState& f = c.s.fpu;
    Operand other;
    bool have = S::get(c, i, other);
    Env e(f.cw);
    Float80 r = x87::kIndefinite;
    if (!have || empty(f, 0)) {
        stack_fault(e, false);
    } else {
        Operand s0{st(f, 0)};
        switch (OP) {
        case Op::ADD: r = x87::arith(e, x87::ArithOp::ADD, s0, other); break;
        case Op::MUL: r = x87::arith(e, x87::ArithOp::MUL, s0, other); break;
        case Op::SUB: r = x87::arith(e, x87::ArithOp::SUB, s0, other); break;
        case Op::SUBR: r = x87::arith(e, x87::ArithOp::SUB, other, s0); break;
        case Op::DIV: r = x87::arith(e, x87::ArithOp::DIV, s0, other); break;
        case Op::DIVR: r = x87::arith(e, x87::ArithOp::DIV, other, s0); break;
        }
    }
    if (!e.abort) {
        set_st(f, TO_STI ? i.rm : 0, r);
        if (POP) pop(f);
    }
    finish(c, f, e);
}

// FCOM FCOMP FCOMPP FUCOM* FICOM* (SDM Vol. 2, FCOM table 3-21): C3 C2 C0 = 000 greater,
// 001 less, 100 equal, 111 unordered.
constexpr uint16_t kCmpCC[4] = {0, fsw::C0, fsw::C3, fsw::C3 | fsw::C2 | fsw::C0};
template <class S, bool QUIET, unsigned POPS> void fcom(Cpu& c, const Insn& i) {
    if (!begin<Kind::NUMERIC>(c, i)) return;
    FpuState& f = c.s.fpu;
    Operand other;
    bool have = S::get(c, i, other);
    Env e(f.cw);
    x87::Cmp r = x87::Cmp::UN;
    if (!have || empty(f, 0)) stack_fault(e, false);
    else r = x87::compare(e, {st(f, 0)}, other, QUIET);
    // The condition codes are written even when the exception is unmasked.
    set_cc(f, fsw::C3 | fsw::C2 | fsw::C0, kCmpCC[unsigned(r)]);
    if (!e.abort)
        for (unsigned k = 0; k < POPS; ++k) pop(f);
    finish(c, f, e);
}

// FCOMI FCOMIP FUCOMI FUCOMIP (P6; SDM Vol. 2, FCOMI): ZF PF CF as C3 C2 C0; OF SF AF cleared.
constexpr uint32_t kCmpFlags[4] = {0, fl::CF, fl::ZF, fl::ZF | fl::PF | fl::CF};
template <bool QUIET, bool POP> void fcomi(Cpu& c, const Insn& i) {
    if (!begin<Kind::NUMERIC>(c, i)) return;
    FpuState& f = c.s.fpu;
    Operand other;
    bool have = SrcSt::get(c, i, other);
    Env e(f.cw);
    x87::Cmp r = x87::Cmp::UN;
    if (!have || empty(f, 0)) stack_fault(e, false);
    else r = x87::compare(e, {st(f, 0)}, other, QUIET);
    set_arith_flags(c.s, kCmpFlags[unsigned(r)]);
    if (!e.abort && POP) pop(f);
    finish(c, f, e);
}

// Loads: each returns the value to push, or false in `have` for an empty ST(i).
struct LdM32 { static Float80 get(Cpu& c, const Insn& i, Env& e, bool&) { return x87::load32(e, c.read<uint32_t>(i.seg, ea(c, i))); } };
struct LdM64 { static Float80 get(Cpu& c, const Insn& i, Env& e, bool&) { return x87::load64(e, c.read<uint64_t>(i.seg, ea(c, i))); } };
inline Float80 read80(Cpu& c, unsigned seg, uint32_t a, uint32_t amask) {
    Float80 v;
    v.sig = c.read<uint64_t>(seg, a);
    v.se = c.read<uint16_t>(seg, (a + 8) & amask);
    return v;
}
inline void write80(Cpu& c, unsigned seg, uint32_t a, uint32_t amask, Float80 v) {
    c.write<uint64_t>(seg, a, v.sig);
    c.write<uint16_t>(seg, (a + 8) & amask, v.se);
}
// The FSAVE/FRSTOR register area (SDM Vol. 1, figure 8-9): its 10-byte slots follow a
// 14/28-byte header, so they are moved as words; alignment checking asks only for the area's
// 2/4-byte alignment (SDM Vol. 3, 6.15, interrupt 17, table 6-7).
inline Float80 read80_words(Cpu& c, unsigned seg, uint32_t a, uint32_t amask) {
    uint16_t w[5];
    for (unsigned k = 0; k < 5; ++k) w[k] = c.read<uint16_t>(seg, (a + 2 * k) & amask);
    Float80 v;
    v.sig = uint64_t(w[0]) | uint64_t(w[1]) << 16 | uint64_t(w[2]) << 32 | uint64_t(w[3]) << 48;
    v.se = w[4];
    return v;
}
inline void write80_words(Cpu& c, unsigned seg, uint32_t a, uint32_t amask, Float80 v) {
    for (unsigned k = 0; k < 4; ++k) c.write<uint16_t>(seg, (a + 2 * k) & amask, uint16_t(v.sig >> (16 * k)));
    c.write<uint16_t>(seg, (a + 8) & amask, v.se);
}
struct LdM80 { static Float80 get(Cpu& c, const Insn& i, Env&, bool&) { return read80(c, i.seg, ea(c, i), i.amask); } };
struct LdI16 { static Float80 get(Cpu& c, const Insn& i, Env&, bool&) { return x87::from_int(int16_t(c.read<uint16_t>(i.seg, ea(c, i)))); } };
struct LdI32 { static Float80 get(Cpu& c, const Insn& i, Env&, bool&) { return x87::from_int(int32_t(c.read<uint32_t>(i.seg, ea(c, i)))); } };
struct LdI64 { static Float80 get(Cpu& c, const Insn& i, Env&, bool&) { return x87::from_int(int64_t(c.read<uint64_t>(i.seg, ea(c, i)))); } };
// FBLD: 18 packed BCD digits and a sign byte (SDM Vol. 1, 4.7).
struct LdBcd {
    static Float80 get(Cpu& c, const Insn& i, Env&, bool&) {
        uint32_t a = ea(c, i);
        int64_t v = 0;
        for (int k = 8; k >= 0; --k) {
            uint8_t b = c.read<uint8_t>(i.seg, (a + k) & i.amask);
            v = v * 100 + (b >> 4) * 10 + (b & 15);
        }
        bool neg = c.read<uint8_t>(i.seg, (a + 9) & i.amask) >> 7;
        Float80 r = x87::from_int(neg ? -v : v);
        if (neg) r.se |= 0x8000;  // -0 stays negative
        return r;
    }
};
struct LdSt {
    static Float80 get(Cpu& c, const Insn& i, Env&, bool& have) {
        have = !empty(c.s.fpu, i.rm);
        return st(c.s.fpu, i.rm);
    }
};
// FLD1 FLDL2T FLDL2E FLDPI FLDLG2 FLDLN2 FLDZ (D9 E8-EE): the 66-bit internal constants rounded
// per RC (SDM Vol. 1, 8.3.8): `dir` tells on which side of the exact value the nearest rounding
// lies (+1 above: DOWN/ZERO give the lower neighbour; -1 below: UP gives the upper one).
struct Constant {
    uint64_t sig;
    uint16_t exp;
    int8_t dir;
};
constexpr Constant kConstants[7] = {
    {0x8000000000000000ull, 0x3FFF, 0},   // 1
    {0xD49A784BCD1B8AFEull, 0x4000, -1},  // log2(10)
    {0xB8AA3B295C17F0BCull, 0x3FFF, +1},  // log2(e)
    {0xC90FDAA22168C235ull, 0x4000, +1},  // pi
    {0x9A209A84FBCFF799ull, 0x3FFD, +1},  // log10(2)
    {0xB17217F7D1CF79ACull, 0x3FFE, +1},  // ln(2)
    {0, 0, 0},                            // +0
};
template <unsigned K> struct LdConst {
    static Float80 get(Cpu& c, const Insn&, Env&, bool&) {
        const Constant& k = kConstants[K];
        x87::Rc rc = Env(c.s.fpu.cw).rc();
        uint64_t sig = k.sig;
        if (k.dir > 0 && (rc == x87::Rc::DOWN || rc == x87::Rc::ZERO)) --sig;
        if (k.dir < 0 && rc == x87::Rc::UP) ++sig;
        return {sig, k.exp};
    }
};

// FLD FILD FBLD and the constants (SDM Vol. 2, FLD): stack overflow if ST(7) is in use.
template <class L> void fld(Cpu& c, const Insn& i) {
    if (!begin<Kind::NUMERIC>(c, i)) return;
    FpuState& f = c.s.fpu;
    Env conv(f.cw), e(f.cw);
    bool have = true;
    Float80 v = L::get(c, i, conv, have);
    if (!empty(f, 7)) {
        stack_fault(e, true);
        v = x87::kIndefinite;
    } else if (!have) {
        stack_fault(e, false);
        v = x87::kIndefinite;
    } else {
        e = conv;
    }
    if (!e.abort) push(f, v);
    finish(c, f, e);
}

// Stores: write the converted value unless an unmasked exception suppresses it.
struct StM32 {
    static void put(Cpu& c, const Insn& i, Env& e, Float80 v) {
        uint32_t a = ea(c, i);
        uint32_t r = x87::store32(e, v);
        if (!e.abort) c.write<uint32_t>(i.seg, a, r);
    }
    static void indefinite(Cpu& c, const Insn& i) { c.write<uint32_t>(i.seg, ea(c, i), 0xFFC00000u); }
};
struct StM64 {
    static void put(Cpu& c, const Insn& i, Env& e, Float80 v) {
        uint32_t a = ea(c, i);
        uint64_t r = x87::store64(e, v);
        if (!e.abort) c.write<uint64_t>(i.seg, a, r);
    }
    static void indefinite(Cpu& c, const Insn& i) { c.write<uint64_t>(i.seg, ea(c, i), 0xFFF8000000000000ull); }
};
struct StM80 {
    static void put(Cpu& c, const Insn& i, Env&, Float80 v) { write80(c, i.seg, ea(c, i), i.amask, v); }
    static void indefinite(Cpu& c, const Insn& i) { write80(c, i.seg, ea(c, i), i.amask, x87::kIndefinite); }
};
template <class T> struct StInt {
    static void put(Cpu& c, const Insn& i, Env& e, Float80 v) {
        uint32_t a = ea(c, i);
        int64_t r = x87::to_int(e, v, sizeof(T) * 8);
        if (!e.abort) c.write<T>(i.seg, a, T(r));
    }
    static void indefinite(Cpu& c, const Insn& i) { c.write<T>(i.seg, ea(c, i), T(T(1) << (sizeof(T) * 8 - 1))); }
};
// FBSTP: rounds per RC; magnitudes beyond 18 digits are invalid (SDM Vol. 2, FBSTP).
struct StBcd {
    static void write_bcd(Cpu& c, const Insn& i, uint32_t a, bool neg, uint64_t mag) {
        for (unsigned k = 0; k < 9; ++k) {
            uint8_t lo = uint8_t(mag % 10);
            mag /= 10;
            uint8_t hi = uint8_t(mag % 10);
            mag /= 10;
            c.write<uint8_t>(i.seg, (a + k) & i.amask, uint8_t(hi << 4 | lo));
        }
        c.write<uint8_t>(i.seg, (a + 9) & i.amask, neg ? 0x80 : 0);
    }
    static void put(Cpu& c, const Insn& i, Env& e, Float80 v) {
        uint32_t a = ea(c, i);
        Env t = e;
        int64_t r = x87::to_int(t, v, 64);
        uint64_t mag = r < 0 ? uint64_t(0) - uint64_t(r) : uint64_t(r);
        if (!(t.flags & fsw::IE) && mag > 999999999999999999ull) {
            t = e;
            t.raise(fsw::IE);
        }
        e = t;
        if (e.abort) return;
        if (e.flags & fsw::IE) indefinite(c, i);
        else write_bcd(c, i, a, v.sign(), mag);
    }
    static void indefinite(Cpu& c, const Insn& i) {
        uint32_t a = ea(c, i);
        c.write<uint64_t>(i.seg, a, 0xC000000000000000ull);
        c.write<uint16_t>(i.seg, (a + 8) & i.amask, 0xFFFF);
    }
};
struct StSt {
    static void put(Cpu& c, const Insn& i, Env&, Float80 v) { set_st(c.s.fpu, i.rm, v); }
    static void indefinite(Cpu& c, const Insn& i) { set_st(c.s.fpu, i.rm, x87::kIndefinite); }
};

// FST FSTP FIST FISTP FBSTP (SDM Vol. 2, FST): an empty ST(0) stores the indefinite if masked.
template <class D, bool POP> void fst(Cpu& c, const Insn& i) {
    if (!begin<Kind::NUMERIC>(c, i)) return;
    FpuState& f = c.s.fpu;
    Env e(f.cw);
    if (empty(f, 0)) {
        if (stack_fault(e, false)) D::indefinite(c, i);
    } else {
        D::put(c, i, e, st(f, 0));
    }
    if (!e.abort && POP) pop(f);
    finish(c, f, e);
}

// ---- register-only operations on ST(0) ----

// Unary operations replacing ST(0): FCHS FABS FSQRT FRNDINT.
template <Float80 (*F)(Env&, Float80)> void unary(Cpu& c, const Insn& i) {
    if (!begin<Kind::NUMERIC>(c, i)) return;
    FpuState& f = c.s.fpu;
    Env e(f.cw);
    Float80 r = x87::kIndefinite;
    if (empty(f, 0)) stack_fault(e, false);
    else r = F(e, st(f, 0));
    if (!e.abort) set_st(f, 0, r);
    finish(c, f, e);
}
Float80 fchs(Env&, Float80 a) { return {a.sig, uint16_t(a.se ^ 0x8000)}; }
Float80 fabs_(Env&, Float80 a) { return {a.sig, uint16_t(a.se & 0x7FFF)}; }
Float80 fsqrt(Env& e, Float80 a) { return x87::sqrt(e, a); }
Float80 frndint(Env& e, Float80 a) { return x87::round_to_int(e, a); }

// FTST: compares ST(0) with +0.0.
void ftst(Cpu& c, const Insn& i) {
    if (!begin<Kind::NUMERIC>(c, i)) return;
    FpuState& f = c.s.fpu;
    Env e(f.cw);
    x87::Cmp r = x87::Cmp::UN;
    if (empty(f, 0)) stack_fault(e, false);
    else r = x87::compare(e, {st(f, 0)}, {x87::kZero}, false);
    set_cc(f, fsw::C3 | fsw::C2 | fsw::C0, kCmpCC[unsigned(r)]);
    finish(c, f, e);
}

// FXAM (SDM Vol. 2, FXAM table): C3 C2 C0 classify ST(0), C1 is its sign.
void fxam(Cpu& c, const Insn& i) {
    if (!begin<Kind::NUMERIC>(c, i)) return;
    FpuState& f = c.s.fpu;
    Float80 v = st(f, 0);
    uint16_t cc;
    if (empty(f, 0)) {
        cc = fsw::C3 | fsw::C0;
    } else {
        switch (x87::classify(v)) {
        case Cls::UNSUPPORTED: cc = 0; break;
        case Cls::QUIET_NAN: case Cls::SIGNALING_NAN: cc = fsw::C0; break;
        case Cls::NORMAL: cc = fsw::C2; break;
        case Cls::INF: cc = fsw::C2 | fsw::C0; break;
        case Cls::ZERO: cc = fsw::C3; break;
        default: cc = fsw::C3 | fsw::C2; break;  // denormal
        }
    }
    if (v.sign()) cc |= fsw::C1;
    set_cc(f, fsw::CC, cc);
}

// FXCH: an empty register is first loaded with the indefinite when IE is masked.
void fxch(Cpu& c, const Insn& i) {
    if (!begin<Kind::NUMERIC>(c, i)) return;
    FpuState& f = c.s.fpu;
    Env e(f.cw);
    if (empty(f, 0) || empty(f, i.rm)) {
        if (stack_fault(e, false)) {
            if (empty(f, 0)) set_st(f, 0, x87::kIndefinite);
            if (empty(f, i.rm)) set_st(f, i.rm, x87::kIndefinite);
        }
    }
    if (!e.abort) {
        Float80 a = st(f, 0), b = st(f, i.rm);
        set_st(f, 0, b);
        set_st(f, i.rm, a);
    }
    finish(c, f, e);
}

void ffree(Cpu& c, const Insn& i) {
    if (!begin<Kind::NUMERIC>(c, i)) return;
    FpuState& f = c.s.fpu;
    set_tag(f, phys(f, i.rm), ftag::EMPTY);
}
// FFREEP (DF C0+i): FFREE then pop; executed by Intel parts though not in the SDM tables.
void ffreep(Cpu& c, const Insn& i) {
    if (!begin<Kind::NUMERIC>(c, i)) return;
    FpuState& f = c.s.fpu;
    set_tag(f, phys(f, i.rm), ftag::EMPTY);
    pop(f);
}
template <int D> void fincdec(Cpu& c, const Insn& i) {
    if (!begin<Kind::NUMERIC>(c, i)) return;
    FpuState& f = c.s.fpu;
    set_top(f, unsigned(int(top(f)) + D));
    set_cc(f, fsw::C1, 0);
}
void fnop(Cpu& c, const Insn& i) { (void)begin<Kind::NUMERIC>(c, i); }
// FENI/FDISI (8087) and FSETPM (287) execute as no-ops on later FPUs (SDM Vol. 1, 8.1).
void fnop_legacy(Cpu& c, const Insn& i) { (void)begin<Kind::NO_WAIT>(c, i); }

// FCMOVcc (P6; SDM Vol. 2, FCMOVcc): CC is the Jcc condition number.
template <unsigned CC> void fcmov(Cpu& c, const Insn& i) {
    if (!begin<Kind::NUMERIC>(c, i)) return;
    FpuState& f = c.s.fpu;
    Env e(f.cw);
    if (empty(f, 0) || empty(f, i.rm)) {
        if (stack_fault(e, false)) set_st(f, 0, x87::kIndefinite);
    } else if (condition(c.s, CC)) {
        set_st(f, 0, st(f, i.rm));
    }
    finish(c, f, e);
}

// FSCALE, FPREM, FPREM1: ST(0) combined with ST(1).
void fscale(Cpu& c, const Insn& i) {
    if (!begin<Kind::NUMERIC>(c, i)) return;
    FpuState& f = c.s.fpu;
    Env e(f.cw);
    Float80 r = x87::kIndefinite;
    if (empty(f, 0) || empty(f, 1)) stack_fault(e, false);
    else r = x87::scale(e, st(f, 0), st(f, 1));
    if (!e.abort) set_st(f, 0, r);
    finish(c, f, e);
}
template <bool IEEE> void fprem(Cpu& c, const Insn& i) {
    if (!begin<Kind::NUMERIC>(c, i)) return;
    FpuState& f = c.s.fpu;
    Env e(f.cw);
    Float80 r = x87::kIndefinite;
    uint64_t q = 0;
    int status = -1;
    if (empty(f, 0) || empty(f, 1)) stack_fault(e, false);
    else r = x87::remainder(e, st(f, 0), st(f, 1), IEEE, q, status);
    if (!e.abort) set_st(f, 0, r);
    finish(c, f, e);
    if (!e.abort && status >= 0) {
        // C2 = incomplete reduction; otherwise C0 C3 C1 = quotient bits 2 1 0.
        uint16_t cc = status ? fsw::C2
                             : uint16_t(((q & 4) ? fsw::C0 : 0) | ((q & 2) ? fsw::C3 : 0) | ((q & 1) ? fsw::C1 : 0));
        set_cc(f, fsw::CC, cc);
    }
}
// FXTRACT: ST(0) becomes the exponent, then the significand is pushed.
void fxtract(Cpu& c, const Insn& i) {
    if (!begin<Kind::NUMERIC>(c, i)) return;
    FpuState& f = c.s.fpu;
    Env e(f.cw);
    Float80 ex = x87::kIndefinite, sig = x87::kIndefinite;
    if (empty(f, 0)) stack_fault(e, false);
    else if (!empty(f, 7)) stack_fault(e, true);
    else x87::extract(e, st(f, 0), ex, sig);
    if (!e.abort) {
        set_st(f, 0, ex);
        push(f, sig);
    }
    finish(c, f, e);
}

// ---- transcendental instructions (SDM Vol. 2, F2XM1 .. FSINCOS) ----
// Evaluated in binary128 (113-bit significand) by series and rounded once to the destination
// per RC; the results are within the SDM's stated accuracy (about 1 ulp of the exact value)
// but not bit-identical to any one part. FPATAN uses the host's long double atan2.

using x87::f128;
constexpr f128 qconst(uint64_t hi, uint64_t lo) { return std::bit_cast<f128>((x87::u128(hi) << 64) | lo); }
const f128 kLn2 = qconst(0x3FFE62E42FEFA39Eull, 0xF35793C7673007E6ull);      // ln 2
const f128 kLog2e = qconst(0x3FFF71547652B82Full, 0xE1777D0FFDA0D23Aull);    // log2 e
const f128 kHalfPiQ = qconst(0x3FFF921FB54442D1ull, 0x8469898CC51701B8ull);  // pi / 2
const f128 kSqrt2 = qconst(0x3FFF6A09E667F3BCull, 0xC908B2FB1366EA95ull);    // sqrt 2

inline f128 pow2q(int n) { return std::bit_cast<f128>(x87::u128(uint32_t(16383 + n)) << 112); }

// e^t - 1 (|t| <= 1), Taylor series.
f128 q_expm1(f128 t) {
    f128 term = t, sum = t;
    for (int k = 2; k < 45; ++k) {
        term = term * t / k;
        sum += term;
    }
    return sum;
}
// 2 atanh(z) = ln((1 + z) / (1 - z)) for |z| <= 0.18.
f128 q_2atanh(f128 z) {
    f128 z2 = z * z, term = z, sum = z;
    for (int k = 3; k < 100; k += 2) {
        term *= z2;
        sum += term / k;
    }
    return 2 * sum;
}
// ln x for finite x > 0: x = m 2^k with m in [sqrt(1/2), sqrt(2)).
f128 q_ln(f128 x) {
    int k = 0;
    x87::u128 bits = std::bit_cast<x87::u128>(x);
    if ((bits >> 112) == 0) {  // denormal
        x *= pow2q(200);
        k -= 200;
        bits = std::bit_cast<x87::u128>(x);
    }
    k += int(bits >> 112) - 16383;
    f128 m = std::bit_cast<f128>((bits & ((x87::u128(1) << 112) - 1)) | (x87::u128(16383) << 112));
    if (m > kSqrt2) {
        m /= 2;
        ++k;
    }
    return k * kLn2 + q_2atanh((m - 1) / (m + 1));
}
f128 q_sin(f128 r) {
    f128 r2 = r * r, term = r, sum = r;
    for (int k = 1; k < 30; ++k) {
        term *= -r2 / ((2 * k) * (2 * k + 1));
        sum += term;
    }
    return sum;
}
f128 q_cos(f128 r) {
    f128 r2 = r * r, term = 1, sum = 1;
    for (int k = 1; k < 30; ++k) {
        term *= -r2 / ((2 * k - 1) * (2 * k));
        sum += term;
    }
    return sum;
}

// Reduces x by the FPU's 66-bit pi/2 (SDM Vol. 1, 8.3.10): exactly for |x| < 2^40, in
// binary128 beyond. `quadrant` gets the multiple of pi/2 removed.
f128 reduce_half_pi(Float80 a, int64_t& quadrant) {
    f128 x = x87::to_quad(a);
    quadrant = 0;
    if ((x < 0 ? -x : x) <= kHalfPiQ / 2) return x;
    f128 kq = x / kHalfPiQ;
    int64_t k = int64_t(kq < 0 ? kq - f128(0.5) : kq + f128(0.5));
    quadrant = k;
    int ke = int(a.exp()) - 16383;
    if (ke >= 40) return x - f128(k) * kHalfPiQ;
    // pi66/2 = P * 2^-65 with P = 0x3243F6A8885A308D3 (the FPU's 66-bit pi).
    const x87::u128 P = (x87::u128(0x3) << 64) | 0x243F6A8885A308D3ull;
    __int128 X = __int128(x87::u128(a.sig) << (ke + 2));  // |x| * 2^65
    __int128 r = (a.sign() ? -X : X) - __int128(k) * __int128(P);
    return f128(r) * pow2q(-65);
}

enum class Trig { SIN, COS, TAN };
f128 trig(Trig t, Float80 a) {
    int64_t q;
    f128 r = reduce_half_pi(a, q);
    f128 s = q_sin(r), co = q_cos(r);
    switch (t) {
    case Trig::SIN: return (q & 1) ? ((q & 2) ? -co : co) : ((q & 2) ? -s : s);
    case Trig::COS: return (q & 1) ? ((q & 2) ? s : -s) : ((q & 2) ? -co : co);
    case Trig::TAN: return (q & 1) ? -co / s : s / co;
    }
    return 0;
}

// Special operands common to the one-operand transcendentals. Returns true if `r` is final.
bool trans_special(Env& e, Float80 a, Float80& r, bool inf_invalid) {
    Cls c = x87::classify(a);
    if (c == Cls::UNSUPPORTED || (c == Cls::INF && inf_invalid)) {
        r = x87::invalid(e);
        return true;
    }
    if (x87::is_nan(c)) {
        r = x87::propagate_nan(e, a, a);
        return true;
    }
    if (c == Cls::DENORMAL && !e.raise(fsw::DE)) return true;
    return false;
}
inline Float80 inexact(Env& e, long double v) {
    Float80 r = x87::from_host(e, v);
    if (x87::classify(r) != Cls::ZERO || v != 0) e.flags |= fsw::PE;
    return r;
}
inline Float80 inexact(Env& e, f128 v) {
    Float80 r = x87::from_quad(e, v);
    e.flags |= fsw::PE;
    return r;
}

// FSIN FCOS FPTAN FSINCOS: |x| >= 2^63 leaves ST(0) alone and sets C2 (SDM Vol. 2, FSIN).
template <Trig T, bool PAIR> void ftrig(Cpu& c, const Insn& i) {
    if (!begin<Kind::NUMERIC>(c, i)) return;
    FpuState& f = c.s.fpu;
    Env e(f.cw);
    set_cc(f, fsw::C2, 0);
    if (empty(f, 0)) {
        if (stack_fault(e, false)) {
            set_st(f, 0, x87::kIndefinite);
            if (PAIR && empty(f, 7)) push(f, x87::kIndefinite);
        }
        finish(c, f, e);
        return;
    }
    if (PAIR && !empty(f, 7)) {
        if (stack_fault(e, true)) {
            set_st(f, 0, x87::kIndefinite);
            push(f, x87::kIndefinite);
        }
        finish(c, f, e);
        return;
    }
    Float80 a = st(f, 0), r1, r2 = x87::kOne;
    if (trans_special(e, a, r1, true)) {
        r2 = r1;
    } else if (x87::classify(a) == Cls::ZERO) {
        r1 = a;
        r2 = x87::kOne;
        if (T == Trig::COS) r1 = x87::kOne;
    } else if ((a.exp()) >= 0x3FFF + 63) {
        set_cc(f, fsw::C2, fsw::C2);
        finish(c, f, e);
        return;
    } else {
        r1 = inexact(e, trig(T, a));
        if (PAIR && T == Trig::SIN) r2 = inexact(e, trig(Trig::COS, a));
    }
    if (!e.abort) {
        if (PAIR && T == Trig::SIN) {  // FSINCOS: ST(0) = cos, ST(1) = sin
            set_st(f, 0, r1);
            push(f, r2);
        } else {
            set_st(f, 0, r1);
            if (PAIR) push(f, r2);  // FPTAN pushes 1.0
        }
    }
    finish(c, f, e);
}

// F2XM1: 2^x - 1 for -1 <= x <= 1.
void f2xm1(Cpu& c, const Insn& i) {
    if (!begin<Kind::NUMERIC>(c, i)) return;
    FpuState& f = c.s.fpu;
    Env e(f.cw);
    Float80 r = x87::kIndefinite;
    if (empty(f, 0)) {
        stack_fault(e, false);
    } else {
        Float80 a = st(f, 0);
        Cls k = x87::classify(a);
        if (trans_special(e, a, r, false)) {
        } else if (k == Cls::ZERO) {
            r = a;
        } else if (k == Cls::INF) {
            r = a.sign() ? x87::make(true, 0x3FFF, 0x8000000000000000ull) : a;
        } else {
            r = inexact(e, q_expm1(x87::to_quad(a) * kLn2));
        }
    }
    if (!e.abort) set_st(f, 0, r);
    finish(c, f, e);
}

// FYL2X (y * log2 x), FYL2XP1 (y * log2(x + 1)), FPATAN (atan2(y, x)): ST(1) op ST(0), pop.
enum class Binary { YL2X, YL2XP1, PATAN };
template <Binary B> void fbinary(Cpu& c, const Insn& i) {
    if (!begin<Kind::NUMERIC>(c, i)) return;
    FpuState& f = c.s.fpu;
    Env e(f.cw);
    Float80 r = x87::kIndefinite;
    if (empty(f, 0) || empty(f, 1)) {
        stack_fault(e, false);
    } else {
        Float80 x = st(f, 0), y = st(f, 1);
        Cls cx = x87::classify(x), cy = x87::classify(y);
        if (cx == Cls::UNSUPPORTED || cy == Cls::UNSUPPORTED) {
            r = x87::invalid(e);
        } else if (x87::is_nan(cx) || x87::is_nan(cy)) {
            r = x87::propagate_nan(e, x, y);
        } else if ((cx == Cls::DENORMAL || cy == Cls::DENORMAL) && !e.raise(fsw::DE)) {
        } else {
            long double hx = x87::to_host(x), hy = x87::to_host(y), v = 0;
            bool bad = false;
            switch (B) {
            case Binary::YL2X:
                bad = hx < 0 || (hx == 0 && hy == 0) || (std::isinf(hy) && hx == 1) || (hy == 0 && std::isinf(hx));
                if (hx == 0 && !bad && !e.raise(fsw::ZE)) break;
                v = hy * std::log2(hx);
                break;
            case Binary::YL2XP1:
                bad = hx < -1 || (std::isinf(hy) && hx == 0) || (hy == 0 && std::isinf(hx));
                v = hy * (std::log1p(hx) * 1.44269504088896340735992468100189214L);
                break;
            case Binary::PATAN: v = std::atan2(hy, hx); break;
            }
            const bool finite = std::isfinite(hx) && std::isfinite(hy) && hy != 0;
            if (bad) r = x87::invalid(e);
            else if (!e.abort && finite && B == Binary::YL2X && hx > 0 && hx != 1)
                r = inexact(e, x87::to_quad(y) * q_ln(x87::to_quad(x)) * kLog2e);
            else if (!e.abort && finite && B == Binary::YL2XP1 && hx != 0) {
                f128 qx = x87::to_quad(x);
                r = inexact(e, x87::to_quad(y) * q_2atanh(qx / (2 + qx)) * kLog2e);
            } else if (!e.abort) {
                bool exact = v == 0 || std::isinf(v);
                r = exact ? x87::from_host(e, v) : inexact(e, v);
            }
        }
    }
    if (!e.abort) {
        set_st(f, 1, r);
        pop(f);
    }
    finish(c, f, e);
}

// ---- control instructions (SDM Vol. 1, 8.3.12-8.3.13) ----

void init_state(FpuState& f) {
    f.cw = fcw::INIT;
    f.sw = 0;
    f.tw = 0xFFFF;
    f.fop = 0;
    f.fip = f.fdp = 0;
    f.fcs = f.fds = 0;
}
void fninit(Cpu& c, const Insn& i) {
    (void)begin<Kind::NO_WAIT>(c, i);
    init_state(c.s.fpu);
    deassert_ferr(c);
}
void fnclex(Cpu& c, const Insn& i) {
    (void)begin<Kind::NO_WAIT>(c, i);
    FpuState& f = c.s.fpu;
    f.sw &= uint16_t(~(fsw::EXCEPTIONS | fsw::SF | fsw::ES | fsw::B));
    deassert_ferr(c);
}
void fldcw(Cpu& c, const Insn& i) {
    if (!begin<Kind::CONTROL>(c, i)) return;
    FpuState& f = c.s.fpu;
    f.cw = uint16_t((c.read<uint16_t>(i.seg, ea(c, i)) & 0x1F3F) | 0x0040);
    update_summary(f);
}
void fnstcw(Cpu& c, const Insn& i) {
    (void)begin<Kind::NO_WAIT>(c, i);
    c.write<uint16_t>(i.seg, ea(c, i), c.s.fpu.cw);
}
void fnstsw_m(Cpu& c, const Insn& i) {
    (void)begin<Kind::NO_WAIT>(c, i);
    c.write<uint16_t>(i.seg, ea(c, i), c.s.fpu.sw);
}
void fnstsw_ax(Cpu& c, const Insn& i) {
    (void)begin<Kind::NO_WAIT>(c, i);
    c.s.gpr[EAX].w = c.s.fpu.sw;
}

// The FSTENV/FLDENV image (SDM Vol. 1, figures 8-9 to 8-12): 14 bytes with a 16-bit operand
// size, 28 with 32-bit; real and virtual-8086 mode store linear instruction/operand addresses.
struct EnvImage {
    Cpu& c;
    const Insn& i;
    uint32_t base;
    bool o32, real;
    uint32_t at(unsigned slot) const { return (base + slot * (o32 ? 4 : 2)) & i.amask; }
    void put(unsigned slot, uint32_t v) {
        if (o32) c.write<uint32_t>(i.seg, at(slot), v);
        else c.write<uint16_t>(i.seg, at(slot), uint16_t(v));
    }
    uint32_t get(unsigned slot) {
        return o32 ? c.read<uint32_t>(i.seg, at(slot)) : c.read<uint16_t>(i.seg, at(slot));
    }
    unsigned size() const { return o32 ? 28 : 14; }

    void store(const FpuState& f) {
        const uint32_t hi = o32 ? 0xFFFF0000u : 0;  // reserved upper halves (as Intel parts write them)
        put(0, hi | f.cw);
        put(1, hi | f.sw);
        put(2, hi | full_tag_word(f));
        if (real) {
            uint32_t ip = (uint32_t(f.fcs) << 4) + f.fip, dp = (uint32_t(f.fds) << 4) + f.fdp;
            put(3, hi | (ip & 0xFFFF));
            put(4, ((ip >> 4) & 0x0FFFF000u) | (f.fop & 0x7FF));
            put(5, hi | (dp & 0xFFFF));
            put(6, (dp >> 4) & 0x0FFFF000u);
        } else {
            put(3, f.fip);
            put(4, o32 ? (uint32_t(f.fop & 0x7FF) << 16) | f.fcs : f.fcs);
            put(5, f.fdp);
            put(6, hi | f.fds);
        }
    }
    void load(FpuState& f) {
        uint16_t cw = uint16_t(get(0)), sw = uint16_t(get(1)), tw = uint16_t(get(2));
        uint32_t w3 = get(3), w4 = get(4), w5 = get(5), w6 = get(6);
        f.cw = uint16_t((cw & 0x1F3F) | 0x0040);
        f.sw = sw;
        for (unsigned p = 0; p < 8; ++p)
            set_tag(f, p, ((tw >> (2 * p)) & 3) == ftag::EMPTY ? ftag::EMPTY : tag_of(f.r[p]));
        if (real) {
            f.fcs = f.fds = 0;
            f.fip = (w3 & 0xFFFF) | ((w4 & 0x0FFFF000u) << 4);
            f.fop = uint16_t(w4 & 0x7FF);
            f.fdp = (w5 & 0xFFFF) | ((w6 & 0x0FFFF000u) << 4);
        } else {
            f.fip = w3;
            f.fcs = uint16_t(w4);
            if (o32) f.fop = uint16_t((w4 >> 16) & 0x7FF);
            f.fdp = w5;
            f.fds = uint16_t(w6);
        }
        update_summary(f);
    }
};
EnvImage env_image(Cpu& c, const Insn& i) {
    return {c, i, ea(c, i), i.o32(), !c.protected_mode() || c.flag(fl::VM)};
}

// FNSTENV masks all exceptions after storing (SDM Vol. 2, FSTENV).
void fnstenv(Cpu& c, const Insn& i) {
    (void)begin<Kind::NO_WAIT>(c, i);
    FpuState& f = c.s.fpu;
    env_image(c, i).store(f);
    f.cw |= fcw::MASKS;
}
void fldenv(Cpu& c, const Insn& i) {
    if (!begin<Kind::CONTROL>(c, i)) return;
    FpuState& f = c.s.fpu;
    FpuState n = f;
    env_image(c, i).load(n);
    f = n;
    if (!(f.sw & fsw::ES)) deassert_ferr(c);
}
// FNSAVE: the environment then ST(0)..ST(7), then FNINIT (SDM Vol. 2, FSAVE).
void fnsave(Cpu& c, const Insn& i) {
    (void)begin<Kind::NO_WAIT>(c, i);
    FpuState& f = c.s.fpu;
    EnvImage img = env_image(c, i);
    img.store(f);
    for (unsigned k = 0; k < 8; ++k) write80_words(c, i.seg, (img.base + img.size() + 10 * k) & i.amask, i.amask, st(f, k));
    init_state(f);
    deassert_ferr(c);
}
void frstor(Cpu& c, const Insn& i) {
    if (!begin<Kind::CONTROL>(c, i)) return;
    FpuState& f = c.s.fpu;
    EnvImage img = env_image(c, i);
    FpuState n = f;
    Float80 regs[8];
    for (unsigned k = 0; k < 8; ++k) regs[k] = read80_words(c, i.seg, (img.base + img.size() + 10 * k) & i.amask, i.amask);
    // The registers are in stack order: place them by the TOP of the loaded status word.
    uint16_t sw = c.read<uint16_t>(i.seg, img.at(1));
    for (unsigned k = 0; k < 8; ++k) n.r[(((sw >> fsw::TOP_SHIFT) & 7) + k) & 7] = regs[k];
    img.load(n);
    f = n;
    if (!(f.sw & fsw::ES)) deassert_ferr(c);
}

// FWAIT: #NM when CR0.MP and CR0.TS are both set, then any pending unmasked exception.
void fwait(Cpu& c, const Insn&) {
    if ((c.s.cr[0] & (cr0::MP | cr0::TS)) == (cr0::MP | cr0::TS)) c.fault(VEC_NM);
    if (c.s.fpu.sw & fsw::ES) (void)check_pending(c);
}

// FXSAVE/FXRSTOR (P6 with FXSR; SDM Vol. 2, FXSAVE table 3-*): the 512-byte image with the
// abridged tag byte; no SSE state on this model (MXCSR and XMM areas are left alone).
template <bool RESTORE> void fxsave(Cpu& c, const Insn& i) {
    if (c.s.cr[0] & (cr0::EM | cr0::TS)) c.fault(VEC_NM);
    uint32_t a = ea(c, i);
    if (a & 15) c.fault(VEC_GP, 0);
    FpuState& f = c.s.fpu;
    auto at = [&](unsigned off) { return (a + off) & i.amask; };
    if (!RESTORE) {
        uint8_t ftw = 0;
        for (unsigned p = 0; p < 8; ++p)
            if (tag(f, p) != ftag::EMPTY) ftw |= uint8_t(1u << p);
        c.write<uint16_t>(i.seg, at(0), f.cw);
        c.write<uint16_t>(i.seg, at(2), f.sw);
        c.write<uint16_t>(i.seg, at(4), ftw);
        c.write<uint16_t>(i.seg, at(6), f.fop);
        c.write<uint32_t>(i.seg, at(8), f.fip);
        c.write<uint32_t>(i.seg, at(12), f.fcs);
        c.write<uint32_t>(i.seg, at(16), f.fdp);
        c.write<uint32_t>(i.seg, at(20), f.fds);
        for (unsigned k = 0; k < 8; ++k) {
            write80(c, i.seg, at(32 + 16 * k), i.amask, st(f, k));
            c.write<uint16_t>(i.seg, at(42 + 16 * k), 0);
            c.write<uint32_t>(i.seg, at(44 + 16 * k), 0);
        }
        return;
    }
    FpuState n = f;
    n.cw = uint16_t((c.read<uint16_t>(i.seg, at(0)) & 0x1F3F) | 0x0040);
    n.sw = c.read<uint16_t>(i.seg, at(2));
    uint8_t ftw = c.read<uint8_t>(i.seg, at(4));
    n.fop = uint16_t(c.read<uint16_t>(i.seg, at(6)) & 0x7FF);
    n.fip = c.read<uint32_t>(i.seg, at(8));
    n.fcs = c.read<uint16_t>(i.seg, at(12));
    n.fdp = c.read<uint32_t>(i.seg, at(16));
    n.fds = c.read<uint16_t>(i.seg, at(20));
    for (unsigned k = 0; k < 8; ++k) {
        unsigned p = (top(n) + k) & 7;
        n.r[p] = read80(c, i.seg, at(32 + 16 * k), i.amask);
    }
    for (unsigned p = 0; p < 8; ++p) set_tag(n, p, (ftw >> p) & 1 ? tag_of(n.r[p]) : ftag::EMPTY);
    update_summary(n);
    f = n;
}

// ---- the opcode map (SDM Vol. 2, tables) ----

using H = Handler;

// Register forms whose ModRM.rm selects the operation rather than ST(i).
template <const H* TABLE> void by_rm(Cpu& c, const Insn& i) {
    H h = TABLE[i.rm];
    if (!h) {
        if (c.s.cr[0] & (cr0::EM | cr0::TS)) c.fault(VEC_NM);
        c.fault(VEC_UD);
    }
    h(c, i);
}

constexpr H kD9_2[8] = {&fnop, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};
constexpr H kD9_4[8] = {&unary<fchs>, &unary<fabs_>, nullptr, nullptr, &ftst, &fxam, nullptr, nullptr};
constexpr H kD9_5[8] = {&fld<LdConst<0>>, &fld<LdConst<1>>, &fld<LdConst<2>>, &fld<LdConst<3>>,
                        &fld<LdConst<4>>, &fld<LdConst<5>>, &fld<LdConst<6>>, nullptr};
constexpr H kD9_6[8] = {&f2xm1, &fbinary<Binary::YL2X>, &ftrig<Trig::TAN, true>, &fbinary<Binary::PATAN>,
                        &fxtract, &fprem<true>, &fincdec<-1>, &fincdec<1>};
constexpr H kD9_7[8] = {&fprem<false>, &fbinary<Binary::YL2XP1>, &unary<fsqrt>, &ftrig<Trig::SIN, true>,
                        &unary<frndint>, &fscale, &ftrig<Trig::SIN, false>, &ftrig<Trig::COS, false>};
constexpr H kDA_5[8] = {nullptr, &fcom<SrcSt, true, 2>, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};
constexpr H kDB_4[8] = {&fnop_legacy, &fnop_legacy, &fnclex, &fninit, &fnop_legacy, nullptr, nullptr, nullptr};
constexpr H kDE_3[8] = {nullptr, &fcom<SrcSt, false, 2>, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};
constexpr H kDF_4[8] = {&fnstsw_ax, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};

void put_op(OpTable& t, Group g, unsigned reg, H reg_form, H mem16, H mem32 = nullptr) {
    if (!mem32) mem32 = mem16;
    uint32_t d = 0;
    if (!reg_form) d |= dec::MEM_ONLY;
    if (!mem16) d |= dec::REG_ONLY;
    set_group_op(t, g, reg, d, {0, 0, {{reg_form, mem16}, {reg_form, mem32}}});
}

// The arithmetic rows (reg 0-7 of D8/DC/DE and of DA/DE memory): ADD MUL COM COMP SUB SUBR DIV DIVR.
template <class S, bool TO_STI, bool POP> constexpr H arith_row(unsigned reg) {
    constexpr H row[8] = {&farith<Op::ADD, S, TO_STI, POP>, &farith<Op::MUL, S, TO_STI, POP>, nullptr, nullptr,
                          &farith<Op::SUB, S, TO_STI, POP>, &farith<Op::SUBR, S, TO_STI, POP>,
                          &farith<Op::DIV, S, TO_STI, POP>, &farith<Op::DIVR, S, TO_STI, POP>};
    return row[reg];
}

} // namespace

void register_fpu(OpTable& t) {
    for (unsigned k = 0; k < 8; ++k) {
        OpDesc& o = t.one[0xD8 + k];
        o = OpDesc{};
        o.decode = dec::MODRM | dec::VALID;
        o.group = uint8_t(G_D8 + k);
    }
    const bool p6 = t.at_least(CpuModel::p6);
    for (unsigned r = 0; r < 8; ++r) {
        if (r == 2 || r == 3) continue;
        // D8: ST(0) op= m32 / ST(i); DC: ST(0) op= m64, ST(i) op= ST(0); DE: ... and pop;
        // DA/DE memory: ST(0) op= m32int / m16int.
        put_op(t, G_D8, r, arith_row<SrcSt, false, false>(r), arith_row<SrcM32, false, false>(r));
        put_op(t, G_DC, r, arith_row<SrcSt, true, false>(r), arith_row<SrcM64, false, false>(r));
        put_op(t, G_DE, r, arith_row<SrcSt, true, true>(r), arith_row<SrcI16, false, false>(r));
        put_op(t, G_DA, r, nullptr, arith_row<SrcI32, false, false>(r));
    }
    // Comparisons. DC D0-DF and DE D0-D7 are the undocumented FCOM/FCOMP aliases.
    put_op(t, G_D8, 2, &fcom<SrcSt, false, 0>, &fcom<SrcM32, false, 0>);
    put_op(t, G_D8, 3, &fcom<SrcSt, false, 1>, &fcom<SrcM32, false, 1>);
    put_op(t, G_DC, 2, &fcom<SrcSt, false, 0>, &fcom<SrcM64, false, 0>);
    put_op(t, G_DC, 3, &fcom<SrcSt, false, 1>, &fcom<SrcM64, false, 1>);
    put_op(t, G_DA, 2, nullptr, &fcom<SrcI32, false, 0>);
    put_op(t, G_DA, 3, nullptr, &fcom<SrcI32, false, 1>);
    put_op(t, G_DE, 2, &fcom<SrcSt, false, 1>, &fcom<SrcI16, false, 0>);
    put_op(t, G_DE, 3, &by_rm<kDE_3>, &fcom<SrcI16, false, 1>);
    put_op(t, G_DA, 5, &by_rm<kDA_5>, &farith<Op::SUBR, SrcI32, false, false>);
    put_op(t, G_DD, 4, &fcom<SrcSt, true, 0>, &frstor);
    put_op(t, G_DD, 5, &fcom<SrcSt, true, 1>, nullptr);

    // D9: loads, stores, control and the register-only operations.
    put_op(t, G_D9, 0, &fld<LdSt>, &fld<LdM32>);
    put_op(t, G_D9, 1, &fxch, nullptr);
    put_op(t, G_D9, 2, &by_rm<kD9_2>, &fst<StM32, false>);
    put_op(t, G_D9, 3, &fst<StSt, true>, &fst<StM32, true>);  // D9 D8+i: FSTP alias
    put_op(t, G_D9, 4, &by_rm<kD9_4>, &fldenv);
    put_op(t, G_D9, 5, &by_rm<kD9_5>, &fldcw);
    put_op(t, G_D9, 6, &by_rm<kD9_6>, &fnstenv);
    put_op(t, G_D9, 7, &by_rm<kD9_7>, &fnstcw);

    // DB: integer m32, extended m80, FNINIT/FNCLEX.
    put_op(t, G_DB, 0, nullptr, &fld<LdI32>);
    put_op(t, G_DB, 2, nullptr, &fst<StInt<uint32_t>, false>);
    put_op(t, G_DB, 3, nullptr, &fst<StInt<uint32_t>, true>);
    put_op(t, G_DB, 4, &by_rm<kDB_4>, nullptr);
    put_op(t, G_DB, 5, nullptr, &fld<LdM80>);
    put_op(t, G_DB, 7, nullptr, &fst<StM80, true>);

    // DD: double m64, FFREE, FST/FSTP ST(i), FUCOM, FNSAVE/FRSTOR, FNSTSW.
    put_op(t, G_DD, 0, &ffree, &fld<LdM64>);
    put_op(t, G_DD, 1, &fxch, nullptr);  // DD C8+i: FXCH alias
    put_op(t, G_DD, 2, &fst<StSt, false>, &fst<StM64, false>);
    put_op(t, G_DD, 3, &fst<StSt, true>, &fst<StM64, true>);
    put_op(t, G_DD, 6, nullptr, &fnsave);
    put_op(t, G_DD, 7, nullptr, &fnstsw_m);

    // DF: integer m16/m64, BCD, FNSTSW AX, and the undocumented aliases.
    put_op(t, G_DF, 0, &ffreep, &fld<LdI16>);
    put_op(t, G_DF, 1, &fxch, nullptr);
    put_op(t, G_DF, 2, &fst<StSt, true>, &fst<StInt<uint16_t>, false>);
    put_op(t, G_DF, 3, &fst<StSt, true>, &fst<StInt<uint16_t>, true>);
    put_op(t, G_DF, 4, &by_rm<kDF_4>, &fld<LdBcd>);
    put_op(t, G_DF, 5, nullptr, &fld<LdI64>);
    put_op(t, G_DF, 6, nullptr, &fst<StBcd, true>);
    put_op(t, G_DF, 7, nullptr, &fst<StInt<uint64_t>, true>);

    // P6: FCMOVcc (DA/DB C0-DF) and FCOMI/FUCOMI[P] (DB/DF E8-F7).
    if (p6) {
        put_op(t, G_DA, 0, &fcmov<0x2>, arith_row<SrcI32, false, false>(0));
        put_op(t, G_DA, 1, &fcmov<0x4>, arith_row<SrcI32, false, false>(1));
        put_op(t, G_DA, 2, &fcmov<0x6>, &fcom<SrcI32, false, 0>);
        put_op(t, G_DA, 3, &fcmov<0xA>, &fcom<SrcI32, false, 1>);
        put_op(t, G_DB, 0, &fcmov<0x3>, &fld<LdI32>);
        put_op(t, G_DB, 1, &fcmov<0x5>, nullptr);
        put_op(t, G_DB, 2, &fcmov<0x7>, &fst<StInt<uint32_t>, false>);
        put_op(t, G_DB, 3, &fcmov<0xB>, &fst<StInt<uint32_t>, true>);
        put_op(t, G_DB, 5, &fcomi<true, false>, &fld<LdM80>);
        put_op(t, G_DB, 6, &fcomi<false, false>, nullptr);
        put_op(t, G_DF, 5, &fcomi<true, true>, &fld<LdI64>);
        put_op(t, G_DF, 6, &fcomi<false, true>, &fst<StBcd, true>);
        // FXSAVE/FXRSTOR (0F AE /0 /1).
        OpDesc& o = t.two[0xAE];
        o = OpDesc{};
        o.decode = dec::MODRM | dec::VALID;
        o.group = G_0FAE;
        put_op(t, G_0FAE, 0, nullptr, &fxsave<false>);
        put_op(t, G_0FAE, 1, nullptr, &fxsave<true>);
    }

    // FWAIT also reports pending FPU exceptions on models with an FPU.
    set_op(t, 0, 0x9B, 0, {0, 0, BW_ONE(fwait)});
}

} // namespace bw::ops
