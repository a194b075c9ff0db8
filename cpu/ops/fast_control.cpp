// Threaded forms (cpu/insn.h Exec) of the most frequent control transfers and stack operations:
// Jcc, JMP rel, LOOP/LOOPcc/JCXZ, CALL rel, RET, PUSH r, POP r. Their plain handlers live in
// ops/control.cpp and ops/stack.cpp; these do the same (SDM Vol. 2, Jcc, JMP, LOOP, CALL, RET,
// PUSH, POP) with the condition resolved at decode time, the target computed from the record's
// absolute next EIP, and stack accesses through the TLB. Anything off the fast path (a stack
// access missing the TLB or failing the segment checks) runs the plain handler.
#include "cpu/ops/common.h"

namespace bw::ops {
namespace {

// A branch is the last record of its trace: it writes EIP and continues with the linked next
// trace or leaves the chain (Cpu::chain). T is the operand size: a 16-bit one truncates the
// target (SDM Vol. 2, Jcc).
template <class T> inline const Insn* branch(Cpu& c, const Insn* i, bool taken) {
    if (taken) {
        c.s.eip = uint32_t(T(i->next_eip + i->imm));
        return Cpu::chain_exit<0>(c, i + 1);
    }
    c.s.eip = i->next_eip;
    return Cpu::chain_exit<1>(c, i + 1);
}

template <unsigned CC> struct Jcc {
    template <class T> static const Insn* x(Cpu& c, const Insn* i) { return branch<T>(c, i, condition(c.s, CC)); }
    static constexpr OpFast fast{{{&x<uint16_t>, &x<uint16_t>}, {&x<uint32_t>, &x<uint32_t>}}};
};

template <class T> const Insn* x_jmp_rel(Cpu& c, const Insn* i) { return branch<T>(c, i, true); }

// LOOPNE (E0), LOOPE (E1), LOOP (E2) count in CX or ECX by address size; JCXZ (E3) tests it.
template <unsigned OP> struct Loop {
    template <class T> static const Insn* x(Cpu& c, const Insn* i) {
        if constexpr (OP == 0xE3) return branch<T>(c, i, (i->a32() ? c.s.gpr[ECX].d : c.s.gpr[ECX].w) == 0);
        const uint32_t count = i->a32() ? --c.s.gpr[ECX].d : --c.s.gpr[ECX].w;
        bool take = count != 0;
        if constexpr (OP == 0xE1) take = take && get_zf(c.s);
        if constexpr (OP == 0xE0) take = take && !get_zf(c.s);
        return branch<T>(c, i, take);
    }
    static constexpr OpFast fast{{{&x<uint16_t>, &x<uint16_t>}, {&x<uint32_t>, &x<uint32_t>}}};
};

// The stack slot of a push of T (SS:ESP or SS:SP by the stack size, SDM Vol. 1, 6.2) in `p`, or
// false off the fast path; `sp` receives the new stack pointer.
template <class T> inline bool push_slot(Cpu& c, uint32_t& sp, uint8_t*& p) {
    sp = c.stack32() ? c.s.gpr[ESP].d - uint32_t(sizeof(T)) : uint16_t(c.s.gpr[ESP].w - sizeof(T));
    return c.write_ptr<T>(SS, sp, p);
}
inline void set_sp(Cpu& c, uint32_t sp) {
    if (c.stack32()) c.s.gpr[ESP].d = sp;
    else c.s.gpr[ESP].w = uint16_t(sp);
}
// The value on top of the stack, or false off the fast path; `sp` receives the new pointer.
template <class T> inline bool top(Cpu& c, T& v, uint32_t& sp) {
    const uint32_t at = c.stack32() ? c.s.gpr[ESP].d : c.s.gpr[ESP].w;
    const uint8_t* p;
    if (BW_UNLIKELY(!c.read_ptr<T>(SS, at, p))) return false;
    v = load<T>(p);
    sp = at + uint32_t(sizeof(T));
    return true;
}

template <class T> const Insn* x_call_rel(Cpu& c, const Insn* i) {
    uint32_t sp;
    uint8_t* p;
    if (BW_UNLIKELY(!push_slot<T>(c, sp, p))) return Cpu::exec_generic_last(c, i);
    store<T>(p, T(i->next_eip));
    set_sp(c, sp);
    return branch<T>(c, i, true);
}

template <class T> const Insn* x_ret_near(Cpu& c, const Insn* i) {
    T ip;
    uint32_t sp;
    if (BW_UNLIKELY(!top<T>(c, ip, sp))) return Cpu::exec_generic_last(c, i);
    set_sp(c, sp);
    c.s.eip = ip;
    return Cpu::chain(c, i + 1);
}

// PUSH ESP differs by model (the 8086 pushes the decremented value): the plain handler.
template <class T> const Insn* x_push_reg(Cpu& c, const Insn* i) {
    uint32_t sp;
    uint8_t* p;
    if (BW_UNLIKELY(i->reg == ESP || !push_slot<T>(c, sp, p))) return Cpu::exec_generic(c, i);
    store<T>(p, c.reg<T>(i->reg));
    set_sp(c, sp);
    return next(c, i);
}

template <class T> const Insn* x_pop_reg(Cpu& c, const Insn* i) {
    T v;
    uint32_t sp;
    if (BW_UNLIKELY(!top<T>(c, v, sp))) return Cpu::exec_generic(c, i);
    set_sp(c, sp);
    c.reg<T>(i->reg) = v;  // after the increment: POP ESP loads the popped value
    return next(c, i);
}

template <unsigned CC> void register_jcc(OpTable& t) {
    set_fast(t, 0, 0x70 + CC, Jcc<CC>::fast);
    if (t.model == CpuModel::i8086) set_fast(t, 0, 0x60 + CC, Jcc<CC>::fast);  // 8086 aliases
    if (t.at_least(CpuModel::i386)) set_fast(t, 1, 0x80 + CC, Jcc<CC>::fast);
    if constexpr (CC < 15) register_jcc<CC + 1>(t);
}

} // namespace

void register_fast_control(OpTable& t) {
    register_jcc<0>(t);
    const OpFast jmp{{{&x_jmp_rel<uint16_t>, &x_jmp_rel<uint16_t>}, {&x_jmp_rel<uint32_t>, &x_jmp_rel<uint32_t>}}};
    set_fast(t, 0, 0xEB, jmp);
    set_fast(t, 0, 0xE9, jmp);
    set_fast(t, 0, 0xE0, Loop<0xE0>::fast);
    set_fast(t, 0, 0xE1, Loop<0xE1>::fast);
    set_fast(t, 0, 0xE2, Loop<0xE2>::fast);
    set_fast(t, 0, 0xE3, Loop<0xE3>::fast);
    set_fast(t, 0, 0xE8, {{{&x_call_rel<uint16_t>, &x_call_rel<uint16_t>}, {&x_call_rel<uint32_t>, &x_call_rel<uint32_t>}}});
    set_fast(t, 0, 0xC3, {{{&x_ret_near<uint16_t>, &x_ret_near<uint16_t>}, {&x_ret_near<uint32_t>, &x_ret_near<uint32_t>}}});
    if (t.model == CpuModel::i8086) set_fast(t, 0, 0xC1, {{{&x_ret_near<uint16_t>, &x_ret_near<uint16_t>}, {&x_ret_near<uint32_t>, &x_ret_near<uint32_t>}}});
    for (unsigned r = 0; r < 8; ++r) {
        set_fast(t, 0, 0x50 + r, {{{&x_push_reg<uint16_t>, nullptr}, {&x_push_reg<uint32_t>, nullptr}}});
        set_fast(t, 0, 0x58 + r, {{{&x_pop_reg<uint16_t>, nullptr}, {&x_pop_reg<uint32_t>, nullptr}}});
    }
}

} // namespace bw::ops
