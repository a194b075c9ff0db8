// PCI configuration mechanism #1 and the 440FX board's functions, through the I/O ports as a BIOS
// sees them. References: PCI Local Bus Specification rev. 2.1 (3.7.4.1 configuration mechanism
// #1, 6.1 header, 6.2.5 base address registers), Intel 82441FX (290549), 82371SB PIIX3 (290550)
// and 82371AB PIIX4 (290562) datasheets.
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include "devices/machine.h"
#include "devices/piix3.h"

using namespace bw;

namespace {

struct Board {
    MachineConfig cfg;
    std::unique_ptr<Machine> m;
    explicit Board(const std::string& bios = {}) {
        cfg.bios_path = bios;
        m = std::make_unique<Machine>(cfg);
    }
    static uint32_t addr(unsigned dev, unsigned fn, unsigned reg) {
        return 0x80000000u | dev << 11 | fn << 8 | (reg & 0xFC);
    }
    uint32_t read(unsigned dev, unsigned fn, unsigned reg, unsigned size = 4) {
        m->io().write(0xCF8, addr(dev, fn, reg), 4);
        return m->io().read(uint16_t(0xCFC + (reg & 3)), size);
    }
    void write(unsigned dev, unsigned fn, unsigned reg, uint32_t v, unsigned size = 4) {
        m->io().write(0xCF8, addr(dev, fn, reg), 4);
        m->io().write(uint16_t(0xCFC + (reg & 3)), v, size);
    }
};

} // namespace

TEST_CASE("PCI 3.7.4.1: CONFIG_ADDRESS is a 32-bit register; reserved bits read 0", "[pci]") {
    Board b;
    b.m->io().write(0xCF8, 0x80000000u, 4);
    CHECK(b.m->io().read(0xCF8, 4) == 0x80000000u);
    b.m->io().write(0xCF8, 0xFFFFFFFFu, 4);
    CHECK(b.m->io().read(0xCF8, 4) == 0x80FFFFFCu);
    // Byte accesses to 0CF8h are not configuration accesses: the register keeps its value.
    b.m->io().write(0xCF8, 0x80000000u, 4);
    b.m->io().write(0xCF8, 0x12, 1);
    CHECK(b.m->io().read(0xCF8, 4) == 0x80000000u);
}

TEST_CASE("PCI 3.7.4.1: with the enable bit clear CONFIG_DATA is no configuration cycle", "[pci]") {
    Board b;
    b.m->io().write(0xCF8, 0x00000000u, 4);
    CHECK(b.m->io().read(0xCFC, 4) == 0xFFFFFFFFu);
    b.m->io().write(0xCF8, 0x80000000u, 4);
    CHECK(b.m->io().read(0xCFC, 4) == 0x12378086u);
}

TEST_CASE("PCI 6.1: identities of the 440FX board; absent functions read all ones", "[pci]") {
    Board b;
    CHECK(b.read(0, 0, 0) == 0x12378086u);  // 82441FX PMC
    CHECK(b.read(1, 0, 0) == 0x70008086u);  // PIIX3 ISA bridge
    CHECK(b.read(1, 1, 0) == 0x70108086u);  // PIIX3 IDE
    CHECK(b.read(1, 3, 0) == 0x71138086u);  // PIIX4 power management
    CHECK(b.read(2, 0, 0) == 0x11111234u);  // stdvga
    CHECK(b.read(3, 0, 0) == 0xFFFFFFFFu);
    CHECK(b.read(1, 2, 0) == 0xFFFFFFFFu);
    // Bus 1 does not exist.
    b.m->io().write(0xCF8, 0x80010000u, 4);
    CHECK(b.m->io().read(0xCFC, 4) == 0xFFFFFFFFu);
    // Class codes (revision in the low byte) and header types: the PIIX3 is multi-function.
    CHECK((b.read(0, 0, 0x08) >> 8) == 0x060000u);
    CHECK((b.read(1, 0, 0x08) >> 8) == 0x060100u);
    CHECK((b.read(1, 1, 0x08) >> 8) == 0x010180u);
    CHECK((b.read(2, 0, 0x08) >> 8) == 0x030000u);
    CHECK(b.read(0, 0, 0x0E, 1) == 0x00);
    CHECK(b.read(1, 0, 0x0E, 1) == 0x80);
}

TEST_CASE("PCI 3.7.4.1: byte and word accesses through CFC-CFF", "[pci]") {
    Board b;
    CHECK(b.read(0, 0, 0x00, 2) == 0x8086);
    CHECK(b.read(0, 0, 0x02, 2) == 0x1237);
    CHECK(b.read(0, 0, 0x01, 1) == 0x80);
    CHECK(b.read(0, 0, 0x03, 1) == 0x12);
    // Read-only registers ignore writes.
    b.write(0, 0, 0x00, 0xFFFFFFFFu);
    CHECK(b.read(0, 0, 0x00) == 0x12378086u);
    // A byte write to PAM1 (5Ah) at CFEh leaves its neighbours alone.
    b.write(0, 0, 0x5A, 0x33, 1);
    CHECK(b.read(0, 0, 0x58) == 0x00330010u);  // DRAMT 10h, PAM0 00h, PAM1 33h, PAM2 00h
    CHECK(b.read(0, 0, 0x5A, 1) == 0x33);
    CHECK(b.read(0, 0, 0x59, 1) == 0x00);
}

