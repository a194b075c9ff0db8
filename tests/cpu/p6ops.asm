; 486-P6 instructions (SDM Vol. 2): XADD, CMPXCHG, CMPXCHG8B, BSWAP, RDMSR/WRMSR (TSC, APIC
; base, SYSENTER MSRs, MTRRs, PAT; #GP for unknown MSRs and at CPL 3), RDTSC, RDPMC with
; CR4.PCE, SYSENTER/SYSEXIT, UD2, INVD/WBINVD, alignment check (#AC: CR0.AM + EFLAGS.AC at
; CPL 3), ARPL/LAR/LSL/VERR/VERW, and the CPUID feature bits. Runs on the p6 and 486 models:
; what a 486 lacks must be #UD there.
%include "lib.inc"

%define SEL_CODE_RO 0x60    ; execute-only code, DPL 0
%define SEL_D3_16   0x68    ; data, DPL 3, limit 1234h
%define SEL_SE      0x40    ; SYSENTER_CS: 40h code0, 48h data0, 50h code3, 58h data3

%macro FLAGS_TO 1                       ; %1 = arithmetic flags (CF PF AF ZF SF OF)
        pushfd
        pop %1
        and %1, 0x8D5
%endmacro

test_main:
        mov eax, 1
        cpuid
        shr eax, 8
        and eax, 0xF
        mov [family], eax
        mov [features], edx

        ; --- XADD (SDM Vol. 2, XADD) ---
        mov dword [scratch], 0xFFFFFFFF
        mov eax, 2
        xadd [scratch], eax
        FLAGS_TO ebx
        CHECK [scratch], 1, "XADD m32: memory = sum"
        CHECK eax, 0xFFFFFFFF, "XADD m32: register = old memory"
        CHECK ebx, 0x11, "XADD flags as ADD (CF, AF)"
        mov ecx, 5
        xadd ecx, ecx
        CHECK ecx, 10, "XADD r, r: destination written last"
        mov al, 0x7F
        mov bl, 1
        xadd bl, al
        FLAGS_TO edx
        CHECK ebx, 0x80, "XADD r8 sum"
        and edx, 0x800
        CHECK edx, 0x800, "XADD r8 sets OF"

        ; --- CMPXCHG ---
        mov dword [scratch], 100
        mov eax, 100
        mov ecx, 200
        lock cmpxchg [scratch], ecx
        FLAGS_TO ebx
        CHECK [scratch], 200, "CMPXCHG equal: destination = source"
        and ebx, 0x40
        CHECK ebx, 0x40, "CMPXCHG equal: ZF = 1"
        mov eax, 5
        cmpxchg [scratch], ecx
        FLAGS_TO ebx
        CHECK eax, 200, "CMPXCHG unequal: EAX = destination"
        and ebx, 0x40
        CHECK ebx, 0, "CMPXCHG unequal: ZF = 0"
        mov ax, 0x1234
        mov word [scratch], 0x1234
        mov dx, 0x5678
        cmpxchg [scratch], dx
        CHECK [scratch], 0x5678, "CMPXCHG m16"

        ; --- BSWAP, INVD/WBINVD ---
        mov eax, 0x11223344
        bswap eax
        CHECK eax, 0x44332211, "BSWAP"
        wbinvd
        invd

        cmp dword [family], 5
        jb .no_p5
        ; --- CMPXCHG8B (Pentium) ---
        mov dword [scratch], 0x11111111
        mov dword [scratch + 4], 0x22222222
        mov eax, 0x11111111
        mov edx, 0x22222222
        mov ebx, 0x33333333
        mov ecx, 0x44444444
        lock cmpxchg8b [scratch]
        FLAGS_TO esi
        and esi, 0x40
        CHECK esi, 0x40, "CMPXCHG8B equal: ZF = 1"
        CHECK [scratch], 0x33333333, "CMPXCHG8B equal: low dword = EBX"
        CHECK [scratch + 4], 0x44444444, "CMPXCHG8B equal: high dword = ECX"
        xor eax, eax
        xor edx, edx
        cmpxchg8b [scratch]
        CHECK eax, 0x33333333, "CMPXCHG8B unequal: EAX = low dword"
        CHECK edx, 0x44444444, "CMPXCHG8B unequal: EDX = high dword"
        EXPECT .u1
        db 0x0F, 0xC7, 0xC8             ; CMPXCHG8B EAX: register form
.u1:    DISARM
        CHECK [exc_vec], 6, "CMPXCHG8B with a register operand is #UD"

        ; --- MSRs (SDM Vol. 2, RDMSR/WRMSR; SDM Vol. 4) ---
        mov ecx, 0x10
        xor eax, eax
        mov edx, 1
        wrmsr                           ; TSC = 1_00000000h
        rdtsc
        CHECK edx, 1, "WRMSR TSC then RDTSC: high dword"
        mov ecx, 0x12345
        EXPECT .m1
        rdmsr
.m1:    DISARM
        CHECK [exc_vec], 13, "RDMSR of an unknown MSR is #GP"
        CHECK [exc_err], 0, "unknown MSR: error code 0"
        EXPECT .m2
        TO_RING3 .rm2
.rm2:   mov ecx, 0x10
        rdmsr
.m2:    DISARM
        CHECK [exc_vec], 13, "RDMSR at CPL 3 is #GP"
        jmp .p5_done
.no_p5:
        EXPECT .u2
        cmpxchg8b [scratch]
.u2:    DISARM
        CHECK [exc_vec], 6, "486: CMPXCHG8B is #UD"
        EXPECT .u3
        rdmsr
.u3:    DISARM
        CHECK [exc_vec], 6, "486: RDMSR is #UD"
.p5_done:

        cmp dword [family], 6
        jb .no_p6
        mov ecx, 0x1B
        rdmsr
        CHECK eax, 0xFEE00900, "IA32_APIC_BASE: FEE00000h, BSP, enabled"
        mov ecx, 0xFE
        rdmsr
        CHECK eax, 0x508, "MTRRCAP: 8 variable ranges, fixed ranges, WC"
        mov ecx, 0x277
        rdmsr
        CHECK eax, 0x00070406, "IA32_PAT power-up value (low)"
        mov ecx, 0x201
        mov eax, 0xFFF00800
        mov edx, 0xF
        wrmsr
        xor eax, eax
        rdmsr
        CHECK eax, 0xFFF00800, "MTRR PHYSMASK0 stored"
        mov ecx, 0xC0000080
        EXPECT .m3
        rdmsr
.m3:    DISARM
        CHECK [exc_vec], 13, "no EFER on the P6 family: #GP"

        ; --- SYSENTER/SYSEXIT (SDM Vol. 2) ---
        DESC 8, 0, 0xFFFFF, 0x9A, 0xC
        DESC 9, 0, 0xFFFFF, 0x92, 0xC
        DESC 10, 0, 0xFFFFF, 0xFA, 0xC
        DESC 11, 0, 0xFFFFF, 0xF2, 0xC
        mov ecx, 0x174
        mov eax, SEL_SE
        xor edx, edx
        wrmsr
        mov ecx, 0x175
        mov eax, 0x70000
        wrmsr
        mov ecx, 0x176
        mov eax, .sysenter_target
        wrmsr
        mov [saved_esp], esp
        mov ecx, 0x7F000                ; ring 3 ESP
        mov edx, .ring3                 ; ring 3 EIP
        sysexit
.ring3: mov [scratch], cs
        mov [scratch + 4], ss
        mov [scratch + 8], esp
        pushfd
        or dword [esp], 0x200           ; IF ... at CPL 3 with IOPL 0 POPF cannot set it
        popfd
        sysenter
.sysenter_target:
        mov [scratch + 12], cs
        mov [scratch + 16], ss
        mov [scratch + 20], esp
        mov ax, SEL_DATA32
        mov ss, ax
        mov esp, [saved_esp]
        mov ax, SEL_CODE32               ; back to the usual CS
        push dword SEL_CODE32
        push dword .back
        retf
.back:
        movzx eax, word [scratch]
        CHECK eax, SEL_SE + 16 + 3, "SYSEXIT: CS = SYSENTER_CS + 16, RPL 3"
        movzx eax, word [scratch + 4]
        CHECK eax, SEL_SE + 24 + 3, "SYSEXIT: SS = SYSENTER_CS + 24, RPL 3"
        CHECK [scratch + 8], 0x7F000, "SYSEXIT: ESP = ECX"
        movzx eax, word [scratch + 12]
        CHECK eax, SEL_SE, "SYSENTER: CS = SYSENTER_CS"
        movzx eax, word [scratch + 16]
        CHECK eax, SEL_SE + 8, "SYSENTER: SS = SYSENTER_CS + 8"
        CHECK [scratch + 20], 0x70000, "SYSENTER: ESP = SYSENTER_ESP"
        EXPECT .s1
        TO_RING3 .rs1
.rs1:   mov ecx, 0x7F000
        sysexit
.s1:    DISARM
        CHECK [exc_vec], 13, "SYSEXIT at CPL 3 is #GP"

        ; --- RDPMC with CR4.PCE ---
        xor ecx, ecx
        rdpmc
        CHECK eax, 0, "RDPMC counter 0 at CPL 0"
        EXPECT .r1
        TO_RING3 .rr1
.rr1:   xor ecx, ecx
        rdpmc
.r1:    DISARM
        CHECK [exc_vec], 13, "RDPMC at CPL 3 without CR4.PCE is #GP"
        mov eax, cr4
        or eax, 0x100
        mov cr4, eax
        EXPECT .r2
        TO_RING3 .rr2
.rr2:   xor ecx, ecx
        rdpmc
        RING0
.r2:    DISARM
        CHECK [exc_vec], 0xFF, "RDPMC at CPL 3 with CR4.PCE"
        EXPECT .r3
        mov ecx, 2
        rdpmc
.r3:    DISARM
        CHECK [exc_vec], 13, "RDPMC counter 2 is #GP"
        mov eax, [features]
        CHECK eax, 0x0100BB7F, "CPUID.1 EDX: FPU VME DE PSE TSC MSR PAE CX8 APIC SEP MTRR PGE CMOV FXSR"
        jmp .p6_done
.no_p6:
        CHECK [features], 1, "486: CPUID.1 EDX reports the FPU only"
.p6_done:
        EXPECT .u4
        ud2
.u4:    DISARM
        CHECK [exc_vec], 6, "UD2 is #UD"
        EXPECT .u5
        TO_RING3 .ru5
.ru5:   wbinvd
.u5:    DISARM
        CHECK [exc_vec], 13, "WBINVD at CPL 3 is #GP"

        ; --- alignment check (SDM Vol. 3, 6.15 interrupt 17) ---
        mov eax, cr0
        or eax, 0x40000                 ; AM
        mov cr0, eax
        mov eax, [scratch + 1]          ; CPL 0: not checked
        EXPECT .ac1
        TO_RING3 .rac1
.rac1:  pushfd
        or dword [esp], 0x40000         ; AC
        popfd
        mov eax, [scratch + 4]          ; aligned
        mov ax, [scratch + 2]
        mov eax, [scratch + 2]          ; misaligned dword: #AC
.ac1:   DISARM
        CHECK [exc_vec], 17, "misaligned dword at CPL 3 with AM and AC is #AC"
        CHECK [exc_err], 0, "#AC error code 0"
        CHECK [exc_eip], .ac1 - 5, "#AC is a fault at the misaligned access"
        pushfd                          ; the #AC left EFLAGS.AC set
        and dword [esp], ~0x40000
        popfd
        EXPECT .ac2
        TO_RING3 .rac2
.rac2:  mov eax, [scratch + 2]          ; AC clear: no check
        RING0
.ac2:   DISARM
        CHECK [exc_vec], 0xFF, "no #AC with EFLAGS.AC clear"
        mov eax, cr0
        and eax, ~0x40000
        mov cr0, eax

        ; --- ARPL, LAR, LSL, VERR, VERW (SDM Vol. 2; SDM Vol. 3, 5.10) ---
        DESC 12, 0, 0xFFFF, 0x98, 0x0    ; execute-only code
        DESC 13, 0x20000, 0x1234, 0xF2, 0x0
        mov eax, 0x0010
        mov bx, 0x0003
        arpl ax, bx
        FLAGS_TO ecx
        and ecx, 0x40
        CHECK eax, 0x0013, "ARPL raises RPL"
        CHECK ecx, 0x40, "ARPL: ZF = 1 when adjusted"
        mov ebx, SEL_D3_16
        lsl eax, ebx
        FLAGS_TO ecx
        and ecx, 0x40
        CHECK eax, 0x1234, "LSL: byte-granular limit"
        CHECK ecx, 0x40, "LSL: ZF = 1"
        mov ebx, SEL_DATA32
        lsl eax, ebx
        CHECK eax, 0xFFFFFFFF, "LSL of a 4 GiB page-granular segment"
        mov ebx, SEL_D3_16
        lar eax, ebx
        CHECK eax, 0x0000F200, "LAR: access rights (32-bit operand)"
        mov ebx, SEL_TSS0
        lar eax, ebx
        CHECK eax, 0x00008B00, "LAR of the busy TSS"
        mov ebx, 0x7F8                  ; null descriptor slot
        mov eax, 0x5555
        lar eax, ebx
        FLAGS_TO ecx
        and ecx, 0x40
        CHECK ecx, 0, "LAR of an empty slot: ZF = 0"
        CHECK eax, 0x5555, "LAR failure leaves the destination"
        mov ebx, 0xFFF8
        lsl eax, ebx
        FLAGS_TO ecx
        and ecx, 0x40
        CHECK ecx, 0, "LSL beyond the GDT limit: ZF = 0, no fault"
        mov bx, SEL_CODE_RO
        verr bx
        FLAGS_TO ecx
        and ecx, 0x40
        CHECK ecx, 0, "VERR of execute-only code: ZF = 0"
        mov bx, SEL_CODE32
        verr bx
        FLAGS_TO ecx
        and ecx, 0x40
        CHECK ecx, 0x40, "VERR of readable code: ZF = 1"
        verw bx
        FLAGS_TO ecx
        and ecx, 0x40
        CHECK ecx, 0, "VERW of code: ZF = 0"
        mov bx, SEL_DATA32
        verw bx
        FLAGS_TO ecx
        and ecx, 0x40
        CHECK ecx, 0x40, "VERW of writable data: ZF = 1"
        EXPECT .v1
        TO_RING3 .rv1
.rv1:   mov bx, SEL_DATA32 | 3
        verw bx
        FLAGS_TO ecx
        mov [ss:scratch], ecx
        mov bx, SEL_D3_16 | 3
        verw bx
        FLAGS_TO ecx
        mov [ss:scratch + 4], ecx
        RING0
.v1:    DISARM
        mov eax, [scratch]
        and eax, 0x40
        CHECK eax, 0, "VERW at CPL 3 of DPL 0 data: ZF = 0"
        mov eax, [scratch + 4]
        and eax, 0x40
        CHECK eax, 0x40, "VERW at CPL 3 of DPL 3 data: ZF = 1"
        jmp finish

absolute 0x700
family:   resd 1
features: resd 1
        section .text

%include "lib_end.inc"
