// Intel mnemonics and operand forms for decoded instructions, as data: the opcode maps of the
// SDM Vol. 2, appendix A (tables, the group table A-6 and the x87 escape tables
// ), keyed by (map, opcode, ModRM.reg for group opcodes, ModRM.rm where the x87
// register forms need it). Used by the decoder test against Capstone and by any disassembly view.
#pragma once
#include <cstdint>
#include "cpu/insn.h"

namespace bw {

// Lower-case Intel mnemonic of a decoded instruction, with the operand-size and address-size
// variants resolved from the Insn flags (cbw/cwde, pusha/pushad, movsw/movsd, jcxz/jecxz, ...)
// and a REP/REPE/REPNE prefix on the string instructions. Condition codes are spelled as
// Capstone spells them (je, not jz). The table describes the 386-and-later maps: the 8086's
// aliases (60-6F as Jcc, C0/C1/C8/C9 as RET) are not covered. nullptr: no instruction there.
const char* mnemonic(const Insn& i);

// The operand form in SDM appendix A.2 notation, comma-separated in Intel operand order
// ("Eb,Gb", "eAX,Iz", "Yv,Xv", ...); "" when there are no explicit operands; nullptr when
// mnemonic() is nullptr.
const char* operand_form(const Insn& i);

enum class OperandKind : uint8_t { none, reg, mem, imm };
enum class RegClass : uint8_t { gpr8, gpr16, gpr32, sreg, cr, dr, st };

struct Operand {
    OperandKind kind = OperandKind::none;
    RegClass cls = RegClass::gpr32;  // kind == reg
    uint8_t num = 0;                 // kind == reg: register number in encoding order
    uint8_t base = 8, index = 8;     // kind == mem: address registers (8 = none)
    bool a32 = false;                // kind == mem: 32-bit address registers, else 16-bit
};

// Resolves operand_form() against the Insn's register fields and flags: up to three
// operands in Intel order (immediates and branch targets included as kind imm).
unsigned operands(const Insn& i, Operand out[3]);

} // namespace bw
