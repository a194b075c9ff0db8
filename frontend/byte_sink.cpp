#include "frontend/byte_sink.h"
#include <cerrno>
#include <cstring>

namespace bw::frontend {

ByteSink::~ByteSink() {
    flush();
    if (owned_ && file_) std::fclose(file_);
}

std::string ByteSink::open(const StreamTarget& target, StreamTarget::Kind fallback) {
    StreamTarget::Kind kind = target.kind == StreamTarget::Kind::Default ? fallback : target.kind;
    switch (kind) {
    case StreamTarget::Kind::Stdio: file_ = stdout; break;
    case StreamTarget::Kind::File:
        file_ = std::fopen(target.path.c_str(), "wb");
        if (!file_) return "cannot open '" + target.path + "' for writing: " + std::strerror(errno);
        owned_ = true;
        break;
    case StreamTarget::Kind::None:
    case StreamTarget::Kind::Pty:  // the pseudo-terminal is SerialLink's (serial_link.h)
    case StreamTarget::Kind::Default: file_ = nullptr; break;
    }
    return {};
}

void ByteSink::put(uint8_t byte) {
    if (!file_) return;
    line_ += char(byte);
    active_ = true;
    // The size cap keeps a guest that never sends a newline from growing the buffer.
    if (byte == '\n' || line_.size() >= 4096) flush();
}

void ByteSink::idle_flush() {
    if (!active_) flush();
    active_ = false;
}

void ByteSink::flush() {
    if (!file_ || line_.empty()) return;
    std::fwrite(line_.data(), 1, line_.size(), file_);
    std::fflush(file_);
    line_.clear();
}

} // namespace bw::frontend
