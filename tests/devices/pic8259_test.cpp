// 8259A PIC pair, programmed through its ports. Expected values come from the Intel 8259A
// datasheet (231468); section names are quoted in the test names.
#include <catch2/catch.hpp>
#include "devices/machine.h"
#include "devices/pic8259.h"

using namespace bw;

namespace {

MachineConfig small() {
    MachineConfig c;
    c.memory_mb = 1;
    return c;
}

struct Pc {
    Machine m{small()};
    Pic8259* pic = dynamic_cast<Pic8259*>(m.find_device("pic"));

    void out(uint16_t port, uint8_t v) { m.io().write(port, v, 1); }
    uint8_t in(uint16_t port) { return uint8_t(m.io().read(port, 1)); }

    // The PC/AT initialization: edge triggered, cascade, ICW4; vectors 08h and 70h.
    void init(uint8_t icw4 = 0x01) {
        out(0x20, 0x11); out(0x21, 0x08); out(0x21, 0x04); out(0x21, icw4);
        out(0xA0, 0x11); out(0xA1, 0x70); out(0xA1, 0x02); out(0xA1, icw4);
        out(0x21, 0x00); out(0xA1, 0x00);
    }
    uint8_t master_isr() { out(0x20, 0x0B); return in(0x20); }
    uint8_t master_irr() { out(0x20, 0x0A); return in(0x20); }
    uint8_t slave_isr() { out(0xA0, 0x0B); return in(0xA0); }
    void raise(unsigned irq) { pic->set_irq(irq, true); }
    void lower(unsigned irq) { pic->set_irq(irq, false); }
    void eoi() { out(0x20, 0x20); }
};

} // namespace

TEST_CASE("8259A Interrupt Sequence: INTA sets ISR, resets IRR and returns ICW2 T7-T3 + IR", "[pic]") {
    Pc pc;
    REQUIRE(pc.pic);
    pc.init();
    CHECK_FALSE(pc.pic->int_output());
    pc.raise(0);
    CHECK(pc.master_irr() == 0x01);
    CHECK(pc.pic->int_output());
    CHECK(pc.pic->acknowledge() == 0x08);
    CHECK(pc.master_isr() == 0x01);
    CHECK(pc.master_irr() == 0x00);
    CHECK_FALSE(pc.pic->int_output());
    pc.eoi();
    CHECK(pc.master_isr() == 0x00);
}

TEST_CASE("8259A Fully Nested Mode: IR0 highest, higher levels nest, lower wait for EOI", "[pic]") {
    Pc pc;
    pc.init();
    pc.raise(3);
    pc.raise(1);
    CHECK(pc.pic->acknowledge() == 0x09);  // IR1 beats IR3
    CHECK_FALSE(pc.pic->int_output());     // IR3 is lower than the in-service IR1
    pc.raise(0);
    CHECK(pc.pic->int_output());           // IR0 is higher: nests
    CHECK(pc.pic->acknowledge() == 0x08);
    CHECK(pc.master_isr() == 0x03);
    pc.eoi();                              // non-specific EOI resets the highest ISR bit (IR0)
    CHECK(pc.master_isr() == 0x02);
    CHECK_FALSE(pc.pic->int_output());
    pc.eoi();
    CHECK(pc.pic->int_output());
    CHECK(pc.pic->acknowledge() == 0x0B);
}

TEST_CASE("8259A OCW2 Specific EOI resets only the named ISR bit", "[pic]") {
    Pc pc;
    pc.init();
    pc.raise(5);
    CHECK(pc.pic->acknowledge() == 0x0D);
    pc.raise(1);
    CHECK(pc.pic->acknowledge() == 0x09);
    pc.out(0x20, 0x60 | 5);  // specific EOI for IR5 while IR1 is also in service
    CHECK(pc.master_isr() == 0x02);
}

TEST_CASE("8259A OCW1 masks requests; IMR reads back on the odd port", "[pic]") {
    Pc pc;
    pc.init();
    pc.out(0x21, 0x10);
    CHECK(pc.in(0x21) == 0x10);
    pc.raise(4);
    CHECK(pc.master_irr() == 0x10);  // IRR still records the masked request
    CHECK_FALSE(pc.pic->int_output());
    pc.out(0x21, 0x00);
    CHECK(pc.pic->int_output());
    CHECK(pc.pic->acknowledge() == 0x0C);
}

TEST_CASE("8259A Edge Triggered Mode: a held input interrupts once; level mode (ELCR) again", "[pic]") {
    Pc pc;
    pc.init();
    pc.raise(10);  // slave IR2
    CHECK(pc.pic->acknowledge() == 0x72);
    pc.out(0xA0, 0x20);
    pc.eoi();
    CHECK_FALSE(pc.pic->int_output());  // still high, but no new rising edge
    pc.lower(10);
    pc.raise(10);
    CHECK(pc.pic->int_output());
    CHECK(pc.pic->acknowledge() == 0x72);
    pc.out(0xA0, 0x20);
    pc.eoi();

    pc.out(0x4D1, 0x04);  // ELCR: IRQ10 level-sensitive
    CHECK(pc.in(0x4D1) == 0x04);
    CHECK(pc.pic->int_output());  // the line is high: level mode requests again
    CHECK(pc.pic->acknowledge() == 0x72);
    pc.out(0xA0, 0x20);
    pc.eoi();
    CHECK(pc.pic->int_output());
    pc.lower(10);
    CHECK_FALSE(pc.pic->int_output());
}

