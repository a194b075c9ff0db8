// Intel 82093AA I/O Advanced Programmable Interrupt Controller (datasheet 290566-001): 24
// interrupt inputs, each with a 64-bit redirection table entry that turns it into an interrupt
// message for the local APICs. Registers are reached indirectly through IOREGSEL (base + 00h)
// and IOWIN (base + 10h) in the memory window at FEC00000h (the PIIX3's APICBASE default).
//
// Wiring on this board (as on PC boards with an I/O APIC and QEMU's "pc"): ISA IRQ n drives
// INTIN n, except IRQ0 (the PIT), which drives INTIN2 (the MP/ACPI interrupt source override);
// PCI INTx reach the I/O APIC through the PIIX3's PIRQ routing, as the ISA IRQ they are routed
// to. INTIN0 (the 8259's INT for virtual-wire mode B on real boards) and INTIN16-23 are not
// connected.
#pragma once
#include <cstdint>
#include "devices/irq.h"
#include "devices/machine.h"
#include "mem/bus.h"

namespace bw {

class LocalApic;

class Ioapic82093 : public Device, public MmioDevice, public IrqSink {
public:
    static constexpr uint32_t kBase = 0xFEC00000u;
    static constexpr unsigned kPins = 24;
    // IOAPICVER (datasheet 3.2.2): version 11h, maximum redirection entry 17h (24 entries).
    static constexpr uint32_t kVersion = 0x0017'0011u;

    Ioapic82093(Machine& m, LocalApic& apic);
    const char* name() const override { return "ioapic"; }
    void reset() override;
    void debug_info(std::ostream& out) const override;

    uint32_t mmio_read(uint32_t addr, unsigned size) override;
    void mmio_write(uint32_t addr, uint32_t value, unsigned size) override;

    // ISA IRQ line `irq` (0-15) as the board wires it to the INTIN pins.
    void set_irq(unsigned irq, bool level) override;
    // One INTIN pin's electrical level.
    void set_input(unsigned pin, bool level);
    // An EOI broadcast by a local APIC for `vector` (datasheet 3.2.4, Remote IRR).
    void eoi(uint8_t vector);

    // The register behind an IOREGSEL index (00h ID, 01h version, 02h arbitration, 10h-3Fh
    // redirection table), for tests and the debugger.
    uint32_t read_register(uint8_t index) const;
    uint64_t redirection(unsigned pin) const { return redir_[pin]; }

private:
    void write_register(uint8_t index, uint32_t value);
    void service(unsigned pin);  // sends a level-triggered pin's message when it may
    void send(unsigned pin);

    Machine& m_;
    LocalApic& apic_;
    uint8_t regsel_ = 0;
    uint32_t id_ = 0;
    uint64_t redir_[kPins] = {};
    bool level_[kPins] = {};
};

} // namespace bw
