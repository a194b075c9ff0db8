// Dead flags inside traces (Cpu::build_trace, optable.h FlagsUse): a register-form instruction
// whose six arithmetic flags the next instruction overwrites without reading them may skip
// computing them. Each case runs through the trace cache, with it disabled and one instruction
// at a time, and must leave the flags the SDM gives for the instruction sequence (Vol. 2:
// ADD/ADC/SUB/CMP/AND/OR set OF SF ZF AF PF CF from the result; ADC adds CF; SAL/SHL with a
// masked count of 0 affects no flags; ROL affects only CF and OF).
#include "tests/unit/real_mode_rig.h"

using namespace bw;
using namespace bw::test;

namespace {
uint32_t arith(const Cpu& cpu) { return cpu.eflags() & fl::ARITH; }
uint8_t byte_reg(const Cpu& cpu, unsigned r) { return cpu.s.gpr[r & 3].b[r >> 2]; }  // AL..BH
}

TEST_CASE("ADC reads the CF of the ADD just before it", "[deadflags]") {
    for (Mode m : kModes) {
        RealModeRig r;
        r.code({
            0xB0, 0xFF, 0xB3, 0x01, 0xB1, 0x10, 0xB2, 0x20,  // mov al, FF; mov bl, 1; mov cl, 10; mov dl, 20
            0x00, 0xD8,                                      // add al, bl   (al = 0, CF = 1)
            0x10, 0xD1,                                      // adc cl, dl   (cl = 10 + 20 + 1)
            0xF4,
        });
        r.go(m);
        INFO("mode " << int(m));
        CHECK(byte_reg(r.cpu, 1) == 0x31);
        CHECK(arith(r.cpu) == 0);  // 31h: no carry, not zero, positive, odd parity, no AF
    }
}

TEST_CASE("a run of ADCs passes each carry to the next", "[deadflags]") {
    for (Mode m : kModes) {
        RealModeRig r;
        r.code({
            0xB0, 0xFF, 0xB3, 0x01, 0xB1, 0xFF, 0xB2, 0x00, 0xB7, 0x00,  // al=FF bl=1 cl=FF dl=0 bh=0
            0x00, 0xD8,                                      // add al, bl   (CF = 1)
            0x10, 0xD1,                                      // adc cl, dl   (cl = 0, CF = 1)
            0x10, 0xFF,                                      // adc bh, bh   (bh = 1)
            0xF4,
        });
        r.go(m);
        INFO("mode " << int(m));
        CHECK(byte_reg(r.cpu, 1) == 0x00);
        CHECK(byte_reg(r.cpu, 7) == 0x01);
    }
}

TEST_CASE("a shift by an immediate count that masks to 0 keeps the flags before it", "[deadflags]") {
    for (Mode m : kModes) {
        for (bool wide : {false, true}) {
            RealModeRig r;
            std::vector<uint8_t> code = {0xB0, 0xFF, 0xB3, 0x01, 0x00, 0xD8};  // mov al, FF; mov bl, 1; add al, bl
            if (wide) code.insert(code.end(), {0x66, 0xC1, 0xE0, 0x20});       // shl eax, 32 (count 0)
            else code.insert(code.end(), {0xC0, 0xE0, 0x00});                  // shl al, 0
            code.push_back(0xF4);
            r.code(code);
            r.go(m);
            INFO("mode " << int(m) << (wide ? " shl eax, 32" : " shl al, 0"));
            // FFh + 1: zero result, carry out of bits 7 and 3, even parity.
            CHECK(arith(r.cpu) == (fl::CF | fl::ZF | fl::AF | fl::PF));
        }
    }
}

TEST_CASE("CMP after SUB leaves the CMP's flags and the SUB's result", "[deadflags]") {
    for (Mode m : kModes) {
        RealModeRig r;
        r.code({
            0xB8, 0x05, 0x00, 0xBB, 0x03, 0x00, 0xB9, 0x07, 0x00,  // mov ax, 5; mov bx, 3; mov cx, 7
            0x29, 0xD8,                                            // sub ax, bx  (2)
            0x39, 0xC8,                                            // cmp ax, cx  (2 - 7 = FFFBh)
            0xF4,
        });
        r.go(m);
        INFO("mode " << int(m));
        CHECK(r.cpu.s.gpr[EAX].w == 2);
        CHECK(arith(r.cpu) == (fl::CF | fl::SF | fl::AF));  // borrow, negative, nibble borrow, FBh odd
    }
}

TEST_CASE("in a run of flag writers the last one's flags remain", "[deadflags]") {
    for (Mode m : kModes) {
        RealModeRig r;
        r.code({
            0xB8, 0x00, 0x80,  // mov ax, 8000h
            0x01, 0xC0,        // add ax, ax       (0, CF OF ZF)
            0x83, 0xE8, 0x01,  // sub ax, 1        (FFFFh)
            0x25, 0x0F, 0x0F,  // and ax, 0F0Fh
            0x0D, 0x00, 0x80,  // or ax, 8000h     (8F0Fh)
            0xD1, 0xE8,        // shr ax, 1        (4787h, CF = 1)
            0xF4,
        });
        r.go(m);
        INFO("mode " << int(m));
        CHECK(r.cpu.s.gpr[EAX].w == 0x4787);
        // SHR by 1: CF = bit shifted out (1), OF = original sign (1), 4787h: positive, 87h has
        // four ones (even parity); AF is undefined (0 on these models).
        CHECK(arith(r.cpu) == (fl::CF | fl::OF | fl::PF));
    }
}

TEST_CASE("ROL keeps the zero and parity flags of the ADD before it", "[deadflags]") {
    for (Mode m : kModes) {
        RealModeRig r;
        r.code({
            0x31, 0xC0, 0x31, 0xDB,  // xor ax, ax; xor bx, bx
            0x01, 0xD8,              // add ax, bx   (0: ZF PF)
            0xD1, 0xC0,              // rol ax, 1    (CF = 0, OF = 0; SF ZF AF PF unchanged)
            0xF4,
        });
        r.go(m);
        INFO("mode " << int(m));
        CHECK(arith(r.cpu) == (fl::ZF | fl::PF));
    }
}

TEST_CASE("CMP after INC leaves the CMP's flags", "[deadflags]") {
    for (Mode m : kModes) {
        RealModeRig r;
        r.code({
            0xB8, 0xFF, 0xFF,  // mov ax, FFFFh
            0x40,              // inc ax        (0)
            0x3D, 0x01, 0x00,  // cmp ax, 1     (0 - 1 = FFFFh)
            0xF4,
        });
        r.go(m);
        INFO("mode " << int(m));
        CHECK(r.cpu.s.gpr[EAX].w == 0);
        CHECK(arith(r.cpu) == (fl::CF | fl::SF | fl::AF | fl::PF));  // borrow, negative, FFh even
    }
}

TEST_CASE("INC keeps the CF of the ADD before it", "[deadflags]") {
    for (Mode m : kModes) {
        RealModeRig r;
        r.code({
            0xB0, 0xFF, 0xB3, 0x01, 0xB1, 0x00,  // mov al, FF; mov bl, 1; mov cl, 0
            0x00, 0xD8,                          // add al, bl   (CF = 1)
            0xFE, 0xC1,                          // inc cl       (1; CF unchanged)
            0xF4,
        });
        r.go(m);
        INFO("mode " << int(m));
        CHECK(byte_reg(r.cpu, 1) == 1);
        CHECK(arith(r.cpu) == fl::CF);  // 01h: not zero, positive, odd parity, no AF, no OF
    }
}
