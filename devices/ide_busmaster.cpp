#include "devices/ide_busmaster.h"
#include <algorithm>
#include <cstdio>
#include <ostream>

namespace bw {

void IdeBusMaster::reset() {
    for (Channel& c : chan_) c = Channel{};
}

uint32_t IdeBusMaster::read(uint32_t offset, unsigned size) const {
    uint32_t v = 0;
    for (unsigned k = 0; k < size; ++k) {
        uint32_t r = offset + k;
        if (r >= 16) break;
        const Channel& c = chan_[r >> 3];
        uint8_t b = 0;  // bytes 1 and 3 of each channel are reserved and read 0 (PIIX3)
        switch (r & 7) {
        case 0: b = c.command; break;
        case 2: b = c.status; break;
        case 4: case 5: case 6: case 7: b = uint8_t(c.table >> (8 * ((r & 7) - 4))); break;
        }
        v |= uint32_t(b) << (8 * k);
    }
    return v;
}

void IdeBusMaster::write(uint32_t offset, uint32_t value, unsigned size) {
    for (unsigned k = 0; k < size; ++k) {
        uint32_t r = offset + k;
        if (r >= 16) break;
        unsigned ch = r >> 3;
        Channel& c = chan_[ch];
        uint8_t b = uint8_t(value >> (8 * k));
        switch (r & 7) {
        case 0: {
            // BMICOM: SSBM 0->1 starts at the first descriptor (operations cannot be paused and
            // resumed, SFF 1.1.1); 1->0 stops the engine and clears Active, aborting a transfer
            // the drive has not finished (SFF 1.1.1, PIIX3 BMICx bit 0).
            bool was = c.command & kStart, now = b & kStart;
            c.command = b & (kStart | kRwcon);
            if (!was && now) {
                c.status |= kActive;
                c.next_prd = c.table, c.left = 0, c.eot = false;
            } else if (was && !now) {
                c.status &= uint8_t(~kActive);
            }
            if (was != now && on_start_stop) on_start_stop(ch, now);
            break;
        }
        case 2:  // BMISTA: Error and Interrupt are write-one-to-clear, the DMA capable bits R/W
            c.status = uint8_t((c.status & ~(b & (kError | kInterrupt)) & ~kCapable) | (b & kCapable));
            break;
        case 4: case 5: case 6: case 7: {  // BMIDTP: dword aligned
            unsigned sh = 8 * ((r & 7) - 4);
            c.table = (c.table & ~(0xFFu << sh)) | (uint32_t(b) << sh);
            c.table &= ~3u;
            break;
        }
        default: break;
        }
    }
}

// The memory targets of the 440FX board: RAM below top of memory, ROM, and the MMIO ranges
// (which include the whole PCI window). Anything else ends the cycle in a master abort.
bool IdeBusMaster::claimed(uint32_t addr) {
    PhysicalMemory& mem = m_.memory();
    return addr < mem.ram_size() || mem.rom_at(addr) != nullptr || m_.mmio().find(addr) != nullptr;
}

uint32_t IdeBusMaster::transfer(unsigned ch, uint8_t* buf, uint32_t len) {
    Channel& c = chan_[ch & 1];
    uint32_t done = 0;
    if (!master_enable_) return 0;
    while (done < len && (c.status & kActive)) {
        if (c.left == 0) {
            if (c.eot) {  // defensive: an exhausted table is never active
                c.status &= uint8_t(~kActive);
                break;
            }
            // Fetch the next Physical Region Descriptor (SFF 1.2).
            uint8_t prd[8];
            m_.dma_read(c.next_prd, prd, 8);
            uint32_t base = uint32_t(prd[0]) | uint32_t(prd[1]) << 8 | uint32_t(prd[2]) << 16 | uint32_t(prd[3]) << 24;
            uint32_t count = uint32_t(prd[4]) | uint32_t(prd[5]) << 8;
            c.addr = base & ~1u;
            // Byte count bits 15:1 (bit 0 is reserved); zero stands for 64 KiB.
            c.left = (count & 0xFFFEu) ? (count & 0xFFFEu) : 0x10000u;
            c.eot = (prd[7] & 0x80) != 0;
            c.next_prd += 8;
        }
        // Move up to the end of the region, a page at a time so that every page's target is
        // checked before any of its bytes move.
        uint32_t n = std::min(c.left, len - done);
        n = std::min(n, 0x1000u - (c.addr & 0xFFFu));
        if (!claimed(c.addr) || !claimed(c.addr + n - 1)) {
            c.status = uint8_t((c.status | kError) & ~kActive);
            break;
        }
        if (c.command & kRwcon) m_.dma_write(c.addr, buf + done, n);
        else m_.dma_read(c.addr, buf + done, n);
        c.addr += n, c.left -= n, done += n;
        // Active clears with the last transfer of the region whose descriptor has EOT (SFF
        // BMISTA bit 0, PIIX3 BMISTA bit 0).
        if (c.left == 0 && c.eot) c.status &= uint8_t(~kActive);
    }
    return done;
}

void IdeBusMaster::debug_info(std::ostream& out) const {
    static const char* const kChannel[2] = {"primary", "secondary"};
    char buf[256];
    for (unsigned k = 0; k < 2; ++k) {
        const Channel& c = chan_[k];
        std::snprintf(buf, sizeof buf,
                      "bus master %s: BMICOM=%02x (%s, %s) BMISTA=%02x%s%s%s%s%s BMIDTP=%08x next PRD=%08x region %08x+%x%s%s\n",
                      kChannel[k], unsigned(c.command), (c.command & kStart) ? "started" : "stopped",
                      (c.command & kRwcon) ? "to memory" : "from memory", unsigned(c.status),
                      (c.status & kActive) ? " active" : "", (c.status & kError) ? " error" : "",
                      (c.status & kInterrupt) ? " interrupt" : "", (c.status & 0x20) ? " drive0-dma" : "",
                      (c.status & 0x40) ? " drive1-dma" : "", unsigned(c.table), unsigned(c.next_prd), unsigned(c.addr),
                      unsigned(c.left), c.eot ? " EOT" : "", master_enable_ ? "" : " (bus master disabled in PCICMD)");
        out << buf;
    }
}

} // namespace bw
