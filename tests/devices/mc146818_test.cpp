// MC146818A RTC/CMOS through ports 70h/71h, time advanced on the virtual clock. Expected values
// come from the Motorola MC146818A datasheet and the IBM AT CMOS layout.
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <string>
#include "devices/machine.h"
#include "devices/mc146818.h"
#include "devices/pic8259.h"

using namespace bw;

namespace {

constexpr uint64_t kMs = 1000000;

MachineConfig config(uint64_t epoch = 1709251198) {  // 2024-02-29 23:59:58 UTC, a Thursday
    MachineConfig c;
    c.memory_mb = 1;
    c.rtc_epoch = epoch;
    return c;
}

struct Pc {
    Machine m;
    explicit Pc(const MachineConfig& c = config()) : m(c) {}

    uint8_t rd(uint8_t reg) { m.io().write(0x70, reg, 1); return uint8_t(m.io().read(0x71, 1)); }
    void wr(uint8_t reg, uint8_t v) { m.io().write(0x70, reg, 1); m.io().write(0x71, v, 1); }
    void at_ns(uint64_t ns) { m.clock().advance_to(ns); }
    void init_pic() {
        auto out = [&](uint16_t p, uint8_t v) { m.io().write(p, v, 1); };
        out(0x20, 0x11); out(0x21, 0x08); out(0x21, 0x04); out(0x21, 0x01);
        out(0xA0, 0x11); out(0xA1, 0x70); out(0xA1, 0x02); out(0xA1, 0x01);
        out(0x21, 0xFB); out(0xA1, 0xFE);  // only IRQ8 (and the cascade)
    }
    bool irq8_requested() { m.io().write(0xA0, 0x0A, 1); return m.io().read(0xA0, 1) & 1; }
    // Restarts the divider chain at `ns`: the first update follows 500 ms later.
    void restart_divider(uint64_t ns) { at_ns(ns); wr(0x0A, 0x66); wr(0x0A, 0x26); }
};

} // namespace

TEST_CASE("MC146818A time registers in BCD, 24-hour: the configured epoch", "[rtc]") {
    Pc pc;
    CHECK(pc.rd(0x00) == 0x58);
    CHECK(pc.rd(0x02) == 0x59);
    CHECK(pc.rd(0x04) == 0x23);
    CHECK(pc.rd(0x06) == 0x05);  // day of week, 1 = Sunday: Thursday
    CHECK(pc.rd(0x07) == 0x29);
    CHECK(pc.rd(0x08) == 0x02);
    CHECK(pc.rd(0x09) == 0x24);
    CHECK(pc.rd(0x32) == 0x20);  // century
    CHECK(pc.rd(0x0A) == 0x26);  // 32.768 kHz time base, 1024 Hz rate
    CHECK(pc.rd(0x0B) == 0x02);  // 24-hour, BCD
    CHECK(pc.rd(0x0D) == 0x80);  // VRT
}

TEST_CASE("MC146818A update cycle: seconds advance with virtual time, leap day rolls to March", "[rtc]") {
    Pc pc;
    pc.restart_divider(0);
    pc.at_ns(499 * kMs);
    CHECK(pc.rd(0x00) == 0x58);
    pc.at_ns(500 * kMs);
    CHECK(pc.rd(0x00) == 0x59);
    pc.at_ns(1500 * kMs);
    CHECK(pc.rd(0x00) == 0x00);
    CHECK(pc.rd(0x02) == 0x00);
    CHECK(pc.rd(0x04) == 0x00);
    CHECK(pc.rd(0x06) == 0x06);  // Friday
    CHECK(pc.rd(0x07) == 0x01);
    CHECK(pc.rd(0x08) == 0x03);
    CHECK(pc.rd(0x09) == 0x24);
}

TEST_CASE("MC146818A divider reset (DV = 11x) stops the clock", "[rtc]") {
    Pc pc;
    pc.wr(0x0A, 0x66);
    pc.at_ns(5000 * kMs);
    CHECK(pc.rd(0x00) == 0x58);
}

TEST_CASE("MC146818A UIP: set 244 us (tBUC) before the update, clear afterwards", "[rtc]") {
    Pc pc;
    pc.restart_divider(0);
    pc.at_ns(500 * kMs - 300000);
    CHECK_FALSE(pc.rd(0x0A) & 0x80);
    pc.at_ns(500 * kMs - 200000);
    CHECK(pc.rd(0x0A) & 0x80);
    pc.at_ns(500 * kMs + 2 * kMs);  // past the 1984 us update cycle
    CHECK_FALSE(pc.rd(0x0A) & 0x80);
    pc.wr(0x0B, 0x82);  // SET: no updates, UIP stays clear
    pc.at_ns(1500 * kMs - 100000);
    CHECK_FALSE(pc.rd(0x0A) & 0x80);
}

