// --config FILE.json (frontend/config_file.cpp): keys mirror the long options, the command line
// wins, and every bad file or key is a one-line usage error.
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include "frontend/config_file.h"

using namespace bw::frontend;

namespace {

std::string write_config(const std::string& name, const std::string& text) {
    std::ofstream(name) << text;
    return name;
}

ParseResult parse(std::vector<std::string> args) { return parse_with_config(args); }

} // namespace

TEST_CASE("config: values, flags and lists become options", "[config]") {
    auto path = write_config("config_test_1.json",
                             R"({"mem": 16, "cpu": "486", "headless": true, "stats": false,
                                 "fda-swap": ["b.img", "c.img"], "send-keys": "dir\\n", "timeout": 2.5})");
    ParseResult r = parse({"--config", path});
    REQUIRE(r.error.empty());
    CHECK(r.options.memory_mb == 16);
    CHECK(r.options.headless);
    CHECK(!r.options.stats);
    CHECK(r.options.fda_swap == std::vector<std::string>{"b.img", "c.img"});
    CHECK(r.options.send_keys == "dir\\n");
    CHECK(r.options.timeout_s == 2.5);
    std::remove(path.c_str());
}

TEST_CASE("config: the command line overrides the file", "[config]") {
    auto path = write_config("config_test_2.json", R"({"mem": 16, "fda-swap": ["b.img"], "fdb": "x.img"})");
    ParseResult r = parse({"--mem=32", "--config", path, "--fda-swap", "z.img", "--fdb", "y.img"});
    REQUIRE(r.error.empty());
    CHECK(r.options.memory_mb == 32);
    CHECK(r.options.fda_swap == std::vector<std::string>{"z.img"});
    CHECK(r.options.fdb == "y.img");
    std::remove(path.c_str());
}

TEST_CASE("config: bad files and keys", "[config]") {
    CHECK(parse({"--config", "no-such-config.json"}).error == "cannot open config 'no-such-config.json'");
    auto check = [](const char* text, const char* expect) {
        auto path = write_config("config_test_bad.json", text);
        std::string err = parse({"--config", path}).error;
        INFO(err);
        CHECK(err.find(expect) != std::string::npos);
        CHECK(err.find('\n') == std::string::npos);
        std::remove(path.c_str());
    };
    check(R"({"frobnicate": 1})", "unknown key 'frobnicate'");
    check(R"({"config": "other.json"})", "unknown key 'config'");
    check(R"({"mem": "lots"})", "invalid --mem 'lots'");
    check(R"({"headless": "yes"})", "needs true or false");
    check(R"({"mem": {"a": 1}})", "needs a string or a number");
    check(R"([1, 2])", "expected a JSON object");
    check(R"({"mem": 1,)", "parse error");
}
