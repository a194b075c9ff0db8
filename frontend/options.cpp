#include "frontend/options.h"
#include <charconv>
#include <cmath>
#include <cstdio>
#include "frontend/image_kind.h"

namespace bw::frontend {
namespace {

bool parse_u64(const std::string& s, uint64_t& out) {
    if (s.empty()) return false;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

bool parse_seconds(const std::string& s, double& out) {
    // from_chars for double is not in every libstdc++ we target; strtod with a full-consume check.
    if (s.empty()) return false;
    char* end = nullptr;
    out = std::strtod(s.c_str(), &end);
    return end == s.c_str() + s.size() && std::isfinite(out) && out > 0;
}

// Days from 1970-01-01 to the given proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + int64_t(doe) - 719468;
}

// --rtc: "now", UNIX seconds, or a UTC date "YYYY-MM-DD" with an optional "THH:MM:SS".
std::string parse_rtc(const std::string& v, uint64_t& out) {
    const std::string usage = "invalid --rtc '" + v + "': give now, UNIX seconds, or YYYY-MM-DD[THH:MM:SS] (UTC, years 1980-2099)";
    if (v == "now") { out = 0; return {}; }
    uint64_t seconds = 0;
    if (parse_u64(v, seconds)) {
        if (seconds < 315532800 || seconds >= 4102444800) return usage;  // 1980-01-01 .. 2100-01-01
        out = seconds;
        return {};
    }
    unsigned y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    char tail = 0;
    int n = std::sscanf(v.c_str(), "%4u-%2u-%2uT%2u:%2u:%2u%c", &y, &mo, &d, &h, &mi, &s, &tail);
    if (!(n == 3 && v.size() == 10) && !(n == 6 && v.size() == 19)) return usage;
    static const unsigned kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1980 || y > 2099 || mo < 1 || mo > 12 || d < 1 || d > kDays[mo - 1] || (mo == 2 && d == 29 && !leap) ||
        h > 23 || mi > 59 || s > 59)
        return usage;
    out = uint64_t(days_from_civil(y, mo, d)) * 86400 + h * 3600 + mi * 60 + s;
    return {};
}

StreamTarget parse_stream(const std::string& v) {
    if (v == "stdio") return {StreamTarget::Kind::Stdio, {}};
    if (v == "none") return {StreamTarget::Kind::None, {}};
    if (v == "pty") return {StreamTarget::Kind::Pty, {}};
    return {StreamTarget::Kind::File, v};
}

// Assigns a drive slot once; a second assignment (e.g. IMAGE and --fda) is a usage error.
std::string assign_drive(std::string& slot, const std::string& path, const char* what) {
    if (!slot.empty()) return std::string("more than one image given for ") + what;
    slot = path;
    return {};
}

std::string place_bare_image(Options& o, const std::string& path) {
    uint64_t size = 0;
    if (std::string err = check_readable(path, &size); !err.empty()) return err;
    switch (classify_image(path, size)) {
    case ImageKind::Floppy: return assign_drive(o.fda, path, "floppy A");
    case ImageKind::CdRom: return assign_drive(o.cdrom, path, "the CD-ROM");
    case ImageKind::HardDisk: return assign_drive(o.hda, path, "hard disk 0");
    }
    return {};
}

std::string apply(Options& o, const std::string& name, const std::string& v) {
    if (name == "--fda") return assign_drive(o.fda, v, "floppy A");
    if (name == "--fdb") return assign_drive(o.fdb, v, "floppy B");
    if (name == "--hda") return assign_drive(o.hda, v, "hard disk 0");
    if (name == "--hdb") return assign_drive(o.hdb, v, "hard disk 1");
    if (name == "--cdrom") return assign_drive(o.cdrom, v, "the CD-ROM");
    if (name == "--boot") {
        std::string order;
        for (char c : v) {
            char l = char(std::tolower(static_cast<unsigned char>(c)));
            if (l != 'a' && l != 'c' && l != 'd')
                return "invalid --boot '" + v + "': use letters a (floppy), c (hard disk), d (CD-ROM)";
            if (order.find(l) == std::string::npos) order += l;
        }
        if (order.empty()) return "invalid --boot '': use letters a, c, d";
        o.boot_order = order;
        return {};
    }
    if (name == "--mem") {
        uint64_t mb = 0;
        // 3 GiB keeps RAM clear of the BIOS alias and device windows below 4 GiB.
        if (!parse_u64(v, mb) || mb < 1 || mb > 3072)
            return "invalid --mem '" + v + "': give megabytes from 1 to 3072";
        o.memory_mb = uint32_t(mb);
        return {};
    }
    if (name == "--rtc") return parse_rtc(v, o.rtc_epoch);
    if (name == "--cpu") {
        std::string err;
        auto spec = parse_cpu_spec(v, err);
        if (!spec) return err;
        o.cpu = spec->model;
        o.cpu_features = spec->features;
        return {};
    }
    if (name == "--bios") { o.bios_path = v; return {}; }
    if (name == "--vgabios") { o.vgabios_path = v; return {}; }
    if (name == "--serial") {
        if (v.empty()) return "--serial needs stdio, none, pty or a FILE";
        o.serial = parse_stream(v);
        return {};
    }
    if (name == "--debugcon") {
        if (v.empty()) return "--debugcon needs stdio, none or a FILE";
        o.debugcon = parse_stream(v);
        // The 0xE9 console only writes; a terminal for it would have nothing to read.
        if (o.debugcon.kind == StreamTarget::Kind::Pty) return "--debugcon cannot be 'pty': only --serial (COM1) can use a pseudo-terminal";
        return {};
    }
    if (name == "--until") {
        if (v.empty()) return "--until needs a non-empty TEXT";
        o.until = v;
        return {};
    }
    if (name == "--timeout") {
        double s = 0;
        if (!parse_seconds(v, s)) return "invalid --timeout '" + v + "': give a positive number of seconds";
        o.timeout_s = s;
        return {};
    }
    if (name == "--screenshot") {
        if (v.empty()) return "--screenshot needs a FILE name";
        o.screenshot = v;
        return {};
    }
    if (name == "--send-keys") { o.send_keys = v; return {}; }
    if (name == "--config") { o.config_path = v; return {}; }
    if (name == "--fda-swap") { o.fda_swap.push_back(v); return {}; }
    if (name == "--debug-script") {
        if (v.empty()) return "--debug-script needs a FILE";
        o.debug_script = v;
        o.debug = true;
        return {};
    }
    if (name == "--gdb") {
        uint64_t port = 0;
        if (!parse_u64(v, port) || port == 0 || port > 65535) return "invalid --gdb '" + v + "': give a TCP port, 1..65535";
        o.gdb_port = uint16_t(port);
        return {};
    }
    if (name == "--trace") {
        if (v.empty()) return "--trace needs a FILE";
        o.trace_path = v;
        return {};
    }
    if (name == "--max-instructions") {
        uint64_t n = 0;
        if (!parse_u64(v, n) || n == 0) return "invalid --max-instructions '" + v + "': give a positive count";
        o.max_instructions = n;
        return {};
    }
    return "unknown option '" + name + "' (see boxwood --help)";
}

bool is_flag(const std::string& name, Options& o) {
    if (name == "--headless") return o.headless = true;
    if (name == "--dump-screen") return o.dump_screen = true;
    if (name == "--snapshot") return o.snapshot = true;
    if (name == "--no-apic") return o.no_apic = true;
    if (name == "--no-reboot") return o.no_reboot = true;
    if (name == "--stats") return o.stats = true;
    if (name == "--realtime") return o.realtime = true;
    if (name == "--debug") return o.debug = true;
    if (name == "--gdb-wait") return o.gdb_wait = true;
    if (name == "--help" || name == "-h") return o.help = true;
    if (name == "--version") return o.version = true;
    return false;
}

bool takes_value(const std::string& name) {
    static const char* const kValued[] = {"--fda", "--fdb", "--hda", "--hdb", "--cdrom", "--boot", "--mem",
                                          "--cpu", "--rtc", "--bios", "--vgabios", "--serial", "--debugcon", "--until",
                                          "--timeout", "--max-instructions", "--screenshot", "--send-keys",
                                          "--config", "--fda-swap", "--debug-script", "--gdb", "--trace"};
    for (const char* k : kValued)
        if (name == k) return true;
    return false;
}

} // namespace

