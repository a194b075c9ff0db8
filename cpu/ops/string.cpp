// String instructions and their REP/REPE/REPNE forms (SDM Vol. 2, MOVS..SCAS, INS/OUTS, REP).
// Source operands are seg:(E)SI (segment overridable), destinations ES:(E)DI; the address size
// picks SI/DI/CX or ESI/EDI/ECX.
#include "cpu/ops/common.h"

namespace bw::ops {
namespace {

enum class Kind { MOVS, CMPS, STOS, LODS, SCAS, INS, OUTS };

// A REP string instruction can be interrupted between iterations; its registers then show the
// progress so far and the saved EIP points at the instruction (prefixes included), so the
// return from the handler resumes it (SDM Vol. 1, 7.3.9.3; SDM Vol. 2, REP). The loop stops
// after Cpu::rep_chunk() iterations (run(): kRepChunk, or one under TF), or sooner when an
// interrupt or trap is due, through Cpu::rep_stop(), and the run loop restarts it: interrupts,
// traps and device time are served during long ones.

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

    // REP MOVS/STOS forwards on RAM: as many iterations as keep every access inside one page
    // of each operand (and inside the segments, without wrapping a 16-bit index), at most
    // `limit`, done directly on the host pages the TLB maps. Returns how many it did (0: take
    // the one-iteration path, which handles faults, MMIO and pages holding decoded code).
    static uint32_t bulk(Cpu& c, const Insn& i, uint32_t limit) {
        constexpr uint32_t size = sizeof(T);
        uint32_t n = reg(c, ECX);
        if (n > limit) n = limit;
        const uint32_t di = reg(c, EDI);
        auto fit = [&](unsigned seg, uint32_t off) {
            const uint32_t room = (0x1000 - ((c.s.seg[seg].base + off) & 0xFFF)) / size;
            if (n > room) n = room;
            if (sizeof(A) == 2 && n > (0x10000 - off) / size) n = (0x10000 - off) / size;
        };
        fit(ES, di);
        uint32_t si = 0;
        if constexpr (K == Kind::MOVS) {
            si = reg(c, ESI);
            fit(i.seg, si);
        }
        if (n == 0) return 0;
        const uint32_t span = (n - 1) * size;
        uint8_t* d = c.write_ptr<T>(ES, di);
        if (!d || !c.write_ptr<T>(ES, di + span)) return 0;
        if constexpr (K == Kind::STOS) {
            const T v = c.reg<T>(EAX);
            if constexpr (size == 1) std::memset(d, v, n);
            else for (uint32_t k = 0; k < n; ++k) ops::store<T>(d + k * size, v);
        } else {
            const uint8_t* src = c.read_ptr<T>(i.seg, si);
            if (!src || !c.read_ptr<T>(i.seg, si + span)) return 0;
            // Element by element, forwards: overlapping operands repeat as the iterations would.
            for (uint32_t k = 0; k < n; ++k) ops::store<T>(d + k * size, ops::load<T>(src + k * size));
            reg(c, ESI) = A(si + n * size);
        }
        reg(c, EDI) = A(di + n * size);
        reg(c, ECX) = A(reg(c, ECX) - n);
        return n;
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
        const uint32_t chunk = c.rep_chunk();
        const bool may_yield = chunk != 0;
        uint32_t left = chunk;
        while (reg(c, ECX) != 0) {
            if constexpr (K == Kind::MOVS || K == Kind::STOS) {
                if (!c.flag(fl::DF)) {
                    if (const uint32_t n = bulk(c, i, may_yield ? left : 0xFFFFFFFFu)) {
                        left -= may_yield ? n : 0;
                        if (reg(c, ECX) != 0 && may_yield && (left == 0 || c.interrupt_due())) return yield(c);
                        continue;
                    }
                }
            }
            if (count_first) {
                reg(c, ECX) = A(reg(c, ECX) - 1);
                once(c, i, step, true);
            } else {
                once(c, i, step, true);
                reg(c, ECX) = A(reg(c, ECX) - 1);
            }
            if (conditional && get_zf(c.s) != want_zf) break;
            if (reg(c, ECX) != 0 && may_yield && (--left == 0 || c.interrupt_due())) return yield(c);
        }
    }

    // Stops between iterations: EIP back at the instruction, and the trace left so the run
    // loop takes any interrupt or trap and restarts it.
    static void yield(Cpu& c) { c.rep_stop(); }
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
