#include "devices/port92.h"

namespace bw {

Port92::Port92(Machine& m) : m_(m) { m.io().register_ports(0x92, 1, this); }

uint32_t Port92::io_read(uint16_t, unsigned) {
    return uint8_t((reg_ & ~0x02) | (m_.memory().a20() ? 0x02 : 0));
}

void Port92::io_write(uint16_t, uint32_t value, unsigned) {
    uint8_t v = uint8_t(value);
    bool a20 = v & 0x02;
    bool reset_edge = (v & 0x01) && !(reg_ & 0x01);
    reg_ = v;
    if (a20 != m_.memory().a20()) {
        m_.memory().set_a20(a20);
        m_.cpu().flush_tlb();
    }
    if (reset_edge) {
        m_.reset();
        reg_ = v;  // the reset bit reads back set until software clears it
    }
}

} // namespace bw
