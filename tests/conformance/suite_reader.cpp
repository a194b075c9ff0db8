#include "conformance/suite_reader.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace conformance {

using nlohmann::json;

const std::array<const char*, kRegCount> kRegNames = {
    "ax", "bx", "cx", "dx", "cs", "ss", "ds", "es", "sp", "bp", "si", "di", "ip", "flags"};

std::string to_hex(const uint8_t* data, size_t n, const char* separator) {
    static const char digits[] = "0123456789ABCDEF";
    std::string out;
    for (size_t k = 0; k < n; ++k) {
        if (k) out += separator;
        out += digits[data[k] >> 4];
        out += digits[data[k] & 15];
    }
    return out;
}

namespace {

bool ends_with_nocase(std::string_view s, std::string_view suffix) {
    if (s.size() < suffix.size()) return false;
    return std::equal(suffix.begin(), suffix.end(), s.end() - suffix.size(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    });
}

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

// An exception frame is FLAGS, CS, IP pushed in that order, and the tests end at the handler
// with nothing else pushed, so FLAGS sits at SS:SP+4 in the final state (wrapping inside the
// segment). This also covers an odd SP, where the word straddles two bus words.
void locate_pushed_flags(const TestCase& t, uint32_t addr_mask, ExceptionInfo& e) {
    const Registers& f = t.final_regs;
    const uint16_t ss = f.has(SS) ? f.value[SS] : t.initial.value[SS];
    const uint16_t sp = f.has(SP) ? f.value[SP] : t.initial.value[SP];
    const uint32_t ss_base = uint32_t(ss) << 4;
    e.flag_addr = (ss_base + uint16_t(sp + 4)) & addr_mask;
    e.flag_addr_hi = (ss_base + uint16_t(sp + 5)) & addr_mask;
}

// The 286 suite's EXCP flag_addr is the even bus address of the word, one byte low when SP is
// odd. Use the frame position instead when it agrees with the recorded bus word.
void refine_286_flag_address(TestCase& t) {
    ExceptionInfo frame = *t.exception;
    locate_pushed_flags(t, 0xFFFFFF, frame);
    if ((frame.flag_addr & ~1u) == (t.exception->flag_addr & ~1u)) *t.exception = frame;
}

constexpr std::string_view kSuffixes[] = {".json.gz", ".moo.gz", ".json", ".moo"};

bool is_moo(const std::filesystem::path& path) {
    const std::string name = path.filename().string();
    return ends_with_nocase(name, ".moo.gz") || ends_with_nocase(name, ".moo");
}

// Reads a whole file, inflating it if it is gzipped (gzread passes plain files through).
std::string read_file_contents(const std::filesystem::path& path, size_t max_bytes = SIZE_MAX) {
    gzFile f = gzopen(path.string().c_str(), "rb");
    if (!f) throw std::runtime_error("cannot open " + path.string());
    gzbuffer(f, 1u << 17);
    std::string out;
    constexpr size_t kChunk = 1u << 20;
    while (out.size() < max_bytes) {
        size_t old = out.size();
        size_t want = std::min(kChunk, max_bytes - old);
        out.resize(old + want);
        int got = gzread(f, out.data() + old, static_cast<unsigned>(want));
        if (got < 0) {
            int err = 0;
            std::string msg = gzerror(f, &err);
            gzclose(f);
            throw std::runtime_error(path.string() + ": " + msg);
        }
        out.resize(old + static_cast<size_t>(got));
        if (static_cast<size_t>(got) < want) break;
    }
    gzclose(f);
    return out;
}

// ---------------------------------------------------------------------------------------------
// MOO: tag[4] len:u32 payload[len], nested; everything little-endian.

class ByteReader {
public:
    ByteReader(const uint8_t* p, size_t n) : p_(p), end_(p + n) {}

    bool empty() const { return p_ == end_; }
    size_t remaining() const { return static_cast<size_t>(end_ - p_); }

