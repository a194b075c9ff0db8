// Guest physical memory: RAM, ROM images, the A20 gate and the chipset's shadow-RAM control of
// the upper 256 KiB of the first megabyte (C0000-FFFFF).
// RAM is one flat host allocation so that the CPU's TLB can cache host pointers into it.
#pragma once
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
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

    // Shadow RAM in C0000-FFFFF, as a host bridge's PAM registers select it (Intel 82441FX
    // datasheet 290549, "PAM - Programmable Attribute Map Registers"), per 16 KiB
    // segment: `read_ram` sends reads to DRAM instead of the ROM side, `write_ram` lets writes
    // reach DRAM. With both clear (the reset state) a ROM image mapped there (the system BIOS)
    // answers reads and writes are dropped; where no ROM is mapped, nothing on the ROM side
    // claims the cycle and DRAM answers both (the machine keeps the VGA BIOS there). With
    // read_ram set and write_ram clear the segment is write-protected RAM.
    static constexpr uint32_t kShadowBase = 0xC0000, kShadowSegment = 0x4000, kShadowSegments = 16;
    void set_shadow(uint32_t base, uint32_t size, bool read_ram, bool write_ram);

    // Host pointer for RAM (or ROM when !for_write) at a physical page, or nullptr for MMIO.
    uint8_t* host_page(uint32_t phys_page_base, bool for_write);

    // The byte behind a write-protected address (ROM, or shadow RAM locked by the chipset):
    // reads come from the returned byte, writes are dropped. nullptr where writes reach RAM.
    uint8_t* rom_at(uint32_t phys);

private:
    struct Rom { uint32_t base; std::vector<uint8_t> bytes; };
    uint8_t* find_rom(uint32_t phys);
    // Zeroed RAM from calloc: large blocks come straight from the kernel as zero pages, so guest
    // memory costs host memory (and start-up time) only as the guest touches it.
    struct Ram {
        struct Free { void operator()(uint8_t* p) const { std::free(p); } };
        explicit Ram(uint32_t n) : bytes(static_cast<uint8_t*>(std::calloc(n ? n : 1, 1))), count(n) {
            if (!bytes) throw std::bad_alloc();
        }
        uint8_t* data() const { return bytes.get(); }
        uint32_t size() const { return count; }
        uint8_t& operator[](uint32_t k) const { return bytes.get()[k]; }
        std::unique_ptr<uint8_t, Free> bytes;
        uint32_t count;
    };
    Ram ram_;
    std::vector<Rom> roms_;
    uint8_t shadow_[kShadowSegments] = {};  // bit 0: reads from DRAM, bit 1: writes to DRAM
    uint32_t address_mask_ = 0xFFFFFFFFu;
    uint32_t a20_mask_ = 0xFFFFFFFFu;
};

} // namespace bw
