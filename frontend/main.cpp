// boxwood: the PC emulator's command-line front end. Parses options, builds the machine and
// hands it to the run loop; all policy about exit statuses lives in exit_codes.h / headless.cpp.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>
#include "devices/machine.h"
#include "frontend/config_file.h"
#include "frontend/debugger_session.h"
#include "frontend/exit_codes.h"
#include "frontend/guest_streams.h"
#include "frontend/headless.h"
#include "frontend/machine_setup.h"
#include "frontend/options.h"
#include "frontend/run_stats.h"
#include "frontend/screenshot.h"
#include "frontend/sdl_window.h"
#include "frontend/send_keys.h"
#include "frontend/text_screen.h"

namespace bw::frontend {
namespace {

constexpr const char* kVersion = "0.1";  // keep in step with project(VERSION) in CMakeLists.txt

int usage_error(const std::string& msg) {
    std::fprintf(stderr, "boxwood: %s\n", msg.c_str());
    return kExitUsage;
}

bool display_available() {
    for (const char* var : {"DISPLAY", "WAYLAND_DISPLAY"})
        if (const char* v = std::getenv(var); v && *v) return true;
    return false;
}

void dump_screen(Machine& m) {
    if (auto screen = read_text_screen(m)) {
        std::fputs(screen->c_str(), stdout);
        std::fflush(stdout);
    } else {
        std::fprintf(stderr, "boxwood: note: no text screen available to dump\n");
    }
}

int run(const std::vector<std::string>& args) {
    ParseResult parsed = parse_with_config(args);
    if (!parsed.error.empty()) return usage_error(parsed.error);
    const Options& o = parsed.options;
    if (o.help) {
        std::fputs(help_text().c_str(), stdout);
        return kExitOk;
    }
    if (o.version) {
        std::printf("boxwood %s\n", kVersion);
        return kExitOk;
    }

    std::string keys_error;
    std::vector<KeyStep> key_steps = parse_key_script(o.send_keys, &keys_error);
    if (!keys_error.empty()) return usage_error(keys_error);
    if (std::string err = check_screenshot_path(o.screenshot); !err.empty()) return usage_error(err);

    SetupResult setup = make_machine_config(o);
    if (!setup.error.empty()) return usage_error(setup.error);

    // COM1 and port 0xE9 stream to stdout by default with a window too: it shows only the screen.
    GuestStreams streams(o);
    if (std::string err = streams.open(true); !err.empty()) return usage_error(err);

    std::unique_ptr<Machine> machine;
    try {
        machine = std::make_unique<Machine>(setup.config);
    } catch (const std::runtime_error& e) {  // bad image or ROM: the user's input, not our bug
        return usage_error(e.what());
    }
    machine->reboot_on_triple_fault = !o.no_reboot;
    streams.attach(*machine);
    KeyScript key_script(*machine, std::move(key_steps));

    // A window when there is a display and --headless is not given; if SDL cannot open one
    // (say $DISPLAY names no running server) the run goes on headless.
    std::unique_ptr<SdlWindow> window;
    if (!o.headless && display_available()) {
        std::string why;
        window = SdlWindow::open(*machine, o, &why);
        if (!window) std::fprintf(stderr, "boxwood: note: cannot open a window (%s); running headless\n", why.c_str());
    }

    // --debug, --debug-script, --gdb, --trace and Ctrl-C -> console (debugger_session.h).
    DebugSession debug;
    if (std::string err = debug.open(*machine, o, window.get()); !err.empty()) return usage_error(err);
    if (window)
        window->on_debugger_request = [&debug](Machine&) {
            if (!debug.request_console("stopped from the window (Ctrl+Alt+D)"))
                std::fprintf(stderr, "boxwood: note: no debugger console in this run (start with --debug)\n");
        };

    streams.announce();  // --serial pty: "COM1 is on /dev/pts/N"
    RunSummary summary;
    try {
        summary = run_headless(*machine, o, streams, debug.hooks());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "boxwood: emulator error: %s\n", e.what());
        summary.exit_code = kExitError;
    }
    window.reset();
    streams.flush();
    if (!o.screenshot.empty()) {
        std::string err;
        if (!save_screenshot(*machine, o.screenshot, &err)) {
            std::fprintf(stderr, "boxwood: screenshot '%s' not written: %s\n", o.screenshot.c_str(), err.c_str());
            std::remove(o.screenshot.c_str());  // the empty file check_screenshot_path left
            if (summary.exit_code == kExitOk) summary.exit_code = kExitError;
        }
    }
    if (o.dump_screen) dump_screen(*machine);
    if (o.stats)
        std::fprintf(stderr, "%s\n", format_stats(summary.instructions, machine->now_ns(), summary.wall_s).c_str());
    return summary.exit_code;
}

} // namespace
} // namespace bw::frontend

int main(int argc, char** argv) {
    try {
        return bw::frontend::run(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "boxwood: internal error: %s\n", e.what());
        return bw::frontend::kExitError;
    }
}
