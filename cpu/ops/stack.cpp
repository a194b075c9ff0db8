// PUSH/POP in all forms, PUSHA/POPA, PUSHF/POPF, ENTER/LEAVE (SDM Vol. 2; SDM Vol. 1, 6.2).
#include "cpu/ops/common.h"

namespace bw::ops {
namespace {

template <class T, bool MEM> void push_reg(Cpu& c, const Insn& i) {
    // The 8086 pushes SP after decrementing it; the 286 and later push the old value.
    if (i.reg == ESP && !c.traits().push_sp_old) {
        c.push<T>(T(c.reg<T>(ESP) - sizeof(T)));
        return;
    }
    c.push<T>(c.reg<T>(i.reg));
}
template <class T, bool MEM> void pop_reg(Cpu& c, const Insn& i) {
    T v = c.pop<T>();
    c.reg<T>(i.reg) = v;
}
template <class T, bool MEM> void push_rm(Cpu& c, const Insn& i) {
    T v = read_rm<T, MEM>(c, i);
    if (!MEM && i.rm == ESP && !c.traits().push_sp_old) v = T(v - sizeof(T));
    c.push<T>(v);
}
// POP Ev computes a stack-relative address after incrementing ESP (SDM Vol. 2, POP). A
// faulting POP leaves ESP unchanged on the 386 and later; the 286 has already moved it.
template <class T, bool MEM> void pop_rm(Cpu& c, const Insn& i) {
    uint32_t old_sp = c.s.gpr[ESP].d;
    T v = c.pop<T>();
    try {
        write_rm<T, MEM>(c, i, v);
    } catch (const CpuFault&) {
        if (c.model() != CpuModel::i286) c.s.gpr[ESP].d = old_sp;
        throw;
    }
}
template <class T, bool MEM> void push_imm(Cpu& c, const Insn& i) { c.push<T>(T(i.imm)); }

template <unsigned SEG> struct SegStack {
    // A 32-bit push of a segment register writes 16 bits on the P6 family; we store the
    // selector zero-extended in the 32-bit slot, as the 386/486 do.
    template <class T, bool MEM> static void push(Cpu& c, const Insn&) { c.push<T>(T(c.s.seg[SEG].selector)); }
    template <class T, bool MEM> static void pop(Cpu& c, const Insn&) {
        uint32_t old_sp = c.s.gpr[ESP].d;
        uint16_t sel = uint16_t(c.pop<T>());
        try {
            c.load_segment(SEG, sel);
        } catch (const CpuFault&) {
            c.s.gpr[ESP].d = old_sp;
            throw;
        }
    }
};

template <class T> void pusha(Cpu& c, const Insn&) {
    T sp = c.reg<T>(ESP);
    for (unsigned r = EAX; r <= EDI; ++r) c.push<T>(r == ESP ? sp : c.reg<T>(r));
}
template <class T> void popa(Cpu& c, const Insn&) {
    for (int r = EDI; r >= int(EAX); --r) {
        T v = c.pop<T>();
        if (r != ESP) c.reg<T>(unsigned(r)) = v;
    }
}

// In virtual-8086 mode PUSHF/POPF are IOPL-sensitive: #GP(0) when IOPL < 3 (SDM Vol. 3,
// 20.2.7), except the 16-bit forms with CR4.VME, which virtualise IF through VIF (SDM Vol. 3,
// 20.3.2; SDM Vol. 2, PUSHF and POPF).
template <class T> bool v86_virtual_flags(Cpu& c) {
    if (!c.flag(fl::VM) || c.iopl() == 3) return false;
    if (sizeof(T) == 2 && (c.s.cr[4] & cr4::VME)) return true;
    c.fault(VEC_GP, 0);
}

// PUSHF/PUSHFD: the image has VM and RF cleared (SDM Vol. 2, PUSHF). Under VME the FLAGS
// image carries VIF in the IF position and IOPL = 3.
template <class T> void pushf(Cpu& c, const Insn&) {
    uint32_t v = c.eflags() & ~(fl::VM | fl::RF);
    if (v86_virtual_flags<T>(c)) v = (v & ~fl::IF) | (c.flag(fl::VIF) ? fl::IF : 0) | fl::IOPL;
    c.push<T>(T(v));
}

// POPF/POPFD (SDM Vol. 2, POPF): IOPL changes only at CPL 0, IF only when CPL <= IOPL; VM, VIP,
// VIF and RF are not loaded. Under VME the popped IF goes to VIF, IOPL and IF stay, and a set TF
// or a set IF while VIP is pending is #GP(0) before anything changes.
template <class T> void popf(Cpu& c, const Insn&) {
    if (v86_virtual_flags<T>(c)) {
        const uint32_t v = c.read<T>(SS, c.s.gpr[ESP].w);
        if ((v & fl::TF) || ((v & fl::IF) && c.flag(fl::VIP))) c.fault(VEC_GP, 0);
        (void)c.pop<T>();
        c.set_eflags(v, 0xFFFFu & ~(fl::IOPL | fl::IF));
        c.set_eflags((v & fl::IF) ? fl::VIF : 0, fl::VIF);
        return;
    }
    uint32_t v = c.pop<T>();
    uint32_t mask = sizeof(T) == 2 ? 0xFFFFu : (0xFFFFFFFFu & ~(fl::VM | fl::VIP | fl::VIF | fl::RF));
    if (c.protected_mode()) {
        uint32_t iopl = (c.eflags() >> 12) & 3;
        if (c.cpl() > 0) mask &= ~fl::IOPL;
        if (c.cpl() > iopl) mask &= ~fl::IF;
    }
    c.set_eflags(v, mask);
}

template <class T> void enter(Cpu& c, const Insn& i) {
    unsigned level = i.imm2 & 31;
    c.push<T>(c.reg<T>(EBP));
    uint32_t frame = c.s.gpr[ESP].d & c.sp_mask();
    uint32_t bp = c.s.gpr[EBP].d;
    for (unsigned k = 1; k < level; ++k) {
        bp = (bp - sizeof(T)) & c.sp_mask();
        c.push<T>(c.read<T>(SS, bp));
    }
    if (level) c.push<T>(T(frame));
    uint32_t sp = (c.s.gpr[ESP].d - i.imm) & c.sp_mask();
    if (c.stack32()) c.s.gpr[ESP].d = sp;
    else c.s.gpr[ESP].w = uint16_t(sp);
    c.reg<T>(EBP) = T(frame);
}

// LEAVE reads the saved frame pointer before changing ESP, so a faulting LEAVE restarts.
template <class T> void leave(Cpu& c, const Insn&) {
    uint32_t frame = c.s.gpr[EBP].d & c.sp_mask();
    T saved = c.read<T>(SS, frame);
    uint32_t sp = (frame + sizeof(T)) & c.sp_mask();
    if (c.stack32()) c.s.gpr[ESP].d = sp;
    else c.s.gpr[ESP].w = uint16_t(sp);
    c.reg<T>(EBP) = saved;
}

} // namespace

void register_stack(OpTable& t) {
    bool has186 = t.at_least(CpuModel::i286);
    for (unsigned r = 0; r < 8; ++r) {
        set_op(t, 0, 0x50 + r, dec::REG_IN_OPCODE, {0, 0, BW_VARIANTS(push_reg)});
        set_op(t, 0, 0x58 + r, dec::REG_IN_OPCODE, {0, 0, BW_VARIANTS(pop_reg)});
    }
    set_group_op(t, G_FF, 6, 0, {0, 0, BW_VARIANTS(push_rm)});
    set_group_op(t, G_8F, 0, 0, {0, 0, BW_VARIANTS(pop_rm)});
    if (t.model == CpuModel::i8086) {
        // Undocumented on the 8086: FF /7 acts as PUSH, 8F /1-7 as POP.
        set_group_op(t, G_FF, 7, 0, {0, 0, BW_VARIANTS(push_rm)});
        for (unsigned r = 1; r < 8; ++r) set_group_op(t, G_8F, r, 0, {0, 0, BW_VARIANTS(pop_rm)});
    }

    set_op(t, 0, 0x06, 0, {0, 0, BW_VARIANTS(SegStack<ES>::push)});
    set_op(t, 0, 0x07, dec::ENDS, {0, 0, BW_VARIANTS(SegStack<ES>::pop)});
    set_op(t, 0, 0x0E, 0, {0, 0, BW_VARIANTS(SegStack<CS>::push)});
    set_op(t, 0, 0x16, 0, {0, 0, BW_VARIANTS(SegStack<SS>::push)});
    set_op(t, 0, 0x17, dec::ENDS, {0, 0, BW_VARIANTS(SegStack<SS>::pop)});
    set_op(t, 0, 0x1E, 0, {0, 0, BW_VARIANTS(SegStack<DS>::push)});
    set_op(t, 0, 0x1F, dec::ENDS, {0, 0, BW_VARIANTS(SegStack<DS>::pop)});
    if (t.model == CpuModel::i8086) {
        set_op(t, 0, 0x0F, dec::ENDS, {0, 0, BW_VARIANTS(SegStack<CS>::pop)});  // POP CS
    }
    if (t.at_least(CpuModel::i386)) {
        set_op(t, 1, 0xA0, 0, {0, 0, BW_VARIANTS(SegStack<FS>::push)});
        set_op(t, 1, 0xA1, dec::ENDS, {0, 0, BW_VARIANTS(SegStack<FS>::pop)});
        set_op(t, 1, 0xA8, 0, {0, 0, BW_VARIANTS(SegStack<GS>::push)});
        set_op(t, 1, 0xA9, dec::ENDS, {0, 0, BW_VARIANTS(SegStack<GS>::pop)});
    }

    set_op(t, 0, 0x9C, 0, {0, 0, BW_SIZED(pushf)});
    set_op(t, 0, 0x9D, dec::ENDS, {0, 0, BW_SIZED(popf)});
    if (has186) {
        set_op(t, 0, 0x68, dec::IMMV, {0, 0, BW_VARIANTS(push_imm)});
        set_op(t, 0, 0x6A, dec::IMM8S, {0, 0, BW_VARIANTS(push_imm)});
        set_op(t, 0, 0x60, 0, {0, 0, BW_SIZED(pusha)});
        set_op(t, 0, 0x61, 0, {0, 0, BW_SIZED(popa)});
        set_op(t, 0, 0xC8, dec::ENTER, {0, 0, BW_SIZED(enter)});
        set_op(t, 0, 0xC9, 0, {0, 0, BW_SIZED(leave)});
    }
}

} // namespace bw::ops
