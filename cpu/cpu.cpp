#include "cpu/cpu.h"
#include "cpu/decoder.h"
#include "cpu/optable.h"
#include "cpu/trace.h"

namespace bw {

namespace {
constexpr unsigned kTraceSlots = 8192;
constexpr unsigned kBlockShift = 7;  // decoded-code tracking granularity: 128-byte blocks

unsigned trace_slot(uint32_t phys) { return ((phys * 0x9E3779B1u) >> 19) & (kTraceSlots - 1); }
// Traces run back to back through links before control returns to run(): its event and budget
// checks are repeated by chain() itself, so this only bounds the call depth (Cpu::chain_stop_).
constexpr uint64_t kChainInsns = 1024;
// chain() stops this far short of the instruction budget: room for two traces.
constexpr uint64_t kChainSlack = 2 * Trace::kMaxInsns;

// The trace whose first record is `first`.
Trace* trace_of(const Insn* first) {
    return reinterpret_cast<Trace*>(reinterpret_cast<uintptr_t>(first) - offsetof(Trace, insn));
}
} // namespace

Cpu::Cpu(CpuModel model, PhysicalMemory& mem, IoBus& io, MmioBus& mmio, CpuFeatures features)
    : traits_(&traits_of(model)), features_(features), optable_(&optable_for(model)), mem_(mem), io_(io), mmio_(mmio),
      code_blocks_(mem.ram_size() >> 12, 0), page_generation_(mem.ram_size() >> 12, 0),
      traces_(new Trace[kTraceSlots]) {
    mem_.set_address_bits(traits_->address_bits);
    reset();
}

Cpu::~Cpu() = default;

void Cpu::reset() {
    s = CpuState{};
    for (auto& sr : s.seg) sr = SegmentRegister{};
    s.seg[CS].selector = 0xF000;
    s.seg[CS].base = model() == CpuModel::i8086 ? 0xF0000 : (traits_->address_bits == 24 ? 0xFF0000 : 0xFFFF0000u);
    s.eip = model() == CpuModel::i8086 ? 0xFFF0 : 0xFFF0;
    if (model() == CpuModel::i8086) {
        s.seg[CS].selector = 0xFFFF;
        s.seg[CS].base = 0xFFFF0;
        s.eip = 0;
    }
    s.ldtr = SegmentRegister{};
    s.tr = SegmentRegister{};
    s.cr[0] = model() >= CpuModel::i386 ? 0x60000010u : 0;
    if (model() == CpuModel::i286) s.cr[0] = 0xFFF0;  // MSW reserved bits read as 1
    s.dr[6] = 0xFFFF0FF0u;
    s.dr[7] = 0x400;
    for (auto& e : pdpte_) e = 0;
    debug_active_ = false;
    pending_db_ = 0;
    // EDX holds the processor signature after reset (SDM Vol. 3, 9.1.4).
    static const uint32_t kSignature[] = {0, 0, 0x0303, 0x0402, 0x0543, 0x0633};
    s.gpr[EDX].d = kSignature[static_cast<unsigned>(model())];
    set_eflags(0, 0xFFFFFFFFu);
    s.halted = false;
    inhibit_interrupts_ = false;
    nmi_pending_ = nmi_blocked_ = false;
    shutdown_ = false;
    mem_.set_a20(model() != CpuModel::i8086 ? true : false);
    flush_tlb();
    event_pending_ = true;
}

void Cpu::set_eflags(uint32_t value, uint32_t mask) {
    uint32_t v = (eflags() & ~mask) | (value & mask);
    // Bits that exist per model: the 8086/286 have a 16-bit FLAGS; the 386 adds RF and VM, the
    // 486 AC, the Pentium VIF/VIP/ID (SDM Vol. 3, 22.2).
    uint32_t exists = 0xFFFF;
    switch (model()) {
    case CpuModel::i8086: case CpuModel::i286: break;
    case CpuModel::i386: exists = 0x3FFFF; break;
    case CpuModel::i486: exists = 0x7FFFF; break;
    default: exists = 0x3FFFFF; break;
    }
    v &= exists;
    v = (v | traits_->flags_fixed1) & ~traits_->flags_fixed0;
    if (model() == CpuModel::i286 && protected_mode()) v = (v & 0x7FFF) | 0x0002;  // IOPL/NT exist in protected mode
    set_arith_flags(s, v);
    s.eflags_rest = v & ~fl::ARITH;
    update_tlb_mode();
    event_pending_ = true;
}

void Cpu::load_segment_real(unsigned seg, uint16_t selector) {
    SegmentRegister& sr = s.seg[seg];
    sr.selector = selector;
    sr.base = uint32_t(selector) << 4;
    if (BW_UNLIKELY(s.eflags_rest & fl::VM)) {
        // Virtual-8086 mode: every segment is a 64 KiB read/write segment at DPL 3 (SDM Vol. 3,
        // 20.1.1).
        sr.limit = 0xFFFF;
        sr.access = 0xF3;
        sr.update_bounds(true);
        return;
    }
    // Real mode changes only selector and base: a limit cached in protected mode survives
    // ("big real mode"). The segment becomes a present read/write data segment, so one left
    // unusable or expand-down by protected mode is usable again.
    if (BW_UNLIKELY((sr.access & 0xFF) != 0x93)) {
        sr.access = uint16_t((sr.access & 0xF000) | 0x93);
        sr.update_bounds(false);
    }
}

// ---------------------------------------------------------------------------------------------
// Memory slow paths

uint8_t Cpu::read_linear_byte_slow(uint32_t lin) {
    uint32_t phys = translate(lin, false);
    if (MmioDevice* d = mmio_.find(phys)) return uint8_t(d->mmio_read(phys, 1));
    uint32_t page = phys & ~0xFFFu;
    if (uint8_t* host = mem_.host_page(page, false)) {
        TlbEntry& e = tlb_entry(tlb_read_, lin);
        if (!slow_memory_ && !mmio_.overlaps(page, 0x1000)) {
            e.tag = lin & ~0xFFFu;
            e.host = reinterpret_cast<uintptr_t>(host) - e.tag;
            e.phys = page | (last_global_ ? kTlbGlobal : 0) | (last_nx_ ? kTlbNoExec : 0);
        }
        return host[phys & 0xFFF];
    }
    if (uint8_t* r = mem_.rom_at(phys)) return *r;
    if (phys < mem_.ram_size()) return mem_.ram()[phys];
    return 0xFF;
}

void Cpu::write_linear_byte_slow(uint32_t lin, uint8_t value) {
    store_byte_slow(lin, translate(lin, true), value);
}

// One byte of a store whose page `translate` has already looked up: `phys` is where `lin` goes.
void Cpu::store_byte_slow(uint32_t lin, uint32_t phys, uint8_t value) {
    if (MmioDevice* d = mmio_.find(phys)) { d->mmio_write(phys, value, 1); return; }
    if (mem_.rom_at(phys)) return;  // ROM ignores writes
    if (phys >= mem_.ram_size()) return;
    mem_.ram()[phys] = value;
    note_code_write(phys, 1);
    uint32_t page = phys & ~0xFFFu;
    if (!slow_memory_ && !mmio_.overlaps(page, 0x1000)) {
        if (uint8_t* host = mem_.host_page(page, true)) {
            TlbEntry* part = code_blocks_[phys >> 12] == 0 ? tlb_write_ : tlb_code_write_;
            TlbEntry& e = tlb_entry(part, lin);
            e.tag = lin & ~0xFFFu;
            e.host = reinterpret_cast<uintptr_t>(host) - e.tag;
            e.phys = page | (last_global_ ? kTlbGlobal : 0);
        }
    }
}

uint32_t Cpu::read_linear_slow(uint32_t lin, unsigned size) {
    if (BW_UNLIKELY(slow_memory_)) memory_checks(lin, size, false);
    uint32_t v = 0;
    uint32_t phys = translate(lin, false);
    if ((lin & 0xFFF) + size <= 0x1000) {
        if (MmioDevice* d = mmio_.find(phys)) return d->mmio_read(phys, size);
    }
    for (unsigned k = 0; k < size; ++k) v |= uint32_t(read_linear_byte_slow(lin + k)) << (8 * k);
    return v;
}

void Cpu::write_linear_slow(uint32_t lin, uint32_t value, unsigned size) {
    if (BW_UNLIKELY(slow_memory_)) {
        memory_checks(lin, size, true);
    } else if ((lin & 0xFFF) + size <= 0x1000) {
        // A RAM page that holds decoded code (see tlb_code_write_): store, then drop the
        // page's traces if the store reached a block of decoded code.
        const TlbEntry& e = tlb_entry(tlb_code_write_, lin);
        if (e.tag == (lin & ~0xFFFu)) {
            std::memcpy(reinterpret_cast<uint8_t*>(e.host + lin), &value, size);  // little-endian host
            note_code_write((e.phys & ~0xFFFu) | (lin & 0xFFF), size);
            return;
        }
    }
    uint32_t phys = translate(lin, true);
    if ((lin & 0xFFF) + size <= 0x1000) {
        if (MmioDevice* d = mmio_.find(phys)) { d->mmio_write(phys, value, size); return; }
    }
    // Each page is translated once, before anything is stored (SDM Vol. 3, 4.10.2: the access
    // uses the translation it looked up; a store that rewrites the very paging entry mapping
    // it, as Linux does when it replaces a PDE, still lands where that entry pointed). A write
    // that crosses into the next page checks both pages first, so a page fault on the second
    // leaves memory untouched (the instruction restarts).
    const unsigned room = 0x1000 - (lin & 0xFFF), first = size < room ? size : room;
    const bool global1 = last_global_;
    uint32_t phys2 = 0;
    bool global2 = false;
    if (first < size) {
        phys2 = translate(lin + first, true);
        global2 = last_global_;
    }
    for (unsigned k = 0; k < size; ++k) {
        last_global_ = k < first ? global1 : global2;  // for the TLB fill of that byte's page
        store_byte_slow(lin + k, k < first ? phys + k : phys2 + (k - first), uint8_t(value >> (8 * k)));
    }
}

// 64-bit operands (x87 m64/m64int) off the TLB fast path: two doubleword halves. Both pages
// of a store are checked before anything is stored, as for the narrower writes.
uint64_t Cpu::read_linear_slow64(uint32_t lin) {
    if (BW_UNLIKELY(slow_memory_)) memory_checks(lin, 8, false);
    const uint32_t lo = read_linear_slow(lin, 4);
    const uint32_t hi = read_linear_slow(lin + 4, 4);
    return uint64_t(hi) << 32 | lo;
}

void Cpu::write_linear_slow64(uint32_t lin, uint64_t value) {
    if (BW_UNLIKELY(slow_memory_)) memory_checks(lin, 8, true);
    if ((lin & 0xFFF) > 0xFF8) {
        (void)translate(lin, true);
        (void)translate(lin + 7, true);
    }
    write_linear_slow(lin, uint32_t(value), 4);
    write_linear_slow(lin + 4, uint32_t(value >> 32), 4);
}

uint8_t Cpu::read_phys8(uint32_t phys) {
    if (MmioDevice* d = mmio_.find(phys)) return uint8_t(d->mmio_read(phys, 1));
    if (uint8_t* r = mem_.rom_at(phys)) return *r;
    return phys < mem_.ram_size() ? mem_.ram()[phys] : 0xFF;
}

void Cpu::write_phys8(uint32_t phys, uint8_t value) {
    if (MmioDevice* d = mmio_.find(phys)) { d->mmio_write(phys, value, 1); return; }
    if (mem_.rom_at(phys) || phys >= mem_.ram_size()) return;
    mem_.ram()[phys] = value;
    note_code_write(phys, 1);
}

void Cpu::flush_tlb() {
    ++chain_epoch_;
    for (auto& mode : tlb_sets_)
        for (auto& half : mode)
            for (auto& e : half) e.tag = 1;
    update_tlb_mode();
}

// ---------------------------------------------------------------------------------------------
// Decoded-code cache

void Cpu::note_code_write(uint32_t phys, unsigned size) {
    uint32_t page = phys >> 12;
    if (page >= code_blocks_.size()) return;
    uint32_t blocks = code_blocks_[page];
    if (!blocks) return;
    uint32_t first = (phys & 0xFFF) >> kBlockShift, last = ((phys & 0xFFF) + size - 1) >> kBlockShift;
    if (last > 31) last = 31;
    uint32_t touched = ((2u << last) - 1) & ~((1u << first) - 1);
    if (blocks & touched) {
        // The guest wrote over code we decoded: drop every trace of this page, and stop the
        // running trace after the current instruction (its later records may be stale).
        ++page_generation_[page];
        ++chain_epoch_;
        code_blocks_[page] = 0;
        event_pending_ = true;
    }
}

void Cpu::mark_code(uint32_t phys, unsigned len) {
    uint32_t page = phys >> 12;
    if (page >= code_blocks_.size() || len == 0) return;
    uint32_t first = (phys & 0xFFF) >> kBlockShift, last = ((phys & 0xFFF) + len - 1) >> kBlockShift;
    uint32_t bits = ((last >= 31 ? 0xFFFFFFFFu : (2u << last) - 1)) & ~((1u << first) - 1);
    if ((code_blocks_[page] & bits) == bits) return;
    code_blocks_[page] |= bits;
    // Writes to this page must now take the slow path, which watches for code overwrites.
    for (auto& mode : tlb_sets_)
        for (auto& e : mode[1])
            if ((e.phys & ~0xFFFu) == (page << 12)) e.tag = 1;
}

void Cpu::flush_code_cache() {
    ++chain_epoch_;
    for (unsigned k = 0; k < kTraceSlots; ++k) traces_[k].phys = 1;
}

uint8_t Cpu::fetch_code8(uint32_t offset) {
    const SegmentRegister& cs = s.seg[CS];
    if (offset > cs.limit) fault(VEC_GP, 0);
    // Fetches share the read TLB, except from execute-disabled pages (kTlbNoExec), which must
    // walk as a fetch to fault. Nothing is filled while slow_memory_, so that case misses too.
    const uint32_t lin = cs.base + offset;
    const TlbEntry& e = tlb_entry(tlb_read_, lin);
    if (BW_LIKELY((e.tag | (e.phys & kTlbNoExec)) == (lin & ~0xFFFu)))
        return *reinterpret_cast<const uint8_t*>(e.host + lin);
    return fetch_code8_slow(lin);
}

// An instruction fetch through the slow path: page walks check XD (cpu/paging.cpp), and
// fetches are neither data breakpoints nor alignment-checked (memory_checks).
uint8_t Cpu::fetch_code8_slow(uint32_t lin) {
    struct Scope {
        bool& flag;
        ~Scope() { flag = false; }  // also when the walk raises #PF
    } scope{fetching_};
    fetching_ = true;
    return uint8_t(read_linear_slow(lin, 1));
}

Trace* Cpu::find_trace(uint32_t phys, uint32_t lin) {
    (void)lin;
    uint32_t key = code32() ? 1 : 0;
    unsigned slot = trace_slot(phys);
    Trace& t = traces_[slot];
    uint32_t page = phys >> 12;
    uint32_t gen = page < page_generation_.size() ? page_generation_[page] : 0;
    if (t.phys == phys && t.key == key && t.eip == s.eip && t.generation == gen) return &t;
    return build_trace(phys, key, slot);
}

// The threaded forms of a record that runs its register form and has a dead-flags form
// (optable.h FlagsUse), else null.
const OpFast* Cpu::dead_flags_form(const Insn& i) const {
    if (i.mem()) return nullptr;
    const OpFast& f = fast_of(*optable_, i);
    if (f.flags == FlagsUse::NONE || i.exec != f.x[i.o32() ? 1 : 0][0]) return nullptr;  // e.g. LOCK: #UD
    if (f.flags == FlagsUse::WRITES_IF_IMM && (i.imm & (traits_->shift_count_masked ? 31 : 0xFF)) == 0) return nullptr;
    return &f;
}

Trace* Cpu::build_trace(uint32_t phys, uint32_t key, unsigned slot) {
    ++chain_epoch_;  // the slot's old trace goes away: links to it must not be followed
    Trace& t = traces_[slot];
    t.link_epoch[0] = t.link_epoch[1] = 0;
    t.exit_epoch[0] = t.exit_epoch[1] = 0;
    t.phys = 1;
    t.count = 0;
    uint32_t mask = ip_mask();
    uint32_t eip = s.eip;
    uint32_t page_end = (phys | 0xFFF) + 1;
    uint32_t offset_in_page = phys & 0xFFF;
    uint32_t covered = 0;
    while (t.count < Trace::kMaxInsns) {
        Insn& i = t.insn[t.count];
        try {
            decode(*this, eip, i);
        } catch (const CpuFault&) {
            if (t.count == 0) throw;
            break;
        }
        // The instruction must lie inside this page with no IP wrap-around: the cache is keyed
        // by the physical address of the first byte only.
        if (offset_in_page + covered + i.len > 0x1000 || ((eip + i.len) & mask) != eip + i.len) {
            if (t.count == 0) return nullptr;
            break;
        }
        i.offset = static_cast<uint16_t>(covered);
        covered += i.len;
        eip += i.len;
        ++t.count;
        if (i.flags & insn_flag::ENDS_TRACE) break;
        if (phys + covered >= page_end) break;
    }
    // Dead flags: a record whose arithmetic flags the next record overwrites, all six, without
    // reading them runs its dead-flags form (optable.h FlagsUse). Both are threaded register
    // forms, which cannot fault, and no event is taken between two threaded records, so nothing
    // can observe the skipped results; a run of such records ends at one that computes them.
    for (unsigned k = 0; k + 1 < t.count; ++k) {
        const OpFast* a = dead_flags_form(t.insn[k]);
        const OpFast* b = a ? dead_flags_form(t.insn[k + 1]) : nullptr;
        if (b && b->flags != FlagsUse::SKIPPABLE) t.insn[k].exec = a->dead[t.insn[k].o32() ? 1 : 0];
    }
    // Records without a specialised threaded form run their plain handler; the last one may
    // change EIP, so it leaves the chain itself. The end record writes the trace's end EIP.
    Insn& last = t.insn[t.count - 1];
    if (last.exec == &exec_generic) last.exec = &exec_generic_last;
    Insn& end = t.insn[t.count];
    end = Insn{};
    end.exec = &exec_trace_end;
    end.next_eip = eip;
    end.offset = static_cast<uint16_t>(covered);
    uint32_t page = phys >> 12;
    t.phys = phys;
    t.key = key;
    t.eip = s.eip;
    t.span = covered;
    t.generation = page < page_generation_.size() ? page_generation_[page] : 0;
    mark_code(phys, covered);
    return &t;
}

// ---------------------------------------------------------------------------------------------
// Execution

// One instruction outside the trace cache; a REP string instruction may stop after `rep_chunk`
// iterations (0: it runs to completion), see rep_chunk().
void Cpu::step_insn(uint32_t rep_chunk) {
    bool tf = flag(fl::TF);
    trace_eip_ = s.eip;
    const bool rf = flag(fl::RF);
    // The record and an end record: the instruction runs through its threaded form, as in a
    // trace, so single steps (and the conformance suites) exercise the specialised forms.
    Insn rec[2];
    Insn& i = rec[0];
    // Restored on every way out (run() keeps its own limit).
    struct Restore {
        uint32_t& chunk;
        uint32_t old;
        ~Restore() { chunk = old; }
    } restore{rep_chunk_, rep_chunk_};
    rep_chunk_ = rep_chunk;
    rec[1].exec = &exec_step_end;
    cur_insn_ = trace_begin_ = &i;  // offset 0: insn_eip() is trace_eip_
    // Instruction breakpoints are faults taken before the instruction unless EFLAGS.RF is
    // set; unlike other faults their #DB pushes RF as it is (SDM Vol. 3, 17.3.1.1).
    if (BW_UNLIKELY(debug_active_) && !rf && code_breakpoint(s.seg[CS].base + s.eip)) {
        ++icount_;
        cur_insn_ = trace_begin_ = &rest_insn_;
        deliver_debug_trap();
        return;
    }
    try {
        decode(*this, s.eip, i);
        s.eip = i.next_eip;
        // RF is cleared at the start of the instruction, after the code-breakpoint check; only
        // IRETD and task switches load it again (SDM Vol. 3, 17.3.1.1).
        if (rf) s.eflags_rest &= ~fl::RF;
        i.exec(*this, rec);
        ++icount_;
        cur_insn_ = trace_begin_ = &rest_insn_;
    } catch (const CpuFault& f) {
        ++icount_;
        if (!f.after_instruction) s.eip = trace_eip_;
        cur_insn_ = trace_begin_ = &rest_insn_;
        pending_db_ = 0;
        deliver_fault(f);
        return;
    }
    if (pending_db_ || (tf && !s.halted)) {
        // Single-step (SDM Vol. 3, 17.3.1.4) and data breakpoints (17.3.1.2) trap after the
        // instruction, or after the iteration of a REP string instruction that stopped (EIP
        // at it, RF = 1 in the image: rep_stop()); one #DB reports both in DR6.
        if (tf && !s.halted) s.dr[6] |= 0x4000;
        deliver_debug_trap();
    }
}

// One instruction for run(), which steps where instructions must run one at a time: a REP
// string instruction stops after each iteration under TF (its single-step trap follows every
// iteration, SDM Vol. 3, 17.3.1.1 and 17.3.1.4), else every kRepChunk iterations or when an
// interrupt or data-breakpoint trap is due. In an STI/MOV SS interrupt shadow (`shadow`) it
// stops after its first iteration when an interrupt waits: that iteration ends the shadow, and
// the rest of the instruction is interruptible as always.
void Cpu::run_step(bool shadow) {
    const bool waiting = shadow && ((nmi_pending_ && !nmi_blocked_) || (intr_ && flag(fl::IF)));
    step_insn(flag(fl::TF) || waiting || iteration_steps_ ? 1 : kRepChunk);
}

void Cpu::take_pending_events() {
    if (nmi_pending_ && !nmi_blocked_) {
        // NMI: not masked by IF; further NMIs wait for the next IRET (SDM Vol. 3, 6.7.1).
        nmi_pending_ = false;
        nmi_blocked_ = true;
        s.halted = false;
        try {
            interrupt(VEC_NMI, false);
        } catch (const CpuFault& f) {
            deliver_fault(f);
        }
        return;
    }
    if (intr_ && flag(fl::IF) && pic_) {
        s.halted = false;
        intr_ = false;  // the controller drives INTR again from inside acknowledge() if needed
        uint8_t vector = pic_->acknowledge();
        try {
            interrupt(vector, false);
        } catch (const CpuFault& f) {
            deliver_fault(f);
        }
    }
}

// The trace for CS:EIP (built on a miss), or null when EIP's code can't form one.
inline Trace* Cpu::lookup_trace() {
    uint32_t lin = s.seg[CS].base + s.eip;
    // The physical address of EIP through the read TLB (a miss walks and fills it).
    const TlbEntry& e = tlb_entry(tlb_read_, lin);
    uint32_t phys;
    // A hit must not be execute-disabled: kTlbNoExec or'ed into the page-aligned tag makes one
    // compare fail for both.
    if (BW_LIKELY((e.tag | (e.phys & kTlbNoExec)) == (lin & ~0xFFFu))) {
        phys = (e.phys & ~0xFFFu) | (lin & 0xFFF);
    } else {
        (void)fetch_code8_slow(lin);  // walks as a fetch (#PF on XD), fills the TLB
        phys = translate(lin, false);
    }
    return find_trace(phys, lin);
}

// The whole trace must lie inside the CS limit and, as records advance EIP without masking,
// must not wrap the instruction pointer (16-bit code with a big limit).
inline bool Cpu::trace_fits(const Trace* t) const {
    const SegmentRegister& cs = s.seg[CS];
    const uint32_t top = cs.limit < ip_mask() ? cs.limit : ip_mask();
    return uint64_t(s.eip) + t->span - 1 <= top;
}

// The trace linked from `t` for the next EIP and CS base in this chain epoch, or null.
inline Trace* Cpu::linked_trace(const Trace* t, uint32_t eip, uint32_t cs_base) const {
    if (t->link_eip[0] == eip && t->link_epoch[0] == chain_epoch_ && t->link_base[0] == cs_base) return t->link[0];
    if (t->link_eip[1] == eip && t->link_epoch[1] == chain_epoch_ && t->link_base[1] == cs_base) return t->link[1];
    return nullptr;
}

uint64_t Cpu::run(uint64_t max_instructions) {
    uint64_t start = icount_;
    rep_chunk_ = iteration_steps_ ? 1 : kRepChunk;
    stop_at_ = icount_ + max_instructions;
    stop_requested_ = false;
    event_pending_ = true;
    while (icount_ < stop_at_) {
        if (BW_UNLIKELY(event_pending_)) {
            event_pending_ = false;
            ++chain_epoch_;  // mode, CS or privilege changes are signalled as events
            if (stop_requested_ || shutdown_) break;
            if (pending_db_) deliver_debug_trap();  // data breakpoint hit by an event
            if (inhibit_interrupts_) {
                // The instruction after STI / MOV SS runs before any interrupt is taken.
                inhibit_interrupts_ = false;
                if (!s.halted) run_step(true);
                event_pending_ = true;
                continue;
            }
            take_pending_events();
            if (s.halted) {
                event_pending_ = true;
                break;
            }
            if (flag(fl::TF) || debug_active_ || flag(fl::RF)) {
                // Single-stepping, breakpoints and EFLAGS.RF (cleared by the next instruction)
                // run one instruction at a time.
                run_step();
                event_pending_ = true;
                continue;
            }
            if (intr_ && flag(fl::IF)) event_pending_ = true;
        }
        if (BW_UNLIKELY(!trace_cache_enabled_)) {
            run_step();
            continue;
        }
        try {
            trace_eip_ = s.eip;  // a fault fetching the next trace belongs to its first instruction
            Trace* t = lookup_trace();
            if (!t || !trace_fits(t)) {
                run_step();
                continue;
            }
            for (;;) {
                // The records run as a chain of threaded forms (cpu/insn.h Exec) that returns
                // the first record not run; the instruction count is reconciled here
                // (instructions() adds cur_insn_ - trace_begin_ meanwhile).
                // Linked traces may follow through chain() (trace_begin_ and trace_eip_ then
                // name the last one entered); t becomes the one that ran last.
                const Insn* const begin = t->insn;
                trace_begin_ = begin;
                if (BW_UNLIKELY(t->count > stop_at_ - icount_)) {
                    run_records(begin, stop_at_ - icount_);  // the budget ends inside this trace
                    break;
                }
                if (stop_at_ - icount_ > kChainSlack) {
                    const uint64_t room = stop_at_ - icount_ - kChainSlack;
                    chain_stop_ = icount_ + (room < kChainInsns ? room : kChainInsns);
                }
                const Insn* const stop = begin->exec(*this, begin);
                chain_stop_ = 0;
                t = trace_of(trace_begin_);
                icount_ += uint64_t(stop - trace_begin_);
                cur_insn_ = trace_begin_ = &rest_insn_;
                if (BW_UNLIKELY(event_pending_) || icount_ >= stop_at_) break;
                // Chain to the next trace without hashing when this one has a valid link.
                const uint32_t eip = s.eip, base = s.seg[CS].base;
                Trace* n = linked_trace(t, eip, base);
                if (!n) {
                    trace_eip_ = eip;
                    n = lookup_trace();
                    // Links lead only to traces inside the CS limit: the limit and code size
                    // change by CS loads, signalled as events, which start a new chain epoch.
                    if (!n || !trace_fits(n)) break;
                    const unsigned v = t->link_victim;
                    t->link_victim = v ^ 1;
                    t->link_eip[v] = eip;
                    t->link_base[v] = base;
                    t->link_epoch[v] = chain_epoch_;
                    t->link[v] = n;
                }
                trace_eip_ = eip;
                t = n;
            }
        } catch (const CpuFault& f) {
            chain_stop_ = 0;
            icount_ += uint64_t(cur_insn_ - trace_begin_) + 1;
            if (!f.after_instruction) s.eip = insn_eip();
            cur_insn_ = trace_begin_ = &rest_insn_;
            deliver_fault(f);
        }
    }
    rep_chunk_ = 0;
    return icount_ - start;
}

// The first `n` records of a trace through their plain handlers (the budget ends inside it).
void Cpu::run_records(const Insn* ip, uint64_t n) {
    const Insn* const begin = ip;
    const Insn* const end = ip + n;
    do {
        cur_insn_ = ip;
        s.eip = ip->next_eip;
        ip->fn(*this, *ip);
        ++ip;
    } while (ip != end && BW_LIKELY(!event_pending_));
    icount_ += uint64_t(ip - begin);
    cur_insn_ = trace_begin_ = &rest_insn_;
}

const Insn* Cpu::exec_generic(Cpu& c, const Insn* i) {
    c.cur_insn_ = i;
    c.s.eip = i->next_eip;
    i->fn(c, *i);
    if (BW_UNLIKELY(c.event_pending_)) return i + 1;
    ++i;
    return i->exec(c, i);
}

const Insn* Cpu::exec_generic_last(Cpu& c, const Insn* i) {
    c.cur_insn_ = i;
    c.s.eip = i->next_eip;
    i->fn(c, *i);
    return chain(c, i + 1);
}

const Insn* Cpu::exec_trace_end(Cpu& c, const Insn* i) {
    c.s.eip = i->next_eip;
    return chain_exit<1>(c, i);
}

// Whether a trace that has run may hand over to the next one itself: inside run()'s trace
// execution, with room for two more traces in the budget (chain_stop_), and no event pending.
inline bool Cpu::may_chain() const { return BW_LIKELY(icount_ < chain_stop_) && BW_LIKELY(!event_pending_); }

// Counts trace `t` as run and continues in `n`, linked from it: both fit in the budget
// (chain_stop_), and links lead only to traces inside the CS limit (run()), which holds for
// the chain epoch.
inline const Insn* Cpu::enter_linked(Cpu& c, const Trace* t, const Trace* n) {
    c.icount_ += t->count;
    c.trace_begin_ = c.cur_insn_ = n->insn;
    c.trace_eip_ = c.s.eip;
    return n->insn->exec(c, n->insn);
}

const Insn* Cpu::chain(Cpu& c, const Insn* end) {
    if (!c.may_chain()) return end;
    const Trace* const t = trace_of(c.trace_begin_);
    if (BW_UNLIKELY(end != t->insn + t->count)) return end;  // only from the trace's last record
    const Trace* const n = c.linked_trace(t, c.s.eip, c.s.seg[CS].base);
    return n ? enter_linked(c, t, n) : end;
}

template <unsigned K> const Insn* Cpu::chain_exit(Cpu& c, const Insn* end) {
    if (!c.may_chain()) return end;
    // Records with a fixed exit end their trace (the branch forms are ENDS_TRACE): `end` is
    // the trace's end and exit K always leads to the same EIP.
    Trace* const t = trace_of(c.trace_begin_);
    const uint32_t base = c.s.seg[CS].base;
    Trace* n = t->exit_next[K];
    if (BW_UNLIKELY(t->exit_epoch[K] != c.chain_epoch_ || t->exit_base[K] != base)) {
        // First time this epoch: take the link run() made for this EIP, and keep it here.
        n = c.linked_trace(t, c.s.eip, base);
        if (!n) return end;
        t->exit_next[K] = n;
        t->exit_base[K] = base;
        t->exit_epoch[K] = c.chain_epoch_;
    }
    return enter_linked(c, t, n);
}
template const Insn* Cpu::chain_exit<0>(Cpu&, const Insn*);
template const Insn* Cpu::chain_exit<1>(Cpu&, const Insn*);

const Insn* Cpu::exec_step_end(Cpu&, const Insn* i) { return i; }

namespace {
// Exception classes for double-fault detection (SDM Vol. 3, 6.15, tables 6-4 and 6-5).
enum class FaultClass { Benign, Contributory, PageFault, DoubleFault };
FaultClass fault_class(uint8_t v) {
    switch (v) {
    case VEC_DE: case VEC_TS: case VEC_NP: case VEC_SS: case VEC_GP: return FaultClass::Contributory;
    case VEC_PF: return FaultClass::PageFault;
    case VEC_DF: return FaultClass::DoubleFault;
    default: return FaultClass::Benign;
    }
}
} // namespace

void Cpu::deliver_fault(const CpuFault& f) {
    // A fault while delivering a fault (SDM Vol. 3, 6.15, table 6-5): contributory after
    // contributory, or a page fault/contributory after a page fault, is a double fault; any
    // fault while delivering #DF shuts the processor down; other pairs are handled serially.
    const CpuFault* current = &f;
    CpuFault pending;
    for (int depth = 0;; ++depth) {
        if (depth > 8) {
            triple_fault();
            return;
        }
        // Fault-class exceptions push RF = 1, so that IRET back to the faulting instruction
        // does not retrigger its instruction breakpoint (SDM Vol. 3, 17.3.1.1).
        if (fault_class(current->vector) != FaultClass::DoubleFault && current->vector != VEC_NMI &&
            current->vector != VEC_BP && current->vector != VEC_OF && current->vector != VEC_MC)
            s.eflags_rest |= fl::RF;
        try {
            interrupt(current->vector, false, current->has_error, current->error);
            return;
        } catch (const CpuFault& second) {
            FaultClass first = fault_class(current->vector), next = fault_class(second.vector);
            if (first == FaultClass::DoubleFault) {
                triple_fault();
                return;
            }
            bool dbl = (first == FaultClass::Contributory && next == FaultClass::Contributory) ||
                       (first == FaultClass::PageFault && next != FaultClass::Benign);
            pending = dbl ? CpuFault{VEC_DF, true, 0} : second;
            current = &pending;
        }
    }
}

void Cpu::triple_fault() {
    shutdown_ = true;
    s.halted = true;
    event_pending_ = true;
    if (on_shutdown) on_shutdown(shutdown_ctx);
}

void Cpu::interrupt(uint8_t vector, bool software, bool has_error, uint32_t error) {
    if (protected_mode()) {
        interrupt_protected(vector, software, has_error, error);
        return;
    }
    // Real-address-mode interrupt (SDM Vol. 3, 20.1.4): the IVT entry at IDTR.base + 4 * vector.
    uint32_t entry = uint32_t(vector) * 4;
    if (entry + 3 > s.idtr.limit) fault(VEC_GP, entry + 2);
    uint32_t flags = eflags();
    push<uint16_t>(static_cast<uint16_t>(flags));
    push<uint16_t>(s.seg[CS].selector);
    push<uint16_t>(static_cast<uint16_t>(s.eip));
    uint16_t ip = read_linear<uint16_t>(s.idtr.base + entry);
    uint16_t cs = read_linear<uint16_t>(s.idtr.base + entry + 2);
    s.eflags_rest &= ~(fl::IF | fl::TF | fl::AC | fl::RF);
    load_segment_real(CS, cs);
    s.eip = ip;
    s.halted = false;
    event_pending_ = true;
}

} // namespace bw
