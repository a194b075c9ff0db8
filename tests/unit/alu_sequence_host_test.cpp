// Straight-line runs of flag-writing integer instructions against the host CPU. Where
// alu_host_test checks one instruction at a time, this checks random sequences as traces run
// them: records decoded once and executed back to back, with flags a later instruction
// overwrites unread skipped (Cpu::build_trace, optable.h FlagsUse). The same machine code runs
// on the host (copied into an executable page between a prologue and an epilogue) and in
// Boxwood through the trace cache and one instruction at a time; registers must agree, and so
// must every flag the SDM leaves defined after the sequence (Vol. 1, appendix A; each
// instruction's "Flags Affected": AF after logic operations and shifts, and OF after a shift
// by more than 1, are undefined). Only EAX-EDX are used, so the encodings mean the same in
// 32-bit code and in the host's 64-bit mode (no INC/DEC 40h-4Fh, which are REX prefixes there).
#include <catch2/catch.hpp>
#include <sys/mman.h>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>
#include "cpu/cpu.h"

using namespace bw;

namespace {

constexpr uint32_t CF = 0x001, PF = 0x004, AF = 0x010, ZF = 0x040, SF = 0x080, OF = 0x800;
constexpr uint32_t ALL = CF | PF | AF | ZF | SF | OF;

struct Regs {
    uint32_t eax, ebx, ecx, edx;
    uint64_t flags;
};

// One generated instruction: its bytes and the flags it writes and leaves undefined.
struct Op {
    std::vector<uint8_t> bytes;
    uint32_t writes = ALL;
    uint32_t undefined = 0;
};

Op random_op(std::mt19937& rng) {
    const unsigned reg = rng() % 4, rm = rng() % 4;           // EAX-EDX (AL-DL for bytes)
    const unsigned reg8 = rng() % 8, rm8 = rng() % 8;          // AL..BH
    const uint8_t modrm = uint8_t(0xC0 | reg << 3 | rm), modrm8 = uint8_t(0xC0 | reg8 << 3 | rm8);
    const unsigned alu = rng() % 8;                            // ADD OR ADC SBB AND SUB XOR CMP
    const uint32_t logic = (alu == 1 || alu == 4 || alu == 6) ? AF : 0;
    const uint32_t imm = uint32_t(rng());
    switch (rng() % 12) {
    case 0: return {{uint8_t(alu * 8 + 1), modrm}, ALL, logic};                 // op r/m32, r32
    case 1: return {{uint8_t(alu * 8 + 3), modrm}, ALL, logic};                 // op r32, r/m32
    case 2: return {{uint8_t(alu * 8 + 0), modrm8}, ALL, logic};                // op r/m8, r8
    case 3: return {{0x66, uint8_t(alu * 8 + 1), modrm}, ALL, logic};           // op r/m16, r16
    case 4: return {{0x83, uint8_t(0xC0 | alu << 3 | rm), uint8_t(imm)}, ALL, logic};
    case 5: return {{0x81, uint8_t(0xC0 | alu << 3 | rm), uint8_t(imm), uint8_t(imm >> 8), uint8_t(imm >> 16),
                     uint8_t(imm >> 24)}, ALL, logic};
    case 6: return {{0x85, modrm}, ALL, AF};                                    // test
    case 7: {                                                                   // inc/dec r32, r8
        const bool byte = rng() % 2, dec = rng() % 2;
        return {{uint8_t(byte ? 0xFE : 0xFF), uint8_t(0xC0 | (dec ? 8 : 0) | (byte ? rm8 : rm))}, ALL & ~CF, 0};
    }
    default: {                                                                  // SHL/SHR/SAR
        static const uint8_t kinds[] = {4, 5, 7};
        const uint8_t kind = kinds[rng() % 3];
        const unsigned width = rng() % 3;                                       // 32, 16, 8 bits
        if (rng() % 4 == 0) {                                                   // by 1
            std::vector<uint8_t> b;
            if (width == 1) b.push_back(0x66);
            b.push_back(width == 2 ? 0xD0 : 0xD1);
            b.push_back(uint8_t(0xC0 | kind << 3 | (width == 2 ? rm8 : rm)));
            return {b, ALL, AF};
        }
        // Counts below the operand width keep CF defined; 32-bit forms also get 0 and 32,
        // which mask to 0 and change no flag.
        const unsigned bits = width == 0 ? 32 : width == 1 ? 16 : 8;
        unsigned count = 1 + rng() % (bits - 1);
        if (width == 0 && rng() % 8 == 0) count = rng() % 2 ? 0 : 32;
        std::vector<uint8_t> b;
        if (width == 1) b.push_back(0x66);
        b.push_back(width == 2 ? 0xC0 : 0xC1);
        b.push_back(uint8_t(0xC0 | kind << 3 | (width == 2 ? rm8 : rm)));
        b.push_back(uint8_t(count));
        if ((count & 31) == 0) return {b, 0, 0};
        return {b, ALL, AF | (count > 1 ? OF : 0)};
    }
    }
}

// The host side: RDI points at Regs; loads EAX-EDX and the flags, runs the sequence, stores back.
struct HostCode {
    uint8_t* page = nullptr;
    HostCode() {
        void* p = mmap(nullptr, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        page = p == MAP_FAILED ? nullptr : static_cast<uint8_t*>(p);
    }
    ~HostCode() {
        if (page) munmap(page, 4096);
    }
    void run(const std::vector<uint8_t>& body, Regs& r) {
        static const uint8_t prologue[] = {
            0x53,                    // push rbx
            0x8B, 0x07,              // mov eax, [rdi]
            0x8B, 0x5F, 0x04,        // mov ebx, [rdi+4]
            0x8B, 0x4F, 0x08,        // mov ecx, [rdi+8]
            0x8B, 0x57, 0x0C,        // mov edx, [rdi+12]
            0xFF, 0x77, 0x10,        // push qword [rdi+16]
            0x9D,                    // popfq
        };
        static const uint8_t epilogue[] = {
            0x9C,                    // pushfq
            0x8F, 0x47, 0x10,        // pop qword [rdi+16]
            0x89, 0x07,              // mov [rdi], eax
            0x89, 0x5F, 0x04,        // mov [rdi+4], ebx
            0x89, 0x4F, 0x08,        // mov [rdi+8], ecx
            0x89, 0x57, 0x0C,        // mov [rdi+12], edx
            0x5B,                    // pop rbx
            0xC3,                    // ret
        };
        size_t n = 0;
        std::memcpy(page + n, prologue, sizeof prologue);
        n += sizeof prologue;
        std::memcpy(page + n, body.data(), body.size());
        n += body.size();
        std::memcpy(page + n, epilogue, sizeof epilogue);
        reinterpret_cast<void (*)(Regs*)>(page)(&r);
    }
};

// Boxwood: the sequence then HLT in a 32-bit code segment (big real mode, as in alu_host_test).
struct Rig {
    PhysicalMemory mem{1u << 20};
    IoBus io;
    MmioBus mmio;
    Cpu cpu{CpuModel::p6, mem, io, mmio};

