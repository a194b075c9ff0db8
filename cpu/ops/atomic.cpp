// XADD, CMPXCHG (486+) and CMPXCHG8B (Pentium+) (SDM Vol. 2). All are LOCK-able
// read-modify-write instructions; the memory destination is always written, even when a
// compare fails (SDM Vol. 2, CMPXCHG: "the destination operand is written back").
#include "cpu/ops/common.h"

namespace bw::ops {
namespace {

void set_zf(CpuState& s, bool zf) {
    uint32_t f = get_arith_flags(s);
    set_arith_flags(s, zf ? (f | fl::ZF) : (f & ~fl::ZF));
}

// XADD: TEMP = SRC + DEST; SRC = DEST; DEST = TEMP; flags as ADD.
template <class T, bool MEM> void xadd(Cpu& c, const Insn& i) {
    T src = c.reg<T>(i.reg);
    if constexpr (MEM) {
        uint32_t a = ea(c, i);
        T dst = c.read<T>(i.seg, a);
        T r = T(dst + src);
        c.write<T>(i.seg, a, r);
        c.reg<T>(i.reg) = dst;
        flags_add<T>(c.s, dst, src, r);
    } else {
        T dst = c.reg<T>(i.rm);
        T r = T(dst + src);
        c.reg<T>(i.reg) = dst;
        c.reg<T>(i.rm) = r;  // DEST last: XADD r, r leaves the sum
        flags_add<T>(c.s, dst, src, r);
    }
}

// CMPXCHG: compares the accumulator with DEST (flags as CMP); equal: DEST = SRC, else the
// accumulator = DEST.
template <class T, bool MEM> void cmpxchg(Cpu& c, const Insn& i) {
    T acc = c.reg<T>(EAX);
    T src = c.reg<T>(i.reg);
    if constexpr (MEM) {
        uint32_t a = ea(c, i);
        T dst = c.read<T>(i.seg, a);
        flags_sub<T>(c.s, acc, dst, T(acc - dst));
        c.write<T>(i.seg, a, acc == dst ? src : dst);
        if (acc != dst) c.reg<T>(EAX) = dst;
    } else {
        T dst = c.reg<T>(i.rm);
        flags_sub<T>(c.s, acc, dst, T(acc - dst));
        if (acc == dst) c.reg<T>(i.rm) = src;
        else c.reg<T>(EAX) = dst;
    }
}

// CMPXCHG8B m64: EDX:EAX against m64; equal: ZF = 1 and m64 = ECX:EBX, else ZF = 0 and
// EDX:EAX = m64. Only ZF changes.
template <class T, bool MEM> void cmpxchg8b(Cpu& c, const Insn& i) {
    // One quadword access: alignment checking wants 8-byte alignment (SDM Vol. 3, 6.15,
    // interrupt 17, table 6-7: quadword).
    uint32_t a = ea(c, i);
    uint64_t m = c.read<uint64_t>(i.seg, a);
    uint32_t lo = uint32_t(m), hi = uint32_t(m >> 32);
    bool eq = lo == c.s.gpr[EAX].d && hi == c.s.gpr[EDX].d;
    uint32_t wlo = eq ? c.s.gpr[EBX].d : lo, whi = eq ? c.s.gpr[ECX].d : hi;
    c.write<uint64_t>(i.seg, a, uint64_t(whi) << 32 | wlo);
    if (!eq) {
        c.s.gpr[EAX].d = lo;
        c.s.gpr[EDX].d = hi;
    }
    set_zf(c.s, eq);
}

} // namespace

void register_atomic(OpTable& t) {
    constexpr uint32_t L = dec::MODRM | dec::LOCKABLE;
    if (t.at_least(CpuModel::i486)) {
        set_op(t, 1, 0xC0, L, {0, 0, BW_VARIANTS8(xadd)});
        set_op(t, 1, 0xC1, L, {0, 0, BW_VARIANTS(xadd)});
        set_op(t, 1, 0xB0, L, {0, 0, BW_VARIANTS8(cmpxchg)});
        set_op(t, 1, 0xB1, L, {0, 0, BW_VARIANTS(cmpxchg)});
    }
    if (t.at_least(CpuModel::pentium))
        set_group_op(t, G_0FC7, 1, dec::MEM_ONLY | dec::LOCKABLE, {0, 0, BW_VARIANTS(cmpxchg8b)});
}

} // namespace bw::ops
