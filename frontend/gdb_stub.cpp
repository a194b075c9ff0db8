#include "frontend/gdb_stub.h"
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include "frontend/debugger_memory.h"
#include "frontend/debugger_regs.h"

namespace bw::frontend {
namespace {

constexpr unsigned kMaxMemoryChunk = 0x800;  // bytes per m/M packet (PacketSize is 0x1000 hex digits)

// GDB's register numbers: the 16 of the i386 core, the x87 stack and control registers, then
// ours: cr0 cr2 cr3 cr4 and ip, the offset in CS that the eip slot (a linear PC) leaves out.
constexpr unsigned kFirstSt = 16, kFirstFpuCtl = 24, kFirstCr = 32, kIp = 36, kRegCount = 37;
constexpr unsigned kEip = 8;
const char* const kCoreNames[16] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
                                    "eip", "eflags", "cs", "ss", "ds", "es", "fs", "gs"};
const char* const kFpuCtlNames[8] = {"fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg", "fooff", "fop"};
const char* const kCrNames[4] = {"cr0", "cr2", "cr3", "cr4"};

unsigned reg_size(unsigned n) { return n >= kFirstSt && n < kFirstFpuCtl ? 10 : 4; }

// `arch` is "i8086" or "i386": GDB disassembles 16- or 32-bit code accordingly.
std::string target_xml(const char* arch) {
    std::string x = std::string(R"(<?xml version="1.0"?>
<!DOCTYPE target SYSTEM "gdb-target.dtd">
<target version="1.0">
<architecture>)") + arch + R"(</architecture>
<feature name="org.gnu.gdb.i386.core">
<flags id="i386_eflags" size="4">
<field name="CF" start="0" end="0"/><field name="" start="1" end="1"/><field name="PF" start="2" end="2"/>
<field name="AF" start="4" end="4"/><field name="ZF" start="6" end="6"/><field name="SF" start="7" end="7"/>
<field name="TF" start="8" end="8"/><field name="IF" start="9" end="9"/><field name="DF" start="10" end="10"/>
<field name="OF" start="11" end="11"/><field name="NT" start="14" end="14"/><field name="RF" start="16" end="16"/>
<field name="VM" start="17" end="17"/><field name="AC" start="18" end="18"/><field name="VIF" start="19" end="19"/>
<field name="VIP" start="20" end="20"/><field name="ID" start="21" end="21"/>
</flags>
)";
    for (unsigned k = 0; k < 16; ++k) {
        const char* type = k == 4 || k == 5 ? "data_ptr" : k == 8 ? "code_ptr" : k == 9 ? "i386_eflags" : "int32";
        x += std::string("<reg name=\"") + kCoreNames[k] + "\" bitsize=\"32\" type=\"" + type + "\" regnum=\"" +
             std::to_string(k) + "\"/>\n";
    }
    for (unsigned k = 0; k < 8; ++k)
        x += "<reg name=\"st" + std::to_string(k) + "\" bitsize=\"80\" type=\"i387_ext\" regnum=\"" +
             std::to_string(kFirstSt + k) + "\"/>\n";
    for (unsigned k = 0; k < 8; ++k)
        x += std::string("<reg name=\"") + kFpuCtlNames[k] + "\" bitsize=\"32\" type=\"int\" group=\"float\" regnum=\"" +
             std::to_string(kFirstFpuCtl + k) + "\"/>\n";
    x += "</feature>\n<feature name=\"org.boxwood.i386.control\">\n";
    for (unsigned k = 0; k < 4; ++k)
        x += std::string("<reg name=\"") + kCrNames[k] + "\" bitsize=\"32\" type=\"int32\" group=\"system\" regnum=\"" +
             std::to_string(kFirstCr + k) + "\"/>\n";
    x += "</feature>\n<feature name=\"org.boxwood.i386.segments\">\n";
    x += "<reg name=\"ip\" bitsize=\"32\" type=\"int32\" group=\"general\" regnum=\"" + std::to_string(kIp) + "\"/>\n";
    x += "</feature>\n</target>\n";
    return x;
}

std::string hex_bytes(const uint8_t* p, size_t n) {
    static const char* const kHex = "0123456789abcdef";
    std::string s;
    for (size_t k = 0; k < n; ++k) {
        s += kHex[p[k] >> 4];
        s += kHex[p[k] & 15];
    }
    return s;
}

int hex_digit(char ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

bool parse_hex_bytes(const std::string& s, std::vector<uint8_t>& out) {
    if (s.size() % 2) return false;
    out.clear();
    for (size_t k = 0; k < s.size(); k += 2) {
        int hi = hex_digit(s[k]), lo = hex_digit(s[k + 1]);
        if (hi < 0 || lo < 0) return false;
        out.push_back(uint8_t(hi << 4 | lo));
    }
    return true;
}

// A hex number at s[pos], advancing pos past it.
bool parse_hex_number(const std::string& s, size_t& pos, uint64_t& v) {
    size_t start = pos;
    v = 0;
    while (pos < s.size() && hex_digit(s[pos]) >= 0) v = v * 16 + unsigned(hex_digit(s[pos++]));
    return pos > start;
}

// x87 registers for GDB: st0-st7 relative to TOP, then fctrl..fop. The FPU state is being added
// to CpuState concurrently; without it the registers read as zero and ignore writes.
template <class S> void fpu_reg(S& s, unsigned k, uint8_t* out, const uint8_t* in) {
    if constexpr (requires { s.fpu.r[0].sig; s.fpu.r[0].se; s.fpu.cw; s.fpu.sw; s.fpu.tw; s.fpu.fip; s.fpu.fcs;
                             s.fpu.fdp; s.fpu.fds; s.fpu.fop; }) {
        auto& f = s.fpu;
        if (k < 8) {
            auto& r = f.r[(((f.sw >> 11) & 7) + k) & 7];
            if (in) {
                r.sig = dbg::load_le(in, 8);
                r.se = uint16_t(dbg::load_le(in + 8, 2));
            }
            if (out)
                for (unsigned b = 0; b < 10; ++b) out[b] = uint8_t(b < 8 ? r.sig >> (8 * b) : r.se >> (8 * (b - 8)));
            return;
        }
        uint32_t v = 0;
        uint32_t nv = in ? uint32_t(dbg::load_le(in, 4)) : 0;
        switch (k - 8) {
        case 0: if (in) f.cw = uint16_t(nv); v = f.cw; break;
        case 1: if (in) f.sw = uint16_t(nv); v = f.sw; break;
        case 2: if (in) f.tw = uint16_t(nv); v = f.tw; break;
        case 3: if (in) f.fcs = uint16_t(nv); v = f.fcs; break;
        case 4: if (in) f.fip = nv; v = f.fip; break;
        case 5: if (in) f.fds = uint16_t(nv); v = f.fds; break;
        case 6: if (in) f.fdp = nv; v = f.fdp; break;
        default: if (in) f.fop = uint16_t(nv & 0x7FF); v = f.fop; break;
        }
        if (out)
            for (unsigned b = 0; b < 4; ++b) out[b] = uint8_t(v >> (8 * b));
    } else {
        (void)s;
        (void)in;
        if (out) std::memset(out, 0, k < 8 ? 10 : 4);
    }
}

// The PC as GDB sees it: the linear address of CS:EIP (see gdb_stub.h).
uint32_t linear_pc(const Cpu& c) { return c.s.seg[CS].base + c.s.eip; }
void set_linear_pc(Cpu& c, uint32_t pc) { c.s.eip = (pc - c.s.seg[CS].base) & c.ip_mask(); }

} // namespace

GdbStub::GdbStub(Machine& m, dbg::Monitor& mon, RunHooks* inner) : MonitoredRun(mon, inner), m_(m) {}

GdbStub::~GdbStub() {
    close_client();
    if (listen_fd_ >= 0) ::close(listen_fd_);
}

std::string GdbStub::listen(uint16_t port, bool wait) {
    port_ = port;
    wait_first_ = wait;
    auto fail = [&](const char* what) {
        std::string msg = std::string("cannot ") + what + " for GDB on 127.0.0.1:" + std::to_string(port) + ": " +
                          std::strerror(errno);
        if (listen_fd_ >= 0) ::close(listen_fd_);
        listen_fd_ = -1;
        return msg;
    };
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (listen_fd_ < 0) return fail("open a socket");
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // never exposed beyond this host
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) < 0) return fail("listen");
    if (::listen(listen_fd_, 1) < 0) return fail("listen");
    return {};
}

