// The run-loop side of debugging: RunHooks that run slices through a Monitor (stepping only
// while something is armed) and pass everything else on to an optional inner hook, the SDL
// window, so a debugged run can still have a window.
#pragma once
#include <algorithm>
#include "frontend/debugger_monitor.h"
#include "frontend/headless.h"

namespace bw::frontend {

class MonitoredRun : public RunHooks {
public:
    MonitoredRun(dbg::Monitor& mon, RunHooks* inner) : mon_(mon), inner_(inner) {}

    Next before_slice(Machine& m) override { return inner_ ? inner_->before_slice(m) : Next::Run; }
    void after_slice(Machine& m, StopReason why) override {
        if (inner_) inner_->after_slice(m, why);
    }
    bool keep_dead_halt(Machine& m) override { return inner_ && inner_->keep_dead_halt(m); }
    StopReason run_slice(Machine&, uint64_t budget) override {
        // Stepped slices are shorter so that Ctrl-C and GDB's interrupt stay prompt.
        return mon_.run(mon_.needs_stepping() ? std::min<uint64_t>(budget, kSteppedSlice) : budget);
    }
    bool on_interrupt(Machine& m) override { return inner_ && inner_->on_interrupt(m); }
    int at_end(Machine& m, int status) override { return inner_ ? inner_->at_end(m, status) : status; }
    void set_deadline(std::chrono::steady_clock::time_point t) override {
        if (inner_) inner_->set_deadline(t);
    }

protected:
    static constexpr uint64_t kSteppedSlice = 100'000;
    dbg::Monitor& mon_;
    RunHooks* inner_;
};

} // namespace bw::frontend
