// The VGA programmed through its ports and memory, checked against the IBM VGA Technical
// Reference ("VGA TR") and FreeVGA. Expected values are worked out from the register
// descriptions there, not read from the model.
#include <catch2/catch.hpp>
#include <array>
#include <cmath>
#include "devices/clock.h"
#include "devices/vga.h"
#include "mem/bus.h"

using bw::Vga;

namespace {

struct Rig {
    bw::IoBus io;
    bw::MmioBus mmio;
    bw::Clock clock;
    Vga vga{io, mmio, clock};

    void out(uint16_t port, uint8_t v) { io.write(port, v, 1); }
    uint8_t in(uint16_t port) { return uint8_t(io.read(port, 1)); }
    void seq(uint8_t i, uint8_t v) { out(0x3C4, i); out(0x3C5, v); }
    void gc(uint8_t i, uint8_t v) { out(0x3CE, i); out(0x3CF, v); }
    void crtc(uint8_t i, uint8_t v) { out(0x3D4, i); out(0x3D5, v); }
    void attr(uint8_t i, uint8_t v) { in(0x3DA); out(0x3C0, i); out(0x3C0, v); }
    void wr(uint32_t addr, uint8_t v) { mmio.write(addr, v, 1); }
    uint8_t rd(uint32_t addr) { return uint8_t(mmio.read(addr, 1)); }
    void vbe(uint16_t i, uint16_t v) { io.write(0x1CE, i, 2); io.write(0x1CF, v, 2); }
    uint16_t vbe_rd(uint16_t i) { io.write(0x1CE, i, 2); return uint16_t(io.read(0x1CF, 2)); }

    // Loads a full mode from register tables (VGA TR BIOS mode tables): misc, sequencer 1-4,
    // CRTC 0-18 (with the protect bit cleared first), attribute 0-13, graphics 0-8.
    void set_mode(uint8_t misc, const std::array<uint8_t, 4>& sq, const std::array<uint8_t, 25>& cr,
                  const std::array<uint8_t, 20>& ac, const std::array<uint8_t, 9>& gr) {
        out(0x3C2, misc);
        seq(0, 0x01);
        for (unsigned i = 0; i < 4; ++i) seq(uint8_t(i + 1), sq[i]);
        seq(0, 0x03);
        crtc(0x11, 0);
        for (unsigned i = 0; i < 25; ++i) crtc(uint8_t(i), cr[i]);
        for (unsigned i = 0; i < 20; ++i) attr(uint8_t(i), ac[i]);
        attr(0x14, 0);
        for (unsigned i = 0; i < 9; ++i) gc(uint8_t(i), gr[i]);
        in(0x3DA);
        out(0x3C0, 0x20);  // palette address source: enable the display
    }

    // Planar graphics access at A0000 with odd/even and chain 4 off (mode 12h-like memory setup).
    void planar_setup() {
        seq(2, 0x0F);
        seq(4, 0x06);
        gc(5, 0x00);
        gc(6, 0x05);
        gc(8, 0xFF);
    }

    // Puts one byte into each plane at offset `off` with the map mask, write mode 0 defaults.
    void fill_planes(uint32_t off, std::array<uint8_t, 4> v) {
        gc(0, 0); gc(1, 0); gc(3, 0); gc(5, 0); gc(8, 0xFF);
        for (unsigned p = 0; p < 4; ++p) {
            seq(2, uint8_t(1 << p));
            wr(0xA0000 + off, v[p]);
        }
        seq(2, 0x0F);
    }

    std::array<uint8_t, 4> planes(uint32_t off) const {
        return {vga.plane_byte(0, off), vga.plane_byte(1, off), vga.plane_byte(2, off), vga.plane_byte(3, off)};
    }
};

using P4 = std::array<uint8_t, 4>;
const P4 kLatch = {0x0F, 0xF0, 0xAA, 0x55};

// Mode tables from the VGA TR (as reproduced by the SeaBIOS VGA BIOS tables).
const std::array<uint8_t, 4> kSeq3 = {0x00, 0x03, 0x00, 0x02};
const std::array<uint8_t, 25> kCrtc3 = {0x5F, 0x4F, 0x50, 0x82, 0x55, 0x81, 0xBF, 0x1F, 0x00,
                                        0x4F, 0x0D, 0x0E, 0x00, 0x00, 0x00, 0x00, 0x9C, 0x8E,
                                        0x8F, 0x28, 0x1F, 0x96, 0xB9, 0xA3, 0xFF};
const std::array<uint8_t, 20> kAttr3 = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39,
                                        0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F, 0x0C, 0x00, 0x0F, 0x08};
const std::array<uint8_t, 9> kGc3 = {0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0E, 0x0F, 0xFF};

const std::array<uint8_t, 4> kSeq12 = {0x01, 0x0F, 0x00, 0x06};
const std::array<uint8_t, 25> kCrtc12 = {0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80, 0x0B, 0x3E, 0x00,
                                         0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xEA, 0x8C,
                                         0xDF, 0x28, 0x00, 0xE7, 0x04, 0xE3, 0xFF};
const std::array<uint8_t, 20> kAttr12 = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39,
                                         0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F, 0x01, 0x00, 0x0F, 0x00};
const std::array<uint8_t, 9> kGc12 = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x0F, 0xFF};

const std::array<uint8_t, 4> kSeq13 = {0x01, 0x0F, 0x00, 0x0E};
const std::array<uint8_t, 25> kCrtc13 = {0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80, 0xBF, 0x1F, 0x00,
                                         0x41, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x9C, 0x8E,
                                         0x8F, 0x28, 0x40, 0x96, 0xB9, 0xA3, 0xFF};
const std::array<uint8_t, 20> kAttr13 = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,
                                         0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x41, 0x00, 0x0F, 0x00};
const std::array<uint8_t, 9> kGc13 = {0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x05, 0x0F, 0xFF};

// A 6-bit DAC value as an 8-bit intensity (full scale 63 -> 255).
uint32_t to8(unsigned v6) { return unsigned(std::lround(v6 * 255.0 / 63.0)); }
uint32_t rgb6(unsigned r, unsigned g, unsigned b) { return (to8(r) << 16) | (to8(g) << 8) | to8(b); }

