#include "frontend/run_stats.h"
#include <cstdio>

namespace bw::frontend {

std::string format_stats(uint64_t instructions, uint64_t virtual_ns, double wall_s) {
    double mips = wall_s > 0 ? double(instructions) / wall_s / 1e6 : 0.0;
    char buf[160];
    std::snprintf(buf, sizeof buf, "boxwood: stats: %llu instructions, virtual %.3f s, wall %.3f s, %.1f MIPS",
                  static_cast<unsigned long long>(instructions), double(virtual_ns) / 1e9, wall_s, mips);
    return buf;
}

} // namespace bw::frontend
