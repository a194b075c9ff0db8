// Differential tests of Boxwood's x87 against the host's x87: the same instruction with the
// same operands, control word and stack runs on both; the FNSAVE images (control, status and
// tag words, the eight registers) and any memory result must agree bit for bit. The host side
// is inline assembly (x86-64 hosts only); Boxwood runs the equivalent guest code in a P6.
//
// Each run: FNINIT; FLDCW cw; FLD m80 b; FLD m80 a (ST0 = a, ST1 = b); <instruction>;
// FNSAVE. FNSAVE does not wait, so unmasked exceptions are compared too.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>
#include "cpu/cpu.h"

#if defined(__x86_64__) || defined(__i386__)

using namespace bw;

namespace {

using HostFn = void (*)(const uint16_t* cw, const Float80* a, const Float80* b, uint8_t* mem, uint8_t* img);

#define BW_HOST(name, text)                                                                         \
    void name(const uint16_t* cw, const Float80* a, const Float80* b, uint8_t* mem, uint8_t* img) { \
        asm volatile("fninit\n\tfldcw (%0)\n\tfldt (%2)\n\tfldt (%1)\n\t" text "\n\tfnsave (%4)"    \
                     :                                                                              \
                     : "r"(cw), "r"(a), "r"(b), "r"(mem), "r"(img)                                  \
                     : "memory", "rax", "cc");                                                      \
    }

// Register forms.
BW_HOST(h_fadd, "fadd %%st(1), %%st")
BW_HOST(h_fsub, "fsub %%st(1), %%st")
BW_HOST(h_fsubr, "fsubr %%st(1), %%st")
BW_HOST(h_fmul, "fmul %%st(1), %%st")
BW_HOST(h_fdiv, "fdiv %%st(1), %%st")
BW_HOST(h_fdivr, "fdivr %%st(1), %%st")
BW_HOST(h_faddp, "faddp %%st, %%st(1)")
BW_HOST(h_fsubp_sti, ".byte 0xDE, 0xE9")   // ST(1) = ST(1) - ST(0), pop
BW_HOST(h_fsubrp_sti, ".byte 0xDE, 0xE1")  // ST(1) = ST(0) - ST(1), pop
BW_HOST(h_fdivp_sti, ".byte 0xDE, 0xF9")
BW_HOST(h_fdivrp_sti, ".byte 0xDE, 0xF1")
BW_HOST(h_fmul_sti, "fmul %%st, %%st(1)")
BW_HOST(h_fcom, "fcom %%st(1)")
BW_HOST(h_fcompp, "fcompp")
BW_HOST(h_fucom, "fucom %%st(1)")
BW_HOST(h_fucompp, "fucompp")
BW_HOST(h_fcomi, "fcomi %%st(1), %%st\n\tlahf\n\tmovb %%ah, (%3)")
BW_HOST(h_fucomip, "fucomip %%st(1), %%st\n\tlahf\n\tmovb %%ah, (%3)")
BW_HOST(h_ftst, "ftst")
BW_HOST(h_fxam, "fxam")
BW_HOST(h_fchs, "fchs")
BW_HOST(h_fabs, "fabs")
BW_HOST(h_fsqrt, "fsqrt")
BW_HOST(h_frndint, "frndint")
BW_HOST(h_fscale, "fscale")
BW_HOST(h_fxtract, "fxtract")
BW_HOST(h_fprem, "fprem")
BW_HOST(h_fprem1, "fprem1")
BW_HOST(h_fxch, "fxch %%st(1)")
BW_HOST(h_fst_st2, "fst %%st(2)")
BW_HOST(h_fstp_st1, "fstp %%st(1)")
BW_HOST(h_fcmovb, "fcomi %%st(1), %%st\n\tfcmovb %%st(1), %%st\n\tfcmovnbe %%st(2), %%st")
BW_HOST(h_consts, "fldpi\n\tfldl2e\n\tfldl2t\n\tfldlg2\n\tfldln2\n\tfld1")
BW_HOST(h_fincstp, "fincstp\n\tfdecstp\n\tfdecstp\n\tffree %%st(1)")
// Stack faults: underflow (ST(0) freed) and overflow (a ninth push).
BW_HOST(h_underflow_add, "ffree %%st(0)\n\tfadd %%st(1), %%st")
BW_HOST(h_underflow_fst, "ffree %%st(0)\n\tfsts (%3)")
BW_HOST(h_overflow, "fld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfldpi")
// Memory forms (operand at (%3)).
BW_HOST(h_fadd_m32, "fadds (%3)")
BW_HOST(h_fsub_m64, "fsubl (%3)")
BW_HOST(h_fdivr_m32, "fdivrs (%3)")
BW_HOST(h_fmul_m64, "fmull (%3)")
BW_HOST(h_fiadd_m16, "fiadds (%3)")
BW_HOST(h_fidiv_m32, "fidivl (%3)")
BW_HOST(h_fcom_m32, "fcoms (%3)")
BW_HOST(h_fcomp_m64, "fcompl (%3)")
BW_HOST(h_ficom_m16, "ficoms (%3)")
BW_HOST(h_fld_m32, "flds (%3)")
BW_HOST(h_fld_m64, "fldl (%3)")
BW_HOST(h_fild_m16, "filds (%3)")
BW_HOST(h_fild_m64, "fildll (%3)")
BW_HOST(h_fbld, "fbld (%3)")
BW_HOST(h_fst_m32, "fsts (%3)")
BW_HOST(h_fstp_m64, "fstpl (%3)")
BW_HOST(h_fstp_m80, "fstpt (%3)")
BW_HOST(h_fist_m16, "fists (%3)")
BW_HOST(h_fist_m32, "fistl (%3)")
BW_HOST(h_fistp_m64, "fistpll (%3)")
BW_HOST(h_fbstp, "fbstp (%3)")
// Transcendentals (compared within 1 ulp).
BW_HOST(h_f2xm1, "f2xm1")
BW_HOST(h_fyl2x, "fyl2x")
BW_HOST(h_fyl2xp1, "fyl2xp1")
BW_HOST(h_fpatan, "fpatan")
BW_HOST(h_fsin, "fsin")
BW_HOST(h_fcos, "fcos")
BW_HOST(h_fptan, "fptan")
BW_HOST(h_fsincos, "fsincos")

constexpr uint32_t kCw = 0x2000, kA = 0x2010, kB = 0x2020, kMem = 0x2030, kImg = 0x2100;
constexpr uint32_t kCode = 0x10000;

// Encodings: a memory operand is [disp32] (ModRM mod 00, rm 101).
std::vector<uint8_t> m(uint8_t op, unsigned reg) {
    return {op, uint8_t(0x05 | (reg << 3)), uint8_t(kMem), uint8_t(kMem >> 8), 0, 0};
}
std::vector<uint8_t> cat(std::vector<uint8_t> a, const std::vector<uint8_t>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}
const std::vector<uint8_t> kLahfStore = {0x9F, 0x88, 0x25, uint8_t(kMem), uint8_t(kMem >> 8), 0, 0};

enum class MemKind { NONE, M16, M32, M64, M80, BCD };

struct Case {
    const char* name;
    HostFn host;
    std::vector<uint8_t> code;
    MemKind mem;
    bool approx = false;  // transcendental: registers within 1 ulp, C1 ignored
    bool masked_only = false;  // a second waiting instruction would trap on the host
};

std::vector<Case> cases() {
    using K = MemKind;
    return {
        {"fadd", h_fadd, {0xD8, 0xC1}, K::NONE},
        {"fsub", h_fsub, {0xD8, 0xE1}, K::NONE},
        {"fsubr", h_fsubr, {0xD8, 0xE9}, K::NONE},
        {"fmul", h_fmul, {0xD8, 0xC9}, K::NONE},
        {"fdiv", h_fdiv, {0xD8, 0xF1}, K::NONE},
        {"fdivr", h_fdivr, {0xD8, 0xF9}, K::NONE},
        {"faddp", h_faddp, {0xDE, 0xC1}, K::NONE},
        {"fsubp st1", h_fsubp_sti, {0xDE, 0xE9}, K::NONE},
        {"fsubrp st1", h_fsubrp_sti, {0xDE, 0xE1}, K::NONE},
        {"fdivp st1", h_fdivp_sti, {0xDE, 0xF9}, K::NONE},
        {"fdivrp st1", h_fdivrp_sti, {0xDE, 0xF1}, K::NONE},
        {"fmul st1,st0", h_fmul_sti, {0xDC, 0xC9}, K::NONE},
        {"fcom", h_fcom, {0xD8, 0xD1}, K::NONE},
        {"fcompp", h_fcompp, {0xDE, 0xD9}, K::NONE},
        {"fucom", h_fucom, {0xDD, 0xE1}, K::NONE},
        {"fucompp", h_fucompp, {0xDA, 0xE9}, K::NONE},
        {"fcomi", h_fcomi, cat({0xDB, 0xF1}, kLahfStore), K::NONE},
        {"fucomip", h_fucomip, cat({0xDF, 0xE9}, kLahfStore), K::NONE},
        {"ftst", h_ftst, {0xD9, 0xE4}, K::NONE},
        {"fxam", h_fxam, {0xD9, 0xE5}, K::NONE},
        {"fchs", h_fchs, {0xD9, 0xE0}, K::NONE},
        {"fabs", h_fabs, {0xD9, 0xE1}, K::NONE},
        {"fsqrt", h_fsqrt, {0xD9, 0xFA}, K::NONE},
        {"frndint", h_frndint, {0xD9, 0xFC}, K::NONE},
        {"fscale", h_fscale, {0xD9, 0xFD}, K::NONE},
        {"fxtract", h_fxtract, {0xD9, 0xF4}, K::NONE},
        {"fprem", h_fprem, {0xD9, 0xF8}, K::NONE},
        {"fprem1", h_fprem1, {0xD9, 0xF5}, K::NONE},
        {"fxch", h_fxch, {0xD9, 0xC9}, K::NONE},
        {"fst st2", h_fst_st2, {0xDD, 0xD2}, K::NONE},
        {"fstp st1", h_fstp_st1, {0xDD, 0xD9}, K::NONE},
        {"fcomi+fcmovb/nbe", h_fcmovb, {0xDB, 0xF1, 0xDA, 0xC1, 0xDB, 0xD2}, K::NONE, false, true},
        {"constants", h_consts, {0xD9, 0xEB, 0xD9, 0xEA, 0xD9, 0xE9, 0xD9, 0xEC, 0xD9, 0xED, 0xD9, 0xE8}, K::NONE},
        {"fincstp/fdecstp/ffree", h_fincstp, {0xD9, 0xF7, 0xD9, 0xF6, 0xD9, 0xF6, 0xDD, 0xC1}, K::NONE},
        {"underflow fadd", h_underflow_add, {0xDD, 0xC0, 0xD8, 0xC1}, K::NONE},
        {"underflow fst m32", h_underflow_fst, cat({0xDD, 0xC0}, m(0xD9, 2)), K::M32},
        {"overflow", h_overflow, {0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xEB}, K::NONE},
        {"fadd m32", h_fadd_m32, m(0xD8, 0), K::M32},
        {"fsub m64", h_fsub_m64, m(0xDC, 4), K::M64},
        {"fdivr m32", h_fdivr_m32, m(0xD8, 7), K::M32},
        {"fmul m64", h_fmul_m64, m(0xDC, 1), K::M64},
        {"fiadd m16", h_fiadd_m16, m(0xDE, 0), K::M16},
        {"fidiv m32", h_fidiv_m32, m(0xDA, 6), K::M32},
        {"fcom m32", h_fcom_m32, m(0xD8, 2), K::M32},
        {"fcomp m64", h_fcomp_m64, m(0xDC, 3), K::M64},
        {"ficom m16", h_ficom_m16, m(0xDE, 2), K::M16},
        {"fld m32", h_fld_m32, m(0xD9, 0), K::M32},
        {"fld m64", h_fld_m64, m(0xDD, 0), K::M64},
        {"fild m16", h_fild_m16, m(0xDF, 0), K::M16},
        {"fild m64", h_fild_m64, m(0xDF, 5), K::M64},
        {"fbld", h_fbld, m(0xDF, 4), K::BCD},
        {"fst m32", h_fst_m32, m(0xD9, 2), K::M32},
        {"fstp m64", h_fstp_m64, m(0xDD, 3), K::M64},
        {"fstp m80", h_fstp_m80, m(0xDB, 7), K::M80},
        {"fist m16", h_fist_m16, m(0xDF, 2), K::M16},
        {"fist m32", h_fist_m32, m(0xDB, 2), K::M32},
        {"fistp m64", h_fistp_m64, m(0xDF, 7), K::M64},
        {"fbstp", h_fbstp, m(0xDF, 6), K::BCD},
        {"f2xm1", h_f2xm1, {0xD9, 0xF0}, K::NONE, true},
        {"fyl2x", h_fyl2x, {0xD9, 0xF1}, K::NONE, true},
        {"fyl2xp1", h_fyl2xp1, {0xD9, 0xF9}, K::NONE, true},
        {"fpatan", h_fpatan, {0xD9, 0xF3}, K::NONE, true},
        {"fsin", h_fsin, {0xD9, 0xFE}, K::NONE, true},
        {"fcos", h_fcos, {0xD9, 0xFF}, K::NONE, true},
        {"fptan", h_fptan, {0xD9, 0xF2}, K::NONE, true},
        {"fsincos", h_fsincos, {0xD9, 0xFB}, K::NONE, true},
    };
}

struct Inputs {
    uint16_t cw;
    Float80 a, b;
    uint8_t mem[16];
};
struct Result {
    uint8_t img[108];
    uint8_t mem[16];
};

struct Rig {
    PhysicalMemory mem{1u << 20};
    IoBus io;
    MmioBus mmio;
    Cpu cpu{CpuModel::p6, mem, io, mmio};

