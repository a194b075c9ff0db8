// GDB remote serial protocol stub (--gdb PORT, --gdb-wait) for an i386 target, listening on
// 127.0.0.1. It runs inside the headless loop as RunHooks: between run slices it polls the
// socket (GDB's interrupt byte 0x03, a new connection); while GDB holds the guest stopped it
// serves packets, blocking on the socket. Execution control goes through the shared Monitor,
// so breakpoints (Z0/Z1) and watchpoints (Z2-Z4) are the console's.
//
// Registers follow GDB's org.gnu.gdb.i386.core feature (eax..edi, eip, eflags, cs ss ds es fs gs,
// st0-st7 and the x87 control registers) plus cr0, cr2, cr3, cr4 in a feature of our own; the
// target description is served through qXfer:features:read. Every address GDB sees is linear
// (segment base plus offset, then the current paging): memory, breakpoints, watchpoints and the
// PC. GDB knows nothing of segments, so the stub reports in the eip slot the linear address of
// the next instruction, CS.base + EIP (EIP itself whenever CS's base is 0, as in flat protected
// mode or a boot sector at 0000:7C00), and a write to it sets EIP = value - CS.base. The
// offset itself is in the extra register `ip` (org.boxwood.i386.segments). The description says
// architecture i8086 when GDB connects to a CPU in real or virtual-8086 mode, i386 otherwise.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>
#include "frontend/debugger_hooks.h"

namespace bw::frontend {

class GdbStub : public MonitoredRun {
public:
    GdbStub(Machine& m, dbg::Monitor& mon, RunHooks* inner);
    ~GdbStub() override;

    // Opens the listening socket; returns "" or a one-line error. With `wait`, the first
    // slice waits for GDB to connect, so it sees the very first instruction.
    std::string listen(uint16_t port, bool wait);

    Next before_slice(Machine& m) override;
    bool on_interrupt(Machine& m) override;
    int at_end(Machine& m, int status) override;
    void set_deadline(std::chrono::steady_clock::time_point t) override;

private:
    enum class Serve { Resume, Detach, Kill, Closed, Deadline };

    int ms_to_deadline() const;                      // -1: no deadline; 0: it has passed

    bool accept_client(bool block);
    void close_client();
    bool read_available(int timeout_ms);            // false: the connection is gone
    std::optional<std::string> take_packet();       // a complete, acknowledged packet
    void send_packet(const std::string& payload);
    Serve serve();                                   // while stopped
    // The reply to one packet (nullopt: none, as for c, s and k); sets `outcome` to leave serve().
    std::optional<std::string> handle(const std::string& p, std::optional<Serve>& outcome);
    std::string stop_reply() const;
    void report_stop();                              // to a GDB that waits after c/s

    std::string read_registers();
    bool write_register(unsigned n, const std::string& hex);
    std::string read_memory(const std::string& args);
    std::string write_memory(const std::string& args);
    std::string breakpoint(bool insert, const std::string& args);
    std::string features(const std::string& args);

    Machine& m_;
    uint16_t port_ = 0;
    int listen_fd_ = -1;
    int fd_ = -1;
    bool wait_first_ = false;
    bool stopped_ = false;       // GDB holds the guest
    bool gdb_waiting_ = false;   // GDB sent c/s and expects a stop reply
    bool interrupt_ = false;     // 0x03 received
    bool no_ack_ = false;        // QStartNoAckMode
    bool killed_ = false;
    bool announced_ = false;     // "waiting for GDB" said once
    int signal_ = 5;             // of the last stop: 5 SIGTRAP, 2 SIGINT
    std::string in_;             // bytes received, not yet parsed
    std::string last_sent_;      // for a retransmission request ('-')
    std::optional<std::chrono::steady_clock::time_point> deadline_;  // --timeout
};

} // namespace bw::frontend
