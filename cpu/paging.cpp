// Paging (SDM Vol. 3, chapter 4): two-level 32-bit paging with 4 KiB and (CR4.PSE) 4 MiB pages,
// PAE paging (4.4: three levels of 64-bit entries, 2 MiB pages, PDPTEs loaded with CR3),
// global pages (CR4.PGE, 4.10.2.4), the execute-disable bit (IA32_EFER.NXE with PAE, 4.6, on
// the p6 model with --cpu p6,+nx), the permission checks, accessed/dirty updates and #PF
// (4.6-4.8). Translations are cached by the software TLB in cpu.h; this is the slow path. Also
// the checks that force that slow path: alignment (#AC) and debug breakpoints (DR0-DR7).
#include "cpu/cpu.h"

namespace bw {

namespace {
constexpr uint32_t P = 1u << 0, RW = 1u << 1, US = 1u << 2, A = 1u << 5, D = 1u << 6, PS = 1u << 7,
                   G = 1u << 8;
constexpr uint32_t CR4_DE = 1u << 3, CR4_PSE = 1u << 4, CR4_PAE = 1u << 5, CR4_PGE = 1u << 7;
// #PF error code bits beyond P/W/U (SDM Vol. 3, 4.7).
constexpr uint32_t PF_RSVD = 1u << 3, PF_ID = 1u << 4;
}

void Cpu::update_tlb_mode() {
    ++chain_epoch_;  // trace links (cpu/trace.h) follow the TLB
    unsigned user = (s.cr[0] & cr0::PG) && cpl() == 3 && !implicit_supervisor_ ? 1 : 0;
    tlb_read_ = tlb_sets_[user][0];
    tlb_write_ = tlb_sets_[user][1];
    tlb_code_write_ = tlb_sets_[user][2];
    // Alignment checking (CR0.AM, EFLAGS.AC, CPL 3: SDM Vol. 3, 6.15 #AC) and breakpoints
    // need every access on the slow path: no TLB fills, and the TLB emptied when it starts.
    const bool ac = (s.cr[0] & cr0::AM) && (s.eflags_rest & fl::AC) && cpl() == 3;
    const bool slow = debug_active_ || ac;
    if (slow != slow_memory_) {
        slow_memory_ = slow;
        if (slow)
            for (auto& mode : tlb_sets_)
                for (auto& half : mode)
                    for (auto& e : half) e.tag = 1;
    }
}

void Cpu::flush_tlb_nonglobal() {
    ++chain_epoch_;
    for (auto& mode : tlb_sets_)
        for (auto& half : mode)
            for (auto& e : half)
                if (!(e.phys & kTlbGlobal)) e.tag = 1;
}

void Cpu::invalidate_page(uint32_t lin) {
    ++chain_epoch_;
    for (auto& mode : tlb_sets_)
        for (auto& half : mode) {
            TlbEntry& e = tlb_entry(half, lin);
            if (e.tag == (lin & ~0xFFFu)) e.tag = 1;
        }
}

uint32_t Cpu::translate(uint32_t lin, bool write) {
    last_global_ = false;
    last_nx_ = false;
    if (!(s.cr[0] & cr0::PG)) return lin & mem_.a20_mask();
    return walk(lin, write, cpl() == 3 && !implicit_supervisor_);
}

namespace {
uint32_t read_entry(Cpu& c, uint32_t phys) {
    uint32_t v = 0;
    for (unsigned k = 0; k < 4; ++k) v |= uint32_t(c.read_phys8(phys + k)) << (8 * k);
    return v;
}
void write_entry(Cpu& c, uint32_t phys, uint32_t v) {
    for (unsigned k = 0; k < 4; ++k) c.write_phys8(phys + k, uint8_t(v >> (8 * k)));
}
} // namespace

// The end of every walk once its entries are found: the U/S and R/W checks on the combined
// rights of both levels (SDM Vol. 3, 4.6.1), the execute-disable check for instruction fetches
// (4.6.1: with NXE, no fetch from a page whose PDE or PTE has XD set, at any CPL), accessed/
// dirty updates (4.8) and the global bit. `w.xd` is only ever set by the PAE walk with NXE.
uint32_t Cpu::finish_walk(const Walk& w) {
    const uint32_t perms = w.large ? w.pde : (w.pde & w.pte);
    const bool wp = (s.cr[0] & cr0::WP) != 0;
    if ((w.user && !(perms & US)) || (w.write && !(perms & RW) && (w.user || wp)) || (w.fetch && w.xd)) {
        s.cr[2] = w.lin;
        // I/D: a fetch's fault with PAE paging and NXE (4.7); xd implies both.
        const bool id = w.fetch && (s.cr[4] & CR4_PAE) && (s.msr.efer & efer::NXE);
        fault(VEC_PF, 1u | (w.write ? 2u : 0u) | (w.user ? 4u : 0u) | (id ? PF_ID : 0u));
    }
    if (!(w.pde & A) || (w.large && w.write && !(w.pde & D)))
        write_entry(*this, w.pde_addr, w.pde | A | (w.large && w.write ? D : 0));
    if (!w.large && (!(w.pte & A) || (w.write && !(w.pte & D))))
        write_entry(*this, w.pte_addr, w.pte | A | (w.write ? D : 0));
    last_global_ = (s.cr[4] & CR4_PGE) && ((w.large ? w.pde : w.pte) & G);
    last_nx_ = w.xd;
    return w.phys & mem_.a20_mask();
}

uint32_t Cpu::walk(uint32_t lin, bool write, bool user) {
    if (s.cr[4] & CR4_PAE) return walk_pae(lin, write, user);
    // #PF error code: P (protection violation rather than not-present), W/R, U/S.
    auto page_fault = [&](bool present) {
        s.cr[2] = lin;
        fault(VEC_PF, (present ? 1u : 0u) | (write ? 2u : 0u) | (user ? 4u : 0u));
    };
    uint32_t pde_addr = (s.cr[3] & ~0xFFFu) + ((lin >> 22) << 2);
    uint32_t pde = read_entry(*this, pde_addr);
    if (!(pde & P)) page_fault(false);
    uint32_t phys, pte_addr = 0, pte = 0;
    const bool large = (pde & PS) && (s.cr[4] & CR4_PSE);
    if (large) {
        phys = (pde & 0xFFC00000u) | (lin & 0x3FFFFF);
    } else {
        pte_addr = (pde & ~0xFFFu) + (((lin >> 12) & 0x3FF) << 2);
        pte = read_entry(*this, pte_addr);
        if (!(pte & P)) page_fault(false);
        phys = (pte & ~0xFFFu) | (lin & 0xFFF);
    }
    return finish_walk(Walk{lin, write, user, large, fetching_, false, pde_addr, pde, pte_addr, pte, phys});
}

// PAE paging (SDM Vol. 3, 4.4): the PDPTE selected by bits 31:30, then 512-entry directories
// and tables of 64-bit entries. Physical addresses above 4 GiB do not exist here, but the upper
// halves are read for bit 63, XD with IA32_EFER.NXE (4.6.1), and for the reserved bits: 62:36
// (MAXPHYADDR is 36 without CPUID leaf 80000008H, 4.1.4), 63 without NXE, and 20:13 of a 2 MiB
// PDE (tables 4-9 to 4-11); a set one is #PF with RSVD (4.7).
uint32_t Cpu::walk_pae(uint32_t lin, bool write, bool user) {
    const bool fetch = fetching_, nxe = (s.msr.efer & efer::NXE) != 0;
    auto page_fault = [&](uint32_t present_or_rsvd) {
        s.cr[2] = lin;
        fault(VEC_PF, present_or_rsvd | (write ? 2u : 0u) | (user ? 4u : 0u) | (fetch && nxe ? PF_ID : 0u));
    };
    const uint32_t high_reserved = nxe ? 0x7FFFFFF0u : 0xFFFFFFF0u;  // bits 63/62:36, upper half
    uint64_t pdpte = pdpte_[lin >> 30];
    if (!(pdpte & P)) page_fault(0);
    uint32_t pde_addr = (uint32_t(pdpte) & ~0xFFFu) + ((lin >> 21) & 0x1FF) * 8;
    uint32_t pde = read_entry(*this, pde_addr);
    if (!(pde & P)) page_fault(0);
    const uint32_t pde_high = read_entry(*this, pde_addr + 4);
    const bool large = (pde & PS) != 0;  // 2 MiB page, whatever CR4.PSE says
    if ((pde_high & high_reserved) || (large && (pde & 0x1FE000u))) page_fault(1u | PF_RSVD);
    bool xd = nxe && (pde_high & 0x80000000u);
    uint32_t phys, pte_addr = 0, pte = 0;
    if (large) {
        phys = (pde & 0xFFE00000u) | (lin & 0x1FFFFF);
    } else {
        pte_addr = (pde & ~0xFFFu) + ((lin >> 12) & 0x1FF) * 8;
        pte = read_entry(*this, pte_addr);
        if (!(pte & P)) page_fault(0);
        const uint32_t pte_high = read_entry(*this, pte_addr + 4);
        if (pte_high & high_reserved) page_fault(1u | PF_RSVD);
        xd = xd || (nxe && (pte_high & 0x80000000u));
        phys = (pte & ~0xFFFu) | (lin & 0xFFF);
    }
    return finish_walk(Walk{lin, write, user, large, fetch, xd, pde_addr, pde, pte_addr, pte, phys});
}

// Loads the four PDPTEs from the 32-byte aligned table CR3 names (SDM Vol. 3, 4.4.1): a present
// entry with reserved bits set (1-2, 5-8, 36-63 on the P6 family) is #GP(0).
void Cpu::load_pdptes() {
    uint32_t base = s.cr[3] & ~0x1Fu;
    uint64_t e[4];
    for (unsigned k = 0; k < 4; ++k) {
        e[k] = uint64_t(read_entry(*this, base + 8 * k)) | (uint64_t(read_entry(*this, base + 8 * k + 4)) << 32);
        if ((e[k] & P) && (e[k] & 0xFFFFFFF0000001E6ull)) fault(VEC_GP, 0);
    }
    for (unsigned k = 0; k < 4; ++k) pdpte_[k] = e[k];
}

// ---------------------------------------------------------------------------------------------
// Debug registers (SDM Vol. 3, 17.2) and alignment checks

void Cpu::set_debug_register(unsigned n, uint32_t value) {
    switch (n) {
    case 0: case 1: case 2: case 3: s.dr[n] = value; break;
    case 6: s.dr[6] = (value & 0xE00F) | 0xFFFF0FF0u; break;
    case 7: s.dr[7] = (value & 0xFFFF2BFFu) | 0x400; break;
    default: break;
    }
    // Any enabled breakpoint (L0-L3/G0-G3) makes accesses take the checking slow path.
    debug_active_ = (s.dr[7] & 0xFF) != 0;
    update_tlb_mode();
    event_pending_ = true;
}

namespace {
// Breakpoint `k` of DR7: RW (00 execute, 01 write, 10 I/O, 11 read/write) and LEN (bytes - 1;
// 10 is 8 bytes on later models, undefined on the P6).
unsigned bp_rw(uint32_t dr7, unsigned k) { return (dr7 >> (16 + 4 * k)) & 3; }
uint32_t bp_len(uint32_t dr7, unsigned k) {
    static const uint32_t kLen[4] = {1, 2, 8, 4};
    return kLen[(dr7 >> (18 + 4 * k)) & 3];
}
} // namespace

bool Cpu::code_breakpoint(uint32_t lin) {
    const uint32_t dr7 = s.dr[7];
    unsigned hits = 0;
    for (unsigned k = 0; k < 4; ++k)
        if (((dr7 >> (2 * k)) & 3) && bp_rw(dr7, k) == 0 && s.dr[k] == lin) hits |= 1u << k;
    if (hits) s.dr[6] = (s.dr[6] & ~0xFu) | hits;
    return hits != 0;
}

void Cpu::memory_checks(uint32_t lin, unsigned size, bool write) {
    if (fetching_ || implicit_supervisor_) return;
    if ((s.cr[0] & cr0::AM) && (s.eflags_rest & fl::AC) && cpl() == 3 && (lin & (size - 1)))
        fault(VEC_AC, 0);
    if (!debug_active_) return;
    const uint32_t dr7 = s.dr[7];
    for (unsigned k = 0; k < 4; ++k) {
        if (!((dr7 >> (2 * k)) & 3)) continue;
        unsigned rw = bp_rw(dr7, k);
        if (rw == 0 || rw == 2 || (rw == 1 && !write)) continue;
        uint32_t len = bp_len(dr7, k), start = s.dr[k] & ~(len - 1);
        if (lin < start + len && start < lin + size) pending_db_ |= uint8_t(1u << k);
    }
    if (pending_db_) event_pending_ = true;
}

// I/O breakpoints (RW = 10, only with CR4.DE, SDM Vol. 3, 17.2.5): a trap after the IN/OUT.
void Cpu::io_breakpoint(uint16_t port, unsigned size) {
    if (!(s.cr[4] & CR4_DE)) return;
    const uint32_t dr7 = s.dr[7];
    for (unsigned k = 0; k < 4; ++k) {
        if (!((dr7 >> (2 * k)) & 3) || bp_rw(dr7, k) != 2) continue;
        uint32_t len = bp_len(dr7, k), start = (s.dr[k] & 0xFFFF) & ~(len - 1);
        if (port < start + len && start < uint32_t(port) + size) pending_db_ |= uint8_t(1u << k);
    }
    if (pending_db_) event_pending_ = true;
}

// Delivers the #DB trap of the instruction that just completed: data breakpoints (DR6 B0-B3)
// and/or single-step (BS, set by the caller).
void Cpu::deliver_debug_trap() {
    if (pending_db_) s.dr[6] = (s.dr[6] & ~0xFu) | pending_db_;
    pending_db_ = 0;
    try {
        interrupt(VEC_DB, false);
    } catch (const CpuFault& f) {
        deliver_fault(f);
    }
}

} // namespace bw
