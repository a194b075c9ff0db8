// 8042 keyboard controller, PS/2 keyboard and mouse, and port 92h, programmed through their
// ports. Expected values come from the IBM PS/2 Hardware Interface Technical Reference
// ("Keyboard/Auxiliary Device Controller", "Keyboards (101/102-Key)", "Pointing Device",
// "System Control Port A") and the published scan code set 1/2 tables.
#include <catch2/catch.hpp>
#include <vector>
#include "devices/i8042.h"
#include "devices/machine.h"

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

struct Rig {
    Machine m{small()};
    IrqLog irq;
    I8042* kbc = dynamic_cast<I8042*>(m.find_device("i8042"));
    Rig() { m.set_irq_sink(&irq); }
    void out(uint16_t p, uint8_t v) { m.io().write(p, v, 1); }
    uint8_t in(uint16_t p) { return uint8_t(m.io().read(p, 1)); }
    void wait() { m.clock().advance_to(m.clock().now_ns() + 1000000); }
    // Everything the controller has to say, one byte per (waited-for) output buffer fill.
    std::vector<uint8_t> drain() {
        std::vector<uint8_t> r;
        for (;;) {
            wait();
            if (!(in(0x64) & 0x01)) return r;
            r.push_back(in(0x60));
        }
    }
    void set_cmd_byte(uint8_t v) {
        out(0x64, 0x60);
        out(0x60, v);
    }
};

using Bytes = std::vector<uint8_t>;

} // namespace

TEST_CASE("8042 controller commands AAh self-test 55h, ABh/A9h interface tests 00h", "[i8042]") {
    Rig t;
    t.out(0x64, 0xAA);
    CHECK((t.in(0x64) & 0x09) == 0x09);  // OBF, and A2: last write went to the command port
    CHECK(t.in(0x60) == 0x55);
    CHECK((t.in(0x64) & 0x01) == 0x00);
    t.out(0x64, 0xAB);
    CHECK(t.in(0x60) == 0x00);
    t.out(0x64, 0xA9);
    CHECK(t.in(0x60) == 0x00);
}

TEST_CASE("8042 commands 20h/60h: command byte round trip; status bit 2 mirrors SYS", "[i8042]") {
    Rig t;
    t.set_cmd_byte(0x47);
    t.out(0x64, 0x20);
    CHECK(t.in(0x60) == 0x47);
    CHECK((t.in(0x64) & 0x04) == 0x04);
    t.set_cmd_byte(0x43);
    CHECK((t.in(0x64) & 0x04) == 0x00);
    t.out(0x64, 0xAD);  // disable keyboard: command byte bit 4
    t.out(0x64, 0x20);
    CHECK(t.in(0x60) == 0x53);
    t.out(0x64, 0xAE);
    t.out(0x64, 0xA7);  // disable mouse: bit 5
    t.out(0x64, 0x20);
    CHECK(t.in(0x60) == 0x63);
}

TEST_CASE("Keyboard scan code set 2 and the 8042's translation to set 1 (command byte bit 6)", "[i8042]") {
    Rig t;
    t.set_cmd_byte(0x05);          // IRQ1, SYS, no translation
    t.kbc->key_event(0x1E, true);  // 'A': set 1 1Eh is set 2 1Ch
    t.kbc->key_event(0x1E, false);
    CHECK(t.drain() == Bytes{0x1C, 0xF0, 0x1C});
    t.kbc->key_event(0xE04B, true);  // cursor left: set 1 E0 4B, set 2 E0 6B
    t.kbc->key_event(0xE04B, false);
    CHECK(t.drain() == Bytes{0xE0, 0x6B, 0xE0, 0xF0, 0x6B});
    t.set_cmd_byte(0x45);          // translation on
    t.kbc->key_event(0x1E, true);
    t.kbc->key_event(0x1E, false);
    CHECK(t.drain() == Bytes{0x1E, 0x9E});
    t.kbc->key_event(0xE04B, true);
    t.kbc->key_event(0xE04B, false);
    CHECK(t.drain() == Bytes{0xE0, 0x4B, 0xE0, 0xCB});
    CHECK(I8042::translate(0x83) == 0x41);  // F7: set 2 83h is set 1 41h
    CHECK(I8042::translate(0x76) == 0x01);  // Esc
}

TEST_CASE("Keyboard commands FFh reset (FA AA), F2h identify, EEh echo, F0h scan code set", "[i8042]") {
    Rig t;
    t.set_cmd_byte(0x05);
    t.out(0x60, 0xFF);
    CHECK(t.drain() == Bytes{0xFA, 0xAA});
    t.out(0x60, 0xF2);
    CHECK(t.drain() == Bytes{0xFA, 0xAB, 0x83});
    t.set_cmd_byte(0x45);
    t.out(0x60, 0xF2);
    CHECK(t.drain() == Bytes{0xFA, 0xAB, 0x41});  // the ID byte is translated too
    t.set_cmd_byte(0x05);
    t.out(0x60, 0xEE);
    CHECK(t.drain() == Bytes{0xEE});
    t.out(0x60, 0xF0);
    t.out(0x60, 0x00);
    CHECK(t.drain() == Bytes{0xFA, 0xFA, 0x02});
    t.out(0x60, 0xF0);
    t.out(0x60, 0x01);
    CHECK(t.drain() == Bytes{0xFA, 0xFA});
    t.kbc->key_event(0x1E, true);
    t.kbc->key_event(0x1E, false);
    CHECK(t.drain() == Bytes{0x1E, 0x9E});  // set 1 straight from the keyboard
    t.out(0x60, 0xED);
    t.out(0x60, 0x07);
    CHECK(t.drain() == Bytes{0xFA, 0xFA});
    t.out(0x60, 0xF5);                      // disable scanning
    t.kbc->key_event(0x1E, true);
    CHECK(t.drain() == Bytes{0xFA});
    t.out(0x60, 0xF4);
    CHECK(t.drain() == Bytes{0xFA});
    t.out(0x60, 0x01);                      // not a command
    CHECK(t.drain() == Bytes{0xFE});
}