TEST_CASE("MC146818A SET inhibits updates while the time is written", "[rtc]") {
    Pc pc;
    pc.restart_divider(0);
    pc.wr(0x0B, 0x82);
    pc.wr(0x00, 0x30);
    pc.at_ns(3000 * kMs);
    CHECK(pc.rd(0x00) == 0x30);
    pc.wr(0x0B, 0x02);
    pc.at_ns(3500 * kMs);
    CHECK(pc.rd(0x00) == 0x31);
}

TEST_CASE("MC146818A DM = 1: binary time and calendar", "[rtc]") {
    Pc pc;
    pc.restart_divider(0);
    pc.wr(0x0B, 0x86);  // SET, binary, 24-hour
    pc.wr(0x00, 59); pc.wr(0x02, 59); pc.wr(0x04, 23);
    pc.wr(0x06, 7); pc.wr(0x07, 31); pc.wr(0x08, 12); pc.wr(0x09, 99);
    pc.wr(0x0B, 0x06);
    pc.at_ns(500 * kMs);
    CHECK(pc.rd(0x00) == 0);
    CHECK(pc.rd(0x04) == 0);
    CHECK(pc.rd(0x06) == 1);
    CHECK(pc.rd(0x07) == 1);
    CHECK(pc.rd(0x08) == 1);
    CHECK(pc.rd(0x09) == 0);
    pc.at_ns(500 * kMs + 15 * 1000 * kMs);
    CHECK(pc.rd(0x00) == 15);  // binary, not BCD 0x15
}

TEST_CASE("MC146818A 12-hour mode: bit 7 of the hours is PM; 11:59:59 PM rolls to 12 AM", "[rtc]") {
    Pc pc;
    pc.restart_divider(0);
    pc.wr(0x0B, 0x80);  // SET, BCD, 12-hour
    pc.wr(0x00, 0x59); pc.wr(0x02, 0x59); pc.wr(0x04, 0x80 | 0x11);
    pc.wr(0x07, 0x15); pc.wr(0x08, 0x06); pc.wr(0x06, 0x02);
    pc.wr(0x0B, 0x00);
    pc.at_ns(500 * kMs);
    CHECK(pc.rd(0x04) == 0x12);  // 12 AM
    CHECK(pc.rd(0x07) == 0x16);
    pc.wr(0x04, 0x11);           // 11 AM
    pc.wr(0x02, 0x59);
    pc.wr(0x00, 0x59);
    pc.at_ns(1500 * kMs);
    CHECK(pc.rd(0x04) == 0x92);  // 12 PM
}

TEST_CASE("MC146818A periodic interrupt: RS = 6 gives 976.5625 us on IRQ8", "[rtc]") {
    Pc pc;
    pc.init_pic();
    pc.restart_divider(0);
    pc.wr(0x0B, 0x42);  // PIE
    pc.at_ns(976562);
    CHECK_FALSE(pc.irq8_requested());
    pc.at_ns(976563);
    CHECK(pc.irq8_requested());
    CHECK(pc.rd(0x0C) == 0xC0);  // IRQF | PF
    CHECK_FALSE(pc.irq8_requested());  // reading C releases IRQ
    CHECK(pc.rd(0x0C) == 0x00);
    // Count flags over 100 ms by polling C every 100 us: 100 / 0.9765625 = 102.4.
    unsigned pf = 0;
    for (uint64_t t = 976563; t <= 976563 + 100 * kMs; t += 100000) {
        pc.at_ns(t);
        pf += (pc.rd(0x0C) & 0x40) != 0;
    }
    CHECK(pf >= 102);
    CHECK(pf <= 103);
}

TEST_CASE("MC146818A periodic rates: RS = 3 is 122.070 us, RS = 15 is 500 ms", "[rtc]") {
    Pc pc;
    pc.restart_divider(0);
    pc.wr(0x0A, 0x23);
    pc.at_ns(122070);
    CHECK_FALSE(pc.rd(0x0C) & 0x40);  // PF is set even with PIE = 0, at 2^2 / 32768 s
    pc.at_ns(122071);
    CHECK(pc.rd(0x0C) == 0x40);       // but IRQF stays clear
    pc.wr(0x0A, 0x2F);
    pc.rd(0x0C);
    pc.at_ns(499 * kMs);
    CHECK_FALSE(pc.rd(0x0C) & 0x40);
    pc.at_ns(500 * kMs);
    CHECK(pc.rd(0x0C) & 0x40);
}

TEST_CASE("MC146818A update-ended interrupt: UF and IRQF after each update", "[rtc]") {
    Pc pc;
    pc.init_pic();
    pc.restart_divider(0);
    pc.wr(0x0A, 0x20);  // RS = 0: no periodic flag
    pc.wr(0x0B, 0x12);  // UIE
    pc.at_ns(499 * kMs);
    CHECK_FALSE(pc.irq8_requested());
    pc.at_ns(500 * kMs);
    CHECK(pc.irq8_requested());
    CHECK(pc.rd(0x0C) == 0x90);
    CHECK_FALSE(pc.irq8_requested());
}

