; Interrupting a REP string instruction (Intel SDM Vol. 1, 7.3.9.3 "Repeated string
; operations"; SDM Vol. 2, REP/REPE/REPZ/REPNE/REPNZ): an external interrupt may be taken
; between iterations; the registers then hold the progress so far, the saved EIP points at the
; instruction (its prefixes included) so that the IRET resumes it, and the instruction then
; completes as if it had not been interrupted.
;
; A 4 MiB REP STOSB runs with interrupts enabled while the 8254's counter 0 (mode 0, 8254
; datasheet: OUT rises at the terminal count) raises IRQ0 through the 8259 some 8 us in; the
; store takes far longer, so the interrupt arrives during it. The handler records what it sees.
%include "lib.inc"

%define BUF      0x400000               ; 4 MiB destination
%define LEN      0x400000
%define IRQS     0x20000                ; handler entries
%define IRQ_ECX  0x20004
%define IRQ_EDI  0x20008
%define IRQ_EIP  0x2000C
%define IRQ_CS   0x20010
%define AT_NEXT  0x20014                ; the byte at EDI when interrupted (not yet stored)
%define AT_PREV  0x20018                ; the byte before it (stored)
%define END_ECX  0x2001C
%define END_EDI  0x20020

test_main:
        ; The 8259 pair at vectors 20h/28h, only IRQ0 unmasked.
        call pic_init
        mov al, 0xFE
        out 0x21, al
        mov al, 0xFF
        out 0xA1, al
        mov eax, 0x20
        mov ebx, irq0
        mov ecx, 0x8E00
        call set_gate

        mov dword [IRQS], 0
        mov byte [BUF + LEN], 0x77      ; the byte after the buffer must stay
        cld
        mov edi, BUF
        mov ecx, LEN
        mov eax, 0x5A
        ; Counter 0, mode 0, LSB then MSB: count 10 (about 8.4 us at 1.193182 MHz).
        mov al, 0x30
        out 0x43, al
        mov al, 10
        out 0x40, al
        mov al, 0
        out 0x40, al
        mov al, 0x5A
        sti
        nop                             ; the STI shadow ends here (SDM Vol. 2, STI)
rep_insn:
        db 0x3E                         ; a DS prefix (STOS ignores it): still part of the instruction
        rep stosb
        cli
        mov [END_ECX], ecx
        mov [END_EDI], edi

        CHECK dword [IRQS], 1, "one IRQ0 taken during the REP STOSB"
        mov eax, [IRQ_ECX]
        cmp eax, 0
        setne bl
        cmp eax, LEN
        setb bh
        and bl, bh
        movzx ebx, bl
        CHECK ebx, 1, "interrupted with 0 < ECX < initial count (between iterations)"
        mov eax, [IRQ_EDI]
        add eax, [IRQ_ECX]
        CHECK eax, BUF + LEN, "interrupted EDI advanced by the iterations done (EDI + ECX = end)"
        CHECK dword [IRQ_EIP], rep_insn, "saved EIP = the REP instruction's first prefix"
        CHECK dword [IRQ_CS], SEL_CODE32, "saved CS"
        CHECK dword [AT_PREV], 0x5A, "the last iteration before the interrupt has stored"
        CHECK dword [AT_NEXT], 0, "the next iteration has not stored yet"
        CHECK dword [END_ECX], 0, "after IRET the REP completes: ECX = 0"
        CHECK dword [END_EDI], BUF + LEN, "after IRET the REP completes: EDI = end"
        movzx eax, byte [BUF]
        CHECK eax, 0x5A, "first byte stored"
        movzx eax, byte [BUF + LEN - 1]
        CHECK eax, 0x5A, "last byte stored"
        movzx eax, byte [BUF + LEN]
        CHECK eax, 0x77, "nothing stored past the count"
        ; Every byte stored (REPE SCASB stops at the first byte not equal to AL).
        mov edi, BUF
        mov ecx, LEN
        mov al, 0x5A
        repe scasb
        CHECK ecx, 0, "every byte of the buffer holds AL"
        jmp finish

irq0:
        push eax
        push ebx
        inc dword [IRQS]
        mov [IRQ_ECX], ecx
        mov [IRQ_EDI], edi
        mov eax, [esp + 8]
        mov [IRQ_EIP], eax
        mov eax, [esp + 12]
        mov [IRQ_CS], eax
        movzx eax, byte [edi]
        mov [AT_NEXT], eax
        movzx eax, byte [edi - 1]
        mov [AT_PREV], eax
        mov al, 0x20                    ; non-specific EOI
        out 0x20, al
        pop ebx
        pop eax
        iret

%include "lib_end.inc"