void GdbStub::set_deadline(std::chrono::steady_clock::time_point t) {
    deadline_ = t;
    MonitoredRun::set_deadline(t);
}

int GdbStub::ms_to_deadline() const {
    if (!deadline_) return -1;
    const auto left = *deadline_ - std::chrono::steady_clock::now();
    if (left <= left.zero()) return 0;
    return int(std::min<int64_t>(std::chrono::ceil<std::chrono::milliseconds>(left).count(), 1 << 30));
}

bool GdbStub::accept_client(bool block) {
    if (block) {
        if (!announced_) std::fprintf(stderr, "boxwood: waiting for GDB on 127.0.0.1:%u\n", unsigned(port_));
        announced_ = true;
        // Until --timeout at most; EINTR (Ctrl-C) and the deadline return to the run loop,
        // which ends the run.
        pollfd p{listen_fd_, POLLIN, 0};
        if (::poll(&p, 1, ms_to_deadline()) <= 0) return false;
    }
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) return false;
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fd_ = fd;
    no_ack_ = false;
    in_.clear();
    // Like QEMU, a new debugger connection stops the guest; GDB asks why with '?'.
    stopped_ = true;
    gdb_waiting_ = false;
    signal_ = 5;
    return true;
}

void GdbStub::close_client() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    stopped_ = false;
    gdb_waiting_ = false;
}

