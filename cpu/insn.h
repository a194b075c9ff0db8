// The decoded instruction record: everything the handler needs, resolved once at decode time.
#pragma once
#include <cstdint>

namespace bw {

class Cpu;
struct Insn;
using Handler = void (*)(Cpu&, const Insn&);
// The threaded form of a record inside a trace: runs the instruction and continues with the
// next record by a tail call, so a trace runs as a chain of jumps. It returns the first record
// not run: the trace's end, or the record after one that changed EIP or raised an event.
// Threaded forms keep EIP lazily: s.eip is only written when something may read it (a record
// that runs its plain handler, a branch, the end of the trace). See Cpu::exec_generic.
using Exec = const Insn* (*)(Cpu&, const Insn*);

namespace insn_flag {
constexpr uint8_t O32 = 1 << 0;    // 32-bit operand size
constexpr uint8_t A32 = 1 << 1;    // 32-bit address size
constexpr uint8_t REP = 1 << 2;    // F3 prefix (REP/REPE)
constexpr uint8_t REPNE = 1 << 3;  // F2 prefix (REPNE)
constexpr uint8_t LOCK = 1 << 4;
constexpr uint8_t SEG_OVERRIDE = 1 << 5;
constexpr uint8_t MEM = 1 << 6;    // ModRM names memory (mod != 3)
constexpr uint8_t ENDS_TRACE = 1 << 7;
}

struct Insn {
    Handler fn = nullptr;
    Exec exec = nullptr; // threaded form (a specialised one for common forms, else Cpu::exec_generic)
    uint32_t disp = 0;   // displacement (already sign-extended), or moffs for A0-A3
    uint32_t imm = 0;    // immediate (sign- or zero-extended as the opcode defines) / branch displacement
    uint32_t amask = 0xFFFF;  // address-size mask applied to effective addresses
    uint32_t next_eip = 0;    // EIP after the instruction (wrapped to the code size)
    uint16_t imm2 = 0;   // second immediate: far-pointer selector, ENTER nesting level
    uint8_t len = 0;     // total length in bytes, prefixes included
    uint8_t opcode = 0;  // primary opcode byte (after 0F for the two-byte map)
    uint8_t reg = 0;     // ModRM.reg, or the register encoded in the opcode's low bits
    uint8_t rm = 0;      // ModRM.rm as a register number when mod == 3
    uint8_t base = 8;    // address base register (8 = none)
    uint8_t index = 8;   // address index register (8 = none)
    uint8_t scale = 0;
    uint8_t seg = 3;     // effective segment for the memory operand (default DS/SS by form)
    uint8_t flags = 0;
    uint8_t prefix_count = 0;
    uint8_t map = 0;     // 0: one-byte map, 1: 0F map
    uint8_t modrm = 0;
    uint16_t offset = 0; // byte offset from the start of its trace (0 outside traces)

    bool o32() const { return flags & insn_flag::O32; }
    bool a32() const { return flags & insn_flag::A32; }
    bool mem() const { return flags & insn_flag::MEM; }
};

} // namespace bw
