// A small PNG writer for screenshots (PNG specification, ISO/IEC 15948 / W3C PNG 2nd ed.):
// 8-bit RGB, no interlace, every scan line with filter type 0, one zlib IDAT chunk.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace bw::frontend {

// Encodes an XRGB8888 picture (top row first, 0x00RRGGBB per pixel) as a PNG file image.
// Returns an empty vector and sets *error when zlib fails or the size is out of range.
std::vector<uint8_t> encode_png(const uint32_t* xrgb, unsigned w, unsigned h, std::string* error);

// Writes the picture to `path`. On failure returns false and sets *error (when given).
bool write_png(const std::string& path, const uint32_t* xrgb, unsigned w, unsigned h, std::string* error);

} // namespace bw::frontend
