// The guest's text outputs as the front end sees them: COM1 and the port 0xE9 console go to
// their sinks and past the --until watchers; the text screen is checked between run slices.
#pragma once
#include <cstdint>
#include <string>
#include "frontend/byte_sink.h"
#include "frontend/options.h"
#include "frontend/serial_link.h"
#include "frontend/text_watch.h"

namespace bw { class Machine; }

namespace bw::frontend {

class GuestStreams {
public:
    explicit GuestStreams(const Options& o) : opts_(o), serial_watch_(o.until), debugcon_watch_(o.until) {}

    // Opens the output targets (`headless` picks the defaults). Returns "" or a one-line error.
    std::string open(bool headless);
    // Says where COM1 is when it is a pseudo-terminal (one line on stderr; once the run is
    // certain to start, so that usage errors stay one line).
    void announce();
    // Hooks the machine's outputs. A match of --until on the text screen stops the machine at
    // once; a match on COM1 or the 0xE9 console lets the guest finish that line first (see
    // note_match), then stops it.
    void attach(Machine& m);
    // Between slices: hands typed input to COM1 and looks for --until on the text screen.
    void between_slices(Machine& m);
    // --until TEXT has appeared (the run has reached its goal) ...
    bool until_seen() const { return until_seen_; }
    // ... and the line it appeared in is complete: the run ends now.
    bool until_done() const { return until_done_; }
    // End of run: moves what the guest left in COM1's transmitter to the sinks and writes out
    // buffered partial lines (before anything else goes to stdout). May be called repeatedly.
    void flush();

private:
    enum class Source { Screen, Serial, Debugcon };
    void watched_byte(Machine& m, Source src, uint8_t b);
    void note_match(Machine& m, Source src, uint8_t last);
    void end_until(Machine& m);
    static void line_timer_fired(void* ctx, uint64_t now_ns);

    const Options& opts_;
    ByteSink serial_out_, debugcon_out_;
    SerialLink serial_;
    TextWatch serial_watch_, debugcon_watch_;
    bool until_seen_ = false;
    bool until_done_ = false;
    Machine* machine_ = nullptr;
    int line_timer_ = -1;
    bool line_pending_ = false;   // matched on a byte stream; waiting for the end of that line
    Source line_src_ = Source::Screen;
    uint64_t line_cap_ns_ = 0;    // the latest virtual time the run waits for that line to end
    unsigned line_bytes_ = 0;     // bytes of that line after the match
    bool serial_stdin_ = false;
    std::string pty_path_;  // --serial pty: the slave side, /dev/pts/N
};

} // namespace bw::frontend