// The EGA-compatible colours the BIOS loads for the 16-colour modes (VGA TR, default palette):
// attribute palette register values 00-3F index DAC entries holding r'g'b'RGB at 1/3 and 2/3.
uint32_t ega(unsigned i) {
    auto level = [i](unsigned hi, unsigned lo) { return ((i >> hi) & 1) * 0x2A + ((i >> lo) & 1) * 0x15; };
    return rgb6(level(2, 5), level(1, 4), level(0, 3));
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Graphics controller write modes (VGA TR "Graphics Controller Registers": Mode register 5,
// Set/Reset 0, Enable Set/Reset 1, Data Rotate 3, Bit Mask 8; FreeVGA "Graphics Controller").

TEST_CASE("VGA TR GC Mode reg: write mode 0 with set/reset, enable set/reset and bit mask", "[vga]") {
    Rig r;
    r.planar_setup();
    r.fill_planes(0, kLatch);
    r.rd(0xA0000);  // loads the latches
    r.gc(0, 0x05);  // set/reset: planes 0 and 2
    r.gc(1, 0x03);  // enable set/reset: planes 0 and 1
    r.gc(8, 0xF0);
    r.wr(0xA0000, 0x3C);
    // plane 0: set/reset 1 -> FF; plane 1: set/reset 0 -> 00; planes 2-3: CPU data 3C.
    // Bit mask F0 takes the high nibble from that value and the low nibble from the latch.
    CHECK(r.planes(0) == P4{0xFF, 0x00, 0x3A, 0x35});
}

TEST_CASE("VGA TR GC Data Rotate reg: write mode 0 rotate count and logical functions", "[vga]") {
    Rig r;
    r.planar_setup();
    r.fill_planes(0, kLatch);
    r.rd(0xA0000);
    SECTION("rotate right 4, OR") {
        r.gc(3, (2 << 3) | 4);
        r.wr(0xA0001, 0x12);  // rotated: 21
        CHECK(r.planes(1) == P4{0x2F, 0xF1, 0xAB, 0x75});
    }
    SECTION("AND") {
        r.gc(3, 1 << 3);
        r.wr(0xA0001, 0x3C);
        CHECK(r.planes(1) == P4{0x0C, 0x30, 0x28, 0x14});
    }
    SECTION("XOR") {
        r.gc(3, 3 << 3);
        r.wr(0xA0001, 0xFF);
        CHECK(r.planes(1) == P4{0xF0, 0x0F, 0x55, 0xAA});
    }
    SECTION("map mask limits the planes written") {
        r.seq(2, 0x05);
        r.wr(0xA0001, 0x99);
        CHECK(r.planes(1) == P4{0x99, 0x00, 0x99, 0x00});
    }
}

TEST_CASE("VGA TR GC Mode reg: write mode 1 copies the latches, ignoring data and bit mask", "[vga]") {
    Rig r;
    r.planar_setup();
    r.fill_planes(0, kLatch);
    r.rd(0xA0000);
    r.gc(5, 0x01);
    r.gc(8, 0x00);
    r.wr(0xA0007, 0x00);
    CHECK(r.planes(7) == kLatch);
}

TEST_CASE("VGA TR GC Mode reg: write mode 2 expands data bits 3-0 to the planes", "[vga]") {
    Rig r;
    r.planar_setup();
    r.fill_planes(0, kLatch);
    r.rd(0xA0000);
    r.gc(5, 0x02);
    r.gc(8, 0x81);
    r.wr(0xA0002, 0x0A);  // colour 1010b: planes 1 and 3
    CHECK(r.planes(2) == P4{0x0E, 0xF1, 0x2A, 0xD5});
}

TEST_CASE("VGA TR GC Mode reg: write mode 3 uses set/reset with rotated data ANDed into the bit mask", "[vga]") {
    Rig r;
    r.planar_setup();
    r.fill_planes(0, kLatch);
    r.rd(0xA0000);
    r.gc(5, 0x03);
    r.gc(0, 0x06);  // colour 0110b
    r.gc(1, 0x00);  // enable set/reset is not used in write mode 3
    r.gc(8, 0xF0);
    r.wr(0xA0003, 0x3C);  // effective mask F0 & 3C = 30
    CHECK(r.planes(3) == P4{0x0F, 0xF0, 0xBA, 0x45});
}

TEST_CASE("VGA TR GC Read Map Select and read mode 1 colour compare", "[vga]") {
    Rig r;
    r.planar_setup();
    r.fill_planes(0, kLatch);
    for (uint8_t p = 0; p < 4; ++p) {
        r.gc(4, p);
        CHECK(r.rd(0xA0000) == kLatch[p]);
    }
    // Pixel colours, bit 7 to 0: 6 A 6 A 5 9 5 9.
    r.gc(5, 0x08);
    r.gc(2, 0x06);
    r.gc(7, 0x0F);
    CHECK(r.rd(0xA0000) == 0xA0);
    r.gc(7, 0x03);  // only planes 0-1 compared: colour & 3 == 2
    CHECK(r.rd(0xA0000) == 0xF0);
    r.gc(7, 0x00);  // nothing compared: all match
    CHECK(r.rd(0xA0000) == 0xFF);
    // Reading loaded all four latches.
    for (unsigned p = 0; p < 4; ++p) CHECK(r.vga.latch(p) == kLatch[p]);
}

// ---------------------------------------------------------------------------------------------
// Sequencer Memory Mode register 4 (VGA TR): chain 4 and odd/even.

TEST_CASE("VGA TR Sequencer Memory Mode: chain 4 selects the plane by address bits 1-0", "[vga]") {
    Rig r;
    r.seq(2, 0x0F);
    r.seq(4, 0x0E);
    r.gc(5, 0x40);
    r.gc(6, 0x05);
    for (uint8_t i = 0; i < 8; ++i) r.wr(0xA0000 + i, uint8_t(0x10 + i));
    // Each plane receives every fourth byte; the plane offset keeps the address (bits 1-0 clear).
    CHECK(r.planes(0) == P4{0x10, 0x11, 0x12, 0x13});
    CHECK(r.planes(4) == P4{0x14, 0x15, 0x16, 0x17});
    CHECK(r.planes(1) == P4{0, 0, 0, 0});
    CHECK(r.rd(0xA0005) == 0x15);
    CHECK(r.rd(0xA0002) == 0x12);
}

TEST_CASE("VGA TR Sequencer Memory Mode: odd/even sends even bytes to planes 0/2, odd to 1/3", "[vga]") {
    Rig r;
    r.seq(2, 0x03);
    r.seq(4, 0x02);  // odd/even on
    r.gc(5, 0x10);   // host odd/even reads
    r.gc(6, 0x0E);   // B8000, chain odd/even, alphanumeric
    r.wr(0xB8000, 'A');
    r.wr(0xB8001, 0x1F);
    r.wr(0xB8002, 'B');
    r.wr(0xB8003, 0x4E);
    CHECK(r.vga.plane_byte(0, 0) == 'A');
    CHECK(r.vga.plane_byte(1, 0) == 0x1F);
    CHECK(r.vga.plane_byte(0, 2) == 'B');
    CHECK(r.vga.plane_byte(1, 2) == 0x4E);
    CHECK(r.vga.plane_byte(0, 1) == 0);
    CHECK(r.rd(0xB8001) == 0x1F);
    CHECK(r.rd(0xB8002) == 'B');
    // Map mask 4 with an even address reaches plane 2 (the font plane).
    r.seq(2, 0x04);
    r.wr(0xB8010, 0x77);
    CHECK(r.vga.plane_byte(2, 0x10) == 0x77);
    CHECK(r.vga.plane_byte(0, 0x10) == 0);
    // Outside the B8000 window (GC 6 memory map 3) nothing is decoded.
    CHECK(r.rd(0xA0000) == 0xFF);
}

// ---------------------------------------------------------------------------------------------
// Attribute controller and DAC ports.

TEST_CASE("VGA TR Attribute Controller: 3C0 flip-flop reset by reading input status 1", "[vga]") {
    Rig r;
    r.in(0x3DA);
    r.out(0x3C0, 0x01);  // index 1, palette address source 0
    r.out(0x3C0, 0x2A);  // data
    CHECK(r.in(0x3C1) == 0x2A);
    CHECK(r.in(0x3C0) == 0x01);
    r.out(0x3C0, 0x02);  // the flip-flop is back at "index"
    r.in(0x3DA);         // ... and reading 3DA keeps it there
    r.out(0x3C0, 0x03);
    r.out(0x3C0, 0x15);
    r.out(0x3C0, 0x02);
    CHECK(r.in(0x3C1) == 0x02);  // register 2 untouched (default value)
    r.in(0x3DA);
    r.out(0x3C0, 0x03);
    CHECK(r.in(0x3C1) == 0x15);
    // With palette address source set the palette registers cannot be written.
    r.in(0x3DA);
    r.out(0x3C0, 0x23);
    r.out(0x3C0, 0x3F);
    CHECK(r.in(0x3C1) == 0x15);
    // In monochrome addressing (misc bit 0 = 0) the reset port is 3BA and 3DA is not decoded.
    r.out(0x3C2, 0x66);
    r.out(0x3C0, 0x10);  // index
    CHECK(r.in(0x3DA) == 0xFF);
    r.out(0x3C0, 0x10);  // still "data": Mode Control gets 10h
    r.in(0x3BA);
    r.out(0x3C0, 0x30);
    CHECK(r.in(0x3C1) == 0x10);
}

TEST_CASE("VGA TR Video DAC: 3C8/3C7 addresses, three bytes per entry with auto-increment", "[vga]") {
    Rig r;
    r.out(0x3C8, 0x10);
    const uint8_t data[6] = {0x01, 0x02, 0x03, 0x3D, 0x3E, 0x7F};
    for (uint8_t b : data) r.out(0x3C9, b);
    CHECK(r.in(0x3C8) == 0x12);
    r.out(0x3C7, 0x10);
    CHECK((r.in(0x3C7) & 3) == 3);  // DAC state: read mode
    for (unsigned i = 0; i < 5; ++i) CHECK(r.in(0x3C9) == data[i]);
    CHECK(r.in(0x3C9) == 0x3F);  // six-bit DAC
    r.out(0x3C8, 0x00);
    CHECK((r.in(0x3C7) & 3) == 0);  // write mode
}

TEST_CASE("VGA TR CRTC: protect bit and I/O address select", "[vga]") {
    Rig r;
    r.crtc(0x11, 0x80);
    r.crtc(0x01, 0x12);
    r.out(0x3D4, 0x01);
    CHECK(r.in(0x3D5) == 0x4F);  // protected
    r.crtc(0x11, 0x00);
    r.crtc(0x01, 0x12);
    CHECK(r.in(0x3D5) == 0x12);
    r.crtc(0x0E, 0x07);
    r.out(0x3D4, 0x0E);
    CHECK(r.in(0x3D5) == 0x07);
    CHECK(r.in(0x3B5) == 0xFF);  // colour addressing: 3B4/3B5 not decoded
}

TEST_CASE("VGA TR Input Status 1: vertical retrace follows the CRTC timing in virtual time", "[vga]") {
    Rig r;
    r.set_mode(0x67, kSeq3, kCrtc3, kAttr3, kGc3);
    // Mode 3: 100 character clocks of 9 dots at 28.322 MHz per line, 449 lines; vertical retrace
    // starts at line 19Ch and ends when the line counter's low nibble reaches 0Eh (2 lines).
    const double line_ns = 100 * 9 * 1e9 / 28322000.0;
    auto at_line = [&](double line) { return uint64_t(line * line_ns); };
    r.clock.advance_to(at_line(10.1));
    CHECK((r.in(0x3DA) & 0x09) == 0x00);
    r.clock.advance_to(at_line(10.95));  // horizontal blanking: display disabled
    CHECK((r.in(0x3DA) & 0x09) == 0x01);
    r.clock.advance_to(at_line(0x19C + 0.5));
    CHECK((r.in(0x3DA) & 0x09) == 0x09);
    r.clock.advance_to(at_line(0x19E + 0.5));
    CHECK((r.in(0x3DA) & 0x08) == 0x00);
    r.clock.advance_to(at_line(449 + 0x19D + 0.1));  // next frame
    CHECK((r.in(0x3DA) & 0x08) == 0x08);
}

// ---------------------------------------------------------------------------------------------
// Text rendering.

namespace {

// An 8x16 glyph (rows top to bottom, bit 7 = leftmost dot).
const std::array<uint8_t, 16> kGlyph = {0x00, 0x00, 0x18, 0x3C, 0x66, 0xC3, 0xC3, 0xFF,
                                        0xC3, 0xC3, 0xC3, 0x81, 0x00, 0x55, 0xAA, 0x00};
const std::array<uint8_t, 16> kBox = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF,
                                      0xFF, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};

// Loads glyphs into character map 0 of plane 2 the way the VGA BIOS does (VGA TR: sequencer
// map mask 4, odd/even off; GC read map 2, write mode 0, A0000 64K), then restores text access.
void load_glyph(Rig& r, uint8_t ch, const std::array<uint8_t, 16>& rows) {
    r.seq(2, 0x04);
    r.seq(4, 0x06);
    r.gc(4, 0x02);
    r.gc(5, 0x00);
    r.gc(6, 0x04);
    for (unsigned y = 0; y < 16; ++y) r.wr(0xA0000 + ch * 32u + y, rows[y]);
    r.seq(2, 0x03);
    r.seq(4, 0x02);
    r.gc(4, 0x00);
    r.gc(5, 0x10);
    r.gc(6, 0x0E);
}

void put_char(Rig& r, unsigned col, unsigned row, uint8_t ch, uint8_t at) {
    r.wr(0xB8000 + (row * 80 + col) * 2, ch);
    r.wr(0xB8000 + (row * 80 + col) * 2 + 1, at);
}

} // namespace

TEST_CASE("VGA TR alphanumeric modes: glyph from plane 2, 9-dot cells, attribute colours (mode 3)", "[vga]") {
    Rig r;
    r.set_mode(0x67, kSeq3, kCrtc3, kAttr3, kGc3);
    r.crtc(0x0A, 0x20);  // cursor off
    load_glyph(r, 'A', kGlyph);
    load_glyph(r, 0xC4, kBox);
    const unsigned col = 5, row = 3;
    put_char(r, col, row, 'A', 0x1E);      // yellow on blue
    put_char(r, col + 1, row, 0xC4, 0x4F);  // white on red, line-graphics character
    put_char(r, col + 2, row, 'A', 0x0A);   // light green on black

    std::vector<uint32_t> px;
    unsigned w = 0, h = 0;
    REQUIRE(r.vga.render(px, w, h));
    REQUIRE(w == 720);
    REQUIRE(h == 400);
    auto pixel = [&](unsigned c, unsigned y, unsigned x) { return px[(row * 16 + y) * w + c * 9 + x]; };
    // Default palette: attribute register i -> DAC entry (EGA colour) i, 14h for brown, 38h-3Fh
    // for the bright colours; blue = (0, 0, 2Ah), yellow = (3Fh, 3Fh, 15h).
    const uint32_t blue = rgb6(0, 0, 0x2A), yellow = rgb6(0x3F, 0x3F, 0x15);
    CHECK(blue == 0x0000AA);
    CHECK(yellow == 0xFFFF55);
    for (unsigned y = 0; y < 16; ++y) {
        for (unsigned x = 0; x < 8; ++x) {
            bool on = (kGlyph[y] >> (7 - x)) & 1;
            CHECK(pixel(col, y, x) == (on ? yellow : blue));
            CHECK(pixel(col + 2, y, x) == (on ? ega(0x3A) : ega(0)));
        }
        CHECK(pixel(col, y, 8) == blue);  // ninth dot: background for ordinary characters
        // C0-DF with line graphics enabled (attr 10h bit 2): the ninth dot repeats the eighth.
        CHECK(pixel(col + 1, y, 8) == ((kBox[y] & 1) ? ega(0x3F) : ega(0x04)));
    }
    CHECK(r.vga.text_snapshot().substr(0, 3) == "\n\n\n");  // rows 0-2 blank
    std::string snap = r.vga.text_snapshot();
    CHECK(snap.find("     A\xE2\x94\x80" "A") != std::string::npos);  // C4 is U+2500
}

TEST_CASE("VGA TR cursor and blink: CRTC 0A/0B/0E/0F, attribute bit 7 with blink enabled", "[vga]") {
    Rig r;
    r.set_mode(0x67, kSeq3, kCrtc3, kAttr3, kGc3);
    load_glyph(r, 'A', kGlyph);
    put_char(r, 0, 0, 'A', 0x9E);  // blinking yellow on blue
    put_char(r, 10, 1, ' ', 0x07);
    const unsigned pos = 80 + 10;
    r.crtc(0x0A, 14);
    r.crtc(0x0B, 15);
    r.crtc(0x0E, uint8_t(pos >> 8));
    r.crtc(0x0F, uint8_t(pos));
    std::vector<uint32_t> px;
    unsigned w, h;
    REQUIRE(r.vga.render(px, w, h));  // frame 0: cursor and blinking text visible
    const uint32_t grey = ega(0x07), yellow = ega(0x3E), blue = ega(0x01);
    auto at = [&](unsigned x, unsigned y) { return px[y * w + x]; };
    CHECK(at(10 * 9 + 3, 16 + 13) == 0);     // scan line 13: not cursor
    CHECK(at(10 * 9 + 3, 16 + 14) == grey);  // scan lines 14-15: cursor in the foreground colour
    CHECK(at(10 * 9 + 8, 16 + 15) == grey);
    CHECK(at(3, 7) == yellow);
    // The frame period of mode 3: 449 lines of 31.78 us. The cursor blinks every 8 frames and
    // characters every 16 (on for 16, off for 16).
    const double frame_ns = 449 * 100 * 9 * 1e9 / 28322000.0;
    r.clock.advance_to(uint64_t(frame_ns * 8.5));
    uint64_t before = r.vga.change_count();
    REQUIRE(r.vga.render(px, w, h));
    CHECK(at(10 * 9 + 3, 16 + 14) == 0);  // cursor off
    CHECK(at(3, 7) == yellow);
    r.clock.advance_to(uint64_t(frame_ns * 16.5));
    CHECK(r.vga.change_count() != before);
    REQUIRE(r.vga.render(px, w, h));
    CHECK(at(3, 7) == blue);  // blinking character off: foreground shown as background
    // With blink disabled, attribute bit 7 selects a bright background instead.
    r.attr(0x10, 0x04);
    r.in(0x3DA);
    r.out(0x3C0, 0x20);
    REQUIRE(r.vga.render(px, w, h));
    CHECK(at(0, 0) == ega(0x39));  // background 9: light blue
}

// ---------------------------------------------------------------------------------------------
// Graphics rendering.

TEST_CASE("VGA TR mode 12h: 640x480 planar 16 colours through palette and DAC", "[vga]") {
    Rig r;
    r.set_mode(0xE3, kSeq12, kCrtc12, kAttr12, kGc12);
    CHECK(r.vga.text_snapshot().empty());
    // Write mode 2, bit mask selecting pixel x = 3 of row 1 (80 bytes per row).
    r.gc(5, 0x02);
    r.gc(8, 0x80 >> 3);
    r.rd(0xA0000 + 80);
    r.wr(0xA0000 + 80, 0x0C);
    r.gc(8, 0x01);
    r.rd(0xA0000 + 80 * 479 + 79);
    r.wr(0xA0000 + 80 * 479 + 79, 0x09);
    std::vector<uint32_t> px;
    unsigned w, h;
    REQUIRE(r.vga.render(px, w, h));
    REQUIRE(w == 640);
    REQUIRE(h == 480);
    CHECK(px[640 + 3] == ega(0x3C));  // light red
    CHECK(px[640 + 2] == 0);
    CHECK(px[640 * 479 + 639] == ega(0x39));
    CHECK(r.vga.plane_byte(0, 80) == 0x00);  // colour 1100b: planes 2 and 3
    CHECK(r.vga.plane_byte(2, 80) == 0x10);
    CHECK(r.vga.plane_byte(3, 80) == 0x10);
    CHECK(r.vga.plane_byte(1, 80) == 0x00);
}

TEST_CASE("VGA TR mode 13h: 320x200 256 colours, chain 4, pixel byte through the DAC", "[vga]") {
    Rig r;
    r.set_mode(0x63, kSeq13, kCrtc13, kAttr13, kGc13);
    r.wr(0xA0000 + 2 * 320 + 5, 0x20);
    r.wr(0xA0000 + 199 * 320 + 319, 0x21);
    r.out(0x3C8, 0x20);
    for (uint8_t b : {0x3F, 0x00, 0x10, 0x00, 0x2A, 0x3F}) r.out(0x3C9, b);
    std::vector<uint32_t> px;
    unsigned w, h;
    REQUIRE(r.vga.render(px, w, h));
    REQUIRE(w == 320);
    REQUIRE(h == 200);
    CHECK(px[2 * 320 + 5] == rgb6(0x3F, 0x00, 0x10));
    CHECK(px[199 * 320 + 319] == rgb6(0x00, 0x2A, 0x3F));
    CHECK(px[2 * 320 + 4] == 0);
    // The PEL mask (3C6) ANDs the pixel value before the DAC lookup.
    r.out(0x3C6, 0x0F);
    REQUIRE(r.vga.render(px, w, h));
    CHECK(px[2 * 320 + 5] == ega(0));  // 20h & 0Fh = 0
}

// ---------------------------------------------------------------------------------------------
// Bochs VBE dispi interface (Bochs iodev/vga.h, vgabios vbe.c).

TEST_CASE("Bochs VBE dispi: ID, capabilities, memory size", "[vga][vbe]") {
    Rig r;
    r.vbe(0, 0xB0C5);
    CHECK(r.vbe_rd(0) == 0xB0C5);
    r.vbe(0, 0x1234);  // not an ID: ignored
    CHECK(r.vbe_rd(0) == 0xB0C5);
    CHECK(r.vbe_rd(0xA) == 256);  // 16 MiB in 64 KiB units
    r.vbe(4, 0x02);               // GETCAPS
    CHECK(r.vbe_rd(1) == Vga::kMaxXres);
    CHECK(r.vbe_rd(2) == Vga::kMaxYres);
    CHECK(r.vbe_rd(3) == 32);
    r.vbe(4, 0x00);
    CHECK(r.vbe_rd(1) == 640);
}

TEST_CASE("Bochs VBE dispi: 32/16/8 bpp modes through the LFB and the banked window", "[vga][vbe]") {
    Rig r;
    r.wr(0xB8000, 'X');
    r.vbe(1, 800);
    r.vbe(2, 600);
    r.vbe(3, 32);
    r.vbe(4, 0x41);  // enabled, LFB
    CHECK(r.vga.vbe_enabled());
    CHECK(r.vga.text_snapshot().empty());
    CHECK(r.vbe_rd(6) == 800);
    CHECK(r.vbe_rd(7) == (16u << 20) / (800 * 4));
    r.mmio.write(Vga::kLfbBase + (10 * 800 + 7) * 4, 0x00112233, 4);
    std::vector<uint32_t> px;
    unsigned w, h;
    REQUIRE(r.vga.render(px, w, h));
    REQUIRE(w == 800);
    REQUIRE(h == 600);
    CHECK(px[10 * 800 + 7] == 0x112233);
    CHECK(r.mmio.read(Vga::kLfbBase + (10 * 800 + 7) * 4, 4) == 0x00112233);
    // Banked window: bank 1 maps A0000 to video memory offset 10000h.
    r.vbe(5, 1);
    r.mmio.write(0xA0000, 0x00ABCDEF, 4);
    CHECK(r.mmio.read(Vga::kLfbBase + 0x10000, 4) == 0x00ABCDEF);
    CHECK(r.mmio.read(0xA0000, 4) == 0x00ABCDEF);
    // Display start via Y offset.
    r.vbe(9, 10);
    REQUIRE(r.vga.render(px, w, h));
    CHECK(px[7] == 0x112233);
    // Re-enable at 16 bpp keeping memory (NOCLEARMEM): 5-6-5 red.
    r.vbe(4, 0);
    r.vbe(3, 16);
    r.vbe(4, 0xC1);
    CHECK(r.mmio.read(Vga::kLfbBase + (10 * 800 + 7) * 4, 4) == 0x00112233);
    r.mmio.write(Vga::kLfbBase, 0xF800, 2);
    r.mmio.write(Vga::kLfbBase + 2, 0x07E0, 2);
    REQUIRE(r.vga.render(px, w, h));
    CHECK(px[0] == 0xFF0000);
    CHECK(px[1] == 0x00FF00);
    // Enabling without NOCLEARMEM clears video memory; 8 bpp goes through the DAC.
    r.vbe(4, 0);
    r.vbe(3, 8);
    r.vbe(4, 0x41);
    CHECK(r.mmio.read(Vga::kLfbBase, 4) == 0);
    r.mmio.write(Vga::kLfbBase + 1, 0x01, 1);
    REQUIRE(r.vga.render(px, w, h));
    CHECK(px[1] == ega(0x01));
    // Disabling returns to the VGA modes.
    r.vbe(4, 0);
    CHECK_FALSE(r.vga.vbe_enabled());
}

TEST_CASE("Bochs VBE dispi: 8-bit DAC mode keeps full DAC values", "[vga][vbe]") {
    Rig r;
    r.vbe(3, 8);
    r.vbe(4, 0x61);  // enabled, LFB, 8-bit DAC
    r.out(0x3C8, 0x05);
    for (uint8_t b : {0xFE, 0x80, 0x01}) r.out(0x3C9, b);
    r.mmio.write(Vga::kLfbBase, 0x05, 1);
    std::vector<uint32_t> px;
    unsigned w, h;
    REQUIRE(r.vga.render(px, w, h));
    CHECK(px[0] == 0xFE8001);
}

// ---------------------------------------------------------------------------------------------
// CRT controller scan-out: start address, line compare, panning, offset and addressing modes,
// the CGA-compatible and EGA graphics modes. Expected pictures are computed from the memory
// layout the VGA TR and FreeVGA describe (address of each scan line, bit order of each byte)
// and from the bytes the test itself wrote.

namespace {

// Register values of the BIOS modes 04h, 06h, 0Dh, 0Eh, 0Fh, 10h and 11h (VGA TR, "BIOS Video
// Modes" parameter tables), in the Rig::set_mode layout.
struct ModeRegs {
    uint8_t misc;
    std::array<uint8_t, 4> seq;
    std::array<uint8_t, 25> crtc;
    std::array<uint8_t, 20> attr;
    std::array<uint8_t, 9> gc;
};
// 320x200x4: 40 character clocks of 8 dots at half the 25 MHz dot clock, 400 lines scan-doubled
// with 2 scan lines per row; word mode, row scan bit 0 replaces address bit 13; 2-bit
// interleaved shift mode, B8000 odd/even.
const ModeRegs kMode04 = {0x63, {0x09, 0x03, 0x00, 0x02},
    {0x2D, 0x27, 0x28, 0x90, 0x2B, 0x80, 0xBF, 0x1F, 0x00, 0xC1, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x9C, 0x8E, 0x8F, 0x14, 0x00, 0x96, 0xB9, 0xA2, 0xFF},
    {0x00, 0x13, 0x15, 0x17, 0x02, 0x04, 0x06, 0x07, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
     0x01, 0x00, 0x03, 0x00},
    {0x00, 0x00, 0x00, 0x00, 0x00, 0x30, 0x0F, 0x00, 0xFF}};
// 640x200x2: byte mode, one plane, row scan bit 0 replaces address bit 13.
const ModeRegs kMode06 = {0x63, {0x01, 0x01, 0x00, 0x06},
    {0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80, 0xBF, 0x1F, 0x00, 0xC1, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x9C, 0x8E, 0x8F, 0x28, 0x00, 0x96, 0xB9, 0xC2, 0xFF},
    {0x00, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17,
     0x01, 0x00, 0x01, 0x00},
    {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0D, 0x00, 0xFF}};
const std::array<uint8_t, 20> kAttr200 = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x10, 0x11,
                                          0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x01, 0x00, 0x0F, 0x00};
const std::array<uint8_t, 9> kGcPlanar = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x0F, 0xFF};
// 320x200x16: planar, byte mode, 40 bytes per line, scan-doubled.
const ModeRegs kMode0D = {0x63, {0x09, 0x0F, 0x00, 0x06},
    {0x2D, 0x27, 0x28, 0x90, 0x2B, 0x80, 0xBF, 0x1F, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x9C, 0x8E, 0x8F, 0x14, 0x00, 0x96, 0xB9, 0xE3, 0xFF},
    kAttr200, kGcPlanar};
