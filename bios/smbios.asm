; smbios.asm -- SMBIOS 2.4 tables (DMTF System Management BIOS Reference Specification 2.4,
; DSP0134): the entry point structure ("_SM_" / "_DMI_", section 3.2.1) lives in this ROM on a
; 16-byte boundary in F0000h-FFFFFh; it points at a structure table at the fixed physical
; address TABLES_PHYS (defs.inc), which POST fills from the template below and patches with the
; machine's memory size and CPU identification. Lengths and counts never change, so the entry
; point's checksums are computed by the assembler.
;
; Structures: type 0 BIOS, 1 system, 4 processor, 16 physical memory array, 17 memory device,
; 19 memory array mapped address, 32 system boot information, 127 end of table.
; The ACPI and MultiProcessor tables are built by acpi.asm.

; ---- structure table template (copied to TABLES_PHYS) ----
smb_tab:
smb_t0: db 0, 0x18                      ; type 0, formatted length (2.4)
        dw 0x0000                       ; handle
        db 1, 2                         ; vendor, BIOS version (strings)
        dw BIOS_SEG                     ; BIOS starting address segment
        db 3                            ; release date (string)
        db 0                            ; ROM size: 64 KiB * (n + 1)
        dq 0x31098010                   ; characteristics: ISA, CD boot, selectable boot, EDD,
                                        ; 1.44 MB INT 13h, INT 09h, INT 14h (7.1.1)
        db 0x00, 0x00                   ; extension bytes
        db 0, 1                         ; system BIOS major/minor release
        db 0xFF, 0xFF                   ; no embedded controller firmware
        db "Boxwood", 0, BIOS_VERSION, 0, "07/01/25", 0, 0
smb_t0_end:
smb_t1: db 1, 0x1B
        dw 0x0100
        db 1, 2, 3, 0                   ; manufacturer, product, version, no serial number
        times 16 db 0                   ; UUID: not present
        db 0x06                         ; wake-up type: power switch
        db 0, 0                         ; SKU, family: none
        db "Boxwood", 0, "Boxwood PC", 0, BIOS_VERSION, 0, 0
smb_t1_end:
smb_t4: db 4, 0x23
        dw 0x0400
        db 1                            ; socket designation
        db 0x03                         ; processor type: central processor
smb_t4_family:
        db 0x02                         ; family (patched: 05h 386, 06h 486, 0Bh Pentium, 0Ch P6)
        db 2                            ; manufacturer (string 2, patched from CPUID)
smb_t4_id:
        dd 0, 0                         ; processor ID: CPUID 1 EAX, EDX (patched)
        db 3                            ; version string
        db 0                            ; voltage: unknown
        dw 0, 0, 0                      ; external clock, max speed, current speed: unknown
        db 0x41                         ; status: socket populated, CPU enabled
        db 0x02                         ; upgrade: unknown
        dw 0xFFFF, 0xFFFF, 0xFFFF       ; no cache information
        db 0, 0, 0                      ; serial, asset tag, part number: none
        db "CPU0", 0
smb_t4_vendor:
        db "Unknown     ", 0            ; 12 characters, replaced by the CPUID vendor string
        db "x86", 0, 0
smb_t4_end:
smb_t16:
        db 16, 0x0F
        dw 0x1000
        db 0x03, 0x03, 0x03             ; system board, system memory, no error correction
smb_t16_max:
        dd 0                            ; maximum capacity in KiB (patched)
        dw 0xFFFE                       ; no error information
        dw 1                            ; one memory device
        db 0, 0
smb_t16_end:
smb_t17:
        db 17, 0x15
        dw 0x1100
        dw 0x1000                       ; physical memory array handle
        dw 0xFFFE                       ; no error information
        dw 0xFFFF, 0xFFFF               ; total/data width unknown
smb_t17_size:
        dw 0                            ; size in MiB (patched)
        db 0x09                         ; form factor: DIMM
        db 0                            ; not part of a set
        db 1, 0                         ; device locator, no bank locator
        db 0x07                         ; memory type: RAM
        dw 0x0002                       ; type detail: unknown
        db "DIMM 0", 0, 0
smb_t17_end:
smb_t19:
        db 19, 0x0F
        dw 0x1300
        dd 0                            ; starting address (KiB)
