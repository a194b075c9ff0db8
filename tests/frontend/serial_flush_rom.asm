; A 64 KiB test ROM (loaded with --bios) for serial_flush_test.sh: the guest leaves bytes in
; COM1's transmitter, then the run stops; every byte the guest wrote before the stop must reach
; the --serial file when boxwood exits.
;
; The 16550 transmit FIFO holds 16 characters and the shift register one more, so the 17 bytes
; of BURST are all accepted without waiting for THRE (PC16550D datasheet, sections 8.4 FCR and
; 8.5; LSR bit 5 THRE is set when the FIFO has emptied into the shift register).
;
; Variants (nasm -D):
;   SLOW  at 50 baud (divisor 2304: 200 ms a character) write the 17 bytes of "BURST-0123456789\n"
;         at once, then end the run with one of
;           EXIT      isa-debug-exit 0x31 (status 99)
;           HALT      CLI; HLT
;           SPIN      loop for ever (--max-instructions, --timeout, SIGINT, SIGTERM)
;           TRIPLE    triple fault (status 4 with --no-reboot; see e9rom.asm)
;           POWEROFF  "Shutdown" to port 0x8900 (status 0)
;           E9DONE    print "DONE\n" on port 0xE9, then spin (for --until DONE)
;           PROMPT    print "login: " on port 0xE9, then spin (a prompt: no newline follows)
;   LINE  at 115200 baud write "MARK-0123456789" at once (15 bytes), then, polling THRE before
;         each byte, "-abcdefghij\r\n" and "NEXT LINE\r\n", then CLI; HLT. With --until MARK
;         the run goes on to the end of the marker's line; when the "\n" leaves the shift
;         register the guest has just put the "N" of the next line into the emptied FIFO.

bits 16
org 0                                   ; the ROM is segment F000h, offsets 0000h-FFFFh

%define COM1 0x3F8

start:
    mov ax, 0xF000
    mov ds, ax
    mov dx, COM1 + 2                    ; FCR: enable the FIFOs and clear both
    mov al, 0x07
    out dx, al
    mov dx, COM1 + 3                    ; LCR: DLAB = 1 to reach the divisor latch
    mov al, 0x80
    out dx, al
%ifdef SLOW
    mov ax, 2304                        ; 1.8432 MHz / 16 / 2304 = 50 baud
%else
    mov ax, 1                           ; 115200 baud
%endif
    mov dx, COM1
    out dx, al
    mov al, ah
    inc dx
    out dx, al
    mov dx, COM1 + 3                    ; 8 data bits, no parity, 1 stop bit; DLAB = 0
    mov al, 0x03
    out dx, al

%ifdef SLOW
    mov si, burst
    call send_burst
  %ifdef EXIT
    mov al, 0x31
    out 0xF4, al
    jmp $
  %elifdef HALT
    cli
    hlt
    jmp $
  %elifdef TRIPLE
    lidt [cs:zero_idt]
    int 3
    jmp $
  %elifdef POWEROFF
    mov si, shutdown
    mov dx, 0x8900
.off:
    lodsb
    test al, al
    jz .off_done
    out dx, al
    jmp .off
.off_done:
    jmp $
  %elifdef E9DONE
    mov si, done_text
    jmp e9_spin
  %elifdef PROMPT
    mov si, prompt_text
    jmp e9_spin
  %else                                 ; SPIN
    jmp $
  %endif
%else                                   ; LINE
    mov si, mark
    call send_burst
    mov si, rest
    call send_polled
    cli
    hlt
    jmp $
%endif

; Prints the NUL-terminated string at DS:SI on port 0xE9, then loops for ever.
e9_spin:
    mov dx, 0xE9
.e9:
    lodsb
    test al, al
    jz .e9_done
    out dx, al
    jmp .e9
.e9_done:
    jmp $

; Writes the NUL-terminated string at DS:SI to THR without looking at LSR.
send_burst:
    mov dx, COM1
.next:
    lodsb
    test al, al
    jz .done
    out dx, al
    jmp .next
.done:
    ret

; Writes the NUL-terminated string at DS:SI to THR, waiting for THRE (LSR bit 5) before each byte.
send_polled:
    lodsb
    test al, al
    jz .done
    mov ah, al
    mov dx, COM1 + 5
.wait:
    in al, dx
    test al, 0x20
    jz .wait
    mov al, ah
    mov dx, COM1
    out dx, al
    jmp send_polled
.done:
    ret

burst:      db "BURST-0123456789", 10, 0            ; 17 bytes: FIFO + shift register
mark:       db "MARK-0123456789", 0
rest:       db "-abcdefghij", 13, 10, "NEXT LINE", 13, 10, 0
done_text:  db "DONE", 10, 0
prompt_text: db "login: ", 0
shutdown:   db "Shutdown", 0
zero_idt:   dw 0
            dd 0

    times 0xFFF0 - ($ - $$) db 0xFF
reset_vector:                           ; F000:FFF0, where the CPU starts
    jmp 0xF000:start
    times 0x10000 - ($ - $$) db 0xFF
