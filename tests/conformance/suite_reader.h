// Readers for the SingleStepTests single-instruction conformance suites (see
// shared/conformance/README.md): gzipped JSON (8086) and gzipped MOO binary (80286, 8086 A4),
// plus the metadata.json files that say which FLAGS bits each opcode leaves undefined.
// This is test-harness code: it knows nothing of the CPU core.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace conformance {

// The register order used by both formats (the MOO REGS bitmask uses these bit numbers).
enum RegIndex : unsigned { AX, BX, CX, DX, CS, SS, DS, ES, SP, BP, SI, DI, IP, FLAGS, kRegCount };
extern const std::array<const char*, kRegCount> kRegNames;

struct Registers {
    std::array<uint16_t, kRegCount> value{};
    uint16_t present = 0;  // bit i set: value[i] is given (final states list only changed registers)

    bool has(unsigned i) const { return (present >> i) & 1u; }
    void set(unsigned i, uint16_t v) {
        value[i] = v;
        present = static_cast<uint16_t>(present | (1u << i));
    }
};

struct RamByte {
    uint32_t addr;
    uint8_t value;
};

// An exception raised by the instruction. The suites record where FLAGS was pushed so that a
// runner can mask the undefined flags in that stacked copy too.
struct ExceptionInfo {
    uint8_t number = 0;
    uint32_t flag_addr = 0;     // physical address of the pushed FLAGS low byte
    uint32_t flag_addr_hi = 0;  // ... and of its high byte (differs from +1 when SP wraps)
};

struct TestCase {
    uint32_t index = 0;
    std::string name;  // disassembly
    std::vector<uint8_t> bytes;
    Registers initial;  // all 14 present
    std::vector<RamByte> initial_ram;
    Registers final_regs;  // only registers that changed
    std::vector<RamByte> final_ram;
    std::optional<ExceptionInfo> exception;
    std::string hash;  // hex
};

struct SuiteFile {
    std::string cpu_id;  // MOO header id ("C286", "8086"); empty for JSON
    std::vector<TestCase> tests;
};

// Reads one *.json.gz, *.json, *.MOO.gz or *.MOO file. `limit` = 0 reads every test; otherwise
// reading stops after that many (it still has to decompress the file). Throws std::runtime_error.
SuiteFile read_suite_file(const std::filesystem::path& path, size_t limit = 0);

// Reads only the MOO header's CPU id ("C286", "8086"), or "" for JSON and unreadable files.
std::string read_moo_cpu_id(const std::filesystem::path& path);

// The opcode key of a test file: "F6.7.json.gz" -> "F6.7", "A4.MOO.gz" -> "A4".
std::string opcode_key(const std::filesystem::path& path);

// True for file names this reader understands.
bool is_suite_file(const std::filesystem::path& path);

// The 8086 suite does not mark divide errors. Recognises one from the data (CS:IP ends at the
// INT 0 vector found in the initial IVT bytes and SP dropped by 6) and fills `exception` with the
// address of the pushed FLAGS word. Returns true if it did.
bool infer_8086_divide_error(TestCase& t);

// metadata.json: the CPU name and per-opcode undefined-flags masks.
class Metadata {
public:
    static Metadata load(const std::filesystem::path& path);  // throws std::runtime_error

    const std::string& cpu() const { return cpu_; }
    // The mask to AND with both expected and actual FLAGS for an opcode key such as "F6.7" or
    // "D3". A group opcode asked for without its reg gets the AND of all its reg masks.
    // Unknown opcodes and entries without "flags-mask" give 0xFFFF (compare everything).
    uint16_t flags_mask(std::string_view key) const;

private:
    std::string cpu_;
    std::map<std::string, uint16_t, std::less<>> masks_;  // "00", "F6.7", ... (upper case)
};

std::string to_hex(const uint8_t* data, size_t n, const char* separator = "");

} // namespace conformance