// 640x200x16.
const ModeRegs kMode0E = {0x63, {0x01, 0x0F, 0x00, 0x06},
    {0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80, 0xBF, 0x1F, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x9C, 0x8E, 0x8F, 0x28, 0x00, 0x96, 0xB9, 0xE3, 0xFF},
    kAttr200, kGcPlanar};
// 640x350: Vertical Display End 15Dh, the 350-line sync polarity (misc bits 7-6 = 10).
const std::array<uint8_t, 25> kCrtc350 = {0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80, 0xBF, 0x1F, 0x00, 0x40, 0x00,
                                          0x00, 0x00, 0x00, 0x00, 0x00, 0x83, 0x85, 0x5D, 0x28, 0x0F, 0x63,
                                          0xBA, 0xE3, 0xFF};
// Monochrome graphics: planes 0 (video) and 2 (intensity), CRTC at 3B4h.
const ModeRegs kMode0F = {0xA2, {0x01, 0x0F, 0x00, 0x06}, kCrtc350,
    {0x00, 0x08, 0x00, 0x00, 0x18, 0x18, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x18, 0x00, 0x00,
     0x0B, 0x00, 0x05, 0x00},
    {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x05, 0xFF}};
const ModeRegs kMode10 = {0xA3, {0x01, 0x0F, 0x00, 0x06}, kCrtc350,
    {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F,
     0x01, 0x00, 0x0F, 0x00},
    kGcPlanar};
