#include "frontend/trace.h"
#include <cerrno>
#include <cstring>

namespace bw::frontend {

TraceFile::~TraceFile() {
    if (mon_ && sink_) mon_->remove_trace_sink(sink_);
    if (f_) std::fclose(f_);
}

std::string TraceFile::open(const std::string& path) {
    f_ = std::fopen(path.c_str(), "w");
    if (!f_) return "cannot open trace file '" + path + "' for writing: " + std::strerror(errno);
    // Traces run to millions of lines: a large buffer keeps the per-line cost to a memcpy.
    std::setvbuf(f_, nullptr, _IOFBF, 1 << 20);
    return {};
}

void TraceFile::attach(dbg::Monitor& mon) {
    mon_ = &mon;
    std::FILE* f = f_;
    sink_ = mon.add_trace_sink([f](const std::string& line) {
        std::fwrite(line.data(), 1, line.size(), f);
        std::fputc('\n', f);
    });
}

} // namespace bw::frontend
