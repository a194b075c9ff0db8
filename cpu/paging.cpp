// Two-level 32-bit paging with 4 KiB and (CR4.PSE) 4 MiB pages: the walk, its permission checks,
// accessed/dirty updates and #PF (SDM Vol. 3, 4.3 and 4.6-4.8). Translations are cached by the
// software TLB in cpu.h; this is the slow path.
#include "cpu/cpu.h"

namespace bw {

namespace {
constexpr uint32_t P = 1u << 0, RW = 1u << 1, US = 1u << 2, A = 1u << 5, D = 1u << 6, PS = 1u << 7;
constexpr uint32_t CR4_PSE = 1u << 4;
}

void Cpu::update_tlb_mode() {
    unsigned user = (s.cr[0] & cr0::PG) && cpl() == 3 ? 1 : 0;
    tlb_read_ = tlb_sets_[user][0];
    tlb_write_ = tlb_sets_[user][1];
}

void Cpu::invalidate_page(uint32_t lin) {
    for (auto& mode : tlb_sets_)
        for (auto& half : mode) {
            TlbEntry& e = half[(lin >> 12) & (kTlbSize - 1)];
            if (e.tag == (lin & ~0xFFFu)) e.tag = 1;
        }
}

uint32_t Cpu::translate(uint32_t lin, bool write) {
    if (!(s.cr[0] & cr0::PG)) return lin & mem_.a20_mask();
    return walk(lin, write, cpl() == 3);
}

uint32_t Cpu::walk(uint32_t lin, bool write, bool user) {
    auto read_entry = [&](uint32_t phys) -> uint32_t {
        uint32_t v = 0;
        for (unsigned k = 0; k < 4; ++k) v |= uint32_t(read_phys8(phys + k)) << (8 * k);
        return v;
    };
    auto write_entry = [&](uint32_t phys, uint32_t v) {
        for (unsigned k = 0; k < 4; ++k) write_phys8(phys + k, uint8_t(v >> (8 * k)));
    };
    // #PF error code: P (protection violation rather than not-present), W/R, U/S.
    auto page_fault = [&](bool present) {
        s.cr[2] = lin;
        fault(VEC_PF, (present ? 1u : 0u) | (write ? 2u : 0u) | (user ? 4u : 0u));
    };
    const bool wp = (s.cr[0] & cr0::WP) != 0;
    uint32_t pde_addr = (s.cr[3] & ~0xFFFu) + ((lin >> 22) << 2);
    uint32_t pde = read_entry(pde_addr);
    if (!(pde & P)) page_fault(false);
    uint32_t phys, perms, pte_addr = 0, pte = 0;
    const bool large = (pde & PS) && (s.cr[4] & CR4_PSE);
    if (large) {
        perms = pde;
        phys = (pde & 0xFFC00000u) | (lin & 0x3FFFFF);
    } else {
        pte_addr = (pde & ~0xFFFu) + (((lin >> 12) & 0x3FF) << 2);
        pte = read_entry(pte_addr);
        if (!(pte & P)) page_fault(false);
        perms = pde & pte;  // both levels must allow (SDM Vol. 3, 4.6.1)
        phys = (pte & ~0xFFFu) | (lin & 0xFFF);
    }
    if (user && !(perms & US)) page_fault(true);
    if (write && !(perms & RW) && (user || wp)) page_fault(true);
    // Accessed and dirty bits (SDM Vol. 3, 4.8).
    if (!(pde & A) || (large && write && !(pde & D))) write_entry(pde_addr, pde | A | (large && write ? D : 0));
    if (!large && (!(pte & A) || (write && !(pte & D)))) write_entry(pte_addr, pte | A | (write ? D : 0));
    return phys & mem_.a20_mask();
}

} // namespace bw
