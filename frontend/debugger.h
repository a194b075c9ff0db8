// The debugger console (--debug, --debug-script FILE, Ctrl-C in a headless run), modelled on
// the Bochs debugger and gdb. It runs inside the headless loop as RunHooks: while the guest is
// stopped, before_slice() reads commands; run-control commands arm the shared Monitor and let
// the loop run the next slices. See debugger_commands.cpp for the command list.
#pragma once
#include <istream>
#include <ostream>
#include <string>
#include "frontend/debugger_hooks.h"

namespace bw::frontend {

class Debugger : public MonitoredRun {
public:
    // Commands come from `in`; with `echo` (input that is not a terminal) each command is
    // repeated after the prompt so that a transcript reads like an interactive session.
    Debugger(Machine& m, dbg::Monitor& mon, RunHooks* inner, std::istream& in, bool echo, std::ostream& out);
    ~Debugger() override;

    // Stops the guest before the next instruction and opens the prompt (--debug, window hotkey).
    void request_stop(const std::string& why);
    // Explicit (--debug): a dead halt or the end of the run opens the prompt, and q exits 0.
    // Otherwise the console is dormant until Ctrl-C, the run ends as without it, and q after
    // Ctrl-C exits with the Ctrl-C status.
    void set_explicit(bool on) { explicit_ = on; }

    Next before_slice(Machine& m) override;
    bool keep_dead_halt(Machine& m) override;
    bool on_interrupt(Machine& m) override;
    int at_end(Machine& m, int status) override;

private:
    enum class Outcome { Stay, Resume, Quit };
    Outcome prompt(bool ended);
    Outcome execute(const std::string& line, bool ended);
    void report_stop();
    void show_next();

    Machine& m_;
    std::istream& in_;
    bool echo_;
    std::ostream& out_;
    bool stopped_ = false;
    std::string stop_note_;   // printed when the prompt opens
    bool quit_ = false;
    bool explicit_ = false;
    int trace_sink_ = 0;      // `trace on`
    std::string last_line_;   // an empty line repeats it (interactive only)
};

} // namespace bw::frontend
