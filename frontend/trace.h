// --trace FILE: one line per executed instruction (CS:EIP, bytes, disassembly; the format of
// dbg::format_code_line), written while the run steps through the Monitor.
#pragma once
#include <cstdio>
#include <string>
#include "frontend/debugger_monitor.h"

namespace bw::frontend {

class TraceFile {
public:
    TraceFile() = default;
    ~TraceFile();
    TraceFile(const TraceFile&) = delete;
    TraceFile& operator=(const TraceFile&) = delete;

    // Opens (truncates) the file; returns "" or a one-line error for the usage message.
    std::string open(const std::string& path);
    // Starts writing every instruction the monitor executes (which makes it step).
    void attach(dbg::Monitor& mon);

private:
    std::FILE* f_ = nullptr;
    dbg::Monitor* mon_ = nullptr;
    int sink_ = 0;
};

} // namespace bw::frontend