TEST_CASE("PCI 6.2.5.1: BAR sizing by writing all ones", "[pci]") {
    Board b;
    // stdvga BAR0: 16 MiB prefetchable 32-bit memory.
    b.write(2, 0, 0x10, 0xFFFFFFFFu);
    CHECK(b.read(2, 0, 0x10) == 0xFF000008u);
    // PIIX3 IDE BMIBA (BAR4): 16 bytes of I/O.
    b.write(1, 1, 0x20, 0xFFFFFFFFu);
    CHECK(b.read(1, 1, 0x20) == 0xFFFFFFF1u);
    // Unimplemented BARs stay zero.
    b.write(1, 1, 0x10, 0xFFFFFFFFu);
    CHECK(b.read(1, 1, 0x10) == 0);
    // Expansion ROM (6.2.5.2): absent without a VGA BIOS image.
    b.write(2, 0, 0x30, 0xFFFFFFFEu);
    CHECK(b.read(2, 0, 0x30) == 0);
}

TEST_CASE("PCI 6.2.5: an I/O BAR decodes when I/O space is enabled", "[pci]") {
    Board b;
    b.write(1, 1, 0x20, 0xC001);
    CHECK(b.m->io().read(0xC000, 1) == 0xFF);  // I/O space disabled: nobody decodes
    b.write(1, 1, 0x04, 0x0001, 2);
    b.m->io().write(0xC004, 0x12345678u, 4);     // BMIDTP (dword aligned)
    CHECK(b.m->io().read(0xC004, 4) == 0x12345678u);
    b.write(1, 1, 0x20, 0xD001);                 // moved
    CHECK(b.m->io().read(0xC004, 4) == 0xFFFFFFFFu);
    CHECK(b.m->io().read(0xD004, 4) == 0x12345678u);
}

TEST_CASE("82441FX PAM: shadow RAM of the F segment follows PAM0 bits 5-4", "[pci]") {
    MachineConfig cfg;
    Machine m(cfg);
    PhysicalMemory& mem = m.memory();
    mem.map_rom(0xF0000, std::vector<uint8_t>(0x10000, 0xAB));  // the BIOS flash
    auto pam0 = [&](uint8_t v) {
        m.io().write(0xCF8, 0x80000058u, 4);
        m.io().write(0xCFD, v, 1);
    };
    mem.ram()[0xF1234] = 0x11;
    pam0(0x00);  // reset state: ROM answers, writes dropped
    CHECK(*mem.rom_at(0xF1234) == 0xAB);
    CHECK(mem.host_page(0xF1000, true) == nullptr);
    pam0(0x30);  // read/write DRAM
    CHECK(mem.rom_at(0xF1234) == nullptr);
    CHECK(mem.host_page(0xF1000, false)[0x234] == 0x11);
    pam0(0x10);  // read DRAM, writes dropped (the BIOS locks itself)
    REQUIRE(mem.rom_at(0xF1234) != nullptr);
    CHECK(*mem.rom_at(0xF1234) == 0x11);
    CHECK(mem.host_page(0xF1000, true) == nullptr);
    pam0(0x20);  // write-only DRAM: reads from ROM, writes to DRAM
    CHECK(mem.rom_at(0xF1234) == nullptr);
    CHECK(mem.host_page(0xF1000, false)[0x234] == 0xAB);
    CHECK(mem.host_page(0xF1000, true) == mem.ram() + 0xF1000);
    // PAM0 bits 3-0 are reserved.
    pam0(0x3F);
    m.io().write(0xCF8, 0x80000058u, 4);
    CHECK(m.io().read(0xCFD, 1) == 0x30);
}

