// x87 control paths: #NM from CR0.EM/TS, WAIT with MP+TS, pending unmasked exceptions (#MF
// with CR0.NE = 1, otherwise the FERR# hook and the freeze that IGNNE# releases),
// FSTENV/FSAVE/FRSTOR/FXSAVE images, CPUID.
#include <catch2/catch.hpp>
#include <cstring>
#include <vector>
#include "cpu/cpu.h"

using namespace bw;

namespace {

struct Rig {
    PhysicalMemory mem{1u << 20};
    IoBus io;
    MmioBus mmio;
    Cpu cpu;
    explicit Rig(CpuModel m = CpuModel::p6) : cpu(m, mem, io, mmio) {
        // Real mode, code at 1000:0000, every exception vector to 0000:0500 + 4 * vector.
        for (unsigned v = 0; v < 32; ++v) {
            uint16_t off = uint16_t(0x500 + 4 * v);
            std::memcpy(mem.ram() + 4 * v, &off, 2);
            std::memset(mem.ram() + 4 * v + 2, 0, 2);
        }
        cpu.load_segment_real(CS, 0x1000);
        cpu.s.eip = 0;
        cpu.s.gpr[ESP].d = 0x8000;
    }
    void code(std::vector<uint8_t> bytes) { std::memcpy(mem.ram() + 0x10000, bytes.data(), bytes.size()); }
    // Runs until an exception handler is entered or n instructions have run; returns the vector taken or -1.
    int run(int n) {
        for (int k = 0; k < n; ++k) {
            cpu.step();
            if (cpu.s.seg[CS].selector == 0 && cpu.s.eip >= 0x500 && cpu.s.eip < 0x580) return int(cpu.s.eip - 0x500) / 4;
        }
        return -1;
    }
    uint16_t word(uint32_t a) {
        uint16_t w;
        std::memcpy(&w, mem.ram() + a, 2);
        return w;
    }
};

} // namespace

TEST_CASE("CR0.EM and CR0.TS make escapes #NM; WAIT needs MP and TS", "[fpu]") {
    Rig r;
    r.code({0xD9, 0xE8});  // FLD1
    r.cpu.s.cr[0] |= cr0::EM;
    CHECK(r.run(1) == VEC_NM);
    Rig t;
    t.code({0x9B, 0xD9, 0xE8});  // WAIT; FLD1
    t.cpu.s.cr[0] |= cr0::TS;
    CHECK(t.run(2) == VEC_NM);
    CHECK(t.cpu.instructions() == 2);  // WAIT ran (MP clear), FLD1 faulted
    Rig w;
    w.code({0x9B});
    w.cpu.s.cr[0] |= cr0::TS | cr0::MP;
    CHECK(w.run(1) == VEC_NM);
}

TEST_CASE("an unmasked exception is reported by the next waiting instruction", "[fpu]") {
    // FNINIT; FLDCW [0x100] (ZE unmasked); FLDZ; FLD1; FDIV ST0,ST1; FNSTSW AX; FWAIT
    const std::vector<uint8_t> prog = {0xDB, 0xE3, 0xD9, 0x2E, 0x00, 0x01, 0xD9, 0xEE, 0xD9, 0xE8,
                                       0xD8, 0xF1, 0xDF, 0xE0, 0x9B};
    SECTION("CR0.NE = 1: #MF") {
        Rig r;
        r.code(prog);
        uint16_t cw = 0x037B;
        std::memcpy(r.mem.ram() + 0x10100, &cw, 2);
        r.cpu.s.seg[DS] = r.cpu.s.seg[CS];
        r.cpu.s.cr[0] |= cr0::NE;
        CHECK(r.run(7) == VEC_MF);
        CHECK((r.cpu.s.gpr[EAX].w & (fsw::ZE | fsw::ES | fsw::B)) == (fsw::ZE | fsw::ES | fsw::B));
    }
    SECTION("CR0.NE = 0: FERR# through the hook") {
        Rig r;
        r.code(prog);
        uint16_t cw = 0x037B;
        std::memcpy(r.mem.ram() + 0x10100, &cw, 2);
        r.cpu.s.seg[DS] = r.cpu.s.seg[CS];
        int raised = 0;
        r.cpu.on_ferr = [](void* ctx, bool level) { *static_cast<int*>(ctx) += level ? 1 : -1; };
        r.cpu.ferr_ctx = &raised;
        CHECK(r.run(5) == -1);
        CHECK(raised == 1);  // asserted as the FDIV ends (SDM Vol. 1, D.2.2)
        CHECK(r.cpu.s.fpu.ferr);
        CHECK(r.run(2) == -1);
        // The FWAIT froze before running (SDM Vol. 1, D.2.1.1): halted with EIP on it.
        CHECK(r.cpu.s.halted);
        CHECK(r.cpu.s.eip == 14);
        CHECK(raised == 1);
    }
    SECTION("CR0.NE = 0 with IGNNE# asserted: the waiting instruction runs") {
        Rig r;
        r.code(prog);
        uint16_t cw = 0x037B;
        std::memcpy(r.mem.ram() + 0x10100, &cw, 2);
        r.cpu.s.seg[DS] = r.cpu.s.seg[CS];
        CHECK(r.run(6) == -1);
        r.cpu.s.fpu.ignne = true;
        CHECK(r.run(1) == -1);
        CHECK_FALSE(r.cpu.s.halted);
        CHECK(r.cpu.s.eip == 15);
        CHECK((r.cpu.s.fpu.sw & fsw::ES) != 0);  // ignored, not cleared
    }
}

