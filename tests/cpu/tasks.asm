; Hardware task switching (SDM Vol. 3, chapter 7): CALL/JMP to a TSS and through task gates,
; INT through an IDT task gate, IRET with NT back to the caller, 16- and 32-bit TSSs, busy
; bits, back links, NT, CR0.TS, LDTR loads, exceptions through a task gate (error code on the
; new stack), #TS/#NP/#GP error codes, and the T bit (#DB trap in the new task).
%include "lib.inc"

%define TSS_B   0x4000      ; 32-bit
%define TSS_C   0x4100      ; 16-bit
%define TSS_D   0x4200      ; 32-bit, for INT 40h via a task gate; has an LDT
%define TSS_F   0x4300      ; 32-bit, #GP handler task
%define TSS_E   0x4400      ; 32-bit, T bit set
%define TSS_X   0x4500      ; 32-bit, CS selector invalid
%define LDT_D   0x4600
%define SEL_B   0x40
%define SEL_C   0x48
%define SEL_D   0x50
%define SEL_F   0x58
%define SEL_E   0x60
%define SEL_X   0x68
%define GATE_B  0x70        ; task gate -> SEL_B, DPL 0
%define SEL_SMALL 0x78      ; TSS with limit 0x50 (< 0x67)
%define SEL_NP  0x80        ; TSS not present
%define SEL_LDTD 0x88       ; LDT descriptor for task D

; TSS32 base, eip, esp: fills a 32-bit TSS with flat ring 0 segments
%macro TSS32 3
        mov dword [%1 + 0x20], %2
        mov dword [%1 + 0x24], 2
        mov dword [%1 + 0x38], %3
        mov dword [%1 + 0x48], SEL_DATA32
        mov dword [%1 + 0x4C], SEL_CODE32
        mov dword [%1 + 0x50], SEL_DATA32
        mov dword [%1 + 0x54], SEL_DATA32
        mov dword [%1 + 0x58], SEL_DATA32
        mov dword [%1 + 0x5C], SEL_DATA32
        mov word [%1 + 0x66], 0x68
%endmacro

test_main:
        mov edi, 0x4000
        mov ecx, 0x800
        xor eax, eax
        rep stosd
        DESC 8, TSS_B, 0x67, 0x89, 0
        DESC 9, TSS_C, 0x2B, 0x81, 0
        DESC 10, TSS_D, 0x67, 0x89, 0
        DESC 11, TSS_F, 0x67, 0x89, 0
        DESC 12, TSS_E, 0x67, 0x89, 0
        DESC 13, TSS_X, 0x67, 0x89, 0
        GATE GDT_BASE + GATE_B, SEL_B, 0, 0x85
        DESC 15, TSS_B, 0x50, 0x89, 0
        DESC 16, TSS_B, 0x67, 0x09, 0
        DESC 17, LDT_D, 0x0F, 0x82, 0
        mov dword [LDT_D + 8], 0x0000FFFF          ; LDT entry 1: data, base 0, 64 KiB
        mov dword [LDT_D + 12], 0x00009200
        TSS32 TSS_B, task_b, 0x60000
        mov dword [TSS_B + 0x28], 0xB0B0B0B0       ; EAX
        TSS32 TSS_D, task_d, 0x61000
        mov word [TSS_D + 0x60], SEL_LDTD
        mov dword [TSS_D + 0x5C], 0x0C             ; GS = LDT entry 1 (TI = 1)
        TSS32 TSS_F, task_f, 0x62000
        TSS32 TSS_E, task_e, 0x63000
        mov word [TSS_E + 0x64], 1                 ; T bit
        TSS32 TSS_X, task_e, 0x64000
        mov dword [TSS_X + 0x54], SEL_TSS0         ; DS = a system segment: #TS
        ; 16-bit TSS C: CS = 16-bit code at F0000h, 16-bit stack (SDM Vol. 3, 7.6)
        mov word [TSS_C + 0x0E], task_c - 0xF0000
        mov word [TSS_C + 0x10], 2
        mov word [TSS_C + 0x12], 0xC0C0            ; AX
        mov word [TSS_C + 0x1A], 0x6000            ; SP
        mov word [TSS_C + 0x22], SEL_DATA16
        mov word [TSS_C + 0x24], SEL_CODE16
        mov word [TSS_C + 0x26], SEL_DATA16
        mov word [TSS_C + 0x28], SEL_DATA16
        mov eax, 0x40                              ; INT 40h: task gate to D, DPL 0
        mov dword [IDT_BASE + 0x40 * 8], SEL_D << 16
        mov dword [IDT_BASE + 0x40 * 8 + 4], 0x8500

        ; --- CALL to a TSS: nested task (SDM Vol. 3, 7.3, 7.4) ---
        clts
        mov eax, 0x12345678
        mov dword [r_esp], 0
        call SEL_B:0
