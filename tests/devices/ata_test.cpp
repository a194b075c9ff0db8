// IDE/ATA adapter programmed through its ports. Expected values come from ATA/ATAPI-6
// (T13/1410D rev 3b) and, for the packet commands, SPC-2/MMC-2; sections are in the test names.
// The disk image is a temporary file of known size whose sector k starts with k (little endian).
#include <catch2/catch.hpp>
#include <cstdio>
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

constexpr uint32_t kCyls = 20, kSectors = kCyls * 16 * 63;  // 20160 sectors, ~9.8 MiB
constexpr uint32_t kCdBlocks = 40;

struct Rig {
    std::string hda = make_image("ata_test", "hda.img", kSectors, 512);
    std::string iso = make_image("ata_test", "cd.iso", kCdBlocks, 2048);
    MachineConfig cfg = [this] {
        MachineConfig c;
        c.memory_mb = 1;
        c.hda = hda;
        c.cdrom = iso;
        return c;
    }();
    Machine m{cfg};
    IrqLog irq;
    Rig() { m.set_irq_sink(&irq); }
    ~Rig() { fs::remove_all(fs::path(hda).parent_path()); }

    void out(uint16_t p, uint8_t v) { m.io().write(p, v, 1); }
    uint8_t in(uint16_t p) { return uint8_t(m.io().read(p, 1)); }
    uint16_t inw(uint16_t p) { return uint16_t(m.io().read(p, 2)); }
    void outw(uint16_t p, uint16_t v) { m.io().write(p, v, 2); }
    void wait() { m.clock().advance_to(m.clock().now_ns() + 1000000); }
    std::vector<uint16_t> read_words(uint16_t base, unsigned n) {
        std::vector<uint16_t> w(n);
        for (auto& x : w) x = inw(base);
        return w;
    }
    // LBA28 task file on the primary channel.
    void lba28(uint32_t lba, uint8_t count) {
        out(0x1F6, uint8_t(0xE0 | (lba >> 24)));
        out(0x1F2, count);
        out(0x1F3, uint8_t(lba));
        out(0x1F4, uint8_t(lba >> 8));
        out(0x1F5, uint8_t(lba >> 16));
    }
    // Sends a 12-byte ATAPI packet to the secondary master with byte count limit `limit`.
    void packet(std::vector<uint8_t> cdb, uint16_t limit) {
        cdb.resize(12, 0);
        out(0x176, 0xA0);
        out(0x171, 0x00);  // PIO
        out(0x174, uint8_t(limit));
        out(0x175, uint8_t(limit >> 8));
        out(0x177, 0xA0);
        for (unsigned k = 0; k < 12; k += 2) outw(0x170, uint16_t(cdb[k] | (cdb[k + 1] << 8)));
        wait();
    }
    std::vector<uint8_t> atapi_read_all() {
        std::vector<uint8_t> data;
        while (in(0x177) & 0x08) {
            REQUIRE(in(0x172) == 0x02);  // IO=1 CoD=0: data to the host
            unsigned n = in(0x174) | (in(0x175) << 8);
            for (unsigned k = 0; k < n; k += 2) {
                uint16_t w = inw(0x170);
                data.push_back(uint8_t(w)), data.push_back(uint8_t(w >> 8));
            }
            wait();
        }
        return data;
    }
};

std::string ata_string(const std::vector<uint16_t>& w, unsigned first, unsigned count) {
    std::string s;
    for (unsigned k = first; k < first + count; ++k) s += char(w[k] >> 8), s += char(w[k] & 0xFF);
    return s;
}

} // namespace

TEST_CASE("ATA-6 9.12: signatures after power-on (ATA 01/01/00/00, PACKET 01/01/14/EB)", "[ata]") {
    Rig t;
    CHECK(t.in(0x1F7) == 0x50);  // DRDY DSC
    CHECK(t.in(0x1F1) == 0x01);  // diagnostic code: passed
    CHECK(t.in(0x1F2) == 0x01);
    CHECK(t.in(0x1F3) == 0x01);
    CHECK(t.in(0x1F4) == 0x00);
    CHECK(t.in(0x1F5) == 0x00);
    CHECK(t.in(0x172) == 0x01);
    CHECK(t.in(0x173) == 0x01);
    CHECK(t.in(0x174) == 0x14);
    CHECK(t.in(0x175) == 0xEB);
}