    bool run(const std::vector<uint8_t>& op, const Inputs& in, Result& out) {
        std::vector<uint8_t> code = {0xDB, 0xE3, 0xD9, 0x2D, uint8_t(kCw), uint8_t(kCw >> 8), 0, 0,
                                     0xDB, 0x2D, uint8_t(kB), uint8_t(kB >> 8), 0, 0,
                                     0xDB, 0x2D, uint8_t(kA), uint8_t(kA >> 8), 0, 0};
        code.insert(code.end(), op.begin(), op.end());
        for (uint8_t b : std::initializer_list<uint8_t>{0xDD, 0x35, uint8_t(kImg), uint8_t(kImg >> 8), 0, 0}) code.push_back(b);
        uint8_t* ram = mem.ram();
        std::memcpy(ram + kCode, code.data(), code.size());
        std::memcpy(ram + kCw, &in.cw, 2);
        std::memcpy(ram + kA, &in.a.sig, 8);
        std::memcpy(ram + kA + 8, &in.a.se, 2);
        std::memcpy(ram + kB, &in.b.sig, 8);
        std::memcpy(ram + kB + 8, &in.b.se, 2);
        std::memcpy(ram + kMem, in.mem, 16);
        cpu.load_segment_real(CS, uint16_t(kCode >> 4));
        cpu.s.seg[CS].access = 0x4093;
        cpu.s.seg[CS].limit = 0xFFFF;
        cpu.s.eip = 0;
        for (int n = 0; n < 40 && cpu.s.eip < code.size(); ++n) cpu.step();
        if (cpu.s.eip != code.size()) return false;
        std::memcpy(out.img, ram + kImg, 108);
        std::memcpy(out.mem, ram + kMem, 16);
        return true;
    }
};

Float80 f80(uint16_t se, uint64_t sig) { return Float80{sig, se}; }

std::vector<Float80> edge_values() {
    std::vector<Float80> v = {
        f80(0, 0), f80(0x8000, 0),                                                   // zeros
        f80(0, 1), f80(0x8000, 0x7FFFFFFFFFFFFFFF), f80(0, 0x4000000000000000),      // denormals
        f80(0, 0x8000000000000001), f80(0x8000, 0x8000000000000000),                 // pseudo-denormals
        f80(1, 0x8000000000000000), f80(0x8001, 0xFFFFFFFFFFFFFFFF),                 // smallest normals
        f80(0x7FFE, 0xFFFFFFFFFFFFFFFF), f80(0xFFFE, 0x8000000000000000),            // largest
        f80(0x7FFF, 0x8000000000000000), f80(0xFFFF, 0x8000000000000000),            // infinities
        f80(0x7FFF, 0xC000000000000001), f80(0xFFFF, 0xC000000000000000),            // QNaNs
        f80(0x7FFF, 0xE000000000000000), f80(0xFFFF, 0xC000000000000001),
        f80(0x7FFF, 0xA000000000000000), f80(0xFFFF, 0x8000000000000001),            // SNaNs
        f80(0x7FFF, 0xC000000000000001 ^ 0x4000000000000000 ^ 0x0000000000000010),
        f80(0x3FFF, 0x4000000000000000), f80(0x7FFF, 0), f80(0x7FFF, 0x4000000000000000),  // unsupported
        f80(0x3FFF, 0x8000000000000000), f80(0xBFFF, 0x8000000000000000),            // +-1
        f80(0x3FFF, 0xC000000000000000), f80(0x4000, 0xC000000000000000),            // 1.5, 3
        f80(0x3FFE, 0x8000000000000000), f80(0x4000, 0xA000000000000000),            // 0.5, 2.5
        f80(0xC000, 0xA000000000000000), f80(0x400D, 0xFFFF000000000000),            // -2.5, 32767.5
        f80(0x400E, 0x8000000000000000), f80(0xC00E, 0x8001000000000000),            // 32768, -32768.5
        f80(0x401D, 0xFFFFFFFF00000000), f80(0x401E, 0xFFFFFFFF80000000),            // 2^31-1 +.5
        f80(0x403D, 0xFFFFFFFFFFFFFFFF), f80(0x403E, 0x8000000000000000), f80(0xC03E, 0x8000000000000000),
        f80(0x4000, 0xC90FDAA22168C235), f80(0x3FFB, 0xCCCCCCCCCCCCCCCD),            // pi, 0.1
        f80(0x3FFF, 0x8000010000000000), f80(0x3FFF, 0x8000008000000000),            // single ties
        f80(0x3FFF, 0x8000000000000800), f80(0x3FFF, 0x8000000000000400),            // double ties
        f80(0x3FFF, 0xFFFFFF8000000000), f80(0x3FFF, 0xFFFFFFFFFFFFFC00),
        f80(0x407E, 0xFFFFFF8000000000), f80(0x43FE, 0xFFFFFFFFFFFFFC00),            // single/double max
        f80(0x3F81, 0x8000000000000000), f80(0x3F6A, 0xC000000000000000),            // single min normal/denormal
        f80(0x3C01, 0x8000000000000000), f80(0x3BCD, 0x8000000000000001),            // double min
        f80(0x0002, 0xC000000000000001), f80(0x0040, 0x8000000000000000), f80(0x7FC0, 0x8000000000000000),
        f80(0x4034, 0xDE0B6B3A763FFFF0), f80(0x4037, 0xFFFFFFFFFFFFFFFF),            // BCD range
    };
    return v;
}

uint64_t rnd(std::mt19937_64& r) { return r(); }

Float80 random_value(std::mt19937_64& r, int kind) {
    uint64_t sig = rnd(r) | 0x8000000000000000ull;
    uint16_t sign = (r() & 1) ? 0x8000 : 0;
    switch (kind) {
    case 0: return f80(uint16_t(sign | (0x3FFF - 70 + r() % 140)), sig);  // ordinary magnitudes
    case 1: return f80(uint16_t(sign | (r() % 0x7FFF)), sig);             // any exponent
    case 2: return f80(uint16_t(sign | (r() % 80)), (r() & 1) ? sig : sig >> (r() % 64));  // tiny
    case 3: return f80(uint16_t(sign | (0x7FFE - r() % 80)), sig);        // huge
    default: {  // short significands (exact cases, ties)
        uint64_t s = sig & ~((uint64_t(1) << (r() % 64)) - 1);
        return f80(uint16_t(sign | (0x3FFF - 20 + r() % 90)), s | 0x8000000000000000ull);
    }
    }
}

// Memory operand bit patterns per kind.
void memory_value(std::mt19937_64& r, MemKind k, uint8_t* out, unsigned idx) {
    std::memset(out, 0, 16);
    static const uint32_t e32[] = {0, 0x80000000, 1, 0x807FFFFF, 0x00800000, 0x7F7FFFFF, 0x7F800000, 0xFF800000,
                                   0x7FC00000, 0xFFC00001, 0x7FA00000, 0x7F800001, 0x3F800000, 0xBFC00000,
                                   0x7FFFFFFF, 0x80000001, 0x00400000, 0x4B000001};
    static const uint64_t e64[] = {0, 0x8000000000000000ull, 1, 0x000FFFFFFFFFFFFFull, 0x0010000000000000ull,
                                   0x7FEFFFFFFFFFFFFFull, 0x7FF0000000000000ull, 0xFFF8000000000000ull,
                                   0x7FF4000000000000ull, 0x7FF0000000000001ull, 0x3FF0000000000000ull,
                                   0xC008000000000000ull, 0x7FFFFFFFFFFFFFFFull, 0x0008000000000000ull,
                                   0x43E0000000000000ull};
    static const uint16_t e16[] = {0, 1, 0xFFFF, 0x7FFF, 0x8000, 0x8001, 3, 0xFFFD};
    uint64_t x = r();
    switch (k) {
    case MemKind::M16: {
        uint16_t v = idx < 8 ? e16[idx] : uint16_t(x);
        std::memcpy(out, &v, 2);
        break;
    }
    case MemKind::M32: {
        uint32_t v = idx < 18 ? e32[idx] : (x & 1) ? uint32_t(x >> 1) : uint32_t(0x3F000000 + (x % 0x02000000));
        std::memcpy(out, &v, 4);
        break;
    }
    case MemKind::M64: {
        uint64_t v = idx < 15 ? e64[idx] : (x & 1) ? x : 0x3FE0000000000000ull + (x % 0x0080000000000000ull);
        std::memcpy(out, &v, 8);
        break;
    }
    case MemKind::BCD:
        for (unsigned k2 = 0; k2 < 9; ++k2) out[k2] = uint8_t((r() % 10) << 4 | (r() % 10));
        out[9] = (x & 1) ? 0x80 : 0;
        if (idx == 0) std::memset(out, 0, 9);
        break;
    default:
        for (unsigned k2 = 0; k2 < 16; ++k2) out[k2] = uint8_t(r());
        break;
    }
}

// Control words: every rounding control with every precision control, all masked; and a few
// with exceptions unmasked.
std::vector<uint16_t> control_words() {
    std::vector<uint16_t> v;
    for (unsigned rc = 0; rc < 4; ++rc)
        for (unsigned pc = 0; pc < 4; ++pc) v.push_back(uint16_t(0x037F & ~0x0F00) | uint16_t(rc << 10 | pc << 8) | 0x40);
    for (unsigned rc = 0; rc < 4; ++rc) v.push_back(uint16_t(0x0340 | rc << 10));       // all unmasked, extended
    v.push_back(0x0040 | 0x0000 | 0x3D);  // only DE unmasked... single precision
    v.push_back(0x0240 | 0x27);           // OE, UE unmasked, double
    return v;
}

Float80 reg_of(const Result& r, unsigned k) {
    Float80 v;
    std::memcpy(&v.sig, r.img + 28 + 10 * k, 8);
    std::memcpy(&v.se, r.img + 36 + 10 * k, 2);
    return v;
}
uint16_t word(const Result& r, unsigned off) {
    uint16_t w;
    std::memcpy(&w, r.img + off, 2);
    return w;
}

// Distance in ulps between two finite extended values of the same sign (large if not comparable).
uint64_t ulps(Float80 a, Float80 b) {
    if (a == b) return 0;
    if (a.sign() != b.sign() || a.exp() == 0x7FFF || b.exp() == 0x7FFF) return ~0ull;
    auto key = [](Float80 v) { return (__int128(v.exp()) << 63) + __int128(v.sig & 0x7FFFFFFFFFFFFFFFull); };
    __int128 d = key(a) - key(b);
    return uint64_t(d < 0 ? -d : d);
}

std::string hex(Float80 v) {
    char b[40];
    std::snprintf(b, sizeof b, "%04X:%016llX", v.se, (unsigned long long)v.sig);
    return b;
}

struct Tally {
    long runs = 0, agreed = 0, failed_to_run = 0;
    int printed = 0;
};

bool compare(const Case& c, const Inputs& in, const Result& h, const Result& b, Tally& t) {
    bool ok = true;
    uint16_t sw_mask = c.approx ? uint16_t(~fsw::C1) : 0xFFFF;
    if (word(h, 0) != word(b, 0) || ((word(h, 4) ^ word(b, 4)) & sw_mask) || word(h, 8) != word(b, 8)) ok = false;
    const unsigned top_of_stack = (word(h, 4) >> 11) & 7;
    for (unsigned k = 0; k < 8 && ok; ++k) {
        if (((word(h, 8) >> (2 * ((top_of_stack + k) & 7))) & 3) == 3) continue;  // empty: stale contents
        Float80 x = reg_of(h, k), y = reg_of(b, k);
        if (c.approx ? ulps(x, y) > 1 : !(x == y)) ok = false;
    }
    if (std::memcmp(h.mem, b.mem, 16) != 0) ok = false;
    if (!ok && t.printed < 6) {
        ++t.printed;
        std::printf("  %s cw=%04X a=%s b=%s mem=%016llX\n    host: sw=%04X tw=%04X", c.name, in.cw, hex(in.a).c_str(),
                    hex(in.b).c_str(), (unsigned long long)*reinterpret_cast<const uint64_t*>(in.mem), word(h, 4), word(h, 8));
        for (unsigned k = 0; k < 3; ++k) std::printf(" st%u=%s", k, hex(reg_of(h, k)).c_str());
        std::printf(" mem=%016llX\n    bw:   sw=%04X tw=%04X", (unsigned long long)*reinterpret_cast<const uint64_t*>(h.mem),
                    word(b, 4), word(b, 8));
        for (unsigned k = 0; k < 3; ++k) std::printf(" st%u=%s", k, hex(reg_of(b, k)).c_str());
        std::printf(" mem=%016llX\n", (unsigned long long)*reinterpret_cast<const uint64_t*>(b.mem));
    }
    return ok;
}

// Operands suited to the transcendental's domain (the SDM's stated ranges).
void transcendental_operands(const char* name, std::mt19937_64& r, Inputs& in) {
    std::uniform_real_distribution<double> u(-1, 1);
    auto ld = [](long double v) {
        Float80 f;
        std::memcpy(&f.sig, &v, 8);
        std::memcpy(&f.se, reinterpret_cast<const uint8_t*>(&v) + 8, 2);
        return f;
    };
    long double x = u(r), y = u(r) * 100;
    x += (long double)u(r) * 1e-17L;
    if (!std::strcmp(name, "fyl2x")) x = std::fabs(x) * std::pow(10.0L, (long double)(r() % 40) - 20) + 1e-30L;
    if (!std::strcmp(name, "fyl2xp1")) x *= 0.29L;
    if (!std::strcmp(name, "fpatan")) x *= 100;
    if (!std::strcmp(name, "fsin") || !std::strcmp(name, "fcos") || !std::strcmp(name, "fsincos") ||
        !std::strcmp(name, "fptan"))
        x *= (r() & 1) ? 0.78L : 50.0L;
    in.a = ld(x);
    in.b = ld(y);
}

} // namespace

