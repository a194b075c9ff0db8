// The headless run loop: runs the machine in slices until the guest or the options end the run,
// and turns the reason into the process exit status (see exit_codes.h).
#pragma once
#include <chrono>
#include <cstdint>
#include "devices/machine.h"
#include "frontend/guest_streams.h"
#include "frontend/options.h"

namespace bw { class Machine; enum class StopReason; }

namespace bw::frontend {

struct RunSummary {
    int exit_code = 0;
    uint64_t instructions = 0;  // executed during this run (across guest reboots)
    double wall_s = 0;
};

// Lets a front end with a window take part in the run loop (sdl_window.h). Without hooks the
// loop is the plain headless one.
class RunHooks {
public:
    enum class Next { Run, Skip, Quit };
    virtual ~RunHooks() = default;
    // Before each slice: Run it, Skip it (paused; the hook has waited a little), or Quit (the
    // user closed the window: exit status 0).
    virtual Next before_slice(Machine& m) = 0;
    // After each slice, with why it stopped.
    virtual void after_slice(Machine& m, StopReason why) = 0;
    // The CPU halted with interrupts disabled. True keeps the run going (a window stays open
    // showing the halted guest until the user resets or closes it).
    virtual bool keep_dead_halt(Machine&) { return false; }
    // Runs one slice. The debugger and the GDB stub step instead when breakpoints are set.
    virtual StopReason run_slice(Machine& m, uint64_t budget) { return m.run(budget); }
    // Ctrl-C. True when the hook takes it (the debugger stops the guest) instead of the run ending.
    virtual bool on_interrupt(Machine&) { return false; }
    // The run is ending with `status`; the hook may hold the machine (a debugger lets the user
    // inspect it) and returns the final status.
    virtual int at_end(Machine&, int status) { return status; }
    // Called once as the run starts when --timeout is given: the wall-clock moment the run
    // ends. A hook that blocks between slices (the GDB stub holding the guest stopped) must
    // return by then, so the loop can end the run with exit status 3.
    virtual void set_deadline(std::chrono::steady_clock::time_point) {}
};

RunSummary run_headless(Machine& m, const Options& o, GuestStreams& streams, RunHooks* hooks = nullptr);

} // namespace bw::frontend
