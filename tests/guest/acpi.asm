; acpi.asm -- the firmware's ACPI tables as an OS finds them (ACPI 2.0 specification):
;   5.2.4.1 the RSDP is found by searching the first KiB of the EBDA, then E0000h-FFFFFh, on
;           16-byte boundaries, for "RSD PTR " whose first 20 bytes sum to 0; revision 2 adds
;           a Length and an extended checksum over all of it (5.2.4.3);
;   5.2.6   every table's Length bytes sum to 0; the RSDT (5.2.7) lists the FADT ("FACP");
;   5.2.5   the FADT points at the DSDT and at the FACS (5.2.9: "FACS", 64-byte aligned); with
;           revision 3 X_DSDT agrees with DSDT;
;   14      the tables lie in AddressRangeACPI/Reserved memory and the FACS in NVS (E820);
;   fixed hardware: PM1a_EVT_BLK/PM1a_CNT_BLK/PM_TMR_BLK are the PIIX4 power-management
;           function's PMSTS, PMCNTRL and PMTMR (82371AB datasheet: PMBA at function 3 config
;           40h, PMSTS at +00h, PMCNTRL at +04h, PMTMR at +08h); the PM timer counts at
;           3.579545 MHz (ACPI 2.0, 4.7.3.3), three times the 8254's 1.193182 MHz (with
;           -DPM_RATE: QEMU, a reference PC for the BIOS part, keeps these timers in host time,
;           so the rate is only checked on Boxwood);
;   16.2    the DSDT's \_S5 package gives SLP_TYPa = 0, the PIIX4's SUS_TYP for soft-off
;           (82371AB datasheet, PMCNTRL bits 12-10: 000b = soft off);
;   5.2.10.4 a MADT, when listed, sums to 0 and is present only if CPUID.1:EDX.APIC is set;
;           then also the MP Specification 1.4 tables (chapter 4), else no MP floating pointer.
; With -DPOWEROFF the test then writes SLP_TYPa | SLP_EN (bit 13) to PM1a_CNT (ACPI 2.0,
; 9.1.7 "Transitioning from the Working to the Sleeping State"): the machine must power off,
; so nothing after that may run.
%define TEST_NAME "acpi"
%include "testlib.inc"

test_main:
        call unreal
        ; --- RSDP search: EBDA first KiB, then E0000h-FFFFFh ---
        push ds
        push word 0x40
        pop ds
        movzx eax, word [0x0E]
        pop ds
        shl eax, 4
        mov ecx, 1024 / 16
        call find_rsdp
        jnc .found
        mov eax, 0xE0000
        mov ecx, 0x20000 / 16
        call find_rsdp
        jnc .found
        xor ax, ax
        cmp ax, 1
        CHECK_Z "RSDP found (EBDA first KiB or E0000h-FFFFFh)"
        ret
.found: mov [rsdp], eax
        cmp eax, eax
        CHECK_Z "RSDP found with a valid 20-byte checksum"
        mov ebx, [rsdp]
        cmp byte [fs:ebx + 15], 2
        jb .rev0
        mov ecx, [fs:ebx + 20]
        mov ax, cx
        cmp ecx, 36
        CHECK_Z "RSDP revision 2 Length is 36"
        call sum
        cmp al, 0
        CHECK_Z "RSDP extended checksum"
.rev0:  mov eax, [fs:ebx + 16]
        mov [rsdt], eax
        mov ebx, eax
        cmp dword [fs:ebx], "RSDT"
        CHECK_Z "RSDT signature"
        call table_ok
        CHECK_Z "RSDT checksum"
        mov eax, [rsdt]
        call region_type
        call acpi_or_reserved
        CHECK_Z "RSDT in E820 AddressRangeACPI or reserved memory"
        ; --- entries ---
        mov ebx, [rsdt]
        mov ecx, [fs:ebx + 4]
        sub ecx, 36
        shr ecx, 2
        lea esi, [ebx + 36]
.ent:   jecxz .entd
        mov ebx, [fs:esi]
        cmp dword [fs:ebx], "FACP"
        jne .nf
        mov [fadt], ebx
.nf:    cmp dword [fs:ebx], "APIC"
        jne .nm
        mov [madt], ebx
.nm:    add esi, 4
        dec ecx
        jmp .ent
