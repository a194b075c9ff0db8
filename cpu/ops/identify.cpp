// CPUID and RDTSC (SDM Vol. 2, CPUID and RDTSC). CPUID reports only features this emulator
// implements for the selected model; the time-stamp counter counts executed instructions, which
// keeps runs deterministic.
#include "cpu/ops/common.h"

namespace bw::ops {
namespace {

struct Identity {
    uint32_t signature;  // EAX of leaf 1: stepping, model, family
    uint32_t features;   // EDX of leaf 1
};

// Feature bits (SDM Vol. 2, table 3-11): FPU = 0 (on-chip x87, ops/fpu_ops.cpp), VME = 1
// (CR4.VME/PVI, VIF/VIP, the interrupt redirection bit map), DE = 2
// (CR4.DE: DR4/DR5 #UD), PSE = 3 (4 MiB pages), TSC = 4, MSR = 5 (RDMSR/WRMSR), PAE = 6,
// CX8 = 8 (CMPXCHG8B), SEP = 11 (SYSENTER/SYSEXIT), MTRR = 12 (stored MTRR MSRs), PGE = 13,
// CMOV = 15 (also FCMOVcc/FCOMI with FPU), FXSR = 24 (FXSAVE/FXRSTOR). Not reported: MCE/MCA,
// PAT (no PAT bit on the P6 family), MMX.
constexpr uint32_t kFpu = 1u << 0, kVme = 1u << 1, kDe = 1u << 2, kPse = 1u << 3, kTsc = 1u << 4,
                   kMsr = 1u << 5, kPae = 1u << 6, kCx8 = 1u << 8, kSep = 1u << 11, kMtrr = 1u << 12,
                   kPge = 1u << 13, kCmov = 1u << 15, kFxsr = 1u << 24;

Identity identity(CpuModel m) {
    switch (m) {
    case CpuModel::i486: return {0x0000'0480u, kFpu};                    // 486 with CPUID (family 4)
    case CpuModel::pentium:                                              // Pentium (P54C)
        return {0x0000'0543u, kFpu | kVme | kDe | kPse | kTsc | kMsr | kCx8};
    default:  // Pentium II class (family 6, model 3: SEP is valid from model 3 on); matches the
              // reset EDX signature (cpu.cpp)
        return {0x0000'0633u, kFpu | kVme | kDe | kPse | kTsc | kMsr | kPae | kCx8 | kSep | kMtrr | kPge | kCmov | kFxsr};
    }
}

// Extended leaves exist only with --cpu p6,+nx: 80000000H gives the highest (80000001H) and
// 80000001H reports XD in EDX bit 20 (SDM Vol. 2, CPUID, table 3-8; Intel leaves EAX, EBX and
// ECX of both reserved, and the vendor string is not repeated).
constexpr uint32_t kMaxBasicLeaf = 1, kMaxExtLeaf = 0x8000'0001u, kExtXd = 1u << 20;

void cpuid(Cpu& c, const Insn&) {
    uint32_t leaf = c.s.gpr[EAX].d;
    Identity id = identity(c.model());
    uint32_t a = 0, b = 0, cx = 0, d = 0;
    // A leaf above the highest basic or extended one returns the highest basic leaf's data
    // (SDM Vol. 2, CPUID: "If a value entered for CPUID.EAX is higher than the maximum input
    // value for basic or extended function for that processor then the data for the highest
    // basic information leaf is returned"). Without extended leaves 80000000H is such a leaf,
    // and its EAX (the signature) stays below 80000000H as software checks for.
    const bool ext = c.features().nx;
    if (leaf >= 0x8000'0000u ? (!ext || leaf > kMaxExtLeaf) : leaf > kMaxBasicLeaf) leaf = kMaxBasicLeaf;
    if (leaf == 0x8000'0000u) {
        a = kMaxExtLeaf;
    } else if (leaf == 0x8000'0001u) {
        d = kExtXd;
    } else if (leaf == 0) {
        a = kMaxBasicLeaf;
        // "GenuineIntel" in EBX, EDX, ECX order.
        b = 0x756E6547u;
        d = 0x49656E69u;
        cx = 0x6C65746Eu;
    } else if (leaf == 1) {
        a = id.signature;
        d = id.features;
        // APIC = 9: the P6 machine's local APIC (devices/local_apic.*) while IA32_APIC_BASE[11]
        // keeps it globally enabled (SDM Vol. 3, 10.4.3: the flag reads 0 once it is cleared).
        if (ApicBaseMsr* apic = c.local_apic(); apic && (apic->apic_base() & 0x800)) d |= 1u << 9;
    }
    c.s.gpr[EAX].d = a;
    c.s.gpr[EBX].d = b;
    c.s.gpr[ECX].d = cx;
    c.s.gpr[EDX].d = d;
}

// CR4.TSD restricts RDTSC to CPL 0 (SDM Vol. 2, RDTSC).
void rdtsc(Cpu& c, const Insn&) {
    if ((c.s.cr[4] & (1u << 2)) && c.cpl() != 0) c.fault(VEC_GP, 0);
    uint64_t tsc = c.instructions() + c.s.msr.tsc_offset;  // WRMSR 10h moves it
    c.s.gpr[EAX].d = uint32_t(tsc);
    c.s.gpr[EDX].d = uint32_t(tsc >> 32);
}

} // namespace

void register_identify(OpTable& t) {
    if (t.at_least(CpuModel::i486)) set_op(t, 1, 0xA2, 0, {0, 0, BW_ONE(cpuid)});
    if (t.at_least(CpuModel::pentium)) set_op(t, 1, 0x31, 0, {0, 0, BW_ONE(rdtsc)});
}

} // namespace bw::ops
