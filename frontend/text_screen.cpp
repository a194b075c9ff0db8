#include "frontend/text_screen.h"
#include "devices/machine.h"

// The VGA model is written concurrently with this front end; without it, only the RAM path exists.
#if __has_include("devices/vga.h")
#include "devices/vga.h"
#define BOXWOOD_HAVE_VGA 1
#else
#define BOXWOOD_HAVE_VGA 0
#endif

namespace bw::frontend {
namespace {

// Unicode for CP437 0x00-0x1F (the IBM PC's glyphs for control codes) and 0x7F-0xFF.
constexpr char16_t kLow[32] = {
    u' ', u'\u263A', u'\u263B', u'\u2665', u'\u2666', u'\u2663', u'\u2660', u'\u2022',
    u'\u25D8', u'\u25CB', u'\u25D9', u'\u2642', u'\u2640', u'\u266A', u'\u266B', u'\u263C',
    u'\u25BA', u'\u25C4', u'\u2195', u'\u203C', u'\u00B6', u'\u00A7', u'\u25AC', u'\u21A8',
    u'\u2191', u'\u2193', u'\u2192', u'\u2190', u'\u221F', u'\u2194', u'\u25B2', u'\u25BC'};
constexpr char16_t kHigh[129] = {
    u'\u2302',
    u'\u00C7', u'\u00FC', u'\u00E9', u'\u00E2', u'\u00E4', u'\u00E0', u'\u00E5', u'\u00E7',
    u'\u00EA', u'\u00EB', u'\u00E8', u'\u00EF', u'\u00EE', u'\u00EC', u'\u00C4', u'\u00C5',
    u'\u00C9', u'\u00E6', u'\u00C6', u'\u00F4', u'\u00F6', u'\u00F2', u'\u00FB', u'\u00F9',
    u'\u00FF', u'\u00D6', u'\u00DC', u'\u00A2', u'\u00A3', u'\u00A5', u'\u20A7', u'\u0192',
    u'\u00E1', u'\u00ED', u'\u00F3', u'\u00FA', u'\u00F1', u'\u00D1', u'\u00AA', u'\u00BA',
    u'\u00BF', u'\u2310', u'\u00AC', u'\u00BD', u'\u00BC', u'\u00A1', u'\u00AB', u'\u00BB',
    u'\u2591', u'\u2592', u'\u2593', u'\u2502', u'\u2524', u'\u2561', u'\u2562', u'\u2556',
    u'\u2555', u'\u2563', u'\u2551', u'\u2557', u'\u255D', u'\u255C', u'\u255B', u'\u2510',
    u'\u2514', u'\u2534', u'\u252C', u'\u251C', u'\u2500', u'\u253C', u'\u255E', u'\u255F',
    u'\u255A', u'\u2554', u'\u2569', u'\u2566', u'\u2560', u'\u2550', u'\u256C', u'\u2567',
    u'\u2568', u'\u2564', u'\u2565', u'\u2559', u'\u2558', u'\u2552', u'\u2553', u'\u256B',
    u'\u256A', u'\u2518', u'\u250C', u'\u2588', u'\u2584', u'\u258C', u'\u2590', u'\u2580',
    u'\u03B1', u'\u00DF', u'\u0393', u'\u03C0', u'\u03A3', u'\u03C3', u'\u00B5', u'\u03C4',
    u'\u03A6', u'\u0398', u'\u03A9', u'\u03B4', u'\u221E', u'\u03C6', u'\u03B5', u'\u2229',
    u'\u2261', u'\u00B1', u'\u2265', u'\u2264', u'\u2320', u'\u2321', u'\u00F7', u'\u2248',
    u'\u00B0', u'\u2219', u'\u00B7', u'\u221A', u'\u207F', u'\u00B2', u'\u25A0', u'\u00A0'};

std::string utf8(char16_t cp) {
    std::string out;
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
    return out;
}

constexpr uint32_t kTextBase = 0xB8000;
constexpr unsigned kCols = 80, kRows = 25;

} // namespace

std::string cp437_to_utf8(unsigned char c) {
    if (c < 0x20) return utf8(kLow[c]);
    if (c < 0x7F) return std::string(1, char(c));
    return utf8(kHigh[c - 0x7F]);
}

std::optional<std::string> read_text_screen(Machine& m) {
    if (Device* dev = m.find_device("vga")) {
#if BOXWOOD_HAVE_VGA
        if (auto* vga = dynamic_cast<Vga*>(dev); vga && vga->text_mode()) {
            std::string screen = vga->text_snapshot();
            if (!screen.empty() && screen.back() != '\n') screen += '\n';
            return screen;
        }
#endif
        (void)dev;
        return std::nullopt;  // a graphics mode, or a VGA this build cannot read
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
