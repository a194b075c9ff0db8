// The x86 CPU: register state, the decode-once execution loop, memory access through a software
// TLB, and exception/interrupt delivery. Instruction semantics live in cpu/ops/*.cpp.
#pragma once
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>
#include "cpu/flags.h"
#include "cpu/insn.h"
#include "cpu/model.h"
#include "cpu/state.h"
#include "mem/bus.h"
#include "mem/physical_memory.h"

#if defined(__GNUC__)
#define BW_LIKELY(x) __builtin_expect(!!(x), 1)
#define BW_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define BW_LIKELY(x) (x)
#define BW_UNLIKELY(x) (x)
#endif

namespace bw {

// Exception vectors (SDM Vol. 3, 6.3.1).
enum Vector : uint8_t {
    VEC_DE = 0, VEC_DB = 1, VEC_NMI = 2, VEC_BP = 3, VEC_OF = 4, VEC_BR = 5, VEC_UD = 6, VEC_NM = 7,
    VEC_DF = 8, VEC_TS = 10, VEC_NP = 11, VEC_SS = 12, VEC_GP = 13, VEC_PF = 14, VEC_MF = 16,
    VEC_AC = 17, VEC_MC = 18,
};

// Thrown by instruction handlers and memory accesses; caught by the execution loop, which rolls
// EIP back to the faulting instruction and delivers the exception.
struct CpuFault {
    uint8_t vector;
    bool has_error;
    uint32_t error;
    bool after_instruction = false;  // trap-like: EIP stays past the instruction (8086 #DE)
};

// Whoever drives the CPU's INTR pin (the 8259 pair) implements this.
class InterruptController {
public:
    virtual ~InterruptController() = default;
    virtual uint8_t acknowledge() = 0;  // INTA cycle: returns the vector
};

// The local APIC as the core sees it (devices/local_apic.*): MSR IA32_APIC_BASE lives there.
class ApicBaseMsr {
public:
    virtual ~ApicBaseMsr() = default;
    virtual uint64_t apic_base() const = 0;
    virtual bool set_apic_base(uint64_t value) = 0;  // false: reserved bits set (#GP)
};

struct OpTable;
struct OpFast;
struct Trace;

class Cpu {
public:
    Cpu(CpuModel model, PhysicalMemory& mem, IoBus& io, MmioBus& mmio, CpuFeatures features = {});
    ~Cpu();
    Cpu(const Cpu&) = delete;
    Cpu& operator=(const Cpu&) = delete;

    CpuState s;

    CpuModel model() const { return traits_->model; }
    const ModelTraits& traits() const { return *traits_; }
    // Features beyond the model's own (model.h): the execute-disable bit.
    const CpuFeatures& features() const { return features_; }

    // Power-on/RESET state (SDM Vol. 3, 9.1.1): CS:IP = F000:FFF0 with CS base FFFF0000.
    void reset();

    // Runs until `max_instructions` have executed, the CPU halts with no interrupt to take, or
    // stop() is called. Returns the number of instructions executed.
    uint64_t run(uint64_t max_instructions);
    // Executes exactly one instruction, without the trace cache, delivering any exception it
    // raises. A REP string instruction runs to completion, its single-step or data-breakpoint
    // trap following its last iteration: the whole-instruction steps the conformance suites are
    // made of. run() steps differently where it runs instructions one at a time (TF, debug
    // registers, RF, interrupt shadows): there a REP stops between iterations as the SDM says.
    void step() { step_insn(0); }
    // Delivers a due NMI or hardware interrupt (INTR with EFLAGS.IF set), outside an STI/MOV SS
    // shadow, without executing an instruction, so that a debugger sees the handler's first
    // instruction before it runs. Returns whether one was taken; run() takes them itself.
    bool take_interrupt() {
        if (shutdown_ || inhibit_interrupts_) return false;
        if (!(nmi_pending_ && !nmi_blocked_) && !(intr_ && flag(fl::IF) && pic_)) return false;
        take_pending_events();
        return true;
    }
    void stop() { stop_requested_ = true; event_pending_ = true; }

