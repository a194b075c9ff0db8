// Virtual time inside a CPU slice (devices/clock.h, Machine::run): a device must see the time
// of the instruction that accesses it, and a timer it arms for within the slice must fire on
// time, not when the slice's budget runs out. Without that, every ATA BSY period and every
// UART character lasted until the next unrelated timer, and SYSLINUX took ~10 G instructions
// to load Linux.
#include <catch2/catch.hpp>
#include <cstring>
#include "devices/machine.h"

using namespace bw;

namespace {

struct Counter {
    uint64_t n = 0;
    static uint64_t get(const void* c) { return static_cast<const Counter*>(c)->n; }
};
struct Cut {
    int calls = 0;
    static void fire(void* c) { ++static_cast<Cut*>(c)->calls; }
};
void nop(void*, uint64_t) {}

} // namespace

TEST_CASE("clock: inside a slice, time follows the instruction count", "[clock]") {
    Clock clk;
    clk.advance_to(1000);
    Counter cnt{500};
    Cut cut;
    int t = clk.add_timer(&nop, nullptr);
    clk.begin_slice(&Counter::get, &cnt, 10, 1000 + 100 * 10, &Cut::fire, &cut);
    CHECK(clk.now_ns() == 1000);
    cnt.n = 520;
    CHECK(clk.now_ns() == 1000 + 20 * 10);
    clk.arm(t, 5000);  // after the slice end: no cut
    CHECK(cut.calls == 0);
    clk.arm(t, clk.now_ns() + 300);  // within the slice: the slice must stop for it
    CHECK(cut.calls == 1);
    clk.end_slice();
    CHECK(clk.now_ns() == 1000);  // back to stepwise time until the machine advances it
    CHECK(clk.next_deadline() == 1000 + 200 + 300);
}

// A 16550 at 115200 baud (divisor 1: 1.8432 MHz / 16) shifts an 8N1 character (10 bits) out in
// 86.806 us (PC16550D datasheet, baud generator and LSR bit 6 TEMT). A real-mode loop writes one
// character and polls LSR until TEMT, then halts: the halt must come one character time after the
// write, even though the machine is given one big slice (10 M instructions = 100 ms).
TEST_CASE("clock: a UART character time ends a CPU slice on time", "[clock]") {
    MachineConfig cfg;
    cfg.memory_mb = 1;
    Machine m(cfg);
    static const uint8_t prog[] = {
        0xBA, 0xFB, 0x03, 0xB0, 0x80, 0xEE,  // LCR = DLAB
        0xBA, 0xF8, 0x03, 0xB0, 0x01, 0xEE,  // DLL = 1
        0xBA, 0xF9, 0x03, 0x30, 0xC0, 0xEE,  // DLM = 0
        0xBA, 0xFB, 0x03, 0xB0, 0x03, 0xEE,  // LCR = 8N1
        0xBA, 0xF8, 0x03, 0xB0, 0x41, 0xEE,  // THR = 'A'
        0xBA, 0xFD, 0x03,                    // DX = LSR
        0xEC, 0xA8, 0x40, 0x74, 0xFB,        // poll: IN AL,DX; TEST AL,40h; JZ poll
        0xFA, 0xF4,                          // CLI; HLT
    };
    std::memcpy(m.memory().ram() + 0x7C00, prog, sizeof prog);
    Cpu& cpu = m.cpu();
    cpu.load_segment_real(1, 0);  // CS
    cpu.s.eip = 0x7C00;
    const uint64_t t0 = m.now_ns();
    StopReason why = m.run(10'000'000);
    CHECK(why == StopReason::Halted);
    const uint64_t char_ns = 10 * 1'000'000'000ull / 115200;  // 86805 ns
    // The write happens 29 instructions (290 ns) in; allow the loop's granularity on top.
    CHECK(m.now_ns() - t0 >= char_ns);
    CHECK(m.now_ns() - t0 <= char_ns + 290 + 200);
}
