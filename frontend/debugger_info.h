// The debugger's views of the CPU's tables: `info gdt|idt|ldt|tss|tab` and `page LADDR`. All
// memory is read through the side-effect-free translation of debugger_memory.h.
#pragma once
#include <cstdint>
#include <ostream>

namespace bw { class Machine; }

namespace bw::frontend::dbg {

void info_gdt(Machine& m, std::ostream& out);
void info_ldt(Machine& m, std::ostream& out);
// Entries first..last (clamped to the IDT limit); real mode shows the interrupt vector table.
void info_idt(Machine& m, std::ostream& out, unsigned first = 0, unsigned last = 255);
void info_tss(Machine& m, std::ostream& out);
// Mapped linear ranges, merged where pages are contiguous with equal permissions.
void info_tab(Machine& m, std::ostream& out);
// The translation of one linear address, step by step.
void page_walk(Machine& m, uint32_t lin, std::ostream& out);

} // namespace bw::frontend::dbg