    // Inside a trace the count is reconciled at trace exit; the records already run in the
    // current trace are added here so RDTSC and friends see an exact count.
    // This is the unit of virtual time (the machine's clock, the TSC, run() budgets): retired
    // instructions plus one for each time a REP string instruction stopped between iterations
    // (every kRepChunk iterations, for an interrupt or a trap), so time moves on during a long
    // REP and the timers that interrupt it fire on time.
    uint64_t instructions() const { return icount_ + uint64_t(cur_insn_ - trace_begin_); }
    // Retired instructions: a REP string instruction counts once, when it completes (or faults,
    // as faulting instructions count here). Resumed after an interrupt or trap it is counted
    // again when it completes: it is architecturally executed again from its start.
    uint64_t retired_instructions() const { return instructions() - rep_partials_; }

    // The trace cache: disable to decode every instruction afresh (for comparisons).
    void set_trace_cache(bool enabled) { trace_cache_enabled_ = enabled; }

    // ---- flags ----
    uint32_t eflags() const { return s.eflags_rest | get_arith_flags(s); }
    // Writes EFLAGS, honouring the bits this model fixes. `mask` selects which bits change.
    void set_eflags(uint32_t value, uint32_t mask = 0xFFFFFFFFu);
    bool flag(uint32_t bit) const { return (s.eflags_rest & bit) != 0; }

    // ---- registers ----
    template <class T> T& reg(unsigned i) { return s.reg<T>(i); }
    bool code32() const { return s.seg[CS].big(); }
    bool stack32() const { return s.seg[SS].big(); }
    bool protected_mode() const { return (s.cr[0] & cr0::PE) != 0; }
    uint32_t cpl() const {
        if (!protected_mode()) return 0;
        return (s.eflags_rest & fl::VM) ? 3 : (s.seg[CS].selector & 3);
    }

    // Loads a segment register with real-mode semantics (base = selector << 4).
    void load_segment_real(unsigned seg, uint16_t selector);
    // Loads a segment register as a MOV/POP/LDS-style instruction would in the current mode
    // (protected mode: descriptor checks of SDM Vol. 3, 5.5-5.6; cpu/protected_mode.cpp).
    void load_segment(unsigned seg, uint16_t selector);

    // Far control transfers in the current mode (cpu/protected_mode.cpp). `o32` is the operand
    // size; EIP already points past the instruction.
    void far_jump(uint16_t selector, uint32_t offset, bool o32);
    void far_call(uint16_t selector, uint32_t offset, bool o32);
    void far_return(bool o32, uint16_t release);
    void interrupt_return(bool o32);

    // Reads the 8-byte descriptor a selector names (GDT or LDT); #GP(selector) past the limit.
    uint64_t read_descriptor(uint16_t selector);

    // Hardware task switch (cpu/task_switch.cpp, SDM Vol. 3, 7.3) to the TSS `selector` names,
    // for a JMP, CALL, IRET (NT = 1) or an interrupt/exception through a task gate; the latter
    // pushes `error` on the new task's stack when `has_error`.
    enum class TaskSource : uint8_t { Jmp, Call, Iret, Int };
    void task_switch(uint16_t selector, TaskSource src, bool has_error = false, uint32_t error = 0);

    // System (implicitly supervisor, SDM Vol. 3, 4.6) accesses to descriptor tables and TSSs:
    // they use supervisor page permissions whatever the CPL.
    uint32_t sys_read(uint32_t lin, unsigned size);
    void sys_write(uint32_t lin, uint32_t value, unsigned size);
    uint64_t sys_read64(uint32_t lin) { return sys_read(lin, 4) | (uint64_t(sys_read(lin + 4, 4)) << 32); }

    uint32_t iopl() const { return (s.eflags_rest >> 12) & 3; }
    // I/O permission (SDM Vol. 1, 19.5): with CPL > IOPL, or in virtual-8086 mode, the TSS I/O
    // permission bitmap must clear every bit of the accessed ports, else #GP(0).
    void check_io(uint16_t port, unsigned size) {
        if (BW_UNLIKELY(protected_mode() && (cpl() > iopl() || (s.eflags_rest & fl::VM))))
            check_io_bitmap(port, size);
        if (BW_UNLIKELY(debug_active_)) io_breakpoint(port, size);
    }
    void check_io_bitmap(uint16_t port, unsigned size);
    void io_breakpoint(uint16_t port, unsigned size);
    void set_control_register(unsigned n, uint32_t value);

