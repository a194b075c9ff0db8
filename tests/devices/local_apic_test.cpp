// The P6 local APIC, programmed through its register page. Expected values come from the Intel
// SDM Vol. 3A chapter 10 "Advanced Programmable Interrupt Controller (APIC)"; test names cite
// its sections. The only board parameter is the bus clock the timer counts
// (LocalApic::kBusClockNs, a 100 MHz front-side bus).
#include <catch2/catch.hpp>
#include "devices/local_apic.h"
#include "devices/machine.h"
#include "devices/pic8259.h"

using namespace bw;

namespace {

MachineConfig small() {
    MachineConfig c;
    c.memory_mb = 1;
    return c;
}

constexpr uint32_t kBase = 0xFEE00000u;
enum : uint32_t {
    ID = 0x20, VER = 0x30, TPR = 0x80, APR = 0x90, PPR = 0xA0, EOI = 0xB0, LDR = 0xD0, DFR = 0xE0,
    SVR = 0xF0, ISR = 0x100, TMR = 0x180, IRR = 0x200, ESR = 0x280, ICR_LO = 0x300, ICR_HI = 0x310,
    LVT_TIMER = 0x320, LVT_PERF = 0x340, LVT_LINT0 = 0x350, LVT_LINT1 = 0x360, LVT_ERROR = 0x370,
    TIMER_INITIAL = 0x380, TIMER_CURRENT = 0x390, TIMER_DIVIDE = 0x3E0,
};

struct Pc {
    Machine m{small()};
    LocalApic* apic = dynamic_cast<LocalApic*>(m.find_device("apic"));
    Pic8259* pic = dynamic_cast<Pic8259*>(m.find_device("pic"));

    uint32_t r(uint32_t off, uint32_t base = kBase) { return m.mmio().read(base + off, 4); }
    void w(uint32_t off, uint32_t v, uint32_t base = kBase) { m.mmio().write(base + off, v, 4); }
    void enable() { w(SVR, 0x1FF); }
    void self_ipi(uint8_t vector) { w(ICR_LO, 0x40000u | vector); }  // shorthand 01b: self
    bool irr(unsigned v) { return (r(IRR + 0x10 * (v >> 5)) >> (v & 31)) & 1; }
    bool isr(unsigned v) { return (r(ISR + 0x10 * (v >> 5)) >> (v & 31)) & 1; }
    bool tmr(unsigned v) { return (r(TMR + 0x10 * (v >> 5)) >> (v & 31)) & 1; }
    void advance(uint64_t ns) { m.clock().advance_to(m.clock().now_ns() + ns); }
};

} // namespace

TEST_CASE("SDM 10.4.7.1 local APIC state after power-up or reset", "[apic]") {
    Pc pc;
    REQUIRE(pc.apic);
    CHECK(pc.apic->apic_base() == 0xFEE00900u);  // 10.4.4 Figure 10-5: FEE00000h, BSP, enabled
    CHECK(pc.r(ID) == 0);
    CHECK(pc.r(TPR) == 0);
    CHECK(pc.r(LDR) == 0);
    CHECK(pc.r(DFR) == 0xFFFFFFFFu);
    CHECK(pc.r(SVR) == 0xFF);  // software disabled, spurious vector FFh
    CHECK(pc.r(LVT_TIMER) == 0x10000);
    CHECK(pc.r(LVT_LINT1) == 0x10000);
    CHECK(pc.r(LVT_ERROR) == 0x10000);
    CHECK(pc.r(LVT_PERF) == 0x10000);
    CHECK(pc.r(TIMER_INITIAL) == 0);
    CHECK(pc.r(TIMER_CURRENT) == 0);
    CHECK(pc.r(TIMER_DIVIDE) == 0);
    for (uint32_t k = 0; k < 8; ++k) {
        CHECK(pc.r(IRR + 0x10 * k) == 0);
        CHECK(pc.r(ISR + 0x10 * k) == 0);
        CHECK(pc.r(TMR + 0x10 * k) == 0);
    }
    // The board's virtual wire (Intel MP Specification 1.4, 3.6.2.2): LINT0 as ExtINT.
    CHECK(pc.r(LVT_LINT0) == 0x700);
}

