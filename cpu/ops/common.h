// Shared helpers for instruction handlers: operand access by decoded form.
#pragma once
#include "cpu/cpu.h"
#include "cpu/optable.h"

namespace bw::ops {

// Effective address of the ModRM memory operand (SDM Vol. 2, 2.1.5): base + index << scale +
// displacement, truncated to the address size. Absent registers point at the zero register.
// The threaded memory forms take the shorter address forms of cpu/optable.h Ea where the
// decoder has found them exact for the record.
template <Ea E = Ea::FULL> inline uint32_t ea(Cpu& c, const Insn& i) {
    uint32_t a = c.s.gpr[i.base].d + i.disp;
    if constexpr (E == Ea::FULL) a += c.s.gpr[i.index].d << i.scale;
    if constexpr (E != Ea::BASE32) a &= i.amask;
    return a;
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

// ---- threaded forms (cpu/insn.h Exec) ----
// Continues with the next record: a tail call, so a trace runs as a chain of jumps.
inline const Insn* next(Cpu& c, const Insn* i) {
    ++i;
    return i->exec(c, i);
}
// The threaded form of a handler that cannot fault, raise an event or read EIP (register
// forms of data operations): the handler inlined, then the next record.
template <Handler H> const Insn* threaded(Cpu& c, const Insn* i) {
    H(c, *i);
    return next(c, i);
}
// Unaligned host loads and stores for the fast paths (Cpu::read_ptr/write_ptr).
template <class T> inline T load(const uint8_t* p) {
    T v;
    std::memcpy(&v, p, sizeof(T));
    return v;
}
template <class T> inline void store(uint8_t* p, T v) { std::memcpy(p, &v, sizeof(T)); }
// Memory forms: f on the ModRM operand in RAM (read-modify-write / read only) on a TLB hit,
// else the plain handler, which takes the slow path and raises any fault.
// E is the record's address form (cpu/optable.h Ea).
template <class T, Ea E, class F> inline const Insn* x_modify(Cpu& c, const Insn* i, F&& f) {
    uint8_t* p;
    if (BW_UNLIKELY(!c.write_ptr<T>(i->seg, ea<E>(c, *i), p))) return Cpu::exec_generic(c, i);
    store<T>(p, f(load<T>(p)));
    return next(c, i);
}
template <class T, Ea E, class F> inline const Insn* x_read(Cpu& c, const Insn* i, F&& f) {
    const uint8_t* p;
    if (BW_UNLIKELY(!c.read_ptr<T>(i->seg, ea<E>(c, *i), p))) return Cpu::exec_generic(c, i);
    f(load<T>(p));
    return next(c, i);
}
template <class T, Ea E, class F> inline const Insn* x_write(Cpu& c, const Insn* i, F&& f) {
    uint8_t* p;
    if (BW_UNLIKELY(!c.write_ptr<T>(i->seg, ea<E>(c, *i), p))) return Cpu::exec_generic(c, i);
    store<T>(p, f());
    return next(c, i);
}

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
