; int15.asm -- INT 15h services of the IBM PC/AT and PS/2 BIOS: AH=87h block move to and from
; memory above 1 MiB (through the caller's 6-descriptor GDT: IBM PC/AT Technical Reference,
; "Block Move"; data segment descriptors 93h, 24-bit base), AH=C2h pointing device (PS/2 BIOS
; Interface Technical Reference: C201h reset returns BH = device ID 00h and BL = AAh; C204h
; type 00h; C207h handler; a 3-byte packet, here injected with 8042 command D3h, reaches the
; handler as status/X/Y/0 words pushed before a far call) and, last, AH=89h: the summary is
; printed from 16-bit protected mode with the descriptors of the GDT given to the BIOS.
%define TEST_NAME "int15"
%include "testlib.inc"

%macro DESC 2                           ; base (24-bit), access
        dw 0xFFFF
        dw (%1) & 0xFFFF
        db ((%1) >> 16) & 0xFF
        db %2
        dw 0
%endmacro

test_main:
        ; ---- 87h: 512 bytes of pattern to 200000h, back into a cleared buffer ----
        mov di, src
        mov cx, 512
        xor al, al
.f:     mov [di], al
        add al, 7
        inc di
        loop .f
        mov word [gdt87 + 0x12], src    ; source: our buffer (segment 0)
        mov word [gdt87 + 0x1A], 0x0000 ; destination: 200000h
        mov byte [gdt87 + 0x1C], 0x20
        push ds
        pop es
        mov si, gdt87
        mov cx, 256
        mov ah, 0x87
        int 0x15
        setc bl
        mov al, ah
        xor ah, ah
        or al, bl
        cmp al, 0
        CHECK_Z "87h copy to 200000h: AH=0, CF=0"
        mov word [gdt87 + 0x12], 0x0000 ; source: 200000h
        mov byte [gdt87 + 0x14], 0x20
        mov word [gdt87 + 0x1A], dst    ; destination: our second buffer
        mov byte [gdt87 + 0x1C], 0x00
        mov si, gdt87
        mov cx, 256
        mov ah, 0x87
        int 0x15
        mov ax, 0
        adc ax, 0
        cmp ax, 0
        CHECK_Z "87h copy back from 200000h: CF=0"
        mov si, src
        mov di, dst
        mov cx, 512
        repe cmpsb
        mov ax, cx
        CHECK_Z "the 512 bytes read back from 200000h match"
        ; the BIOS filled descriptor 20h (its code segment) and 08h (the GDT)
        mov ax, [gdt87 + 0x08]
        cmp ax, 0x2F
        CHECK_Z "87h filled the GDT descriptor (limit 2Fh)"

        ; ---- C2h: PS/2 mouse ----
        mov ax, 0xC201
        int 0x15
        jc .rf
        cmp bx, 0x00AA
.rf:    mov ax, bx
        CHECK_Z "C201h reset: BH = ID 00h, BL = AAh"
        mov ax, 0xC204
        int 0x15
        jc .tf
        cmp bh, 0
.tf:    mov ax, bx
        CHECK_Z "C204h: device type 00h"
        mov ax, 0xC200
        mov bh, 1
        int 0x15
        mov al, ah
        xor ah, ah
        cmp al, 0x05
        CHECK_Z "C200h enable without a handler: AH=05h"
        mov ax, 0xC207
        push ds
        pop es
        mov bx, mouse_handler
        int 0x15
        mov ax, 0xC202
        mov bh, 5                       ; 100 reports/s
        int 0x15
        mov ax, 0
        adc ax, 0
        cmp ax, 0
        CHECK_Z "C202h set sample rate"
        mov ax, 0xC200
        mov bh, 1
        int 0x15
        mov ax, 0
        adc ax, 0
        cmp ax, 0
        CHECK_Z "C200h enable with a handler"
        ; a packet "as if from the mouse": status 09h (left button), X = 05h, Y = FDh
        mov al, 0x09
        call inject
        mov al, 0x05
        call inject
        mov al, 0xFD
        call inject
        mov cx, 0xFFFF
.wait:  cmp byte [mouse_calls], 0
        jne .got
        loop .wait
.got:   movzx ax, byte [mouse_calls]
        cmp ax, 1
        CHECK_Z "INT 74h called the C207h handler once"
        mov ax, [mouse_args + 6]
        cmp ax, 0x09
        CHECK_Z "handler: status word 09h"
        mov ax, [mouse_args + 4]
        cmp ax, 0x05
        CHECK_Z "handler: X word 05h"
        mov ax, [mouse_args + 2]
        cmp ax, 0xFD
        CHECK_Z "handler: Y word FDh"
        mov ax, [mouse_args]
        cmp ax, 0
        CHECK_Z "handler: Z word 0"
        mov ax, 0xC200
        mov bh, 0
        int 0x15

        ; ---- 89h: into protected mode; the summary prints from there ----
        mov ax, cs
        push ds
        pop es
        mov si, gdt89
        mov bx, 0x2028                  ; PIC bases 20h/28h
        mov ah, 0x89
        int 0x15
        ; now at CS = 30h
        mov ax, cs
        cmp ax, 0x30
        CHECK_Z "89h returns in protected mode with CS = 30h"
        smsw ax
        and ax, 1
        cmp ax, 1
        CHECK_Z "89h: CR0.PE = 1"
        ret

inject: ; 8042 command D3h: write the auxiliary output buffer (IRQ12 as from the mouse)
        push ax
.w1:    in al, 0x64
        test al, 2
        jnz .w1
        mov al, 0xD3
        out 0x64, al
.w2:    in al, 0x64
        test al, 2
        jnz .w2
        pop ax
        out 0x60, al
        mov cx, 0x4000                  ; let IRQ12 take the byte
.w3:    in al, 0x64
        test al, 1
        jz .d
        loop .w3
.d:     ret

mouse_handler:                          ; far call: [sp+4..] Z, Y, X, status
        push bp
        mov bp, sp
        push ax
        mov ax, [bp + 6]
        mov [cs:mouse_args], ax
        mov ax, [bp + 8]
        mov [cs:mouse_args + 2], ax
        mov ax, [bp + 10]
        mov [cs:mouse_args + 4], ax
        mov ax, [bp + 12]
        mov [cs:mouse_args + 6], ax
        inc byte [cs:mouse_calls]
        pop ax
        pop bp
        retf
mouse_calls:    db 0
mouse_args:     dw 0, 0, 0, 0

        align 8
gdt87:  times 16 db 0                   ; dummy, GDT (BIOS)
        DESC 0, 0x93                    ; 10h source
        DESC 0, 0x93                    ; 18h destination
        times 16 db 0                   ; 20h BIOS code, 28h stack (BIOS)
        align 8
gdt89:  dq 0
        dw 0x3F                         ; 08h: GDT pseudo-descriptor (limit, base)
        dd gdt89
        dw 0
        dw 0x3FF                        ; 10h: IDT (the real-mode table; interrupts stay off)
        dd 0
        dw 0
        DESC 0, 0x93                    ; 18h DS
        DESC 0, 0x93                    ; 20h ES
        DESC 0, 0x93                    ; 28h SS
        DESC 0, 0x9B                    ; 30h CS
        times 8 db 0                    ; 38h BIOS code
src:    times 512 db 0
dst:    times 512 db 0

%include "testlib-end.inc"