TEST_CASE("SDM 10.4.8 Figure 10-7 version register: integrated APIC (1xH), P6 max LVT entry 4", "[apic]") {
    Pc pc;
    uint32_t v = pc.r(VER);
    CHECK((v & 0xF0) == 0x10);
    CHECK(((v >> 16) & 0xFF) == 4);
    pc.w(VER, 0);  // read-only
    CHECK(pc.r(VER) == v);
}

TEST_CASE("SDM 10.9 Figure 10-23 SVR: P6 spurious vector bits 0-3 hard-wired to 1", "[apic]") {
    Pc pc;
    pc.w(SVR, 0x1F0);
    CHECK(pc.r(SVR) == 0x1FF);
    pc.w(SVR, 0x120);
    CHECK(pc.r(SVR) == 0x12F);
    CHECK(pc.apic->software_enabled());
    pc.w(SVR, 0x020);
    CHECK_FALSE(pc.apic->software_enabled());
}

TEST_CASE("SDM 10.4.7.2 software disabled: LVT mask bits set and cannot be cleared", "[apic]") {
    Pc pc;
    pc.w(LVT_TIMER, 0x30);
    CHECK(pc.r(LVT_TIMER) == 0x10030);
    pc.enable();
    pc.w(LVT_TIMER, 0x30);
    pc.w(LVT_LINT1, 0x400);
    CHECK(pc.r(LVT_TIMER) == 0x30);
    CHECK(pc.r(LVT_LINT1) == 0x400);
    pc.w(SVR, 0xFF);  // software disable
    CHECK(pc.r(LVT_TIMER) == 0x10030);
    CHECK(pc.r(LVT_LINT1) == 0x10400);
    CHECK(pc.r(LVT_LINT0) == 0x10700);
}

TEST_CASE("SDM 10.6.1 ICR self IPI, 10.8.4 INTA moves IRR to ISR, 10.8.5 EOI clears ISR", "[apic]") {
    Pc pc;
    pc.enable();
    CHECK_FALSE(pc.apic->intr_output());
    pc.self_ipi(0x41);
    CHECK(pc.irr(0x41));
    CHECK_FALSE(pc.tmr(0x41));
    CHECK((pc.r(ICR_LO) & 0x1000) == 0);  // delivery status: idle
    CHECK(pc.apic->intr_output());
    CHECK(pc.apic->acknowledge() == 0x41);
    CHECK_FALSE(pc.irr(0x41));
    CHECK(pc.isr(0x41));
    CHECK(pc.r(PPR) == 0x40);
    CHECK_FALSE(pc.apic->intr_output());
    pc.w(EOI, 0);
    CHECK_FALSE(pc.isr(0x41));
    CHECK(pc.r(PPR) == 0);
}

TEST_CASE("SDM 10.6.1 ICR destination field: physical own ID and broadcast, else Send Accept Error", "[apic]") {
    Pc pc;
    pc.enable();
    pc.w(ICR_HI, 0x00000000);
    pc.w(ICR_LO, 0x51);  // fixed, physical destination 0 = our ID
    CHECK(pc.irr(0x51));
    pc.w(ICR_HI, 0x03000000);
    pc.w(ICR_LO, 0x52);  // physical destination 3: no such APIC
    CHECK_FALSE(pc.irr(0x52));
    pc.w(ESR, 0);
    CHECK((pc.r(ESR) & 0x04) == 0x04);  // 10.5.3 Send Accept Error
    pc.w(ICR_LO, 0xC0053);  // shorthand 11b: all excluding self
    CHECK_FALSE(pc.irr(0x53));
    pc.w(ICR_LO, 0x80054);  // shorthand 10b: all including self
    CHECK(pc.irr(0x54));
    // INIT and STARTUP to processors that are not there are not delivered anywhere.
    pc.w(ICR_LO, 0xC4500);
    pc.w(ICR_LO, 0xC4608);
    CHECK_FALSE(pc.irr(0x08));
}