    // ---- memory through segments ----
    template <class T> T read(unsigned seg, uint32_t offset) {
        const SegmentRegister& sr = s.seg[seg];
        if (BW_UNLIKELY(uint64_t(uint32_t(offset - sr.lower)) + sizeof(T) > sr.end_read))
            return read_outside_limit<T>(seg, offset);
        return read_linear<T>(sr.base + offset);
    }
    template <class T> void write(unsigned seg, uint32_t offset, T value) {
        const SegmentRegister& sr = s.seg[seg];
        if (BW_UNLIKELY(uint64_t(uint32_t(offset - sr.lower)) + sizeof(T) > sr.end_write))
            return write_outside_limit<T>(seg, offset, value);
        write_linear<T>(sr.base + offset, value);
    }

    // ---- threaded execution inside traces (cpu/insn.h Exec) ----
    // The threaded form of every record without a specialised one: sets EIP and the current
    // record, runs the plain handler, and leaves the trace when it raised an event.
    static const Insn* exec_generic(Cpu& c, const Insn* i);
    // The same for a trace's last record (its handler may have changed EIP: no end record).
    static const Insn* exec_generic_last(Cpu& c, const Insn* i);
    // End records: a trace's (writes the trace's end EIP, which lazy records left behind) and
    // step()'s (EIP is already right).
    static const Insn* exec_trace_end(Cpu& c, const Insn* i);
    static const Insn* exec_step_end(Cpu& c, const Insn* i);
    // Leaves a trace whose records up to `end` (the first not run) have run and set EIP: jumps
    // straight into the linked next trace when run() would (no event, a valid link, within the
    // instruction budget and the CS limit), else returns `end` to run(). Only inside run()'s
    // trace execution (chain_stop_ > icount_): a step() record returns at once.
    static const Insn* chain(Cpu& c, const Insn* end);
    // The same for an exit whose EIP the trace's records fix (K = 0: a relative branch taken;
    // K = 1: it not taken, or a trace cut short): the next trace is cached per exit, so a hit
    // costs an epoch and a CS base compare (trace.h exit_next).
    template <unsigned K> static const Insn* chain_exit(Cpu& c, const Insn* end);

    // Host pointers for the fast paths of threaded forms: the bytes of an access of sizeof(T)
    // at seg:offset when it passes the segment checks and hits the read (write) TLB; false
    // otherwise (the caller then runs the plain handler, which takes the slow path and raises
    // faults). A write pointer may also be read (the write TLB holds only RAM pages).
    template <class T> bool read_ptr(unsigned seg, uint32_t offset, const uint8_t*& p) const {
        const SegmentRegister& sr = s.seg[seg];
        if (BW_UNLIKELY(uint64_t(uint32_t(offset - sr.lower)) + sizeof(T) > sr.end_read)) return false;
        const uint32_t lin = sr.base + offset;
        const TlbEntry& e = tlb_entry(tlb_read_, lin);
        p = reinterpret_cast<const uint8_t*>(e.host + lin);
        return BW_LIKELY(e.tag == tlb_tag<T>(lin));
    }
    template <class T> bool write_ptr(unsigned seg, uint32_t offset, uint8_t*& p) const {
        const SegmentRegister& sr = s.seg[seg];
        if (BW_UNLIKELY(uint64_t(uint32_t(offset - sr.lower)) + sizeof(T) > sr.end_write)) return false;
        const uint32_t lin = sr.base + offset;
        const TlbEntry& e = tlb_entry(tlb_write_, lin);
        p = reinterpret_cast<uint8_t*>(e.host + lin);
        return BW_LIKELY(e.tag == tlb_tag<T>(lin));
    }
    // The same as a pointer, null when the fast path does not apply.
    template <class T> const uint8_t* read_ptr(unsigned seg, uint32_t offset) const {
        const uint8_t* p;
        return read_ptr<T>(seg, offset, p) ? p : nullptr;
    }
    template <class T> uint8_t* write_ptr(unsigned seg, uint32_t offset) const {
        uint8_t* p;
        return write_ptr<T>(seg, offset, p) ? p : nullptr;
    }

