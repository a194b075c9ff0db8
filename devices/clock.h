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

    // The current time. Inside a slice (begin_slice) it follows the executed instructions, so a
    // device sees the time of the very instruction that accesses it.
    uint64_t now_ns() const { return live_ ? now_ + (count_(count_ctx_) - base_count_) * ns_per_ : now_; }
    uint64_t next_deadline() const;
    // Moves time forward to `t`, firing every timer due at or before it (a callback may re-arm).
    void advance_to(uint64_t t);

    // While the CPU runs a slice of instructions, time moves with `count(ctx)` (instructions
    // executed, `ns_per` ns each) from now_ns() onwards, and a timer armed for before the slice
    // end `end_ns` calls `cut(cut_ctx)` so that the slice stops early and the timer fires on time.
    // end_slice() goes back to stepwise time; the caller then advances the clock itself.
    using Counter = uint64_t (*)(const void* ctx);
    void begin_slice(Counter count, const void* ctx, uint64_t ns_per, uint64_t end_ns,
                     void (*cut)(void* ctx), void* cut_ctx);
    void end_slice() { live_ = false; }

private:
    struct Timer {
        Callback cb;
        void* ctx;
        uint64_t deadline = kNever;
    };
    std::vector<Timer> timers_;
    uint64_t now_ = 0;
    // The running slice (begin_slice).
    bool live_ = false;
    Counter count_ = nullptr;
    const void* count_ctx_ = nullptr;
    uint64_t base_count_ = 0, ns_per_ = 0, slice_end_ = 0;
    void (*cut_)(void*) = nullptr;
    void* cut_ctx_ = nullptr;
};

} // namespace bw