TEST_CASE("SDM 10.6.2.2 logical destination: flat model matches LDR bits, cluster model", "[apic]") {
    Pc pc;
    pc.enable();
    pc.w(LDR, 0x02000000);
    pc.w(ICR_HI, 0x06000000);
    pc.w(ICR_LO, 0x861);  // fixed, logical
    CHECK(pc.irr(0x61));
    pc.w(ICR_HI, 0x01000000);
    pc.w(ICR_LO, 0x862);
    CHECK_FALSE(pc.irr(0x62));
    pc.w(DFR, 0x0FFFFFFF);  // cluster model: bits 7-4 cluster, 3-0 members
    CHECK(pc.r(DFR) == 0x0FFFFFFFu);
    pc.w(LDR, 0x12000000);
    pc.w(ICR_HI, 0x13000000);
    pc.w(ICR_LO, 0x863);
    CHECK(pc.irr(0x63));
    pc.w(ICR_HI, 0x23000000);
    pc.w(ICR_LO, 0x864);
    CHECK_FALSE(pc.irr(0x64));
}

TEST_CASE("SDM 10.8.3.1 TPR: a vector is delivered only when its class is above the PPR class", "[apic]") {
    Pc pc;
    pc.enable();
    pc.w(TPR, 0x55);
    CHECK(pc.r(TPR) == 0x55);
    CHECK(pc.r(PPR) == 0x55);
    pc.self_ipi(0x5F);  // same class as TPR: held
    CHECK(pc.irr(0x5F));
    CHECK_FALSE(pc.apic->intr_output());
    CHECK(pc.r(APR) == 0x55);
    pc.self_ipi(0x60);
    CHECK(pc.apic->intr_output());
    CHECK(pc.r(APR) == 0x60);  // IRR class above TPR class
    CHECK(pc.apic->acknowledge() == 0x60);
    pc.w(EOI, 0);
    CHECK_FALSE(pc.apic->intr_output());
    pc.w(TPR, 0x40);
    CHECK(pc.apic->intr_output());
    CHECK(pc.apic->acknowledge() == 0x5F);
}

TEST_CASE("SDM 10.8.3.1 nesting: ISR class blocks equal and lower classes; EOI clears the highest ISR bit", "[apic]") {
    Pc pc;
    pc.enable();
    pc.self_ipi(0x30);
    CHECK(pc.apic->acknowledge() == 0x30);
    pc.self_ipi(0x31);
    CHECK_FALSE(pc.apic->intr_output());  // same class as the one in service
    pc.self_ipi(0x41);
    CHECK(pc.apic->intr_output());
    CHECK(pc.apic->acknowledge() == 0x41);
    CHECK(pc.r(PPR) == 0x40);
    CHECK(pc.isr(0x30));
    CHECK(pc.isr(0x41));
    pc.w(EOI, 0);  // clears 41h, the highest
    CHECK(pc.isr(0x30));
    CHECK_FALSE(pc.isr(0x41));
    CHECK_FALSE(pc.apic->intr_output());
    pc.w(EOI, 0);
    CHECK(pc.apic->intr_output());
    CHECK(pc.apic->acknowledge() == 0x31);
}

TEST_CASE("SDM 10.9 spurious interrupt: TPR raised between INTR and INTA gives the spurious vector", "[apic]") {
    Pc pc;
    pc.w(SVR, 0x1EF);
    pc.self_ipi(0x50);
    CHECK(pc.apic->intr_output());
    pc.w(TPR, 0x60);
    CHECK(pc.apic->acknowledge() == 0xEF);
    CHECK_FALSE(pc.isr(0xEF));
    CHECK(pc.irr(0x50));  // still pending
}

TEST_CASE("SDM 10.5.3 ESR: illegal vectors; the register latches on write", "[apic]") {
    Pc pc;
    pc.enable();
    pc.self_ipi(0x05);
    CHECK_FALSE(pc.irr(0x05));
    CHECK(pc.r(ESR) == 0);  // nothing latched yet
    pc.w(ESR, 0);
    CHECK(pc.r(ESR) == 0x20);  // Send Illegal Vector
    pc.w(ESR, 0);
    CHECK(pc.r(ESR) == 0);
    // With the error LVT unmasked, an error raises its vector.
    pc.w(LVT_ERROR, 0xFE);
    pc.self_ipi(0x0F);
    CHECK(pc.irr(0xFE));
}

