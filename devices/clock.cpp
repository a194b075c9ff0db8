#include "devices/clock.h"
#include <cstddef>

namespace bw {

int Clock::add_timer(Callback cb, void* ctx) {
    timers_.push_back(Timer{cb, ctx, kNever});
    return static_cast<int>(timers_.size() - 1);
}

void Clock::arm(int id, uint64_t deadline_ns) {
    timers_[id].deadline = deadline_ns;
    if (live_ && deadline_ns < slice_end_) {
        slice_end_ = deadline_ns;
        cut_(cut_ctx_);
    }
}

void Clock::begin_slice(Counter count, const void* ctx, uint64_t ns_per, uint64_t end_ns,
                        void (*cut)(void* ctx), void* cut_ctx) {
    count_ = count, count_ctx_ = ctx, ns_per_ = ns_per, slice_end_ = end_ns;
    cut_ = cut, cut_ctx_ = cut_ctx;
    base_count_ = count(ctx);
    live_ = true;
}
void Clock::disarm(int id) { timers_[id].deadline = kNever; }

uint64_t Clock::next_deadline() const {
    uint64_t d = kNever;
    for (const auto& t : timers_)
        if (t.deadline < d) d = t.deadline;
    return d;
}

void Clock::advance_to(uint64_t t) {
    for (;;) {
        // Fire the earliest due timer first; ties go to the lower id, so order is deterministic.
        int due = -1;
        for (std::size_t k = 0; k < timers_.size(); ++k)
            if (timers_[k].deadline <= t && (due < 0 || timers_[k].deadline < timers_[due].deadline)) due = int(k);
        if (due < 0) break;
        Timer& tm = timers_[due];
        if (tm.deadline > now_) now_ = tm.deadline;
        tm.deadline = kNever;
        tm.cb(tm.ctx, now_);
    }
    if (t > now_) now_ = t;
}

} // namespace bw
