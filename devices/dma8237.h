// Intel 8237A DMA controller pair of the PC/AT: DMA1 (byte channels 0-3) at 00h-0Fh, DMA2 (word
// channels 4-7, channel 4 cascading DMA1) at C0h-DFh, and the 74LS612 page registers at
// 81h-8Fh (80h is the POST-code port, see debug_ports). Section references are to the Intel
// 8237A datasheet (231466).
//
// Devices do not drive DREQ/DACK cycle by cycle; they call transfer() when they have data, and
// the channel's registers (address, count, mode, mask, TC) advance exactly as the cycles would.
#pragma once
#include <cstddef>
#include <cstdint>
#include "devices/machine.h"
#include "mem/bus.h"

namespace bw {

class Dma8237 : public Device, public IoDevice {
public:
    explicit Dma8237(Machine& m);
    const char* name() const override { return "dma"; }
    void reset() override;  // hardware RESET = master clear on both controllers
    uint32_t io_read(uint16_t port, unsigned size) override;
    void io_write(uint16_t port, uint32_t value, unsigned size) override;

    // Serves `len` bytes of DMA for `channel` (0-3, 5-7): moves them between `buf` and memory in
    // the direction the channel's mode register programs (write transfer: buf -> memory; read
    // transfer: memory -> buf; verify: no memory cycles), advancing address and count. Stops at
    // terminal count, setting *tc. Returns the bytes served: 0 while the channel is masked or the
    // controller disabled; on word channels only whole words move. `to_memory` is the device's
    // own direction; when it disagrees with the mode register the chip's mode wins, as on the
    // bus.
    size_t transfer(unsigned channel, uint8_t* buf, size_t len, bool to_memory, bool* tc = nullptr);
    // A device's DREQ line, shown in the status register request bits.
    void set_dreq(unsigned channel, bool level);
    bool masked(unsigned channel) const;
    // For the debugger's `info dma`: per channel address/count/mode/mask, TC and request bits.
    // Reads no register (the status read would clear TC).
    void debug_info(std::ostream& out) const override;

private:
    struct Channel {
        uint16_t base_addr = 0, cur_addr = 0, base_count = 0, cur_count = 0;
        uint8_t mode = 0;
    };
    struct Controller {
        Channel ch[4];
        uint8_t command = 0, status = 0, request = 0, dreq = 0, mask = 0x0F, temp = 0;
        bool flipflop = false;  // byte pointer: false = low byte next
        void master_clear();
        uint8_t read(unsigned reg);
        void write(unsigned reg, uint8_t v);
    };

    uint8_t page_of(unsigned channel) const;

    Machine& m_;
    Controller c_[2];
    uint8_t pages_[16] = {};  // 80h-8Fh; entries without a channel are plain scratch registers
};

} // namespace bw
