// The PC/AT math coprocessor error latch (IBM PC AT Technical Reference, "Math Coprocessor";
// SDM Vol. 1, D.1-D.2 "MS-DOS compatibility sub-mode"): the processor's FERR# output (an
// unmasked x87 exception with CR0.NE = 0) sets a latch that drives IRQ13, input 5 of the slave
// 8259; any OUT to port F0h clears the latch. The board's IGNNE# half is not modelled: our FPU
// does not freeze on a pending error, so there is nothing for IGNNE# to release.
#pragma once
#include <cstdint>
#include "devices/machine.h"

namespace bw {

class FerrLatch : public Device, public IoDevice {
public:
    explicit FerrLatch(Machine& m);
    const char* name() const override { return "ferr-latch"; }
    void reset() override;
    uint32_t io_read(uint16_t port, unsigned size) override;
    void io_write(uint16_t port, uint32_t value, unsigned size) override;
    void debug_info(std::ostream& out) const override;

private:
    static void on_ferr(void* ctx, bool level);
    void set_latch(bool on);

    Machine& m_;
    bool ferr_ = false;   // the FERR# input (asserted)
    bool latch_ = false;  // IRQ13 requested
};

} // namespace bw
