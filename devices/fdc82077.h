// Intel 82077AA floppy disk controller in PC-AT mode: 0x3F0-0x3F5 and 0x3F7, IRQ6, DMA channel
// 2, up to two drives with raw sector images. Section references are to the Intel 82077AA
// datasheet (290166): "5.x" register descriptions, "6.x"/"8.x" command descriptions and tables.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <utility>
#include <vector>
#include "devices/disk_image.h"
#include "devices/machine.h"

namespace bw {

class Fdc82077 : public Device, public IoDevice {
public:
    explicit Fdc82077(Machine& m);
    const char* name() const override { return "fdc"; }
    void reset() override;
    uint32_t io_read(uint16_t port, unsigned size) override;
    void io_write(uint16_t port, uint32_t value, unsigned size) override;
    // For the debugger's `info fdc`: DOR/MSR/DIR/DSR/CCR, phase, per-drive cylinder and head,
    // the last command and its result bytes. Side-effect free.
    void debug_info(std::ostream& out) const override;

    // Inserts an image into drive 0/1; its size picks the format. Throws std::runtime_error for
    // sizes that are no standard floppy format.
    void attach(unsigned drive, std::unique_ptr<DiskImage> image);

    // DMA channel 2. Moves up to `len` bytes between `buf` and memory (to_memory: a read from
    // disk) and returns how many moved; sets `tc` when the channel reached terminal count with
    // the last byte. Wired by build_pc to the 8237; tests can supply their own.
    std::function<uint32_t(uint8_t* buf, uint32_t len, bool to_memory, bool& tc)> dma;

    // Leniencies of the Bochs and QEMU controllers that the Bochs BIOS (rombios.c, 2.7) relies
    // on; off by default (datasheet behaviour), build_pc turns them on:
    //  - READ/WRITE DATA seek to the command's cylinder even with CONFIGURE EIS clear, as long
    //    as software has issued no SEEK since the hardware reset (the BIOS never does; a real
    //    82077AA ends with ST1 ND / ST2 WC, 8.4, which software that seeks still gets);
    //  - the data rate is not checked against the medium until software programs DSR or CCR
    //    (the BIOS never does; the hardware-reset rate, 250 kbps, cannot read 1.44M media).
    bool emulator_compat = false;

    struct Format { uint32_t kb; uint8_t cyls, heads, spt, rate_mask; };

    // Virtual time of the execution phase of a data command and of one seek step.
    static constexpr uint64_t kExecNs = 200000, kStepNs = 50000;

private:
    enum class Phase { Command, Execution, PioIn, PioOut, Result };

    struct Drive {
        std::unique_ptr<DiskImage> image;
        const Format* fmt = nullptr;
        uint8_t pcn = 0;          // present cylinder number
        uint8_t seek_target = 0, seek_head = 0;
        bool seeking = false, recal = false;
        bool disk_changed = true; // DSKCHG: set at power-on, cleared by a step (5.1.7)
        int timer = -1;
    };

    static void exec_timer(void* ctx, uint64_t now);
    static void seek_timer(void* ctx, uint64_t now);
    void controller_reset();
    void set_irq(bool pending);
    uint8_t msr() const;
    void write_fifo(uint8_t v);
    uint8_t read_fifo();
    void start_command();
    void execute();
    void result(std::initializer_list<uint8_t> bytes, bool irq);
    void result_rw(uint8_t st0, uint8_t st1, uint8_t st2);
    void rw_command(bool write);
    void format_command();
    void pio_done();
    bool media_ok(Drive& d) const;
    uint64_t offset_of(const Drive& d, unsigned c, unsigned h, unsigned r) const;
    void advance_sector();
    void seek_done(unsigned drive);
    unsigned cur_drive() const { return cmd_[1] & 3; }

    Machine& m_;
    int exec_timer_;
    Drive drive_[4];
    uint8_t dor_ = 0, tdr_ = 0, dsr_ = 0x02, rate_ = 0x02;
    bool rate_programmed_ = false;  // a DSR/CCR write since the hardware reset (emulator_compat)
    bool seek_issued_ = false;      // a SEEK command since the hardware reset (emulator_compat)
    Phase phase_ = Phase::Command;
    uint8_t cmd_[9] = {}, res_[10] = {};
    unsigned cmd_len_ = 0, cmd_pos_ = 0, res_len_ = 0, res_pos_ = 0;
    bool irq_pending_ = false, irq_level_ = false;
    unsigned reset_sense_ = 4;  // SENSE INTERRUPT results still owed after a reset (8.3)
    std::vector<std::pair<uint8_t, uint8_t>> seek_ends_;  // (ST0, PCN) from finished seeks
    uint8_t srt_hut_ = 0, hlt_nd_ = 0, config_ = 0x20, pretrk_ = 0, perp_ = 0;
    bool lock_ = false;
    uint8_t last_st0_ = 0;
    // Data transfer state (READ/WRITE DATA, FORMAT TRACK).
    uint8_t c_ = 0, h_ = 0, r_ = 0, n_ = 0, phys_head_ = 0;
    bool end_of_track_ = false;
    std::vector<uint8_t> pio_;
    size_t pio_pos_ = 0;
    unsigned pio_sectors_ = 0;
};

} // namespace bw