bool GdbStub::read_available(int timeout_ms) {
    pollfd p{fd_, POLLIN, 0};
    int r = ::poll(&p, 1, timeout_ms);
    if (r < 0) return errno == EINTR;
    if (r == 0) return true;
    char buf[4096];
    ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
    if (n == 0) return false;
    if (n < 0) return errno == EAGAIN || errno == EINTR;
    in_.append(buf, size_t(n));
    return true;
}

std::optional<std::string> GdbStub::take_packet() {
    for (;;) {
        size_t k = 0;
        while (k < in_.size() && in_[k] != '$') {
            if (in_[k] == '\x03') interrupt_ = true;
            else if (in_[k] == '-' && !last_sent_.empty()) ::send(fd_, last_sent_.data(), last_sent_.size(), MSG_NOSIGNAL);
            ++k;  // '+' acknowledgements and stray bytes
        }
        in_.erase(0, k);
        if (in_.empty()) return std::nullopt;
        size_t hash = in_.find('#');
        if (hash == std::string::npos || hash + 2 >= in_.size()) return std::nullopt;  // incomplete
        std::string body = in_.substr(1, hash - 1);
        int hi = hex_digit(in_[hash + 1]), lo = hex_digit(in_[hash + 2]);
        in_.erase(0, hash + 3);
        unsigned sum = 0;
        for (char ch : body) sum += uint8_t(ch);
        if (hi < 0 || lo < 0 || unsigned(hi << 4 | lo) != (sum & 0xFF)) {
            if (!no_ack_) ::send(fd_, "-", 1, MSG_NOSIGNAL);
            continue;
        }
        if (!no_ack_) ::send(fd_, "+", 1, MSG_NOSIGNAL);
        std::string out;  // binary escapes: '}' then the byte XOR 0x20
        for (size_t i = 0; i < body.size(); ++i) out += body[i] == '}' && i + 1 < body.size() ? char(body[++i] ^ 0x20) : body[i];
        return out;
    }
}

void GdbStub::send_packet(const std::string& payload) {
    unsigned sum = 0;
    for (char ch : payload) sum += uint8_t(ch);
    char tail[4];
    std::snprintf(tail, sizeof tail, "#%02x", sum & 0xFF);
    last_sent_ = "$" + payload + tail;
    size_t off = 0;
    while (off < last_sent_.size()) {
        ssize_t n = ::send(fd_, last_sent_.data() + off, last_sent_.size() - off, MSG_NOSIGNAL);
        if (n <= 0) {
            if (n < 0 && errno == EINTR) continue;
            return;  // the connection is gone; the next read notices
        }
        off += size_t(n);
    }
}

