// BT/BTS/BTR/BTC, BSF/BSR, SETcc, CMOVcc, BSWAP (SDM Vol. 2).
#include "cpu/ops/common.h"

namespace bw::ops {
namespace {

enum class BitOp { BT, BTS, BTR, BTC };

template <class T, BitOp OP> T apply(CpuState& s, T v, unsigned bit) {
    bool old = (v >> bit) & 1;
    set_cf_only(s, old);
    switch (OP) {
    case BitOp::BT: return v;
    case BitOp::BTS: return T(v | (T(1) << bit));
    case BitOp::BTR: return T(v & ~(T(1) << bit));
    default: return T(v ^ (T(1) << bit));
    }
}

// With a register bit offset and a memory operand, the offset is a signed bit string index
// that may reach outside the addressed word (SDM Vol. 2, BT).
template <BitOp OP> struct BitReg {
    template <class T, bool MEM> static void op(Cpu& c, const Insn& i) {
        T offset = c.reg<T>(i.reg);
        if constexpr (MEM) {
            constexpr unsigned w = bits_of<T>;
            int32_t words = int32_t(signed_of<T>(offset)) >> (w == 16 ? 4 : 5);
            uint32_t a = (ea(c, i) + uint32_t(words) * sizeof(T)) & i.amask;
            unsigned bit = offset & (w - 1);
            T v = c.read<T>(i.seg, a);
            T r = apply<T, OP>(c.s, v, bit);
            if (OP != BitOp::BT) c.write<T>(i.seg, a, r);
        } else {
            T& r = c.reg<T>(i.rm);
            r = apply<T, OP>(c.s, r, offset & (bits_of<T> - 1));
        }
    }
};
template <BitOp OP> struct BitImm {
    template <class T, bool MEM> static void op(Cpu& c, const Insn& i) {
        unsigned bit = i.imm & (bits_of<T> - 1);
        if constexpr (OP == BitOp::BT) apply<T, OP>(c.s, read_rm<T, MEM>(c, i), bit);
        else modify_rm<T, MEM>(c, i, [&](T v) { return apply<T, OP>(c.s, v, bit); });
    }
};

// BSF/BSR: a zero source sets ZF and leaves the destination unchanged.
template <bool REVERSE> struct BitScan {
    template <class T, bool MEM> static void op(Cpu& c, const Insn& i) {
        T v = read_rm<T, MEM>(c, i);
        if (v == 0) {
            set_arith_flags(c.s, (c.eflags() & fl::ARITH) | fl::ZF);
            return;
        }
        unsigned idx = REVERSE ? unsigned(31 - __builtin_clz(uint32_t(v))) : unsigned(__builtin_ctz(uint32_t(v)));
        c.reg<T>(i.reg) = T(idx);
        flags_logic<T>(c.s, T(1));  // ZF = 0
    }
};

template <class T, bool MEM> void setcc(Cpu& c, const Insn& i) {
    write_rm<uint8_t, MEM>(c, i, condition(c.s, i.opcode & 0xF) ? 1 : 0);
}
// CMOVcc reads its source even when the condition is false (SDM Vol. 2, CMOVcc).
template <class T, bool MEM> void cmovcc(Cpu& c, const Insn& i) {
    T v = read_rm<T, MEM>(c, i);
    if (condition(c.s, i.opcode & 0xF)) c.reg<T>(i.reg) = v;
    else if constexpr (sizeof(T) == 4) c.reg<T>(i.reg) = c.reg<T>(i.reg);
}
template <class T, bool MEM> void bswap(Cpu& c, const Insn& i) {
    if constexpr (sizeof(T) == 4) c.reg<uint32_t>(i.reg) = __builtin_bswap32(c.reg<uint32_t>(i.reg));
    else c.reg<uint16_t>(i.reg) = 0;  // BSWAP of a 16-bit register is undefined; parts clear it
}

template <BitOp OP> void register_bitop(OpTable& t, unsigned opcode, unsigned reg) {
    using R = BitReg<OP>;
    using I = BitImm<OP>;
    const uint16_t lockable = OP == BitOp::BT ? 0 : dec::LOCKABLE;
    set_op(t, 1, opcode, dec::MODRM | lockable, {0, 0, BW_VARIANTS(R::template op)});
    set_group_op(t, G_0FBA, reg, dec::IMM8 | lockable, {0, 0, BW_VARIANTS(I::template op)});
}

} // namespace

void register_bit(OpTable& t) {
    if (!t.at_least(CpuModel::i386)) return;
    register_bitop<BitOp::BT>(t, 0xA3, 4);
    register_bitop<BitOp::BTS>(t, 0xAB, 5);
    register_bitop<BitOp::BTR>(t, 0xB3, 6);
    register_bitop<BitOp::BTC>(t, 0xBB, 7);
    using F = BitScan<false>;
    using R = BitScan<true>;
    set_op(t, 1, 0xBC, dec::MODRM, {0, 0, BW_VARIANTS(F::op)});
    set_op(t, 1, 0xBD, dec::MODRM, {0, 0, BW_VARIANTS(R::op)});
    for (unsigned cc = 0; cc < 16; ++cc) {
        set_op(t, 1, 0x90 + cc, dec::MODRM, {0, 0, BW_VARIANTS8(setcc)});
        if (t.at_least(CpuModel::p6)) set_op(t, 1, 0x40 + cc, dec::MODRM, {0, 0, BW_VARIANTS(cmovcc)});
    }
    if (t.at_least(CpuModel::i486))
        for (unsigned r = 0; r < 8; ++r) set_op(t, 1, 0xC8 + r, dec::REG_IN_OPCODE, {0, 0, BW_VARIANTS(bswap)});
}

} // namespace bw::ops
