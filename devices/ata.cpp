#include "devices/ata.h"
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ostream>

namespace bw {

namespace st {
constexpr uint8_t ERR = 0x01, DRQ = 0x08, DSC = 0x10, DF = 0x20, DRDY = 0x40, BSY = 0x80;
}
namespace er {
constexpr uint8_t ABRT = 0x04, IDNF = 0x10, UNC = 0x40;
}
constexpr unsigned kMaxMultiple = 16;

Ata::Ata(Machine& m) : m_(m) {
    static const uint16_t kBase[2] = {0x1F0, 0x170}, kCtl[2] = {0x3F6, 0x376};
    for (unsigned k = 0; k < 2; ++k) {
        Channel& c = chan_[k];
        c.irq = 14 + k;
        c.owner = this;
        c.timer = m.clock().add_timer(&Ata::timer_fired, &c);
        m.io().register_ports(kBase[k], 8, this);
        m.io().register_ports(kCtl[k], 1, this);
    }
}

void Ata::attach(unsigned ch, unsigned dev, Kind kind, std::unique_ptr<DiskImage> image) {
    Drive& d = chan_[ch].drive[dev];
    d.kind = kind;
    d.image = std::move(image);
    if (kind == Kind::Disk) {
        // The usual translation: 16 heads, 63 sectors per track, at most 16383 cylinders
        // (ATA-6 6.2.1, Annex on CHS translation; larger disks report 16383/16/63).
        uint64_t total = d.image->sectors();
        d.heads = 16, d.spt = 63;
        d.cyls = unsigned(std::clamp<uint64_t>(total / (16 * 63), 1, 16383));
        d.cur_cyls = d.cyls, d.cur_heads = d.heads, d.cur_spt = d.spt;
    }
    reset();
}

void Ata::geometry(unsigned ch, unsigned dev, unsigned& c, unsigned& h, unsigned& s) const {
    const Drive& d = chan_[ch].drive[dev];
    c = d.cyls, h = d.heads, s = d.spt;
}

// The signature a device leaves in the task file after reset or diagnostics (ATA-6 9.12).
void Ata::set_signature(Drive& d) {
    d.nsect = 1, d.sector = 1, d.select = 0;
    bool atapi = d.kind == Kind::Cdrom;
    d.lcyl = atapi ? 0x14 : 0x00;
    d.hcyl = atapi ? 0xEB : 0x00;
    d.error = 0x01;  // diagnostic code: device passed
    // ATAPI devices clear DRDY after reset until they see a command (ATA-6 9.1).
    d.status = atapi ? 0x00 : (st::DRDY | st::DSC);
    d.phase = Phase::Idle;
    d.irq_pending = false;
}

void Ata::soft_reset(Channel& c) {
    m_.clock().disarm(c.timer);
    for (Drive& d : c.drive) {
        set_signature(d);
        if (d.kind == Kind::Disk) {
            d.cur_cyls = d.cyls, d.cur_heads = d.heads, d.cur_spt = d.spt;
        }
        d.sense_key = d.asc = d.ascq = 0;
    }
    c.cur = 0;
    update_irq(c);
}

void Ata::reset() {
    for (Channel& c : chan_) {
        c.control = 0;
        for (Drive& d : c.drive) d.multiple = 0;
        soft_reset(c);
    }
}

// INTRQ follows the selected device's pending interrupt unless nIEN masks it (ATA-6 5.2.9).
void Ata::update_irq(Channel& c) {
    bool level = c.drive[c.cur].irq_pending && !(c.control & 0x02);
    if (level == c.irq_level) return;
    c.irq_level = level;
    if (IrqSink* s = m_.irq()) s->set_irq(c.irq, level);
}

void Ata::raise(Channel& c, Drive& d) {
    d.irq_pending = true;
    update_irq(c);
}

void Ata::busy(Channel& c, Drive& d, uint64_t ns) {
    d.status = st::BSY;
    c.busy_dev = unsigned(&d - c.drive);
    m_.clock().arm(c.timer, m_.clock().now_ns() + ns);
}

void Ata::timer_fired(void* ctx, uint64_t) {
    auto* c = static_cast<Channel*>(ctx);
    c->owner->complete(*c, c->drive[c->busy_dev]);
}

void Ata::abort_cmd(Channel& c, Drive& d) {
    d.error = er::ABRT;
    d.status = st::DRDY | st::DSC | st::ERR;
    d.phase = Phase::Idle;
    raise(c, d);
}

void Ata::finish_ok(Channel& c, Drive& d) {
    d.status = st::DRDY | st::DSC;
    d.phase = Phase::Idle;
    raise(c, d);
}

// ---- register access ----

uint32_t Ata::io_read(uint16_t port, unsigned size) {
    Channel& c = chan_[(port & 0x80) ? 0 : 1];  // 1Fx/3F6 vs 17x/376
    if ((port & 0x20F) == 0x206) return read_reg(c, 8);
    unsigned reg = port & 7;
    if (reg == 0) return read_data(c, size);
    return read_reg(c, reg);
}

void Ata::io_write(uint16_t port, uint32_t value, unsigned size) {
    Channel& c = chan_[(port & 0x80) ? 0 : 1];  // 1Fx/3F6 vs 17x/376
    if ((port & 0x20F) == 0x206) return write_reg(c, 8, uint8_t(value));
    unsigned reg = port & 7;
    if (reg == 0) return write_data(c, value, size);
    write_reg(c, reg, uint8_t(value));
}

uint8_t Ata::read_reg(Channel& c, unsigned reg) {
    if (!c.present()) return 0xFF;  // no devices: the bus floats high
    Drive& d = c.drive[c.cur];
    // A missing device 1 reads as status 00h; device 0 answers the other registers for it
    // (ATA-6 9.16.1), which hold the same values since both devices latch every write.
    bool absent = d.kind == Kind::None;
    const Drive& r = absent ? c.drive[0] : d;
    bool hob = c.control & 0x80;
    switch (reg) {
    case 1: return hob ? r.feature_hob : r.error;
    case 2: return hob ? r.nsect_hob : r.nsect;
    case 3: return hob ? r.sector_hob : r.sector;
    case 4: return hob ? r.lcyl_hob : r.lcyl;
    case 5: return hob ? r.hcyl_hob : r.hcyl;
    case 6: return uint8_t(r.select | 0xA0);
    case 7:
        if (absent) return 0;
        d.irq_pending = false;  // reading Status acknowledges the interrupt (ATA-6 7.15)
        update_irq(c);
        return d.status;
    case 8: return absent ? 0 : d.status;  // Alternate Status: no side effects
    }
    return 0xFF;
}

void Ata::write_reg(Channel& c, unsigned reg, uint8_t v) {
    if (reg == 8) {
        uint8_t old = c.control;
        c.control = v;
        // SRST: devices reset on the 1->0 edge and post their signatures (ATA-6 9.2).
        if ((old & 0x04) && !(v & 0x04)) soft_reset(c);
        else if (v & 0x04)
            for (Drive& d : c.drive)
                if (d.kind != Kind::None) d.status = st::BSY;
        update_irq(c);
        return;
    }
    c.control &= 0x7F;  // a command block write clears HOB (ATA-6 7.9)
    if (reg == 7) {
        Drive& d = c.drive[c.cur];
        if (d.kind == Kind::None || (d.status & st::BSY)) return;
        d.irq_pending = false;
        update_irq(c);
        command(c, d, v);
        return;
    }
    for (Drive& d : c.drive) {
        switch (reg) {
        case 1: d.feature_hob = d.feature, d.feature = v; break;
        case 2: d.nsect_hob = d.nsect, d.nsect = v; break;
        case 3: d.sector_hob = d.sector, d.sector = v; break;
        case 4: d.lcyl_hob = d.lcyl, d.lcyl = v; break;
        case 5: d.hcyl_hob = d.hcyl, d.hcyl = v; break;
        case 6: d.select = v & 0x5F; break;
        }
    }
    if (reg == 6) {
        c.cur = (v >> 4) & 1;
        update_irq(c);
    }
}

uint32_t Ata::read_data(Channel& c, unsigned size) {
    Drive& d = c.drive[c.cur];
    if (d.phase != Phase::PioIn || !(d.status & st::DRQ)) return size == 4 ? 0xFFFFFFFFu : 0xFFFFu;
    uint32_t v = 0;
    for (unsigned k = 0; k < size && d.pos < d.len; ++k) v |= uint32_t(d.buf[d.pos++]) << (8 * k);
    if (d.pos >= d.len) {
        // End of a DRQ data block.
        if (d.kind == Kind::Cdrom) {
            d.phase = Phase::Idle;
            busy(c, d, 1000);
        } else if (d.remaining) {
            busy(c, d);
        } else {
            d.status = st::DRDY | st::DSC;
            d.phase = Phase::Idle;
        }
    }
    return v;
}

void Ata::write_data(Channel& c, uint32_t v, unsigned size) {
    Drive& d = c.drive[c.cur];
    if ((d.phase != Phase::PioOut && d.phase != Phase::Packet) || !(d.status & st::DRQ)) return;
    for (unsigned k = 0; k < size && d.pos < d.len; ++k) d.buf[d.pos++] = uint8_t(v >> (8 * k));
    if (d.pos < d.len) return;
    if (d.phase == Phase::Packet) std::memcpy(d.packet, d.buf.data(), 12);
    busy(c, d);
}

// ---- commands ----

void Ata::command(Channel& c, Drive& d, uint8_t cmd) {
    d.cmd = cmd;
    d.error = 0;
    bool atapi = d.kind == Kind::Cdrom;
    if (atapi) {
        switch (cmd) {
        case 0xA0:  // PACKET (ATA-6 8.21): PIO only, the command packet is 12 bytes
            if (d.feature & 1) return abort_cmd(c, d);
            d.byte_limit = uint16_t(d.lcyl | (d.hcyl << 8));
            d.buf.assign(12, 0);
            d.pos = 0, d.len = 12;
            d.phase = Phase::Packet;
            d.nsect = 0x01;  // CoD=1, IO=0: the device wants the command packet
            d.status = st::DRDY | st::DSC | st::DRQ;
            return;
        case 0xA1: return busy(c, d);
        case 0x08:  // DEVICE RESET: no interrupt (ATA-6 8.7)
            set_signature(d);
            return;
        case 0xEC:  // IDENTIFY DEVICE is aborted with the signature in place (ATA-6 8.15)
            set_signature(d);
            return abort_cmd(c, d);
        case 0x90: break;
        case 0xEF: case 0xE0: case 0xE1: case 0xE7: return finish_ok(c, d);
        case 0xE5: d.nsect = 0xFF; return finish_ok(c, d);
        default: return abort_cmd(c, d);
        }
    }
    switch (cmd) {
    case 0xEC: return busy(c, d);
    case 0xA1: return abort_cmd(c, d);  // IDENTIFY PACKET DEVICE is for ATAPI only
    case 0x20: case 0x21: case 0x24: case 0x40: case 0x41: case 0x42:
    case 0x30: case 0x31: case 0x34:
    case 0xC4: case 0xC5: case 0x29: case 0x39:
        return start_rw(c, d);
    case 0xC6:  // SET MULTIPLE MODE (ATA-6 8.39): a power of two up to the word-47 maximum
        if (d.nsect > kMaxMultiple || (d.nsect & (d.nsect - 1))) return abort_cmd(c, d);
        d.multiple = d.nsect;
        return finish_ok(c, d);
    case 0x91: {  // INITIALIZE DEVICE PARAMETERS (ATA-6 8.16)
        unsigned heads = (d.select & 0x0F) + 1u, spt = d.nsect;
        if (spt == 0) return abort_cmd(c, d);
        d.cur_heads = heads, d.cur_spt = spt;
        d.cur_cyls = unsigned(std::min<uint64_t>(d.image->sectors() / (heads * spt), 65535));
        return finish_ok(c, d);
    }
    case 0xEF:  // SET FEATURES (ATA-6 8.37): transfer mode, write cache, look-ahead
        switch (d.feature) {
        case 0x02: case 0x82: case 0x03: case 0x55: case 0xAA: case 0x66: case 0xCC:
            return finish_ok(c, d);
        }
        return abort_cmd(c, d);
    case 0xE7: case 0xEA:  // FLUSH CACHE (EXT)
        d.image->flush();
        return finish_ok(c, d);
    case 0x90:  // EXECUTE DEVICE DIAGNOSTIC: both devices run it; device 0 reports (ATA-6 8.11)
        for (Drive& x : c.drive)
            if (x.kind != Kind::None) set_signature(x);
        c.cur = 0;
        return raise(c, c.drive[0]);
    case 0xE5: d.nsect = 0xFF; return finish_ok(c, d);  // CHECK POWER MODE: active
    case 0xE0: case 0xE1: case 0xE2: case 0xE3: case 0x70: return finish_ok(c, d);
    default:
        if ((cmd & 0xF0) == 0x10) return finish_ok(c, d);  // RECALIBRATE (obsolete)
        return abort_cmd(c, d);
    }
}

void Ata::complete(Channel& c, Drive& d) {
    switch (d.cmd) {
    case 0xEC: case 0xA1:
        d.buf.assign(512, 0);
        if (d.cmd == 0xEC) identify_disk(d, d.buf.data());
        else identify_packet(d, d.buf.data());
        d.pos = 0, d.len = 512, d.remaining = 0;
        d.phase = Phase::PioIn;
        d.status = st::DRDY | st::DSC | st::DRQ;
        return raise(c, d);
    case 0xA0:
        if (d.phase == Phase::Packet) return packet_command(c, d);
        return atapi_next_chunk(c, d);
    case 0x20: case 0x21: case 0x24: case 0xC4: case 0x29:
        return next_read_block(c, d);
    case 0x30: case 0x31: case 0x34: case 0xC5: case 0x39:
        return write_block_done(c, d);
    case 0x40: case 0x41: case 0x42:
        d.lba += d.remaining;
        d.remaining = 0;
        store_address(d);
        return finish_ok(c, d);
    }
}

// For the debugger's `info ata`. Register and command names as in ATA-6 (sections 7 and 8).
void Ata::debug_info(std::ostream& out) const {
    static const char* const kPhase[] = {"idle", "PIO data in", "PIO data out", "packet"};
    auto command_name = [](uint8_t cmd) -> const char* {
        switch (cmd) {
        case 0x08: return "DEVICE RESET";
        case 0x10: return "RECALIBRATE";
        case 0x20: case 0x21: return "READ SECTORS";
        case 0x24: return "READ SECTORS EXT";
        case 0x29: return "READ MULTIPLE EXT";
        case 0x30: case 0x31: return "WRITE SECTORS";
        case 0x34: return "WRITE SECTORS EXT";
        case 0x39: return "WRITE MULTIPLE EXT";
        case 0x40: case 0x41: return "READ VERIFY SECTORS";
        case 0x42: return "READ VERIFY SECTORS EXT";
        case 0x70: return "SEEK";
        case 0x90: return "EXECUTE DEVICE DIAGNOSTIC";
        case 0x91: return "INITIALIZE DEVICE PARAMETERS";
        case 0xA0: return "PACKET";
        case 0xA1: return "IDENTIFY PACKET DEVICE";
        case 0xC4: return "READ MULTIPLE";
        case 0xC5: return "WRITE MULTIPLE";
        case 0xC6: return "SET MULTIPLE MODE";
        case 0xE0: case 0xE1: case 0xE2: case 0xE3: return "STANDBY/IDLE";
        case 0xE5: return "CHECK POWER MODE";
        case 0xE7: return "FLUSH CACHE";
        case 0xEA: return "FLUSH CACHE EXT";
        case 0xEC: return "IDENTIFY DEVICE";
        case 0xEF: return "SET FEATURES";
        default: return "?";
        }
    };
    auto status_bits = [](uint8_t s) {
        std::string r;
        static const char* const kBits[8] = {"ERR", "IDX", "CORR", "DRQ", "DSC", "DF", "DRDY", "BSY"};
        for (int b = 7; b >= 0; --b)
            if (s & (1u << b)) (r += ' ') += kBits[b];
        return r;
    };
    static const char* const kChannel[2] = {"primary", "secondary"};
    static const unsigned kBase[2] = {0x1F0, 0x170}, kCtl[2] = {0x3F6, 0x376};
    char buf[320];
    for (unsigned k = 0; k < 2; ++k) {
        const Channel& c = chan_[k];
        std::snprintf(buf, sizeof buf, "%s channel (%03x/%03x, IRQ %u): selected=%s control=%02x%s%s%s INTRQ=%d\n", kChannel[k],
                      kBase[k], kCtl[k], c.irq, c.cur ? "slave" : "master", unsigned(c.control), (c.control & 0x02) ? " nIEN" : "",
                      (c.control & 0x04) ? " SRST" : "", (c.control & 0x80) ? " HOB" : "", c.irq_level ? 1 : 0);
        out << buf;
        for (unsigned dev = 0; dev < 2; ++dev) {
            const Drive& d = c.drive[dev];
            const char* who = dev ? "  slave: " : "  master:";
            if (d.kind == Kind::None) {
                out << who << " none\n";
                continue;
            }
            if (d.kind == Kind::Disk)
                std::snprintf(buf, sizeof buf, "%s ATA disk, %llu sectors (%llu KiB), CHS %u/%u/%u (current %u/%u/%u), multiple=%u\n",
                              who, (unsigned long long)d.image->sectors(), (unsigned long long)(d.image->size() >> 10), d.cyls, d.heads,
                              d.spt, d.cur_cyls, d.cur_heads, d.cur_spt, d.multiple);
            else
                std::snprintf(buf, sizeof buf, "%s ATAPI CD-ROM, %llu blocks of 2048 bytes, sense key=%x asc=%02x ascq=%02x\n", who,
                              (unsigned long long)(d.image->size() / 2048), unsigned(d.sense_key), unsigned(d.asc), unsigned(d.ascq));
            out << buf;
            std::snprintf(buf, sizeof buf,
                          "    status=%02x%s error=%02x features=%02x sector count=%02x LBA low=%02x mid=%02x high=%02x device=%02x"
                          " (previous: count=%02x LBA %02x %02x %02x)%s\n",
                          unsigned(d.status), status_bits(d.status).c_str(), unsigned(d.error), unsigned(d.feature), unsigned(d.nsect),
                          unsigned(d.sector), unsigned(d.lcyl), unsigned(d.hcyl), unsigned(d.select), unsigned(d.nsect_hob),
                          unsigned(d.sector_hob), unsigned(d.lcyl_hob), unsigned(d.hcyl_hob), d.irq_pending ? " irq-pending" : "");
            out << buf;
            int n = std::snprintf(buf, sizeof buf, "    command=%02x (%s) phase=%s", unsigned(d.cmd),
                                  d.cmd ? command_name(d.cmd) : "none since reset", kPhase[unsigned(d.phase)]);
            if (d.phase != Phase::Idle)
                n += std::snprintf(buf + n, sizeof buf - size_t(n), " data %zu/%zu", d.pos, d.len);
            if (d.kind == Kind::Disk && d.cmd)
                n += std::snprintf(buf + n, sizeof buf - size_t(n), " lba=%llu%s remaining=%u", (unsigned long long)d.lba,
                                   d.lba48 ? " (48-bit)" : "", d.remaining);
            if (d.kind == Kind::Cdrom && d.cmd == 0xA0)
                std::snprintf(buf + n, sizeof buf - size_t(n), " packet opcode=%02x lba=%u blocks=%u remaining=%u byte-limit=%u",
                              unsigned(d.packet[0]), d.atapi_lba, d.atapi_blocks, d.remaining, unsigned(d.byte_limit));
            out << buf << '\n';
        }
    }
}

} // namespace bw
