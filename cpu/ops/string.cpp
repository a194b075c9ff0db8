// String instructions and their REP/REPE/REPNE forms (SDM Vol. 2, MOVS..SCAS, INS/OUTS, REP).
// Source operands are seg:(E)SI (segment overridable), destinations ES:(E)DI; the address size
// picks SI/DI/CX or ESI/EDI/ECX.
#include "cpu/ops/common.h"

namespace bw::ops {
namespace {

enum class Kind { MOVS, CMPS, STOS, LODS, SCAS, INS, OUTS };

template <class T, class A, Kind K> struct StringOp {
    static A& reg(Cpu& c, unsigned r) { return c.reg<A>(r); }

    // Accesses through an index register. When one faults on a segment overrun the 286 has
    // already stepped that register (the 80286 real-mode vectors show it); later models leave
    // it untouched so the instruction restarts cleanly.
    static T load(Cpu& c, unsigned seg, unsigned r, A step) {
        try {
            return c.read<T>(seg, reg(c, r));
        } catch (const CpuFault&) {
            if (c.model() == CpuModel::i286) reg(c, r) = A(reg(c, r) + step);
            throw;
        }
    }
    // A faulting store on the 286 also leaves CX one lower under REP (see run()).
    static void store(Cpu& c, unsigned r, T v, A step, bool rep = false) {
        try {
            c.write<T>(ES, reg(c, r), v);
        } catch (const CpuFault&) {
            if (c.model() == CpuModel::i286) {
                reg(c, r) = A(reg(c, r) + step);
                if (rep) reg(c, ECX) = A(reg(c, ECX) - 1);
            }
            throw;
        }
    }

    // One iteration.
    static void once(Cpu& c, const Insn& i, A step, bool rep) {
        switch (K) {
        case Kind::MOVS: {
            T v = load(c, i.seg, ESI, step);
            if (c.model() == CpuModel::i286) {
                reg(c, ESI) = A(reg(c, ESI) + step);
                store(c, EDI, v, step, rep);
            } else {
                store(c, EDI, v, step, rep);
                reg(c, ESI) = A(reg(c, ESI) + step);
            }
            reg(c, EDI) = A(reg(c, EDI) + step);
            break;
        }
        case Kind::CMPS: {
            // The 286 fetches the ES:DI operand first (its faults name DI, per the vectors).
            T a, b;
            if (c.model() == CpuModel::i286) {
                b = load(c, ES, EDI, step);
                reg(c, EDI) = A(reg(c, EDI) + step);
                a = load(c, i.seg, ESI, step);
                reg(c, ESI) = A(reg(c, ESI) + step);
            } else {
                a = load(c, i.seg, ESI, step);
                b = load(c, ES, EDI, step);
                reg(c, ESI) = A(reg(c, ESI) + step);
                reg(c, EDI) = A(reg(c, EDI) + step);
            }
            flags_sub<T>(c.s, a, b, T(a - b));
            break;
        }
        case Kind::STOS:
            store(c, EDI, c.reg<T>(EAX), step, rep);
            reg(c, EDI) = A(reg(c, EDI) + step);
            break;
        case Kind::LODS:
            c.reg<T>(EAX) = load(c, i.seg, ESI, step);
            reg(c, ESI) = A(reg(c, ESI) + step);
            break;
        case Kind::SCAS: {
            T a = c.reg<T>(EAX);
            T b = load(c, ES, EDI, step);
            flags_sub<T>(c.s, a, b, T(a - b));
            reg(c, EDI) = A(reg(c, EDI) + step);
            break;
        }
        case Kind::INS: {
            c.check_io(c.reg<uint16_t>(EDX), sizeof(T));  // SDM Vol. 1, 19.5
            // The destination is checked before the port is read (a faulting INS reads nothing);
            // on the 286 such a fault counts as a faulting store.
            try {
                (void)c.read<T>(ES, reg(c, EDI));
            } catch (const CpuFault&) {
                if (c.model() == CpuModel::i286) {
                    reg(c, EDI) = A(reg(c, EDI) + step);
                    if (rep) reg(c, ECX) = A(reg(c, ECX) - 1);
                }
                throw;
            }
            T v = T(c.io_read(c.reg<uint16_t>(EDX), sizeof(T)));
            store(c, EDI, v, step, rep);
            reg(c, EDI) = A(reg(c, EDI) + step);
            break;
        }
        case Kind::OUTS: {
            c.check_io(c.reg<uint16_t>(EDX), sizeof(T));
            T v = load(c, i.seg, ESI, step);
            c.io_write(c.reg<uint16_t>(EDX), v, sizeof(T));
            reg(c, ESI) = A(reg(c, ESI) + step);
            break;
        }
        }
    }

    static void run(Cpu& c, const Insn& i) {
        A step = c.flag(fl::DF) ? A(-A(sizeof(T))) : A(sizeof(T));
        if (!(i.flags & (insn_flag::REP | insn_flag::REPNE))) {
            once(c, i, step, false);
            return;
        }
        constexpr bool conditional = K == Kind::CMPS || K == Kind::SCAS;
        const bool want_zf = (i.flags & insn_flag::REP) != 0;  // REPE continues while ZF = 1
        // The 286 counts down before the iteration's memory accesses (a faulting iteration
        // leaves CX decremented, twice when the store faults); later models count after, so
        // the instruction restarts.
        const bool count_first = c.model() == CpuModel::i286 && K != Kind::CMPS;
        while (reg(c, ECX) != 0) {
            if (count_first) {
                reg(c, ECX) = A(reg(c, ECX) - 1);
                once(c, i, step, true);
            } else {
                once(c, i, step, true);
                reg(c, ECX) = A(reg(c, ECX) - 1);
            }
            if (conditional && get_zf(c.s) != want_zf) break;
        }
    }
};

template <Kind K> struct StringHandlers {
    template <class T, bool> static void op(Cpu& c, const Insn& i) {
        if (i.a32()) StringOp<T, uint32_t, K>::run(c, i);
        else StringOp<T, uint16_t, K>::run(c, i);
    }
};

template <Kind K> void register_pair(OpTable& t, unsigned opcode) {
    set_op(t, 0, opcode, 0, {0, 0, BW_VARIANTS8(StringHandlers<K>::template op)});
    set_op(t, 0, opcode + 1, 0, {0, 0, BW_VARIANTS(StringHandlers<K>::template op)});
}

} // namespace

void register_string(OpTable& t) {
    register_pair<Kind::MOVS>(t, 0xA4);
    register_pair<Kind::CMPS>(t, 0xA6);
    register_pair<Kind::STOS>(t, 0xAA);
    register_pair<Kind::LODS>(t, 0xAC);
    register_pair<Kind::SCAS>(t, 0xAE);
    if (t.at_least(CpuModel::i286)) {
        register_pair<Kind::INS>(t, 0x6C);
        register_pair<Kind::OUTS>(t, 0x6E);
    }
}

} // namespace bw::ops
