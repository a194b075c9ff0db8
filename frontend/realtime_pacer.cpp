#include "frontend/realtime_pacer.h"
#include <algorithm>

namespace bw::frontend {

void RealtimePacer::restart(Ns wall, uint64_t virtual_ns) {
    wall0_ = wall;
    virtual0_ = virtual_ns;
}

RealtimePacer::Ns RealtimePacer::pace(Ns wall, uint64_t virtual_ns) {
    if (virtual_ns < virtual0_) {  // the virtual clock went back (a new machine): start again
        restart(wall, virtual_ns);
        return Ns(0);
    }
    const Ns virt(int64_t(virtual_ns - virtual0_));
    const Ns elapsed = wall - wall0_;
    if (virt > elapsed) return std::min(virt - elapsed, kMaxSleep);
    if (elapsed - virt > kMaxLag) restart(wall, virtual_ns);
    return Ns(0);
}

} // namespace bw::frontend
