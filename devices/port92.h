// System control port A (0x92, "fast A20 and reset" of PS/2 and later chipsets): bit 1 gates
// A20, a 0->1 transition of bit 0 resets the CPU. Reference: IBM PS/2 Hardware Interface
// Technical Reference, "System Control Port A". The A20 gate is shared with the 8042's output
// port: whichever wrote last decides (chipsets OR the two; guests set both the same way).
#pragma once
#include <cstdint>
#include "devices/machine.h"

namespace bw {

class Port92 : public Device, public IoDevice {
public:
    explicit Port92(Machine& m);
    const char* name() const override { return "port92"; }
    void reset() override { reg_ = 0; }
    uint32_t io_read(uint16_t port, unsigned size) override;
    void io_write(uint16_t port, uint32_t value, unsigned size) override;

private:
    Machine& m_;
    uint8_t reg_ = 0;
};

} // namespace bw
