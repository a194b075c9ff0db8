#include "devices/ferr_latch.h"
#include <ostream>

namespace bw {

namespace {
constexpr unsigned kIrq = 13;
constexpr uint16_t kClearPort = 0xF0;
}

FerrLatch::FerrLatch(Machine& m) : m_(m) {
    m.io().register_ports(kClearPort, 1, this);
    m.cpu().on_ferr = &FerrLatch::on_ferr;
    m.cpu().ferr_ctx = this;
}

void FerrLatch::reset() {
    ferr_ = false;
    set_latch(false);
    m_.cpu().s.fpu.ignne = false;
}

void FerrLatch::set_latch(bool on) {
    latch_ = on;
    if (IrqSink* irq = m_.irq()) irq->set_irq(kIrq, on);
}

// FERR# going active sets the latch; going inactive (FNCLEX/FNINIT) leaves it: only port F0h
// clears it. FERR# inactive clears IGNNE# (flip-flop #2's CLEAR input, figure D-1).
void FerrLatch::on_ferr(void* ctx, bool level) {
    auto* self = static_cast<FerrLatch*>(ctx);
    if (level && !self->ferr_) self->set_latch(true);
    self->ferr_ = level;
    if (!level) self->m_.cpu().s.fpu.ignne = false;
}

uint32_t FerrLatch::io_read(uint16_t, unsigned) { return 0xFF; }

// The F0h access clocks flip-flop #2: IGNNE# follows FERR# (D.2.1.2).
void FerrLatch::io_write(uint16_t, uint32_t, unsigned) {
    set_latch(false);
    if (ferr_) m_.cpu().s.fpu.ignne = true;
}

void FerrLatch::debug_info(std::ostream& out) const {
    out << "FERR# " << (ferr_ ? "asserted" : "inactive") << ", IRQ13 latch " << (latch_ ? "set" : "clear")
        << ", IGNNE# " << (m_.cpu().s.fpu.ignne ? "asserted" : "inactive") << "\n";
}

} // namespace bw