TEST_CASE("IRQ1 follows OBF when command byte bit 0 is set; ADh holds keyboard data back", "[i8042]") {
    Rig t;
    t.set_cmd_byte(0x05);
    t.kbc->key_event(0x1E, true);
    t.wait();
    CHECK(t.irq.line[1]);
    CHECK(t.in(0x60) == 0x1C);
    CHECK_FALSE(t.irq.line[1]);
    t.out(0x64, 0xAD);
    t.kbc->key_event(0x1E, false);
    t.wait();
    CHECK((t.in(0x64) & 0x01) == 0);
    t.out(0x64, 0xAE);
    CHECK(t.drain() == Bytes{0xF0, 0x1C});
    t.out(0x64, 0xD2);  // write keyboard output buffer
    t.out(0x60, 0x42);
    CHECK(t.irq.line[1]);
    CHECK(t.in(0x60) == 0x42);
}

TEST_CASE("Pointing device via D4h: reset FA AA 00, ID, IntelliMouse knock, stream packets", "[i8042]") {
    Rig t;
    t.set_cmd_byte(0x07);  // IRQ1, IRQ12, SYS, both interfaces enabled
    t.out(0x64, 0xD4);
    t.out(0x60, 0xFF);
    t.wait();
    CHECK((t.in(0x64) & 0x21) == 0x21);  // OBF with auxiliary data
    CHECK(t.irq.line[12]);
    CHECK_FALSE(t.irq.line[1]);
    CHECK(t.drain() == Bytes{0xFA, 0xAA, 0x00});
    t.out(0x64, 0xD4);
    t.out(0x60, 0xF2);
    CHECK(t.drain() == Bytes{0xFA, 0x00});
    for (uint8_t rate : {200, 100, 80}) {
        t.out(0x64, 0xD4);
        t.out(0x60, 0xF3);
        t.out(0x64, 0xD4);
        t.out(0x60, rate);
    }
    CHECK(t.drain() == Bytes{0xFA, 0xFA, 0xFA, 0xFA, 0xFA, 0xFA});
    t.out(0x64, 0xD4);
    t.out(0x60, 0xF2);
    CHECK(t.drain() == Bytes{0xFA, 0x03});
    t.out(0x64, 0xD4);
    t.out(0x60, 0xFF);  // back to a standard mouse
    t.drain();
    t.kbc->mouse_event(5, 3, 1);  // no packets before F4h
    CHECK(t.drain().empty());
    t.out(0x64, 0xD4);
    t.out(0x60, 0xF4);
    CHECK(t.drain() == Bytes{0xFA});
    t.kbc->mouse_event(5, -3, 1);  // right 5, up 3, left button
    CHECK(t.drain() == Bytes{0x09, 0x05, 0x03});
    t.kbc->mouse_event(-2, 4, 2);  // left 2, down 4, right button: X and Y sign bits
    CHECK(t.drain() == Bytes{0x3A, 0xFE, 0xFC});
    t.out(0x64, 0xD4);
    t.out(0x60, 0xE9);  // status request: stream, enabled, 1:1; resolution 2; rate 100
    CHECK(t.drain() == Bytes{0xFA, 0x21, 0x02, 100});
}

TEST_CASE("8042 D1h/D0h output port bit 1 and port 92h bit 1 gate A20", "[i8042]") {
    Rig t;
    t.out(0x64, 0xD1);
    t.out(0x60, 0x01);  // A20 off, reset line inactive
    CHECK_FALSE(t.m.memory().a20());
    t.out(0x64, 0xD0);
    CHECK((t.in(0x60) & 0x03) == 0x01);
    t.out(0x64, 0xD1);
    t.out(0x60, 0x03);
    CHECK(t.m.memory().a20());
    t.out(0x92, 0x00);
    CHECK_FALSE(t.m.memory().a20());
    CHECK((t.in(0x92) & 0x02) == 0x00);
    t.out(0x92, 0x02);
    CHECK(t.m.memory().a20());
    CHECK((t.in(0x92) & 0x02) == 0x02);
}

TEST_CASE("8042 command FEh pulses the reset line: the CPU restarts at F000:FFF0", "[i8042]") {
    Rig t;
    t.set_cmd_byte(0x05);
    t.m.cpu().s.eip = 0x1234;
    t.out(0x64, 0xFE);
    CHECK(t.m.cpu().s.eip == 0xFFF0);
    t.out(0x64, 0x20);
    CHECK(t.in(0x60) == 0x05);  // the controller itself was not reset
}