// 640x480x2: the mode 12h timing, one plane.
const ModeRegs kMode11 = {0xE3, {0x01, 0x0F, 0x00, 0x06},
    {0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80, 0x0B, 0x3E, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0xEA, 0x8C, 0xDF, 0x28, 0x00, 0xE7, 0x04, 0xC3, 0xFF},
    {0x00, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F,
     0x01, 0x00, 0x01, 0x00},
    {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x01, 0xFF}};

void set_mode(Rig& r, const ModeRegs& m) {
    r.out(0x3C2, m.misc);  // first, so the CRTC answers at the mode's 3B4h/3D4h
    const uint16_t crtc = (m.misc & 1) ? 0x3D4 : 0x3B4;
    r.seq(0, 0x01);
    for (unsigned i = 0; i < 4; ++i) r.seq(uint8_t(i + 1), m.seq[i]);
    r.seq(0, 0x03);
    r.out(crtc, 0x11);
    r.out(uint16_t(crtc + 1), 0x00);
    for (unsigned i = 0; i < 25; ++i) {
        r.out(crtc, uint8_t(i));
        r.out(uint16_t(crtc + 1), m.crtc[i]);
    }
    const uint16_t status = uint16_t(crtc + 6);
    for (unsigned i = 0; i < 20; ++i) {
        r.in(status);
        r.out(0x3C0, uint8_t(i));
        r.out(0x3C0, m.attr[i]);
    }
    for (unsigned i = 0; i < 9; ++i) r.gc(uint8_t(i), m.gc[i]);
    r.in(status);
    r.out(0x3C0, 0x20);
}

