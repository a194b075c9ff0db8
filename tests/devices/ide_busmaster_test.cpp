// PCI bus master IDE of the PIIX3 IDE function with the ATA/ATAPI DMA commands, programmed as a
// driver does: PCI configuration (BMIBA, PCICMD), a PRD table in guest RAM, the task file, then
// SSBM. Expected values come from "Programming Interface for Bus Master IDE Controller"
// (SFF-8038i rev 1.0: "SFF" below), the 82371SB PIIX3 datasheet (bus master IDE I/O registers:
// "PIIX3" below) and ATA/ATAPI-6 (T13/1410D rev 3b: "ATA-6"); sections are in the test names.
// The disk image's sector k starts with k (little endian); the CD image likewise per 2048 bytes.
#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>
#include "devices/ata.h"
#include "devices/machine.h"
#include "tests/devices/ata_images.h"

using namespace bw;
using namespace bw::test;
namespace fs = std::filesystem;

namespace {

constexpr uint32_t kSectors = 20 * 16 * 63;
constexpr uint32_t kCdBlocks = 40;
constexpr uint16_t kBm = 0xC000;  // BMIBA as the tests program it
constexpr uint32_t kPrd = 0x8000;  // PRD table

struct Rig {
    std::string hda = make_image("idebm_test", "hda.img", kSectors, 512);
    std::string iso = make_image("idebm_test", "cd.iso", kCdBlocks, 2048);
    MachineConfig cfg = [this] {
        MachineConfig c;
        c.memory_mb = 1;
        c.hda = hda;
        c.cdrom = iso;
        return c;
    }();
    Machine m{cfg};
    IrqLog irq;
    uint8_t* ram = m.memory().ram();

    explicit Rig(bool bus_master_enable = true) {
        m.set_irq_sink(&irq);
        // PIIX3 function 1 (device 1): BMIBA = C000h, PCICMD = I/O space + bus master enable.
        cfg_write(0x20, kBm | 1, 4);
        cfg_write(0x04, bus_master_enable ? 0x0005 : 0x0001, 2);
    }
    ~Rig() { fs::remove_all(fs::path(hda).parent_path()); }

    void cfg_write(uint8_t reg, uint32_t v, unsigned size) {
        m.io().write(0xCF8, 0x80000000u | (1u << 11) | (1u << 8) | (reg & 0xFCu), 4);
        m.io().write(uint16_t(0xCFC + (reg & 3)), v, size);
    }
    void out(uint16_t p, uint8_t v) { m.io().write(p, v, 1); }
    uint8_t in(uint16_t p) { return uint8_t(m.io().read(p, 1)); }
    uint16_t inw(uint16_t p) { return uint16_t(m.io().read(p, 2)); }
    void outw(uint16_t p, uint16_t v) { m.io().write(p, v, 2); }
    void outl(uint16_t p, uint32_t v) { m.io().write(p, v, 4); }
    uint32_t inl(uint16_t p) { return m.io().read(p, 4); }
    void advance_us(uint64_t us) { m.clock().advance_to(m.clock().now_ns() + us * 1000); }
    void wait() { advance_us(100000); }  // 100 ms: any transfer here is over

