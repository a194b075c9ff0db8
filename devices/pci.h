// PCI bus 0 behind configuration mechanism #1 (PCI Local Bus Specification rev. 2.1, 3.7.4.1:
// CONFIG_ADDRESS at 0CF8h, a 32-bit register; CONFIG_DATA at 0CFCh-0CFFh, byte/word/dword), the
// type 0 configuration header with its Base Address Registers (6.1, 6.2.5), and the address
// decoding of the BARs: memory BARs are claimed in a PCI window below the I/O APIC, I/O BARs on
// the port bus. Byte and word accesses to 0CF8h-0CFBh are not configuration cycles (3.7.4.1);
// 0CF9h is the PIIX3 Reset Control register, which the PIIX3 model claims through `cf9`.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <vector>
#include "devices/machine.h"

namespace bw {

class PciBus;

// One PCI function: 256 bytes of configuration space with per-bit write masks. Chips derive
// from it, describe their BARs and registers in the constructor, and react to writes in
// config_written().
class PciFunction {
public:
    enum class Bar : uint8_t { None, Io, Mem, MemPrefetch };
    static constexpr unsigned kRomBar = 6;  // the Expansion ROM Base Address at 30h

    // class_code: base class << 16 | subclass << 8 | programming interface.
    PciFunction(uint16_t vendor, uint16_t device, uint8_t revision, uint32_t class_code, uint8_t header_type);
    virtual ~PciFunction() = default;

    // Configuration cycles; `reg` is aligned to `size` (1, 2, 4).
    virtual uint32_t config_read(uint8_t reg, unsigned size);
    void config_write(uint8_t reg, uint32_t value, unsigned size);

    // Back to the reset values of the configuration space (what the constructor set up).
    void reset_config();

    // BAR `index` (0-5, or kRomBar) as programmed, 0 when it decodes nothing (unassigned,
    // disabled in the Command register, or the ROM enable bit clear).
    uint32_t decoded_bar(unsigned index) const;
    uint32_t bar_size(unsigned index) const { return bars_[index].size; }
    Bar bar_kind(unsigned index) const { return bars_[index].kind; }

    // Memory cycles to a decoded memory BAR (`offset` within it).
    virtual uint32_t bar_read(unsigned index, uint32_t offset, unsigned size);
    virtual void bar_write(unsigned index, uint32_t offset, uint32_t value, unsigned size);
    // Memory cycles in the PCI window that no BAR claimed (a fixed legacy decode).
    virtual bool unclaimed_read(uint32_t addr, unsigned size, uint32_t& value) { (void)addr; (void)size; (void)value; return false; }
    virtual bool unclaimed_write(uint32_t addr, uint32_t value, unsigned size) { (void)addr; (void)value; (void)size; return false; }

    uint8_t device_number() const { return devfn_ >> 3; }
    uint8_t function_number() const { return devfn_ & 7; }
    uint8_t cfg8(uint8_t reg) const { return cfg_[reg]; }
    uint16_t cfg16(uint8_t reg) const { return uint16_t(cfg_[reg] | cfg_[reg + 1] << 8); }
    uint32_t cfg32(uint8_t reg) const { return uint32_t(cfg16(reg)) | uint32_t(cfg16(reg + 2)) << 16; }

protected:
    friend class PciBus;
    // A BAR of `size` bytes (a power of two; I/O at least 4, memory at least 16, ROM at least
    // 2 KiB). Its low bits read as zero, so writing all ones reads back the size (6.2.5.1).
    void define_bar(unsigned index, Bar kind, uint32_t size);
    // Sets the reset value of a register and which of its bits software may write.
    void init8(uint8_t reg, uint8_t value, uint8_t writable = 0);
    void init16(uint8_t reg, uint16_t value, uint16_t writable = 0);
    void init32(uint8_t reg, uint32_t value, uint32_t writable = 0);
    void set8(uint8_t reg, uint8_t v) { cfg_[reg] = v; }
    // Bits cleared by writing 1 (the Status register's error bits).
    void write_one_to_clear16(uint8_t reg, uint16_t bits);
    // Called after a configuration write changed bytes [reg, reg + size).
    virtual void config_written(uint8_t reg, unsigned size) { (void)reg; (void)size; }
    PciBus* bus() const { return bus_; }
    // The expansion ROM decodes only when both its Enable bit and the Command register's Memory
    // Space bit are set (6.2.5.2). A function may drop the Command condition, as Bochs' PCI VGA
    // does: the Bochs BIOS reads the VGA ROM while memory decoding is still off.
    bool rom_ignores_command_ = false;

private:
    struct BarInfo { Bar kind = Bar::None; uint32_t size = 0; };
    std::array<uint8_t, 256> cfg_{}, wmask_{}, w1c_{}, reset_{};
    std::array<BarInfo, 7> bars_{};
    PciBus* bus_ = nullptr;
    uint8_t devfn_ = 0;
};

class PciBus : public Device, public IoDevice, public MmioDevice {
public:
    explicit PciBus(Machine& m);
    const char* name() const override { return "pci"; }
    void reset() override;

    // Places a function at device `dev` (0-31), function `fn` (0-7) of bus 0.
    void attach(PciFunction* f, unsigned dev, unsigned fn);
    PciFunction* function_at(unsigned dev, unsigned fn) const { return slots_[(dev & 31) << 3 | (fn & 7)]; }

    uint32_t io_read(uint16_t port, unsigned size) override;
    void io_write(uint16_t port, uint32_t value, unsigned size) override;
    // The PCI memory window: every memory BAR decodes inside it.
    uint32_t mmio_read(uint32_t addr, unsigned size) override;
    void mmio_write(uint32_t addr, uint32_t value, unsigned size) override;
    uint32_t window_base() const { return window_base_; }
    static constexpr uint32_t kWindowEnd = 0xFEC00000u;  // the I/O APIC and local APIC above

    // Re-decodes the I/O BARs (after a BAR or Command register write).
    void update_io_bars();
    // Claims [base, base + count) on the port bus for `dev` where no other device decodes,
    // releasing the ports it held at `old_base`. Used by BARs and by chip-specific base
    // registers (PIIX4 PMBA). base 0 releases only.
    void move_ports(IoDevice* dev, uint16_t old_base, uint16_t base, uint16_t count);

    // Reset Control register (0CF9h) of the south bridge.
    std::function<uint8_t()> cf9_read;
    std::function<void(uint8_t)> cf9_write;

    // An INTx# pin of a function changed level; routed to PIRQ[A-D]# by the south bridge
    // (`route_pirq`), the swizzle of QEMU's i440FX board (PIRQ = (device - 1 + pin - 1) & 3).
    void set_intx(PciFunction* f, bool level);
    std::function<void(unsigned pirq, bool level)> route_pirq;

    Machine& machine() { return m_; }
    uint32_t config_address() const { return address_; }

private:
    // An I/O BAR's port range forwarded to its function.
    struct IoBarPort : IoDevice {
        PciFunction* f = nullptr;
        unsigned index = 0;
        uint16_t base = 0;
        uint32_t io_read(uint16_t port, unsigned size) override;
        void io_write(uint16_t port, uint32_t value, unsigned size) override;
    };
    PciFunction* selected(uint8_t& reg) const;

    Machine& m_;
    uint32_t address_ = 0;
    uint32_t window_base_;
    std::array<PciFunction*, 256> slots_{};
    std::vector<PciFunction*> functions_;
    std::vector<std::unique_ptr<IoBarPort>> io_bars_;
    std::array<bool, 256> intx_levels_{};
};

} // namespace bw
