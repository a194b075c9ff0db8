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

void Ata::connect_bus_master(IdeBusMaster& bm) {
    bm_ = &bm;
    bm.on_start_stop = [this](unsigned ch, bool start) { bus_master_start_stop(ch, start); };
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
    c.dma_running = false;
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
        for (Drive& d : c.drive) d.multiple = 0, d.dma_mode = kDefaultDmaMode;
        soft_reset(c);
    }
}

// INTRQ follows the selected device's pending interrupt unless nIEN masks it (ATA-6 5.2.9).
void Ata::update_irq(Channel& c) {
    bool level = c.drive[c.cur].irq_pending && !(c.control & 0x02);
    if (level == c.irq_level) return;
    c.irq_level = level;
    if (level && bm_) bm_->interrupt_edge(index(c));  // SFF-8038i BMISTA bit 2: rising edge
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
    Channel& c = *static_cast<Channel*>(ctx);
    if (c.dma_running) return c.owner->dma_run(c, c.drive[c.busy_dev]);
    c.owner->complete(c, c.drive[c.busy_dev]);
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
        if (c.dma_running) {  // a new command ends the DMA transfer in progress
            m_.clock().disarm(c.timer);
            c.dma_running = false;
        }
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
        case 0xA0:  // PACKET (ATA-6 8.21): the command packet is 12 bytes; Features bit 0 asks
                    // for the data phase by DMA (9.11), otherwise PIO (9.10)
            d.packet_dma = d.feature & 1;
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
        case 0xEF:  // SET FEATURES: the transfer mode matters, the rest is accepted
            if (d.feature == 0x03 && !set_transfer_mode(d, d.nsect)) return abort_cmd(c, d);
            return finish_ok(c, d);
        case 0xE0: case 0xE1: case 0xE7: return finish_ok(c, d);
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
    case 0xC8: case 0xC9: case 0x25: case 0xCA: case 0xCB: case 0x35:  // READ/WRITE DMA (EXT)
        return start_dma(c, d);
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
        case 0x03:  // set transfer mode from the Sector Count register (8.37.10)
            if (!set_transfer_mode(d, d.nsect)) return abort_cmd(c, d);
            return finish_ok(c, d);
        case 0x02: case 0x82: case 0x55: case 0xAA: case 0x66: case 0xCC:
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
    case 0xC8: case 0xC9: case 0x25: case 0xCA: case 0xCB: case 0x35:
        // The device is ready for the data: DRQ and DMARQ (ATA-6 9.9 DDMA2)
        return dma_begin(c, d, d.cmd >= 0xCA || d.cmd == 0x35, false, d.lba * DiskImage::kBlock,
                         uint64_t(d.remaining) * DiskImage::kBlock);
    case 0x40: case 0x41: case 0x42:
        d.lba += d.remaining;
        d.remaining = 0;
        store_address(d);
        return finish_ok(c, d);
    }
}

// ---- DMA ----

// SET FEATURES 03h (ATA-6 8.37.10, table 45): the upper five bits of the value select the kind of
// transfer, the low three the mode. One PIO and one DMA mode are selected at any time, so
// choosing a Multiword DMA mode deselects the Ultra DMA mode and the other way round (words 63
// and 88 show one selected mode at most). Modes the device does not support abort the command.
bool Ata::set_transfer_mode(Drive& d, uint8_t value) {
    unsigned kind = value >> 3, mode = value & 7;
    unsigned max_udma = d.kind == Kind::Cdrom ? 2 : 5;
    switch (kind) {
    case 0x00: return mode <= 1;   // PIO default mode (01h: IORDY disabled)
    case 0x01: return mode <= 4;   // PIO flow control mode 0-4 (word 64: modes 3 and 4)
    case 0x04:                     // Multiword DMA mode 0-2 (word 63 bits 2:0)
        if (mode > 2) return false;
        d.dma_mode = value;
        return true;
    case 0x08:                     // Ultra DMA mode (word 88 bits 5:0)
        if (mode > max_udma) return false;
        d.dma_mode = value;
        return true;
    default: return false;         // single word DMA (obsolete) and reserved values
    }
}

// IDENTIFY word 63 (ATA-6 8.15.31): Multiword DMA modes 0-2 supported, bits 10:8 the selected one.
uint16_t Ata::mwdma_word(const Drive& d) {
    uint16_t w = 0x0007;
    if ((d.dma_mode >> 3) == 0x04) w = uint16_t(w | 0x0100u << (d.dma_mode & 7));
    return w;
}

