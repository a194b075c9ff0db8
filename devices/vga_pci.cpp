#include "devices/vga_pci.h"
#include "devices/vga.h"

namespace bw {

VgaPci::VgaPci(PciBus& bus, unsigned dev, Vga& vga, std::vector<uint8_t> rom)
    : PciFunction(0x1234, 0x1111, 0x02, 0x030000, 0x00), vga_(vga), rom_(std::move(rom)) {
    init16(0x04, 0x0000, 0x0003);  // I/O space (the legacy VGA ports) and memory space
    init16(0x06, 0x0000);
    define_bar(0, Bar::MemPrefetch, Vga::kVramSize);
    if (!rom_.empty()) {
        uint32_t size = 0x800;
        while (size < rom_.size()) size <<= 1;
        rom_.resize(size, 0xFF);
        define_bar(kRomBar, Bar::Mem, size);
        // The Bochs BIOS (rombios32.c, pci_bios_init_device -> pci_bios_init_pcirom) copies the
        // VGA ROM to C0000 before it sets Memory Space in the Command register; Bochs' VGA
        // answers regardless.
        rom_ignores_command_ = true;
    }
    bus.attach(this, dev, 0);
}

uint32_t VgaPci::bar_read(unsigned index, uint32_t offset, unsigned size) {
    if (index == 0) return vga_.mmio_read(Vga::kLfbBase + offset, size);
    uint32_t v = 0;
    for (unsigned k = 0; k < size; ++k)
        v |= uint32_t(offset + k < rom_.size() ? rom_[offset + k] : 0xFF) << (8 * k);
    return v;
}

void VgaPci::bar_write(unsigned index, uint32_t offset, uint32_t value, unsigned size) {
    if (index == 0) vga_.mmio_write(Vga::kLfbBase + offset, value, size);  // the ROM ignores writes
}

// BAR0 not yet assigned: the LFB stays at its fixed address.
bool VgaPci::unclaimed_read(uint32_t addr, unsigned size, uint32_t& value) {
    if ((cfg32(0x10) & ~0xFu) != 0 || addr - Vga::kLfbBase >= Vga::kVramSize) return false;
    value = vga_.mmio_read(addr, size);
    return true;
}

bool VgaPci::unclaimed_write(uint32_t addr, uint32_t value, unsigned size) {
    if ((cfg32(0x10) & ~0xFu) != 0 || addr - Vga::kLfbBase >= Vga::kVramSize) return false;
    vga_.mmio_write(addr, value, size);
    return true;
}

} // namespace bw
