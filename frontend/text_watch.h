// Watches one byte stream for the --until TEXT. Each stream gets its own watcher, so text that
// is split between the serial port and the 0xE9 console does not count as a match.
#pragma once
#include <cstdint>
#include <string>

namespace bw::frontend {

class TextWatch {
public:
    explicit TextWatch(std::string needle) : needle_(std::move(needle)) {}
    // Feeds one byte; true once the needle has been seen (and from then on).
    bool feed(uint8_t byte);
    bool matched() const { return matched_; }

private:
    std::string needle_;
    std::string window_;  // the last needle_.size() bytes
    bool matched_ = false;
};

} // namespace bw::frontend
