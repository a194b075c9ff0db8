#include "devices/piix3.h"

namespace bw {

namespace {
// PM I/O register offsets (82371AB datasheet, "Power Management I/O Space" registers): PMSTS, PMEN, PMCNTRL, PMTMR.
constexpr uint8_t kPmSts = 0x00, kPmEn = 0x02, kPmCntrl = 0x04, kPmTmr = 0x08;
constexpr uint16_t kTmrOf = 1 << 0, kGbl = 1 << 5, kPwrBtn = 1 << 8, kRtc = 1 << 10, kWak = 1 << 15;
constexpr uint16_t kSciEn = 1 << 0, kSusEn = 1 << 13;
constexpr uint64_t kPmTimerHz = 3579545;
constexpr unsigned kSciIrq = 9;
// APMC values that the ACPI FADT built by SeaBIOS and the Bochs BIOS announce (ACPI_ENABLE,
// ACPI_DISABLE); on QEMU's PIIX4 they switch SCI_EN, standing in for the SMI handler.
constexpr uint8_t kAcpiEnable = 0xF1, kAcpiDisable = 0xF0;
}

// ---- function 0: ISA bridge (82371SB datasheet, PCI-to-ISA bridge configuration registers) ----
class Piix3::IsaFunction : public PciFunction {
public:
    explicit IsaFunction(Piix3& p) : PciFunction(0x8086, 0x7000, 0x00, 0x060100, 0x80), p_(p) {
        init16(0x04, 0x0007, 0x0008);  // PCICMD: I/O, memory, bus master hardwired on; SCE
        init16(0x06, 0x0200);          // PCISTS: DEVSEL medium
        write_one_to_clear16(0x06, 0x3800);
        init8(0x4C, 0x4D, 0xFF);       // IORT: ISA I/O recovery timer
        init16(0x4E, 0x0003, 0x07FF);  // XBCS: X-bus chip select
        for (uint8_t r = 0x60; r <= 0x63; ++r) init8(r, 0x80, 0x8F);  // PIRQRC[A:D]: disabled
        init8(0x69, 0x02, 0xFE);       // TOM: top of memory
        init16(0x6A, 0x0000, 0x00FF);  // MSTAT
        init8(0x70, 0x80, 0xEF);       // MBIRQ0
        init8(0x71, 0x80, 0xEF);       // MBIRQ1
        init16(0x76, 0x0C0C, 0x8F8F);  // MBDMA0/1
        init16(0x78, 0x0002, 0xFFFF);  // PCSC
        init8(0x80, 0x00, 0x7F);       // APICBASE
        init8(0x82, 0x00, 0x0F);       // DLC
        init16(0xA0, 0x0008, 0x001F);  // SMICNTL
        init16(0xA2, 0x0000, 0x00FF);  // SMIEN
        init32(0xA4, 0x00000000, 0xC00080FF);  // SEE
        init8(0xA8, 0x0F, 0xFF);       // FTMR
        init16(0xAA, 0x0000, 0x00FF);  // SMIREQ
        init8(0xAC, 0x00, 0xFF);       // CTLTMR
        init8(0xAE, 0x00, 0xFF);       // CTHTMR
    }
    // PIRQRC[A:D] (82371SB datasheet, "PIRQRC - PIRQx Route Control Registers"): bit 7 set disables the routing; bits 3-0 the ISA IRQ (3-7, 9-12, 14, 15).
    int pirq_irq(unsigned pirq) const {
        uint8_t v = cfg8(uint8_t(0x60 + pirq));
        unsigned irq = v & 0x0F;
        if (v & 0x80) return -1;
        if (irq < 3 || irq == 8 || irq == 13) return -1;
        return int(irq);
    }

private:
    void config_written(uint8_t reg, unsigned size) override {
        if (reg <= 0x63 && reg + size > 0x60) p_.update_pirq_routing();
    }
    Piix3& p_;
};

// ---- function 1: IDE (82371SB datasheet, IDE configuration registers); the bus master IDE I/O
// registers behind BMIBA belong to the engine in devices/ide_busmaster.* ----
class Piix3::IdeFunction : public PciFunction {
public:
    explicit IdeFunction(Machine& m) : PciFunction(0x8086, 0x7010, 0x00, 0x010180, 0x00), bm(m) {
        // Programming interface 80h: bus master capable, both channels fixed in compatibility
        // mode (bits 0 and 2 clear and read-only).
        init16(0x04, 0x0000, 0x0005);  // PCICMD: IOSE, BME
        init16(0x06, 0x0280);          // PCISTS: fast back-to-back, DEVSEL medium
        write_one_to_clear16(0x06, 0x3800);
        init8(0x0D, 0x00, 0xF0);       // MLT
        define_bar(4, Bar::Io, 16);    // BMIBA
        init16(0x40, 0x0000, 0xF3FF);  // IDETIM primary (bit 15 IDE decode enable)
        init16(0x42, 0x0000, 0xF3FF);  // IDETIM secondary
        init8(0x44, 0x00, 0xFF);       // SIDETIM
    }
    uint32_t bar_read(unsigned, uint32_t offset, unsigned size) override { return bm.read(offset, size); }
    void bar_write(unsigned, uint32_t offset, uint32_t value, unsigned size) override { bm.write(offset, value, size); }
    void reset_all() {
        reset_config();
        bm.reset();
        bm.set_master_enable(false);
    }
    IdeBusMaster bm;

private:
    // PCICMD bit 2 (BME) gates the engine's memory cycles.
    void config_written(uint8_t reg, unsigned size) override {
        if (reg <= 0x04 && reg + size > 0x04) bm.set_master_enable(cfg16(0x04) & 0x0004);
    }
};

// ---- function 3: PIIX4 power management (82371AB datasheet, power management function configuration registers) ----
class Piix3::PmFunction : public PciFunction {
public:
    explicit PmFunction(Piix3& p) : PciFunction(0x8086, 0x7113, 0x03, 0x068000, 0x00), p_(p) {
        init16(0x04, 0x0000, 0x0001);      // PCICMD: IOSE (for the SMBus base)
        init16(0x06, 0x0280);
        init8(0x3D, 0x01);                 // INTPN: INTA#
        init32(0x40, 0x00000001, 0x0000FFC0);  // PMBA: 64 bytes of I/O
        init32(0x44, 0x00000000, 0xFFFFFFFF);  // CNTA
        init32(0x48, 0x00000000, 0xFFFFFFFF);  // CNTB
        init32(0x4C, 0x00000000, 0xFFFFFFFF);  // GPICTL
        init32(0x50, 0x00000000, 0xFFFFFFFF);  // DEVRESD
        init32(0x54, 0x00000000, 0xFFFFFFFF);  // DEVACTA
        init32(0x58, 0x02000000, 0xFFFFFFFF);  // DEVACTB: APMC_EN preset (no SMM, as QEMU)
        init32(0x5C, 0x00000000, 0xFFFFFFFF);  // DEVRESA
        for (uint8_t r = 0x60; r < 0x80; r += 4) init32(r, 0, 0xFFFFFFFF);  // DEVRESB-J
        init8(0x80, 0x00, 0x01);           // PMREGMISC: bit 0 PMIOSE
        init32(0x90, 0x00000001, 0x0000FFF0);  // SMBBA
        init8(0xD2, 0x00, 0x0F);           // SMBHSTCFG
    }
    uint16_t pm_io_base() const { return (cfg8(0x80) & 1) ? uint16_t(cfg32(0x40) & 0xFFC0) : 0; }

private:
    void config_written(uint8_t reg, unsigned size) override {
        if ((reg < 0x44 && reg + size > 0x40) || reg == 0x80) p_.update_pm_io();
    }
    Piix3& p_;
};

Piix3::Piix3(Machine& m, PciBus& bus)
    : m_(m), bus_(bus), isa_(std::make_unique<IsaFunction>(*this)), ide_(std::make_unique<IdeFunction>(m)),
      pm_(std::make_unique<PmFunction>(*this)) {
    bus.attach(isa_.get(), 1, 0);
    bus.attach(ide_.get(), 1, 1);
    bus.attach(pm_.get(), 1, 3);
    bus.route_pirq = [this](unsigned pirq, bool level) { set_pirq(pirq, level); };
    // Reset Control register (82371SB datasheet, "RC - Reset Control Register", I/O 0CF9h): bit 2 RCPU, a 0-to-1 transition resets;
    // bit 1 SRST selects a hard (system) reset over a soft one (INIT). Both restart the machine.
    bus.cf9_read = [this]() { return uint8_t(rc_); };
    bus.cf9_write = [this](uint8_t v) {
        bool go = (v & 0x04) && !(rc_ & 0x04);
        rc_ = v & 0x02;
        if (go) m_.reset();
    };
    m.io().register_ports(0xB2, 2, this);
    pm_timer_id_ = m.clock().add_timer(&Piix3::on_pm_timer, this);
    reset();
}

Piix3::~Piix3() = default;

IdeBusMaster& Piix3::ide_bus_master() { return ide_->bm; }

void Piix3::reset() {
    isa_->reset_config();
    ide_->reset_all();
    pm_->reset_config();
    pirq_level_ = {};
    update_pirq_routing();
    apmc_ = apms_ = 0;
    rc_ = 0;
    pmsts_ = pmen_ = pmcntrl_ = 0;
    pm_regs_ = {};
    update_pm_io();
    update_sci();
    arm_pm_timer();
}

// ---- PIRQ routing: a PIRQ line drives the ISA IRQ its PIRQRC register names. The ISA IRQ is
// level-sensitive only if software set its ELCR bit (which BIOSes do for routed IRQs).
void Piix3::set_pirq(unsigned pirq, bool level) {
    pirq_level_[pirq & 3] = level;
    update_pirq_routing();
}

void Piix3::update_pirq_routing() {
    uint16_t want = 0;
    for (unsigned p = 0; p < 4; ++p) {
        int irq = isa_->pirq_irq(p);
        if (irq >= 0 && pirq_level_[p]) want = uint16_t(want | 1u << irq);
    }
    uint16_t changed = want ^ isa_irq_driven_;
    isa_irq_driven_ = want;
    if (!m_.irq()) return;
    for (unsigned irq = 0; irq < 16; ++irq)
        if (changed & (1u << irq)) m_.irq()->set_irq(irq, (want >> irq) & 1);
}

// ---- APM (B2h/B3h) and the PM I/O block ----
uint32_t Piix3::io_read(uint16_t port, unsigned size) {
    if (pm_base_ && port >= pm_base_ && port < pm_base_ + 64) return pm_read(uint8_t(port - pm_base_), size);
    uint32_t v = 0;
    for (unsigned k = 0; k < size; ++k) {
        uint16_t p = uint16_t(port + k);
        uint8_t b = p == 0xB2 ? apmc_ : p == 0xB3 ? apms_ : 0xFF;
        v |= uint32_t(b) << (8 * k);
    }
    return v;
}

void Piix3::io_write(uint16_t port, uint32_t value, unsigned size) {
    if (pm_base_ && port >= pm_base_ && port < pm_base_ + 64) { pm_write(uint8_t(port - pm_base_), value, size); return; }
    for (unsigned k = 0; k < size; ++k) {
        uint16_t p = uint16_t(port + k);
        uint8_t b = uint8_t(value >> (8 * k));
        if (p == 0xB3) apms_ = b;
        if (p == 0xB2) {
            apmc_ = b;
            if (b == kAcpiEnable) pmcntrl_ |= kSciEn;
            if (b == kAcpiDisable) pmcntrl_ &= uint16_t(~kSciEn);
            update_sci();
        }
    }
}

void Piix3::update_pm_io() {
    uint16_t base = pm_->pm_io_base();
    if (base == pm_base_) return;
    // PMBA is not a standard BAR; the bus helper claims the ports all the same.
    bus_.move_ports(this, pm_base_, base, 64);
    pm_base_ = base;
}

uint32_t Piix3::pm_timer() const {
    unsigned __int128 t = (unsigned __int128)m_.now_ns() * kPmTimerHz / 1000000000u;
    return uint32_t(t) & 0xFFFFFF;
}

// TMROF_STS is set whenever bit 23 of the PM timer changes (82371AB datasheet, PMSTS bit 0).
void Piix3::arm_pm_timer() {
    unsigned __int128 t = (unsigned __int128)m_.now_ns() * kPmTimerHz / 1000000000u;
    uint64_t next = (uint64_t(t >> 23) + 1) << 23;
    uint64_t ns = uint64_t(((unsigned __int128)next * 1000000000u + kPmTimerHz - 1) / kPmTimerHz);
    m_.clock().arm(pm_timer_id_, ns);
}

void Piix3::on_pm_timer(void* ctx, uint64_t) {
    auto* p = static_cast<Piix3*>(ctx);
    p->pmsts_ |= kTmrOf;
    p->update_sci();
    p->arm_pm_timer();
}

void Piix3::update_sci() {
    bool level = (pmcntrl_ & kSciEn) && (pmsts_ & pmen_ & (kTmrOf | kGbl | kPwrBtn | kRtc));
    if (level != sci_ && m_.irq()) m_.irq()->set_irq(kSciIrq, level);
    sci_ = level;
}

uint32_t Piix3::pm_read(uint8_t off, unsigned size) {
    uint32_t v = 0;
    for (unsigned k = 0; k < size; ++k) {
        uint8_t r = uint8_t(off + k), b;
        switch (r) {
        case kPmSts: b = uint8_t(pmsts_); break;
        case kPmSts + 1: b = uint8_t(pmsts_ >> 8); break;
        case kPmEn: b = uint8_t(pmen_); break;
        case kPmEn + 1: b = uint8_t(pmen_ >> 8); break;
        case kPmCntrl: b = uint8_t(pmcntrl_); break;
        case kPmCntrl + 1: b = uint8_t(pmcntrl_ >> 8) & ~(kSusEn >> 8); break;
        case kPmTmr: case kPmTmr + 1: case kPmTmr + 2: case kPmTmr + 3:
            b = uint8_t(pm_timer() >> (8 * (r - kPmTmr)));
            break;
        default: b = r < 64 ? pm_regs_[r] : 0xFF; break;
        }
        v |= uint32_t(b) << (8 * k);
    }
    return v;
}

void Piix3::pm_write(uint8_t off, uint32_t value, unsigned size) {
    for (unsigned k = 0; k < size; ++k) {
        uint8_t r = uint8_t(off + k), b = uint8_t(value >> (8 * k));
        switch (r) {
        case kPmSts: pmsts_ = uint16_t(pmsts_ & ~b); break;  // write one to clear
        case kPmSts + 1: pmsts_ = uint16_t(pmsts_ & ~(b << 8)); break;
        case kPmEn: pmen_ = uint16_t((pmen_ & 0xFF00) | (b & 0x21)); break;
        case kPmEn + 1: pmen_ = uint16_t((pmen_ & 0x00FF) | ((b & 0x05) << 8)); break;
        case kPmCntrl: pmcntrl_ = uint16_t((pmcntrl_ & 0xFF00) | (b & 0x03)); break;
        case kPmCntrl + 1: {
            // SUS_TYP (bits 12-10) and SUS_EN (bit 13): writing SUS_EN with type 000 (soft off)
            // powers the system off.
            pmcntrl_ = uint16_t((pmcntrl_ & 0x00FF) | ((b & 0x1C) << 8));
            if (b & (kSusEn >> 8)) {
                if (((pmcntrl_ >> 10) & 7) == 0) m_.power_off();
                else pmsts_ |= kWak;  // other sleep states: wake at once
            }
            break;
        }
        case kPmTmr: case kPmTmr + 1: case kPmTmr + 2: case kPmTmr + 3: break;  // read-only
        default: if (r < 64) pm_regs_[r] = b; break;
        }
    }
    update_sci();
}

} // namespace bw
