// Integer instructions in their 32-bit forms against the host CPU: the same operation runs on the
// host (inline assembly, test-only) and on Boxwood, and results and the flags the SDM defines for
// that instruction must agree (SDM Vol. 1, appendix A, and each instruction's "Flags Affected").
// The 8086/80286 vector suites cover 8- and 16-bit forms; this covers what they cannot.
#include <catch2/catch.hpp>
#include <cstdio>
#include <random>
#include <string>
#include <vector>
#include "cpu/cpu.h"

using namespace bw;

namespace {

constexpr uint32_t CF = 0x001, PF = 0x004, AF = 0x010, ZF = 0x040, SF = 0x080, OF = 0x800;
constexpr uint32_t ALL = CF | PF | AF | ZF | SF | OF;

struct Regs {
    uint32_t eax, ebx, ecx, edx, flags;
};

// Runs `code` (32-bit) on Boxwood from the given registers; returns the registers after one step.
struct Rig {
    PhysicalMemory mem{1u << 20};
    IoBus io;
    MmioBus mmio;
    Cpu cpu{CpuModel::p6, mem, io, mmio};

    Regs run(const std::vector<uint8_t>& code, Regs in) {
        cpu.reset();
        cpu.load_segment_real(CS, 0x1000);
        cpu.s.seg[CS].access = 0x4093;  // 32-bit code segment (big real mode)
        cpu.s.eip = 0;
        for (size_t k = 0; k < code.size(); ++k) cpu.write_phys8(0x10000 + uint32_t(k), code[k]);
        cpu.s.gpr[EAX].d = in.eax;
        cpu.s.gpr[EBX].d = in.ebx;
        cpu.s.gpr[ECX].d = in.ecx;
        cpu.s.gpr[EDX].d = in.edx;
        cpu.set_eflags(in.flags | 0x2, 0xFFF);
        cpu.step();
        return Regs{cpu.s.gpr[EAX].d, cpu.s.gpr[EBX].d, cpu.s.gpr[ECX].d, cpu.s.gpr[EDX].d, cpu.eflags()};
    }
};

// Host execution: loads EAX/EBX/ECX/EDX and the arithmetic flags, runs one instruction given as
// assembler text, and reads everything back.
#define HOST(asm_text)                                                                        \
    [](Regs r) {                                                                              \
        uint64_t f = r.flags | 0x2;                                                           \
        asm volatile("pushq %[f]\n\tpopfq\n\t" asm_text "\n\tpushfq\n\tpopq %[f]"            \
                     : [f] "+r"(f), "+a"(r.eax), "+b"(r.ebx), "+c"(r.ecx), "+d"(r.edx)        \
                     :                                                                        \
                     : "cc", "memory");                                                       \
        r.flags = uint32_t(f);                                                                \
        return r;                                                                             \
    }

struct Case {
    const char* name;
    std::vector<uint8_t> bytes;
    Regs (*host)(Regs);
    uint32_t defined;     // flags the SDM defines for this instruction (for counts 2+ on shifts)
    uint32_t defined_1;   // for a count of 1 where it differs (shifts/rotates); 0 = same
    bool count_in_cl;     // the count comes from CL: a zero count leaves every flag defined
};

const Case kCases[] = {
    {"add eax,ebx", {0x01, 0xD8}, HOST("addl %%ebx, %%eax"), ALL, 0, false},
    {"adc eax,ebx", {0x11, 0xD8}, HOST("adcl %%ebx, %%eax"), ALL, 0, false},
    {"sub eax,ebx", {0x29, 0xD8}, HOST("subl %%ebx, %%eax"), ALL, 0, false},
    {"sbb eax,ebx", {0x19, 0xD8}, HOST("sbbl %%ebx, %%eax"), ALL, 0, false},
    {"cmp eax,ebx", {0x39, 0xD8}, HOST("cmpl %%ebx, %%eax"), ALL, 0, false},
    {"and eax,ebx", {0x21, 0xD8}, HOST("andl %%ebx, %%eax"), ALL & ~AF, 0, false},
    {"or eax,ebx", {0x09, 0xD8}, HOST("orl %%ebx, %%eax"), ALL & ~AF, 0, false},
    {"xor eax,ebx", {0x31, 0xD8}, HOST("xorl %%ebx, %%eax"), ALL & ~AF, 0, false},
    {"test eax,ebx", {0x85, 0xD8}, HOST("testl %%ebx, %%eax"), ALL & ~AF, 0, false},
    {"inc eax", {0x40}, HOST("incl %%eax"), ALL, 0, false},
    {"dec eax", {0x48}, HOST("decl %%eax"), ALL, 0, false},
    {"neg eax", {0xF7, 0xD8}, HOST("negl %%eax"), ALL, 0, false},
    {"not eax", {0xF7, 0xD0}, HOST("notl %%eax"), ALL, 0, false},
    {"add ax,bx", {0x66, 0x01, 0xD8}, HOST("addw %%bx, %%ax"), ALL, 0, false},
    {"sub al,bl", {0x28, 0xD8}, HOST("subb %%bl, %%al"), ALL, 0, false},
    {"shl eax,cl", {0xD3, 0xE0}, HOST("shll %%cl, %%eax"), ALL & ~AF & ~OF, ALL & ~AF, true},
    {"shr eax,cl", {0xD3, 0xE8}, HOST("shrl %%cl, %%eax"), ALL & ~AF & ~OF, ALL & ~AF, true},
    {"sar eax,cl", {0xD3, 0xF8}, HOST("sarl %%cl, %%eax"), ALL & ~AF & ~OF, ALL & ~AF, true},
    {"rol eax,cl", {0xD3, 0xC0}, HOST("roll %%cl, %%eax"), ALL & ~OF, ALL, true},
    {"ror eax,cl", {0xD3, 0xC8}, HOST("rorl %%cl, %%eax"), ALL & ~OF, ALL, true},
    {"rcl eax,cl", {0xD3, 0xD0}, HOST("rcll %%cl, %%eax"), ALL & ~OF, ALL, true},
    {"rcr eax,cl", {0xD3, 0xD8}, HOST("rcrl %%cl, %%eax"), ALL & ~OF, ALL, true},
    {"shld eax,ebx,cl", {0x0F, 0xA5, 0xD8}, HOST("shldl %%cl, %%ebx, %%eax"), ALL & ~AF & ~OF, ALL & ~AF, true},
    {"shrd eax,ebx,cl", {0x0F, 0xAD, 0xD8}, HOST("shrdl %%cl, %%ebx, %%eax"), ALL & ~AF & ~OF, ALL & ~AF, true},
    {"mul ebx", {0xF7, 0xE3}, HOST("mull %%ebx"), CF | OF, 0, false},
    {"imul ebx", {0xF7, 0xEB}, HOST("imull %%ebx"), CF | OF, 0, false},
    {"imul eax,ebx", {0x0F, 0xAF, 0xC3}, HOST("imull %%ebx, %%eax"), CF | OF, 0, false},
    {"bsf eax,ebx", {0x0F, 0xBC, 0xC3}, HOST("bsfl %%ebx, %%eax"), ZF, 0, false},
    {"bsr eax,ebx", {0x0F, 0xBD, 0xC3}, HOST("bsrl %%ebx, %%eax"), ZF, 0, false},
    {"bt eax,ebx", {0x0F, 0xA3, 0xD8}, HOST("btl %%ebx, %%eax"), CF | ZF, 0, false},
    {"bts eax,ebx", {0x0F, 0xAB, 0xD8}, HOST("btsl %%ebx, %%eax"), CF | ZF, 0, false},
    {"btr eax,ebx", {0x0F, 0xB3, 0xD8}, HOST("btrl %%ebx, %%eax"), CF | ZF, 0, false},
    {"btc eax,ebx", {0x0F, 0xBB, 0xD8}, HOST("btcl %%ebx, %%eax"), CF | ZF, 0, false},
    {"cdq", {0x99}, HOST("cltd"), ALL, 0, false},
    {"bswap eax", {0x0F, 0xC8}, HOST("bswapl %%eax"), ALL, 0, false},
    {"movsx eax,bl", {0x0F, 0xBE, 0xC3}, HOST("movsbl %%bl, %%eax"), ALL, 0, false},
    {"movzx eax,bx", {0x0F, 0xB7, 0xC3}, HOST("movzwl %%bx, %%eax"), ALL, 0, false},
    {"cmovl eax,ebx", {0x0F, 0x4C, 0xC3}, HOST("cmovll %%ebx, %%eax"), ALL, 0, false},
    {"setg al", {0x0F, 0x9F, 0xC0}, HOST("setg %%al"), ALL, 0, false},
    {"lea eax,[eax+ebx*4+7]", {0x8D, 0x44, 0x98, 0x07}, HOST("leal 7(%%eax,%%ebx,4), %%eax"), ALL, 0, false},
};

// Operands that reach the edges (sign changes, carries, zero) plus random values.
uint32_t pick(std::mt19937& rng) {
    static const uint32_t edges[] = {0, 1, 2, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF,
                                     0x80000000u, 0x80000001u, 0xFFFFFFFEu, 0xFFFFFFFFu, 0x12345678};
    unsigned k = rng() % 24;
    return k < 15 ? edges[k] : uint32_t(rng());
}

} // namespace

