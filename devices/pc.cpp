// The PC/AT chip set. Each chip registers its own ports; this file only creates and wires them.
#include "devices/ata.h"
#include "devices/debug_ports.h"
#include "devices/dma8237.h"
#include "devices/fdc82077.h"
#include "devices/ferr_latch.h"
#include "devices/i440fx.h"
#include "devices/i8042.h"
#include "devices/ioapic82093.h"
#include "devices/local_apic.h"
#include "devices/machine.h"
#include "devices/mc146818.h"
#include "devices/pci.h"
#include "devices/pic8259.h"
#include "devices/piix3.h"
#include "devices/pit8254.h"
#include "devices/port92.h"
#include "devices/uart16550.h"
#include "devices/vga.h"
#include "devices/vga_pci.h"

namespace bw {

namespace {

// The ISA IRQ lines of a board with an I/O APIC reach both the 8259 pair and the I/O APIC.
struct IsaIrqLines : Device, IrqSink {
    IrqSink* pic;
    Ioapic82093* ioapic;
    IsaIrqLines(IrqSink* p, Ioapic82093* io) : pic(p), ioapic(io) {}
    const char* name() const override { return "isa-irq"; }
    void set_irq(unsigned irq, bool level) override {
        pic->set_irq(irq, level);
        ioapic->set_irq(irq, level);
    }
};

// The P6's local APIC between the 8259 and the core, and the board's 82093AA I/O APIC.
void add_apics(Machine& m, Pic8259& pic) {
    auto* lapic = m.add<LocalApic>(m, pic);
    auto* ioapic = m.add<Ioapic82093>(m, *lapic);
    m.set_irq_sink(m.add<IsaIrqLines>(m.irq(), ioapic));
}

} // namespace

void build_pc(Machine& m) {
    auto* pic = m.add<Pic8259>(m);  // first: the other chips raise IRQs through m.irq()
    if (m.config().cpu == CpuModel::p6 && m.config().apic) add_apics(m, *pic);
    // The 440FX board as QEMU's "pc" machine lays it out: 00.0 host bridge, 01.0 ISA bridge,
    // 01.1 IDE, 01.3 power management, 02.0 VGA. The bus resets before the chips that read it.
    auto* pci = m.add<PciBus>(m);
    m.add<I440fx>(m, *pci);
    auto* piix3 = m.add<Piix3>(m, *pci);
    m.add<Pit8254>(m);
    m.add<Mc146818>(m);
    auto* dma = m.add<Dma8237>(m);
    m.add<DebugPorts>(m);
    m.add<I8042>(m);
    m.add<Port92>(m);
    m.add<FerrLatch>(m);  // FERR# -> IRQ13, cleared by OUT F0h
    m.add<Uart16550>(m, 0x3F8, 4, "com1");
    m.add<Uart16550>(m, 0x2F8, 3, "com2");
    // Storage: a missing or unreadable image throws a one-line std::runtime_error.
    const MachineConfig& cfg = m.config();
    auto* fdc = m.add<Fdc82077>(m);
    fdc->emulator_compat = true;  // the Bochs BIOS neither seeks nor sets the data rate
    fdc->dma = [dma](uint8_t* buf, uint32_t len, bool to_memory, bool& tc) {
        return uint32_t(dma->transfer(2, buf, len, to_memory, &tc));
    };
    if (!cfg.fda.empty()) fdc->attach(0, std::make_unique<DiskImage>(cfg.fda, cfg.snapshot));
    if (!cfg.fdb.empty()) fdc->attach(1, std::make_unique<DiskImage>(cfg.fdb, cfg.snapshot));
    auto* ata = m.add<Ata>(m);
    ata->connect_bus_master(piix3->ide_bus_master());  // PCI bus master IDE of PIIX3 function 1
    if (!cfg.hda.empty()) ata->attach(0, 0, Ata::Kind::Disk, std::make_unique<DiskImage>(cfg.hda, cfg.snapshot));
    if (!cfg.hdb.empty()) ata->attach(0, 1, Ata::Kind::Disk, std::make_unique<DiskImage>(cfg.hdb, cfg.snapshot));
    if (!cfg.cdrom.empty()) ata->attach(1, 0, Ata::Kind::Cdrom, std::make_unique<DiskImage>(cfg.cdrom, cfg.snapshot, true));
    auto* vga = m.add<Vga>(m);
    m.add<VgaPci>(*pci, 2, *vga, cfg.vgabios_path.empty() ? std::vector<uint8_t>{} : read_file(cfg.vgabios_path));
}

} // namespace bw
