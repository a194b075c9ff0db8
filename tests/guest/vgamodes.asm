; vgamodes.asm -- VGA BIOS graphics and font services (boot with --vgabios): mode 13h
; (320x200, one byte per pixel at A000:y*320+x), write/read pixel (0Ch/0Dh), teletype drawing
; the 8x8 glyph of INT 10h AX=1130h BH=03h, read character back (08h), the default DAC (10h/15h:
; entry 1 = 00,00,2A, entry 20h = 00,00,3F, entry 28h = 3F,00,00 in the IBM VGA default
; palette), DAC write (10h/10h); mode 12h (640x480x16 planar, pixel x at bit 7-(x mod 8) of
; byte y*80+x/8 in each plane: IBM VGA Technical Reference); font loading 1111h/1112h (8x14 ->
; 28 rows, 8x8 -> 50 rows of 400 scan lines), 1130h; mode 07h (monochrome text at B000h,
; CRTC at 3B4h in 40:63h).
%define TEST_NAME "vgamodes"
%include "testlib.inc"

test_main:
        mov ax, 0x0013
        int 0x10
        mov ah, 0x0F
        int 0x10
        CHECK_EQ ax, 0x2813, "mode 13h: AH=0Fh gives AL=13h, AH=40 columns"
        push word 0xA000
        pop es
        mov ax, 0x0C2A                  ; write pixel colour 2Ah at (10,5)
        xor bh, bh
        mov cx, 10
        mov dx, 5
        int 0x10
        mov al, [es:5 * 320 + 10]
        cmp al, 0x2A
        CHECK_Z "0Ch writes A000:(5*320+10)"
        mov byte [es:100 * 320 + 200], 0x77
        mov ah, 0x0D
        xor bh, bh
        mov cx, 200
        mov dx, 100
        int 0x10
        cmp al, 0x77
        CHECK_Z "0Dh reads A000:(100*320+200)"
        ; default DAC
        mov ax, 0x1015
        mov bx, 1
        int 0x10
        cmp dh, 0
        jne .d1
        cmp cx, 0x002A
.d1:    mov ax, cx
        CHECK_Z "DAC entry 01h = 00,00,2Ah"
        mov ax, 0x1015
        mov bx, 0x20
        int 0x10
        cmp dh, 0
        jne .d2
        cmp cx, 0x003F
.d2:    mov ax, cx
        CHECK_Z "DAC entry 20h = 00,00,3Fh"
        mov ax, 0x1015
        mov bx, 0x28
        int 0x10
        cmp dh, 0x3F
        jne .d3
        cmp cx, 0
.d3:    mov ax, cx
        CHECK_Z "DAC entry 28h = 3Fh,00,00"
        mov ax, 0x1010
        mov bx, 0x80
        mov dh, 0x11
        mov cx, 0x2233
        int 0x10
        mov ax, 0x1015
        mov bx, 0x80
        xor cx, cx
        xor dx, dx
        int 0x10
        cmp dh, 0x11
        jne .d4
        cmp cx, 0x2233
.d4:    mov ax, cx
        CHECK_Z "1010h/1015h: DAC entry 80h written and read back"
        ; teletype 'A' in colour 0Fh at row 0, column 0
        mov ah, 0x02
        xor bh, bh
        xor dx, dx
        int 0x10
        mov ax, 0x0E41
        mov bx, 0x000F
        int 0x10
        push es
        mov ax, 0x1130
        mov bh, 3
        int 0x10                        ; ES:BP = 8x8 font
        mov si, bp
        add si, 'A' * 8
        mov di, glyph
        mov cx, 8
.cp:    mov al, [es:si]
        mov [di], al
        inc si
        inc di
        loop .cp
        pop es
        xor di, di
        xor bx, bx                      ; BX = mismatches
        mov si, glyph
        mov cx, 8
.row:   lodsb
        mov ah, al
        push cx
        mov cx, 8
.px:    xor dl, dl
        shl ah, 1
        jnc .p0
        mov dl, 0x0F
.p0:    cmp [es:di], dl
        je .pe
        inc bx
