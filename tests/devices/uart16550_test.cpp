// PC16550D UART programmed through its ports. Expected values come from the National
// Semiconductor PC16550D datasheet (June 1995); section and table numbers are in the test names.
#include <catch2/catch.hpp>
#include <vector>
#include "devices/machine.h"
#include "devices/uart16550.h"

using namespace bw;

namespace {

struct IrqLog : IrqSink {
    bool line[16] = {};
    void set_irq(unsigned irq, bool level) override { line[irq] = level; }
};

MachineConfig small() {
    MachineConfig c;
    c.memory_mb = 1;
    return c;
}

struct Com1 {
    Machine m{small()};
    IrqLog irq;
    Uart16550* u = dynamic_cast<Uart16550*>(m.find_device("com1"));
    std::vector<uint8_t> sent;
    Com1() {
        m.set_irq_sink(&irq);
        u->on_transmit = [this](uint8_t b) { sent.push_back(b); };
    }
    void out(unsigned reg, uint8_t v) { m.io().write(uint16_t(0x3F8 + reg), v, 1); }
    uint8_t in(unsigned reg) { return uint8_t(m.io().read(uint16_t(0x3F8 + reg), 1)); }
    void wait_ns(uint64_t ns) { m.clock().advance_to(m.clock().now_ns() + ns); }
    // 115200 baud (divisor 1), 8 data bits, no parity, 1 stop bit.
    void setup_115200_8n1() {
        out(3, 0x80);
        out(0, 0x01);
        out(1, 0x00);
        out(3, 0x03);
    }
};

// One 8N1 character is 10 bits; at 115200 baud a bit lasts 1/115200 s.
constexpr uint64_t kChar115200 = 10 * 1000000000ull / 115200;

} // namespace

TEST_CASE("PC16550D table IV: reset values of IER, IIR, LCR, MCR, LSR", "[uart]") {
    Com1 t;
    CHECK(t.in(1) == 0x00);
    CHECK(t.in(2) == 0x01);  // no interrupt pending, FIFOs off
    CHECK(t.in(3) == 0x00);
    CHECK(t.in(4) == 0x00);
    CHECK(t.in(5) == 0x60);  // THRE and TEMT
    auto* com2 = dynamic_cast<Uart16550*>(t.m.find_device("com2"));
    REQUIRE(com2 != nullptr);
    CHECK(t.m.io().read(0x2FD, 1) == 0x60);
}

TEST_CASE("PC16550D 8.10/8.5: scratch register and the divisor latch behind DLAB", "[uart]") {
    Com1 t;
    t.out(7, 0x5A);
    CHECK(t.in(7) == 0x5A);
    t.out(3, 0x80);          // DLAB = 1: offsets 0/1 are DLL/DLM
    t.out(0, 0x0C);
    t.out(1, 0x00);
    CHECK(t.in(0) == 0x0C);
    CHECK(t.in(1) == 0x00);
    t.out(3, 0x03);          // DLAB = 0: offset 1 is IER again
    t.out(1, 0x05);
    CHECK(t.in(1) == 0x05);
    t.out(3, 0x80);
    CHECK(t.in(0) == 0x0C);  // IER writes did not touch DLM/DLL
    CHECK(t.in(1) == 0x00);
}

TEST_CASE("PC16550D 8.7 LSR: THRE/TEMT through a transmission timed by the baud rate", "[uart]") {
    Com1 t;
    t.setup_115200_8n1();
    t.out(0, 'A');
    // The THR empties into the transmitter shift register at once; TEMT waits for the stop bit.
    CHECK((t.in(5) & 0x60) == 0x20);
    CHECK(t.sent.empty());
    t.wait_ns(kChar115200 - 1000);
    CHECK(t.sent.empty());
    t.wait_ns(2000);
    REQUIRE(t.sent.size() == 1);
    CHECK(t.sent[0] == 'A');
    CHECK((t.in(5) & 0x60) == 0x60);
}

TEST_CASE("PC16550D 8.6 MCR loopback: TX feeds RX, modem outputs feed MSR inputs", "[uart]") {
    Com1 t;
    t.setup_115200_8n1();
    t.out(4, 0x10 | 0x01);  // loopback + DTR
    CHECK((t.in(6) & 0xF0) == 0x20);  // DTR -> DSR only
    t.out(4, 0x1F);                    // DTR RTS OUT1 OUT2 -> DSR CTS RI DCD
    CHECK((t.in(6) & 0xF0) == 0xF0);
    t.out(0, 0x55);
    t.wait_ns(kChar115200 + 1000);
    CHECK(t.sent.empty());           // nothing leaves the chip in loopback
    CHECK((t.in(5) & 0x01) == 0x01); // DR
    CHECK(t.in(0) == 0x55);
    CHECK((t.in(5) & 0x01) == 0x00);
}

