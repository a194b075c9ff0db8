; Virtual-8086 mode extensions and protected-mode virtual interrupts (SDM Vol. 3, 20.3 and 20.4;
; SDM Vol. 2, CLI, STI, PUSHF, POPF, INT n, IRET):
;  - CR4.VME with IOPL < 3: CLI/STI change VIF (not IF); 16-bit PUSHF pushes VIF in the IF
;    position with IOPL = 3; 16-bit POPF/IRET load the image's IF into VIF; STI, POPF or IRET
;    setting VIF while VIP = 1, or POPF/IRET with TF = 1 in the image, is #GP(0); PUSHFD, POPFD
;    and IRETD remain #GP(0);
;  - INT n and the software interrupt redirection bit map (32 bytes below the I/O map base in
;    the TSS, table 20-2): a clear bit sends INT n to the 8086 vector table at linear 0 (method
;    6 with IOPL < 3: FLAGS pushed with IOPL = 3 and IF = VIF, VIF cleared; method 5 with
;    IOPL = 3: IF cleared), a set bit to the IDT (IOPL = 3, method 4) or #GP(0) (IOPL < 3,
;    method 3);
;  - CR4.PVI at CPL 3 with IOPL < 3: CLI/STI change VIF, STI with VIP = 1 is #GP(0);
;  - IRETD at CPL 0 loads VIF and VIP (SDM Vol. 2, IRET);
;  - CPUID.1:EDX.VME (bit 1) is reported (SDM Vol. 2, CPUID, table 3-11).
%include "lib.inc"

%define V86_SS    0x7000
%define V86_SP    0x0FF0
%define VM   0x20000
%define VIF  0x80000
%define VIP  0x100000
%define IOPL3 0x3000
%define IFL  0x200
%define TFL  0x100
%define IOMAP 0x88                      ; I/O map base in TSS0; redirection map at 68h-87h
%define SLOT 0x700                      ; words stored by the V86 code, one per dword

%macro ENTER_V86 2                      ; EFLAGS image, entry label (16-bit code, CS = F000h)
        push dword 0                    ; GS
        push dword 0                    ; FS
        push dword 0                    ; DS
        push dword 0                    ; ES
        push dword V86_SS
        push dword V86_SP
        push dword 0x00002 | VM | (%1)
        push dword 0xF000
        push dword %2 - 0xF0000
        iretd
%endmacro

; V86_GP label, EFLAGS image, "name": the V86 code at label ends in #GP(0) at label.gp
%macro V86_GP 3
        EXPECT %%b
        ENTER_V86 %2, %1
%%b:    DISARM
        CHECK [exc_vec], 13, %3
        CHECK [exc_err], 0, "  ... error code 0"
        CHECK [exc_eip], %1.gp - 0xF0000, "  ... at the expected instruction"
%endmacro

; WCHECK slot, mask, expected, "name": compares the word in SLOT + 4 * slot under mask
%macro WCHECK 4
        movzx eax, word [SLOT + 4 * (%1)]
        and eax, %2
        CHECK eax, %3, %4
%endmacro

test_main:
        ; CPUID.1:EDX.VME
        mov eax, 1
        cpuid
        and edx, 2
        CHECK edx, 2, "CPUID.1:EDX bit 1 (VME) is set"

        ; TSS0 with an interrupt redirection bit map: limit 87h, I/O map base 88h
        DESC SEL_TSS0 >> 3, TSS0, IOMAP - 1, 0x89, 0
        mov word [TSS0 + 102], IOMAP
        mov byte [TSS0 + IOMAP - 32 + 0x21 / 8], 1 << (0x21 % 8)   ; INT 21h: protected mode
        mov byte [TSS0 + IOMAP - 32 + 0x3F / 8], 1 << (0x3F % 8)   ; INT 3Fh: protected mode
        mov ax, SEL_TSS0
        ltr ax
        ; the 8086 vector table at linear 0: INT 30h and 31h to the V86 handlers below
        mov dword [0x30 * 4], 0xF0000000 + (v86_int30 - 0xF0000)
        mov dword [0x31 * 4], 0xF0000000 + (v86_int31 - 0xF0000)
        mov eax, 0x21                   ; INT 21h from V86 with IOPL 3: a DPL 3 gate
        mov ebx, exc_unexpected
        mov ecx, 0xEE00
        call set_gate
        mov eax, cr4
        or eax, 1                       ; CR4.VME
        mov cr4, eax

        ; --- VME, IOPL 0: the virtual interrupt flag ---
        EXPECT .a
        ENTER_V86 0, v86_a
