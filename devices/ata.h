// IDE/ATA host adapter: two channels (primary 0x1F0-0x1F7/0x3F6 on IRQ14, secondary
// 0x170-0x177/0x376 on IRQ15), each with a master and a slave. ATA hard disks transfer data by
// PIO or, with READ/WRITE DMA (EXT), by DMA; the ATAPI CD-ROM speaks the PACKET protocol with the
// MMC commands a BIOS and the usual OS drivers issue, its data by PIO or (Features bit 0) DMA.
// DMA data moves through the PCI bus master IDE engine of the PIIX3 (devices/ide_busmaster.*)
// when one is connected. References: ATA/ATAPI-6 (T13/1410D rev 3b) - "ATA-6 x.y" below -
// SPC-2/MMC-2 for the packet commands, SFF-8038i for the bus master.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>
#include "devices/disk_image.h"
#include "devices/ide_busmaster.h"
#include "devices/machine.h"

namespace bw {

class Ata : public Device, public IoDevice {
public:
    enum class Kind { None, Disk, Cdrom };

    explicit Ata(Machine& m);
    const char* name() const override { return "ata"; }
    void reset() override;
    uint32_t io_read(uint16_t port, unsigned size) override;
    void io_write(uint16_t port, uint32_t value, unsigned size) override;
    // For the debugger's `info ata`: per channel and device the task file, status, the current
    // command and its phase, the device kind and size. Side-effect free.
    void debug_info(std::ostream& out) const override;

    // Attaches an image to channel `ch` (0/1), device `dev` (0 master, 1 slave).
    void attach(unsigned ch, unsigned dev, Kind kind, std::unique_ptr<DiskImage> image);
    Kind kind(unsigned ch, unsigned dev) const { return chan_[ch].drive[dev].kind; }
    // Default CHS geometry of an attached disk (IDENTIFY words 1, 3, 6).
    void geometry(unsigned ch, unsigned dev, unsigned& c, unsigned& h, unsigned& s) const;
    // The bus master whose engine serves the drives' DMARQ (the PIIX3 IDE function's). Without
    // one, DMA commands wait for a bus master that never comes.
    void connect_bus_master(IdeBusMaster& bm);

    // Virtual time a command keeps BSY before its data is ready (a fast disk).
    static constexpr uint64_t kCommandNs = 20000;
    // The DMA mode selected at power-on (SET FEATURES transfer mode value): Multiword DMA mode 2.
    static constexpr uint8_t kDefaultDmaMode = 0x22;

private:
    enum class Phase { Idle, PioIn, PioOut, Packet, Dma };

    struct Drive {
        Kind kind = Kind::None;
        std::unique_ptr<DiskImage> image;
        unsigned cyls = 0, heads = 0, spt = 0;        // default translation
        unsigned cur_cyls = 0, cur_heads = 0, cur_spt = 0;  // after INITIALIZE DEVICE PARAMETERS
        unsigned multiple = 0;                        // sectors per DRQ block (0: off)
        // Task file. Writes reach both devices of a channel (ATA-6 7.1); the *_hob copies hold
        // the previous write for 48-bit commands.
        uint8_t feature = 0, error = 0, nsect = 0, sector = 0, lcyl = 0, hcyl = 0, select = 0;
        uint8_t nsect_hob = 0, sector_hob = 0, lcyl_hob = 0, hcyl_hob = 0, feature_hob = 0;
        uint8_t status = 0;
        bool irq_pending = false;
        // Command in progress.
        uint8_t cmd = 0;
        Phase phase = Phase::Idle;
        std::vector<uint8_t> buf;
        size_t pos = 0, len = 0;
        uint64_t lba = 0;
        uint32_t remaining = 0;  // sectors left (ATA) / bytes left (ATAPI)
        bool lba48 = false;
        // ATAPI state.
        uint8_t packet[12] = {};
        uint8_t sense_key = 0, asc = 0, ascq = 0;
        uint16_t byte_limit = 0;
        uint32_t atapi_lba = 0, atapi_blocks = 0;
        bool packet_dma = false;  // PACKET Features bit 0: the data phase uses DMA
        // DMA (Phase::Dma: DRQ and DMARQ asserted). The data come from or go to the image at
        // byte dma_base, or come from `buf` (ATAPI replies); dma_done of dma_total bytes moved.
        uint8_t dma_mode = kDefaultDmaMode;  // selected mode, as SET FEATURES 03h encodes it
        bool dma_out = false, dma_from_buf = false;
        uint64_t dma_base = 0, dma_total = 0, dma_done = 0;
    };

