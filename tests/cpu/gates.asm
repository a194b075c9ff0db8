; Call gates and privilege changes: CALL through 32- and 16-bit call gates to an inner ring with
; the TSS stack switch and parameter copy, RETF imm to the outer ring, gate and target
; privilege checks with their error codes, interrupt/trap gates from ring 3, IOPL-sensitive
; instructions, and data segment nulling on returns to an outer ring.
%include "lib.inc"

%define GATE32    0x40      ; 32-bit call gate, DPL 3, 2 parameters -> SEL_CODE32:gate32_target
%define GATE16    0x48      ; 16-bit call gate, DPL 3, 1 parameter -> SEL_CODE16:gate16_target
%define GATE_DPL0 0x50      ; call gate with DPL 0
%define GATE_NP   0x58      ; call gate, not present
%define CODE_R1   0x60      ; ring 1 code
%define GATE_R1   0x68      ; call gate -> ring 1 (TSS0.SS1 is invalid: #TS)
%define CODE_CONF 0x70      ; conforming code, DPL 0
%define GATE_CONF 0x78      ; call gate -> conforming code (no privilege change)
%define CODE3_F   0x83      ; ring 3 code based at F0000h

test_main:
        GATE GDT_BASE + GATE32, SEL_CODE32, gate32_target, 0x2EC        ; type C, DPL 3, P, 2 params
        GATE GDT_BASE + GATE16, SEL_CODE16, gate16_target - 0xF0000, 0x1E4 ; type 4, 1 param
        GATE GDT_BASE + GATE_DPL0, SEL_CODE32, gate32_target, 0x8C
        GATE GDT_BASE + GATE_NP, SEL_CODE32, gate32_target, 0x6C
        DESC 12, 0, 0xFFFFF, 0xBA, 0xC                                   ; DPL 1 code
        GATE GDT_BASE + GATE_R1, CODE_R1, gate32_target, 0xEC
        DESC 14, 0, 0xFFFFF, 0x9E, 0xC                                   ; conforming, DPL 0
        GATE GDT_BASE + GATE_CONF, CODE_CONF, conf_target, 0xEC
        mov eax, 0x30                                                    ; INT 30h: DPL 0
        mov ebx, exc_unexpected
        mov ecx, 0x8E00
        call set_gate
        mov eax, 0x31                                                    ; INT 31h: DPL 3 trap gate
        mov ebx, int31_handler
        mov ecx, 0xEF00
        call set_gate

        ; --- ring 3 through RETF; CALL gate32 with two parameters (SDM Vol. 3, 5.8.5) ---
        EXPECT .b1
        TO_RING3 .r1
.r1:    mov [scratch], cs
        push dword 0x11111111
        push dword 0x22222222
        mov [scratch + 4], esp
        call GATE32:0                   ; the offset is ignored
        mov [scratch + 8], esp          ; back in ring 3 after RETF 8
        mov [scratch + 12], cs
        mov [scratch + 16], ss
        RING0
.b1:    DISARM
        CHECK [exc_vec], 0xFF, "ring 3 code ran and returned through INT 3Fh"
        CHECK [scratch], SEL_CODE3, "RETF to an outer ring loads CS with RPL 3"
        CHECK [scratch + 8], RING3_STACK, "RETF 8 releases the parameters on the outer stack"
        CHECK [scratch + 12], SEL_CODE3, "back in ring 3: CS"
        CHECK [scratch + 16], SEL_DATA3, "back in ring 3: SS"
        CHECK [gate_cs], SEL_CODE32, "gate target runs with CS = gate selector, RPL 0"
        CHECK [gate_ss], SEL_DATA32, "inner stack: SS from TSS.SS0"
        CHECK [gate_esp], STACK0 - 24, "inner stack: ESP0 minus SS, ESP, 2 params, CS, EIP"
        CHECK [gate_frame + 4], SEL_CODE3, "frame: caller CS"
        CHECK [gate_frame + 8], 0x22222222, "frame: parameter 1 (lowest) copied"
        CHECK [gate_frame + 12], 0x11111111, "frame: parameter 2 copied"
        CHECK [gate_frame + 16], RING3_STACK - 8, "frame: caller ESP"
        CHECK [gate_frame + 20], SEL_DATA3, "frame: caller SS"

        ; --- 16-bit call gate: 16-bit frame, one word parameter ---
        DESC 16, 0xF0000, 0xFFFF, 0xFA, 0x4   ; ring 3, 32-bit, base F0000h: offsets fit 16 bits
        EXPECT .b2
        mov ax, SEL_DATA3
        mov ds, ax
        push dword SEL_DATA3
        push dword 0x7000                ; a 16-bit gate saves only SP
        push dword CODE3_F
        push dword .r2 - 0xF0000
        retf
.r2:    push word 0xBEEF
        call GATE16:0
.r2ret: mov [scratch], esp
        RING0
.b2:    DISARM
        CHECK [exc_vec], 0xFF, "16-bit gate: returned to ring 3"
        CHECK [scratch], 0x7000, "16-bit gate: RETF 2 restores SP"
        CHECK [gate16_frame], (CODE3_F << 16) | (.r2ret - $$), "16-bit frame: CS:IP"
        CHECK [gate16_frame + 4], (0x6FFE << 16) | 0xBEEF, "16-bit frame: SP and copied parameter"
        CHECK [gate16_frame + 8], SEL_DATA3, "16-bit frame: SS"
        CHECK [gate16_sp], STACK0 - 10, "16-bit gate, 32-bit inner SS: ESP0 minus 5 words"

        ; --- gate checks: DPL, presence; error codes name the gate (SDM Vol. 2, CALL) ---
        EXPECT .b3
        TO_RING3 .r3
.r3:    call GATE_DPL0:0
.b3:    DISARM
        CHECK [exc_vec], 13, "call gate with DPL < CPL is #GP"
        CHECK [exc_err], GATE_DPL0, "gate DPL: error = gate selector"
        CHECK [exc_cs], SEL_CODE3, "the fault is reported at the ring 3 CALL"
        CHECK [exc_eip], .r3, "the fault is reported at the ring 3 CALL (EIP)"
        EXPECT .b4
        TO_RING3 .r4
.r4:    call GATE_NP:0
.b4:    DISARM
        CHECK [exc_vec], 11, "not-present call gate is #NP"
        CHECK [exc_err], GATE_NP, "#NP error = gate selector"
        EXPECT .b5
        TO_RING3 .r5
.r5:    jmp GATE32:0
.b5:    DISARM
        CHECK [exc_vec], 13, "JMP through a gate to an inner ring is #GP"
        CHECK [exc_err], SEL_CODE32, "JMP to inner ring: error = code selector"
        ; #TS when the TSS stack for the new ring is invalid (SDM Vol. 3, 6.15 #TS)
        mov word [TSS0 + 16], SEL_DATA3 ; SS1: RPL/DPL 3, not 1
        mov dword [TSS0 + 12], 0x70000
        EXPECT .b6
        TO_RING3 .r6
.r6:    call GATE_R1:0
.b6:    DISARM
        CHECK [exc_vec], 10, "call to ring 1 with a bad TSS.SS1 is #TS"
        CHECK [exc_err], SEL_DATA3 & 0xFFFC, "#TS error = the SS1 selector"
        CHECK [exc_cs], SEL_CODE3, "#TS reported in the caller (CS unchanged)"
        ; conforming code through a gate: no privilege change
        EXPECT .b7
        TO_RING3 .r7
.r7:    call GATE_CONF:0
        mov [scratch + 4], esp
        RING0
.b7:    DISARM
        CHECK [scratch], CODE_CONF | 3, "conforming target keeps CPL 3 (CS.RPL = 3)"
        CHECK [scratch + 4], RING3_STACK, "conforming target: no stack switch, RETF restores ESP"

        ; --- interrupt and trap gates from ring 3 (SDM Vol. 3, 6.12.1) ---
        EXPECT .i1
        TO_RING3 .ri1
.ri1:   int 0x30
.i1:    DISARM
        CHECK [exc_vec], 13, "INT n through a DPL 0 gate from ring 3 is #GP"
        CHECK [exc_err], 0x30 * 8 + 2, "INT n DPL: error = IDT index, IDT bit set"
        EXPECT .i2
        TO_RING3 .ri2
.ri2:   mov eax, 0x12345678
        int 0x31
        mov [scratch], eax
        mov [scratch + 4], esp
        RING0
.i2:    DISARM
        CHECK [scratch], 0x87654321, "INT 31h trap gate ran at ring 0 and IRET returned"
        CHECK [scratch + 4], RING3_STACK, "IRET to ring 3 restores ESP"
        CHECK [int31_frame], .ri2 + 7, "trap gate frame: EIP after INT"
        CHECK [int31_frame + 4], SEL_CODE3, "trap gate frame: CS"
        CHECK [int31_frame + 12], RING3_STACK, "trap gate frame: ESP"
        CHECK [int31_frame + 16], SEL_DATA3, "trap gate frame: SS"
        CHECK [int31_esp], STACK0 - 20, "trap gate: ring 0 stack from TSS0"

        ; --- IOPL-sensitive instructions and privileged instructions at CPL 3 ---
        EXPECT .p1
        TO_RING3 .rp1
.rp1:   cli
.p1:    DISARM
        CHECK [exc_vec], 13, "CLI at CPL 3 with IOPL 0 is #GP(0)"
        EXPECT .p2
        TO_RING3 .rp2
.rp2:   hlt
.p2:    DISARM
        CHECK [exc_vec], 13, "HLT at CPL 3 is #GP(0)"
        EXPECT .p3
        TO_RING3 .rp3
.rp3:   mov eax, cr0
.p3:    DISARM
        CHECK [exc_vec], 13, "MOV from CR0 at CPL 3 is #GP(0)"
        EXPECT .p4
        TO_RING3 .rp4
.rp4:   mov ax, SEL_DATA32
        mov ds, ax
.p4:    DISARM
        CHECK [exc_vec], 13, "loading a DPL 0 data segment at CPL 3 is #GP"
        CHECK [exc_err], SEL_DATA32, "DPL 0 data at CPL 3: error = selector"
        EXPECT .p5
        TO_RING3 .rp5
.rp5:   pushfd
        or dword [esp], 0x3200          ; try to set IOPL = 3 and IF
        popfd
        pushfd
        pop dword [scratch]
        RING0
.p5:    DISARM
        mov eax, [scratch]
        and eax, 0x3200
        CHECK eax, 0, "POPF at CPL 3 changes neither IOPL nor IF"

        ; --- RETF/IRET to ring 3 null DS/ES loaded with DPL 0 segments (SDM Vol. 3, 5.8.6) ---
        mov dword [scratch], -1
        mov dword [scratch + 4], -1
        mov dword [scratch + 8], -1
        mov ax, SEL_DATA32
        mov es, ax
        mov fs, ax
        mov ax, SEL_DATA3
        mov gs, ax
        EXPECT .n1
        push dword SEL_DATA3
        push dword RING3_STACK
        push dword SEL_CODE3
        push dword .rn1
        retf
.rn1:   mov [ss:scratch], es
        mov [ss:scratch + 4], fs
        mov [ss:scratch + 8], gs
        RING0
.n1:    DISARM
        CHECK [scratch], 0xFFFF0000, "RETF to ring 3 nulls ES holding a DPL 0 segment"
        CHECK [scratch + 4], 0xFFFF0000, "RETF to ring 3 nulls FS holding a DPL 0 segment"
        CHECK [scratch + 8], 0xFFFF0000 | SEL_DATA3, "RETF to ring 3 keeps GS holding a DPL 3 segment"
        mov dword [scratch], -1
        mov ax, SEL_DATA32
        mov es, ax
        EXPECT .n2
        push dword SEL_DATA3
        push dword RING3_STACK
        push dword 0x202
        push dword SEL_CODE3
        push dword .rn2
        iretd
.rn2:   mov [ss:scratch], es
        RING0
.n2:    DISARM
        CHECK [scratch], 0xFFFF0000, "IRET to ring 3 nulls ES (MOV m16, Sreg stores 16 bits)"
        jmp finish

; ---- gate targets ----
gate32_target:                          ; CPL 0 through GATE32
        mov [ss:gate_cs], cs
        mov [ss:gate_ss], ss
        mov [ss:gate_esp], esp
        mov ecx, 6
        xor ebx, ebx
.copy:  mov eax, [esp + ebx * 4]
        mov [ss:gate_frame + ebx * 4], eax
        inc ebx
        loop .copy
        retf 8

conf_target:
        mov [ss:scratch], cs
        retf

int31_handler:
        mov [ss:int31_esp], esp
        mov ecx, 5
        xor ebx, ebx
.copy:  mov eax, [esp + ebx * 4]
        mov [ss:int31_frame + ebx * 4], eax
        inc ebx
        loop .copy
        mov eax, 0x87654321
        iretd

        bits 16
gate16_target:                          ; 16-bit ring 0 code, CS base F0000h
        mov [ss:gate16_sp], esp
        mov eax, [ss:esp]               ; a 32-bit SS: the pushes used ESP (SDM Vol. 3, 6.12.1)
        mov [ss:gate16_frame], eax
        mov eax, [ss:esp + 4]
        mov [ss:gate16_frame + 4], eax
        movzx eax, word [ss:esp + 8]
        mov [ss:gate16_frame + 8], eax
        retf 2
        bits 32

absolute 0x700
gate_cs:     resd 1
gate_ss:     resd 1
gate_esp:    resd 1
gate_frame:  resd 6
gate16_frame: resd 3
gate16_sp:   resd 1
int31_frame: resd 5
int31_esp:   resd 1
        section .text

%include "lib_end.inc"