.after_call:
        CHECK eax, 0x12345678, "CALL/IRET task round trip restores the caller's EAX"
        CHECK [r_tr], SEL_B, "in task B: TR = B"
        CHECK [r_eax], 0xB0B0B0B0, "in task B: EAX from its TSS"
        mov eax, [r_flags]
        and eax, 0x4000
        CHECK eax, 0x4000, "CALL sets NT in the new task"
        CHECK [r_link], SEL_TSS0, "CALL stores the back link"
        CHECK [r_busy_a], 0x8B, "CALL leaves the caller busy"
        CHECK [r_busy_b], 0x8B, "CALL marks the new task busy"
        mov eax, [r_cr0]
        and eax, 8
        CHECK eax, 8, "a task switch sets CR0.TS"
        CHECK [r_esp], 0x60000, "in task B: ESP from its TSS"
        CHECK [TSS0 + 0x20], .after_call, "old TSS: saved EIP is past the CALL"
        movzx eax, byte [GDT_BASE + SEL_B + 5]
        CHECK eax, 0x89, "IRET marks the nested task available"
        movzx eax, byte [GDT_BASE + SEL_TSS0 + 5]
        CHECK eax, 0x8B, "after IRET the caller is still busy"
        str ax
        CHECK eax, SEL_TSS0, "after IRET: TR = caller"
        pushfd
        pop eax
        and eax, 0x4000
        CHECK eax, 0, "after IRET: NT clear (from the caller's TSS image)"
        mov eax, [TSS_B + 0x24]
        and eax, 0x4000
        CHECK eax, 0, "IRET clears NT in the returning task's saved EFLAGS"

        ; --- JMP to a TSS: no nesting; the old task becomes available ---
        jmp SEL_B:0
.after_jmp:
        mov eax, [r_flags]
        and eax, 0x4000
        CHECK eax, 0, "JMP does not set NT"
        CHECK [r_busy_a], 0x89, "JMP marks the old task available"
        CHECK [r_busy_b], 0x8B, "JMP marks the new task busy"
        movzx eax, byte [GDT_BASE + SEL_B + 5]
        CHECK eax, 0x89, "after B jumps back: B available"
        ; through a task gate in the GDT
        mov dword [r_tr], 0
        jmp GATE_B:0
        CHECK [r_tr], SEL_B, "JMP through a task gate reaches task B"

        ; --- INT through an IDT task gate, with an LDT in the new task ---
        int 0x40
        CHECK [r_tr], SEL_D, "INT 40h through a task gate: TR = D"
        CHECK [r_link], SEL_TSS0, "INT through a task gate stores the back link"
        CHECK [r_ldtr], SEL_LDTD, "task switch loads LDTR from the TSS"
        CHECK [r_gs], 0x0C, "task switch loads GS from the new LDT"

        ; --- 16-bit TSS ---
        mov eax, 0xAAAA5555
        call SEL_C:0
        CHECK eax, 0xAAAA5555, "16-bit task round trip restores EAX"
        CHECK [r_tr], SEL_C, "16-bit TSS: TR = C"
        CHECK [r_link], SEL_TSS0, "16-bit TSS: back link"
        movzx eax, word [r_eax]
        CHECK eax, 0xC0C0, "16-bit TSS: AX loaded"
        mov eax, [r_flags]
        and eax, 0x4000
        CHECK eax, 0x4000, "16-bit TSS: NT set"

        ; --- error checks (SDM Vol. 2, CALL/JMP; SDM Vol. 3, 7.3) ---
        EXPECT .e1
        call SEL_TSS0:0                            ; busy
.e1:    DISARM
        CHECK [exc_vec], 13, "CALL to a busy TSS is #GP"
        CHECK [exc_err], SEL_TSS0, "busy TSS: error = selector"
        EXPECT .e2
        call SEL_SMALL:0
.e2:    DISARM
        CHECK [exc_vec], 10, "TSS limit below 67h is #TS"
        CHECK [exc_err], SEL_SMALL, "#TS error = TSS selector"
        EXPECT .e3
        jmp SEL_NP:0
