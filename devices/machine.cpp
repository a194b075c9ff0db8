#include "devices/machine.h"
#include <algorithm>
#include <fstream>
#include <ostream>
#include <stdexcept>

namespace bw {

std::vector<uint8_t> read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw std::runtime_error("cannot open '" + path + "'");
    return std::vector<uint8_t>((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

Machine::Machine(const MachineConfig& cfg) : cfg_(cfg), mem_(cfg.memory_mb << 20) {
    cpu_ = std::make_unique<Cpu>(cfg.cpu, mem_, io_, mmio_, cfg.cpu_features);
    cpu_->on_shutdown = &Machine::on_cpu_shutdown;
    cpu_->shutdown_ctx = this;
    load_firmware();
    build_pc(*this);
    reset();
}

Machine::~Machine() = default;

void Machine::load_firmware() {
    if (cfg_.bios_path.empty()) return;
    std::vector<uint8_t> bios = read_file(cfg_.bios_path);
    if (bios.empty() || bios.size() > 0x40000 || (bios.size() & 0xFFF))
        throw std::runtime_error("BIOS image '" + cfg_.bios_path + "' must be a multiple of 4 KiB and at most 256 KiB");
    // The BIOS ends at the top of the first megabyte and is aliased at the top of the address
    // space, where the reset vector FFFFFFF0 fetches from.
    uint32_t size = uint32_t(bios.size());
    std::vector<uint8_t> low(bios.end() - std::min<uint32_t>(size, 0x20000), bios.end());
    mem_.map_rom(0x100000 - uint32_t(low.size()), low);
    mem_.map_rom(uint32_t(0x100000000ull - size), bios);
    if (traits_of(cfg_.cpu).address_bits == 24) mem_.map_rom(0x1000000 - size, bios);
    if (!cfg_.vgabios_path.empty()) {
        std::vector<uint8_t> vga = read_file(cfg_.vgabios_path);
        if (vga.size() < 3 || vga[0] != 0x55 || vga[1] != 0xAA)
            throw std::runtime_error("VGA BIOS '" + cfg_.vgabios_path + "' has no 55AA option-ROM signature");
        if (vga.size() > 0x10000)
            throw std::runtime_error("VGA BIOS '" + cfg_.vgabios_path + "' is larger than 64 KiB");
        // Shadowed into RAM as PC chipsets do: VGA BIOSes (SeaBIOS's vgabios-stdvga among them)
        // write to their own segment while they initialise.
        std::copy(vga.begin(), vga.end(), mem_.ram() + 0xC0000);
    }
}

Device* Machine::find_device(const std::string& name) const {
    for (const auto& d : devices_)
        if (name == d->name()) return d.get();
    return nullptr;
}

void Machine::reset() {
    cpu_->reset();
    for (auto& d : devices_) d->reset();
    shutdown_pending_ = false;
}

uint64_t Machine::count_instructions(const void* cpu) { return static_cast<const Cpu*>(cpu)->instructions(); }
void Machine::cut_slice(void* cpu) { static_cast<Cpu*>(cpu)->stop(); }

void Machine::on_cpu_shutdown(void* ctx) {
    static_cast<Machine*>(ctx)->shutdown_pending_ = true;
}

StopReason Machine::take_stop_reason() {
    StopReason r = stop_reason_;
    stop_reason_ = StopReason::None;
    return r;
}

StopReason Machine::run(uint64_t max_instructions) {
    stop_requested_ = false;
    const uint64_t ns = cfg_.ns_per_instruction;
    const uint64_t end = cpu_->instructions() + max_instructions;
    // Idle time counts against the slice as if instructions ran, so a slice ends even while
    // the guest sits in HLT waiting for timer interrupts.
    const uint64_t end_ns = clock_.now_ns() + max_instructions * ns;
    while (cpu_->instructions() < end && clock_.now_ns() < end_ns) {
        uint64_t deadline = clock_.next_deadline();
        uint64_t now = clock_.now_ns();
        uint64_t budget = end - cpu_->instructions();
        if (deadline != Clock::kNever) {
            uint64_t until = deadline > now ? (deadline - now + ns - 1) / ns : 1;
            if (until < budget) budget = until;
        }
        // Devices see the time of each instruction, and a timer they arm for within the
        // budget (a disk's BSY period, a UART character) ends the slice at its deadline.
        clock_.begin_slice(&Machine::count_instructions, cpu_.get(), ns, now + budget * ns, &Machine::cut_slice, cpu_.get());
        uint64_t done = cpu_->run(budget);
        clock_.end_slice();
        clock_.advance_to(now + done * ns);
        if (shutdown_pending_) {
            shutdown_pending_ = false;
            if (!reboot_on_triple_fault) return StopReason::Shutdown;
            reset();
            continue;
        }
        if (stop_reason_ != StopReason::None) return take_stop_reason();
        if (stop_requested_) return StopReason::Stopped;
        if (cpu_->s.halted && done < budget) {
            // A halted CPU with interrupts disabled (or nothing left to wake it) stays halted.
            // The next device event may be one armed in the slice just run.
            deadline = clock_.next_deadline();
            if (!cpu_->flag(fl::IF) || deadline == Clock::kNever) return StopReason::Halted;
            // Idle: jump to the next device event, within this slice.
            clock_.advance_to(std::min(deadline, end_ns));
        }
    }
    return StopReason::Budget;
}

StopReason Machine::step() {
    stop_requested_ = false;
    const uint64_t deadline = clock_.next_deadline();
    const uint64_t now = clock_.now_ns();
    // A due interrupt is a step of its own, so the handler's first instruction comes next.
    // A REP string instruction advances one iteration a step (Cpu::set_iteration_steps).
    cpu_->set_iteration_steps(true);
    const uint64_t done = cpu_->take_interrupt() ? 0 : cpu_->run(1);
    cpu_->set_iteration_steps(false);
    clock_.advance_to(now + done * cfg_.ns_per_instruction);
    if (shutdown_pending_) {
        shutdown_pending_ = false;
        if (!reboot_on_triple_fault) return StopReason::Shutdown;
        reset();
        return StopReason::Budget;
    }
    if (stop_reason_ != StopReason::None) return take_stop_reason();
    if (stop_requested_) return StopReason::Stopped;
    if (done == 0 && cpu_->s.halted) {
        if (deadline != Clock::kNever) clock_.advance_to(std::max(deadline, clock_.now_ns()));
        return StopReason::Halted;
    }
    return StopReason::Budget;
}

void Device::debug_info(std::ostream& out) const { out << "no details for " << name() << '\n'; }

void Machine::dma_write(uint32_t phys, const uint8_t* data, uint32_t len) {
    for (uint32_t k = 0; k < len; ++k) cpu_->write_phys8(phys + k, data[k]);
}

void Machine::dma_read(uint32_t phys, uint8_t* data, uint32_t len) {
    for (uint32_t k = 0; k < len; ++k) data[k] = cpu_->read_phys8(phys + k);
}

} // namespace bw