struct Picture {
    std::vector<uint32_t> px;
    unsigned w = 0, h = 0;
    uint32_t at(unsigned x, unsigned y) const { return px[size_t(y) * w + x]; }
};

Picture picture(Rig& r) {
    Picture p;
    REQUIRE(r.vga.render(p.px, p.w, p.h));
    return p;
}

// A byte pattern different in each plane and at each offset.
uint8_t pattern(unsigned plane, uint32_t off) {
    switch (plane) {
    case 0: return uint8_t(off);
    case 1: return uint8_t(off >> 8);
    case 2: return uint8_t(off * 7 + 3);
    default: return uint8_t((off >> 3) ^ 0x5A);
    }
}

// Fills plane offsets 0-FFFF of every plane with `pattern` through the A0000 64K window, one
// plane at a time (map mask), write mode 0 with nothing else enabled.
void fill_pattern(Rig& r) {
    r.gc(6, 0x05);
    r.seq(4, 0x06);
    r.gc(0, 0); r.gc(1, 0); r.gc(3, 0); r.gc(5, 0); r.gc(8, 0xFF);
    for (unsigned p = 0; p < 4; ++p) {
        r.seq(2, uint8_t(1 << p));
        for (uint32_t o = 0; o < 0x10000; ++o) r.wr(0xA0000 + o, pattern(p, o));
    }
    r.seq(2, 0x0F);
}

