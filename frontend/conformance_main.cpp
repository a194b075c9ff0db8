// boxwood-conformance: runs the SingleStepTests single-instruction suites against the CPU core.
//
//   boxwood-conformance SUITE_DIR [--cpu MODEL] [--limit N] [--opcode XX] [--metadata FILE]
//                       [--min-pass-rate PCT] [--allow-fail] [--skip-missing]
//                       [--test I] [--trace] [--verbose]
//
// SUITE_DIR holds *.json.gz or *.MOO.gz files, one per opcode (or opcode.reg), and usually a
// metadata.json with the undefined-flags masks. The data formats and the rules for running each
// suite are in shared/conformance/README.md.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "conformance/suite_reader.h"
#include "cpu/cpu.h"

namespace fs = std::filesystem;
using conformance::Registers;
using conformance::TestCase;

namespace {

// Which suite's execution rules apply (independent of the CPU model under test).
enum class SuiteKind { i8086, i286 };

struct Options {
    fs::path suite_dir;
    std::optional<bw::CpuModel> model;
    size_t limit = 0;
    std::string opcode;  // upper case; empty = all files
    std::optional<fs::path> metadata;
    std::optional<double> min_pass_rate;
    bool allow_fail = false;
    bool verbose = false;
    bool skip_missing = false;
    bool trace = false;
    std::optional<uint32_t> test_index;  // run only this test of each file
};

// CTest's SKIP_RETURN_CODE for --skip-missing (the Automake convention).
constexpr int kExitSkipped = 77;

void usage(std::ostream& out) {
    out << "usage: boxwood-conformance SUITE_DIR [--cpu MODEL] [--limit N] [--opcode XX]\n"
           "                           [--metadata FILE] [--min-pass-rate PCT] [--allow-fail] [--skip-missing]\n"
           "                           [--test I] [--trace] [--verbose]\n"
           "  SUITE_DIR         directory of *.json.gz / *.MOO.gz test files (SingleStepTests)\n"
           "  --cpu MODEL       8086, 286, 386, ... (default: the suite's CPU)\n"
           "  --limit N         run only the first N tests of each file\n"
           "  --opcode XX       run only file XX (and XX.0 ... XX.7 for group opcodes)\n"
           "  --metadata FILE   undefined-flags masks (default: SUITE_DIR/metadata.json)\n"
           "  --min-pass-rate P exit 0 when at least P percent of the tests pass\n"
           "  --allow-fail      exit 0 even when tests fail\n"
           "  --skip-missing    exit 77 (skipped) when SUITE_DIR does not exist\n"
           "  --test I          run only the test with index I (with --opcode, to debug one test)\n"
           "  --trace           print CS:IP and FLAGS after every step\n"
           "  --verbose         print every failing test, and passing files too\n";
}

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Parses a whole-string decimal number; nullopt (after a message) if it is not one.
template <class T> std::optional<T> parse_number(const char* option, const char* text) {
    std::istringstream in(text);
    T value{};
    if (in >> value && in.peek() == std::char_traits<char>::eof() && value >= T{}) return value;
    std::cerr << "boxwood-conformance: " << option << " needs a non-negative number, not '" << text << "'\n";
    return std::nullopt;
}

// Returns the options, or nullopt after printing why they are unusable.
std::optional<Options> parse_args(int argc, char** argv) {
    Options o;
    auto need_value = [&](int& k) -> const char* {
        if (k + 1 >= argc) {
            std::cerr << "boxwood-conformance: " << argv[k] << " needs a value\n";
            return nullptr;
        }
        return argv[++k];
    };
    for (int k = 1; k < argc; ++k) {
        const std::string a = argv[k];
        const char* v = nullptr;
        if (a == "--help" || a == "-h") {
            usage(std::cout);
            std::exit(0);
        } else if (a == "--allow-fail") {
            o.allow_fail = true;
        } else if (a == "--trace") {
            o.trace = true;
        } else if (a == "--test") {
            if (!(v = need_value(k))) return std::nullopt;
            if (!(o.test_index = parse_number<uint32_t>("--test", v))) return std::nullopt;
        } else if (a == "--skip-missing") {
            o.skip_missing = true;
        } else if (a == "--verbose" || a == "-v") {
            o.verbose = true;
        } else if (a == "--cpu") {
            if (!(v = need_value(k))) return std::nullopt;
            o.model = bw::parse_cpu_model(v);
            if (!o.model) {
                std::cerr << "boxwood-conformance: unknown CPU model '" << v << "'\n";
                return std::nullopt;
            }
        } else if (a == "--limit") {
            if (!(v = need_value(k))) return std::nullopt;
            auto n = parse_number<size_t>("--limit", v);
            if (!n) return std::nullopt;
            o.limit = *n;
        } else if (a == "--opcode") {
            if (!(v = need_value(k))) return std::nullopt;
            o.opcode = upper(v);
        } else if (a == "--metadata") {
            if (!(v = need_value(k))) return std::nullopt;
            o.metadata = v;
        } else if (a == "--min-pass-rate") {
            if (!(v = need_value(k))) return std::nullopt;
            if (!(o.min_pass_rate = parse_number<double>("--min-pass-rate", v))) return std::nullopt;
        } else if (!a.empty() && a[0] == '-') {
            std::cerr << "boxwood-conformance: unknown option " << a << "\n";
            return std::nullopt;
        } else if (o.suite_dir.empty()) {
            o.suite_dir = a;
        } else {
            std::cerr << "boxwood-conformance: more than one SUITE_DIR\n";
            return std::nullopt;
        }
    }
    if (o.suite_dir.empty()) {
        std::cerr << "boxwood-conformance: no SUITE_DIR given\n";
        return std::nullopt;
    }
    return o;
}

// --opcode F6 selects F6 and F6.0 ... F6.7; --opcode F6.7 selects only that file.
bool opcode_selected(const std::string& key, const std::string& wanted) {
    if (wanted.empty() || key == wanted) return true;
    return key.size() > wanted.size() && key.compare(0, wanted.size(), wanted) == 0 && key[wanted.size()] == '.';
}

std::vector<fs::path> list_suite_files(const Options& o) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(o.suite_dir))
        if (e.is_regular_file() && conformance::is_suite_file(e.path()) &&
            opcode_selected(conformance::opcode_key(e.path()), o.opcode))
            files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

