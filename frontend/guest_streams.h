// The guest's text outputs as the front end sees them: COM1 and the port 0xE9 console go to
// their sinks and past the --until watchers; the text screen is checked between run slices.
#pragma once
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
    // Hooks the machine's outputs. A match of --until stops the machine at once.
    void attach(Machine& m);
    // Between slices: hands typed input to COM1 and looks for --until on the text screen.
    void between_slices(Machine& m);
    bool until_seen() const { return until_seen_; }
    // Writes out buffered partial lines (end of run, before anything else goes to stdout).
    void flush();

private:
    void note_match(Machine& m);

    const Options& opts_;
    ByteSink serial_out_, debugcon_out_;
    SerialLink serial_;
    TextWatch serial_watch_, debugcon_watch_;
    bool until_seen_ = false;
    bool serial_stdin_ = false;
    std::string pty_path_;  // --serial pty: the slave side, /dev/pts/N
};

} // namespace bw::frontend