TEST_CASE("ATA-6 8.15 IDENTIFY DEVICE: BSY then DRQ with INTRQ; CHS, capacity, strings", "[ata]") {
    Rig t;
    t.out(0x1F6, 0xA0);
    t.out(0x1F7, 0xEC);
    CHECK((t.in(0x3F6) & 0x80) == 0x80);  // BSY right after the command
    CHECK_FALSE(t.irq.line[14]);
    t.wait();
    CHECK(t.irq.line[14]);
    CHECK(t.in(0x3F6) == 0x58);           // DRDY DSC DRQ; alternate status keeps INTRQ
    CHECK(t.irq.line[14]);
    CHECK(t.in(0x1F7) == 0x58);
    CHECK_FALSE(t.irq.line[14]);          // reading Status clears the interrupt
    auto w = t.read_words(0x1F0, 256);
    CHECK(t.in(0x1F7) == 0x50);
    CHECK((w[0] & 0x8000) == 0);          // ATA device
    CHECK(w[1] == kCyls);
    CHECK(w[3] == 16);
    CHECK(w[6] == 63);
    CHECK((w[49] & 0x0200) != 0);         // LBA supported
    CHECK((uint32_t(w[61]) << 16 | w[60]) == kSectors);
    CHECK((w[83] & 0x0400) != 0);         // 48-bit address feature set
    uint64_t max48 = 0;
    for (unsigned k = 0; k < 4; ++k) max48 |= uint64_t(w[100 + k]) << (16 * k);
    CHECK(max48 == kSectors);
    CHECK((w[47] & 0xFF) >= 1);
    std::string model = ata_string(w, 27, 20);
    CHECK(model.rfind("Boxwood", 0) == 0);  // first character in the high byte (3.2.9)
    // Word 255: signature A5h, and all 512 bytes sum to zero (8.15.60).
    CHECK((w[255] & 0xFF) == 0xA5);
    uint8_t sum = 0;
    for (uint16_t x : w) sum = uint8_t(sum + (x & 0xFF) + (x >> 8));
    CHECK(sum == 0);
}

TEST_CASE("ATA-6 8.27 READ SECTORS (LBA28): one interrupt and DRQ block per sector", "[ata]") {
    Rig t;
    t.lba28(1000, 2);
    t.out(0x1F7, 0x20);
    CHECK((t.in(0x3F6) & 0x88) == 0x80);
    for (uint32_t s = 1000; s < 1002; ++s) {
        t.wait();
        CHECK(t.irq.line[14]);
        CHECK(t.in(0x1F7) == 0x58);
        auto w = t.read_words(0x1F0, 256);
        CHECK((uint32_t(w[1]) << 16 | w[0]) == s);
        CHECK(w[100] == uint16_t(pattern(s, 200, 512) | pattern(s, 201, 512) << 8));
    }
    CHECK(t.in(0x1F7) == 0x50);
}

TEST_CASE("ATA-6 6.2 CHS addressing: LBA = (C*heads + H)*spt + S - 1", "[ata]") {
    Rig t;
    t.out(0x1F6, 0xA0 | 3);  // head 3
    t.out(0x1F2, 1);
    t.out(0x1F3, 5);         // sector 5
    t.out(0x1F4, 2);         // cylinder 2
    t.out(0x1F5, 0);
    t.out(0x1F7, 0x20);
    t.wait();
    auto w = t.read_words(0x1F0, 256);
    CHECK((uint32_t(w[1]) << 16 | w[0]) == (2 * 16 + 3) * 63 + 5 - 1);
}

TEST_CASE("ATA-6 8.28 READ SECTORS EXT: 48-bit address from the HOB registers", "[ata]") {
    Rig t;
    uint64_t lba = 20000;
    t.out(0x1F6, 0x40);
    t.out(0x1F2, 0), t.out(0x1F2, 1);  // count: high byte then low byte
    t.out(0x1F3, 0), t.out(0x1F3, uint8_t(lba));
    t.out(0x1F4, 0), t.out(0x1F4, uint8_t(lba >> 8));
    t.out(0x1F5, 0), t.out(0x1F5, uint8_t(lba >> 16));
    t.out(0x1F7, 0x24);
    t.wait();
    REQUIRE(t.in(0x1F7) == 0x58);
    auto w = t.read_words(0x1F0, 256);
    CHECK((uint32_t(w[1]) << 16 | w[0]) == lba);
    t.out(0x3F6, 0x80);  // HOB: read the previous (high-order) contents
    CHECK(t.in(0x1F2) == 0);
}

