// Intel 8259A programmable interrupt controller, as the PC/AT pair: master at 20h/21h, slave at
// A0h/A1h cascaded on the master's IR2, plus the PIIX-style edge/level control registers (ELCR)
// at 4D0h/4D1h. Section references are to the Intel 8259A datasheet (231468).
#pragma once
#include <cstdint>
#include "cpu/cpu.h"
#include "devices/irq.h"
#include "devices/machine.h"
#include "mem/bus.h"

namespace bw {

// One 8259A. Pure logic: the pair below feeds its IR inputs and reads its INT output.
struct Pic8259Chip {
    uint8_t level = 0;       // current IR input levels
    uint8_t edge = 0;        // edge-sense latches (set by a low-to-high IR transition)
    uint8_t isr = 0;
    uint8_t imr = 0;
    uint8_t elcr = 0;        // 1 = level-sensitive input (ELCR), OR'ed with ICW1 LTIM
    uint8_t vector_base = 0; // ICW2 T7-T3
    uint8_t icw3 = 0;        // master: which IRs have slaves; slave: its ID
    uint8_t lowest = 7;      // the IR with the lowest priority (rotation state)
    uint8_t init_step = 0;   // 0 = operational, else the next ICW expected (2, 3, 4)
    bool ltim = false, single = false, need_icw4 = false;
    bool aeoi = false, sfnm = false;
    bool rotate_in_aeoi = false;
    bool special_mask = false;
    bool read_isr = false;   // OCW3 RIS: the even port reads ISR instead of IRR
    bool poll = false;       // OCW3 P: the next even-port read is a poll
    bool is_master = false;

    uint8_t irr() const;
    // The highest-priority unmasked request that may interrupt now, or -1.
    int pending() const;
    bool int_output() const { return pending() >= 0; }
    // INTA: moves the request to ISR (unless AEOI) and returns the IR, or -1 (spurious).
    int acknowledge_ir();
    void set_input(unsigned ir, bool high);
    void write_command(uint8_t v);
    void write_data(uint8_t v);
    uint8_t read_command();
    uint8_t read_data() const { return imr; }

private:
    int highest_in_service() const;
    void eoi(int ir, bool rotate);
    int priority_of(int ir) const { return (ir - lowest - 1) & 7; }  // 0 = highest
};

class Pic8259 : public Device, public IoDevice, public IrqSink, public InterruptController {
public:
    explicit Pic8259(Machine& m);
    const char* name() const override { return "pic"; }
    void reset() override;

    uint32_t io_read(uint16_t port, unsigned size) override;
    void io_write(uint16_t port, uint32_t value, unsigned size) override;
    void set_irq(unsigned irq, bool level) override;
    uint8_t acknowledge() override;
    void debug_info(std::ostream& out) const override;

    bool int_output() const { return master_.int_output(); }
    // Where INT goes: the local APIC's LINT0 when the CPU has one, else the CPU's INTR pin.
    IntLine* int_line = nullptr;
    const Pic8259Chip& master() const { return master_; }
    const Pic8259Chip& slave() const { return slave_; }

private:
    void update();  // propagates the slave's INT to master IR2 and the master's INT to the CPU

    Machine& m_;
    Pic8259Chip master_, slave_;
    bool intr_ = false;
};

} // namespace bw
