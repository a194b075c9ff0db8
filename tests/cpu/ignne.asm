; x87 MS-DOS compatibility error reporting with CR0.NE = 0: the freeze and IGNNE# (SDM Vol. 1,
; 8.7 "Handling x87 FPU Exceptions in Software"; appendix D, D.2.1.1 "Basic Rules: When FERR#
; Is Generated", D.2.1.2 "Recommended External Hardware to Support the MS-DOS Compatibility
; Sub-mode" with figure D-1, D.2.2 for the P6 family):
;  - an unmasked exception leaves the processor to freeze "just before executing the next WAIT
;    or x87 FPU instruction" with FERR# asserted, until the external interrupt the board makes
;    of FERR# (IRQ13) is serviced; the waiting instruction has not run when the IRQ13 handler
;    starts, and the handler returns to it (D.2.1.1 items 1-4). On the P6 family FERR# is
;    asserted as soon as the exception is detected (D.2.2), so IRQ13 arrives at the end of the
;    faulting instruction - before the waiting instruction either way;
;  - the handler's access to port F0h clears the IRQ13 latch and asserts IGNNE# while FERR# is
;    active (flip-flop #2 of figure D-1); with IGNNE# active waiting x87 instructions run,
;    ignoring the pending exception, inside the handler and after it, until the exception is
;    cleared (FNCLEX) - FERR# inactive clears IGNNE#;
;  - ES set without an exception being signalled (FLDCW unmasking a set flag, SDM Vol. 1,
;    8.1.3.1 and 8.6) is reported by the next waiting instruction the same way.
%include "lib.inc"

%define IRQ13_VEC 0x2D                  ; slave base 28h + 5
%define FSW_MASK 0x38BF                 ; TOP, ES, SF and the exception flags
%define TOP7 0x3800
%define TOP6 0x3000
%define TOP5 0x2800
%define ES_ZE 0x84

test_main:
        call pic_init
        mov eax, IRQ13_VEC
        mov ebx, irq13
        mov ecx, 0x8E00                 ; interrupt gate: IF = 0 in the handler
        call set_gate
        mov al, 0xFB                    ; master: only IR2 (the slave) unmasked
        out 0x21, al
        mov al, 0xDF                    ; slave: only IR5 (IRQ13) unmasked
        out 0xA1, al
        mov eax, cr0
        and eax, ~(0xC | 0x20)          ; EM = TS = 0, NE = 0
        or eax, 2                       ; MP
        mov cr0, eax

        ; --- handler: OUT F0h then FNCLEX; the waiting FLD1 after the FDIV ---
        mov dword [mode], 0
        fninit
        fldcw [cw_zm]                   ; zero divide unmasked
        fld1                            ; TOP = 7
        sti
        fdiv dword [zero]               ; unmasked #Z
.w1:    fld1
        cli
        CHECK [irq13_count], 1, "the pending exception raised IRQ13"
        CHECK [irq13_eip], .w1, "IRQ13 interrupted the waiting FLD1 and returned to it"
        mov eax, [irq13_fsw]
        and eax, FSW_MASK
        CHECK eax, TOP7 | ES_ZE, "in the handler: FLD1 not executed yet (TOP = 7), ES and ZE"
        fnstsw ax
        movzx eax, ax
        and eax, FSW_MASK
        CHECK eax, TOP6, "after the handler FLD1 ran once (TOP = 6), exception cleared"

        ; --- FWAIT is the waiting instruction ---
        fninit
        fldcw [cw_zm]
        fld1
        sti
        fdiv dword [zero]
.w2:    fwait
        cli
        CHECK [irq13_count], 2, "FWAIT: IRQ13"
        CHECK [irq13_eip], .w2, "IRQ13 returned to the FWAIT"

        ; --- ES from FLDCW unmasking a set flag: the next waiting instruction freezes ---
        fninit
        fld1
        fdiv dword [zero]               ; #Z masked: ZE set, no ES
        sti
        nop
        nop
        CHECK [irq13_count], 2, "a masked exception raises no IRQ13"
        fldcw [cw_zm]                   ; ZE unmasked: ES
        nop
.w3:    fld1
        cli
        CHECK [irq13_count], 3, "FLDCW-made ES: IRQ13 at the next waiting instruction"
        CHECK [irq13_eip], .w3, "IRQ13 returned to the frozen FLD1"
        mov eax, [irq13_fsw]
        and eax, FSW_MASK
        CHECK eax, TOP7 | ES_ZE, "in the handler: FLD1 not executed yet"
        fnstsw ax
        movzx eax, ax
        and eax, FSW_MASK
        CHECK eax, TOP6, "FLD1 ran once after the handler"

        ; --- IGNNE# inside the handler: waiting instructions after OUT F0h, before FNCLEX ---
        mov dword [mode], 1
        fninit
        fldcw [cw_zm]
        fld1
        sti
        fdiv dword [zero]
.w4:    fld1
        cli
        CHECK [irq13_count], 4, "IRQ13 once"
        CHECK [inside_done], 1, "FLD1/FSTP ran in the handler with IGNNE# asserted"
        CHECK [inside_fsw], TOP7 | ES_ZE, "they left ES set: the exception was ignored, not cleared"
        CHECK [irq13_eip], .w4, "IRQ13 returned to the FLD1"

        ; --- IGNNE# after the handler: no FNCLEX, the program's waiting instructions run ---
        mov dword [mode], 2
        fninit
        fldcw [cw_zm]
        fld1
        sti
        fdiv dword [zero]
.w5:    fld1
        fld1
        fwait
        nop
        cli
        CHECK [irq13_count], 5, "IRQ13 once: OUT F0h cleared the latch, IGNNE# let the rest run"
        CHECK [irq13_eip], .w5, "IRQ13 returned to the first FLD1"
        fnstsw ax
        movzx eax, ax
        and eax, FSW_MASK
        CHECK eax, TOP5 | ES_ZE, "both FLD1 ran (TOP = 5) with ES still set"
        fnclex                          ; FERR# inactive: IGNNE# cleared

        ; --- after FNCLEX a new exception freezes the next waiting instruction again ---
        mov dword [mode], 0
        fninit
        fldcw [cw_zm]
        fld1
        sti
        fdiv dword [zero]
.w6:    fld1
        cli
        CHECK [irq13_count], 6, "a new exception after FNCLEX raises IRQ13 again"
        CHECK [irq13_eip], .w6, "and the waiting FLD1 waited for it"

        mov al, 0xFF
        out 0x21, al
        out 0xA1, al
        jmp finish

; IRQ13: record the count, the interrupted EIP and the FSW; OUT F0h (clears the latch, IGNNE#);
; mode 1: then run waiting x87 instructions; mode 2: leave the exception pending (no FNCLEX).
; EOI slave then master.
irq13:
        push eax
        inc dword [irq13_count]
        mov eax, [esp + 4]
        mov [irq13_eip], eax
        fnstsw ax
        movzx eax, ax
        mov [irq13_fsw], eax
        mov al, 0
        out 0xF0, al
        test byte [mode], 1
        jz .no_fp
        fld1                            ; waiting instructions with ES set
        fstp st0
        fnstsw ax
        movzx eax, ax
        and eax, FSW_MASK
        mov [inside_fsw], eax
        inc dword [inside_done]
.no_fp: test byte [mode], 2
        jnz .keep
        fnclex
.keep:  mov al, 0x20
        out 0xA0, al
        out 0x20, al
        pop eax
        iretd

        align 4
cw_zm:  dw 0x037B                       ; all masked but ZE
        align 4
zero:   dd 0.0

absolute 0x700
irq13_count: resd 1
irq13_eip:   resd 1
irq13_fsw:   resd 1
inside_done: resd 1
inside_fsw:  resd 1
mode:        resd 1
        section .text

%include "lib_end.inc"
