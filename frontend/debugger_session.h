// Builds the debugging the options ask for and hands the run loop one RunHooks:
//   --debug / --debug-script FILE   the console, stopped before the first instruction
//   --gdb PORT [--gdb-wait]         the GDB remote stub
//   --trace FILE                    the instruction trace (with or without the above)
// In an interactive run (stdin is a terminal) without --gdb the console is also present,
// dormant, so that Ctrl-C opens it instead of ending the run. `inner` is the window's hooks,
// kept underneath so a debugged run can have a window.
#pragma once
#include <fstream>
#include <memory>
#include <string>
#include "frontend/debugger.h"
#include "frontend/gdb_stub.h"
#include "frontend/options.h"
#include "frontend/trace.h"

namespace bw::frontend {

class DebugSession {
public:
    DebugSession() = default;
    ~DebugSession();

    // Returns "" or a one-line usage error (unreadable script, port in use, unwritable trace).
    std::string open(Machine& m, const Options& o, RunHooks* inner);
    RunHooks* hooks() { return hooks_; }
    // Stops the guest and opens the console (the window's Ctrl+Alt+D); false without a console.
    bool request_console(const std::string& why);

private:
    std::unique_ptr<dbg::Monitor> mon_;
    std::ifstream script_;
    std::unique_ptr<Debugger> console_;
    std::unique_ptr<GdbStub> gdb_;
    std::unique_ptr<MonitoredRun> plain_;
    TraceFile trace_;
    RunHooks* hooks_ = nullptr;
};

} // namespace bw::frontend
