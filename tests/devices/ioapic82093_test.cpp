// The 82093AA I/O APIC, programmed through IOREGSEL/IOWIN, delivering to the P6 local APIC.
// Expected values come from the Intel 82093AA datasheet (290566-001), section "3.0 Register
// Description", and for the local side the Intel SDM Vol. 3A chapter 10; test names cite them.
#include <catch2/catch.hpp>
#include "devices/ioapic82093.h"
#include "devices/local_apic.h"
#include "devices/machine.h"

using namespace bw;

namespace {

MachineConfig small() {
    MachineConfig c;
    c.memory_mb = 1;
    return c;
}

constexpr uint32_t kIoapic = 0xFEC00000u, kLapic = 0xFEE00000u;

struct Pc {
    Machine m{small()};
    Ioapic82093* io = dynamic_cast<Ioapic82093*>(m.find_device("ioapic"));
    LocalApic* apic = dynamic_cast<LocalApic*>(m.find_device("apic"));

    Pc() { lw(0xF0, 0x1FF); }  // local APIC software enabled (SDM 10.4.3)
    uint32_t rd(uint8_t index) {
        m.mmio().write(kIoapic, index, 4);  // IOREGSEL
        return m.mmio().read(kIoapic + 0x10, 4);  // IOWIN
    }
    void wr(uint8_t index, uint32_t v) {
        m.mmio().write(kIoapic, index, 4);
        m.mmio().write(kIoapic + 0x10, v, 4);
    }
    void route(unsigned pin, uint32_t low, uint32_t high = 0) {
        wr(uint8_t(0x11 + 2 * pin), high);
        wr(uint8_t(0x10 + 2 * pin), low);
    }
    uint32_t lr(uint32_t off) { return m.mmio().read(kLapic + off, 4); }
    void lw(uint32_t off, uint32_t v) { m.mmio().write(kLapic + off, v, 4); }
    bool irr(unsigned v) { return (lr(0x200 + 0x10 * (v >> 5)) >> (v & 31)) & 1; }
    bool tmr(unsigned v) { return (lr(0x180 + 0x10 * (v >> 5)) >> (v & 31)) & 1; }
    void eoi() { lw(0xB0, 0); }
};

constexpr uint32_t kMasked = 1u << 16, kLevel = 1u << 15, kRemoteIrr = 1u << 14, kLowActive = 1u << 13;

} // namespace

TEST_CASE("82093AA 3.2.1-3.2.3 ID, version 11h with 24 entries, arbitration ID", "[ioapic]") {
    Pc pc;
    REQUIRE(pc.io);
    CHECK(pc.rd(0x01) == 0x00170011u);
    CHECK(pc.rd(0x00) == 0);
    pc.wr(0x00, 0x0F000000u | 0x00FFFFFFu);
    CHECK(pc.rd(0x00) == 0x0F000000u);  // ID in bits 27-24, the rest reserved
    CHECK((pc.rd(0x02) & 0x0F000000u) == 0x0F000000u);
    pc.wr(0x01, 0);
    CHECK(pc.rd(0x01) == 0x00170011u);  // read-only
    // IOREGSEL reads back the index (3.1.1).
    pc.m.mmio().write(kIoapic, 0x12, 4);
    CHECK((pc.m.mmio().read(kIoapic, 4) & 0xFF) == 0x12);
}

TEST_CASE("82093AA 3.2.4 redirection table: RESET masks every entry; Remote IRR and Delivery Status read-only", "[ioapic]") {
    Pc pc;
    for (unsigned pin = 0; pin < 24; ++pin) CHECK((pc.rd(uint8_t(0x10 + 2 * pin)) & kMasked) != 0);
    pc.route(5, 0x0001FFFFu, 0xFF000000u);
    CHECK(pc.rd(0x10 + 10) == (0x0001FFFFu & ~(kRemoteIrr | (1u << 12))));
    CHECK(pc.rd(0x11 + 10) == 0xFF000000u);
}

TEST_CASE("82093AA 3.2.4 edge-triggered pin: one message per rising edge; ISA IRQ0 on INTIN2", "[ioapic]") {
    Pc pc;
    pc.route(2, 0x30);  // fixed, physical destination 0, edge, high active
    pc.route(1, 0x31);
    pc.m.irq()->set_irq(0, true);  // the board's ISA IRQ0 (the PIT)
    CHECK(pc.irr(0x30));
    CHECK_FALSE(pc.tmr(0x30));
    CHECK(pc.apic->acknowledge() == 0x30);
    pc.eoi();
    pc.m.irq()->set_irq(0, true);  // no new edge
    CHECK_FALSE(pc.irr(0x30));
    pc.m.irq()->set_irq(0, false);
    pc.m.irq()->set_irq(0, true);
    CHECK(pc.irr(0x30));
    pc.m.irq()->set_irq(1, true);
    CHECK(pc.irr(0x31));
}