.a:     DISARM
        CHECK [exc_vec], 13, "VME/IOPL 0 sequence ends in #GP at HLT"
        CHECK [exc_eip], v86_a.gp - 0xF0000, "  ... and ran to its end"
        WCHECK 0, IFL | IOPL3, IFL | IOPL3, "STI sets VIF: PUSHF shows IF = VIF = 1, IOPL = 3 (20.3.2)"
        WCHECK 1, IFL | IOPL3, IOPL3, "CLI clears VIF: PUSHF shows IF = 0"
        WCHECK 2, IFL | IOPL3, IFL | IOPL3, "POPF with IF = 1 sets VIF"
        WCHECK 3, IFL | IOPL3, IFL | IOPL3, "redirected INT 30h (method 6): FLAGS pushed with IOPL = 3, IF = VIF"
        WCHECK 4, IFL, 0, "method 6: VIF cleared in the 8086 handler"
        WCHECK 5, IFL, IFL, "16-bit IRET loads VIF from the image's IF"
        mov eax, [exc_eflags]
        and eax, VIF | VIP | IFL | IOPL3 | VM
        CHECK eax, VIF | VM, "real EFLAGS: VIF = 1, IF and IOPL untouched (0)"

        V86_GP v86_b1, VIP, "STI with VIP = 1 is #GP"
        V86_GP v86_b2, VIP, "POPF with IF = 1 and VIP = 1 is #GP"
        V86_GP v86_b3, 0, "POPF with TF = 1 under VME is #GP"
        V86_GP v86_b4, 0, "PUSHFD under VME with IOPL 0 is #GP"
        V86_GP v86_b5, 0, "POPFD under VME with IOPL 0 is #GP"
        V86_GP v86_b6, 0, "INT 21h with its redirection bit set and IOPL 0 is #GP (method 3)"
        V86_GP v86_b7, VIP, "IRET with IF = 1 in the image and VIP = 1 is #GP"
        V86_GP v86_b8, 0, "IRET with TF = 1 in the image is #GP"
        V86_GP v86_b9, 0, "IRETD under VME with IOPL 0 is #GP"
        V86_GP v86_b10, VIP | VIF, "CLI with VIP = 1 clears VIF without #GP (then HLT)"
        mov eax, [exc_eflags]
        and eax, VIF | VIP
        CHECK eax, VIP, "  ... VIF cleared, VIP kept"

        ; --- VME, IOPL 3: redirection bit clear is method 5, set is method 4 ---
        EXPECT .c
        ENTER_V86 IOPL3, v86_c
.c:     DISARM
        CHECK [exc_vec], 0xFF, "INT 21h with its bit set and IOPL 3 reaches the IDT gate (method 4)"
        CHECK [exc_eip], v86_c.after - 0xF0000, "  ... from the V86 code after the redirected INT 31h"
        WCHECK 6, IFL | IOPL3, IFL | IOPL3, "method 5: the real FLAGS are pushed (IF = 1, IOPL 3)"
        WCHECK 7, IFL, 0, "method 5: IF cleared in the 8086 handler"
        WCHECK 8, IFL, IFL, "method 5: IRET restores IF"

        ; --- PVI at CPL 3 in protected mode (20.4) ---
        mov eax, cr4
        or eax, 2                       ; CR4.PVI
        mov cr4, eax
        EXPECT .d
        mov ax, SEL_DATA3
        mov ds, ax
        mov es, ax
        push dword SEL_DATA3
        push dword RING3_STACK
        push dword 0x2 | VIF            ; IRETD at CPL 0 loads VIF (SDM Vol. 2, IRET)
        push dword SEL_CODE3
        push dword r3_pvi
        iretd
