// Shared by the ATA tests: disk and CD images of known contents, and an IRQ line recorder.
// Sector k of an image starts with k (little endian); the rest is a pattern of k and the offset.
#pragma once
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>
#include "devices/irq.h"

namespace bw::test {

struct IrqLog : IrqSink {
    bool line[16] = {};
    void set_irq(unsigned irq, bool level) override { line[irq] = level; }
};

inline uint8_t pattern(uint64_t sector, unsigned i, unsigned sector_size) {
    if (i < 4) return uint8_t(sector >> (8 * i));
    return uint8_t(sector * 7 + i / (sector_size == 512 ? 1 : 3));
}

// Writes `sectors` sectors of pattern() to NAME in a per-process folder named after `tag`.
inline std::string make_image(const std::string& tag, const std::string& name, uint32_t sectors,
                              unsigned sector_size) {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("boxwood_" + tag + "_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::string path = (dir / name).string();
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    std::vector<char> s(sector_size);
    for (uint32_t k = 0; k < sectors; ++k) {
        for (unsigned i = 0; i < sector_size; ++i) s[i] = char(pattern(k, i, sector_size));
        f.write(s.data(), std::streamsize(s.size()));
    }
    return path;
}

} // namespace bw::test
