// Bus master IDE engine of the PIIX3 IDE function: the 16 I/O ports behind BMIBA (BAR4) and the
// scatter/gather DMA they program. References: "Programming Interface for Bus Master IDE
// Controller", SFF-8038i rev 1.0 ("SFF" below), and the 82371SB (PIIX3) datasheet, "Bus Master
// IDE I/O registers" and "Bus Master IDE function" ("PIIX3" below).
//
// Per channel (primary at +0, secondary at +8):
//   +0 BMICOM  command: bit 0 Start/Stop Bus Master (SSBM), bit 3 Read/Write Control (RWCON,
//              1 = the bus master writes memory, i.e. a device-to-memory transfer)
//   +2 BMISTA  status: bit 0 Active (RO), bit 1 Error (R/WC), bit 2 Interrupt (R/WC),
//              bits 5/6 drive 0/1 DMA capable (R/W, software's own flags)
//   +4 BMIDTP  descriptor table pointer: 32 bits, dword aligned (bits 1:0 read 0)
// The Physical Region Descriptor table (SFF 1.2): 8-byte entries, dword 0 the region's physical
// base address (bit 0 zero), dword 1 bits 15:0 its byte count (bit 0 zero, 0 means 64 KiB) and
// bit 31 End Of Table.
//
// The drive side (devices/ata.*) calls transfer() when its DMARQ meets a started engine; the
// engine walks the table from BMIDTP, moving bytes through the machine's physical memory
// interface (Machine::dma_write/dma_read, which keep decoded code coherent).
#pragma once
#include <cstdint>
#include <functional>
#include <iosfwd>
#include "devices/machine.h"

namespace bw {

class IdeBusMaster {
public:
    explicit IdeBusMaster(Machine& m) : m_(m) {}
    void reset();

    // I/O cycles to the 16 bytes behind BMIBA (`offset` 0-15).
    uint32_t read(uint32_t offset, unsigned size) const;
    void write(uint32_t offset, uint32_t value, unsigned size);

    // PCICMD bit 2 (Bus Master Enable): without it the function starts no memory cycles.
    void set_master_enable(bool on) { master_enable_ = on; }

    // ---- the IDE side ----
    // SSBM set and the table not exhausted: the engine moves data when the drive asks.
    bool active(unsigned ch) const { return (chan_[ch & 1].status & kActive) != 0; }
    // RWCON: true when the engine writes memory (device-to-memory transfers).
    bool writes_memory(unsigned ch) const { return (chan_[ch & 1].command & kRwcon) != 0; }
    // Moves up to `len` bytes between `buf` and the PRD regions, continuing where the previous
    // call stopped: into memory from `buf` when RWCON is set, from memory into `buf` otherwise.
    // Returns the bytes moved. Fewer than `len` means the engine went idle: Active cleared after
    // the region marked EOT (SFF 1.2), or Error set and Active cleared on a master abort (no
    // target claimed the address: PIIX3 BMISTA bit 1). Nothing moves without Bus Master Enable.
    uint32_t transfer(unsigned ch, uint8_t* buf, uint32_t len);
    // A rising edge of the channel's IDE interrupt line (SFF BMISTA bit 2; PIIX3: IRQ14/15).
    void interrupt_edge(unsigned ch) { chan_[ch & 1].status |= kInterrupt; }
    // Called when software writes SSBM: `start` on 0->1, !start on 1->0.
    std::function<void(unsigned ch, bool start)> on_start_stop;

    uint8_t command(unsigned ch) const { return chan_[ch & 1].command; }
    uint8_t status(unsigned ch) const { return chan_[ch & 1].status; }
    uint32_t table(unsigned ch) const { return chan_[ch & 1].table; }
    // For the debugger: each channel's registers and where the engine stands in the table.
    void debug_info(std::ostream& out) const;

    static constexpr uint8_t kStart = 0x01, kRwcon = 0x08;
    static constexpr uint8_t kActive = 0x01, kError = 0x02, kInterrupt = 0x04, kCapable = 0x60;

private:
    struct Channel {
        uint8_t command = 0, status = 0;
        uint32_t table = 0;          // BMIDTP
        // Engine position: the next descriptor, and what is left of the current region.
        uint32_t next_prd = 0, addr = 0, left = 0;
        bool eot = false;
    };
    bool claimed(uint32_t addr);  // some target answers a memory cycle at addr

    Machine& m_;
    Channel chan_[2];
    bool master_enable_ = false;
};

} // namespace bw
