; EFLAGS.RF, the resume flag (SDM Vol. 3, 2.3 "RF" and 17.3.1.1):
;  - a fault-class exception pushes RF = 1, except the #DB of an instruction breakpoint, which
;    pushes RF as it is (0); software interrupts push RF = 0 (17.3.1.1, the list of cases);
;  - while RF = 1 instruction breakpoints are ignored, so IRETD to a faulting instruction does
;    not retrigger its breakpoint;
;  - RF is cleared at the start of the next instruction; IRETD loads it, POPFD does not
;    (17.3.1.1: "the POPF, POPFD, and IRET instructions do not transfer the RF image").
%include "lib.inc"

%define RF 0x10000

test_main:
        ; --- fault-class exceptions push RF = 1, software interrupts RF = 0 ---
        EXPECT .a
        ud2
.a:     DISARM
        CHECK [exc_vec], 6, "UD2 raises #UD"
        mov eax, [exc_eflags]
        and eax, RF
        CHECK eax, RF, "a fault (#UD) pushes RF = 1 (SDM Vol. 3, 17.3.1.1)"
        EXPECT .b
        mov bx, 0x7F8                   ; an empty GDT slot: #GP(7F8h)
        mov ds, bx
.b:     DISARM
        CHECK [exc_vec], 13, "MOV DS with an empty descriptor raises #GP"
        mov eax, [exc_eflags]
        and eax, RF
        CHECK eax, RF, "a fault (#GP) pushes RF = 1"
        EXPECT .c
        int3
.c:     DISARM
        CHECK [exc_vec], 3, "INT3 raises #BP"
        mov eax, [exc_eflags]
        and eax, RF
        CHECK eax, 0, "a software interrupt (INT3) pushes RF = 0"

        ; own handlers for #DB and #GP that return with IRETD
        mov eax, 1
        mov ebx, db_handler
        mov ecx, 0x8E00
        call set_gate
        mov eax, 13
        mov ebx, gp_handler
        call set_gate

        ; --- instruction breakpoint on an instruction that faults, then succeeds ---
        ; #DB (RF pushed 0) -> handler sets RF -> the instruction runs and raises #GP, whose
        ; image has RF = 1 -> the #GP handler fixes BX and IRETDs -> the instruction restarts
        ; without a second #DB and completes.
        mov eax, bp_insn
        mov dr0, eax
        mov eax, 0x00000001             ; L0, RW0 = 00 (execute), LEN0 = 00
        mov dr7, eax
        mov bx, 0x7F8
        call bp_sub
        CHECK [db_count], 1, "one #DB for the breakpoint (the restart after #GP is not trapped)"
        CHECK [db_eip], bp_insn, "the instruction breakpoint is a fault at the instruction"
        mov eax, [db_flags]
        and eax, RF
        CHECK eax, 0, "the instruction-breakpoint #DB pushes RF = 0 (17.3.1.1)"
        CHECK [gp_count], 1, "the breakpointed instruction then raised #GP once"
        CHECK [gp_eip], bp_insn, "#GP at the breakpointed instruction"
        mov eax, [gp_flags]
        and eax, RF
        CHECK eax, RF, "#GP after the breakpoint pushes RF = 1"
        CHECK [ran], 1, "the instruction after the restarted one ran once"
        mov ax, ds
        movzx eax, ax
        CHECK eax, SEL_DATA32, "the restarted MOV DS loaded the fixed selector"

        ; --- RF from IRETD suppresses one instruction's breakpoint only ---
        mov dword [db_count], 0
        mov eax, rf_first
        mov dr0, eax
        mov eax, rf_second
        mov dr1, eax
        mov eax, 0x00000005             ; L0 and L1, both execute breakpoints
        mov dr7, eax
        pushfd
        or dword [esp], RF
        push dword SEL_CODE32
        push dword rf_first
        iretd
rf_first:
        nop                             ; RF = 1: its breakpoint is ignored, then RF clears
rf_second:
        nop                             ; breakpoint taken
        CHECK [db_count], 1, "IRETD with RF = 1: one breakpoint skipped, the next one taken"
        CHECK [db_eip], rf_second, "the #DB is at the instruction after the resumed one"

        ; --- POPFD does not load RF ---
        mov dword [db_count], 0
        mov eax, popf_bp
        mov dr0, eax
        mov eax, 0x00000001
        mov dr7, eax
        pushfd
        or dword [esp], RF
        popfd
popf_bp:
        nop
        CHECK [db_count], 1, "POPFD with RF = 1 in the image leaves RF clear: breakpoint taken"
        CHECK [db_eip], popf_bp, "the #DB is at the instruction after POPFD"

        ; --- RF is cleared after one instruction with no breakpoints enabled ---
        xor eax, eax
        mov dr7, eax
        mov eax, 1
        mov ebx, exc_stub_1
        mov ecx, 0x8E00
        call set_gate
        mov eax, 13
        mov ebx, exc_stub_13
        call set_gate
        EXPECT .d
        pushfd
        or dword [esp], RF
        push dword SEL_CODE32
        push dword .d_target
        iretd
.d_target:
        nop
        int3
.d:     DISARM
        CHECK [exc_vec], 3, "INT3 after IRETD with RF = 1"
        mov eax, [exc_eflags]
        and eax, RF
        CHECK eax, 0, "RF was cleared by the instruction after IRETD (INT3 pushes RF = 0)"
        EXPECT .e
        pushfd
        or dword [esp], RF
        push dword SEL_CODE32
        push dword .e_target
        iretd
.e_target:
        int3                            ; the first instruction: RF cleared at its start
.e:     DISARM
        mov eax, [exc_eflags]
        and eax, RF
        CHECK eax, 0, "INT3 right after IRETD with RF = 1 pushes RF = 0 (cleared at its start)"
        jmp finish

bp_sub:
bp_insn:
        mov ds, bx                      ; DR0 points here
        inc dword [ran]
        ret

db_handler:                             ; count, record, set RF in the image, return
        push eax
        inc dword [db_count]
        mov eax, [esp + 4]
        mov [db_eip], eax
        mov eax, [esp + 12]
        mov [db_flags], eax
        or dword [esp + 12], RF
        pop eax
        iretd

gp_handler:                             ; count, record, make BX a valid selector, return
        push eax
        inc dword [gp_count]
        mov eax, [esp + 8]              ; above the error code
        mov [gp_eip], eax
        mov eax, [esp + 16]
        mov [gp_flags], eax
        mov bx, SEL_DATA32
        pop eax
        add esp, 4
        iretd

absolute 0x700
db_count: resd 1
db_eip:   resd 1
db_flags: resd 1
gp_count: resd 1
gp_eip:   resd 1
gp_flags: resd 1
ran:      resd 1
        section .text

%include "lib_end.inc"
