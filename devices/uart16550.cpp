#include "devices/uart16550.h"
#include <cstdio>
#include <ostream>

namespace bw {

namespace {
constexpr uint8_t kLsrDR = 0x01, kLsrOE = 0x02, kLsrTHRE = 0x20, kLsrTEMT = 0x40;
constexpr uint8_t kMcrDTR = 0x01, kMcrRTS = 0x02, kMcrOUT1 = 0x04, kMcrOUT2 = 0x08;
constexpr uint64_t kInputClock = 1843200;  // the PC's 1.8432 MHz UART crystal
}

Uart16550::Uart16550(Machine& m, uint16_t base, unsigned irq, const char* name)
    : m_(m), base_(base), irq_(irq), name_(name) {
    m.io().register_ports(base, 8, this);
    tx_timer_ = m.clock().add_timer(&Uart16550::tx_done, this);
    rx_timer_ = m.clock().add_timer(&Uart16550::rx_pump, this);
    to_timer_ = m.clock().add_timer(&Uart16550::rx_timeout, this);
    reset();
}

// Master reset (datasheet table IV): IER, FCR, LCR, MCR cleared; LSR = 0x60; FIFOs emptied.
void Uart16550::reset() {
    m_.clock().disarm(tx_timer_);
    m_.clock().disarm(rx_timer_);
    m_.clock().disarm(to_timer_);
    ier_ = fcr_ = lcr_ = mcr_ = 0;
    lsr_errors_ = 0;
    rx_.clear();
    tx_.clear();
    host_.clear();
    tsr_busy_ = thre_ip_ = timeout_ip_ = false;
    msr_ = msr_lines();
    update_irq();
}

uint64_t Uart16550::char_time_ns() const {
    // Start bit + 5..8 data bits + optional parity + 1, 1.5 (5-bit words) or 2 stop bits,
    // counted in half bits; one bit lasts 16 input-clock periods per divisor unit (section 8.5).
    unsigned half = 2 * (1 + 5 + (lcr_ & 3)) + ((lcr_ & 8) ? 2 : 0);
    half += (lcr_ & 4) ? ((lcr_ & 3) == 0 ? 3 : 4) : 2;
    uint64_t div = divisor_ ? divisor_ : 0x10000;
    return div * 16 * half * 1000000000ull / (2 * kInputClock);
}

unsigned Uart16550::rx_trigger() const {
    static const unsigned kLevels[4] = {1, 4, 8, 14};  // FCR bits 7:6 (section 8.4)
    return fifo_on() ? kLevels[fcr_ >> 6] : 1;
}

// Modem inputs. In loopback the outputs feed the inputs: RTS->CTS, DTR->DSR, OUT1->RI,
// OUT2->DCD (section 8.6, MCR bit 4). Otherwise the host end is a connected null modem that
// asserts CTS, DSR and DCD.
uint8_t Uart16550::msr_lines() const {
    if (!loopback()) return 0xB0;
    uint8_t v = 0;
    if (mcr_ & kMcrRTS) v |= 0x10;
    if (mcr_ & kMcrDTR) v |= 0x20;
    if (mcr_ & kMcrOUT1) v |= 0x40;
    if (mcr_ & kMcrOUT2) v |= 0x80;
    return v;
}

// Sets the delta bits for changed inputs; TERI is only set on RI's trailing (1->0) edge.
void Uart16550::update_msr() {
    uint8_t now = msr_lines(), old = msr_ & 0xF0;
    uint8_t delta = msr_ & 0x0F;
    if ((now ^ old) & 0x10) delta |= 0x01;
    if ((now ^ old) & 0x20) delta |= 0x02;
    if ((old & 0x40) && !(now & 0x40)) delta |= 0x04;
    if ((now ^ old) & 0x80) delta |= 0x08;
    msr_ = now | delta;
}

uint8_t Uart16550::lsr() const {
    uint8_t v = lsr_errors_;
    if (!rx_.empty()) v |= kLsrDR;
    if (tx_.empty()) v |= kLsrTHRE;
    if (tx_.empty() && !tsr_busy_) v |= kLsrTEMT;
    return v;
}

// Interrupt identification in priority order (datasheet table V).
uint8_t Uart16550::iir() const {
    uint8_t fifo_bits = fifo_on() ? 0xC0 : 0x00;
    if ((ier_ & 0x04) && lsr_errors_) return fifo_bits | 0x06;
    if (ier_ & 0x01) {
        if (rx_.size() >= rx_trigger() && !rx_.empty()) return fifo_bits | 0x04;
        if (timeout_ip_ && !rx_.empty()) return fifo_bits | 0x0C;
    }
    if ((ier_ & 0x02) && thre_ip_) return fifo_bits | 0x02;
    if ((ier_ & 0x08) && (msr_ & 0x0F)) return fifo_bits | 0x00;
    return fifo_bits | 0x01;
}

// On PCs the INTR pin reaches the ISA bus through a buffer enabled by OUT2. In loopback the
// OUT2 pin is forced inactive (section 8.6), so the IRQ line stays low there too.
void Uart16550::update_irq() {
    bool level = !(iir() & 1) && (mcr_ & kMcrOUT2) && !loopback();
    if (level == irq_level_) return;
    irq_level_ = level;
    if (IrqSink* s = m_.irq()) s->set_irq(irq_, level);
}

void Uart16550::start_tx() {
    if (tsr_busy_ || tx_.empty()) return;
    tsr_ = tx_.front();
    tx_.pop_front();
    tsr_busy_ = true;
    if (tx_.empty()) thre_ip_ = true;  // THR/FIFO emptied into the shift register
    m_.clock().arm(tx_timer_, m_.clock().now_ns() + char_time_ns());
}

void Uart16550::tx_done(void* ctx, uint64_t) {
    auto* u = static_cast<Uart16550*>(ctx);
    u->tsr_busy_ = false;
    if (u->loopback()) u->deliver(u->tsr_);
    else if (u->on_transmit) u->on_transmit(u->tsr_);
    u->start_tx();
    u->update_irq();
}

void Uart16550::drain_transmitter() {
    while (tsr_busy_) tx_done(this, m_.clock().now_ns());  // each call moves the next FIFO byte on
    m_.clock().disarm(tx_timer_);
}

// A character arrives from the line. When the receiver is full the new character is lost and
// OE is set (section 8.7, LSR bit 1); in 16450 mode it overwrites the holding register.
void Uart16550::deliver(uint8_t b) {
    if (rx_.size() >= rx_capacity()) {
        lsr_errors_ |= kLsrOE;
        if (!fifo_on()) rx_.back() = b;
    } else {
        rx_.push_back(b);
    }
    restart_timeout();
    update_irq();
}

// Character timeout (section 8.8): 4 character times without the FIFO being read or written
// while it holds data below the trigger level.
void Uart16550::restart_timeout() {
    timeout_ip_ = false;
    if (fifo_on() && !rx_.empty()) m_.clock().arm(to_timer_, m_.clock().now_ns() + 4 * char_time_ns());
    else m_.clock().disarm(to_timer_);
}

void Uart16550::rx_timeout(void* ctx, uint64_t) {
    auto* u = static_cast<Uart16550*>(ctx);
    if (u->fifo_on() && !u->rx_.empty()) u->timeout_ip_ = true;
    u->update_irq();
}

void Uart16550::receive_byte(uint8_t b) {
    host_.push_back(b);
    if (!m_.clock().armed(rx_timer_)) rx_pump(this, m_.clock().now_ns());
}

void Uart16550::rx_pump(void* ctx, uint64_t now) {
    auto* u = static_cast<Uart16550*>(ctx);
    if (u->host_.empty()) return;
    if (!u->loopback() && u->rx_.size() < u->rx_capacity()) {
        uint8_t b = u->host_.front();
        u->host_.pop_front();
        u->deliver(b);
    }
    // The line is busy for one character time; the next character can follow after it.
    u->m_.clock().arm(u->rx_timer_, now + u->char_time_ns());
}

void Uart16550::write_mcr(uint8_t v) {
    mcr_ = v & 0x1F;
    update_msr();
}

uint32_t Uart16550::io_read(uint16_t port, unsigned) {
    uint8_t v = 0xFF;
    switch (port - base_) {
    case 0:
        if (lcr_ & 0x80) { v = uint8_t(divisor_); break; }
        v = rx_.empty() ? 0 : rx_.front();
        if (!rx_.empty()) rx_.pop_front();
        restart_timeout();
        break;
    case 1: v = (lcr_ & 0x80) ? uint8_t(divisor_ >> 8) : ier_; break;
    case 2:
        v = iir();
        if ((v & 0x0F) == 0x02) thre_ip_ = false;  // reading IIR clears a reported THRE source
        break;
    case 3: v = lcr_; break;
    case 4: v = mcr_; break;
    case 5:
        v = lsr();
        lsr_errors_ = 0;
        break;
    case 6:
        v = msr_;
        msr_ &= 0xF0;  // reading MSR clears the delta bits
        break;
    case 7: v = scr_; break;
    }
    update_irq();
    return v;
}

void Uart16550::io_write(uint16_t port, uint32_t value, unsigned) {
    uint8_t v = uint8_t(value);
    switch (port - base_) {
    case 0:
        if (lcr_ & 0x80) { divisor_ = uint16_t((divisor_ & 0xFF00) | v); break; }
        thre_ip_ = false;
        if (tx_.size() < (fifo_on() ? 16u : 1u)) tx_.push_back(v);
        else if (!fifo_on()) tx_.back() = v;  // 16450 THR is simply overwritten
        start_tx();
        break;
    case 1:
        if (lcr_ & 0x80) { divisor_ = uint16_t((divisor_ & 0x00FF) | (v << 8)); break; }
        // Enabling ETBEI while the THR is empty raises the THRE interrupt at once (the
        // behaviour Linux's UART_BUG_THRE probe checks for).
        if ((v & 0x02) && !(ier_ & 0x02) && tx_.empty()) thre_ip_ = true;
        ier_ = v & 0x0F;
        break;
    case 2:
        // FCR (section 8.4): toggling bit 0 empties both FIFOs; other bits need bit 0 set.
        if ((v ^ fcr_) & 1) { rx_.clear(); tx_.clear(); }
        if (v & 1) {
            if (v & 2) rx_.clear();
            if (v & 4) tx_.clear();
            fcr_ = v & 0xC9;
        } else {
            fcr_ = 0;
        }
        if (tx_.empty() && (ier_ & 0x02)) thre_ip_ = true;
        restart_timeout();
        break;
    case 3: lcr_ = v; break;
    case 4: {
        bool was_loop = loopback();
        write_mcr(v);
        if (was_loop && !loopback() && !host_.empty() && !m_.clock().armed(rx_timer_))
            rx_pump(this, m_.clock().now_ns());
        break;
    }
    case 5: break;  // LSR is read-only here (writing it is a factory test feature)
    case 6: break;
    case 7: scr_ = v; break;
    }
    update_irq();
}

// For the debugger's `info serial` / `info com1`. Names as in the PC16550D datasheet, table II.
void Uart16550::debug_info(std::ostream& out) const {
    static const char kParity[8] = {'N', 'O', 'N', 'E', 'N', 'M', 'N', 'S'};  // LCR bits 5:3
    const unsigned bits = 5 + (lcr_ & 3);
    const char* stop = (lcr_ & 4) ? (bits == 5 ? "1.5" : "2") : "1";
    const uint32_t div = divisor_ ? divisor_ : 0x10000;
    char buf[256];
    std::snprintf(buf, sizeof buf, "base=%03x irq=%u line=%d%s\n", unsigned(base_), irq_, irq_level_ ? 1 : 0,
                  loopback() ? " loopback" : "");
    out << buf;
    std::snprintf(buf, sizeof buf, "IER=%02x IIR=%02x FCR=%02x LCR=%02x MCR=%02x LSR=%02x MSR=%02x SCR=%02x\n",
                  unsigned(ier_), unsigned(iir()), unsigned(fcr_), unsigned(lcr_), unsigned(mcr_), unsigned(lsr()),
                  unsigned(msr_), unsigned(scr_));
    out << buf;
    std::snprintf(buf, sizeof buf, "DLAB=%u divisor=%04x (%u baud) format %u%c%s%s\n", (lcr_ >> 7) & 1u, unsigned(divisor_),
                  unsigned(kInputClock / 16 / div), bits, (lcr_ & 8) ? kParity[(lcr_ >> 3) & 7] : 'N', stop,
                  (lcr_ & 0x40) ? " break" : "");
    out << buf;
    std::snprintf(buf, sizeof buf, "FIFO %s trigger=%u rx=%zu/%zu tx=%zu shift=%s host-queue=%zu%s%s\n",
                  fifo_on() ? "on" : "off", rx_trigger(), rx_.size(), rx_capacity(), tx_.size(), tsr_busy_ ? "busy" : "idle",
                  host_.size(), thre_ip_ ? " thre-pending" : "", timeout_ip_ ? " timeout-pending" : "");
    out << buf;
}

} // namespace bw
