#include "frontend/serial_link.h"
#include <poll.h>
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

bool SerialLink::attach(Machine& m, std::function<void(uint8_t)> on_byte) {
#if BOXWOOD_HAVE_UART
    auto* uart = dynamic_cast<Uart16550*>(m.find_device("com1"));
    if (!uart) return false;
    uart->on_transmit = std::move(on_byte);
    uart_ = uart;
    stdin_is_tty_ = ::isatty(STDIN_FILENO) == 1;
    return true;
#else
    (void)m;
    (void)on_byte;
    return false;
#endif
}

void SerialLink::poll_input() {
    if (!uart_) return;
    while (stdin_open_) {
        pollfd p{STDIN_FILENO, POLLIN, 0};
        if (::poll(&p, 1, 0) <= 0 || !(p.revents & (POLLIN | POLLHUP))) break;
        uint8_t buf[256];
        ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
        if (n <= 0) {  // end of input (e.g. </dev/null under CI): stop polling for good
            stdin_open_ = false;
            break;
        }
        for (ssize_t k = 0; k < n; ++k) {
            // A terminal in line mode sends LF for Enter; a serial terminal would send CR.
            pending_.push_back(stdin_is_tty_ && buf[k] == '\n' ? '\r' : buf[k]);
        }
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
