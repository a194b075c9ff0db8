; Double fault and shutdown (SDM Vol. 3, 6.15, interrupt 8, tables 6-4/6-5): a contributory
; fault while delivering a contributory fault is #DF with error code 0; a benign exception
; followed by a contributory one is handled serially; a fault while delivering #DF shuts the
; processor down (triple fault: with --no-reboot boxwood exits with status 4).
%include "lib.inc"

test_main:
        ; #GP whose gate is not present: #NP while delivering #GP -> #DF
        and byte [IDT_BASE + 13 * 8 + 5], 0x7F
        EXPECT .a
        mov ax, 0x7F8                   ; a null descriptor in the GDT: #GP(7F8h)
        mov ds, ax
.a:     DISARM
        CHECK [exc_vec], 8, "#NP while delivering #GP is a double fault"
        CHECK [exc_err], 0, "#DF error code is 0"
        or byte [IDT_BASE + 13 * 8 + 5], 0x80

        ; #UD (benign) whose gate is not present: the #NP is delivered serially
        and byte [IDT_BASE + 6 * 8 + 5], 0x7F
        EXPECT .b
        ud2
.b:     DISARM
        CHECK [exc_vec], 11, "benign #UD then #NP: #NP delivered, no #DF"
        CHECK [exc_err], 6 * 8 + 2 + 1, "#NP error: IDT entry 6, IDT and EXT bits"
        or byte [IDT_BASE + 6 * 8 + 5], 0x80

        ; #GP while delivering a hardware-style exception through a gate beyond the IDT limit
        mov word [idt_small], 13 * 8 + 7 ; vectors 0-13 only
        mov dword [idt_small + 2], IDT_BASE
        lidt [idt_small]
        EXPECT .c
        int 0x20                         ; software INT beyond the limit: #GP(20h * 8 + 2)
.c:     DISARM
        CHECK [exc_vec], 13, "INT beyond the IDT limit is #GP"
        CHECK [exc_err], 0x20 * 8 + 2, "#GP error: IDT entry, IDT bit, EXT clear for INT n"
        lidt [idt_ptr]

        ; #DF gate not present as well: shutdown
        cmp dword [fail_count], 0
        jne .skip
        PRINT `ALL PASS\n`
.skip:  and byte [IDT_BASE + 13 * 8 + 5], 0x7F
        and byte [IDT_BASE + 8 * 8 + 5], 0x7F
        mov ax, 0x7F8
        mov ds, ax
        PRINT `FAIL no triple fault\n`
        jmp finish

absolute 0x700
idt_small: resb 6
        section .text

%include "lib_end.inc"
