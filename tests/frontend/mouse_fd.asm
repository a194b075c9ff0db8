; A 1.44 MB boot floppy for the window's mouse test (window_hotkeys_test.sh, case mouse), booted
; by the Boxwood BIOS; messages go to the 0xE9 debug console.
;
; It uses the IBM PS/2 BIOS pointing-device services (INT 15h AH=C2h: 05h initialise with a
; 3-byte packet, 07h install the far handler, 00h enable) and says MOUSE-READY. The BIOS calls
; the handler per packet with the status byte, X and Y data and a zero word on the stack
; (status pushed first). Per the PS/2 mouse data packet, status bit 0 is the left button, bits 4
; and 5 the X and Y sign (9-bit two's complement), and Y counts upwards. The guest sums the
; motion and says MOUSE-RIGHT once the X sum is positive, MOUSE-DOWN once the Y sum is negative,
; and MOUSE-LEFT-BUTTON when a packet has bit 0 set.
bits 16
org 0x7C00

start:
    cli
    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7C00
    sti
    mov ax, 0xC205                      ; initialise, 3-byte packets
    mov bh, 3
    int 0x15
    jc fail
    mov ax, 0xC207                      ; install the handler at ES:BX
    mov bx, handler
    int 0x15
    jc fail
    mov ax, 0xC200                      ; enable
    mov bh, 1
    int 0x15
    jc fail
    mov si, msg_ready
    call print
.idle:
    hlt
    test byte [said], 1
    jnz .y
    cmp word [sum_x], 0
    jle .y
    or byte [said], 1
    mov si, msg_right
    call print
.y: test byte [said], 2
    jnz .b
    cmp word [sum_y], 0
    jge .b
    or byte [said], 2
    mov si, msg_down
    call print
.b: test byte [said], 4
    jnz .idle
    test byte [buttons], 1
    jz .idle
    or byte [said], 4
    mov si, msg_button
    call print
    jmp .idle

fail:
    mov si, msg_fail
    call print
.h: hlt
    jmp .h

; The BIOS's far call: [bp+6] zero, [bp+8] Y data, [bp+0Ah] X data, [bp+0Ch] status.
handler:
    push bp
    mov bp, sp
    push ax
    push ds
    xor ax, ax
    mov ds, ax
    mov al, [bp + 0x0C]
    or [buttons], al
    mov al, [bp + 0x0A]                 ; X: sign from status bit 4
    mov ah, 0
    test byte [bp + 0x0C], 0x10
    jz .x
    mov ah, 0xFF
.x: add [sum_x], ax
    mov al, [bp + 0x08]                 ; Y: sign from status bit 5
    mov ah, 0
    test byte [bp + 0x0C], 0x20
    jz .yy
    mov ah, 0xFF
.yy: add [sum_y], ax
    pop ds
    pop ax
    pop bp
    retf

print:                                  ; DS:SI, NUL-terminated, to port E9h
    lodsb
    test al, al
    jz .done
    out 0xE9, al
    jmp print
.done:
    ret

msg_ready:  db "MOUSE-READY", 10, 0
msg_right:  db "MOUSE-RIGHT", 10, 0
msg_down:   db "MOUSE-DOWN", 10, 0
msg_button: db "MOUSE-LEFT-BUTTON", 10, 0
msg_fail:   db "MOUSE-FAIL", 10, 0
sum_x:      dw 0
sum_y:      dw 0
buttons:    db 0
said:       db 0

    times 510 - ($ - $$) db 0
    dw 0xAA55
    times 1474560 - ($ - $$) db 0