// The 4-bit colour of bit `bit` (0 = leftmost) of plane offset `off` in a planar mode.
unsigned planar_colour(uint32_t off, unsigned bit) {
    unsigned c = 0;
    for (unsigned p = 0; p < 4; ++p) c |= ((pattern(p, off & 0xFFFF) >> (7 - bit)) & 1u) << p;
    return c;
}

// Compares a planar picture with the pattern: line y starts at plane offset line_start(y) and
// is shifted left by shift(y) pixels; colours go through attribute palette `pal` after the
// colour plane enable mask. Returns the first difference as text (empty when none).
template <class Start, class Shift>
std::string compare_planar(const Picture& pic, const std::array<uint8_t, 20>& pal, unsigned enable,
                           Start line_start, Shift shift) {
    for (unsigned y = 0; y < pic.h; ++y)
        for (unsigned x = 0; x < pic.w; ++x) {
            const unsigned sx = x + shift(y);
            const uint32_t want = ega(pal[planar_colour(line_start(y) + sx / 8, sx % 8) & enable]);
            if (pic.at(x, y) != want)
                return "pixel (" + std::to_string(x) + "," + std::to_string(y) + ")";
        }
    return "";
}

const auto kNoShift = [](unsigned) { return 0u; };

// How a 6-bit DAC level becomes 8 bits is the renderer's choice (only 0, 15h, 2Ah, 3Fh map
// exactly): colours from arbitrary levels are compared to within 1 per component.
bool near_rgb(uint32_t got, uint32_t want) {
    for (unsigned shift : {0u, 8u, 16u}) {
        const int g = int((got >> shift) & 0xFF), w = int((want >> shift) & 0xFF);
        if (g - w > 1 || w - g > 1) return false;
    }
    return true;
}

} // namespace

TEST_CASE("VGA TR CRTC Start Address (0C/0D) sets the plane offset of the first scan line", "[vga]") {
    Rig r;
    r.set_mode(0xE3, kSeq12, kCrtc12, kAttr12, kGc12);
    fill_pattern(r);
    r.crtc(0x0C, 0x12);
    r.crtc(0x0D, 0x34);
    Picture p = picture(r);
    REQUIRE(p.w == 640);
    REQUIRE(p.h == 480);
    // Byte mode, Offset 28h: each line starts 2 x 28h = 80 bytes after the previous one.
    CHECK(compare_planar(p, kAttr12, 0x0F, [](unsigned y) { return 0x1234u + y * 80; }, kNoShift) == "");
}

TEST_CASE("VGA TR CRTC Line Compare (18h, 07 bit 4, 09 bit 6): lines after the compare restart at address 0", "[vga]") {
    Rig r;
    r.set_mode(0xE3, kSeq12, kCrtc12, kAttr12, kGc12);
    fill_pattern(r);
    r.crtc(0x0C, 0x23);
    r.crtc(0x0D, 0x45);
    SECTION("compare 12Ch: bit 8 from the overflow register") {
        r.crtc(0x18, 0x2C);
        r.crtc(0x07, kCrtc12[7] | 0x10);
        r.crtc(0x09, kCrtc12[9] & ~0x40);
        Picture p = picture(r);
        // Scan lines 0-12Ch come from the start address, 12Dh onwards from address 0.
        CHECK(compare_planar(p, kAttr12, 0x0F,
                             [](unsigned y) { return y <= 0x12C ? 0x2345u + y * 80 : (y - 0x12D) * 80u; },
                             kNoShift) == "");
        CHECK(p.at(0, 0x12D) == ega(kAttr12[planar_colour(0, 0)]));
    }
    SECTION("compare 63: bits 8 and 9 clear") {
        r.crtc(0x18, 99);
        r.crtc(0x07, kCrtc12[7] & ~0x10);
        r.crtc(0x09, kCrtc12[9] & ~0x40);
        Picture p = picture(r);
        CHECK(compare_planar(p, kAttr12, 0x0F,
                             [](unsigned y) { return y <= 99 ? 0x2345u + y * 80 : (y - 100) * 80u; },
                             kNoShift) == "");
    }
    SECTION("compare 22Ch: bit 9 from the maximum scan line register is beyond the 480 lines") {
        r.crtc(0x18, 0x2C);
        r.crtc(0x07, kCrtc12[7] & ~0x10);
        r.crtc(0x09, kCrtc12[9] | 0x40);
        Picture p = picture(r);
        CHECK(compare_planar(p, kAttr12, 0x0F, [](unsigned y) { return 0x2345u + y * 80; }, kNoShift) == "");
    }
}

TEST_CASE("VGA TR Horizontal PEL Panning (attr 13h) in 16-colour graphics shifts left by 0-7 pixels", "[vga]") {
    Rig r;
    r.set_mode(0xE3, kSeq12, kCrtc12, kAttr12, kGc12);
    fill_pattern(r);
    for (unsigned pan = 0; pan < 8; ++pan) {
        CAPTURE(pan);
        r.attr(0x13, uint8_t(pan));
        r.in(0x3DA);
        r.out(0x3C0, 0x20);
        Picture p = picture(r);
        CHECK(compare_planar(p, kAttr12, 0x0F, [](unsigned y) { return y * 80u; },
                             [pan](unsigned) { return pan; }) == "");
    }
}

TEST_CASE("VGA TR attr Mode Control bit 5 (pixel panning compatibility): no panning below the split", "[vga]") {
    Rig r;
    r.set_mode(0xE3, kSeq12, kCrtc12, kAttr12, kGc12);
    fill_pattern(r);
    r.crtc(0x0C, 0x10);
    r.crtc(0x0D, 0x00);
    r.crtc(0x18, 199);
    r.crtc(0x07, kCrtc12[7] & ~0x10);
    r.crtc(0x09, kCrtc12[9] & ~0x40);
    r.crtc(0x08, 0x20);  // byte panning 1: one more character clock (8 pixels)
    r.attr(0x13, 5);
    auto start = [](unsigned y) { return y <= 199 ? 0x1000u + y * 80 : (y - 200) * 80u; };
    SECTION("bit 5 clear: both parts panned") {
        r.in(0x3DA);
        r.out(0x3C0, 0x20);
        Picture p = picture(r);
        CHECK(compare_planar(p, kAttr12, 0x0F, start, [](unsigned) { return 13u; }) == "");
    }
    SECTION("bit 5 set: pel and byte panning count as 0 after the line compare") {
        r.attr(0x10, 0x21);
        r.in(0x3DA);
        r.out(0x3C0, 0x20);
        Picture p = picture(r);
        CHECK(compare_planar(p, kAttr12, 0x0F, start, [](unsigned y) { return y <= 199 ? 13u : 0u; }) == "");
    }
}

