// IN/OUT through the I/O bus (SDM Vol. 2, IN/OUT; protection checks in SDM Vol. 1, 19.5).
#include "cpu/ops/common.h"

namespace bw::ops {
namespace {

// Protection: Cpu::check_io (the TSS I/O permission bitmap when CPL > IOPL or in V86 mode).
void check_io(Cpu& c, uint16_t port, unsigned size) { c.check_io(port, size); }

template <class T, bool IMM> struct In {
    template <class, bool> static void op(Cpu& c, const Insn& i) {
        uint16_t port = IMM ? uint16_t(i.imm & 0xFF) : c.reg<uint16_t>(EDX);
        check_io(c, port, sizeof(T));
        c.reg<T>(EAX) = T(c.io_read(port, sizeof(T)));
    }
};
template <class T, bool IMM> struct Out {
    template <class, bool> static void op(Cpu& c, const Insn& i) {
        uint16_t port = IMM ? uint16_t(i.imm & 0xFF) : c.reg<uint16_t>(EDX);
        check_io(c, port, sizeof(T));
        c.io_write(port, c.reg<T>(EAX), sizeof(T));
    }
};

template <template <class, bool> class Op, bool IMM> OpDesc sized_pair() {
    using B = Op<uint8_t, IMM>;
    using W = Op<uint16_t, IMM>;
    using D = Op<uint32_t, IMM>;
    (void)sizeof(B);
    return {0, 0, {{&W::template op<uint16_t, false>, &W::template op<uint16_t, true>},
                   {&D::template op<uint32_t, false>, &D::template op<uint32_t, true>}}};
}
template <template <class, bool> class Op, bool IMM> OpDesc byte_op() {
    using B = Op<uint8_t, IMM>;
    return {0, 0, {{&B::template op<uint8_t, false>, &B::template op<uint8_t, true>},
                   {&B::template op<uint8_t, false>, &B::template op<uint8_t, true>}}};
}

} // namespace

void register_io(OpTable& t) {
    set_op(t, 0, 0xE4, dec::IMM8, byte_op<In, true>());
    set_op(t, 0, 0xE5, dec::IMM8, sized_pair<In, true>());
    set_op(t, 0, 0xE6, dec::IMM8, byte_op<Out, true>());
    set_op(t, 0, 0xE7, dec::IMM8, sized_pair<Out, true>());
    set_op(t, 0, 0xEC, 0, byte_op<In, false>());
    set_op(t, 0, 0xED, 0, sized_pair<In, false>());
    set_op(t, 0, 0xEE, 0, byte_op<Out, false>());
    set_op(t, 0, 0xEF, 0, sized_pair<Out, false>());
}

} // namespace bw::ops