smb_t19_end_kb:
        dd 0                            ; ending address (KiB, patched)
        dw 0x1000                       ; memory array handle
        db 1                            ; partition width
        db 0, 0
smb_t19_end:
smb_t32:
        db 32, 0x0B
        dw 0x2000
        times 6 db 0
        db 0                            ; boot status: no errors detected
        db 0, 0
smb_t32_end:
smb_t127:
        db 127, 4
        dw 0x7F00
        db 0, 0
smb_tab_end:

SMB_LEN         equ smb_tab_end - smb_tab
SMB_COUNT       equ 8
SMB_BCDREV      equ 0x24
SMB_MAX         equ smb_t4_end - smb_t4 ; the largest structure (type 4 with its strings)
%define BSUM32(x) (((x) & 0xFF) + (((x) >> 8) & 0xFF) + (((x) >> 16) & 0xFF) + (((x) >> 24) & 0xFF))
; intermediate checksum: "_DMI_" + table length + address + count + BCD revision
SMB_ISUM        equ '_' + 'D' + 'M' + 'I' + '_' + BSUM32(SMB_LEN) + BSUM32(TABLES_PHYS) + BSUM32(SMB_COUNT) + SMB_BCDREV
SMB_IFIELD      equ (0x100 - (SMB_ISUM & 0xFF)) & 0xFF
SMB_ESUM        equ '_' + 'S' + 'M' + '_' + 0x1F + 2 + 4 + BSUM32(SMB_MAX) + 0 + SMB_ISUM + SMB_IFIELD

        align 16
smbios_entry:                           ; SMBIOS 2.4 entry point structure (Table 1)
        db "_SM_"
        db (0x100 - (SMB_ESUM & 0xFF)) & 0xFF   ; checksum of the 1Fh bytes
        db 0x1F                         ; entry point length
        db 2, 4                         ; SMBIOS 2.4
        dw SMB_MAX                      ; maximum structure size
        db 0                            ; entry point revision
        times 5 db 0                    ; formatted area
        db "_DMI_"
        db SMB_IFIELD                   ; intermediate checksum
        dw SMB_LEN                      ; structure table length
        dd TABLES_PHYS                  ; structure table address
        dw SMB_COUNT                    ; number of structures
        db SMB_BCDREV                   ; BCD revision

; smbios_init (POST): copy the template to TABLES_PHYS and patch it. ES, DS preserved.
smbios_init:
        pushad
        push ds
        push es
        push word TABLES_PHYS >> 4
        pop es
        push cs
        pop ds
        xor di, di
        mov si, smb_tab
        mov cx, SMB_LEN
        rep movsb
        ; memory: RAM from 0 to EB_RAMTOP
        push es
        call get_ebda
        mov eax, [es:EB_RAMTOP]
        pop es
        shr eax, 10                     ; KiB
        mov [es:smb_t16_max - smb_tab], eax
        dec eax
        mov [es:smb_t19_end_kb - smb_tab], eax
        inc eax
        shr eax, 10                     ; MiB
        mov [es:smb_t17_size - smb_tab], ax
        ; processor
        push es
        call get_ebda
        mov al, [es:EB_CPU]
        pop es
        mov byte [es:smb_t4_family - smb_tab], 0x05
        cmp al, 3
        je .cpudone
        mov byte [es:smb_t4_family - smb_tab], 0x06
        cmp al, 5
        jb .cpudone
        xor eax, eax
        cpuid
        mov di, smb_t4_vendor - smb_tab
        mov [es:di], ebx
        mov [es:di + 4], edx
        mov [es:di + 8], ecx
        mov eax, 1
        cpuid
        mov [es:smb_t4_id - smb_tab], eax
        mov [es:smb_t4_id - smb_tab + 4], edx
        shr eax, 8
        and al, 0x0F
        mov byte [es:smb_t4_family - smb_tab], 0x0B
        cmp al, 5
        je .cpudone
        mov byte [es:smb_t4_family - smb_tab], 0x0C
        cmp al, 6
        je .cpudone
        mov byte [es:smb_t4_family - smb_tab], 0x06
        cmp al, 4
        je .cpudone
        mov byte [es:smb_t4_family - smb_tab], 0x02
.cpudone:
        pop es
        pop ds
        popad
        ret
