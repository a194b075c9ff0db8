// --realtime: keeps guest (virtual) time from running ahead of wall-clock time. The logic works
// on times it is given, not on clocks it reads, so tests drive it with a fake clock; the window
// reads the clocks and sleeps for what pace() returns.
#pragma once
#include <chrono>
#include <cstdint>

namespace bw::frontend {

class RealtimePacer {
public:
    using Ns = std::chrono::nanoseconds;
    // One sleep never exceeds this, so the window keeps handling input and repainting.
    static constexpr Ns kMaxSleep = std::chrono::milliseconds(50);
    // A guest this far behind (slow host, a long pause, the debugger) does not race to catch up:
    // the baseline moves to now instead.
    static constexpr Ns kMaxLag = std::chrono::seconds(1);

    // Takes (wall, virtual) as the moment both clocks agree (start, resume from pause).
    void restart(Ns wall, uint64_t virtual_ns);
    // How long to sleep now so that virtual time since the baseline does not exceed wall time
    // since the baseline; zero when the guest is not ahead. Only ever slows the guest down.
    Ns pace(Ns wall, uint64_t virtual_ns);

private:
    Ns wall0_{0};
    uint64_t virtual0_ = 0;
};

} // namespace bw::frontend