TEST_CASE("82093AA 3.2.4 bit 16: an edge on a masked pin is discarded, not held pending", "[ioapic]") {
    Pc pc;
    pc.route(4, kMasked | 0x40);
    pc.m.irq()->set_irq(4, true);
    CHECK_FALSE(pc.irr(0x40));
    pc.route(4, 0x40);  // unmasking does not deliver the lost edge
    CHECK_FALSE(pc.irr(0x40));
}

TEST_CASE("82093AA 3.2.4 level-triggered pin: Remote IRR until the EOI, re-sent while asserted", "[ioapic]") {
    Pc pc;
    pc.route(9, kLevel | 0x59);
    pc.m.irq()->set_irq(9, true);
    CHECK(pc.irr(0x59));
    CHECK(pc.tmr(0x59));  // SDM 10.8.4: TMR set for level-triggered interrupts
    CHECK((pc.rd(0x10 + 18) & kRemoteIrr) != 0);
    CHECK(pc.apic->acknowledge() == 0x59);
    pc.eoi();  // SDM 10.8.5: the EOI of a level vector is broadcast; the line is still high
    CHECK((pc.rd(0x10 + 18) & kRemoteIrr) != 0);
    CHECK(pc.irr(0x59));
    CHECK(pc.apic->acknowledge() == 0x59);
    pc.m.irq()->set_irq(9, false);  // the device is serviced
    pc.eoi();
    CHECK((pc.rd(0x10 + 18) & kRemoteIrr) == 0);
    CHECK_FALSE(pc.irr(0x59));
}

TEST_CASE("82093AA 3.2.4 level pin: unmasking an asserted line delivers; no duplicate while Remote IRR", "[ioapic]") {
    Pc pc;
    pc.route(11, kMasked | kLevel | 0x5B);
    pc.m.irq()->set_irq(11, true);
    CHECK_FALSE(pc.irr(0x5B));
    pc.route(11, kLevel | 0x5B);
    CHECK(pc.irr(0x5B));
    CHECK(pc.apic->acknowledge() == 0x5B);
    pc.m.irq()->set_irq(11, false);
    pc.m.irq()->set_irq(11, true);  // Remote IRR still set: no second message
    CHECK_FALSE(pc.irr(0x5B));
}

TEST_CASE("82093AA 3.2.4 bit 13 polarity: low active inputs assert at the low level", "[ioapic]") {
    Pc pc;
    pc.m.irq()->set_irq(10, true);
    pc.route(10, kLevel | kLowActive | 0x5A);
    CHECK_FALSE(pc.irr(0x5A));
    pc.m.irq()->set_irq(10, false);
    CHECK(pc.irr(0x5A));
}

TEST_CASE("82093AA 3.2.4 destination: physical APIC ID, logical against the LDR", "[ioapic]") {
    Pc pc;
    pc.route(3, 0x33, 0x01000000u);  // physical destination 1: no such APIC
    pc.m.irq()->set_irq(3, true);
    CHECK_FALSE(pc.irr(0x33));
    pc.lw(0xD0, 0x01000000u);  // LDR: logical ID 1 (flat model)
    pc.route(5, 0x835, 0x01000000u);  // logical destination 01h
    pc.m.irq()->set_irq(5, true);
    CHECK(pc.irr(0x35));
    pc.route(6, 0x936, 0x01000000u);  // lowest priority, logical
    pc.m.irq()->set_irq(6, true);
    CHECK(pc.irr(0x36));
}

TEST_CASE("82093AA ISA IRQs reach both the 8259 and the I/O APIC", "[ioapic]") {
    Pc pc;
    pc.m.io().write(0x20, 0x11, 1); pc.m.io().write(0x21, 0x08, 1); pc.m.io().write(0x21, 0x04, 1);
    pc.m.io().write(0x21, 0x01, 1); pc.m.io().write(0x21, 0x00, 1);
    pc.route(1, 0x41);
    pc.m.irq()->set_irq(1, true);
    CHECK(pc.irr(0x41));
    pc.m.io().write(0x20, 0x0A, 1);
    CHECK((pc.m.io().read(0x20, 1) & 0x02) == 0x02);  // 8259 IRR bit 1
}
