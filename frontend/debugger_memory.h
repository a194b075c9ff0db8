// Guest memory as the debugger and the GDB stub see it: linear-to-physical translation that
// walks the page tables without side effects (no accessed/dirty bits, no CR2, no #PF), byte
// access by linear or physical address, and descriptor-table lookups. The CPU's own
// Cpu::translate is not used here because a debugger that only looks must not change the guest.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace bw { class Machine; }

namespace bw::frontend::dbg {

// Page-table entry bits of two-level 32-bit paging (SDM Vol. 3, 4.3).
namespace pte {
constexpr uint32_t P = 1u << 0, RW = 1u << 1, US = 1u << 2, PWT = 1u << 3, PCD = 1u << 4,
                   A = 1u << 5, D = 1u << 6, PS = 1u << 7, G = 1u << 8;
}

// One translation, with every step the hardware would take (for `page` and `info tab`).
struct PageWalk {
    bool paging = false;     // CR0.PG set; otherwise phys = lin (through the A20 mask)
    bool ok = false;         // false: not present at the level `fault` names
    uint32_t phys = 0;
    uint32_t pde_addr = 0, pde = 0;
    bool large = false;      // a 4 MiB page (CR4.PSE and PDE.PS)
    uint32_t pte_addr = 0, pte = 0;
    uint32_t perms = 0;      // P/RW/US as both levels allow them
    std::string fault;       // e.g. "PDE not present"
};

PageWalk walk_page(Machine& m, uint32_t lin);
std::optional<uint32_t> linear_to_physical(Machine& m, uint32_t lin);

// Reads/writes up to n bytes; returns how many succeeded before an unmapped page.
size_t read_linear(Machine& m, uint32_t lin, uint8_t* out, size_t n);
size_t write_linear(Machine& m, uint32_t lin, const uint8_t* in, size_t n);
void read_physical(Machine& m, uint32_t phys, uint8_t* out, size_t n);
uint32_t read_physical32(Machine& m, uint32_t phys);

// Little-endian value of `size` (1..8) bytes.
uint64_t load_le(const uint8_t* p, unsigned size);

// The 8-byte descriptor a selector names in the GDT or the LDT, read through the debugger's
// translation; nullopt past the table limit or when the table is not mapped.
std::optional<uint64_t> read_descriptor(Machine& m, uint16_t selector);

// The linear base a seg:off address uses: real and virtual-8086 mode shift the selector; in
// protected mode a selector loaded in a segment register uses its cached base, any other is
// looked up in the descriptor tables. nullopt when the selector names no descriptor.
std::optional<uint32_t> segment_base(Machine& m, uint16_t selector);
// Whether code at that selector runs as 32-bit code (the D bit), for the disassembler.
bool segment_is_32bit(Machine& m, uint16_t selector);

// Descriptor fields (SDM Vol. 3, 3.4.5).
struct DescriptorView {
    uint64_t raw;
    uint32_t base() const { return uint32_t(raw >> 16 & 0xFFFFFF) | uint32_t(raw >> 56 << 24); }
    uint32_t limit() const {
        uint32_t l = uint32_t(raw & 0xFFFF) | uint32_t(raw >> 32 & 0xF0000);
        return granular() ? (l << 12) | 0xFFF : l;
    }
    unsigned type() const { return unsigned(raw >> 40) & 0xF; }
    bool segment() const { return (raw >> 44) & 1; }  // S: code/data
    unsigned dpl() const { return unsigned(raw >> 45) & 3; }
    bool present() const { return (raw >> 47) & 1; }
    bool big() const { return (raw >> 54) & 1; }
    bool granular() const { return (raw >> 55) & 1; }
    uint16_t gate_selector() const { return uint16_t(raw >> 16); }
    uint32_t gate_offset() const { return uint32_t(raw & 0xFFFF) | uint32_t(raw >> 48 << 16); }
};

// One-line description of a descriptor ("code32 er base=... limit=... dpl=0 P").
std::string describe_descriptor(uint64_t raw);

} // namespace bw::frontend::dbg