OptionArity option_arity(const std::string& name) {
    Options scratch;
    if (is_flag(name, scratch)) return OptionArity::Flag;
    return takes_value(name) ? OptionArity::Value : OptionArity::Unknown;
}

ParseResult parse_options(const std::vector<std::string>& args) {
    ParseResult r;
    Options& o = r.options;
    std::vector<std::string> bare;
    bool options_done = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (options_done || a.size() < 2 || a[0] != '-') {
            bare.push_back(a);
            continue;
        }
        if (a == "--") { options_done = true; continue; }
        std::string name = a, value;
        bool has_inline = false;
        if (auto eq = a.find('='); a.rfind("--", 0) == 0 && eq != std::string::npos) {
            name = a.substr(0, eq);
            value = a.substr(eq + 1);
            has_inline = true;
        }
        if (!has_inline && is_flag(name, o)) continue;
        if (!takes_value(name)) {
            Options scratch;
            r.error = has_inline && is_flag(name, scratch) ? "option '" + name + "' takes no value"
                                                           : "unknown option '" + name + "' (see boxwood --help)";
            return r;
        }
        if (!has_inline) {
            if (i + 1 >= args.size()) { r.error = "option '" + name + "' needs a value"; return r; }
            value = args[++i];
        }
        if (std::string err = apply(o, name, value); !err.empty()) { r.error = err; return r; }
    }
    // --help and --version answer even when the rest of the line is unusable.
    if (o.help || o.version) return r;
    if (o.gdb_wait && !o.gdb_port) { r.error = "--gdb-wait needs --gdb PORT"; return r; }
    if (o.gdb_port && o.debug) { r.error = "--gdb and --debug cannot be combined: use one debugger at a time"; return r; }
    if (bare.size() > 1) { r.error = "more than one IMAGE given ('" + bare[0] + "', '" + bare[1] + "'); use --fda/--hda/--cdrom"; return r; }
    if (!bare.empty())
        if (std::string err = place_bare_image(o, bare[0]); !err.empty()) { r.error = err; return r; }
    return r;
}

} // namespace bw::frontend
