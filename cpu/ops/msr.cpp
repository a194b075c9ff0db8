// Model-specific registers and fast system calls (SDM Vol. 2: RDMSR, WRMSR, RDPMC, SYSENTER,
// SYSEXIT, INVD, WBINVD, UD2; SDM Vol. 4 for the MSR numbers). MSRs are stored registers; none
// changes how the emulator runs except the TSC (an offset on the executed-instruction count)
// and IA32_EFER.NXE (execute-disable paging, cpu/paging.cpp).
#include "cpu/ops/common.h"

namespace bw::ops {
namespace {

bool msr_access(Cpu& c, uint32_t index, bool write, uint64_t& v) {
    CpuState::Msrs& m = c.s.msr;
    const bool p6 = c.model() >= CpuModel::p6;
    auto rw = [&](uint64_t& reg) {
        if (write) reg = v;
        else v = reg;
        return true;
    };
    switch (index) {
    case 0x10: {  // IA32_TIME_STAMP_COUNTER
        if (write) m.tsc_offset = v - c.instructions();
        else v = c.instructions() + m.tsc_offset;
        return true;
    }
    default: break;
    }
    if (!p6) return false;
    switch (index) {
    case 0x1B:                                                 // IA32_APIC_BASE
        if (ApicBaseMsr* apic = c.local_apic()) {              // lives in the local APIC
            if (write) return apic->set_apic_base(v);
            v = apic->apic_base();
            return true;
        }
        return rw(m.apic_base);
    case 0x8B: return rw(m.bios_sign);                         // IA32_BIOS_SIGN_ID
    case 0x79: return write;                                   // IA32_BIOS_UPDT_TRIG (write-only)
    case 0xFE: if (write) return false; v = 0x508; return true; // MTRRCAP: 8 variable, fixed, WC
    case 0x174: if (write) m.sysenter_cs = uint32_t(v); else v = m.sysenter_cs; return true;
    case 0x175: if (write) m.sysenter_esp = uint32_t(v); else v = m.sysenter_esp; return true;
    case 0x176: if (write) m.sysenter_eip = uint32_t(v); else v = m.sysenter_eip; return true;
    case 0xC1: case 0xC2: return rw(m.perfctr[index - 0xC1]);  // PERFCTR0/1 (do not count)
    case 0x186: case 0x187: return rw(m.evntsel[index - 0x186]);
    case 0x277: return rw(m.pat);                              // IA32_PAT
    case 0x2FF: return rw(m.mtrr_def_type);                    // IA32_MTRR_DEF_TYPE
    case 0x250: return rw(m.mtrr_fixed[0]);                    // MTRR_FIX64K_00000
    case 0x258: case 0x259: return rw(m.mtrr_fixed[1 + index - 0x258]);
    default: break;
    }
    if (index == 0xC0000080 && c.features().nx) {
        // IA32_EFER exists only with the execute-disable feature (CPUID.80000001H:EDX[20]),
        // whose one bit here is NXE (11); SCE, LME and LMA belong to features this model
        // lacks, so setting any other bit is #GP(0) like a reserved bit (SDM Vol. 4, table 2-2;
        // Vol. 2, WRMSR). The TLB caches each page's XD decision as taken under the old NXE:
        // flush it when NXE changes (the processor may always invalidate more, Vol. 3, 4.10.4.1).
        if (!write) {
            v = m.efer;
            return true;
        }
        if (v & ~efer::NXE) return false;
        if (v != m.efer) {
            m.efer = v;
            c.flush_tlb();
            c.request_event();  // the next fetch looks its page up again
        }
        return true;
    }
    if (index >= 0x268 && index <= 0x26F) return rw(m.mtrr_fixed[3 + index - 0x268]);
    if (index >= 0x200 && index <= 0x20F) return rw(m.mtrr_var[index - 0x200]);
    return false;
}

// RDMSR/WRMSR: CPL 0 only; an unimplemented MSR is #GP(0).
void rdmsr(Cpu& c, const Insn&) {
    if (c.cpl() != 0) c.fault(VEC_GP, 0);
    uint64_t v = 0;
    if (!msr_access(c, c.s.gpr[ECX].d, false, v)) c.fault(VEC_GP, 0);
    c.s.gpr[EAX].d = uint32_t(v);
    c.s.gpr[EDX].d = uint32_t(v >> 32);
}
void wrmsr(Cpu& c, const Insn&) {
    if (c.cpl() != 0) c.fault(VEC_GP, 0);
    uint64_t v = c.s.gpr[EAX].d | (uint64_t(c.s.gpr[EDX].d) << 32);
    if (!msr_access(c, c.s.gpr[ECX].d, true, v)) c.fault(VEC_GP, 0);
}

// RDPMC: counter 0 or 1 (40 bits); CPL > 0 needs CR4.PCE.
void rdpmc(Cpu& c, const Insn&) {
    uint32_t n = c.s.gpr[ECX].d;
    if (n > 1 || (c.cpl() != 0 && !(c.s.cr[4] & (1u << 8)))) c.fault(VEC_GP, 0);
    uint64_t v = c.s.msr.perfctr[n] & 0xFF'FFFF'FFFFull;
    c.s.gpr[EAX].d = uint32_t(v);
    c.s.gpr[EDX].d = uint32_t(v >> 32);
}

// Flat 4 GiB segments as SYSENTER/SYSEXIT load them, without descriptor reads.
void flat(SegmentRegister& r, uint16_t selector, uint16_t access) {
    r.selector = selector;
    r.base = 0;
    r.limit = 0xFFFFFFFFu;
    r.access = access;
    r.update_bounds(true);
}

// SYSENTER: to CPL 0 at SYSENTER_CS:SYSENTER_EIP with SS = SYSENTER_CS + 8 and ESP =
// SYSENTER_ESP; clears VM, IF and RF. #GP(0) in real mode or with a null SYSENTER_CS.
void sysenter(Cpu& c, const Insn&) {
    uint32_t cs = c.s.msr.sysenter_cs;
    if (!c.protected_mode() || (cs & 0xFFFC) == 0) c.fault(VEC_GP, 0);
    c.set_eflags(0, fl::VM | fl::IF | fl::RF);
    flat(c.s.seg[CS], uint16_t(cs & 0xFFFC), 0xC09B);   // 32-bit code, DPL 0, accessed
    flat(c.s.seg[SS], uint16_t((cs & 0xFFFC) + 8), 0xC093);
    c.s.gpr[ESP].d = c.s.msr.sysenter_esp;
    c.s.eip = c.s.msr.sysenter_eip;
    c.update_tlb_mode();
    c.request_event();
}

// SYSEXIT: to CPL 3 at (SYSENTER_CS + 16 | 3):EDX with SS = SYSENTER_CS + 24 | 3, ESP = ECX.
void sysexit(Cpu& c, const Insn&) {
    uint32_t cs = c.s.msr.sysenter_cs;
    if (!c.protected_mode() || (cs & 0xFFFC) == 0 || c.cpl() != 0) c.fault(VEC_GP, 0);
    flat(c.s.seg[CS], uint16_t(((cs + 16) & 0xFFFC) | 3), 0xC0FB);
    flat(c.s.seg[SS], uint16_t(((cs + 24) & 0xFFFC) | 3), 0xC0F3);
    c.s.gpr[ESP].d = c.s.gpr[ECX].d;
    c.s.eip = c.s.gpr[EDX].d;
    c.update_tlb_mode();
    c.request_event();
}

// INVD/WBINVD: there are no caches to flush; privileged (486+).
void invd(Cpu& c, const Insn&) {
    if (c.cpl() != 0) c.fault(VEC_GP, 0);
}

void ud2(Cpu& c, const Insn&) { c.fault(VEC_UD); }

} // namespace

void register_msr(OpTable& t) {
    if (t.at_least(CpuModel::i486)) {
        set_op(t, 1, 0x08, 0, {0, 0, BW_ONE(invd)});
        set_op(t, 1, 0x09, 0, {0, 0, BW_ONE(invd)});
    }
    if (t.at_least(CpuModel::pentium)) {
        set_op(t, 1, 0x30, 0, {0, 0, BW_ONE(wrmsr)});
        set_op(t, 1, 0x32, 0, {0, 0, BW_ONE(rdmsr)});
    }
    if (t.at_least(CpuModel::p6)) {
        set_op(t, 1, 0x33, 0, {0, 0, BW_ONE(rdpmc)});
        set_op(t, 1, 0x34, dec::ENDS, {0, 0, BW_ONE(sysenter)});
        set_op(t, 1, 0x35, dec::ENDS, {0, 0, BW_ONE(sysexit)});
        set_op(t, 1, 0x0B, dec::ENDS, {0, 0, BW_ONE(ud2)});
    }
}

} // namespace bw::ops