// Hashes of tests found to be bad upstream (80286/revocation_list.txt), lower-case hex.
std::set<std::string> load_revocations(const fs::path& suite_dir) {
    std::set<std::string> out;
    for (const fs::path& p : {suite_dir / "revocation_list.txt", suite_dir.parent_path() / "revocation_list.txt"}) {
        std::ifstream in(p);
        std::string line;
        while (std::getline(in, line)) {
            line.erase(0, line.find_first_not_of(" \t\r"));
            line.erase(line.find_last_not_of(" \t\r") + 1);
            if (!line.empty() && line[0] != '#') out.insert(lower(line));
        }
    }
    return out;
}

std::string hex16(uint32_t v, int digits = 4) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%0*X", digits, v);
    return buf;
}

// Names the FLAGS bits set in `bits`, for diffs.
std::string flag_names(uint16_t bits) {
    static const char* const names[16] = {"CF", "b1", "PF", "b3", "AF", "b5", "ZF", "SF",
                                          "TF", "IF", "DF", "OF", "IOPL0", "IOPL1", "NT", "b15"};
    std::string out;
    for (unsigned b = 0; b < 16; ++b) {
        if (!((bits >> b) & 1u)) continue;
        if (!out.empty()) out += ' ';
        out += names[b];
    }
    return out;
}

std::string format_regs(const Registers& r) {
    std::string out;
    for (unsigned i = 0; i < conformance::kRegCount; ++i) {
        if (!r.has(i)) continue;
        if (!out.empty()) out += ' ';
        out += std::string(conformance::kRegNames[i]) + "=" + hex16(r.value[i]);
    }
    return out;
}