    struct Channel {
        Drive drive[2];
        unsigned cur = 0;      // DEV bit of the device/head register
        unsigned busy_dev = 0; // the device whose BSY period the timer ends
        uint8_t control = 0;   // device control register (nIEN bit 1, SRST bit 2, HOB bit 7)
        unsigned irq = 14;
        int timer = -1;
        bool irq_level = false;
        bool dma_running = false;  // the timer ends a bus master transfer, not a BSY period
        Ata* owner = nullptr;
        bool present() const { return drive[0].kind != Kind::None || drive[1].kind != Kind::None; }
    };

    static void timer_fired(void* ctx, uint64_t now);
    void update_irq(Channel& c);
    void raise(Channel& c, Drive& d);
    void set_signature(Drive& d);
    void soft_reset(Channel& c);
    void command(Channel& c, Drive& d, uint8_t cmd);
    void complete(Channel& c, Drive& d);  // the BSY period of a command ended
    void abort_cmd(Channel& c, Drive& d);
    void finish_ok(Channel& c, Drive& d);
    uint8_t read_reg(Channel& c, unsigned reg);
    void write_reg(Channel& c, unsigned reg, uint8_t v);
    uint32_t read_data(Channel& c, unsigned size);
    void write_data(Channel& c, uint32_t v, unsigned size);
    void busy(Channel& c, Drive& d, uint64_t ns = kCommandNs);
    unsigned index(const Channel& c) const { return unsigned(&c - chan_); }

    // DMA data transfers (ata.cpp).
    bool set_transfer_mode(Drive& d, uint8_t value);
    static uint16_t mwdma_word(const Drive& d);  // IDENTIFY word 63
    static uint16_t udma_word(const Drive& d);   // IDENTIFY word 88
    void dma_begin(Channel& c, Drive& d, bool out, bool from_buf, uint64_t base, uint64_t total);
    void try_dma(Channel& c);
    void bus_master_start_stop(unsigned ch, bool start);
    void dma_run(Channel& c, Drive& d);
    bool dma_fetch(Drive& d, uint8_t* p, uint32_t n);
    bool dma_store(Drive& d, const uint8_t* p, uint32_t n);
    void dma_error(Channel& c, Drive& d);
    void dma_finished(Channel& c, Drive& d);
    uint64_t dma_ns(const Drive& d, uint64_t bytes) const;

    // ATA disks (ata_disk.cpp).
    void identify_disk(Drive& d, uint8_t* w);
    bool decode_address(Drive& d, uint64_t& lba, uint32_t& count);
    void store_address(Drive& d);
    void start_rw(Channel& c, Drive& d);
    void start_dma(Channel& c, Drive& d);
    void next_read_block(Channel& c, Drive& d);
    void write_block_done(Channel& c, Drive& d);
    unsigned block_sectors(const Drive& d) const;

    // ATAPI (ata_atapi.cpp).
    void identify_packet(Drive& d, uint8_t* w);
    void packet_command(Channel& c, Drive& d);
    void atapi_data_in(Channel& c, Drive& d, const uint8_t* data, size_t len, size_t alloc);
    void atapi_next_chunk(Channel& c, Drive& d);
    void atapi_ok(Channel& c, Drive& d);
    void atapi_error(Channel& c, Drive& d, uint8_t key, uint8_t asc, uint8_t ascq = 0);

    Machine& m_;
    Channel chan_[2];
    IdeBusMaster* bm_ = nullptr;
};

} // namespace bw
