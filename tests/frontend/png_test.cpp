// The PNG writer against the PNG specification (W3C PNG 2nd edition): signature (5.2), chunk
// layout and CRC-32 over type and data (5.3), IHDR fields (11.2.2), zlib IDAT holding filter-byte
// prefixed scan lines (9.2, 10), IEND last (11.2.5). The file is decoded here with zlib alone.
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <zlib.h>
#include "frontend/png_writer.h"

namespace {

uint32_t be32(const std::vector<uint8_t>& b, size_t at) {
    return (uint32_t(b[at]) << 24) | (uint32_t(b[at + 1]) << 16) | (uint32_t(b[at + 2]) << 8) | b[at + 3];
}

struct Chunk {
    std::string type;
    std::vector<uint8_t> data;
};

// Splits the file into chunks, checking every CRC.
std::vector<Chunk> parse_chunks(const std::vector<uint8_t>& png) {
    std::vector<Chunk> chunks;
    size_t at = 8;
    while (at + 12 <= png.size()) {
        uint32_t len = be32(png, at);
        REQUIRE(at + 12 + len <= png.size());
        Chunk c{std::string(png.begin() + at + 4, png.begin() + at + 8),
                std::vector<uint8_t>(png.begin() + at + 8, png.begin() + at + 8 + len)};
        uLong crc = crc32(crc32(0L, Z_NULL, 0), png.data() + at + 4, uInt(4 + len));
        CHECK(be32(png, at + 8 + len) == uint32_t(crc));
        chunks.push_back(c);
        at += 12 + len;
    }
    CHECK(at == png.size());
    return chunks;
}

} // namespace

TEST_CASE("PNG spec 5.2/5.3/11.2: signature, IHDR, IDAT scan lines, IEND", "[png]") {
    const unsigned w = 3, h = 2;
    const uint32_t pixels[w * h] = {0x00FF0000, 0x0000FF00, 0x000000FF, 0x00123456, 0x00FFFFFF, 0x00000000};
    const std::string path = "png_test_output.png";
    std::string error;
    REQUIRE(bw::frontend::write_png(path, pixels, w, h, &error));
    std::ifstream f(path, std::ios::binary);
    std::vector<uint8_t> png((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    std::remove(path.c_str());

    const uint8_t sig[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    REQUIRE(png.size() > 8);
    CHECK(std::equal(sig, sig + 8, png.begin()));

    std::vector<Chunk> chunks = parse_chunks(png);
    REQUIRE(chunks.size() == 3);
    CHECK(chunks[0].type == "IHDR");
    CHECK(chunks[1].type == "IDAT");
    CHECK(chunks[2].type == "IEND");
    CHECK(chunks[2].data.empty());

    const auto& ihdr = chunks[0].data;
    REQUIRE(ihdr.size() == 13);
    CHECK(be32(ihdr, 0) == w);
    CHECK(be32(ihdr, 4) == h);
    CHECK(ihdr[8] == 8);   // bit depth
    CHECK(ihdr[9] == 2);   // colour type: truecolour
    CHECK(ihdr[10] == 0);  // compression: deflate
    CHECK(ihdr[11] == 0);  // filter method 0
    CHECK(ihdr[12] == 0);  // no interlace

    std::vector<uint8_t> raw(h * (1 + w * 3) + 16);
    uLongf rawlen = uLongf(raw.size());
    REQUIRE(uncompress(raw.data(), &rawlen, chunks[1].data.data(), uLong(chunks[1].data.size())) == Z_OK);
    REQUIRE(rawlen == h * (1 + w * 3));
    for (unsigned y = 0; y < h; ++y) {
        const uint8_t* line = &raw[y * (1 + w * 3)];
        CHECK(line[0] == 0);  // filter type None, so the bytes are the samples
        for (unsigned x = 0; x < w; ++x) {
            uint32_t p = pixels[y * w + x];
            CHECK(line[1 + x * 3] == uint8_t(p >> 16));
            CHECK(line[2 + x * 3] == uint8_t(p >> 8));
            CHECK(line[3 + x * 3] == uint8_t(p));
        }
    }
}

TEST_CASE("PNG writer reports errors", "[png]") {
    const uint32_t pixel = 0;
    std::string error;
    CHECK_FALSE(bw::frontend::write_png("/nonexistent-dir/x.png", &pixel, 1, 1, &error));
    CHECK(error.find("nonexistent-dir") != std::string::npos);
    error.clear();
    CHECK_FALSE(bw::frontend::write_png("x.png", &pixel, 0, 1, &error));
    CHECK_FALSE(error.empty());
}