TEST_CASE("82441FX PAM1-6: C0000-EFFFF in 16 KiB halves; reset restores 00h", "[pci]") {
    MachineConfig cfg;
    Machine m(cfg);
    auto cfgb = [&](unsigned reg, uint8_t v) {
        m.io().write(0xCF8, 0x80000000u | (reg & 0xFC), 4);
        m.io().write(uint16_t(0xCFC + (reg & 3)), v, 1);
    };
    cfgb(0x5A, 0x31);  // low nibble C0000-C3FFF read-only, high nibble C4000-C7FFF read/write
    CHECK(m.memory().rom_at(0xC0000) != nullptr);
    CHECK(m.memory().rom_at(0xC4000) == nullptr);
    cfgb(0x5A, 0x13);
    CHECK(m.memory().rom_at(0xC0000) == nullptr);
    CHECK(m.memory().rom_at(0xC4000) != nullptr);
    cfgb(0x5F, 0x10);  // PAM6 high nibble: EC000-EFFFF
    CHECK(m.memory().rom_at(0xEC000) != nullptr);
    CHECK(m.memory().rom_at(0xE8000) == nullptr);
    m.reset();
    m.io().write(0xCF8, 0x80000058u, 4);
    CHECK(m.io().read(0xCFE, 1) == 0x00);
    CHECK(m.memory().rom_at(0xC4000) == nullptr);  // nothing mapped there: DRAM answers
}

TEST_CASE("PIIX3 PIRQRC: a routed PIRQ drives its ISA IRQ; bit 7 disables routing", "[pci]") {
    Board b;
    CHECK(b.read(1, 0, 0x60) == 0x80808080u);  // reset: all disabled
    auto* piix = dynamic_cast<Piix3*>(b.m->find_device("piix3"));
    REQUIRE(piix);
    // Unmask IRQ 11 on the slave PIC after an ICW sequence, then watch its IRR through OCW3.
    auto& io = b.m->io();
    io.write(0x20, 0x11, 1); io.write(0x21, 0x08, 1); io.write(0x21, 0x04, 1); io.write(0x21, 0x01, 1);
    io.write(0xA0, 0x11, 1); io.write(0xA1, 0x70, 1); io.write(0xA1, 0x02, 1); io.write(0xA1, 0x01, 1);
    io.write(0x4D1, 0x08, 1);  // ELCR: IRQ 11 level-triggered
    io.write(0xA0, 0x0A, 1);   // OCW3: read IRR
    piix->set_pirq(0, true);
    CHECK((io.read(0xA0, 1) & 0x08) == 0);  // not routed yet
    b.write(1, 0, 0x60, 0x0B, 1);            // PIRQA -> IRQ 11
    CHECK((io.read(0xA0, 1) & 0x08) == 0x08);
    b.write(1, 0, 0x60, 0x8B, 1);            // routing disabled
    CHECK((io.read(0xA0, 1) & 0x08) == 0);
    // IRQs 0-2, 8 and 13 cannot be targets.
    b.write(1, 0, 0x61, 0x08, 1);
    piix->set_pirq(1, true);
    io.write(0xA0, 0x0A, 1);
    CHECK((io.read(0xA0, 1) & 0x01) == 0);
}

TEST_CASE("PIIX4 PM: PMBA + PMIOSE place the ACPI timer; SUS_EN with type 0 powers off", "[pci]") {
    // A 4 KiB BIOS whose reset vector writes SUS_EN (type 0) to PMCNTRL at B004h.
    std::vector<uint8_t> rom(0x1000, 0xF4);
    const uint8_t code[] = {0xBA, 0x04, 0xB0, 0xB8, 0x00, 0x20, 0xEF, 0xF4};  // mov dx; mov ax; out dx,ax; hlt
    std::copy(std::begin(code), std::end(code), rom.begin() + 0xFF0);
    std::string path = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/pci_test_pm_rom.bin";
    { std::ofstream f(path, std::ios::binary); f.write(reinterpret_cast<const char*>(rom.data()), std::streamsize(rom.size())); }
    Board b(path);
    std::remove(path.c_str());
    CHECK(b.read(1, 3, 0x58) == 0x02000000u);  // APMC_EN preset: firmware skips SMM setup
    b.write(1, 3, 0x40, 0xB001);
    CHECK(b.m->io().read(0xB008, 4) == 0xFFFFFFFFu);  // PMIOSE clear
    b.write(1, 3, 0x80, 0x01, 1);
    uint32_t t0 = b.m->io().read(0xB008, 4);
    CHECK(t0 <= 0xFFFFFF);
    b.m->clock().advance_to(b.m->now_ns() + 1000000000ull);  // one second: 3579545 ticks
    uint32_t t1 = b.m->io().read(0xB008, 4);
    CHECK(((t1 - t0) & 0xFFFFFF) == Approx(3579545).margin(2));
    CHECK(b.m->run(100) == StopReason::PowerOff);
}

TEST_CASE("PIIX3 RC (CF9h): a 0-to-1 edge of bit 2 resets the machine", "[pci]") {
    Board b;
    b.write(0, 0, 0x59, 0x30, 1);
    CHECK(b.m->io().read(0xCF9, 1) == 0x00);
    b.m->io().write(0xCF9, 0x02, 1);
    CHECK(b.read(0, 0, 0x59, 1) == 0x30);
    b.m->io().write(0xCF9, 0x06, 1);
    CHECK(b.read(0, 0, 0x59, 1) == 0x00);  // the PAM registers are back at their reset value
}
