#include "devices/local_apic.h"
#include <cstdio>
#include <ostream>
#include "devices/pic8259.h"

// Section numbers are those of the Intel SDM Vol. 3A, chapter 10 (APIC).
namespace bw {

namespace {

// Register offsets (Table 10-1 "Local APIC Register Address Map").
enum : uint32_t {
    kId = 0x020, kVersionReg = 0x030, kTpr = 0x080, kApr = 0x090, kPpr = 0x0A0, kEoi = 0x0B0,
    kRrd = 0x0C0, kLdr = 0x0D0, kDfr = 0x0E0, kSvr = 0x0F0, kIsr = 0x100, kTmr = 0x180,
    kIrr = 0x200, kEsr = 0x280, kIcrLo = 0x300, kIcrHi = 0x310, kLvtTimer = 0x320,
    kLvtPerf = 0x340, kLvtLint0 = 0x350, kLvtLint1 = 0x360, kLvtError = 0x370,
    kTimerInitial = 0x380, kTimerCurrent = 0x390, kTimerDivide = 0x3E0,
};

// LVT fields (Figure 10-8 "Local Vector Table").
constexpr uint32_t kLvtMask = 1u << 16, kLvtLevel = 1u << 15, kLvtRemoteIrr = 1u << 14;
constexpr uint32_t kTimerPeriodic = 1u << 17;
// Writable bits per LVT entry: vector, delivery mode, polarity, trigger mode, mask, timer mode.
constexpr uint32_t kLvtWritable[] = {0x300FF, 0x1A7FF, 0x1A7FF, 0x100FF, 0x107FF};
constexpr uint32_t kLvtOffset[] = {kLvtTimer, kLvtLint0, kLvtLint1, kLvtError, kLvtPerf};

// ESR bits (10.5.3, Figure 10-9).
constexpr uint32_t kEsrSendAccept = 1u << 2, kEsrSendIllegal = 1u << 5, kEsrReceiveIllegal = 1u << 6,
                   kEsrIllegalRegister = 1u << 7;

enum Delivery : uint8_t { Fixed = 0, Lowest = 1, Smi = 2, Nmi = 4, Init = 5, Startup = 6, ExtInt = 7 };

} // namespace

int LocalApic::Bits256::highest() const {
    for (int i = 7; i >= 0; --i)
        if (w[i]) return i * 32 + 31 - __builtin_clz(w[i]);
    return -1;
}

LocalApic::LocalApic(Machine& m, Pic8259& pic) : m_(m), pic_(pic) {
    timer_id_ = m.clock().add_timer(&LocalApic::on_timer, this);
    pic.int_line = this;
    m.cpu().set_interrupt_controller(this);
    m.cpu().set_local_apic(this);
}

void LocalApic::power_up_state() {
    // 10.4.7.1 "Local APIC State After Power-Up or Reset": IRR, ISR, TMR, ICR, LDR and TPR
    // zero; timer initial and current count and divide configuration zero; DFR all ones; the
    // LVT masked; SVR FFh (software disabled).
    id_ = 0;  // the bootstrap processor of a one-processor board
    tpr_ = ldr_ = esr_ = esr_pending_ = icr_lo_ = icr_hi_ = 0;
    dfr_ = 0xFFFFFFFFu;
    svr_ = 0xFF;
    irr_ = isr_ = tmr_ = Bits256{};
    for (uint32_t& l : lvt_) l = kLvtMask;
    // The board's virtual wire (MP Specification 1.4, 3.6.2.2): LINT0 is ExtINT from RESET on,
    // so an 8259-only system sees the 8259 exactly as on a processor without an APIC, as QEMU's
    // BSP does; BIOSes program the same value.
    lvt_[LvtLint0] = 0x700;
    initial_count_ = divide_ = 0;
    timer_running_ = false;
    timer_base_count_ = 0;
    m_.clock().disarm(timer_id_);
}

void LocalApic::reset() {
    base_msr_ = kDefaultBase | kMsrBsp | kMsrEnable;  // 10.4.4: BSP, enabled, FEE00000h
    dead_ = false;
    power_up_state();
    map();
    update();
}

void LocalApic::map() {
    bool want = globally_enabled() && (base_msr_ >> 32) == 0;
    uint32_t base = uint32_t(base_msr_) & 0xFFFFF000u;
    if (want == mapped_ && base == mapped_base_) return;
    m_.mmio().unregister_range(this);
    if (want) m_.mmio().register_range(base, 0x1000, this);
    mapped_ = want;
    mapped_base_ = base;
    // Cached host pointers and decoded code for the page must not outlive the move.
    m_.cpu().flush_tlb();
    m_.cpu().flush_code_cache();
}

bool LocalApic::set_apic_base(uint64_t value) {
    // Figure 10-5: bits 0-7, 9-10 and 36-63 are reserved (a P6 has 36 physical address bits).
    if (value & ~0xF'FFFF'F900ull) return false;
    value = (value & ~kMsrBsp) | (base_msr_ & kMsrBsp);  // BSP is set by the bus at RESET
    if (dead_) value &= ~kMsrEnable;
    if (globally_enabled() && !(value & kMsrEnable)) {
        // 10.4.3: globally disabled, the processor behaves as one without an APIC; an APIC on
        // the 3-wire APIC bus (the P6's) cannot be re-enabled until RESET; its state may go
        // back to the power-up state. The 8259's INT goes straight to INTR again.
        power_up_state();
        dead_ = true;
    }
    base_msr_ = value;
    map();
    update();
    return true;
}

// ---- priorities (10.8.3.1) ----

uint8_t LocalApic::ppr() const {
    int isrv = isr_.highest();
    uint8_t isr_class = isrv < 0 ? 0 : uint8_t(isrv & 0xF0);
    return (tpr_ & 0xF0) >= isr_class ? uint8_t(tpr_) : isr_class;
}

uint8_t LocalApic::apr() const {
    // 10.8.3.1 "Arbitration Priority": TPR when its class is at least the highest IRR and ISR
    // classes, else the highest of the three classes.
    int irrv = irr_.highest(), isrv = isr_.highest();
    unsigned irr_class = irrv < 0 ? 0 : unsigned(irrv) & 0xF0, isr_class = isrv < 0 ? 0 : unsigned(isrv) & 0xF0;
    if ((tpr_ & 0xF0) >= irr_class && (tpr_ & 0xF0) >= isr_class) return uint8_t(tpr_);
    unsigned m = tpr_ & 0xF0;
    if (irr_class > m) m = irr_class;
    if (isr_class > m) m = isr_class;
    return uint8_t(m);
}

int LocalApic::deliverable() const {
    // 10.8.3.1: the processor gets the highest-priority IRR vector only when its priority class
    // is above the processor-priority class. A software-disabled APIC holds its requests.
    if (!globally_enabled() || !software_enabled()) return -1;
    int v = irr_.highest();
    if (v < 0 || (unsigned(v) & 0xF0) <= (ppr() & 0xF0u)) return -1;
    return v;
}

bool LocalApic::extint_active() const {
    // LINT0 in ExtINT mode passes the 8259's INT through; ExtINT is always level sensitive
    // (10.5.1, "Trigger Mode").
    uint32_t l = lvt_[LvtLint0];
    return lint_level_[0] && !(l & kLvtMask) && ((l >> 8) & 7) == ExtInt;
}

bool LocalApic::intr_output() const {
    // Globally disabled, the APIC is not there: LINT0 is the INTR pin (10.4.3).
    return globally_enabled() ? (deliverable() >= 0 || extint_active()) : lint_level_[0];
}

void LocalApic::update() { m_.cpu().set_intr(intr_output()); }

uint8_t LocalApic::acknowledge() {
    if (!globally_enabled()) return pic_.acknowledge();
    int v = deliverable();
    uint8_t vec;
    if (v >= 0) {
        // 10.8.4: INTA moves the highest IRR bit to ISR.
        irr_.clear(unsigned(v));
        isr_.set(unsigned(v));
        vec = uint8_t(v);
    } else if (extint_active()) {
        vec = pic_.acknowledge();  // the 8259 supplies the vector
    } else {
        // 10.9 "Spurious Interrupt": the request went away (TPR raised) between INTR and INTA;
        // the spurious vector is delivered and no ISR bit is set.
        vec = uint8_t(svr_);
    }
    update();
    return vec;
}

// ---- accepting interrupts ----

void LocalApic::accept_fixed(uint8_t vector, bool level) {
    if (vector < 16) {
        // 10.5.3: vectors 0-15 are illegal; the interrupt is not accepted.
        signal_error(kEsrReceiveIllegal);
        return;
    }
    // 10.8.4: acceptance sets IRR; TMR records the trigger mode.
    irr_.set(vector);
    if (level) tmr_.set(vector); else tmr_.clear(vector);
    update();
}

void LocalApic::signal_error(uint32_t bits) {
    esr_pending_ |= bits;
    local_interrupt(LvtError);
}

void LocalApic::local_interrupt(Lvt which) {
    uint32_t l = lvt_[which];
    if (l & kLvtMask) return;
    unsigned mode = (which == LvtTimer || which == LvtError) ? unsigned(Fixed) : (l >> 8) & 7;
    if (mode == Nmi) { m_.cpu().raise_nmi(); return; }
    if (mode != Fixed) return;  // SMI and INIT: the machine has no SMM and one processor
    accept_fixed(uint8_t(l), false);
}

void LocalApic::set_lint(unsigned pin, bool level) {
    pin &= 1;
    const uint32_t l = lvt_[pin ? LvtLint1 : LvtLint0];
    // 10.5.1: polarity (bit 13) selects active low. NMI, SMI and INIT are edge sensitive,
    // ExtINT level sensitive; fixed follows the trigger mode bit (LINT1 supports only edge).
    const bool low = (l & (1u << 13)) != 0;
    const bool became_active = (low ? !level : level) && !(low ? !lint_level_[pin] : lint_level_[pin]);
    lint_level_[pin] = level;
    if (globally_enabled() && !(l & kLvtMask)) {
        unsigned mode = (l >> 8) & 7;
        if (mode == Fixed) {
            if (pin == 0 && (l & kLvtLevel)) update_lint(pin);
            else if (became_active) accept_fixed(uint8_t(l), false);
        } else if (mode == Nmi && became_active) {
            m_.cpu().raise_nmi();
        }
    }
    update();
}

void LocalApic::update_lint(unsigned pin) {
    // Level-triggered fixed LINT0: delivered while asserted with the remote IRR clear; the
    // remote IRR is set on acceptance and cleared by the EOI of its vector (10.5.1).
    uint32_t& l = lvt_[pin ? LvtLint1 : LvtLint0];
    bool active = (l & (1u << 13)) ? !lint_level_[pin] : lint_level_[pin];
    if (!active || (l & kLvtRemoteIrr) || (l & kLvtMask) || ((l >> 8) & 7) != Fixed || !(l & kLvtLevel)) return;
    l |= kLvtRemoteIrr;
    accept_fixed(uint8_t(l), true);
}

bool LocalApic::accepts(bool logical, uint8_t destination) const {
    if (!globally_enabled()) return false;
    if (!logical) {
        // 10.6.2.1: physical destination is the APIC ID (4 bits on the P6); all ones is a
        // broadcast.
        return destination == 0xFF || (destination & 0x0F) == 0x0F || destination == (id_ >> 24);
    }
    // 10.6.2.2: logical destination against LDR, in the flat or cluster model of DFR.
    uint8_t ldr = uint8_t(ldr_ >> 24);
    if (destination == 0xFF) return true;
    if ((dfr_ >> 28) == 0xF) return (ldr & destination) != 0;
    return (ldr >> 4) == (destination >> 4) && (ldr & destination & 0x0F) != 0;
}

void LocalApic::receive(const ApicMessage& msg) {
    if (!accepts(msg.logical, msg.destination)) return;
    switch (msg.delivery_mode) {
    case Fixed:
    case Lowest:
        // 10.4.7.2: a software-disabled APIC accepts no fixed interrupts.
        if (software_enabled()) accept_fixed(msg.vector, msg.level);
        break;
    case Nmi: m_.cpu().raise_nmi(); break;
    case ExtInt:
        // An ExtINT message (I/O APIC pin 0 in virtual-wire mode) acts as the LINT0 pin would;
        // the INTA goes to the 8259.
        break;
    default: break;  // SMI, INIT, STARTUP: no SMM, one processor
    }
}

void LocalApic::eoi() {
    // 10.8.5: an EOI clears the highest ISR bit; for a level-triggered vector (TMR set) the EOI
    // is broadcast to the I/O APICs.
    int v = isr_.highest();
    if (v < 0) return;
    isr_.clear(unsigned(v));
    if (tmr_.test(unsigned(v))) {
        for (unsigned pin = 0; pin < 2; ++pin) {
            uint32_t& l = lvt_[pin ? LvtLint1 : LvtLint0];
            if ((l & kLvtRemoteIrr) && uint8_t(l) == v) {
                l &= ~kLvtRemoteIrr;
                update_lint(pin);
            }
        }
        if (on_eoi_broadcast) on_eoi_broadcast(uint8_t(v));
    }
    update();
}

void LocalApic::send_ipi() {
    // 10.6.1 "Interrupt Command Register": a uniprocessor delivers to itself only; INIT and
    // STARTUP to processors that are not there go nowhere.
    uint8_t vector = uint8_t(icr_lo_);
    unsigned mode = (icr_lo_ >> 8) & 7, shorthand = (icr_lo_ >> 18) & 3;
    bool level_deassert = mode == Init && !(icr_lo_ & (1u << 14)) && (icr_lo_ & (1u << 15));
    if (level_deassert) return;  // INIT level de-assert: an arbitration ID sync, no interrupt
    bool to_self;
    switch (shorthand) {
    case 1: case 2: to_self = true; break;
    case 3: to_self = false; break;
    default: to_self = accepts((icr_lo_ >> 11) & 1, uint8_t(icr_hi_ >> 24)); break;
    }
    if ((mode == Fixed || mode == Lowest) && vector < 16) {
        signal_error(kEsrSendIllegal);
        return;
    }
    if (!to_self) {
        // Nobody accepts a message to a destination field naming no APIC (10.5.3 "Send Accept
        // Error"); broadcasts to the others are simply unanswered.
        if (shorthand == 0) signal_error(kEsrSendAccept);
        return;
    }
    switch (mode) {
    case Fixed: case Lowest: accept_fixed(vector, false); break;
    case Nmi: m_.cpu().raise_nmi(); break;
    default: break;  // SMI, INIT, STARTUP to itself: not modelled
    }
}

// ---- timer (10.5.4) ----

uint64_t LocalApic::tick_ns() const {
    // Figure 10-10: divide configuration bits 0, 1, 3; 111b divides by 1, else by 2^(n+1).
    unsigned n = (divide_ & 3) | ((divide_ >> 1) & 4);
    return kBusClockNs * (n == 7 ? 1u : 2u << n);
}

uint32_t LocalApic::current_count() const {
    if (!timer_running_) return 0;  // never started, or a one-shot count that reached zero
    uint64_t elapsed = (m_.clock().now_ns() - timer_base_ns_) / tick_ns();
    if (elapsed < timer_base_count_) return uint32_t(timer_base_count_ - elapsed);
    if (!(lvt_[LvtTimer] & kTimerPeriodic) || initial_count_ == 0) return 0;
    // Periodic: the count reloads from the initial count each time it reaches zero.
    return uint32_t(initial_count_ - (elapsed - timer_base_count_) % initial_count_);
}

void LocalApic::restart_timer(uint32_t count) {
    timer_base_ns_ = m_.clock().now_ns();
    timer_base_count_ = count;
    timer_running_ = count != 0;
    arm_timer();
}

void LocalApic::arm_timer() {
    if (!timer_running_) { m_.clock().disarm(timer_id_); return; }
    uint64_t now = m_.clock().now_ns(), t = tick_ns();
    uint64_t first = timer_base_ns_ + uint64_t(timer_base_count_) * t;
    if (first > now) { m_.clock().arm(timer_id_, first); return; }
    if (!(lvt_[LvtTimer] & kTimerPeriodic) || initial_count_ == 0) {
        timer_running_ = false;
        m_.clock().disarm(timer_id_);
        return;
    }
    uint64_t period = uint64_t(initial_count_) * t;
    uint64_t k = (now - first) / period + 1;  // periods missed while the IRR bit was pending
    m_.clock().arm(timer_id_, first + k * period);
}

void LocalApic::on_timer(void* ctx, uint64_t) {
    auto* a = static_cast<LocalApic*>(ctx);
    // The count reached zero: the timer LVT's vector, unless masked (10.5.4).
    a->local_interrupt(LvtTimer);
    a->arm_timer();
}

// ---- register page ----

uint32_t LocalApic::read_register(uint32_t offset) const {
    switch (offset) {
    case kId: return id_;
    case kVersionReg: return kVersion;
    case kTpr: return tpr_;
    case kApr: return apr();
    case kPpr: return ppr();
    case kLdr: return ldr_;
    case kDfr: return dfr_;
    case kSvr: return svr_;
    case kEsr: return esr_;
    case kIcrLo: return icr_lo_;
    case kIcrHi: return icr_hi_;
    case kLvtTimer: return lvt_[LvtTimer];
    case kLvtPerf: return lvt_[LvtPerf];
    case kLvtLint0: return lvt_[LvtLint0];
    case kLvtLint1: return lvt_[LvtLint1];
    case kLvtError: return lvt_[LvtError];
    case kTimerInitial: return initial_count_;
    case kTimerCurrent: return current_count();
    case kTimerDivide: return divide_;
    case kEoi: case kRrd: return 0;
    default: break;
    }
    if (offset >= kIsr && offset < kIsr + 0x80) return isr_.w[(offset - kIsr) >> 4];
    if (offset >= kTmr && offset < kTmr + 0x80) return tmr_.w[(offset - kTmr) >> 4];
    if (offset >= kIrr && offset < kIrr + 0x80) return irr_.w[(offset - kIrr) >> 4];
    return 0;
}

namespace {
bool known_register(uint32_t off) {
    if (off >= 0x100 && off < 0x280) return true;  // ISR, TMR, IRR
    switch (off) {
    case 0x020: case 0x030: case 0x080: case 0x090: case 0x0A0: case 0x0B0: case 0x0C0:
    case 0x0D0: case 0x0E0: case 0x0F0: case 0x280: case 0x300: case 0x310: case 0x320:
    case 0x340: case 0x350: case 0x360: case 0x370: case 0x380: case 0x390: case 0x3E0:
        return true;
    default: return false;
    }
}
} // namespace

uint32_t LocalApic::mmio_read(uint32_t addr, unsigned size) {
    // 10.4.1: registers are 32 bits wide on 16-byte boundaries; a narrower read returns the
    // addressed bytes of the register, the pad bytes read as zero.
    uint32_t off = addr & 0xFFF;
    uint32_t reg = off & 0xFF0;
    if (!known_register(reg)) {
        signal_error(kEsrIllegalRegister);
        return 0;
    }
    if ((off & 0xF) >= 4) return 0;
    uint32_t v = read_register(reg) >> (8 * (off & 3));
    return size >= 4 ? v : v & ((1u << (8 * size)) - 1);
}

void LocalApic::mmio_write(uint32_t addr, uint32_t value, unsigned size) {
    uint32_t off = addr & 0xFFF;
    uint32_t reg = off & 0xFF0;
    if (!known_register(reg)) {
        signal_error(kEsrIllegalRegister);
        return;
    }
    if ((off & 0xF) >= 4) return;
    if (size < 4 || (off & 3)) {
        // A partial write merges into the register (the SDM leaves it undefined).
        uint32_t shift = 8 * (off & 3);
        uint32_t mask = (size >= 4 ? 0xFFFFFFFFu : ((1u << (8 * size)) - 1)) << shift;
        value = (read_register(reg) & ~mask) | ((value << shift) & mask);
    }
    write_register(reg, value);
}

void LocalApic::write_register(uint32_t offset, uint32_t value) {
    switch (offset) {
    case kId: id_ = value & 0x0F00'0000u; return;  // P6: a 4-bit APIC ID (10.4.6)
    case kTpr: tpr_ = value & 0xFF; update(); return;
    case kEoi: eoi(); return;
    case kLdr: ldr_ = value & 0xFF00'0000u; return;
    case kDfr: dfr_ = value | 0x0FFF'FFFFu; return;
    case kSvr: {
        // 10.9, Figure 10-23: P6 spurious vectors have bits 0-3 hard-wired to 1; bit 8 APIC
        // software enable, bit 9 focus processor checking.
        bool was = software_enabled();
        svr_ = (value & 0x3F0) | 0x0F;
        if (was && !software_enabled())
            for (uint32_t& l : lvt_) l |= kLvtMask;  // 10.4.7.2: all LVT entries masked
        update();
        return;
    }
    case kEsr:
        // 10.5.3: a write latches the errors found since the last write, clearing them.
        esr_ = esr_pending_;
        esr_pending_ = 0;
        return;
    case kIcrLo: icr_lo_ = value & 0x000C'CFFFu; send_ipi(); return;
    case kIcrHi: icr_hi_ = value & 0xFF00'0000u; return;
    case kTimerInitial:
        initial_count_ = value;
        restart_timer(value);  // a write starts counting down from the new value
        return;
    case kTimerDivide: {
        uint32_t now_count = current_count();
        divide_ = value & 0xB;
        if (timer_running_) {
            // Continue from the current count at the new rate.
            uint64_t t = m_.clock().now_ns();
            timer_base_ns_ = t;
            timer_base_count_ = now_count;
            if (now_count == 0) timer_base_count_ = initial_count_;
            arm_timer();
        }
        return;
    }
    default: break;
    }
    for (unsigned i = 0; i < LvtCount; ++i) {
        if (offset != kLvtOffset[i]) continue;
        uint32_t keep = lvt_[i] & kLvtRemoteIrr;
        uint32_t v = (value & kLvtWritable[i]) | keep;
        // 10.4.7.2: while the APIC is software-disabled the mask bits cannot be cleared.
        if (!software_enabled()) v |= kLvtMask;
        bool timer_mode_changed = i == LvtTimer && ((lvt_[i] ^ v) & kTimerPeriodic);
        if (timer_mode_changed && timer_running_) {
            uint32_t c = current_count();
            lvt_[i] = v;
            restart_timer(c ? c : initial_count_);
        }
        lvt_[i] = v;
        if (i == LvtLint0 || i == LvtLint1) update_lint(i == LvtLint1);
        update();
        return;
    }
    // ID-only and read-only registers (version, APR, PPR, RRD, ISR, TMR, IRR, current count)
    // ignore writes.
}

void LocalApic::debug_info(std::ostream& out) const {
    char buf[256];
    std::snprintf(buf, sizeof buf, "base=%08llx%s%s id=%02x version=%08x tpr=%02x apr=%02x ppr=%02x svr=%03x%s ldr=%08x dfr=%08x esr=%02x\n",
                  (unsigned long long)(base_msr_ & ~0xFFFull), globally_enabled() ? " enabled" : " disabled",
                  (base_msr_ & kMsrBsp) ? " bsp" : "", unsigned(id_ >> 24), kVersion, unsigned(tpr_), unsigned(apr()),
                  unsigned(ppr()), unsigned(svr_), software_enabled() ? "" : " (software-disabled)", ldr_, dfr_, esr_);
    out << buf;
    auto bits = [&](const char* n, const Bits256& b) {
        out << n << '=';
        for (int i = 7; i >= 0; --i) {
            std::snprintf(buf, sizeof buf, "%08x", b.w[i]);
            out << buf;
        }
        out << '\n';
    };
    bits("irr", irr_);
    bits("isr", isr_);
    bits("tmr", tmr_);
    std::snprintf(buf, sizeof buf, "lvt timer=%08x lint0=%08x lint1=%08x error=%08x perf=%08x lint0-pin=%d lint1-pin=%d\n",
                  lvt_[LvtTimer], lvt_[LvtLint0], lvt_[LvtLint1], lvt_[LvtError], lvt_[LvtPerf], lint_level_[0] ? 1 : 0,
                  lint_level_[1] ? 1 : 0);
    out << buf;
    std::snprintf(buf, sizeof buf, "timer initial=%08x current=%08x divide=%x (%llu ns/tick) %s\n", initial_count_,
                  current_count(), divide_, (unsigned long long)tick_ns(),
                  (lvt_[LvtTimer] & kTimerPeriodic) ? "periodic" : "one-shot");
    out << buf;
    std::snprintf(buf, sizeof buf, "icr=%08x:%08x\n", icr_hi_, icr_lo_);
    out << buf;
}

} // namespace bw
