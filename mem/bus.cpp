#include "mem/bus.h"

namespace bw {

namespace {
constexpr uint32_t all_ones(unsigned size) { return size >= 4 ? 0xFFFFFFFFu : ((1u << (8 * size)) - 1); }
}

IoBus::IoBus() : ports_(0x10000, nullptr) {}

void IoBus::register_ports(uint16_t first, uint16_t count, IoDevice* dev) {
    for (uint32_t p = first; p < uint32_t(first) + count && p < 0x10000; ++p) ports_[p] = dev;
}

uint32_t IoBus::read(uint16_t port, unsigned size) {
    if (IoDevice* d = ports_[port]) return d->io_read(port, size) & all_ones(size);
    // A multi-byte access to unclaimed ports is split so a device at port+1 still answers.
    if (size > 1) {
        uint32_t v = 0;
        for (unsigned i = 0; i < size; ++i) v |= read(uint16_t(port + i), 1) << (8 * i);
        return v;
    }
    return all_ones(size);
}

void IoBus::write(uint16_t port, uint32_t value, unsigned size) {
    if (IoDevice* d = ports_[port]) { d->io_write(port, value & all_ones(size), size); return; }
    if (size > 1)
        for (unsigned i = 0; i < size; ++i) write(uint16_t(port + i), (value >> (8 * i)) & 0xFF, 1);
}

void MmioBus::register_range(uint32_t base, uint32_t length, MmioDevice* dev) {
    ranges_.push_back(Range{base, length, dev});
}

void MmioBus::unregister_range(MmioDevice* dev) {
    std::erase_if(ranges_, [dev](const Range& r) { return r.dev == dev; });
}

MmioDevice* MmioBus::find(uint32_t addr) const {
    for (const auto& r : ranges_)
        if (addr - r.base < r.length) return r.dev;
    return nullptr;
}

bool MmioBus::overlaps(uint32_t base, uint32_t length) const {
    for (const auto& r : ranges_)
        if (base < r.base + r.length && r.base < base + length) return true;
    return false;
}

uint32_t MmioBus::read(uint32_t addr, unsigned size) {
    if (MmioDevice* d = find(addr)) return d->mmio_read(addr, size);
    return all_ones(size);
}

void MmioBus::write(uint32_t addr, uint32_t value, unsigned size) {
    if (MmioDevice* d = find(addr)) d->mmio_write(addr, value, size);
}

} // namespace bw
