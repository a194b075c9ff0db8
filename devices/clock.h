// Virtual time. Guest time advances only with executed instructions (a fixed number of
// nanoseconds per instruction), so a run is deterministic. Devices arm timers on this clock; the
// machine runs the CPU up to the next deadline and then fires what is due, in deadline order.
#pragma once
#include <cstdint>
#include <vector>

namespace bw {

class Clock {
public:
    using Callback = void (*)(void* ctx, uint64_t now_ns);
    static constexpr uint64_t kNever = ~0ull;

    // Registers a timer; returns its id. Timers start disarmed.
    int add_timer(Callback cb, void* ctx);
    void arm(int id, uint64_t deadline_ns);
    void disarm(int id);
    bool armed(int id) const { return timers_[id].deadline != kNever; }

    uint64_t now_ns() const { return now_; }
    uint64_t next_deadline() const;
    // Moves time forward to `t`, firing every timer due at or before it (a callback may re-arm).
    void advance_to(uint64_t t);

private:
    struct Timer {
        Callback cb;
        void* ctx;
        uint64_t deadline = kNever;
    };
    std::vector<Timer> timers_;
    uint64_t now_ = 0;
};

} // namespace bw
