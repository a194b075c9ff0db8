// Unit tests of the front end's option parsing and bare-IMAGE classification (no machine runs).
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <string>
#include "frontend/image_kind.h"
#include "frontend/options.h"

using namespace bw::frontend;

namespace {

// A scratch image of the given size, removed when the test ends.
struct TempImage {
    std::string path;
    TempImage(const std::string& name, size_t size) : path(name) {
        std::ofstream f(path, std::ios::binary);
        f.seekp(std::streamoff(size) - 1);
        f.put('\0');
    }
    ~TempImage() { std::remove(path.c_str()); }
};

} // namespace

TEST_CASE("bare images are classified by size and name", "[frontend]") {
    for (uint64_t size : {163840ull, 184320ull, 327680ull, 368640ull, 737280ull, 1228800ull, 1474560ull, 2949120ull})
        CHECK(classify_image("disk.img", size) == ImageKind::Floppy);
    CHECK(classify_image("disk.img", 1474561) == ImageKind::HardDisk);
    CHECK(classify_image("disk.img", 10u << 20) == ImageKind::HardDisk);
    CHECK(classify_image("debian.ISO", 1474560) == ImageKind::CdRom);
    CHECK(classify_image("x.iso", 700u << 20) == ImageKind::CdRom);
}

TEST_CASE("a bare image lands in the right drive", "[frontend]") {
    TempImage floppy("options_test_floppy.img", 1474560);
    TempImage disk("options_test_disk.img", 4u << 20);
    ParseResult f = parse_options({floppy.path});
    REQUIRE(f.error.empty());
    CHECK(f.options.fda == floppy.path);
    ParseResult d = parse_options({disk.path});
    REQUIRE(d.error.empty());
    CHECK(d.options.hda == disk.path);
    CHECK(d.options.fda.empty());
    ParseResult both = parse_options({"--fda", disk.path, floppy.path});
    CHECK(both.error == "more than one image given for floppy A");
}

TEST_CASE("options with values, flags and errors", "[frontend]") {
    ParseResult r = parse_options({"--mem=16", "--cpu", "386", "--boot", "CA", "--headless", "--until", "login:",
                                   "--timeout", "2.5", "--max-instructions", "1000", "--serial", "none",
                                   "--debugcon", "out.txt", "--no-reboot", "--stats", "--snapshot", "--dump-screen"});
    REQUIRE(r.error.empty());
    const Options& o = r.options;
    CHECK(o.memory_mb == 16);
    CHECK(o.cpu == bw::CpuModel::i386);
    CHECK(o.boot_order == "ca");
    CHECK(o.headless);
    CHECK(o.until == "login:");
    CHECK(*o.timeout_s == 2.5);
    CHECK(*o.max_instructions == 1000);
    CHECK(o.serial.kind == StreamTarget::Kind::None);
    CHECK(o.debugcon.kind == StreamTarget::Kind::File);
    CHECK(o.debugcon.path == "out.txt");
    CHECK((o.no_reboot && o.stats && o.snapshot && o.dump_screen));

    CHECK(parse_options({"--bogus"}).error == "unknown option '--bogus' (see boxwood --help)");
    CHECK(parse_options({"--mem", "0"}).error.rfind("invalid --mem", 0) == 0);
    CHECK(parse_options({"--timeout", "-1"}).error.rfind("invalid --timeout", 0) == 0);
    CHECK(parse_options({"--stats=1"}).error == "option '--stats' takes no value");
    CHECK(parse_options({"--cpu"}).error == "option '--cpu' needs a value");
    CHECK(parse_options({"no-such.img"}).error == "cannot open 'no-such.img': No such file or directory");
    // --help answers even when the rest of the line would not work.
    CHECK(parse_options({"--help", "no-such.img"}).options.help);
    // --serial pty: COM1 on a pseudo-terminal; the 0xE9 console cannot be one.
    CHECK(parse_options({"--serial", "pty"}).options.serial.kind == StreamTarget::Kind::Pty);
    CHECK(parse_options({"--debugcon=pty"}).error.find("only --serial (COM1)") != std::string::npos);
    CHECK(help_text().find("stdio|none|FILE|pty") != std::string::npos);
}

TEST_CASE("--cpu MODEL,+nx: the execute-disable feature on the p6 only", "[frontend]") {
    ParseResult plain = parse_options({"--cpu", "p6"});
    REQUIRE(plain.error.empty());
    CHECK(!plain.options.cpu_features.nx);
    ParseResult nx = parse_options({"--cpu", "p6,+nx"});
    REQUIRE(nx.error.empty());
    CHECK(nx.options.cpu == bw::CpuModel::p6);
    CHECK(nx.options.cpu_features.nx);
    CHECK(parse_options({"--cpu=ppro,+nx"}).options.cpu_features.nx);
    CHECK(!parse_options({"--cpu", "p6,+nx,-nx"}).options.cpu_features.nx);
    // XD needs PAE paging (SDM Vol. 3, 4.6.1), which only the p6 model has.
    CHECK(parse_options({"--cpu", "pentium,+nx"}).error.find("needs the p6 model") != std::string::npos);
    CHECK(parse_options({"--cpu", "p6,+sse"}).error.rfind("unknown --cpu feature '+sse'", 0) == 0);
    CHECK(parse_options({"--cpu", "p7,+nx"}).error.rfind("unknown --cpu 'p7'", 0) == 0);
    CHECK(parse_options({"--cpu", "p6,"}).error.rfind("unknown --cpu feature ''", 0) == 0);
}

TEST_CASE("--help documents every option that parses", "[frontend]") {
    const std::string help = help_text();
    for (const char* opt : {"--fda", "--fdb", "--hda", "--hdb", "--cdrom", "--boot", "--mem", "--cpu", "--bios",
                            "--vgabios", "--headless", "--serial", "--debugcon", "--until", "--timeout",
                            "--max-instructions", "--dump-screen", "--snapshot", "--no-reboot", "--stats",
                            "--help", "--version"})
        CHECK(help.find(opt) != std::string::npos);
}
