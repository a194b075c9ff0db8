// The decoder's instruction lengths, ModRM bytes and displacements against Capstone, an
// independent x86 decoder, for systematic and random byte strings in 16- and 32-bit code, and
// for every encoding both accept, the mnemonic (cpu/mnemonics.h, after the alias table below)
// and the register operands: Capstone's X86_OP_REG operands and memory base/index registers
// against ours (ModRM.reg, ModRM.rm, base/index by operand and address size).
// Encodings Capstone accepts that Boxwood has not implemented yet (SSE, FISTTP, ...) are
// counted, not compared; encodings Boxwood accepts must agree with Capstone.
#include <capstone/capstone.h>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstring>
#include <map>
#include <random>
#include <utility>
#include <vector>
#include "cpu/cpu.h"
#include "cpu/decoder.h"
#include "cpu/mnemonics.h"

using namespace bw;

namespace {

struct Rig {
    PhysicalMemory mem{1u << 20};
    IoBus io;
    MmioBus mmio;
    Cpu cpu{CpuModel::p6, mem, io, mmio};
    csh cs16 = 0, cs32 = 0;

    Rig() {
        REQUIRE(cs_open(CS_ARCH_X86, CS_MODE_16, &cs16) == CS_ERR_OK);
        REQUIRE(cs_open(CS_ARCH_X86, CS_MODE_32, &cs32) == CS_ERR_OK);
        cs_option(cs16, CS_OPT_DETAIL, CS_OPT_ON);
        cs_option(cs32, CS_OPT_DETAIL, CS_OPT_ON);
    }
    ~Rig() {
        cs_close(&cs16);
        cs_close(&cs32);
    }

