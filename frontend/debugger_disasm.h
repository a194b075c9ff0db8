// Disassembly for the debugger, the trace and the read watchpoints, through Capstone in the
// CPU's current code size (16- or 32-bit by CS.D).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace bw { class Cpu; class Machine; }

namespace bw::frontend::dbg {

// A memory operand of a decoded instruction, resolved against the current registers.
struct MemOperand {
    uint32_t lin = 0;
    unsigned size = 0;
    bool read = false, write = false;
};

struct Decoded {
    bool ok = false;          // false: undecodable or unreadable (text says which)
    unsigned len = 0;
    uint8_t bytes[16] = {};
    std::string text;         // "mov ax, 0x1234"
    bool is_call = false;     // CALL near/far
    bool is_int = false;      // INT n, INT3, INTO
    bool has_rep = false;     // REP/REPE/REPNE prefix
    std::vector<MemOperand> mem;  // filled when asked for (decode_at with operands = true)
};

// Where the CPU will fetch the next instruction.
struct CodePlace {
    uint16_t cs = 0;
    uint32_t eip = 0;
    uint32_t lin = 0;
    bool code32 = false;
};
CodePlace current_code(Cpu& c);

class Disassembler {
public:
    Disassembler();
    ~Disassembler();
    Disassembler(const Disassembler&) = delete;
    Disassembler& operator=(const Disassembler&) = delete;

    // Decodes the instruction at linear `lin`. `display` is the address Capstone computes branch
    // targets from (the offset within CS when the caller shows seg:off). With `operands`, memory
    // operands are resolved to linear addresses using the CPU's registers and segment bases.
    Decoded decode_at(Machine& m, uint32_t lin, uint32_t display, bool code32, bool operands = false);

private:
    size_t handle16_ = 0;  // Capstone csh handles (size_t), so users need not include capstone.h
    size_t handle32_ = 0;
};

// "f000:fff0  ea5be000f0            jmp 0xf000:0xe05b": the trace and stop-line format.
std::string format_code_line(const CodePlace& where, const Decoded& d);
// The same with any address column (a linear address for `u LADDR`).
std::string format_insn(const std::string& head, const Decoded& d);

} // namespace bw::frontend::dbg