.pe:    inc di
        loop .px
        pop cx
        add di, 320 - 8
        loop .row
        mov ax, bx
        cmp bx, 0
        CHECK_Z "teletype draws the 1130h/03h 8x8 glyph of 'A' in colour 0Fh"
        mov ah, 0x02
        xor bh, bh
        xor dx, dx
        int 0x10
        mov ah, 0x08
        xor bh, bh
        int 0x10
        cmp al, 'A'
        CHECK_Z "08h reads 'A' back from the pixels"
        mov ah, 0x03
        xor bh, bh
        int 0x10
        mov ax, 0x1130
        mov bh, 0
        push es
        int 0x10
        pop es
        cmp cx, 8
        mov ax, cx
        CHECK_Z "1130h in mode 13h: 8 scan lines per character"

        ; ---- mode 12h ----
        mov ax, 0x0012
        int 0x10
        mov ah, 0x0F
        int 0x10
        cmp al, 0x12
        CHECK_Z "mode 12h set"
        mov ax, 0x0C0C                  ; colour 0Ch = planes 2 and 3
        xor bh, bh
        mov cx, 321
        mov dx, 200
        int 0x10
        mov ah, 0x0D
        xor bh, bh
        mov cx, 321
        mov dx, 200
        int 0x10
        xor ah, ah
        cmp al, 0x0C
        CHECK_Z "mode 12h: 0Dh reads back colour 0Ch"
        ; planes through the graphics controller: read map 2 and 0
        push word 0xA000
        pop es
        mov dx, 0x3CE
        mov ax, 0x0204
        out dx, ax
        mov bl, [es:200 * 80 + 40]
        mov ax, 0x0004
        out dx, ax
        mov bh, [es:200 * 80 + 40]
        mov ax, bx
        cmp ax, 0x0040                  ; plane 2: bit 6 (x = 321), plane 0: clear
        CHECK_Z "mode 12h: pixel (321,200) is bit 6 of byte 200*80+40 in plane 2 only"
        mov ax, 0x1130
        mov bh, 6
        push es
        int 0x10
        mov ax, [es:bp + 'A' * 16 + 4]
        pop es
        cmp cx, 16
        jne .f1
        cmp dl, 29
.f1:    mov ax, cx
        CHECK_Z "1130h in mode 12h: 16 lines, 30 rows"

        ; ---- text mode fonts ----
        mov ax, 0x0003
        int 0x10
        mov ax, 0x1111                  ; 8x14 font, recalculate
        xor bl, bl
        int 0x10
        mov ax, 0x1130
        xor bh, bh
        push es
        int 0x10
        pop es
        cmp cx, 14
        jne .f2
        cmp dl, 27
.f2:    mov ax, dx
        CHECK_Z "1111h: 14-line characters, 28 rows"
        mov ax, 0x1112                  ; 8x8 font
        xor bl, bl
        int 0x10
        mov ax, 0x1130
        xor bh, bh
        push es
        int 0x10
        pop es
        cmp cx, 8
        jne .f3
        cmp dl, 49
.f3:    mov ax, dx
        CHECK_Z "1112h: 8-line characters, 50 rows"
        ; the CRTC maximum scan line register follows (CRTC 09h bits 0-4 = 7)
        mov dx, 0x3D4
        mov al, 0x09
        out dx, al
        inc dx
        in al, dx
        and ax, 0x1F
        cmp al, 7
        CHECK_Z "CRTC 09h maximum scan line = 7"
        mov ax, 0x0003
        int 0x10
        mov ax, 0x1130
        xor bh, bh
        push es
        int 0x10
        pop es
        cmp cx, 16
        jne .f4
        cmp dl, 24
.f4:    mov ax, dx
        CHECK_Z "mode 03h again: 16 lines, 25 rows"

        ; ---- mode 07h: monochrome text ----
        mov ax, 0x0007
        int 0x10
        push ds
        push word 0x40
        pop ds
        mov ax, [0x63]
        pop ds
        cmp ax, 0x3B4
        CHECK_Z "mode 07h: CRTC base 3B4h in 40:63h"
        mov ax, 0x094D
        mov bx, 0x0070
        mov cx, 1
        int 0x10
        push word 0xB000
        pop es
        mov ax, [es:0]
        cmp ax, 0x704D
        CHECK_Z "mode 07h: 09h writes 'M' with attribute 70h at B000:0000"
        mov ax, 0x0003
        int 0x10
        ret

glyph:  times 8 db 0

%include "testlib-end.inc"