// One CPU and its memory, reused for every test of a run: constructing a Cpu allocates its
// decoded-trace cache, which costs far more than executing a test.
class TestBench {
public:
    TestBench(bw::CpuModel model, SuiteKind kind, bool trace)
        : kind_(kind),
          trace_(trace),
          addr_mask_(kind == SuiteKind::i8086 ? 0xFFFFFu : 0xFFFFFFu),
          mem_(model == bw::CpuModel::i8086 ? (1u << 20) : (16u << 20)),
          cpu_(model, mem_, io_, mmio_) {}

    // Runs one test; returns the differences found (empty: passed).
    std::vector<std::string> run(const TestCase& t, uint16_t flags_mask) {
        std::vector<std::string> diffs;
        load(t);
        try {
            execute();
        } catch (const std::exception& e) {
            diffs.push_back(std::string("the core threw: ") + e.what());
        }
        compare_registers(t, flags_mask, diffs);
        compare_memory(t, flags_mask, diffs);
        clear(t);
        return diffs;
    }

    // The initial FLAGS as loaded: the 286 cannot set IOPL/NT (bits 12-15) in real mode, and
    // the suite's random initial values must be masked the same way (README, 80286 notes).
    uint16_t initial_flags(const TestCase& t) const {
        uint16_t f = t.initial.value[conformance::FLAGS];
        return kind_ == SuiteKind::i286 ? static_cast<uint16_t>(f & 0x0FFF) : f;
    }

private:
    void load(const TestCase& t) {
        using namespace conformance;
        cpu_.reset();
        const auto& v = t.initial.value;
        cpu_.s.gpr[bw::EAX].d = v[AX];
        cpu_.s.gpr[bw::ECX].d = v[CX];
        cpu_.s.gpr[bw::EDX].d = v[DX];
        cpu_.s.gpr[bw::EBX].d = v[BX];
        cpu_.s.gpr[bw::ESP].d = v[SP];
        cpu_.s.gpr[bw::EBP].d = v[BP];
        cpu_.s.gpr[bw::ESI].d = v[SI];
        cpu_.s.gpr[bw::EDI].d = v[DI];
        cpu_.load_segment_real(bw::CS, v[CS]);
        cpu_.load_segment_real(bw::SS, v[SS]);
        cpu_.load_segment_real(bw::DS, v[DS]);
        cpu_.load_segment_real(bw::ES, v[ES]);
        cpu_.s.eip = v[IP];
        cpu_.set_eflags(initial_flags(t));
        for (const auto& b : t.initial_ram) cpu_.write_phys8(b.addr & addr_mask_, b.value);
    }

    void execute() {
        if (kind_ == SuiteKind::i8086) {
            // One instruction; prefixes and a whole REP loop belong to it.
            step();
            return;
        }
        // 286: the instruction, then the HLT placed after it (or at the branch target or
        // exception handler). The bound stops a core that never reaches the HLT.
        for (int k = 0; k < 4 && !cpu_.s.halted; ++k) step();
    }

    void step() {
        if (trace_) print_position("before");
        cpu_.step();
        if (trace_) print_position("after ");
    }

    void print_position(const char* when) {
        std::cout << "      trace " << when << ": " << hex16(cpu_.s.seg[bw::CS].selector) << ":"
                  << hex16(cpu_.s.eip) << " sp=" << hex16(cpu_.s.gpr[bw::ESP].w)
                  << " flags=" << hex16(cpu_.eflags() & 0xFFFF) << (cpu_.s.halted ? " halted" : "") << "\n";
    }

    uint16_t actual_reg(unsigned i) const {
        using namespace conformance;
        const auto& s = cpu_.s;
        switch (i) {
        case AX: return s.gpr[bw::EAX].w;
        case BX: return s.gpr[bw::EBX].w;
        case CX: return s.gpr[bw::ECX].w;
        case DX: return s.gpr[bw::EDX].w;
        case CS: return s.seg[bw::CS].selector;
        case SS: return s.seg[bw::SS].selector;
        case DS: return s.seg[bw::DS].selector;
        case ES: return s.seg[bw::ES].selector;
        case SP: return s.gpr[bw::ESP].w;
        case BP: return s.gpr[bw::EBP].w;
        case SI: return s.gpr[bw::ESI].w;
        case DI: return s.gpr[bw::EDI].w;
        case IP: return static_cast<uint16_t>(s.eip);
        default: return static_cast<uint16_t>(cpu_.eflags());
        }
    }

