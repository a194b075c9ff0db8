#include "frontend/serial_link.h"
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>
#include "devices/machine.h"

// The UART is written concurrently with this front end; until its header exists the machine has
// no COM1 and attach() reports that, so the front end builds either way.
#if __has_include("devices/uart16550.h")
#include "devices/uart16550.h"
#define BOXWOOD_HAVE_UART 1
#else
#define BOXWOOD_HAVE_UART 0
#endif

namespace bw::frontend {

namespace {
// Guest output waiting for a pty reader is capped; beyond it bytes are dropped, as a line with
// nobody listening would lose them.
constexpr size_t kPtyOutCap = 64 * 1024;
}

SerialLink::~SerialLink() {
    flush_output();
    if (pty_slave_ >= 0) ::close(pty_slave_);
    if (pty_master_ >= 0) ::close(pty_master_);
}

std::string SerialLink::open_pty(std::string* slave_path) {
    auto fail = [this](const char* what) {
        std::string msg = std::string("cannot create a pseudo-terminal for --serial pty (") + what + ": " + std::strerror(errno) + ")";
        if (pty_master_ >= 0) ::close(pty_master_);
        pty_master_ = -1;
        return msg;
    };
    pty_master_ = ::posix_openpt(O_RDWR | O_NOCTTY);
    if (pty_master_ < 0) return fail("posix_openpt");
    if (::grantpt(pty_master_) != 0) return fail("grantpt");
    if (::unlockpt(pty_master_) != 0) return fail("unlockpt");
    const char* name = ::ptsname(pty_master_);
    if (!name) return fail("ptsname");
    std::string path = name;
    // Raw mode on the slave: no echo of guest output back into COM1, no line editing, no CR/LF
    // mapping; bytes pass through unchanged, as on a serial cable.
    pty_slave_ = ::open(path.c_str(), O_RDWR | O_NOCTTY);
    if (pty_slave_ < 0) return fail(path.c_str());
    termios t{};
    if (::tcgetattr(pty_slave_, &t) == 0) {
        ::cfmakeraw(&t);
        ::tcsetattr(pty_slave_, TCSANOW, &t);
    }
    // Guest output must never stall the emulator when nobody reads the terminal.
    ::fcntl(pty_master_, F_SETFL, ::fcntl(pty_master_, F_GETFL) | O_NONBLOCK);
    ::fcntl(pty_master_, F_SETFD, FD_CLOEXEC);
    ::fcntl(pty_slave_, F_SETFD, FD_CLOEXEC);
    pty_open_ = true;
    *slave_path = path;
    return {};
}

bool SerialLink::attach(Machine& m, std::function<void(uint8_t)> on_byte) {
#if BOXWOOD_HAVE_UART
    auto* uart = dynamic_cast<Uart16550*>(m.find_device("com1"));
    if (!uart) return false;
    if (pty_master_ >= 0) {
        uart->on_transmit = [this, cb = std::move(on_byte)](uint8_t b) {
            if (pty_out_.size() < kPtyOutCap) pty_out_.push_back(b);
            if (pty_out_.size() >= 4096) flush_output();
            cb(b);
        };
    } else {
        uart->on_transmit = std::move(on_byte);
    }
    uart_ = uart;
    stdin_is_tty_ = ::isatty(STDIN_FILENO) == 1;
    return true;
#else
    (void)m;
    (void)on_byte;
    return false;
#endif
}

void SerialLink::flush_output() {
    if (pty_master_ < 0 || pty_out_.empty()) return;
    size_t done = 0;
    while (done < pty_out_.size()) {
        ssize_t n = ::write(pty_master_, pty_out_.data() + done, pty_out_.size() - done);
        if (n > 0) { done += size_t(n); continue; }
        if (n < 0 && errno == EINTR) continue;
        break;  // EAGAIN: the terminal's buffer is full; keep the rest for the next slice
    }
    pty_out_.erase(pty_out_.begin(), pty_out_.begin() + std::ptrdiff_t(done));
}

void SerialLink::drain_uart() {
#if BOXWOOD_HAVE_UART
    if (uart_) static_cast<Uart16550*>(uart_)->drain_transmitter();
#endif
}

void SerialLink::read_fd(int fd, bool& open, bool cr_for_lf) {
    while (open) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 0) <= 0 || !(p.revents & (POLLIN | POLLHUP))) break;
        uint8_t buf[256];
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) break;
        if (n <= 0) {  // end of input (e.g. </dev/null under CI): stop polling for good
            open = false;
            break;
        }
        for (ssize_t k = 0; k < n; ++k) {
            // A terminal in line mode sends LF for Enter; a serial terminal would send CR.
            pending_.push_back(cr_for_lf && buf[k] == '\n' ? '\r' : buf[k]);
        }
    }
}

void SerialLink::poll_input() {
    if (!uart_) return;
    read_fd(STDIN_FILENO, stdin_open_, stdin_is_tty_);
    if (pty_master_ >= 0) {
        flush_output();
        read_fd(pty_master_, pty_open_, false);
    }
#if BOXWOOD_HAVE_UART
    // The UART queues host bytes and paces them into its receiver itself (flow control), so
    // everything read can be handed over at once.
    auto* uart = static_cast<Uart16550*>(uart_);
    for (uint8_t b : pending_) uart->receive_byte(b);
    pending_.clear();
#endif
}

} // namespace bw::frontend
