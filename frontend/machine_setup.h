// Turns parsed options into a MachineConfig: fills in the built-in BIOS and default disk, derives
// the boot order, and checks every input file up front so that a bad path is reported in one
// clear line before any device model sees it.
#pragma once
#include <string>
#include "devices/machine.h"
#include "frontend/options.h"

namespace bw::frontend {

struct SetupResult {
    MachineConfig config;
    std::string error;  // non-empty: unusable input (exit 2)
};

SetupResult make_machine_config(const Options& o);

// Where the build put the firmware and the default image (BOXWOOD_ROM_DIR).
std::string rom_dir();

} // namespace bw::frontend