    // ---- linear memory (the software TLB caches host pointers for RAM pages) ----
    template <class T> T read_linear(uint32_t lin) {
        const TlbEntry& e = tlb_entry(tlb_read_, lin);
        if (BW_LIKELY(e.tag == tlb_tag<T>(lin))) {
            T v;
            std::memcpy(&v, reinterpret_cast<const uint8_t*>(e.host + lin), sizeof(T));
            return v;
        }
        if constexpr (sizeof(T) == 8) return static_cast<T>(read_linear_slow64(lin));
        else return static_cast<T>(read_linear_slow(lin, sizeof(T)));
    }
    template <class T> void write_linear(uint32_t lin, T value) {
        const TlbEntry& e = tlb_entry(tlb_write_, lin);
        if (BW_LIKELY(e.tag == tlb_tag<T>(lin))) {
            std::memcpy(reinterpret_cast<uint8_t*>(e.host + lin), &value, sizeof(T));
            return;
        }
        if constexpr (sizeof(T) == 8) write_linear_slow64(lin, value);
        else write_linear_slow(lin, value, sizeof(T));
    }

    // Physical memory, bypassing segmentation and paging (debugger, DMA, tests).
    uint8_t read_phys8(uint32_t phys);
    void write_phys8(uint32_t phys, uint8_t value);

    // ---- stack ----
    template <class T> void push(T value) {
        if (stack32()) {
            uint32_t sp = s.gpr[ESP].d - sizeof(T);
            write<T>(SS, sp, value);
            s.gpr[ESP].d = sp;
        } else {
            uint16_t sp = static_cast<uint16_t>(s.gpr[ESP].w - sizeof(T));
            write<T>(SS, sp, value);
            s.gpr[ESP].w = sp;
        }
    }
    template <class T> T pop() {
        if (stack32()) {
            T v = read<T>(SS, s.gpr[ESP].d);
            s.gpr[ESP].d += sizeof(T);
            return v;
        }
        T v = read<T>(SS, s.gpr[ESP].w);
        s.gpr[ESP].w = static_cast<uint16_t>(s.gpr[ESP].w + sizeof(T));
        return v;
    }
    uint32_t sp_mask() const { return stack32() ? 0xFFFFFFFFu : 0xFFFFu; }

    // ---- I/O ----
    uint32_t io_read(uint16_t port, unsigned size) { return io_.read(port, size); }
    void io_write(uint16_t port, uint32_t value, unsigned size) { io_.write(port, value, size); }

    // ---- exceptions and interrupts ----
    [[noreturn]] void fault(uint8_t vector) { throw CpuFault{vector, false, 0}; }
    [[noreturn]] void fault(uint8_t vector, uint32_t error) { throw CpuFault{vector, true, error}; }
    // Delivers an interrupt now: for INT n / INTO / INT3 (EIP already points past them) and
    // hardware interrupts. `software` selects the INT n privilege checks in protected mode.
    void interrupt(uint8_t vector, bool software, bool has_error = false, uint32_t error = 0);

    void set_interrupt_controller(InterruptController* c) { pic_ = c; }
    void set_local_apic(ApicBaseMsr* a) { apic_ = a; }
    ApicBaseMsr* local_apic() const { return apic_; }
    // The NMI pin (edge): taken before the next instruction whatever EFLAGS.IF says, then
    // blocked until the next IRET (SDM Vol. 3, 6.7.1).
    void raise_nmi() { nmi_pending_ = true; event_pending_ = true; }
    // The INTR pin. Sampled between instructions when EFLAGS.IF is set.
    void set_intr(bool level) {
        intr_ = level;
        if (level) event_pending_ = true;
    }
    // Asks the run loop to return to its top before the next instruction (mode change, SMC,
    // interrupt window).
    void request_event() { event_pending_ = true; }
    // STI/MOV SS/POP SS: interrupts are held off until after the next instruction.
    void inhibit_interrupts() { inhibit_interrupts_ = true; event_pending_ = true; }