.entd:  cmp dword [fadt], 0
        setne al
        cmp al, 1
        CHECK_Z "RSDT lists a FADT (FACP)"
        cmp dword [fadt], 0
        jne .havefadt
        ret
.havefadt:
        mov ebx, [fadt]
        call table_ok
        CHECK_Z "FADT checksum"
        ; DSDT
        mov eax, [fs:ebx + 40]
        mov [dsdt], eax
        cmp byte [fs:ebx + 8], 3
        jb .nox
        cmp dword [fs:ebx + 4], 148
        jb .nox
        cmp eax, [fs:ebx + 140]
        CHECK_Z "FADT X_DSDT equals DSDT"
.nox:   mov ebx, [dsdt]
        cmp dword [fs:ebx], "DSDT"
        CHECK_Z "DSDT signature"
        call table_ok
        CHECK_Z "DSDT checksum"
        mov eax, [dsdt]
        call region_type
        call acpi_or_reserved
        CHECK_Z "DSDT in AddressRangeACPI or reserved memory"
        ; FACS
        mov ebx, [fadt]
        mov ebx, [fs:ebx + 36]
        mov [facs], ebx
        cmp dword [fs:ebx], "FACS"
        CHECK_Z "FACS signature"
        test bl, 63
        CHECK_Z "FACS 64-byte aligned"
        mov eax, [fs:ebx + 4]
        cmp eax, 64
        setae al
        cmp al, 1
        CHECK_Z "FACS length at least 64"
        mov eax, [facs]
        call region_type
        cmp eax, 4
        je .nvs
        cmp eax, 2
.nvs:   CHECK_Z "FACS in AddressRangeNVS (or reserved) memory"
        ; --- fixed hardware against the PIIX4 PM function ---
        call find_pm
        jc .nopm
        mov ebx, [fadt]
        mov ax, [pmba]
        cmp [fs:ebx + 56], ax
        CHECK_Z "FADT PM1a_EVT_BLK = PIIX4 PMBA (PMSTS)"
        add ax, 4
        cmp [fs:ebx + 64], ax
        CHECK_Z "FADT PM1a_CNT_BLK = PIIX4 PMBA + 4 (PMCNTRL)"
        add ax, 4
        cmp [fs:ebx + 76], ax
        CHECK_Z "FADT PM_TMR_BLK = PIIX4 PMBA + 8 (PMTMR)"
        mov al, [fs:ebx + 89]
        cmp al, 2
        CHECK_Z "FADT PM1_CNT_LEN = 2"
        mov al, [fs:ebx + 91]
        cmp al, 4
        CHECK_Z "FADT PM_TMR_LEN = 4"
%ifdef PM_RATE
        call pm_timer_rate
%endif
        jmp .s5
.nopm:  xor ax, ax
        cmp ax, 1
        CHECK_Z "PIIX4 PM function (8086:7113) with PMIOSE set"
.s5:    ; --- \_S5 in the DSDT ---
        call find_s5
        jc .nos5
        mov ax, [slp_typa]
        cmp ax, 0
        CHECK_Z "DSDT \_S5 SLP_TYPa = 0 (PIIX4 SUS_TYP soft off)"
        jmp .madt
.nos5:  xor ax, ax
        cmp ax, 1
        CHECK_Z "DSDT has Name(\_S5, Package(){...})"
.madt:  ; --- MADT only with a local APIC ---
        mov eax, 1
        cpuid
        mov ebx, [madt]
        test ebx, ebx
        jz .nomadt
        test edx, 0x200
        setnz al
        cmp al, 1
        CHECK_Z "MADT listed and CPUID.1:EDX.APIC set"
        mov ebx, [madt]
        call table_ok
        CHECK_Z "MADT checksum"
        call check_mp
        jmp .done
.nomadt:
        mov si, s_nomadt
        call tl_note
        call find_mp
        setc al
        cmp al, 1
        CHECK_Z "no MP floating pointer without APIC hardware"
.done:
%ifdef POWEROFF
        cmp word [tl_nfail], 0
        jne .skip
        cmp word [pmba], 0
        je .skip
        mov si, s_s5
        call tl_note
        mov dx, [pmba]
        add dx, 4
        in ax, dx
        and ax, 0xC3FF                  ; keep the other bits, replace SLP_TYP
        mov bx, [slp_typa]
        and bx, 7
        shl bx, 10
        or ax, bx
        out dx, ax
        or ax, 0x2000                   ; SLP_EN
        out dx, ax
        mov cx, 18                      ; one second of ticks: the machine must be off by now
        sti
