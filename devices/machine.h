// The PC: memory, buses, CPU, virtual clock and the chips, wired together. Front ends configure
// a Machine, run it in slices and read its state; nothing here knows about SDL or terminals.
#pragma once
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>
#include "cpu/cpu.h"
#include "devices/clock.h"
#include "devices/irq.h"
#include "mem/bus.h"
#include "mem/physical_memory.h"

namespace bw {

struct MachineConfig {
    uint32_t memory_mb = 64;
    CpuModel cpu = CpuModel::p6;
    CpuFeatures cpu_features;     // beyond the model's own (--cpu p6,+nx)
    std::string bios_path;        // system BIOS image (mapped to end at 1 MiB and at 4 GiB)
    std::string vgabios_path;     // optional VGA option ROM at C0000
    std::string fda, fdb, hda, hdb, cdrom;
    std::string boot_order = "c";  // letters a, c, d in order, for the BIOS (CMOS)
    bool snapshot = false;        // guest writes never reach image files
    bool apic = true;             // P6: local APIC and 82093AA I/O APIC (devices/local_apic.*)
    uint32_t ns_per_instruction = 10;  // virtual time per executed instruction (100 MIPS)
    uint64_t rtc_epoch = 0;       // 0: host time at start; otherwise a fixed UNIX time
};

// Why Machine::run returned.
enum class StopReason { None, Budget, Halted, Shutdown, PowerOff, DebugExit, Stopped };

class Device {
public:
    virtual ~Device() = default;
    virtual const char* name() const = 0;
    virtual void reset() {}
    // What the debugger's `info NAME` shows: the chip's programmed state, a few lines of text.
    // The default says there is nothing to show.
    virtual void debug_info(std::ostream& out) const;
};

class Machine {
public:
    explicit Machine(const MachineConfig& cfg);
    ~Machine();

    const MachineConfig& config() const { return cfg_; }
    PhysicalMemory& memory() { return mem_; }
    IoBus& io() { return io_; }
    MmioBus& mmio() { return mmio_; }
    Cpu& cpu() { return *cpu_; }
    Clock& clock() { return clock_; }

    // The interrupt controller devices raise IRQs on (set by the PIC when it is attached).
    IrqSink* irq() { return irq_; }
    void set_irq_sink(IrqSink* s) { irq_ = s; }

    // Devices the machine owns; `add` returns the raw pointer for wiring.
    template <class D, class... A> D* add(A&&... args) {
        auto d = std::make_unique<D>(std::forward<A>(args)...);
        D* p = d.get();
        devices_.push_back(std::move(d));
        return p;
    }
    Device* find_device(const std::string& name) const;

    // Runs for at most `max_instructions`. Returns why it stopped.
    StopReason run(uint64_t max_instructions);
    // Executes exactly one instruction (for debuggers and tracing), or one iteration of a REP
    // string instruction, which then stops with EIP at it while iterations remain (as Bochs
    // steps them; Cpu::set_iteration_steps), advancing virtual time and
    // firing device events as run() does. A halted CPU executes nothing: step() then moves time
    // to the next device event (as run() does when idle) and returns Halted; it also returns
    // Halted, without moving time, when no event is armed. Otherwise Budget, or the reason the
    // machine stopped (Shutdown, PowerOff, DebugExit, Stopped). An interrupt that is due is a
    // step of its own: it is delivered, no instruction executes, and Budget is returned, so the
    // next step() executes the handler's first instruction (a debugger checks it first).
    StopReason step();
    void reset();
    void request_stop() { stop_requested_ = true; cpu_->stop(); }

    // Guest-visible exits.
    void power_off() { stop_reason_ = StopReason::PowerOff; cpu_->stop(); }
    void debug_exit(uint32_t value) { exit_value_ = value; stop_reason_ = StopReason::DebugExit; cpu_->stop(); }
    uint32_t debug_exit_value() const { return exit_value_; }
    bool reboot_on_triple_fault = true;

    // Output streams the front end listens to: port 0xE9 debug console and POST codes.
    std::function<void(uint8_t)> on_debugcon;
    std::function<void(uint8_t)> on_post_code;
    uint8_t last_post_code() const { return post_code_; }
    void note_post_code(uint8_t v) { post_code_ = v; if (on_post_code) on_post_code(v); }
    void debugcon_byte(uint8_t v) { if (on_debugcon) on_debugcon(v); }

    uint64_t instructions() const { return cpu_->instructions(); }
    uint64_t now_ns() const { return clock_.now_ns(); }

    // DMA and device writes to guest RAM (keeps the decoded-code cache coherent).
    void dma_write(uint32_t phys, const uint8_t* data, uint32_t len);
    void dma_read(uint32_t phys, uint8_t* data, uint32_t len);

private:
    static void on_cpu_shutdown(void* ctx);
    static uint64_t count_instructions(const void* cpu);
    static void cut_slice(void* cpu);
    StopReason take_stop_reason();  // the pending guest stop, consumed
    void load_firmware();

    MachineConfig cfg_;
    PhysicalMemory mem_;
    IoBus io_;
    MmioBus mmio_;
    Clock clock_;
    std::unique_ptr<Cpu> cpu_;
    IrqSink* irq_ = nullptr;
    std::vector<std::unique_ptr<Device>> devices_;
    StopReason stop_reason_ = StopReason::None;
    bool stop_requested_ = false;
    bool shutdown_pending_ = false;
    uint32_t exit_value_ = 0;
    uint8_t post_code_ = 0;
};

// Adds the standard PC/AT chip set to a machine (devices/pc.cpp).
void build_pc(Machine& m);

// Reads a whole file; throws std::runtime_error with a one-line message when it cannot.
std::vector<uint8_t> read_file(const std::string& path);

} // namespace bw