    // Whether the run loop has an interrupt to take, a stop to honour or a data-breakpoint trap
    // to deliver (checked by long instructions between their iterations; data breakpoints hit
    // by an iteration trap after it, SDM Vol. 3, 17.3.1.2).
    bool interrupt_due() const {
        return event_pending_ && (stop_requested_ || pending_db_ || (nmi_pending_ && !nmi_blocked_) || (intr_ && flag(fl::IF)));
    }
    // How many iterations a REP string instruction may run before it stops between iterations
    // and returns to the run loop (ops/string.cpp), sooner when interrupt_due(); 0: no limit
    // (step()). run() lets long ones run kRepChunk at a time, so that interrupts and device
    // time are served during them, and one at a time under TF (SDM Vol. 3, 17.3.1.1: a trap
    // can be "generated by any iteration of a repeated string instruction").
    static constexpr uint32_t kRepChunk = 1024;
    uint32_t rep_chunk() const { return rep_chunk_; }
    // Stops the REP string instruction now running between two iterations: its registers show
    // the progress, EIP points back at it (prefixes included) and the run loop takes any event
    // before it resumes (SDM Vol. 1, 7.3.9.3; SDM Vol. 2, REP). RF is set: an interrupt or trap
    // taken now pushes RF = 1 (SDM Vol. 3, 17.3.1.1, "any interrupt arriving after any
    // iteration of a repeated string instruction but the last iteration"), and the resumed
    // instruction does not report its instruction breakpoint again (the 8086/286 have no RF).
    void rep_stop() {
        s.eip = insn_eip();
        if (model() >= CpuModel::i386) s.eflags_rest |= fl::RF;
        ++rep_partials_;
        rep_stop_lin_ = s.seg[CS].base + s.eip;
        rep_stop_count_ = instructions() + 1;  // the count once this stop is reconciled
        event_pending_ = true;
    }
    // Debugger steps (Machine::step): run() stops REP string instructions after every
    // iteration, as under TF, so that a step shows one iteration (as Bochs steps them).
    void set_iteration_steps(bool on) { iteration_steps_ = on; }
    // Whether CS:EIP holds a REP string instruction that stopped between two iterations, no
    // instruction or event having run since: running on continues it (a debugger does not
    // report a breakpoint there again).
    bool rep_stopped() const { return rep_stop_count_ == instructions() && rep_stop_lin_ == s.seg[CS].base + s.eip; }

    // The EIP of the instruction now executing (handlers see s.eip already advanced past it).
    // Traces never wrap EIP, so it is the trace's first EIP plus the record's offset.
    uint32_t insn_eip() const { return trace_eip_ + cur_insn_->offset; }
    uint32_t ip_mask() const { return code32() ? 0xFFFFFFFFu : 0xFFFFu; }

    // Flushes the software TLB (A20 changes, CR0/CR3 writes).
    void flush_tlb();
    // Drops every cached decoded instruction.
    void flush_code_cache();

    // Hooks for the machine: called on a triple fault / shutdown.
    void (*on_shutdown)(void* ctx) = nullptr;
    void* shutdown_ctx = nullptr;
    // The FERR# output (an unmasked x87 error with CR0.NE = 0, cpu/ops/fpu_ops.cpp): the board
    // wires it to IRQ13 (devices/ferr_latch.*).
    void (*on_ferr)(void* ctx, bool level) = nullptr;
    void* ferr_ctx = nullptr;
    bool shutdown() const { return shutdown_; }

    // The opcode tables for this model (shared by all CPUs of the model).
    const OpTable& optable() const { return *optable_; }

    // Fetches a code byte at CS:offset (limit-checked). Used by the decoder.
    uint8_t fetch_code8(uint32_t offset);

private:
    static constexpr unsigned kTlbSize = 256;
    // The tag an access of sizeof(T) at `lin` must find in the entry of lin's page: the page of
    // its last byte. An access crossing into the next page never matches, as that page has
    // another slot (one compare covers the hit and the page-crossing test).
    template <class T> static uint32_t tlb_tag(uint32_t lin) { return (lin + uint32_t(sizeof(T) - 1)) & ~0xFFFu; }
    // 16 bytes, so an entry's address is the slot number shifted.
    struct TlbEntry {
        uint32_t tag = 1;           // linear page base; an odd value never matches
        uint32_t phys = 0;          // physical page base | kTlbGlobal
        uintptr_t host = 0;         // host address of the page minus its linear base
    };
    // The entry of `part` for linear address `lin`: the index scaled in one step.
    static TlbEntry& tlb_entry(TlbEntry* part, uint32_t lin) {
        static_assert(sizeof(TlbEntry) == 16);
        return *reinterpret_cast<TlbEntry*>(reinterpret_cast<char*>(part) + ((lin >> 8) & ((kTlbSize - 1) << 4)));
    }
    // In TlbEntry::phys: from a global page (CR4.PGE), survives CR3 loads.
    static constexpr uint32_t kTlbGlobal = 1;
    // In a read-TLB entry's phys: an execute-disabled page (XD with EFER.NXE, SDM Vol. 3, 4.6):
    // instruction fetches, which also look up the read TLB, take the slow path and fault there.
    static constexpr uint32_t kTlbNoExec = 2;