    const uint8_t* take(size_t n) {
        if (n > remaining()) throw std::runtime_error("truncated MOO data");
        const uint8_t* at = p_;
        p_ += n;
        return at;
    }
    uint8_t u8() { return *take(1); }
    uint16_t u16() {
        const uint8_t* b = take(2);
        return static_cast<uint16_t>(b[0] | (b[1] << 8));
    }
    uint32_t u32() {
        const uint8_t* b = take(4);
        return uint32_t(b[0]) | (uint32_t(b[1]) << 8) | (uint32_t(b[2]) << 16) | (uint32_t(b[3]) << 24);
    }

private:
    const uint8_t* p_;
    const uint8_t* end_;
};

struct MooChunk {
    std::string_view tag;
    ByteReader payload;
};

// Takes the next chunk; callers skip unknown tags by simply not looking at the payload.
MooChunk next_chunk(ByteReader& r) {
    const char* tag = reinterpret_cast<const char*>(r.take(4));
    uint32_t len = r.u32();
    return MooChunk{std::string_view(tag, 4), ByteReader(r.take(len), len)};
}

void read_moo_regs(ByteReader r, Registers& regs) {
    uint16_t mask = r.u16();
    for (unsigned bit = 0; bit < 16; ++bit) {
        if (!((mask >> bit) & 1u)) continue;
        uint16_t v = r.u16();
        if (bit < kRegCount) regs.set(bit, v);  // higher bits: a register we do not model
    }
}

void read_moo_ram(ByteReader r, std::vector<RamByte>& ram) {
    uint32_t count = r.u32();
    ram.reserve(count);
    for (uint32_t k = 0; k < count; ++k) {
        uint32_t addr = r.u32();
        ram.push_back(RamByte{addr, r.u8()});
    }
}

void read_moo_state(ByteReader r, Registers& regs, std::vector<RamByte>& ram) {
    while (!r.empty()) {
        auto c = next_chunk(r);
        if (c.tag == "REGS") read_moo_regs(c.payload, regs);
        else if (c.tag == "RAM ") read_moo_ram(c.payload, ram);
        // QUEU (prefetch queue) and anything newer: not needed for an instruction-level check.
    }
}

TestCase read_moo_test(ByteReader r) {
    TestCase t;
    t.index = r.u32();
    while (!r.empty()) {
        auto c = next_chunk(r);
        if (c.tag == "NAME") {
            uint32_t n = c.payload.u32();
            t.name.assign(reinterpret_cast<const char*>(c.payload.take(n)), n);
        } else if (c.tag == "BYTS") {
            uint32_t n = c.payload.u32();
            const uint8_t* b = c.payload.take(n);
            t.bytes.assign(b, b + n);
        } else if (c.tag == "INIT") {
            read_moo_state(c.payload, t.initial, t.initial_ram);
        } else if (c.tag == "FINA") {
            read_moo_state(c.payload, t.final_regs, t.final_ram);
        } else if (c.tag == "EXCP") {
            ExceptionInfo e;
            e.number = c.payload.u8();
            e.flag_addr = c.payload.u32();
            e.flag_addr_hi = e.flag_addr + 1;
            t.exception = e;
        } else if (c.tag == "HASH") {
            size_t n = c.payload.remaining();
            t.hash = to_hex(c.payload.take(n), n);
        }
        // CYCL, GMET, ...: skipped by length.
    }
    if (t.exception) refine_286_flag_address(t);
    return t;
}

void read_moo(const std::string& data, size_t limit, SuiteFile& out) {
    ByteReader r(reinterpret_cast<const uint8_t*>(data.data()), data.size());
    while (!r.empty() && (limit == 0 || out.tests.size() < limit)) {
        auto c = next_chunk(r);
        if (c.tag == "MOO ") {
            c.payload.take(8);  // version, reserved, test count
            out.cpu_id.assign(reinterpret_cast<const char*>(c.payload.take(4)), 4);
        } else if (c.tag == "TEST") {
            out.tests.push_back(read_moo_test(c.payload));
        }
        // META and unknown chunks: skipped by length.
    }
}

// ---------------------------------------------------------------------------------------------
// JSON: an array of test objects. Parsed with a callback so that each test is converted as soon
// as it is complete and then dropped, "cycles" (most of the text) is never stored, and parsing
// can stop once `limit` tests have been read.

struct StopParsing {};

void read_json_regs(const json& j, Registers& regs) {
    for (unsigned i = 0; i < kRegCount; ++i) {
        auto it = j.find(kRegNames[i]);
        if (it != j.end()) regs.set(i, it->get<uint16_t>());
    }
}

void read_json_ram(const json& j, std::vector<RamByte>& ram) {
    ram.reserve(j.size());
    for (const auto& e : j) ram.push_back(RamByte{e.at(0).get<uint32_t>(), e.at(1).get<uint8_t>()});
}

TestCase test_from_json(const json& j, uint32_t fallback_index) {
    TestCase t;
    t.index = j.value("test_num", j.value("idx", fallback_index));
    t.name = j.value("name", "");
    t.bytes = j.at("bytes").get<std::vector<uint8_t>>();
    const json& init = j.at("initial");
    read_json_regs(init.at("regs"), t.initial);
    read_json_ram(init.at("ram"), t.initial_ram);
    const json& fin = j.at("final");
    read_json_regs(fin.at("regs"), t.final_regs);
    read_json_ram(fin.at("ram"), t.final_ram);
    if (auto e = j.find("exception"); e != j.end()) {
        ExceptionInfo x;
        x.number = e->at("number").get<uint8_t>();
        x.flag_addr = e->at("flag_address").get<uint32_t>();
        x.flag_addr_hi = x.flag_addr + 1;
        t.exception = x;
        refine_286_flag_address(t);
    }
    t.hash = j.value("test_hash", j.value("hash", ""));
    return t;
}

void read_json(const std::string& data, size_t limit, SuiteFile& out) {
    json::parser_callback_t cb = [&](int depth, json::parse_event_t ev, json& parsed) {
        // Depth 1 is a test object; depth 2 its keys.
        if (ev == json::parse_event_t::key && depth == 2 && parsed == "cycles") return false;
        if (ev == json::parse_event_t::object_end && depth == 1) {
            out.tests.push_back(test_from_json(parsed, static_cast<uint32_t>(out.tests.size())));
            if (limit != 0 && out.tests.size() >= limit) throw StopParsing{};
            return false;
        }
        return true;
    };
    try {
        // Every test is discarded by the callback, so the returned document is an empty array.
        const json rest = json::parse(data, cb);
        (void)rest;
    } catch (const StopParsing&) {
    } catch (const json::exception& e) {
        throw std::runtime_error(e.what());
    }
}

} // namespace

