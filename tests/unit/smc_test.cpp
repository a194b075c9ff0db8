// Self-modifying code against the decoded-trace cache. SDM Vol. 3, 8.1.3: a write to a code
// byte is seen by the next instruction fetch after the write, so an instruction overwritten
// later in the running trace (same 128-byte tracking block or another one), in another cached
// trace, or by a string instruction must execute in its new form. Every case runs three ways:
// through the trace cache (Cpu::run), with the cache disabled, and one instruction at a time
// (Cpu::step); all must agree with the architectural result.
#include "tests/unit/real_mode_rig.h"

using namespace bw;
using namespace bw::test;

namespace {
struct Rig : RealModeRig {
    uint8_t al() const { return cpu.s.gpr[EAX].b[0]; }
};
} // namespace

TEST_CASE("a store to the next instruction in the same 128-byte block is seen", "[smc]") {
    for (Mode m : kModes) {
        Rig r;
        r.code({
            0xC6, 0x06, 0x07, 0x00, 0x05,  // 0000 mov byte [0007], 05
            0x90,                          // 0005 nop
            0xB0, 0x01,                    // 0006 mov al, 01   (becomes mov al, 05)
            0xF4,                          // 0008 hlt
        });
        CHECK(r.go(m) == 4);
        CHECK(r.al() == 0x05);
    }
}

TEST_CASE("a store to an instruction in a later 128-byte block of the running trace is seen", "[smc]") {
    for (Mode m : kModes) {
        Rig r;
        std::vector<uint8_t> c = {0xC6, 0x06, 0x81, 0x00, 0x07};  // 0000 mov byte [0081], 07
        // 20 six-byte MOV EAX, imm32 and three NOPs keep the trace going to offset 0x80.
        for (int k = 0; k < 20; ++k) c.insert(c.end(), {0x66, 0xB8, 0, uint8_t(k), 0, 0});
        c.insert(c.end(), {0x90, 0x90, 0x90});
        REQUIRE(c.size() == 0x80);
        c.insert(c.end(), {0xB0, 0x01, 0xF4});  // 0080 mov al, 01 (becomes mov al, 07); hlt
        r.code(c);
        CHECK(r.go(m) == 1 + 20 + 3 + 2);
        CHECK(r.al() == 0x07);
        CHECK(r.cpu.s.gpr[EAX].d == 0x00001307u);
    }
}

TEST_CASE("a cached trace modified between two executions runs its new form", "[smc]") {
    for (Mode m : kModes) {
        Rig r;
        r.code({
            0xE8, 0x0F, 0x00,              // 0000 call 0012
            0x88, 0xC3,                    // 0003 mov bl, al
            0xC6, 0x06, 0x13, 0x00, 0x02,  // 0005 mov byte [0013], 02
            0xE8, 0x05, 0x00,              // 000A call 0012
            0x88, 0xC7,                    // 000D mov bh, al
            0xF4,                          // 000F hlt
            0x90, 0x90,                    // 0010
            0xB0, 0x01,                    // 0012 f: mov al, 01
            0xC3,                          // 0014 ret
        });
        CHECK(r.go(m) == 10);
        CHECK(r.cpu.s.gpr[EBX].w == 0x0201);
    }
}

TEST_CASE("a loop that rewrites an immediate later in its own trace every iteration", "[smc]") {
    for (Mode m : kModes) {
        Rig r;
        r.code({
            0xB9, 0x04, 0x00,              // 0000 mov cx, 4
            0x31, 0xD2,                    // 0003 xor dx, dx
            0xFE, 0x06, 0x0C, 0x00,        // 0005 top: inc byte [000C]
            0x90,                          // 0009 nop
            0x90,                          // 000A nop
            0xB0, 0x00,                    // 000B mov al, 00 (imm at 000C: 1, 2, 3, 4)
            0x00, 0xC2,                    // 000D add dl, al
            0xE2, 0xF4,                    // 000F loop top
            0xF4,                          // 0011 hlt
        });
        CHECK(r.go(m) == 2 + 4 * 6 + 1);
        CHECK(r.cpu.s.gpr[EDX].w == 1 + 2 + 3 + 4);
        CHECK(r.mem.ram()[0x1000C] == 4);
    }
}

