#include "frontend/debugger_session.h"
#include <unistd.h>
#include <iostream>

namespace bw::frontend {

DebugSession::~DebugSession() = default;

std::string DebugSession::open(Machine& m, const Options& o, RunHooks* inner) {
    hooks_ = inner;
    const bool interactive = ::isatty(STDIN_FILENO) == 1;
    const bool want_console = o.debug || (interactive && !o.gdb_port);
    if (!want_console && !o.gdb_port && o.trace_path.empty()) return {};  // plain run, no hooks of ours

    mon_ = std::make_unique<dbg::Monitor>(m);
    if (!o.trace_path.empty()) {
        if (std::string err = trace_.open(o.trace_path); !err.empty()) return err;
        trace_.attach(*mon_);
    }
    if (o.gdb_port) {
        gdb_ = std::make_unique<GdbStub>(m, *mon_, inner);
        if (std::string err = gdb_->listen(*o.gdb_port, o.gdb_wait); !err.empty()) return err;
        hooks_ = gdb_.get();
    } else if (want_console) {
        std::istream* in = &std::cin;
        bool echo = !interactive;
        if (!o.debug_script.empty()) {
            script_.open(o.debug_script);
            if (!script_) return "cannot open debugger script '" + o.debug_script + "'";
            in = &script_;
            echo = true;
        }
        console_ = std::make_unique<Debugger>(m, *mon_, inner, *in, echo, std::cout);
        console_->set_explicit(o.debug);
        if (o.debug) console_->request_stop("stopped before the first instruction");
        hooks_ = console_.get();
    } else {
        plain_ = std::make_unique<MonitoredRun>(*mon_, inner);
        hooks_ = plain_.get();
    }
    return {};
}

bool DebugSession::request_console(const std::string& why) {
    if (!console_) return false;
    console_->request_stop(why);
    return true;
}

} // namespace bw::frontend
