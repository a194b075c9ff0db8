// --send-keys SPEC parsing (frontend/send_keys.cpp) against scan code set 1 as the IBM PS/2
// Hardware Interface Technical Reference lists it: a=1E, Shift=2A, Enter=1C, Ctrl=1D, Alt=38,
// Del=E0 53, F1=3B, Up=E0 48.
#include <catch2/catch.hpp>
#include "frontend/send_keys.h"

using bw::frontend::KeyStep;
using bw::frontend::parse_key_script;

namespace {

// Key steps as "+1E" (make) / "-1E" (break), waits as "w<ms>", text waits as "t<TEXT>".
std::string render(const std::vector<KeyStep>& steps) {
    std::string out;
    char buf[16];
    for (const KeyStep& s : steps) {
        if (!out.empty()) out += ' ';
        if (s.kind == KeyStep::Kind::Wait) std::snprintf(buf, sizeof buf, "w%llu", (unsigned long long)(s.ns / 1000000));
        else if (s.kind == KeyStep::Kind::WaitText) { out += "t" + s.text; continue; }
        else std::snprintf(buf, sizeof buf, "%c%X", s.pressed ? '+' : '-', s.code);
        out += buf;
    }
    return out;
}

std::string parse(const std::string& spec) {
    std::string err;
    auto steps = parse_key_script(spec, &err);
    REQUIRE(err.empty());
    return render(steps);
}

std::string parse_error(const std::string& spec) {
    std::string err;
    auto steps = parse_key_script(spec, &err);
    CHECK(steps.empty());
    return err;
}

} // namespace

TEST_CASE("send-keys: text with shift and escapes", "[keys]") {
    CHECK(parse("a") == "+1E -1E");
    CHECK(parse("A") == "+2A +1E -1E -2A");
    CHECK(parse("!") == "+2A +2 -2 -2A");
    CHECK(parse("\\n") == "+1C -1C");
    CHECK(parse("\n") == "+1C -1C");
    CHECK(parse("\\{") == "+2A +1A -1A -2A");
    CHECK(parse("\\\\") == "+2B -2B");
    CHECK(parse(" ") == "+39 -39");
}

TEST_CASE("send-keys: named keys, chords, waits", "[keys]") {
    CHECK(parse("{enter}") == "+1C -1C");
    CHECK(parse("{F1}") == "+3B -3B");
    CHECK(parse("{up}") == "+E048 -E048");
    CHECK(parse("{ctrl-alt-del}") == "+1D +38 +E053 -E053 -38 -1D");
    CHECK(parse("{ctrl-c}") == "+1D +2E -2E -1D");
    CHECK(parse("{ctrl--}") == "+1D +C -C -1D");
    CHECK(parse("{press:shift}{release:shift}") == "+2A -2A");
    CHECK(parse("{wait:500ms}{wait:2s}{wait:250}") == "w500 w2000 w250");
    CHECK(parse("{wait-text:login:}x") == "tlogin: +2D -2D");
    CHECK(parse("{pause}") == "+E145 -E145");
}

TEST_CASE("send-keys: errors are one line", "[keys]") {
    CHECK(parse_error("{bogus}").find("unknown key 'bogus'") != std::string::npos);
    CHECK(parse_error("{wait:soon}").find("500ms") != std::string::npos);
    CHECK(parse_error("{enter").find("without '}'") != std::string::npos);
    CHECK(parse_error("{meta-a}").find("unknown modifier") != std::string::npos);
    CHECK(parse_error("\x01").find("cannot type") != std::string::npos);
}
