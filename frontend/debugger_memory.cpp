#include "frontend/debugger_memory.h"
#include <algorithm>
#include <cstdio>
#include "devices/machine.h"

namespace bw::frontend::dbg {
namespace {
constexpr uint32_t kCr4Pse = 1u << 4;
}

uint64_t load_le(const uint8_t* p, unsigned size) {
    uint64_t v = 0;
    for (unsigned k = 0; k < size; ++k) v |= uint64_t(p[k]) << (8 * k);
    return v;
}

uint32_t read_physical32(Machine& m, uint32_t phys) {
    uint8_t b[4];
    read_physical(m, phys, b, 4);
    return uint32_t(load_le(b, 4));
}

void read_physical(Machine& m, uint32_t phys, uint8_t* out, size_t n) {
    for (size_t k = 0; k < n; ++k) out[k] = m.cpu().read_phys8(uint32_t(phys + k));
}

PageWalk walk_page(Machine& m, uint32_t lin) {
    const CpuState& s = m.cpu().s;
    const uint32_t a20 = m.memory().a20_mask();
    PageWalk w;
    if (!(s.cr[0] & cr0::PG)) {
        w.ok = true;
        w.phys = lin & a20;
        w.perms = pte::P | pte::RW | pte::US;
        return w;
    }
    // Mirrors Cpu::walk (cpu/paging.cpp) without its writes.
    w.paging = true;
    w.pde_addr = (s.cr[3] & ~0xFFFu) + ((lin >> 22) << 2);
    w.pde = read_physical32(m, w.pde_addr);
    if (!(w.pde & pte::P)) { w.fault = "PDE not present"; return w; }
    w.large = (w.pde & pte::PS) && (s.cr[4] & kCr4Pse);
    if (w.large) {
        w.perms = w.pde & (pte::P | pte::RW | pte::US);
        w.phys = ((w.pde & 0xFFC00000u) | (lin & 0x3FFFFF)) & a20;
    } else {
        w.pte_addr = (w.pde & ~0xFFFu) + (((lin >> 12) & 0x3FF) << 2);
        w.pte = read_physical32(m, w.pte_addr);
        if (!(w.pte & pte::P)) { w.fault = "PTE not present"; return w; }
        w.perms = w.pde & w.pte & (pte::P | pte::RW | pte::US);
        w.phys = ((w.pte & ~0xFFFu) | (lin & 0xFFF)) & a20;
    }
    w.ok = true;
    return w;
}

std::optional<uint32_t> linear_to_physical(Machine& m, uint32_t lin) {
    PageWalk w = walk_page(m, lin);
    if (!w.ok) return std::nullopt;
    return w.phys;
}

size_t read_linear(Machine& m, uint32_t lin, uint8_t* out, size_t n) {
    size_t done = 0;
    while (done < n) {
        uint32_t a = uint32_t(lin + done);
        auto phys = linear_to_physical(m, a);
        if (!phys) break;
        // Translate once per page; the rest of the page follows physically.
        size_t chunk = std::min<size_t>(n - done, 0x1000 - (a & 0xFFF));
        read_physical(m, *phys, out + done, chunk);
        done += chunk;
    }
    return done;
}

size_t write_linear(Machine& m, uint32_t lin, const uint8_t* in, size_t n) {
    size_t done = 0;
    while (done < n) {
        uint32_t a = uint32_t(lin + done);
        auto phys = linear_to_physical(m, a);
        if (!phys) break;
        size_t chunk = std::min<size_t>(n - done, 0x1000 - (a & 0xFFF));
        // write_phys8 keeps the decoded-code cache coherent with what we change.
        for (size_t k = 0; k < chunk; ++k) m.cpu().write_phys8(uint32_t(*phys + k), in[done + k]);
        done += chunk;
    }
    return done;
}

std::optional<uint64_t> read_descriptor(Machine& m, uint16_t selector) {
    const CpuState& s = m.cpu().s;
    uint32_t base, limit;
    if (selector & 4) {
        if (!s.ldtr.usable() && s.ldtr.selector == 0) return std::nullopt;
        base = s.ldtr.base;
        limit = s.ldtr.limit;
    } else {
        base = s.gdtr.base;
        limit = s.gdtr.limit;
    }
    uint32_t index = selector & ~7u;
    if (index + 7 > limit) return std::nullopt;
    uint8_t b[8];
    if (read_linear(m, base + index, b, 8) != 8) return std::nullopt;
    return load_le(b, 8);
}

std::optional<uint32_t> segment_base(Machine& m, uint16_t selector) {
    Cpu& c = m.cpu();
    if (!c.protected_mode() || (c.s.eflags_rest & fl::VM)) return uint32_t(selector) << 4;
    for (const SegmentRegister& sr : c.s.seg)
        if (sr.selector == selector) return sr.base;
    auto d = read_descriptor(m, selector);
    if (!d) return std::nullopt;
    return DescriptorView{*d}.base();
}

bool segment_is_32bit(Machine& m, uint16_t selector) {
    Cpu& c = m.cpu();
    if (!c.protected_mode() || (c.s.eflags_rest & fl::VM)) return false;
    if (c.s.seg[CS].selector == selector) return c.code32();
    auto d = read_descriptor(m, selector);
    return d && DescriptorView{*d}.big();
}

std::string describe_descriptor(uint64_t raw) {
    DescriptorView d{raw};
    char buf[160];
    if (!d.present() && raw == 0) return "null";
    if (d.segment()) {
        const unsigned t = d.type();
        const bool code = t & 8;
        std::string rights = code ? std::string("e") + ((t & 2) ? "r" : "") + ((t & 4) ? " conforming" : "")
                                  : std::string("r") + ((t & 2) ? "w" : "") + ((t & 4) ? " expand-down" : "");
        std::snprintf(buf, sizeof buf, "%s%s %s base=%08x limit=%08x dpl=%u%s%s",
                      code ? "code" : "data", d.big() ? "32" : "16", rights.c_str(), d.base(), d.limit(),
                      d.dpl(), d.present() ? " P" : " not-present", (t & 1) ? " A" : "");
        return buf;
    }
    static const char* const kSystem[16] = {
        "reserved(0)", "tss16 available", "ldt", "tss16 busy", "call-gate16", "task-gate",
        "int-gate16", "trap-gate16", "reserved(8)", "tss32 available", "reserved(10)", "tss32 busy",
        "call-gate32", "reserved(13)", "int-gate32", "trap-gate32"};
    const unsigned t = d.type();
    if (t == 4 || t == 6 || t == 7 || t == 12 || t == 14 || t == 15) {
        std::snprintf(buf, sizeof buf, "%s -> %04x:%08x dpl=%u%s", kSystem[t], d.gate_selector(),
                      (t & 8) ? d.gate_offset() : d.gate_offset() & 0xFFFF, d.dpl(), d.present() ? " P" : " not-present");
    } else if (t == 5) {
        std::snprintf(buf, sizeof buf, "%s -> tss %04x dpl=%u%s", kSystem[t], d.gate_selector(), d.dpl(),
                      d.present() ? " P" : " not-present");
    } else {
        std::snprintf(buf, sizeof buf, "%s base=%08x limit=%08x dpl=%u%s", kSystem[t], d.base(), d.limit(),
                      d.dpl(), d.present() ? " P" : " not-present");
    }
    return buf;
}

} // namespace bw::frontend::dbg
