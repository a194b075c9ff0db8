; Virtual-8086 mode (SDM Vol. 3, chapter 20): entry through IRET with VM = 1 at CPL 0 and
; through a task switch, real-mode addressing, IOPL-sensitive CLI/STI/PUSHF/POPF/INT n/IRET
; (#GP(0) to the monitor when IOPL < 3), INT3 not IOPL-sensitive, interrupts to a ring 0
; handler pushing ES/DS/FS/GS and nulling them, IRET back to V86, and segment overruns.
%include "lib.inc"

%define V86_SS    0x7000
%define V86_SP    0x0FF0
%define TSS_V     0x4000
%define SEL_V     0x40

; V86 flags, entry label (16-bit code in this ROM, CS = F000h): IRET into V86 at CPL 0
%macro ENTER_V86 2
        push dword 0x0000                 ; GS
        push dword 0x3456                 ; FS
        push dword 0x1234                 ; DS
        push dword 0x2345                 ; ES
        push dword V86_SS
        push dword V86_SP
        push dword 0x20002 | (%1)         ; VM
        push dword 0xF000
        push dword %2 - 0xF0000
        iretd
%endmacro

test_main:
        mov eax, 13                       ; #GP: capture the whole V86 frame first
        mov ebx, v86_gp
        mov ecx, 0x8E00
        call set_gate
        mov eax, 0x21                     ; INT 21h: DPL 3 interrupt gate, ring 0 handler
        mov ebx, int21
        mov ecx, 0xEE00
        call set_gate

        ; --- IRET to V86 with IOPL 0; CLI is #GP(0) (SDM Vol. 3, 20.2.7) ---
        EXPECT .a
        ENTER_V86 0, v86_a
.a:     DISARM
        CHECK [exc_vec], 13, "CLI in V86 with IOPL 0 is #GP"
        CHECK [frame], 0, "V86 #GP error code 0"
        CHECK [frame + 4], v86_a.cli - 0xF0000, "frame EIP = the CLI"
        CHECK [frame + 8], 0xF000, "frame CS = V86 CS"
        mov eax, [frame + 12]
        and eax, 0x20000
        CHECK eax, 0x20000, "frame EFLAGS has VM"
        CHECK [frame + 16], V86_SP - 2, "frame ESP (after one PUSH)"
        CHECK [frame + 20], V86_SS, "frame SS"
        CHECK [frame + 24], 0x2345, "frame ES (SDM Vol. 3, figure 20-5)"
        CHECK [frame + 28], 0x1234, "frame DS"
        CHECK [frame + 32], 0x3456, "frame FS"
        CHECK [frame + 36], 0, "frame GS"
        CHECK [handler_ds], 0, "handler runs with DS nulled"
        CHECK [handler_esp], STACK0 - 40, "ring 0 stack from TSS.ESP0"
        CHECK [0x12340], 0xABCD, "V86 addressing: DS * 16 + offset"
        CHECK [0x70000 + V86_SP - 2], 0x5A5A, "V86 stack: SS * 16 + SP"

        EXPECT .b
        ENTER_V86 0, v86_b
.b:     DISARM
        CHECK [exc_vec], 13, "PUSHF in V86 with IOPL 0 is #GP"
        CHECK [frame + 4], v86_b - 0xF0000, "PUSHF fault EIP"
        EXPECT .c
        ENTER_V86 0, v86_c
.c:     DISARM
        CHECK [exc_vec], 13, "INT n in V86 with IOPL 0 is #GP"
        CHECK [frame], 0, "INT n with IOPL 0: error code 0"
        EXPECT .d
        ENTER_V86 0, v86_d
.d:     DISARM
        CHECK [exc_vec], 13, "INT3 in V86 goes through the IDT: DPL 0 gate is #GP"
        CHECK [frame], 3 * 8 + 2, "INT3: error code names IDT entry 3"
        EXPECT .e
        ENTER_V86 0, v86_e
.e:     DISARM
        CHECK [exc_vec], 13, "IRET in V86 with IOPL 0 is #GP"
        EXPECT .f
        ENTER_V86 0, v86_f
.f:     DISARM
        CHECK [exc_vec], 13, "word at offset FFFFh in V86 is #GP"
        CHECK [frame], 0, "segment overrun: error code 0"

        ; --- IOPL 3: CLI/STI/PUSHF/POPF run; INT n goes to the ring 0 handler and IRET returns ---
        EXPECT .g
        ENTER_V86 0x3000, v86_g
.g:     DISARM
        CHECK [exc_vec], 0xFF, "V86 with IOPL 3 ran to INT 3Fh"
        CHECK [scratch], 0x3202, "PUSHF with IOPL 3 (IF set by STI, VM not pushed)"
        CHECK [scratch + 4], 0x7777, "INT 21h handler result seen in V86 after IRET"
        CHECK [scratch + 8], 0x1234, "DS restored by the IRET to V86"
        CHECK [int21_frame + 4], 0xF000, "INT 21h frame: CS"
        CHECK [int21_frame + 20], 0, "INT 21h frame: ES"
        CHECK [int21_frame + 24], 0x1234, "INT 21h frame: DS"
        CHECK [scratch + 12], 0x9999, "V86 IRET with IOPL 3 (real-mode frame)"
        mov eax, [exc_eflags]
        and eax, 0x23000
        CHECK eax, 0x23000, "IOPL 3 V86 frame EFLAGS: VM and IOPL"
        CHECK [exc_cs], 0xF000, "exit frame CS"

        ; --- a task switch into a V86 task (SDM Vol. 3, 20.2.5) ---
        mov edi, TSS_V
        mov ecx, 0x68 / 4
        xor eax, eax
        rep stosd
        DESC 8, TSS_V, 0x67, 0x89, 0
        mov dword [TSS_V + 4], STACK0 - 0x1000
        mov dword [TSS_V + 8], SEL_DATA32
        mov dword [TSS_V + 0x20], v86_h - 0xF0000
        mov dword [TSS_V + 0x24], 0x23002          ; VM, IOPL 3
        mov dword [TSS_V + 0x38], V86_SP
        mov dword [TSS_V + 0x48], 0x2345           ; ES
        mov dword [TSS_V + 0x4C], 0xF000           ; CS
        mov dword [TSS_V + 0x50], V86_SS           ; SS
        mov dword [TSS_V + 0x54], 0x1234           ; DS
        mov word [TSS_V + 0x66], 0x68
        EXPECT .h
        call SEL_V:0
.h:     DISARM
        CHECK [exc_vec], 0xFF, "V86 task ran to INT 3Fh"
        CHECK [exc_cs], 0xF000, "V86 task: CS F000h"
        mov eax, [exc_eflags]
        and eax, 0x20000
        CHECK eax, 0x20000, "V86 task: VM set from the TSS EFLAGS"
        CHECK [scratch], 0x1234, "V86 task: DS from the TSS"
        movzx eax, byte [0x12345]
        CHECK eax, 0x77, "V86 task: linear address DS * 16 + offset"
        jmp finish

; ---- ring 0 handlers ----
v86_gp:                                 ; copy the V86 frame, then the harness catcher
        mov [ss:handler_ds], ds
        mov [ss:handler_esp], esp
        push ecx
        push ebx
        push eax
        xor ebx, ebx
.copy:  mov eax, [ss:esp + 12 + ebx * 4]
        mov [ss:frame + ebx * 4], eax
        inc ebx
        cmp ebx, 10
        jb .copy
        pop eax
        pop ebx
        pop ecx
        jmp exc_stub_13

int21:                                  ; ring 0 handler for INT 21h from V86
        push eax
        push ebx
        xor ebx, ebx
.copy:  mov eax, [ss:esp + 8 + ebx * 4]
        mov [ss:int21_frame + ebx * 4], eax
        inc ebx
        cmp ebx, 9
        jb .copy
        pop ebx
        pop eax
        mov ax, 0x7777
        iretd                           ; back to V86 (SDM Vol. 2, IRET)

; ---- V86 code (CS = F000h) ----
        bits 16
v86_a:  mov word [0], 0xABCD            ; DS = 1234h
        push word 0x5A5A
.cli:   cli
v86_b:  pushf
v86_c:  int 0x21
v86_d:  int3
v86_e:  iret
v86_f:  mov ax, [0xFFFF]
v86_g:  cli
        sti
        pushf
        pop ax
        xor bx, bx
        mov es, bx
        mov [es:scratch], ax
        mov ax, 0x1234
        mov ds, ax
        xor ax, ax
        int 0x21
        mov [es:scratch + 4], ax
        mov [es:scratch + 8], ds
        pushf                           ; a real-mode IRET frame
        push cs
        push word .after - 0xF0000
        iret
        mov word [es:scratch + 12], 0   ; skipped
.after: mov word [es:scratch + 12], 0x9999
        RING0
v86_h:  xor bx, bx
        mov es, bx
        mov [es:scratch], ds
        mov byte [5], 0x77              ; DS:5 = 12345h
        RING0
        bits 32

absolute 0x700
frame:       resd 10
handler_ds:  resd 1
handler_esp: resd 1
int21_frame: resd 9
        section .text

%include "lib_end.inc"
