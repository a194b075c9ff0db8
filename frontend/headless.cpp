#include "frontend/headless.h"
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>
#include "devices/machine.h"
#include "frontend/exit_codes.h"

namespace bw::frontend {
namespace {

// About 10 ms of guest time at the default 10 ns per instruction: short enough that --timeout,
// Ctrl-C and typed input are handled promptly, long enough that the checks cost nothing.
constexpr uint64_t kSliceInstructions = 1'000'000;

std::atomic<bool> g_interrupted{false};
extern "C" void on_sigint(int) { g_interrupted = true; }

// SIGTERM and SIGHUP end the run like the other stops, so the guest's output reaches its files
// (by default they would kill the process with bytes still in the UART and the line buffers).
// A second one, should the loop not get round to the first, kills as before.
std::atomic<int> g_terminated{0};
extern "C" void on_sigterm(int sig) {
    if (g_terminated) {
        std::signal(sig, SIG_DFL);
        std::raise(sig);
    }
    g_terminated = sig;
}

// With --until, a run that ends any other way than the guest's own exit code did not reach its
// goal, unless TEXT was among the bytes the guest had already written when the run stopped.
int ended_without_match(const Options& o, GuestStreams& streams, const char* why) {
    streams.flush();
    if (o.until.empty() || streams.until_seen()) return kExitOk;
    std::fprintf(stderr, "boxwood: %s before '%s' appeared\n", why, o.until.c_str());
    return kExitTimeout;
}

// A CPU halted with interrupts disabled executes nothing more, yet Machine::run keeps skipping
// virtual time from one device event to the next (the PIT re-arms for ever), so the slice would
// never end and neither --timeout nor Ctrl-C would be seen. This timer, due just after the
// slice's worth of virtual time, stops such a slice, which the loop then treats as Halted.
struct DeadHaltWatch {
    Machine& m;
    int timer;
    bool fired = false;
    explicit DeadHaltWatch(Machine& mm) : m(mm), timer(mm.clock().add_timer(&DeadHaltWatch::fire, this)) {}
    static void fire(void* ctx, uint64_t) {
        auto* w = static_cast<DeadHaltWatch*>(ctx);
        if (w->m.cpu().s.halted && !(w->m.cpu().eflags() & 0x200)) {
            w->fired = true;
            w->m.request_stop();
        }
    }
    void arm(uint64_t budget) {
        fired = false;
        m.clock().arm(timer, m.now_ns() + budget * m.config().ns_per_instruction + 1);
    }
    void disarm() { m.clock().disarm(timer); }
};

} // namespace

RunSummary run_headless(Machine& m, const Options& o, GuestStreams& streams, RunHooks* hooks) {
    using Clock = std::chrono::steady_clock;
    std::signal(SIGINT, on_sigint);
    // Only in the plain loop: with run hooks (debugger, GDB stub, --trace, window) the loop may
    // wait for a user for as long as they like, and a signal that only sets a flag would not
    // end such a run.
    if (!hooks) {
        std::signal(SIGTERM, on_sigterm);
        std::signal(SIGHUP, on_sigterm);
    }
    const auto start = Clock::now();
    RunSummary r;
    auto finish = [&](int code) {
        // Every byte the guest wrote before the stop reaches its sink, before a debugger's
        // end-of-run text (GuestStreams::flush drains COM1's transmitter).
        streams.flush();
        if (hooks) code = hooks->at_end(m, code);  // a debugger may hold the ended machine
        r.exit_code = code;
        r.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
        std::signal(SIGINT, SIG_DFL);
        if (!hooks) {
            std::signal(SIGTERM, SIG_DFL);
            std::signal(SIGHUP, SIG_DFL);
        }
        return r;
    };

    if (hooks && o.timeout_s)
        hooks->set_deadline(start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(*o.timeout_s)));
    DeadHaltWatch dead_halt(m);
    uint64_t last_count = m.instructions();
    for (;;) {
        streams.between_slices(m);
        if (streams.until_done()) return finish(kExitOk);
        if (g_interrupted && hooks && hooks->on_interrupt(m)) g_interrupted = false;  // Ctrl-C -> debugger
        if (g_interrupted) {
            std::fprintf(stderr, "boxwood: interrupted\n");
            return finish(kExitInterrupted);
        }
        if (int sig = g_terminated.exchange(0)) {
            std::fprintf(stderr, "boxwood: terminated by %s\n", sig == SIGTERM ? "SIGTERM" : "SIGHUP");
            return finish(128 + sig);
        }
        if (o.timeout_s && std::chrono::duration<double>(Clock::now() - start).count() >= *o.timeout_s) {
            // TEXT seen (perhaps only now, among the bytes COM1 still held), perhaps while the
            // run was letting the guest finish its line: the goal was reached.
            streams.flush();
            if (streams.until_seen()) return finish(kExitOk);
            std::fprintf(stderr, "boxwood: timeout after %g s%s%s%s\n", *o.timeout_s,
                         o.until.empty() ? "" : " waiting for '", o.until.c_str(), o.until.empty() ? "" : "'");
            return finish(kExitTimeout);
        }
        uint64_t budget = kSliceInstructions;
        if (o.max_instructions) {
            if (r.instructions >= *o.max_instructions)
                return finish(ended_without_match(o, streams, "instruction limit reached"));
            budget = std::min(budget, *o.max_instructions - r.instructions);
        }

        if (hooks) {
            RunHooks::Next next = hooks->before_slice(m);
            if (next == RunHooks::Next::Quit) return finish(kExitOk);
            if (next == RunHooks::Next::Skip) continue;
        }
        dead_halt.arm(budget);
        StopReason why = hooks ? hooks->run_slice(m, budget) : m.run(budget);
        dead_halt.disarm();
        if (why == StopReason::Stopped && dead_halt.fired) why = StopReason::Halted;
        if (hooks) hooks->after_slice(m, why);
        // The CPU's counter may restart when the guest reboots; count what this slice ran.
        uint64_t now_count = m.instructions();
        r.instructions += now_count >= last_count ? now_count - last_count : now_count;
        last_count = now_count;

        switch (why) {
        case StopReason::None:
        case StopReason::Budget:
        case StopReason::Stopped: break;  // the checks at the top of the loop decide
        case StopReason::Halted:
            if (!(m.cpu().eflags() & 0x200) && !(hooks && hooks->keep_dead_halt(m))) {
                // HLT with IF clear and no timer armed: nothing can ever wake the CPU.
                if (!o.until.empty()) streams.between_slices(m);  // its last words may be on screen
                if (o.until.empty()) std::fprintf(stderr, "boxwood: guest halted with interrupts disabled\n");
                return finish(ended_without_match(o, streams, "guest halted with interrupts disabled"));
            }
            // Waiting for an interrupt that only host input can cause: do not spin the host CPU.
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            break;
        case StopReason::Shutdown: {
            const auto& s = m.cpu().s;
            std::fprintf(stderr, "boxwood: triple fault (CPU shutdown) at %04X:%08X; not rebooting (--no-reboot)\n",
                         unsigned(s.seg[CS].selector), unsigned(s.eip));
            return finish(kExitTripleFault);
        }
        case StopReason::PowerOff: return finish(ended_without_match(o, streams, "guest powered off"));
        case StopReason::DebugExit: return finish(debug_exit_status(m.debug_exit_value()));
        }
    }
}

} // namespace bw::frontend
