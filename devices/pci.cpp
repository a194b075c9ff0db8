#include "devices/pci.h"

namespace bw {

namespace {
// Configuration header offsets (PCI Local Bus Specification 2.1, 6.1).
constexpr uint8_t kVendor = 0x00, kDevice = 0x02, kCommand = 0x04, kStatus = 0x06, kRevision = 0x08,
                  kClass = 0x09, kHeaderType = 0x0E, kBar0 = 0x10, kRomAddress = 0x30, kIntPin = 0x3D,
                  kIntLine = 0x3C;
constexpr uint16_t kCmdIo = 1 << 0, kCmdMem = 1 << 1;
constexpr uint8_t bar_reg(unsigned index) { return index == PciFunction::kRomBar ? kRomAddress : uint8_t(kBar0 + 4 * index); }
}

// ---------------------------------------------------------------------------------------------
// PciFunction

PciFunction::PciFunction(uint16_t vendor, uint16_t device, uint8_t revision, uint32_t class_code,
                         uint8_t header_type) {
    init16(kVendor, vendor);
    init16(kDevice, device);
    init8(kRevision, revision);
    init8(kClass, uint8_t(class_code));
    init16(kClass + 1, uint16_t(class_code >> 8));
    init8(kHeaderType, header_type);
    // Command: I/O space, memory space, bus master, SERR#... are chip-specific; the common ones
    // (I/O, memory) are made writable by define_bar(). Interrupt Line is a scratch register
    // for software (6.2.4).
    init8(kIntLine, 0, 0xFF);
}

void PciFunction::init8(uint8_t reg, uint8_t value, uint8_t writable) {
    cfg_[reg] = reset_[reg] = value;
    wmask_[reg] = writable;
}
void PciFunction::init16(uint8_t reg, uint16_t value, uint16_t writable) {
    init8(reg, uint8_t(value), uint8_t(writable));
    init8(uint8_t(reg + 1), uint8_t(value >> 8), uint8_t(writable >> 8));
}
void PciFunction::init32(uint8_t reg, uint32_t value, uint32_t writable) {
    init16(reg, uint16_t(value), uint16_t(writable));
    init16(uint8_t(reg + 2), uint16_t(value >> 16), uint16_t(writable >> 16));
}

void PciFunction::write_one_to_clear16(uint8_t reg, uint16_t bits) {
    w1c_[reg] |= uint8_t(bits);
    w1c_[reg + 1] |= uint8_t(bits >> 8);
}

void PciFunction::define_bar(unsigned index, Bar kind, uint32_t size) {
    bars_[index] = BarInfo{kind, size};
    uint8_t reg = bar_reg(index);
    if (index == kRomBar) {
        // Expansion ROM Base Address (6.2.5.2): bits 31-11 address, bit 0 address decode enable.
        init32(reg, 0, ~(size - 1) | 1);
    } else if (kind == Bar::Io) {
        // Bit 0 = 1: I/O space indicator. All 32 address bits are writable, as QEMU implements
        // I/O BARs: SeaBIOS sizes an I/O BAR as ~(value & ~3) + 1 over 32 bits, so upper bits
        // hardwired to 0 (allowed for 16-bit decoders, 6.2.5.1) would read as a 4 GiB BAR.
        // Only the low 16 bits decode.
        init32(reg, 1, ~(size - 1));
    } else {
        init32(reg, kind == Bar::MemPrefetch ? 0x08 : 0x00, ~(size - 1));  // 32-bit, anywhere
    }
    uint16_t cmd_bits = kind == Bar::Io ? kCmdIo : kCmdMem;
    wmask_[kCommand] |= uint8_t(cmd_bits);
}

void PciFunction::reset_config() {
    cfg_ = reset_;
}

uint32_t PciFunction::config_read(uint8_t reg, unsigned size) {
    uint32_t v = 0;
    for (unsigned k = 0; k < size; ++k) v |= uint32_t(cfg_[uint8_t(reg + k)]) << (8 * k);
    return v;
}

void PciFunction::config_write(uint8_t reg, uint32_t value, unsigned size) {
    for (unsigned k = 0; k < size; ++k) {
        uint8_t r = uint8_t(reg + k), b = uint8_t(value >> (8 * k));
        cfg_[r] = uint8_t((cfg_[r] & ~wmask_[r]) | (b & wmask_[r]));
        cfg_[r] &= uint8_t(~(b & w1c_[r]));
    }
    config_written(reg, size);
    if (bus_) {
        bool touches_bars = (reg < 0x28 && reg + size > kBar0) || (reg < kCommand + 2 && reg + size > kCommand);
        if (touches_bars) bus_->update_io_bars();
    }
}

uint32_t PciFunction::decoded_bar(unsigned index) const {
    const BarInfo& b = bars_[index];
    if (b.kind == Bar::None) return 0;
    uint32_t v = cfg32(bar_reg(index));
    uint16_t cmd = cfg16(kCommand);
    if (index == kRomBar) return (v & 1) && ((cmd & kCmdMem) || rom_ignores_command_) ? v & ~(b.size - 1) : 0;
    if (b.kind == Bar::Io) return (cmd & kCmdIo) ? v & ~(b.size - 1) & 0xFFFFu : 0;
    return (cmd & kCmdMem) ? v & ~(b.size - 1) : 0;
}

uint32_t PciFunction::bar_read(unsigned, uint32_t, unsigned) { return 0xFFFFFFFFu; }
void PciFunction::bar_write(unsigned, uint32_t, uint32_t, unsigned) {}

// ---------------------------------------------------------------------------------------------
// PciBus

PciBus::PciBus(Machine& m) : m_(m) {
    m.io().register_ports(0xCF8, 8, this);
    // Memory BARs decode between the top of RAM (at least 2 GiB, as SeaBIOS places them on the
    // i440FX) and the APICs.
    uint32_t ram_top = (m.memory().ram_size() + 0xFFFFF) & ~0xFFFFFu;
    window_base_ = ram_top > 0x80000000u ? ram_top : 0x80000000u;
    m.mmio().register_range(window_base_, kWindowEnd - window_base_, this);
}

void PciBus::reset() {
    address_ = 0;
    for (PciFunction* f : functions_)
        if (f) f->reset_config();
    intx_levels_ = {};
    update_io_bars();
}

void PciBus::attach(PciFunction* f, unsigned dev, unsigned fn) {
    f->bus_ = this;
    f->devfn_ = uint8_t((dev & 31) << 3 | (fn & 7));
    slots_[f->devfn_] = f;
    functions_.push_back(f);
}

// CONFIG_ADDRESS (3.7.4.1): bit 31 enable, 23-16 bus, 15-11 device, 10-8 function, 7-2 register.
// Bits 30-24 are reserved (read 0); bits 1-0 must be 00 for a type 0 cycle and read as 0.
PciFunction* PciBus::selected(uint8_t& reg) const {
    if (!(address_ & 0x80000000u) || ((address_ >> 16) & 0xFF) != 0) return nullptr;
    reg = uint8_t(address_ & 0xFC);
    return slots_[(address_ >> 8) & 0xFF];
}

uint32_t PciBus::io_read(uint16_t port, unsigned size) {
    if (port < 0xCFC) {
        if (port == 0xCF8 && size == 4) return address_;
        if (port == 0xCF9 && size == 1) return cf9_read ? cf9_read() : 0xFF;
        return 0xFFFFFFFFu;
    }
    uint8_t reg = 0;
    PciFunction* f = selected(reg);
    // No function: the master aborts and the read returns all ones (3.7.4.1, 6.1).
    if (!f) return 0xFFFFFFFFu;
    unsigned off = port & 3;
    if (off + size > 4) size = 4 - off;
    return f->config_read(uint8_t(reg + off), size);
}

void PciBus::io_write(uint16_t port, uint32_t value, unsigned size) {
    if (port < 0xCFC) {
        if (port == 0xCF8 && size == 4) address_ = value & 0x80FFFFFCu;
        else if (port == 0xCF9 && size == 1 && cf9_write) cf9_write(uint8_t(value));
        return;
    }
    uint8_t reg = 0;
    PciFunction* f = selected(reg);
    if (!f) return;
    unsigned off = port & 3;
    if (off + size > 4) size = 4 - off;
    f->config_write(uint8_t(reg + off), value, size);
}

uint32_t PciBus::mmio_read(uint32_t addr, unsigned size) {
    for (PciFunction* f : functions_) {
        if (!f) continue;
        for (unsigned i = 0; i < 7; ++i) {
            if (f->bars_[i].kind == PciFunction::Bar::Io) continue;
            uint32_t base = f->decoded_bar(i);
            if (base && addr - base < f->bars_[i].size) return f->bar_read(i, addr - base, size);
        }
    }
    uint32_t v;
    for (PciFunction* f : functions_)
        if (f && f->unclaimed_read(addr, size, v)) return v;
    return 0xFFFFFFFFu;
}

void PciBus::mmio_write(uint32_t addr, uint32_t value, unsigned size) {
    for (PciFunction* f : functions_) {
        if (!f) continue;
        for (unsigned i = 0; i < 7; ++i) {
            if (f->bars_[i].kind == PciFunction::Bar::Io) continue;
            uint32_t base = f->decoded_bar(i);
            if (base && addr - base < f->bars_[i].size) { f->bar_write(i, addr - base, value, size); return; }
        }
    }
    for (PciFunction* f : functions_)
        if (f && f->unclaimed_write(addr, value, size)) return;
}

void PciBus::move_ports(IoDevice* dev, uint16_t old_base, uint16_t base, uint16_t count) {
    IoBus& io = m_.io();
    if (old_base)
        for (uint32_t p = old_base; p < uint32_t(old_base) + count && p < 0x10000; ++p)
            if (io.device_at(uint16_t(p)) == dev) io.register_ports(uint16_t(p), 1, nullptr);
    if (base)
        for (uint32_t p = base; p < uint32_t(base) + count && p < 0x10000; ++p)
            if (!io.device_at(uint16_t(p))) io.register_ports(uint16_t(p), 1, dev);
}

void PciBus::update_io_bars() {
    for (PciFunction* f : functions_) {
        if (!f) continue;
        for (unsigned i = 0; i < 6; ++i) {
            if (f->bars_[i].kind != PciFunction::Bar::Io) continue;
            IoBarPort* port = nullptr;
            for (auto& p : io_bars_)
                if (p->f == f && p->index == i) port = p.get();
            if (!port) {
                io_bars_.push_back(std::make_unique<IoBarPort>());
                port = io_bars_.back().get();
                port->f = f;
                port->index = i;
            }
            uint16_t base = uint16_t(f->decoded_bar(i));
            if (base == port->base) continue;
            move_ports(port, port->base, base, uint16_t(f->bars_[i].size));
            port->base = base;
        }
    }
}

uint32_t PciBus::IoBarPort::io_read(uint16_t port, unsigned size) { return f->bar_read(index, uint16_t(port - base), size); }
void PciBus::IoBarPort::io_write(uint16_t port, uint32_t value, unsigned size) { f->bar_write(index, uint16_t(port - base), value, size); }

void PciBus::set_intx(PciFunction* f, bool level) {
    unsigned pin = f->cfg8(kIntPin);
    if (pin < 1 || pin > 4) return;
    intx_levels_[f->devfn_] = level;
    unsigned pirq = (f->device_number() + 3 + pin - 1) & 3;  // (device - 1 + pin - 1) mod 4
    bool any = false;
    for (PciFunction* g : functions_) {
        if (!g || !intx_levels_[g->devfn_]) continue;
        unsigned p = g->cfg8(kIntPin);
        if (p >= 1 && p <= 4 && ((g->device_number() + 3 + p - 1) & 3) == pirq) any = true;
    }
    if (route_pirq) route_pirq(pirq, any);
}

} // namespace bw
