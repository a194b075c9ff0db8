#include "frontend/text_watch.h"

namespace bw::frontend {

bool TextWatch::feed(uint8_t byte) {
    if (matched_ || needle_.empty()) return matched_;
    window_.push_back(char(byte));
    if (window_.size() > needle_.size()) window_.erase(0, window_.size() - needle_.size());
    if (window_ == needle_) matched_ = true;
    return matched_;
}

} // namespace bw::frontend
