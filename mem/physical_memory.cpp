#include "mem/physical_memory.h"

namespace bw {

namespace {
constexpr uint8_t kReadRam = 1, kWriteRam = 2;
}

PhysicalMemory::PhysicalMemory(uint32_t ram_bytes) : ram_(ram_bytes) {}

void PhysicalMemory::set_address_bits(unsigned bits) {
    bool a20_on = a20();
    address_mask_ = bits >= 32 ? 0xFFFFFFFFu : ((1u << bits) - 1);
    set_a20(a20_on);
}

void PhysicalMemory::map_rom(uint32_t base, const std::vector<uint8_t>& image) {
    roms_.push_back(Rom{base, image});
}

void PhysicalMemory::set_shadow(uint32_t base, uint32_t size, bool read_ram, bool write_ram) {
    for (uint32_t a = base; a < base + size; a += kShadowSegment) {
        if (a < kShadowBase || a - kShadowBase >= kShadowSegments * kShadowSegment) continue;
        shadow_[(a - kShadowBase) / kShadowSegment] = uint8_t((read_ram ? kReadRam : 0) | (write_ram ? kWriteRam : 0));
    }
}

uint8_t* PhysicalMemory::find_rom(uint32_t phys) {
    for (auto& r : roms_)
        if (phys >= r.base && phys - r.base < r.bytes.size()) return r.bytes.data() + (phys - r.base);
    return nullptr;
}

uint8_t* PhysicalMemory::rom_at(uint32_t phys) {
    uint32_t off = phys - kShadowBase;
    if (off < kShadowSegments * kShadowSegment && phys < ram_.size()) {
        uint8_t s = shadow_[off / kShadowSegment];
        if (s & kWriteRam) return nullptr;            // writes reach DRAM
        if (s & kReadRam) return ram_.data() + phys;  // write-protected shadow RAM
        return find_rom(phys);                        // ROM side; DRAM where no ROM is mapped
    }
    return find_rom(phys);
}

uint8_t* PhysicalMemory::host_page(uint32_t page, bool for_write) {
    uint32_t off = page - kShadowBase;
    if (off < kShadowSegments * kShadowSegment && page + 0x1000 <= ram_.size()) {
        uint8_t s = shadow_[off / kShadowSegment];
        uint8_t* rom = find_rom(page);
        if (for_write) return (s & kWriteRam) || (!(s & kReadRam) && !rom) ? ram_.data() + page : nullptr;
        if ((s & kReadRam) || !rom) return ram_.data() + page;
        return find_rom(page + 0xFFF) == rom + 0xFFF ? rom : nullptr;
    }
    if (!for_write) {
        // ROM shadows RAM where it is mapped (the BIOS area below 1 MiB and at the 4 GiB top).
        if (uint8_t* r = find_rom(page)) {
            if (find_rom(page + 0xFFF) == r + 0xFFF) return r;
            return nullptr;
        }
    } else if (find_rom(page)) {
        return nullptr;
    }
    if (uint64_t(page) + 0x1000 <= ram_.size()) {  // 64-bit: the last page must not wrap to 0
        return ram_.data() + page;
    }
    return nullptr;
}

} // namespace bw
