// Protected-mode segmentation: descriptor loads with the checks of SDM Vol. 3, 5.5-5.8, far
// transfers, and interrupt delivery through the IDT (SDM Vol. 3, 6.10-6.12).
#include "cpu/cpu.h"
#include "cpu/descriptor.h"

namespace bw {

namespace {
void cache(SegmentRegister& sr, uint16_t selector, const Desc& d) { cache_descriptor(sr, selector, d); }
} // namespace

uint64_t Cpu::read_descriptor(uint16_t selector) {
    const bool local = selector & 4;
    uint32_t base = local ? s.ldtr.base : s.gdtr.base;
    uint32_t limit = local ? s.ldtr.limit : s.gdtr.limit;
    uint32_t index = selector & ~7u;
    if (index + 7 > limit || (local && (s.ldtr.selector < 4 || !(s.ldtr.access & 0x80))))
        fault(VEC_GP, selector & 0xFFFC);
    return sys_read64(base + index);
}

// Marks a descriptor accessed (SDM Vol. 3, 3.4.5.1: the processor sets the A bit on load).
static void set_accessed(Cpu& c, uint16_t selector, uint64_t raw) {
    if ((raw >> 40) & 1) return;
    const bool local = selector & 4;
    uint32_t base = local ? c.s.ldtr.base : c.s.gdtr.base;
    c.sys_write(base + (selector & ~7u) + 5, uint8_t((raw >> 40) | 1), 1);
}

void Cpu::load_segment(unsigned seg, uint16_t selector) {
    if (!protected_mode() || flag(fl::VM)) {
        load_segment_real(seg, selector);
        if (seg == SS) inhibit_interrupts();
        return;
    }
    const unsigned cpl_now = cpl(), rpl = selector & 3;
    if ((selector & 0xFFFC) == 0) {
        // A null selector may be loaded into a data segment register; using it faults.
        if (seg == SS) fault(VEC_GP, 0);
        s.seg[seg].selector = selector;
        s.seg[seg].base = 0;
        s.seg[seg].limit = 0;
        s.seg[seg].access = 0;
        s.seg[seg].update_bounds(true);
        return;
    }
    Desc d{read_descriptor(selector)};
    if (seg == SS) {
        // SDM Vol. 3, 5.7: RPL and DPL must equal CPL; a writable data segment.
        if (rpl != cpl_now || d.dpl() != cpl_now || !d.segment() || !d.writable()) fault(VEC_GP, selector & 0xFFFC);
        if (!d.present()) fault(VEC_SS, selector & 0xFFFC);
        inhibit_interrupts();
    } else {
        if (!d.segment() || !d.readable()) fault(VEC_GP, selector & 0xFFFC);
        if (!d.conforming() && (d.dpl() < cpl_now || d.dpl() < rpl)) fault(VEC_GP, selector & 0xFFFC);
        if (!d.present()) fault(VEC_NP, selector & 0xFFFC);
    }
    set_accessed(*this, selector, d.raw);
    cache(s.seg[seg], selector, d);
}

// Loads CS for a transfer to `cpl`, after the caller has checked privilege rules.
void Cpu::load_code_segment(uint16_t selector, uint64_t raw, unsigned new_cpl) {
    Desc d{raw};
    set_accessed(*this, selector, raw);
    cache(s.seg[CS], uint16_t((selector & 0xFFFC) | new_cpl), d);
    update_tlb_mode();
    event_pending_ = true;  // the code size may have changed
}

// State a multi-step transfer may have changed before it faults: restored so the fault is
// delivered with the state of the instruction (SDM Vol. 3, 6.6: faults are restartable).
struct Cpu::Snapshot {
    SegmentRegister seg[6];
    uint32_t esp, eflags_rest;
};

namespace {
// Checks for a direct far JMP/CALL to a code segment (SDM Vol. 3, 5.8.1).
void check_direct_code(Cpu& c, uint16_t selector, const Desc& d) {
    if (!d.code()) c.fault(VEC_GP, selector & 0xFFFC);
    unsigned cpl = c.cpl(), rpl = selector & 3;
    if (d.conforming() ? d.dpl() > cpl : (rpl > cpl || d.dpl() != cpl)) c.fault(VEC_GP, selector & 0xFFFC);
    if (!d.present()) c.fault(VEC_NP, selector & 0xFFFC);
}
} // namespace

Cpu::Snapshot Cpu::snapshot() const {
    Snapshot k;
    for (unsigned i = 0; i < 6; ++i) k.seg[i] = s.seg[i];
    k.esp = s.gpr[ESP].d;
    k.eflags_rest = s.eflags_rest;
    return k;
}

void Cpu::restore(const Snapshot& k) {
    for (unsigned i = 0; i < 6; ++i) s.seg[i] = k.seg[i];
    s.gpr[ESP].d = k.esp;
    s.eflags_rest = k.eflags_rest;
    update_tlb_mode();
    event_pending_ = true;
}

void Cpu::far_jump(uint16_t selector, uint32_t offset, bool o32) {
    if (!o32) offset &= 0xFFFF;
    if (!protected_mode() || flag(fl::VM)) {
        load_segment_real(CS, selector);
        s.eip = offset;
        return;
    }
    if ((selector & 0xFFFC) == 0) fault(VEC_GP, 0);
    Desc d{read_descriptor(selector)};
    if (!d.segment()) return gate_transfer(selector, d.raw, false, o32);
    check_direct_code(*this, selector, d);
    if (offset > d.limit()) fault(VEC_GP, 0);
    load_code_segment(selector, d.raw, cpl());
    s.eip = offset;
}

void Cpu::far_call(uint16_t selector, uint32_t offset, bool o32) {
    if (!o32) offset &= 0xFFFF;
    uint16_t old_cs = s.seg[CS].selector;
    uint32_t old_eip = s.eip;
    if (!protected_mode() || flag(fl::VM)) {
        if (o32) { push<uint32_t>(old_cs); push<uint32_t>(old_eip); }
        else { push<uint16_t>(old_cs); push<uint16_t>(uint16_t(old_eip)); }
        load_segment_real(CS, selector);
        s.eip = offset;
        return;
    }
    if ((selector & 0xFFFC) == 0) fault(VEC_GP, 0);
    Desc d{read_descriptor(selector)};
    if (!d.segment()) return gate_transfer(selector, d.raw, true, o32);
    check_direct_code(*this, selector, d);
    if (offset > d.limit()) fault(VEC_GP, 0);
    uint32_t old_esp = s.gpr[ESP].d;
    try {
        if (o32) { push<uint32_t>(old_cs); push<uint32_t>(old_eip); }
        else { push<uint16_t>(old_cs); push<uint16_t>(uint16_t(old_eip)); }
    } catch (const CpuFault&) {
        s.gpr[ESP].d = old_esp;
        throw;
    }
    load_code_segment(selector, d.raw, cpl());
    s.eip = offset;
}

// The inner stack for `new_cpl` from the current TSS (SDM Vol. 3, 6.12.1 and 7.2.1); #TS when
// the fields lie beyond the TSS limit.
void Cpu::stack_from_tss(unsigned new_cpl, uint16_t& ss, uint32_t& esp, uint32_t ext) {
    const bool tss32 = (s.tr.access & 8) != 0;
    const uint32_t at = tss32 ? 4 + new_cpl * 8 : 2 + new_cpl * 4;
    if (at + (tss32 ? 5 : 3) > s.tr.limit) fault(VEC_TS, (s.tr.selector & 0xFFFC) | ext);
    esp = sys_read(s.tr.base + at, tss32 ? 4 : 2);
    ss = uint16_t(sys_read(s.tr.base + at + (tss32 ? 4 : 2), 2));
}

// Loads SS:ESP for an inner privilege level with the checks of SDM Vol. 2, CALL and INT
// (#TS with the new SS selector, #SS when it is not present).
static void load_inner_stack(Cpu& c, uint16_t ss, uint32_t esp, unsigned new_cpl, uint32_t ext) {
    if ((ss & 0xFFFC) == 0) c.fault(VEC_TS, ext);
    Desc d{0};
    try {
        d = Desc{c.read_descriptor(ss)};
    } catch (const CpuFault&) {
        c.fault(VEC_TS, (ss & 0xFFFC) | ext);
    }
    if ((ss & 3u) != new_cpl || d.dpl() != new_cpl || !d.writable()) c.fault(VEC_TS, (ss & 0xFFFC) | ext);
    if (!d.present()) c.fault(VEC_SS, (ss & 0xFFFC) | ext);
    cache_descriptor(c.s.seg[SS], ss, d);
    c.s.gpr[ESP].d = esp;
}

// Whether `count` pushes of `size` bytes fit below SS:ESP, each checked as Cpu::push checks it.
// Event delivery and calls through gates check the room for their whole frame before pushing
// anything (SDM Vol. 2, INT n "Operation": "IF current stack does not have room for 16 bytes ...
// THEN #SS(EXT)" and "IF new stack does not have room ... THEN #SS(error_code(NewSS,0,EXT))";
// CALL: "IF new stack does not have room for parameters plus 16 bytes THEN #SS(NewSS)").
static bool stack_has_room(const Cpu& c, unsigned count, unsigned size) {
    const SegmentRegister& ss = c.s.seg[SS];
    const uint32_t mask = c.sp_mask();
    uint32_t sp = c.s.gpr[ESP].d;
    for (unsigned i = 0; i < count; ++i) {
        sp = (sp - size) & mask;
        if (uint64_t(uint32_t(sp - ss.lower)) + size > ss.end_write) return false;
    }
    return true;
}

// JMP/CALL to a system descriptor: a call gate, a task gate or a TSS (SDM Vol. 3, 5.8.3-5.8.5,
// 7.3; SDM Vol. 2, CALL and JMP).
void Cpu::gate_transfer(uint16_t selector, uint64_t raw, bool call, bool o32) {
    (void)o32;  // a gate's own size decides the operand size
    Desc g{raw};
    const uint32_t gsel = selector & 0xFFFC;
    const unsigned cpl_now = cpl(), rpl = selector & 3;
    const unsigned type = g.type();
    const TaskSource src = call ? TaskSource::Call : TaskSource::Jmp;
    if (type == sys::TSS16 || type == sys::TSS32) {
        if (g.dpl() < cpl_now || g.dpl() < rpl) fault(VEC_GP, gsel);
        return task_switch(selector, src);  // present/limit checks there
    }
    if (type == sys::TSS16_BUSY || type == sys::TSS32_BUSY) fault(VEC_GP, gsel);
    if (type != sys::CALL16 && type != sys::CALL32 && type != sys::TASK) fault(VEC_GP, gsel);
    if (g.dpl() < cpl_now || g.dpl() < rpl) fault(VEC_GP, gsel);
    if (!g.present()) fault(VEC_NP, gsel);
    if (type == sys::TASK) return task_switch(g.gate_selector(), src);

    // Call gate: the target code segment.
    const uint16_t csel = g.gate_selector();
    if ((csel & 0xFFFC) == 0) fault(VEC_GP, 0);
    Desc code{read_descriptor(csel)};
    if (!code.code() || code.dpl() > cpl_now) fault(VEC_GP, csel & 0xFFFC);
    if (!call && !code.conforming() && code.dpl() != cpl_now) fault(VEC_GP, csel & 0xFFFC);
    if (!code.present()) fault(VEC_NP, csel & 0xFFFC);
    const bool g32 = g.gate32();
    const uint32_t target = g32 ? g.gate_offset() : (g.gate_offset() & 0xFFFF);
    if (!call) {
        if (target > code.limit()) fault(VEC_GP, 0);
        load_code_segment(csel, code.raw, cpl_now);
        s.eip = target;
        return;
    }
    const uint16_t old_cs = s.seg[CS].selector, old_ss = s.seg[SS].selector;
    const uint32_t old_eip = s.eip, old_esp = s.gpr[ESP].d;
    const Snapshot k = snapshot();
    try {
        if (!code.conforming() && code.dpl() < cpl_now) {
            // Inner privilege: switch to the TSS stack for the new CPL, then push the caller's
            // SS:ESP, copy the gate's parameter count of words/dwords, and push CS:EIP
            // (SDM Vol. 3, 5.8.5, figure 5-13).
            const unsigned new_cpl = code.dpl(), n = g.gate_params(), size = g32 ? 4 : 2;
            uint16_t ss;
            uint32_t esp;
            stack_from_tss(new_cpl, ss, esp, 0);
            uint32_t params[32];
            const uint32_t mask = sp_mask();
            for (unsigned i = 0; i < n; ++i) {
                uint32_t a = (old_esp + i * size) & mask;
                params[i] = g32 ? read<uint32_t>(SS, a) : read<uint16_t>(SS, a);
            }
            load_code_segment(csel, code.raw, new_cpl);
            load_inner_stack(*this, ss, esp, new_cpl, 0);
            // The new stack's room for SS:ESP, the parameters and CS:EIP, then the entry point
            // (SDM Vol. 2, CALL, INTER-PRIVILEGE-LEVEL-CALL).
            if (!stack_has_room(*this, n + 4, size)) fault(VEC_SS, ss & 0xFFFC);
            if (target > code.limit()) fault(VEC_GP, 0);
            if (g32) {
                push<uint32_t>(old_ss);
                push<uint32_t>(old_esp);
                for (unsigned i = n; i-- > 0;) push<uint32_t>(params[i]);
                push<uint32_t>(old_cs);
                push<uint32_t>(old_eip);
            } else {
                push<uint16_t>(old_ss);
                push<uint16_t>(uint16_t(old_esp));
                for (unsigned i = n; i-- > 0;) push<uint16_t>(uint16_t(params[i]));
                push<uint16_t>(old_cs);
                push<uint16_t>(uint16_t(old_eip));
            }
        } else {
            // Same privilege: #SS(0) without room for the return address, then the entry point
            // (SDM Vol. 2, CALL, SAME-PRIVILEGE).
            if (!stack_has_room(*this, 2, g32 ? 4 : 2)) fault(VEC_SS, 0);
            if (target > code.limit()) fault(VEC_GP, 0);
            if (g32) { push<uint32_t>(old_cs); push<uint32_t>(old_eip); }
            else { push<uint16_t>(old_cs); push<uint16_t>(uint16_t(old_eip)); }
            load_code_segment(csel, code.raw, cpl_now);
        }
    } catch (const CpuFault&) {
        restore(k);
        throw;
    }
    s.eip = target;
}

// Data segment registers the outer level may not use are nulled on a return to an outer
// privilege level (SDM Vol. 3, 5.8.6; SDM Vol. 2, RET and IRET).
void Cpu::null_inaccessible_segments(unsigned new_cpl) {
    for (unsigned sr : {ES, DS, FS, GS}) {
        SegmentRegister& r = s.seg[sr];
        bool conforming_code = (r.access & 0x1C) == 0x1C;
        if (((r.access >> 5) & 3) < new_cpl && !conforming_code) {
            r.selector = 0;
            r.access = 0;
            r.limit = 0;
            r.update_bounds(true);
        }
    }
}

namespace {

// Reads a far-return or IRET frame at SS:(E)SP without popping it: the frame is consumed only
// after every check has passed, so a faulting return restarts cleanly.
struct StackFrame {
    Cpu& c;
    bool o32;
    uint32_t sp, mask;
    StackFrame(Cpu& cpu, bool is32) : c(cpu), o32(is32), sp(cpu.s.gpr[ESP].d), mask(cpu.sp_mask()) {}
    uint32_t read(uint32_t offset) const {
        uint32_t a = (sp + offset) & mask;
        return o32 ? c.read<uint32_t>(SS, a) : c.read<uint16_t>(SS, a);
    }
};

void set_stack_pointer(Cpu& c, uint32_t v) {
    if (c.stack32()) c.s.gpr[ESP].d = v;
    else c.s.gpr[ESP].w = uint16_t(v);
}

} // namespace

void Cpu::far_return(bool o32, uint16_t release) {
    const unsigned size = o32 ? 4 : 2;
    const uint32_t sp = s.gpr[ESP].d;
    const StackFrame frame(*this, o32);
    auto stack_read = [&](uint32_t k) { return frame.read(k); };
    auto set_sp = [&](uint32_t v) { set_stack_pointer(*this, v); };
    uint32_t ip = stack_read(0);
    uint16_t cs = uint16_t(stack_read(size));
    if (!protected_mode() || flag(fl::VM)) {
        set_sp(sp + 2 * size + release);
        load_segment_real(CS, cs);
        s.eip = o32 ? ip : (ip & 0xFFFF);
        return;
    }
    // SDM Vol. 2, RET: protected-mode checks on the return selector.
    unsigned rpl = cs & 3;
    if ((cs & 0xFFFC) == 0) fault(VEC_GP, 0);
    Desc d{read_descriptor(cs)};
    if (!d.code() || rpl < cpl() || (d.conforming() ? d.dpl() > rpl : d.dpl() != rpl)) fault(VEC_GP, cs & 0xFFFC);
    if (!d.present()) fault(VEC_NP, cs & 0xFFFC);
    if (rpl == cpl()) {
        if ((o32 ? ip : (ip & 0xFFFF)) > d.limit()) fault(VEC_GP, 0);
        set_sp(sp + 2 * size + release);
        load_code_segment(cs, d.raw, rpl);
        s.eip = o32 ? ip : (ip & 0xFFFF);
        return;
    }
    // Return to an outer privilege level: the caller's SS:ESP follow the released parameters.
    uint32_t new_esp = stack_read(2 * size + release);
    uint16_t new_ss = uint16_t(stack_read(3 * size + release));
    const Snapshot k = snapshot();
    try {
        load_code_segment(cs, d.raw, rpl);
        load_segment(SS, new_ss);
        if ((o32 ? ip : (ip & 0xFFFF)) > d.limit()) fault(VEC_GP, 0);
    } catch (const CpuFault&) {
        restore(k);
        throw;
    }
    s.eip = o32 ? ip : (ip & 0xFFFF);
    set_sp(new_esp + release);
    null_inaccessible_segments(rpl);
}

void Cpu::interrupt_return(bool o32) {
    nmi_blocked_ = false;  // IRET ends NMI blocking (SDM Vol. 3, 6.7.1)
    if (nmi_pending_) event_pending_ = true;
    const unsigned size = o32 ? 4 : 2;
    const uint32_t sp = s.gpr[ESP].d;
    const StackFrame frame(*this, o32);
    auto stack_read = [&](uint32_t k) { return frame.read(k); };
    auto set_sp = [&](uint32_t v) { set_stack_pointer(*this, v); };
    if (protected_mode() && flag(fl::VM)) {
        // IRET in virtual-8086 mode: real-mode semantics when IOPL = 3, else #GP(0) to the
        // monitor; IOPL itself cannot change (SDM Vol. 3, 20.2.7; SDM Vol. 2, IRET).
        if (iopl() < 3) {
            // With CR4.VME a 16-bit IRET loads the image's IF into VIF, leaving IF and IOPL;
            // a set TF, or IF while VIP is pending, is #GP(0) (SDM Vol. 3, 20.3.2; SDM Vol. 2,
            // IRET, RETURN-FROM-VIRTUAL-8086-MODE).
            if (o32 || !(s.cr[4] & cr4::VME)) fault(VEC_GP, 0);
            const uint32_t flags = stack_read(4);
            if ((flags & fl::TF) || ((flags & fl::IF) && flag(fl::VIP))) fault(VEC_GP, 0);
            const uint32_t ip = stack_read(0);
            const uint16_t cs = uint16_t(stack_read(2));
            set_sp(sp + 6);
            load_segment_real(CS, cs);
            s.eip = ip & 0xFFFF;
            set_eflags(flags | ((flags & fl::IF) ? fl::VIF : 0), (0x4FD5u & ~fl::IF) | fl::VIF);
            return;
        }
        uint32_t ip = stack_read(0);
        uint16_t cs = uint16_t(stack_read(size));
        uint32_t flags = stack_read(2 * size);
        set_sp(sp + 3 * size);
        load_segment_real(CS, cs);
        s.eip = o32 ? ip : (ip & 0xFFFF);
        set_eflags(flags, o32 ? (0x3F7FD5u & ~(fl::IOPL | fl::VM | fl::VIP | fl::VIF)) | fl::RF : 0x4FD5u);
        return;
    }
    if (protected_mode() && flag(fl::NT)) {
        // Return from a nested task: switch to the task the back link names (SDM Vol. 3, 7.4).
        uint16_t link = uint16_t(sys_read(s.tr.base, 2));
        task_switch(link, TaskSource::Iret);
        return;
    }
    uint32_t ip = stack_read(0);
    uint16_t cs = uint16_t(stack_read(size));
    uint32_t flags = stack_read(2 * size);
    if (!protected_mode()) {
        set_sp(sp + 3 * size);
        load_segment_real(CS, cs);
        s.eip = o32 ? ip : (ip & 0xFFFF);
        set_eflags(flags, o32 ? (0x257FD5u | fl::RF) : 0xFFFFu);
        return;
    }
    unsigned rpl = cs & 3, old_cpl = cpl();
    if (o32 && (flags & fl::VM) && old_cpl == 0) {
        // Return to virtual-8086 mode (SDM Vol. 2, IRET, RETURN-TO-VIRTUAL-8086-MODE): the
        // frame continues with ESP, SS, ES, DS, FS, GS; every segment gets real-mode semantics.
        uint32_t new_esp = stack_read(12);
        uint16_t sel[6];
        sel[SS] = uint16_t(stack_read(16));
        sel[ES] = uint16_t(stack_read(20));
        sel[DS] = uint16_t(stack_read(24));
        sel[FS] = uint16_t(stack_read(28));
        sel[GS] = uint16_t(stack_read(32));
        sel[CS] = cs;
        set_eflags(flags, 0x3F7FD5u | fl::RF | fl::VM | fl::VIF | fl::VIP);
        for (unsigned k = 0; k < 6; ++k) load_segment_real(k, sel[k]);
        s.gpr[ESP].d = new_esp;
        s.eip = ip & 0xFFFF;
        update_tlb_mode();
        event_pending_ = true;
        return;
    }
    if ((cs & 0xFFFC) == 0) fault(VEC_GP, 0);
    Desc d{read_descriptor(cs)};
    if (!d.code() || rpl < old_cpl || (d.conforming() ? d.dpl() > rpl : d.dpl() != rpl)) fault(VEC_GP, cs & 0xFFFC);
    if (!d.present()) fault(VEC_NP, cs & 0xFFFC);
    // EFLAGS: IOPL, and with IRETD VIF and VIP, change only at CPL 0; IF only when CPL <= IOPL
    // (SDM Vol. 2, IRET).
    uint32_t fmask = o32 ? (0x3F7FD5u & ~fl::VM) | fl::RF : 0x7FD5u;
    if (old_cpl > 0) fmask &= ~(fl::IOPL | fl::VIF | fl::VIP);
    if (old_cpl > iopl()) fmask &= ~fl::IF;
    const uint32_t new_eip = o32 ? ip : (ip & 0xFFFF);
    if (rpl == old_cpl) {
        if (new_eip > d.limit()) fault(VEC_GP, 0);
        set_sp(sp + 3 * size);
        load_code_segment(cs, d.raw, rpl);
        s.eip = new_eip;
        set_eflags(flags, fmask);
        return;
    }
    uint32_t new_esp = stack_read(3 * size);
    uint16_t new_ss = uint16_t(stack_read(4 * size));
    const Snapshot k = snapshot();
    try {
        load_code_segment(cs, d.raw, rpl);
        load_segment(SS, new_ss);
        if (new_eip > d.limit()) fault(VEC_GP, 0);
    } catch (const CpuFault&) {
        restore(k);
        throw;
    }
    s.eip = new_eip;
    set_eflags(flags, fmask);
    set_sp(new_esp);
    null_inaccessible_segments(rpl);
}

void Cpu::interrupt_protected(uint8_t vector, bool software, bool has_error, uint32_t error) {
    // SDM Vol. 3, 6.12-6.13: the gate comes from the IDT; error codes name the IDT entry, with
    // EXT set when an external event (not INT n/INT3/INTO) is being delivered.
    const uint32_t ext = software ? 0 : 1;
    const uint32_t idt_error = uint32_t(vector) * 8 + 2 + ext;
    if (uint32_t(vector) * 8 + 7 > s.idtr.limit) fault(VEC_GP, idt_error);
    Desc gate{sys_read64(s.idtr.base + vector * 8u)};
    const unsigned type = gate.type();
    const bool trap = type == sys::TRAP16 || type == sys::TRAP32;
    const bool int_gate = type == sys::INT16 || type == sys::INT32;
    if (gate.segment() || (!trap && !int_gate && type != sys::TASK)) fault(VEC_GP, idt_error);
    if (software && gate.dpl() < cpl()) fault(VEC_GP, idt_error);
    if (!gate.present()) fault(VEC_NP, idt_error);
    if (type == sys::TASK) {
        try {
            task_switch(gate.gate_selector(), TaskSource::Int, has_error, error);
        } catch (CpuFault& f) {
            // Selector error codes raised while delivering an external event carry EXT.
            if (ext && f.has_error && (f.vector == VEC_TS || f.vector == VEC_NP || f.vector == VEC_SS || f.vector == VEC_GP))
                f.error |= 1;
            throw;
        }
        return;
    }
    uint16_t sel = gate.gate_selector();
    if ((sel & 0xFFFC) == 0) fault(VEC_GP, ext);
    Desc code{0};
    try {
        code = Desc{read_descriptor(sel)};
    } catch (const CpuFault&) {
        fault(VEC_GP, (sel & 0xFFFC) | ext);
    }
    if (!code.code() || code.dpl() > cpl()) fault(VEC_GP, (sel & 0xFFFC) | ext);
    if (!code.present()) fault(VEC_NP, (sel & 0xFFFC) | ext);
    const bool v86 = flag(fl::VM);
    const unsigned new_cpl = code.conforming() ? cpl() : code.dpl();
    // From virtual-8086 mode only a non-conforming DPL 0 handler is allowed (SDM Vol. 3,
    // 20.3.1.1).
    if (v86 && (code.conforming() || code.dpl() != 0)) fault(VEC_GP, (sel & 0xFFFC) | ext);
    const bool g32 = gate.gate32();
    uint32_t old_flags = eflags();
    uint16_t old_cs = s.seg[CS].selector, old_ss = s.seg[SS].selector;
    uint32_t old_eip = s.eip, old_esp = s.gpr[ESP].d;
    const uint32_t target = g32 ? gate.gate_offset() : (gate.gate_offset() & 0xFFFF);
    const unsigned size = g32 ? 4 : 2, frame = 3 + (has_error ? 1 : 0);
    const Snapshot k = snapshot();
    try {
        if (new_cpl < cpl()) {
            // Inner privilege: the new stack comes from the TSS (SDM Vol. 3, 6.12.1, 7.2.1).
            uint16_t ss;
            uint32_t esp;
            stack_from_tss(new_cpl, ss, esp, ext);
            load_code_segment(sel, code.raw, new_cpl);  // CPL changes before the SS checks
            s.eflags_rest &= ~fl::VM;
            load_inner_stack(*this, ss, esp, new_cpl, ext);
            // The new stack's room, then the entry point (SDM Vol. 2, INT n, INTER-PRIVILEGE-
            // LEVEL-INTERRUPT and INTERRUPT-FROM-VIRTUAL-8086-MODE): SS:ESP, and from
            // virtual-8086 mode GS, FS, DS, ES, above the frame.
            if (!stack_has_room(*this, frame + 2 + (v86 ? 4 : 0), size)) fault(VEC_SS, (ss & 0xFFFC) | ext);
            if (target > code.limit()) fault(VEC_GP, ext);
            if (v86) {
                // Leaving virtual-8086 mode: the frame also holds the data segment selectors,
                // which are then nulled (SDM Vol. 3, 20.3.1.1, figure 20-5).
                for (unsigned r : {GS, FS, DS, ES}) {
                    if (g32) push<uint32_t>(k.seg[r].selector);
                    else push<uint16_t>(k.seg[r].selector);
                }
            }
            if (g32) { push<uint32_t>(old_ss); push<uint32_t>(old_esp); }
            else { push<uint16_t>(old_ss); push<uint16_t>(uint16_t(old_esp)); }
            if (v86) {
                for (unsigned r : {ES, DS, FS, GS}) {
                    s.seg[r].selector = 0;
                    s.seg[r].access = 0;
                    s.seg[r].limit = 0;
                    s.seg[r].update_bounds(true);
                }
            }
        } else {
            // INTRA-PRIVILEGE-LEVEL-INTERRUPT: #SS(EXT) without room on the current stack, then
            // the entry point check (SDM Vol. 2, INT n).
            if (!stack_has_room(*this, frame, size)) fault(VEC_SS, ext);
            if (target > code.limit()) fault(VEC_GP, ext);
            load_code_segment(sel, code.raw, new_cpl);
        }
        if (g32) {
            push<uint32_t>(old_flags);  // RF as Cpu::deliver_fault left it (SDM Vol. 3, 17.3.1.1)
            push<uint32_t>(old_cs);
            push<uint32_t>(old_eip);
            if (has_error) push<uint32_t>(error);
        } else {
            push<uint16_t>(uint16_t(old_flags));
            push<uint16_t>(old_cs);
            push<uint16_t>(uint16_t(old_eip));
            if (has_error) push<uint16_t>(uint16_t(error));
        }
    } catch (const CpuFault&) {
        restore(k);
        throw;
    }
    s.eip = target;
    s.eflags_rest &= ~(fl::TF | fl::NT | fl::RF | fl::VM);
    if (int_gate) s.eflags_rest &= ~fl::IF;
    update_tlb_mode();
    s.halted = false;
    event_pending_ = true;
}

static constexpr uint32_t kCr4Pae = 1u << 5;

void Cpu::set_control_register(unsigned n, uint32_t value) {
    switch (n) {
    case 0:
        // ET is hard-wired to 1 from the 486 on (SDM Vol. 3, 2.5).
        if (model() >= CpuModel::i486) value |= cr0::ET;
        if ((value & cr0::PG) && !(value & cr0::PE)) fault(VEC_GP, 0);
        if (model() >= CpuModel::i486 && (value & cr0::NW) && !(value & cr0::CD)) fault(VEC_GP, 0);
        if ((value & cr0::PG) && !(s.cr[0] & cr0::PG) && (s.cr[4] & kCr4Pae)) load_pdptes();
        if ((s.cr[0] ^ value) & cr0::PE) {
            // Type rights are enforced only in protected mode (cached limits stay).
            for (auto& sr : s.seg) sr.update_bounds((value & cr0::PE) != 0);
        }
        s.cr[0] = value;
        flush_tlb();
        break;
    case 2: s.cr[2] = value; break;
    case 3: {
        // PAE paging loads the PDPTEs now (SDM Vol. 3, 4.4.1); MOV CR3 keeps global pages
        // (SDM Vol. 3, 4.10.4.1).
        uint32_t old = s.cr[3];
        s.cr[3] = value;
        if ((s.cr[0] & cr0::PG) && (s.cr[4] & kCr4Pae)) {
            try {
                load_pdptes();
            } catch (const CpuFault&) {
                s.cr[3] = old;
                throw;
            }
        }
        flush_tlb_nonglobal();
        break;
    }
    case 4: {
        // Bits this model implements (SDM Vol. 3, 2.5); others are reserved: #GP(0).
        uint32_t valid = 0;
        // OSFXSR (bit 9) exists where CPUID reports FXSR (SDM Vol. 3, 2.5), as ours does on P6.
        if (model() == CpuModel::pentium) valid = 0x5F;        // VME PVI TSD DE PSE MCE
        else if (model() >= CpuModel::p6) valid = 0x3FF;       // + PAE PGE PCE OSFXSR
        if (model() < CpuModel::pentium) fault(VEC_UD);
        if (value & ~valid) fault(VEC_GP, 0);
        if ((value & kCr4Pae) && !(s.cr[4] & kCr4Pae) && (s.cr[0] & cr0::PG)) {
            uint32_t old = s.cr[4];
            s.cr[4] = value;
            try {
                load_pdptes();
            } catch (const CpuFault&) {
                s.cr[4] = old;
                throw;
            }
        }
        s.cr[4] = value;
        flush_tlb();  // changing PSE/PAE/PGE flushes everything, global pages included
        break;
    }
    default: fault(VEC_UD);
    }
    event_pending_ = true;
}

} // namespace bw
