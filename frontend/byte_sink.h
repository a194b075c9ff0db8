// A destination for a guest byte stream (COM1 output, the port 0xE9 console): the terminal,
// nowhere, or a file.
//
// Output is written a line at a time: firmware often prints the same text on COM1 and port 0xE9,
// and when both go to stdout, byte-wise writes would interleave the two into gibberish. A partial
// line (a prompt such as "login: ") is written as soon as its stream goes quiet for one run
// slice, so nothing waits for long; every write is flushed, for pipes that tests and CI read.
#pragma once
#include <cstdint>
#include <cstdio>
#include <string>
#include "frontend/options.h"

namespace bw::frontend {

class ByteSink {
public:
    ByteSink() = default;
    ~ByteSink();
    ByteSink(const ByteSink&) = delete;
    ByteSink& operator=(const ByteSink&) = delete;

    // Opens the target (Default means `fallback`). Returns "" or the one-line reason it cannot.
    std::string open(const StreamTarget& target, StreamTarget::Kind fallback);
    void put(uint8_t byte);
    // Between run slices: writes a partial line when no byte arrived since the previous call.
    void idle_flush();
    // Writes whatever is buffered (end of run).
    void flush();
    bool is_stdio() const { return file_ == stdout; }

private:
    std::FILE* file_ = nullptr;
    bool owned_ = false;
    std::string line_;
    bool active_ = false;  // a byte arrived since the last idle_flush()
};

} // namespace bw::frontend
