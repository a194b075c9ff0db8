#include "devices/pic8259.h"
#include <cstdio>
#include <ostream>

namespace bw {

// ---- one 8259A ----

uint8_t Pic8259Chip::irr() const {
    // Level-sensitive inputs request while high. Edge-sensitive inputs request after a rising
    // edge, but the request latch still follows the input: a request that goes away before INTA
    // is lost (datasheet "Edge and Level Triggered Modes": IR must stay high until the first INTA;
    // if it does not, the 8259A answers with IR7 - the spurious interrupt).
    uint8_t lvl = ltim ? 0xFF : elcr;
    return uint8_t((lvl & level) | (~lvl & edge & level));
}

int Pic8259Chip::pending() const {
    uint8_t req = uint8_t(irr() & ~imr);
    if (!req) return -1;
    for (int p = 0; p < 8; ++p) {
        int ir = (lowest + 1 + p) & 7;
        uint8_t bit = uint8_t(1u << ir);
        if (special_mask) {
            // Special Mask Mode: only masked levels are inhibited; in-service levels inhibit just
            // themselves, lower levels may interrupt (datasheet "Special Mask Mode").
            if ((req & bit) && !(isr & bit)) return ir;
            continue;
        }
        if (isr & bit) {
            // Special Fully Nested Mode: the master accepts a further request from a slave whose
            // IR is already in service (datasheet "Special Fully Nest Mode").
            if (sfnm && is_master && (icw3 & bit) && (req & bit)) return ir;
            return -1;  // fully nested: everything from here on has lower priority
        }
        if (req & bit) return ir;
    }
    return -1;
}

int Pic8259Chip::acknowledge_ir() {
    int ir = pending();
    if (ir < 0) return -1;
    uint8_t bit = uint8_t(1u << ir);
    edge &= uint8_t(~bit);  // the request latch is reset by INTA; a new edge is needed
    if (aeoi) {
        // AEOI: the ISR bit is reset at the end of the INTA sequence; with "rotate in AEOI" the
        // level just served becomes the lowest priority (datasheet "Automatic Rotation").
        if (rotate_in_aeoi) lowest = uint8_t(ir);
    } else {
        isr |= bit;
    }
    return ir;
}

void Pic8259Chip::set_input(unsigned ir, bool high) {
    uint8_t bit = uint8_t(1u << ir);
    if (high && !(level & bit)) edge |= bit;
    if (high) level |= bit; else level &= uint8_t(~bit);
}

int Pic8259Chip::highest_in_service() const {
    // In Special Mask Mode a non-specific EOI does not reset ISR bits that are masked by IMR
    // (datasheet "End of Interrupt"); a specific EOI must be used for those.
    uint8_t candidates = special_mask ? uint8_t(isr & ~imr) : isr;
    for (int p = 0; p < 8; ++p) {
        int ir = (lowest + 1 + p) & 7;
        if (candidates & (1u << ir)) return ir;
    }
    return -1;
}

void Pic8259Chip::eoi(int ir, bool rotate) {
    if (ir < 0) return;
    isr &= uint8_t(~(1u << ir));
    if (rotate) lowest = uint8_t(ir);
}

void Pic8259Chip::write_command(uint8_t v) {
    if (v & 0x10) {
        // ICW1 (datasheet "Initialization Command Words"): the edge sense circuit is reset, IMR
        // is cleared, IR7 gets the lowest priority, special mask mode is cleared and status read
        // is set to IRR; without IC4 all ICW4 functions are zero. ISR is cleared as well, as
        // every PC chip set does, so a re-init never leaves a level stuck in service.
        ltim = v & 0x08;
        single = v & 0x02;
        need_icw4 = v & 0x01;
        edge = 0;
        imr = 0;
        isr = 0;
        lowest = 7;
        special_mask = false;
        read_isr = false;
        poll = false;
        rotate_in_aeoi = false;
        if (!need_icw4) aeoi = sfnm = false;
        init_step = 2;
        return;
    }
    if (v & 0x08) {
        // OCW3: ESMM/SMM, poll, RR/RIS.
        if (v & 0x04) poll = true;
        if (v & 0x02) read_isr = v & 0x01;
        if (v & 0x40) special_mask = v & 0x20;
        return;
    }
    // OCW2: R, SL, EOI in bits 7-5, level in bits 2-0 (datasheet Figure "OCW2").
    unsigned level_no = v & 7;
    switch (v >> 5) {
    case 1: eoi(highest_in_service(), false); break;         // non-specific EOI
    case 3: eoi(int(level_no), false); break;                // specific EOI
    case 5: eoi(highest_in_service(), true); break;          // rotate on non-specific EOI
    case 7: eoi(int(level_no), true); break;                 // rotate on specific EOI
    case 6: lowest = uint8_t(level_no); break;               // set priority (specific rotate)
    case 4: rotate_in_aeoi = true; break;                    // rotate in AEOI mode (set)
    case 0: rotate_in_aeoi = false; break;                   // rotate in AEOI mode (clear)
    default: break;                                          // 2: no operation
    }
}

void Pic8259Chip::write_data(uint8_t v) {
    switch (init_step) {
    case 2:  // ICW2: T7-T3 of the vector; the IR number fills bits 2-0 in 8086 mode
        vector_base = v & 0xF8;
        init_step = single ? (need_icw4 ? 4 : 0) : 3;
        break;
    case 3:  // ICW3: master: IRs with a slave; slave: its cascade ID
        icw3 = v;
        init_step = need_icw4 ? 4 : 0;
        break;
    case 4:  // ICW4: SFNM (bit 4), AEOI (bit 1); buffered mode and uPM do not matter on a PC
        sfnm = v & 0x10;
        aeoi = v & 0x02;
        init_step = 0;
        break;
    default:  // OCW1
        imr = v;
        break;
    }
}

uint8_t Pic8259Chip::read_command() {
    if (poll) {
        // Poll command: the read acts as an interrupt acknowledge and returns I (bit 7) and the
        // highest-priority level W2-W0 (datasheet "The Poll Command").
        poll = false;
        int ir = acknowledge_ir();
        return ir < 0 ? 0 : uint8_t(0x80 | ir);
    }
    return read_isr ? isr : irr();
}

// ---- the PC/AT pair ----

namespace {
constexpr unsigned kCascadeIr = 2;  // the AT wires the slave's INT to master IR2
}

Pic8259::Pic8259(Machine& m) : m_(m) {
    m.io().register_ports(0x20, 2, this);
    m.io().register_ports(0xA0, 2, this);
    m.io().register_ports(0x4D0, 2, this);
    master_.is_master = true;
    m.set_irq_sink(this);
    m.cpu().set_interrupt_controller(this);
}

void Pic8259::reset() {
    // RESET leaves the 8259A uninitialized; the inputs keep whatever the devices drive. The
    // PIIX clears ELCR on reset.
    uint8_t mlevel = master_.level, slevel = slave_.level;
    master_ = Pic8259Chip{};
    slave_ = Pic8259Chip{};
    master_.is_master = true;
    master_.level = mlevel;
    slave_.level = slevel;
    intr_ = false;
    if (int_line) int_line->set_level(false); else m_.cpu().set_intr(false);
    update();
}

void Pic8259::update() {
    master_.set_input(kCascadeIr, slave_.int_output());
    bool out = master_.int_output();
    if (out != intr_) {
        intr_ = out;
        if (int_line) int_line->set_level(out); else m_.cpu().set_intr(out);
    }
}

void Pic8259::set_irq(unsigned irq, bool level) {
    // ISA IRQ2 does not exist on the AT: the bus pin is rerouted to IRQ9 (slave IR1).
    if (irq == kCascadeIr) irq = 9;
    if (irq < 8) master_.set_input(irq, level);
    else if (irq < 16) slave_.set_input(irq - 8, level);
    update();
}

uint8_t Pic8259::acknowledge() {
    int ir = master_.acknowledge_ir();
    uint8_t vec;
    if (ir < 0) {
        vec = master_.vector_base | 7;  // spurious IRQ7: the request vanished before INTA
    } else if (unsigned(ir) == kCascadeIr && !master_.single) {
        // The master drives CAS2-0 and the slave supplies the vector (datasheet "Cascade
        // Buffer/Comparator"). If the slave's request vanished, it answers with its IR7
        // (spurious IRQ15) while the master's IR2 is in service and needs an EOI.
        int sir = slave_.acknowledge_ir();
        vec = uint8_t(slave_.vector_base | (sir < 0 ? 7 : sir));
        // The slave's INT falls during INTA; if it still has an eligible request afterwards
        // (AEOI) it rises again, which is a new edge on master IR2.
        master_.set_input(kCascadeIr, false);
    } else {
        vec = uint8_t(master_.vector_base | ir);
    }
    update();
    return vec;
}

uint32_t Pic8259::io_read(uint16_t port, unsigned size) {
    if (size > 1) {  // wide accesses are split into byte cycles, as the ISA bus does
        uint32_t v = 0;
        for (unsigned i = 0; i < size; ++i) v |= m_.io().read(uint16_t(port + i), 1) << (8 * i);
        return v;
    }
    uint8_t v = 0xFF;
    switch (port) {
    case 0x20: v = master_.read_command(); break;
    case 0x21: v = master_.read_data(); break;
    case 0xA0: v = slave_.read_command(); break;
    case 0xA1: v = slave_.read_data(); break;
    case 0x4D0: v = master_.elcr; break;
    case 0x4D1: v = slave_.elcr; break;
    }
    update();  // a poll read acknowledges
    return v;
}

void Pic8259::io_write(uint16_t port, uint32_t value, unsigned size) {
    if (size > 1) {
        for (unsigned i = 0; i < size; ++i) m_.io().write(uint16_t(port + i), (value >> (8 * i)) & 0xFF, 1);
        return;
    }
    uint8_t v = uint8_t(value);
    switch (port) {
    case 0x20: master_.write_command(v); break;
    case 0x21: master_.write_data(v); break;
    case 0xA0: slave_.write_command(v); break;
    case 0xA1: slave_.write_data(v); break;
    // PIIX ELCR: IRQ0, 1, 2, 8 and 13 are always edge-triggered (their bits are reserved, 0).
    case 0x4D0: master_.elcr = v & 0xF8; break;
    case 0x4D1: slave_.elcr = v & 0xDE; break;
    }
    update();
}

// For the debugger's `info pic`.
void Pic8259::debug_info(std::ostream& out) const {
    for (const Pic8259Chip* c : {&master_, &slave_}) {
        char buf[200];
        std::snprintf(buf, sizeof buf,
                      "%s: irr=%02x isr=%02x imr=%02x elcr=%02x vector_base=%02x icw3=%02x lowest=%u%s%s%s%s int=%d\n",
                      c == &master_ ? "master" : "slave ", c->irr(), c->isr, c->imr, c->elcr, c->vector_base, c->icw3,
                      unsigned(c->lowest), c->init_step ? " initialising" : "", c->aeoi ? " aeoi" : "",
                      c->special_mask ? " special-mask" : "", c->ltim ? " level" : "", c->int_output() ? 1 : 0);
        out << buf;
    }
}

} // namespace bw
