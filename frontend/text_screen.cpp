#include "frontend/text_screen.h"
#include "devices/machine.h"

#include "devices/vga.h"

namespace bw::frontend {
namespace {

constexpr uint32_t kTextBase = 0xB8000;
constexpr unsigned kCols = 80, kRows = 25;

} // namespace

std::string cp437_to_utf8(unsigned char c) {
    std::string out;
    append_cp437_as_utf8(out, c);
    return out;
}

std::optional<std::string> read_text_screen(Machine& m) {
    if (Device* dev = m.find_device("vga")) {
        if (auto* vga = dynamic_cast<Vga*>(dev); vga && vga->text_mode()) {
            std::string screen = vga->text_snapshot();
            if (!screen.empty() && screen.back() != '\n') screen += '\n';
            return screen;
        }
        return std::nullopt;  // a graphics mode
    }
    PhysicalMemory& mem = m.memory();
    if (mem.ram_size() < kTextBase + kCols * kRows * 2) return std::nullopt;
    const uint8_t* cells = mem.ram() + kTextBase;
    std::string screen;
    for (unsigned row = 0; row < kRows; ++row) {
        std::string line;
        for (unsigned col = 0; col < kCols; ++col) line += cp437_to_utf8(cells[(row * kCols + col) * 2]);
        line.erase(line.find_last_not_of(' ') + 1);
        screen += line;
        screen += '\n';
    }
    return screen;
}

} // namespace bw::frontend