TEST_CASE("x87 instructions agree with the host FPU bit for bit", "[fpu][host]") {
    Rig rig;
    std::mt19937_64 r(12345);
    const auto edges = edge_values();
    const auto cws = control_words();
    long total_runs = 0, total_agreed = 0;
    long exact_runs = 0, exact_agreed = 0;
    for (const Case& c : cases()) {
        Tally t;
        std::vector<Inputs> inputs;
        for (uint16_t cw : cws) {
            if (c.masked_only && (cw & 0x3F) != 0x3F) continue;
            if (c.approx) {
                for (int n = 0; n < 300; ++n) {
                    Inputs in{uint16_t(cw | 0x3F), {}, {}, {}};  // masked: accuracy only
                    in.cw = uint16_t((in.cw & ~0x0300) | 0x0300);
                    transcendental_operands(c.name, r, in);
                    inputs.push_back(in);
                }
                continue;
            }
            unsigned idx = 0;
            for (const Float80& a : edges)
                for (const Float80& b : edges) {
                    if ((r() & 3) && c.mem != MemKind::NONE) continue;  // memory forms vary the memory instead
                    Inputs in{cw, a, b, {}};
                    memory_value(r, c.mem, in.mem, idx++ % 24);
                    inputs.push_back(in);
                }
            for (int n = 0; n < 400; ++n) {
                Inputs in{cw, random_value(r, int(r() % 5)), random_value(r, int(r() % 5)), {}};
                if (n % 4 == 0) {  // near-cancellation pairs
                    in.b = in.a;
                    in.b.sig ^= r() & ((uint64_t(1) << (r() % 64)) - 1);
                    if (r() & 1) in.b.se ^= 0x8000;
                }
                if (n % 4 == 1) in.b.se = uint16_t((in.b.se & 0x8000) | ((r() % 16) + 0x3FFF - 8));  // small FSCALE factors
                memory_value(r, c.mem, in.mem, 100 + n);
                inputs.push_back(in);
            }
        }
        for (const Inputs& in : inputs) {
            Result h{}, b{};
            std::memcpy(h.mem, in.mem, 16);
            c.host(&in.cw, &in.a, &in.b, h.mem, h.img);
            ++t.runs;
            if (!rig.run(c.code, in, b)) {
                ++t.failed_to_run;
                continue;
            }
            if (compare(c, in, h, b, t)) ++t.agreed;
        }
        std::printf("%-22s %7ld runs, %7ld agree%s\n", c.name, t.runs, t.agreed, c.approx ? " (within 1 ulp)" : "");
        total_runs += t.runs;
        total_agreed += t.agreed;
        if (!c.approx) {
            exact_runs += t.runs;
            exact_agreed += t.agreed;
        }
        CHECK(t.failed_to_run == 0);
        CHECK(t.agreed == t.runs);
    }
    std::printf("total: %ld runs, %ld agree (bit-exact forms: %ld of %ld)\n", total_runs, total_agreed, exact_agreed,
                exact_runs);
}

#endif