    template <class T> T read_outside_limit(unsigned seg, uint32_t offset);
    template <class T> void write_outside_limit(unsigned seg, uint32_t offset, T value);
    uint32_t read_linear_slow(uint32_t lin, unsigned size);
    void write_linear_slow(uint32_t lin, uint32_t value, unsigned size);
    uint64_t read_linear_slow64(uint32_t lin);  // 64-bit operands (x87 m64) off the TLB
    void write_linear_slow64(uint32_t lin, uint64_t value);
    uint8_t read_linear_byte_slow(uint32_t lin);
    void write_linear_byte_slow(uint32_t lin, uint8_t value);
    void store_byte_slow(uint32_t lin, uint32_t phys, uint8_t value);
  public:
    // Linear to physical through paging when CR0.PG is set (cpu/paging.cpp); raises #PF.
    // `write` selects the write checks; user-mode checks follow the current CPL.
    uint32_t translate(uint32_t lin, bool write = false);
    // Drops the cached translation of one page (INVLPG).
    void invalidate_page(uint32_t lin);
    // MOV to DRn (DR7 enables route memory accesses through the checking slow path).
    void set_debug_register(unsigned n, uint32_t value);
    // Re-selects the TLB set for the current privilege (supervisor or user); call after CPL
    // or paging changes.
    void update_tlb_mode();

  private:
    uint32_t walk(uint32_t lin, bool write, bool user);
    uint32_t walk_pae(uint32_t lin, bool write, bool user);
    // What a page walk found, for the checks common to both walks.
    struct Walk {
        uint32_t lin;
        bool write, user, large, fetch, xd;  // xd: execute-disabled at some level (PAE, NXE)
        uint32_t pde_addr, pde, pte_addr, pte, phys;
    };
    uint32_t finish_walk(const Walk& w);
    void load_pdptes();
    void flush_tlb_nonglobal();
    // Alignment checks and data breakpoints on the slow path (only while slow_memory_).
    void memory_checks(uint32_t lin, unsigned size, bool write);
    bool code_breakpoint(uint32_t lin);
    void deliver_debug_trap();
    uint64_t pdpte_[4] = {};     // PAE page-directory-pointer entries, loaded with CR3
    bool last_global_ = false;   // the last walk ended in a global page
    bool last_nx_ = false;       // the last walk ended in an execute-disabled page
    bool slow_memory_ = false;   // no TLB fills: every access takes the slow path
    bool debug_active_ = false;  // DR7 enables a breakpoint
    bool fetching_ = false;      // instruction fetch: no data breakpoints, XD checked on walks
    uint8_t fetch_code8_slow(uint32_t lin);
    uint8_t pending_db_ = 0;     // data breakpoints hit by the current instruction (DR6 B0-B3)
    void note_code_write(uint32_t phys, unsigned size);

    void execute_one(const Insn& i);
    void step_insn(uint32_t rep_chunk);
    void run_step(bool shadow = false);
    void run_records(const Insn* ip, uint64_t n);
    void deliver_fault(const CpuFault& f);
    void take_pending_events();
    Trace* find_trace(uint32_t phys, uint32_t lin);
    Trace* lookup_trace();
    bool trace_fits(const Trace* t) const;
    Trace* linked_trace(const Trace* t, uint32_t eip, uint32_t cs_base) const;
    bool may_chain() const;
    static const Insn* enter_linked(Cpu& c, const Trace* t, const Trace* n);
    Trace* build_trace(uint32_t phys, uint32_t key, uint32_t slot);
    const OpFast* dead_flags_form(const Insn& i) const;
    void mark_code(uint32_t phys, unsigned len);
    void triple_fault();
    void interrupt_protected(uint8_t vector, bool software, bool has_error, uint32_t error);
    void load_code_segment(uint16_t selector, uint64_t descriptor, unsigned cpl);
    void gate_transfer(uint16_t selector, uint64_t descriptor, bool call, bool o32);
    void load_task_segments(uint16_t ldt, const uint16_t (&sel)[6], bool v86);
    void null_inaccessible_segments(unsigned new_cpl);
    void stack_from_tss(unsigned new_cpl, uint16_t& ss, uint32_t& esp, uint32_t ext);
    struct Snapshot;
    Snapshot snapshot() const;
    void restore(const Snapshot& k);
    bool implicit_supervisor_ = false;  // a system access in progress (see sys_read)
    friend struct SupervisorScope;