    // PRD entries (SFF 1.2): base, byte count (0 = 64 KiB), EOT on the last.
    void prd(std::vector<std::pair<uint32_t, uint32_t>> regions, uint32_t at = kPrd) {
        for (size_t k = 0; k < regions.size(); ++k) {
            uint32_t count = regions[k].second & 0xFFFF;
            if (k + 1 == regions.size()) count |= 0x80000000u;
            std::memcpy(ram + at + 8 * k, &regions[k].first, 4);
            std::memcpy(ram + at + 8 * k + 4, &count, 4);
        }
    }
    // BMIDTP and BMICOM of channel `ch`; the start bit is written separately, as drivers do.
    void bm_setup(unsigned ch, bool to_memory, uint32_t table = kPrd) {
        outl(uint16_t(kBm + 8 * ch + 4), table);
        out(uint16_t(kBm + 8 * ch), to_memory ? 0x08 : 0x00);
    }
    void bm_start(unsigned ch, bool to_memory) { out(uint16_t(kBm + 8 * ch), to_memory ? 0x09 : 0x01); }
    uint8_t bmsta(unsigned ch) { return in(uint16_t(kBm + 8 * ch + 2)); }
    void lba28(uint32_t lba, uint8_t count) {
        out(0x1F6, uint8_t(0xE0 | (lba >> 24)));
        out(0x1F2, count);
        out(0x1F3, uint8_t(lba));
        out(0x1F4, uint8_t(lba >> 8));
        out(0x1F5, uint8_t(lba >> 16));
    }
    void lba48(uint64_t lba, uint16_t count) {
        out(0x1F6, 0x40);
        out(0x1F2, uint8_t(count >> 8)), out(0x1F3, uint8_t(lba >> 24));
        out(0x1F4, uint8_t(lba >> 32)), out(0x1F5, uint8_t(lba >> 40));
        out(0x1F2, uint8_t(count)), out(0x1F3, uint8_t(lba));
        out(0x1F4, uint8_t(lba >> 8)), out(0x1F5, uint8_t(lba >> 16));
    }
    bool sector_at(uint32_t addr, uint64_t sector) {
        for (unsigned i = 0; i < 512; ++i)
            if (ram[addr + i] != pattern(sector, i, 512)) return false;
        return true;
    }
    std::vector<uint16_t> identify(uint16_t base, uint8_t cmd) {
        out(uint16_t(base + 7), cmd);
        wait();
        std::vector<uint16_t> w(256);
        for (auto& x : w) x = inw(base);
        return w;
    }
    void set_features(uint16_t base, uint8_t feature, uint8_t count) {
        out(uint16_t(base + 1), feature);
        out(uint16_t(base + 2), count);
        out(uint16_t(base + 7), 0xEF);
        wait();
    }
};

} // namespace

TEST_CASE("SFF-8038i 1.1 / PIIX3 BMICx, BMISx, BMIDTPx: register bits", "[idebm]") {
    Rig t;
    // BMIDTP: bits 31:2 of a dword-aligned table address; bits 1:0 read 0.
    t.outl(kBm + 4, 0x12345677u);
    CHECK(t.inl(kBm + 4) == 0x12345674u);
    // BMISTA: at reset nothing is set; bits 5 and 6 (drive DMA capable) are read/write, bit 0
    // (Active) is read-only.
    CHECK(t.bmsta(0) == 0x00);
    t.out(kBm + 2, 0x61);
    CHECK(t.bmsta(0) == 0x60);
    // BMICOM: bits 0 and 3 only. SSBM sets Active; clearing SSBM clears it (SFF 1.1.1/1.1.2).
    t.prd({{0x10000, 512}});
    t.out(kBm, 0xFF);
    CHECK(t.in(kBm) == 0x09);
    CHECK(t.bmsta(0) == 0x61);
    t.out(kBm, 0x08);
    CHECK(t.bmsta(0) == 0x60);
    // The secondary channel's registers are at +8, independent.
    CHECK(t.bmsta(1) == 0x00);
    CHECK(t.in(kBm + 8) == 0x00);
}

TEST_CASE("SFF-8038i 1.1.2 BMISTA bit 2: set by the rising edge of INTRQ, cleared by writing 1", "[idebm]") {
    Rig t;
    t.out(0x1F6, 0xA0);
    t.out(0x1F7, 0xEC);  // IDENTIFY DEVICE (PIO): its interrupt counts too
    t.wait();
    CHECK(t.irq.line[14]);
    CHECK(t.bmsta(0) == 0x04);
    CHECK(t.bmsta(1) == 0x00);
    t.out(kBm + 2, 0x04);
    CHECK(t.bmsta(0) == 0x00);
    // PIIX3: cleared while the line stays asserted, the bit waits for the next edge.
    CHECK(t.irq.line[14]);
    t.out(kBm + 2, 0x00);
    CHECK(t.bmsta(0) == 0x00);
}

