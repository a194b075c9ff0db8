// Screenshots: the VGA's current picture (any mode: text, planar, 256-colour, VBE) as a PNG, for
// --screenshot at the end of a run and the window's Ctrl+Alt+S.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace bw { class Machine; }

namespace bw::frontend {

// The machine's picture as XRGB8888 through Vga::render. False (with *error) when the machine
// has no VGA or the VGA shows no picture (timing registers unprogrammed).
bool grab_frame(Machine& m, std::vector<uint32_t>& rgb, unsigned& w, unsigned& h, std::string* error);

// Renders and writes `path`. False with a one-line *error on failure.
bool save_screenshot(Machine& m, const std::string& path, std::string* error);

// Checks up front that --screenshot FILE can be written (creating it empty), so a bad path is a
// usage error before the run rather than a surprise after it. "" when fine or not asked for.
std::string check_screenshot_path(const std::string& path);

// "boxwood-N.png" with the smallest N >= 1 that names no existing file in `dir`.
std::string next_screenshot_name(const std::string& dir = ".");

} // namespace bw::frontend
