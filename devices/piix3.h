// The PCI-to-ISA bridge of the 440FX board: Intel 82371SB PIIX3 (datasheet 290550-002) at bus 0
// device 1, as QEMU's "pc" machine arranges it:
//   function 0 (8086:7000) ISA bridge: PIRQ[A-D]# routing (PIRQRC, 60h-63h), the other
//     ISA-side configuration registers as storage, the APM control/status ports B2h/B3h and
//     the Reset Control register at 0CF9h. The edge/level control registers (ELCR, 4D0h/4D1h)
//     that decide how a routed PIRQ is sensed live with the 8259 pair (devices/pic8259.*).
//   function 1 (8086:7010) IDE in legacy (compatibility) mode: the ATA channels stay at
//     1F0h/3F6h IRQ 14 and 170h/376h IRQ 15 (devices/ata.*); BMIBA (20h) is the 16-byte I/O BAR
//     of the bus master IDE registers, whose engine (devices/ide_busmaster.*) performs the
//     scatter/gather DMA of the drives' DMA commands.
//   function 3 (8086:7113) power management: the PIIX4's (82371AB, datasheet 290562-001)
//     ACPI function, which QEMU pairs with the PIIX3 and SeaBIOS expects: PMBA (40h) and
//     PMREGMISC (80h) place the 64-byte PM I/O block with PM1 status/enable/control, the
//     24-bit 3.579545 MHz ACPI PM timer, and soft-off through SUS_TYP 0 + SUS_EN. SCI is IRQ 9.
//     DEVACTB.APMC_EN (58h bit 25) reads set, as on QEMU without SMM, so firmware does not try
//     to relocate SMBASE: the CPU has no SMM.
#pragma once
#include <array>
#include "devices/ide_busmaster.h"
#include "devices/machine.h"
#include "devices/pci.h"

namespace bw {

class Piix3 : public Device, public IoDevice {
public:
    Piix3(Machine& m, PciBus& bus);
    ~Piix3() override;
    const char* name() const override { return "piix3"; }
    void reset() override;

    // APM ports B2h/B3h and the PM I/O block.
    uint32_t io_read(uint16_t port, unsigned size) override;
    void io_write(uint16_t port, uint32_t value, unsigned size) override;

    // PIRQ[A-D]# (0-3) input levels, from PCI INTx# lines.
    void set_pirq(unsigned pirq, bool level);

    // Inspection (tests).
    uint16_t pm_base() const { return pm_base_; }
    uint32_t pm_timer() const;
    // The bus master IDE engine of function 1, for the ATA drives (devices/ata.*).
    IdeBusMaster& ide_bus_master();

    class IsaFunction;
    class IdeFunction;
    class PmFunction;

private:
    void update_pirq_routing();
    void update_pm_io();
    void update_sci();
    static void on_pm_timer(void* ctx, uint64_t now);
    void arm_pm_timer();
    uint32_t pm_read(uint8_t off, unsigned size);
    void pm_write(uint8_t off, uint32_t value, unsigned size);

    Machine& m_;
    PciBus& bus_;
    std::unique_ptr<IsaFunction> isa_;
    std::unique_ptr<IdeFunction> ide_;
    std::unique_ptr<PmFunction> pm_;
    std::array<bool, 4> pirq_level_{};
    uint16_t isa_irq_driven_ = 0;  // ISA IRQ lines this bridge holds high for PIRQs
    uint8_t apmc_ = 0, apms_ = 0, rc_ = 0;
    uint16_t pm_base_ = 0;          // decoded PM I/O base, 0 = off
    uint16_t pmsts_ = 0, pmen_ = 0, pmcntrl_ = 0;
    std::array<uint8_t, 64> pm_regs_{};  // the PM registers without special behaviour
    bool sci_ = false;
    int pm_timer_id_ = -1;
};

} // namespace bw