.wait:  hlt
        loop .wait
        xor ax, ax
        cmp ax, 1
        CHECK_Z "machine powered off by the S5 write"
.skip:
%endif
        ret

; find_mp: the MP floating pointer structure (Intel MultiProcessor Specification 1.4, 4.1:
; "_MP_" on a 16-byte boundary, 16 * length bytes summing to 0) in the first KiB of the EBDA,
; the last KiB of base memory or F0000h-FFFFFh -> CF=0, EAX = its address
find_mp:
        push ds
        push word 0x40
        pop ds
        movzx eax, word [0x0E]
        movzx ecx, word [0x13]
        pop ds
        shl eax, 4
        push ecx
        mov ecx, 1024 / 16
        call .scan
        pop ecx
        jnc .r
        mov eax, ecx
        shl eax, 10
        sub eax, 1024
        mov ecx, 1024 / 16
        call .scan
        jnc .r
        mov eax, 0xF0000
        mov ecx, 0x10000 / 16
        call .scan
.r:     ret
.scan:  cmp dword [fs:eax], "_MP_"
        jne .n
        push ebx
        push ecx
        push eax
        mov ebx, eax
        movzx ecx, byte [fs:eax + 8]
        shl ecx, 4
        jecxz .bad
        call sum
        test al, al
        jmp .sd
.bad:   or cl, 1
.sd:    pop eax
        pop ecx
        pop ebx
        jz .f
.n:     add eax, 16
        loop .scan
        stc
        ret
.f:     clc
        ret

; check_mp: with APIC hardware, the MP tables (MP Specification 1.4, chapter 4): floating
; pointer, configuration table "PCMP" (base table length bytes sum to 0), one processor entry
; flagged BP (4.3.1), an I/O APIC entry at FEC00000h (4.3.3), an I/O interrupt entry sending
; ISA IRQ 0 to INTIN2 of that I/O APIC (5.1, default configurations), ExtINT on LINTIN0 and NMI
; on LINTIN1 (4.3.5)
check_mp:
        call find_mp
        setnc bl
        cmp bl, 1
        CHECK_Z "MP floating pointer found (EBDA, top of base memory or F0000h-FFFFFh)"
        jc .r
        mov ebx, [fs:eax + 4]
        test ebx, ebx
        jz .nocfg
        cmp dword [fs:ebx], "PCMP"
        CHECK_Z "MP configuration table signature PCMP"
        movzx ecx, word [fs:ebx + 4]
        call sum
        cmp al, 0
        CHECK_Z "MP configuration table checksum"
        movzx ecx, word [fs:ebx + 34]   ; entry count
        lea esi, [ebx + 44]
        mov byte [mp_seen], 0
.ent:   test ecx, ecx
        jz .entd
        mov al, [fs:esi]
        cmp al, 0
        jne .n0
        test byte [fs:esi + 3], 2       ; BP
        jz .n0l
        or byte [mp_seen], 1
.n0l:   add esi, 20
        jmp .next
.n0:    cmp al, 2
        jne .n2
        cmp dword [fs:esi + 4], 0xFEC00000
        jne .n2a
        or byte [mp_seen], 2
        mov al, [fs:esi + 1]
        mov [mp_ioapic], al
.n2a:   add esi, 8
        jmp .next
.n2:    cmp al, 3
        jne .n3
        cmp byte [fs:esi + 5], 0        ; source IRQ 0
        jne .n3a
        cmp byte [fs:esi + 7], 2        ; INTIN2
        jne .n3a
        mov al, [fs:esi + 6]
        cmp al, [mp_ioapic]
        jne .n3a
        or byte [mp_seen], 4
.n3a:   add esi, 8
        jmp .next
.n3:    cmp al, 4
        jne .n4
        cmp word [fs:esi + 1], 0x0003   ; ExtINT, flags 0
        jne .n4b
        cmp byte [fs:esi + 7], 0
        jne .n4b
        or byte [mp_seen], 8
