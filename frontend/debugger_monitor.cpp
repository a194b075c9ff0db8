#include "frontend/debugger_monitor.h"
#include <algorithm>
#include "frontend/debugger_memory.h"

namespace bw::frontend::dbg {

const char* watch_kind_name(WatchKind k) {
    switch (k) {
    case WatchKind::Read: return "r";
    case WatchKind::Write: return "w";
    case WatchKind::Access: return "rw";
    }
    return "?";
}

Monitor::Monitor(Machine& m) : m_(m) {
    // Chained so that whoever listened to POST codes before (none today) keeps hearing them.
    chained_post_code_ = m.on_post_code;
    m.on_post_code = [this](uint8_t v) {
        if (chained_post_code_) chained_post_code_(v);
        if (until_post_ && *until_post_ == v) {
            StopEvent e{StopEvent::Kind::PostCode};
            e.post_code = v;
            stop(e);
            m_.request_stop();
        }
    };
}

Monitor::~Monitor() { m_.on_post_code = chained_post_code_; }

unsigned Monitor::add_breakpoint(bool physical, uint32_t addr, const std::string& label) {
    Breakpoint b;
    b.id = next_id_++;
    b.physical = physical;
    b.addr = addr;
    b.label = label;
    bps_.push_back(b);
    return b.id;
}

unsigned Monitor::add_watchpoint(WatchKind kind, uint32_t lin, uint32_t len) {
    Watchpoint w;
    w.id = next_id_++;
    w.kind = kind;
    w.lin = lin;
    w.len = std::max<uint32_t>(len, 1);
    refresh_watch(w);
    wps_.push_back(w);
    return w.id;
}

bool Monitor::remove(unsigned id) {
    auto b = std::find_if(bps_.begin(), bps_.end(), [&](const Breakpoint& x) { return x.id == id; });
    if (b != bps_.end()) { bps_.erase(b); return true; }
    auto w = std::find_if(wps_.begin(), wps_.end(), [&](const Watchpoint& x) { return x.id == id; });
    if (w != wps_.end()) { wps_.erase(w); return true; }
    return false;
}

bool Monitor::remove_breakpoint_at(uint32_t addr) {
    auto b = std::find_if(bps_.begin(), bps_.end(), [&](const Breakpoint& x) { return !x.physical && x.addr == addr; });
    if (b == bps_.end()) return false;
    bps_.erase(b);
    return true;
}

bool Monitor::remove_watchpoint_at(WatchKind kind, uint32_t lin, uint32_t len) {
    auto w = std::find_if(wps_.begin(), wps_.end(),
                          [&](const Watchpoint& x) { return x.kind == kind && x.lin == lin && x.len == std::max<uint32_t>(len, 1); });
    if (w == wps_.end()) return false;
    wps_.erase(w);
    return true;
}

void Monitor::clear_all() {
    bps_.clear();
    wps_.clear();
    cancel_requests();
}

int Monitor::add_trace_sink(TraceSink sink) {
    sinks_.emplace_back(next_sink_, std::move(sink));
    return next_sink_++;
}

void Monitor::remove_trace_sink(int handle) {
    std::erase_if(sinks_, [&](const auto& s) { return s.first == handle; });
}

bool Monitor::needs_stepping() const {
    return !bps_.empty() || !wps_.empty() || !sinks_.empty() || steps_left_ || run_to_;
}

void Monitor::resume() {
    event_.reset();
    skip_at_ = current_code(m_.cpu()).lin;
    // The user may have changed memory while stopped; only the guest's own writes should fire.
    for (Watchpoint& w : wps_) refresh_watch(w);
}

void Monitor::interrupt() {
    stop(StopEvent{StopEvent::Kind::Interrupted});
    m_.request_stop();
}

void Monitor::stop(StopEvent e) {
    if (event_) return;  // the first reason wins
    event_ = e;
    cancel_requests();
}

void Monitor::trace(const std::string& line) {
    for (auto& s : sinks_) s.second(line);
}

void Monitor::refresh_watch(Watchpoint& w) {
    w.last.assign(w.len, 0);
    w.last_valid = read_linear(m_, w.lin, w.last.data(), w.len);
}

bool Monitor::check_before(const CodePlace& at) {
    if (skip_at_ && *skip_at_ == at.lin) return false;
    if (run_to_ && *run_to_ == at.lin) {
        stop(StopEvent{StopEvent::Kind::StepsDone});
        return true;
    }
    if (bps_.empty()) return false;
    std::optional<uint32_t> phys;
    bool phys_done = false;
    for (Breakpoint& b : bps_) {
        bool hit = false;
        if (!b.physical) {
            hit = b.addr == at.lin;
        } else {
            if (!phys_done) { phys = linear_to_physical(m_, at.lin); phys_done = true; }
            hit = phys && *phys == b.addr;
        }
        if (hit) {
            ++b.hits;
            StopEvent e{StopEvent::Kind::Breakpoint};
            e.id = b.id;
            e.addr = b.addr;
            stop(e);
            return true;
        }
    }
    return false;
}

bool Monitor::check_writes() {
    bool fired = false;
    for (Watchpoint& w : wps_) {
        if (w.kind == WatchKind::Read) continue;
        std::vector<uint8_t> now(w.len, 0);
        size_t valid = read_linear(m_, w.lin, now.data(), w.len);
        if (valid == w.last_valid && now == w.last) continue;
        w.last = std::move(now);
        w.last_valid = valid;
        if (fired) continue;
        ++w.hits;
        StopEvent e{StopEvent::Kind::Watchpoint};
        e.id = w.id;
        e.watch = WatchKind::Write;
        e.addr = w.lin;
        stop(e);
        fired = true;
    }
    return fired;
}

StopReason Monitor::run(uint64_t budget) {
    if (event_) return StopReason::Stopped;
    if (!needs_stepping()) {
        StopReason why = m_.run(budget);
        return event_ ? StopReason::Stopped : why;
    }
    const bool read_watch = std::any_of(wps_.begin(), wps_.end(), [](const Watchpoint& w) { return w.kind != WatchKind::Write; });
    for (uint64_t k = 0; k < budget; ++k) {
        Cpu& c = m_.cpu();
        const CodePlace at = current_code(c);
        const bool halted = c.s.halted;
        if (!halted && check_before(at)) return StopReason::Stopped;
        skip_at_.reset();
        Decoded d;
        if (!halted && (!sinks_.empty() || read_watch)) d = dis_.decode_at(m_, at.lin, at.eip, at.code32, read_watch);
        const uint64_t before = m_.instructions();
        StopReason why = m_.step();
        const bool executed = m_.instructions() != before;
        // A REP string instruction steps an iteration at a time: its breakpoint was reported
        // when it started, not again for each iteration.
        if (executed && c.rep_stopped()) skip_at_ = at.lin;
        if (executed && !halted) {
            if (!sinks_.empty()) trace(format_code_line(at, d));
            for (const MemOperand& op : d.mem) {
                if (!op.read) continue;
                for (Watchpoint& w : wps_) {
                    if (w.kind == WatchKind::Write || op.lin >= w.lin + w.len || w.lin >= op.lin + op.size) continue;
                    ++w.hits;
                    StopEvent e{StopEvent::Kind::Watchpoint};
                    e.id = w.id;
                    e.watch = WatchKind::Read;
                    e.addr = std::max(op.lin, w.lin);
                    stop(e);
                }
            }
        }
        if (!wps_.empty()) check_writes();
        if (executed && steps_left_ && --steps_left_ == 0) stop(StopEvent{StopEvent::Kind::StepsDone});
        if (event_) return StopReason::Stopped;
        // A halted CPU with no timer armed can only be woken by host input: let the caller wait.
        if (why == StopReason::Halted) {
            if (m_.clock().next_deadline() == Clock::kNever) return why;
            continue;
        }
        if (why != StopReason::Budget && why != StopReason::None) return why;
    }
    return StopReason::Budget;
}

} // namespace bw::frontend::dbg