TEST_CASE("ATA-6 8.15.8/8.15.31/8.15.40 IDENTIFY: DMA supported, words 53, 63, 88", "[idebm]") {
    Rig t;
    t.out(0x1F6, 0xA0);
    auto w = t.identify(0x1F0, 0xEC);
    CHECK((w[49] & 0x0100) != 0);          // DMA supported
    CHECK((w[53] & 0x0006) == 0x0006);     // words 64-70 and 88 valid
    CHECK((w[63] & 0x0007) == 0x0007);     // Multiword DMA 0-2 supported
    // At most one DMA mode is selected across words 63 and 88.
    auto selected = [](const std::vector<uint16_t>& v) {
        return __builtin_popcount(v[63] & 0x0700) + __builtin_popcount(v[88] & 0x7F00);
    };
    CHECK(selected(w) <= 1);
    CHECK((w[88] & 0x0007) == 0x0007);     // Ultra DMA 0-2 supported (at least)
    // The ATAPI device reports DMA in IDENTIFY PACKET DEVICE (ATA-6 8.16).
    t.out(0x176, 0xA0);
    auto p = t.identify(0x170, 0xA1);
    CHECK((p[49] & 0x0100) != 0);
    CHECK((p[53] & 0x0004) != 0);
    CHECK((p[63] & 0x0007) == 0x0007);
}

TEST_CASE("ATA-6 8.37.10 SET FEATURES 03h: the selected DMA mode shows in words 63 and 88", "[idebm]") {
    Rig t;
    t.out(0x1F6, 0xA0);
    t.set_features(0x1F0, 0x03, 0x42);  // Ultra DMA mode 2
    CHECK(t.in(0x1F7) == 0x50);
    auto w = t.identify(0x1F0, 0xEC);
    CHECK((w[88] & 0xFF00) == 0x0400);
    CHECK((w[63] & 0xFF00) == 0x0000);  // Multiword DMA deselected
    t.set_features(0x1F0, 0x03, 0x21);  // Multiword DMA mode 1
    CHECK(t.in(0x1F7) == 0x50);
    w = t.identify(0x1F0, 0xEC);
    CHECK((w[63] & 0xFF00) == 0x0200);
    CHECK((w[88] & 0xFF00) == 0x0000);
    t.set_features(0x1F0, 0x03, 0x0C);  // PIO flow control mode 4: the DMA mode stays
    CHECK(t.in(0x1F7) == 0x50);
    w = t.identify(0x1F0, 0xEC);
    CHECK((w[63] & 0xFF00) == 0x0200);
    // Unsupported modes are aborted: Multiword DMA 3, a reserved kind.
    t.set_features(0x1F0, 0x03, 0x23);
    CHECK(t.in(0x1F7) == 0x51);
    CHECK(t.in(0x1F1) == 0x04);
    t.set_features(0x1F0, 0x03, 0x60);
    CHECK(t.in(0x1F7) == 0x51);
    // The CD-ROM takes the same subcommand (ATA-6 8.37 applies to PACKET devices).
    t.out(0x176, 0xA0);
    t.set_features(0x170, 0x03, 0x22);
    CHECK(t.in(0x177) == 0x50);
    auto p = t.identify(0x170, 0xA1);
    CHECK((p[63] & 0xFF00) == 0x0400);
}

TEST_CASE("ATA-6 8.26 READ DMA through a two-region PRD table: SFF Active=0 Interrupt=1", "[idebm]") {
    Rig t;
    t.prd({{0x10000, 512}, {0x20000, 1024}});
    t.bm_setup(0, true);
    t.lba28(100, 3);
    t.out(0x1F7, 0xC8);
    t.bm_start(0, true);
    // Running: Active=1, Interrupt=0 (SFF BMISTA table). 1536 bytes take at least 92 us at the
    // fastest Multiword DMA rate, 16.7 MB/s (ATA-6 Multiword DMA timing).
    t.advance_us(50);
    CHECK(t.bmsta(0) == 0x01);
    CHECK_FALSE(t.irq.line[14]);
    CHECK((t.in(0x3F6) & 0x88) != 0);  // BSY or DRQ: the command is not over
    t.wait();
    // Done: the drive interrupted and the table was used up exactly.
    CHECK(t.irq.line[14]);
    CHECK(t.bmsta(0) == 0x04);
    CHECK(t.sector_at(0x10000, 100));
    CHECK(t.sector_at(0x20000, 101));
    CHECK(t.sector_at(0x20200, 102));
    CHECK(t.in(0x1F7) == 0x50);  // DRDY DSC, no DRQ, no error (ATA-6 8.26 normal outputs)
    CHECK_FALSE(t.irq.line[14]);
    // Driver epilogue: stop the engine, clear Interrupt.
    t.out(kBm, 0x08);
    t.out(kBm + 2, 0x04);
    CHECK(t.bmsta(0) == 0x00);
}

