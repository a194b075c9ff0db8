// Intel 82441FX PCI and Memory Controller (PMC), the host bridge of the 440FX PCIset, at bus 0
// device 0 function 0 (datasheet 290549-001, "82440FX PCISET", "Register Description"). Modelled: the
// identity (8086:1237), the registers BIOSes program (PMCCFG, DETURBO, DBC, DRT, DRAMC, DRB0-7,
// FDHC, MTT, CLT, SMRAM, ERRCMD...) as read/write storage, and PAM0-PAM6 (59h-5Fh), which select
// shadow RAM or the ROM side for C0000-FFFFF in 16 KiB segments (64 KiB for F0000-FFFFF).
// Not modelled: SMRAM (no SMM in the CPU), DRAM timing, error reporting.
#pragma once
#include "devices/machine.h"
#include "devices/pci.h"

namespace bw {

class I440fx : public Device, public PciFunction {
public:
    I440fx(Machine& m, PciBus& bus);
    const char* name() const override { return "i440fx"; }
    void reset() override;

private:
    void config_written(uint8_t reg, unsigned size) override;
    void apply_pam();

    Machine& m_;
};

} // namespace bw
