; Stack faults while an interrupt or exception is being delivered (SDM Vol. 2, INT n/INTO/INT3/
; INT1 "Operation"; SDM Vol. 3, 6.13 "Error Code" and 6.15 "Interrupt 12 - Stack Fault
; Exception (#SS)", "Interrupt 8 - Double Fault Exception (#DF)", table 6-5).
;
; INT n pseudocode, INTRA-PRIVILEGE-LEVEL-INTERRUPT: "IF current stack does not have room for
; 16 bytes (error code pushed) or 12 bytes (no error code pushed) THEN #SS(EXT); FI; (* Error
; code contains NULL selector *)". INTER-PRIVILEGE-LEVEL-INTERRUPT: "IF NewSS is not present
; THEN #SS(error_code(NewSS,0,EXT))" and "IF new stack does not have room for 24 bytes (error
; code pushed) or 20 bytes (no error code pushed) THEN #SS(error_code(NewSS,0,EXT))". The room
; checks come before anything is pushed, so a failed delivery leaves SS:ESP as they were.
; 6.13: EXT is set when the exception occurred during delivery of an event external to the
; program (a hardware interrupt or an earlier exception), clear during INT n / INT3 / INTO.
; Table 6-5: a contributory exception (#SS) while delivering a contributory one (#GP) is #DF
; with error code 0; after a benign one (#UD) the two are handled serially.
; A page fault while pushing the frame reports the linear address pushed to in CR2 (SDM Vol. 3,
; 4.7) with W/R = 1; U/S is the CPL the frame is pushed at (4.6: accesses at CPL < 3 are
; supervisor-mode accesses). The first push is the old SS (inner) or EFLAGS (same level), at
; ESP - 4.
;
; A fault on the current stack can't be delivered on that same stack, so each case runs at
; ring 3 and the faulting delivery goes either to a conforming code segment (stays at CPL 3 and
; on the ring-3 stack) or to a ring-1 handler (stack from TSS0.SS1:ESP1); the #SS / #PF / #DF
; themselves go to the harness's ring-0 stubs on TSS0.SS0:ESP0.
; The hardware interrupt is IRQ0 from the 8254 through the 8259 pair (as in ext.asm).
%include "lib.inc"

%define SEL_SMALL3  0x43                ; ring-3 data, base 70000h, limit FFFh, B = 1
%define SEL_CONF    0x48                ; conforming code, DPL 0, flat 32-bit
%define SEL_CODE1   0x50                ; ring-1 code, flat 32-bit
%define SEL_NP1     0x59                ; ring-1 data, not present
%define SEL_SMALL1  0x61                ; ring-1 data, base 71000h, limit FFFh, B = 1
%define SEL_FLAT1   0x69                ; ring-1 data, flat
%define SEL_CGATE   0x73                ; call gate, DPL 3, to SEL_CODE1:ring1_handler
%define IOPL3       0x3000

%define PD      0x10000
%define PT0     0x11000                 ; identity map 0-4 MiB
%define PT1     0x12000                 ; 4 MiB-8 MiB: 400000h not present

; RUN3 label: continues at `label` in ring 3 with IOPL 3 and IF = 1 (the 8259 masks every
; input until the ring-3 code unmasks IRQ0).
%macro RUN3 1
        pushfd
        or dword [esp], IOPL3 | 0x200
        popfd
        TO_RING3 %1
%endmacro

; AFTER_IRQ: masks the 8259 again, ends IRQ0 and sets IOPL back to 0.
%macro AFTER_IRQ 0
        mov al, 0xFF
        out 0x21, al
        mov al, 0x20
        out 0x20, al
        pushfd
        and dword [esp], ~(IOPL3 | 0x200)
        popfd
%endmacro

test_main:
        DESC SEL_SMALL3 >> 3, 0x70000, 0xFFF, 0xF2, 0x4
        DESC SEL_CONF >> 3, 0, 0xFFFFF, 0x9E, 0xC
        DESC SEL_CODE1 >> 3, 0, 0xFFFFF, 0xBA, 0xC
        DESC SEL_NP1 >> 3, 0, 0xFFFFF, 0x32, 0xC
        DESC SEL_SMALL1 >> 3, 0x71000, 0xFFF, 0xB2, 0x4
        DESC SEL_FLAT1 >> 3, 0, 0xFFFFF, 0xB2, 0xC
        GATE IDT_BASE + 0x41 * 8, SEL_CONF, conf_handler, 0xEE
        GATE IDT_BASE + 0x42 * 8, SEL_CODE1, ring1_handler, 0xEE
        GATE GDT_BASE + (SEL_CGATE & ~7), SEL_CODE1, ring1_handler, 0xEC
        call pic_init
        mov al, 0x34                    ; 8254 counter 0, LSB/MSB, mode 2
        out 0x43, al
        mov al, 100
        out 0x40, al
        xor al, al
        out 0x40, al

        ; --- same privilege (conforming handler), the 12-byte frame fits: control ---
        EXPECT .a
        TO_RING3 .a3
.a3:    mov ax, SEL_SMALL3
        mov ss, ax
        mov esp, 12
        int 0x41
.a:     DISARM
        CHECK [exc_vec], 0xFF, "INT 41h with ESP = 12: the frame fits, handler runs"
        CHECK [scratch], 0, "handler's ESP = 12 - 12"

        ; --- INT n, no room on the current stack: #SS(0), EXT = 0 ---
        EXPECT .b
        TO_RING3 .b3
.b3:    mov ax, SEL_SMALL3
        mov ss, ax
        mov esp, 8
.bint:  int 0x41
.b:     DISARM
        CHECK [exc_vec], 12, "INT n without room on the current stack is #SS"
        CHECK [exc_err], 0, "#SS(EXT) with EXT = 0 for INT n"
        CHECK [exc_eip], .bint, "#SS reports the INT instruction"
        CHECK [STACK0 - 8], 8, "ESP unchanged by the failed delivery"

        ; --- hardware interrupt, no room: #SS(EXT) = 1 ---
        GATE IDT_BASE + 0x20 * 8, SEL_CONF, conf_handler, 0x8E
        EXPECT .c
        RUN3 .c3
.c3:    mov ax, SEL_SMALL3
        mov ss, ax
        mov esp, 8
        mov al, 0xFE                    ; unmask IRQ0
        out 0x21, al
.cwait: jmp .cwait
.c:     DISARM
        AFTER_IRQ
        CHECK [exc_vec], 12, "IRQ0 without room on the current stack is #SS"
        CHECK [exc_err], 1, "#SS(EXT) with EXT = 1 for a hardware interrupt"

        ; --- #UD (benign exception), no room: #SS(1), handled serially ---
        GATE IDT_BASE + 6 * 8, SEL_CONF, conf_handler, 0x8E
        EXPECT .d
        TO_RING3 .d3
.d3:    mov ax, SEL_SMALL3
        mov ss, ax
        mov esp, 8
.dud:   ud2
.d:     DISARM
        CHECK [exc_vec], 12, "#UD without room on the current stack is #SS"
        CHECK [exc_err], 1, "#SS(EXT) with EXT = 1 during an exception's delivery"
        CHECK [exc_eip], .dud, "#SS reports the UD2"
        mov eax, 6
        mov ebx, exc_stub_6
        mov ecx, 0x8E00
        call set_gate

        ; --- #GP (contributory), no room: #SS while delivering #GP is #DF(0) ---
        GATE IDT_BASE + 13 * 8, SEL_CONF, conf_handler, 0x8E
        EXPECT .e
        TO_RING3 .e3
.e3:    mov ax, SEL_SMALL3
        mov ss, ax
        mov esp, 8
        hlt                             ; #GP(0) at CPL 3
.e:     DISARM
        CHECK [exc_vec], 8, "#SS while delivering #GP is a double fault"
        CHECK [exc_err], 0, "#DF error code 0"
        mov eax, 13
        mov ebx, exc_stub_13
        mov ecx, 0x8E00
        call set_gate

        ; --- inner privilege: TSS0.SS1 not present: #SS(SS1 selector + EXT) ---
        mov dword [TSS0 + 12], 0x1000   ; ESP1
        mov dword [TSS0 + 16], SEL_NP1  ; SS1
        EXPECT .f
        TO_RING3 .f3
.f3:    int 0x42
.f:     DISARM
        CHECK [exc_vec], 12, "INT n to ring 1 with SS1 not present is #SS"
        CHECK [exc_err], SEL_NP1 & 0xFFFC, "#SS(SS1 selector), EXT = 0"
        GATE IDT_BASE + 0x20 * 8, SEL_CODE1, ring1_handler, 0x8E
        EXPECT .g
        RUN3 .g3
.g3:    mov al, 0xFE
        out 0x21, al
.gwait: jmp .gwait
.g:     DISARM
        AFTER_IRQ
        CHECK [exc_vec], 12, "IRQ0 to ring 1 with SS1 not present is #SS"
        CHECK [exc_err], (SEL_NP1 & 0xFFFC) | 1, "#SS(SS1 selector + EXT)"

        ; --- inner privilege: the new stack has room for the 20-byte frame: control ---
        mov dword [TSS0 + 12], 20
        mov dword [TSS0 + 16], SEL_SMALL1
        EXPECT .h
        TO_RING3 .h3
.h3:    int 0x42
.h:     DISARM
        CHECK [exc_vec], 0xFF, "INT n to ring 1 with ESP1 = 20: the frame fits"
        CHECK [scratch], 0, "ring-1 handler's ESP = 20 - 20"

        ; --- inner privilege, no room on the new stack: #SS(SS1 selector + EXT) ---
        mov dword [TSS0 + 12], 16
        EXPECT .i
        TO_RING3 .i3
.i3:    int 0x42
.i:     DISARM
        CHECK [exc_vec], 12, "INT n to ring 1 without room on the new stack is #SS"
        CHECK [exc_err], SEL_SMALL1 & 0xFFFC, "#SS(new SS selector), EXT = 0"
        CHECK [STACK0 - 8], RING3_STACK, "the #SS frame holds the ring-3 ESP"
        EXPECT .j
        RUN3 .j3
.j3:    mov al, 0xFE
        out 0x21, al
.jwait: jmp .jwait
.j:     DISARM
        AFTER_IRQ
        CHECK [exc_vec], 12, "IRQ0 to ring 1 without room on the new stack is #SS"
        CHECK [exc_err], (SEL_SMALL1 & 0xFFFC) | 1, "#SS(new SS selector + EXT)"
        mov eax, 0x20
        mov ebx, exc_unexpected
        mov ecx, 0x8E00
        call set_gate

        ; --- CALL through a call gate to ring 1 (SDM Vol. 2, CALL, INTER-PRIVILEGE-LEVEL-CALL:
        ; "IF new stack does not have room for parameters plus 16 bytes THEN #SS(NewSS)") ---
        mov dword [TSS0 + 12], 16
        EXPECT .cg1
        TO_RING3 .cg13
.cg13:  call SEL_CGATE:0
.cg1:   DISARM
        CHECK [exc_vec], 0xFF, "CALL gate to ring 1 with ESP1 = 16: SS, ESP, CS, EIP fit"
        CHECK [scratch], 0, "callee's ESP = 16 - 16"
        mov dword [TSS0 + 12], 12
        EXPECT .cg2
        TO_RING3 .cg23
.cg23:  call SEL_CGATE:0
.cg2:   DISARM
        CHECK [exc_vec], 12, "CALL gate to ring 1 without room on the new stack is #SS"
        CHECK [exc_err], SEL_SMALL1 & 0xFFFC, "#SS(new SS selector)"
        CHECK [exc_eip], .cg23, "#SS reports the CALL"

        ; --- page faults while pushing the frame ---
        mov edi, PD
        mov ecx, 0x3000 / 4
        xor eax, eax
        rep stosd
        mov edi, PT0                    ; identity, user, writable
        mov eax, 7
.id:    stosd
        add eax, 0x1000
        cmp edi, PT0 + 0x1000
        jb .id
        mov dword [PD + 0], PT0 | 7
        mov dword [PD + 4], PT1 | 7     ; PT1 empty: 400000h-7FFFFFh not present
        PAGING_ON PD, 0
        ; same privilege: the ring-3 stack's page below 401000h is not present
        EXPECT .k
        TO_RING3 .k3
.k3:    mov esp, 0x401000
.kint:  int 0x41
.k:     DISARM
        CHECK [exc_vec], 14, "INT n pushing into a not-present page is #PF"
        CHECK [exc_err], 6, "#PF error: not present, write, user (CPL 3)"
        mov eax, cr2
        CHECK eax, 0x400FFC, "CR2 = ESP - 4, the first push"
        CHECK [exc_eip], .kint, "#PF reports the INT instruction"
        CHECK [STACK0 - 8], 0x401000, "ESP unchanged by the failed delivery"
        ; inner privilege: ring-1 stack SEL_FLAT1:401000h
        mov dword [TSS0 + 12], 0x401000
        mov dword [TSS0 + 16], SEL_FLAT1
        EXPECT .l
        TO_RING3 .l3
.l3:    int 0x42
.l:     DISARM
        CHECK [exc_vec], 14, "INT n to ring 1 pushing into a not-present page is #PF"
        CHECK [exc_err], 2, "#PF error: not present, write, supervisor (CPL 1)"
        mov eax, cr2
        CHECK eax, 0x400FFC, "CR2 = ESP1 - 4, the push of the old SS"
        CHECK [exc_cs], SEL_CODE3, "#PF reports the ring-3 code"
        CHECK [STACK0 - 8], RING3_STACK, "the #PF frame holds the ring-3 ESP"
        mov eax, cr0
        and eax, ~0x80000000
        mov cr0, eax
        jmp finish

; Runs at CPL 3 (conforming code) or CPL 1 once a frame was pushed: records ESP, then INT 3Fh
; back to the catcher.
conf_handler:
ring1_handler:
        mov [scratch], esp
        RING0

%include "lib_end.inc"
