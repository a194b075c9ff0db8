// 8254 PIT, programmed through ports 40h-43h and 61h, with time advanced on the virtual clock.
// Expected values come from the Intel 8254 datasheet (231164); the input clock is 1.193182 MHz,
// so CLK pulse k begins at k * 10^9 / 1193182 ns.
#include <catch2/catch.hpp>
#include "devices/machine.h"
#include "devices/pic8259.h"

using namespace bw;

namespace {

MachineConfig small() {
    MachineConfig c;
    c.memory_mb = 1;
    return c;
}

uint64_t clk(uint64_t k) { return (k * 1000000000ull + 1193181) / 1193182; }

struct Pc {
    Machine m{small()};
    Pic8259* pic = dynamic_cast<Pic8259*>(m.find_device("pic"));

    void out(uint16_t port, uint8_t v) { m.io().write(port, v, 1); }
    uint8_t in(uint16_t port) { return uint8_t(m.io().read(port, 1)); }
    void at(uint64_t k) { m.clock().advance_to(clk(k)); }  // the moment CLK pulse k arrives
    uint8_t status(unsigned c) { out(0x43, uint8_t(0xE0 | 2u << c)); return in(uint16_t(0x40 + c)); }
    bool out_pin(unsigned c) { return status(c) & 0x80; }
    uint16_t latched(unsigned c) {  // counter latch command, then LSB and MSB
        out(0x43, uint8_t(c << 6));
        uint16_t lo = in(uint16_t(0x40 + c));
        return uint16_t(lo | in(uint16_t(0x40 + c)) << 8);
    }
    void init_pic() {
        out(0x20, 0x11); out(0x21, 0x08); out(0x21, 0x04); out(0x21, 0x01);
        out(0x21, 0xFE);  // only IRQ0
    }
    bool irq0_requested() { out(0x20, 0x0A); return in(0x20) & 1; }
};

} // namespace

TEST_CASE("8254 Mode 0: OUT goes high N+1 CLK pulses after the count is written", "[pit]") {
    Pc pc;
    pc.init_pic();
    pc.out(0x43, 0x30);  // counter 0, LSB then MSB, mode 0, binary
    CHECK_FALSE(pc.out_pin(0));  // "OUT will be initially low"
    pc.out(0x40, 100);
    pc.out(0x40, 0);     // written during CLK 0
    pc.at(1);
    CHECK(pc.latched(0) == 100);  // loaded on the first pulse
    pc.at(50);
    CHECK(pc.latched(0) == 51);
    pc.at(100);
    CHECK_FALSE(pc.out_pin(0));
    CHECK_FALSE(pc.irq0_requested());
    pc.at(101);
    CHECK(pc.out_pin(0));
    CHECK(pc.irq0_requested());   // IRQ0 on the rising edge of OUT0
    pc.at(102);
    CHECK(pc.latched(0) == 0xFFFF);  // the counter keeps counting down through zero
    CHECK(pc.out_pin(0));            // and OUT stays high
}

TEST_CASE("8254 Mode 0: writing the first byte of a new count drops OUT at once", "[pit]") {
    Pc pc;
    pc.out(0x43, 0x30);
    pc.out(0x40, 5); pc.out(0x40, 0);
    pc.at(10);
    CHECK(pc.out_pin(0));
    pc.out(0x40, 5);
    CHECK_FALSE(pc.out_pin(0));
}

TEST_CASE("8254 Mode 2: rate generator counts N..1 and pulses OUT low while CE = 1", "[pit]") {
    Pc pc;
    pc.out(0x43, 0x34);  // counter 0, LSB/MSB, mode 2
    CHECK(pc.out_pin(0));  // initially high
    pc.out(0x40, 4); pc.out(0x40, 0);
    const uint16_t expect[] = {4, 3, 2, 1, 4, 3, 2, 1, 4};
    const bool high[] = {true, true, true, false, true, true, true, false, true};
    for (unsigned k = 0; k < 9; ++k) {
        pc.at(1 + k);
        CHECK(pc.latched(0) == expect[k]);
        CHECK(pc.out_pin(0) == high[k]);
    }
}