TEST_CASE("8259A ELCR: IRQ0, 1, 2, 8 and 13 cannot be made level-sensitive", "[pic]") {
    Pc pc;
    pc.out(0x4D0, 0xFF);
    pc.out(0x4D1, 0xFF);
    CHECK(pc.in(0x4D0) == 0xF8);
    CHECK(pc.in(0x4D1) == 0xDE);
}

TEST_CASE("8259A Edge and Level Triggered Modes: a request removed before INTA gives IR7", "[pic]") {
    Pc pc;
    pc.init();
    pc.raise(4);
    CHECK(pc.pic->int_output());
    pc.lower(4);  // the CPU already saw INTR; the request goes away before INTA
    CHECK(pc.pic->acknowledge() == 0x0F);
    CHECK(pc.master_isr() == 0x00);  // a spurious IR7 sets no ISR bit
}

TEST_CASE("8259A Cascade Mode: the slave supplies the vector, both ISRs record it", "[pic]") {
    Pc pc;
    pc.init();
    pc.raise(14);
    CHECK(pc.pic->int_output());
    CHECK(pc.master_irr() == 0x04);
    CHECK(pc.pic->acknowledge() == 0x76);
    CHECK(pc.master_isr() == 0x04);
    CHECK(pc.slave_isr() == 0x40);
    pc.out(0xA0, 0x20);
    pc.eoi();
    CHECK(pc.master_isr() == 0x00);
    CHECK(pc.slave_isr() == 0x00);
}

TEST_CASE("8259A Automatic End of Interrupt: no ISR bit is left set", "[pic]") {
    Pc pc;
    pc.init(0x03);  // ICW4: 8086 mode, AEOI
    pc.raise(1);
    CHECK(pc.pic->acknowledge() == 0x09);
    CHECK(pc.master_isr() == 0x00);
    pc.raise(3);  // a lower level is not blocked: nothing is in service
    CHECK(pc.pic->acknowledge() == 0x0B);
}

TEST_CASE("8259A Automatic Rotation: rotate on non-specific EOI makes the served IR lowest", "[pic]") {
    Pc pc;
    pc.init();
    pc.raise(1);
    CHECK(pc.pic->acknowledge() == 0x09);
    pc.out(0x20, 0xA0);  // rotate on non-specific EOI: IR1 becomes lowest, IR2 highest
    pc.lower(1);
    pc.raise(1);
    pc.raise(3);
    CHECK(pc.pic->acknowledge() == 0x0B);  // IR3 now beats IR1
}

TEST_CASE("8259A Specific Rotation: set priority command makes IR L the lowest", "[pic]") {
    Pc pc;
    pc.init();
    pc.out(0x20, 0xC0 | 3);  // IR3 lowest, so the order is 4,5,6,7,0,1,2,3
    pc.raise(1);
    pc.raise(5);
    CHECK(pc.pic->acknowledge() == 0x0D);
    CHECK_FALSE(pc.pic->int_output());  // IR1 is now below the in-service IR5
    pc.eoi();
    CHECK(pc.pic->acknowledge() == 0x09);
}

TEST_CASE("8259A Special Mask Mode: masking the in-service level enables lower levels", "[pic]") {
    Pc pc;
    pc.init();
    pc.raise(3);
    CHECK(pc.pic->acknowledge() == 0x0B);
    pc.raise(5);
    CHECK_FALSE(pc.pic->int_output());  // fully nested: IR5 waits
    pc.out(0x21, 0x08);                 // mask IR3 ...
    pc.out(0x20, 0x68);                 // ... and set special mask mode (OCW3 ESMM=1 SMM=1)
    CHECK(pc.pic->int_output());
    CHECK(pc.pic->acknowledge() == 0x0D);
    pc.out(0x20, 0x48);  // reset special mask mode
    pc.out(0x21, 0x00);
    CHECK(pc.master_isr() == 0x28);
}

TEST_CASE("8259A The Poll Command: the next read returns I and W2-W0 and acts as INTA", "[pic]") {
    Pc pc;
    pc.init();
    pc.raise(6);
    pc.raise(7);
    pc.out(0x20, 0x0C);  // OCW3 with P=1
    CHECK(pc.in(0x20) == 0x86);
    CHECK(pc.master_isr() == 0x40);  // the poll read set the IS bit like an INTA
    pc.eoi();
    pc.out(0x20, 0x0C);
    CHECK(pc.in(0x20) == 0x87);
    pc.eoi();
    pc.out(0x20, 0x0C);
    CHECK(pc.in(0x20) == 0x00);  // I = 0: nothing requesting
    CHECK(pc.master_irr() == 0x00);  // the poll is one-shot: this read returns IRR
}