TEST_CASE("PC16550D 8.6 MSR: delta bits, TERI on RI trailing edge, cleared by reading", "[uart]") {
    Com1 t;
    t.out(4, 0x10);
    t.in(6);                    // clear deltas from entering loopback
    t.out(4, 0x10 | 0x04);      // OUT1 -> RI rises: no TERI yet
    CHECK((t.in(6) & 0x0F) == 0x00);
    t.out(4, 0x10);             // RI falls: TERI
    CHECK((t.in(6) & 0x0F) == 0x04);
    CHECK((t.in(6) & 0x0F) == 0x00);
    t.out(4, 0x10 | 0x02);      // RTS -> CTS: DCTS
    CHECK((t.in(6) & 0x1F) == 0x11);
}

TEST_CASE("PC16550D table V: IIR priority line status > RX data > THRE > modem status", "[uart]") {
    Com1 t;
    t.setup_115200_8n1();
    t.out(4, 0x10);
    t.in(6);
    t.out(1, 0x0F);           // all four interrupt sources
    CHECK(t.in(2) == 0x02);   // ETBEI with an empty THR raises THRE at once
    // Two characters into a 16450-mode receiver without reading: overrun.
    t.out(0, 0x11);
    t.wait_ns(kChar115200 + 1000);
    t.out(0, 0x22);
    t.wait_ns(kChar115200 + 1000);
    t.out(4, 0x10 | 0x02);    // and a modem status change (CTS)
    CHECK(t.in(2) == 0x06);   // receiver line status first
    CHECK((t.in(5) & 0x03) == 0x03);  // OE and DR; reading LSR clears OE
    CHECK(t.in(2) == 0x04);   // received data available
    CHECK(t.in(0) == 0x22);   // 16450 mode: the overrun overwrote the holding register
    CHECK(t.in(2) == 0x02);   // THRE; reading IIR clears it
    CHECK(t.in(2) == 0x00);   // modem status
    t.in(6);
    CHECK(t.in(2) == 0x01);
}

TEST_CASE("PC16550D 8.4 FCR: FIFO enable bits in IIR, trigger level and character timeout", "[uart]") {
    Com1 t;
    t.setup_115200_8n1();
    t.out(2, 0x41);  // FIFO on, trigger level 4
    t.out(1, 0x01);  // received-data interrupts only
    CHECK(t.in(2) == 0xC1);
    t.out(4, 0x10);
    for (uint8_t b = 1; b <= 3; ++b) t.out(0, b);
    t.wait_ns(3 * kChar115200 + 1000);
    CHECK((t.in(5) & 1) == 1);
    CHECK(t.in(2) == 0xC1);  // 3 < trigger level 4, and no timeout yet
    t.wait_ns(4 * kChar115200 + 1000);
    CHECK(t.in(2) == 0xCC);  // character timeout after 4 character times
    CHECK(t.in(0) == 1);     // reading the FIFO clears the timeout indication
    CHECK(t.in(2) == 0xC1);
    t.in(0);
    t.in(0);
    for (uint8_t b = 4; b <= 7; ++b) t.out(0, b);
    t.wait_ns(4 * kChar115200 + 1000);
    CHECK(t.in(2) == 0xC4);  // 4 characters reach the trigger level
    t.out(2, 0x43);          // clear the receive FIFO
    CHECK((t.in(5) & 1) == 0);
    CHECK(t.in(2) == 0xC1);
}

TEST_CASE("PC/AT wiring: MCR OUT2 gates the UART interrupt onto IRQ4", "[uart]") {
    Com1 t;
    t.out(1, 0x02);  // THRE interrupt: pending at once
    CHECK(t.in(2) == 0x02);
    CHECK_FALSE(t.irq.line[4]);
    t.out(1, 0x00);
    t.out(1, 0x02);
    t.out(4, 0x08);  // OUT2
    CHECK(t.irq.line[4]);
    t.in(2);         // IIR read acknowledges THRE
    CHECK_FALSE(t.irq.line[4]);
}

TEST_CASE("Host input enters the receiver one character time apart", "[uart]") {
    Com1 t;
    t.setup_115200_8n1();
    t.out(2, 0x01);
    t.u->receive_byte('x');
    t.u->receive_byte('y');
    CHECK((t.in(5) & 1) == 1);
    CHECK(t.in(0) == 'x');
    CHECK((t.in(5) & 1) == 0);
    t.wait_ns(kChar115200 + 1000);
    CHECK(t.in(0) == 'y');
}