    void compare_registers(const TestCase& t, uint16_t flags_mask, std::vector<std::string>& diffs) const {
        using namespace conformance;
        for (unsigned i = 0; i < kRegCount; ++i) {
            // Final states list only the registers that changed.
            uint16_t expected = t.final_regs.has(i) ? t.final_regs.value[i] : t.initial.value[i];
            if (i == FLAGS && !t.final_regs.has(i)) expected = initial_flags(t);
            const uint16_t actual = actual_reg(i);
            const uint16_t mask = i == FLAGS ? flags_mask : 0xFFFF;
            if ((expected & mask) == (actual & mask)) continue;
            std::string line = std::string(kRegNames[i]) + ": expected " + hex16(expected) + ", actual " + hex16(actual);
            if (i == FLAGS)
                line += "  (mask " + hex16(mask) + "; differ: " + flag_names((expected ^ actual) & mask) + ")";
            diffs.push_back(line);
        }
    }

    // Undefined flags are masked in a FLAGS image an exception pushed, as in the register.
    uint8_t memory_mask(const TestCase& t, uint32_t addr, uint16_t flags_mask) const {
        if (!t.exception) return 0xFF;
        if (addr == (t.exception->flag_addr & addr_mask_)) return static_cast<uint8_t>(flags_mask);
        if (addr == (t.exception->flag_addr_hi & addr_mask_)) return static_cast<uint8_t>(flags_mask >> 8);
        return 0xFF;
    }

    void compare_byte(const TestCase& t, uint32_t addr, uint8_t expected, uint16_t flags_mask,
                      std::vector<std::string>& diffs) {
        const uint8_t actual = cpu_.read_phys8(addr);
        const uint8_t mask = memory_mask(t, addr, flags_mask);
        if ((expected & mask) == (actual & mask)) return;
        std::string line = "ram[" + hex16(addr, 6) + "]: expected " + hex16(expected, 2) + ", actual " + hex16(actual, 2);
        if (mask != 0xFF) line += "  (pushed FLAGS byte, mask " + hex16(mask, 2) + ")";
        diffs.push_back(line);
    }

    void compare_memory(const TestCase& t, uint16_t flags_mask, std::vector<std::string>& diffs) {
        std::unordered_map<uint32_t, uint8_t> expected;
        // Unchanged bytes may be left out of the final state (MOO), so start from the initial
        // image: a stray write over any byte the test knows about is caught too.
        for (const auto& b : t.initial_ram) expected[b.addr & addr_mask_] = b.value;
        for (const auto& b : t.final_ram) expected[b.addr & addr_mask_] = b.value;
        std::vector<std::pair<uint32_t, uint8_t>> sorted(expected.begin(), expected.end());
        std::sort(sorted.begin(), sorted.end());
        for (const auto& [addr, value] : sorted) compare_byte(t, addr, value, flags_mask, diffs);
    }

    // Zeroes what the test touched, so that no test sees another's bytes.
    void clear(const TestCase& t) {
        for (const auto& b : t.initial_ram) cpu_.write_phys8(b.addr & addr_mask_, 0);
        for (const auto& b : t.final_ram) cpu_.write_phys8(b.addr & addr_mask_, 0);
    }

    SuiteKind kind_;
    bool trace_;
    uint32_t addr_mask_;
    bw::PhysicalMemory mem_;
    bw::IoBus io_;
    bw::MmioBus mmio_;
    bw::Cpu cpu_;
};

