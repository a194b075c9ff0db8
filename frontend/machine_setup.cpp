#include "frontend/machine_setup.h"
#include <cstdio>
#include "frontend/image_kind.h"

#ifndef BOXWOOD_ROM_DIR
#define BOXWOOD_ROM_DIR "roms"
#endif

namespace bw::frontend {

std::string rom_dir() { return BOXWOOD_ROM_DIR; }

namespace {

// Without --boot: floppy first, then hard disk, then CD-ROM, like a PC's factory setup, limited to
// the drives that are present so the BIOS does not waste time on empty ones.
std::string derive_boot_order(const MachineConfig& c) {
    std::string order;
    if (!c.fda.empty() || !c.fdb.empty()) order += 'a';
    if (!c.hda.empty() || !c.hdb.empty()) order += 'c';
    if (!c.cdrom.empty()) order += 'd';
    return order.empty() ? "c" : order;
}

} // namespace

SetupResult make_machine_config(const Options& o) {
    SetupResult r;
    MachineConfig& c = r.config;
    c.memory_mb = o.memory_mb;
    c.rtc_epoch = o.rtc_epoch;
    c.cpu = o.cpu;
    c.cpu_features = o.cpu_features;
    c.bios_path = o.bios_path.empty() ? rom_dir() + "/boxwood-bios.bin" : o.bios_path;
    // Our VGA option ROM goes with our system BIOS; another --bios gets a VGA ROM only when one is
    // named (test ROMs run bare), and `--vgabios none` runs without any.
    if (o.vgabios_path == "none")
        c.vgabios_path.clear();
    else if (!o.vgabios_path.empty())
        c.vgabios_path = o.vgabios_path;
    else if (o.bios_path.empty() && check_readable(rom_dir() + "/boxwood-vgabios.bin").empty())
        c.vgabios_path = rom_dir() + "/boxwood-vgabios.bin";
    c.fda = o.fda;
    c.fdb = o.fdb;
    c.hda = o.hda;
    c.hdb = o.hdb;
    c.cdrom = o.cdrom;
    c.snapshot = o.snapshot;
    c.apic = !o.no_apic;

    std::string missing_default;
    if (c.fda.empty() && c.fdb.empty() && c.hda.empty() && c.hdb.empty() && c.cdrom.empty()) {
        std::string def = rom_dir() + "/boxwood-default.img";
        if (check_readable(def).empty())
            c.fda = def;
        else  // not fatal: a BIOS (or a test ROM given with --bios) can run without any disk
            missing_default = def;
    }
    c.boot_order = o.boot_order.empty() ? derive_boot_order(c) : o.boot_order;

    for (const std::string* path : {&c.bios_path, &c.vgabios_path, &c.fda, &c.fdb, &c.hda, &c.hdb, &c.cdrom}) {
        if (path->empty()) continue;
        if (std::string err = check_readable(*path); !err.empty()) {
            r.error = err;
            return r;
        }
    }
    // Said only once the run can go ahead, so a usage error stays a single line.
    // With --bios the user brings their own firmware (often a test ROM that needs no disk).
    if (!missing_default.empty() && o.bios_path.empty())
        std::fprintf(stderr, "boxwood: note: built-in default image '%s' not found; starting with no disk\n",
                     missing_default.c_str());
    return r;
}

} // namespace bw::frontend
