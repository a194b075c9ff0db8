// ATA hard disk commands of the Ata host adapter: IDENTIFY DEVICE, the PIO sector transfers and
// the setup of the DMA ones (the data phase is in ata.cpp).
#include <algorithm>
#include <cstring>
#include "devices/ata.h"

namespace bw {

namespace {
constexpr uint8_t kReady = 0x50;  // DRDY | DSC
constexpr uint8_t ERR = 0x01, DRQ = 0x08;
constexpr uint8_t ABRT = 0x04, IDNF = 0x10, UNC = 0x40;

// ATA strings put the first character of each pair in the high byte (ATA-6 3.2.9).
void put_string(uint8_t* w, unsigned word, unsigned words, const char* s) {
    size_t n = std::strlen(s);
    for (unsigned k = 0; k < words * 2; ++k) {
        char ch = k < n ? s[k] : ' ';
        w[word * 2 + (k ^ 1)] = uint8_t(ch);
    }
}
void put16(uint8_t* w, unsigned word, uint16_t v) { w[word * 2] = uint8_t(v), w[word * 2 + 1] = uint8_t(v >> 8); }

bool is48(uint8_t cmd) {
    return cmd == 0x24 || cmd == 0x34 || cmd == 0x29 || cmd == 0x39 || cmd == 0x42 || cmd == 0x25 || cmd == 0x35;
}
bool is_write(uint8_t cmd) { return cmd == 0x30 || cmd == 0x31 || cmd == 0x34 || cmd == 0xC5 || cmd == 0x39; }
bool is_multiple(uint8_t cmd) { return cmd == 0xC4 || cmd == 0xC5 || cmd == 0x29 || cmd == 0x39; }
}  // namespace

// IDENTIFY DEVICE data (ATA-6 8.15, table 27).
void Ata::identify_disk(Drive& d, uint8_t* w) {
    uint64_t total = d.image->sectors();
    put16(w, 0, 0x0040);  // fixed device
    put16(w, 1, uint16_t(d.cyls));
    put16(w, 3, uint16_t(d.heads));
    put16(w, 6, uint16_t(d.spt));
    put_string(w, 10, 10, "BW0000000001");
    put16(w, 20, 3), put16(w, 21, 512), put16(w, 22, 4);  // obsolete buffer type/size, ECC bytes
    put_string(w, 23, 4, "1.0");
    put_string(w, 27, 20, "Boxwood ATA hard disk");
    put16(w, 47, 0x8000 | 16);  // READ/WRITE MULTIPLE: up to 16 sectors per block
    put16(w, 49, 0x0300);       // LBA and DMA supported
    put16(w, 50, 0x4000);
    put16(w, 51, 0x0200);       // PIO mode 2 timing
    put16(w, 53, 0x0007);       // words 54-58, 64-70 and 88 are valid
    uint64_t chs = uint64_t(d.cur_cyls) * d.cur_heads * d.cur_spt;
    put16(w, 54, uint16_t(d.cur_cyls));
    put16(w, 55, uint16_t(d.cur_heads));
    put16(w, 56, uint16_t(d.cur_spt));
    put16(w, 57, uint16_t(chs)), put16(w, 58, uint16_t(chs >> 16));
    put16(w, 59, d.multiple ? uint16_t(0x0100 | d.multiple) : 0);
    uint32_t lba28 = uint32_t(std::min<uint64_t>(total, 0x0FFFFFFF));
    put16(w, 60, uint16_t(lba28)), put16(w, 61, uint16_t(lba28 >> 16));
    put16(w, 63, mwdma_word(d));  // Multiword DMA modes 0-2 and the selected one
    put16(w, 64, 0x0003);       // PIO modes 3 and 4
    for (unsigned k = 65; k <= 68; ++k) put16(w, k, 120);  // cycle times of MWDMA 2 and PIO 4
    put16(w, 80, 0x007E);       // ATA-1 .. ATA-6
    put16(w, 82, 0x0060), put16(w, 85, 0x0060);  // write cache, look-ahead: supported, enabled
    put16(w, 83, 0x7400), put16(w, 86, 0x3400);  // 48-bit address, FLUSH CACHE (EXT)
    put16(w, 84, 0x4000), put16(w, 87, 0x4000);
    put16(w, 88, udma_word(d));  // Ultra DMA modes 0-5 and the selected one
    for (unsigned k = 0; k < 4; ++k) put16(w, 100 + k, uint16_t(total >> (16 * k)));
    // Integrity word 255: signature A5h and a checksum making all 512 bytes sum to 0 (8.15.60).
    w[510] = 0xA5;
    uint8_t sum = 0;
    for (unsigned k = 0; k < 511; ++k) sum = uint8_t(sum + w[k]);
    w[511] = uint8_t(-sum);
}

// The first sector and count of a transfer from the task file (ATA-6 6.2): 48-bit commands use
// the HOB copies; 28-bit ones use LBA or CHS per device register bit 6.
bool Ata::decode_address(Drive& d, uint64_t& lba, uint32_t& count) {
    if (d.lba48) {
        count = uint32_t(d.nsect | (d.nsect_hob << 8));
        if (count == 0) count = 65536;
        lba = uint64_t(d.sector) | uint64_t(d.lcyl) << 8 | uint64_t(d.hcyl) << 16 |
              uint64_t(d.sector_hob) << 24 | uint64_t(d.lcyl_hob) << 32 | uint64_t(d.hcyl_hob) << 40;
    } else {
        count = d.nsect ? d.nsect : 256;
        if (d.select & 0x40) {
            lba = uint64_t(d.select & 0x0F) << 24 | uint64_t(d.hcyl) << 16 | uint64_t(d.lcyl) << 8 | d.sector;
        } else {
            unsigned cyl = d.lcyl | (d.hcyl << 8), head = d.select & 0x0F, sec = d.sector;
            if (sec == 0 || sec > d.cur_spt || head >= d.cur_heads || cyl >= d.cur_cyls) return false;
            lba = (uint64_t(cyl) * d.cur_heads + head) * d.cur_spt + sec - 1;
        }
    }
    return lba + count <= d.image->sectors();
}

// Leaves the address of the last sector transferred in the task file (ATA-6 8.xx error outputs;
// earlier standards for successful multi-sector commands).
void Ata::store_address(Drive& d) {
    uint64_t a = d.lba ? d.lba - 1 : 0;
    if (d.lba48) {
        d.sector = uint8_t(a), d.lcyl = uint8_t(a >> 8), d.hcyl = uint8_t(a >> 16);
        d.sector_hob = uint8_t(a >> 24), d.lcyl_hob = uint8_t(a >> 32), d.hcyl_hob = uint8_t(a >> 40);
    } else if (d.select & 0x40) {
        d.sector = uint8_t(a), d.lcyl = uint8_t(a >> 8), d.hcyl = uint8_t(a >> 16);
        d.select = uint8_t((d.select & 0xF0) | ((a >> 24) & 0x0F));
    } else if (d.cur_heads && d.cur_spt) {
        unsigned sec = unsigned(a % d.cur_spt) + 1;
        uint64_t t = a / d.cur_spt;
        unsigned head = unsigned(t % d.cur_heads), cyl = unsigned(t / d.cur_heads);
        d.sector = uint8_t(sec), d.lcyl = uint8_t(cyl), d.hcyl = uint8_t(cyl >> 8);
        d.select = uint8_t((d.select & 0xF0) | head);
    }
}

unsigned Ata::block_sectors(const Drive& d) const {
    return is_multiple(d.cmd) ? d.multiple : 1;
}

void Ata::start_rw(Channel& c, Drive& d) {
    d.lba48 = is48(d.cmd);
    if (is_multiple(d.cmd) && d.multiple == 0) return abort_cmd(c, d);  // ATA-6 8.23: mode not set
    uint64_t lba;
    uint32_t count;
    if (!decode_address(d, lba, count)) {
        d.error = IDNF;
        d.status = kReady | ERR;
        return raise(c, d);
    }
    d.lba = lba, d.remaining = count;
    if (!is_write(d.cmd)) return busy(c, d);  // reads and verifies: BSY, then data
    if (d.image->read_only()) return abort_cmd(c, d);
    // PIO data-out (ATA-6 9.8): DRQ for the first block without an interrupt.
    unsigned n = std::min(d.remaining, block_sectors(d));
    d.buf.assign(size_t(n) * 512, 0);
    d.pos = 0, d.len = d.buf.size();
    d.phase = Phase::PioOut;
    d.status = kReady | DRQ;
}

// READ DMA (EXT) / WRITE DMA (EXT) (ATA-6 8.26, 8.25, 8.48, 8.49): the address and count as for
// the PIO commands, a BSY period, then the DMA data phase (ata.cpp).
void Ata::start_dma(Channel& c, Drive& d) {
    d.lba48 = is48(d.cmd);
    uint64_t lba;
    uint32_t count;
    if (!decode_address(d, lba, count)) {
        d.error = IDNF;
        d.status = kReady | ERR;
        return raise(c, d);
    }
    bool out = d.cmd == 0xCA || d.cmd == 0xCB || d.cmd == 0x35;
    if (out && d.image->read_only()) return abort_cmd(c, d);
    d.lba = lba, d.remaining = count;
    busy(c, d);
}

// PIO data-in (ATA-6 9.7): each DRQ block is announced by an interrupt.
void Ata::next_read_block(Channel& c, Drive& d) {
    unsigned n = std::min(d.remaining, block_sectors(d));
    d.buf.resize(size_t(n) * 512);
    if (!d.image->read_sectors(d.lba, n, d.buf.data())) {
        d.error = UNC;
        d.status = kReady | ERR;
        d.phase = Phase::Idle;
        store_address(d);
        return raise(c, d);
    }
    d.lba += n, d.remaining -= n;
    store_address(d);
    d.pos = 0, d.len = d.buf.size();
    d.phase = Phase::PioIn;
    d.status = kReady | DRQ;
    raise(c, d);
}

void Ata::write_block_done(Channel& c, Drive& d) {
    unsigned n = unsigned(d.len / 512);
    if (!d.image->write_sectors(d.lba, n, d.buf.data())) {
        d.error = ABRT;
        d.status = kReady | ERR;
        d.phase = Phase::Idle;
        return raise(c, d);
    }
    d.lba += n, d.remaining -= n;
    store_address(d);
    if (d.remaining == 0) return finish_ok(c, d);
    n = std::min(d.remaining, block_sectors(d));
    d.buf.assign(size_t(n) * 512, 0);
    d.pos = 0, d.len = d.buf.size();
    d.phase = Phase::PioOut;
    d.status = kReady | DRQ;
    raise(c, d);
}

} // namespace bw
