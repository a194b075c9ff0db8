// The PC/AT math coprocessor error logic (IBM PC AT Technical Reference, "Math Coprocessor";
// SDM Vol. 1, D.2.1.2 "Recommended External Hardware to Support the MS-DOS Compatibility
// Sub-mode", figure D-1): the processor's FERR# output (an unmasked x87 exception with
// CR0.NE = 0) sets a latch that drives IRQ13, input 5 of the slave 8259 (flip-flop #1). Any OUT
// to port F0h clears the latch and, while FERR# is active, asserts the processor's IGNNE# input
// (flip-flop #2), which lets the x87 instruction frozen on the error run; FERR# going inactive
// clears IGNNE# ("IGNNE# can never be active when FERR# is inactive").
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
    // IGNNE# lives in the CPU's FpuState (Cpu::s.fpu.ignne), which the x87 instructions read.
};

} // namespace bw