    Regs run(const std::vector<uint8_t>& body, const Regs& in, bool traces) {
        cpu.reset();
        cpu.load_segment_real(CS, 0x1000);
        cpu.s.seg[CS].access = 0x4093;  // 32-bit code segment
        cpu.s.eip = 0;
        for (size_t k = 0; k < body.size(); ++k) cpu.write_phys8(0x10000 + uint32_t(k), body[k]);
        cpu.write_phys8(0x10000 + uint32_t(body.size()), 0xF4);
        cpu.s.gpr[EAX].d = in.eax;
        cpu.s.gpr[EBX].d = in.ebx;
        cpu.s.gpr[ECX].d = in.ecx;
        cpu.s.gpr[EDX].d = in.edx;
        cpu.set_eflags(uint32_t(in.flags) | 0x2, 0xFFF);
        cpu.set_trace_cache(traces);
        if (traces) {
            for (int k = 0; k < 10 && !cpu.s.halted; ++k) cpu.run(10000);
        } else {
            for (int k = 0; k < 1000 && !cpu.s.halted; ++k) cpu.step();
        }
        REQUIRE(cpu.s.halted);
        return Regs{cpu.s.gpr[EAX].d, cpu.s.gpr[EBX].d, cpu.s.gpr[ECX].d, cpu.s.gpr[EDX].d, cpu.eflags()};
    }
};

uint32_t pick(std::mt19937& rng) {
    static const uint32_t edges[] = {0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, 0x80000000u, 0xFFFFFFFFu};
    unsigned k = rng() % 20;
    return k < 11 ? edges[k] : uint32_t(rng());
}

} // namespace

TEST_CASE("random runs of flag-writing instructions agree with the host CPU through traces", "[alu][deadflags]") {
    HostCode host;
    REQUIRE(host.page != nullptr);
    Rig rig;
    std::mt19937 rng(20261207);  // fixed seed: the same sequences every run
    int mismatches = 0;
    std::string first;
    for (int n = 0; n < 3000; ++n) {
        std::vector<uint8_t> body;
        std::string listing;
        uint32_t defined = ALL;
        const int length = 1 + int(rng() % 24);
        for (int k = 0; k < length; ++k) {
            const Op op = random_op(rng);
            body.insert(body.end(), op.bytes.begin(), op.bytes.end());
            defined = (defined & ~op.writes) | (op.writes & ~op.undefined);
            char hex[4];
            for (uint8_t b : op.bytes) {
                std::snprintf(hex, sizeof hex, "%02X", b);
                listing += hex;
            }
            listing += ' ';
        }
        const Regs in{pick(rng), pick(rng), pick(rng), pick(rng), uint64_t(rng()) & ALL};
        Regs want = in;
        want.flags |= 0x2;
        host.run(body, want);
        for (bool traces : {true, false}) {
            const Regs got = rig.run(body, in, traces);
            const bool ok = want.eax == got.eax && want.ebx == got.ebx && want.ecx == got.ecx && want.edx == got.edx &&
                            ((want.flags ^ got.flags) & defined) == 0;
            if (!ok && mismatches++ == 0) {
                char buf[256];
                std::snprintf(buf, sizeof buf, "%s: host %08X %08X %08X %08X fl %03X, boxwood %08X %08X %08X %08X fl %03X (defined %03X)",
                              traces ? "traces" : "step", want.eax, want.ebx, want.ecx, want.edx, unsigned(want.flags & ALL),
                              got.eax, got.ebx, got.ecx, got.edx, unsigned(got.flags & ALL), defined);
                first = listing + "| " + buf;
            }
        }
    }
    INFO(mismatches << " mismatches; first: " << first);
    CHECK(mismatches == 0);
}