TEST_CASE("8254 Mode 2 on counter 0 raises IRQ0 once per period", "[pit]") {
    Pc pc;
    pc.out(0x43, 0x34);  // OUT0 goes high with the control word (an edge the PIC init discards)
    pc.out(0x40, 0xE8); pc.out(0x40, 0x03);  // N = 1000, loaded on CLK 1
    pc.init_pic();       // ICW1 resets the edge sense latches
    pc.at(1000);
    CHECK_FALSE(pc.irq0_requested());
    pc.at(1001);                             // OUT rises as CE reloads
    CHECK(pc.irq0_requested());
    CHECK(pc.pic->acknowledge() == 0x08);
    pc.out(0x20, 0x20);
    pc.at(2000);
    CHECK_FALSE(pc.irq0_requested());
    pc.at(2001);
    CHECK(pc.irq0_requested());
}

TEST_CASE("8254 Mode 2: a new count takes effect at the end of the current period", "[pit]") {
    Pc pc;
    pc.out(0x43, 0x34);
    pc.out(0x40, 10); pc.out(0x40, 0);  // CE = 10 at CLK 1, reload at CLK 11
    pc.at(3);
    pc.out(0x40, 20); pc.out(0x40, 0);
    CHECK(pc.status(0) & 0x40);          // null count until the new count is transferred
    pc.at(10);
    CHECK(pc.latched(0) == 1);
    pc.at(11);
    CHECK(pc.latched(0) == 20);
    CHECK_FALSE(pc.status(0) & 0x40);
}

TEST_CASE("8254 Mode 3: square wave, even N high N/2 low N/2, odd N high (N+1)/2", "[pit]") {
    Pc pc;
    pc.out(0x61, 0x01);  // GATE2 high
    pc.out(0x43, 0xB6);  // counter 2, LSB/MSB, mode 3
    pc.out(0x42, 10); pc.out(0x42, 0);
    for (unsigned k = 1; k <= 20; ++k) {
        pc.at(k);
        bool expect = ((k - 1) % 10) < 5;
        CHECK(bool(pc.in(0x61) & 0x20) == expect);  // port 61h bit 5 is OUT2
    }
    pc.out(0x43, 0xB6);
    pc.out(0x42, 5); pc.out(0x42, 0);  // written during CLK 20, loaded on CLK 21
    for (unsigned k = 21; k <= 30; ++k) {
        pc.at(k);
        CHECK(bool(pc.in(0x61) & 0x20) == (((k - 21) % 5) < 3));
    }
}

TEST_CASE("8254 Mode 3: CE counts down by two", "[pit]") {
    Pc pc;
    pc.out(0x43, 0x36);
    pc.out(0x40, 8); pc.out(0x40, 0);
    pc.at(1);
    CHECK(pc.latched(0) == 8);
    pc.at(2);
    CHECK(pc.latched(0) == 6);
    pc.at(4);
    CHECK(pc.latched(0) == 2);
}

TEST_CASE("8254 Mode 2/3: GATE low forces OUT high and stops counting; rising GATE reloads", "[pit]") {
    Pc pc;
    pc.out(0x61, 0x01);
    pc.out(0x43, 0xB4);  // counter 2, mode 2
    pc.out(0x42, 3); pc.out(0x42, 0);
    pc.at(3);
    CHECK_FALSE(pc.in(0x61) & 0x20);  // CE = 1: OUT low
    pc.out(0x61, 0x00);
    CHECK(pc.in(0x61) & 0x20);        // GATE low: OUT high at once
    pc.at(10);
    pc.out(0x61, 0x01);               // rising GATE during CLK 10: reload on CLK 11
    pc.at(11);
    CHECK(pc.latched(2) == 3);
}

TEST_CASE("8254 Mode 4: OUT goes low for one clock N+1 pulses after the count is written", "[pit]") {
    Pc pc;
    pc.out(0x43, 0x38);  // mode 4
    pc.out(0x40, 5); pc.out(0x40, 0);
    pc.at(5);
    CHECK(pc.out_pin(0));
    pc.at(6);
    CHECK_FALSE(pc.out_pin(0));
    pc.at(7);
    CHECK(pc.out_pin(0));
}

