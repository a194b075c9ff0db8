#include "frontend/debugger_regs.h"
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include "cpu/cpu.h"

namespace bw::frontend::dbg {
namespace {

const char* const kGpr32[8] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
const char* const kGpr16[8] = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di"};
const char* const kGpr8[8] = {"al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"};
const char* const kSeg[6] = {"es", "cs", "ss", "ds", "fs", "gs"};

std::string lower(std::string s) {
    for (char& ch : s) ch = char(std::tolower(static_cast<unsigned char>(ch)));
    return s;
}

int index_of(const char* const* names, int n, const std::string& name) {
    for (int k = 0; k < n; ++k)
        if (name == names[k]) return k;
    return -1;
}

// "cr3" -> 3 for a prefix of two letters and one digit in [0, max].
int numbered(const std::string& name, const char* prefix, int max) {
    if (name.size() != 3 || name.compare(0, 2, prefix) != 0 || !std::isdigit(static_cast<unsigned char>(name[2])))
        return -1;
    int n = name[2] - '0';
    return n <= max ? n : -1;
}

std::string hex32(uint32_t v) {
    char b[16];
    std::snprintf(b, sizeof b, "%08x", v);
    return b;
}

// Bit names, listed from the high bit down; upper-case when set (the Bochs convention).
std::string bit_names(uint32_t v, std::initializer_list<std::pair<uint32_t, const char*>> bits) {
    std::string out;
    for (auto [bit, name] : bits) {
        if (!out.empty()) out += ' ';
        std::string n = name;
        if (v & bit)
            for (char& ch : n) ch = char(std::toupper(static_cast<unsigned char>(ch)));
        out += n;
    }
    return out;
}

void print_segment(std::ostream& out, const char* name, const SegmentRegister& sr) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "%-4s %04x base=%08x limit=%08x access=%02x %s%s%s\n", name, sr.selector,
                  sr.base, sr.limit, sr.access & 0xFF, sr.big() ? "D/B=1" : "D/B=0",
                  (sr.access & 0x8000) ? " G" : "", sr.usable() ? "" : " unusable");
    out << buf;
}

// FPU state is being added to CpuState concurrently; the dump compiles with or without it.
template <class S> void print_fpu_state(const S& s, std::ostream& out) {
    if constexpr (requires { s.fpu.r[0].sig; s.fpu.r[0].se; s.fpu.cw; s.fpu.sw; s.fpu.tw; }) {
        const auto& f = s.fpu;
        const unsigned top = (f.sw >> 11) & 7;
        char buf[200];
        std::snprintf(buf, sizeof buf, "fcw=%04x fsw=%04x (top=%u) ftw=%04x\n", unsigned(f.cw), unsigned(f.sw), top,
                      unsigned(f.tw));
        out << buf;
        if constexpr (requires { f.fip; f.fcs; f.fdp; f.fds; f.fop; }) {
            std::snprintf(buf, sizeof buf, "fip=%04x:%08x fdp=%04x:%08x fop=%03x\n", unsigned(f.fcs), unsigned(f.fip),
                          unsigned(f.fds), unsigned(f.fdp), unsigned(f.fop));
            out << buf;
        }
        static const char* const kTag[4] = {"valid", "zero", "special", "empty"};
        for (unsigned i = 0; i < 8; ++i) {
            unsigned phys = (top + i) & 7;
            const auto& r = f.r[phys];
            uint64_t sig = r.sig;
            unsigned se = r.se, exp = se & 0x7FFF;
            bool neg = se >> 15;
            double v;
            if (exp == 0x7FFF) v = (sig << 1) ? NAN : INFINITY;
            else v = std::ldexp(double(sig), int(exp) - 16383 - 63);
            if (neg) v = -v;
            std::snprintf(buf, sizeof buf, "st%u (r%u) %04x_%016llx %-7s %.17g\n", i, phys, se,
                          static_cast<unsigned long long>(sig), kTag[(f.tw >> (2 * phys)) & 3], v);
            out << buf;
        }
    } else {
        (void)s;
        out << "no FPU state\n";
    }
}

} // namespace

std::optional<uint32_t> register_value(Cpu& c, const std::string& raw) {
    const std::string name = lower(raw);
    CpuState& s = c.s;
    if (int k = index_of(kGpr32, 8, name); k >= 0) return s.gpr[k].d;
    if (int k = index_of(kGpr16, 8, name); k >= 0) return s.gpr[k].w;
    if (int k = index_of(kGpr8, 8, name); k >= 0) return s.reg<uint8_t>(unsigned(k));
    if (int k = index_of(kSeg, 6, name); k >= 0) return s.seg[k].selector;
    if (name == "eip") return s.eip;
    if (name == "ip") return s.eip & 0xFFFF;
    if (name == "eflags") return c.eflags();
    if (name == "flags") return c.eflags() & 0xFFFF;
    if (int k = numbered(name, "cr", 4); k >= 0 && k != 1) return s.cr[k];
    if (int k = numbered(name, "dr", 7); k >= 0) return s.dr[k];
    return std::nullopt;
}

