// Process exit statuses of `boxwood`, documented in README.md and --help. Scripts and CI rely on
// them, so they never change meaning.
#pragma once
#include <cstdint>

namespace bw::frontend {

inline constexpr int kExitOk = 0;           // --until matched, guest powered off, run ended normally
inline constexpr int kExitError = 1;        // emulator error
inline constexpr int kExitUsage = 2;        // bad usage or unusable input (image, ROM, output file)
inline constexpr int kExitTimeout = 3;      // --timeout expired, or --until TEXT never appeared
inline constexpr int kExitTripleFault = 4;  // triple fault with --no-reboot
inline constexpr int kExitInterrupted = 130;  // SIGINT (Ctrl-C), the shell convention 128 + 2

// QEMU's isa-debug-exit convention: a guest write of v to port 0xF4 exits with (v << 1) | 1, so
// a guest can never produce 0 by accident.
inline constexpr int debug_exit_status(uint32_t v) { return int(((v << 1) | 1) & 0xFF); }

} // namespace bw::frontend
