#include "devices/i8042.h"
#include <algorithm>
#include <cstdio>
#include <ostream>

namespace bw {

namespace {
// Status register bits.
constexpr uint8_t kOBF = 0x01, kA2 = 0x08, kUnlocked = 0x10, kAuxOBF = 0x20;
// Command byte bits.
constexpr uint8_t kKbdInt = 0x01, kAuxInt = 0x02, kSys = 0x04, kKbdOff = 0x10, kAuxOff = 0x20, kXlate = 0x40;
constexpr uint8_t kAck = 0xFA, kResend = 0xFE, kBatOk = 0xAA;

// The controller's set 2 -> set 1 translation for codes 00h-8Fh; 90h-FFh pass unchanged.
const uint8_t kXlateTable[0x90] = {
    0xff, 0x43, 0x41, 0x3f, 0x3d, 0x3b, 0x3c, 0x58, 0x64, 0x44, 0x42, 0x40, 0x3e, 0x0f, 0x29, 0x59,
    0x65, 0x38, 0x2a, 0x70, 0x1d, 0x10, 0x02, 0x5a, 0x66, 0x71, 0x2c, 0x1f, 0x1e, 0x11, 0x03, 0x5b,
    0x67, 0x2e, 0x2d, 0x20, 0x12, 0x05, 0x04, 0x5c, 0x68, 0x39, 0x2f, 0x21, 0x14, 0x13, 0x06, 0x5d,
    0x69, 0x31, 0x30, 0x23, 0x22, 0x15, 0x07, 0x5e, 0x6a, 0x72, 0x32, 0x24, 0x16, 0x08, 0x09, 0x5f,
    0x6b, 0x33, 0x25, 0x17, 0x18, 0x0b, 0x0a, 0x60, 0x6c, 0x34, 0x35, 0x26, 0x27, 0x19, 0x0c, 0x61,
    0x6d, 0x73, 0x28, 0x74, 0x1a, 0x0d, 0x62, 0x6e, 0x3a, 0x36, 0x1c, 0x1b, 0x75, 0x2b, 0x63, 0x76,
    0x55, 0x56, 0x77, 0x78, 0x79, 0x7a, 0x0e, 0x7b, 0x7c, 0x4f, 0x7d, 0x4b, 0x47, 0x7e, 0x7f, 0x6f,
    0x52, 0x53, 0x50, 0x4c, 0x4d, 0x48, 0x01, 0x45, 0x57, 0x4e, 0x51, 0x4a, 0x37, 0x49, 0x46, 0x54,
    0x80, 0x81, 0x82, 0x41, 0x54, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f,
};

// Set 1 -> set 2: the inverse of the translation, preferring the codes real keyboards send
// (F7 is 83h and Alt+SysRq 84h in set 2).
struct Set1To2 {
    uint8_t map[0x80] = {};
    Set1To2() {
        for (int s2 = 0x8F; s2 >= 1; --s2)
            if (kXlateTable[s2] < 0x80 && s2 != 0x02 && s2 != 0x7F) map[kXlateTable[s2]] = uint8_t(s2);
    }
};
const Set1To2 kSet1To2;
}  // namespace

uint8_t I8042::translate(uint8_t set2) { return set2 < 0x90 ? kXlateTable[set2] : set2; }

I8042::I8042(Machine& m) : m_(m) {
    m.io().register_ports(0x60, 1, this);
    m.io().register_ports(0x64, 1, this);
    timer_ = m.clock().add_timer(&I8042::pump_timer, this);
    reset();
}

void I8042::reset() {
    // A reset the controller pulsed itself (0xD1/0xFx) resets the CPU, not the 8042.
    if (keep_state_) {
        keep_state_ = false;
        return;
    }
    m_.clock().disarm(timer_);
    cmd_byte_ = 0x45;
    obf_ = out_aux_ = last_was_cmd_ = translate_f0_ = false;
    pending_ = 0;
    ctl_q_.clear(), kbd_q_.clear(), aux_q_.clear();
    if (!(out_port_ & 0x02) || !m_.memory().a20()) {
        m_.memory().set_a20(true);
        m_.cpu().flush_tlb();
    }
    out_port_ = 0x03;
    kbd_defaults();
    kbd_scanning_ = true;
    kbd_expect_ = 0;
    mouse_defaults();
    mouse_expect_ = 0, mouse_id_ = 0, mouse_wrap_ = false;
    update_irq();
}

void I8042::kbd_defaults() { kbd_set_ = 2; }

void I8042::mouse_defaults() {
    mouse_enabled_ = mouse_remote_ = mouse_scale21_ = false;
    mouse_rate_ = 100, mouse_res_ = 2;
    mouse_dx_ = mouse_dy_ = 0;
}

// IRQ1/IRQ12 follow OBF for keyboard/auxiliary data when the command byte enables them.
void I8042::update_irq() {
    bool l1 = obf_ && !out_aux_ && (cmd_byte_ & kKbdInt);
    bool l12 = obf_ && out_aux_ && (cmd_byte_ & kAuxInt);
    IrqSink* s = m_.irq();
    if (s && l1 != irq1_) s->set_irq(1, l1);
    if (s && l12 != irq12_) s->set_irq(12, l12);
    irq1_ = l1, irq12_ = l12;
}

void I8042::put_output(uint8_t v, bool aux) {
    out_buf_ = v;
    obf_ = true;
    out_aux_ = aux;
    update_irq();
}

// Fills an empty output buffer: controller replies at once, device bytes after the serial
// transfer time, and only while that interface's clock is enabled in the command byte.
void I8042::pump() {
    if (obf_) return;
    if (!ctl_q_.empty()) {
        uint8_t v = ctl_q_.front();
        ctl_q_.pop_front();
        return put_output(v, false);
    }
    bool kbd = !kbd_q_.empty() && !(cmd_byte_ & kKbdOff);
    bool aux = !aux_q_.empty() && !(cmd_byte_ & kAuxOff);
    if ((kbd || aux) && !m_.clock().armed(timer_)) m_.clock().arm(timer_, m_.clock().now_ns() + kByteNs);
}

void I8042::pump_timer(void* ctx, uint64_t) {
    auto* k = static_cast<I8042*>(ctx);
    if (k->obf_) return;
    while (!k->kbd_q_.empty() && !(k->cmd_byte_ & kKbdOff)) {
        uint8_t v = k->kbd_q_.front();
        k->kbd_q_.pop_front();
        if (k->cmd_byte_ & kXlate) {
            // Translation swallows the set-2 break prefix F0 and sets bit 7 of the next code.
            if (v == 0xF0) {
                k->translate_f0_ = true;
                continue;
            }
            v = uint8_t(translate(v) | (k->translate_f0_ ? 0x80 : 0));
            k->translate_f0_ = false;
        }
        k->put_output(v, false);
        return k->pump();
    }
    if (!k->aux_q_.empty() && !(k->cmd_byte_ & kAuxOff)) {
        uint8_t v = k->aux_q_.front();
        k->aux_q_.pop_front();
        k->put_output(v, true);
    }
    k->pump();
}

uint32_t I8042::io_read(uint16_t port, unsigned) {
    if (port == 0x64) {
        uint8_t st = kUnlocked | (cmd_byte_ & kSys);
        if (obf_) st |= kOBF | (out_aux_ ? kAuxOBF : 0);
        if (last_was_cmd_) st |= kA2;
        return st;  // IBF is always clear: input is processed at once
    }
    uint8_t v = out_buf_;
    if (obf_) {
        obf_ = false;
        update_irq();
        pump();
    }
    return v;
}

void I8042::io_write(uint16_t port, uint32_t value, unsigned) {
    uint8_t v = uint8_t(value);
    if (port == 0x64) {
        last_was_cmd_ = true;
        pending_ = 0;
        return controller_command(v);
    }
    last_was_cmd_ = false;
    if (pending_) return controller_data(v);
    kbd_command(v);
}

void I8042::controller_command(uint8_t c) {
    if (c >= 0x20 && c <= 0x3F) {  // read controller RAM; byte 0 is the command byte
        ctl_q_.push_back(c == 0x20 ? cmd_byte_ : 0);
    } else if ((c >= 0x60 && c <= 0x7F) || (c >= 0xD1 && c <= 0xD4)) {
        pending_ = c;  // the data byte follows on port 60h
    } else {
        switch (c) {
        case 0xA7: cmd_byte_ |= kAuxOff; break;
        case 0xA8: cmd_byte_ &= uint8_t(~kAuxOff); break;
        case 0xA9: case 0xAB: ctl_q_.push_back(0x00); break;  // interface test: no error
        case 0xAA: ctl_q_.push_back(0x55); break;             // self-test passed
        case 0xAD: cmd_byte_ |= kKbdOff; break;
        case 0xAE: cmd_byte_ &= uint8_t(~kKbdOff); break;
        case 0xC0: ctl_q_.push_back(0xA0); break;  // input port: keyboard not inhibited
        case 0xD0: {
            uint8_t op = uint8_t(out_port_ & 0x03);
            if (obf_ && !out_aux_) op |= 0x10;
            if (obf_ && out_aux_) op |= 0x20;
            ctl_q_.push_back(op);
            break;
        }
        case 0xDD: set_output_port(uint8_t(out_port_ & ~0x02)); break;
        case 0xDF: set_output_port(uint8_t(out_port_ | 0x02)); break;
        case 0xE0: ctl_q_.push_back(0x00); break;
        default:
            // F0-FF pulse output port bits 3-0 low for 6 us; bit 0 is the CPU reset line.
            if (c >= 0xF0 && !(c & 1)) {
                keep_state_ = true;
                m_.reset();
                return;
            }
        }
    }
    pump();
}

void I8042::controller_data(uint8_t v) {
    uint8_t p = pending_;
    pending_ = 0;
    switch (p) {
    case 0x60:
        cmd_byte_ = v;
        update_irq();
        break;
    case 0xD1: set_output_port(v); return;
    case 0xD2: ctl_q_.push_back(v); break;  // as if from the keyboard (IRQ1)
    case 0xD3:                               // as if from the mouse (IRQ12)
        if (!obf_) put_output(v, true);
        else aux_q_.push_front(v);
        break;
    case 0xD4: mouse_command(v); return;
    }
    pump();
}

// Output port: bit 1 gates A20, bit 0 low resets the CPU.
void I8042::set_output_port(uint8_t v) {
    bool a20 = v & 0x02;
    out_port_ = uint8_t(v | 0x01);
    if (a20 != m_.memory().a20()) {
        m_.memory().set_a20(a20);
        m_.cpu().flush_tlb();
    }
    if (!(v & 0x01)) {
        keep_state_ = true;
        m_.reset();
    }
}

// ---- PS/2 keyboard ----

void I8042::kbd_send(uint8_t v) {
    if (v != kResend) kbd_last_ = v;
    kbd_q_.push_back(v);
    pump();
}

void I8042::kbd_command(uint8_t v) {
    if (kbd_expect_) {
        uint8_t e = kbd_expect_;
        kbd_expect_ = 0;
        if (e == 0xF0) {
            if (v == 0) {  // query: report the current set
                kbd_send(kAck);
                kbd_send(kbd_set_);
                return;
            }
            if (v > 3) return kbd_send(kResend);
            kbd_set_ = v;
        }
        return kbd_send(kAck);  // ED LED state / F3 typematic rate accepted
    }
    switch (v) {
    case 0xED: case 0xF3: case 0xF0:
        kbd_expect_ = v;
        return kbd_send(kAck);
    case 0xEE: return kbd_send(0xEE);  // echo
    case 0xF2:                         // identify: MF2 keyboard
        kbd_send(kAck);
        kbd_send(0xAB);
        return kbd_send(0x83);
    case 0xF4:
        kbd_q_.clear();
        kbd_scanning_ = true;
        return kbd_send(kAck);
    case 0xF5:
        kbd_q_.clear();
        kbd_defaults();
        kbd_scanning_ = false;
        return kbd_send(kAck);
    case 0xF6:
        kbd_q_.clear();
        kbd_defaults();
        return kbd_send(kAck);
    case 0xFE: return kbd_send(kbd_last_);
    case 0xFF:  // reset: ACK, then the basic assurance test result
        kbd_q_.clear();
        kbd_defaults();
        kbd_scanning_ = true;
        kbd_send(kAck);
        return kbd_send(kBatOk);
    default:
        if (v >= 0xF7 && v <= 0xFD) return kbd_send(kAck);  // set-3 key type commands
        return kbd_send(kResend);
    }
}

void I8042::key_event(uint16_t set1_code, bool pressed) {
    if (!kbd_scanning_ || kbd_q_.size() > 16) return;  // the keyboard's buffer is full
    // E0 marks the extended keys; E1 is only used by Pause (E1 1D 45 E1 9D C5 in set 1, E1 14 77
    // E1 F0 14 F0 77 in set 2), which the front end sends as two E1-prefixed key events.
    const uint8_t prefix = uint8_t(set1_code >> 8);
    bool ext = prefix == 0xE0 || prefix == 0xE1;
    uint8_t c1 = set1_code & 0x7F;
    if (ext) kbd_q_.push_back(prefix);
    if (kbd_set_ == 1) {
        kbd_q_.push_back(uint8_t(c1 | (pressed ? 0 : 0x80)));
    } else {  // set 2 (set 3 is sent as set 2)
        uint8_t c2 = kSet1To2.map[c1];
        if (!c2) {
            if (ext) kbd_q_.pop_back();
            return;
        }
        if (!pressed) kbd_q_.push_back(0xF0);
        kbd_q_.push_back(c2);
    }
    pump();
}

// ---- PS/2 mouse ----

void I8042::mouse_command(uint8_t v) {
    if (mouse_wrap_ && v != 0xEC && v != 0xFF) return mouse_send(v);  // wrap mode echoes
    if (mouse_expect_) {
        uint8_t e = mouse_expect_;
        mouse_expect_ = 0;
        if (e == 0xF3) {
            mouse_rate_ = v;
            // The IntelliMouse knock: rates 200, 100, 80 switch the ID to 3 (wheel packets).
            rate_hist_[0] = rate_hist_[1], rate_hist_[1] = rate_hist_[2], rate_hist_[2] = v;
            if (rate_hist_[0] == 200 && rate_hist_[1] == 100 && rate_hist_[2] == 80) mouse_id_ = 3;
        } else {
            mouse_res_ = v & 3;
        }
        return mouse_send(kAck);
    }
    switch (v) {
    case 0xFF:
        aux_q_.clear();
        mouse_defaults();
        mouse_id_ = 0, mouse_wrap_ = false;
        mouse_send(kAck);
        mouse_send(kBatOk);
        return mouse_send(0x00);
    case 0xFE: return mouse_send(mouse_last_);
    case 0xF6: mouse_defaults(); return mouse_send(kAck);
    case 0xF5: mouse_enabled_ = false; return mouse_send(kAck);
    case 0xF4:
        mouse_enabled_ = true;
        mouse_dx_ = mouse_dy_ = 0;  // enabling starts from clear movement counters
        return mouse_send(kAck);
    case 0xF3: case 0xE8: mouse_expect_ = v; return mouse_send(kAck);
    case 0xF2: mouse_send(kAck); return mouse_send(mouse_id_);
    case 0xF0: mouse_remote_ = true; return mouse_send(kAck);
    case 0xEE: mouse_wrap_ = true; return mouse_send(kAck);
    case 0xEC: mouse_wrap_ = false; return mouse_send(kAck);
    case 0xEB: mouse_send(kAck); return mouse_packet();  // read data (remote mode)
    case 0xEA: mouse_remote_ = false; return mouse_send(kAck);
    case 0xE9: {  // status request: mode/enable/scaling/buttons, resolution, sample rate
        uint8_t b = uint8_t((mouse_remote_ ? 0x40 : 0) | (mouse_enabled_ ? 0x20 : 0) | (mouse_scale21_ ? 0x10 : 0));
        b |= uint8_t(((mouse_buttons_ & 1) << 2) | ((mouse_buttons_ & 4) >> 1) | ((mouse_buttons_ & 2) >> 1));
        mouse_send(kAck);
        mouse_send(b);
        mouse_send(mouse_res_);
        return mouse_send(mouse_rate_);
    }
    case 0xE7: mouse_scale21_ = true; return mouse_send(kAck);
    case 0xE6: mouse_scale21_ = false; return mouse_send(kAck);
    default: return mouse_send(kResend);
    }
}

// A movement data packet (PS/2 reference, "Data Report"): 9-bit two's-complement X/Y with
// sign and overflow bits in byte 0; bit 3 of byte 0 is always 1.
void I8042::mouse_packet() {
    int dx = mouse_dx_, dy = mouse_dy_;
    bool ox = dx < -256 || dx > 255, oy = dy < -256 || dy > 255;
    dx = std::clamp(dx, -256, 255), dy = std::clamp(dy, -256, 255);
    uint8_t b0 = uint8_t(0x08 | (mouse_buttons_ & 7) | (dx < 0 ? 0x10 : 0) | (dy < 0 ? 0x20 : 0) |
                         (ox ? 0x40 : 0) | (oy ? 0x80 : 0));
    aux_q_.push_back(b0);
    aux_q_.push_back(uint8_t(dx));
    aux_q_.push_back(uint8_t(dy));
    if (mouse_id_ == 3) aux_q_.push_back(0);  // no wheel motion
    mouse_last_ = uint8_t(dy);
    mouse_dx_ = mouse_dy_ = 0;
    pump();
}

void I8042::mouse_event(int dx, int dy, int buttons) {
    mouse_buttons_ = buttons & 7;
    if (!mouse_remote_ && !mouse_enabled_) return;  // stream mode, reporting off: nothing counts
    mouse_dx_ += dx;
    mouse_dy_ -= dy;  // PS/2 Y grows upwards
    if (mouse_enabled_ && !mouse_remote_ && aux_q_.size() < 12) mouse_packet();
}

// For the debugger's `info kbd`. The status is built as a port 64h read would build it.
void I8042::debug_info(std::ostream& out) const {
    uint8_t st = kUnlocked | (cmd_byte_ & kSys);
    if (obf_) st |= kOBF | (out_aux_ ? kAuxOBF : 0);
    if (last_was_cmd_) st |= kA2;
    auto queue = [](const std::deque<uint8_t>& q) {
        std::string s;
        char b[4];
        for (size_t k = 0; k < q.size() && k < 16; ++k) {
            std::snprintf(b, sizeof b, " %02x", unsigned(q[k]));
            s += b;
        }
        if (q.size() > 16) s += " ...";
        return s.empty() ? std::string(" -") : s;
    };
    char buf[256];
    std::snprintf(buf, sizeof buf, "status=%02x%s%s%s%s command byte=%02x%s%s%s%s%s%s\n", unsigned(st), obf_ ? " OBF" : "",
                  (st & kAuxOBF) ? " AUXB" : "", (st & kSys) ? " SYS" : "", last_was_cmd_ ? " A2" : "", unsigned(cmd_byte_),
                  (cmd_byte_ & kKbdInt) ? " INT" : "", (cmd_byte_ & kAuxInt) ? " INT2" : "", (cmd_byte_ & kSys) ? " SYS" : "",
                  (cmd_byte_ & kKbdOff) ? " kbd-disabled" : "", (cmd_byte_ & kAuxOff) ? " aux-disabled" : "",
                  (cmd_byte_ & kXlate) ? " XLAT" : "");
    out << buf;
    std::snprintf(buf, sizeof buf, "output buffer=%02x (%s) output port=%02x (A20 %s) pending command=%02x irq1=%d irq12=%d\n",
                  unsigned(out_buf_), !obf_ ? "empty" : out_aux_ ? "from mouse" : "from keyboard", unsigned(out_port_),
                  (out_port_ & 2) ? "on" : "off", unsigned(pending_), irq1_ ? 1 : 0, irq12_ ? 1 : 0);
    out << buf;
    out << "queues: controller" << queue(ctl_q_) << " | keyboard" << queue(kbd_q_) << " | mouse" << queue(aux_q_) << '\n';
    std::snprintf(buf, sizeof buf, "keyboard: scan code set %u, %s\n", unsigned(kbd_set_), kbd_scanning_ ? "scanning" : "disabled");
    out << buf;
    std::snprintf(buf, sizeof buf, "mouse: %s, %s mode, rate %u, resolution %u, id %u, scaling %s, buttons=%x\n",
                  mouse_enabled_ ? "enabled" : "disabled", mouse_wrap_ ? "wrap" : mouse_remote_ ? "remote" : "stream",
                  unsigned(mouse_rate_), unsigned(mouse_res_), unsigned(mouse_id_), mouse_scale21_ ? "2:1" : "1:1", unsigned(mouse_buttons_));
    out << buf;
}

} // namespace bw
