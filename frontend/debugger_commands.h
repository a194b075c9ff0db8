// The debugger console's commands that look at or change the stopped machine (registers,
// memory, disassembly, tables, chips, breakpoints); run control (c, s, n, until, q) lives in
// debugger.cpp.
#pragma once
#include <ostream>
#include <string>
#include <vector>
#include "frontend/debugger_monitor.h"

namespace bw::frontend::dbg {

struct CommandContext {
    Machine& m;
    Monitor& mon;
    std::ostream& out;
    int* console_trace = nullptr;  // the `trace on` sink handle, 0 when off
};

// Runs `words[0]` with its arguments (`line` is the whole command line, for `set`). Returns
// false when the command is not one of these.
bool run_inspection_command(CommandContext& ctx, const std::vector<std::string>& words, const std::string& line);

// The `help` text for every command, run control included.
const char* help_text();

} // namespace bw::frontend::dbg
