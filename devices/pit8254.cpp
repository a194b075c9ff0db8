#include "devices/pit8254.h"
#include <algorithm>
#include <cstdio>
#include <ostream>

namespace bw {

namespace {

constexpr uint64_t kNoTick = ~0ull;

uint32_t from_bcd(uint32_t v) {
    return ((v >> 12) & 15) * 1000 + ((v >> 8) & 15) * 100 + ((v >> 4) & 15) * 10 + (v & 15);
}
uint32_t to_bcd(uint32_t v) {
    return ((v / 1000) % 10) << 12 | ((v / 100) % 10) << 8 | ((v / 10) % 10) << 4 | (v % 10);
}

} // namespace

// ---- one counter ----

void PitCounter::sync(uint64_t t) {
    // A count written during counting in modes 2/3 takes over at the end of the current period
    // (datasheet "Mode 2" / "Mode 3": "the new count will be loaded at the end of the current
    // counting cycle"; for mode 3 we use the end of the full cycle, not of the half-cycle).
    if (pending && t >= pending_at) {
        n = pending_n;
        base = load_tick = pending_at;
        pending = false;
    }
}

int64_t PitCounter::elapsed(uint64_t t) const {
    if (!loaded || t < load_tick) return -1;
    return int64_t(counting ? t - base : frozen);
}

bool PitCounter::out(uint64_t t) const {
    int64_t e = elapsed(t);
    unsigned m = mode();
    // After a control word OUT is low in mode 0 and high in all other modes (datasheet "Mode
    // Definitions"); it keeps that level until the count is loaded or triggered.
    if (e < 0) return m != 0;
    uint64_t ue = uint64_t(e);
    switch (m) {
    case 0:
    case 1: return ue >= n;                        // goes high at terminal count, stays high
    case 2: return !gate || ue % n != n - 1;       // low for the one clock when CE = 1
    case 3: return !gate || ue % n < (n + 1) / 2;  // odd N: high (N+1)/2, low (N-1)/2
    default: return ue != n;                       // modes 4/5: a one-clock strobe at CE = 0
    }
}

uint16_t PitCounter::value(uint64_t t) const {
    int64_t e = elapsed(t);
    uint64_t ue = e < 0 ? 0 : uint64_t(e);
    uint32_t mod = modulus();
    uint64_t v;
    switch (mode()) {
    case 2: v = n - ue % n; break;  // N, N-1, ..., 1, reload
    case 3: {
        // Decrements by two each clock, reloading at each half-cycle. For odd counts the real
        // chip distributes the odd clock differently between the halves; this keeps the value
        // even and within the half, which is what software measuring OUT2 relies on.
        uint64_t p = ue % n, high = (n + 1) / 2;
        uint64_t q = p < high ? p : p - high;
        v = (n - 2 * q) & ~1ull;
        break;
    }
    default: v = (n + mod - ue % mod) % mod; break;  // wraps through zero and keeps counting
    }
    v %= mod;
    return uint16_t(bcd ? to_bcd(uint32_t(v)) : v);
}

bool PitCounter::null_count(uint64_t t) const {
    // Null count is 1 from a count (or control word) write until CR is transferred to CE
    // (datasheet "Read-Back Command", Figure "Null Count Operation").
    if (pending) return true;
    if (!has_cr) return true;
    return !loaded || t < load_tick;
}

uint64_t PitCounter::next_rise(uint64_t t) const {
    if (!loaded || !counting) return kNoTick;
    int64_t e = elapsed(t);
    switch (mode()) {
    case 0:
    case 1: return e < int64_t(n) ? base + n : kNoTick;
    case 2:
    case 3: {
        if (pending) return pending_at;
        if (n < 2) return kNoTick;  // N = 1 is illegal in mode 2: OUT never rises
        uint64_t k = e < 0 ? 1 : uint64_t(e) / n + 1;
        return base + k * n;
    }
    default: return e <= int64_t(n) ? base + n + 1 : kNoTick;
    }
}

void PitCounter::control(uint8_t m, uint8_t rw_bits, bool b) {
    mode_bits = m;
    rw = rw_bits;
    bcd = b;
    has_cr = loaded = counting = pending = false;
    write_msb = read_msb = false;
}

void PitCounter::load(uint32_t count, uint64_t t) {
    // The count is transferred to CE on the next CLK pulse after it is written.
    n = count;
    loaded = true;
    base = load_tick = t + 1;
    counting = gate;
    frozen = 0;
    pending = false;
}

void PitCounter::write(uint8_t v, uint64_t t) {
    sync(t);
    uint32_t raw;
    if (rw == 3 && !write_msb) {
        lsb = v;
        write_msb = true;
        // Mode 0: writing the first byte stops counting and drops OUT at once (datasheet
        // "Mode 0").
        if (mode() == 0) loaded = false;
        return;
    }
    if (rw == 3) { raw = uint32_t(v) << 8 | lsb; write_msb = false; }
    else if (rw == 1) raw = v;
    else raw = uint32_t(v) << 8;
    if (mode() == 0) loaded = false;

    uint32_t count = bcd ? from_bcd(raw) : raw;
    if (count == 0) count = modulus();
    cr = count;
    has_cr = true;
    switch (mode()) {
    case 1:
    case 5: break;  // hardware triggered: CR is loaded on the next rising GATE edge
    case 2:
    case 3:
        if (loaded && counting) {
            int64_t e = elapsed(t);
            pending = true;
            pending_n = count;
            pending_at = e < 0 ? load_tick : base + (uint64_t(e) / n + 1) * n;
        } else {
            load(count, t);
        }
        break;
    default: load(count, t); break;  // modes 0 and 4 restart with the new count
    }
}

void PitCounter::latch_count(uint64_t t) {
    // A second latch before the first is read is ignored (datasheet "Counter Latch Command").
    if (count_latched) return;
    sync(t);
    latch = value(t);
    count_latched = true;
}

void PitCounter::latch_status(uint64_t t) {
    if (status_latched) return;
    sync(t);
    // Status byte: OUTPUT, NULL COUNT, RW1 RW0, M2 M1 M0, BCD (datasheet Figure "Status Byte").
    status = uint8_t((out(t) ? 0x80 : 0) | (null_count(t) ? 0x40 : 0) | rw << 4 | mode_bits << 1 | (bcd ? 1 : 0));
    status_latched = true;
}

uint8_t PitCounter::read(uint64_t t) {
    sync(t);
    // A latched status is read first, then a latched count (datasheet "Read-Back Command").
    if (status_latched) {
        status_latched = false;
        return status;
    }
    uint16_t v = count_latched ? latch : value(t);
    uint8_t byte;
    if (rw == 1) byte = uint8_t(v);
    else if (rw == 2) byte = uint8_t(v >> 8);
    else {
        byte = read_msb ? uint8_t(v >> 8) : uint8_t(v);
        read_msb = !read_msb;
        if (read_msb) return byte;  // a latched count is held until both bytes are read
    }
    count_latched = false;
    return byte;
}

void PitCounter::set_gate(bool g, uint64_t t) {
    sync(t);
    if (g == gate) return;
    gate = g;
    switch (mode()) {
    case 0:
    case 4:
        // GATE low suspends counting; high resumes from where it stopped.
        if (!loaded) break;
        if (!g) { frozen = uint64_t(std::max<int64_t>(elapsed(t), 0)); counting = false; }
        else { base = std::max(t + 1, load_tick) - frozen; counting = true; }
        break;
    case 1:
    case 5:
        // A rising GATE (re)triggers: CR is loaded into CE on the next clock.
        if (g && has_cr) load(cr, t);
        break;
    default:
        // Modes 2/3: GATE low stops counting and forces OUT high; a rising GATE reloads CR.
        if (!g) counting = false;
        else if (has_cr) load(cr, t);
        break;
    }
}

// ---- the chip ----

uint64_t Pit8254::tick_of(uint64_t ns) {
    return uint64_t((unsigned __int128)ns * kClockHz / 1000000000u);
}

uint64_t Pit8254::ns_of(uint64_t tick) {
    return uint64_t(((unsigned __int128)tick * 1000000000u + kClockHz - 1) / kClockHz);
}

Pit8254::Pit8254(Machine& m) : m_(m) {
    m.io().register_ports(0x40, 4, this);
    m.io().register_ports(0x61, 1, this);
    timer_ = m.clock().add_timer(&Pit8254::on_timer, this);
    reset();
}

void Pit8254::reset() {
    for (auto& c : c_) c = PitCounter{};
    c_[2].gate = false;  // port 61h resets to 0: GATE2 low
    port61_ = 0;
    m_.clock().disarm(timer_);
    irq0_level_ = false;
    if (m_.irq()) m_.irq()->set_irq(0, false);
}

void Pit8254::sync() {
    uint64_t t = now_tick();
    for (auto& c : c_) c.sync(t);
}

uint32_t Pit8254::speaker_hz() {
    const PitCounter& c = c_[2];
    if (!speaker_enabled() || c.mode() != 3 || !c.loaded) return 0;
    return uint32_t(kClockHz / c.n);
}

bool Pit8254::out(unsigned counter) {
    uint64_t t = now_tick();
    c_[counter].sync(t);
    return c_[counter].out(t);
}

void Pit8254::update_irq0() {
    bool level = out(0);
    if (level != irq0_level_) {
        irq0_level_ = level;
        if (m_.irq()) m_.irq()->set_irq(0, level);
    }
    schedule();
}

void Pit8254::schedule() {
    uint64_t tick = c_[0].next_rise(now_tick());
    if (tick == kNoTick) m_.clock().disarm(timer_);
    else m_.clock().arm(timer_, ns_of(tick));
}

void Pit8254::on_timer(void* ctx, uint64_t) {
    // OUT0 just rose. IRQ0 is edge-triggered, so the rising edge is what matters; the line is
    // left high until the next edge rather than following OUT0 down (that would double the
    // events and drop ticks when the guest keeps interrupts off for half a period).
    auto* self = static_cast<Pit8254*>(ctx);
    self->sync();
    if (IrqSink* irq = self->m_.irq()) irq->pulse_irq(0);
    self->irq0_level_ = true;
    self->schedule();
}

uint32_t Pit8254::io_read(uint16_t port, unsigned size) {
    if (size > 1) {
        uint32_t v = 0;
        for (unsigned i = 0; i < size; ++i) v |= m_.io().read(uint16_t(port + i), 1) << (8 * i);
        return v;
    }
    uint64_t t = now_tick();
    if (port == 0x61) {
        // Bit 4 toggles with each refresh request (every 18 PIT clocks); bit 5 is OUT2.
        // Bits 6/7 (parity / channel check) never fire here.
        return (port61_ & 0x0F) | ((t / 18) & 1 ? 0x10 : 0) | (out(2) ? 0x20 : 0);
    }
    if (port == 0x43) return 0xFF;  // the control word register cannot be read
    return c_[port - 0x40].read(t);
}

void Pit8254::io_write(uint16_t port, uint32_t value, unsigned size) {
    if (size > 1) {
        for (unsigned i = 0; i < size; ++i) m_.io().write(uint16_t(port + i), (value >> (8 * i)) & 0xFF, 1);
        return;
    }
    uint8_t v = uint8_t(value);
    uint64_t t = now_tick();
    if (port == 0x61) {
        port61_ = v & 0x0F;
        c_[2].set_gate(v & 1, t);
        return;
    }
    if (port < 0x43) {
        c_[port - 0x40].write(v, t);
        if (port == 0x40) update_irq0();
        return;
    }
    unsigned sc = v >> 6;
    if (sc == 3) {
        // Read-back: bit 5 = 0 latches counts, bit 4 = 0 latches status, bits 3-1 select.
        for (unsigned k = 0; k < 3; ++k) {
            if (!(v & (2u << k))) continue;
            if (!(v & 0x20)) c_[k].latch_count(t);
            if (!(v & 0x10)) c_[k].latch_status(t);
        }
        return;
    }
    uint8_t rw = (v >> 4) & 3;
    if (rw == 0) {
        c_[sc].latch_count(t);
        return;
    }
    c_[sc].sync(t);
    c_[sc].control((v >> 1) & 7, rw, v & 1);
    if (sc == 0) update_irq0();
}

// For the debugger's `info pit`.
void Pit8254::debug_info(std::ostream& out) const {
    const uint64_t t = now_tick();
    for (unsigned k = 0; k < 3; ++k) {
        const PitCounter& c = c_[k];
        char buf[200];
        std::snprintf(buf, sizeof buf, "counter %u: mode %u rw=%u%s count=%u value=%04x out=%d gate=%d%s%s\n", k,
                      c.mode(), unsigned(c.rw), c.bcd ? " bcd" : "", unsigned(c.n), unsigned(c.value(t)), c.out(t) ? 1 : 0,
                      c.gate ? 1 : 0, c.loaded ? "" : " (no count loaded)", c.null_count(t) ? " null-count" : "");
        out << buf;
    }
    char buf[80];
    std::snprintf(buf, sizeof buf, "port 61h=%02x speaker %s\n", unsigned(port61_), speaker_enabled() ? "on" : "off");
    out << buf;
}

} // namespace bw
