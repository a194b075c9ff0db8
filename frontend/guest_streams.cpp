#include "frontend/guest_streams.h"
#include <cstdio>
#include "devices/machine.h"
#include "frontend/text_screen.h"

namespace bw::frontend {

std::string GuestStreams::open(bool headless) {
    // Headless, the terminal is the only place output can go; a window (later) would show it.
    auto fallback = headless ? StreamTarget::Kind::Stdio : StreamTarget::Kind::None;
    if (std::string err = serial_out_.open(opts_.serial, fallback); !err.empty()) return err;
    if (std::string err = debugcon_out_.open(opts_.debugcon, fallback); !err.empty()) return err;
    serial_stdin_ = serial_out_.is_stdio();
    if (opts_.serial.kind == StreamTarget::Kind::Pty) {
        if (std::string err = serial_.open_pty(&pty_path_); !err.empty()) return err;
    }
    return {};
}

void GuestStreams::announce() {
    if (pty_path_.empty()) return;
    std::fprintf(stderr, "boxwood: COM1 is on %s\n", pty_path_.c_str());
    std::fflush(stderr);
}

void GuestStreams::note_match(Machine& m) {
    if (until_seen_) return;
    until_seen_ = true;
    m.request_stop();
}

void GuestStreams::attach(Machine& m) {
    m.on_debugcon = [this, &m](uint8_t b) {
        debugcon_out_.put(b);
        if (debugcon_watch_.feed(b)) note_match(m);
    };
    bool have_com1 = serial_.attach(m, [this, &m](uint8_t b) {
        serial_out_.put(b);
        if (serial_watch_.feed(b)) note_match(m);
    });
    if (have_com1 && serial_stdin_) serial_.enable_stdin_input();
    if (!have_com1 && opts_.serial.kind == StreamTarget::Kind::File)
        std::fprintf(stderr, "boxwood: note: this machine has no COM1 yet; '%s' stays empty\n", opts_.serial.path.c_str());
    if (!have_com1 && opts_.serial.kind == StreamTarget::Kind::Pty)
        std::fprintf(stderr, "boxwood: note: this machine has no COM1; the pseudo-terminal stays silent\n");
}

void GuestStreams::flush() {
    serial_out_.flush();
    serial_.flush_output();
    debugcon_out_.flush();
}

void GuestStreams::between_slices(Machine& m) {
    serial_out_.idle_flush();
    debugcon_out_.idle_flush();
    serial_.poll_input();
    if (opts_.until.empty() || until_seen_) return;
    if (auto screen = read_text_screen(m); screen && screen->find(opts_.until) != std::string::npos)
        note_match(m);
}

} // namespace bw::frontend
