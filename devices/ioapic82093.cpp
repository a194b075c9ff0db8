#include "devices/ioapic82093.h"
#include <cstdio>
#include <ostream>
#include "devices/local_apic.h"

// Section numbers are those of the Intel 82093AA datasheet (290566-001), "3.0 Register
// Description".
namespace bw {

namespace {

constexpr uint32_t kIoRegSel = 0x00, kIoWin = 0x10;
// Redirection table entry (3.2.4, IOREDTBL[23:0]).
constexpr uint64_t kMask = 1u << 16, kLevel = 1u << 15, kRemoteIrr = 1u << 14, kLowActive = 1u << 13,
                   kDeliveryStatus = 1u << 12;
// R/W bits: vector, delivery mode, destination mode, polarity, trigger mode, mask, destination.
constexpr uint64_t kWritable = 0xFF00'0000'0001'AFFFull;

} // namespace

Ioapic82093::Ioapic82093(Machine& m, LocalApic& apic) : m_(m), apic_(apic) {
    m.mmio().register_range(kBase, 0x1000, this);
    apic.on_eoi_broadcast = [this](uint8_t v) { eoi(v); };
}

void Ioapic82093::reset() {
    // 3.2.4: RESET sets every mask bit; the other fields are undefined (we clear them).
    regsel_ = 0;
    id_ = 0;
    for (uint64_t& r : redir_) r = kMask;
}

uint32_t Ioapic82093::read_register(uint8_t index) const {
    switch (index) {
    case 0x00: return id_;        // 3.2.1 IOAPICID: ID in bits 27-24
    case 0x01: return kVersion;   // 3.2.2 IOAPICVER
    case 0x02: return id_;        // 3.2.3 IOAPICARB: the arbitration ID, loaded from the ID
    default: break;
    }
    if (index >= 0x10 && index < 0x10 + 2 * kPins) {
        uint64_t r = redir_[(index - 0x10) / 2];
        return (index & 1) ? uint32_t(r >> 32) : uint32_t(r);
    }
    return 0;
}

void Ioapic82093::write_register(uint8_t index, uint32_t value) {
    if (index == 0x00) {
        id_ = value & 0x0F00'0000u;
        return;
    }
    if (index < 0x10 || index >= 0x10 + 2 * kPins) return;  // version, arbitration: read-only
    unsigned pin = (index - 0x10) / 2;
    uint64_t& r = redir_[pin];
    uint64_t v = (index & 1) ? (uint64_t(value) << 32) | (r & 0xFFFF'FFFFu) : (r & 0xFFFF'FFFF'0000'0000ull) | value;
    // Remote IRR and Delivery Status are read-only; switching to edge makes Remote IRR moot.
    r = (v & kWritable) | (r & (kRemoteIrr | kDeliveryStatus));
    if (!(r & kLevel)) r &= ~kRemoteIrr;
    service(pin);  // an unmasked level-triggered pin that is asserted interrupts now
}

uint32_t Ioapic82093::mmio_read(uint32_t addr, unsigned size) {
    uint32_t off = addr & 0xFFF;
    uint32_t v;
    if (off >= kIoRegSel && off < kIoRegSel + 4) v = regsel_ >> (8 * (off & 3));
    else if (off >= kIoWin && off < kIoWin + 4) v = read_register(regsel_) >> (8 * (off & 3));
    else return 0;
    return size >= 4 ? v : v & ((1u << (8 * size)) - 1);
}

void Ioapic82093::mmio_write(uint32_t addr, uint32_t value, unsigned size) {
    uint32_t off = addr & 0xFFF;
    if (off == kIoRegSel) {
        regsel_ = uint8_t(value);  // 3.1.1 IOREGSEL: bits 7-0 select the register
    } else if (off >= kIoWin && off < kIoWin + 4) {
        // 3.1.2 IOWIN: 32-bit accesses; narrower writes merge into the selected register.
        if (size < 4 || off != kIoWin) {
            uint32_t shift = 8 * (off & 3);
            uint32_t mask = (size >= 4 ? 0xFFFFFFFFu : ((1u << (8 * size)) - 1)) << shift;
            value = (read_register(regsel_) & ~mask) | ((value << shift) & mask);
        }
        write_register(regsel_, value);
    }
}

void Ioapic82093::set_irq(unsigned irq, bool level) {
    // ISA IRQ0 is wired to INTIN2 (INTIN0 takes the 8259's INT); IRQ2 does not exist on the AT
    // bus (the 8259 cascade), its pin is driven by nothing.
    if (irq == 0) set_input(2, level);
    else if (irq != 2 && irq < 16) set_input(irq, level);
}

void Ioapic82093::set_input(unsigned pin, bool level) {
    if (pin >= kPins) return;
    const uint64_t r = redir_[pin];
    const bool low = (r & kLowActive) != 0;
    const bool was = low ? !level_[pin] : level_[pin];
    const bool now = low ? !level : level;
    level_[pin] = level;
    if (r & kMask) return;  // 3.2.4 bit 16: edges and levels on a masked pin are ignored
    if (r & kLevel) service(pin);
    else if (now && !was) send(pin);  // edge: one message per transition to active
}

void Ioapic82093::service(unsigned pin) {
    const uint64_t r = redir_[pin];
    if ((r & kMask) || !(r & kLevel) || (r & kRemoteIrr)) return;
    const bool active = (r & kLowActive) ? !level_[pin] : level_[pin];
    if (active) send(pin);
}

void Ioapic82093::send(unsigned pin) {
    uint64_t& r = redir_[pin];
    ApicMessage msg;
    msg.vector = uint8_t(r);
    msg.delivery_mode = uint8_t((r >> 8) & 7);
    msg.logical = (r >> 11) & 1;
    msg.destination = uint8_t(r >> 56);
    msg.level = (r & kLevel) != 0;
    // 3.2.4 bit 14: Remote IRR is set when a local APIC accepts a level interrupt; only fixed
    // and lowest-priority messages are EOIed.
    if (msg.level && msg.delivery_mode <= 1 && apic_.accepts(msg.logical, msg.destination)) r |= kRemoteIrr;
    apic_.receive(msg);
}

void Ioapic82093::eoi(uint8_t vector) {
    for (unsigned pin = 0; pin < kPins; ++pin) {
        uint64_t& r = redir_[pin];
        if ((r & kRemoteIrr) && uint8_t(r) == vector) {
            r &= ~kRemoteIrr;
            service(pin);  // still asserted: interrupts again
        }
    }
}

void Ioapic82093::debug_info(std::ostream& out) const {
    char buf[160];
    std::snprintf(buf, sizeof buf, "base=%08x id=%u version=%08x ioregsel=%02x\n", kBase, unsigned(id_ >> 24), kVersion,
                  unsigned(regsel_));
    out << buf;
    static const char* const kModes[] = {"fixed", "lowest", "smi", "rsvd", "nmi", "init", "rsvd", "extint"};
    for (unsigned pin = 0; pin < kPins; ++pin) {
        uint64_t r = redir_[pin];
        std::snprintf(buf, sizeof buf, "pin %2u: %016llx vector=%02x %-6s %s dest=%02x %s %s%s%s input=%d\n", pin,
                      (unsigned long long)r, unsigned(r & 0xFF), kModes[(r >> 8) & 7], (r >> 11) & 1 ? "logical " : "physical",
                      unsigned(r >> 56), (r & kLevel) ? "level" : "edge ", (r & kLowActive) ? "low " : "high",
                      (r & kMask) ? " masked" : "", (r & kRemoteIrr) ? " remote-irr" : "", level_[pin] ? 1 : 0);
        out << buf;
    }
}

} // namespace bw
