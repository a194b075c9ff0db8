#include "mem/physical_memory.h"

namespace bw {

PhysicalMemory::PhysicalMemory(uint32_t ram_bytes) : ram_(ram_bytes, 0) {}

void PhysicalMemory::set_address_bits(unsigned bits) {
    bool a20_on = a20();
    address_mask_ = bits >= 32 ? 0xFFFFFFFFu : ((1u << bits) - 1);
    set_a20(a20_on);
}

void PhysicalMemory::map_rom(uint32_t base, const std::vector<uint8_t>& image) {
    roms_.push_back(Rom{base, image});
}

uint8_t* PhysicalMemory::rom_at(uint32_t phys) {
    for (auto& r : roms_)
        if (phys >= r.base && phys - r.base < r.bytes.size()) return r.bytes.data() + (phys - r.base);
    return nullptr;
}

uint8_t* PhysicalMemory::host_page(uint32_t page, bool for_write) {
    if (!for_write) {
        // ROM shadows RAM where it is mapped (the BIOS area below 1 MiB and at the 4 GiB top).
        if (uint8_t* r = rom_at(page)) {
            if (rom_at(page + 0xFFF) == r + 0xFFF) return r;
            return nullptr;
        }
    } else if (rom_at(page)) {
        return nullptr;
    }
    if (page + 0x1000 <= ram_.size()) {
        return ram_.data() + page;
    }
    return nullptr;
}

} // namespace bw
