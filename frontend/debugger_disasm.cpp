#include "frontend/debugger_disasm.h"
#include <capstone/capstone.h>
#include <cstdio>
#include <stdexcept>
#include "devices/machine.h"
#include "frontend/debugger_memory.h"

namespace bw::frontend::dbg {
namespace {

// The value of a Capstone register operand (address registers only: 16/32-bit GPRs, IP/EIP).
uint32_t capstone_reg(const Cpu& c, unsigned r, uint32_t next_eip) {
    const CpuState& s = c.s;
    switch (r) {
    case X86_REG_EAX: return s.gpr[EAX].d;
    case X86_REG_ECX: return s.gpr[ECX].d;
    case X86_REG_EDX: return s.gpr[EDX].d;
    case X86_REG_EBX: return s.gpr[EBX].d;
    case X86_REG_ESP: return s.gpr[ESP].d;
    case X86_REG_EBP: return s.gpr[EBP].d;
    case X86_REG_ESI: return s.gpr[ESI].d;
    case X86_REG_EDI: return s.gpr[EDI].d;
    case X86_REG_AX: return s.gpr[EAX].w;
    case X86_REG_CX: return s.gpr[ECX].w;
    case X86_REG_DX: return s.gpr[EDX].w;
    case X86_REG_BX: return s.gpr[EBX].w;
    case X86_REG_SP: return s.gpr[ESP].w;
    case X86_REG_BP: return s.gpr[EBP].w;
    case X86_REG_SI: return s.gpr[ESI].w;
    case X86_REG_DI: return s.gpr[EDI].w;
    case X86_REG_AL: return s.gpr[EAX].b[0];  // XLAT's [bx + al]
    case X86_REG_EIP: case X86_REG_IP: return next_eip;
    default: return 0;
    }
}

int segment_index(unsigned r) {
    switch (r) {
    case X86_REG_ES: return ES;
    case X86_REG_CS: return CS;
    case X86_REG_SS: return SS;
    case X86_REG_DS: return DS;
    case X86_REG_FS: return FS;
    case X86_REG_GS: return GS;
    default: return -1;
    }
}

bool is_stack_base(unsigned r) {
    return r == X86_REG_BP || r == X86_REG_EBP || r == X86_REG_SP || r == X86_REG_ESP;
}

csh open_mode(cs_mode mode) {
    csh h = 0;
    if (cs_open(CS_ARCH_X86, mode, &h) != CS_ERR_OK) throw std::runtime_error("Capstone cannot open an x86 decoder");
    cs_option(h, CS_OPT_DETAIL, CS_OPT_ON);
    return h;
}

} // namespace

CodePlace current_code(Cpu& c) {
    CodePlace p;
    p.cs = c.s.seg[CS].selector;
    p.eip = c.s.eip;
    p.lin = c.s.seg[CS].base + c.s.eip;
    p.code32 = c.code32();
    return p;
}

Disassembler::Disassembler() : handle16_(open_mode(CS_MODE_16)), handle32_(open_mode(CS_MODE_32)) {}

Disassembler::~Disassembler() {
    csh h16 = handle16_, h32 = handle32_;
    cs_close(&h16);
    cs_close(&h32);
}

Decoded Disassembler::decode_at(Machine& m, uint32_t lin, uint32_t display, bool code32, bool operands) {
    Decoded d;
    size_t n = read_linear(m, lin, d.bytes, 15);
    if (n == 0) {
        d.text = "(code not mapped)";
        return d;
    }
    csh h = code32 ? handle32_ : handle16_;
    cs_insn* insn = cs_malloc(h);
    const uint8_t* code = d.bytes;
    size_t size = n;
    uint64_t address = display;
    if (!cs_disasm_iter(h, &code, &size, &address, insn)) {
        cs_free(insn, 1);
        char buf[32];
        std::snprintf(buf, sizeof buf, "(bad) db 0x%02x", d.bytes[0]);
        d.text = buf;
        d.len = 1;
        return d;
    }
    d.ok = true;
    d.len = insn->size;
    d.text = insn->mnemonic;
    if (insn->op_str[0]) d.text += std::string(" ") + insn->op_str;
    const cs_x86& x = insn->detail->x86;
    d.is_call = insn->id == X86_INS_CALL || insn->id == X86_INS_LCALL;
    d.is_int = insn->id == X86_INS_INT || insn->id == X86_INS_INT3 || insn->id == X86_INS_INTO;
    d.has_rep = x.prefix[0] == X86_PREFIX_REP || x.prefix[0] == X86_PREFIX_REPE || x.prefix[0] == X86_PREFIX_REPNE;
    if (operands) {
        Cpu& c = m.cpu();
        const uint32_t amask = x.addr_size == 4 ? 0xFFFFFFFFu : 0xFFFFu;
        const uint32_t next = (c.s.eip + d.len) & (code32 ? 0xFFFFFFFFu : 0xFFFFu);
        for (unsigned k = 0; k < x.op_count; ++k) {
            const cs_x86_op& op = x.operands[k];
            if (op.type != X86_OP_MEM) continue;
            // LEA and NOP-with-ModRM name memory but never touch it.
            if (insn->id == X86_INS_LEA || insn->id == X86_INS_NOP) continue;
            int seg = segment_index(op.mem.segment);
            if (seg < 0) seg = is_stack_base(op.mem.base) ? SS : DS;
            uint32_t ea = capstone_reg(c, op.mem.base, next) + capstone_reg(c, op.mem.index, next) * uint32_t(op.mem.scale) +
                          uint32_t(op.mem.disp);
            MemOperand mo;
            mo.lin = c.s.seg[seg].base + (ea & amask);
            mo.size = op.size ? op.size : 1;
            // Capstone 4 leaves `access` zero for some forms; treat those as read and write.
            mo.read = op.access == 0 || (op.access & CS_AC_READ);
            mo.write = op.access == 0 || (op.access & CS_AC_WRITE);
            d.mem.push_back(mo);
        }
    }
    cs_free(insn, 1);
    return d;
}

std::string format_code_line(const CodePlace& where, const Decoded& d) {
    char head[32];
    if (where.code32) std::snprintf(head, sizeof head, "%04x:%08x", where.cs, where.eip);
    else std::snprintf(head, sizeof head, "%04x:%04x", where.cs, where.eip & 0xFFFF);
    return format_insn(head, d);
}

std::string format_insn(const std::string& head, const Decoded& d) {
    std::string bytes;
    for (unsigned k = 0; k < d.len; ++k) {
        char b[4];
        std::snprintf(b, sizeof b, "%02x", d.bytes[k]);
        bytes += b;
    }
    if (bytes.size() < 20) bytes.resize(20, ' ');
    return head + "  " + bytes + "  " + d.text;
}

} // namespace bw::frontend::dbg
