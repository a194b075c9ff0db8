// A trace: decoded records for a run of consecutive instructions in one physical page, ending at
// the first control transfer. Traces are cached by the physical address of their first byte and
// the EIP it was decoded at (records hold absolute EIPs). insn[count] is an end record whose
// threaded form leaves the chain.
#pragma once
#include <cstdint>
#include "cpu/insn.h"

namespace bw {

struct Trace {
    static constexpr unsigned kMaxInsns = 32;
    uint32_t phys = 1;        // physical address of the first instruction (odd sentinel = empty)
    uint32_t key = 0;         // decode mode the records were made for (code size)
    uint32_t eip = 0;         // EIP of the first instruction
    uint32_t generation = 0;  // the page's code generation when decoded
    uint32_t span = 0;        // bytes covered, for the CS limit check
    uint32_t count = 0;
    // Chaining: the traces that ran after this one, for EIP link_eip[k] with CS base
    // link_base[k], valid while Cpu's chain epoch equals link_epoch[k] (bumped whenever a trace
    // is built or invalidated, the TLB changes, or an event is taken).
    uint32_t link_eip[2] = {};
    uint32_t link_base[2] = {};
    uint64_t link_epoch[2] = {};
    Trace* link[2] = {};
    uint32_t link_victim = 0;
    // Per exit with a fixed EIP (Cpu::chain_exit: 0 = relative branch taken, 1 = not taken or
    // trace cut short): the trace that ran next, from CS base exit_base[k], valid while the
    // chain epoch equals exit_epoch[k].
    uint32_t exit_base[2] = {};
    uint64_t exit_epoch[2] = {};
    Trace* exit_next[2] = {};
    Insn insn[kMaxInsns + 1];
};

} // namespace bw
