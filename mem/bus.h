// The port I/O bus and the MMIO bus. Devices register the ranges they decode; an access
// nobody claims floats high (reads all ones) and writes to it are dropped, as on a PC's ISA bus.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace bw {

// A device reachable through IN/OUT. `size` is 1, 2 or 4 bytes.
class IoDevice {
public:
    virtual ~IoDevice() = default;
    virtual uint32_t io_read(uint16_t port, unsigned size) = 0;
    virtual void io_write(uint16_t port, uint32_t value, unsigned size) = 0;
};

// A device reachable through memory accesses to a physical range.
class MmioDevice {
public:
    virtual ~MmioDevice() = default;
    virtual uint32_t mmio_read(uint32_t addr, unsigned size) = 0;
    virtual void mmio_write(uint32_t addr, uint32_t value, unsigned size) = 0;
};

class IoBus {
public:
    IoBus();
    void register_ports(uint16_t first, uint16_t count, IoDevice* dev);
    IoDevice* device_at(uint16_t port) const { return ports_[port]; }

    uint32_t read(uint16_t port, unsigned size);
    void write(uint16_t port, uint32_t value, unsigned size);

private:
    std::vector<IoDevice*> ports_;
};

class MmioBus {
public:
    void register_range(uint32_t base, uint32_t length, MmioDevice* dev);
    // Drops every range `dev` registered (a relocatable window such as the local APIC's page).
    void unregister_range(MmioDevice* dev);
    MmioDevice* find(uint32_t addr) const;
    bool overlaps(uint32_t base, uint32_t length) const;

    uint32_t read(uint32_t addr, unsigned size);
    void write(uint32_t addr, uint32_t value, unsigned size);

private:
    struct Range { uint32_t base, length; MmioDevice* dev; };
    std::vector<Range> ranges_;
};

} // namespace bw