TEST_CASE("SFF-8038i BMISTA table: PRD larger than the transfer leaves Active=1 Interrupt=1", "[idebm]") {
    Rig t;
    std::memset(t.ram + 0x10000, 0xEE, 0x2000);
    t.prd({{0x10000, 0x2000}});
    t.bm_setup(0, true);
    t.lba28(7, 2);
    t.out(0x1F7, 0xC8);
    t.bm_start(0, true);
    t.wait();
    CHECK(t.irq.line[14]);
    CHECK(t.bmsta(0) == 0x05);
    CHECK(t.sector_at(0x10000, 7));
    CHECK(t.sector_at(0x10200, 8));
    CHECK(t.ram[0x10400] == 0xEE);  // the rest of the region untouched
    CHECK(t.in(0x1F7) == 0x50);
    t.out(kBm, 0x08);  // SSBM cleared: Active clears (SFF 1.1.2 bit 0)
    CHECK(t.bmsta(0) == 0x04);
}

TEST_CASE("SFF-8038i BMISTA table: PRD smaller than the transfer gives Active=0 Interrupt=0 Error=0", "[idebm]") {
    Rig t;
    std::memset(t.ram + 0x10000, 0xEE, 0x1000);
    t.prd({{0x10000, 512}});
    t.bm_setup(0, true);
    t.lba28(50, 4);
    t.out(0x1F7, 0xC8);
    t.bm_start(0, true);
    t.wait();
    // The engine ran out of descriptors; the drive still wants to transfer and does not
    // interrupt, so its command is not complete (DRQ, no INTRQ).
    CHECK(t.bmsta(0) == 0x00);
    CHECK_FALSE(t.irq.line[14]);
    CHECK((t.in(0x3F6) & 0x08) != 0);
    CHECK(t.sector_at(0x10000, 50));
    CHECK(t.ram[0x10200] == 0xEE);
    // Software recovers with a reset (ATA-6 9.2): the device posts its signature.
    t.out(0x3F6, 0x04);
    t.out(0x3F6, 0x00);
    CHECK(t.in(0x1F7) == 0x50);
    CHECK(t.in(0x1F2) == 0x01);
}

TEST_CASE("SFF-8038i 1.2: a byte count of zero describes 64 KiB; EOT ends the table", "[idebm]") {
    Rig t;
    t.prd({{0x20000, 0}});
    t.bm_setup(0, true);
    t.lba28(1000, 128);
    t.out(0x1F7, 0xC8);
    t.bm_start(0, true);
    t.wait();
    CHECK(t.bmsta(0) == 0x04);
    bool ok = true;
    for (unsigned k = 0; k < 128; ++k) ok = ok && t.sector_at(0x20000 + 512 * k, 1000 + k);
    CHECK(ok);
}

TEST_CASE("SFF-8038i 1.1.1: starting the engine before the command works the same", "[idebm]") {
    Rig t;
    t.prd({{0x10000, 512}});
    t.bm_setup(0, true);
    t.bm_start(0, true);
    CHECK(t.bmsta(0) == 0x01);
    t.wait();
    CHECK(t.bmsta(0) == 0x01);  // no drive request yet: nothing moves
    t.lba28(3, 1);
    t.out(0x1F7, 0xC8);
    t.wait();
    CHECK(t.bmsta(0) == 0x04);
    CHECK(t.sector_at(0x10000, 3));
}