.d:     DISARM
        CHECK [exc_vec], 0xFF, "PVI: CLI/STI at CPL 3 with IOPL 0 do not fault"
        mov eax, [SLOT + 40]
        and eax, VIF | IFL
        CHECK eax, VIF, "IRETD at CPL 0 loaded VIF"
        mov eax, [SLOT + 44]
        and eax, VIF | IFL
        CHECK eax, 0, "PVI: CLI clears VIF, IF stays 0"
        mov eax, [SLOT + 48]
        and eax, VIF | IFL
        CHECK eax, VIF, "PVI: STI sets VIF, IF stays 0"
        EXPECT .e
        mov ax, SEL_DATA3
        mov ds, ax
        mov es, ax
        push dword SEL_DATA3
        push dword RING3_STACK
        push dword 0x2 | VIP
        push dword SEL_CODE3
        push dword r3_pvi_vip
        iretd
.e:     DISARM
        CHECK [exc_vec], 13, "PVI: STI with VIP = 1 is #GP"
        CHECK [exc_eip], r3_pvi_vip, "  ... at the STI"
        mov eax, cr4
        and eax, ~2
        mov cr4, eax
        EXPECT .f
        TO_RING3 r3_cli
.f:     DISARM
        CHECK [exc_vec], 13, "without PVI, CLI at CPL 3 with IOPL 0 is #GP"
        jmp finish

r3_pvi:
        pushfd
        pop dword [SLOT + 40]
        cli
        pushfd
        pop dword [SLOT + 44]
        sti
        pushfd
        pop dword [SLOT + 48]
        RING0
r3_pvi_vip:
        sti
        RING0
r3_cli:
        cli
        RING0

; ---- V86 code (CS = F000h); results go to SLOT + 4 * n through ES = 0 ----
        bits 16
%macro SAVE_FLAGS 1
        pushf
        pop ax
        mov [es:SLOT + 4 * (%1)], ax
%endmacro
v86_a:  xor bx, bx
        mov es, bx
        sti                             ; VIF = 1
        SAVE_FLAGS 0
        cli                             ; VIF = 0
        SAVE_FLAGS 1
        push word 0x0202                ; POPF with IF = 1: VIF = 1
        popf
        SAVE_FLAGS 2
        int 0x30                        ; redirected (bit clear), method 6
        SAVE_FLAGS 5
.gp:    hlt
v86_int30:
        mov bp, sp
        mov ax, [bp + 4]                ; the pushed FLAGS
        mov [es:SLOT + 4 * 3], ax
        SAVE_FLAGS 4
        iret
v86_int31:
        mov bp, sp
        mov ax, [bp + 4]
        mov [es:SLOT + 4 * 6], ax
        SAVE_FLAGS 7
        iret
v86_b1:
.gp:    sti
v86_b2: push word 0x0202
.gp:    popf
v86_b3: push word 0x0102
.gp:    popf
v86_b4:
.gp:    pushfd
v86_b5: push dword 0
.gp:    popfd
v86_b6:
.gp:    int 0x21
v86_b7: push word 0x0202
        push cs
        push word v86_b7.gp - 0xF0000
.gp:    iret
v86_b8: push word 0x0102
        push cs
        push word v86_b8.gp - 0xF0000
.gp:    iret
v86_b9: push dword 0x0002
        push dword 0xF000
        push dword v86_b9.gp - 0xF0000
.gp:    iretd
v86_b10:
        cli
.gp:    hlt
v86_c:  xor bx, bx
        mov es, bx
        sti                             ; IOPL 3: the real IF
        int 0x31                        ; redirected (bit clear), method 5
        SAVE_FLAGS 8
        cli
        int 0x21                        ; bit set: the IDT gate (DPL 3)
.after:
        bits 32

%include "lib_end.inc"
