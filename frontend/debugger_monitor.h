// Execution under watch: breakpoints, watchpoints, single steps, instruction tracing and
// "run until POST code", shared by the debugger console, the GDB stub and --trace.
//
// When nothing is armed, run() is Machine::run and costs nothing. Otherwise it executes one
// instruction at a time with Machine::step and checks before and after each:
//   before  execution breakpoints (linear or physical address of CS:EIP) and the "run to"
//           target of `n`; the memory operands of the instruction for read watchpoints
//   after   write watchpoints, by comparing the watched bytes with their previous contents
// A watchpoint stops after the instruction that touched the memory, as x86 data breakpoints do.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>
#include "devices/machine.h"
#include "frontend/debugger_disasm.h"

namespace bw::frontend::dbg {

enum class WatchKind { Read, Write, Access };
const char* watch_kind_name(WatchKind k);  // "r", "w", "rw"

struct Breakpoint {
    unsigned id = 0;
    bool physical = false;
    uint32_t addr = 0;
    std::string label;  // how the user wrote it, e.g. "0000:7c00"
    uint64_t hits = 0;
};

struct Watchpoint {
    unsigned id = 0;
    WatchKind kind = WatchKind::Write;
    uint32_t lin = 0;
    uint32_t len = 1;
    std::vector<uint8_t> last;  // the watched bytes as last seen
    size_t last_valid = 0;      // how many of them were readable
    uint64_t hits = 0;
};

// Why the monitor stopped the machine.
struct StopEvent {
    enum class Kind { Breakpoint, Watchpoint, StepsDone, PostCode, Interrupted, Halted } kind;
    unsigned id = 0;           // breakpoint / watchpoint number
    WatchKind watch = WatchKind::Write;
    uint32_t addr = 0;         // watchpoint: the watched address that was accessed
    uint8_t post_code = 0;
};

class Monitor {
public:
    explicit Monitor(Machine& m);
    ~Monitor();
    Machine& machine() { return m_; }
    Disassembler& disassembler() { return dis_; }

    unsigned add_breakpoint(bool physical, uint32_t addr, const std::string& label);
    unsigned add_watchpoint(WatchKind kind, uint32_t lin, uint32_t len);
    bool remove(unsigned id);  // a breakpoint or a watchpoint
    // For the GDB stub, which names breakpoints by address: removes the first match.
    bool remove_breakpoint_at(uint32_t addr);
    bool remove_watchpoint_at(WatchKind kind, uint32_t lin, uint32_t len);
    void clear_all();
    const std::vector<Breakpoint>& breakpoints() const { return bps_; }
    const std::vector<Watchpoint>& watchpoints() const { return wps_; }

    // Run control for the next resume.
    void step(uint64_t n) { steps_left_ = n; }               // stop after n instructions
    void run_to(uint32_t lin) { run_to_ = lin; }             // stop when CS:EIP reaches lin
    void until_post_code(std::optional<uint8_t> v) { until_post_ = v; }
    // Clears the one-shot requests above (a stop at a breakpoint cancels a pending `n`).
    void cancel_requests() { steps_left_ = 0; run_to_.reset(); until_post_.reset(); }

    // Each executed instruction as a line (format_code_line); several sinks may listen.
    using TraceSink = std::function<void(const std::string&)>;
    int add_trace_sink(TraceSink sink);
    void remove_trace_sink(int handle);

    // Runs up to `budget` instructions. Returns the machine's stop reason; StopReason::Stopped
    // with event() set when a check fired. Call resume() before running after a stop so that
    // the breakpoint at CS:EIP does not fire again at once.
    StopReason run(uint64_t budget);
    void resume();
    bool needs_stepping() const;

    const std::optional<StopEvent>& event() const { return event_; }
    void clear_event() { event_.reset(); }
    // An external stop (Ctrl-C, GDB's interrupt): also asks the machine to stop.
    void interrupt();

private:
    bool check_before(const CodePlace& at);
    void refresh_watch(Watchpoint& w);
    bool check_writes();
    void trace(const std::string& line);
    void stop(StopEvent e);

    Machine& m_;
    Disassembler dis_;
    std::vector<Breakpoint> bps_;
    std::vector<Watchpoint> wps_;
    unsigned next_id_ = 1;
    uint64_t steps_left_ = 0;
    std::optional<uint32_t> run_to_;
    std::optional<uint8_t> until_post_;
    std::vector<std::pair<int, TraceSink>> sinks_;
    int next_sink_ = 1;
    std::optional<StopEvent> event_;
    std::optional<uint32_t> skip_at_;  // resume: do not re-fire a breakpoint at this linear EIP
    std::function<void(uint8_t)> chained_post_code_;
};

} // namespace bw::frontend::dbg
