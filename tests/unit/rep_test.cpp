// REP string instructions and the instruction counts. A REP string instruction is one
// instruction however many iterations it runs (SDM Vol. 2, REP): Cpu::retired_instructions()
// counts it once, whether it ran through the trace cache (stopping every Cpu::kRepChunk
// iterations so that interrupts and device time are served), without the cache or through
// Cpu::step(). Cpu::instructions(), the unit of virtual time, also counts those stops, so time
// moves on during a long REP. Cpu::step() keeps whole-instruction steps (the conformance
// suites' unit) even under TF; run() traps after each iteration under TF (tests/cpu/repstep.asm).
#include "tests/unit/real_mode_rig.h"

using namespace bw;
using namespace bw::test;

namespace {

// Code at 1000:0000, data at 2000:0000.
struct Rig : RealModeRig {
    Rig() : RealModeRig(0x2000) {}
};

// mov cx, 60000; mov al, 5Ah; xor di, di; cld; rep stosb; hlt
const std::vector<uint8_t> kLongStos = {0xB9, 0x60, 0xEA, 0xB0, 0x5A, 0x31, 0xFF, 0xFC, 0xF3, 0xAA, 0xF4};
constexpr uint32_t kCount = 60000;

} // namespace

TEST_CASE("a long REP STOSB retires as one instruction in every mode", "[rep]") {
    for (Mode m : {Mode::Traces, Mode::NoCache, Mode::Step}) {
        Rig r;
        r.code(kLongStos);
        const uint64_t retired = r.cpu.retired_instructions(), ticks = r.cpu.instructions();
        r.go(m);
        INFO("mode " << int(m));
        CHECK(r.cpu.s.gpr[ECX].w == 0);
        CHECK(r.cpu.s.gpr[EDI].w == kCount % 0x10000);
        CHECK(r.mem.ram()[0x20000] == 0x5A);
        CHECK(r.mem.ram()[0x20000 + kCount - 1] == 0x5A);
        CHECK(r.mem.ram()[0x20000 + kCount] == 0);
        // mov, mov, xor, cld, rep stosb, hlt
        CHECK(r.cpu.retired_instructions() - retired == 6);
        // Virtual time counts each stop between iterations: run() stops every kRepChunk
        // iterations; step() runs the loop whole.
        const uint64_t stops = m == Mode::Step ? 0 : (kCount - 1) / Cpu::kRepChunk;
        CHECK(r.cpu.instructions() - ticks == 6 + stops);
    }
}

TEST_CASE("Cpu::step runs a whole REP even with TF set; run() stops after each iteration", "[rep]") {
    // The #DB handler at 0000:0400 is a HLT; IVT entry 1 points at it.
    auto setup = [](Rig& r) {
        r.mem.ram()[0x400] = 0xF4;
        r.mem.ram()[4] = 0x00;
        r.mem.ram()[5] = 0x04;
        r.mem.ram()[6] = r.mem.ram()[7] = 0;
        // mov cx, 3; xor di, di; cld; rep stosb; hlt  (the REP at offset 6)
        r.code({0xB9, 0x03, 0x00, 0x31, 0xFF, 0xFC, 0xF3, 0xAA, 0xF4});
        r.cpu.s.eip = 6;
        r.cpu.s.gpr[ECX].d = 3;
        r.cpu.s.gpr[EDI].d = 0;
        r.cpu.set_eflags(0x0102);  // TF
    };
    SECTION("step: one #DB after the whole instruction") {
        Rig r;
        setup(r);
        r.cpu.step();
        CHECK(r.cpu.s.gpr[ECX].w == 0);
        CHECK(r.cpu.s.eip == 0x400);                              // in the #DB handler
        CHECK(r.mem.ram()[0x10000 + r.cpu.s.gpr[ESP].w] == 8);    // pushed IP: past the REP
    }
    SECTION("run: #DB after the first iteration, IP at the REP") {
        Rig r;
        setup(r);
        r.cpu.set_trace_cache(true);
        r.cpu.run(1);
        CHECK(r.cpu.s.gpr[ECX].w == 2);
        CHECK(r.cpu.s.eip == 0x400);
        CHECK(r.mem.ram()[0x10000 + r.cpu.s.gpr[ESP].w] == 6);    // pushed IP: the REP
        CHECK(r.cpu.retired_instructions() == 0);                 // the REP has not completed
    }
}