TEST_CASE("ATA-6 8.49 WRITE DMA EXT: memory reaches the medium (read back by PIO)", "[idebm]") {
    Rig t;
    for (unsigned i = 0; i < 1024; ++i) t.ram[0x30000 + i] = uint8_t(i * 13 + 5);
    t.prd({{0x30000, 256}, {0x30100, 768}});
    t.bm_setup(0, false);
    t.lba48(2000, 2);
    t.out(0x1F7, 0x35);
    t.bm_start(0, false);
    t.wait();
    CHECK(t.irq.line[14]);
    CHECK(t.bmsta(0) == 0x04);
    CHECK(t.in(0x1F7) == 0x50);
    t.out(kBm, 0x00);
    t.out(kBm + 2, 0x04);
    // READ SECTORS (PIO, ATA-6 8.27) of the same two sectors.
    t.lba28(2000, 2);
    t.out(0x1F7, 0x20);
    bool same = true;
    for (unsigned s = 0; s < 2; ++s) {
        t.wait();
        for (unsigned i = 0; i < 512; i += 2) {
            uint16_t w = t.inw(0x1F0);
            unsigned a = s * 512 + i;
            same = same && uint8_t(w) == uint8_t(a * 13 + 5) && uint8_t(w >> 8) == uint8_t((a + 1) * 13 + 5);
        }
    }
    CHECK(same);
}

TEST_CASE("ATA-6 8.25 READ DMA EXT: 48-bit address; RWCON decides the direction", "[idebm]") {
    Rig t;
    t.prd({{0x10000, 1024}});
    // Engine set to read memory (RWCON=0) for a device-to-memory command: nothing moves.
    t.bm_setup(0, false);
    t.lba48(0x1234, 2);
    t.out(0x1F7, 0x25);
    t.bm_start(0, false);
    t.wait();
    CHECK(t.bmsta(0) == 0x01);
    CHECK_FALSE(t.irq.line[14]);
    CHECK_FALSE(t.sector_at(0x10000, 0x1234));
    // Software gives up, resets and issues the command again with the right direction.
    t.out(kBm, 0x00);
    t.out(0x3F6, 0x04);
    t.out(0x3F6, 0x00);
    t.bm_setup(0, true);
    t.lba48(0x1234, 2);
    t.out(0x1F7, 0x25);
    t.bm_start(0, true);
    t.wait();
    CHECK(t.bmsta(0) == 0x04);
    CHECK(t.sector_at(0x10000, 0x1234));
    CHECK(t.sector_at(0x10200, 0x1235));
    // The task file holds the last sector's address (ATA-6 8.25 normal outputs).
    t.out(0x3F6, 0x80);
    CHECK(t.in(0x1F3) == 0x00);
    t.out(0x3F6, 0x00);
    CHECK(t.in(0x1F3) == 0x35);
    CHECK(t.in(0x1F4) == 0x12);
}

TEST_CASE("SFF-8038i 1.1.1: clearing SSBM during a transfer aborts it without an interrupt", "[idebm]") {
    Rig t;
    std::memset(t.ram + 0x10000, 0xEE, 0x10000);
    t.prd({{0x10000, 0}});
    t.bm_setup(0, true);
    t.lba28(0, 128);
    t.out(0x1F7, 0xC8);
    t.bm_start(0, true);
    t.advance_us(100);  // 64 KiB need about 3.9 ms at 16.7 MB/s
    t.out(kBm, 0x08);
    CHECK(t.bmsta(0) == 0x00);
    t.wait();
    CHECK(t.bmsta(0) == 0x00);
    CHECK_FALSE(t.irq.line[14]);
}

TEST_CASE("PIIX3 BMISx bit 1: a master abort (no memory behind the PRD) sets Error, clears Active", "[idebm]") {
    Rig t;  // 1 MiB of RAM; 1 GiB lies above it and below the PCI memory window (2 GiB)
    t.prd({{0x40000000u, 512}});
    t.bm_setup(0, true);
    t.lba28(1, 1);
    t.out(0x1F7, 0xC8);
    t.bm_start(0, true);
    t.wait();
    CHECK(t.bmsta(0) == 0x02);
    t.out(kBm + 2, 0x02);  // write one to clear
    CHECK(t.bmsta(0) == 0x00);
}

