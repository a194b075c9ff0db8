// --config FILE.json: a JSON object whose keys are the long options without "--" ("mem": 16,
// "cpu": "486", "headless": true, "fda-swap": ["b.img", "c.img"], "image": "disk.img"). The
// file supplies defaults: an option given on the command line replaces the file's value.
#pragma once
#include <string>
#include <vector>
#include "frontend/options.h"

namespace bw::frontend {

struct ConfigArgs {
    std::vector<std::string> args;  // the file as command-line arguments, to go before argv's
    std::string error;              // non-empty: one-line reason (exit 2)
};

// Reads `path` and turns it into arguments, leaving out every option that `cli_args` (the real
// command line) sets itself. `cli_has_drive` names the drives ("fda", "hda", "cdrom", ...) that
// the command line filled, bare IMAGE included, so a file's drive of the same name is dropped.
ConfigArgs load_config(const std::string& path, const std::vector<std::string>& cli_args,
                       const std::vector<std::string>& cli_drives);

// parse_options with --config applied: the command line is parsed alone first (for --config
// itself and the drives it fills), then again behind the file's arguments.
ParseResult parse_with_config(const std::vector<std::string>& args);

} // namespace bw::frontend