// The suite's undefined-flags mask for one test, with the per-test exceptions the README lists.
uint16_t flags_mask_for(const conformance::Metadata& meta, const std::string& key, const TestCase& t, SuiteKind kind) {
    uint16_t mask = meta.flags_mask(key);
    // 8086 D2/D3 (shift by CL): OF is only undefined when CL > 1; with CL = 1 it is defined as
    // for the shift-by-1 forms D0/D1 (and CL = 0 changes no flags).
    if (kind == SuiteKind::i8086 && (key.rfind("D2.", 0) == 0 || key.rfind("D3.", 0) == 0) &&
        (t.initial.value[conformance::CX] & 0xFF) <= 1) {
        const std::string by_one = (key[1] == '2' ? "D0" : "D1") + key.substr(2);
        mask |= meta.flags_mask(by_one) & bw::fl::OF;
    }
    return mask;
}

void print_example(std::ostream& out, const TestCase& t, const std::vector<std::string>& diffs, TestBench& bench) {
    out << "    test " << t.index << ": " << t.name;
    if (!t.hash.empty()) out << "  [hash " << t.hash.substr(0, 16) << "]";
    out << "\n      bytes:   " << conformance::to_hex(t.bytes.data(), t.bytes.size(), " ") << "\n";
    Registers init = t.initial;
    init.value[conformance::FLAGS] = bench.initial_flags(t);
    out << "      initial: " << format_regs(init) << "\n";
    out << "      final:   " << format_regs(t.final_regs) << "\n";
    if (t.exception)
        out << "      exception " << int(t.exception->number) << ", FLAGS pushed at " << hex16(t.exception->flag_addr, 6) << "\n";
    for (const auto& d : diffs) out << "      " << d << "\n";
}

struct Totals {
    uint64_t passed = 0, failed = 0, revoked = 0;
    unsigned failed_files = 0, error_files = 0;
};

class Runner {
public:
    Runner(const Options& o, bw::CpuModel model, SuiteKind kind, conformance::Metadata meta)
        : opt_(o), kind_(kind), meta_(std::move(meta)), bench_(model, kind, o.trace), revoked_(load_revocations(o.suite_dir)) {}

    void run_file(const fs::path& file) {
        const std::string key = conformance::opcode_key(file);
        conformance::SuiteFile suite;
        try {
            suite = conformance::read_suite_file(file, opt_.limit);
        } catch (const std::exception& e) {
            std::cout << "ERROR " << key << ": " << e.what() << "\n";
            ++totals_.error_files;
            return;
        }
        uint64_t file_passed = 0, file_failed = 0;
        std::ostringstream examples;
        for (TestCase& t : suite.tests) {
            if (!t.hash.empty() && revoked_.count(lower(t.hash))) {
                ++totals_.revoked;
                continue;
            }
            if (opt_.test_index && t.index != *opt_.test_index) continue;
            if (kind_ == SuiteKind::i8086 && !t.exception) conformance::infer_8086_divide_error(t);
            const auto diffs = bench_.run(t, flags_mask_for(meta_, key, t, kind_));
            if (diffs.empty()) {
                ++file_passed;
                continue;
            }
            // One example per file unless verbose: the first failure usually explains the rest.
            if (file_failed == 0 || opt_.verbose) print_example(examples, t, diffs, bench_);
            ++file_failed;
        }
        totals_.passed += file_passed;
        totals_.failed += file_failed;
        if (file_failed) {
            ++totals_.failed_files;
            std::cout << "FAIL " << key << ": " << file_failed << " of " << (file_passed + file_failed) << " failed\n"
                      << examples.str();
        } else if (opt_.verbose) {
            std::cout << "ok   " << key << ": " << file_passed << " passed\n";
        }
        std::cout.flush();
    }

    const Totals& totals() const { return totals_; }

private:
    const Options& opt_;
    SuiteKind kind_;
    conformance::Metadata meta_;
    TestBench bench_;
    std::set<std::string> revoked_;
    Totals totals_;
};

// metadata.json from --metadata or the suite directory; an empty one (compare every flag bit)
// when there is none, as for 8086/v1_binary.
std::optional<conformance::Metadata> load_metadata(const Options& o) {
    fs::path path = o.metadata ? *o.metadata : o.suite_dir / "metadata.json";
    if (!o.metadata && !fs::exists(path)) {
        std::cout << "note: no metadata.json in " << o.suite_dir.string() << "; comparing every FLAGS bit\n";
        return conformance::Metadata{};
    }
    try {
        return conformance::Metadata::load(path);
    } catch (const std::exception& e) {
        std::cerr << "boxwood-conformance: " << e.what() << "\n";
        return std::nullopt;
    }
}