.n4b:   cmp byte [fs:esi + 1], 1        ; NMI
        jne .n4a
        cmp byte [fs:esi + 7], 1
        jne .n4a
        or byte [mp_seen], 16
.n4a:   add esi, 8
        jmp .next
.n4:    add esi, 8                      ; bus entries and the rest: 8 bytes
.next:  dec ecx
        jmp .ent
.entd:  movzx ax, byte [mp_seen]
        cmp ax, 31
        CHECK_Z "MP entries: BP processor, I/O APIC FEC00000h, IRQ0 -> INTIN2, ExtINT LINT0, NMI LINT1 (ax = found mask)"
.r:     ret
.nocfg: xor ax, ax
        cmp ax, 1
        CHECK_Z "MP floating pointer points at a configuration table"
        ret

; find_rsdp: EAX = linear start, ECX = 16-byte steps -> CF=0, EAX = RSDP
find_rsdp:
.l:     cmp dword [fs:eax], "RSD "
        jne .n
        cmp dword [fs:eax + 4], "PTR "
        jne .n
        push ebx
        push ecx
        push eax
        mov ebx, eax
        mov ecx, 20
        call sum
        test al, al
        pop eax
        pop ecx
        pop ebx
        jz .f
.n:     add eax, 16
        loop .l
        stc
        ret
.f:     clc
        ret

; sum: FS:EBX, ECX bytes -> AL
sum:
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
; table_ok: FS:EBX = table -> ZF = its Length bytes sum to 0
table_ok:
        push ecx
        mov ecx, [fs:ebx + 4]
        cmp ecx, 36
        jb .bad
        cmp ecx, 0x10000
        ja .bad
        call sum
        cmp al, 0
        pop ecx
        ret
.bad:   or cl, 1                        ; ZF = 0
        pop ecx
        ret

; region_type: EAX = address -> EAX = E820 type of the range holding it (0 = none)
region_type:
        push ebx
        push ecx
        push edx
        push di
        mov [rt_addr], eax
        mov dword [rt_type], 0
        xor ebx, ebx
.l:     mov eax, 0xE820
        mov edx, 0x534D4150
        mov ecx, 20
        mov di, e820buf
        int 0x15
        jc .d
        mov eax, [rt_addr]
        sub eax, [e820buf]
        jb .n
        cmp dword [e820buf + 4], 0
        jne .n
        cmp eax, [e820buf + 8]
        jae .n
        mov eax, [e820buf + 16]
        mov [rt_type], eax
.n:     test ebx, ebx
        jnz .l
.d:     mov eax, [rt_type]
        pop di
        pop edx
        pop ecx
        pop ebx
        ret
; acpi_or_reserved: EAX = type -> ZF if 3 (ACPI) or 2 (reserved)
acpi_or_reserved:
        cmp eax, 3
        je .y
        cmp eax, 2
.y:     ret

; find_pm: the PCI function 8086:7113 on bus 0 -> [pmba], CF=1 when absent or PMIOSE clear
find_pm:
        mov ebx, 0x80000000
.l:     mov eax, ebx
        mov dx, 0xCF8
        out dx, eax
        mov dx, 0xCFC
        in eax, dx
        cmp eax, 0x71138086
        je .f
        add ebx, 0x100
        cmp ebx, 0x80010000
        jb .l
        stc
        ret
.f:     lea eax, [ebx + 0x80]           ; PMREGMISC bit 0: PMIOSE
        mov dx, 0xCF8
        out dx, eax
        mov dx, 0xCFC
        in al, dx
        test al, 1
        jz .no
        lea eax, [ebx + 0x40]           ; PMBA bits 15-6
        mov dx, 0xCF8
        out dx, eax
        mov dx, 0xCFC
        in eax, dx
        and ax, 0xFFC0
        mov [pmba], ax
        clc
        ret
.no:    stc
        ret

; pm_timer_rate: the PM timer (3.579545 MHz) against the 8254 (1.193182 MHz): both come from
; the 14.31818 MHz oscillator, so while PIT channel 2 counts N clocks in mode 0 (8254 data
; sheet: OUT goes high at terminal count; port 61h bit 0 = GATE2, bit 5 = OUT2 on the AT) the
; PM timer advances 3 * N (+-2%: both ends are seen by polling). Up to 10 tries: a host that
; deschedules a reference emulator (QEMU runs in host time) between two reads only lengthens
; one measurement, while a timer at the wrong rate fails them all.
PIT_N   equ 0x2000
pm_timer_rate:
        mov byte [pm_tries], 10
