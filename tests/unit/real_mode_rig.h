// A CPU alone with 1 MiB of RAM, in real mode with its code at 1000:0000, for the unit tests that
// run a few instructions three ways and check each against the architectural result: through the
// trace cache (Cpu::run), with the cache disabled, and one instruction at a time (Cpu::step).
#pragma once
#include <catch2/catch.hpp>
#include <cstring>
#include <vector>
#include "cpu/cpu.h"

namespace bw::test {

enum class Mode { Traces, NoCache, Step };
inline constexpr Mode kModes[] = {Mode::Traces, Mode::NoCache, Mode::Step};

struct RealModeRig {
    PhysicalMemory mem{1u << 20};
    IoBus io;
    MmioBus mmio;
    Cpu cpu;
    // DS and ES at `data`, CS and SS at 1000h, SP 8000h; interrupts off, so a HLT stops run().
    explicit RealModeRig(uint16_t data = 0x1000) : cpu(CpuModel::p6, mem, io, mmio) {
        cpu.load_segment_real(CS, 0x1000);
        cpu.load_segment_real(SS, 0x1000);
        cpu.load_segment_real(DS, data);
        cpu.load_segment_real(ES, data);
        cpu.s.eip = 0;
        cpu.s.gpr[ESP].d = 0x8000;
    }
    // Bytes at 1000:at.
    void code(const std::vector<uint8_t>& bytes, uint32_t at = 0) {
        std::memcpy(mem.ram() + 0x10000 + at, bytes.data(), bytes.size());
    }
    // Runs to the HLT; returns the instruction count meanwhile.
    uint64_t go(Mode m) {
        const uint64_t before = cpu.instructions();
        if (m == Mode::Step) {
            for (int k = 0; k < 100000 && !cpu.s.halted; ++k) cpu.step();
        } else {
            cpu.set_trace_cache(m == Mode::Traces);
            for (int k = 0; k < 1000 && !cpu.s.halted; ++k) cpu.run(100000);
        }
        REQUIRE(cpu.s.halted);
        return cpu.instructions() - before;
    }
};

} // namespace bw::test
