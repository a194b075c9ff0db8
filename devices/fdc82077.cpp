#include "devices/fdc82077.h"
#include <cstdio>
#include <ostream>
#include <stdexcept>

namespace bw {

namespace {
// MSR bits (5.1.5).
constexpr uint8_t kRQM = 0x80, kDIO = 0x40, kNDM = 0x20, kCB = 0x10;
// Status register bits (table 8-x, "Status Register Definitions").
constexpr uint8_t kAbnormal = 0x40, kInvalid = 0x80, kSeekEnd = 0x20, kEquipCheck = 0x10;
constexpr uint8_t kST1_EN = 0x80, kST1_OR = 0x10, kST1_ND = 0x04, kST1_NW = 0x02, kST1_MA = 0x01;
constexpr uint8_t kST2_WC = 0x10, kST2_BC = 0x02;
// Data-rate select values (CCR/DSR bits 1:0): 0 = 500, 1 = 300, 2 = 250 kbps, 3 = 1 Mbps.
constexpr uint8_t k500 = 1, k300 = 2, k250 = 4, k1M = 8;

const Fdc82077::Format kFormats[] = {
    {160, 40, 1, 8, k250 | k300},  {180, 40, 1, 9, k250 | k300},  {320, 40, 2, 8, k250 | k300},
    {360, 40, 2, 9, k250 | k300},  {720, 80, 2, 9, k250},         {1200, 80, 2, 15, k500},
    {1440, 80, 2, 18, k500},       {2880, 80, 2, 36, k1M},
};
}  // namespace

Fdc82077::Fdc82077(Machine& m) : m_(m) {
    m.io().register_ports(0x3F0, 6, this);
    m.io().register_ports(0x3F7, 1, this);
    exec_timer_ = m.clock().add_timer(&Fdc82077::exec_timer, this);
    for (unsigned k = 0; k < 4; ++k) drive_[k].timer = m.clock().add_timer(&Fdc82077::seek_timer, this);
    reset();
}

void Fdc82077::attach(unsigned drive, std::unique_ptr<DiskImage> image) {
    for (const Format& f : kFormats)
        if (image->size() == uint64_t(f.kb) * 1024) {
            drive_[drive].fmt = &f;
            drive_[drive].image = std::move(image);
            drive_[drive].disk_changed = true;
            return;
        }
    throw std::runtime_error("floppy image '" + image->path() + "' has no standard floppy size (160K-2.88M)");
}

// Hardware reset (RESET pin): DOR cleared, which holds the controller in reset until the
// BIOS sets nRESET; CONFIGURE/LOCK return to their defaults (5.1.2, 8.2).
void Fdc82077::reset() {
    dor_ = 0, tdr_ = 0, rate_ = 0x02, dsr_ = 0x02;
    rate_programmed_ = false;
    seek_issued_ = false;
    config_ = 0x20, pretrk_ = 0, lock_ = false, perp_ = 0;
    for (Drive& d : drive_) {
        m_.clock().disarm(d.timer);
        d.seeking = false;
    }
    controller_reset();
    reset_sense_ = 4;
}

void Fdc82077::controller_reset() {
    m_.clock().disarm(exec_timer_);
    phase_ = Phase::Command;
    cmd_pos_ = res_pos_ = res_len_ = 0;
    seek_ends_.clear();
    set_irq(false);
}

// On PCs the INT and DRQ outputs reach the bus only while DOR bit 3 (DMA gate) is set (5.1.2).
void Fdc82077::set_irq(bool pending) {
    irq_pending_ = pending;
    bool level = pending && (dor_ & 0x08);
    if (level == irq_level_) return;
    irq_level_ = level;
    if (IrqSink* s = m_.irq()) s->set_irq(6, level);
}

uint8_t Fdc82077::msr() const {
    if (!(dor_ & 0x04)) return 0;
    uint8_t v = 0;
    for (unsigned k = 0; k < 4; ++k)
        if (drive_[k].seeking) v |= uint8_t(1u << k);
    switch (phase_) {
    case Phase::Command: return v | kRQM | (cmd_pos_ ? kCB : 0);
    case Phase::Execution: return v | kCB;
    case Phase::PioIn: return v | kRQM | kDIO | kNDM | kCB;
    case Phase::PioOut: return v | kRQM | kNDM | kCB;
    case Phase::Result: return v | kRQM | kDIO | kCB;
    }
    return v;
}

uint32_t Fdc82077::io_read(uint16_t port, unsigned) {
    switch (port) {
    case 0x3F2: return dor_;
    case 0x3F3: return tdr_;
    case 0x3F4: return msr();
    case 0x3F5: return read_fifo();
    case 0x3F7: {
        // DIR: only bit 7 (DSKCHG of the selected drive) is driven in PC-AT mode (5.1.7).
        const Drive& d = drive_[dor_ & 3];
        return (d.disk_changed || !d.image) ? 0x80 : 0x00;
    }
    }
    return 0xFF;  // SRA/SRB exist only in PS/2 modes
}

void Fdc82077::io_write(uint16_t port, uint32_t value, unsigned) {
    uint8_t v = uint8_t(value);
    switch (port) {
    case 0x3F2: {
        uint8_t old = dor_;
        dor_ = v;
        if (!(v & 0x04)) {
            controller_reset();
        } else if (!(old & 0x04)) {
            // Leaving reset: with polling enabled the controller reports a ready change for
            // each of the four drives, one per SENSE INTERRUPT STATUS (8.3, "Polling").
            if (!(config_ & 0x10)) {
                reset_sense_ = 0;
                set_irq(true);
            }
        }
        set_irq(irq_pending_);  // the DMA gate may have changed
        break;
    }
    case 0x3F3: tdr_ = v & 3; break;
    case 0x3F4:
        dsr_ = v;
        rate_ = v & 3;
        rate_programmed_ = true;
        if (v & 0x80) {  // DSR software reset: self-clearing
            controller_reset();
            if (!(config_ & 0x10)) {
                reset_sense_ = 0;
                set_irq(true);
            }
        }
        break;
    case 0x3F5: write_fifo(v); break;
    case 0x3F7: rate_ = v & 3; rate_programmed_ = true; break;  // CCR
    }
}

// Command lengths in bytes including the opcode (table 8-1); 0 marks an invalid opcode.
static unsigned command_length(uint8_t cmd) {
    switch (cmd & 0x1F) {
    case 0x03: return cmd == 0x03 ? 3 : 0;      // SPECIFY
    case 0x04: return cmd == 0x04 ? 2 : 0;      // SENSE DRIVE STATUS
    case 0x05: return (cmd & 0x20) ? 0 : 9;     // WRITE DATA (MT, MFM)
    case 0x06: return 9;                        // READ DATA (MT, MFM, SK)
    case 0x07: return cmd == 0x07 ? 2 : 0;      // RECALIBRATE
    case 0x08: return cmd == 0x08 ? 1 : 0;      // SENSE INTERRUPT STATUS
    case 0x0A: return (cmd & 0xA0) ? 0 : 2;     // READ ID (MFM)
    case 0x0D: return (cmd & 0xA0) ? 0 : 6;     // FORMAT TRACK (MFM)
    case 0x0E: return cmd == 0x0E ? 1 : 0;      // DUMPREG
    case 0x0F: return cmd == 0x0F ? 3 : 0;      // SEEK
    case 0x10: return cmd == 0x10 ? 1 : 0;      // VERSION
    case 0x12: return cmd == 0x12 ? 2 : 0;      // PERPENDICULAR MODE
    case 0x13: return cmd == 0x13 ? 4 : 0;      // CONFIGURE
    case 0x14: return (cmd & 0x7F) == 0x14 ? 1 : 0;  // LOCK / UNLOCK
    }
    return 0;
}

void Fdc82077::write_fifo(uint8_t v) {
    if (!(dor_ & 0x04)) return;
    if (phase_ == Phase::PioOut) {
        pio_[pio_pos_++] = v;
        if (pio_pos_ == pio_.size()) pio_done();
        return;
    }
    if (phase_ != Phase::Command) return;
    if (cmd_pos_ == 0) {
        cmd_len_ = command_length(v);
        if (cmd_len_ == 0) return result({kInvalid}, false);
    }
    cmd_[cmd_pos_++] = v;
    if (cmd_pos_ == cmd_len_) start_command();
}

uint8_t Fdc82077::read_fifo() {
    if (phase_ == Phase::PioIn) {
        if (pio_pos_ == 0) set_irq(false);
        uint8_t v = pio_[pio_pos_++];
        if (pio_pos_ == pio_.size()) pio_done();
        return v;
    }
    if (phase_ != Phase::Result) return 0xFF;
    if (res_pos_ == 0 && (cmd_[0] & 0x1F) != 0x08) set_irq(false);  // first result byte read
    uint8_t v = res_[res_pos_++];
    if (res_pos_ == res_len_) {
        phase_ = Phase::Command;
        cmd_pos_ = 0;
    }
    return v;
}

void Fdc82077::result(std::initializer_list<uint8_t> bytes, bool irq) {
    res_len_ = 0;
    for (uint8_t b : bytes) res_[res_len_++] = b;
    res_pos_ = 0;
    phase_ = Phase::Result;
    // A new interrupt condition replaces the ready-change statuses a reset left for SENSE
    // INTERRUPT STATUS to collect: the next SENSE INTERRUPT reports the new event. (The Bochs
    // BIOS collects one reset status, then recalibrates; Bochs and QEMU drop the rest when
    // they raise the next interrupt.)
    if (irq) { reset_sense_ = 4; set_irq(true); }
}

void Fdc82077::start_command() {
    uint8_t cmd = cmd_[0];
    unsigned dn = cur_drive();
    Drive& d = drive_[dn];
    switch (cmd & 0x1F) {
    case 0x03:  // SPECIFY: step/head timings and ND (non-DMA) - no result phase
        srt_hut_ = cmd_[1], hlt_nd_ = cmd_[2];
        cmd_pos_ = 0;
        return;
    case 0x04: {  // SENSE DRIVE STATUS -> ST3: WP, T0, HD, DS; bits 5 and 3 read as 1 (8.x)
        unsigned head = (cmd_[1] >> 2) & 1;
        uint8_t st3 = uint8_t(0x28 | (head << 2) | dn);
        if (d.pcn == 0) st3 |= 0x10;
        if (d.image && d.image->read_only()) st3 |= 0x40;
        return result({st3}, false);
    }
    case 0x07: case 0x0F: {  // RECALIBRATE / SEEK: run in the background, no result phase
        cmd_pos_ = 0;
        d.recal = (cmd & 0x1F) == 0x07;
        if (!d.recal) seek_issued_ = true;
        d.seek_target = d.recal ? 0 : cmd_[2];
        d.seek_head = d.recal ? 0 : (cmd_[1] >> 2) & 1;
        if (dn >= 2) {  // no drive: track 0 never found (EC)
            seek_ends_.push_back({uint8_t(kAbnormal | kSeekEnd | kEquipCheck | dn), d.pcn});
            reset_sense_ = 4;
            set_irq(true);
            return;
        }
        d.seeking = true;
        unsigned steps = d.seek_target > d.pcn ? d.seek_target - d.pcn : d.pcn - d.seek_target;
        m_.clock().arm(d.timer, m_.clock().now_ns() + kStepNs * (steps + 1));
        return;
    }
    case 0x08: {  // SENSE INTERRUPT STATUS
        set_irq(false);
        if (reset_sense_ < 4) {
            unsigned k = reset_sense_++;
            return result({uint8_t(0xC0 | k), drive_[k].pcn}, false);
        }
        if (seek_ends_.empty()) return result({kInvalid}, false);
        auto [st0, pcn] = seek_ends_.front();
        seek_ends_.erase(seek_ends_.begin());
        return result({st0, pcn}, false);
    }
    case 0x0E:  // DUMPREG
        return result({drive_[0].pcn, drive_[1].pcn, drive_[2].pcn, drive_[3].pcn, srt_hut_, hlt_nd_, 0,
                       uint8_t((lock_ ? 0x80 : 0) | (perp_ & 0x7F)), config_, pretrk_}, false);
    case 0x10: return result({0x90}, false);  // VERSION: 82077AA enhanced controller
    case 0x12: perp_ = cmd_[1]; cmd_pos_ = 0; return;
    case 0x13: config_ = cmd_[2], pretrk_ = cmd_[3]; cmd_pos_ = 0; return;
    case 0x14:
        lock_ = (cmd & 0x80) != 0;
        return result({uint8_t(lock_ ? 0x10 : 0)}, false);
    }
    // READ DATA, WRITE DATA, FORMAT TRACK, READ ID: the execution phase takes a while.
    phase_ = Phase::Execution;
    m_.clock().arm(exec_timer_, m_.clock().now_ns() + kExecNs);
}

void Fdc82077::seek_timer(void* ctx, uint64_t) {
    auto* f = static_cast<Fdc82077*>(ctx);
    for (unsigned k = 0; k < 4; ++k)
        if (f->drive_[k].seeking && !f->m_.clock().armed(f->drive_[k].timer)) f->seek_done(k);
}

void Fdc82077::seek_done(unsigned dn) {
    Drive& d = drive_[dn];
    d.seeking = false;
    // A step pulse with a disk in the drive clears the disk-change line (5.1.7).
    if (d.image) d.disk_changed = false;
    d.pcn = d.seek_target;
    seek_ends_.push_back({uint8_t(kSeekEnd | (d.seek_head << 2) | dn), d.pcn});
    reset_sense_ = 4;  // a new interrupt: the reset's polling statuses are gone (see result())
    set_irq(true);
}

void Fdc82077::exec_timer(void* ctx, uint64_t) { static_cast<Fdc82077*>(ctx)->execute(); }

bool Fdc82077::media_ok(Drive& d) const {
    return d.image && d.fmt && ((emulator_compat && !rate_programmed_) || (d.fmt->rate_mask & (1u << rate_)));
}

void Fdc82077::execute() {
    switch (cmd_[0] & 0x1F) {
    case 0x05: return rw_command(true);
    case 0x06: return rw_command(false);
    case 0x0D: return format_command();
    case 0x0A: {  // READ ID: the next ID field passing the head; we always find sector 1
        Drive& d = drive_[cur_drive()];
        phys_head_ = (cmd_[1] >> 2) & 1;
        uint8_t st0 = uint8_t((phys_head_ << 2) | cur_drive());
        if (!media_ok(d) || phys_head_ >= d.fmt->heads)
            return result({uint8_t(st0 | kAbnormal), kST1_MA, 0, d.pcn, phys_head_, 1, 2}, true);
        return result({st0, 0, 0, d.pcn, phys_head_, 1, 2}, true);
    }
    }
}

uint64_t Fdc82077::offset_of(const Drive& d, unsigned c, unsigned h, unsigned r) const {
    return ((uint64_t(c) * d.fmt->heads + h) * d.fmt->spt + (r - 1)) * 512;
}

void Fdc82077::result_rw(uint8_t st0, uint8_t st1, uint8_t st2) {
    st0 |= uint8_t((phys_head_ << 2) | cur_drive());
    result({st0, st1, st2, c_, h_, r_, n_}, true);
}

// The sector after the one just transferred, and whether the track ended (table 8-x "Result
// phase C/H/R/N after a command": R=EOT moves to C+1 or, with MT on head 0, to head 1).
void Fdc82077::advance_sector() {
    bool mt = cmd_[0] & 0x80;
    end_of_track_ = false;
    if (r_ != cmd_[6]) {
        ++r_;
        return;
    }
    r_ = 1;
    if (mt && !(h_ & 1)) {
        h_ ^= 1;
        phys_head_ = 1;
        return;
    }
    if (mt) h_ ^= 1;
    ++c_;
    end_of_track_ = true;
}

void Fdc82077::rw_command(bool write) {
    Drive& d = drive_[cur_drive()];
    phys_head_ = (cmd_[1] >> 2) & 1;
    c_ = cmd_[2], h_ = cmd_[3], r_ = cmd_[4], n_ = cmd_[5];
    if (!media_ok(d)) return result_rw(kAbnormal, kST1_MA, 0);
    if (write && d.image->read_only()) return result_rw(kAbnormal, kST1_NW, 0);
    bool pio = hlt_nd_ & 1;
    if (!pio && !dma) return result_rw(kAbnormal, kST1_OR, 0);  // nobody serves DRQ: overrun
    if (pio) {
        pio_.clear();
        pio_pos_ = 0;
        pio_sectors_ = 0;
    }
    if (emulator_compat && !seek_issued_ && c_ != d.pcn && c_ < d.fmt->cyls) {
        d.pcn = c_;  // implied seek (see emulator_compat)
        d.disk_changed = false;
    }
    uint8_t buf[512];
    for (;;) {
        // The ID field must match a sector of the track under the head (ST1 ND, ST2 WC/BC).
        if (c_ != d.pcn) return result_rw(kAbnormal, kST1_ND, c_ == 0xFF ? kST2_BC : kST2_WC);
        if (n_ != 2 || h_ != phys_head_ || phys_head_ >= d.fmt->heads || r_ < 1 || r_ > d.fmt->spt)
            return result_rw(kAbnormal, kST1_ND, 0);
        uint64_t off = offset_of(d, c_, h_, r_);
        bool tc = false;
        if (pio) {
            size_t at = pio_.size();
            pio_.resize(at + 512);
            if (!write) d.image->read(off, pio_.data() + at, 512);
            ++pio_sectors_;
        } else if (write) {
            if (dma(buf, 512, false, tc) < 512) return result_rw(kAbnormal, kST1_OR, 0);
            d.image->write(off, buf, 512);
        } else {
            d.image->read(off, buf, 512);
            if (dma(buf, 512, true, tc) < 512) return result_rw(kAbnormal, kST1_OR, 0);
        }
        advance_sector();
        if (tc) return result_rw(0, 0, 0);
        // Without terminal count the controller runs to EOT and stops with EN (8.4.1).
        if (end_of_track_) break;
    }
    if (!pio) return result_rw(kAbnormal, kST1_EN, 0);
    // Non-DMA: the bytes move through the FIFO; INT signals the data request.
    pio_pos_ = 0;
    phase_ = write ? Phase::PioOut : Phase::PioIn;
    set_irq(true);
}

// End of a non-DMA transfer: a write commits the sectors, then the result phase (ending at EOT
// without TC, as the PC's FDC never sees TC in this mode).
void Fdc82077::pio_done() {
    Drive& d = drive_[cur_drive()];
    if (phase_ == Phase::PioOut) {
        uint8_t c = cmd_[2], h = cmd_[3], r = cmd_[4];
        for (unsigned k = 0; k < pio_sectors_; ++k) {
            d.image->write(offset_of(d, c, h, r), pio_.data() + size_t(k) * 512, 512);
            if (r == cmd_[6]) r = 1, h ^= 1;
            else ++r;
        }
    }
    result_rw(kAbnormal, kST1_EN, 0);
}

// FORMAT TRACK (8.5): four ID bytes per sector arrive by DMA; each sector is filled with D.
void Fdc82077::format_command() {
    Drive& d = drive_[cur_drive()];
    phys_head_ = (cmd_[1] >> 2) & 1;
    c_ = d.pcn, h_ = phys_head_, r_ = 1, n_ = cmd_[2];
    if (!media_ok(d)) return result_rw(kAbnormal, kST1_MA, 0);
    if (d.image->read_only()) return result_rw(kAbnormal, kST1_NW, 0);
    if ((hlt_nd_ & 1) || !dma) return result_rw(kAbnormal, kST1_OR, 0);
    uint8_t fill[512];
    for (uint8_t& b : fill) b = cmd_[5];
    for (unsigned k = 0; k < cmd_[3]; ++k) {
        uint8_t id[4];
        bool tc = false;
        if (dma(id, 4, false, tc) < 4) return result_rw(kAbnormal, kST1_OR, 0);
        c_ = id[0], h_ = id[1], r_ = id[2], n_ = id[3];
        // The image stores the standard layout only: IDs must name sectors of this track.
        if (c_ == d.pcn && h_ == phys_head_ && phys_head_ < d.fmt->heads && r_ >= 1 && r_ <= d.fmt->spt)
            d.image->write(offset_of(d, c_, h_, r_), fill, 512);
        if (tc) break;
    }
    result_rw(0, 0, 0);
}

// For the debugger's `info fdc`. Register names as in the 82077AA datasheet, section 5.
void Fdc82077::debug_info(std::ostream& out) const {
    static const char* const kPhase[] = {"command", "execution", "execution (PIO to host)", "execution (PIO from host)", "result"};
    static const unsigned kKbps[4] = {500, 300, 250, 1000};
    auto command_name = [](uint8_t op) -> const char* {
        switch (op & 0x1F) {
        case 0x03: return "SPECIFY";
        case 0x04: return "SENSE DRIVE STATUS";
        case 0x05: return "WRITE DATA";
        case 0x06: return "READ DATA";
        case 0x07: return "RECALIBRATE";
        case 0x08: return "SENSE INTERRUPT STATUS";
        case 0x0A: return "READ ID";
        case 0x0D: return "FORMAT TRACK";
        case 0x0E: return "DUMPREG";
        case 0x0F: return "SEEK";
        case 0x10: return "VERSION";
        case 0x12: return "PERPENDICULAR MODE";
        case 0x13: return "CONFIGURE";
        case 0x14: return "LOCK";
        default: return "invalid";
        }
    };
    const uint8_t status = msr();
    const Drive& sel = drive_[dor_ & 3];
    const uint8_t dir = (sel.disk_changed || !sel.image) ? 0x80 : 0x00;
    char buf[256];
    std::snprintf(buf, sizeof buf, "DOR=%02x (drive %u%s%s motors %x) MSR=%02x%s%s%s%s DIR=%02x%s DSR=%02x CCR=%02x (%u kbps) TDR=%02x\n",
                  unsigned(dor_), dor_ & 3u, (dor_ & 0x04) ? "" : ", in reset", (dor_ & 0x08) ? ", DMA/IRQ gate on," : ",",
                  unsigned(dor_ >> 4), unsigned(status), (status & kRQM) ? " RQM" : "", (status & kDIO) ? " DIO" : "",
                  (status & kNDM) ? " NDMA" : "", (status & kCB) ? " CB" : "", unsigned(dir), dir ? " DSKCHG" : "",
                  unsigned(dsr_), unsigned(rate_), kKbps[rate_ & 3], unsigned(tdr_));
    out << buf;
    std::snprintf(buf, sizeof buf, "phase: %s  irq pending=%d line=%d  SPECIFY %02x %02x  CONFIGURE %02x pretrk=%02x%s  ST0(last)=%02x\n",
                  kPhase[unsigned(phase_)], irq_pending_ ? 1 : 0, irq_level_ ? 1 : 0, unsigned(srt_hut_), unsigned(hlt_nd_),
                  unsigned(config_), unsigned(pretrk_), lock_ ? " locked" : "", unsigned(last_st0_));
    out << buf;
    int n = std::snprintf(buf, sizeof buf, "last command: %s", cmd_[0] ? command_name(cmd_[0]) : "none");
    if (cmd_[0]) {
        const unsigned shown = phase_ == Phase::Command && cmd_pos_ ? cmd_pos_ : (cmd_len_ ? cmd_len_ : 1);
        n += std::snprintf(buf + n, sizeof buf - size_t(n), " [");
        for (unsigned k = 0; k < shown && k < 9; ++k) n += std::snprintf(buf + n, sizeof buf - size_t(n), k ? " %02x" : "%02x", unsigned(cmd_[k]));
        n += std::snprintf(buf + n, sizeof buf - size_t(n), "]");
    }
    n += std::snprintf(buf + n, sizeof buf - size_t(n), "  result:");
    if (res_len_ == 0) n += std::snprintf(buf + n, sizeof buf - size_t(n), " none");
    for (unsigned k = 0; k < res_len_ && k < 10; ++k) n += std::snprintf(buf + n, sizeof buf - size_t(n), " %02x", unsigned(res_[k]));
    if (phase_ == Phase::Result) std::snprintf(buf + n, sizeof buf - size_t(n), " (%u read)", res_pos_);
    out << buf << '\n';
    if (phase_ != Phase::Command) {
        std::snprintf(buf, sizeof buf, "transfer: C=%u H=%u R=%u N=%u physical head=%u  pio %zu/%zu\n", unsigned(c_), unsigned(h_),
                      unsigned(r_), unsigned(n_), unsigned(phys_head_), pio_pos_, pio_.size());
        out << buf;
    }
    for (unsigned k = 0; k < 2; ++k) {
        const Drive& d = drive_[k];
        int m = std::snprintf(buf, sizeof buf, "drive %u: cylinder=%u head=%u", k, unsigned(d.pcn), unsigned(d.seek_head));
        if (d.seeking) m += std::snprintf(buf + m, sizeof buf - size_t(m), " %s to %u", d.recal ? "recalibrating" : "seeking", unsigned(d.seek_target));
        if (d.image && d.fmt)
            m += std::snprintf(buf + m, sizeof buf - size_t(m), " medium %uK (%u/%u/%u)", unsigned(d.fmt->kb), unsigned(d.fmt->cyls),
                               unsigned(d.fmt->heads), unsigned(d.fmt->spt));
        else
            m += std::snprintf(buf + m, sizeof buf - size_t(m), " no medium");
        if (d.disk_changed) std::snprintf(buf + m, sizeof buf - size_t(m), " disk-changed");
        out << buf << '\n';
    }
}

} // namespace bw
