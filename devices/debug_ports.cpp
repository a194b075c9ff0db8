#include "devices/debug_ports.h"

namespace bw {

DebugPorts::DebugPorts(Machine& m) : m_(m) {
    m.io().register_ports(0xE9, 1, this);
    m.io().register_ports(0x402, 1, this);  // QEMU's debugcon port, where SeaBIOS writes its log
    m.io().register_ports(0x80, 1, this);
    m.io().register_ports(0xF4, 1, this);
    m.io().register_ports(0x8900, 1, this);
}

uint32_t DebugPorts::io_read(uint16_t port, unsigned) {
    // Reading 0xE9 returns 0xE9 so guests can detect the debug console (Bochs convention).
    if (port == 0xE9 || port == 0x402) return 0xE9;
    if (port == 0x80) return m_.last_post_code();
    return 0xFFFFFFFFu;
}

void DebugPorts::io_write(uint16_t port, uint32_t value, unsigned size) {
    switch (port) {
    case 0xE9:
    case 0x402:
        for (unsigned k = 0; k < size; ++k) m_.debugcon_byte(uint8_t(value >> (8 * k)));
        break;
    case 0x80: m_.note_post_code(uint8_t(value)); break;
    case 0xF4: m_.debug_exit(value & 0xFF); break;
    case 0x8900: {
        static const char kWord[] = "Shutdown";
        char ch = char(value);
        shutdown_match_ += ch;
        if (std::string(kWord).compare(0, shutdown_match_.size(), shutdown_match_) != 0)
            shutdown_match_ = ch == 'S' ? "S" : "";
        if (shutdown_match_ == kWord) {
            shutdown_match_.clear();
            m_.power_off();
        }
        break;
    }
    }
}

} // namespace bw
