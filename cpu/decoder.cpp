#include "cpu/decoder.h"
#include "cpu/cpu.h"
#include "cpu/optable.h"

namespace bw {

void op_undefined(Cpu& cpu, const Insn&) { cpu.fault(VEC_UD); }

// Instructions longer than the limit (10 bytes on the 286, 15 on the 386 and later) raise
// #GP(0) (SDM Vol. 2, 2.3.11; the 286 vectors show interrupt 13 as well).
void op_too_long(Cpu& cpu, const Insn&) { cpu.fault(VEC_GP, 0); }

namespace {

struct Fetcher {
    Cpu& cpu;
    uint32_t start;
    uint32_t mask;
    unsigned n = 0;
    uint8_t u8() { return cpu.fetch_code8((start + n++) & mask); }
    uint16_t u16() { uint16_t lo = u8(); return uint16_t(lo | (u8() << 8)); }
    uint32_t u32() { uint32_t lo = u16(); return lo | (uint32_t(u16()) << 16); }
};

// 16-bit ModRM addressing forms (SDM Vol. 2, table 2-1): base, index, default segment.
constexpr uint8_t kBase16[8] = {EBX, EBX, EBP, EBP, REG_ZERO, REG_ZERO, EBP, EBX};
constexpr uint8_t kIndex16[8] = {ESI, EDI, ESI, EDI, ESI, EDI, REG_ZERO, REG_ZERO};

void decode_modrm(Fetcher& f, Insn& i, uint8_t modrm) {
    unsigned mod = modrm >> 6, rm = modrm & 7;
    i.modrm = modrm;
    i.reg = (modrm >> 3) & 7;
    if (mod == 3) {
        i.rm = static_cast<uint8_t>(rm);
        return;
    }
    i.flags |= insn_flag::MEM;
    uint8_t default_seg = DS;
    if (!i.a32()) {
        i.base = kBase16[rm];
        i.index = kIndex16[rm];
        if (mod == 0 && rm == 6) {
            i.base = REG_ZERO;
            i.disp = f.u16();
        } else {
            if (i.base == EBP) default_seg = SS;
            if (mod == 1) i.disp = uint32_t(int32_t(int8_t(f.u8())));
            else if (mod == 2) i.disp = f.u16();
        }
    } else {
        if (rm == 4) {
            uint8_t sib = f.u8();
            i.scale = sib >> 6;
            unsigned index = (sib >> 3) & 7, base = sib & 7;
            i.index = index == 4 ? uint8_t(REG_ZERO) : uint8_t(index);
            if (base == 5 && mod == 0) {
                i.base = REG_ZERO;
                i.disp = f.u32();
            } else {
                i.base = uint8_t(base);
            }
        } else if (rm == 5 && mod == 0) {
            i.base = REG_ZERO;
            i.disp = f.u32();
        } else {
            i.base = uint8_t(rm);
        }
        if (i.base == EBP || i.base == ESP) default_seg = SS;
        if (mod == 1) i.disp = uint32_t(int32_t(int8_t(f.u8())));
        else if (mod == 2) i.disp = f.u32();
    }
    if (!(i.flags & insn_flag::SEG_OVERRIDE)) i.seg = default_seg;
}

} // namespace

void decode(Cpu& cpu, uint32_t eip, Insn& i) {
    const OpTable& t = cpu.optable();
    const ModelTraits& tr = cpu.traits();
    Fetcher f{cpu, eip, cpu.ip_mask()};
    i = Insn{};
    bool o32 = cpu.code32(), a32 = cpu.code32();
    uint8_t seg = DS;
    uint8_t b;
    // Prefixes (SDM Vol. 2, 2.1.1). The last segment override wins.
    for (;;) {
        b = f.u8();
        if (!t.is_prefix[b]) break;
        ++i.prefix_count;
        switch (b) {
        case 0x26: seg = ES; i.flags |= insn_flag::SEG_OVERRIDE; break;
        case 0x2E: seg = CS; i.flags |= insn_flag::SEG_OVERRIDE; break;
        case 0x36: seg = SS; i.flags |= insn_flag::SEG_OVERRIDE; break;
        case 0x3E: seg = DS; i.flags |= insn_flag::SEG_OVERRIDE; break;
        case 0x64: seg = FS; i.flags |= insn_flag::SEG_OVERRIDE; break;
        case 0x65: seg = GS; i.flags |= insn_flag::SEG_OVERRIDE; break;
        case 0x66: o32 = !cpu.code32(); break;
        case 0x67: a32 = !cpu.code32(); break;
        case 0xF0: case 0xF1: i.flags |= insn_flag::LOCK; break;
        case 0xF2: i.flags = uint8_t((i.flags & ~insn_flag::REP) | insn_flag::REPNE); break;
        case 0xF3: i.flags = uint8_t((i.flags & ~insn_flag::REPNE) | insn_flag::REP); break;
        }
        // The 8086 accepts any number of prefixes; later models bound the length.
        if (tr.max_insn_len && f.n > tr.max_insn_len) {
            i.len = static_cast<uint8_t>(f.n);
            i.fn = &op_too_long;
            i.exec = &Cpu::exec_generic;
            i.next_eip = (eip + f.n) & f.mask;
            i.flags |= insn_flag::ENDS_TRACE;
            return;
        }
    }
    if (o32) i.flags |= insn_flag::O32;
    if (a32) {
        i.flags |= insn_flag::A32;
        i.amask = 0xFFFFFFFFu;
    }
    i.seg = seg;

    const OpDesc* d;
    const OpFast* x;
    if (b == 0x0F && tr.model != CpuModel::i8086) {
        // The two-byte map (286 and later; on the 8086, 0F is POP CS).
        i.map = 1;
        b = f.u8();
        d = &t.two[b];
        x = &t.fast_two[b];
    } else {
        d = &t.one[b];
        x = &t.fast_one[b];
    }
    i.opcode = b;
    uint32_t flags = d->decode;
    if (flags & dec::REG_IN_OPCODE) i.reg = b & 7;
    if (flags & dec::FORCE_REG) decode_modrm(f, i, uint8_t(f.u8() | 0xC0));
    else if (flags & dec::MODRM) decode_modrm(f, i, f.u8());
    if (d->group) {
        x = &t.fast_groups[d->group][i.reg];
        d = &t.groups[d->group][i.reg];
        flags |= d->decode;
    }
    // Immediates follow the ModRM/SIB/displacement bytes.
    if (flags & dec::IMM8) i.imm = f.u8();
    if (flags & dec::IMM8S) i.imm = uint32_t(int32_t(int8_t(f.u8())));
    if (flags & dec::IMM16) i.imm = f.u16();
    if (flags & dec::IMMV) i.imm = o32 ? f.u32() : f.u16();
    if (flags & dec::MOFFS) i.disp = a32 ? f.u32() : f.u16();
    if (flags & dec::FARPTR) {
        i.imm = o32 ? f.u32() : f.u16();
        i.imm2 = f.u16();
    }
    if (flags & dec::ENTER) {
        i.imm = f.u16();
        i.imm2 = f.u8();
    }
    if (flags & dec::REL8) i.imm = uint32_t(int32_t(int8_t(f.u8())));
    if (flags & dec::RELV) i.imm = o32 ? f.u32() : uint32_t(int32_t(int16_t(f.u16())));
    if (flags & dec::ENDS) i.flags |= insn_flag::ENDS_TRACE;

    i.len = static_cast<uint8_t>(f.n);
    bool mem = i.mem();
    Handler h = d->h[o32 ? 1 : 0][mem ? 1 : 0];
    if (!(flags & dec::VALID) || !h || ((flags & dec::MEM_ONLY) && !mem) || ((flags & dec::REG_ONLY) && mem))
        h = &op_undefined;
    // From the 386 on, LOCK with anything but a read-modify-write memory form is #UD; the
    // 8086 and 286 simply assert the bus lock.
    if ((i.flags & insn_flag::LOCK) && tr.has_32bit && !((flags & dec::LOCKABLE) && mem)) h = &op_undefined;
    if (tr.max_insn_len && f.n > tr.max_insn_len) h = &op_too_long;
    i.fn = h;
    i.next_eip = (eip + f.n) & f.mask;
    // The threaded form: a specialised one when the entry has it and nothing above replaced
    // the handler (LOCKed forms keep the plain handler). A memory form takes the shortest
    // address form exact for this record (optable.h Ea), where the entry provides it.
    const Exec* xs = x->x[o32 ? 1 : 0];
    Exec e = xs[mem ? 1 : 0];
    if (mem) {
        Ea form = i.index != REG_ZERO ? Ea::FULL : a32 ? Ea::BASE32 : Ea::BASE;
        if (Exec v = xs[1 + unsigned(form)]) e = v;
    }
    i.exec = e && h == d->h[o32 ? 1 : 0][mem ? 1 : 0] && !(i.flags & insn_flag::LOCK) ? e : &Cpu::exec_generic;
    if (h == &op_undefined || h == &op_too_long) i.flags |= insn_flag::ENDS_TRACE;
}

} // namespace bw
