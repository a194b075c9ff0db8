// The headless run loop: runs the machine in slices until the guest or the options end the run,
// and turns the reason into the process exit status (see exit_codes.h).
#pragma once
#include <cstdint>
#include "frontend/guest_streams.h"
#include "frontend/options.h"

namespace bw { class Machine; }

namespace bw::frontend {

struct RunSummary {
    int exit_code = 0;
    uint64_t instructions = 0;  // executed during this run (across guest reboots)
    double wall_s = 0;
};

RunSummary run_headless(Machine& m, const Options& o, GuestStreams& streams);

} // namespace bw::frontend
