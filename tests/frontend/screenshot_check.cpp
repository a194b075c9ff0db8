// Checks screenshots pixel by pixel against definitions from outside the emulator:
//
//   screenshot_check rom PNG shot_rom.asm
//       the --screenshot of tests/frontend/shot_rom.asm: a 720x400 mode 3 picture, black except
//       the ROM's two cells, whose pixels follow the ROM's own glyph bytes (the `glyph:` line)
//       in the standard CGA/EGA colours (IBM VGA TR: mode 3 palette, DAC 6-bit levels).
//   screenshot_check text PNG SCREEN.txt font8x16.inc
//       a mode 3 --screenshot and the --dump-screen of the same moment: every printable ASCII
//       cell shows that character's glyph from the font source (bios/font8x16.inc) in two
//       colours, the 9th column in the background colour. One cell may differ (the cursor).
//   screenshot_check window CAPTURE.ppm REF.png
//       a capture of the desktop window (Xvfb) against the headless --screenshot: the window's
//       4:3 picture, scaled back by nearest neighbour, matches every text cell of the reference.
//
// Images: PNG (8-bit RGB/RGBA, any filter, as written by png_writer or other tools) or binary PPM.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>
#include <zlib.h>

namespace {

struct Image {
    unsigned w = 0, h = 0;
    std::vector<uint32_t> px;  // 0xRRGGBB
    uint32_t at(unsigned x, unsigned y) const { return px[size_t(y) * w + x]; }
};

int failures = 0;
void fail(const std::string& msg) {
    if (failures < 20) std::printf("FAIL: %s\n", msg.c_str());
    ++failures;
}

std::vector<uint8_t> read_all(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return std::vector<uint8_t>((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

uint32_t be32(const std::vector<uint8_t>& b, size_t at) {
    return (uint32_t(b[at]) << 24) | (uint32_t(b[at + 1]) << 16) | (uint32_t(b[at + 2]) << 8) | b[at + 3];
}

// PNG decoding (PNG spec: IHDR 11.2.2, zlib IDAT 10, filters 9.2), 8-bit RGB or RGBA only.
bool decode_png(const std::vector<uint8_t>& b, Image& img) {
    if (b.size() < 8 || b[0] != 0x89 || b[1] != 'P') return false;
    std::vector<uint8_t> z;
    unsigned depth = 0, type = 0;
    for (size_t at = 8; at + 12 <= b.size();) {
        uint32_t len = be32(b, at);
        std::string t(b.begin() + at + 4, b.begin() + at + 8);
        if (t == "IHDR") img.w = be32(b, at + 8), img.h = be32(b, at + 12), depth = b[at + 16], type = b[at + 17];
        if (t == "IDAT") z.insert(z.end(), b.begin() + at + 8, b.begin() + at + 8 + len);
        at += 12 + len;
    }
    const unsigned bpp = type == 2 ? 3 : type == 6 ? 4 : 0;
    if (depth != 8 || !bpp) return false;
    const size_t stride = size_t(img.w) * bpp;
    uLongf raw_len = uLongf((stride + 1) * img.h);
    std::vector<uint8_t> raw(raw_len);
    if (uncompress(raw.data(), &raw_len, z.data(), uLong(z.size())) != Z_OK || raw_len != raw.size()) return false;
    std::vector<uint8_t> prev(stride, 0), cur(stride);
    img.px.resize(size_t(img.w) * img.h);
    for (unsigned y = 0; y < img.h; ++y) {
        const uint8_t* line = &raw[y * (stride + 1)];
        for (size_t i = 0; i < stride; ++i) {
            int a = i >= bpp ? cur[i - bpp] : 0, up = prev[i], c = i >= bpp ? prev[i - bpp] : 0, v = line[1 + i];
            switch (line[0]) {
            case 0: break;
            case 1: v += a; break;
            case 2: v += up; break;
            case 3: v += (a + up) / 2; break;
            case 4: {
                int p = a + up - c, pa = std::abs(p - a), pb = std::abs(p - up), pc = std::abs(p - c);
                v += (pa <= pb && pa <= pc) ? a : pb <= pc ? up : c;
                break;
            }
            default: return false;
            }
            cur[i] = uint8_t(v);
        }
        for (unsigned x = 0; x < img.w; ++x)
            img.px[size_t(y) * img.w + x] = (uint32_t(cur[x * bpp]) << 16) | (uint32_t(cur[x * bpp + 1]) << 8) | cur[x * bpp + 2];
        prev.swap(cur);
    }
    return true;
}

// Binary PPM (P6, maxval 255).
bool decode_ppm(const std::vector<uint8_t>& b, Image& img) {
    if (b.size() < 2 || b[0] != 'P' || b[1] != '6') return false;
    size_t at = 2;
    unsigned vals[3];
    for (unsigned& v : vals) {
        while (at < b.size() && (std::isspace(b[at]) || b[at] == '#')) {
            if (b[at] == '#') while (at < b.size() && b[at] != '\n') ++at;
            else ++at;
        }
        v = 0;
        while (at < b.size() && std::isdigit(b[at])) v = v * 10 + (b[at++] - '0');
    }
    ++at;
    img.w = vals[0], img.h = vals[1];
    if (vals[2] != 255 || b.size() < at + size_t(img.w) * img.h * 3) return false;
    img.px.resize(size_t(img.w) * img.h);
    for (size_t i = 0; i < img.px.size(); ++i, at += 3)
        img.px[i] = (uint32_t(b[at]) << 16) | (uint32_t(b[at + 1]) << 8) | b[at + 2];
    return true;
}

bool load(const std::string& path, Image& img) {
    std::vector<uint8_t> b = read_all(path);
    if (decode_png(b, img) || decode_ppm(b, img)) return true;
    std::printf("FAIL: cannot decode '%s' (PNG 8-bit RGB/RGBA or PPM P6 expected)\n", path.c_str());
    return false;
}

// The `db` bytes of the first line of `path` that starts with `label` (after optional blanks),
// or of every `db` line when label is empty (the font source: 256 lines of 16 bytes).
std::vector<uint8_t> asm_bytes(const std::string& path, const std::string& label) {
    std::ifstream f(path);
    std::vector<uint8_t> out;
    for (std::string line; std::getline(f, line);) {
        line = line.substr(0, line.find(';'));
        size_t db = line.find("db ");
        if (db == std::string::npos) continue;
        if (!label.empty() && line.find(label) == std::string::npos) continue;
        std::stringstream ss(line.substr(db + 3));
        for (std::string item; std::getline(ss, item, ',');) out.push_back(uint8_t(std::stoul(item, nullptr, 0)));
        if (!label.empty()) break;
    }
    return out;
}

// Checks one 9x16 cell at (col, row) of a mode 3 picture: glyph bits in fg, the rest (and the
// 9th column) in bg. Returns the number of wrong pixels.
unsigned check_cell(const Image& img, unsigned col, unsigned row, const uint8_t* glyph, uint32_t fg, uint32_t bg) {
    unsigned wrong = 0;
    for (unsigned y = 0; y < 16; ++y)
        for (unsigned x = 0; x < 9; ++x) {
            bool on = x < 8 && ((glyph[y] >> (7 - x)) & 1);
            if (img.at(col * 9 + x, row * 16 + y) != (on ? fg : bg)) ++wrong;
        }
    return wrong;
}

int check_rom(const std::string& png, const std::string& asm_path) {
    Image img;
    if (!load(png, img)) return 1;
    std::vector<uint8_t> glyph = asm_bytes(asm_path, "glyph:");
    if (glyph.size() != 16) { fail("no 16-byte glyph: line in " + asm_path); return 1; }
    if (img.w != 720 || img.h != 400) { fail("picture is " + std::to_string(img.w) + "x" + std::to_string(img.h) + ", expected 720x400"); return 1; }
    // CGA colours as the VGA's mode 3 shows them: 1 blue 0000AA, 4 red AA0000, 14 yellow
    // FFFF55, 15 white FFFFFF (6-bit DAC levels 2Ah/15h/3Fh scaled to 8 bits).
    struct Cell { unsigned col, row; uint32_t fg, bg; };
    const Cell cells[] = {{3, 2, 0xFFFF55, 0x0000AA}, {10, 5, 0xFFFFFF, 0xAA0000}};
    for (const Cell& c : cells)
        if (unsigned n = check_cell(img, c.col, c.row, glyph.data(), c.fg, c.bg))
            fail("cell (" + std::to_string(c.row) + "," + std::to_string(c.col) + "): " + std::to_string(n) + " wrong pixels");
    unsigned stray = 0;
    for (unsigned y = 0; y < img.h; ++y)
        for (unsigned x = 0; x < img.w; ++x) {
            bool in_cell = false;
            for (const Cell& c : cells) in_cell |= x / 9 == c.col && y / 16 == c.row;
            if (!in_cell && img.at(x, y) != 0) ++stray;
        }
    if (stray) fail(std::to_string(stray) + " non-black pixels outside the two cells");
    return failures ? 1 : 0;
}

int check_text(const std::string& png, const std::string& screen_path, const std::string& font_path) {
    Image img;
    if (!load(png, img)) return 1;
    std::vector<uint8_t> font = asm_bytes(font_path, "");
    if (font.size() != 256 * 16) { fail("font source has " + std::to_string(font.size()) + " bytes"); return 1; }
    if (img.w != 720 || img.h != 400) { fail("picture is not 720x400"); return 1; }
    std::ifstream f(screen_path);
    unsigned row = 0, checked = 0, bad = 0;
    for (std::string line; std::getline(f, line) && row < 25; ++row) {
        unsigned col = 0;
        for (unsigned char ch : line) {
            if ((ch & 0xC0) == 0x80) continue;  // UTF-8 continuation: same cell
            if (ch > 0x20 && ch < 0x7F && col < 80) {
                const uint8_t* g = &font[ch * 16];
                // The cell's colours: fg where the glyph is set, bg at the 9th column.
                uint32_t bg = img.at(col * 9 + 8, row * 16), fg = bg;
                for (unsigned y = 0; y < 16 && fg == bg; ++y)
                    for (unsigned x = 0; x < 8; ++x)
                        if ((g[y] >> (7 - x)) & 1) { fg = img.at(col * 9 + x, row * 16 + y); break; }
                ++checked;
                if (fg == bg || check_cell(img, col, row, g, fg, bg)) {
                    ++bad;
                    std::printf("cell (%u,%u) '%c' does not show its glyph\n", row, col, ch);
                }
            }
            ++col;
        }
    }
    std::printf("%u text cells checked, %u differ\n", checked, bad);
    if (checked < 20) fail("fewer than 20 text cells on the screen dump");
    if (bad > 1) fail(std::to_string(bad) + " cells differ from the font (one is allowed: the cursor)");
    return failures ? 1 : 0;
}

int check_window(const std::string& capture, const std::string& ref_png) {
    Image win, ref;
    if (!load(capture, win) || !load(ref_png, ref)) return 1;
    // The window letterboxes the picture to 4:3 (sdl_window.cpp fit_4_3).
    unsigned dw = win.w, dh = win.w * 3 / 4;
    if (dh > win.h) dh = win.h, dw = win.h * 4 / 3;
    const unsigned x0 = (win.w - dw) / 2, y0 = (win.h - dh) / 2;
    std::printf("window %ux%u, picture %ux%u at (%u,%u), reference %ux%u\n", win.w, win.h, dw, dh, x0, y0, ref.w, ref.h);
    // Cells of the reference (9x16 in text modes, else 8x8 blocks) that hold more than one colour.
    const unsigned cw = ref.w == 720 ? 9 : 8, ch = ref.h == 400 ? 16 : 8;
    unsigned text_cells = 0, bad_cells = 0;
    for (unsigned cy = 0; cy + ch <= ref.h; cy += ch)
        for (unsigned cx = 0; cx + cw <= ref.w; cx += cw) {
            bool mixed = false;
            for (unsigned y = cy; y < cy + ch && !mixed; ++y)
                for (unsigned x = cx; x < cx + cw; ++x) mixed |= ref.at(x, y) != ref.at(cx, cy);
            if (!mixed) continue;
            ++text_cells;
            // Every window pixel over this cell must have the colour of the reference pixel it
            // samples; rounding of the scaler may pick the neighbour, so either is accepted.
            unsigned total = 0, match = 0;
            for (unsigned Y = y0 + (cy * dh + ref.h - 1) / ref.h; Y < y0 + (cy + ch) * dh / ref.h; ++Y)
                for (unsigned X = x0 + (cx * dw + ref.w - 1) / ref.w; X < x0 + (cx + cw) * dw / ref.w; ++X) {
                    const uint32_t p = win.at(X, Y);
                    bool ok = false;
                    for (unsigned oy = 0; oy < 2 && !ok; ++oy)
                        for (unsigned ox = 0; ox < 2 && !ok; ++ox) {
                            unsigned sx = std::min(ref.w - 1, unsigned(((X - x0) * 2 + ox) * ref.w / (2 * dw)));
                            unsigned sy = std::min(ref.h - 1, unsigned(((Y - y0) * 2 + oy) * ref.h / (2 * dh)));
                            ok = p == ref.at(sx, sy);
                        }
                    ++total;
                    match += ok;
                }
            if (total == 0 || match * 100 < total * 95) {
                ++bad_cells;
                std::printf("cell at (%u,%u): %u of %u window pixels match\n", cx, cy, match, total);
            }
        }
    std::printf("%u text cells in the reference, %u differ in the window\n", text_cells, bad_cells);
    if (text_cells < 10) fail("the reference shows fewer than 10 text cells");
    if (bad_cells > 1) fail(std::to_string(bad_cells) + " cells differ (one is allowed: the cursor)");
    return failures ? 1 : 0;
}

} // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    int r = 2;
    if (mode == "rom" && argc == 4) r = check_rom(argv[2], argv[3]);
    else if (mode == "text" && argc == 5) r = check_text(argv[2], argv[3], argv[4]);
    else if (mode == "window" && argc == 4) r = check_window(argv[2], argv[3]);
    else std::fprintf(stderr, "usage: screenshot_check rom PNG ASM | text PNG SCREEN FONT | window CAPTURE REF\n");
    if (r == 0) std::printf("screenshot_check %s: OK\n", mode.c_str());
    return r;
}
