// The x87 FPU's architectural state as plain data (SDM Vol. 1, 8.1): eight 80-bit data
// registers, the control, status and tag words, and the last-instruction pointers.
// Instruction semantics live in cpu/ops/fpu_*.cpp; the software extended-precision arithmetic
// in cpu/ops/fpu_float80.h.
#pragma once
#include <cstdint>

namespace bw {

// An 80-bit double extended-precision value (SDM Vol. 1, 4.2.2): a 64-bit significand with an
// explicit integer bit, and sign (bit 15) plus 15-bit biased exponent.
struct Float80 {
    uint64_t sig = 0;
    uint16_t se = 0;
    bool sign() const { return se >> 15; }
    uint16_t exp() const { return se & 0x7FFF; }
    bool operator==(const Float80&) const = default;
};

// Status word bits (SDM Vol. 1, 8.1.3).
namespace fsw {
constexpr uint16_t IE = 1 << 0, DE = 1 << 1, ZE = 1 << 2, OE = 1 << 3, UE = 1 << 4, PE = 1 << 5,
                   SF = 1 << 6, ES = 1 << 7, C0 = 1 << 8, C1 = 1 << 9, C2 = 1 << 10, C3 = 1 << 14,
                   B = 1 << 15, TOP = 7 << 11;
constexpr uint16_t EXCEPTIONS = 0x3F;
constexpr uint16_t CC = C0 | C1 | C2 | C3;
constexpr unsigned TOP_SHIFT = 11;
}

// Control word fields (SDM Vol. 1, 8.1.5).
namespace fcw {
constexpr uint16_t MASKS = 0x3F, PC = 3 << 8, RC = 3 << 10, IC = 1 << 12;
constexpr unsigned PC_SHIFT = 8, RC_SHIFT = 10;
constexpr uint16_t INIT = 0x037F;  // FNINIT (SDM Vol. 1, 8.1.5 / table 8-7)
}

// Tag values, two bits per physical register (SDM Vol. 1, 8.1.7).
namespace ftag {
constexpr unsigned VALID = 0, ZERO = 1, SPECIAL = 2, EMPTY = 3;
}

struct FpuState {
    Float80 r[8];              // physical registers R0-R7; ST(i) is r[(TOP + i) & 7]
    uint16_t cw = 0x0040;      // after RESET (SDM Vol. 3, table 9-1)
    uint16_t sw = 0;           // TOP is bits 11-13
    uint16_t tw = 0x5555;      // R0-R7 hold +0 after RESET
    uint16_t fop = 0;          // last non-control instruction: opcode bits 10-0
    uint16_t fcs = 0, fds = 0; // its CS and operand segment selectors
    uint32_t fip = 0, fdp = 0; // its offset and operand offset
    bool ferr = false;         // FERR# output: an unmasked exception signalled with CR0.NE = 0
    bool ignne = false;        // IGNNE# input, driven by the board: waiting instructions ignore ES
};

} // namespace bw