std::string GdbStub::stop_reply() const {
    char buf[64];
    const auto& e = mon_.event();
    if (e && e->kind == dbg::StopEvent::Kind::Watchpoint) {
        const char* kind = e->watch == dbg::WatchKind::Read ? "rwatch" : "watch";
        for (const auto& w : mon_.watchpoints())
            if (w.id == e->id && w.kind == dbg::WatchKind::Access) kind = "awatch";
        std::snprintf(buf, sizeof buf, "T%02x%s:%x;", signal_, kind, e->addr);
        return buf;
    }
    // A breakpoint stop says so (swbreak, offered in qSupported): GDB then takes the PC as it
    // is, instead of backing it up by the length of an INT3 it assumes was hit, which would
    // misplace a single step that ends just past a breakpoint (a one-byte instruction).
    if (e && e->kind == dbg::StopEvent::Kind::Breakpoint) {
        std::snprintf(buf, sizeof buf, "T%02xswbreak:;", signal_);
        return buf;
    }
    std::snprintf(buf, sizeof buf, "S%02x", signal_);
    return buf;
}

void GdbStub::report_stop() {
    if (!gdb_waiting_ || fd_ < 0) return;
    gdb_waiting_ = false;
    send_packet(stop_reply());
}

RunHooks::Next GdbStub::before_slice(Machine& m) {
    Next next = MonitoredRun::before_slice(m);
    if (next == Next::Quit) return next;
    if (listen_fd_ >= 0 && fd_ < 0) {
        // With --gdb-wait the guest runs no instruction before GDB is there: a wait cut short
        // (deadline, Ctrl-C) skips the slice and waits again once the loop has checked both.
        if (!accept_client(wait_first_) && wait_first_) return Next::Skip;
        wait_first_ = false;
    }
    if (fd_ < 0) {
        if (mon_.event()) mon_.resume();  // a stop meant for a GDB that has gone
        return next;
    }
    if (!stopped_) {
        if (!read_available(0)) {
            close_client();
            mon_.clear_all();
            mon_.resume();
            return next;
        }
        while (take_packet()) {}  // only the interrupt byte is meaningful while running
        if (interrupt_) {
            interrupt_ = false;
            mon_.cancel_requests();
            signal_ = 2;
            stopped_ = true;
            report_stop();
        } else if (mon_.event()) {
            signal_ = mon_.event()->kind == dbg::StopEvent::Kind::Interrupted ? 2 : 5;
            stopped_ = true;
            report_stop();
        }
    }
    if (!stopped_) return next;
    switch (serve()) {
    case Serve::Resume:
        stopped_ = false;
        return Next::Run;
    case Serve::Deadline:
        return Next::Skip;  // still stopped: the loop sees --timeout expire and ends the run
    case Serve::Kill:
        killed_ = true;
        close_client();
        return Next::Quit;
    case Serve::Detach:
    case Serve::Closed:
        close_client();
        mon_.clear_all();
        mon_.resume();
        return Next::Run;
    }
    return Next::Run;
}

bool GdbStub::on_interrupt(Machine& m) {
    if (fd_ < 0) return MonitoredRun::on_interrupt(m);
    if (!stopped_) {
        mon_.cancel_requests();
        signal_ = 2;
        stopped_ = true;
        report_stop();
    }
    return true;
}

int GdbStub::at_end(Machine& m, int status) {
    if (fd_ >= 0 && !killed_) {
        // The guest is gone: tell a waiting GDB the "process" exited with the run's status.
        char buf[8];
        std::snprintf(buf, sizeof buf, "W%02x", unsigned(status) & 0xFF);
        if (gdb_waiting_) send_packet(buf);
        close_client();
    }
    return MonitoredRun::at_end(m, status);
}

GdbStub::Serve GdbStub::serve() {
    for (;;) {
        while (auto p = take_packet()) {
            std::optional<Serve> outcome;
            std::optional<std::string> reply = handle(*p, outcome);
            if (reply) send_packet(*reply);
            if (outcome) return *outcome;
        }
        interrupt_ = false;  // already stopped
        const int wait_ms = ms_to_deadline();
        if (wait_ms == 0) return Serve::Deadline;
        if (!read_available(wait_ms)) return Serve::Closed;
    }
}