TEST_CASE("ATA-6 8.62 WRITE SECTORS: DRQ without interrupt, data reaches the image", "[ata]") {
    Rig t;
    t.lba28(77, 1);
    t.out(0x1F7, 0x30);
    CHECK(t.in(0x3F6) == 0x58);
    CHECK_FALSE(t.irq.line[14]);
    for (unsigned k = 0; k < 256; ++k) t.outw(0x1F0, uint16_t(0xBEEF + k));
    CHECK((t.in(0x3F6) & 0x80) == 0x80);
    t.wait();
    CHECK(t.irq.line[14]);
    CHECK(t.in(0x1F7) == 0x50);
    std::ifstream f(t.hda, std::ios::binary);
    f.seekg(77 * 512);
    unsigned char b[4];
    f.read(reinterpret_cast<char*>(b), 4);
    CHECK(b[0] == 0xEF);
    CHECK(b[1] == 0xBE);
    CHECK(b[2] == 0xF0);
    CHECK(b[3] == 0xBE);
}

TEST_CASE("ATA-6 8.39/8.23 SET MULTIPLE MODE and READ MULTIPLE: blocks of N sectors", "[ata]") {
    Rig t;
    t.lba28(10, 8);
    t.out(0x1F7, 0xC4);  // READ MULTIPLE before SET MULTIPLE: aborted
    CHECK(t.in(0x1F7) == 0x51);
    CHECK(t.in(0x1F1) == 0x04);
    t.out(0x1F2, 3);
    t.out(0x1F7, 0xC6);  // 3 is not a power of two
    CHECK(t.in(0x1F1) == 0x04);
    t.out(0x1F2, 4);
    t.out(0x1F7, 0xC6);
    CHECK(t.in(0x1F7) == 0x50);
    t.lba28(10, 8);
    t.out(0x1F7, 0xC4);
    for (unsigned block = 0; block < 2; ++block) {
        t.wait();
        REQUIRE(t.in(0x1F7) == 0x58);
        auto w = t.read_words(0x1F0, 4 * 256);
        for (unsigned s = 0; s < 4; ++s) CHECK(w[s * 256] == 10 + block * 4 + s);
    }
    CHECK(t.in(0x1F7) == 0x50);
}

TEST_CASE("ATA-6 8.27 error outputs: address beyond capacity gives ERR and IDNF", "[ata]") {
    Rig t;
    t.lba28(kSectors - 1, 2);
    t.out(0x1F7, 0x20);
    t.wait();
    CHECK(t.in(0x1F7) == 0x51);
    CHECK(t.in(0x1F1) == 0x10);
}

TEST_CASE("ATA-6 8.16/8.15: IDENTIFY PACKET aborted by ATA, IDENTIFY aborted by ATAPI", "[ata]") {
    Rig t;
    t.out(0x1F7, 0xA1);
    CHECK(t.in(0x1F7) == 0x51);
    CHECK(t.in(0x1F1) == 0x04);
    t.out(0x176, 0xA0);
    t.out(0x177, 0xEC);
    CHECK((t.in(0x177) & 0x01) == 0x01);
    CHECK(t.in(0x174) == 0x14);  // signature left for the host to find
    CHECK(t.in(0x175) == 0xEB);
    t.out(0x177, 0xA1);
    t.wait();
    auto w = t.read_words(0x170, 256);
    CHECK((w[0] >> 14) == 2);             // ATAPI
    CHECK(((w[0] >> 8) & 0x1F) == 0x05);  // CD-ROM device type
    CHECK((w[0] & 0x80) != 0);            // removable
    CHECK((w[0] & 0x03) == 0);            // 12-byte packets
}