std::string set_register(Cpu& c, const std::string& raw, uint32_t v) {
    const std::string name = lower(raw);
    CpuState& s = c.s;
    if (int k = index_of(kGpr32, 8, name); k >= 0) { s.gpr[k].d = v; return {}; }
    if (int k = index_of(kGpr16, 8, name); k >= 0) { s.gpr[k].w = uint16_t(v); return {}; }
    if (int k = index_of(kGpr8, 8, name); k >= 0) { s.reg<uint8_t>(unsigned(k)) = uint8_t(v); return {}; }
    if (name == "eip") { s.eip = v; return {}; }
    if (name == "ip") { s.eip = v & 0xFFFF; return {}; }
    if (name == "eflags") { c.set_eflags(v); return {}; }
    if (name == "flags") { c.set_eflags(v, 0xFFFF); return {}; }
    if (int k = numbered(name, "dr", 7); k >= 0) { s.dr[k] = v; return {}; }
    try {
        if (int k = index_of(kSeg, 6, name); k >= 0) {
            if (!c.protected_mode() || (s.eflags_rest & fl::VM)) c.load_segment_real(unsigned(k), uint16_t(v));
            else if (k == CS) return "cs cannot be loaded in protected mode (set eip with a far jump instead)";
            else c.load_segment(unsigned(k), uint16_t(v));
            return {};
        }
        if (int k = numbered(name, "cr", 4); k >= 0 && k != 1) {
            c.set_control_register(unsigned(k), v);
            return {};
        }
    } catch (const CpuFault& f) {
        char buf[80];
        std::snprintf(buf, sizeof buf, "the load raises exception %u (error code %04x); nothing changed",
                      unsigned(f.vector), unsigned(f.error));
        return buf;
    }
    return "unknown register '" + raw + "'";
}

std::string describe_eflags(uint32_t f) {
    std::string s = bit_names(f, {{fl::ID, "id"}, {fl::VIP, "vip"}, {fl::VIF, "vif"}, {fl::AC, "ac"},
                                  {fl::VM, "vm"}, {fl::RF, "rf"}, {fl::NT, "nt"}});
    s += " IOPL=" + std::to_string((f >> 12) & 3) + " ";
    s += bit_names(f, {{fl::OF, "of"}, {fl::DF, "df"}, {fl::IF, "if"}, {fl::TF, "tf"}, {fl::SF, "sf"},
                       {fl::ZF, "zf"}, {fl::AF, "af"}, {fl::PF, "pf"}, {fl::CF, "cf"}});
    return s;
}

void print_registers(Cpu& c, std::ostream& out) {
    const CpuState& s = c.s;
    auto reg = [&](unsigned k) { return hex32(s.gpr[k].d); };
    out << "eax=" << reg(EAX) << " ebx=" << reg(EBX) << " ecx=" << reg(ECX) << " edx=" << reg(EDX) << '\n';
    out << "esi=" << reg(ESI) << " edi=" << reg(EDI) << " ebp=" << reg(EBP) << " esp=" << reg(ESP) << '\n';
    out << "eip=" << hex32(s.eip) << " eflags=" << hex32(c.eflags()) << ' ' << describe_eflags(c.eflags()) << '\n';
    char buf[96];
    std::snprintf(buf, sizeof buf, "cs=%04x ds=%04x es=%04x ss=%04x fs=%04x gs=%04x  %s%s\n", s.seg[CS].selector,
                  s.seg[DS].selector, s.seg[ES].selector, s.seg[SS].selector, s.seg[FS].selector, s.seg[GS].selector,
                  !c.protected_mode() ? "real mode" : (s.eflags_rest & fl::VM) ? "v8086 mode" : "protected mode",
                  s.halted ? ", halted" : "");
    out << buf;
}

void print_segment_registers(Cpu& c, std::ostream& out) {
    const CpuState& s = c.s;
    for (unsigned k : {unsigned(CS), unsigned(DS), unsigned(ES), unsigned(SS), unsigned(FS), unsigned(GS)})
        print_segment(out, kSeg[k], s.seg[k]);
    print_segment(out, "ldtr", s.ldtr);
    print_segment(out, "tr", s.tr);
    char buf[96];
    std::snprintf(buf, sizeof buf, "gdtr base=%08x limit=%04x\nidtr base=%08x limit=%04x\n", s.gdtr.base,
                  s.gdtr.limit, s.idtr.base, s.idtr.limit);
    out << buf;
}

void print_control_registers(Cpu& c, std::ostream& out) {
    const CpuState& s = c.s;
    out << "cr0=" << hex32(s.cr[0]) << ' '
        << bit_names(s.cr[0], {{cr0::PG, "pg"}, {cr0::CD, "cd"}, {cr0::NW, "nw"}, {cr0::AM, "am"}, {cr0::WP, "wp"},
                               {cr0::NE, "ne"}, {cr0::ET, "et"}, {cr0::TS, "ts"}, {cr0::EM, "em"}, {cr0::MP, "mp"},
                               {cr0::PE, "pe"}})
        << '\n';
    out << "cr2=" << hex32(s.cr[2]) << " (last page-fault address)\n";
    out << "cr3=" << hex32(s.cr[3]) << " (page directory at " << hex32(s.cr[3] & ~0xFFFu) << ')'
        << ((s.cr[3] & 8) ? " PWT" : "") << ((s.cr[3] & 16) ? " PCD" : "") << '\n';
    out << "cr4=" << hex32(s.cr[4]) << ' '
        << bit_names(s.cr[4], {{1u << 10, "osxmmexcpt"}, {1u << 9, "osfxsr"}, {1u << 8, "pce"}, {1u << 7, "pge"},
                               {1u << 6, "mce"}, {1u << 5, "pae"}, {1u << 4, "pse"}, {1u << 3, "de"},
                               {1u << 2, "tsd"}, {1u << 1, "pvi"}, {1u << 0, "vme"}})
        << '\n';
}

void print_debug_registers(Cpu& c, std::ostream& out) {
    const CpuState& s = c.s;
    for (unsigned k = 0; k < 4; ++k) out << "dr" << k << '=' << hex32(s.dr[k]) << (k == 3 ? '\n' : ' ');
    out << "dr6=" << hex32(s.dr[6]) << " dr7=" << hex32(s.dr[7]) << '\n';
}

void print_fpu(Cpu& c, std::ostream& out) { print_fpu_state(c.s, out); }

} // namespace bw::frontend::dbg
