// Protected-mode segmentation: descriptor loads with the checks of SDM Vol. 3, 5.5-5.8, far
// transfers, and interrupt delivery through the IDT (SDM Vol. 3, 6.10-6.12).
#include "cpu/cpu.h"

namespace bw {

namespace {

// Descriptor fields (SDM Vol. 3, 3.4.5).
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
    // Gates (system types 4, 6, 7 for 16-bit; 12, 14, 15 for 32-bit).
    uint16_t gate_selector() const { return uint16_t(lo() >> 16); }
    uint32_t gate_offset() const { return (lo() & 0xFFFF) | (hi() & 0xFFFF0000u); }
    bool gate32() const { return type() & 8; }
};

void cache(SegmentRegister& sr, uint16_t selector, const Desc& d) {
    sr.selector = selector;
    sr.base = d.base();
    sr.limit = d.limit();
    sr.access = d.access();
    sr.update_bounds(true);
}

} // namespace

uint64_t Cpu::read_descriptor(uint16_t selector) {
    const bool local = selector & 4;
    uint32_t base = local ? s.ldtr.base : s.gdtr.base;
    uint32_t limit = local ? s.ldtr.limit : s.gdtr.limit;
    uint32_t index = selector & ~7u;
    if (index + 7 > limit || (local && s.ldtr.selector < 4)) fault(VEC_GP, selector & 0xFFFC);
    uint64_t lo = read_linear<uint32_t>(base + index);
    uint64_t hi = read_linear<uint32_t>(base + index + 4);
    return lo | (hi << 32);
}