TEST_CASE("SDM 10.5.4 timer one-shot: counts down at bus clock / divider, interrupts once at zero", "[apic]") {
    Pc pc;
    pc.enable();
    pc.w(LVT_TIMER, 0x70);
    pc.w(TIMER_DIVIDE, 0xB);  // 1011b: divide by 1
    pc.w(TIMER_INITIAL, 1000);
    CHECK(pc.r(TIMER_INITIAL) == 1000);
    pc.advance(400 * LocalApic::kBusClockNs);
    CHECK(pc.r(TIMER_CURRENT) == 600);
    CHECK_FALSE(pc.irr(0x70));
    pc.advance(600 * LocalApic::kBusClockNs);
    CHECK(pc.r(TIMER_CURRENT) == 0);
    CHECK(pc.irr(0x70));
    CHECK(pc.apic->acknowledge() == 0x70);
    pc.w(EOI, 0);
    pc.advance(5000 * LocalApic::kBusClockNs);
    CHECK(pc.r(TIMER_CURRENT) == 0);
    CHECK_FALSE(pc.irr(0x70));
}

TEST_CASE("SDM 10.5.4 timer periodic: reloads from the initial count", "[apic]") {
    Pc pc;
    pc.enable();
    pc.w(LVT_TIMER, 0x20071);  // bit 17: periodic
    pc.w(TIMER_DIVIDE, 0x0);   // 0000b: divide by 2
    pc.w(TIMER_INITIAL, 100);
    const uint64_t period = 100 * 2 * LocalApic::kBusClockNs;
    int count = 0;
    for (int k = 0; k < 10; ++k) {
        pc.advance(period);
        if (pc.irr(0x71)) {
            ++count;
            CHECK(pc.apic->acknowledge() == 0x71);
            pc.w(EOI, 0);
        }
    }
    CHECK(count == 10);
    pc.advance(period / 4);
    CHECK(pc.r(TIMER_CURRENT) == 75);
    // Writing the initial count restarts the count (10.5.4).
    pc.w(TIMER_INITIAL, 50);
    CHECK(pc.r(TIMER_CURRENT) == 50);
    pc.w(TIMER_INITIAL, 0);  // zero stops the timer
    pc.advance(10 * period);
    CHECK_FALSE(pc.irr(0x71));
}

TEST_CASE("SDM 10.5.4 Figure 10-10 divide configuration register encodings", "[apic]") {
    const struct { uint32_t tdcr; uint32_t divisor; } table[] = {
        {0x0, 2}, {0x1, 4}, {0x2, 8}, {0x3, 16}, {0x8, 32}, {0x9, 64}, {0xA, 128}, {0xB, 1},
    };
    for (const auto& e : table) {
        Pc pc;
        pc.enable();
        pc.w(TIMER_DIVIDE, e.tdcr);
        CHECK(pc.r(TIMER_DIVIDE) == e.tdcr);
        pc.w(TIMER_INITIAL, 100000);
        pc.advance(uint64_t(e.divisor) * 1000 * LocalApic::kBusClockNs);
        CHECK(pc.r(TIMER_CURRENT) == 99000);
    }
}

TEST_CASE("SDM 10.5.1 a masked timer LVT keeps counting without interrupts", "[apic]") {
    Pc pc;
    pc.enable();
    pc.w(LVT_TIMER, 0x10072);
    pc.w(TIMER_DIVIDE, 0xB);
    pc.w(TIMER_INITIAL, 100);
    pc.advance(50 * LocalApic::kBusClockNs);
    CHECK(pc.r(TIMER_CURRENT) == 50);
    pc.advance(100 * LocalApic::kBusClockNs);
    CHECK_FALSE(pc.irr(0x72));
}

