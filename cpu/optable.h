// Opcode maps as data: for each opcode, how to decode its operands and which handler runs it,
// resolved by operand size and by register-vs-memory form. Instruction families fill the table
// from their own files (cpu/ops/*.cpp) through the register_* functions below.
#pragma once
#include <cstdint>
#include "cpu/insn.h"
#include "cpu/model.h"

namespace bw {

namespace dec {
constexpr uint32_t MODRM = 1 << 0;
constexpr uint32_t IMM8 = 1 << 1;     // imm8, zero-extended
constexpr uint32_t IMM8S = 1 << 2;    // imm8, sign-extended to 32 bits
constexpr uint32_t IMMV = 1 << 3;     // imm16/imm32 by operand size
constexpr uint32_t IMM16 = 1 << 4;    // imm16 regardless of size
constexpr uint32_t MOFFS = 1 << 5;    // offset of address size (A0-A3), into disp
constexpr uint32_t FARPTR = 1 << 6;   // offset (operand size) into imm, selector into imm2
constexpr uint32_t ENTER = 1 << 7;    // imm16 into imm, imm8 into imm2
constexpr uint32_t REL8 = 1 << 8;     // rel8 sign-extended into imm
constexpr uint32_t RELV = 1 << 9;     // rel16/rel32 sign-extended into imm
constexpr uint32_t ENDS = 1 << 10;    // control transfer / mode change: ends the decoded trace
constexpr uint32_t REG_IN_OPCODE = 1 << 11;  // register number in the opcode's low three bits
constexpr uint32_t MEM_ONLY = 1 << 12;  // the register form (mod == 3) is undefined (#UD)
constexpr uint32_t REG_ONLY = 1 << 13;  // the memory form is undefined
constexpr uint32_t LOCKABLE = 1 << 14;  // LOCK allowed with the memory form (SDM Vol. 2, LOCK)
constexpr uint32_t VALID = 1 << 15;
constexpr uint32_t FORCE_REG = 1 << 16;  // ModRM.mod is ignored: always the register form (MOV CRn/DRn)
}

// Opcode extension groups (SDM Vol. 2, table A-6): ModRM.reg selects the operation.
enum Group : uint8_t {
    G_NONE, G_80, G_81, G_82, G_83, G_8F, G_C0, G_C1, G_C6, G_C7, G_D0, G_D1, G_D2, G_D3,
    G_F6, G_F7, G_FE, G_FF, G_8C, G_8E, G_0F00, G_0F01, G_0FBA, G_0FC7,
    G_D8, G_D9, G_DA, G_DB, G_DC, G_DD, G_DE, G_DF,  // x87 escapes: ModRM.reg selects (ops/fpu_ops.cpp)
    G_0FAE, G_COUNT
};

struct OpDesc {
    uint32_t decode = 0;
    uint8_t group = 0;               // nonzero: ModRM.reg selects OpTable::groups[group][reg]
    Handler h[2][2] = {};            // [32-bit operand size][memory form]
};

// How a threaded memory form computes its effective address, chosen per record at decode time
// (cpu/decoder.cpp). Most memory operands name no index register ([esi], [ebp-8]); for them the
// index load and shift are wasted, and with a 32-bit address size so is the truncation.
enum class Ea : uint8_t {
    FULL,    // base + (index << scale) + disp, truncated to the address size
    BASE,    // base + disp, truncated: the record's index is the zero register
    BASE32,  // base + disp: no index and a 32-bit address size (the mask is all ones)
};
constexpr unsigned kEaForms = 3;

// How a register form uses the arithmetic flags, for dead-flags forms (OpFast::dead).
enum class FlagsUse : uint8_t {
    NONE,           // no dead-flags form
    WRITES,         // writes all six flags and reads none
    SKIPPABLE,      // may skip its flags but cannot end a run: reads CF (ADC, SBB) or leaves
                    // it (INC, DEC)
    WRITES_IF_IMM,  // writes all six when its immediate count, masked, is not 0 (shift by imm)
};

// Threaded forms (cpu/insn.h Exec) specialised for an entry, indexed by 32-bit operand size,
// then 0 for the register form or 1 + Ea for the memory form by address form. Null where the
// decoder uses Cpu::exec_generic; a null BASE/BASE32 slot falls back to the FULL one (x[..][1]).
// They must do exactly what the entry's handlers do. An entry whose `flags` is not NONE also
// names, in `dead`, register forms that skip computing the flags: a trace runs one when the
// next record overwrites them unread (Cpu::build_trace).
struct OpFast {
    Exec x[2][1 + kEaForms] = {};
    Exec dead[2] = {};
    FlagsUse flags = FlagsUse::NONE;
};

struct OpTable {
    OpDesc one[256];                 // one-byte map
    OpDesc two[256];                 // 0F map
    OpDesc groups[G_COUNT][8];
    OpFast fast_one[256], fast_two[256], fast_groups[G_COUNT][8];  // parallel to the above
    bool is_prefix[256] = {};
    CpuModel model;

