// ATAPI CD-ROM side of the Ata host adapter: IDENTIFY PACKET DEVICE and the packet commands
// (SPC-2 / MMC-2) a BIOS and common OS drivers use. 2048-byte blocks, one data track.
#include <algorithm>
#include <cstring>
#include "devices/ata.h"

namespace bw {

namespace {
constexpr uint8_t kReady = 0x50, ERR = 0x01, DRQ = 0x08;
constexpr uint32_t kCdBlock = 2048;
// Sense keys and additional sense codes (SPC-2 tables 107, 108).
constexpr uint8_t kIllegalRequest = 0x05, kNotReady = 0x02;
constexpr uint8_t kAscInvalidOpcode = 0x20, kAscLbaOutOfRange = 0x21, kAscInvalidField = 0x24;

void put16(uint8_t* w, unsigned word, uint16_t v) { w[word * 2] = uint8_t(v), w[word * 2 + 1] = uint8_t(v >> 8); }
void put_string(uint8_t* w, unsigned word, unsigned words, const char* s) {
    size_t n = std::strlen(s);
    for (unsigned k = 0; k < words * 2; ++k) w[word * 2 + (k ^ 1)] = uint8_t(k < n ? s[k] : ' ');
}
void be16(uint8_t* p, uint32_t v) { p[0] = uint8_t(v >> 8), p[1] = uint8_t(v); }
void be32(uint8_t* p, uint32_t v) { p[0] = uint8_t(v >> 24), p[1] = uint8_t(v >> 16), p[2] = uint8_t(v >> 8), p[3] = uint8_t(v); }
uint32_t rd16(const uint8_t* p) { return uint32_t(p[0]) << 8 | p[1]; }
uint32_t rd32(const uint8_t* p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }
// An LBA as minutes/seconds/frames, counting the 2-second pregap (MMC-2 table 9).
void put_msf(uint8_t* p, uint32_t lba) {
    lba += 150;
    p[0] = 0, p[1] = uint8_t(lba / (75 * 60)), p[2] = uint8_t((lba / 75) % 60), p[3] = uint8_t(lba % 75);
}
}  // namespace

// IDENTIFY PACKET DEVICE data (ATA-6 8.16, table 30).
void Ata::identify_packet(Drive& d, uint8_t* w) {
    put16(w, 0, 0x85C0);  // ATAPI, CD-ROM (type 5), removable, 50 us DRQ, 12-byte packets
    put_string(w, 10, 10, "BW0000000002");
    put_string(w, 23, 4, "1.0");
    put_string(w, 27, 20, "Boxwood ATAPI CD-ROM");
    put16(w, 49, 0x0300);  // LBA, DMA
    put16(w, 53, 0x0007);  // words 54-58, 64-70 and 88 are valid
    put16(w, 63, mwdma_word(d));
    put16(w, 64, 0x0003);
    for (unsigned k = 65; k <= 68; ++k) put16(w, k, 120);
    put16(w, 80, 0x007E);
    put16(w, 88, udma_word(d));  // Ultra DMA modes 0-2 and the selected one
}

void Ata::atapi_error(Channel& c, Drive& d, uint8_t key, uint8_t asc, uint8_t ascq) {
    d.sense_key = key, d.asc = asc, d.ascq = ascq;
    d.error = uint8_t(key << 4) | 0x04;  // sense key in bits 7:4, ABRT
    d.nsect = 0x03;                      // IO=1, CoD=1: status phase
    d.status = kReady | ERR;
    d.phase = Phase::Idle;
    raise(c, d);
}

void Ata::atapi_ok(Channel& c, Drive& d) {
    d.nsect = 0x03;
    d.status = kReady;
    d.phase = Phase::Idle;
    raise(c, d);
}

// Data-in of a reply held in memory, truncated to the allocation length of the CDB.
void Ata::atapi_data_in(Channel& c, Drive& d, const uint8_t* data, size_t len, size_t alloc) {
    len = std::min(len, alloc);
    d.buf.assign(data, data + len);
    if (d.packet_dma) return len ? dma_begin(c, d, false, true, 0, len) : atapi_ok(c, d);
    d.pos = 0, d.len = 0;
    d.atapi_blocks = 0;
    atapi_next_chunk(c, d);
}

// The next DRQ data block: at most the byte count limit the host put in LBA Mid/High at PACKET
// time (ATA-6 9.10); the device reports the size of each block there.
void Ata::atapi_next_chunk(Channel& c, Drive& d) {
    uint32_t limit = d.byte_limit;
    if (limit == 0 || limit == 0xFFFF) limit = 0xFFFE;
    limit &= ~1u;
    size_t chunk;
    if (d.atapi_blocks) {
        uint32_t n = std::clamp<uint32_t>(limit / kCdBlock, 1, d.atapi_blocks);
        d.buf.resize(size_t(n) * kCdBlock);
        if (!d.image->read(uint64_t(d.atapi_lba) * kCdBlock, d.buf.data(), d.buf.size()))
            return atapi_error(c, d, 0x03, 0x11);  // MEDIUM ERROR, unrecovered read error
        d.atapi_lba += n, d.atapi_blocks -= n;
        d.pos = 0, d.len = d.buf.size();
        chunk = d.len;
    } else {
        if (d.pos >= d.buf.size()) return atapi_ok(c, d);
        chunk = std::min<size_t>(limit, d.buf.size() - d.pos);
        d.len = d.pos + chunk;
    }
    d.lcyl = uint8_t(chunk), d.hcyl = uint8_t(chunk >> 8);
    d.nsect = 0x02;  // IO=1, CoD=0: data to the host
    d.phase = Phase::PioIn;
    d.status = kReady | DRQ;
    raise(c, d);
}

void Ata::packet_command(Channel& c, Drive& d) {
    const uint8_t* p = d.packet;
    uint32_t blocks = uint32_t(d.image->size() / kCdBlock);
    uint8_t r[64] = {};
    uint8_t op = p[0];
    if (op != 0x03) d.sense_key = d.asc = d.ascq = 0;
    switch (op) {
    case 0x00:  // TEST UNIT READY
    case 0x1B:  // START STOP UNIT
    case 0x1E:  // PREVENT ALLOW MEDIUM REMOVAL
    case 0x2B:  // SEEK(10)
    case 0xBB:  // SET CD SPEED
        return atapi_ok(c, d);
    case 0x03: {  // REQUEST SENSE: fixed-format sense data (SPC-2 7.20.2)
        r[0] = 0x70, r[2] = d.sense_key, r[7] = 10, r[12] = d.asc, r[13] = d.ascq;
        d.sense_key = d.asc = d.ascq = 0;
        return atapi_data_in(c, d, r, 18, p[4]);
    }
    case 0x12:  // INQUIRY (SPC-2 7.3.2)
        r[0] = 0x05, r[1] = 0x80, r[2] = 0x00, r[3] = 0x21, r[4] = 31;
        std::memcpy(r + 8, "BOXWOOD CD-ROM          1.0 ", 28);
        return atapi_data_in(c, d, r, 36, p[4]);
    case 0x25:  // READ CAPACITY (MMC-2 6.1.17): last LBA and block length
        be32(r, blocks ? blocks - 1 : 0), be32(r + 4, kCdBlock);
        return atapi_data_in(c, d, r, 8, 8);
    case 0x28: case 0xA8: {  // READ(10) / READ(12)
        uint32_t lba = rd32(p + 2);
        uint32_t n = op == 0x28 ? rd16(p + 7) : rd32(p + 6);
        if (uint64_t(lba) + n > blocks) return atapi_error(c, d, kIllegalRequest, kAscLbaOutOfRange);
        if (n == 0) return atapi_ok(c, d);
        d.atapi_lba = lba, d.atapi_blocks = n;
        if (d.packet_dma) return dma_begin(c, d, false, false, uint64_t(lba) * kCdBlock, uint64_t(n) * kCdBlock);
        return atapi_next_chunk(c, d);
    }
    case 0x1A: case 0x5A: {  // MODE SENSE(6)/(10) (SPC-2 7.8): error recovery + capabilities
        bool ten = op == 0x5A;
        unsigned page = p[2] & 0x3F, hdr = ten ? 8 : 4, n = hdr;
        if (page == 0x01 || page == 0x3F) {
            const uint8_t pg[8] = {0x01, 0x06, 0x00, 0x05, 0, 0, 0, 0};
            std::memcpy(r + n, pg, 8), n += 8;
        }
        if (page == 0x2A || page == 0x3F) {  // MMC-2 5.5.10 CD capabilities and mechanical status
            const uint8_t pg[20] = {0x2A, 0x12, 0x03, 0x00, 0x71, 0x00, 0x29, 0x00, 0x02, 0xC2,
                                    0x00, 0x02, 0x02, 0x00, 0x02, 0xC2, 0, 0, 0, 0};
            std::memcpy(r + n, pg, 20), n += 20;
        }
        if (n == hdr) return atapi_error(c, d, kIllegalRequest, kAscInvalidField);
        if (ten) be16(r, n - 2), r[2] = 0x01;
        else r[0] = uint8_t(n - 1), r[1] = 0x01;  // medium type: 120 mm data disc
        return atapi_data_in(c, d, r, n, ten ? rd16(p + 7) : p[4]);
    }
    case 0x43: {  // READ TOC (MMC-2 6.1.35): one data track and the lead-out
        bool msf = p[1] & 2;
        unsigned format = (p[2] & 0x0F) ? (p[2] & 0x0F) : (p[9] >> 6);
        unsigned n = 4;
        auto addr = [&](uint8_t* q, uint32_t lba) { msf ? put_msf(q, lba) : be32(q, lba); };
        if (format == 0) {
            unsigned start = p[6];
            if (start > 1 && start != 0xAA) return atapi_error(c, d, kIllegalRequest, kAscInvalidField);
            r[2] = 1, r[3] = 1;
            if (start <= 1) {
                r[n + 1] = 0x14, r[n + 2] = 1, addr(r + n + 4, 0);
                n += 8;
            }
            r[n + 1] = 0x14, r[n + 2] = 0xAA, addr(r + n + 4, blocks);
            n += 8;
        } else if (format == 1) {  // session information
            r[2] = 1, r[3] = 1, r[5] = 0x14, r[6] = 1, addr(r + 8, 0);
            n = 12;
        } else {
            return atapi_error(c, d, kIllegalRequest, kAscInvalidField);
        }
        be16(r, n - 2);
        return atapi_data_in(c, d, r, n, rd16(p + 7));
    }
    case 0x46:  // GET CONFIGURATION: header only, current profile CD-ROM (MMC-3 5.2)
        be32(r, 4), be16(r + 6, 0x0008);
        return atapi_data_in(c, d, r, 8, rd16(p + 7));
    case 0x4A:  // GET EVENT STATUS NOTIFICATION, polled: no event (MMC-3 6.1.7)
        if (!(p[1] & 1)) return atapi_error(c, d, kIllegalRequest, kAscInvalidField);
        r[1] = 2, r[2] = 0x80, r[3] = 0x10;
        return atapi_data_in(c, d, r, 4, rd16(p + 7));
    default:
        (void)kNotReady;
        return atapi_error(c, d, kIllegalRequest, kAscInvalidOpcode);
    }
}

} // namespace bw
