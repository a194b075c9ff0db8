// National Semiconductor PC16550D UART (the PC's COM ports): COM1 at 0x3F8 on IRQ4 and COM2
// at 0x2F8 on IRQ3. Characters are shifted out and in at the programmed baud rate on the virtual
// clock, so software that polls LSR or waits for THRE interrupts sees realistic pacing.
// References: PC16550D datasheet (National Semiconductor, June 1995), section 8 "Registers".
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include "devices/machine.h"

namespace bw {

class Uart16550 : public Device, public IoDevice {
public:
    Uart16550(Machine& m, uint16_t base, unsigned irq, const char* name);
    const char* name() const override { return name_; }
    void reset() override;
    uint32_t io_read(uint16_t port, unsigned size) override;
    void io_write(uint16_t port, uint32_t value, unsigned size) override;

    // Host side: every byte the guest transmits (when not in loopback), and bytes typed by the
    // host. Host bytes are queued and enter the receiver one character time apart; while the
    // receive FIFO is full they wait (as with hardware flow control) instead of overrunning.
    std::function<void(uint8_t)> on_transmit;
    void receive_byte(uint8_t b);
    // Host side, when the run ends: hands the character in the shift register and those still
    // in the transmit FIFO to on_transmit at once, as if the line had finished sending them.
    // The guest wrote them before the stop, and whoever reads the output expects them (the
    // paced transmitter would otherwise keep them for up to 17 character times). Never called
    // while the machine runs on: it skips the pacing.
    void drain_transmitter();

    // The nanoseconds one character takes on the line with the current LCR and divisor.
    uint64_t char_time_ns() const;
    // For the debugger's `info serial`: the registers as the guest would read them (no side
    // effects: LSR errors and the THRE interrupt stay as they are), divisor, FIFO levels.
    void debug_info(std::ostream& out) const override;

private:
    static void tx_done(void* ctx, uint64_t now);
    static void rx_pump(void* ctx, uint64_t now);
    static void rx_timeout(void* ctx, uint64_t now);

    bool fifo_on() const { return (fcr_ & 1) != 0; }
    bool loopback() const { return (mcr_ & 0x10) != 0; }
    size_t rx_capacity() const { return fifo_on() ? 16 : 1; }
    unsigned rx_trigger() const;
    uint8_t iir() const;
    uint8_t lsr() const;
    uint8_t msr_lines() const;
    void update_msr();
    void update_irq();
    void start_tx();
    void deliver(uint8_t b);
    void restart_timeout();
    void write_mcr(uint8_t v);

    Machine& m_;
    uint16_t base_;
    unsigned irq_;
    const char* name_;
    int tx_timer_, rx_timer_, to_timer_;

    uint16_t divisor_ = 12;  // 9600 baud; the divisor latch is not affected by MR (datasheet table IV)
    uint8_t ier_ = 0, fcr_ = 0, lcr_ = 0, mcr_ = 0, scr_ = 0;
    uint8_t lsr_errors_ = 0;    // OE/PE/FE/BI, cleared by reading LSR
    uint8_t msr_ = 0;           // line states (bits 4-7) and deltas (bits 0-3)
    std::deque<uint8_t> rx_, tx_, host_;
    uint8_t tsr_ = 0;
    bool tsr_busy_ = false;
    bool thre_ip_ = false;      // THR-empty interrupt latched until IIR read / THR write
    bool timeout_ip_ = false;   // character timeout indication (FIFO mode)
    bool irq_level_ = false;
};

} // namespace bw