TEST_CASE("SDM 10.5.1 LINT0 ExtINT: the 8259 supplies the vector (virtual wire)", "[apic]") {
    Pc pc;
    // 8259 master at vector 08h (PC/AT initialization), IRQ1 raised.
    pc.m.io().write(0x20, 0x11, 1); pc.m.io().write(0x21, 0x08, 1); pc.m.io().write(0x21, 0x04, 1);
    pc.m.io().write(0x21, 0x01, 1); pc.m.io().write(0x21, 0x00, 1);
    pc.pic->set_irq(1, true);
    CHECK(pc.apic->intr_output());  // power-up: ExtINT works even before software enable
    CHECK(pc.apic->acknowledge() == 0x09);
    CHECK_FALSE(pc.isr(0x09));      // ExtINT bypasses IRR/ISR
    pc.m.io().write(0x20, 0x20, 1);
    pc.pic->set_irq(1, false);
    pc.enable();
    pc.w(LVT_LINT0, 0x10700);  // masked: the 8259's INT no longer reaches the core
    pc.pic->set_irq(1, true);
    CHECK_FALSE(pc.apic->intr_output());
    pc.w(LVT_LINT0, 0x700);
    CHECK(pc.apic->intr_output());
}

TEST_CASE("SDM 10.5.1 LINT0 fixed level-triggered: remote IRR until the EOI", "[apic]") {
    Pc pc;
    pc.enable();
    pc.w(LVT_LINT0, 0x8000 | 0x66);  // fixed, level
    pc.apic->set_lint(0, true);
    CHECK(pc.irr(0x66));
    CHECK(pc.tmr(0x66));
    CHECK((pc.r(LVT_LINT0) & 0x4000) != 0);  // remote IRR
    CHECK(pc.apic->acknowledge() == 0x66);
    pc.w(EOI, 0);
    CHECK(pc.irr(0x66));  // still asserted: accepted again
    CHECK(pc.apic->acknowledge() == 0x66);
    pc.apic->set_lint(0, false);
    pc.w(EOI, 0);
    CHECK((pc.r(LVT_LINT0) & 0x4000) == 0);
    CHECK_FALSE(pc.irr(0x66));
}

TEST_CASE("SDM 10.4.4 IA32_APIC_BASE: relocation, reserved bits, global disable", "[apic]") {
    Pc pc;
    CHECK_FALSE(pc.apic->set_apic_base(0xFEE00901u));      // bit 0 reserved
    CHECK_FALSE(pc.apic->set_apic_base(0x10FEE00900ull));  // bit 36 beyond a P6's 36-bit space
    REQUIRE(pc.apic->set_apic_base(0xFED00900u));
    CHECK(pc.apic->apic_base() == 0xFED00900u);
    CHECK((pc.r(VER, 0xFED00000u) & 0xF0) == 0x10);
    CHECK(pc.r(VER, kBase) == 0xFFFFFFFFu);  // nothing decodes the old page
    // 10.4.3: cleared bit 11 makes the processor one without an APIC; on the P6 (3-wire APIC
    // bus) it cannot be re-enabled until RESET.
    REQUIRE(pc.apic->set_apic_base(0xFED00100u));
    CHECK_FALSE(pc.apic->globally_enabled());
    CHECK(pc.r(VER, 0xFED00000u) == 0xFFFFFFFFu);
    REQUIRE(pc.apic->set_apic_base(0xFEE00900u));
    CHECK_FALSE(pc.apic->globally_enabled());
    // Disabled, the 8259's INT is the INTR pin again.
    pc.m.io().write(0x20, 0x11, 1); pc.m.io().write(0x21, 0x08, 1); pc.m.io().write(0x21, 0x04, 1);
    pc.m.io().write(0x21, 0x01, 1); pc.m.io().write(0x21, 0x00, 1);
    pc.pic->set_irq(3, true);
    CHECK(pc.apic->intr_output());
    CHECK(pc.apic->acknowledge() == 0x0B);
    pc.m.reset();
    CHECK(pc.apic->apic_base() == 0xFEE00900u);
    CHECK((pc.r(VER) & 0xF0) == 0x10);
}

TEST_CASE("SDM 10.4.2 the APIC exists only on the P6 model and with the machine option", "[apic]") {
    MachineConfig c = small();
    c.cpu = CpuModel::pentium;
    Machine pentium(c);
    CHECK(pentium.find_device("apic") == nullptr);
    CHECK(pentium.mmio().read(kBase + VER, 4) == 0xFFFFFFFFu);
    c.cpu = CpuModel::p6;
    c.apic = false;
    Machine off(c);
    CHECK(off.find_device("apic") == nullptr);
    CHECK(off.find_device("ioapic") == nullptr);
}
