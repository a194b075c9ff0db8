// VGA rendering: turns the chip state into an XRGB8888 picture the way the CRT controller,
// attribute controller and DAC scan it out (IBM VGA Technical Reference, FreeVGA), plus the
// retrace timing that input status 1 reports. Everything here derives from virtual time only.
#include <algorithm>
#include <cstdio>
#include <ostream>
#include "devices/vga.h"

namespace bw {

namespace {

// Code page 437 as Unicode (control codes as their CP437 glyphs; 0 as a blank).
constexpr uint16_t kCp437[256] = {
    0x0020, 0x263A, 0x263B, 0x2665, 0x2666, 0x2663, 0x2660, 0x2022, 0x25D8, 0x25CB, 0x25D9, 0x2642,
    0x2640, 0x266A, 0x266B, 0x263C, 0x25BA, 0x25C4, 0x2195, 0x203C, 0x00B6, 0x00A7, 0x25AC, 0x21A8,
    0x2191, 0x2193, 0x2192, 0x2190, 0x221F, 0x2194, 0x25B2, 0x25BC, 0x0020, 0x0021, 0x0022, 0x0023,
    0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B,
    0x003C, 0x003D, 0x003E, 0x003F, 0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
    0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F, 0x0050, 0x0051, 0x0052, 0x0053,
    0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B,
    0x006C, 0x006D, 0x006E, 0x006F, 0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
    0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x2302, 0x00C7, 0x00FC, 0x00E9, 0x00E2,
    0x00E4, 0x00E0, 0x00E5, 0x00E7, 0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
    0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9, 0x00FF, 0x00D6, 0x00DC, 0x00A2,
    0x00A3, 0x00A5, 0x20A7, 0x0192, 0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA,
    0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB, 0x2591, 0x2592, 0x2593, 0x2502,
    0x2524, 0x2561, 0x2562, 0x2556, 0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,
    0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F, 0x255A, 0x2554, 0x2569, 0x2566,
    0x2560, 0x2550, 0x256C, 0x2567, 0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B,
    0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580, 0x03B1, 0x00DF, 0x0393, 0x03C0,
    0x03A3, 0x03C3, 0x00B5, 0x03C4, 0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229,
    0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248, 0x00B0, 0x2219, 0x00B7, 0x221A,
    0x207F, 0x00B2, 0x25A0, 0x00A0,
};

void append_utf8(std::string& out, uint16_t cp) {
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
}

constexpr uint32_t rgb(unsigned r, unsigned g, unsigned b) { return (r << 16) | (g << 8) | b; }
constexpr unsigned expand6(unsigned v) { return ((v & 0x3F) << 2) | ((v & 0x3F) >> 4); }
constexpr unsigned expand5(unsigned v) { return ((v & 0x1F) << 3) | ((v & 0x1F) >> 2); }

// Character map offsets in plane 2 for the 3-bit map numbers of sequencer register 3 (VGA TR,
// Character Map Select Register): 0-3 at 16 KiB steps, 4-7 at the 8 KiB points between them.
constexpr uint32_t kFontBase[8] = {0x0000, 0x4000, 0x8000, 0xC000, 0x2000, 0x6000, 0xA000, 0xE000};

// Dot clocks selected by misc output bits 3-2 (VGA TR): 25.175 MHz and 28.322 MHz.
constexpr uint64_t kDotClockHz[4] = {25175000, 28322000, 25175000, 25175000};

// Upper limit for a rendered picture (larger register values are treated as garbage).
constexpr unsigned kMaxDim = 4096;

} // namespace

void append_cp437_as_utf8(std::string& out, uint8_t c) { append_utf8(out, kCp437[c]); }

// CRT timing in lines and char clocks (VGA TR, CRT Controller Registers 00-12 and Overflow 07).
struct Vga::Timing {
    uint64_t line_ns, frame_ns;
    unsigned htotal, hdisp;          // character clocks per line, displayed
    unsigned vtotal, vdisp;          // lines per frame, displayed
    unsigned vretrace, vretrace_len; // first line of vertical retrace, its length
};

unsigned Vga::vertical_total() const {
    return crtc_[6] | ((crtc_[7] & 0x01) << 8) | ((crtc_[7] & 0x20) << 4);
}

unsigned Vga::vertical_display_end() const {
    return crtc_[0x12] | ((crtc_[7] & 0x02) << 7) | ((crtc_[7] & 0x40) << 3);
}

Vga::Timing Vga::timing() const {
    Timing t{};
    t.htotal = crtc_[0] + 5u;
    t.hdisp = crtc_[1] + 1u;
    t.vtotal = vertical_total() + 2;
    t.vdisp = vertical_display_end() + 1;
    t.vretrace = crtc_[0x10] | ((crtc_[7] & 0x04) << 6) | ((crtc_[7] & 0x80) << 2);
    unsigned end = crtc_[0x11] & 0x0F;  // retrace ends when the line counter's low 4 bits match
    t.vretrace_len = ((end - t.vretrace) & 0x0F) ? ((end - t.vretrace) & 0x0F) : 16;
    unsigned dots = (seq_[1] & 0x01) ? 8 : 9;
    if (seq_[1] & 0x08) dots *= 2;  // dot clock divided by 2
    t.line_ns = uint64_t(t.htotal) * dots * 1000000000ull / kDotClockHz[(misc_ >> 2) & 3];
    if (t.vtotal < 16 || t.line_ns == 0 || t.hdisp > t.htotal) {
        // Unprogrammed or nonsensical timing: assume the 70 Hz text timing.
        t = Timing{31778, 0, 100, 80, 449, 400, 412, 2};
    }
    if (t.vdisp > t.vtotal) t.vdisp = t.vtotal;
    if (t.vretrace >= t.vtotal) t.vretrace = t.vdisp < t.vtotal ? t.vdisp : 0;
    t.frame_ns = t.line_ns * t.vtotal;
    return t;
}

uint64_t Vga::frame_number() const { return clock_.now_ns() / timing().frame_ns; }

// Input status 1: bit 3 vertical retrace, bit 0 display disabled (horizontal or vertical
// blanking). Reading it also resets the attribute controller flip-flop to "index".
uint8_t Vga::input_status_1() {
    attr_flip_ = false;
    const Timing t = timing();
    const uint64_t in_frame = clock_.now_ns() % t.frame_ns;
    const unsigned line = unsigned(in_frame / t.line_ns);
    const uint64_t in_line = in_frame % t.line_ns;
    const bool retrace = line >= t.vretrace && line < t.vretrace + t.vretrace_len;
    const bool hblank = in_line * t.htotal >= t.line_ns * t.hdisp;
    const bool disabled = line >= t.vdisp || hblank;
    return uint8_t((retrace ? 0x08 : 0) | (disabled ? 0x01 : 0));
}

// Blink phase: the cursor blinks every 16 frames, blinking characters every 32 (VGA TR).
uint64_t Vga::change_count() const {
    uint64_t phase = text_mode() ? (frame_number() >> 3) & 0xFF : 0;
    return (changes_ << 8) | phase;
}

// ---------------------------------------------------------------------------------------------
// Address generation and colour.

// The CRTC memory address counter as a plane offset (VGA TR, CRTC Mode Control 17 and
// Underline Location 14): doubleword mode shifts it left 2, word mode left 1 with MA13 (or MA15
// when Address Wrap is set) into bit 0; with bits 0/1 of register 17 clear, row scan bits 0/1
// replace address bits 13/14 (the CGA and Hercules interleave).
uint32_t Vga::plane_address(uint32_t ma, unsigned scan) const {
    uint32_t a;
    if (crtc_[0x14] & 0x40)
        a = ma << 2;
    else if (!(crtc_[0x17] & 0x40))
        a = (ma << 1) | ((crtc_[0x17] & 0x20) ? (ma >> 15) & 1 : (ma >> 13) & 1);
    else
        a = ma;
    if (!(crtc_[0x17] & 0x01)) a = (a & ~0x2000u) | ((scan & 1u) << 13);
    if (!(crtc_[0x17] & 0x02)) a = (a & ~0x4000u) | ((scan & 2u) << 13);
    return a & 0xFFFF;
}

// The DAC: index masked by the PEL mask (3C6), 6-bit components scaled to 8 bits.
uint32_t Vga::dac_rgb(uint8_t index) const {
    const auto& c = dac_[index & pel_mask_];
    if (vbe_[kVbeEnable] & 0x20) return rgb(c[0], c[1], c[2]);
    return rgb(expand6(c[0]), expand6(c[1]), expand6(c[2]));
}

// The attribute controller's palette (VGA TR, Attribute Controller): a 4-bit colour selects a
// palette register; bits 5-4 come from Color Select bits 1-0 when Mode Control bit 7 (P5,P4
// select) is set, and bits 7-6 always come from Color Select bits 3-2.
uint32_t Vga::attr_rgb(uint8_t colour) const {
    uint8_t p = attr_[colour & 0x0F];
    uint8_t index = (attr_[0x10] & 0x80) ? uint8_t((p & 0x0F) | ((attr_[0x14] & 0x03) << 4)) : uint8_t(p & 0x3F);
    index = uint8_t(index | ((attr_[0x14] & 0x0C) << 4));
    return dac_rgb(index);
}

// ---------------------------------------------------------------------------------------------
// Scan-out: the CRT controller's address and row scan counters (VGA TR, CRT Controller
// Registers; FreeVGA "CRTC Registers"), shared by the text and graphics pictures.

unsigned Vga::line_compare() const {
    return crtc_[0x18] | ((crtc_[7] & 0x10) << 4) | ((crtc_[9] & 0x40) << 3);
}

// CRTC Underline Location bit 5 (Count by 4) and Mode Control bit 3 (Count by 2) clock the
// memory address counter every fourth / second character clock.
unsigned Vga::char_clock_divisor() const {
    if (crtc_[0x14] & 0x20) return 4;
    if (crtc_[0x17] & 0x08) return 2;
    return 1;
}

// One entry per displayed scan line (Vertical Display End + 1). At the top of the frame the row
// start address is the Start Address (0C/0D) and the row scan counter the Preset Row Scan (08
// bits 4-0); Byte Panning (08 bits 6-5) adds whole character clocks. The row scan counter
// advances every scan line (every second one with Scan Doubling, 09 bit 7); when it has shown
// Maximum Scan Line (09 bits 4-0) it restarts at 0 and the row start advances by twice the
// Offset (13h). After the scan line whose number equals Line Compare (18h, 07 bit 4, 09 bit 6)
// the address restarts at 0 with row scan 0: the lower part of a split screen. With Pixel
// Panning Compatibility (attribute Mode Control bit 5) byte panning no longer applies there.
void Vga::scan_lines(std::vector<ScanLine>& out) const {
    const unsigned vdisp = std::min(vertical_display_end() + 1, 2 * kMaxDim);
    const unsigned max_scan = crtc_[9] & 0x1F, compare = line_compare();
    const bool doubling = crtc_[9] & 0x80, compat = attr_[0x10] & 0x20;
    const uint32_t offset = crtc_[0x13] * 2u;
    const uint32_t byte_pan = (crtc_[8] >> 5) & 3;
    uint32_t row_ma = (uint32_t(crtc_[0x0C]) << 8) | crtc_[0x0D];
    unsigned row_scan = crtc_[8] & 0x1F;
    bool second_half = false, split = false;
    out.clear();
    out.reserve(vdisp);
    for (unsigned line = 0; line < vdisp; ++line) {
        out.push_back({row_ma + ((split && compat) ? 0 : byte_pan), uint8_t(row_scan), split});
        if (line == compare) {
            row_ma = 0;
            row_scan = 0;
            second_half = false;
            split = true;
            continue;
        }
        if (doubling && !second_half) {
            second_half = true;
            continue;
        }
        second_half = false;
        if (row_scan == max_scan) {
            row_scan = 0;
            row_ma += offset;
        } else {
            row_scan = (row_scan + 1) & 0x1F;
        }
    }
}

// Horizontal PEL Panning (attribute 13h) as a left shift in picture pixels (FreeVGA "Attribute
// Controller Registers", Pixel Shift Count table): 9-dot text shifts 1-8 for values 0-7 and 0
// for 8; 256-colour mode shifts whole pixels for 0, 2, 4, 6; the others 0-7. Below the split
// with Pixel Panning Compatibility set the register counts as 0.
unsigned Vga::pel_shift(bool split) const {
    unsigned pan = attr_[0x13] & 0x0F;
    if (split && (attr_[0x10] & 0x20)) pan = 0;
    if (!(attr_[0x10] & 0x01) && !(seq_[1] & 0x01)) return pan < 8 ? pan + 1 : 0;
    if (gc_[5] & 0x40) return (pan & 7) >> 1;
    return pan & 7;
}

// ---------------------------------------------------------------------------------------------
// Text modes.

bool Vga::text_mode() const { return !vbe_enabled() && !(attr_[0x10] & 0x01); }

unsigned Vga::text_char_height() const { return (crtc_[9] & 0x1F) + 1u; }

std::vector<uint16_t> Vga::text_cells(unsigned& cols, unsigned& rows) const {
    std::vector<uint16_t> cells;
    cols = rows = 0;
    if (!text_mode()) return cells;
    unsigned lines = vertical_display_end() + 1;
    if (crtc_[9] & 0x80) lines /= 2;
    cols = crtc_[1] + 1u;
    rows = lines / text_char_height();
    const uint32_t start = (uint32_t(crtc_[0x0C]) << 8) | crtc_[0x0D];
    const uint32_t stride = crtc_[0x13] * 2u;
    cells.reserve(size_t(cols) * rows);
    for (unsigned r = 0; r < rows; ++r)
        for (unsigned c = 0; c < cols; ++c) {
            uint32_t a = plane_address(start + r * stride + c, 0);
            cells.push_back(uint16_t(plane_byte(0, a) | (plane_byte(1, a) << 8)));
        }
    return cells;
}

std::string Vga::text_snapshot() const {
    unsigned cols, rows;
    std::vector<uint16_t> cells = text_cells(cols, rows);
    std::string out;
    for (unsigned r = 0; r < rows; ++r) {
        std::string line;
        for (unsigned c = 0; c < cols; ++c) append_cp437_as_utf8(line, uint8_t(cells[r * cols + c]));
        line.erase(line.find_last_not_of(' ') + 1);
        if (r) out += '\n';
        out += line;
    }
    return out;
}

// One scan line of character cells (VGA TR, Attribute Controller and Sequencer): plane 0 holds
// the character and plane 1 the attribute; the glyph row (the row scan counter) comes from plane
// 2 (32 bytes per character) in character map A when attribute bit 3 is set, map B otherwise.
// 9-dot cells repeat the 8th column for C0-DF when Line Graphics Enable (attr 10 bit 2) is set.
// With blink enabled (attr 10 bit 3) attribute bit 7 blinks the foreground and the background
// has only 8 colours. The cursor covers scan lines Cursor Start..Cursor End (CRTC 0A/0B) of the
// cell at Cursor Location (0E/0F); foreground 1 on background 0 (attribute bits 6-4, 2-0) is
// underlined on the Underline Location scan line (14h bits 4-0).
void Vga::text_line(uint32_t* out, unsigned chars, const ScanLine& s, uint64_t frame) const {
    const unsigned cw = (seq_[1] & 0x01) ? 8 : 9, div = char_clock_divisor();
    const bool blink_enabled = attr_[0x10] & 0x08, blink_on = !((frame >> 4) & 1);
    const bool line_graphics = attr_[0x10] & 0x04;
    const uint32_t cursor = (uint32_t(crtc_[0x0E]) << 8) | crtc_[0x0F];
    const bool cursor_line = !(crtc_[0x0A] & 0x20) && !((frame >> 3) & 1) &&
                             s.row_scan >= (crtc_[0x0A] & 0x1F) && s.row_scan <= (crtc_[0x0B] & 0x1F);
    const bool underline_line = s.row_scan == (crtc_[0x14] & 0x1F);
    const uint8_t s3 = seq_[3];
    const uint32_t map_a = kFontBase[((s3 >> 3) & 4) | ((s3 >> 2) & 3)];
    const uint32_t map_b = kFontBase[((s3 >> 2) & 4) | (s3 & 3)];
    for (unsigned c = 0; c < chars; ++c) {
        const uint32_t ma = s.ma + c / div;
        const uint8_t* cell = &vram_[plane_address(ma, s.row_scan) * 4];
        const uint8_t chr = cell[0], at = cell[1];
        uint8_t fg = at & 0x0F, bg = at >> 4;
        if (blink_enabled) {
            bg &= 7;
            if ((at & 0x80) && !blink_on) fg = bg;
        }
        const uint32_t fg_rgb = attr_rgb(fg), bg_rgb = attr_rgb(bg);
        const uint32_t glyph = ((at & 0x08) ? map_a : map_b) + chr * 32u + (s.row_scan & 0x1F);
        const uint8_t bits = vram_[(glyph & 0xFFFF) * 4 + 2];
        const bool solid = (cursor_line && ma == cursor) || (underline_line && (at & 0x77) == 0x01);
        const bool ninth = line_graphics && chr >= 0xC0 && chr <= 0xDF && (bits & 1);
        uint32_t* px = out + c * cw;
        for (unsigned x = 0; x < cw; ++x) {
            const bool on = x < 8 ? (bits >> (7 - x)) & 1 : ninth;
            px[x] = (on || solid) ? fg_rgb : bg_rgb;
        }
    }
}

// The picture: Horizontal Display End + 1 character cells across, Vertical Display End + 1 scan
// lines down (halved by scan doubling), each line panned left by the PEL panning shift.
bool Vga::render_text(std::vector<uint32_t>& out, unsigned& width, unsigned& height) const {
    const unsigned cols = crtc_[1] + 1u, cw = (seq_[1] & 0x01) ? 8 : 9;
    std::vector<ScanLine> lines;
    scan_lines(lines);
    const unsigned scale = (crtc_[9] & 0x80) ? 2 : 1;
    width = cols * cw;
    height = unsigned(lines.size()) / scale;
    if (!width || !height || width > kMaxDim || height > kMaxDim) return false;
    out.assign(size_t(width) * height, 0);
    std::vector<uint32_t> line(size_t(cols + 1) * cw);
    const uint64_t frame = frame_number();
    for (unsigned y = 0; y < height; ++y) {
        const ScanLine& s = lines[y * scale];
        text_line(line.data(), cols + 1, s, frame);
        std::copy_n(line.begin() + pel_shift(s.split), width, out.begin() + ptrdiff_t(y) * width);
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// Graphics modes.

// One scan line from the planes (VGA TR, Graphics Controller Mode register 5 bits 6-5):
// 256-colour shift mode takes one byte per pixel from planes 0-3 in turn (four pixels per
// character clock); interleaved shift mode (CGA 4-colour) takes 2-bit pixels from plane 0 then
// plane 1 (planes 2/3 give bits 3-2); planar mode takes bit 7-x of each plane as colour bit p.
// Colour Plane Enable (attribute 12h) masks the planes.
void Vga::graphics_line(uint32_t* out, unsigned chars, const ScanLine& s) const {
    const uint8_t mode = gc_[5] & 0x60, plane_enable = attr_[0x12] & 0x0F;
    const unsigned div = char_clock_divisor();
    for (unsigned c = 0; c < chars; ++c) {
        const uint8_t* p = &vram_[plane_address(s.ma + c / div, s.row_scan) * 4];
        if (mode & 0x40) {
            for (unsigned i = 0; i < 4; ++i) *out++ = dac_rgb(p[i]);
        } else if (mode & 0x20) {
            for (unsigned i = 0; i < 8; ++i) {
                const unsigned shift = 6 - 2 * (i & 3), half = i >> 2;
                const uint8_t v = uint8_t(((p[half] >> shift) & 3) | (((p[2 + half] >> shift) & 3) << 2));
                *out++ = attr_rgb(v & plane_enable);
            }
        } else {
            for (unsigned i = 0; i < 8; ++i) {
                const unsigned b = 7 - i;
                const uint8_t v = uint8_t(((p[0] >> b) & 1) | (((p[1] >> b) & 1) << 1) |
                                          (((p[2] >> b) & 1) << 2) | (((p[3] >> b) & 1) << 3));
                *out++ = attr_rgb(v & plane_enable);
            }
        }
    }
}

// Picture size: character clocks x 8 dots (x 4 pixels in 256-colour mode, where two dots make
// one pixel) by displayed scan lines, at the mode's logical resolution: scan lines repeated by
// scan doubling, and rows repeated by the Maximum Scan Line field (mode 13h: 400 lines of 200
// rows), are shown once -- unless row-scan address substitution (CGA interleave, CRTC 17h bits
// 1-0) makes each scan line of a row different.
bool Vga::render_graphics(std::vector<uint32_t>& out, unsigned& width, unsigned& height) const {
    const unsigned chars = crtc_[1] + 1u, per_char = (gc_[5] & 0x40) ? 4 : 8;
    std::vector<ScanLine> lines;
    scan_lines(lines);
    const bool substitute = (crtc_[0x17] & 3) != 3;
    const unsigned scale = ((crtc_[9] & 0x80) ? 2 : 1) * (substitute ? 1 : (crtc_[9] & 0x1F) + 1u);
    width = chars * per_char;
    height = unsigned(lines.size()) / scale;
    if (!width || !height || width > kMaxDim || height > kMaxDim) return false;
    out.assign(size_t(width) * height, 0);
    std::vector<uint32_t> line(size_t(chars + 1) * per_char);
    for (unsigned y = 0; y < height; ++y) {
        const ScanLine& s = lines[y * scale];
        graphics_line(line.data(), chars + 1, s);
        std::copy_n(line.begin() + pel_shift(s.split), width, out.begin() + ptrdiff_t(y) * width);
    }
    return true;
}

// Dispi modes: packed pixels from the linear buffer (8 bpp through the DAC; 15/16 bpp 5-5-5 and
// 5-6-5; 24/32 bpp B, G, R[, X]) or, at 4 bpp, planar pixels through the attribute palette.
bool Vga::render_vbe(std::vector<uint32_t>& out, unsigned& width, unsigned& height) const {
    width = vbe_[kVbeXres];
    height = vbe_[kVbeYres];
    if (!width || !height) return false;
    out.assign(size_t(width) * height, 0);
    const unsigned bpp = vbe_[kVbeBpp], bytes = vbe_bytes_pp();
    for (unsigned y = 0; y < height; ++y) {
        uint32_t* row = &out[size_t(y) * width];
        const uint64_t line = vbe_start_ + uint64_t(y) * vbe_line_bytes_;
        for (unsigned x = 0; x < width; ++x) {
            if (bpp == 4) {
                uint64_t off = line + x / 8;
                if (off >= kVramSize / 4) break;
                const uint8_t* p = &vram_[off * 4];
                unsigned b = 7 - (x & 7);
                uint8_t c = uint8_t(((p[0] >> b) & 1) | (((p[1] >> b) & 1) << 1) |
                                    (((p[2] >> b) & 1) << 2) | (((p[3] >> b) & 1) << 3));
                row[x] = attr_rgb(c);
                continue;
            }
            uint64_t off = line + uint64_t(x) * bytes;
            if (off + bytes > kVramSize) break;
            const uint8_t* p = &vram_[off];
            switch (bpp) {
            case 8: row[x] = dac_rgb(p[0]); break;
            case 15: {
                unsigned v = p[0] | (p[1] << 8);
                row[x] = rgb(expand5(v >> 10), expand5(v >> 5), expand5(v));
                break;
            }
            case 16: {
                unsigned v = p[0] | (p[1] << 8);
                unsigned g = (v >> 5) & 0x3F;
                row[x] = rgb(expand5(v >> 11), (g << 2) | (g >> 4), expand5(v));
                break;
            }
            default: row[x] = rgb(p[2], p[1], p[0]); break;
            }
        }
    }
    return true;
}

// Sequencer Clocking Mode bit 5 (Screen Off) and a clear Palette Address Source blank the
// picture; it keeps the mode's size.
bool Vga::render(std::vector<uint32_t>& out, unsigned& width, unsigned& height) const {
    width = height = 0;
    bool ok = vbe_enabled() ? render_vbe(out, width, height)
              : text_mode() ? render_text(out, width, height)
                            : render_graphics(out, width, height);
    if (!ok) {
        width = height = 0;
        out.clear();
        return false;
    }
    if (!vbe_enabled() && ((seq_[1] & 0x20) || !(attr_index_ & 0x20))) std::fill(out.begin(), out.end(), 0);
    return true;
}

// For the debugger's `info vga`. Register names as in the IBM VGA Technical Reference.
void Vga::debug_info(std::ostream& out) const {
    char buf[256];
    auto regs = [&](const char* name, unsigned index, const uint8_t* v, unsigned n, unsigned first = 0) {
        int k = std::snprintf(buf, sizeof buf, "%s (index %02x) %02x-%02x:", name, index, first, first + n - 1);
        for (unsigned i = 0; i < n; ++i) k += std::snprintf(buf + k, sizeof buf - size_t(k), " %02x", unsigned(v[first + i]));
        out << buf << '\n';
    };
    static const char* const kClock[4] = {"25.175 MHz", "28.322 MHz", "external", "reserved"};
    std::snprintf(buf, sizeof buf, "misc=%02x (CRTC at 3%cx, %s dot clock, RAM %s, hsync %c vsync %c) feature=%02x\n",
                  unsigned(misc_), (misc_ & 1) ? 'D' : 'B', kClock[(misc_ >> 2) & 3], (misc_ & 2) ? "on" : "off",
                  (misc_ & 0x40) ? '-' : '+', (misc_ & 0x80) ? '-' : '+', unsigned(feature_));
    out << buf;
    regs("sequencer", seq_index_, seq_.data(), 5);
    regs("CRTC", crtc_index_, crtc_.data(), 0x0C);
    regs("CRTC", crtc_index_, crtc_.data(), 0x0D, 0x0C);
    regs("graphics", gc_index_, gc_.data(), 9);
    regs("attribute", attr_index_, attr_.data(), 0x10);
    int k = std::snprintf(buf, sizeof buf, "attribute 10-14:");
    for (unsigned i = 0x10; i < 0x15; ++i) k += std::snprintf(buf + k, sizeof buf - size_t(k), " %02x", unsigned(attr_[i]));
    std::snprintf(buf + k, sizeof buf - size_t(k), "  flip-flop=%s palette source=%s\n", attr_flip_ ? "data" : "index",
                  (attr_index_ & 0x20) ? "on (display)" : "off (palette access)");
    out << buf;
    std::snprintf(buf, sizeof buf, "DAC: write index=%02x/%u read index=%02x/%u state=%s PEL mask=%02x\n", unsigned(dac_write_index_),
                  unsigned(dac_write_sub_), unsigned(dac_read_index_), unsigned(dac_read_sub_), (dac_state_ & 3) ? "read" : "write",
                  unsigned(pel_mask_));
    out << buf;

    // Mode summary.
    static const char* const kWindow[4] = {"A0000-BFFFF", "A0000-AFFFF", "B0000-B7FFF", "B8000-BFFFF"};
    const uint32_t start = (uint32_t(crtc_[0x0C]) << 8) | crtc_[0x0D];
    std::vector<uint32_t> picture;
    unsigned width = 0, height = 0;
    const bool shown = render(picture, width, height);
    char size[40];
    if (shown) std::snprintf(size, sizeof size, "%ux%u", width, height);
    else std::snprintf(size, sizeof size, "no usable picture");
    if (vbe_enabled()) {
        std::snprintf(buf, sizeof buf, "mode: VBE graphics %ux%u, %u bpp, %s\n", unsigned(vbe_[kVbeXres]), unsigned(vbe_[kVbeYres]),
                      unsigned(vbe_[kVbeBpp]), (vbe_[kVbeEnable] & 0x40) ? "linear frame buffer" : "banked");
    } else if (text_mode()) {
        unsigned lines = vertical_display_end() + 1;
        if (crtc_[9] & 0x80) lines /= 2;
        std::snprintf(buf, sizeof buf, "mode: text %ux%u, %ux%u character cells, %s, window %s, start=%04x offset=%02x cursor=%04x\n",
                      crtc_[1] + 1u, lines / text_char_height(), (seq_[1] & 1) ? 8u : 9u, text_char_height(), size,
                      kWindow[(gc_[6] >> 2) & 3], unsigned(start), unsigned(crtc_[0x13]),
                      (unsigned(crtc_[0x0E]) << 8) | crtc_[0x0F]);
    } else {
        const char* kind = (attr_[0x10] & 0x40) ? "256 colours" : (gc_[5] & 0x20) ? "4 colours (CGA interleave)"
                           : (attr_[0x10] & 0x02) ? "monochrome" : "16 colours (planar)";
        std::snprintf(buf, sizeof buf, "mode: graphics %s, %s%s, window %s, start=%04x offset=%02x\n", size, kind,
                      (seq_[4] & 0x08) ? ", chain-4" : "", kWindow[(gc_[6] >> 2) & 3], unsigned(start), unsigned(crtc_[0x13]));
    }
    out << buf;
    if (!vbe_enabled() && ((seq_[1] & 0x20) || !(attr_index_ & 0x20))) out << "screen blanked (sequencer screen off or palette access)\n";
    std::snprintf(buf, sizeof buf,
                  "VBE: id=%04x enable=%02x%s xres=%u yres=%u bpp=%u bank=%u virtual=%ux%u offset=%u,%u video memory=%u KiB\n",
                  unsigned(vbe_[kVbeId]), unsigned(vbe_[kVbeEnable]), vbe_enabled() ? " (on)" : " (off)", unsigned(vbe_[kVbeXres]),
                  unsigned(vbe_[kVbeYres]), unsigned(vbe_[kVbeBpp]), unsigned(vbe_[kVbeBank]), unsigned(vbe_[kVbeVirtWidth]),
                  unsigned(vbe_[kVbeVirtHeight]), unsigned(vbe_[kVbeXOffset]), unsigned(vbe_[kVbeYOffset]), kVramSize >> 10);
    out << buf;
}

} // namespace bw
