#include "frontend/guest_streams.h"
#include <algorithm>
#include <cstdio>
#include "devices/machine.h"
#include "frontend/text_screen.h"

namespace bw::frontend {

namespace {
// After --until matches on COM1 or 0xE9, the run goes on until that stream's newline, so the
// output ends with the whole matched line (Linux prints "MARKER detail..." through its tty
// layer, several FIFO loads after the marker itself). A stream quiet this long (a prompt such
// as "login: " that waits for input; twenty characters at 9600 baud) counts as the line's end,
// and a guest that never ends the line (progress dots, a reboot loop printing one letter) is
// stopped after kLineCapNs or kLineCapBytes. Virtual time and bytes, so runs repeat.
constexpr uint64_t kLineQuietNs = 20'000'000;
constexpr uint64_t kLineCapNs = 200'000'000;
constexpr unsigned kLineCapBytes = 1024;
}

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

void GuestStreams::note_match(Machine& m, Source src, uint8_t last) {
    until_seen_ = true;
    if (src == Source::Screen || last == '\n') {
        end_until(m);
        return;
    }
    line_pending_ = true;
    line_src_ = src;
    line_bytes_ = 0;
    line_cap_ns_ = m.now_ns() + kLineCapNs;
    m.clock().arm(line_timer_, m.now_ns() + kLineQuietNs);
}

void GuestStreams::end_until(Machine& m) {
    if (until_done_) return;
    until_done_ = true;
    line_pending_ = false;
    m.clock().disarm(line_timer_);
    m.request_stop();
}

void GuestStreams::line_timer_fired(void* ctx, uint64_t) {
    auto* s = static_cast<GuestStreams*>(ctx);
    if (s->line_pending_ && s->machine_) s->end_until(*s->machine_);
}

void GuestStreams::watched_byte(Machine& m, Source src, uint8_t b) {
    if (opts_.until.empty() || until_done_) return;
    if (!until_seen_) {
        TextWatch& w = src == Source::Serial ? serial_watch_ : debugcon_watch_;
        if (w.feed(b)) note_match(m, src, b);
        return;
    }
    if (!line_pending_ || src != line_src_) return;
    if (b == '\n' || ++line_bytes_ >= kLineCapBytes) end_until(m);
    else m.clock().arm(line_timer_, std::min(m.now_ns() + kLineQuietNs, line_cap_ns_));
}

void GuestStreams::attach(Machine& m) {
    machine_ = &m;
    line_timer_ = m.clock().add_timer(&GuestStreams::line_timer_fired, this);
    m.on_debugcon = [this, &m](uint8_t b) {
        debugcon_out_.put(b);
        watched_byte(m, Source::Debugcon, b);
    };
    bool have_com1 = serial_.attach(m, [this, &m](uint8_t b) {
        serial_out_.put(b);
        watched_byte(m, Source::Serial, b);
    });
    if (have_com1 && serial_stdin_) serial_.enable_stdin_input();
    if (!have_com1 && opts_.serial.kind == StreamTarget::Kind::File)
        std::fprintf(stderr, "boxwood: note: this machine has no COM1 yet; '%s' stays empty\n", opts_.serial.path.c_str());
    if (!have_com1 && opts_.serial.kind == StreamTarget::Kind::Pty)
        std::fprintf(stderr, "boxwood: note: this machine has no COM1; the pseudo-terminal stays silent\n");
}

void GuestStreams::flush() {
    serial_.drain_uart();  // first: its bytes go through serial_out_ and the pty buffer
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
        note_match(m, Source::Screen, 0);
}

} // namespace bw::frontend
