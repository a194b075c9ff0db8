// 82077AA floppy controller programmed through its ports, with DMA channel 2 of the PC's 8237
// set up through its ports. Expected values come from the Intel 82077AA datasheet (290166);
// section names are in the test names. The 1.44M image holds, in each sector, its LBA in the
// first two bytes and a known pattern after that.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>
#include "devices/fdc82077.h"
#include "devices/machine.h"

using namespace bw;
namespace fs = std::filesystem;

namespace {

constexpr unsigned kSpt = 18, kHeads = 2, kTracks = 80;
constexpr uint32_t kBuf = 0x10000;  // DMA buffer in guest RAM

struct IrqLog : IrqSink {
    bool line[16] = {};
    void set_irq(unsigned irq, bool level) override { line[irq] = level; }
};

uint8_t pattern(unsigned lba, unsigned i) { return i < 2 ? uint8_t(lba >> (8 * i)) : uint8_t(lba + i * 3); }
unsigned lba_of(unsigned c, unsigned h, unsigned r) { return (c * kHeads + h) * kSpt + r - 1; }

std::string make_floppy(const std::string& name) {
    fs::path dir = fs::temp_directory_path() / ("boxwood_fdc_test_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::string path = (dir / name).string();
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    std::vector<char> s(512);
    for (unsigned k = 0; k < kSpt * kHeads * kTracks; ++k) {
        for (unsigned i = 0; i < 512; ++i) s[i] = char(pattern(k, i));
        f.write(s.data(), 512);
    }
    return path;
}

struct Rig {
    std::string fda = make_floppy("fda.img");
    MachineConfig cfg = [this] {
        MachineConfig c;
        c.memory_mb = 1;
        c.fda = fda;
        return c;
    }();
    Machine m{cfg};
    IrqLog irq;
    Fdc82077* fdc = dynamic_cast<Fdc82077*>(m.find_device("fdc"));
    Rig() { m.set_irq_sink(&irq); }
    ~Rig() { fs::remove_all(fs::path(fda).parent_path()); }

    void out(uint16_t p, uint8_t v) { m.io().write(p, v, 1); }
    uint8_t in(uint16_t p) { return uint8_t(m.io().read(p, 1)); }
    void wait() { m.clock().advance_to(m.clock().now_ns() + 10000000); }
    void cmd(std::initializer_list<uint8_t> bytes) {
        for (uint8_t b : bytes) {
            REQUIRE((in(0x3F4) & 0xC0) == 0x80);  // RQM, DIO = host to controller
            out(0x3F5, b);
        }
    }
    std::vector<uint8_t> results() {
        std::vector<uint8_t> r;
        while ((in(0x3F4) & 0xD0) == 0xD0) r.push_back(in(0x3F5));
        return r;
    }
    // 8237 channel 2: single mode, `write_mem` = device to memory.
    void dma(unsigned len, bool write_mem) {
        out(0xD6, 0xC0);  // DMA2 channel 4: cascade mode, unmasked (as the AT BIOS sets it)
        out(0xD4, 0x00);
        out(0x0A, 0x06);
        out(0x0C, 0);
        out(0x0B, write_mem ? 0x46 : 0x4A);
        out(0x04, uint8_t(kBuf)), out(0x04, uint8_t(kBuf >> 8));
        out(0x81, uint8_t(kBuf >> 16));
        out(0x05, uint8_t(len - 1)), out(0x05, uint8_t((len - 1) >> 8));
        out(0x0A, 0x02);
    }
    uint8_t ram(uint32_t a) { return m.memory().ram()[kBuf + a]; }
    // Out of reset, drain the four polling statuses, 500 kbps, drive 0 motor on.
    void init() {
        out(0x3F2, 0x00);
        out(0x3F2, 0x1C);
        for (int k = 0; k < 4; ++k) {
            cmd({0x08});
            results();
        }
        out(0x3F7, 0x00);
    }
    void seek(uint8_t cyl, uint8_t head) {
        cmd({0x0F, uint8_t(head << 2), cyl});
        wait();
        cmd({0x08});
        results();
    }
};

} // namespace

TEST_CASE("82077AA 8.3 reset: interrupt, then 4 SENSE INTERRUPT STATUS with ST0 C0h-C3h", "[fdc]") {
    Rig t;
    t.out(0x3F2, 0x00);
    CHECK(t.in(0x3F4) == 0x00);  // held in reset
    t.out(0x3F2, 0x0C);          // nRESET | DMA gate
    CHECK(t.irq.line[6]);
    CHECK(t.in(0x3F4) == 0x80);
    for (uint8_t k = 0; k < 4; ++k) {
        t.cmd({0x08});
        auto r = t.results();
        REQUIRE(r.size() == 2);
        CHECK(r[0] == uint8_t(0xC0 | k));
        CHECK(r[1] == 0);
        CHECK_FALSE(t.irq.line[6]);
    }
    t.cmd({0x08});
    CHECK(t.results() == std::vector<uint8_t>{0x80});  // nothing pending: invalid command
}

TEST_CASE("82077AA 5.1.5 MSR phases; VERSION returns 90h; SPECIFY has no result phase", "[fdc]") {
    Rig t;
    t.init();
    t.out(0x3F5, 0x10);
    CHECK(t.in(0x3F4) == 0xD0);  // RQM DIO CB: result phase
    CHECK(t.in(0x3F5) == 0x90);
    CHECK(t.in(0x3F4) == 0x80);
    t.out(0x3F5, 0x03);
    CHECK(t.in(0x3F4) == 0x90);  // command phase in progress: CB
    t.out(0x3F5, 0xAF);
    t.out(0x3F5, 0x02);
    CHECK(t.in(0x3F4) == 0x80);
    t.out(0x3F5, 0x1F);          // no such command
    CHECK(t.results() == std::vector<uint8_t>{0x80});
}

TEST_CASE("82077AA 5.1.7 DIR DSKCHG until a step; RECALIBRATE/SEEK and their ST0/PCN", "[fdc]") {
    Rig t;
    t.init();
    CHECK((t.in(0x3F7) & 0x80) == 0x80);
    t.cmd({0x07, 0x00});
    CHECK((t.in(0x3F4) & 0x01) == 0x01);  // drive 0 busy seeking
    t.wait();
    CHECK(t.irq.line[6]);
    t.cmd({0x08});
    CHECK(t.results() == std::vector<uint8_t>{0x20, 0});  // SE, drive 0, PCN 0
    CHECK((t.in(0x3F7) & 0x80) == 0x00);
    t.cmd({0x0F, 0x04, 5});  // head 1, cylinder 5
    t.wait();
    t.cmd({0x08});
    CHECK(t.results() == std::vector<uint8_t>{0x24, 5});
    t.cmd({0x04, 0x00});     // SENSE DRIVE STATUS: not on track 0
    CHECK(t.results() == std::vector<uint8_t>{0x28});
    t.cmd({0x07, 0x00});
    t.wait();
    t.cmd({0x08});
    t.results();
    t.cmd({0x04, 0x04});
    CHECK(t.results() == std::vector<uint8_t>{0x3C});  // T0, head 1, bits 5 and 3 set
}

TEST_CASE("82077AA 8.4 READ DATA: one sector ended by TC; ST0-ST2 and C/H/R/N = next sector", "[fdc]") {
    Rig t;
    t.init();
    t.seek(2, 1);
    t.dma(512, true);
    t.cmd({0x46, 0x04, 2, 1, 3, 2, 18, 0x1B, 0xFF});  // MFM READ DATA, head 1, C2 H1 R3 N2 EOT18
    CHECK((t.in(0x3F4) & 0x80) == 0x00);  // execution phase
    t.wait();
    CHECK(t.irq.line[6]);
    auto r = t.results();
    CHECK(r == std::vector<uint8_t>{0x04, 0x00, 0x00, 2, 1, 4, 2});
    CHECK_FALSE(t.irq.line[6]);
    unsigned lba = lba_of(2, 1, 3);
    CHECK(t.ram(0) == uint8_t(lba));
    CHECK(t.ram(1) == uint8_t(lba >> 8));
    CHECK(t.ram(300) == pattern(lba, 300));
}

TEST_CASE("82077AA 8.4 READ DATA multitrack: TC at EOT of head 0 gives H=1 R=1", "[fdc]") {
    Rig t;
    t.init();
    t.seek(2, 0);
    t.dma(2 * 512, true);
    t.cmd({0xC6, 0x00, 2, 0, 17, 2, 18, 0x1B, 0xFF});  // MT MFM, sectors 17-18 of head 0
    t.wait();
    CHECK(t.results() == std::vector<uint8_t>{0x04, 0x00, 0x00, 2, 1, 1, 2});
    CHECK(t.ram(0) == uint8_t(lba_of(2, 0, 17)));
    CHECK(t.ram(512) == uint8_t(lba_of(2, 0, 18)));
}

TEST_CASE("82077AA 8.4 READ DATA past EOT without TC: abnormal termination, ST1 EN", "[fdc]") {
    Rig t;
    t.init();
    t.seek(2, 0);
    t.dma(4 * 512, true);
    t.cmd({0x46, 0x00, 2, 0, 17, 2, 18, 0x1B, 0xFF});
    t.wait();
    CHECK(t.results() == std::vector<uint8_t>{0x40, 0x80, 0x00, 3, 0, 1, 2});
}

TEST_CASE("82077AA 8.4 READ DATA on the wrong cylinder: ST1 ND, ST2 WC", "[fdc]") {
    Rig t;
    t.init();
    t.seek(2, 0);
    t.dma(512, true);
    t.cmd({0x46, 0x00, 7, 0, 1, 2, 18, 0x1B, 0xFF});
    t.wait();
    auto r = t.results();
    REQUIRE(r.size() == 7);
    CHECK(r[0] == 0x40);
    CHECK(r[1] == 0x04);
    CHECK(r[2] == 0x10);
}

TEST_CASE("82077AA 5.1.8 CCR data rate: 250 kbps cannot read 1.44M media (ST1 MA)", "[fdc]") {
    Rig t;
    t.init();
    t.out(0x3F7, 0x02);
    t.dma(512, true);
    t.cmd({0x46, 0x00, 0, 0, 1, 2, 18, 0x1B, 0xFF});
    t.wait();
    auto r = t.results();
    REQUIRE(r.size() == 7);
    CHECK(r[0] == 0x40);
    CHECK(r[1] == 0x01);
}

TEST_CASE("82077AA 8.x READ ID: the ID field under the head", "[fdc]") {
    Rig t;
    t.init();
    t.seek(9, 1);
    t.cmd({0x4A, 0x04});
    t.wait();
    CHECK(t.results() == std::vector<uint8_t>{0x04, 0x00, 0x00, 9, 1, 1, 2});
}

TEST_CASE("82077AA 8.4 WRITE DATA and 8.5 FORMAT TRACK reach the image; NW on a protected disk", "[fdc]") {
    Rig t;
    t.init();
    t.seek(1, 0);
    for (unsigned i = 0; i < 512; ++i) t.m.memory().ram()[kBuf + i] = uint8_t(0xA0 ^ i);
    t.dma(512, false);
    t.cmd({0x45, 0x00, 1, 0, 5, 2, 18, 0x1B, 0xFF});
    t.wait();
    CHECK(t.results() == std::vector<uint8_t>{0x00, 0x00, 0x00, 1, 0, 6, 2});
    {
        std::ifstream f(t.fda, std::ios::binary);
        f.seekg(lba_of(1, 0, 5) * 512 + 7);
        CHECK(uint8_t(f.get()) == uint8_t(0xA0 ^ 7));
    }
    // FORMAT TRACK cylinder 1 head 0: 18 IDs (C, H, R, N) from memory, filler F6h.
    for (unsigned r = 0; r < kSpt; ++r) {
        uint8_t* id = t.m.memory().ram() + kBuf + r * 4;
        id[0] = 1, id[1] = 0, id[2] = uint8_t(r + 1), id[3] = 2;
    }
    t.dma(kSpt * 4, false);
    t.cmd({0x4D, 0x00, 2, kSpt, 0x54, 0xF6});
    t.wait();
    auto r = t.results();
    REQUIRE(r.size() == 7);
    CHECK(r[0] == 0x00);
    {
        std::ifstream f(t.fda, std::ios::binary);
        f.seekg(lba_of(1, 0, 9) * 512);
        CHECK(uint8_t(f.get()) == 0xF6);
    }
    // Drive 1 with a write-protected medium.
    t.fdc->attach(1, std::make_unique<DiskImage>(t.fda, false, true));
    t.out(0x3F2, 0x2D);  // drive 1 selected, motor on
    t.cmd({0x07, 0x01});
    t.wait();
    t.cmd({0x08});
    t.results();
    t.cmd({0x04, 0x01});
    CHECK((t.results()[0] & 0x40) == 0x40);  // ST3 WP
    t.dma(512, false);
    t.cmd({0x45, 0x01, 0, 0, 1, 2, 18, 0x1B, 0xFF});
    t.wait();
    auto w = t.results();
    REQUIRE(w.size() == 7);
    CHECK(w[0] == 0x41);  // abnormal termination, drive 1
    CHECK(w[1] == 0x02);  // NW
}