.e3:    DISARM
        CHECK [exc_vec], 11, "not-present TSS is #NP"
        CHECK [exc_err], SEL_NP, "#NP error = TSS selector"
        xor eax, eax
        str ax
        CHECK eax, SEL_TSS0, "faults before the switch leave TR alone"

        ; --- an exception through a task gate pushes its error code on the new stack ---
        mov dword [IDT_BASE + 13 * 8], SEL_F << 16
        mov dword [IDT_BASE + 13 * 8 + 4], 0x8500
        mov ax, 0x0778                             ; beyond... a null descriptor: #GP(0778h)
        mov ds, ax
.gp_resumed:
        mov ax, SEL_DATA32
        mov ds, ax
        CHECK [r_err], 0x0778, "#GP through a task gate: error code on the handler task's stack"
        CHECK [r_tr], SEL_F, "#GP through a task gate runs task F"
        CHECK [r_eip], .gp_resumed - 2, "the faulting task's saved EIP is the faulting MOV"
        mov eax, 13
        mov ebx, exc_stub_13
        mov ecx, 0x8E00
        call set_gate

        ; --- #TS in the new task's context: CS is a data segment (SDM Vol. 3, table 7-1) ---
        EXPECT .e4
        jmp SEL_X:0
.e4:    DISARM
        CHECK [exc_vec], 10, "new task with a TSS selector in DS is #TS"
        CHECK [exc_err], SEL_TSS0, "#TS error = the DS selector"
        xor eax, eax
        str ax
        CHECK eax, SEL_X, "the #TS is raised after the switch (TR = new task)"
        and byte [GDT_BASE + SEL_X + 5], ~2        ; back to TSS0 by hand
        ltr [cs:.tss0]

        ; --- T bit: #DB trap before the new task's first instruction (SDM Vol. 3, 17.3.1.5) ---
        xor eax, eax
        mov dr6, eax
        EXPECT .e5
        call SEL_E:0
.e5:    DISARM
        CHECK [exc_vec], 1, "T bit: #DB on entry to the task"
        CHECK [exc_eip], task_e, "T bit: #DB reported at the task's first instruction"
        mov eax, dr6
        and eax, 0x8000
        CHECK eax, 0x8000, "T bit: DR6.BT set"
        jmp finish
.tss0:  dw SEL_TSS0

record:                                 ; common to the tasks: what the switch set up
        str ax
        movzx eax, ax
        mov [r_tr], eax
        pushfd
        pop dword [r_flags]
        movzx eax, byte [GDT_BASE + SEL_TSS0 + 5]
        mov [r_busy_a], eax
        movzx eax, byte [GDT_BASE + SEL_B + 5]
        mov [r_busy_b], eax
        mov eax, cr0
        mov [r_cr0], eax
        ret

task_b:
        mov [r_eax], eax
        mov [r_esp], esp
        call record
        movzx eax, word [TSS_B]
        mov [r_link], eax
        pushfd
        test dword [esp], 0x4000
        lea esp, [esp + 4]
        jz .jmp_back
        iretd
        jmp task_b
.jmp_back:
        jmp SEL_TSS0:0
        jmp task_b

task_d:
        mov [r_eax], eax
        call record
        movzx eax, word [TSS_D]
        mov [r_link], eax
        sldt ax
        movzx eax, ax
        mov [r_ldtr], eax
        mov ax, gs
        movzx eax, ax
        mov [r_gs], eax
        iretd
        jmp task_d

task_f:                                 ; #GP handler task: [esp] = error code
        pop eax
        mov [r_err], eax
        str ax
        movzx eax, ax
        mov [r_tr], eax
        mov eax, [TSS0 + 0x20]
        mov [r_eip], eax
        mov dword [TSS0 + 0x20], test_main.gp_resumed
        iretd
        jmp task_f

task_e:
        jmp finish

        bits 16
task_c:                                 ; 16-bit task: SS = DS = 64 KiB at 0
        mov [r_eax], eax
        str ax
        movzx eax, ax
        mov [r_tr], eax
        pushfd
        pop dword [r_flags]
        movzx eax, word [TSS_C]
        mov [r_link], eax
        iret
        jmp task_c
        bits 32

absolute 0x700
r_eax:    resd 1
r_esp:    resd 1
r_tr:     resd 1
r_flags:  resd 1
r_link:   resd 1
r_busy_a: resd 1
r_busy_b: resd 1
r_cr0:    resd 1
r_ldtr:   resd 1
r_gs:     resd 1
r_err:    resd 1
r_eip:    resd 1
        section .text

%include "lib_end.inc"
