#include "frontend/debugger_info.h"
#include <cstdio>
#include <string>
#include "devices/machine.h"
#include "frontend/debugger_memory.h"

namespace bw::frontend::dbg {
namespace {

std::string fmt(const char* f, auto... args) {
    char buf[256];
    std::snprintf(buf, sizeof buf, f, args...);
    return buf;
}

std::string entry_flags(uint32_t e) {
    std::string s;
    s += (e & pte::P) ? "P" : "-";
    s += (e & pte::RW) ? " RW" : " ro";
    s += (e & pte::US) ? " US" : " su";
    if (e & pte::PWT) s += " PWT";
    if (e & pte::PCD) s += " PCD";
    if (e & pte::A) s += " A";
    if (e & pte::D) s += " D";
    if (e & pte::PS) s += " PS";
    if (e & pte::G) s += " G";
    return s;
}

void dump_table(Machine& m, std::ostream& out, const char* name, uint32_t base, uint32_t limit, bool ldt) {
    out << fmt("%s base=%08x limit=%04x (%u entries)\n", name, base, limit, (limit + 1) / 8);
    for (uint32_t off = 0; off + 7 <= limit; off += 8) {
        uint8_t b[8];
        if (read_linear(m, base + off, b, 8) != 8) {
            out << fmt("%s[%04x] not mapped\n", name, off);
            break;
        }
        uint64_t raw = load_le(b, 8);
        if (raw == 0 && off != 0) continue;  // empty slots: the list stays readable
        out << fmt("%s[%04x] %08x%08x %s\n", name, off | (ldt ? 4 : 0), unsigned(raw >> 32), unsigned(raw),
                   describe_descriptor(raw).c_str());
    }
}

} // namespace

void info_gdt(Machine& m, std::ostream& out) {
    const CpuState& s = m.cpu().s;
    dump_table(m, out, "GDT", s.gdtr.base, s.gdtr.limit, false);
}

void info_ldt(Machine& m, std::ostream& out) {
    const CpuState& s = m.cpu().s;
    if (!m.cpu().protected_mode()) { out << "no LDT in real mode\n"; return; }
    if ((s.ldtr.selector & ~3u) == 0) { out << "LDTR is null: no LDT\n"; return; }
    out << fmt("LDTR selector=%04x\n", s.ldtr.selector);
    dump_table(m, out, "LDT", s.ldtr.base, s.ldtr.limit, true);
}

void info_idt(Machine& m, std::ostream& out, unsigned first, unsigned last) {
    Cpu& c = m.cpu();
    const CpuState& s = c.s;
    const bool pm = c.protected_mode();
    const unsigned size = pm ? 8 : 4;
    out << fmt("%s base=%08x limit=%04x\n", pm ? "IDT" : "IVT (real mode)", s.idtr.base, s.idtr.limit);
    for (unsigned v = first; v <= last && v < 256; ++v) {
        if (v * size + size - 1 > s.idtr.limit) break;
        uint8_t b[8];
        if (read_linear(m, s.idtr.base + v * size, b, size) != size) {
            out << fmt("IDT[0x%02x] not mapped\n", v);
            break;
        }
        if (!pm) out << fmt("IVT[0x%02x] %04x:%04x\n", v, unsigned(load_le(b + 2, 2)), unsigned(load_le(b, 2)));
        else out << fmt("IDT[0x%02x] %s\n", v, describe_descriptor(load_le(b, 8)).c_str());
    }
}

void info_tss(Machine& m, std::ostream& out) {
    const CpuState& s = m.cpu().s;
    if (!m.cpu().protected_mode() || (s.tr.selector & ~3u) == 0) { out << "no task register loaded\n"; return; }
    const unsigned type = s.tr.access & 0xF;
    const bool tss32 = (type & 8) != 0;
    out << fmt("TR selector=%04x base=%08x limit=%08x %s\n", s.tr.selector, s.tr.base, s.tr.limit,
               tss32 ? "32-bit TSS" : "16-bit TSS");
    uint8_t b[104] = {};
    size_t want = tss32 ? 104 : 44;
    if (read_linear(m, s.tr.base, b, want) != want) { out << "the TSS is not mapped\n"; return; }
    auto d = [&](unsigned off) { return unsigned(load_le(b + off, 4)); };
    auto w = [&](unsigned off) { return unsigned(load_le(b + off, 2)); };
    if (tss32) {
        out << fmt("link=%04x esp0=%04x:%08x esp1=%04x:%08x esp2=%04x:%08x\n", w(0), w(8), d(4), w(16), d(12), w(24), d(20));
        out << fmt("cr3=%08x eip=%08x eflags=%08x\n", d(28), d(32), d(36));
        out << fmt("eax=%08x ecx=%08x edx=%08x ebx=%08x\n", d(40), d(44), d(48), d(52));
        out << fmt("esp=%08x ebp=%08x esi=%08x edi=%08x\n", d(56), d(60), d(64), d(68));
        out << fmt("es=%04x cs=%04x ss=%04x ds=%04x fs=%04x gs=%04x ldt=%04x\n", w(72), w(76), w(80), w(84), w(88), w(92), w(96));
        out << fmt("T=%u iomap=%04x\n", w(100) & 1, w(102));
    } else {
        out << fmt("link=%04x sp0=%04x:%04x sp1=%04x:%04x sp2=%04x:%04x\n", w(0), w(4), w(2), w(8), w(6), w(12), w(10));
        out << fmt("ip=%04x flags=%04x ax=%04x cx=%04x dx=%04x bx=%04x\n", w(14), w(16), w(18), w(20), w(22), w(24));
        out << fmt("sp=%04x bp=%04x si=%04x di=%04x\n", w(26), w(28), w(30), w(32));
        out << fmt("es=%04x cs=%04x ss=%04x ds=%04x ldt=%04x\n", w(34), w(36), w(38), w(40), w(42));
    }
}

void info_tab(Machine& m, std::ostream& out) {
    const CpuState& s = m.cpu().s;
    if (!(s.cr[0] & cr0::PG)) { out << "paging is off (CR0.PG=0): linear addresses are physical\n"; return; }
    out << fmt("cr3=%08x\n", s.cr[3]);
    // One run of pages: linear start, physical start, length, permissions.
    struct Run { uint64_t lin = 0, phys = 0, len = 0; uint32_t perms = 0; } run;
    auto flush = [&] {
        if (!run.len) return;
        out << fmt("%08x-%08x -> %08x-%08x %s %s\n", unsigned(run.lin), unsigned(run.lin + run.len - 1), unsigned(run.phys),
                   unsigned(run.phys + run.len - 1), (run.perms & pte::RW) ? "rw" : "ro", (run.perms & pte::US) ? "user" : "supervisor");
        run.len = 0;
    };
    auto add = [&](uint64_t lin, uint64_t phys, uint64_t len, uint32_t perms) {
        if (run.len && run.lin + run.len == lin && run.phys + run.len == phys && run.perms == perms) {
            run.len += len;
            return;
        }
        flush();
        run = {lin, phys, len, perms};
    };
    const uint32_t pd = s.cr[3] & ~0xFFFu;
    for (uint32_t i = 0; i < 1024; ++i) {
        uint32_t pde = read_physical32(m, pd + i * 4);
        uint64_t lin = uint64_t(i) << 22;
        if (!(pde & pte::P)) { flush(); continue; }
        if ((pde & pte::PS) && (s.cr[4] & (1u << 4))) {
            add(lin, pde & 0xFFC00000u, 0x400000, pde & 7);
            continue;
        }
        const uint32_t pt = pde & ~0xFFFu;
        for (uint32_t j = 0; j < 1024; ++j) {
            uint32_t e = read_physical32(m, pt + j * 4);
            if (!(e & pte::P)) { flush(); continue; }
            add(lin + (uint64_t(j) << 12), e & ~0xFFFu, 0x1000, pde & e & 7);
        }
    }
    flush();
}

void page_walk(Machine& m, uint32_t lin, std::ostream& out) {
    PageWalk w = walk_page(m, lin);
    if (!w.paging) {
        out << fmt("linear %08x -> physical %08x (paging is off)\n", lin, w.phys);
        return;
    }
    out << fmt("linear %08x: directory index %03x, table index %03x, offset %03x\n", lin, lin >> 22, (lin >> 12) & 0x3FF,
               lin & 0xFFF);
    out << fmt("  cr3=%08x\n", m.cpu().s.cr[3]);
    out << fmt("  PDE at %08x = %08x %s\n", w.pde_addr, w.pde, entry_flags(w.pde).c_str());
    if (w.pte_addr || (!w.large && (w.pde & pte::P)))
        out << fmt("  PTE at %08x = %08x %s\n", w.pte_addr, w.pte, entry_flags(w.pte).c_str());
    if (!w.ok) {
        out << "  not mapped: " << w.fault << '\n';
        return;
    }
    out << fmt("  -> physical %08x (%s page, %s, %s)\n", w.phys, w.large ? "4 MiB" : "4 KiB",
               (w.perms & pte::RW) ? "writable" : "read-only", (w.perms & pte::US) ? "user" : "supervisor only");
}

} // namespace bw::frontend::dbg
