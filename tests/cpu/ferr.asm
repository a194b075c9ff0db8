; x87 error reporting (SDM Vol. 1, 8.7 "Handling x87 FPU exceptions in software" and appendix D;
; SDM Vol. 3, 6.15 "Interrupt 16 - x87 FPU Floating-Point Error (#MF)"):
;  - CR0.NE = 1: a pending unmasked exception raises #MF (vector 16) at the next waiting x87
;    instruction, a fault reporting that instruction;
;  - CR0.NE = 0: the processor signals FERR# instead, which the PC/AT wires through a latch to
;    IRQ13 (slave 8259 input 5); an OUT to port F0h clears the latch (IBM PC AT Technical
;    Reference, "Math Coprocessor"). Tested: the IRQ13 handler runs; the request is held while
;    IF = 0 and taken after STI; OUT F0h withdraws it. The freeze of the next waiting
;    instruction and IGNNE# are tested in ignne.asm.
;  - FNSTENV/FLDENV 32-bit protected-mode image (SDM Vol. 1, figure 8-9): FCW at 0, FSW at 4,
;    FTW at 8, FIP at 12, FCS in bits 15-0 and the opcode in bits 26-16 at 16, FDP at 20, FDS
;    at 24 (a 28-byte image).
%include "lib.inc"

%define ENV 0x20000
%define ENV2 0x20040
%define IRQ13_VEC 0x2D                  ; slave base 28h + 5

test_main:
        call pic_init
        mov eax, IRQ13_VEC
        mov ebx, irq13
        mov ecx, 0x8E00
        call set_gate
        mov al, 0xFB                    ; master: only IR2 (the slave) unmasked
        out 0x21, al
        mov al, 0xDF                    ; slave: only IR5 (IRQ13) unmasked
        out 0xA1, al
        mov eax, cr0
        and eax, ~(0xC | 0x20)          ; EM = TS = 0, NE = 0
        or eax, 2                       ; MP
        mov cr0, eax

        ; --- CR0.NE = 1: #MF at the next waiting instruction; FNSTENV layout ---
        mov eax, cr0
        or eax, 0x20
        mov cr0, eax
        fninit
        fldcw [cw_zm]                   ; zero divide unmasked
        fld1
.div:   fdiv dword [zero]               ; ZE + ES pending (D8 /6, disp32: FOP = 035h)
        fnstenv [ENV]                   ; not waiting: no #MF here
        CHECK [exc_count], 0, "FNSTENV does not report the pending exception"
        movzx eax, word [ENV]
        CHECK eax, 0x037B, "FNSTENV +0: FCW (figure 8-9)"
        movzx eax, word [ENV + 4]
        and eax, 0x8085
        CHECK eax, 0x8084, "FNSTENV +4: FSW with B, ES and ZE"
        CHECK [ENV + 12], .div, "FNSTENV +12: FPU instruction pointer offset (the FDIV)"
        movzx eax, word [ENV + 16]
        CHECK eax, SEL_CODE32, "FNSTENV +16 bits 15-0: FPU instruction pointer selector"
        mov eax, [ENV + 16]
        shr eax, 16
        and eax, 0x7FF
        CHECK eax, 0x035, "FNSTENV +16 bits 26-16: opcode (D8 35 -> 035h)"
        CHECK [ENV + 20], zero, "FNSTENV +20: FPU data pointer offset"
        movzx eax, word [ENV + 24]
        CHECK eax, SEL_DATA32, "FNSTENV +24: FPU data pointer selector"
        fnclex                          ; no exception pending while FLDENV runs
        fldenv [ENV]                    ; FCW and FSW (ZE, ES) as stored by FNSTENV
        EXPECT .mf