TEST_CASE("PCI 6.2.2 Command bit 2: without Bus Master Enable the function moves no data", "[idebm]") {
    Rig t(false);
    std::memset(t.ram + 0x10000, 0xEE, 512);
    t.prd({{0x10000, 512}});
    t.bm_setup(0, true);
    t.lba28(1, 1);
    t.out(0x1F7, 0xC8);
    t.bm_start(0, true);
    t.wait();
    CHECK(t.ram[0x10000] == 0xEE);
    CHECK_FALSE(t.irq.line[14]);
}

TEST_CASE("ATA-6 9.11 PACKET DMA: READ(10) data by bus master, status phase with IRQ15", "[idebm]") {
    Rig t;
    t.prd({{0x40000, 4096}}, kPrd + 0x100);
    t.bm_setup(1, true, kPrd + 0x100);
    t.out(0x176, 0xA0);
    t.out(0x171, 0x01);  // DMA
    t.out(0x177, 0xA0);
    CHECK((t.in(0x177) & 0x08) != 0);
    const uint8_t cdb[12] = {0x28, 0, 0, 0, 0, 5, 0, 0, 2, 0, 0, 0};
    for (unsigned k = 0; k < 12; k += 2) t.outw(0x170, uint16_t(cdb[k] | (cdb[k + 1] << 8)));
    t.bm_start(1, true);
    t.wait();
    CHECK(t.irq.line[15]);
    CHECK(t.bmsta(1) == 0x04);
    CHECK(t.in(0x172) == 0x03);  // IO=1 CoD=1: status
    CHECK(t.in(0x177) == 0x50);
    bool ok = true;
    for (unsigned b = 0; b < 2; ++b)
        for (unsigned i = 0; i < 2048; ++i) ok = ok && t.ram[0x40000 + 2048 * b + i] == pattern(5 + b, i, 2048);
    CHECK(ok);
    CHECK(t.bmsta(0) == 0x00);  // the primary channel saw nothing
}

TEST_CASE("SDM Vol. 3 8.1.3 with a bus master: DMA over decoded code is executed in its new form", "[idebm]") {
    Rig t;
    // Sector 9 of the disk gets "mov al, 7; hlt" (written by PIO, ATA-6 8.62).
    t.lba28(9, 1);
    t.out(0x1F7, 0x30);
    const uint8_t code[4] = {0xB0, 0x07, 0xF4, 0x90};
    for (unsigned i = 0; i < 512; i += 2) t.outw(0x1F0, i < 4 ? uint16_t(code[i] | code[i + 1] << 8) : 0x9090);
    t.wait();
    REQUIRE(t.in(0x1F7) == 0x50);
    // The CPU runs "mov al, 1; hlt" at 5000:0000 so that the page holds decoded code.
    Cpu& cpu = t.m.cpu();
    auto run_at_50000 = [&] {
        cpu.load_segment_real(CS, 0x5000);
        cpu.s.eip = 0;
        cpu.s.halted = false;
        for (int k = 0; k < 100 && !cpu.s.halted; ++k) cpu.run(1000);
    };
    t.ram[0x50000] = 0xB0, t.ram[0x50001] = 0x01, t.ram[0x50002] = 0xF4;
    run_at_50000();
    REQUIRE(cpu.s.halted);
    REQUIRE(cpu.s.gpr[EAX].b[0] == 0x01);
    // READ DMA of sector 9 over that code.
    t.prd({{0x50000, 512}});
    t.bm_setup(0, true);
    t.lba28(9, 1);
    t.out(0x1F7, 0xC8);
    t.bm_start(0, true);
    t.wait();
    REQUIRE(t.bmsta(0) == 0x04);
    run_at_50000();
    CHECK(cpu.s.halted);
    CHECK(cpu.s.gpr[EAX].b[0] == 0x07);
}
