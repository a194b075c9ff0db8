// Intel 8254 programmable interval timer at 40h-43h, plus the AT's port 61h (system control
// port B). Section references are to the Intel 8254 datasheet (231164).
//
// Port 61h lives here rather than in its own file because everything it shows is PIT state:
// bit 0 is counter 2's GATE, bit 1 gates OUT2 to the speaker, bit 5 reads OUT2, and bit 4 is the
// refresh request toggle, which the AT derives from counter 1 (the DRAM refresh timer, 18 clocks
// = 15.08 us); we derive it from the same PIT clock so it toggles even if nobody programs
// counter 1.
//
// Counters are evaluated lazily: each keeps the clock tick at which its counting element was
// loaded, and its value and OUT are computed from virtual time when read. The only Clock timer
// is counter 0's next rising OUT edge, which raises IRQ0.
#pragma once
#include <cstdint>
#include "devices/machine.h"
#include "mem/bus.h"

namespace bw {

struct PitCounter {
    uint8_t mode_bits = 0;   // M2-M1-M0 as written (6 and 7 alias modes 2 and 3)
    uint8_t rw = 3;          // RW1-RW0: 1 LSB only, 2 MSB only, 3 LSB then MSB
    bool bcd = false;
    bool gate = true;

    uint32_t cr = 0x10000;   // count register, decoded (0 means the maximum: 10000h or 10^4)
    uint32_t n = 0x10000;    // the count the counting element runs with
    bool has_cr = false;     // a count has been written since the control word
    bool loaded = false;     // the counting element holds a count
    bool counting = false;   // false: GATE holds the count (modes 0/4) or forces OUT (2/3)
    uint64_t load_tick = 0;  // CLK tick at which CR was transferred to CE (null count ends)
    uint64_t base = 0;       // tick at which elapsed = 0
    uint64_t frozen = 0;     // elapsed count while not counting
    bool pending = false;    // modes 2/3: a new count waits for the end of the period
    uint32_t pending_n = 0;
    uint64_t pending_at = 0;

    bool write_msb = false, read_msb = false;  // byte flip-flops
    uint8_t lsb = 0;
    bool count_latched = false, status_latched = false;
    uint16_t latch = 0;
    uint8_t status = 0;

    unsigned mode() const { return mode_bits > 5 ? mode_bits - 4u : mode_bits; }
    uint32_t modulus() const { return bcd ? 10000 : 0x10000; }

    void sync(uint64_t t);
    int64_t elapsed(uint64_t t) const;  // CLK pulses counted since the load; -1 before it
    bool out(uint64_t t) const;
    uint16_t value(uint64_t t) const;   // counting element, as the guest reads it (BCD if set)
    bool null_count(uint64_t t) const;
    uint64_t next_rise(uint64_t t) const;  // tick of OUT's next low-to-high edge, or ~0

    void control(uint8_t mode, uint8_t rw, bool bcd);
    void write(uint8_t v, uint64_t t);
    uint8_t read(uint64_t t);
    void latch_count(uint64_t t);
    void latch_status(uint64_t t);
    void set_gate(bool g, uint64_t t);

private:
    void load(uint32_t count, uint64_t t);
};

class Pit8254 : public Device, public IoDevice {
public:
    static constexpr uint64_t kClockHz = 1193182;

    explicit Pit8254(Machine& m);
    const char* name() const override { return "pit"; }
    void reset() override;
    uint32_t io_read(uint16_t port, unsigned size) override;
    void io_write(uint16_t port, uint32_t value, unsigned size) override;
    void debug_info(std::ostream& out) const override;

    bool out(unsigned counter);
    // The speaker sounds OUT2 when port 61h bits 0 (GATE2) and 1 (speaker data) are both set.
    bool speaker_enabled() const { return (port61_ & 3) == 3; }
    // The tone the speaker plays: counter 2's square wave frequency, or 0 when silent.
    uint32_t speaker_hz();
    const PitCounter& counter(unsigned k) const { return c_[k]; }

    static uint64_t tick_of(uint64_t ns);
    static uint64_t ns_of(uint64_t tick);  // first ns at which tick_of() reaches `tick`

private:
    static void on_timer(void* ctx, uint64_t now_ns);
    uint64_t now_tick() const { return tick_of(m_.now_ns()); }
    void sync();
    void update_irq0();  // drives IRQ0 from OUT0 after a programming change
    void schedule();

    Machine& m_;
    PitCounter c_[3];
    uint8_t port61_ = 0;
    bool irq0_level_ = false;
    int timer_ = -1;
};

} // namespace bw
