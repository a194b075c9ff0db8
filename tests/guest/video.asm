; video.asm -- INT 10h text services checked against video memory at B800:0000 and the BDA:
; set mode 03h, get mode, cursor set/get, teletype (printable, CR, LF, BS, wrap, scroll at the
; bottom line), write char+attribute (09h), char only (0Ah), read (08h), scroll up/down
; (06h/07h) and write string (13h); the CRT controller's cursor registers (IBM VGA Technical
; Reference: 0Ah Cursor Start, bit 5 = cursor off; 0Bh Cursor End; 0Eh/0Fh Cursor Location, a
; character address, page 1 of mode 03h starting at 800h) after AH=01h/02h/05h/0Eh; teletype
; scrolling on active page 1. Booted with no VGA ROM (the system BIOS's own INT 10h), with
; Boxwood's VGA BIOS and, assembled with -DSEAVGABIOS (which drops the one check where it
; differs from IBM's BIOS), with SeaBIOS's.
%define TEST_NAME "video"
%include "testlib.inc"

; cell: AX = row*80+col -> ES:DI
%macro CELL 2
        mov di, ((%1) * 80 + (%2)) * 2
%endmacro
; CHECK_IF cc, "name": record a check that condition code cc (nz, ae, b...) holds
%macro CHECK_IF 2
        push ax
        set%1 al
        cmp al, 1
        pop ax                          ; (POP keeps the flags)
        CHECK_Z %2
%endmacro

test_main:
        mov ax, 0x0003
        int 0x10
        push word 0xB800
        pop es
        mov ah, 0x0F
        int 0x10
        cmp ax, 0x5003
        CHECK_Z "AH=0Fh: mode 03h, 80 columns"
        cmp bh, 0
        mov ax, bx
        CHECK_Z "AH=0Fh: active page 0"
        CELL 12, 40
        mov ax, [es:di]
        cmp ax, 0x0720
        CHECK_Z "mode set clears the screen to 0720h"
        push ds
        push word 0x40
        pop ds
        mov ax, [0x4A]
        pop ds
        cmp ax, 80
        CHECK_Z "BDA 40:4A = 80 columns"

        ; cursor
        mov ah, 0x02
        xor bh, bh
        mov dx, 0x050A                  ; row 5, column 10
        int 0x10
        mov ah, 0x03
        xor bh, bh
        int 0x10
        cmp dx, 0x050A
        mov ax, dx
        CHECK_Z "AH=03h returns the cursor set by AH=02h"
        call crtc_loc
        cmp ax, 5 * 80 + 10
        CHECK_Z "AH=02h: CRTC 0Eh/0Fh = row * 80 + column"

        ; teletype
        mov al, 'H'
        call tty
        mov al, 'i'
        call tty
        CELL 5, 10
        mov ax, [es:di]
        cmp ax, 0x0748
        CHECK_Z "teletype writes 'H' at the cursor"
        mov ax, [es:di + 2]
        cmp al, 'i'
        CHECK_Z "teletype advances to the next cell"
        call getcur
        cmp dx, 0x050C
        mov ax, dx
        CHECK_Z "cursor after two characters"
        mov al, 8
        call tty
        call getcur
        cmp dx, 0x050B
        mov ax, dx
        CHECK_Z "backspace moves left"
        mov al, 13
        call tty
        mov al, 10
        call tty
        call getcur
        cmp dx, 0x0600
        mov ax, dx
        CHECK_Z "CR LF moves to the next line start"
        ; wrap at column 79
        mov ah, 0x02
        xor bh, bh
        mov dx, 0x074F
        int 0x10
        mov al, 'W'
        call tty
        call getcur
        cmp dx, 0x0800
        mov ax, dx
        CHECK_Z "teletype wraps after column 79"
        CELL 7, 79
        mov al, [es:di]
        cmp al, 'W'
        CHECK_Z "wrapped character is in column 79"

        ; AH=09h / 08h / 0Ah
        mov ah, 0x02
        xor bh, bh
        mov dx, 0x0900
        int 0x10
        mov ax, 0x0958
        mov bx, 0x001E
        mov cx, 3
        int 0x10
        CELL 9, 0
        mov ax, [es:di]
        cmp ax, 0x1E58
        CHECK_Z "AH=09h writes char and attribute"
        mov ax, [es:di + 4]
        cmp ax, 0x1E58
        CHECK_Z "AH=09h repeats CX times"
        mov ax, [es:di + 6]
        cmp ax, 0x0720
        CHECK_Z "AH=09h stops after CX cells"
        call getcur
        cmp dx, 0x0900
        mov ax, dx
        CHECK_Z "AH=09h leaves the cursor alone"
        mov ah, 0x08
        xor bh, bh
        int 0x10
        cmp ax, 0x1E58
        CHECK_Z "AH=08h reads char and attribute"
        mov ax, 0x0A59
        xor bx, bx
        mov cx, 1
        int 0x10
        mov ax, [es:di]
        cmp ax, 0x1E59
        CHECK_Z "AH=0Ah keeps the attribute"

        ; scroll whole screen up by one: row 9 moves to row 8, row 24 is blanked with BH
        mov ax, 0x0601
        mov bh, 0x17
        xor cx, cx
        mov dx, 0x184F
        int 0x10
        CELL 8, 0
        mov ax, [es:di]
        cmp ax, 0x1E59
        CHECK_Z "AH=06h moves rows up"
        CELL 24, 5
        mov ax, [es:di]
        cmp ax, 0x1720
        CHECK_Z "AH=06h fills with the BH attribute"
        ; scroll a window down by 2
        mov ax, 0x0702
        mov bh, 0x07
        mov cx, 0x0800                  ; rows 8-12, columns 0-9
        mov dx, 0x0C09
        int 0x10
        CELL 10, 0
        mov ax, [es:di]
        cmp ax, 0x1E59
        CHECK_Z "AH=07h moves rows down"
        CELL 8, 0
        mov ax, [es:di]
        cmp ax, 0x0720
        CHECK_Z "AH=07h blanks the top rows"
        ; AL=0 clears the window
        mov ax, 0x0600
        mov bh, 0x07
        mov cx, 0x0A00
        mov dx, 0x0A09
        int 0x10
        CELL 10, 0
        mov ax, [es:di]
        cmp ax, 0x0720
        CHECK_Z "AH=06h AL=0 clears the window"

        ; teletype on the last line scrolls the screen
        mov ah, 0x02
        xor bh, bh
        mov dx, 0x184E
        int 0x10
        mov al, 'Y'
        call tty
        mov al, 'Z'
        call tty
        CELL 23, 79
        mov al, [es:di]
        cmp al, 'Z'
        CHECK_Z "teletype at the bottom right scrolls up"
        call getcur
        cmp dx, 0x1800
        mov ax, dx
        CHECK_Z "cursor on the last line after the scroll"

        ; AH=13h string with attribute, cursor updated
        push es
        push ds
        pop es
        mov ax, 0x1301
        mov bx, 0x002F
        mov cx, 3
        mov dx, 0x0F05
        mov bp, str_abc
        int 0x10
        pop es
        CELL 15, 5
        mov ax, [es:di]
        cmp ax, 0x2F41
        CHECK_Z "AH=13h writes the string with BL"
        mov ax, [es:di + 4]
        cmp ax, 0x2F43
        CHECK_Z "AH=13h third character"
        call getcur
        cmp dx, 0x0F08
        mov ax, dx
        CHECK_Z "AH=13h AL=1 moves the cursor"
        call crtc_loc
        cmp ax, 15 * 80 + 8
        CHECK_Z "AH=13h AL=1: CRTC 0Eh/0Fh follow"

        ; cursor shape: an end line of 8 or more is a 16-line cell's own line (no emulation)
        mov ah, 0x01
        mov cx, 0x0A0F
        int 0x10
        mov al, 0x0A
        call crtc_rd
        and al, 0x3F
        cmp al, 0x0A
        CHECK_Z "AH=01h CX=0A0Fh: CRTC 0Ah = 0Ah"
        mov al, 0x0B
        call crtc_rd
        and al, 0x1F
        cmp al, 0x0F
        CHECK_Z "AH=01h CX=0A0Fh: CRTC 0Bh = 0Fh"
        call getcur
        cmp cx, 0x0A0F
        mov ax, cx
        CHECK_Z "AH=03h returns the shape set by AH=01h"
        mov ah, 0x01
        mov cx, 0x2000
        int 0x10
        mov al, 0x0A
        call crtc_rd
        test al, 0x20
        CHECK_IF nz, "AH=01h CX=2000h: CRTC 0Ah bit 5, cursor off"
        ; cursor emulation (on after a mode set: 40:87 bit 0 clear; RBIL INT 10h AX=1200h
        ; BL=34h): the CGA underline 0607h lands in the lower half of the 16-line cell
        mov ah, 0x01
        mov cx, 0x0607
        int 0x10
        mov al, 0x0A
        call crtc_rd
        and al, 0x3F
        mov ah, al
        mov al, 0x0B
        call crtc_rd
        and al, 0x1F
        xchg al, ah                     ; AL = start, AH = end
        cmp al, 8
        CHECK_IF ae, "AH=01h CX=0607h: emulated start in the lower half"
        cmp ah, 0x10
        CHECK_IF b, "AH=01h CX=0607h: emulated end inside the 16-line cell"
        cmp ah, al
        CHECK_IF ae, "AH=01h CX=0607h: start line <= end line"

        ; active page 1: its row 24 in attribute 4Eh, then CR LF on its last row scrolls page 1
        ; (only) and fills the new line with the attribute under the cursor (IBM PC/AT BIOS
        ; listing, WRITE_TTY: the fill attribute is read at the cursor before the scroll)
        CELL 24, 5
        push word [es:di]               ; page 0's cell, to see that it stays
        mov ax, 0x0501
        int 0x10
        mov ah, 0x02
        mov bh, 1
        mov dx, 0x1800
        int 0x10
        mov ax, 0x0958
        mov bx, 0x014E
        mov cx, 80
        int 0x10
        mov ax, 0x0E0D
        mov bh, 1
        int 0x10
        mov ax, 0x0E0A
        mov bh, 1
        int 0x10
        mov di, 0x1000 + (23 * 80 + 5) * 2
        mov ax, [es:di]
        cmp ax, 0x4E58
        CHECK_Z "page 1 teletype LF on row 24 scrolls page 1 up"
        mov di, 0x1000 + (24 * 80 + 5) * 2
        mov ax, [es:di]
%ifdef SEAVGABIOS
        cmp al, ' '                     ; SeaVGABIOS fills with attribute 07h instead
%else
        cmp ax, 0x4E20
%endif
        CHECK_Z "page 1 scroll fills with the attribute under page 1's cursor"
        pop bx
        CELL 24, 5
        mov ax, [es:di]
        cmp ax, bx
        CHECK_Z "page 1 scroll leaves page 0 alone"
        call crtc_loc
        cmp ax, 0x0800 + 24 * 80
        CHECK_Z "page 1: CRTC 0Eh/0Fh = page start 800h + row * 80"
        mov ax, 0x0500
        int 0x10
        call crtc_loc
        cmp ax, 15 * 80 + 8
        CHECK_Z "back to page 0: CRTC 0Eh/0Fh = page 0's cursor"
        ret

; crtc_rd: AL = CRTC index -> AL = value (colour CRTC at 3D4h/3D5h)
crtc_rd:
        push dx
        mov dx, 0x3D4
        out dx, al
        inc dx
        in al, dx
        pop dx
        ret
; crtc_loc: AX = CRTC 0Eh:0Fh (Cursor Location High:Low)
crtc_loc:
        mov al, 0x0E
        call crtc_rd
        mov ah, al
        mov al, 0x0F
        call crtc_rd
        ret

tty:    mov ah, 0x0E
        xor bh, bh
        int 0x10
        ret
getcur: mov ah, 0x03
        xor bh, bh
        int 0x10
        ret
str_abc: db "ABC"

%include "testlib-end.inc"