TEST_CASE("MC146818A alarm: AF when time matches; C0h-FFh are don't-care", "[rtc]") {
    Pc pc;
    pc.init_pic();
    pc.restart_divider(0);
    pc.wr(0x0A, 0x20);  // RS = 0: no periodic flag
    pc.wr(0x01, 0x00); pc.wr(0x03, 0x00); pc.wr(0x05, 0x00);  // alarm at 00:00:00
    pc.wr(0x0B, 0x22);  // AIE
    pc.at_ns(500 * kMs);   // 23:59:59
    CHECK_FALSE(pc.irq8_requested());
    CHECK((pc.rd(0x0C) & 0x20) == 0);
    pc.at_ns(1500 * kMs);  // 00:00:00
    CHECK(pc.irq8_requested());
    CHECK(pc.rd(0x0C) == 0xB0);  // IRQF | AF | UF
    pc.wr(0x01, 0xC0); pc.wr(0x03, 0xC0); pc.wr(0x05, 0xC0);  // every second
    pc.at_ns(2500 * kMs);
    CHECK(pc.rd(0x0C) == 0xB0);
}

TEST_CASE("MC146818A register C is read-only and cleared by reading", "[rtc]") {
    Pc pc;
    pc.restart_divider(0);
    pc.at_ns(600 * kMs);
    CHECK(pc.rd(0x0C) == 0x50);  // PF and UF, no enables
    pc.wr(0x0C, 0xFF);
    CHECK(pc.rd(0x0C) == 0x00);
    pc.wr(0x0D, 0x00);
    CHECK(pc.rd(0x0D) == 0x80);
}

TEST_CASE("Port 70h bit 7 masks NMI and is not part of the register index", "[rtc]") {
    Pc pc;
    auto* rtc = dynamic_cast<Mc146818*>(pc.m.find_device("cmos"));
    REQUIRE(rtc);
    pc.m.io().write(0x70, 0x80 | 0x09, 1);
    CHECK(rtc->nmi_masked());
    CHECK(pc.m.io().read(0x71, 1) == 0x24);
    pc.m.io().write(0x70, 0x09, 1);
    CHECK_FALSE(rtc->nmi_masked());
    pc.wr(0x40, 0x5A);
    CHECK(pc.rd(0x40) == 0x5A);  // battery-backed RAM
}

TEST_CASE("AT CMOS layout: memory sizes, floppy types, boot order and checksum", "[rtc]") {
    std::string fda = "mc146818_test_fda.img";
    {
        std::ofstream f(fda, std::ios::binary);
        f.seekp(1474560 - 1);
        f.put(0);
    }
    MachineConfig c = config();
    c.memory_mb = 32;
    c.fda = fda;
    c.boot_order = "cda";
    c.cpu = CpuModel::p6;
    {
        Pc pc(c);
        CHECK(pc.rd(0x10) == 0x40);  // drive A 1.44 MB, no drive B
        CHECK(pc.rd(0x14) == 0x03);  // one floppy, coprocessor, VGA
        CHECK(pc.rd(0x15) == 0x80);  // 640 KiB base memory
        CHECK(pc.rd(0x16) == 0x02);
        CHECK(pc.rd(0x17) == 0x00);  // 31 MiB = 7C00h KiB above 1 MiB
        CHECK(pc.rd(0x18) == 0x7C);
        CHECK(pc.rd(0x30) == 0x00);
        CHECK(pc.rd(0x31) == 0x7C);
        CHECK(pc.rd(0x34) == 0x00);  // 16 MiB above 16 MiB = 256 blocks of 64 KiB
        CHECK(pc.rd(0x35) == 0x01);
        CHECK(pc.rd(0x3D) == 0x32);  // CD-ROM, then hard disk
        CHECK(pc.rd(0x38) == 0x10);  // then floppy
        unsigned sum = 0;
        for (uint8_t i = 0x10; i <= 0x2D; ++i) sum += pc.rd(i);
        CHECK(pc.rd(0x2E) == uint8_t(sum >> 8));
        CHECK(pc.rd(0x2F) == uint8_t(sum));
    }
    std::remove(fda.c_str());

    c = config();
    c.memory_mb = 128;
    Pc big(c);
    CHECK(big.rd(0x17) == 0xFF);  // 127 MiB = 1FC00h KiB: capped at FFFFh
    CHECK(big.rd(0x18) == 0xFF);
    CHECK(big.rd(0x34) == 0x00);  // 112 MiB = 700h blocks of 64 KiB
    CHECK(big.rd(0x35) == 0x07);
}
