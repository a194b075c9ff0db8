; keyboard.asm -- INT 09h/INT 16h with scan codes placed in the 8042 output buffer by the
; controller command D2h ("write keyboard output buffer", IBM PS/2 Technical Reference), which
; raises IRQ1 exactly like a key press. Checks: ASCII keys, Shift, Caps Lock, function keys,
; gray (E0) keys through AH=10h and AH=00h, peek (01h) with ZF, shift flags (02h), store (05h).
%define TEST_NAME "keyboard"
%include "testlib.inc"

test_main:
        sti
        call flush
        mov ah, 0x01
        int 0x16
        setz al
        cmp al, 1
        CHECK_Z "AH=01h: ZF=1 with an empty buffer"
        mov al, 0x1E                    ; 'a' make, break
        call key
        mov al, 0x9E
        call key
        mov ah, 0x01
        int 0x16
        jz .nokey
        cmp ax, 0x1E61
.nokey: CHECK_Z "AH=01h peeks 'a' (1E61h)"
        xor ah, ah
        int 0x16
        cmp ax, 0x1E61
        CHECK_Z "AH=00h reads 'a' (1E61h)"
        mov ah, 0x01
        int 0x16
        setz al
        cmp al, 1
        CHECK_Z "buffer empty after the read"
        ; shift + b
        mov al, 0x2A
        call key
        mov ah, 0x02
        int 0x16
        and al, 0x02
        cmp al, 0x02
        CHECK_Z "AH=02h shows left Shift down"
        mov al, 0x30
        call key
        mov al, 0xB0
        call key
        mov al, 0xAA
        call key
        xor ah, ah
        int 0x16
        cmp ax, 0x3042
        CHECK_Z "Shift+b gives 'B' (3042h)"
        mov ah, 0x02
        int 0x16
        and al, 0x03
        cmp al, 0
        CHECK_Z "Shift released"
        ; caps lock + c, then caps lock off
        mov al, 0x3A
        call key
        mov al, 0xBA
        call key
        mov al, 0x2E
        call key
        xor ah, ah
        int 0x16
        cmp ax, 0x2E43
        CHECK_Z "Caps Lock+c gives 'C' (2E43h)"
        mov ah, 0x02
        int 0x16
        and al, 0x40
        cmp al, 0x40
        CHECK_Z "AH=02h shows Caps Lock on"
        mov al, 0x3A
        call key
        mov al, 0xBA
        call key
        ; digits and Enter
        mov al, 0x02
        call key
        xor ah, ah
        int 0x16
        cmp ax, 0x0231
        CHECK_Z "'1' gives 0231h"
        mov al, 0x1C
        call key
        xor ah, ah
        int 0x16
        cmp ax, 0x1C0D
        CHECK_Z "Enter gives 1C0Dh"
        ; F1
        mov al, 0x3B
        call key
        xor ah, ah
        int 0x16
        cmp ax, 0x3B00
        CHECK_Z "F1 gives 3B00h"
        ; Ctrl+C
        mov al, 0x1D
        call key
        mov al, 0x2E
        call key
        mov al, 0x9D
        call key
        xor ah, ah
        int 0x16
        cmp ax, 0x2E03
        CHECK_Z "Ctrl+C gives 2E03h"
        ; gray Up arrow: E0 48
        mov al, 0xE0
        call key
        mov al, 0x48
        call key
        mov ah, 0x10
        int 0x16
        cmp ax, 0x48E0
        CHECK_Z "AH=10h: gray Up gives 48E0h"
        mov al, 0xE0
        call key
        mov al, 0x48
        call key
        xor ah, ah
        int 0x16
        cmp ax, 0x4800
        CHECK_Z "AH=00h: gray Up gives 4800h"
        ; store
        mov ah, 0x05
        mov cx, 0x1234
        int 0x16
        cmp al, 0
        CHECK_Z "AH=05h stores a key"
        xor ah, ah
        int 0x16
        cmp ax, 0x1234
        CHECK_Z "stored key is read back"
        ret

; key: AL = set 1 scan code -> 8042 output buffer (command D2h) -> IRQ1 -> INT 09h
key:    push cx
        push ax
        call wait_in
        mov al, 0xD2
        out 0x64, al
        call wait_in
        pop ax
        out 0x60, al
        ; let INT 09h run: wait until the output buffer has been read (bounded)
        mov cx, 0xFFFF
.w:     in al, 0x64
        test al, 1
        jz .d
        loop .w
.d:     mov cx, 100
.s:     loop .s
        pop cx
        ret
wait_in:
        push cx
        mov cx, 0xFFFF
.w:     in al, 0x64
        test al, 2
        jz .d
        loop .w
.d:     pop cx
        ret
flush:  mov ah, 0x01
        int 0x16
        jz .d
        xor ah, ah
        int 0x16
        jmp flush
.d:     ret

%include "testlib-end.inc"
