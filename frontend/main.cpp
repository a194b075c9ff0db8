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
#include "frontend/exit_codes.h"
#include "frontend/guest_streams.h"
#include "frontend/headless.h"
#include "frontend/machine_setup.h"
#include "frontend/options.h"
#include "frontend/run_stats.h"
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
    ParseResult parsed = parse_options(args);
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

    // The SDL window comes later; until then every run is headless, and we say so rather than
    // silently ignoring the display.
    if (!o.headless && display_available())
        std::fprintf(stderr, "boxwood: note: the SDL window is not implemented yet; running headless\n");
    const bool headless = true;

    SetupResult setup = make_machine_config(o);
    if (!setup.error.empty()) return usage_error(setup.error);

    GuestStreams streams(o);
    if (std::string err = streams.open(headless); !err.empty()) return usage_error(err);

    std::unique_ptr<Machine> machine;
    try {
        machine = std::make_unique<Machine>(setup.config);
    } catch (const std::runtime_error& e) {  // bad image or ROM: the user's input, not our bug
        return usage_error(e.what());
    }
    machine->reboot_on_triple_fault = !o.no_reboot;
    streams.attach(*machine);

    RunSummary summary;
    try {
        summary = run_headless(*machine, o, streams);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "boxwood: emulator error: %s\n", e.what());
        summary.exit_code = kExitError;
    }
    streams.flush();
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
