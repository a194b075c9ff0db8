// Command-line options of the `boxwood` front end, parsed into one plain struct so that the
// run loop and the tests never look at argv themselves.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>
#include "cpu/model.h"

namespace bw::frontend {

// Where a byte stream from the guest (COM1, port 0xE9) goes. Pty (COM1 only): a new
// pseudo-terminal, both directions.
struct StreamTarget {
    enum class Kind { Default, Stdio, None, File, Pty } kind = Kind::Default;
    std::string path;  // for File
};

struct Options {
    std::string fda, fdb, hda, hdb, cdrom;
    std::string boot_order;          // empty: derived from the drives that are present
    uint32_t memory_mb = 64;
    uint64_t rtc_epoch = 0;               // --rtc: fixed start time (UNIX seconds); 0 = host time
    CpuModel cpu = CpuModel::p6;
    CpuFeatures cpu_features;        // --cpu MODEL,+nx
    std::string bios_path;           // empty: the built-in BIOS
    std::string vgabios_path;
    bool headless = false;
    StreamTarget serial, debugcon;
    std::string until;               // empty: no --until
    std::optional<double> timeout_s;
    std::optional<uint64_t> max_instructions;
    bool dump_screen = false;
    bool snapshot = false;
    bool no_apic = false;            // --no-apic: a P6 without local APIC and I/O APIC
    bool no_reboot = false;
    bool stats = false;
    bool help = false;
    bool version = false;
    // Desktop window, screenshots, scripted input and configuration (sdl_*, screenshot,
    // send_keys, config_file).
    std::string screenshot;               // --screenshot: PNG written when the run ends
    std::string send_keys;                // --send-keys: scripted keyboard input (send_keys.h)
    std::string config_path;              // --config: JSON file of option defaults
    std::vector<std::string> fda_swap;    // --fda-swap (repeatable): more images for drive A:
    bool realtime = false;                // --realtime: the window keeps virtual time near wall time
    // Debugging (debugger*.cpp, gdb_stub.cpp, trace.cpp).
    bool debug = false;                   // --debug: the console, stopped before the first instruction
    std::string debug_script;             // --debug-script: console commands from a file (implies --debug)
    std::optional<uint16_t> gdb_port;     // --gdb PORT: GDB remote stub on 127.0.0.1
    bool gdb_wait = false;                // --gdb-wait: wait for GDB before the first instruction
    std::string trace_path;               // --trace: one line per executed instruction
};

// Either options or the one-line reason the command line is unusable.
struct ParseResult {
    Options options;
    std::string error;  // non-empty: print "boxwood: <error>" and exit 2
};

// Parses argv[1..]. Bare IMAGE arguments are classified (floppy / hard disk / CD-ROM) here, so
// this reads their size; a missing image is a parse error.
ParseResult parse_options(const std::vector<std::string>& args);

// How an option is written: a flag, an option with a value, or not an option of this build.
// (For --config, whose keys mirror the long options.)
enum class OptionArity { Unknown, Flag, Value };
OptionArity option_arity(const std::string& name);

// The --help text (documents every option that works).
std::string help_text();

} // namespace bw::frontend
