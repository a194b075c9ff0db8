// 8237A DMA pair and page registers, programmed through ports; transfers requested the way a
// device (the floppy controller) does. Expected values come from the Intel 8237A datasheet
// (231466) and the AT's page register wiring.
#include <catch2/catch.hpp>
#include <vector>
#include "devices/dma8237.h"
#include "devices/machine.h"

using namespace bw;

namespace {

MachineConfig small() {
    MachineConfig c;
    c.memory_mb = 2;
    return c;
}

struct Pc {
    Machine m{small()};
    Dma8237* dma = dynamic_cast<Dma8237*>(m.find_device("dma"));

    void out(uint16_t port, uint8_t v) { m.io().write(port, v, 1); }
    uint8_t in(uint16_t port) { return uint8_t(m.io().read(port, 1)); }
    uint8_t peek(uint32_t a) { uint8_t b; m.dma_read(a, &b, 1); return b; }
    void poke(uint32_t a, uint8_t v) { m.dma_write(a, &v, 1); }

    void enable_cascade() { out(0xD6, 0xC0); out(0xD4, 0x00); }  // channel 4: cascade, unmasked
    // Programs byte channel 2 as a BIOS does for the floppy.
    void setup2(uint8_t mode, uint8_t page, uint16_t addr, uint16_t count) {
        out(0x0A, 0x06);  // mask channel 2
        out(0x0C, 0x00);  // clear byte pointer
        out(0x0B, mode);
        out(0x04, uint8_t(addr)); out(0x04, uint8_t(addr >> 8));
        out(0x81, page);
        out(0x05, uint8_t(count)); out(0x05, uint8_t(count >> 8));
        out(0x0A, 0x02);  // unmask
    }
    uint16_t word(uint16_t port) { uint16_t lo = in(port); return uint16_t(lo | in(port) << 8); }
};

} // namespace