    const ModelTraits* traits_;
    CpuFeatures features_;
    const OpTable* optable_;
    PhysicalMemory& mem_;
    IoBus& io_;
    MmioBus& mmio_;
    InterruptController* pic_ = nullptr;
    ApicBaseMsr* apic_ = nullptr;

    // Two TLB sets, supervisor and user, each with read and write parts; tlb_read_/tlb_write_
    // point at the set for the current CPL so a hit costs a compare and an add. Writes to RAM
    // pages that hold decoded code miss tlb_write_ (so its hit test stays one compare) and find
    // their page in the third part, tlb_code_write_, first thing on the slow path: a store
    // there costs a copy and a look at the page's code blocks (a stack beside code stays cheap).
    TlbEntry tlb_sets_[2][3][kTlbSize];
    TlbEntry* tlb_read_ = tlb_sets_[0][0];
    TlbEntry* tlb_write_ = tlb_sets_[0][1];
    TlbEntry* tlb_code_write_ = tlb_sets_[0][2];

    // Decoded-code bookkeeping per physical RAM page: which 128-byte blocks hold decoded code,
    // and a generation number bumped whenever such a block is written.
    std::vector<uint32_t> code_blocks_;
    std::vector<uint32_t> page_generation_;
    std::unique_ptr<Trace[]> traces_;

    uint64_t icount_ = 0;      // instructions retired before the current trace
    uint64_t stop_at_ = 0;
    // The record now executing and the first record of its trace (both rest_insn_ between
    // traces); trace_eip_ is the EIP of the trace's first instruction.
    Insn rest_insn_{};
    const Insn* cur_insn_ = &rest_insn_;
    const Insn* trace_begin_ = &rest_insn_;
    uint32_t trace_eip_ = 0;
    // chain() enters a next trace only while icount_ < chain_stop_; 0 outside run()'s trace
    // execution. run() sets it kChainSlack instructions short of the budget, so two traces
    // (at most Trace::kMaxInsns each) always fit without looking at their sizes, and at most
    // kChainInsns past the trace it starts, which bounds the nesting should a tail call not be
    // turned into a jump (run() then checks again for events and the budget).
    uint64_t chain_stop_ = 0;
    // Trace links (trace.h) are valid only for the epoch they were made in.
    uint64_t chain_epoch_ = 1;
  public:
    // Drops every trace link: called whenever the linear-to-physical mapping of code may change.
    void invalidate_trace_links() { ++chain_epoch_; }
  private:
    bool event_pending_ = false;
    bool stop_requested_ = false;
    bool intr_ = false;
    bool nmi_pending_ = false, nmi_blocked_ = false;
    bool inhibit_interrupts_ = false;
    bool trace_cache_enabled_ = true;
    uint32_t rep_chunk_ = 0;     // see rep_chunk()
    uint64_t rep_partials_ = 0;  // REP runs stopped between iterations (see instructions())
    uint64_t rep_stop_count_ = ~0ull;  // the last such stop: instructions() after it, and
    uint32_t rep_stop_lin_ = 0;        // the linear address of the instruction
    bool iteration_steps_ = false;     // see set_iteration_steps()
    bool shutdown_ = false;

    friend struct CpuTestAccess;
};

template <class T> T Cpu::read_outside_limit(unsigned seg, uint32_t offset) {
    if (traits_->offset_wraps && !protected_mode()) {
        // 8086: the offset wraps inside the 64 KiB segment.
        uint32_t v = 0;
        for (unsigned k = 0; k < sizeof(T); ++k)
            v |= uint32_t(read_linear<uint8_t>(s.seg[seg].base + ((offset + k) & 0xFFFF))) << (8 * k);
        return static_cast<T>(v);
    }
    fault(seg == SS && !traits_->overrun_is_gp ? VEC_SS : VEC_GP, 0);
}

template <class T> void Cpu::write_outside_limit(unsigned seg, uint32_t offset, T value) {
    if (traits_->offset_wraps && !protected_mode()) {
        for (unsigned k = 0; k < sizeof(T); ++k)
            write_linear<uint8_t>(s.seg[seg].base + ((offset + k) & 0xFFFF), uint8_t(uint32_t(value) >> (8 * k)));
        return;
    }
    fault(seg == SS && !traits_->overrun_is_gp ? VEC_SS : VEC_GP, 0);
}

} // namespace bw
