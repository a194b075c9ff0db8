#include "devices/dma8237.h"
#include <cstdio>
#include <ostream>

namespace bw {

namespace {

// Mode register (datasheet "Mode Register"): bits 1-0 channel, 3-2 transfer type, 4 autoinit,
// 5 address decrement, 7-6 mode (demand, single, block, cascade).
enum : uint8_t { kVerify = 0, kWrite = 1, kRead = 2 };
constexpr uint8_t kAutoinit = 0x10, kDecrement = 0x20;
constexpr uint8_t kControllerDisable = 0x04;  // command register bit 2

// Page register port (offset from 80h) for each channel, as wired on the AT.
constexpr uint8_t kPagePort[8] = {0x7, 0x3, 0x1, 0x2, 0xF, 0xB, 0x9, 0xA};

} // namespace

void Dma8237::Controller::master_clear() {
    // Master clear (datasheet "Software Commands"): command, status, request, temporary and the
    // first/last flip-flop are cleared and all mask bits set.
    command = status = request = temp = 0;
    flipflop = false;
    mask = 0x0F;
}

uint8_t Dma8237::Controller::read(unsigned reg) {
    if (reg < 8) {
        Channel& c = ch[reg >> 1];
        uint16_t v = (reg & 1) ? c.cur_count : c.cur_addr;  // reads return the current registers
        uint8_t byte = flipflop ? uint8_t(v >> 8) : uint8_t(v);
        flipflop = !flipflop;
        return byte;
    }
    switch (reg) {
    case 8: {
        // Status: bits 0-3 TC (cleared by this read), bits 4-7 pending requests.
        uint8_t v = uint8_t((status & 0x0F) | ((request | dreq) & 0x0F) << 4);
        status &= 0xF0;
        return v;
    }
    case 13: return temp;
    case 15: return uint8_t(0xF0 | mask);  // read all mask bits (82374/PIIX extension)
    default: return 0xFF;
    }
}

void Dma8237::Controller::write(unsigned reg, uint8_t v) {
    if (reg < 8) {
        // Address and count writes load the base and current registers together.
        Channel& c = ch[reg >> 1];
        uint16_t& base = (reg & 1) ? c.base_count : c.base_addr;
        base = flipflop ? uint16_t((base & 0x00FF) | v << 8) : uint16_t((base & 0xFF00) | v);
        ((reg & 1) ? c.cur_count : c.cur_addr) = base;
        flipflop = !flipflop;
        return;
    }
    unsigned n = v & 3;
    switch (reg) {
    case 8: command = v; break;
    case 9: request = (v & 4) ? uint8_t(request | 1u << n) : uint8_t(request & ~(1u << n)); break;
    case 10: mask = (v & 4) ? uint8_t(mask | 1u << n) : uint8_t(mask & ~(1u << n)); break;
    case 11: ch[n].mode = v; break;
    case 12: flipflop = false; break;
    case 13: master_clear(); break;
    case 14: mask = 0; break;
    case 15: mask = v & 0x0F; break;
    }
}

Dma8237::Dma8237(Machine& m) : m_(m) {
    m.io().register_ports(0x00, 0x10, this);
    m.io().register_ports(0xC0, 0x20, this);
    m.io().register_ports(0x81, 0x0F, this);
    reset();
}

void Dma8237::reset() {
    c_[0].master_clear();
    c_[1].master_clear();
}

uint8_t Dma8237::page_of(unsigned channel) const { return pages_[kPagePort[channel]]; }

bool Dma8237::masked(unsigned channel) const {
    const Controller& c = c_[channel >> 2];
    if ((c.mask >> (channel & 3)) & 1) return true;
    if (c.command & kControllerDisable) return true;
    // DMA1 reaches the bus through DMA2's channel 4 (cascade).
    if (channel < 4) return masked(4);
    return false;
}

void Dma8237::set_dreq(unsigned channel, bool level) {
    Controller& c = c_[(channel >> 2) & 1];
    uint8_t bit = uint8_t(1u << (channel & 3));
    c.dreq = level ? uint8_t(c.dreq | bit) : uint8_t(c.dreq & ~bit);
}

size_t Dma8237::transfer(unsigned channel, uint8_t* buf, size_t len, bool to_memory, bool* tc) {
    (void)to_memory;
    if (tc) *tc = false;
    if (channel >= 8 || channel == 4 || masked(channel)) return 0;
    Controller& ctl = c_[channel >> 2];
    unsigned n = channel & 3;
    Channel& ch = ctl.ch[n];
    const bool word = channel >= 4;
    const unsigned unit = word ? 2 : 1;
    const uint8_t type = (ch.mode >> 2) & 3;
    const uint8_t page = page_of(channel);
    size_t done = 0;
    while (done + unit <= len) {
        // Byte channels: A23-A16 from the page, A15-A0 from the address register. Word
        // channels shift the address left one bit and take A23-A17 from the page, so a
        // transfer wraps within its 64 KiB or 128 KiB block.
        uint32_t phys = word ? uint32_t(page & 0xFE) << 16 | uint32_t(ch.cur_addr) << 1
                             : uint32_t(page) << 16 | ch.cur_addr;
        if (type == kWrite) m_.dma_write(phys, buf + done, unit);
        else if (type == kRead) m_.dma_read(phys, buf + done, unit);
        // kVerify (and the illegal 11b) generate addresses but no memory cycles.
        done += unit;
        ch.cur_addr = uint16_t((ch.mode & kDecrement) ? ch.cur_addr - 1 : ch.cur_addr + 1);
        // The count register holds transfers - 1; TC is reached when it rolls from 0 to FFFFh.
        if (ch.cur_count-- == 0) {
            ctl.status |= uint8_t(1u << n);
            if (ch.mode & kAutoinit) {
                ch.cur_addr = ch.base_addr;  // autoinitialize: reload from the base registers
                ch.cur_count = ch.base_count;
            } else {
                ctl.mask |= uint8_t(1u << n);  // otherwise EOP sets the channel's mask bit
            }
            ctl.request &= uint8_t(~(1u << n));
            if (tc) *tc = true;
            break;
        }
    }
    return done;
}

uint32_t Dma8237::io_read(uint16_t port, unsigned size) {
    if (size > 1) {
        uint32_t v = 0;
        for (unsigned i = 0; i < size; ++i) v |= m_.io().read(uint16_t(port + i), 1) << (8 * i);
        return v;
    }
    if (port < 0x10) return c_[0].read(port);
    if (port >= 0xC0) return c_[1].read((port - 0xC0u) >> 1);  // DMA2 decodes A4-A1
    return pages_[port - 0x80];
}

void Dma8237::io_write(uint16_t port, uint32_t value, unsigned size) {
    if (size > 1) {
        for (unsigned i = 0; i < size; ++i) m_.io().write(uint16_t(port + i), (value >> (8 * i)) & 0xFF, 1);
        return;
    }
    uint8_t v = uint8_t(value);
    if (port < 0x10) c_[0].write(port, v);
    else if (port >= 0xC0) c_[1].write((port - 0xC0u) >> 1, v);
    else pages_[port - 0x80] = v;
}

// For the debugger's `info dma`. Addresses are physical (page included; word channels count words).
void Dma8237::debug_info(std::ostream& out) const {
    static const char* const kType[4] = {"verify", "write", "read", "illegal"};
    static const char* const kMode[4] = {"demand", "single", "block", "cascade"};
    char buf[200];
    for (unsigned k = 0; k < 2; ++k) {
        const Controller& c = c_[k];
        std::snprintf(buf, sizeof buf, "DMA%u: command=%02x%s status(TC)=%x request=%x dreq=%x mask=%x flip-flop=%s\n", k + 1,
                      unsigned(c.command), (c.command & kControllerDisable) ? " (disabled)" : "", unsigned(c.status & 0x0F),
                      unsigned(c.request & 0x0F), unsigned(c.dreq & 0x0F), unsigned(c.mask & 0x0F), c.flipflop ? "high" : "low");
        out << buf;
    }
    for (unsigned channel = 0; channel < 8; ++channel) {
        const Controller& c = c_[channel >> 2];
        const Channel& ch = c.ch[channel & 3];
        const bool word = channel >= 4;
        const uint8_t page = page_of(channel);
        auto phys = [&](uint16_t a) {
            return word ? uint32_t(page & 0xFE) << 16 | uint32_t(a) << 1 : uint32_t(page) << 16 | a;
        };
        std::snprintf(buf, sizeof buf,
                      "ch%u: page=%02x base=%04x cur=%04x (phys %06x) count base=%04x cur=%04x mode=%02x %s %s%s%s%s%s%s\n",
                      channel, unsigned(page), unsigned(ch.base_addr), unsigned(ch.cur_addr), unsigned(phys(ch.cur_addr)),
                      unsigned(ch.base_count), unsigned(ch.cur_count), unsigned(ch.mode), kMode[ch.mode >> 6],
                      kType[(ch.mode >> 2) & 3], (ch.mode & kAutoinit) ? " autoinit" : "", (ch.mode & kDecrement) ? " decrement" : "",
                      ((c.mask >> (channel & 3)) & 1) ? " masked" : "", ((c.status >> (channel & 3)) & 1) ? " TC" : "",
                      channel == 4 ? " (cascade to DMA1)" : "");
        out << buf;
    }
}

} // namespace bw