// Marks a descriptor accessed (SDM Vol. 3, 3.4.5.1: the processor sets the A bit on load).
static void set_accessed(Cpu& c, uint16_t selector, uint64_t raw) {
    if ((raw >> 40) & 1) return;
    const bool local = selector & 4;
    uint32_t base = local ? c.s.ldtr.base : c.s.gdtr.base;
    c.write_linear<uint8_t>(base + (selector & ~7u) + 5, uint8_t((raw >> 40) | 1));
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

// Checks for a direct far JMP/CALL to a code segment (SDM Vol. 3, 5.8.1).
static Desc check_direct_code(Cpu& c, uint16_t selector) {
    if ((selector & 0xFFFC) == 0) c.fault(VEC_GP, 0);
    Desc d{c.read_descriptor(selector)};
    if (!d.code()) c.fault(VEC_GP, selector & 0xFFFC);
    unsigned cpl = c.cpl(), rpl = selector & 3;
    if (d.conforming() ? d.dpl() > cpl : (rpl > cpl || d.dpl() != cpl)) c.fault(VEC_GP, selector & 0xFFFC);
    if (!d.present()) c.fault(VEC_NP, selector & 0xFFFC);
    return d;
}

void Cpu::far_jump(uint16_t selector, uint32_t offset, bool o32) {
    if (!o32) offset &= 0xFFFF;
    if (!protected_mode() || flag(fl::VM)) {
        load_segment_real(CS, selector);
        s.eip = offset;
        return;
    }
    Desc d = check_direct_code(*this, selector);
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
    Desc d = check_direct_code(*this, selector);
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

void Cpu::far_return(bool o32, uint16_t release) {
    const unsigned size = o32 ? 4 : 2;
    const uint32_t mask = sp_mask();
    uint32_t sp = s.gpr[ESP].d;
    auto stack_read = [&](uint32_t k) -> uint32_t {
        uint32_t a = (sp + k) & mask;
        return o32 ? read<uint32_t>(SS, a) : read<uint16_t>(SS, a);
    };
    auto set_sp = [&](uint32_t v) {
        if (stack32()) s.gpr[ESP].d = v;
        else s.gpr[ESP].w = uint16_t(v);
    };
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
        set_sp(sp + 2 * size + release);
        load_code_segment(cs, d.raw, rpl);
        s.eip = o32 ? ip : (ip & 0xFFFF);
        return;
    }
    // Return to an outer privilege level: the caller's SS:ESP follow the released parameters.
    uint32_t new_esp = stack_read(2 * size + release);
    uint16_t new_ss = uint16_t(stack_read(3 * size + release));
    load_code_segment(cs, d.raw, rpl);
    s.eip = o32 ? ip : (ip & 0xFFFF);
    load_segment(SS, new_ss);
    set_sp(new_esp + release);
    // Data segment registers the outer level may not use are nulled (SDM Vol. 3, 5.8.6).
    for (unsigned sr : {ES, DS, FS, GS}) {
        const SegmentRegister& r = s.seg[sr];
        bool conforming_code = (r.access & 0x1C) == 0x1C;
        if (((r.access >> 5) & 3) < rpl && !conforming_code) {
            s.seg[sr].selector = 0;
            s.seg[sr].access = 0;
            s.seg[sr].limit = 0;
            s.seg[sr].update_bounds(true);
        }
    }
}

void Cpu::interrupt_return(bool o32) {
    const unsigned size = o32 ? 4 : 2;
    const uint32_t mask = sp_mask();
    uint32_t sp = s.gpr[ESP].d;
    auto stack_read = [&](uint32_t k) -> uint32_t {
        uint32_t a = (sp + k) & mask;
        return o32 ? read<uint32_t>(SS, a) : read<uint16_t>(SS, a);
    };
    auto set_sp = [&](uint32_t v) {
        if (stack32()) s.gpr[ESP].d = v;
        else s.gpr[ESP].w = uint16_t(v);
    };
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
    // Task returns (NT) and returns to virtual-8086 mode arrive with task switching and V86.
    if (flag(fl::NT) || flag(fl::VM) || (o32 && (flags & fl::VM) && cpl() == 0)) fault(VEC_GP, 0);
    unsigned rpl = cs & 3, old_cpl = cpl();
    if ((cs & 0xFFFC) == 0) fault(VEC_GP, 0);
    Desc d{read_descriptor(cs)};
    if (!d.code() || rpl < old_cpl || (d.conforming() ? d.dpl() > rpl : d.dpl() != rpl)) fault(VEC_GP, cs & 0xFFFC);
    if (!d.present()) fault(VEC_NP, cs & 0xFFFC);
    // EFLAGS: IOPL changes only at CPL 0, IF only when CPL <= IOPL (SDM Vol. 2, IRET).
    uint32_t fmask = o32 ? (0x3F7FD5u & ~(fl::VM | fl::VIP | fl::VIF)) | fl::RF : 0x7FD5u;
    if (old_cpl > 0) fmask &= ~fl::IOPL;
    if (old_cpl > ((eflags() >> 12) & 3)) fmask &= ~fl::IF;
    if (rpl == old_cpl) {
        set_sp(sp + 3 * size);
        load_code_segment(cs, d.raw, rpl);
        s.eip = o32 ? ip : (ip & 0xFFFF);
        set_eflags(flags, fmask);
        return;
    }
    uint32_t new_esp = stack_read(3 * size);
    uint16_t new_ss = uint16_t(stack_read(4 * size));
    load_code_segment(cs, d.raw, rpl);
    s.eip = o32 ? ip : (ip & 0xFFFF);
    set_eflags(flags, fmask);
    load_segment(SS, new_ss);
    set_sp(new_esp);
}

void Cpu::interrupt_protected(uint8_t vector, bool software, bool has_error, uint32_t error) {
    // SDM Vol. 3, 6.12: the gate comes from the IDT; error codes name the IDT entry.
    const uint32_t idt_error = uint32_t(vector) * 8 + 2 + (software ? 0 : 1);
    if (uint32_t(vector) * 8 + 7 > s.idtr.limit) fault(VEC_GP, idt_error);
    Desc gate{uint64_t(read_linear<uint32_t>(s.idtr.base + vector * 8u)) |
              (uint64_t(read_linear<uint32_t>(s.idtr.base + vector * 8u + 4)) << 32)};
    unsigned type = gate.type();
    bool trap = (type & 7) == 7, int_gate = (type & 7) == 6;
    if (gate.segment() || (!trap && !int_gate)) fault(VEC_GP, idt_error);  // task gates: not yet
    if (software && gate.dpl() < cpl()) fault(VEC_GP, idt_error);
    if (!gate.present()) fault(VEC_NP, idt_error);
    uint16_t sel = gate.gate_selector();
    if ((sel & 0xFFFC) == 0) fault(VEC_GP, software ? 0 : 1);
    Desc code{read_descriptor(sel)};
    if (!code.code() || code.dpl() > cpl()) fault(VEC_GP, (sel & 0xFFFC) + (software ? 0 : 1));
    if (!code.present()) fault(VEC_NP, (sel & 0xFFFC) + (software ? 0 : 1));
    const bool g32 = gate.gate32();
    uint32_t old_flags = eflags();
    uint16_t old_cs = s.seg[CS].selector, old_ss = s.seg[SS].selector;
    uint32_t old_eip = s.eip, old_esp = s.gpr[ESP].d;
    unsigned new_cpl = code.conforming() ? cpl() : code.dpl();
    if (new_cpl < cpl()) {
        // Inner privilege: the new stack comes from the TSS (SDM Vol. 3, 6.12.1, 7.2.1).
        bool tss32 = (s.tr.access & 0x8) != 0;
        uint32_t esp, ss;
        if (tss32) {
            esp = read_linear<uint32_t>(s.tr.base + 4 + new_cpl * 8);
            ss = read_linear<uint16_t>(s.tr.base + 8 + new_cpl * 8);
        } else {
            esp = read_linear<uint16_t>(s.tr.base + 2 + new_cpl * 4);
            ss = read_linear<uint16_t>(s.tr.base + 4 + new_cpl * 4);
        }
        load_code_segment(sel, code.raw, new_cpl);  // CPL changes before the SS checks
        try {
            load_segment(SS, uint16_t(ss));
        } catch (const CpuFault& f) {
            throw CpuFault{VEC_TS, true, uint32_t(ss & 0xFFFC), f.after_instruction};
        }
        s.gpr[ESP].d = esp;
        if (g32) { push<uint32_t>(old_ss); push<uint32_t>(old_esp); }
        else { push<uint16_t>(old_ss); push<uint16_t>(uint16_t(old_esp)); }
    } else {
        load_code_segment(sel, code.raw, new_cpl);
    }
    if (g32) {
        push<uint32_t>(old_flags & ~fl::RF);
        push<uint32_t>(old_cs);
        push<uint32_t>(old_eip);
        if (has_error) push<uint32_t>(error);
    } else {
        push<uint16_t>(uint16_t(old_flags));
        push<uint16_t>(old_cs);
        push<uint16_t>(uint16_t(old_eip));
        if (has_error) push<uint16_t>(uint16_t(error));
    }
    s.eip = g32 ? gate.gate_offset() : (gate.gate_offset() & 0xFFFF);
    s.eflags_rest &= ~(fl::TF | fl::NT | fl::RF | fl::VM);
    if (int_gate) s.eflags_rest &= ~fl::IF;
    s.halted = false;
    event_pending_ = true;
}

void Cpu::set_control_register(unsigned n, uint32_t value) {
    switch (n) {
    case 0:
        // ET is hard-wired to 1 from the 486 on (SDM Vol. 3, 2.5).
        if (model() >= CpuModel::i486) value |= cr0::ET;
        if ((value & cr0::PG) && !(value & cr0::PE)) fault(VEC_GP, 0);
        if ((s.cr[0] ^ value) & cr0::PE) {
            // Type rights are enforced only in protected mode (cached limits stay).
            for (auto& sr : s.seg) sr.update_bounds((value & cr0::PE) != 0);
        }
        s.cr[0] = value;
        flush_tlb();
        break;
    case 2: s.cr[2] = value; break;
    case 3: s.cr[3] = value; flush_tlb(); break;
    case 4: s.cr[4] = value; flush_tlb(); break;
    default: fault(VEC_UD);
    }
    event_pending_ = true;
}

} // namespace bw