TEST_CASE("VGA TR CRTC Offset (13h) with byte, word and doubleword addressing (17h bit 6, 14h bit 6)", "[vga]") {
    Rig r;
    r.set_mode(0xE3, kSeq12, kCrtc12, kAttr12, kGc12);
    fill_pattern(r);
    SECTION("byte mode, offset 30h: 96 bytes per line") {
        r.crtc(0x13, 0x30);
        Picture p = picture(r);
        CHECK(compare_planar(p, kAttr12, 0x0F, [](unsigned y) { return y * 96u; }, kNoShift) == "");
    }
    SECTION("word mode with MA13 in bit 0 (17h bit 5 clear): address counter shifted left 1") {
        r.crtc(0x13, 0x14);  // the counter advances 28h per line
        r.crtc(0x17, 0x83);
        Picture p = picture(r);
        // Each character clock k of line y reads plane offset 2*MA | MA13 with MA = 28h*y + k.
        std::string diff;
        for (unsigned y = 0; y < p.h && diff.empty(); ++y)
            for (unsigned x = 0; x < p.w; ++x) {
                const uint32_t ma = 0x28 * y + x / 8;
                const uint32_t off = ((ma << 1) | ((ma >> 13) & 1)) & 0xFFFF;
                if (p.at(x, y) != ega(kAttr12[planar_colour(off, x % 8)])) {
                    diff = "pixel (" + std::to_string(x) + "," + std::to_string(y) + ")";
                    break;
                }
            }
        CHECK(diff == "");
    }
    SECTION("doubleword mode: address counter shifted left 2") {
        r.crtc(0x13, 0x0A);
        r.crtc(0x14, 0x40);
        Picture p = picture(r);
        std::string diff;
        for (unsigned y = 0; y < p.h && diff.empty(); ++y)
            for (unsigned x = 0; x < p.w; ++x) {
                const uint32_t off = ((0x14 * y + x / 8) << 2) & 0xFFFF;
                if (p.at(x, y) != ega(kAttr12[planar_colour(off, x % 8)])) {
                    diff = "pixel (" + std::to_string(x) + "," + std::to_string(y) + ")";
                    break;
                }
            }
        CHECK(diff == "");
    }
}

TEST_CASE("VGA TR CRTC Maximum Scan Line (09h): scan doubling and repeated rows in graphics", "[vga]") {
    Rig r;
    r.set_mode(0xE3, kSeq12, kCrtc12, kAttr12, kGc12);
    fill_pattern(r);
    SECTION("bit 7: every scan line twice, 480 lines show 240 memory lines") {
        r.crtc(0x09, 0x80);
        Picture p = picture(r);
        REQUIRE(p.h == 240);
        CHECK(compare_planar(p, kAttr12, 0x0F, [](unsigned y) { return y * 80u; }, kNoShift) == "");
    }
    SECTION("maximum scan line 3: each memory line makes a row of 4 scan lines") {
        r.crtc(0x09, 0x03);
        Picture p = picture(r);
        REQUIRE(p.h == 120);
        CHECK(compare_planar(p, kAttr12, 0x0F, [](unsigned y) { return y * 80u; }, kNoShift) == "");
    }
}

TEST_CASE("VGA TR 256-colour mode: PEL panning 0/2/4/6 shifts 0-3 pixels", "[vga]") {
    Rig r;
    r.set_mode(0x63, kSeq13, kCrtc13, kAttr13, kGc13);
    for (uint32_t a = 0; a < 320 * 200 + 8; ++a) r.wr(0xA0000 + a, uint8_t(a * 13 + (a >> 8)));
    // Entries 0-255 of a DAC whose red component identifies the entry.
    r.out(0x3C8, 0);
    for (unsigned i = 0; i < 256; ++i) {
        r.out(0x3C9, uint8_t(i & 0x3F));
        r.out(0x3C9, uint8_t(i >> 6));
        r.out(0x3C9, 0);
    }
    auto colour = [](uint32_t a) {
        const uint8_t v = uint8_t(a * 13 + (a >> 8));
        return rgb6(v & 0x3F, v >> 6, 0);
    };
    for (unsigned pan : {0u, 2u, 4u, 6u}) {
        CAPTURE(pan);
        r.attr(0x13, uint8_t(pan));
        r.in(0x3DA);
        r.out(0x3C0, 0x20);
        Picture p = picture(r);
        REQUIRE(p.w == 320);
        REQUIRE(p.h == 200);
        // Chain 4: pixel (x, y) is the byte at A0000 + 320y + x.
        unsigned bad = 0;
        std::string first;
        for (unsigned y = 0; y < 200; ++y)
            for (unsigned x = 0; x < 320; ++x)
                if (!near_rgb(p.at(x, y), colour(320 * y + x + pan / 2)) && !bad++)
                    first = std::to_string(x) + "," + std::to_string(y);
        CAPTURE(first);
        CHECK(bad == 0);
    }
}

TEST_CASE("VGA TR text panning: 9-dot cells shift 1-8 for PEL values 0-7 and 0 for 8; 8-dot 0-7", "[vga]") {
    Rig r;
    r.set_mode(0x67, kSeq3, kCrtc3, kAttr3, kGc3);
    r.crtc(0x0A, 0x20);  // cursor off
    load_glyph(r, 'A', kGlyph);
    put_char(r, 0, 0, 'A', 0x0F);
    put_char(r, 1, 0, 'A', 0x0E);
    // The first scan lines of row 0 as 9-dot cells: glyph row y of 'A' in white then yellow.
    auto stream = [](unsigned cw, unsigned x, unsigned y) {
        const unsigned cell = x / cw, col = x % cw;
        if (cell > 1) return ega(0);
        const bool on = col < 8 && ((kGlyph[y] >> (7 - col)) & 1);
        return on ? ega(cell == 0 ? 0x3F : 0x3E) : ega(0);
    };
    const std::pair<unsigned, unsigned> nine[] = {{8, 0}, {0, 1}, {3, 4}, {7, 8}};
    for (auto [pan, shift] : nine) {
        CAPTURE(pan);
        r.attr(0x13, uint8_t(pan));
        r.in(0x3DA);
        r.out(0x3C0, 0x20);
        Picture p = picture(r);
        unsigned bad = 0;
        for (unsigned y = 0; y < 16; ++y)
            for (unsigned x = 0; x < 30; ++x) bad += p.at(x, y) != stream(9, x + shift, y);
        CHECK(bad == 0);
    }
    r.seq(1, 0x01);  // 8-dot character clock
    for (unsigned pan : {0u, 3u, 7u}) {
        CAPTURE(pan);
        r.attr(0x13, uint8_t(pan));
        r.in(0x3DA);
        r.out(0x3C0, 0x20);
        Picture p = picture(r);
        REQUIRE(p.w == 640);
        unsigned bad = 0;
        for (unsigned y = 0; y < 16; ++y)
            for (unsigned x = 0; x < 30; ++x) bad += p.at(x, y) != stream(8, x + pan, y);
        CHECK(bad == 0);
    }
}

TEST_CASE("VGA TR text: start address, Preset Row Scan (08h) and a split at the line compare", "[vga]") {
    Rig r;
    r.set_mode(0x67, kSeq3, kCrtc3, kAttr3, kGc3);
    r.crtc(0x0A, 0x20);
    load_glyph(r, 'A', kGlyph);
    put_char(r, 0, 0, 'A', 0x0C);  // row 0: light red
    put_char(r, 0, 1, 'A', 0x0A);  // row 1: light green
    put_char(r, 0, 2, 'A', 0x09);  // row 2: light blue
    // Start at row 1 (word address 80), first row begins at glyph line 5; split after line 100.
    r.crtc(0x0C, 0);
    r.crtc(0x0D, 80);
    r.crtc(0x08, 5);
    r.crtc(0x18, 100);
    r.crtc(0x07, kCrtc3[7] & ~0x10);
    r.crtc(0x09, kCrtc3[9] & ~0x40);
    Picture p = picture(r);
    REQUIRE(p.h == 400);
    auto glyph_line = [&](unsigned y, unsigned glyph_row, unsigned colour) {
        unsigned bad = 0;
        for (unsigned x = 0; x < 8; ++x) {
            const bool on = (kGlyph[glyph_row] >> (7 - x)) & 1;
            bad += p.at(x, y) != (on ? ega(colour) : ega(0));
        }
        return bad;
    };
    for (unsigned y = 0; y < 11; ++y) CHECK(glyph_line(y, y + 5, 0x3A) == 0);   // row 1, lines 5-15
    for (unsigned y = 11; y < 27; ++y) CHECK(glyph_line(y, y - 11, 0x39) == 0);  // row 2
    // Line 101 onward: address 0, row scan 0 (row 0 of the buffer), preset row scan ignored.
    for (unsigned y = 101; y < 117; ++y) CHECK(glyph_line(y, y - 101, 0x3C) == 0);
    CHECK(glyph_line(117, 0, 0x3A) == 0);  // then row 1 again
}