    bool at_least(CpuModel m) const { return model >= m; }
};

// Handler instantiation helpers for operand-size/memory-form variants.
// H<T, MEM> must be a function template `template <class T, bool MEM> void f(Cpu&, const Insn&)`.
#define BW_VARIANTS(fn) {{&fn<uint16_t, false>, &fn<uint16_t, true>}, {&fn<uint32_t, false>, &fn<uint32_t, true>}}
#define BW_VARIANTS8(fn) {{&fn<uint8_t, false>, &fn<uint8_t, true>}, {&fn<uint8_t, false>, &fn<uint8_t, true>}}
#define BW_SIZED(fn) {{&fn<uint16_t>, &fn<uint16_t>}, {&fn<uint32_t>, &fn<uint32_t>}}
#define BW_SIZED8(fn) {{&fn<uint8_t>, &fn<uint8_t>}, {&fn<uint8_t>, &fn<uint8_t>}}
#define BW_ONE(fn) {{&fn, &fn}, {&fn, &fn}}

// Sets an entry; `map` is 0 for the one-byte map and 1 for 0F.
// Setting an entry drops its threaded forms: set_fast/set_group_fast add them afterwards.
inline void set_op(OpTable& t, unsigned map, unsigned opcode, uint32_t decode, const OpDesc& d) {
    OpDesc& o = map ? t.two[opcode] : t.one[opcode];
    o = d;
    o.decode = decode | dec::VALID;
    (map ? t.fast_two[opcode] : t.fast_one[opcode]) = OpFast{};
}
inline void set_group_op(OpTable& t, uint8_t group, unsigned reg, uint32_t decode, const OpDesc& d) {
    OpDesc& o = t.groups[group][reg];
    o = d;
    o.decode = decode | dec::VALID;
    t.fast_groups[group][reg] = OpFast{};
}
inline void set_fast(OpTable& t, unsigned map, unsigned opcode, const OpFast& f) {
    (map ? t.fast_two[opcode] : t.fast_one[opcode]) = f;
}
inline void set_group_fast(OpTable& t, uint8_t group, unsigned reg, const OpFast& f) { t.fast_groups[group][reg] = f; }
// The dead-flags register forms of an entry (after set_fast/set_group_fast).
inline void set_dead(OpFast& f, FlagsUse use, Exec x16, Exec x32) {
    f.flags = use;
    f.dead[0] = x16;
    f.dead[1] = x32;
}
// The entry's threaded forms for a decoded record.
inline const OpFast& fast_of(const OpTable& t, const Insn& i) {
    const OpDesc& d = i.map ? t.two[i.opcode] : t.one[i.opcode];
    if (d.group) return t.fast_groups[d.group][i.reg];
    return i.map ? t.fast_two[i.opcode] : t.fast_one[i.opcode];
}

// Threaded-form tables: register forms from handlers that cannot fault, raise events or read
// EIP (ops::threaded), memory forms given explicitly.
#define BW_XREG(fn) {{{&threaded<&fn<uint16_t, false>>, nullptr}, {&threaded<&fn<uint32_t, false>>, nullptr}}}
#define BW_XREG8(fn) {{{&threaded<&fn<uint8_t, false>>, nullptr}, {&threaded<&fn<uint8_t, false>>, nullptr}}}
// Memory forms `template <class T, Ea E> const Insn* mem(Cpu&, const Insn*)`, one per address form.
#define BW_XMEM(mem, T) &mem<T, Ea::FULL>, &mem<T, Ea::BASE>, &mem<T, Ea::BASE32>
#define BW_XBOTH(reg, mem) {{{&threaded<&reg<uint16_t, false>>, BW_XMEM(mem, uint16_t)}, {&threaded<&reg<uint32_t, false>>, BW_XMEM(mem, uint32_t)}}}
#define BW_XBOTH8(reg, mem) {{{&threaded<&reg<uint8_t, false>>, BW_XMEM(mem, uint8_t)}, {&threaded<&reg<uint8_t, false>>, BW_XMEM(mem, uint8_t)}}}
// Dead-flags register forms `template <class T, bool MEM, bool FLAGS> void f(Cpu&, const Insn&)`.
#define BW_XDEAD(fn) &threaded<&fn<uint16_t, false, false>>, &threaded<&fn<uint32_t, false, false>>
#define BW_XDEAD8(fn) &threaded<&fn<uint8_t, false, false>>, &threaded<&fn<uint8_t, false, false>>

const OpTable& optable_for(CpuModel model);

// Instruction families register their opcodes (one function per cpu/ops/ file).
namespace ops {
void register_alu(OpTable& t);        // ops/alu.cpp: ADD..CMP, TEST, INC/DEC, NEG/NOT
void register_shift(OpTable& t);      // ops/shift.cpp: shifts, rotates, SHLD/SHRD
void register_muldiv(OpTable& t);     // ops/muldiv.cpp: MUL/IMUL/DIV/IDIV
void register_bcd(OpTable& t);        // ops/bcd.cpp: DAA/DAS/AAA/AAS/AAM/AAD, SALC
void register_move(OpTable& t);       // ops/move.cpp: MOV, XCHG, LEA, MOVZX/MOVSX, CBW.., XLAT, LAHF/SAHF
void register_stack(OpTable& t);      // ops/stack.cpp: PUSH/POP, PUSHA/POPA, PUSHF/POPF, ENTER/LEAVE
void register_control(OpTable& t);    // ops/control.cpp: JMP/CALL/RET, Jcc, LOOP, INT/IRET, BOUND
void register_string(OpTable& t);     // ops/string.cpp: MOVS/CMPS/SCAS/LODS/STOS/INS/OUTS
void register_io(OpTable& t);         // ops/io.cpp: IN/OUT
void register_bit(OpTable& t);        // ops/bit.cpp: BT/BTS/BTR/BTC, BSF/BSR, SETcc
void register_system(OpTable& t);     // ops/system.cpp: flag ops, HLT, segment loads, CR/DR, LGDT..
void register_fpu_escape(OpTable& t); // ops/system.cpp: ESC when no FPU is present
void register_fpu(OpTable& t);        // ops/fpu_ops.cpp: the x87 FPU (D8-DF, FWAIT, FXSAVE/FXRSTOR)
void register_identify(OpTable& t);   // ops/identify.cpp: CPUID, RDTSC
void register_atomic(OpTable& t);     // ops/atomic.cpp: XADD, CMPXCHG, CMPXCHG8B
void register_msr(OpTable& t);        // ops/msr.cpp: RDMSR/WRMSR, RDPMC, SYSENTER/SYSEXIT, INVD/WBINVD, UD2
void register_protection(OpTable& t); // ops/protection.cpp: ARPL, LAR, LSL, VERR, VERW
void register_system_registers(OpTable& t);  // ops/system.cpp: MOV CRn/DRn, LLDT/LTR/SLDT/STR
void register_fast_control(OpTable& t);  // ops/fast_control.cpp: threaded Jcc/JMP/LOOP/CALL/RET/PUSH/POP (last)
} // namespace ops

} // namespace bw