.wait1: fwait
.mf:    DISARM
        CHECK [exc_vec], 16, "CR0.NE = 1: the pending exception is #MF (vector 16)"
        CHECK [exc_eip], .wait1, "#MF reports the waiting instruction (a fault)"
        CHECK [irq13_count], 0, "CR0.NE = 1: no IRQ13"
        fnclex

        ; --- FLDENV loads every field of the image ---
        mov dword [ENV2], 0xFFFF0C7F     ; FCW: RC = chop, PC = 24 bits, all masked
        mov dword [ENV2 + 4], 0xFFFF3800 ; FSW: TOP = 7, no exceptions
        mov dword [ENV2 + 8], 0xFFFFFFFF ; FTW: all empty
        mov dword [ENV2 + 12], 0x12345678
        mov dword [ENV2 + 16], 0x01230008 ; opcode 123h, FCS 8
        mov dword [ENV2 + 20], 0x9ABCDEF0
        mov dword [ENV2 + 24], 0xFFFF0010
        fldenv [ENV2]
        fnstcw [scratch]
        movzx eax, word [scratch]
        CHECK eax, 0x0C7F, "FLDENV loads FCW"
        fnstsw ax
        movzx eax, ax
        CHECK eax, 0x3800, "FLDENV loads FSW (TOP = 7)"
        fnstenv [ENV]
        CHECK [ENV + 12], 0x12345678, "FLDENV loads the instruction pointer offset"
        mov eax, [ENV + 16]
        and eax, 0x07FFFFFF
        CHECK eax, 0x01230008, "FLDENV loads opcode and instruction pointer selector"
        CHECK [ENV + 20], 0x9ABCDEF0, "FLDENV loads the data pointer offset"
        movzx eax, word [ENV + 24]
        CHECK eax, 0x0010, "FLDENV loads the data pointer selector"

        ; --- CR0.NE = 0: FERR# -> IRQ13 ---
        mov eax, cr0
        and eax, ~0x20
        mov cr0, eax
        fninit
        fldcw [cw_zm]
        fld1
        fdiv dword [zero]
        EXPECT .n1
        sti
        fwait                           ; FERR#: IRQ13 through the latch
        nop
        cli
.n1:    DISARM
        CHECK [exc_vec], -1, "CR0.NE = 0: no #MF"
        CHECK [irq13_count], 1, "CR0.NE = 0: the IRQ13 handler ran"
        CHECK [irq13_fsw], 0x84, "the handler saw ES and ZE in the FSW"

        ; held while IF = 0, taken after STI (no waiting instruction meanwhile: one would freeze
        ; the processor with interrupts off, SDM Vol. 1, D.2.1.1)
        fninit
        fldcw [cw_zm]
        fld1
        fdiv dword [zero]               ; FERR#: IRQ13 is latched, IF = 0
        nop
        CHECK [irq13_count], 1, "IF = 0: IRQ13 not taken yet"
        sti
        nop
        nop
        cli
        CHECK [irq13_count], 2, "the latched IRQ13 is taken after STI"

        ; OUT F0h clears the latch: no interrupt after STI
        fninit
        fldcw [cw_zm]
        fld1
        fdiv dword [zero]
        mov al, 0
        out 0xF0, al
        fnclex
        sti
        nop
        nop
        cli
        CHECK [irq13_count], 2, "OUT F0h withdrew IRQ13"

        ; a second error after the handler's OUT F0h/FNCLEX raises IRQ13 again
        fninit
        fldcw [cw_zm]
        fld1
        fdiv dword [zero]
        sti
        fwait
        nop
        cli
        CHECK [irq13_count], 3, "a new FERR# after OUT F0h raises IRQ13 again"
        mov al, 0xFF
        out 0x21, al
        out 0xA1, al
        jmp finish

; IRQ13: record, clear the latch (OUT F0h) and the exception (FNCLEX), EOI slave then master.
irq13:
        push eax
        inc dword [irq13_count]
        fnstsw ax
        and eax, 0xBF
        mov [irq13_fsw], eax
        mov al, 0
        out 0xF0, al
        fnclex
        mov al, 0x20
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
irq13_fsw:   resd 1
        section .text

%include "lib_end.inc"
