#include "devices/mc146818.h"
#include <algorithm>
#include <cstdio>
#include <ostream>
#include <ctime>
#include <filesystem>

namespace bw {

namespace {

constexpr uint64_t kSecond = 1000000000ull;
constexpr uint64_t kUipLeadNs = 244000;  // tBUC: UIP rises 244 us before the update

// Register numbers and bits (datasheet "Register A" .. "Register D").
enum : unsigned { kSec = 0, kSecAlarm = 1, kMin = 2, kMinAlarm = 3, kHour = 4, kHourAlarm = 5,
                  kDayOfWeek = 6, kDate = 7, kMonth = 8, kYear = 9, kRegA = 10, kRegB = 11,
                  kRegC = 12, kRegD = 13 };
constexpr uint8_t kUip = 0x80;
constexpr uint8_t kSet = 0x80, kPie = 0x40, kAie = 0x20, kUie = 0x10, kSqwe = 0x08, kDm = 0x04, k24h = 0x02;
constexpr uint8_t kIrqf = 0x80, kPf = 0x40, kAf = 0x20, kUf = 0x10;

uint8_t bcd(unsigned v) { return uint8_t((v / 10) << 4 | (v % 10)); }
unsigned unbcd(uint8_t v) { return (v >> 4) * 10u + (v & 15u); }

// AT CMOS floppy drive type for an image of `bytes` (0 none, 1 360K, 2 1.2M, 3 720K, 4 1.44M,
// 5 2.88M). Smaller and DMF-style formats go to the drive type that can read them.
uint8_t floppy_type(const std::string& path) {
    if (path.empty()) return 0;
    std::error_code ec;
    uint64_t bytes = std::filesystem::file_size(path, ec);
    if (ec) return 4;
    if (bytes == 1228800) return 2;
    if (bytes <= 368640) return 1;
    if (bytes <= 737280) return 3;
    if (bytes <= 1802240) return 4;
    return 5;
}

} // namespace

Mc146818::Mc146818(Machine& m) : m_(m) {
    m.io().register_ports(0x70, 2, this);
    timer_ = m.clock().add_timer(&Mc146818::on_timer, this);
    const MachineConfig& cfg = m.config();
    ram_[kRegA] = 0x26;  // 32.768 kHz time base, 1024 Hz periodic rate (the AT BIOS setting)
    ram_[kRegB] = k24h;  // BCD, 24-hour
    ram_[kRegD] = 0x80;  // VRT: the battery is good
    if (cfg.rtc_epoch) set_time(cfg.rtc_epoch, false);
    else set_time(uint64_t(std::time(nullptr)), true);  // the one host-time read
    origin_ns_ = m.now_ns();
    next_update_ns_ = origin_ns_ + kSecond;
    fill_config(cfg);
}

void Mc146818::set_time(uint64_t unix_seconds, bool local) {
    // A fixed epoch is taken as UTC so runs do not depend on the host's time zone; the host
    // clock is shown as local time, as DOS and Windows expect of a PC RTC.
    std::time_t t = std::time_t(unix_seconds);
    std::tm tm{};
    if (local) localtime_r(&t, &tm);
    else gmtime_r(&t, &tm);
    ram_[kSec] = bcd(unsigned(tm.tm_sec) % 60);
    ram_[kMin] = bcd(unsigned(tm.tm_min));
    ram_[kHour] = bcd(unsigned(tm.tm_hour));
    ram_[kDayOfWeek] = bcd(unsigned(tm.tm_wday) + 1);  // 1 = Sunday
    ram_[kDate] = bcd(unsigned(tm.tm_mday));
    ram_[kMonth] = bcd(unsigned(tm.tm_mon) + 1);
    ram_[kYear] = bcd(unsigned(tm.tm_year) % 100);
    ram_[0x32] = bcd(unsigned(tm.tm_year + 1900) / 100);  // century (IBM AT location)
}

void Mc146818::fill_config(const MachineConfig& cfg) {
    // The IBM AT CMOS layout as Bochs and SeaBIOS use it.
    uint8_t fda = floppy_type(cfg.fda), fdb = floppy_type(cfg.fdb);
    ram_[0x10] = uint8_t(fda << 4 | fdb);
    unsigned floppies = (fda != 0) + (fdb != 0);

    // Hard disks: type 47 (user defined) with an LBA-style 16-head, 63-sector geometry in the
    // drive parameter tables at 1Bh and 24h. The BIOS normally asks the drive (IDENTIFY).
    const std::string* disks[2] = {&cfg.hda, &cfg.hdb};
    uint8_t types = 0;
    for (unsigned d = 0; d < 2; ++d) {
        if (disks[d]->empty()) continue;
        std::error_code ec;
        uint64_t bytes = std::filesystem::file_size(*disks[d], ec);
        if (ec) bytes = 0;
        uint64_t cyl = std::clamp<uint64_t>(bytes / (16 * 63 * 512), 1, 16383);
        types |= uint8_t(0xF0 >> (4 * d));
        ram_[0x19 + d] = 47;
        uint8_t* p = ram_ + (d ? 0x24 : 0x1B);
        p[0] = uint8_t(cyl); p[1] = uint8_t(cyl >> 8);
        p[2] = 16;                  // heads
        p[3] = 0xFF; p[4] = 0xFF;   // write precompensation: none
        p[5] = 0xC8;                // control byte: more than 8 heads
        p[6] = uint8_t(cyl); p[7] = uint8_t(cyl >> 8);  // landing zone
        p[8] = 63;                  // sectors per track
    }
    ram_[0x12] = types;

    // Equipment byte: bit 0 floppy present, bits 7-6 floppies - 1, bit 1 coprocessor,
    // bits 5-4 = 00 (EGA/VGA with its own BIOS).
    uint8_t equip = 0;
    if (floppies) equip |= uint8_t(0x01 | (floppies - 1) << 6);
    if (cfg.cpu >= CpuModel::i486) equip |= 0x02;
    ram_[0x14] = equip;

    ram_[0x15] = 0x80; ram_[0x16] = 0x02;  // 640 KiB base memory
    uint64_t ext_kib = cfg.memory_mb > 1 ? uint64_t(cfg.memory_mb - 1) * 1024 : 0;
    uint16_t ext = uint16_t(std::min<uint64_t>(ext_kib, 0xFFFF));
    ram_[0x17] = ram_[0x30] = uint8_t(ext);
    ram_[0x18] = ram_[0x31] = uint8_t(ext >> 8);
    uint64_t above16 = cfg.memory_mb > 16 ? uint64_t(cfg.memory_mb - 16) * 16 : 0;  // 64 KiB units
    above16 = std::min<uint64_t>(above16, 0xFFFF);
    ram_[0x34] = uint8_t(above16);
    ram_[0x35] = uint8_t(above16 >> 8);

    // Boot order (Bochs/SeaBIOS): 3Dh low nibble first, high nibble second; 38h high nibble
    // third. 1 = floppy, 2 = hard disk, 3 = CD-ROM.
    uint8_t order[3] = {0, 0, 0};
    unsigned n = 0;
    for (char c : cfg.boot_order) {
        uint8_t code = c == 'a' ? 1 : c == 'c' ? 2 : c == 'd' ? 3 : 0;
        if (code && n < 3) order[n++] = code;
    }
    ram_[0x3D] = uint8_t(order[0] | order[1] << 4);
    ram_[0x38] = uint8_t(order[2] << 4);
    update_checksum();
}

void Mc146818::update_checksum() {
    unsigned sum = 0;
    for (unsigned i = 0x10; i <= 0x2D; ++i) sum += ram_[i];
    ram_[0x2E] = uint8_t(sum >> 8);
    ram_[0x2F] = uint8_t(sum);
}

void Mc146818::reset() {
    // RESET clears PIE, AIE, UIE, SQWE and IRQF, PF, AF, UF; time and RAM are unaffected
    // (datasheet "RESET").
    sync();
    ram_[kRegB] &= uint8_t(~(kPie | kAie | kUie | kSqwe));
    ram_[kRegC] = 0;
    update_irq();
    schedule();
}

bool Mc146818::running() const {
    // Only DV2-0 = 010 (32.768 kHz, the PC's crystal) keeps time; 11x holds the divider in reset
    // and the other time bases do not match the crystal.
    return ((ram_[kRegA] >> 4) & 7) == 2;
}

uint64_t Mc146818::periodic_ticks() const {
    // Rate select (datasheet Table "Periodic Interrupt Rate and Square-Wave Output Frequency"),
    // 32.768 kHz time base: RS = 1 and 2 repeat rates 8 and 9; otherwise 2^(RS-1) ticks.
    unsigned rs = ram_[kRegA] & 15;
    if (rs == 0) return 0;
    if (rs < 3) rs += 7;
    return uint64_t(1) << (rs - 1);
}

uint64_t Mc146818::periodic_index(uint64_t ns) const {
    uint64_t p = periodic_ticks();
    if (!p || ns < origin_ns_) return 0;
    uint64_t ticks = uint64_t((unsigned __int128)(ns - origin_ns_) * 32768 / kSecond);
    return ticks / p;
}

uint64_t Mc146818::periodic_time(uint64_t index) const {
    uint64_t ticks = index * periodic_ticks();
    return origin_ns_ + uint64_t(((unsigned __int128)ticks * kSecond + 32767) / 32768);
}

void Mc146818::sync() {
    uint64_t now = m_.now_ns();
    if (!running()) return;
    while (next_update_ns_ <= now) {
        if (!(ram_[kRegB] & kSet)) update_cycle();
        next_update_ns_ += kSecond;
    }
    uint64_t idx = periodic_index(now);
    if (idx > periodic_seen_) {
        ram_[kRegC] |= kPf;  // PF is set whatever PIE says (datasheet "Register C")
        periodic_seen_ = idx;
    }
}

void Mc146818::update_cycle() {
    const bool binary = ram_[kRegB] & kDm, h24 = ram_[kRegB] & k24h;
    auto dec = [&](uint8_t v) { return binary ? unsigned(v) : unbcd(v); };
    auto enc = [&](unsigned v) { return binary ? uint8_t(v) : bcd(v); };
    unsigned hour;
    if (h24) hour = dec(ram_[kHour]);
    else hour = dec(ram_[kHour] & 0x7F) % 12 + (ram_[kHour] & 0x80 ? 12 : 0);  // bit 7 = PM

    unsigned sec = dec(ram_[kSec]) + 1, min = dec(ram_[kMin]);
    unsigned dow = dec(ram_[kDayOfWeek]), date = dec(ram_[kDate]);
    unsigned month = dec(ram_[kMonth]), year = dec(ram_[kYear]);
    if (sec >= 60) {
        sec = 0;
        if (++min >= 60) {
            min = 0;
            if (++hour >= 24) {
                hour = 0;
                dow = dow % 7 + 1;
                // The chip's leap-year rule is "year divisible by 4" (right for 1901-2099).
                static const uint8_t kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
                unsigned dim = month >= 1 && month <= 12 ? kDays[month - 1] : 31;
                if (month == 2 && year % 4 == 0) dim = 29;
                if (++date > dim) {
                    date = 1;
                    if (++month > 12) { month = 1; year = (year + 1) % 100; }
                }
            }
        }
    }
    ram_[kSec] = enc(sec);
    ram_[kMin] = enc(min);
    if (h24) ram_[kHour] = enc(hour);
    else ram_[kHour] = uint8_t(enc(hour % 12 ? hour % 12 : 12) | (hour >= 12 ? 0x80 : 0));
    ram_[kDayOfWeek] = enc(dow);
    ram_[kDate] = enc(date);
    ram_[kMonth] = enc(month);
    ram_[kYear] = enc(year);
    // Daylight saving (DSE) is not implemented.

    // Alarm: each alarm byte matches its time byte, or is a don't-care code (11xxxxxx).
    auto match = [&](unsigned alarm, unsigned time) { return ram_[alarm] >= 0xC0 || ram_[alarm] == ram_[time]; };
    if (match(kSecAlarm, kSec) && match(kMinAlarm, kMin) && match(kHourAlarm, kHour)) ram_[kRegC] |= kAf;
    ram_[kRegC] |= kUf;
}

void Mc146818::update_irq() {
    // IRQF = PF.PIE + AF.AIE + UF.UIE; the IRQ pin stays asserted until register C is read.
    uint8_t b = ram_[kRegB], c = ram_[kRegC];
    bool level = ((c & kPf) && (b & kPie)) || ((c & kAf) && (b & kAie)) || ((c & kUf) && (b & kUie));
    if (level != irq_level_) {
        irq_level_ = level;
        if (m_.irq()) m_.irq()->set_irq(8, level);
    }
}

void Mc146818::schedule() {
    uint64_t next = Clock::kNever;
    if (running()) {
        uint8_t b = ram_[kRegB];
        if ((b & kPie) && periodic_ticks()) next = periodic_time(periodic_seen_ + 1);
        if ((b & (kUie | kAie)) && !(b & kSet)) next = std::min(next, next_update_ns_);
    }
    if (next == Clock::kNever) m_.clock().disarm(timer_);
    else m_.clock().arm(timer_, next);
}

void Mc146818::on_timer(void* ctx, uint64_t) {
    auto* self = static_cast<Mc146818*>(ctx);
    self->sync();
    self->update_irq();
    self->schedule();
}

uint8_t Mc146818::read_reg(unsigned index) {
    switch (index) {
    case kRegA: {
        // UIP is 1 from tBUC (244 us) before an update cycle until it is done, so software that
        // sees UIP = 0 has at least 244 us to read the time (datasheet "Update Cycle").
        bool uip = running() && !(ram_[kRegB] & kSet) && next_update_ns_ - m_.now_ns() <= kUipLeadNs;
        return uint8_t((ram_[kRegA] & 0x7F) | (uip ? kUip : 0));
    }
    case kRegC: {
        // Reading C returns the flags and clears them all, releasing IRQ.
        uint8_t b = ram_[kRegB], c = ram_[kRegC];
        if (((c & kPf) && (b & kPie)) || ((c & kAf) && (b & kAie)) || ((c & kUf) && (b & kUie))) c |= kIrqf;
        ram_[kRegC] = 0;
        return c;
    }
    case kRegD: return 0x80;  // VRT
    default: return ram_[index];
    }
}

void Mc146818::write_reg(unsigned index, uint8_t v) {
    switch (index) {
    case kRegA: {
        bool was_running = running();
        unsigned old_rate = ram_[kRegA] & 15;
        ram_[kRegA] = v & 0x7F;  // UIP is read-only
        if (!was_running && running()) {
            // Leaving divider reset: the first update comes 500 ms later (datasheet
            // "Divider Control").
            origin_ns_ = m_.now_ns();
            next_update_ns_ = origin_ns_ + kSecond / 2;
            periodic_seen_ = 0;
        } else if ((v & 15) != old_rate) {
            periodic_seen_ = periodic_index(m_.now_ns());
        }
        break;
    }
    case kRegB:
        // SET going high aborts the update cycle and clears UIE.
        if ((v & kSet) && !(ram_[kRegB] & kSet)) v &= uint8_t(~kUie);
        ram_[kRegB] = v;
        break;
    case kRegC:
    case kRegD: break;  // read-only
    default: ram_[index] = v; break;
    }
}

uint32_t Mc146818::io_read(uint16_t port, unsigned size) {
    if (size > 1) {
        uint32_t v = 0;
        for (unsigned i = 0; i < size; ++i) v |= m_.io().read(uint16_t(port + i), 1) << (8 * i);
        return v;
    }
    if (port == 0x70) return 0xFF;  // the index register is write-only on the AT
    sync();
    uint8_t v = read_reg(index_);
    update_irq();
    schedule();
    return v;
}

void Mc146818::io_write(uint16_t port, uint32_t value, unsigned size) {
    if (size > 1) {
        for (unsigned i = 0; i < size; ++i) m_.io().write(uint16_t(port + i), (value >> (8 * i)) & 0xFF, 1);
        return;
    }
    if (port == 0x70) {
        index_ = value & 0x7F;
        nmi_mask_ = value & 0x80;  // bit 7 gates NMI on the AT, not part of the RTC
        return;
    }
    sync();
    write_reg(index_, uint8_t(value));
    update_irq();
    schedule();
}

// For the debugger's `info cmos`. The clock registers are brought up to date lazily, so they
// show the time as of the guest's last access.
void Mc146818::debug_info(std::ostream& out) const {
    char buf[120];
    std::snprintf(buf, sizeof buf, "index=%02x nmi=%s irq=%d  A=%02x B=%02x C=%02x D=%02x\n", unsigned(index_),
                  nmi_mask_ ? "masked" : "enabled", irq_level_ ? 1 : 0, ram_[10], ram_[11], ram_[12], ram_[13]);
    out << buf;
    std::snprintf(buf, sizeof buf, "time %02x:%02x:%02x date %02x-%02x-%02x (century %02x) weekday %02x\n", ram_[4], ram_[2],
                  ram_[0], ram_[9], ram_[8], ram_[7], ram_[0x32], ram_[6]);
    out << buf;
    for (unsigned row = 0; row < 128; row += 16) {
        int n = std::snprintf(buf, sizeof buf, "%02x:", row);
        for (unsigned k = 0; k < 16; ++k) n += std::snprintf(buf + n, sizeof buf - size_t(n), " %02x", ram_[row + k]);
        out << buf << '\n';
    }
}

} // namespace bw
