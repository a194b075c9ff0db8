// The architectural register state of an x86 CPU, as plain data.
// The debugger, snapshots and tests read and write it directly; the arithmetic flags are kept
// lazily (see cpu/flags.h), so read EFLAGS through Cpu::eflags() rather than the raw field.
#pragma once
#include <cstdint>
#include "cpu/fpu.h"

namespace bw {

enum Reg : uint8_t { EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI, REG_ZERO = 8 };
enum SegReg : uint8_t { ES, CS, SS, DS, FS, GS, SEG_NONE = 7 };

// EFLAGS bits (SDM Vol. 1, 3.4.3).
namespace fl {
constexpr uint32_t CF = 1u << 0, RESERVED1 = 1u << 1, PF = 1u << 2, AF = 1u << 4, ZF = 1u << 6,
                   SF = 1u << 7, TF = 1u << 8, IF = 1u << 9, DF = 1u << 10, OF = 1u << 11,
                   IOPL = 3u << 12, NT = 1u << 14, RF = 1u << 16, VM = 1u << 17, AC = 1u << 18,
                   VIF = 1u << 19, VIP = 1u << 20, ID = 1u << 21;
constexpr uint32_t ARITH = CF | PF | AF | ZF | SF | OF;
}

// CR0 bits (SDM Vol. 3, 2.5).
namespace cr0 {
constexpr uint32_t PE = 1u << 0, MP = 1u << 1, EM = 1u << 2, TS = 1u << 3, ET = 1u << 4,
                   NE = 1u << 5, WP = 1u << 16, AM = 1u << 18, NW = 1u << 29, CD = 1u << 30,
                   PG = 1u << 31;
}

// CR4 bits (SDM Vol. 3, 2.5).
namespace cr4 {
constexpr uint32_t VME = 1u << 0, PVI = 1u << 1, TSD = 1u << 2, DE = 1u << 3, PSE = 1u << 4,
                   PAE = 1u << 5, MCE = 1u << 6, PGE = 1u << 7, PCE = 1u << 8, OSFXSR = 1u << 9;
}

// IA32_EFER (MSR C0000080H, SDM Vol. 4, table 2-2): only NXE exists here (--cpu p6,+nx).
namespace efer {
constexpr uint64_t NXE = 1ull << 11;
}

// A segment register: the visible selector and the hidden descriptor cache (SDM Vol. 3, 3.4.3).
struct SegmentRegister {
    uint16_t selector = 0;
    uint32_t base = 0;
    uint32_t limit = 0xFFFF;   // byte-granular effective limit
    uint16_t access = 0x93;    // descriptor access byte (bits 0-7) and flags nibble (bits 12-15: G, D/B, L, AVL)
    // Derived from limit and access by update_bounds(); Cpu::read/write check an n-byte access
    // at offset o as `uint32_t(o - lower) + n > end_*`, one compare that covers expand-up
    // segments [0, limit], expand-down segments [limit + 1, 0xFFFF or 0xFFFFFFFF] (SDM Vol. 3,
    // 5.3), unusable (null-loaded, SDM Vol. 3, 5.4.1) segments and type rights (end_* = 0:
    // read of an execute-only or write of a code/read-only segment, SDM Vol. 3, 5.5).
    uint32_t lower = 0;
    uint64_t end_read = 0x10000;
    uint64_t end_write = 0x10000;
    bool big() const { return (access & 0x4000) != 0; }  // D/B bit
    bool usable() const { return (access & 0x80) != 0; } // P bit; 0 after a null selector load
    // `rights` applies the protected-mode type checks (off in real mode, where only the limit
    // counts). A cleared P bit makes the register unusable in every mode.
    void update_bounds(bool rights) {
        uint64_t lo = 0, hi = uint64_t(limit) + 1;
        if ((access & 0x1C) == 0x14) {  // data segment, expand-down
            lo = uint64_t(limit) + 1;
            hi = big() ? 0x100000000ull : 0x10000ull;
        }
        uint64_t size = usable() && hi > lo ? hi - lo : 0;
        lower = uint32_t(lo);
        const bool code = (access & 0x18) == 0x18;
        end_read = !rights || !code || (access & 2) ? size : 0;
        end_write = !rights || (!code && (access & 2)) ? size : 0;
    }
};

struct TableRegister {
    uint32_t base = 0;
    uint16_t limit = 0xFFFF;
};

union GeneralRegister {
    uint32_t d;
    uint16_t w;
    uint8_t b[4];
};

struct CpuState {
    // General registers in encoding order. gpr[REG_ZERO] is always zero: decoded address forms
    // without a base or index point at it, so effective-address arithmetic needs no branches.
    GeneralRegister gpr[9] = {};
    uint32_t eip = 0;
    uint32_t eflags_rest = fl::RESERVED1;  // every EFLAGS bit except the six arithmetic ones
    uint32_t lazy_result = 0;              // see cpu/flags.h
    uint32_t lazy_aux = 0;
    SegmentRegister seg[6];
    TableRegister gdtr, idtr;
    SegmentRegister ldtr, tr;
    uint32_t cr[5] = {};
    uint32_t dr[8] = {};
    // Model-specific registers kept as plain storage (cpu/ops/msr.cpp, SDM Vol. 4).
    struct Msrs {
        uint64_t tsc_offset = 0;                  // TSC = executed instructions + offset
        uint64_t apic_base = 0xFEE00900u;         // IA32_APIC_BASE: BSP, enabled
        uint32_t sysenter_cs = 0, sysenter_esp = 0, sysenter_eip = 0;
        uint64_t pat = 0x0007040600070406ull;     // IA32_PAT power-up value
        uint64_t mtrr_def_type = 0;
        uint64_t mtrr_fixed[11] = {};
        uint64_t mtrr_var[16] = {};               // PHYSBASE0, PHYSMASK0, ... PHYSMASK7
        uint64_t perfctr[2] = {}, evntsel[2] = {};
        uint64_t bios_sign = 0;                   // IA32_BIOS_SIGN_ID (microcode revision)
        uint64_t efer = 0;                        // IA32_EFER: NXE (bit 11) with --cpu p6,+nx
    } msr;
    bool halted = false;
    FpuState fpu;  // x87 registers (cpu/fpu.h)

    // Typed register views. 8-bit registers follow the encoding: AL CL DL BL AH CH DH BH.
    template <class T> T& reg(unsigned i);
};

template <> inline uint8_t& CpuState::reg<uint8_t>(unsigned i) { return gpr[i & 3].b[(i >> 2) & 1]; }
template <> inline uint16_t& CpuState::reg<uint16_t>(unsigned i) { return gpr[i].w; }
template <> inline uint32_t& CpuState::reg<uint32_t>(unsigned i) { return gpr[i].d; }

} // namespace bw
