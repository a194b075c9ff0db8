// Emulator-specific ports that guests and firmware use to talk to the host:
// 0xE9 debug console (Bochs/QEMU) and its second address 0x402 (QEMU's isa-debugcon as SeaBIOS
// builds for QEMU use it), 0x80 POST code, 0x8900 Bochs shutdown port ("Shutdown"
// powers off), and QEMU's isa-debug-exit at 0xF4 (a write of v ends the run with (v << 1) | 1).
#pragma once
#include <string>
#include "devices/machine.h"

namespace bw {

class DebugPorts : public Device, public IoDevice {
public:
    explicit DebugPorts(Machine& m);
    const char* name() const override { return "debugports"; }
    uint32_t io_read(uint16_t port, unsigned size) override;
    void io_write(uint16_t port, uint32_t value, unsigned size) override;

private:
    Machine& m_;
    std::string shutdown_match_;
};

} // namespace bw