TEST_CASE("8254 Mode 1 and 5: triggered by a rising GATE", "[pit]") {
    Pc pc;
    pc.out(0x43, 0xB2);  // counter 2, mode 1
    pc.out(0x42, 3); pc.out(0x42, 0);
    pc.at(5);
    CHECK(pc.in(0x61) & 0x20);        // no trigger yet: OUT high
    CHECK(pc.status(2) & 0x40);       // null count: CR not yet in CE
    pc.out(0x61, 0x01);               // trigger during CLK 5
    pc.at(6);
    CHECK_FALSE(pc.in(0x61) & 0x20);  // low on the pulse after the trigger
    pc.at(8);
    CHECK_FALSE(pc.in(0x61) & 0x20);
    pc.at(9);
    CHECK(pc.in(0x61) & 0x20);        // high again at terminal count, N pulses later

    pc.out(0x61, 0x00);
    pc.out(0x43, 0xBA);               // mode 5
    pc.out(0x42, 2); pc.out(0x42, 0);
    pc.out(0x61, 0x01);               // trigger during CLK 9: CE = 2 on CLK 10
    pc.at(11);
    CHECK(pc.in(0x61) & 0x20);
    pc.at(12);
    CHECK_FALSE(pc.in(0x61) & 0x20);  // strobe at CE = 0
    pc.at(13);
    CHECK(pc.in(0x61) & 0x20);
}

TEST_CASE("8254 Counter Latch Command: the latched value holds until read", "[pit]") {
    Pc pc;
    pc.out(0x43, 0x34);
    pc.out(0x40, 0x00); pc.out(0x40, 0x10);  // 1000h
    pc.at(0x11);
    pc.out(0x43, 0x00);
    pc.at(0x200);
    pc.out(0x43, 0x00);  // ignored: the first latch has not been read
    CHECK(pc.in(0x40) == 0xF0);
    pc.at(0x300);
    CHECK(pc.in(0x40) == 0x0F);  // 1000h - 10h = 0FF0h
}

TEST_CASE("8254 Read-Back Command: status byte OUTPUT, NULL COUNT, RW, mode, BCD", "[pit]") {
    Pc pc;
    pc.out(0x43, 0x74);  // counter 1, LSB/MSB, mode 2, binary
    CHECK(pc.status(1) == 0xF4);  // OUT high, null count, 11, 010, 0
    pc.out(0x41, 0x34); pc.out(0x41, 0x12);
    pc.at(1);
    CHECK(pc.status(1) == 0xB4);
    // Count and status latched together: status comes first, then the count.
    pc.at(3);
    pc.out(0x43, 0xC4);  // read-back: count and status of counter 1
    CHECK(pc.in(0x41) == 0xB4);
    CHECK(pc.in(0x41) == 0x32);  // 1234h - 2
    CHECK(pc.in(0x41) == 0x12);
}

TEST_CASE("8254 BCD counting: the count and the counter read back in BCD", "[pit]") {
    Pc pc;
    pc.out(0x43, 0x35);  // counter 0, LSB/MSB, mode 2, BCD
    pc.out(0x40, 0x00); pc.out(0x40, 0x01);  // 100 decimal
    pc.at(1);
    CHECK(pc.latched(0) == 0x0100);
    pc.at(2);
    CHECK(pc.latched(0) == 0x0099);
    pc.at(101);
    CHECK(pc.latched(0) == 0x0100);  // period 100

    pc.out(0x43, 0x31);  // mode 0, BCD, count 0 = 10^4
    pc.out(0x40, 0); pc.out(0x40, 0);
    pc.at(103);
    CHECK(pc.latched(0) == 0x9999);
}

TEST_CASE("8254 RW = 01 / 10: LSB only and MSB only counts", "[pit]") {
    Pc pc;
    pc.out(0x43, 0x14);  // counter 0, LSB only, mode 2
    pc.out(0x40, 50);
    pc.at(1);
    CHECK(pc.in(0x40) == 50);
    CHECK(pc.in(0x40) == 50);  // every read returns the LSB
    pc.out(0x43, 0x24);  // MSB only: count 0200h
    pc.out(0x40, 0x02);  // written during CLK 1, loaded on CLK 2
    pc.at(2);
    CHECK(pc.in(0x40) == 0x02);
    pc.at(3);
    CHECK(pc.in(0x40) == 0x01);  // 01FFh
}

TEST_CASE("Port 61h: bits 0-1 read back, bit 4 toggles with DRAM refresh every ~15 us", "[pit]") {
    Pc pc;
    pc.out(0x61, 0x03);
    CHECK((pc.in(0x61) & 0x0F) == 0x03);
    unsigned toggles = 0;
    bool last = pc.in(0x61) & 0x10;
    for (uint64_t ns = 0; ns <= 150000; ns += 500) {
        pc.m.clock().advance_to(ns);
        bool b = pc.in(0x61) & 0x10;
        toggles += b != last;
        last = b;
    }
    CHECK(toggles >= 9);  // 150 us / 15.08 us
    CHECK(toggles <= 11);
}
