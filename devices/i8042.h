// Intel 8042 keyboard controller of the PC/AT with a PS/2 keyboard (IRQ1) and a PS/2 mouse
// (IRQ12) behind it: data port 0x60, status/command port 0x64. References: IBM PS/2 Hardware
// Interface Technical Reference, "Keyboard/Auxiliary Device Controller" (controller commands,
// status and command byte) and "Keyboards" / "Pointing Device" (device commands, scan codes).
#pragma once
#include <cstdint>
#include <deque>
#include "devices/machine.h"

namespace bw {

class I8042 : public Device, public IoDevice {
public:
    explicit I8042(Machine& m);
    const char* name() const override { return "i8042"; }
    void reset() override;
    uint32_t io_read(uint16_t port, unsigned size) override;
    void io_write(uint16_t port, uint32_t value, unsigned size) override;
    // For the debugger's `info kbd`: command byte, status, output buffer, queues, device states.
    void debug_info(std::ostream& out) const override;

    // Host input. `set1_code` is a scan code set 1 make code, 0xE0xx for extended keys (0xE1xx
    // for the two halves of Pause's sequence); the keyboard sends it in its current scan code
    // set (set 2 by default), and the controller translates set 2 back to set 1 when command
    // byte bit 6 asks for it, as the real pair does.
    void key_event(uint16_t set1_code, bool pressed);
    // Relative motion in screen directions (dy > 0 moves down); buttons bit 0 left, 1 right,
    // 2 middle.
    void mouse_event(int dx, int dy, int buttons);

    // Set 2 -> set 1 translation of the controller (PS/2 reference, "Scan Code Translation").
    static uint8_t translate(uint8_t set2);

    // Virtual time for one byte to travel over the keyboard/mouse serial link.
    static constexpr uint64_t kByteNs = 100000;

private:
    static void pump_timer(void* ctx, uint64_t now);
    void pump();
    void put_output(uint8_t v, bool aux);
    void update_irq();
    void controller_command(uint8_t cmd);
    void controller_data(uint8_t v);
    void set_output_port(uint8_t v);
    void kbd_command(uint8_t v);
    void kbd_send(uint8_t v);
    void kbd_defaults();
    void mouse_command(uint8_t v);
    void mouse_send(uint8_t v) { aux_q_.push_back(v); pump(); }
    void mouse_defaults();
    void mouse_packet();

    Machine& m_;
    int timer_;
    bool keep_state_ = false;  // a reset this controller caused leaves the controller alone

    // Controller.
    uint8_t cmd_byte_ = 0x45;  // IRQ1 on, SYS, translation (the state the BIOS leaves)
    uint8_t out_buf_ = 0;
    bool obf_ = false, out_aux_ = false, last_was_cmd_ = false;
    bool irq1_ = false, irq12_ = false;
    uint8_t pending_ = 0;      // controller command waiting for its data byte
    uint8_t out_port_ = 0x03;  // bit 0: reset (inactive high), bit 1: A20
    std::deque<uint8_t> ctl_q_, kbd_q_, aux_q_;
    bool translate_f0_ = false;  // a set-2 F0 prefix was swallowed: set bit 7 on the next code

    // Keyboard.
    bool kbd_scanning_ = true;
    uint8_t kbd_set_ = 2, kbd_expect_ = 0, kbd_last_ = 0;

    // Mouse.
    bool mouse_enabled_ = false, mouse_remote_ = false, mouse_wrap_ = false, mouse_scale21_ = false;
    uint8_t mouse_rate_ = 100, mouse_res_ = 2, mouse_expect_ = 0, mouse_id_ = 0, mouse_last_ = 0;
    uint8_t rate_hist_[3] = {};
    int mouse_dx_ = 0, mouse_dy_ = 0, mouse_buttons_ = 0;
};

} // namespace bw