// IDENTIFY word 88 (ATA-6 8.15.40): Ultra DMA modes supported in bits 5:0, the selected one in 13:8.
uint16_t Ata::udma_word(const Drive& d) {
    uint16_t w = d.kind == Kind::Cdrom ? 0x0007 : 0x003F;
    if ((d.dma_mode >> 3) == 0x08) w = uint16_t(w | 0x0100u << (d.dma_mode & 7));
    return w;
}

// Interface rate of the selected DMA mode, in picoseconds per byte: the transfer rates of the
// ATA-6 timing tables (Multiword DMA 4.2, 13.3, 16.7 MB/s; Ultra DMA 16.7 to 100 MB/s).
uint64_t Ata::dma_ns(const Drive& d, uint64_t bytes) const {
    static const uint32_t kMwdmaPs[3] = {240000, 75000, 60000};
    static const uint32_t kUdmaPs[6] = {60000, 40000, 30000, 22500, 15000, 10000};
    unsigned mode = d.dma_mode & 7;
    uint32_t ps = (d.dma_mode >> 3) == 0x08 ? kUdmaPs[std::min(mode, 5u)] : kMwdmaPs[std::min(mode, 2u)];
    return bytes * ps / 1000 + 1;
}

// The device asserts DRQ and DMARQ for a DMA data transfer (ATA-6 9.9 state DDMA2, 9.11 DPD4).
// The transfer runs when the bus master is started, in either order.
void Ata::dma_begin(Channel& c, Drive& d, bool out, bool from_buf, uint64_t base, uint64_t total) {
    d.dma_out = out, d.dma_from_buf = from_buf;
    d.dma_base = base, d.dma_total = total, d.dma_done = 0;
    if (!from_buf) d.buf.clear();  // a data-out transfer collects partial sectors here
    d.pos = d.len = 0;
    d.phase = Phase::Dma;
    d.status = st::DRDY | st::DSC | st::DRQ;
    if (d.kind == Kind::Cdrom) d.nsect = 0x02;  // IO=1, CoD=0: data to the host
    c.busy_dev = unsigned(&d - c.drive);
    try_dma(c);
}

// DMARQ meets a started bus master whose direction (RWCON) matches the command's: the transfer
// takes the virtual time of the selected mode, after which dma_run() moves the data. With the
// directions crossed no data move: the drive keeps DMARQ asserted until software gives up.
void Ata::try_dma(Channel& c) {
    Drive& d = c.drive[c.busy_dev];
    if (!bm_ || d.phase != Phase::Dma || c.dma_running) return;
    unsigned ch = index(c);
    if (!bm_->active(ch) || bm_->writes_memory(ch) == d.dma_out) return;
    c.dma_running = true;
    m_.clock().arm(c.timer, m_.clock().now_ns() + dma_ns(d, d.dma_total - d.dma_done));
}

// SSBM written. Clearing it while the drive still transfers aborts the bus master transfer
// (SFF-8038i 1.1.1): the data of that burst are discarded and the drive keeps its DMARQ.
void Ata::bus_master_start_stop(unsigned ch, bool start) {
    Channel& c = chan_[ch & 1];
    if (start) return try_dma(c);
    if (c.dma_running) {
        m_.clock().disarm(c.timer);
        c.dma_running = false;
    }
}

namespace {
// Image bytes at any byte offset (a DMA restarted after a short PRD table may resume inside a
// sector); DiskImage works in whole 512-byte blocks.
bool image_read(DiskImage& img, uint64_t off, uint8_t* p, uint32_t n) {
    constexpr uint64_t kB = DiskImage::kBlock;
    if (off % kB == 0 && n % kB == 0) return img.read(off, p, n);
    uint64_t first = off / kB * kB, end = (off + n + kB - 1) / kB * kB;
    std::vector<uint8_t> t(end - first);
    if (!img.read(first, t.data(), t.size())) return false;
    std::memcpy(p, t.data() + (off - first), n);
    return true;
}
}  // namespace

bool Ata::dma_fetch(Drive& d, uint8_t* p, uint32_t n) {
    if (d.dma_from_buf) {
        std::memcpy(p, d.buf.data() + d.dma_done, n);
        return true;
    }
    return image_read(*d.image, d.dma_base + d.dma_done, p, n);
}