TEST_CASE("REP STOSB over the following instructions turns them into NOPs", "[smc]") {
    for (Mode m : kModes) {
        Rig r;
        r.code({
            0xB0, 0x90,                    // 0000 mov al, 90
            0xB9, 0x02, 0x00,              // 0002 mov cx, 2
            0xBF, 0x0C, 0x00,              // 0005 mov di, 000C
            0xFC,                          // 0008 cld
            0xF3, 0xAA,                    // 0009 rep stosb
            0x90,                          // 000B nop
            0xB0, 0x11,                    // 000C mov al, 11 (becomes nop; nop)
            0xF4,                          // 000E hlt
        });
        CHECK(r.go(m) == 9);
        CHECK(r.al() == 0x90);
    }
}

TEST_CASE("a store through a second mapping of the code's page is seen", "[smc]") {
    for (Mode m : kModes) {
        Rig r;
        // DS = 0x1100 addresses the code page at another segment base; the trace is keyed by
        // physical address, so the write must invalidate it all the same.
        r.code({
            0x1E,                          // 0000 push ds
            0xB8, 0x00, 0x0F,              // 0001 mov ax, 0F00
            0x8E, 0xD8,                    // 0004 mov ds, ax      (0F00:1010 = 0x10010)
            0xC6, 0x06, 0x11, 0x10, 0x3C,  // 0006 mov byte [1011], 3C
            0x1F,                          // 000B pop ds
            0x90, 0x90, 0x90, 0x90,        // 000C
            0xB0, 0x00,                    // 0010 mov al, 00 (becomes mov al, 3C)
            0xF4,                          // 0012 hlt
        });
        CHECK(r.go(m) == 11);
        CHECK(r.al() == 0x3C);
    }
}

TEST_CASE("pushes onto a stack in the code's own page overwrite a decoded routine", "[smc]") {
    for (Mode m : kModes) {
        Rig r;
        // The first push lands in the code's page away from any code (the cheap store path for
        // such pages); the next two overwrite the routine at 0020, already run and decoded.
        r.code({
            0xB0, 0x00,                    // 0000 mov al, 00
            0xE8, 0x1B, 0x00,              // 0002 call 0020       (mov al, 01; ret)
            0xBC, 0x00, 0x08,              // 0005 mov sp, 0800
            0x50,                          // 0008 push ax         (to 07FE: no code there)
            0xBC, 0x24, 0x00,              // 0009 mov sp, 0024
            0x68, 0xB0, 0x07,              // 000C push 07B0       (0022: mov al, 07)
            0x68, 0x90, 0x90,              // 000F push 9090       (0020: nop; nop)
            0xBC, 0x00, 0x80,              // 0012 mov sp, 8000
            0xE8, 0x08, 0x00,              // 0015 call 0020
            0xF4,                          // 0018 hlt
        });
        r.code({0xB0, 0x01, 0xC3, 0x90, 0xC3}, 0x20);  // 0020 mov al, 01; ret; nop; ret
        CHECK(r.go(m) == 16);
        CHECK(r.al() == 0x07);
        CHECK(r.mem.ram()[0x107FE] == 0x01);  // AX = 0001 after the first call
    }
}

TEST_CASE("instructions() and the fault EIP stay exact inside a trace", "[smc]") {
    Rig r;
    // Vector 0 (#DE) to 0000:0500, where a HLT waits.
    const uint16_t ivt[2] = {0x0500, 0x0000};
    std::memcpy(r.mem.ram(), ivt, 4);
    r.mem.ram()[0x500] = 0xF4;
    r.code({
        0x90, 0x90, 0x90,              // 0000
        0x31, 0xC9,                    // 0003 xor cx, cx
        0xF6, 0xF1,                    // 0005 div cl  (#DE, faulting EIP 0005)
        0x90,                          // 0007
    });
    CHECK(r.go(Mode::Traces) == 6);  // 4 + the faulting DIV + the handler's HLT
    CHECK(r.cpu.s.seg[CS].selector == 0);
    uint16_t pushed_ip;
    std::memcpy(&pushed_ip, r.mem.ram() + 0x18000 - 6, 2);  // SS:SP was 1000:8000
    CHECK(pushed_ip == 0x0005);
}
