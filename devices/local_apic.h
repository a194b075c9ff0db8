// The local APIC of a P6-family processor (Pentium Pro/II/III), as the Intel SDM Vol. 3,
// chapter 10 "Advanced Programmable Interrupt Controller (APIC)" describes it: the register
// page at IA32_APIC_BASE (default FEE00000h), task/processor priority, the IRR/ISR/TMR arrays,
// EOI, the spurious-interrupt vector register, the error status register, the ICR (IPIs to
// itself; this is a uniprocessor), the local vector table (timer, LINT0, LINT1, error,
// performance counter) and the APIC timer on the machine's virtual clock.
//
// It sits between the 8259 pair and the core: the 8259's INT output is the LINT0 pin, in
// virtual-wire mode (LINT0 = ExtINT) the core's INTA cycle is passed on to the 8259. When the
// APIC is globally disabled (IA32_APIC_BASE[11] = 0) it is out of the way entirely.
#pragma once
#include <cstdint>
#include <functional>
#include "cpu/cpu.h"
#include "devices/irq.h"
#include "devices/machine.h"
#include "mem/bus.h"

namespace bw {

class Pic8259;

// An interrupt message on the APIC bus (SDM Vol. 3, 10.6.1 / 82093AA "Redirection Table"):
// what the I/O APIC and the ICR send.
struct ApicMessage {
    uint8_t vector = 0;
    uint8_t delivery_mode = 0;  // 0 fixed, 1 lowest priority, 2 SMI, 4 NMI, 5 INIT, 6 STARTUP, 7 ExtINT
    bool logical = false;       // destination mode
    uint8_t destination = 0;
    bool level = false;         // trigger mode: level (true) or edge
};

class LocalApic : public Device, public MmioDevice, public InterruptController, public IntLine, public ApicBaseMsr {
public:
    // Bus clock the timer divides (SDM 10.5.4: the timer counts the processor's bus clock);
    // a 100 MHz front-side bus, 10 ns per tick.
    static constexpr uint64_t kBusClockNs = 10;
    static constexpr uint32_t kDefaultBase = 0xFEE00000u;
    // Version register (SDM 10.4.8, Figure 10-7): version 1xH is an integrated APIC; "Max LVT
    // Entry" is the number of LVT entries minus one, 4 for the P6 family (timer, LINT0, LINT1,
    // error, performance counter).
    static constexpr uint32_t kVersion = 0x0004'0011u;

    LocalApic(Machine& m, Pic8259& pic);
    const char* name() const override { return "apic"; }
    void reset() override;
    void debug_info(std::ostream& out) const override;

    uint32_t mmio_read(uint32_t addr, unsigned size) override;
    void mmio_write(uint32_t addr, uint32_t value, unsigned size) override;

    // The core's INTA cycle.
    uint8_t acknowledge() override;
    // LINT0: the 8259 pair's INT output.
    void set_level(bool level) override { set_lint(0, level); }
    void set_lint(unsigned pin, bool level);

    // IA32_APIC_BASE (SDM 10.4.4, Figure 10-5).
    uint64_t apic_base() const override { return base_msr_; }
    bool set_apic_base(uint64_t value) override;
    bool globally_enabled() const { return (base_msr_ & kMsrEnable) != 0; }
    bool software_enabled() const { return (svr_ & 0x100) != 0; }

    // An interrupt message from the I/O APIC: accepted when the destination names this APIC.
    bool accepts(bool logical, uint8_t destination) const;
    void receive(const ApicMessage& msg);
    // Called with the vector of every EOI of a level-triggered interrupt (SDM 10.8.5: the EOI
    // is broadcast to the I/O APICs, which clear their remote IRR).
    std::function<void(uint8_t vector)> on_eoi_broadcast;

    // The core's INTR pin as the APIC drives it.
    bool intr_output() const;
    // Register values for tests and the debugger (offsets as in SDM Table 10-1).
    uint32_t read_register(uint32_t offset) const;

private:
    static constexpr uint64_t kMsrBsp = 1u << 8, kMsrEnable = 1u << 11;
    enum Lvt { LvtTimer, LvtLint0, LvtLint1, LvtError, LvtPerf, LvtCount };

    struct Bits256 {
        uint32_t w[8] = {};
        bool test(unsigned v) const { return (w[v >> 5] >> (v & 31)) & 1; }
        void set(unsigned v) { w[v >> 5] |= 1u << (v & 31); }
        void clear(unsigned v) { w[v >> 5] &= ~(1u << (v & 31)); }
        int highest() const;
    };

    void write_register(uint32_t offset, uint32_t value);
    void power_up_state();
    uint8_t ppr() const;
    uint8_t apr() const;
    int deliverable() const;  // the IRR vector that beats PPR, or -1
    bool extint_active() const;
    void update();            // recomputes the core's INTR
    void accept_fixed(uint8_t vector, bool level);
    void signal_error(uint32_t bits);
    void eoi();
    void send_ipi();
    void local_interrupt(Lvt which);  // an LVT source fires (timer, error)
    void update_lint(unsigned pin);
    void map();                       // (re)registers the MMIO page at the base the MSR names

    // Timer (SDM 10.5.4).
    uint64_t tick_ns() const;
    uint32_t current_count() const;
    void restart_timer(uint32_t count);
    void arm_timer();
    static void on_timer(void* ctx, uint64_t now);

    Machine& m_;
    Pic8259& pic_;
    int timer_id_ = -1;
    uint64_t base_msr_ = 0;
    uint32_t mapped_base_ = 0;
    bool mapped_ = false;
    bool dead_ = false;  // globally disabled: a 3-wire-bus APIC stays off until RESET (10.4.3)

    uint32_t id_ = 0, tpr_ = 0, ldr_ = 0, dfr_ = 0, svr_ = 0;
    uint32_t esr_ = 0, esr_pending_ = 0;
    uint32_t icr_lo_ = 0, icr_hi_ = 0;
    uint32_t lvt_[LvtCount] = {};
    Bits256 irr_, isr_, tmr_;
    uint32_t initial_count_ = 0, divide_ = 0;
    uint64_t timer_base_ns_ = 0;     // when the count was last (re)loaded
    uint32_t timer_base_count_ = 0;  // the count at timer_base_ns_
    bool timer_running_ = false;
    bool lint_level_[2] = {};
};

} // namespace bw