TEST_CASE("32-bit integer instructions agree with the host CPU on results and defined flags (SDM Vol. 1, appendix A)") {
    Rig rig;
    std::mt19937 rng(20261125);  // fixed seed: the same operands every run
    for (const Case& c : kCases) {
        int mismatches = 0;
        std::string first;
        for (int n = 0; n < 4000; ++n) {
            Regs in{pick(rng), pick(rng), uint32_t(rng() % 40), pick(rng), uint32_t(rng()) & ALL};
            if (n % 7 == 0) in.ecx = 1;  // make count-of-one forms frequent
            Regs want = c.host(in);
            Regs got = rig.run(c.bytes, in);
            uint32_t count = in.ecx & 31;
            uint32_t defined = (c.defined_1 && count == 1) ? c.defined_1 : c.defined;
            if (c.count_in_cl && count == 0) defined = ALL;
            // BSF/BSR leave the destination undefined for a zero source (SDM Vol. 2, BSF).
            bool check_eax = !((std::string(c.name).rfind("bs", 0) == 0) && in.ebx == 0);
            bool ok = (!check_eax || want.eax == got.eax) && want.ebx == got.ebx && want.ecx == got.ecx &&
                      want.edx == got.edx && ((want.flags ^ got.flags) & defined) == 0;
            if (!ok && mismatches++ == 0) {
                char buf[256];
                std::snprintf(buf, sizeof buf,
                              "in eax=%08X ebx=%08X ecx=%08X edx=%08X fl=%03X -> host eax=%08X edx=%08X fl=%03X, boxwood eax=%08X edx=%08X fl=%03X (defined %03X)",
                              in.eax, in.ebx, in.ecx, in.edx, in.flags, want.eax, want.edx, want.flags & ALL, got.eax,
                              got.edx, got.flags & ALL, defined);
                first = buf;
            }
        }
        INFO(c.name << ": " << mismatches << " mismatches; first: " << first);
        CHECK(mismatches == 0);
    }
}

TEST_CASE("DIV and IDIV agree with the host CPU where no divide error occurs (SDM Vol. 2, DIV/IDIV)") {
    Rig rig;
    std::mt19937 rng(7);
    int mismatches = 0;
    for (int n = 0; n < 20000; ++n) {
        Regs in{uint32_t(rng()), pick(rng) | 1, 0, uint32_t(rng()) % 8, 0};
        bool is_signed = n & 1;
        if (!is_signed && in.edx >= in.ebx) continue;  // quotient overflow: #DE
        if (is_signed) {
            int64_t num = int64_t((uint64_t(in.edx) << 32) | in.eax);
            int64_t q = num / int32_t(in.ebx);
            if (q > INT32_MAX || q < INT32_MIN) continue;
        }
        Regs want = is_signed ? HOST("idivl %%ebx")(in) : HOST("divl %%ebx")(in);
        Regs got = rig.run(is_signed ? std::vector<uint8_t>{0xF7, 0xFB} : std::vector<uint8_t>{0xF7, 0xF3}, in);
        if (want.eax != got.eax || want.edx != got.edx) ++mismatches;
    }
    CHECK(mismatches == 0);
}