TEST_CASE("FNSTENV formats, FNSAVE/FRSTOR and FXSAVE/FXRSTOR round trips", "[fpu]") {
    Rig r;
    // FNINIT; FLDPI; FLD1; FNSTENV [0x200] (32-bit, 66 prefix); FNSTENV [0x240] (16-bit);
    // FNSAVE [0x300]; FRSTOR [0x300]; FXSAVE [0x400]; FNINIT; FXRSTOR [0x400]
    r.code({0xDB, 0xE3, 0xD9, 0xEB, 0xD9, 0xE8, 0x66, 0xD9, 0x36, 0x00, 0x02, 0xD9, 0x36, 0x40, 0x02,
            0xDD, 0x36, 0x00, 0x03, 0xDD, 0x26, 0x00, 0x03, 0x0F, 0xAE, 0x06, 0x00, 0x04, 0xDB, 0xE3,
            0x0F, 0xAE, 0x0E, 0x00, 0x04});
    r.cpu.s.seg[DS] = r.cpu.s.seg[CS];
    CHECK(r.run(5) == -1);
    const uint32_t d = 0x10000;
    CHECK(r.word(d + 0x200) == 0x037F);
    CHECK(r.word(d + 0x204) == 0x3000);  // TOP = 6
    CHECK(r.word(d + 0x208) == 0x0FFF);  // R6 valid, R7 valid, others empty
    // Real-mode 32-bit image: FIP is the linear address of FLD1 (0x10004), FOP = D9 E8 -> 0x1E8.
    CHECK(r.word(d + 0x20C) == 0x0004);
    CHECK(r.word(d + 0x210) == ((0x1u << 12) | 0x1E8));
    // 16-bit image.
    CHECK(r.word(d + 0x240) == 0x037F);
    CHECK(r.word(d + 0x242) == 0x3000);
    CHECK(r.word(d + 0x246) == 0x0004);
    FpuState before = r.cpu.s.fpu;
    CHECK(r.run(2) == -1);  // FNSAVE, FRSTOR
    CHECK(r.cpu.s.fpu.sw == before.sw);
    CHECK(r.cpu.s.fpu.r[6] == before.r[6]);
    CHECK(r.cpu.s.fpu.r[7] == before.r[7]);
    CHECK(r.run(3) == -1);  // FXSAVE, FNINIT, FXRSTOR
    CHECK(r.word(d + 0x404) == 0xC0);  // abridged tag: R6, R7 in use
    CHECK(r.cpu.s.fpu.sw == before.sw);
    CHECK(r.cpu.s.fpu.tw == before.tw);
    CHECK(r.cpu.s.fpu.r[7].sig == 0xC90FDAA22168C235ull);
}

TEST_CASE("CPUID reports the FPU; models without one keep the ESC behaviour", "[fpu]") {
    Rig r;
    r.code({0x66, 0xB8, 0x01, 0x00, 0x00, 0x00, 0x0F, 0xA2});  // MOV EAX, 1; CPUID
    CHECK(r.run(2) == -1);
    CHECK((r.cpu.s.gpr[EDX].d & 1) == 1);
    CHECK((r.cpu.s.gpr[EDX].d >> 24 & 1) == 1);
    Rig old(CpuModel::i386);
    old.code({0xD9, 0xE8, 0xDB, 0xE3});
    CHECK(old.run(2) == -1);
    CHECK(old.cpu.s.fpu.sw == 0);
    CHECK(old.cpu.s.fpu.cw == 0x0040);  // untouched: no FPU
}
