// The one-line --stats summary printed on stderr when the run ends.
#pragma once
#include <cstdint>
#include <string>

namespace bw::frontend {

// e.g. "boxwood: stats: 12000000 instructions, virtual 0.120 s, wall 0.081 s, 148.1 MIPS"
std::string format_stats(uint64_t instructions, uint64_t virtual_ns, double wall_s);

} // namespace bw::frontend
