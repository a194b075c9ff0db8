// Instruction decoder: bytes at CS:EIP -> one Insn record with its handler resolved.
#pragma once
#include <cstdint>
#include "cpu/insn.h"

namespace bw {

class Cpu;
struct OpTable;

// Decodes the instruction at CS:eip. Code fetches go through Cpu::fetch_code8 and may throw a
// CpuFault (limit or page fault); encodings that are undefined in the CPU's model decode to a
// handler that raises #UD when executed, so they can be cached like any other record.
void decode(Cpu& cpu, uint32_t eip, Insn& out);

// Handlers shared by the decoder and the instruction families.
void op_undefined(Cpu& cpu, const Insn& i);     // #UD
void op_too_long(Cpu& cpu, const Insn& i);      // instruction exceeds the length limit

} // namespace bw