std::optional<std::string> GdbStub::handle(const std::string& p, std::optional<Serve>& outcome) {
    if (p.empty()) return std::string();
    Cpu& c = m_.cpu();
    const char cmd = p[0];
    const std::string args = p.substr(1);
    switch (cmd) {
    case '?': return stop_reply();
    case 'g': return read_registers();
    case 'G': {
        std::vector<uint8_t> bytes;
        if (!parse_hex_bytes(args, bytes)) return "E01";
        size_t off = 0;
        for (unsigned n = 0; n < kRegCount && off + reg_size(n) <= bytes.size(); off += reg_size(n), ++n)
            if (!write_register(n, hex_bytes(bytes.data() + off, reg_size(n)))) return "E01";
        return "OK";
    }
    case 'p': {
        size_t pos = 0;
        uint64_t n;
        if (!parse_hex_number(args, pos, n) || n >= kRegCount) return "E01";
        std::string all = read_registers();
        size_t off = 0;
        for (unsigned k = 0; k < n; ++k) off += reg_size(k) * 2;
        return all.substr(off, reg_size(unsigned(n)) * 2);
    }
    case 'P': {
        size_t pos = 0;
        uint64_t n;
        if (!parse_hex_number(args, pos, n) || pos >= args.size() || args[pos] != '=' || n >= kRegCount) return "E01";
        return write_register(unsigned(n), args.substr(pos + 1)) ? "OK" : "E01";
    }
    case 'm': return read_memory(args);
    case 'M': return write_memory(args);
    case 'Z': return breakpoint(true, args);
    case 'z': return breakpoint(false, args);
    case 'c':
    case 's': {
        if (!args.empty()) {  // resume at an address
            size_t pos = 0;
            uint64_t a;
            if (parse_hex_number(args, pos, a)) set_linear_pc(c, uint32_t(a));
        }
        mon_.resume();
        if (cmd == 's') mon_.step(1);
        gdb_waiting_ = true;
        outcome = Serve::Resume;
        return std::nullopt;  // the stop reply comes when the guest stops
    }
    case 'D': outcome = Serve::Detach; return "OK";
    case 'k': outcome = Serve::Kill; return std::nullopt;
    case 'H': case 'T': return "OK";  // one thread: any thread selection is fine
    case 'q':
        if (p.rfind("qSupported", 0) == 0) return "PacketSize=1000;qXfer:features:read+;QStartNoAckMode+;swbreak+";
        if (p == "qAttached") return "1";  // on quit GDB detaches and the guest runs on
        if (p == "qC") return "QC1";
        if (p == "qfThreadInfo") return "m1";
        if (p == "qsThreadInfo") return "l";
        if (p.rfind("qSymbol", 0) == 0) return "OK";
        if (p.rfind("qXfer:features:read:", 0) == 0) return features(p.substr(20));
        return std::string();
    case 'Q':
        if (p == "QStartNoAckMode") {
            send_packet("OK");  // acknowledged in the old mode, then acks stop
            no_ack_ = true;
            return std::nullopt;
        }
        return std::string();
    default: return std::string();  // unsupported: the empty reply tells GDB so (vCont, X, ...)
    }
}

std::string GdbStub::read_registers() {
    Cpu& c = m_.cpu();
    std::string out;
    for (unsigned n = 0; n < kRegCount; ++n) {
        uint8_t b[10] = {};
        if (n == kEip || n == kIp) {
            uint32_t v = n == kEip ? linear_pc(c) : c.s.eip;
            for (unsigned k = 0; k < 4; ++k) b[k] = uint8_t(v >> (8 * k));
        } else if (n < kFirstSt || n >= kFirstCr) {
            const char* name = n < kFirstSt ? kCoreNames[n] : kCrNames[n - kFirstCr];
            uint32_t v = dbg::register_value(c, name).value_or(0);
            for (unsigned k = 0; k < 4; ++k) b[k] = uint8_t(v >> (8 * k));
        } else {
            fpu_reg(c.s, n - kFirstSt, b, nullptr);
        }
        out += hex_bytes(b, reg_size(n));
    }
    return out;
}

