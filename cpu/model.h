// CPU models and the behaviours that differ between them, as data.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
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

// Features a model can be given beyond its own, as later parts of its family had them
// (`--cpu p6,+nx`). nx: the execute-disable bit (SDM Vol. 3, 4.6 and 4.1.4: IA32_EFER.NXE,
// CPUID.80000001H:EDX[20]), which Intel added with later Pentium 4 and Pentium M parts; it
// needs PAE, so only the p6 model takes it.
struct CpuFeatures {
    bool nx = false;
};

// A model name with optional ",+FEATURE" suffixes.
struct CpuSpec {
    CpuModel model = CpuModel::p6;
    CpuFeatures features;
};

const ModelTraits& traits_of(CpuModel m);
std::optional<CpuModel> parse_cpu_model(std::string_view name);
// Parses "MODEL[,+FEATURE...]" (features: nx). On failure returns nullopt and sets `error` to a
// one-line reason.
std::optional<CpuSpec> parse_cpu_spec(std::string_view text, std::string& error);

} // namespace bw