TEST_CASE("8237A write transfer: address increments, count N+1 transfers, TC in status", "[dma]") {
    Pc pc;
    REQUIRE(pc.dma);
    pc.enable_cascade();
    pc.setup2(0x46, 0x05, 0x1234, 3);  // single, write (to memory), increment, channel 2
    uint8_t data[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    bool tc = false;
    CHECK(pc.dma->transfer(2, data, 8, true, &tc) == 4);  // count register 3 = 4 transfers
    CHECK(tc);
    for (unsigned i = 0; i < 4; ++i) CHECK(pc.peek(0x51234 + i) == i + 1);
    CHECK(pc.peek(0x51238) == 0);
    pc.out(0x0C, 0);
    CHECK(pc.word(0x04) == 0x1238);  // current address
    CHECK(pc.word(0x05) == 0xFFFF);  // current count rolled past zero
    CHECK(pc.in(0x08) == 0x04);      // TC for channel 2
    CHECK(pc.in(0x08) == 0x00);      // cleared by the status read
    // Without autoinitialize EOP sets the channel's mask bit: no more service.
    CHECK(pc.dma->transfer(2, data, 8, true, &tc) == 0);
}

TEST_CASE("8237A partial transfers continue where the last stopped", "[dma]") {
    Pc pc;
    pc.enable_cascade();
    pc.setup2(0x46, 0x01, 0x0000, 9);
    uint8_t a[4] = {0xA0, 0xA1, 0xA2, 0xA3}, b[6] = {0xB0, 0xB1, 0xB2, 0xB3, 0xB4, 0xB5};
    bool tc = true;
    CHECK(pc.dma->transfer(2, a, 4, true, &tc) == 4);
    CHECK_FALSE(tc);
    CHECK(pc.dma->transfer(2, b, 6, true, &tc) == 6);
    CHECK(tc);
    CHECK(pc.peek(0x10003) == 0xA3);
    CHECK(pc.peek(0x10004) == 0xB0);
    CHECK(pc.peek(0x10009) == 0xB5);
}

TEST_CASE("8237A address decrement mode stores bytes downwards", "[dma]") {
    Pc pc;
    pc.enable_cascade();
    pc.setup2(0x66, 0x02, 0x0100, 2);  // decrement
    uint8_t data[3] = {0x11, 0x22, 0x33};
    CHECK(pc.dma->transfer(2, data, 3, true) == 3);
    CHECK(pc.peek(0x20100) == 0x11);
    CHECK(pc.peek(0x200FF) == 0x22);
    CHECK(pc.peek(0x200FE) == 0x33);
    pc.out(0x0C, 0);
    CHECK(pc.word(0x04) == 0x00FD);
}

TEST_CASE("8237A read transfer moves memory to the device; verify moves nothing", "[dma]") {
    Pc pc;
    pc.enable_cascade();
    for (unsigned i = 0; i < 4; ++i) pc.poke(0x30000 + i, uint8_t(0xC0 + i));
    pc.setup2(0x4A, 0x03, 0x0000, 3);  // read (from memory)
    uint8_t buf[4] = {};
    CHECK(pc.dma->transfer(2, buf, 4, false) == 4);
    CHECK(buf[0] == 0xC0);
    CHECK(buf[3] == 0xC3);

    pc.setup2(0x42, 0x03, 0x0000, 3);  // verify
    uint8_t junk[4] = {9, 9, 9, 9};
    bool tc = false;
    CHECK(pc.dma->transfer(2, junk, 4, true, &tc) == 4);
    CHECK(tc);
    CHECK(pc.peek(0x30000) == 0xC0);   // memory untouched
    pc.out(0x0C, 0);
    CHECK(pc.word(0x04) == 0x0004);    // but the address advanced
}

TEST_CASE("8237A autoinitialize restores base address and count at TC, mask stays clear", "[dma]") {
    Pc pc;
    pc.enable_cascade();
    pc.setup2(0x56, 0x04, 0x0010, 1);  // autoinit
    uint8_t d1[2] = {1, 2}, d2[2] = {3, 4};
    bool tc = false;
    CHECK(pc.dma->transfer(2, d1, 2, true, &tc) == 2);
    CHECK(tc);
    pc.out(0x0C, 0);
    CHECK(pc.word(0x04) == 0x0010);
    CHECK(pc.word(0x05) == 0x0001);
    CHECK(pc.dma->transfer(2, d2, 2, true, &tc) == 2);
    CHECK(pc.peek(0x40010) == 3);
}

TEST_CASE("8237A mask register commands and the AT cascade gate DMA1 service", "[dma]") {
    Pc pc;
    uint8_t d[1] = {0};
    pc.setup2(0x46, 0x00, 0x8000, 0);
    CHECK(pc.dma->transfer(2, d, 1, true) == 0);  // channel 4 (cascade) still masked after reset
    pc.enable_cascade();
    pc.out(0x0F, 0x0F);                           // write all mask bits
    CHECK(pc.dma->transfer(2, d, 1, true) == 0);
    pc.out(0x0E, 0x00);                           // clear mask register
    pc.out(0x08, 0x04);                           // command: controller disable
    CHECK(pc.dma->transfer(2, d, 1, true) == 0);
    pc.out(0x08, 0x00);
    CHECK(pc.dma->transfer(2, d, 1, true) == 1);
    pc.out(0x0D, 0x00);                           // master clear sets all masks
    pc.setup2(0x46, 0x00, 0x8000, 0);
    pc.out(0x0A, 0x06);
    CHECK(pc.dma->transfer(2, d, 1, true) == 0);
}

TEST_CASE("8237A word channels: DMA2 addresses words, page bits 7-1 give A23-A17", "[dma]") {
    Pc pc;
    pc.out(0xD4, 0x05);             // mask channel 5
    pc.out(0xD8, 0x00);             // clear byte pointer
    pc.out(0xD6, 0x45);             // channel 5: single, write, increment
    pc.out(0xC4, 0x00); pc.out(0xC4, 0x10);  // word address 1000h
    pc.out(0xC6, 0x01); pc.out(0xC6, 0x00);  // 2 words
    pc.out(0x8B, 0x13);             // page: bit 0 is not used on word channels
    pc.out(0xD4, 0x01);             // unmask
    uint8_t data[6] = {0x10, 0x11, 0x12, 0x13, 0x14, 0x15};
    bool tc = false;
    CHECK(pc.dma->transfer(5, data, 6, true, &tc) == 4);
    CHECK(tc);
    CHECK(pc.peek(0x122000) == 0x10);
    CHECK(pc.peek(0x122003) == 0x13);
    CHECK(pc.peek(0x122004) == 0x00);
    pc.out(0xD8, 0);
    CHECK(pc.word(0xC4) == 0x1002);
    CHECK(pc.in(0xD0) == 0x02);     // DMA2 status: TC on its channel 1
}

TEST_CASE("8237A the address wraps inside the 64 KiB page (the page does not carry)", "[dma]") {
    Pc pc;
    pc.enable_cascade();
    pc.setup2(0x46, 0x01, 0xFFFF, 1);
    uint8_t data[2] = {0xEE, 0xDD};
    CHECK(pc.dma->transfer(2, data, 2, true) == 2);
    CHECK(pc.peek(0x1FFFF) == 0xEE);
    CHECK(pc.peek(0x10000) == 0xDD);
}

TEST_CASE("8237A status request bits and page registers; port 80h stays the POST port", "[dma]") {
    Pc pc;
    pc.dma->set_dreq(2, true);
    CHECK(pc.in(0x08) == 0x40);
    pc.dma->set_dreq(2, false);
    pc.out(0x09, 0x05);                // software request, channel 1
    CHECK(pc.in(0x08) == 0x20);
    for (uint16_t p = 0x81; p <= 0x8F; ++p) pc.out(p, uint8_t(p ^ 0x5A));
    for (uint16_t p = 0x81; p <= 0x8F; ++p) CHECK(pc.in(p) == uint8_t(p ^ 0x5A));
    pc.out(0x80, 0x42);
    CHECK(pc.m.last_post_code() == 0x42);
}

TEST_CASE("8237A byte pointer flip-flop orders low and high bytes", "[dma]") {
    Pc pc;
    pc.out(0x0C, 0);
    pc.out(0x00, 0x34);
    pc.out(0x00, 0x12);
    pc.out(0x0C, 0);
    CHECK(pc.in(0x00) == 0x34);
    pc.out(0x0C, 0);
    CHECK(pc.in(0x00) == 0x34);  // the clear command restarts at the low byte
    CHECK(pc.in(0x00) == 0x12);
}
