// Connects the guest's COM1 to the host: transmitted bytes go to a ByteSink (and the --until
// watcher), and with --serial stdio, bytes typed on stdin are handed to the UART's receiver.
#pragma once
#include <cstdint>
#include <vector>
#include <functional>

namespace bw { class Machine; }

namespace bw::frontend {

class SerialLink {
public:
    // Hooks COM1's transmitter to `on_byte`. Returns false when this machine has no COM1.
    bool attach(Machine& m, std::function<void(uint8_t)> on_byte);
    // Starts reading host stdin for the guest (only meaningful after a successful attach).
    void enable_stdin_input() { stdin_open_ = true; }
    // Moves pending stdin bytes to the UART. Called between run slices; never blocks.
    void poll_input();

private:
    void* uart_ = nullptr;  // the Uart16550, kept opaque so this header needs no device headers
    bool stdin_open_ = false;
    bool stdin_is_tty_ = false;
    std::vector<uint8_t> pending_;  // read from stdin, not yet given to the UART
};

} // namespace bw::frontend