TEST_CASE("ATA-6 9.2 software reset: SRST holds BSY, clearing it restores the signature", "[ata]") {
    Rig t;
    t.lba28(5, 1);
    t.out(0x3F6, 0x04);
    CHECK((t.in(0x3F6) & 0x80) == 0x80);
    t.out(0x3F6, 0x00);
    CHECK(t.in(0x1F7) == 0x50);
    CHECK(t.in(0x1F2) == 0x01);
    CHECK(t.in(0x1F3) == 0x01);
    CHECK(t.in(0x1F4) == 0x00);
    CHECK(t.in(0x1F1) == 0x01);
}

TEST_CASE("ATA-6 7.9 nIEN masks INTRQ; 9.16.1 absent device 1 reads status 00h", "[ata]") {
    Rig t;
    t.out(0x3F6, 0x02);
    t.out(0x1F7, 0xEC);
    t.wait();
    CHECK_FALSE(t.irq.line[14]);
    CHECK(t.in(0x3F6) == 0x58);
    t.read_words(0x1F0, 256);
    t.out(0x1F6, 0xB0);
    CHECK(t.in(0x1F7) == 0x00);
}

TEST_CASE("MMC-2 READ CAPACITY, READ(10), INQUIRY, REQUEST SENSE over the PACKET protocol", "[ata]") {
    Rig t;
    t.packet({0x25}, 0xFFFE);
    auto cap = t.atapi_read_all();
    REQUIRE(cap.size() == 8);
    CHECK((cap[0] << 24 | cap[1] << 16 | cap[2] << 8 | cap[3]) == kCdBlocks - 1);
    CHECK((cap[4] << 24 | cap[5] << 16 | cap[6] << 8 | cap[7]) == 2048);
    CHECK(t.in(0x172) == 0x03);  // IO=1 CoD=1: status
    CHECK(t.in(0x177) == 0x50);

    t.packet({0x28, 0, 0, 0, 0, 3, 0, 0, 2}, 2048);  // 2 blocks from LBA 3, 2048 bytes per DRQ
    auto data = t.atapi_read_all();
    REQUIRE(data.size() == 4096);
    CHECK(data[0] == 3);
    CHECK(data[2048] == 4);
    CHECK(data[1000] == pattern(3, 1000, 2048));

    t.packet({0x12, 0, 0, 0, 36}, 0xFFFE);
    auto inq = t.atapi_read_all();
    REQUIRE(inq.size() == 36);
    CHECK(inq[0] == 0x05);
    CHECK((inq[1] & 0x80) == 0x80);

    t.packet({0x00}, 0);
    CHECK(t.in(0x177) == 0x50);
    t.packet({0xFF}, 0);  // no such opcode
    CHECK((t.in(0x177) & 0x01) == 0x01);
    CHECK(t.in(0x171) == 0x54);  // sense key ILLEGAL REQUEST in bits 7:4, ABRT
    t.packet({0x03, 0, 0, 0, 18}, 0xFFFE);
    auto sense = t.atapi_read_all();
    REQUIRE(sense.size() == 18);
    CHECK(sense[0] == 0x70);
    CHECK((sense[2] & 0x0F) == 0x05);
    CHECK(sense[12] == 0x20);  // INVALID COMMAND OPERATION CODE
}

TEST_CASE("Disk images: a missing file is a one-line error; snapshot writes stay in memory", "[ata]") {
    MachineConfig c;
    c.memory_mb = 1;
    c.hda = "/nonexistent/boxwood/disk.img";
    try {
        Machine m(c);
        FAIL("no exception");
    } catch (const std::runtime_error& e) {
        std::string msg = e.what();
        CHECK(msg.find("/nonexistent/boxwood/disk.img") != std::string::npos);
        CHECK(msg.find('\n') == std::string::npos);
    }
    std::string path = make_image("ata_test", "snap.img", 16 * 63, 512);
    {
        DiskImage img(path, true);
        std::vector<uint8_t> s(512, 0xAB), r(512);
        REQUIRE(img.write_sectors(3, 1, s.data()));
        REQUIRE(img.read_sectors(3, 1, r.data()));
        CHECK(r[0] == 0xAB);
    }
    DiskImage again(path, false);
    std::vector<uint8_t> r(512);
    REQUIRE(again.read_sectors(3, 1, r.data()));
    CHECK(r[0] == 3);
    fs::remove_all(fs::path(path).parent_path());
}
