// The 80x25 colour text screen as host text, for --dump-screen and for matching --until.
#pragma once
#include <optional>
#include <string>

namespace bw { class Machine; }

namespace bw::frontend {

// The text screen as UTF-8 lines (code page 437 glyphs translated, trailing blanks trimmed, each
// ending in '\n'), or nothing in a graphics mode or when this build cannot read it.
//
// With a "vga" device the VGA's side-effect-free text_snapshot() is used (reading B8000h over the
// bus would disturb the VGA read latches). A machine without a VGA keeps text-mode writes in plain
// RAM at B8000h, which is then read directly as 80x25 cells.
std::optional<std::string> read_text_screen(Machine& m);

// Code page 437 to UTF-8 for one character cell (0 and 0x20 become a space).
std::string cp437_to_utf8(unsigned char c);

} // namespace bw::frontend
