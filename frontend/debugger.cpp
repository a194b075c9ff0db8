#include "frontend/debugger.h"
#include <cstdio>
#include "frontend/debugger_commands.h"
#include "frontend/debugger_expr.h"
#include "frontend/exit_codes.h"

namespace bw::frontend {
namespace {

std::string trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

bool is_run_command(const std::string& cmd) {
    for (const char* c : {"c", "cont", "continue", "s", "step", "si", "stepi", "n", "next", "until"})
        if (cmd == c) return true;
    return false;
}

} // namespace

Debugger::Debugger(Machine& m, dbg::Monitor& mon, RunHooks* inner, std::istream& in, bool echo, std::ostream& out)
    : MonitoredRun(mon, inner), m_(m), in_(in), echo_(echo), out_(out) {}

Debugger::~Debugger() {
    if (trace_sink_) mon_.remove_trace_sink(trace_sink_);
}

void Debugger::request_stop(const std::string& why) {
    stopped_ = true;
    stop_note_ = why;
}

RunHooks::Next Debugger::before_slice(Machine& m) {
    if (inner_) {
        Next n = inner_->before_slice(m);
        if (n == Next::Quit) return n;
        if (n == Next::Skip && !stopped_ && !mon_.event()) return n;
    }
    if (!stopped_ && !mon_.event()) return Next::Run;
    report_stop();
    if (prompt(false) == Outcome::Quit) {
        quit_ = true;
        return Next::Quit;
    }
    return Next::Run;
}

bool Debugger::keep_dead_halt(Machine& m) {
    if (MonitoredRun::keep_dead_halt(m)) return true;
    if (!explicit_) return false;
    // Only the debugger can wake this CPU (set eflags, set eip...), so stop rather than end.
    request_stop("the guest halted with interrupts disabled");
    return true;
}

bool Debugger::on_interrupt(Machine&) {
    request_stop("interrupted (Ctrl-C)");
    return true;
}

int Debugger::at_end(Machine& m, int status) {
    status = MonitoredRun::at_end(m, status);
    if (quit_) return explicit_ ? status : kExitInterrupted;
    if (!explicit_) return status;
    out_ << "the run has ended (exit status " << status << "); inspection commands still work, q leaves\n";
    show_next();
    prompt(true);
    return status;
}

void Debugger::report_stop() {
    char buf[160];
    if (const auto& e = mon_.event()) {
        using K = dbg::StopEvent::Kind;
        switch (e->kind) {
        case K::Breakpoint: {
            std::string label;
            for (const auto& b : mon_.breakpoints())
                if (b.id == e->id) label = b.label;
            std::snprintf(buf, sizeof buf, "breakpoint %u hit (%s)\n", e->id, label.c_str());
            out_ << buf;
            break;
        }
        case K::Watchpoint:
            std::snprintf(buf, sizeof buf, "watchpoint %u: %s at 0x%08x by the previous instruction\n", e->id,
                          e->watch == dbg::WatchKind::Read ? "read" : "write", e->addr);
            out_ << buf;
            break;
        case K::PostCode:
            std::snprintf(buf, sizeof buf, "POST code 0x%02x written to port 0x80\n", e->post_code);
            out_ << buf;
            break;
        case K::Interrupted: out_ << "interrupted\n"; break;
        case K::Halted: out_ << "halted\n"; break;
        case K::StepsDone: break;
        }
    } else if (!stop_note_.empty()) {
        out_ << stop_note_ << '\n';
    }
    stopped_ = false;
    stop_note_.clear();
    show_next();
}

void Debugger::show_next() {
    Cpu& c = m_.cpu();
    dbg::CodePlace at = dbg::current_code(c);
    dbg::Decoded d = mon_.disassembler().decode_at(m_, at.lin, at.eip, at.code32);
    if (c.s.halted) out_ << "(the CPU is halted, waiting for an interrupt)\n";
    out_ << dbg::format_code_line(at, d) << '\n';
    out_.flush();
}

Debugger::Outcome Debugger::prompt(bool ended) {
    for (;;) {
        out_ << "(bwdbg) " << std::flush;
        std::string line;
        if (!std::getline(in_, line)) {
            out_ << '\n' << std::flush;  // end of the script or of stdin: leave
            return Outcome::Quit;
        }
        if (echo_) out_ << line << '\n';
        line = trim(line);
        if (line.empty()) {
            if (echo_ || last_line_.empty()) continue;
            line = last_line_;  // gdb and Bochs repeat the last command on Enter
        }
        if (line[0] == '#') continue;
        last_line_ = line;
        Outcome o = execute(line, ended);
        out_.flush();
        if (o != Outcome::Stay) return o;
    }
}

Debugger::Outcome Debugger::execute(const std::string& line, bool ended) {
    std::vector<std::string> w = dbg::split_words(line);
    const std::string& cmd = w[0];
    if (cmd == "q" || cmd == "quit" || cmd == "exit") return Outcome::Quit;
    if (is_run_command(cmd)) {
        if (ended) {
            out_ << "error: the run has ended; only inspection commands and q remain\n";
            return Outcome::Stay;
        }
        Cpu& c = m_.cpu();
        std::string err;
        if (cmd == "c" || cmd == "cont" || cmd == "continue") {
            mon_.resume();
        } else if (cmd == "s" || cmd == "step" || cmd == "si" || cmd == "stepi") {
            uint32_t n = 1;
            if (w.size() > 1) {
                auto v = dbg::evaluate(c, w[1], err);
                if (!v || *v == 0) {
                    out_ << "error: " << (v ? "the count must be positive" : err) << '\n';
                    return Outcome::Stay;
                }
                n = *v;
            }
            mon_.resume();
            mon_.step(n);
        } else if (cmd == "n" || cmd == "next") {
            dbg::CodePlace at = dbg::current_code(c);
            dbg::Decoded d = mon_.disassembler().decode_at(m_, at.lin, at.eip, at.code32);
            mon_.resume();
            if (d.ok && (d.is_call || d.is_int || d.has_rep)) {
                // Run until the instruction after it: the callee, handler or repeats run freely.
                uint32_t next = c.s.seg[CS].base + ((at.eip + d.len) & c.ip_mask());
                mon_.run_to(next);
            } else {
                mon_.step(1);
            }
        } else {  // until CODE
            if (w.size() != 2) {
                out_ << "error: usage: until POST_CODE\n";
                return Outcome::Stay;
            }
            auto v = dbg::evaluate(c, w[1], err);
            if (!v || *v > 0xFF) {
                out_ << "error: " << (v ? "a POST code is one byte" : err) << '\n';
                return Outcome::Stay;
            }
            mon_.resume();
            mon_.until_post_code(uint8_t(*v));
        }
        return Outcome::Resume;
    }
    dbg::CommandContext ctx{m_, mon_, out_, &trace_sink_};
    if (!dbg::run_inspection_command(ctx, w, line)) out_ << "error: unknown command '" << cmd << "' (try help)\n";
    return Outcome::Stay;
}

} // namespace bw::frontend