TEST_CASE("VGA TR text: underline on the Underline Location scan line for foreground 1 on background 0", "[vga]") {
    Rig r;
    r.set_mode(0x67, kSeq3, kCrtc3, kAttr3, kGc3);
    r.crtc(0x0A, 0x20);
    put_char(r, 0, 0, ' ', 0x01);
    put_char(r, 1, 0, ' ', 0x02);
    r.crtc(0x14, 0x0D);
    Picture p = picture(r);
    for (unsigned x = 0; x < 9; ++x) {
        CHECK(p.at(x, 13) == ega(0x01));
        CHECK(p.at(x, 12) == ega(0));
        CHECK(p.at(9 + x, 13) == ega(0));
    }
}

TEST_CASE("VGA TR mode 04h: CGA 2-bit pixels, even rows at B8000, odd rows at BA000", "[vga]") {
    Rig r;
    set_mode(r, kMode04);
    // IBM CGA layout: row y at 2000h * (y & 1) + 80 * (y >> 1); byte bits 7-6 are the leftmost
    // of its four pixels. The CPU sees it linearly through odd/even addressing.
    auto byte_at = [](uint32_t a) { return uint8_t(a * 29 + (a >> 7) + 1); };
    for (uint32_t a = 0; a < 0x4000; ++a) r.wr(0xB8000 + a, byte_at(a));
    Picture p = picture(r);
    REQUIRE(p.w == 320);
    REQUIRE(p.h == 200);
    unsigned bad = 0;
    for (unsigned y = 0; y < 200; ++y)
        for (unsigned x = 0; x < 320; ++x) {
            const uint32_t a = 0x2000 * (y & 1) + 80 * (y >> 1) + x / 4;
            const unsigned c = (byte_at(a) >> (6 - 2 * (x & 3))) & 3;
            bad += p.at(x, y) != ega(kMode04.attr[c]);
        }
    CHECK(bad == 0);
    // One byte by hand: BA000 + 80 = row 3, pixels 0-3 with colours 3, 2, 1, 0.
    r.wr(0xB8000 + 0x2000 + 80, 0xE4);
    p = picture(r);
    CHECK(p.at(0, 3) == ega(0x17));
    CHECK(p.at(1, 3) == ega(0x15));
    CHECK(p.at(2, 3) == ega(0x13));
    CHECK(p.at(3, 3) == ega(0x00));
}

TEST_CASE("VGA TR mode 06h: CGA 1-bit pixels and row scan bits 0/1 into address bits 13/14", "[vga]") {
    Rig r;
    set_mode(r, kMode06);
    auto byte_at = [](uint32_t a) { return uint8_t(a * 11 + (a >> 9) + 5); };
    for (uint32_t a = 0; a < 0x8000; ++a) r.wr(0xB8000 + a, byte_at(a));
    SECTION("mode 06h: two banks") {
        Picture p = picture(r);
        REQUIRE(p.w == 640);
        REQUIRE(p.h == 200);
        unsigned bad = 0;
        for (unsigned y = 0; y < 200; ++y)
            for (unsigned x = 0; x < 640; ++x) {
                const uint32_t a = 0x2000 * (y & 1) + 80 * (y >> 1) + x / 8;
                bad += p.at(x, y) != ega(kMode06.attr[(byte_at(a) >> (7 - x % 8)) & 1]);
            }
        CHECK(bad == 0);
    }
    SECTION("17h bit 1 clear, 4 scan lines per row: four banks (row scan bit 1 -> address bit 14)") {
        r.crtc(0x09, 0xC3);
        r.crtc(0x13, 0x28);
        r.crtc(0x17, 0xC0);
        Picture p = picture(r);
        REQUIRE(p.h == 200);
        unsigned bad = 0;
        for (unsigned y = 0; y < 200; ++y)
            for (unsigned x = 0; x < 640; ++x) {
                const uint32_t a = 0x2000 * (y & 1) + 0x4000 * ((y >> 1) & 1) + 80 * (y >> 2) + x / 8;
                bad += p.at(x, y) != ega(kMode06.attr[(byte_at(a) >> (7 - x % 8)) & 1]);
            }
        CHECK(bad == 0);
    }
}

TEST_CASE("VGA TR EGA planar modes 0Dh, 0Eh, 0Fh, 10h, 11h: size and pixel layout", "[vga]") {
    struct Case {
        const char* name;
        const ModeRegs* regs;
        unsigned w, h, bytes_per_line;
    };
    const Case cases[] = {{"0Dh", &kMode0D, 320, 200, 40}, {"0Eh", &kMode0E, 640, 200, 80},
                          {"0Fh", &kMode0F, 640, 350, 80}, {"10h", &kMode10, 640, 350, 80},
                          {"11h", &kMode11, 640, 480, 80}};
    for (const Case& c : cases) {
        CAPTURE(c.name);
        Rig r;
        set_mode(r, *c.regs);
        fill_pattern(r);
        Picture p = picture(r);
        CHECK(p.w == c.w);
        CHECK(p.h == c.h);
        const unsigned bpl = c.bytes_per_line;
        CHECK(compare_planar(p, c.regs->attr, c.regs->attr[0x12] & 0x0F, [bpl](unsigned y) { return y * bpl; },
                             kNoShift) == "");
    }
}

TEST_CASE("VGA TR frame timing from the CRTC: mode 0Dh halves the dot clock, mode 12h has 525 lines", "[vga]") {
    SECTION("mode 0Dh: 50 character clocks of 16 dots at 25.175 MHz, 449 lines, retrace at 19Ch") {
        Rig r;
        set_mode(r, kMode0D);
        const double line_ns = 50 * 16 * 1e9 / 25175000.0;
        r.clock.advance_to(uint64_t((0x19C - 0.5) * line_ns));
        CHECK((r.in(0x3DA) & 0x08) == 0);
        r.clock.advance_to(uint64_t((0x19C + 0.5) * line_ns));
        CHECK((r.in(0x3DA) & 0x08) == 0x08);
        r.clock.advance_to(uint64_t((449 + 0x19D + 0.5) * line_ns));
        CHECK((r.in(0x3DA) & 0x08) == 0x08);
        r.clock.advance_to(uint64_t((449 + 0x19E + 0.5) * line_ns));
        CHECK((r.in(0x3DA) & 0x08) == 0);
    }
    SECTION("mode 12h: 100 character clocks of 8 dots, 20Bh + 2 lines, retrace 1EAh-1EBh") {
        Rig r;
        r.set_mode(0xE3, kSeq12, kCrtc12, kAttr12, kGc12);
        const double line_ns = 100 * 8 * 1e9 / 25175000.0, frame = 525;
        r.clock.advance_to(uint64_t((frame * 3 + 100.2) * line_ns));
        CHECK((r.in(0x3DA) & 0x09) == 0x00);
        r.clock.advance_to(uint64_t((frame * 3 + 0x1E9 + 0.5) * line_ns));
        CHECK((r.in(0x3DA) & 0x08) == 0);
        r.clock.advance_to(uint64_t((frame * 3 + 0x1EA + 0.5) * line_ns));
        CHECK((r.in(0x3DA) & 0x09) == 0x09);
        r.clock.advance_to(uint64_t((frame * 3 + 0x1EC + 0.5) * line_ns));
        CHECK((r.in(0x3DA) & 0x08) == 0);
    }
}