bool is_suite_file(const std::filesystem::path& path) {
    const std::string name = path.filename().string();
    if (ends_with_nocase(name, "metadata.json")) return false;
    for (auto s : kSuffixes)
        if (ends_with_nocase(name, s)) return true;
    return false;
}

std::string opcode_key(const std::filesystem::path& path) {
    std::string name = path.filename().string();
    for (auto s : kSuffixes) {
        if (ends_with_nocase(name, s)) {
            name.resize(name.size() - s.size());
            break;
        }
    }
    return upper(name);
}

SuiteFile read_suite_file(const std::filesystem::path& path, size_t limit) {
    const std::string data = read_file_contents(path);
    SuiteFile out;
    try {
        if (is_moo(path)) read_moo(data, limit, out);
        else read_json(data, limit, out);
    } catch (const std::exception& e) {
        throw std::runtime_error(path.string() + ": " + e.what());
    }
    return out;
}

std::string read_moo_cpu_id(const std::filesystem::path& path) {
    if (!is_moo(path)) return "";
    try {
        const std::string head = read_file_contents(path, 20);
        if (head.size() < 20 || head.compare(0, 4, "MOO ") != 0) return "";
        return head.substr(16, 4);
    } catch (const std::exception&) {
        return "";
    }
}


bool infer_8086_divide_error(TestCase& t) {
    // The INT 0 vector, if the test put it in its initial RAM (only instructions that can
    // divide-fault read it).
    uint8_t ivt[4];
    unsigned found = 0;
    for (const auto& b : t.initial_ram) {
        if (b.addr < 4) {
            ivt[b.addr] = b.value;
            found |= 1u << b.addr;
        }
    }
    if (found != 0xF) return false;
    const uint16_t handler_ip = static_cast<uint16_t>(ivt[0] | (ivt[1] << 8));
    const uint16_t handler_cs = static_cast<uint16_t>(ivt[2] | (ivt[3] << 8));
    const Registers& f = t.final_regs;
    auto final_value = [&](unsigned r) { return f.has(r) ? f.value[r] : t.initial.value[r]; };
    if (final_value(IP) != handler_ip || final_value(CS) != handler_cs) return false;
    if (final_value(SP) != static_cast<uint16_t>(t.initial.value[SP] - 6)) return false;
    ExceptionInfo e;
    e.number = 0;
    locate_pushed_flags(t, 0xFFFFF, e);
    t.exception = e;
    return true;
}

// ---------------------------------------------------------------------------------------------
// metadata.json

Metadata Metadata::load(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path.string());
    json j;
    try {
        j = json::parse(in);
    } catch (const json::exception& e) {
        throw std::runtime_error(path.string() + ": " + e.what());
    }
    Metadata m;
    if (auto c = j.find("cpu"); c != j.end() && c->is_string()) m.cpu_ = c->get<std::string>();
    auto add = [&](const std::string& key, const json& entry) {
        if (auto f = entry.find("flags-mask"); f != entry.end() && f->is_number())
            m.masks_[key] = f->get<uint16_t>();
    };
    for (const auto& [op, entry] : j.at("opcodes").items()) {
        const std::string key = upper(op);
        add(key, entry);
        if (auto reg = entry.find("reg"); reg != entry.end() && reg->is_object()) {
            uint16_t all = 0xFFFF;
            for (const auto& [r, sub] : reg->items()) {
                add(key + "." + r, sub);
                all &= sub.value("flags-mask", uint16_t{0xFFFF});
            }
            if (!m.masks_.count(key)) m.masks_[key] = all;
        }
    }
    return m;
}

uint16_t Metadata::flags_mask(std::string_view key) const {
    auto it = masks_.find(upper(std::string(key)));
    return it == masks_.end() ? uint16_t{0xFFFF} : it->second;
}

} // namespace conformance