bool GdbStub::write_register(unsigned n, const std::string& hex) {
    std::vector<uint8_t> b;
    if (n >= kRegCount || !parse_hex_bytes(hex, b) || b.size() != reg_size(n)) return false;
    Cpu& c = m_.cpu();
    if (n >= kFirstSt && n < kFirstCr) {
        fpu_reg(c.s, n - kFirstSt, nullptr, b.data());
        return true;
    }
    uint32_t v = uint32_t(dbg::load_le(b.data(), 4));
    if (n == kEip) {  // a G packet rewrites every register: an unchanged PC stays as it is
        if (v != linear_pc(c)) set_linear_pc(c, v);
        return true;
    }
    if (n == kIp) {
        if (v != c.s.eip) c.s.eip = v & c.ip_mask();
        return true;
    }
    const char* name = n < kFirstSt ? kCoreNames[n] : kCrNames[n - kFirstCr];
    // A G packet rewrites every register; reloading unchanged selectors would only risk faults.
    if (dbg::register_value(c, name) == v) return true;
    return dbg::set_register(c, name, v).empty();
}

std::string GdbStub::read_memory(const std::string& args) {
    size_t pos = 0;
    uint64_t addr, len;
    if (!parse_hex_number(args, pos, addr) || pos >= args.size() || args[pos++] != ',' || !parse_hex_number(args, pos, len))
        return "E01";
    len = std::min<uint64_t>(len, kMaxMemoryChunk);
    std::vector<uint8_t> buf(len);
    size_t n = dbg::read_linear(m_, uint32_t(addr), buf.data(), len);
    if (n == 0 && len) return "E14";  // EFAULT: not mapped
    return hex_bytes(buf.data(), n);
}

std::string GdbStub::write_memory(const std::string& args) {
    size_t pos = 0;
    uint64_t addr, len;
    if (!parse_hex_number(args, pos, addr) || pos >= args.size() || args[pos++] != ',' || !parse_hex_number(args, pos, len) ||
        pos >= args.size() || args[pos++] != ':')
        return "E01";
    std::vector<uint8_t> bytes;
    if (!parse_hex_bytes(args.substr(pos), bytes) || bytes.size() != len) return "E01";
    return dbg::write_linear(m_, uint32_t(addr), bytes.data(), bytes.size()) == bytes.size() ? "OK" : "E14";
}

std::string GdbStub::breakpoint(bool insert, const std::string& args) {
    size_t pos = 0;
    uint64_t type, addr, kind;
    if (!parse_hex_number(args, pos, type) || pos >= args.size() || args[pos++] != ',' || !parse_hex_number(args, pos, addr) ||
        pos >= args.size() || args[pos++] != ',' || !parse_hex_number(args, pos, kind))
        return "E01";
    if (type <= 1) {  // software and hardware breakpoints are the same to us
        if (insert) mon_.add_breakpoint(false, uint32_t(addr), "gdb");
        else mon_.remove_breakpoint_at(uint32_t(addr));
        return "OK";
    }
    if (type > 4) return {};
    dbg::WatchKind w = type == 2 ? dbg::WatchKind::Write : type == 3 ? dbg::WatchKind::Read : dbg::WatchKind::Access;
    if (insert) mon_.add_watchpoint(w, uint32_t(addr), uint32_t(kind));
    else mon_.remove_watchpoint_at(w, uint32_t(addr), uint32_t(kind));
    return "OK";
}

std::string GdbStub::features(const std::string& args) {
    // "target.xml:OFFSET,LENGTH". GDB reads it as it connects: a CPU in real or virtual-8086
    // mode then gets the i8086 architecture (16-bit disassembly), otherwise i386.
    static const std::string xml16 = target_xml("i8086"), xml32 = target_xml("i386");
    const Cpu& c = m_.cpu();
    const std::string& xml = c.protected_mode() && !c.flag(fl::VM) ? xml32 : xml16;
    size_t colon = args.find(':');
    if (colon == std::string::npos || args.substr(0, colon) != "target.xml") return "E00";
    size_t pos = colon + 1;
    uint64_t off, len;
    if (!parse_hex_number(args, pos, off) || pos >= args.size() || args[pos++] != ',' || !parse_hex_number(args, pos, len))
        return "E01";
    if (off >= xml.size()) return "l";
    std::string chunk = xml.substr(off, len);
    return (off + chunk.size() >= xml.size() ? "l" : "m") + chunk;
}

} // namespace bw::frontend
