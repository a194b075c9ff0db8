// Hardware task switching (SDM Vol. 3, 7.3), system accesses to descriptor tables and task
// state segments, and the I/O permission bitmap (SDM Vol. 1, 19.5.2).
#include "cpu/cpu.h"
#include "cpu/descriptor.h"

namespace bw {

// Makes linear accesses in its scope supervisor accesses: page checks as at CPL 0, and the
// supervisor TLB set (user-set entries would otherwise be filled with supervisor pages).
struct SupervisorScope {
    Cpu& c;
    bool old;
    explicit SupervisorScope(Cpu& cpu) : c(cpu), old(cpu.implicit_supervisor_) {
        c.implicit_supervisor_ = true;
        c.update_tlb_mode();
    }
    ~SupervisorScope() {
        c.implicit_supervisor_ = old;
        c.update_tlb_mode();
    }
};

uint32_t Cpu::sys_read(uint32_t lin, unsigned size) {
    SupervisorScope sv(*this);
    switch (size) {
    case 1: return read_linear<uint8_t>(lin);
    case 2: return read_linear<uint16_t>(lin);
    default: return read_linear<uint32_t>(lin);
    }
}

void Cpu::sys_write(uint32_t lin, uint32_t value, unsigned size) {
    SupervisorScope sv(*this);
    switch (size) {
    case 1: write_linear<uint8_t>(lin, uint8_t(value)); break;
    case 2: write_linear<uint16_t>(lin, uint16_t(value)); break;
    default: write_linear<uint32_t>(lin, value); break;
    }
}

void Cpu::check_io_bitmap(uint16_t port, unsigned size) {
    // Only a 32-bit TSS has a bitmap; its base is the word at offset 102, and the two bytes
    // holding the port's bits must lie within the TSS limit (SDM Vol. 1, 19.5.2).
    if ((s.tr.access & 0x1D) != 0x09 || s.tr.limit < 103) fault(VEC_GP, 0);
    uint32_t byte = sys_read(s.tr.base + 102, 2) + (port >> 3);
    if (byte + 1 > s.tr.limit) fault(VEC_GP, 0);
    uint32_t bits = sys_read(s.tr.base + byte, 2);
    if ((bits >> (port & 7)) & ((1u << size) - 1)) fault(VEC_GP, 0);
}

namespace {

// TSS images (SDM Vol. 3, figures 7-2 and 7-11): the dynamic fields a switch saves and loads.
struct TaskState {
    uint32_t cr3 = 0, eip = 0, eflags = 0;
    uint32_t gpr[8] = {};
    uint16_t sel[6] = {};  // ES CS SS DS FS GS
    uint16_t ldt = 0;
    bool trap = false;     // T bit: #DB on entry
};

TaskState read_tss(Cpu& c, uint32_t base, bool tss32) {
    TaskState t;
    if (tss32) {
        t.cr3 = c.sys_read(base + 0x1C, 4);
        t.eip = c.sys_read(base + 0x20, 4);
        t.eflags = c.sys_read(base + 0x24, 4);
        for (unsigned r = 0; r < 8; ++r) t.gpr[r] = c.sys_read(base + 0x28 + 4 * r, 4);
        for (unsigned k = 0; k < 6; ++k) t.sel[k] = uint16_t(c.sys_read(base + 0x48 + 4 * k, 2));
        t.ldt = uint16_t(c.sys_read(base + 0x60, 2));
        t.trap = c.sys_read(base + 0x64, 2) & 1;
    } else {
        // A 16-bit TSS holds the low words; the upper halves of the registers are kept.
        t.eip = c.sys_read(base + 0x0E, 2);
        t.eflags = c.sys_read(base + 0x10, 2);
        for (unsigned r = 0; r < 8; ++r) t.gpr[r] = (c.s.gpr[r].d & 0xFFFF0000u) | c.sys_read(base + 0x12 + 2 * r, 2);
        for (unsigned k = 0; k < 4; ++k) t.sel[k] = uint16_t(c.sys_read(base + 0x22 + 2 * k, 2));
        t.ldt = uint16_t(c.sys_read(base + 0x2A, 2));
    }
    return t;
}

void write_tss(Cpu& c, uint32_t base, bool tss32, uint32_t eflags) {
    if (tss32) {
        c.sys_write(base + 0x20, c.s.eip, 4);
        c.sys_write(base + 0x24, eflags, 4);
        for (unsigned r = 0; r < 8; ++r) c.sys_write(base + 0x28 + 4 * r, c.s.gpr[r].d, 4);
        for (unsigned k = 0; k < 6; ++k) c.sys_write(base + 0x48 + 4 * k, c.s.seg[k].selector, 2);
    } else {
        c.sys_write(base + 0x0E, c.s.eip, 2);
        c.sys_write(base + 0x10, eflags, 2);
        for (unsigned r = 0; r < 8; ++r) c.sys_write(base + 0x12 + 2 * r, c.s.gpr[r].w, 2);
        for (unsigned k = 0; k < 4; ++k) c.sys_write(base + 0x22 + 2 * k, c.s.seg[k].selector, 2);
    }
}

void set_busy(Cpu& c, uint16_t selector, bool busy) {
    uint32_t addr = c.s.gdtr.base + (selector & ~7u) + 5;
    uint8_t type = uint8_t(c.sys_read(addr, 1));
    c.sys_write(addr, busy ? (type | 2) : (type & ~2), 1);
}

} // namespace

void Cpu::task_switch(uint16_t selector, TaskSource src, bool has_error, uint32_t error) {
    // Checks on the new TSS descriptor (SDM Vol. 3, 7.3 steps 1-4; SDM Vol. 2, IRET/JMP/CALL/INT
    // pseudo-code): IRET names a busy TSS through the back link (#TS when wrong), the others
    // an available one (#GP).
    const bool iret = src == TaskSource::Iret;
    const uint32_t sel = selector & 0xFFFC;
    const uint8_t bad = iret ? VEC_TS : VEC_GP;
    if ((selector & 4) || sel == 0 || sel + 7 > s.gdtr.limit) fault(bad, sel);
    Desc nd{read_descriptor(selector)};
    if (!nd.tss() || nd.tss_busy() != iret) fault(bad, sel);
    if (!nd.present()) fault(VEC_NP, sel);
    const bool new32 = nd.tss32();
    if (nd.limit() < (new32 ? 0x67u : 0x2Bu)) fault(VEC_TS, sel);
    const bool old32 = (s.tr.access & 8) != 0;
    if (s.tr.limit < (old32 ? 0x5Fu : 0x29u)) fault(VEC_TS, s.tr.selector & 0xFFFC);

    // Read the incoming state first, so a page fault on the new TSS changes nothing.
    TaskState t = read_tss(*this, nd.base(), new32);

    // Save the outgoing task (step 8). IRET clears NT in the saved image; JMP and IRET mark
    // the old task available (steps 6-7).
    const uint16_t old_sel = s.tr.selector;
    uint32_t flags = eflags();
    if (iret) flags &= ~fl::NT;
    write_tss(*this, s.tr.base, old32, flags);
    if (src == TaskSource::Jmp || iret) set_busy(*this, old_sel, false);

    // Commit (steps 9-12): back link and NT for nested tasks, busy bit, TR, CR0.TS, CR3.
    if (src == TaskSource::Call || src == TaskSource::Int) {
        sys_write(nd.base(), old_sel, 2);
        t.eflags |= fl::NT;
    }
    if (!iret) {
        set_busy(*this, selector, true);
        nd.raw |= uint64_t(2) << 40;
    }
    cache_descriptor(s.tr, selector, nd);
    s.cr[0] |= cr0::TS;
    // Local breakpoint enables (L0-L3, LE) belong to the old task (SDM Vol. 3, 17.2.4).
    if (s.dr[7] & 0x155) set_debug_register(7, s.dr[7] & ~0x155u);
    if (new32 && (s.cr[0] & cr0::PG)) set_control_register(3, t.cr3);

    // Registers, then the selectors (loaded before their descriptors: a fault below reports
    // the new task's selectors, SDM Vol. 3, 7.3 step 13).
    s.eip = t.eip;
    for (unsigned r = 0; r < 8; ++r) s.gpr[r].d = t.gpr[r];
    const uint32_t keep = new32 ? 0 : (eflags() & 0xFFFF0000u);
    set_eflags(t.eflags | keep, 0xFFFFFFFFu);
    try {
        load_task_segments(t.ldt, t.sel, new32 && (t.eflags & fl::VM));
        // A fault from here on belongs to the new task.
        if (s.eip > s.seg[CS].limit) fault(VEC_GP, 0);
        if (has_error) {
            if (new32) push<uint32_t>(error);
            else push<uint16_t>(uint16_t(error));
        }
    } catch (CpuFault& f) {
        f.after_instruction = true;  // EIP is the new task's
        update_tlb_mode();
        event_pending_ = true;
        throw;
    }
    update_tlb_mode();
    s.halted = false;
    event_pending_ = true;
    if (t.trap) {
        // The T bit raises a debug trap in the new task (SDM Vol. 3, 17.3.1.5): DR6.BT.
        s.dr[6] |= 1u << 15;
        throw CpuFault{VEC_DB, false, 0, true};
    }
}

// Loads LDTR and the segment registers of the incoming task with the checks of SDM Vol. 3,
// 7.3 step 13 and table 7-1 (#TS with the offending selector; #NP/#SS for absent segments).
void Cpu::load_task_segments(uint16_t ldt, const uint16_t (&sel)[6], bool v86) {
    for (unsigned k = 0; k < 6; ++k) {
        s.seg[k].selector = sel[k];
        s.seg[k].access = 0;
        s.seg[k].update_bounds(true);
    }
    s.ldtr.selector = ldt;
    s.ldtr.access = 0;
    s.ldtr.limit = 0;
    if (ldt & 0xFFFC) {
        if (ldt & 4) fault(VEC_TS, ldt & 0xFFFC);
        if ((ldt | 7u) > s.gdtr.limit) fault(VEC_TS, ldt & 0xFFFC);
        Desc d{sys_read64(s.gdtr.base + (ldt & ~7u))};
        if (!d.system(sys::LDT)) fault(VEC_TS, ldt & 0xFFFC);
        if (!d.present()) fault(VEC_TS, ldt & 0xFFFC);
        cache_descriptor(s.ldtr, ldt, d);
    }
    if (v86) {
        for (unsigned k = 0; k < 6; ++k) load_segment_real(k, sel[k]);
        return;
    }
    // CS: a code segment whose DPL matches its RPL (conforming: DPL <= RPL); CPL = CS.RPL.
    uint16_t cs = sel[CS];
    if ((cs & 0xFFFC) == 0) fault(VEC_TS, 0);
    auto read = [&](uint16_t selector) -> Desc {
        try {
            return Desc{read_descriptor(selector)};
        } catch (const CpuFault&) {
            fault(VEC_TS, selector & 0xFFFC);
        }
    };
    Desc c = read(cs);
    if (!c.code() || (c.conforming() ? c.dpl() > (cs & 3u) : c.dpl() != (cs & 3u))) fault(VEC_TS, cs & 0xFFFC);
    if (!c.present()) fault(VEC_NP, cs & 0xFFFC);
    cache_descriptor(s.seg[CS], cs, c);
    const unsigned new_cpl = cs & 3;
    // SS: writable data with RPL = DPL = CPL.
    uint16_t ss = sel[SS];
    if ((ss & 0xFFFC) == 0) fault(VEC_TS, 0);
    Desc d = read(ss);
    if (!d.writable() || (ss & 3u) != new_cpl || d.dpl() != new_cpl) fault(VEC_TS, ss & 0xFFFC);
    if (!d.present()) fault(VEC_SS, ss & 0xFFFC);
    cache_descriptor(s.seg[SS], ss, d);
    for (unsigned k : {ES, DS, FS, GS}) {
        uint16_t v = sel[k];
        if ((v & 0xFFFC) == 0) continue;  // stays unusable
        Desc e = read(v);
        if (!e.segment() || !e.readable()) fault(VEC_TS, v & 0xFFFC);
        if (!e.conforming() && (e.dpl() < new_cpl || e.dpl() < (v & 3u))) fault(VEC_TS, v & 0xFFFC);
        if (!e.present()) fault(VEC_NP, v & 0xFFFC);
        cache_descriptor(s.seg[k], v, e);
    }
}

} // namespace bw