    void set_mode(bool code32) {
        cpu.load_segment_real(CS, 0x1000);
        cpu.s.seg[CS].access = code32 ? 0x4093 : 0x0093;
        cpu.s.seg[CS].limit = 0xFFFF;
    }
};

// Capstone's own departures from the SDM, settled by the manual:
// - 0x82 (an alias of 0x80, valid outside 64-bit mode; SDM Vol. 2, table A-2 marks it i64)
// - 0xD6 SALC and F6/F7 /1 (undocumented aliases Intel parts execute)
// - 0xC0/C1 /6, D0-D3 /6 (SAL alias; SDM Vol. 2, table A-6 leaves the slot blank, Intel parts
//   execute SHL)
// - REP/REPNE before a non-string instruction is ignored by the CPU (SDM Vol. 2, 2.1.1);
//   Capstone rejects some such forms or reads F2 as an MPX BND prefix.
// Mnemonics and registers (Capstone 4):
// - 66 before F2/F3: Capstone drops the operand-size prefix (it reads 66 F2/F3 as the start of
//   an SSE mandatory-prefix sequence) and names the other-size form, e.g. "66 F3 A5" as
//   "rep movsd" in 32-bit code. Prefix order is free (SDM Vol. 2, 2.1.1): it is REP MOVSW.
// - F2 A5 (operand size 32): Capstone prints "movsd" without the REPNE prefix (its name for
//   the SSE2 MOVSD, F2 0F 10, collides); the SDM's REP/REPNE page makes it REPNE MOVSD.
// - 98/99: Capstone names CWDE/CDQ in all 16-bit code, and in 32-bit code names CBW/CWD only
//   when 66 is the byte right before the opcode ("66 36 98" is CBW, Capstone says "cwde");
//   SDM Vol. 2, CBW/CWDE/CDQE and CWD/CDQ/CQO: the operand-size attribute selects.
// - E3: likewise Capstone switches JCXZ/JECXZ only when 67 is the byte right before the
//   opcode ("67 64 E3"); SDM Vol. 2, Jcc: the address-size attribute selects JCXZ or JECXZ.
bool capstone_known_gap(const std::vector<uint8_t>& b, size_t prefix_len, bool code32) {
    if (b.size() <= prefix_len) return false;
    uint8_t op = b[prefix_len];
    uint8_t reg = b.size() > prefix_len + 1 ? (b[prefix_len + 1] >> 3) & 7 : 0;
    if (op == 0x82 || op == 0xD6) return true;
    if ((op == 0xF6 || op == 0xF7) && reg == 1) return true;
    if ((op == 0xC0 || op == 0xC1 || (op >= 0xD0 && op <= 0xD3)) && reg == 6) return true;
    bool osize = false, asize = false, osize_then_rep = false, repne = false;
    for (size_t k = 0; k < prefix_len; ++k) {
        switch (b[k]) {
        case 0x66: osize = true; break;
        case 0x67: asize = true; break;
        case 0xF2: repne = true; osize_then_rep |= osize; break;
        case 0xF3: osize_then_rep |= osize; break;
        }
    }
    for (size_t k = 0; k < prefix_len; ++k)
        if ((b[k] == 0xF2 || b[k] == 0xF3) && !(op >= 0xA4 && op <= 0xAF) && !(op >= 0x6C && op <= 0x6F)) return true;
    if (osize_then_rep) return true;
    if (op == 0xA5 && repne && code32 != osize) return true;
    uint8_t last_prefix = prefix_len ? b[prefix_len - 1] : 0;
    if ((op == 0x98 || op == 0x99) && (!code32 || (osize && last_prefix != 0x66))) return true;
    if (op == 0xE3 && asize && last_prefix != 0x67) return true;
    return false;
}

size_t prefix_length(const std::vector<uint8_t>& b) {
    size_t n = 0;
    while (n < b.size()) {
        switch (b[n]) {
        case 0x26: case 0x2E: case 0x36: case 0x3E: case 0x64: case 0x65: case 0x66: case 0x67:
        case 0xF0: case 0xF2: case 0xF3: ++n; continue;
        }
        break;
    }
    return n;
}

// Spellings where Capstone and the SDM name the same instruction differently (cosmetic only),
// Capstone's name first. Applied to Capstone's side before comparing.
// - PUSHA/PUSHAD, POPA/POPAD: Capstone uses the AT&T-style w/l suffixes (SDM Vol. 2, PUSHA/PUSHAD).
// - JMP/CALL far (EA, 9A, FF /3, FF /5): Capstone prints AT&T's ljmp/lcall (SDM Vol. 2, JMP, CALL).
// - SAL is SHL (SDM Vol. 2, "SAL/SAR/SHL/SHR": the same opcode); Capstone names the /6 alias SAL.
// - F3 90 is PAUSE, which executes as NOP on processors before the Pentium 4 (SDM Vol. 2, PAUSE);
//   the decoder reads it as a REP prefix on NOP.
// - D9 D8+i: Capstone's internal name "fstpnce" for the undocumented FSTP ST(i) alias.
// - DB E0/E1: Capstone's "feni8087_nop"/"fdisi8087_nop" for FNENI/FNDISI (8087 opcodes that the
//   387 and later execute as no-ops, SDM Vol. 2, FNOP / table A-15 leaves them blank).
const std::map<std::string, std::string> kMnemonicAlias = {
    {"pushal", "pushad"}, {"pushaw", "pusha"}, {"popal", "popad"}, {"popaw", "popa"},
    {"ljmp", "jmp"}, {"lcall", "call"}, {"sal", "shl"}, {"pause", "nop"},
    {"fstpnce", "fstp"}, {"feni8087_nop", "fneni"}, {"fdisi8087_nop", "fndisi"},
};

// Capstone prints LOCK as part of the mnemonic ("lock add"); the SDM treats it as a prefix
// (Vol. 2, 2.1.1), so it is split off here and checked against the decoder's LOCK flag.
// It also names F2/F3 before branches and XCHG/LOCK forms by the meaning later processors
// give them: "bnd" (MPX, SDM Vol. 1, 17.4: F2 before a near branch) and "xacquire"/"xrelease"
// (HLE, SDM Vol. 2, XACQUIRE/XRELEASE). Processors without those features ignore the prefix
// (the P6 among them), so the hint is dropped.
std::string normalise_mnemonic(const char* capstone, bool& lock) {
    for (const char* hint : {"bnd ", "xacquire ", "xrelease "})
        if (std::strncmp(capstone, hint, std::strlen(hint)) == 0) capstone += std::strlen(hint);
    lock = std::strncmp(capstone, "lock ", 5) == 0;
    if (lock) capstone += 5;
    auto it = kMnemonicAlias.find(capstone);
    return it == kMnemonicAlias.end() ? std::string(capstone) : it->second;
}

// Capstone register ids by operand class and register number.
constexpr x86_reg kGpr8[8] = {X86_REG_AL, X86_REG_CL, X86_REG_DL, X86_REG_BL, X86_REG_AH, X86_REG_CH, X86_REG_DH, X86_REG_BH};
constexpr x86_reg kGpr16[8] = {X86_REG_AX, X86_REG_CX, X86_REG_DX, X86_REG_BX, X86_REG_SP, X86_REG_BP, X86_REG_SI, X86_REG_DI};
constexpr x86_reg kGpr32[8] = {X86_REG_EAX, X86_REG_ECX, X86_REG_EDX, X86_REG_EBX, X86_REG_ESP, X86_REG_EBP, X86_REG_ESI, X86_REG_EDI};
constexpr x86_reg kSreg[8] = {X86_REG_ES, X86_REG_CS, X86_REG_SS, X86_REG_DS, X86_REG_FS, X86_REG_GS, X86_REG_INVALID, X86_REG_INVALID};
constexpr x86_reg kCr[8] = {X86_REG_CR0, X86_REG_CR1, X86_REG_CR2, X86_REG_CR3, X86_REG_CR4, X86_REG_CR5, X86_REG_CR6, X86_REG_CR7};
constexpr x86_reg kDr[8] = {X86_REG_DR0, X86_REG_DR1, X86_REG_DR2, X86_REG_DR3, X86_REG_DR4, X86_REG_DR5, X86_REG_DR6, X86_REG_DR7};
constexpr x86_reg kSt[8] = {X86_REG_ST0, X86_REG_ST1, X86_REG_ST2, X86_REG_ST3, X86_REG_ST4, X86_REG_ST5, X86_REG_ST6, X86_REG_ST7};

x86_reg capstone_reg(RegClass cls, unsigned num) {
    switch (cls) {
    case RegClass::gpr8: return kGpr8[num & 7];
    case RegClass::gpr16: return kGpr16[num & 7];
    case RegClass::gpr32: return kGpr32[num & 7];
    case RegClass::sreg: return kSreg[num & 7];
    case RegClass::cr: return kCr[num & 7];
    case RegClass::dr: return kDr[num & 7];
    case RegClass::st: return kSt[num & 7];
    }
    return X86_REG_INVALID;
}

x86_reg address_reg(uint8_t r, bool a32) {
    if (r > 7) return X86_REG_INVALID;  // REG_ZERO: no register
    return a32 ? kGpr32[r] : kGpr16[r];
}

// Register operands as a comparable list: a register is one entry, a memory operand is a
// marker followed by its base and index registers; immediates are left out.
using RegList = std::vector<int>;
constexpr int kMemMarker = -1;

RegList our_registers(const Insn& i) {
    Operand ops[3];
    unsigned n = operands(i, ops);
    RegList out;
    for (unsigned k = 0; k < n; ++k) {
        if (ops[k].kind == OperandKind::reg) {
            out.push_back(capstone_reg(ops[k].cls, ops[k].num));
        } else if (ops[k].kind == OperandKind::mem) {
            uint8_t base = ops[k].base, index = ops[k].index;
            // 16-bit [SI] and [DI] (SDM Vol. 2, table 2-1) have no base/index distinction; the
            // decoder files them as index, Capstone as base.
            if (!ops[k].a32 && base > 7 && index <= 7) std::swap(base, index);
            out.push_back(kMemMarker);
            out.push_back(address_reg(base, ops[k].a32));
            out.push_back(address_reg(index, ops[k].a32));
        }
    }
    return out;
}

// 8E (MOV Sreg, r/m16): Capstone names the 32-bit register when the operand size is 32; the
// SDM encoding is r/m16 (SDM Vol. 2, MOV: "MOV Sreg, r/m16"), so EAX..EDI become AX..DI here.
int capstone_operand_reg(const Insn& i, x86_reg r) {
    if (i.map == 0 && i.opcode == 0x8E)
        for (unsigned k = 0; k < 8; ++k)
            if (r == kGpr32[k]) return kGpr16[k];
    return r;
}

RegList capstone_registers(const Insn& i, const cs_x86& x) {
    RegList out;
    for (unsigned k = 0; k < x.op_count; ++k) {
        const cs_x86_op& o = x.operands[k];
        if (o.type == X86_OP_REG) {
            out.push_back(capstone_operand_reg(i, o.reg));
        } else if (o.type == X86_OP_MEM) {
            out.push_back(kMemMarker);
            out.push_back(o.mem.base);
            out.push_back(o.mem.index);
        }
    }
    return out;
}

// Register-operand normalisation:
// - x87 (D8-DF): Capstone lists ST(0) inconsistently (D8 C1 is "fadd st(1)" where the SDM writes
//   FADD ST(0), ST(i); the undocumented aliases list "st(0), st(1), st(0)"), so ST(0) is dropped
//   from both lists and the ST(i) named by ModRM.rm is what is compared.
void normalise_registers(const Insn& i, RegList& ours, RegList& theirs) {
    if (i.map == 0 && i.opcode >= 0xD8 && i.opcode <= 0xDF) {
        std::erase(ours, int(X86_REG_ST0));
        std::erase(theirs, int(X86_REG_ST0));
    }
}

std::string reg_names(csh h, const RegList& l) {
    std::string s;
    for (int r : l) {
        if (!s.empty()) s += ",";
        s += r == kMemMarker ? "mem:" : r == X86_REG_INVALID ? "-" : cs_reg_name(h, unsigned(r));
    }
    return s;
}

struct Tally {
    int compared = 0, agreed = 0, capstone_only = 0, known_gaps = 0;
    int mnemonics_compared = 0, mnemonics_agreed = 0, registers_compared = 0, registers_agreed = 0;
    std::map<std::string, std::string> disagreements;  // first example per leading bytes
};

void compare_one(Rig& r, bool code32, const std::vector<uint8_t>& bytes, Tally& t) {
    uint8_t buf[16] = {};
    for (size_t k = 0; k < bytes.size() && k < 16; ++k) buf[k] = bytes[k];
    for (unsigned k = 0; k < 16; ++k) r.cpu.write_phys8(0x10000 + k, buf[k]);
    r.set_mode(code32);
    Insn i;
    decode(r.cpu, 0, i);
    bool ours_valid = i.fn != &op_undefined && i.fn != &op_too_long;
    const char* our_mn = ours_valid ? mnemonic(i) : nullptr;
    // The x87 register forms that ModRM.rm selects (D9 E0-FF, ...) are resolved when they run,
    // so the decoder accepts the whole row; the mnemonic table says which encodings exist.
    bool x87 = i.map == 0 && i.opcode >= 0xD8 && i.opcode <= 0xDF;
    if (x87 && !our_mn) ours_valid = false;

    csh h = code32 ? r.cs32 : r.cs16;
    cs_insn* insn = nullptr;
    size_t n = cs_disasm(h, buf, 16, 0, 1, &insn);
    bool theirs_valid = n == 1;
    size_t theirs_len = theirs_valid ? insn[0].size : 0;
    int their_disp = theirs_valid ? int(insn[0].detail->x86.disp) : 0;
    uint8_t their_modrm = theirs_valid ? insn[0].detail->x86.modrm : 0;
    std::string text = theirs_valid ? std::string(insn[0].mnemonic) + " " + insn[0].op_str : "(invalid)";
    bool their_lock = false;
    std::string their_mn = theirs_valid ? normalise_mnemonic(insn[0].mnemonic, their_lock) : "";
    RegList their_regs = theirs_valid ? capstone_registers(i, insn[0].detail->x86) : RegList{};
    if (n) cs_free(insn, n);

    if (!ours_valid) {
        if (theirs_valid) ++t.capstone_only;
        return;
    }
    ++t.compared;
    size_t pl = prefix_length(bytes);
    char key[64];
    std::snprintf(key, sizeof key, "%s %02X %02X", code32 ? "32" : "16", buf[pl], buf[pl] == 0x0F || x87 ? buf[pl + 1] : 0);
    bool agree = theirs_valid && theirs_len == i.len;
    if (agree && (i.flags & insn_flag::MEM) && i.modrm != their_modrm) agree = false;
    if (agree && (i.flags & insn_flag::MEM) && int(int32_t(i.disp)) != their_disp &&
        int(int16_t(i.disp)) != their_disp && !(i.a32() == false && (i.disp & 0xFFFF) == uint32_t(their_disp & 0xFFFF)))
        agree = false;
    std::string what = agree ? "" : "length/ModRM/displacement";
    if (agree) {
        // Both decoders accept the encoding with the same length: names and registers.
        ++t.mnemonics_compared;
        if (our_mn && their_mn == our_mn && their_lock == bool(i.flags & insn_flag::LOCK)) ++t.mnemonics_agreed;
        else agree = false, what = "mnemonic";
    }
    RegList our_regs;
    if (agree) {
        our_regs = our_registers(i);
        normalise_registers(i, our_regs, their_regs);
        ++t.registers_compared;
        if (our_regs == their_regs) ++t.registers_agreed;
        else agree = false, what = "registers";
    }
    if (agree) {
        ++t.agreed;
        return;
    }
    if (capstone_known_gap(bytes, pl, code32)) {
        ++t.known_gaps;
        return;
    }
    if (!t.disagreements.count(key)) {
        char msg[512];
        std::snprintf(msg, sizeof msg,
                      "%s: bytes %02X %02X %02X %02X %02X %02X: ours len %u '%s' [%s], capstone len %zu '%s' [%s]",
                      what.c_str(), buf[0], buf[1], buf[2], buf[3], buf[4], buf[5], i.len, our_mn ? our_mn : "(none)",
                      reg_names(h, our_regs).c_str(), theirs_len, text.c_str(), reg_names(h, their_regs).c_str());
        t.disagreements[key] = msg;
    }
}

void report(const Tally& t) {
    std::string list;
    for (const auto& [k, v] : t.disagreements) list += k + ": " + v + "\n";
    INFO(list);
    INFO("compared " << t.compared << ", agreed " << t.agreed << " (mnemonics " << t.mnemonics_agreed << "/"
                     << t.mnemonics_compared << ", registers " << t.registers_agreed << "/" << t.registers_compared
                     << "), Capstone-only encodings " << t.capstone_only << ", known Capstone gaps " << t.known_gaps);
    std::printf("compared %d, agreed %d (mnemonics %d/%d, registers %d/%d), Capstone-only %d, known gaps %d\n",
                t.compared, t.agreed, t.mnemonics_agreed, t.mnemonics_compared, t.registers_agreed,
                t.registers_compared, t.capstone_only, t.known_gaps);
    CHECK(t.compared > 0);
    CHECK(t.mnemonics_compared > 0);
    CHECK(t.registers_compared > 0);
    CHECK(t.disagreements.empty());
}

} // namespace

