#include "frontend/png_writer.h"
#include <cstdio>
#include <zlib.h>

namespace bw::frontend {

namespace {

void put_be32(std::vector<uint8_t>& out, uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(uint8_t(v >> s));
}

// A chunk is length, type, data, and the CRC-32 of type and data (PNG spec 5.3).
void put_chunk(std::vector<uint8_t>& out, const char type[4], const std::vector<uint8_t>& data) {
    put_be32(out, uint32_t(data.size()));
    size_t type_at = out.size();
    out.insert(out.end(), type, type + 4);
    out.insert(out.end(), data.begin(), data.end());
    uLong crc = crc32(0L, Z_NULL, 0);
    crc = crc32(crc, out.data() + type_at, uInt(4 + data.size()));
    put_be32(out, uint32_t(crc));
}

// IHDR: width, height, bit depth 8, colour type 2 (truecolour), compression 0, filter 0,
// interlace 0 (PNG spec 11.2.2).
std::vector<uint8_t> ihdr(unsigned w, unsigned h) {
    std::vector<uint8_t> d;
    put_be32(d, w);
    put_be32(d, h);
    d.insert(d.end(), {8, 2, 0, 0, 0});
    return d;
}

// The filtered image: each scan line is filter type 0 (None) followed by R, G, B bytes.
std::vector<uint8_t> raw_scanlines(const uint32_t* xrgb, unsigned w, unsigned h) {
    std::vector<uint8_t> raw;
    raw.reserve(size_t(h) * (1 + size_t(w) * 3));
    for (unsigned y = 0; y < h; ++y) {
        raw.push_back(0);
        for (unsigned x = 0; x < w; ++x) {
            uint32_t p = xrgb[size_t(y) * w + x];
            raw.insert(raw.end(), {uint8_t(p >> 16), uint8_t(p >> 8), uint8_t(p)});
        }
    }
    return raw;
}

void set_error(std::string* error, const std::string& msg) {
    if (error) *error = msg;
}

} // namespace

std::vector<uint8_t> encode_png(const uint32_t* xrgb, unsigned w, unsigned h, std::string* error) {
    if (w == 0 || h == 0 || w > 0x7FFFFFFFu / 4 || h > 0x7FFFFFFFu / 4 || uint64_t(w) * h > (1u << 28)) {
        set_error(error, "picture size out of range");
        return {};
    }
    std::vector<uint8_t> raw = raw_scanlines(xrgb, w, h);
    uLongf zlen = compressBound(uLong(raw.size()));
    std::vector<uint8_t> z(zlen);
    if (compress2(z.data(), &zlen, raw.data(), uLong(raw.size()), Z_BEST_SPEED) != Z_OK) {
        set_error(error, "zlib compression failed");
        return {};
    }
    z.resize(zlen);
    static const uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    std::vector<uint8_t> png(kSignature, kSignature + 8);
    put_chunk(png, "IHDR", ihdr(w, h));
    put_chunk(png, "IDAT", z);
    put_chunk(png, "IEND", {});
    return png;
}

bool write_png(const std::string& path, const uint32_t* xrgb, unsigned w, unsigned h, std::string* error) {
    std::vector<uint8_t> png = encode_png(xrgb, w, h, error);
    if (png.empty()) return false;
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) {
        set_error(error, "cannot create '" + path + "'");
        return false;
    }
    bool ok = std::fwrite(png.data(), 1, png.size(), f) == png.size();
    ok = (std::fclose(f) == 0) && ok;
    if (!ok) set_error(error, "cannot write '" + path + "'");
    return ok;
}

} // namespace bw::frontend
