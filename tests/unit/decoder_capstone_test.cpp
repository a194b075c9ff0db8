// The decoder's instruction lengths, ModRM bytes and displacements against Capstone, an
// independent x86 decoder, for systematic and random byte strings in 16- and 32-bit code.
// Encodings Capstone accepts that Boxwood has not implemented yet (SSE, x87 on models with an
// FPU, ...) are counted, not compared; encodings Boxwood accepts must agree with Capstone.
#include <capstone/capstone.h>
#include <catch2/catch.hpp>
#include <cstdio>
#include <map>
#include <random>
#include <vector>
#include "cpu/cpu.h"
#include "cpu/decoder.h"

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
bool capstone_known_gap(const std::vector<uint8_t>& b, size_t prefix_len) {
    if (b.size() <= prefix_len) return false;
    uint8_t op = b[prefix_len];
    uint8_t reg = b.size() > prefix_len + 1 ? (b[prefix_len + 1] >> 3) & 7 : 0;
    if (op == 0x82 || op == 0xD6) return true;
    if ((op == 0xF6 || op == 0xF7) && reg == 1) return true;
    if ((op == 0xC0 || op == 0xC1 || (op >= 0xD0 && op <= 0xD3)) && reg == 6) return true;
    // REP/REPNE before a non-string instruction is ignored by the CPU (SDM Vol. 2, 2.1.1);
    // Capstone rejects some such forms or reads F2 as an MPX BND prefix.
    for (size_t k = 0; k < prefix_len; ++k)
        if ((b[k] == 0xF2 || b[k] == 0xF3) && !(op >= 0xA4 && op <= 0xAF) && !(op >= 0x6C && op <= 0x6F)) return true;
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

struct Tally {
    int compared = 0, agreed = 0, capstone_only = 0, known_gaps = 0;
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

    cs_insn* insn = nullptr;
    size_t n = cs_disasm(code32 ? r.cs32 : r.cs16, buf, 16, 0, 1, &insn);
    bool theirs_valid = n == 1;
    size_t theirs_len = theirs_valid ? insn[0].size : 0;
    int their_disp = theirs_valid ? int(insn[0].detail->x86.disp) : 0;
    uint8_t their_modrm = theirs_valid ? insn[0].detail->x86.modrm : 0;
    std::string text = theirs_valid ? std::string(insn[0].mnemonic) + " " + insn[0].op_str : "(invalid)";
    if (n) cs_free(insn, n);

    // x87 escapes are decoded by the FPU, which arrives with the 32-bit CPU work.
    uint8_t opcode = buf[prefix_length(bytes) < 16 ? prefix_length(bytes) : 0];
    if (opcode >= 0xD8 && opcode <= 0xDF) return;
    if (!ours_valid) {
        if (theirs_valid) ++t.capstone_only;
        return;
    }
    ++t.compared;
    char key[64];
    std::snprintf(key, sizeof key, "%s %02X %02X", code32 ? "32" : "16", buf[prefix_length(bytes)],
                  buf[prefix_length(bytes)] == 0x0F ? buf[prefix_length(bytes) + 1] : 0);
    bool agree = theirs_valid && theirs_len == i.len;
    if (agree && (i.flags & insn_flag::MEM) && i.modrm != their_modrm) agree = false;
    if (agree && (i.flags & insn_flag::MEM) && int(int32_t(i.disp)) != their_disp &&
        int(int16_t(i.disp)) != their_disp && !(i.a32() == false && (i.disp & 0xFFFF) == uint32_t(their_disp & 0xFFFF)))
        agree = false;
    if (agree) {
        ++t.agreed;
        return;
    }
    if (capstone_known_gap(bytes, prefix_length(bytes))) {
        ++t.known_gaps;
        return;
    }
    if (!t.disagreements.count(key)) {
        char msg[256];
        std::snprintf(msg, sizeof msg, "bytes %02X %02X %02X %02X %02X %02X: ours len %u, capstone len %zu (%s)",
                      buf[0], buf[1], buf[2], buf[3], buf[4], buf[5], i.len, theirs_len, text.c_str());
        t.disagreements[key] = msg;
    }
}

void report(const Tally& t) {
    std::string list;
    for (const auto& [k, v] : t.disagreements) list += k + ": " + v + "\n";
    INFO(list);
    INFO("compared " << t.compared << ", agreed " << t.agreed << ", Capstone-only encodings " << t.capstone_only
                     << ", known Capstone gaps " << t.known_gaps);
    CHECK(t.compared > 0);
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
