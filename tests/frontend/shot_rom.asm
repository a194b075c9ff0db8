; A 64 KiB test ROM for --screenshot (loaded with --bios; no BIOS services used). The VGA comes
; out of reset with the mode 3 registers (80x25 colour text, 9-dot cells, 16 scan lines) but an
; empty font, so the ROM loads one glyph of its own into plane 2 the way a VGA BIOS loads its
; font (VGA TR, "Loading a font": sequencer map mask = plane 2 and sequential addressing,
; graphics controller read map 2, write mode 0, memory at A0000h without odd/even), puts that
; character on the screen in two colours, hides the cursor and exits through isa-debug-exit
; (status 99). tests/frontend/screenshot_check.cpp reads the `glyph:` line below for the
; pixels it expects; the cells and colours are listed there too.
;
; Variant (nasm -D): HALT  end with CLI; HLT instead of the exit port (the window test keeps the
; halted guest on screen).

bits 16
org 0

CHAR equ 0x80                           ; a code no other cell uses (all others are 00h, blank)

start:
    cli
    mov ax, 0xF000
    mov ds, ax
    mov dx, 0x3C4                       ; sequencer: a 16-bit OUT writes index, then data
    mov ax, 0x0402                      ; map mask: plane 2 only
    out dx, ax
    mov ax, 0x0604                      ; memory mode: sequential (no odd/even), extended memory
    out dx, ax
    mov dx, 0x3CE                       ; graphics controller
    mov ax, 0x0204                      ; read map select: plane 2
    out dx, ax
    mov ax, 0x0005                      ; mode: write mode 0, no odd/even
    out dx, ax
    mov ax, 0x0406                      ; misc: A0000h-AFFFFh, no chaining, alphanumeric
    out dx, ax

    mov ax, 0xA000
    mov es, ax
    mov di, CHAR * 32                   ; 32 bytes per character in the font plane
    mov si, glyph
    mov cx, 16
    rep movsb

    mov dx, 0x3C4                       ; back to the mode 3 values
    mov ax, 0x0302
    out dx, ax
    mov ax, 0x0204
    out dx, ax
    mov dx, 0x3CE
    mov ax, 0x0004
    out dx, ax
    mov ax, 0x1005
    out dx, ax
    mov ax, 0x0E06
    out dx, ax
    mov dx, 0x3D4                       ; CRTC cursor start: bit 5 turns the cursor off
    mov ax, 0x200A
    out dx, ax

    mov ax, 0xB800
    mov es, ax
    mov word [es:(2 * 80 + 3) * 2], 0x1E00 | CHAR    ; row 2, column 3: yellow on blue
    mov word [es:(5 * 80 + 10) * 2], 0x4F00 | CHAR   ; row 5, column 10: white on red
%ifdef HALT
    hlt
    jmp $
%else
    mov al, 0x31
    out 0xF4, al                        ; isa-debug-exit: status (0x31 << 1) | 1 = 99
    jmp $
%endif

; A pattern that is neither top/bottom nor left/right symmetric and has distinct first and last
; rows, so a flipped, shifted or transposed glyph cannot pass.
glyph: db 0x00, 0x18, 0x3C, 0x66, 0xC3, 0xFF, 0x81, 0xA5, 0x5A, 0x0F, 0xF0, 0x01, 0x80, 0x7E, 0x24, 0xE0

    times 0xFFF0 - ($ - $$) db 0xFF
reset_vector:                           ; F000:FFF0, where the CPU starts
    jmp 0xF000:start
    times 0x10000 - ($ - $$) db 0xFF
