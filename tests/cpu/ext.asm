; The EXT bit (bit 0) of selector/IDT error codes (SDM Vol. 3, 6.13 "Error Code"): set when the
; exception occurred during delivery of an event external to the program - a hardware interrupt
; or an earlier exception - and clear during delivery of INT n, INT3 or INTO. The IDT bit (bit 1)
; says the index names an IDT gate. SDM Vol. 2, INT n: a not-present gate is #NP(vector * 8 +
; 2 + EXT), a null code selector in a gate #GP(EXT).
; The hardware interrupt is IRQ0 from the 8254 (programmed here: mode 2, SDM-independent
; datasheet behaviour only used to make an interrupt arrive) through the 8259 pair remapped to
; vectors 20h-2Fh (8259A datasheet, ICW1-ICW4).
%include "lib.inc"

test_main:
        ; --- INT n through a not-present gate: #NP(40h * 8 + 2), EXT = 0 ---
        mov eax, 0x40
        mov ebx, exc_unexpected
        mov ecx, 0x0E00                 ; 32-bit interrupt gate, P = 0
        call set_gate
        EXPECT .a
        int 0x40
.a:     DISARM
        CHECK [exc_vec], 11, "INT 40h through a not-present gate is #NP"
        CHECK [exc_err], 0x40 * 8 + 2, "INT n: error code IDT = 1, EXT = 0"

        ; --- INT3 through a not-present gate: EXT = 0 ---
        mov eax, 3
        mov ebx, exc_stub_3
        mov ecx, 0x0E00
        call set_gate
        EXPECT .b
        int3
.b:     DISARM
        CHECK [exc_vec], 11, "INT3 through a not-present gate is #NP"
        CHECK [exc_err], 3 * 8 + 2, "INT3: EXT = 0"
        mov eax, 3
        mov ecx, 0x8E00
        call set_gate

        ; --- an exception (#UD) through a not-present gate: EXT = 1 ---
        mov eax, 6
        mov ebx, exc_stub_6
        mov ecx, 0x0E00
        call set_gate
        EXPECT .c
        ud2
.c:     DISARM
        CHECK [exc_vec], 11, "#UD through a not-present gate is #NP"
        CHECK [exc_err], 6 * 8 + 2 + 1, "nested in #UD delivery: EXT = 1"
        CHECK [exc_eip], .c - 2, "the #NP reports the UD2 (a fault)"

        ; --- null code selector in the gate: #GP(EXT) ---
        mov word [IDT_BASE + 6 * 8 + 2], 0
        mov word [IDT_BASE + 6 * 8 + 4], 0x8E00
        EXPECT .d
        ud2
.d:     DISARM
        CHECK [exc_vec], 13, "#UD through a gate with a null selector is #GP"
        CHECK [exc_err], 1, "#GP(EXT) with EXT = 1"
        mov word [IDT_BASE + 0x41 * 8 + 2], 0
        mov word [IDT_BASE + 0x41 * 8 + 4], 0x8E00
        EXPECT .e
        int 0x41
.e:     DISARM
        CHECK [exc_vec], 13, "INT 41h through a gate with a null selector is #GP"
        CHECK [exc_err], 0, "#GP(EXT) with EXT = 0 for INT n"
        mov eax, 6
        mov ebx, exc_stub_6
        mov ecx, 0x8E00
        call set_gate

        ; --- a hardware interrupt (IRQ0, vector 20h) through a not-present gate: EXT = 1 ---
        call pic_init
        mov eax, 0x20
        mov ebx, exc_unexpected
        mov ecx, 0x0E00
        call set_gate
        mov al, 0xFE                    ; unmask IRQ0 only
        out 0x21, al
        mov al, 0x34                    ; 8254 counter 0, LSB/MSB, mode 2
        out 0x43, al
        mov al, 100
        out 0x40, al
        xor al, al
        out 0x40, al
        EXPECT .f
        sti
.wait:  hlt
        jmp .wait
.f:     DISARM
        mov al, 0xFF
        out 0x21, al
        mov al, 0x20                    ; non-specific EOI for IRQ0
        out 0x20, al
        CHECK [exc_vec], 11, "IRQ0 through a not-present gate is #NP"
        CHECK [exc_err], 0x20 * 8 + 2 + 1, "hardware interrupt: EXT = 1"
        jmp finish


%include "lib_end.inc"
