#include "devices/i440fx.h"

namespace bw {

namespace {
constexpr uint8_t kPam0 = 0x59;  // PAM0-PAM6: 59h-5Fh
}

// Reset values and writable bits from the 82441FX register summary (82441FX datasheet, section
// "Register Description"). Class 06/00/00: host bridge. Revision 02h as QEMU reports it.
I440fx::I440fx(Machine& m, PciBus& bus) : PciFunction(0x8086, 0x1237, 0x02, 0x060000, 0x00), m_(m) {
    init16(0x04, 0x0006, 0x0146);  // PCICMD: memory + bus master always on; SERR#, parity
    init16(0x06, 0x0280);          // PCISTS: fast back-to-back, DEVSEL medium
    write_one_to_clear16(0x06, 0xF900);
    init8(0x0D, 0x00, 0xF8);       // MLT: master latency timer
    init16(0x50, 0x0000, 0x70FF);  // PMCCFG
    init8(0x51, 0x01, 0x80);       // PMCCFG high: CPU-to-PCI write buffer bits
    init8(0x52, 0x80, 0xFF);       // DETURBO
    init8(0x53, 0x80, 0xFF);       // DBC
    init8(0x54, 0x00, 0xFF);       // AXC
    init16(0x55, 0x0000, 0xFFFF);  // DRT
    init8(0x57, 0x01, 0xFF);       // DRAMC
    init8(0x58, 0x10, 0xFF);       // DRAMT
    init8(kPam0, 0x00, 0x70);      // PAM0: bits 6-4 for F0000-FFFFF (3-0 reserved)
    for (uint8_t r = kPam0 + 1; r <= kPam0 + 6; ++r) init8(r, 0x00, 0x77);
    for (uint8_t r = 0x60; r <= 0x67; ++r) init8(r, 0x01, 0xFF);  // DRB0-7 (units of 8 MiB)
    init8(0x68, 0x00, 0xC0);       // FDHC: fixed DRAM hole
    init8(0x70, 0x00, 0xFC);       // MTT
    init8(0x71, 0x10, 0xFF);       // CLT
    init8(0x72, 0x02, 0x78);       // SMRAM: C_BASE_SEG reads 010b (A0000)
    init8(0x90, 0x00, 0xFF);       // ERRCMD
    init8(0x91, 0x00, 0xFF);       // ERRSTS
    init8(0x93, 0x00, 0x06);       // TRC (Turbo Reset Control; CF9h is the PIIX3's)
    bus.attach(this, 0, 0);
    apply_pam();
}

void I440fx::reset() {
    reset_config();
    apply_pam();
}

void I440fx::config_written(uint8_t reg, unsigned size) {
    if (reg <= kPam0 + 6 && reg + size > kPam0) apply_pam();
}

// PAM register attribute bits per segment (82441FX datasheet, "PAM - Programmable Attribute Map Registers"): bit 0 RE (reads from DRAM), bit 1 WE (writes
// to DRAM), bit 2 CE (cacheable, no effect here). PAM0 bits 5-4 cover F0000-FFFFF; PAMn (n = 1-6)
// cover C0000 + (n - 1) * 32 KiB, the low nibble the lower 16 KiB, the high nibble the upper.
void I440fx::apply_pam() {
    PhysicalMemory& mem = m_.memory();
    uint8_t pam0 = cfg8(kPam0) >> 4;
    mem.set_shadow(0xF0000, 0x10000, pam0 & 1, pam0 & 2);
    for (unsigned n = 1; n <= 6; ++n) {
        uint8_t v = cfg8(uint8_t(kPam0 + n));
        uint32_t base = 0xC0000 + (n - 1) * 0x8000;
        mem.set_shadow(base, 0x4000, v & 1, v & 2);
        mem.set_shadow(base + 0x4000, 0x4000, v & 0x10, v & 0x20);
    }
    // Cached translations and decoded code may come from the other side now.
    m_.cpu().flush_tlb();
    m_.cpu().flush_code_cache();
    m_.cpu().request_event();
}

} // namespace bw
