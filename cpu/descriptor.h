// Segment and gate descriptor fields (SDM Vol. 3, 3.4.5, 5.8.3, 6.11, 7.2.2), shared by the
// protected-mode code (cpu/protected_mode.cpp) and task switching (cpu/task_switch.cpp).
#pragma once
#include <cstdint>
#include "cpu/state.h"

namespace bw {

// System descriptor types (SDM Vol. 3, table 3-2).
namespace sys {
constexpr unsigned TSS16 = 1, LDT = 2, TSS16_BUSY = 3, CALL16 = 4, TASK = 5, INT16 = 6, TRAP16 = 7,
                   TSS32 = 9, TSS32_BUSY = 11, CALL32 = 12, INT32 = 14, TRAP32 = 15;
}

struct Desc {
    uint64_t raw;
    uint32_t lo() const { return uint32_t(raw); }
    uint32_t hi() const { return uint32_t(raw >> 32); }
    uint32_t base() const { return (lo() >> 16) | ((hi() & 0xFF) << 16) | (hi() & 0xFF000000u); }
    uint32_t limit() const {
        uint32_t l = (lo() & 0xFFFF) | (hi() & 0xF0000);
        return (hi() & (1u << 23)) ? (l << 12) | 0xFFF : l;
    }
    uint16_t access() const { return uint16_t((hi() >> 8) & 0xF0FF); }
    unsigned type() const { return (hi() >> 8) & 0xF; }
    unsigned dpl() const { return (hi() >> 13) & 3; }
    bool present() const { return (hi() >> 15) & 1; }
    bool segment() const { return (hi() >> 12) & 1; }   // S: code/data rather than system
    bool code() const { return segment() && (type() & 8); }
    bool conforming() const { return code() && (type() & 4); }
    bool readable() const { return !code() || (type() & 2); }
    bool writable() const { return !code() && (type() & 2); }
    bool system(unsigned t) const { return !segment() && type() == t; }
    bool tss() const { return !segment() && (type() & 5) == 1; }     // 16/32-bit, available or busy
    bool tss_busy() const { return (type() & 2) != 0; }
    bool tss32() const { return (type() & 8) != 0; }
    // Gates (system types 4, 5, 6, 7 for 16-bit; 12, 14, 15 for 32-bit).
    uint16_t gate_selector() const { return uint16_t(lo() >> 16); }
    uint32_t gate_offset() const { return (lo() & 0xFFFF) | (hi() & 0xFFFF0000u); }
    unsigned gate_params() const { return hi() & 0x1F; }
    bool gate32() const { return type() & 8; }
};

// Fills a segment register's hidden part from a descriptor.
inline void cache_descriptor(SegmentRegister& sr, uint16_t selector, const Desc& d) {
    sr.selector = selector;
    sr.base = d.base();
    sr.limit = d.limit();
    sr.access = d.access();
    sr.update_bounds(true);
}

} // namespace bw
