// CPU models and the behaviours that differ between them, as data.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace bw {

enum class CpuModel : uint8_t { i8086, i286, i386, i486, pentium, p6 };

struct ModelTraits {
    CpuModel model;
    const char* name;
    unsigned address_bits;       // physical address bus width
    unsigned max_insn_len;       // longer instructions raise #UD (286) / #GP (386+); 0 = unlimited
    bool shift_count_masked;     // 186+: shift/rotate counts are masked to 5 bits
    bool push_sp_old;            // 286+: PUSH SP pushes the value before the decrement
    bool has_ud;                 // 186+: undefined opcodes raise #UD (the 8086 executes something)
    bool offset_wraps;           // 8086: word accesses at offset FFFFh wrap inside the segment
    bool ip_past_divide_error;   // 8086: #DE pushes the address of the next instruction
    bool has_32bit;              // 386+: 66/67 prefixes, FS/GS, 0F extensions
    bool overrun_is_gp;          // 286: every real-mode segment overrun is interrupt 13, even on SS
    uint32_t flags_fixed1;       // EFLAGS bits that always read as 1
    uint32_t flags_fixed0;       // EFLAGS bits that always read as 0 (in real mode)
};

const ModelTraits& traits_of(CpuModel m);
std::optional<CpuModel> parse_cpu_model(std::string_view name);

} // namespace bw
