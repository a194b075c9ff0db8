// Effective addresses through the decoder's choice of address form (cpu/optable.h Ea): a record
// with an index register must compute base + (index << scale) + disp, one without an index
// base + disp, truncated to 16 bits under a 16-bit address size and taken modulo 2^32 under a
// 32-bit one (SDM Vol. 2, 2.1.5 tables 2-1 to 2-3; LEA's address-size table). Memory reads,
// stores, read-modify-writes and LEA run through the trace cache, with it disabled, and one
// instruction at a time; all must give the architectural result.
#include "tests/unit/real_mode_rig.h"

using namespace bw;
using namespace bw::test;

namespace {

// Code and data at 1000:0000.
struct Rig : RealModeRig {
    void put32(uint32_t off, uint32_t v) { std::memcpy(mem.ram() + 0x10000 + off, &v, 4); }
    void put16(uint32_t off, uint16_t v) { std::memcpy(mem.ram() + 0x10000 + off, &v, 2); }
    uint32_t get32(uint32_t off) const {
        uint32_t v;
        std::memcpy(&v, mem.ram() + 0x10000 + off, 4);
        return v;
    }
    uint16_t get16(uint32_t off) const { return uint16_t(get32(off)); }
    uint32_t r(unsigned reg) const { return cpu.s.gpr[reg].d; }
};

} // namespace

TEST_CASE("32-bit memory operands with and without an index register", "[ea]") {
    for (Mode m : kModes) {
        Rig r;
        r.cpu.s.gpr[ESI].d = 0x3000;
        r.cpu.s.gpr[EBX].d = 0x10;
        r.put32(0x3048, 0x11111111);
        r.put32(0x3008, 0x22222222);
        r.put32(0x300C, 0x33333333);
        r.put32(0x3070, 5);
        r.code({
            0x67, 0x66, 0x8B, 0x44, 0x9E, 0x08,  // mov eax, [esi+ebx*4+8]
            0x67, 0x66, 0x8B, 0x4E, 0x08,        // mov ecx, [esi+8]
            0x67, 0x66, 0x8B, 0x54, 0xE6, 0x0C,  // mov edx, [esi+0Ch] (SIB: no index, scale 8)
            0x67, 0x66, 0x8D, 0x7C, 0x9E, 0x04,  // lea edi, [esi+ebx*4+4]
            0x67, 0x66, 0x8D, 0x6E, 0x04,        // lea ebp, [esi+4]
            0x67, 0x66, 0x89, 0x4C, 0x9E, 0x20,  // mov [esi+ebx*4+20h], ecx
            0x67, 0x66, 0x89, 0x46, 0x40,        // mov [esi+40h], eax
            0x67, 0x66, 0x01, 0x4C, 0x9E, 0x30,  // add [esi+ebx*4+30h], ecx
            0x67, 0x66, 0x03, 0x56, 0x08,        // add edx, [esi+8]
            0xF4,                                // hlt
        });
        r.go(m);
        CHECK(r.r(EAX) == 0x11111111u);
        CHECK(r.r(ECX) == 0x22222222u);
        CHECK(r.r(EDI) == 0x3044u);
        CHECK(r.r(EBP) == 0x3004u);
        CHECK(r.get32(0x3060) == 0x22222222u);
        CHECK(r.get32(0x3040) == 0x11111111u);
        CHECK(r.get32(0x3070) == 0x22222227u);
        CHECK(r.r(EDX) == 0x55555555u);
    }
}

TEST_CASE("a 32-bit base plus displacement wraps modulo 2^32", "[ea]") {
    for (Mode m : kModes) {
        Rig r;
        r.cpu.s.gpr[EDI].d = 0xFFFFFFF0u;
        r.cpu.s.gpr[ESI].d = 0;
        r.put32(0x3010, 0x44444444);
        r.code({
            0x67, 0x66, 0x8B, 0x87, 0x20, 0x30, 0x00, 0x00,        // mov eax, [edi+3020h]
            0x67, 0x66, 0x8B, 0x8C, 0x3E, 0x20, 0x30, 0x00, 0x00,  // mov ecx, [esi+edi+3020h]
            0x67, 0x66, 0x8D, 0x97, 0x20, 0x30, 0x00, 0x00,        // lea edx, [edi+3020h]
            0xF4,                                                  // hlt
        });
        r.go(m);
        CHECK(r.r(EAX) == 0x44444444u);
        CHECK(r.r(ECX) == 0x44444444u);
        CHECK(r.r(EDX) == 0x3010u);
    }
}

// Run twice: with the real-mode 64-KiB limit, and with DS and SS holding a 4-GiB limit as the
// segment caches keep it after a return from protected mode ("unreal" mode, SDM Vol. 3, 3.4.3
// and 9.9.2), where an untruncated offset would pass the limit check and reach the wrong byte.
TEST_CASE("16-bit memory operands with and without an index register, truncated to 16 bits", "[ea]") {
    for (bool big : {false, true})
    for (Mode m : kModes) {
        Rig r;
        if (big) {
            for (unsigned s : {DS, SS}) {
                r.cpu.s.seg[s].limit = 0xFFFFFFFFu;
                r.cpu.s.seg[s].update_bounds(false);
            }
        }
        r.cpu.s.gpr[EBX].d = 0x3000;
        r.cpu.s.gpr[ESI].d = 0x20;
        r.put16(0x3028, 0xAAAA);
        r.put16(0x3008, 0xBBBB);
        r.put16(0x3000, 0xCCCC);
        r.put16(0x3010, 0xDDDD);
        // ES:3010h and ES:3020h are the bytes an untruncated DS:13010h and DS:13020h would reach;
        // touching them first puts their page in the TLBs, so a wrong fast path would hit.
        r.cpu.load_segment_real(ES, 0x2000);
        r.put16(0x13010, 0xEEEE);
        r.code({
            0x26, 0xA1, 0x10, 0x30,        // mov ax, es:[3010h]
            0x26, 0xA3, 0x20, 0x30,        // mov es:[3020h], ax
            0x8B, 0x40, 0x08,              // mov ax, [bx+si+8]
            0x8B, 0x4F, 0x08,              // mov cx, [bx+8]
            0x8B, 0x16, 0x00, 0x30,        // mov dx, [3000h]
            0x8D, 0x7F, 0x04,              // lea di, [bx+4]
            0xBB, 0xF0, 0xFF,              // mov bx, 0FFF0h
            0x8B, 0xAF, 0x20, 0x30,        // mov bp, [bx+3020h]  (13010h truncated to 3010h)
            0x66, 0x8D, 0xB7, 0x20, 0x30,  // lea esi, [bx+3020h]  (16-bit address zero-extended)
            0x89, 0x8F, 0x30, 0x30,        // mov [bx+3030h], cx
            0xF4,                          // hlt
        });
        r.go(m);
        CHECK(r.r(EAX) == 0xAAAAu);
        CHECK(r.r(ECX) == 0xBBBBu);
        CHECK(r.r(EDX) == 0xCCCCu);
        CHECK(r.r(EDI) == 0x3004u);
        CHECK(r.r(EBP) == 0xDDDDu);
        CHECK(r.r(ESI) == 0x3010u);
        CHECK(r.get16(0x3020) == 0xBBBBu);
        CHECK(r.get16(0x13020) == 0xEEEEu);
    }
}
