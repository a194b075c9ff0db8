// Shared helpers for instruction handlers: operand access by decoded form.
#pragma once
#include "cpu/cpu.h"
#include "cpu/optable.h"

namespace bw::ops {

// Effective address of the ModRM memory operand (SDM Vol. 2, 2.1.5): base + index << scale +
// displacement, truncated to the address size. Absent registers point at the zero register.
inline uint32_t ea(Cpu& c, const Insn& i) {
    return (c.s.gpr[i.base].d + (c.s.gpr[i.index].d << i.scale) + i.disp) & i.amask;
}

template <class T, bool MEM> inline T read_rm(Cpu& c, const Insn& i) {
    if constexpr (MEM) return c.read<T>(i.seg, ea(c, i));
    else return c.reg<T>(i.rm);
}
template <class T, bool MEM> inline void write_rm(Cpu& c, const Insn& i, T v) {
    if constexpr (MEM) c.write<T>(i.seg, ea(c, i), v);
    else c.reg<T>(i.rm) = v;
}

// Read-modify-write of the ModRM operand, computing the address once.
template <class T, bool MEM, class F> inline void modify_rm(Cpu& c, const Insn& i, F&& f) {
    if constexpr (MEM) {
        uint32_t a = ea(c, i);
        T v = c.read<T>(i.seg, a);
        c.write<T>(i.seg, a, f(v));
    } else {
        T& r = c.reg<T>(i.rm);
        r = f(r);
    }
}

template <class T> constexpr T sign_bit = T(T(1) << (bits_of<T> - 1));

// Sets EIP for a near transfer: 16-bit operand size truncates to 16 bits (SDM Vol. 2, JMP).
template <class T> inline void near_jump(Cpu& c, uint32_t target) {
    c.s.eip = sizeof(T) == 2 ? (target & 0xFFFF) : target;
}

// Condition codes for Jcc/SETcc/CMOVcc, indexed by the low nibble of the opcode (SDM Vol. 1, B.1).
inline bool condition(const CpuState& s, unsigned cc) {
    bool r;
    switch (cc >> 1) {
    case 0: r = get_of(s); break;
    case 1: r = get_cf(s); break;
    case 2: r = get_zf(s); break;
    case 3: r = get_cf(s) || get_zf(s); break;
    case 4: r = get_sf(s); break;
    case 5: r = get_pf(s); break;
    case 6: r = get_sf(s) != get_of(s); break;
    default: r = get_zf(s) || (get_sf(s) != get_of(s)); break;
    }
    return (cc & 1) ? !r : r;
}

} // namespace bw::ops
