// ADD OR ADC SBB AND SUB XOR CMP, TEST, INC/DEC, NEG/NOT (SDM Vol. 2, chapter 3 and 4).
#include "cpu/ops/common.h"

namespace bw::ops {
namespace {

enum class AluOp { ADD, OR, ADC, SBB, AND, SUB, XOR, CMP };

// The arithmetic itself, shared by every operand size and form. FLAGS = false: the flags
// results are dead (optable.h OpFast::dead) and are not computed.
template <class T, AluOp OP, bool FLAGS = true> inline T alu(CpuState& s, T a, T b) {
    T r;
    if constexpr (OP == AluOp::ADD) r = T(a + b);
    else if constexpr (OP == AluOp::ADC) r = T(a + b + T(get_cf(s)));
    else if constexpr (OP == AluOp::SUB || OP == AluOp::CMP) r = T(a - b);
    else if constexpr (OP == AluOp::SBB) r = T(a - b - T(get_cf(s)));
    else if constexpr (OP == AluOp::AND) r = T(a & b);
    else if constexpr (OP == AluOp::OR) r = T(a | b);
    else r = T(a ^ b);
    if constexpr (FLAGS) {
        if constexpr (OP == AluOp::ADD || OP == AluOp::ADC) flags_add<T>(s, a, b, r);
        else if constexpr (OP == AluOp::SUB || OP == AluOp::CMP || OP == AluOp::SBB) flags_sub<T>(s, a, b, r);
        else flags_logic<T>(s, r);
    }
    return r;
}

template <AluOp OP> struct Alu {
    static constexpr bool writes = OP != AluOp::CMP;

    // op Eb/Ev, Gb/Gv
    template <class T, bool MEM, bool FLAGS = true> static void rm_reg(Cpu& c, const Insn& i) {
        T b = c.reg<T>(i.reg);
        if constexpr (writes) modify_rm<T, MEM>(c, i, [&](T a) { return alu<T, OP, FLAGS>(c.s, a, b); });
        else alu<T, OP, FLAGS>(c.s, read_rm<T, MEM>(c, i), b);
    }
    // op Gb/Gv, Eb/Ev
    template <class T, bool MEM, bool FLAGS = true> static void reg_rm(Cpu& c, const Insn& i) {
        T b = read_rm<T, MEM>(c, i);
        T r = alu<T, OP, FLAGS>(c.s, c.reg<T>(i.reg), b);
        if constexpr (writes) c.reg<T>(i.reg) = r;
    }
    // op AL/eAX, imm
    template <class T, bool MEM, bool FLAGS = true> static void acc_imm(Cpu& c, const Insn& i) {
        T r = alu<T, OP, FLAGS>(c.s, c.reg<T>(EAX), T(i.imm));
        if constexpr (writes) c.reg<T>(EAX) = r;
    }
    // group 1: op Eb/Ev, imm
    template <class T, bool MEM, bool FLAGS = true> static void rm_imm(Cpu& c, const Insn& i) {
        if constexpr (writes) modify_rm<T, MEM>(c, i, [&](T a) { return alu<T, OP, FLAGS>(c.s, a, T(i.imm)); });
        else alu<T, OP, FLAGS>(c.s, read_rm<T, MEM>(c, i), T(i.imm));
    }

    // Threaded memory forms of the above.
    template <class T, Ea E> static const Insn* x_rm_reg(Cpu& c, const Insn* i) {
        if constexpr (writes) return x_modify<T, E>(c, i, [&](T a) { return alu<T, OP>(c.s, a, c.reg<T>(i->reg)); });
        else return x_read<T, E>(c, i, [&](T a) { alu<T, OP>(c.s, a, c.reg<T>(i->reg)); });
    }
    template <class T, Ea E> static const Insn* x_reg_rm(Cpu& c, const Insn* i) {
        return x_read<T, E>(c, i, [&](T b) {
            T r = alu<T, OP>(c.s, c.reg<T>(i->reg), b);
            if constexpr (writes) c.reg<T>(i->reg) = r;
        });
    }
    template <class T, Ea E> static const Insn* x_rm_imm(Cpu& c, const Insn* i) {
        if constexpr (writes) return x_modify<T, E>(c, i, [&](T a) { return alu<T, OP>(c.s, a, T(i->imm)); });
        else return x_read<T, E>(c, i, [&](T a) { alu<T, OP>(c.s, a, T(i->imm)); });
    }
};

template <class T, bool MEM> void test_rm_reg(Cpu& c, const Insn& i) { alu<T, AluOp::AND>(c.s, read_rm<T, MEM>(c, i), c.reg<T>(i.reg)); }
template <class T, bool MEM> void test_acc_imm(Cpu& c, const Insn& i) { alu<T, AluOp::AND>(c.s, c.reg<T>(EAX), T(i.imm)); }
template <class T, bool MEM> void test_rm_imm(Cpu& c, const Insn& i) { alu<T, AluOp::AND>(c.s, read_rm<T, MEM>(c, i), T(i.imm)); }
template <class T, Ea E> const Insn* x_test_rm_reg(Cpu& c, const Insn* i) {
    return x_read<T, E>(c, i, [&](T a) { alu<T, AluOp::AND>(c.s, a, c.reg<T>(i->reg)); });
}
template <class T, Ea E> const Insn* x_test_rm_imm(Cpu& c, const Insn* i) {
    return x_read<T, E>(c, i, [&](T a) { alu<T, AluOp::AND>(c.s, a, T(i->imm)); });
}

// INC/DEC leave CF alone (SDM Vol. 2, INC).
template <class T> inline T inc(CpuState& s, T a) {
    const uint32_t old = s.lazy_aux;
    T r = T(a + 1);
    flags_add<T>(s, a, T(1), r);
    keep_cf(s, old);
    return r;
}
template <class T> inline T dec(CpuState& s, T a) {
    const uint32_t old = s.lazy_aux;
    T r = T(a - 1);
    flags_sub<T>(s, a, T(1), r);
    keep_cf(s, old);
    return r;
}
template <class T, bool MEM, bool FLAGS = true> void inc_rm(Cpu& c, const Insn& i) {
    modify_rm<T, MEM>(c, i, [&](T a) { return FLAGS ? inc<T>(c.s, a) : T(a + 1); });
}
template <class T, bool MEM, bool FLAGS = true> void dec_rm(Cpu& c, const Insn& i) {
    modify_rm<T, MEM>(c, i, [&](T a) { return FLAGS ? dec<T>(c.s, a) : T(a - 1); });
}
template <class T, bool MEM, bool FLAGS = true> void inc_reg(Cpu& c, const Insn& i) {
    T& r = c.reg<T>(i.reg);
    r = FLAGS ? inc<T>(c.s, r) : T(r + 1);
}
template <class T, bool MEM, bool FLAGS = true> void dec_reg(Cpu& c, const Insn& i) {
    T& r = c.reg<T>(i.reg);
    r = FLAGS ? dec<T>(c.s, r) : T(r - 1);
}

template <class T, bool MEM> void not_rm(Cpu& c, const Insn& i) { modify_rm<T, MEM>(c, i, [](T a) { return T(~a); }); }
// NEG: CF = (operand != 0), flags as for 0 - operand.
template <class T, bool MEM> void neg_rm(Cpu& c, const Insn& i) {
    modify_rm<T, MEM>(c, i, [&](T a) {
        T r = T(T(0) - a);
        flags_sub<T>(c.s, T(0), a, r);
        return r;
    });
}

template <AluOp OP> void register_one(OpTable& t, unsigned base) {
    using A = Alu<OP>;
    const uint16_t lockable = OP == AluOp::CMP ? 0 : dec::LOCKABLE;
    set_op(t, 0, base + 0, dec::MODRM | lockable, {0, 0, BW_VARIANTS8(A::template rm_reg)});
    set_op(t, 0, base + 1, dec::MODRM | lockable, {0, 0, BW_VARIANTS(A::template rm_reg)});
    set_op(t, 0, base + 2, dec::MODRM, {0, 0, BW_VARIANTS8(A::template reg_rm)});
    set_op(t, 0, base + 3, dec::MODRM, {0, 0, BW_VARIANTS(A::template reg_rm)});
    set_op(t, 0, base + 4, dec::IMM8, {0, 0, BW_VARIANTS8(A::template acc_imm)});
    set_op(t, 0, base + 5, dec::IMMV, {0, 0, BW_VARIANTS(A::template acc_imm)});
    unsigned reg = base >> 3;
    set_group_op(t, G_80, reg, lockable, {0, 0, BW_VARIANTS8(A::template rm_imm)});
    set_group_op(t, G_82, reg, lockable, {0, 0, BW_VARIANTS8(A::template rm_imm)});
    set_group_op(t, G_81, reg, lockable, {0, 0, BW_VARIANTS(A::template rm_imm)});
    set_group_op(t, G_83, reg, lockable, {0, 0, BW_VARIANTS(A::template rm_imm)});
    set_fast(t, 0, base + 0, BW_XBOTH8(A::template rm_reg, A::template x_rm_reg));
    set_fast(t, 0, base + 1, BW_XBOTH(A::template rm_reg, A::template x_rm_reg));
    set_fast(t, 0, base + 2, BW_XBOTH8(A::template reg_rm, A::template x_reg_rm));
    set_fast(t, 0, base + 3, BW_XBOTH(A::template reg_rm, A::template x_reg_rm));
    set_fast(t, 0, base + 4, BW_XREG8(A::template acc_imm));
    set_fast(t, 0, base + 5, BW_XREG(A::template acc_imm));
    set_group_fast(t, G_80, reg, BW_XBOTH8(A::template rm_imm, A::template x_rm_imm));
    set_group_fast(t, G_82, reg, BW_XBOTH8(A::template rm_imm, A::template x_rm_imm));
    set_group_fast(t, G_81, reg, BW_XBOTH(A::template rm_imm, A::template x_rm_imm));
    set_group_fast(t, G_83, reg, BW_XBOTH(A::template rm_imm, A::template x_rm_imm));
    // Register forms whose flags the next record overwrites unread (cpu/optable.h FlagsUse).
    const FlagsUse use = OP == AluOp::ADC || OP == AluOp::SBB ? FlagsUse::SKIPPABLE : FlagsUse::WRITES;
    set_dead(t.fast_one[base + 0], use, BW_XDEAD8(A::template rm_reg));
    set_dead(t.fast_one[base + 1], use, BW_XDEAD(A::template rm_reg));
    set_dead(t.fast_one[base + 2], use, BW_XDEAD8(A::template reg_rm));
    set_dead(t.fast_one[base + 3], use, BW_XDEAD(A::template reg_rm));
    set_dead(t.fast_one[base + 4], use, BW_XDEAD8(A::template acc_imm));
    set_dead(t.fast_one[base + 5], use, BW_XDEAD(A::template acc_imm));
    set_dead(t.fast_groups[G_80][reg], use, BW_XDEAD8(A::template rm_imm));
    set_dead(t.fast_groups[G_82][reg], use, BW_XDEAD8(A::template rm_imm));
    set_dead(t.fast_groups[G_81][reg], use, BW_XDEAD(A::template rm_imm));
    set_dead(t.fast_groups[G_83][reg], use, BW_XDEAD(A::template rm_imm));
}

} // namespace

void register_alu(OpTable& t) {
    register_one<AluOp::ADD>(t, 0x00);
    register_one<AluOp::OR>(t, 0x08);
    register_one<AluOp::ADC>(t, 0x10);
    register_one<AluOp::SBB>(t, 0x18);
    register_one<AluOp::AND>(t, 0x20);
    register_one<AluOp::SUB>(t, 0x28);
    register_one<AluOp::XOR>(t, 0x30);
    register_one<AluOp::CMP>(t, 0x38);

    set_op(t, 0, 0x84, dec::MODRM, {0, 0, BW_VARIANTS8(test_rm_reg)});
    set_op(t, 0, 0x85, dec::MODRM, {0, 0, BW_VARIANTS(test_rm_reg)});
    set_op(t, 0, 0xA8, dec::IMM8, {0, 0, BW_VARIANTS8(test_acc_imm)});
    set_op(t, 0, 0xA9, dec::IMMV, {0, 0, BW_VARIANTS(test_acc_imm)});
    set_group_op(t, G_F6, 0, dec::IMM8, {0, 0, BW_VARIANTS8(test_rm_imm)});
    set_group_op(t, G_F7, 0, dec::IMMV, {0, 0, BW_VARIANTS(test_rm_imm)});
    // F6/F7 /1 is an undocumented alias of TEST on Intel processors.
    set_group_op(t, G_F6, 1, dec::IMM8, {0, 0, BW_VARIANTS8(test_rm_imm)});
    set_group_op(t, G_F7, 1, dec::IMMV, {0, 0, BW_VARIANTS(test_rm_imm)});
    set_fast(t, 0, 0x84, BW_XBOTH8(test_rm_reg, x_test_rm_reg));
    set_fast(t, 0, 0x85, BW_XBOTH(test_rm_reg, x_test_rm_reg));
    set_fast(t, 0, 0xA8, BW_XREG8(test_acc_imm));
    set_fast(t, 0, 0xA9, BW_XREG(test_acc_imm));
    for (unsigned r = 0; r < 2; ++r) {
        set_group_fast(t, G_F6, r, BW_XBOTH8(test_rm_imm, x_test_rm_imm));
        set_group_fast(t, G_F7, r, BW_XBOTH(test_rm_imm, x_test_rm_imm));
    }
    set_group_op(t, G_F6, 2, dec::LOCKABLE, {0, 0, BW_VARIANTS8(not_rm)});
    set_group_op(t, G_F7, 2, dec::LOCKABLE, {0, 0, BW_VARIANTS(not_rm)});
    set_group_op(t, G_F6, 3, dec::LOCKABLE, {0, 0, BW_VARIANTS8(neg_rm)});
    set_group_op(t, G_F7, 3, dec::LOCKABLE, {0, 0, BW_VARIANTS(neg_rm)});
    set_group_fast(t, G_F6, 2, BW_XREG8(not_rm));
    set_group_fast(t, G_F7, 2, BW_XREG(not_rm));
    set_group_fast(t, G_F6, 3, BW_XREG8(neg_rm));
    set_group_fast(t, G_F7, 3, BW_XREG(neg_rm));

    for (unsigned r = 0; r < 8; ++r) {
        set_op(t, 0, 0x40 + r, dec::REG_IN_OPCODE, {0, 0, BW_VARIANTS(inc_reg)});
        set_op(t, 0, 0x48 + r, dec::REG_IN_OPCODE, {0, 0, BW_VARIANTS(dec_reg)});
        set_fast(t, 0, 0x40 + r, BW_XREG(inc_reg));
        set_fast(t, 0, 0x48 + r, BW_XREG(dec_reg));
    }
    set_group_op(t, G_FE, 0, dec::LOCKABLE, {0, 0, BW_VARIANTS8(inc_rm)});
    set_group_op(t, G_FE, 1, dec::LOCKABLE, {0, 0, BW_VARIANTS8(dec_rm)});
    set_group_op(t, G_FF, 0, dec::LOCKABLE, {0, 0, BW_VARIANTS(inc_rm)});
    set_group_op(t, G_FF, 1, dec::LOCKABLE, {0, 0, BW_VARIANTS(dec_rm)});
    set_group_fast(t, G_FE, 0, BW_XREG8(inc_rm));
    set_group_fast(t, G_FE, 1, BW_XREG8(dec_rm));
    set_group_fast(t, G_FF, 0, BW_XREG(inc_rm));
    set_group_fast(t, G_FF, 1, BW_XREG(dec_rm));
    for (unsigned r = 0; r < 8; ++r) {
        set_dead(t.fast_one[0x40 + r], FlagsUse::SKIPPABLE, BW_XDEAD(inc_reg));
        set_dead(t.fast_one[0x48 + r], FlagsUse::SKIPPABLE, BW_XDEAD(dec_reg));
    }
    set_dead(t.fast_groups[G_FE][0], FlagsUse::SKIPPABLE, BW_XDEAD8(inc_rm));
    set_dead(t.fast_groups[G_FE][1], FlagsUse::SKIPPABLE, BW_XDEAD8(dec_rm));
    set_dead(t.fast_groups[G_FF][0], FlagsUse::SKIPPABLE, BW_XDEAD(inc_rm));
    set_dead(t.fast_groups[G_FF][1], FlagsUse::SKIPPABLE, BW_XDEAD(dec_rm));
}

} // namespace bw::ops
