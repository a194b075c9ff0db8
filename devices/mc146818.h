// Motorola MC146818A real-time clock and CMOS RAM at 70h/71h, with the PC/AT CMOS layout.
// Section references are to the MC146818A datasheet.
//
// Time is deterministic: the clock starts from MachineConfig::rtc_epoch (or the host time, read
// once at construction) and then advances only with virtual time. The time registers are brought
// up to date lazily whenever the guest touches the chip; Clock timers are armed only while an
// interrupt that needs one (periodic, update-ended, alarm) is enabled.
#pragma once
#include <cstdint>
#include "devices/machine.h"
#include "mem/bus.h"

namespace bw {

class Mc146818 : public Device, public IoDevice {
public:
    explicit Mc146818(Machine& m);
    const char* name() const override { return "cmos"; }
    void reset() override;  // the RESET pin: clears the interrupt enables and flags
    uint32_t io_read(uint16_t port, unsigned size) override;
    void io_write(uint16_t port, uint32_t value, unsigned size) override;
    void debug_info(std::ostream& out) const override;

    // Direct CMOS RAM access for other devices and the front end (no side effects).
    uint8_t cmos(unsigned index) const { return ram_[index & 0x7F]; }
    void set_cmos(unsigned index, uint8_t v) { ram_[index & 0x7F] = v; }
    void update_checksum();  // the AT checksum at 2Eh-2Fh over 10h-2Dh
    bool nmi_masked() const { return nmi_mask_; }

private:
    static void on_timer(void* ctx, uint64_t now_ns);
    void fill_config(const MachineConfig& cfg);
    void set_time(uint64_t unix_seconds, bool local);
    bool running() const;
    void sync();            // applies the update cycles and periodic ticks due by now
    void update_cycle();    // one second: advance the calendar, check the alarm, set UF
    uint64_t periodic_ticks() const;  // periodic interval in 32.768 kHz ticks, 0 = none
    uint64_t periodic_index(uint64_t ns) const;
    uint64_t periodic_time(uint64_t index) const;
    void update_irq();
    void schedule();
    uint8_t read_reg(unsigned index);
    void write_reg(unsigned index, uint8_t v);

    Machine& m_;
    uint8_t ram_[128] = {};
    uint8_t index_ = 0;
    bool nmi_mask_ = false;
    bool irq_level_ = false;
    uint64_t origin_ns_ = 0;       // when the divider chain last left reset
    uint64_t next_update_ns_ = 0;  // the next update cycle
    uint64_t periodic_seen_ = 0;   // periodic ticks already folded into PF
    int timer_ = -1;
};

} // namespace bw