.try:   cli
        in al, 0x61
        and al, 0xFC                    ; GATE2 low, speaker data off
        out 0x61, al
        mov al, 0xB0                    ; channel 2, lobyte/hibyte, mode 0, binary
        out 0x43, al
        mov al, PIT_N & 0xFF
        out 0x42, al
        mov al, PIT_N >> 8
        out 0x42, al
        mov dx, [pmba]
        add dx, 8
        in al, 0x61
        or al, 1                        ; GATE2 high: counting starts
        out 0x61, al
        in eax, dx
        mov ebx, eax
        mov ecx, 0x01000000             ; bounded wait
.w:     in al, 0x61
        test al, 0x20
        jnz .done
        dec ecx
        jnz .w
.done:  in eax, dx
        push eax
        in al, 0x61
        and al, 0xFC
        out 0x61, al
        pop eax
        sti
        sub eax, ebx
        and eax, 0xFFFFFF
        mov [pm_counts], eax
        cmp eax, 3 * PIT_N - 3 * PIT_N / 50
        jb .bad
        cmp eax, 3 * PIT_N + 3 * PIT_N / 50
        ja .bad
        cmp eax, eax
        jmp .r
.bad:   dec byte [pm_tries]
        jnz .try
        shr eax, 4
        test esp, esp                   ; ZF = 0 (ESP is never 0 here)
.r:     CHECK_Z "PM timer advances 3 counts per 8254 clock (3.579545 MHz, ax = counts/16)"
        ret

; find_s5: scan the DSDT's AML for NameOp "_S5_" PackageOp -> [slp_typa], CF=1 if absent.
; Package elements (16.2.3): ZeroOp 00h, OneOp 01h, BytePrefix 0Ah nn.
find_s5:
        mov ebx, [dsdt]
        mov ecx, [fs:ebx + 4]
        add ecx, ebx
        add ebx, 36
.l:     cmp ebx, ecx
        jae .no
        cmp dword [fs:ebx], "_S5_"
        jne .n
        cmp byte [fs:ebx + 4], 0x12
        jne .n
        mov al, [fs:ebx + 5]            ; PkgLength, one byte when bits 7-6 are 0
        test al, 0xC0
        jnz .n
        mov al, [fs:ebx + 7]            ; first element
        cmp al, 0x01
        jbe .v
        cmp al, 0x0A
        jne .n
        mov al, [fs:ebx + 8]
        jmp .v2
.v:     ; ZeroOp = 0, OneOp = 1
.v2:    movzx ax, al
        mov [slp_typa], ax
        clc
        ret
.n:     inc ebx
        jmp .l
.no:    stc
        ret

; unreal: FS = flat 4 GiB data segment in real mode (Intel SDM vol. 3, 9.9.2: segment limits
; stay cached after leaving protected mode)
unreal:
        pushf
        cli
        push eax
        xor eax, eax
        mov ax, ds
        shl eax, 4
        add eax, gdt
        mov [gdtr + 2], eax
        lgdt [gdtr]
        mov eax, cr0
        or al, 1
        mov cr0, eax
        jmp short $+2
        mov ax, 8
        mov fs, ax
        mov eax, cr0
        and al, 0xFE
        mov cr0, eax
        jmp short $+2
        xor ax, ax
        mov fs, ax
        pop eax
        popf
        ret

        align 8
gdt:    dq 0
        dq 0x00CF92000000FFFF
gdtr:   dw 15
        dd 0

s_nomadt:       db "no MADT listed (no APIC hardware)", 0
s_s5:           db "writing SLP_TYPa | SLP_EN to PM1a_CNT", 0
mp_seen: db 0
mp_ioapic: db 0
rsdp:   dd 0
rsdt:   dd 0
fadt:   dd 0
dsdt:   dd 0
facs:   dd 0
madt:   dd 0
pm_counts: dd 0
pm_tries: db 0
rt_addr: dd 0
rt_type: dd 0
pmba:   dw 0
slp_typa: dw 0
e820buf: times 24 db 0

%include "testlib-end.inc"