TEST_CASE("Decoder agrees with Capstone on every one-byte and 0F opcode with systematic ModRM bytes (SDM Vol. 2, 2.1 and appendix A)") {
    Rig r;
    for (bool code32 : {false, true}) {
        Tally t;
        for (unsigned map = 0; map < 2; ++map)
            for (unsigned op = 0; op < 256; ++op)
                for (unsigned modrm = 0; modrm < 256; ++modrm) {
                    std::vector<uint8_t> b;
                    if (map) b.push_back(0x0F);
                    b.push_back(uint8_t(op));
                    b.push_back(uint8_t(modrm));
                    // A SIB byte and displacement/immediate bytes that are easy to recognise.
                    for (uint8_t x : {0x24, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99}) b.push_back(x);
                    compare_one(r, code32, b, t);
                }
        INFO((code32 ? "32-bit code" : "16-bit code"));
        report(t);
    }
}

TEST_CASE("Decoder agrees with Capstone on random byte strings with prefixes (SDM Vol. 2, 2.1.1)") {
    Rig r;
    std::mt19937 rng(12345);  // fixed seed: the same strings every run
    const uint8_t prefixes[] = {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67, 0xF2, 0xF3};
    for (bool code32 : {false, true}) {
        Tally t;
        for (int n = 0; n < 60000; ++n) {
            std::vector<uint8_t> b;
            unsigned np = rng() % 3;
            for (unsigned k = 0; k < np; ++k) b.push_back(prefixes[rng() % sizeof prefixes]);
            while (b.size() < 15) b.push_back(uint8_t(rng()));
            compare_one(r, code32, b, t);
        }
        INFO((code32 ? "32-bit code" : "16-bit code"));
        report(t);
    }
}
