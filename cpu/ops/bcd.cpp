// Decimal adjust: DAA DAS AAA AAS AAM AAD, and SALC (SDM Vol. 2; SALC is undocumented).
#include "cpu/ops/common.h"

namespace bw::ops {
namespace {

uint8_t& al(Cpu& c) { return c.reg<uint8_t>(0); }
uint8_t& ah(Cpu& c) { return c.reg<uint8_t>(4); }

// The 8086 compares the original AL against 9Fh instead of 99h when AF is set, and takes CF
// only from the high-digit adjustment (SingleStepTests 8086 vectors); later parts follow the SDM.
inline uint8_t high_limit(const Cpu& c, bool af) { return c.model() == CpuModel::i8086 && af ? 0x9F : 0x99; }

void daa(Cpu& c, const Insn&) {
    uint8_t old_al = al(c);
    bool old_cf = get_cf(c.s), af = get_af(c.s), cf = false;
    const uint8_t limit = high_limit(c, af);
    const bool i8086 = c.model() == CpuModel::i8086;
    if ((old_al & 0x0F) > 9 || af) {
        cf = !i8086 && (old_cf || old_al > 0xF9);
        al(c) = uint8_t(al(c) + 6);
        af = true;
    } else {
        af = false;
    }
    if (old_al > limit || old_cf) {
        al(c) = uint8_t(al(c) + 0x60);
        cf = true;
    }
    flags_result<uint8_t>(c.s, al(c), cf, false, af);
}

void das(Cpu& c, const Insn&) {
    uint8_t old_al = al(c);
    bool old_cf = get_cf(c.s), af = get_af(c.s), cf = false;
    const uint8_t limit = high_limit(c, af);
    const bool i8086 = c.model() == CpuModel::i8086;
    if ((old_al & 0x0F) > 9 || af) {
        cf = !i8086 && (old_cf || old_al < 6);
        al(c) = uint8_t(al(c) - 6);
        af = true;
    } else {
        af = false;
    }
    if (old_al > limit || old_cf) {
        al(c) = uint8_t(al(c) - 0x60);
        cf = true;
    }
    flags_result<uint8_t>(c.s, al(c), cf, false, af);
}

// AAA/AAS: the 8086 adjusts AL and AH separately; the 286 and later adjust AX as a whole.
void aaa(Cpu& c, const Insn&) {
    bool adjust = (al(c) & 0x0F) > 9 || get_af(c.s);
    if (adjust) {
        if (c.model() == CpuModel::i8086) {
            al(c) = uint8_t(al(c) + 6);
            ah(c) = uint8_t(ah(c) + 1);
        } else {
            c.reg<uint16_t>(EAX) = uint16_t(c.reg<uint16_t>(EAX) + 0x106);
        }
    }
    al(c) &= 0x0F;
    flags_result<uint8_t>(c.s, al(c), adjust, false, adjust);
}

void aas(Cpu& c, const Insn&) {
    bool adjust = (al(c) & 0x0F) > 9 || get_af(c.s);
    if (adjust) {
        if (c.model() == CpuModel::i8086) {
            al(c) = uint8_t(al(c) - 6);
            ah(c) = uint8_t(ah(c) - 1);
        } else {
            c.reg<uint16_t>(EAX) = uint16_t(c.reg<uint16_t>(EAX) - 6);
            ah(c) = uint8_t(ah(c) - 1);
        }
    }
    al(c) &= 0x0F;
    flags_result<uint8_t>(c.s, al(c), adjust, false, adjust);
}

void aam(Cpu& c, const Insn& i) {
    uint8_t base = uint8_t(i.imm);
    if (base == 0) {
        // The 8086 sets SF/ZF/PF from a zero result before the divide error.
        if (c.model() == CpuModel::i8086) flags_logic<uint8_t>(c.s, 0);
        if (c.traits().ip_past_divide_error) throw CpuFault{VEC_DE, false, 0, true};
        c.fault(VEC_DE);
    }
    uint8_t v = al(c);
    ah(c) = uint8_t(v / base);
    al(c) = uint8_t(v % base);
    flags_logic<uint8_t>(c.s, al(c));
}

// AAD: AL = AL + AH * base; the flags are those of that byte addition.
void aad(Cpu& c, const Insn& i) {
    uint8_t product = uint8_t(ah(c) * uint8_t(i.imm));
    uint8_t a = al(c), r = uint8_t(a + product);
    al(c) = r;
    ah(c) = 0;
    flags_add<uint8_t>(c.s, a, product, r);
}

void salc(Cpu& c, const Insn&) { al(c) = get_cf(c.s) ? 0xFF : 0x00; }

} // namespace

void register_bcd(OpTable& t) {
    set_op(t, 0, 0x27, 0, {0, 0, BW_ONE(daa)});
    set_op(t, 0, 0x2F, 0, {0, 0, BW_ONE(das)});
    set_op(t, 0, 0x37, 0, {0, 0, BW_ONE(aaa)});
    set_op(t, 0, 0x3F, 0, {0, 0, BW_ONE(aas)});
    set_op(t, 0, 0xD4, dec::IMM8, {0, 0, BW_ONE(aam)});
    set_op(t, 0, 0xD5, dec::IMM8, {0, 0, BW_ONE(aad)});
    set_op(t, 0, 0xD6, 0, {0, 0, BW_ONE(salc)});
}

} // namespace bw::ops
