// Connects the guest's COM1 to the host: transmitted bytes go to a ByteSink (and the --until
// watcher), and with --serial stdio, bytes typed on stdin are handed to the UART's receiver.
// With --serial pty, COM1 is a new pseudo-terminal instead, in raw mode, both ways.
#pragma once
#include <cstdint>
#include <string>
#include <vector>
#include <functional>

namespace bw { class Machine; }

namespace bw::frontend {

class SerialLink {
public:
    SerialLink() = default;
    ~SerialLink();
    SerialLink(const SerialLink&) = delete;
    SerialLink& operator=(const SerialLink&) = delete;

    // Creates the pseudo-terminal (before attach). Returns "" and sets *slave_path (/dev/pts/N),
    // or the one-line reason it cannot.
    std::string open_pty(std::string* slave_path);
    // Hooks COM1's transmitter to `on_byte` (and to the pty, when open). Returns false when this
    // machine has no COM1.
    bool attach(Machine& m, std::function<void(uint8_t)> on_byte);
    // Starts reading host stdin for the guest (only meaningful after a successful attach).
    void enable_stdin_input() { stdin_open_ = true; }
    // Moves pending stdin/pty bytes to the UART and guest output to the pty. Called between run
    // slices; never blocks.
    void poll_input();
    // Writes buffered guest output to the pty (end of run).
    void flush_output();
    // End of run: the bytes the guest left in COM1's transmit FIFO and shift register reach
    // on_byte now (Uart16550::drain_transmitter).
    void drain_uart();

private:
    void read_fd(int fd, bool& open, bool cr_for_lf);

    void* uart_ = nullptr;  // the Uart16550, kept opaque so this header needs no device headers
    bool stdin_open_ = false;
    bool stdin_is_tty_ = false;
    std::vector<uint8_t> pending_;  // read from stdin or the pty, not yet given to the UART
    // The pty: we keep the slave side open too, so that its raw mode survives the user's
    // terminal program coming and going, and the master never reads EIO in between.
    int pty_master_ = -1, pty_slave_ = -1;
    bool pty_open_ = false;
    std::vector<uint8_t> pty_out_;  // guest output not yet written to the pty
};

} // namespace bw::frontend
