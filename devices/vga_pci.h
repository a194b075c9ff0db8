// The PCI face of the VGA (devices/vga.*), as QEMU's "VGA" (stdvga) device presents it: vendor
// 1234h device 1111h, class 03/00/00, BAR0 a 16 MiB prefetchable memory BAR holding the linear
// frame buffer, and an expansion ROM BAR (PCI Local Bus Specification 2.1, 6.2.5.2) with the VGA
// BIOS image, which SeaBIOS copies to C0000 (the image's PCI data structure names 1234:1111).
// Until firmware assigns BAR0 (it reads back 0), the LFB answers at the fixed Bochs address
// E0000000 so that firmware that does not configure PCI (our BIOS) still finds it there.
#pragma once
#include <vector>
#include "devices/machine.h"
#include "devices/pci.h"

namespace bw {

class Vga;

class VgaPci : public Device, public PciFunction {
public:
    // `rom` is the VGA BIOS image (may be empty: no expansion ROM).
    VgaPci(PciBus& bus, unsigned dev, Vga& vga, std::vector<uint8_t> rom);
    const char* name() const override { return "vga-pci"; }
    void reset() override { reset_config(); }

    uint32_t bar_read(unsigned index, uint32_t offset, unsigned size) override;
    void bar_write(unsigned index, uint32_t offset, uint32_t value, unsigned size) override;
    bool unclaimed_read(uint32_t addr, unsigned size, uint32_t& value) override;
    bool unclaimed_write(uint32_t addr, uint32_t value, unsigned size) override;

private:
    Vga& vga_;
    std::vector<uint8_t> rom_;
};

} // namespace bw
