; A 64 KiB test ROM for the boxwood front end, loaded with --bios. It needs no BIOS services and
; no devices beyond the emulator's debug ports, so front-end tests do not depend on the firmware.
;
; Variants (nasm -D):
;   (default)  print "BOXWOOD-ROM-OK" on port 0xE9, put "SCREEN-OK" in text memory at B8000h,
;              then write 0x31 to isa-debug-exit (port 0xF4): boxwood exits with (0x31<<1)|1 = 99
;   SPIN       print the message, then loop forever (for --until, --timeout, --max-instructions)
;   TRIPLE     print "R", then triple-fault: with an IDT limit of zero, INT 3 raises #GP, whose
;              delivery raises #GP again -> #DF -> shutdown (286+, SDM Vol. 3, 6.15 table 6-5)
;   HALT       print the message, then CLI; HLT (nothing can wake the CPU)
;   SERIAL     send "SERIAL-OK" on COM1 (polling the 16550's LSR, at its reset baud rate), wait
;              until the transmitter is empty, then isa-debug-exit 0x31 (status 99)
;   ECHO       (with SERIAL) after "SERIAL-OK", echo every byte COM1 receives back on COM1 until
;              a 'q' arrives, then isa-debug-exit 0x31 (status 99); for --serial pty

bits 16
org 0                                   ; the ROM is segment F000h, offsets 0000h-FFFFh

start:
    mov ax, 0xF000                      ; after the far jump CS = F000h; DS likewise for the data
    mov ds, ax
    mov dx, 0xE9
%ifdef SERIAL
    mov si, serial_text
.next:
    lodsb
    test al, al
    jz .sent
    mov ah, al
    mov dx, 0x3FD                       ; LSR: wait for THRE (bit 5) before each byte
.wait_thre:
    in al, dx
    test al, 0x20
    jz .wait_thre
    mov al, ah
    mov dx, 0x3F8
    out dx, al
    jmp .next
.sent:
  %ifdef ECHO
.echo:
    mov dx, 0x3FD                       ; LSR: wait for DR (bit 0), a received byte
.wait_dr:
    in al, dx
    test al, 0x01
    jz .wait_dr
    mov dx, 0x3F8                       ; RBR
    in al, dx
    cmp al, 'q'
    je .echo_done
    mov ah, al
    mov dx, 0x3FD
.wait_thre2:
    in al, dx
    test al, 0x20
    jz .wait_thre2
    mov al, ah
    mov dx, 0x3F8
    out dx, al
    jmp .echo
.echo_done:
  %endif
    mov dx, 0x3FD                       ; TEMT (bit 6): the last byte has left the shift register
.wait_temt:
    in al, dx
    test al, 0x40
    jz .wait_temt
    mov al, 0x31
    out 0xF4, al
    jmp $
%elifdef TRIPLE
    mov al, 'R'
    out dx, al
    lidt [cs:zero_idt]
    int 3
    jmp $                               ; not reached: the CPU has shut down
%else
    mov si, message
.print:
    lodsb
    test al, al
    jz .printed
    out dx, al
    jmp .print
.printed:
  %ifdef SPIN
    jmp $
  %elifdef HALT
    cli
    hlt
    jmp $
  %else
    mov ax, 0xB800                      ; colour text memory: character, attribute pairs
    mov es, ax
    xor di, di
    mov si, screen_text
    mov ah, 0x07
.screen:
    lodsb
    test al, al
    jz .screen_done
    stosw
    jmp .screen
.screen_done:
    mov al, 0x31
    out 0xF4, al                        ; isa-debug-exit
    jmp $
  %endif
%endif

message:     db "BOXWOOD-ROM-OK", 13, 10, 0
screen_text: db "SCREEN-OK", 0
serial_text: db "SERIAL-OK", 13, 10, 0
zero_idt:    dw 0                       ; limit 0: every vector is outside the IDT
             dd 0

    times 0xFFF0 - ($ - $$) db 0xFF
reset_vector:                           ; F000:FFF0, where the CPU starts
    jmp 0xF000:start
    times 0x10000 - ($ - $$) db 0xFF
