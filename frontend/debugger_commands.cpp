#include "frontend/debugger_commands.h"
#include <cctype>
#include <cstdio>
#include <stdexcept>
#include "frontend/debugger_disasm.h"
#include "frontend/debugger_expr.h"
#include "frontend/debugger_info.h"
#include "frontend/debugger_memory.h"
#include "frontend/debugger_regs.h"

namespace bw::frontend::dbg {
namespace {

// A command's complaint about its arguments: printed as "error: ..." and the prompt returns.
struct CommandError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string fmt(const char* f, auto... args) {
    char buf[256];
    std::snprintf(buf, sizeof buf, f, args...);
    return buf;
}

uint32_t value_of(CommandContext& ctx, const std::string& text) {
    std::string err;
    auto v = evaluate(ctx.m.cpu(), text, err);
    if (!v) throw CommandError(err);
    return *v;
}

Address address_of(CommandContext& ctx, const std::string& text) {
    std::string err;
    auto a = parse_address(ctx.m.cpu(), text, err);
    if (!a) throw CommandError(err);
    return *a;
}

// A seg:off or linear address as a linear address.
uint32_t linear_of(CommandContext& ctx, const Address& a) {
    if (!a.has_segment) return a.offset;
    auto base = segment_base(ctx.m, a.segment);
    if (!base) throw CommandError(fmt("selector %04x names no descriptor", a.segment));
    return *base + a.offset;
}

std::string label_of(const Address& a) {
    return a.has_segment ? fmt("%04x:%04x", a.segment, a.offset) : fmt("0x%08x", a.offset);
}

// ---- x / xp ----

struct Format {
    unsigned count = 1;
    char fmt = 'x';
    unsigned unit = 4;
};

Format parse_format(const std::string& spec) {  // spec without the slash: "4xb"
    Format f;
    size_t k = 0;
    if (k < spec.size() && std::isdigit(static_cast<unsigned char>(spec[k]))) {
        f.count = 0;
        while (k < spec.size() && std::isdigit(static_cast<unsigned char>(spec[k]))) f.count = f.count * 10 + unsigned(spec[k++] - '0');
        if (f.count == 0 || f.count > 4096) throw CommandError("the count must be 1..4096");
    }
    for (; k < spec.size(); ++k) {
        char ch = spec[k];
        switch (ch) {
        case 'x': case 'd': case 'u': case 'o': case 't': case 'c': f.fmt = ch; break;
        case 'b': f.unit = 1; break;
        case 'h': f.unit = 2; break;
        case 'w': f.unit = 4; break;
        case 'g': f.unit = 8; break;
        default: throw CommandError(std::string("unknown format letter '") + ch + "' (formats x d u o t c, units b h w g)");
        }
    }
    if (f.fmt == 'c') f.unit = 1;
    return f;
}

std::string format_value(uint64_t v, const Format& f) {
    const unsigned bits = f.unit * 8;
    switch (f.fmt) {
    case 'd': {
        int64_t sv = bits == 64 ? int64_t(v) : int64_t(v << (64 - bits)) >> (64 - bits);
        return fmt("%lld", static_cast<long long>(sv));
    }
    case 'u': return fmt("%llu", static_cast<unsigned long long>(v));
    case 'o': return fmt("0%llo", static_cast<unsigned long long>(v));
    case 't': {
        std::string s;
        for (int b = int(bits) - 1; b >= 0; --b) s += ((v >> b) & 1) ? '1' : '0';
        return s;
    }
    case 'c':
        if (v >= 0x20 && v < 0x7F) return fmt("'%c'", char(v));
        return fmt("'\\x%02x'", unsigned(v));
    default: return fmt("0x%0*llx", int(f.unit * 2), static_cast<unsigned long long>(v));
    }
}

void examine(CommandContext& ctx, const std::vector<std::string>& w, bool physical) {
    std::string spec;
    size_t arg = 1;
    if (auto slash = w[0].find('/'); slash != std::string::npos) spec = w[0].substr(slash + 1);
    else if (w.size() > 1 && w[1][0] == '/') spec = w[arg++].substr(1);
    Format f = parse_format(spec);
    if (arg >= w.size()) throw CommandError(std::string("usage: ") + (physical ? "xp" : "x") + " /NFU ADDR");
    uint32_t addr = physical ? value_of(ctx, w[arg]) : linear_of(ctx, address_of(ctx, w[arg]));
    const unsigned per_line = f.unit == 8 ? 2 : f.unit == 4 ? 4 : 8;
    for (unsigned i = 0; i < f.count; ++i) {
        uint32_t a = addr + i * f.unit;
        if (i % per_line == 0) ctx.out << (i ? "\n" : "") << fmt("0x%08x:", a);
        uint8_t b[8];
        if (physical) {
            read_physical(ctx.m, a, b, f.unit);
        } else if (read_linear(ctx.m, a, b, f.unit) != f.unit) {
            ctx.out << fmt(" <linear 0x%08x is not mapped>", a);
            break;
        }
        ctx.out << ' ' << format_value(load_le(b, f.unit), f);
    }
    ctx.out << '\n';
}

// ---- u ----

void unassemble(CommandContext& ctx, const std::vector<std::string>& w) {
    Cpu& c = ctx.m.cpu();
    CodePlace at = current_code(c);
    bool linear = false;
    unsigned count = 8;
    size_t arg = 1;
    if (w.size() > arg) {
        Address a = address_of(ctx, w[arg++]);
        if (a.has_segment) {
            at.cs = a.segment;
            at.eip = a.offset;
            at.code32 = segment_is_32bit(ctx.m, a.segment);
            at.lin = linear_of(ctx, a);
        } else {
            linear = true;
            at.lin = a.offset;
            at.eip = a.offset;
        }
    }
    if (w.size() > arg) {
        count = value_of(ctx, w[arg]);
        if (count == 0 || count > 1000) throw CommandError("the count must be 1..1000");
    }
    Disassembler& dis = ctx.mon.disassembler();
    for (unsigned k = 0; k < count; ++k) {
        Decoded d = dis.decode_at(ctx.m, at.lin, at.eip, at.code32);
        ctx.out << (linear ? format_insn(fmt("%08x", at.lin), d) : format_code_line(at, d)) << '\n';
        if (!d.len) break;
        at.lin += d.len;
        at.eip = (at.eip + d.len) & (at.code32 || linear ? 0xFFFFFFFFu : 0xFFFFu);
    }
}

// ---- breakpoints and watchpoints ----

void list_points(CommandContext& ctx) {
    const auto& bps = ctx.mon.breakpoints();
    const auto& wps = ctx.mon.watchpoints();
    if (bps.empty() && wps.empty()) { ctx.out << "no breakpoints or watchpoints\n"; return; }
    for (const Breakpoint& b : bps)
        ctx.out << fmt("%u: %s breakpoint 0x%08x (%s), hit %llu time(s)\n", b.id, b.physical ? "physical" : "linear",
                       b.addr, b.label.c_str(), static_cast<unsigned long long>(b.hits));
    for (const Watchpoint& wp : wps)
        ctx.out << fmt("%u: watchpoint %s 0x%08x len %u, hit %llu time(s)\n", wp.id, watch_kind_name(wp.kind), wp.lin,
                       wp.len, static_cast<unsigned long long>(wp.hits));
}

void add_watch(CommandContext& ctx, const std::vector<std::string>& w) {
    if (w.size() < 3) throw CommandError("usage: watch r|w|rw ADDR [LEN]");
    WatchKind kind;
    if (w[1] == "r") kind = WatchKind::Read;
    else if (w[1] == "w") kind = WatchKind::Write;
    else if (w[1] == "rw" || w[1] == "a") kind = WatchKind::Access;
    else throw CommandError("watch: the kind is r, w or rw");
    uint32_t lin = linear_of(ctx, address_of(ctx, w[2]));
    uint32_t len = w.size() > 3 ? value_of(ctx, w[3]) : 1;
    if (len == 0 || len > 4096) throw CommandError("watch: LEN must be 1..4096");
    unsigned id = ctx.mon.add_watchpoint(kind, lin, len);
    ctx.out << fmt("watchpoint %u: %s 0x%08x len %u\n", id, watch_kind_name(kind), lin, len);
}

// ---- set / setpmem ----

void set_command(CommandContext& ctx, const std::string& line) {
    std::string rest = line.substr(line.find("set") + 3);
    std::string name, value;
    if (auto eq = rest.find('='); eq != std::string::npos) {
        name = rest.substr(0, eq);
        value = rest.substr(eq + 1);
    } else {
        auto words = split_words(rest);
        if (words.size() >= 2) {
            name = words[0];
            value = rest.substr(rest.find(words[0]) + words[0].size());
        }
    }
    auto words = split_words(name);
    if (words.size() != 1 || split_words(value).empty()) throw CommandError("usage: set REG = VALUE");
    uint32_t v = value_of(ctx, value);
    if (std::string err = set_register(ctx.m.cpu(), words[0], v); !err.empty()) throw CommandError(err);
}

void setpmem(CommandContext& ctx, const std::vector<std::string>& w) {
    if (w.size() != 4) throw CommandError("usage: setpmem PADDR SIZE VALUE");
    uint32_t addr = value_of(ctx, w[1]), size = value_of(ctx, w[2]), v = value_of(ctx, w[3]);
    if (size != 1 && size != 2 && size != 4) throw CommandError("setpmem: SIZE is 1, 2 or 4");
    for (unsigned k = 0; k < size; ++k) ctx.m.cpu().write_phys8(addr + k, uint8_t(v >> (8 * k)));
}

// ---- info ----

void info(CommandContext& ctx, const std::vector<std::string>& w) {
    if (w.size() < 2) throw CommandError("usage: info gdt|idt|ldt|tss|tab|break|pic|pit|cmos|vga|ata|fdc|serial|dma|kbd|apic|ioapic");
    const std::string& what = w[1];
    if (what == "gdt") return info_gdt(ctx.m, ctx.out);
    if (what == "ldt") return info_ldt(ctx.m, ctx.out);
    if (what == "tss") return info_tss(ctx.m, ctx.out);
    if (what == "tab") return info_tab(ctx.m, ctx.out);
    if (what == "break" || what == "b" || what == "watch") return list_points(ctx);
    if (what == "idt") {
        unsigned first = w.size() > 2 ? value_of(ctx, w[2]) : 0;
        unsigned last = w.size() > 3 ? value_of(ctx, w[3]) : w.size() > 2 ? first : 255;
        return info_idt(ctx.m, ctx.out, first, last);
    }
    std::vector<const char*> devices;
    if (what == "serial") devices = {"com1", "com2"};
    else if (what == "kbd" || what == "keyboard") devices = {"i8042"};
    else if (what == "pic" || what == "pit" || what == "cmos" || what == "vga" || what == "ata" || what == "fdc" ||
             what == "dma" || what == "com1" || what == "com2" || what == "apic" || what == "ioapic")
        devices = {what.c_str()};
    else throw CommandError("info: unknown item '" + what + "'");
    for (const char* name : devices) {
        Device* d = ctx.m.find_device(name);
        if (!d) { ctx.out << name << ": not present in this machine\n"; continue; }
        if (devices.size() > 1) ctx.out << name << ":\n";
        d->debug_info(ctx.out);
    }
}

void trace_command(CommandContext& ctx, const std::vector<std::string>& w) {
    if (w.size() != 2 || (w[1] != "on" && w[1] != "off")) throw CommandError("usage: trace on|off");
    if (!ctx.console_trace) throw CommandError("trace is not available here");
    if (w[1] == "on" && !*ctx.console_trace) {
        std::ostream* out = &ctx.out;
        *ctx.console_trace = ctx.mon.add_trace_sink([out](const std::string& line) { *out << line << '\n'; });
    } else if (w[1] == "off" && *ctx.console_trace) {
        ctx.mon.remove_trace_sink(*ctx.console_trace);
        *ctx.console_trace = 0;
    }
    ctx.out << "trace " << w[1] << '\n';
}

} // namespace

bool run_inspection_command(CommandContext& ctx, const std::vector<std::string>& w, const std::string& line) {
    const std::string& cmd = w[0];
    try {
        if (cmd == "r" || cmd == "regs" || cmd == "registers") print_registers(ctx.m.cpu(), ctx.out);
        else if (cmd == "sreg") print_segment_registers(ctx.m.cpu(), ctx.out);
        else if (cmd == "creg") print_control_registers(ctx.m.cpu(), ctx.out);
        else if (cmd == "dreg") print_debug_registers(ctx.m.cpu(), ctx.out);
        else if (cmd == "fpu") print_fpu(ctx.m.cpu(), ctx.out);
        else if (cmd == "x" || cmd.rfind("x/", 0) == 0) examine(ctx, w, false);
        else if (cmd == "xp" || cmd.rfind("xp/", 0) == 0) examine(ctx, w, true);
        else if (cmd == "u" || cmd == "disasm") unassemble(ctx, w);
        else if (cmd == "info") info(ctx, w);
        else if (cmd == "page") {
            if (w.size() != 2) throw CommandError("usage: page LADDR");
            page_walk(ctx.m, linear_of(ctx, address_of(ctx, w[1])), ctx.out);
        } else if (cmd == "b" || cmd == "break" || cmd == "vb" || cmd == "lb" || cmd == "pb") {
            if (w.size() != 2) throw CommandError("usage: " + cmd + " ADDR");
            const bool physical = cmd == "pb";
            Address a = address_of(ctx, w[1]);
            if ((physical || cmd == "lb") && a.has_segment) throw CommandError(cmd + " takes a " + (physical ? "physical" : "linear") + " address, not seg:off");
            uint32_t addr = physical ? a.offset : linear_of(ctx, a);
            unsigned id = ctx.mon.add_breakpoint(physical, addr, label_of(a));
            ctx.out << fmt("breakpoint %u at %s 0x%08x (%s)\n", id, physical ? "physical" : "linear", addr, label_of(a).c_str());
        } else if (cmd == "d" || cmd == "del" || cmd == "delete") {
            if (w.size() != 2) throw CommandError("usage: d N");
            uint32_t id = value_of(ctx, w[1]);
            if (!ctx.mon.remove(id)) throw CommandError(fmt("no breakpoint or watchpoint %u", id));
            ctx.out << fmt("deleted %u\n", id);
        } else if (cmd == "bl" || cmd == "blist") list_points(ctx);
        else if (cmd == "watch") add_watch(ctx, w);
        else if (cmd == "set") set_command(ctx, line);
        else if (cmd == "setpmem") setpmem(ctx, w);
        else if (cmd == "trace") trace_command(ctx, w);
        else if (cmd == "ptime") {
            uint64_t ns = ctx.m.now_ns();
            ctx.out << fmt("instructions=%llu virtual_time=%llu ns (%.9f s)\n", static_cast<unsigned long long>(ctx.m.instructions()),
                           static_cast<unsigned long long>(ns), double(ns) / 1e9);
        } else if (cmd == "help" || cmd == "h" || cmd == "?") ctx.out << help_text();
        else return false;
    } catch (const CommandError& e) {
        ctx.out << "error: " << e.what() << '\n';
    }
    return true;
}

const char* help_text() {
    return R"(Run control:
  c                      continue
  s [N]                  execute N instructions (default 1)
  n                      next: step over CALL, INT and REP-prefixed instructions
  until CODE             continue until CODE is written to POST port 0x80
  q                      quit boxwood
Breakpoints and watchpoints (numbered together):
  b ADDR                 break when CS:EIP reaches ADDR (seg:off or linear)
  lb LADDR, pb PADDR     break at a linear / physical address
  watch r|w|rw ADDR [LEN]  stop after an instruction reads / writes / touches ADDR
  bl                     list them;  d N  delete one
Looking at the machine:
  r, sreg, creg, dreg, fpu   registers
  x /NFU ADDR, xp /NFU PADDR memory (N count; F x d u o t c; U b h w g)
  u [ADDR] [N]           disassemble N instructions (default: 8 at CS:EIP)
  info gdt|idt|ldt|tss|tab   descriptor tables, TSS, page-table summary
  info pic|pit|cmos|vga|ata|fdc|serial|dma|kbd|apic|ioapic   chip state
  page LADDR             translate a linear address step by step
  ptime                  instructions executed and virtual time
  trace on|off           print each executed instruction
Changing it:
  set REG = VALUE        any general, segment, control or debug register, eip, eflags
  setpmem PADDR SIZE VALUE   write 1, 2 or 4 bytes of physical memory
Addresses: seg:off (0x7c0:0, cs:ip) or linear; numbers decimal, 0x hex or h-suffixed hex;
register names and + - * / ( ) in expressions (no spaces inside an expression).
)";
}

} // namespace bw::frontend::dbg