// Data from the host are written to the image sector by sector; a partial sector waits in buf.
bool Ata::dma_store(Drive& d, const uint8_t* p, uint32_t n) {
    uint64_t committed = d.dma_done - d.buf.size();
    d.buf.insert(d.buf.end(), p, p + n);
    size_t whole = d.buf.size() / DiskImage::kBlock * DiskImage::kBlock;
    if (whole == 0) return true;
    if (!d.image->write(d.dma_base + committed, d.buf.data(), whole)) return false;
    d.buf.erase(d.buf.begin(), d.buf.begin() + std::ptrdiff_t(whole));
    return true;
}

// The transfer time has passed: the data move through the bus master. When the PRD table ends
// (or a master abort stops the engine) before the drive has all its bytes, the drive keeps DRQ
// and DMARQ and raises no interrupt: BMISTA reads Active=0, Interrupt=0 (SFF-8038i, BMISTA
// bit table). Otherwise the drive completes with INTRQ, which sets the Interrupt bit; Active is
// still set if the table describes more memory than the drive transferred.
void Ata::dma_run(Channel& c, Drive& d) {
    c.dma_running = false;
    unsigned ch = index(c);
    constexpr uint64_t kChunk = 0x10000;
    std::vector<uint8_t> tmp;
    while (d.dma_done < d.dma_total) {
        uint32_t n = uint32_t(std::min(kChunk, d.dma_total - d.dma_done));
        tmp.resize(n);
        if (!d.dma_out && !dma_fetch(d, tmp.data(), n)) return dma_error(c, d);
        uint32_t moved = bm_->transfer(ch, tmp.data(), n);
        if (d.dma_out && moved && !dma_store(d, tmp.data(), moved)) return dma_error(c, d);
        d.dma_done += moved;
        if (moved < n) return;
    }
    dma_finished(c, d);
}

// The medium failed: the command ends with an error (ATA-6 8.25 READ DMA error outputs: UNC,
// the address of the failing sector; ATAPI: MEDIUM ERROR sense).
void Ata::dma_error(Channel& c, Drive& d) {
    d.buf.clear();
    if (d.kind == Kind::Cdrom) return atapi_error(c, d, 0x03, 0x11);
    d.lba += d.dma_done / DiskImage::kBlock + 1;
    store_address(d);
    d.error = d.dma_out ? er::ABRT : er::UNC;
    d.status = st::DRDY | st::DSC | st::ERR;
    d.phase = Phase::Idle;
    raise(c, d);
}

void Ata::dma_finished(Channel& c, Drive& d) {
    d.buf.clear();
    if (d.kind == Kind::Cdrom) return atapi_ok(c, d);
    d.lba += d.remaining;
    d.remaining = 0;
    store_address(d);
    finish_ok(c, d);
}

// For the debugger's `info ata`. Register and command names as in ATA-6 (sections 7 and 8).
void Ata::debug_info(std::ostream& out) const {
    static const char* const kPhase[] = {"idle", "PIO data in", "PIO data out", "packet", "DMA"};
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
        case 0xC8: case 0xC9: return "READ DMA";
        case 0x25: return "READ DMA EXT";
        case 0xCA: case 0xCB: return "WRITE DMA";
        case 0x35: return "WRITE DMA EXT";
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
    char buf[640];
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
            if (d.phase == Phase::Dma)
                n += std::snprintf(buf + n, sizeof buf - size_t(n), " DMA %s %llu/%llu bytes%s", d.dma_out ? "out" : "in",
                                   (unsigned long long)d.dma_done, (unsigned long long)d.dma_total,
                                   c.dma_running ? " (transfer running)" : " (DMARQ, waiting for the bus master)");
            else if (d.phase != Phase::Idle)
                n += std::snprintf(buf + n, sizeof buf - size_t(n), " data %zu/%zu", d.pos, d.len);
            n += std::snprintf(buf + n, sizeof buf - size_t(n), " dma-mode=%s%u", (d.dma_mode >> 3) == 0x08 ? "UDMA" : "MWDMA",
                               unsigned(d.dma_mode & 7));
            if (d.kind == Kind::Disk && d.cmd)
                n += std::snprintf(buf + n, sizeof buf - size_t(n), " lba=%llu%s remaining=%u", (unsigned long long)d.lba,
                                   d.lba48 ? " (48-bit)" : "", d.remaining);
            if (d.kind == Kind::Cdrom && d.cmd == 0xA0)
                std::snprintf(buf + n, sizeof buf - size_t(n), " packet opcode=%02x lba=%u blocks=%u remaining=%u byte-limit=%u",
                              unsigned(d.packet[0]), d.atapi_lba, d.atapi_blocks, d.remaining, unsigned(d.byte_limit));
            out << buf << '\n';
        }
    }
    if (bm_) bm_->debug_info(out);
}

} // namespace bw
