// Interrupt request lines from devices to the interrupt controller (the 8259 pair).
#pragma once

namespace bw {

class IrqSink {
public:
    virtual ~IrqSink() = default;
    // Drives ISA IRQ line `irq` (0-15). Edge-triggered inputs latch on a low-to-high change.
    virtual void set_irq(unsigned irq, bool level) = 0;
    void pulse_irq(unsigned irq) {
        set_irq(irq, false);
        set_irq(irq, true);
    }
};

// A level input driven by an interrupt controller's output: the local APIC's LINT0 pin, which
// the 8259 pair's INT drives when the CPU has a local APIC (otherwise INT is the CPU's INTR).
class IntLine {
public:
    virtual ~IntLine() = default;
    virtual void set_level(bool level) = 0;
};

} // namespace bw
