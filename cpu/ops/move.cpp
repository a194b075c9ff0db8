// MOV, XCHG, LEA, MOVZX/MOVSX, CBW/CWDE/CWD/CDQ, XLAT, LAHF/SAHF, far-pointer loads.
#include "cpu/ops/common.h"
#include <algorithm>
#include <iterator>

namespace bw::ops {
namespace {

template <class T, bool MEM> void mov_rm_reg(Cpu& c, const Insn& i) { write_rm<T, MEM>(c, i, c.reg<T>(i.reg)); }
template <class T, bool MEM> void mov_reg_rm(Cpu& c, const Insn& i) { c.reg<T>(i.reg) = read_rm<T, MEM>(c, i); }
template <class T, bool MEM> void mov_rm_imm(Cpu& c, const Insn& i) { write_rm<T, MEM>(c, i, T(i.imm)); }
template <class T, bool MEM> void mov_reg_imm(Cpu& c, const Insn& i) { c.reg<T>(i.reg) = T(i.imm); }
template <class T, bool MEM> void mov_acc_moffs(Cpu& c, const Insn& i) { c.reg<T>(EAX) = c.read<T>(i.seg, i.disp); }
template <class T, bool MEM> void mov_moffs_acc(Cpu& c, const Insn& i) { c.write<T>(i.seg, i.disp, c.reg<T>(EAX)); }

// Threaded memory forms.
template <class T, Ea E> const Insn* x_mov_rm_reg(Cpu& c, const Insn* i) { return x_write<T, E>(c, i, [&] { return c.reg<T>(i->reg); }); }
template <class T, Ea E> const Insn* x_mov_reg_rm(Cpu& c, const Insn* i) { return x_read<T, E>(c, i, [&](T v) { c.reg<T>(i->reg) = v; }); }
template <class T, Ea E> const Insn* x_mov_rm_imm(Cpu& c, const Insn* i) { return x_write<T, E>(c, i, [&] { return T(i->imm); }); }
template <class T> const Insn* x_mov_acc_moffs(Cpu& c, const Insn* i) {
    const uint8_t* p = c.read_ptr<T>(i->seg, i->disp);
    if (BW_UNLIKELY(!p)) return Cpu::exec_generic(c, i);
    c.reg<T>(EAX) = load<T>(p);
    return next(c, i);
}
template <class T> const Insn* x_mov_moffs_acc(Cpu& c, const Insn* i) {
    uint8_t* p = c.write_ptr<T>(i->seg, i->disp);
    if (BW_UNLIKELY(!p)) return Cpu::exec_generic(c, i);
    store<T>(p, c.reg<T>(EAX));
    return next(c, i);
}

// The 8086 decodes only two bits of the segment-register field (the opcode table makes the
// other encodings undefined on later models).
inline unsigned sreg_of(const Cpu& c, const Insn& i) { return c.model() == CpuModel::i8086 ? (i.reg & 3) : i.reg; }

// MOV Ew, Sreg: a register destination takes the selector zero-extended under a 32-bit
// operand size; a memory destination is always written as 16 bits (SDM Vol. 2, MOV).
template <class T, bool MEM> void mov_rm_sreg(Cpu& c, const Insn& i) {
    uint16_t sel = c.s.seg[sreg_of(c, i)].selector;
    if constexpr (MEM) c.write<uint16_t>(i.seg, ea(c, i), sel);
    else c.reg<T>(i.rm) = T(sel);
}

template <class T, bool MEM> void mov_sreg_rm(Cpu& c, const Insn& i) {
    unsigned sr = sreg_of(c, i);
    uint16_t sel = read_rm<uint16_t, MEM>(c, i);
    c.load_segment(sr, sel);
}

template <class T, bool MEM> void lea(Cpu& c, const Insn& i) { c.reg<T>(i.reg) = T(ea(c, i)); }
// LEA never touches memory: the memory form is threaded like a register form.
template <class T, Ea E> const Insn* x_lea(Cpu& c, const Insn* i) {
    c.reg<T>(i->reg) = T(ea<E>(c, *i));
    return next(c, i);
}

template <class T, bool MEM> void xchg_rm_reg(Cpu& c, const Insn& i) {
    T r = c.reg<T>(i.reg);
    if constexpr (MEM) {
        uint32_t a = ea(c, i);
        T m = c.read<T>(i.seg, a);
        c.write<T>(i.seg, a, r);
        c.reg<T>(i.reg) = m;
    } else {
        c.reg<T>(i.reg) = c.reg<T>(i.rm);
        c.reg<T>(i.rm) = r;
    }
}
template <class T, bool MEM> void xchg_acc_reg(Cpu& c, const Insn& i) {
    T a = c.reg<T>(EAX);
    c.reg<T>(EAX) = c.reg<T>(i.reg);
    c.reg<T>(i.reg) = a;
}
void nop(Cpu&, const Insn&) {}

// CBW/CWDE and CWD/CDQ.
template <class T> void convert_acc(Cpu& c, const Insn&) {
    if constexpr (sizeof(T) == 2) c.reg<uint16_t>(EAX) = uint16_t(int16_t(int8_t(c.reg<uint8_t>(EAX))));
    else c.reg<uint32_t>(EAX) = uint32_t(int32_t(int16_t(c.reg<uint16_t>(EAX))));
}
template <class T> void convert_dx(Cpu& c, const Insn&) {
    c.reg<T>(EDX) = (c.reg<T>(EAX) & sign_bit<T>) ? T(~T(0)) : T(0);
}

void xlat(Cpu& c, const Insn& i) {
    uint32_t a = (c.s.gpr[EBX].d + c.reg<uint8_t>(EAX)) & i.amask;
    c.reg<uint8_t>(EAX) = c.read<uint8_t>(i.seg, a);
}

// LAHF/SAHF move SF ZF AF PF CF (bits 7 6 4 2 0) between AH and FLAGS.
void lahf(Cpu& c, const Insn&) { c.reg<uint8_t>(4) = uint8_t((c.eflags() & 0xD5) | 0x02); }
void sahf(Cpu& c, const Insn&) {
    uint32_t f = c.eflags();
    set_arith_flags(c.s, (f & ~0xD5u) | (c.reg<uint8_t>(4) & 0xD5u));
}

// MOVZX/MOVSX: T is the destination size, S the source size.
template <class T, class S, bool SIGNED> struct Extend {
    template <class, bool MEM> static void op(Cpu& c, const Insn& i) {
        S v = read_rm<S, MEM>(c, i);
        if constexpr (SIGNED) c.reg<T>(i.reg) = T(std::make_signed_t<T>(std::make_signed_t<S>(v)));
        else c.reg<T>(i.reg) = T(v);
    }
    template <class, Ea E> static const Insn* x_mem(Cpu& c, const Insn* i) {
        return x_read<S, E>(c, i, [&](S v) {
            if constexpr (SIGNED) c.reg<T>(i->reg) = T(std::make_signed_t<T>(std::make_signed_t<S>(v)));
            else c.reg<T>(i->reg) = T(v);
        });
    }
    static constexpr OpFast fast{{{&threaded<&op<T, false>>, BW_XMEM(x_mem, T)}, {&threaded<&op<T, false>>, BW_XMEM(x_mem, T)}}};
};

// LES/LDS/LSS/LFS/LGS: offset then selector from memory.
template <unsigned SEG> struct LoadFar {
    template <class T, bool MEM> static void op(Cpu& c, const Insn& i) {
        uint32_t a = ea(c, i);
        T off = c.read<T>(i.seg, a);
        uint16_t sel = c.read<uint16_t>(i.seg, (a + sizeof(T)) & i.amask);
        c.load_segment(SEG, sel);
        c.reg<T>(i.reg) = off;
    }
};

} // namespace

void register_move(OpTable& t) {
    set_op(t, 0, 0x88, dec::MODRM, {0, 0, BW_VARIANTS8(mov_rm_reg)});
    set_op(t, 0, 0x89, dec::MODRM, {0, 0, BW_VARIANTS(mov_rm_reg)});
    set_op(t, 0, 0x8A, dec::MODRM, {0, 0, BW_VARIANTS8(mov_reg_rm)});
    set_op(t, 0, 0x8B, dec::MODRM, {0, 0, BW_VARIANTS(mov_reg_rm)});
    set_fast(t, 0, 0x88, BW_XBOTH8(mov_rm_reg, x_mov_rm_reg));
    set_fast(t, 0, 0x89, BW_XBOTH(mov_rm_reg, x_mov_rm_reg));
    set_fast(t, 0, 0x8A, BW_XBOTH8(mov_reg_rm, x_mov_reg_rm));
    set_fast(t, 0, 0x8B, BW_XBOTH(mov_reg_rm, x_mov_reg_rm));
    // Segment registers: ES CS SS DS, plus FS GS from the 386. MOV CS is undefined from the
    // 286 on; the 8086 performs it and aliases 4-7 onto 0-3.
    unsigned sregs = t.model == CpuModel::i8086 ? 8 : t.at_least(CpuModel::i386) ? 6 : 4;
    for (unsigned r = 0; r < sregs; ++r) {
        set_group_op(t, G_8C, r, 0, {0, 0, BW_VARIANTS(mov_rm_sreg)});
        if (r != CS || t.model == CpuModel::i8086) set_group_op(t, G_8E, r, 0, {0, 0, BW_VARIANTS(mov_sreg_rm)});
    }
    set_op(t, 0, 0x8D, dec::MODRM | dec::MEM_ONLY, {0, 0, BW_VARIANTS(lea)});
    set_op(t, 0, 0xA0, dec::MOFFS, {0, 0, BW_VARIANTS8(mov_acc_moffs)});
    set_op(t, 0, 0xA1, dec::MOFFS, {0, 0, BW_VARIANTS(mov_acc_moffs)});
    set_op(t, 0, 0xA2, dec::MOFFS, {0, 0, BW_VARIANTS8(mov_moffs_acc)});
    set_op(t, 0, 0xA3, dec::MOFFS, {0, 0, BW_VARIANTS(mov_moffs_acc)});
    set_fast(t, 0, 0x8D, {{{nullptr, BW_XMEM(x_lea, uint16_t)}, {nullptr, BW_XMEM(x_lea, uint32_t)}}});
    set_fast(t, 0, 0xA0, {{{&x_mov_acc_moffs<uint8_t>, &x_mov_acc_moffs<uint8_t>}, {&x_mov_acc_moffs<uint8_t>, &x_mov_acc_moffs<uint8_t>}}});
    set_fast(t, 0, 0xA1, {{{&x_mov_acc_moffs<uint16_t>, &x_mov_acc_moffs<uint16_t>}, {&x_mov_acc_moffs<uint32_t>, &x_mov_acc_moffs<uint32_t>}}});
    set_fast(t, 0, 0xA2, {{{&x_mov_moffs_acc<uint8_t>, &x_mov_moffs_acc<uint8_t>}, {&x_mov_moffs_acc<uint8_t>, &x_mov_moffs_acc<uint8_t>}}});
    set_fast(t, 0, 0xA3, {{{&x_mov_moffs_acc<uint16_t>, &x_mov_moffs_acc<uint16_t>}, {&x_mov_moffs_acc<uint32_t>, &x_mov_moffs_acc<uint32_t>}}});
    for (unsigned r = 0; r < 8; ++r) {
        set_op(t, 0, 0xB0 + r, dec::REG_IN_OPCODE | dec::IMM8, {0, 0, BW_VARIANTS8(mov_reg_imm)});
        set_op(t, 0, 0xB8 + r, dec::REG_IN_OPCODE | dec::IMMV, {0, 0, BW_VARIANTS(mov_reg_imm)});
        set_fast(t, 0, 0xB0 + r, BW_XREG8(mov_reg_imm));
        set_fast(t, 0, 0xB8 + r, BW_XREG(mov_reg_imm));
    }
    set_group_op(t, G_C6, 0, dec::IMM8, {0, 0, BW_VARIANTS8(mov_rm_imm)});
    set_group_op(t, G_C7, 0, dec::IMMV, {0, 0, BW_VARIANTS(mov_rm_imm)});
    set_group_fast(t, G_C6, 0, BW_XBOTH8(mov_rm_imm, x_mov_rm_imm));
    set_group_fast(t, G_C7, 0, BW_XBOTH(mov_rm_imm, x_mov_rm_imm));
    if (t.model == CpuModel::i8086) {
        // The 8086 ignores the reg field of C6/C7.
        for (unsigned r = 1; r < 8; ++r) {
            set_group_op(t, G_C6, r, dec::IMM8, {0, 0, BW_VARIANTS8(mov_rm_imm)});
            set_group_op(t, G_C7, r, dec::IMMV, {0, 0, BW_VARIANTS(mov_rm_imm)});
        }
    }

    set_op(t, 0, 0x86, dec::MODRM | dec::LOCKABLE, {0, 0, BW_VARIANTS8(xchg_rm_reg)});
    set_op(t, 0, 0x87, dec::MODRM | dec::LOCKABLE, {0, 0, BW_VARIANTS(xchg_rm_reg)});
    set_op(t, 0, 0x90, 0, {0, 0, BW_ONE(nop)});
    for (unsigned r = 1; r < 8; ++r) set_op(t, 0, 0x90 + r, dec::REG_IN_OPCODE, {0, 0, BW_VARIANTS(xchg_acc_reg)});
    set_op(t, 0, 0x98, 0, {0, 0, BW_SIZED(convert_acc)});
    set_op(t, 0, 0x99, 0, {0, 0, BW_SIZED(convert_dx)});
    set_op(t, 0, 0xD7, 0, {0, 0, BW_ONE(xlat)});
    set_op(t, 0, 0x9E, 0, {0, 0, BW_ONE(sahf)});
    set_op(t, 0, 0x9F, 0, {0, 0, BW_ONE(lahf)});
    set_fast(t, 0, 0x86, BW_XREG8(xchg_rm_reg));
    set_fast(t, 0, 0x87, BW_XREG(xchg_rm_reg));
    set_fast(t, 0, 0x90, {{{&threaded<&nop>, &threaded<&nop>}, {&threaded<&nop>, &threaded<&nop>}}});
    for (unsigned r = 1; r < 8; ++r) set_fast(t, 0, 0x90 + r, BW_XREG(xchg_acc_reg));
    set_fast(t, 0, 0x98, {{{&threaded<&convert_acc<uint16_t>>, nullptr}, {&threaded<&convert_acc<uint32_t>>, nullptr}}});
    set_fast(t, 0, 0x99, {{{&threaded<&convert_dx<uint16_t>>, nullptr}, {&threaded<&convert_dx<uint32_t>>, nullptr}}});

    set_op(t, 0, 0xC4, dec::MODRM | dec::MEM_ONLY | dec::ENDS, {0, 0, BW_VARIANTS(LoadFar<ES>::op)});
    set_op(t, 0, 0xC5, dec::MODRM | dec::MEM_ONLY | dec::ENDS, {0, 0, BW_VARIANTS(LoadFar<DS>::op)});
    if (t.at_least(CpuModel::i386)) {
        set_op(t, 1, 0xB2, dec::MODRM | dec::MEM_ONLY | dec::ENDS, {0, 0, BW_VARIANTS(LoadFar<SS>::op)});
        set_op(t, 1, 0xB4, dec::MODRM | dec::MEM_ONLY | dec::ENDS, {0, 0, BW_VARIANTS(LoadFar<FS>::op)});
        set_op(t, 1, 0xB5, dec::MODRM | dec::MEM_ONLY | dec::ENDS, {0, 0, BW_VARIANTS(LoadFar<GS>::op)});
        set_op(t, 1, 0xB6, dec::MODRM, {0, 0, {{&Extend<uint16_t, uint8_t, false>::op<uint16_t, false>, &Extend<uint16_t, uint8_t, false>::op<uint16_t, true>},
                                               {&Extend<uint32_t, uint8_t, false>::op<uint32_t, false>, &Extend<uint32_t, uint8_t, false>::op<uint32_t, true>}}});
        set_op(t, 1, 0xB7, dec::MODRM, {0, 0, {{&Extend<uint16_t, uint16_t, false>::op<uint16_t, false>, &Extend<uint16_t, uint16_t, false>::op<uint16_t, true>},
                                               {&Extend<uint32_t, uint16_t, false>::op<uint32_t, false>, &Extend<uint32_t, uint16_t, false>::op<uint32_t, true>}}});
        set_op(t, 1, 0xBE, dec::MODRM, {0, 0, {{&Extend<uint16_t, uint8_t, true>::op<uint16_t, false>, &Extend<uint16_t, uint8_t, true>::op<uint16_t, true>},
                                               {&Extend<uint32_t, uint8_t, true>::op<uint32_t, false>, &Extend<uint32_t, uint8_t, true>::op<uint32_t, true>}}});
        set_op(t, 1, 0xBF, dec::MODRM, {0, 0, {{&Extend<uint16_t, uint16_t, true>::op<uint16_t, false>, &Extend<uint16_t, uint16_t, true>::op<uint16_t, true>},
                                               {&Extend<uint32_t, uint16_t, true>::op<uint32_t, false>, &Extend<uint32_t, uint16_t, true>::op<uint32_t, true>}}});
        auto ext = [&](unsigned op, const OpFast& f16, const OpFast& f32) {
            OpFast f = f16;
            std::copy(std::begin(f32.x[1]), std::end(f32.x[1]), f.x[1]);
            set_fast(t, 1, op, f);
        };
        ext(0xB6, Extend<uint16_t, uint8_t, false>::fast, Extend<uint32_t, uint8_t, false>::fast);
        ext(0xB7, Extend<uint16_t, uint16_t, false>::fast, Extend<uint32_t, uint16_t, false>::fast);
        ext(0xBE, Extend<uint16_t, uint8_t, true>::fast, Extend<uint32_t, uint8_t, true>::fast);
        ext(0xBF, Extend<uint16_t, uint16_t, true>::fast, Extend<uint32_t, uint16_t, true>::fast);
    }
}

} // namespace bw::ops