// Which suite this is: metadata.json's "cpu", else the first MOO file's header, else JSON means
// the 8086 suite.
std::optional<SuiteKind> detect_suite_kind(const conformance::Metadata& meta, const std::vector<fs::path>& files) {
    std::string cpu = meta.cpu();
    if (cpu.empty()) cpu = conformance::read_moo_cpu_id(files.front());
    if (cpu.empty() || cpu == "8086" || cpu == "8088") return SuiteKind::i8086;
    if (cpu == "286" || cpu == "C286" || cpu == "80286") return SuiteKind::i286;
    std::cerr << "boxwood-conformance: unsupported suite CPU '" << cpu << "'\n";
    return std::nullopt;
}

int finish(const Options& o, const Totals& t, double seconds) {
    const uint64_t total = t.passed + t.failed;
    const double rate = total ? 100.0 * double(t.passed) / double(total) : 0.0;
    if (t.revoked) std::cout << t.revoked << " revoked tests skipped\n";
    if (t.error_files) std::cout << t.error_files << " files could not be read\n";
    char summary[160];
    int n = std::snprintf(summary, sizeof summary, "%u failing files; pass rate %.3f%%", t.failed_files, rate);
    if (o.min_pass_rate && n > 0 && size_t(n) < sizeof summary)
        n += std::snprintf(summary + n, sizeof summary - size_t(n), " (minimum %g%%)", *o.min_pass_rate);
    if (n > 0 && size_t(n) < sizeof summary) std::snprintf(summary + n, sizeof summary - size_t(n), "; %.1f s", seconds);
    std::cout << summary << "\n";
    std::cout << t.passed << " passed, " << t.failed << " failed" << std::endl;
    if (total == 0 || t.error_files) return o.allow_fail ? 0 : 1;
    if (t.failed == 0 || o.allow_fail) return 0;
    if (o.min_pass_rate && rate >= *o.min_pass_rate) return 0;
    return 1;
}

} // namespace

int main(int argc, char** argv) {
    const auto opt = parse_args(argc, argv);
    if (!opt) {
        usage(std::cerr);
        return 2;
    }
    if (!fs::is_directory(opt->suite_dir)) {
        if (opt->skip_missing && !fs::exists(opt->suite_dir)) {
            // The data lives outside the repository (shared/); say so loudly rather than pass.
            std::cout << "SKIPPED: " << opt->suite_dir.lexically_normal().string()
                      << " not found (the conformance data in ../shared/conformance is missing)" << std::endl;
            return kExitSkipped;
        }
        std::cerr << "boxwood-conformance: " << opt->suite_dir.string() << " is not a directory\n";
        return 2;
    }
    const auto files = list_suite_files(*opt);
    if (files.empty()) {
        std::cerr << "boxwood-conformance: no test files" << (opt->opcode.empty() ? "" : " for opcode " + opt->opcode)
                  << " in " << opt->suite_dir.string() << "\n";
        return 2;
    }
    auto meta = load_metadata(*opt);
    if (!meta) return 2;
    const auto kind = detect_suite_kind(*meta, files);
    if (!kind) return 2;
    const bw::CpuModel model = opt->model ? *opt->model : (*kind == SuiteKind::i8086 ? bw::CpuModel::i8086 : bw::CpuModel::i286);

    std::cout << "boxwood-conformance: " << opt->suite_dir.string() << " (" << files.size() << " files, "
              << (*kind == SuiteKind::i8086 ? "8086" : "80286 real-mode") << " suite) on cpu "
              << bw::traits_of(model).name;
    if (opt->limit) std::cout << ", first " << opt->limit << " tests per file";
    std::cout << "\n";

    const auto start = std::chrono::steady_clock::now();
    Runner runner(*opt, model, *kind, std::move(*meta));
    for (const auto& f : files) runner.run_file(f);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return finish(*opt, runner.totals(), seconds);
}
