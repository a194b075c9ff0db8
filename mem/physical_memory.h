// Guest physical memory: RAM, ROM images and the A20 gate.
// RAM is one flat host allocation so that the CPU's TLB can cache host pointers into it.
#pragma once
#include <cstdint>
#include <cstring>
#include <vector>

namespace bw {

class PhysicalMemory {
public:
    explicit PhysicalMemory(uint32_t ram_bytes);

    uint32_t ram_size() const { return static_cast<uint32_t>(ram_.size()); }
    uint8_t* ram() { return ram_.data(); }
    const uint8_t* ram() const { return ram_.data(); }

    // A20 gate: when disabled, physical address bit 20 reads as zero (8086 wrap-around).
    void set_a20(bool enabled) { a20_mask_ = enabled ? address_mask_ : (address_mask_ & ~0x100000u); }
    bool a20() const { return (a20_mask_ & 0x100000u) != 0; }
    uint32_t a20_mask() const { return a20_mask_; }

    // The width of the physical address bus: 20 bits (8086), 24 bits (286), 32 bits (386+).
    void set_address_bits(unsigned bits);

    // Maps a ROM image so that it ends at `end` (exclusive). Writes to ROM are ignored.
    void map_rom(uint32_t base, const std::vector<uint8_t>& image);

    // Host pointer for RAM (or ROM when !for_write) at a physical page, or nullptr for MMIO.
    uint8_t* host_page(uint32_t phys_page_base, bool for_write);

    uint8_t* rom_at(uint32_t phys);

private:
    struct Rom { uint32_t base; std::vector<uint8_t> bytes; };
    std::vector<uint8_t> ram_;
    std::vector<Rom> roms_;
    uint32_t address_mask_ = 0xFFFFFFFFu;
    uint32_t a20_mask_ = 0xFFFFFFFFu;
};

} // namespace bw
