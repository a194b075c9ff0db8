// CPU registers for the debugger console: lookup by name (for expressions and `set`) and the
// register dumps of `r`, `sreg`, `creg`, `dreg` and `fpu`.
#pragma once
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace bw { class Cpu; }

namespace bw::frontend::dbg {

// The value of a register named as in Intel syntax (eax, ax, al, eip, ip, eflags, flags, cs..gs,
// cr0..cr4, dr0..dr7), case-insensitive; nullopt for an unknown name.
std::optional<uint32_t> register_value(Cpu& c, const std::string& name);

// Assigns a register. Segment registers load as a MOV would in the current mode; returns "" or
// why the assignment failed (unknown register, protection fault on the load).
std::string set_register(Cpu& c, const std::string& name, uint32_t value);

void print_registers(Cpu& c, std::ostream& out);          // r
void print_segment_registers(Cpu& c, std::ostream& out);  // sreg
void print_control_registers(Cpu& c, std::ostream& out);  // creg
void print_debug_registers(Cpu& c, std::ostream& out);    // dreg
void print_fpu(Cpu& c, std::ostream& out);                // fpu

// EFLAGS in the Bochs style: set flags upper-case ("id vip vif ac vm rf nt IOPL=0 of df IF ...").
std::string describe_eflags(uint32_t f);

} // namespace bw::frontend::dbg
