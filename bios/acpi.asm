; acpi.asm -- ACPI 2.0 tables and, when the APICs are there, the MADT and the Intel
; MultiProcessor Specification 1.4 tables.
;
; Where things live (ACPI 2.0, 5.2.4.1 "Finding the RSDP on IA-PC Systems"; 14 "System Address
; Map Interfaces"):
;   - the RSDP on a 16-byte boundary in the F0000h-FFFFFh BIOS area. This segment is ROM, so
;     POST shadows it first (82441FX PAM0 59h: writes to DRAM while reads come from ROM, copy
;     the 64 KiB onto itself, then read/write DRAM), writes the RSDP (and the MP floating
;     pointer and configuration table) and leaves the segment read-only DRAM (PAM0 RE only).
;   - the other tables in the top ACPI_AREA bytes of RAM: the FACS in the first 4 KiB, which
;     E820 reports as AddressRangeNVS (type 4) as 5.2.9 wants for the FACS, the RSDT, XSDT,
;     FADT, MADT and DSDT after it, reported as AddressRangeACPI (type 3). EB_USABLE (the end of
;     usable extended memory for E820/E801/88h) moves down to the start of the area.
;
; The fixed hardware is the PIIX4 power-management function (82371AB datasheet 290562-001,
; PCI function 3, devices/piix3.*): POST places its 64-byte PM I/O block at ACPI_PM_BASE through
; PMBA (40h) and PMREGMISC.PMIOSE (80h bit 0). PM1a_EVT_BLK = base + 0 (PMSTS, PMEN), PM1a_CNT_BLK
; = base + 4 (PMCNTRL), PM_TMR_BLK = base + 8 (24-bit PM timer), SCI on ISA IRQ 9, SMI_CMD = APMC
; (B2h) with ACPI_ENABLE F1h / ACPI_DISABLE F0h, which set/clear SCI_EN. PMCNTRL.SUS_TYP = 0 with
; SUS_EN is soft-off, so \_S5 gives SLP_TYP 0.
;
; The MADT (5.2.10.4) and the MP tables are built only when CPUID.1:EDX bit 9 reports a local
; APIC and an I/O APIC answers at FEC00000h (its version register, index 1, reads something
; other than all ones).

ACPI_PM_BASE    equ 0x0600          ; PM I/O block (64 bytes)
ACPI_SCI_IRQ    equ 9
ACPI_AREA       equ 0x10000         ; bytes at the top of RAM (64 KiB keeps the usable
                                    ; top a multiple of 64 KiB, as E801h BX counts)
ACPI_NVS_SIZE   equ 0x1000          ; the first 4 KiB of it: FACS (NVS)
IOAPIC_BASE     equ 0xFEC00000
IOAPIC_ID       equ 1               ; the ID POST gives the I/O APIC (the BSP's local APIC is 0)

; offsets inside the area
AOFF_FACS       equ 0x0000
AOFF_TABLES     equ ACPI_NVS_SIZE   ; where acpi_tpl is copied
AOFF_RSDT       equ AOFF_TABLES + (acpi_rsdt - acpi_tpl)
AOFF_XSDT       equ AOFF_TABLES + (acpi_xsdt - acpi_tpl)
AOFF_FADT       equ AOFF_TABLES + (acpi_fadt - acpi_tpl)
AOFF_MADT       equ AOFF_TABLES + (acpi_madt - acpi_tpl)
AOFF_DSDT       equ AOFF_TABLES + (acpi_dsdt - acpi_tpl)

; standard table header (ACPI 2.0, 5.2.6 "System Description Table Header"): signature, length,
; revision, checksum (patched at POST), OEMID, OEM table ID, OEM revision, creator ID, creator
; revision
%macro ACPI_HEADER 3                ; signature, end label, revision
        db %1
        dd %2 - $ + 4
        db %3
        db 0
        db "BOXWD "
        db "BOXWOOD "
        dd 1
        db "BXWD"
        dd 1
%endmacro

; Generic Address Structure (ACPI 2.0, 5.2.3.1): address space ID (1 = system I/O), register
; bit width, bit offset, reserved (ACPI 3.0: access size), 64-bit address
%macro GAS_IO 2                     ; port, bit width
        db 1, %2, 0, 0
        dq %1
%endmacro

; AML PkgLength (ACPI 2.0, 16.2.4 "Package Length Encoding"): the length counts itself and
; everything up to the end label. PKGLEN1: one byte, bits 7-6 = 0, length < 64. PKGLEN2: lead
; byte bits 7-6 = 01 (one more byte), bits 3-0 = length bits 3-0, next byte = length bits 11-4.
%macro PKGLEN1 1
        db (%1 - $)
%endmacro
%macro PKGLEN2 1
        db 0x40 | ((%1 - $) & 0x0F), ((%1 - $) >> 4)
%endmacro

; ---- FACS (ACPI 2.0, 5.2.9, Table 5-11): 64 bytes, 64-byte aligned, copied to the area ----
acpi_facs:
        db "FACS"
        dd 64                       ; length
        dd 0                        ; hardware signature
        dd 0                        ; firmware waking vector (no S2/S3)
        dd 0                        ; global lock
        dd 0                        ; flags: no S4BIOS
        dq 0                        ; X firmware waking vector
        db 1                        ; version (ACPI 2.0)
        times 31 db 0
acpi_facs_end:

; ---- the tables copied to area + AOFF_TABLES; pointers and checksums are patched ----
acpi_tpl:
        align 16, db 0
; RSDT (5.2.7): FADT, then the MADT when present (length patched: 36 + 4 * n)
acpi_rsdt:
        ACPI_HEADER "RSDT", acpi_rsdt_end, 1
        dd 0, 0
acpi_rsdt_end:
        align 16, db 0
; XSDT (5.2.8): the same entries as 64-bit addresses (length patched: 36 + 8 * n)
acpi_xsdt:
        ACPI_HEADER "XSDT", acpi_xsdt_end, 1
        dq 0, 0
acpi_xsdt_end:
        align 16, db 0
; FADT (5.2.5, Table 5-9), revision 3 = ACPI 2.0, 244 bytes
acpi_fadt:
        ACPI_HEADER "FACP", acpi_fadt_end, 3
        dd 0                        ; 36 FIRMWARE_CTRL (FACS, patched)
        dd 0                        ; 40 DSDT (patched)
        db 0                        ; 44 reserved (ACPI 1.0 INT_MODEL)
        db 0                        ; 45 Preferred_PM_Profile: unspecified
        dw ACPI_SCI_IRQ             ; 46 SCI_INT
        dd 0xB2                     ; 48 SMI_CMD: PIIX4 APMC
        db 0xF1                     ; 52 ACPI_ENABLE
        db 0xF0                     ; 53 ACPI_DISABLE
        db 0                        ; 54 S4BIOS_REQ
        db 0                        ; 55 PSTATE_CNT
        dd ACPI_PM_BASE             ; 56 PM1a_EVT_BLK (PMSTS, PMEN)
        dd 0                        ; 60 PM1b_EVT_BLK
        dd ACPI_PM_BASE + 4         ; 64 PM1a_CNT_BLK (PMCNTRL)
        dd 0                        ; 68 PM1b_CNT_BLK
        dd 0                        ; 72 PM2_CNT_BLK
        dd ACPI_PM_BASE + 8         ; 76 PM_TMR_BLK (PMTMR)
        dd 0                        ; 80 GPE0_BLK: none
        dd 0                        ; 84 GPE1_BLK
        db 4                        ; 88 PM1_EVT_LEN
        db 2                        ; 89 PM1_CNT_LEN
        db 0                        ; 90 PM2_CNT_LEN
        db 4                        ; 91 PM_TMR_LEN
        db 0                        ; 92 GPE0_BLK_LEN
        db 0                        ; 93 GPE1_BLK_LEN
        db 0                        ; 94 GPE1_BASE
        db 0                        ; 95 CST_CNT
        dw 0x0FFF                   ; 96 P_LVL2_LAT: > 100, C2 not supported
        dw 0x0FFF                   ; 98 P_LVL3_LAT: > 1000, C3 not supported
        dw 0, 0                     ; 100 FLUSH_SIZE, FLUSH_STRIDE
        db 0, 0                     ; 104 DUTY_OFFSET, DUTY_WIDTH
        db 0, 0                     ; 106 DAY_ALRM, MON_ALRM: no RTC alarm extensions
        db 0x32                     ; 108 CENTURY: CMOS register 32h
        dw 0x0003                   ; 109 IAPC_BOOT_ARCH: LEGACY_DEVICES, 8042
        db 0                        ; 111 reserved
        dd 0x00000425               ; 112 Flags: WBINVD, PROC_C1, SLP_BUTTON (none),
                                    ;     RESET_REG_SUP; PWR_BUTTON = 0 (fixed feature),
                                    ;     TMR_VAL_EXT = 0 (24-bit timer)
        GAS_IO 0x0CF9, 8            ; 116 RESET_REG: PIIX Reset Control register
        db 0x06                     ; 128 RESET_VALUE: SRST | RCPU (hard reset)
        db 0, 0, 0                  ; 129 reserved
        dq 0                        ; 132 X_FIRMWARE_CTRL: 0, FIRMWARE_CTRL is used
        dq 0                        ; 140 X_DSDT (patched)
        GAS_IO ACPI_PM_BASE, 32     ; 148 X_PM1a_EVT_BLK
        times 12 db 0               ; 160 X_PM1b_EVT_BLK
        GAS_IO ACPI_PM_BASE + 4, 16 ; 172 X_PM1a_CNT_BLK
        times 12 db 0               ; 184 X_PM1b_CNT_BLK
        times 12 db 0               ; 196 X_PM2_CNT_BLK
        GAS_IO ACPI_PM_BASE + 8, 32 ; 208 X_PM_TMR_BLK
        times 12 db 0               ; 220 X_GPE0_BLK
        times 12 db 0               ; 232 X_GPE1_BLK
acpi_fadt_end:
%if acpi_fadt_end - acpi_fadt != 244
%error FADT must be 244 bytes
%endif
        align 16, db 0
; MADT (5.2.10.4, Table 5-17): local APIC address, PCAT_COMPAT, then the entries
acpi_madt:
        ACPI_HEADER "APIC", acpi_madt_end, 1
acpi_madt_lapic:
        dd 0xFEE00000               ; local APIC address (patched from IA32_APIC_BASE)
        dd 1                        ; flags: PCAT_COMPAT (dual 8259 present)
        ; Processor Local APIC (5.2.10.5): ACPI processor ID 0 (\_PR.CPU0), APIC ID, enabled
        db 0, 8, 0
acpi_madt_cpuid:
        db 0
        dd 1
        ; I/O APIC (5.2.10.6): ID, reserved, address, global system interrupt base 0
        db 1, 12, IOAPIC_ID, 0
        dd IOAPIC_BASE
        dd 0
        ; Interrupt Source Overrides (5.2.10.8): ISA IRQ 0 -> GSI 2 (the 8254 on INTIN2),
        ; flags 0 = conforms to the bus (edge, active high)
        db 2, 10, 0, 0
        dd 2
        dw 0
        ; SCI: ISA IRQ 9 -> GSI 9, active high (01b), level triggered (11b << 2)
        db 2, 10, 0, ACPI_SCI_IRQ
        dd ACPI_SCI_IRQ
        dw 0x000D
        ; Local APIC NMI (5.2.10.10): all processors (FFh), flags conform, LINT1
        db 4, 6, 0xFF
        dw 0
        db 1
acpi_madt_end:
        align 16, db 0

; ---- DSDT (5.2.11.1) in AML (ACPI 2.0, 16 "ACPI Source Language Reference", 16.2 "ACPI
; Machine Language (AML) Specification"). The ASL it encodes:
;   DefinitionBlock ("", "DSDT", 2, "BOXWD ", "BOXWOOD ", 1) {
;     Name (\_S5, Package (4) { 0, 0, 0, 0 })      // SLP_TYPa, SLP_TYPb: PIIX4 soft-off
;     Name (PICM, 0)
;     Method (_PIC, 1) { Store (Arg0, PICM) }        // 5.8.1: 0 PIC, 1 APIC mode
;     Scope (\_PR) { Processor (CPU0, 0, 0, 0) {} }  // no P_BLK: no C2/C3, no throttling
;     Scope (\_SB) {
;       Device (PCI0) {
;         Name (_HID, EisaId ("PNP0A03"))           // PCI host bridge
;         Name (_ADR, 0)
;         Name (_UID, 0)
;         Name (_CRS, ResourceTemplate () { bus 0-FFh, I/O CF8h-CFFh (consumed), I/O 0-CF7h,
;           I/O D00h-FFFFh, memory A0000h-BFFFFh, memory <PCI window>-FEBFFFFFh })
;       }
;     }
;   }
; Opcodes (16.2.5): NameOp 08h, ZeroOp 00h, PackageOp 12h, MethodOp 14h, StoreOp 70h, Arg0Op
; 68h, ScopeOp 10h, ExtOpPrefix 5Bh + DeviceOp 82h / ProcessorOp 83h, BufferOp 11h, BytePrefix
; 0Ah, DWordPrefix 0Ch, RootChar 5Ch. NameSegs are 4 characters, padded with '_'.
acpi_dsdt:
        ACPI_HEADER "DSDT", acpi_dsdt_end, 2
        ; DefName := NameOp NameString DataRefObject; DefPackage := PackageOp PkgLength
        ; NumElements PackageElementList
        db 0x08, 0x5C, "_S5_"
        db 0x12
        PKGLEN1 .s5_end
        db 4                        ; NumElements
        db 0x00, 0x00, 0x00, 0x00   ; SLP_TYPa = 0, SLP_TYPb = 0, reserved, reserved
.s5_end:
        db 0x08, "PICM", 0x00
        ; DefMethod := MethodOp PkgLength NameString MethodFlags TermList (1 argument)
        db 0x14
        PKGLEN1 .pic_end
        db "_PIC", 0x01
        db 0x70, 0x68, "PICM"       ; DefStore := StoreOp TermArg SuperName
.pic_end:
        ; DefScope := ScopeOp PkgLength NameString TermList
        db 0x10
        PKGLEN1 .pr_end
        db 0x5C, "_PR_"
        ; DefProcessor := ExtOpPrefix ProcessorOp PkgLength NameString ProcID PblkAddr
        ; PblkLen TermList
        db 0x5B, 0x83
        PKGLEN1 .cpu_end
        db "CPU0", 0x00
        dd 0
        db 0
.cpu_end:
.pr_end:
        db 0x10
        PKGLEN2 .sb_end
        db 0x5C, "_SB_"
        ; DefDevice := ExtOpPrefix DeviceOp PkgLength NameString TermList
        db 0x5B, 0x82
        PKGLEN2 .pci0_end
        db "PCI0"
        db 0x08, "_HID", 0x0C
        dd 0x030AD041               ; EISA ID "PNP0A03" (compressed "PNP", product 0A03h)
        db 0x08, "_ADR", 0x00
        db 0x08, "_UID", 0x00
        ; DefBuffer := BufferOp PkgLength BufferSize ByteList
        db 0x08, "_CRS", 0x11
        PKGLEN2 .crs_end
        db 0x0A, .crs_bytes_end - .crs_bytes
.crs_bytes:
        ; resource descriptors (ACPI 2.0, 6.4): Word Address Space Descriptor 88h (6.4.3.5.2)
        ; and DWord 87h (6.4.3.5.1): type (0 memory, 1 I/O, 2 bus number), general flags 0Ch
        ; (producer, positive decode, min and max fixed), type-specific flags, granularity,
        ; minimum, maximum, translation offset, length
        db 0x88
        dw 13
        db 2, 0x0C, 0x00
        dw 0, 0x0000, 0x00FF, 0, 0x0100        ; bus numbers 0-FFh
        ; I/O Port Descriptor (6.4.2.5): 16-bit decode, CF8h-CFFh (configuration mechanism #1)
        db 0x47, 0x01
        dw 0x0CF8, 0x0CF8
        db 1, 8
        db 0x88
        dw 13
        db 1, 0x0C, 0x03                       ; I/O, entire range
        dw 0, 0x0000, 0x0CF7, 0, 0x0CF8
        db 0x88
        dw 13
        db 1, 0x0C, 0x03
        dw 0, 0x0D00, 0xFFFF, 0, 0xF300
        db 0x87
        dw 23
        db 0, 0x0C, 0x03                       ; memory, cacheable, read/write
        dd 0, 0x000A0000, 0x000BFFFF, 0, 0x00020000  ; VGA window
        db 0x87
        dw 23
        db 0, 0x0C, 0x01                       ; memory, non-cacheable, read/write
        dd 0
.pcimin:
        dd 0x80000000                          ; patched: max(top of RAM, 2 GiB)
        dd 0xFEBFFFFF, 0                       ; up to the I/O APIC (devices/pci.h)
.pcilen:
        dd 0xFEC00000 - 0x80000000             ; patched
        db 0x79, 0x00                          ; End Tag (6.4.2.8), checksum 0 = ignore
.crs_bytes_end:
.crs_end:
.pci0_end:
.sb_end:
acpi_dsdt_end:
acpi_tpl_end:

; ---- RSDP (5.2.4.3, Table 5-3): in the shadowed F segment, 16-byte aligned ----
        align 16, db 0
acpi_rsdp:
        db "RSD PTR "
        db 0                        ; checksum of the first 20 bytes (patched)
        db "BOXWD "                 ; OEMID
        db 2                        ; revision 2: ACPI 2.0, with the extended fields
        dd 0                        ; RsdtAddress (patched)
        dd 36                       ; Length
        dq 0                        ; XsdtAddress (patched)
        db 0                        ; extended checksum of all 36 bytes (patched)
        db 0, 0, 0
; MP floating pointer structure (MP Specification 1.4, 4.1) and configuration table (4.2)
        align 16, db 0
mp_float:
        times 16 db 0
mp_config:
        times 44 + 20 + 2 * 8 + 8 + 16 * 8 + 2 * 8 db 0
mp_config_space_end:

; ---------------------------------------------------------------------------------------
; PCI configuration mechanism #1 (PCI 2.1, 3.7.4.1)
; pci_read32: EAX = CONFIG_ADDRESS (bit 31 set, dword aligned) -> EAX = data
pci_read32:
        push dx
        mov dx, 0xCF8
        out dx, eax
        mov dx, 0xCFC
        in eax, dx
        pop dx
        ret
; pci_write32: EAX = CONFIG_ADDRESS, ECX = data
pci_write32:
        push dx
        mov dx, 0xCF8
        out dx, eax
        mov dx, 0xCFC
        xchg eax, ecx
        out dx, eax
        xchg eax, ecx
        pop dx
        ret
; pci_write8: EAX = CONFIG_ADDRESS with the byte's register number, CL = data
pci_write8:
        push dx
        push eax
        mov dx, ax
        and dx, 3
        add dx, 0xCFC
        and al, 0xFC
        push dx
        mov dx, 0xCF8
        out dx, eax
        pop dx
        mov al, cl
        out dx, al
        pop eax
        pop dx
        ret

; acpi_sum: FS:EBX = bytes, ECX = count -> AL = their 8-bit sum
acpi_sum:
        push ebx
        push ecx
        xor al, al
.l:     add al, [fs:ebx]
        inc ebx
        dec ecx
        jnz .l
        pop ecx
        pop ebx
        ret
; acpi_fix_table: FS:EBX = table with a standard header: checksum byte (9) so that all
; Length bytes sum to 0
acpi_fix_table:
        push ecx
        push eax
        mov byte [fs:ebx + 9], 0
        mov ecx, [fs:ebx + 4]
        call acpi_sum
        neg al
        mov [fs:ebx + 9], al
        pop eax
        pop ecx
        ret
; acpi_copy: CS:SI -> FS:EDI, CX bytes
acpi_copy:
        push si
        push edi
        push cx
.l:     mov al, [cs:si]
        mov [fs:edi], al
        inc si
        inc edi
        loop .l
        pop cx
        pop edi
        pop si
        ret

; acpi_init (POST): find the PIIX4 PM function and the 82441FX, place the PM I/O block, build
; the tables. Skipped (no ACPI) without those chips or with less than 2 MiB of RAM.
acpi_init:
        pushad
        push es
        push fs
        call get_ebda
        mov byte [es:EB_ACPIFLAGS], 0
        cmp byte [es:EB_CPU], 5
        jb .out                         ; CPUID-class CPUs only (386/486 boards had no ACPI)
        cmp dword [es:EB_RAMTOP], 0x200000
        jb .out
        mov eax, 0x80000000             ; 00:00.0 must be the 82441FX (PAM registers)
        call pci_read32
        cmp eax, 0x12378086
        jne .out
        mov ebx, 0x80000000             ; find 8086:7113 on bus 0
.find:  mov eax, ebx
        call pci_read32
        cmp eax, 0x71138086
        je .pm
        add ebx, 0x100
        cmp ebx, 0x80010000
        jb .find
        jmp .out
.pm:    lea eax, [ebx + 0x40]           ; PMBA: I/O base, bit 0 reads 1 (I/O space indicator)
        mov ecx, ACPI_PM_BASE | 1
        call pci_write32
        lea eax, [ebx + 0x80]           ; PMREGMISC: PMIOSE
        mov cl, 1
        call pci_write8
        call enter_unreal
        call acpi_detect_apic
        ; --- the area at the top of RAM ---
        mov edi, [es:EB_RAMTOP]
        sub edi, ACPI_AREA
        mov [es:EB_USABLE], edi
        mov ebp, edi                    ; EBP = area base
        mov ecx, ACPI_AREA / 4
.zero:  mov dword [fs:edi], 0
        add edi, 4
        loop .zero
        lea edi, [ebp + AOFF_FACS]
        mov si, acpi_facs
        mov cx, acpi_facs_end - acpi_facs
        call acpi_copy
        lea edi, [ebp + AOFF_TABLES]
        mov si, acpi_tpl
        mov cx, acpi_tpl_end - acpi_tpl
        call acpi_copy
        ; FADT pointers
        lea ebx, [ebp + AOFF_FADT]
        lea eax, [ebp + AOFF_FACS]
        mov [fs:ebx + 36], eax          ; (X_FIRMWARE_CTRL stays 0: the FACS is below 4 GiB;
                                        ; with both set Linux installs the FACS twice)
        lea eax, [ebp + AOFF_DSDT]
        mov [fs:ebx + 40], eax
        mov [fs:ebx + 140], eax
        call acpi_fix_table
        ; DSDT: the PCI memory window starts at max(top of RAM rounded up to 1 MiB, 2 GiB),
        ; as the PCI bus decodes it (devices/pci.cpp)
        mov eax, [es:EB_RAMTOP]
        add eax, 0xFFFFF
        and eax, 0xFFF00000
        cmp eax, 0x80000000
        jae .win
        mov eax, 0x80000000
.win:   lea ebx, [ebp + AOFF_DSDT]
        mov [fs:ebx + acpi_dsdt.pcimin - acpi_dsdt], eax
        neg eax
        add eax, 0xFEC00000
        mov [fs:ebx + acpi_dsdt.pcilen - acpi_dsdt], eax
        call acpi_fix_table
        ; RSDT/XSDT entries: the FADT, then the MADT
        lea eax, [ebp + AOFF_FADT]
        lea ebx, [ebp + AOFF_RSDT]
        lea edx, [ebp + AOFF_XSDT]
        mov [fs:ebx + 36], eax
        mov [fs:edx + 36], eax
        mov dword [fs:ebx + 4], 40
        mov dword [fs:edx + 4], 44
        test byte [es:EB_ACPIFLAGS], 2
        jz .nomadt
        lea eax, [ebp + AOFF_MADT]
        mov [fs:ebx + 40], eax
        mov [fs:edx + 44], eax
        mov dword [fs:ebx + 4], 44
        mov dword [fs:edx + 4], 52
        push ebx
        lea ebx, [ebp + AOFF_MADT]
        mov eax, [es:EB_LAPIC]
        mov [fs:ebx + acpi_madt_lapic - acpi_madt], eax
        mov al, [fs:eax + 0x20 + 3]     ; local APIC ID register bits 31-24
        mov [fs:ebx + acpi_madt_cpuid - acpi_madt], al
        call acpi_fix_table
        pop ebx
.nomadt:
        call acpi_fix_table             ; RSDT
        mov ebx, edx
        call acpi_fix_table             ; XSDT
        or byte [es:EB_ACPIFLAGS], 1
        ; --- the RSDP (and MP tables) in the F segment ---
        call fseg_shadow_open
        push ds
        push word BIOS_SEG
        pop ds
        lea eax, [ebp + AOFF_RSDT]
        mov [acpi_rsdp + 16], eax
        lea eax, [ebp + AOFF_XSDT]
        mov [acpi_rsdp + 24], eax
        mov si, acpi_rsdp
        mov cx, 20
        call .dssum
        neg al
        mov [acpi_rsdp + 8], al
        mov cx, 36
        call .dssum
        neg al
        mov [acpi_rsdp + 32], al
        pop ds
        test byte [es:EB_ACPIFLAGS], 2
        jz .nomp
        call mp_build
.nomp:  call fseg_shadow_close
.out:   pop fs
        pop es
        popad
        ret
; AL = sum of CX bytes at DS:SI
.dssum: push si
        push cx
        xor al, al
.ds1:   add al, [si]
        inc si
        loop .ds1
        pop cx
        pop si
        ret

; acpi_detect_apic: (FS flat, ES = EBDA) CPUID.1:EDX bit 9 and an I/O APIC at FEC00000h
; -> EB_ACPIFLAGS bit 1, EB_LAPIC = local APIC base; the I/O APIC gets ID IOAPIC_ID
acpi_detect_apic:
        pushad
        call lapic_base
        jc .none
        mov [es:EB_LAPIC], eax
        mov ebx, IOAPIC_BASE
        mov dword [fs:ebx], 1           ; IOREGSEL = 1: IOAPICVER
        mov eax, [fs:ebx + 0x10]        ; IOWIN
        cmp eax, 0xFFFFFFFF
        je .none
        test eax, eax
        jz .none
        mov [es:EB_IOAPICVER], eax
        mov dword [fs:ebx], 0           ; IOAPICID (82093AA datasheet 3.2.1): bits 27-24
        mov dword [fs:ebx + 0x10], IOAPIC_ID << 24
        or byte [es:EB_ACPIFLAGS], 2
.none:  popad
        ret

; fseg_shadow_open: (FS flat) F0000h-FFFFFh becomes read/write DRAM holding a copy of the ROM:
; PAM0 (82441FX 59h) bits 5-4 = 11b, then the 64 KiB are copied from the ROM's alias below
; 4 GiB (FFFF0000h, which PAM does not affect). The CPU cannot run from the F segment while
; it changes from ROM to still-empty DRAM (on a real 440FX, and in QEMU, write-only mode 10b
; does not send writes to DRAM either), so a position-independent routine does both from the
; POST scratch segment.
fseg_shadow_open:
        pushad
        push ds
        push es
        push word SCRATCH_SEG
        pop es
        push cs
        pop ds
        xor di, di
        mov si, fseg_tramp
        mov cx, fseg_tramp_end - fseg_tramp
        cld
        rep movsb
        pop es
        pop ds
        ; No interrupts while the F segment is empty DRAM: every BIOS handler lives there, and a
        ; timer tick in that window runs zeros (seen under QEMU, where the copy takes real time).
        pushf
        cli
        push cs
        push word .back
        push word SCRATCH_SEG
        push word 0
        retf
.back:  popf
        popad
        ret
fseg_tramp:                             ; no absolute addresses: runs at SCRATCH_SEG:0
        mov eax, 0x80000058
        mov dx, 0xCF8
        out dx, eax
        mov dx, 0xCFD                   ; register 59h = byte 1 of the dword at 58h
        mov al, 0x30
        out dx, al
        mov esi, 0xFFFF0000
        mov edi, 0xF0000
        mov ecx, 0x4000
.copy:  mov eax, [fs:esi]
        mov [fs:edi], eax
        add esi, 4
        add edi, 4
        dec ecx
        jnz .copy
        retf
fseg_tramp_end:
; fseg_shadow_close: F segment read-only (PAM0 01b: reads from DRAM, writes to ROM = dropped)
fseg_shadow_close:
        push eax
        push cx
        mov eax, 0x80000059
        mov cl, 0x10
        call pci_write8
        pop cx
        pop eax
        ret

; mp_build: (F segment writable, FS flat, ES = EBDA) MP Specification 1.4 floating pointer and
; configuration table with one processor, buses PCI (0) and ISA (1), the I/O APIC, ISA IRQ
; assignments and the local interrupts
mp_build:
        pushad
        push ds
        push es
        mov eax, [es:EB_LAPIC]
        mov edx, [es:EB_IOAPICVER]
        push word BIOS_SEG
        pop es
        mov di, mp_config
        ; configuration table header (4.2, Table 4-2)
        mov dword [es:di], "PCMP"
        mov byte [es:di + 6], 4         ; spec revision 1.4
        mov dword [es:di + 8], "BOXW"   ; OEM ID (8)
        mov dword [es:di + 12], "OOD "
        mov dword [es:di + 16], "BOXW"  ; product ID (12)
        mov dword [es:di + 20], "OOD "
        mov dword [es:di + 24], "PC  "
        mov [es:di + 36], eax           ; local APIC address
        mov ebx, eax
        add di, 44
        ; processor entry (4.3.1): type 0, local APIC ID, version, flags EN|BP, signature,
        ; feature flags
        mov byte [es:di], 0
        mov al, [fs:ebx + 0x23]
        mov [es:di + 1], al
        mov al, [fs:ebx + 0x30]
        mov [es:di + 2], al
        mov byte [es:di + 3], 3
        push edx
        mov eax, 1
        cpuid
        mov [es:di + 4], eax
        mov [es:di + 8], edx
        pop edx
        add di, 20
        ; bus entries (4.3.2): bus 0 PCI, bus 1 ISA
        mov dword [es:di], 0x49500001   ; type 1, bus 0, "PI"
        mov dword [es:di + 4], "    "
        mov byte [es:di + 4], "C"
        mov dword [es:di + 8], 0x53490101 ; type 1, bus 1, "IS"
        mov dword [es:di + 12], "A   "
        add di, 16
        ; I/O APIC entry (4.3.3): type 2, ID, version, EN, address
        mov byte [es:di], 2
        mov byte [es:di + 1], IOAPIC_ID
        mov [es:di + 2], dl
        mov byte [es:di + 3], 1
        mov dword [es:di + 4], IOAPIC_BASE
        add di, 8
        ; I/O interrupt assignments (4.3.4): type 3, INT, flags, ISA bus 1, IRQ, I/O APIC,
        ; INTIN. IRQ 0 (the 8254) is wired to INTIN2, IRQ n to INTIN n; IRQ 2 is the
        ; cascade and has no entry; IRQ 9 (SCI) is level triggered, active high.
        xor cx, cx
.irq:   cmp cl, 2
        je .nextirq
        mov byte [es:di], 3
        mov byte [es:di + 1], 0
        mov word [es:di + 2], 0
        cmp cl, ACPI_SCI_IRQ
        jne .edge
        mov word [es:di + 2], 0x000D
.edge:  mov byte [es:di + 4], 1
        mov [es:di + 5], cl
        mov byte [es:di + 6], IOAPIC_ID
        mov [es:di + 7], cl
        test cl, cl
        jnz .pin
        mov byte [es:di + 7], 2
.pin:   add di, 8
.nextirq:
        inc cx
        cmp cx, 16
        jb .irq
        ; local interrupt assignments (4.3.5): ExtINT -> LINT0, NMI -> LINT1 of all local APICs
        mov dword [es:di], 0x00000304   ; type 4, ExtINT, flags 0
        mov dword [es:di + 4], 0x00FF0001 ; bus 1, IRQ 0, all APICs (FFh), LINTIN0
        mov dword [es:di + 8], 0x00000104 ; type 4, NMI, flags 0
        mov dword [es:di + 12], 0x01FF0001
        add di, 16
        ; lengths, entry count (1 + 2 + 1 + 15 + 2 = 21) and checksum
        mov ax, di
        sub ax, mp_config
        mov [es:mp_config + 4], ax
        mov word [es:mp_config + 34], 21
        push es
        pop ds
        mov si, mp_config
        mov cx, ax
        call acpi_init.dssum
        neg al
        mov [mp_config + 7], al
        ; floating pointer (4.1, Table 4-1): "_MP_", table address, length 1 (16 bytes),
        ; revision 4, checksum, feature bytes 0 (table present, virtual wire mode)
        mov dword [mp_float], "_MP_"
        mov dword [mp_float + 4], 0xF0000 + mp_config
        mov byte [mp_float + 8], 1
        mov byte [mp_float + 9], 4
        mov si, mp_float
        mov cx, 16
        call acpi_init.dssum
        neg al
        mov [mp_float + 10], al
        pop es
        pop ds
        popad
        ret
