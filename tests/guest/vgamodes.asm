; vgamodes.asm -- VGA BIOS graphics and font services (boot with --vgabios): mode 13h
; (320x200, one byte per pixel at A000:y*320+x), write/read pixel (0Ch/0Dh), teletype drawing
; the 8x8 glyph of INT 10h AX=1130h BH=03h, read character back (08h), the default DAC (10h/15h:
; entry 1 = 00,00,2A, entry 20h = 00,00,3F, entry 28h = 3F,00,00 in the IBM VGA default
; palette), DAC write (10h/10h); mode 12h (640x480x16 planar, pixel x at bit 7-(x mod 8) of
; byte y*80+x/8 in each plane: IBM VGA Technical Reference); font loading 1111h/1112h (8x14 ->
; 28 rows, 8x8 -> 50 rows of 400 scan lines), 1130h; mode 07h (monochrome text at B000h,
; CRTC at 3B4h in 40:63h); the CGA and EGA graphics modes 04h, 05h, 06h, 0Dh, 0Eh, 0Fh, 10h,
; 11h (BDA fields, pixels in their documented bytes, characters, CGA palette), 1Ah, 12h/10h.
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

        ; ---- the CGA and EGA graphics modes (table gm_table below) ----
        mov si, gm_table
.gm:    call gm_check
        add si, GM_SIZE
        cmp si, gm_table_end
        jb .gm
        call cga_glyph_check
        call cga_palette_check
        call cga_scroll_check
        call planar_page_check
        ; AH=1Ah read display combination: AL = 1Ah, BL = 08h (VGA, analog colour), BH = 00h
        mov ax, 0x1A00
        int 0x10
        cmp al, 0x1A
        jne .dcc
        mov ax, bx
        cmp bx, 0x0008
.dcc:   CHECK_Z "1A00h: AL=1Ah, BL=08h active VGA colour, BH=00h no alternate"
        ; AH=12h BL=10h: BH = 0 colour / 1 monochrome addressing, BL = 3 (256 KiB), CL = the
        ; switch settings (40:88 bits 3-0), CH = the feature bits (40:88 bits 7-4)
        mov ax, 0x0010
        int 0x10
        mov ax, 0x1200
        mov bl, 0x10
        int 0x10
        mov ax, bx
        cmp bx, 0x0003
        CHECK_Z "1210h in mode 10h: BH=0 colour, BL=3 (256 KiB)"
        push es
        push word 0x40
        pop es
        mov al, [es:0x88]
        pop es
        mov ah, al
        shr ah, 4
        and al, 0x0F
        cmp ax, cx
        CHECK_Z "1210h: CH/CL = feature bits / switch settings from 40:88"
        mov ax, 0x000F
        int 0x10
        mov ax, 0x1200
        mov bl, 0x10
        int 0x10
        mov ax, bx
        cmp bh, 1
        CHECK_Z "1210h in mode 0Fh: BH=1 monochrome addressing"
        mov ax, 0x0003
        int 0x10
        ret

glyph:  times 8 db 0

; ---- graphics modes: one row per mode (IBM PS/2 and PC BIOS Interface Technical Reference,
; INT 10h AH=00h mode list and the BDA video fields 40:49-40:85; CGA layout at B800h: even
; pixel lines from 0, odd lines from 2000h, 80 bytes each, leftmost pixel in the high bits;
; EGA/VGA planar layout at A000h: cols bytes per line, bit 7 = leftmost pixel, one plane per
; colour bit) ----
struc GM
.mode   resb 1
.cols   resb 1                          ; 40:4A
.rows   resb 1                          ; 40:84 (rows - 1)
.charh  resb 1                          ; 40:85
.crtc   resw 1                          ; 40:63
.mctl   resb 1                          ; 40:65, FFh: not checked
.mask   resb 1                          ; colour bits per pixel as a mask
.maxx   resw 1
.maxy   resw 1
.seg    resw 1                          ; video buffer
.last   resw 1                          ; offset of the byte holding pixel (maxx, maxy)
.lastb  resb 1                          ; that byte after the writes (plane 0 in planar modes)
.oddb   resb 1                          ; byte at 2000h (odd line 1, pixels 0-3/0-7), FFh: skip
.size:
endstruc
GM_SIZE equ 18
%macro GMODE 13
        db %1, %2, %3, %4
        dw %5
        db %6, %7
        dw %8, %9, %10, %11
        db %12, %13
%endmacro
; Pixel writes of gm_check: (0,0) colour 0Fh, (maxx,maxy) 0Bh, (2,1) 05h, (1,1) 03h then 81h
; (XOR 1), all masked to the mode's colour bits. Line 1 is the first odd line: offset 2000h.
;   mode 04h/05h: (1,1) = 3 ^ 1 = 2 -> bits 5-4, (2,1) = 1 -> bits 3-2: 24h; last byte 03h
;   mode 06h: (1,1) = 1 ^ 1 = 0, (2,1) = 1 -> bit 5: 20h; last byte (x = 639: bit 0) 01h
gm_table:
        GMODE 0x04, 40, 24,  8, 0x3D4, 0x2A, 0x03, 319, 199, 0xB800, 0x2000 + 99 * 80 + 319 / 4, 0x03, 0x24
        GMODE 0x05, 40, 24,  8, 0x3D4, 0x2E, 0x03, 319, 199, 0xB800, 0x2000 + 99 * 80 + 319 / 4, 0x03, 0x24
        GMODE 0x06, 80, 24,  8, 0x3D4, 0x1E, 0x01, 639, 199, 0xB800, 0x2000 + 99 * 80 + 639 / 8, 0x01, 0x20
        GMODE 0x0D, 40, 24,  8, 0x3D4, 0xFF, 0x0F, 319, 199, 0xA000, 199 * 40 + 319 / 8, 0x01, 0xFF
        GMODE 0x0E, 80, 24,  8, 0x3D4, 0xFF, 0x0F, 639, 199, 0xA000, 199 * 80 + 639 / 8, 0x01, 0xFF
        GMODE 0x0F, 80, 24, 14, 0x3B4, 0xFF, 0x0F, 639, 349, 0xA000, 349 * 80 + 639 / 8, 0x01, 0xFF
        GMODE 0x10, 80, 24, 14, 0x3D4, 0xFF, 0x0F, 639, 349, 0xA000, 349 * 80 + 639 / 8, 0x01, 0xFF
        GMODE 0x11, 80, 29, 16, 0x3D4, 0xFF, 0x0F, 639, 479, 0xA000, 479 * 80 + 639 / 8, 0x01, 0xFF
gm_table_end:
%if gm_table_end - gm_table != 8 * GM_SIZE
%error GM row size
%endif

; gm_bda: AL = the BDA byte at offset BX -> AX = (mode << 8) | value, for failure output
gm_bda:
        push es
        push word 0x40
        pop es
        mov al, [es:bx]
        pop es
        mov ah, [si + GM.mode]
        ret

; gm_pixel: CX = x, DX = y, AL = colour: write it (AH=0Ch)
gm_put: push bx
        mov ah, 0x0C
        xor bh, bh
        int 0x10
        pop bx
        ret
; gm_get: CX = x, DX = y -> AL = colour (AH=0Dh), AH = the mode (failure output)
gm_get: push bx
        mov ah, 0x0D
        xor bh, bh
        int 0x10
        pop bx
        mov ah, [si + GM.mode]
        ret

; gm_check: DS:SI = a gm_table row
gm_check:
        pusha
        push es
        mov si, si
        mov al, [si + GM.mode]
        xor ah, ah
        int 0x10
        mov ah, 0x0F
        int 0x10
        cmp al, [si + GM.mode]
        jne .m
        cmp ah, [si + GM.cols]
.m:     CHECK_Z "AH=0Fh after AH=00h: the mode and its columns"
        mov bx, 0x49
        call gm_bda
        cmp al, [si + GM.mode]
        CHECK_Z "40:49 = the mode"
        mov bx, 0x4A
        call gm_bda
        cmp al, [si + GM.cols]
        CHECK_Z "40:4A = columns"
        mov bx, 0x84
        call gm_bda
        cmp al, [si + GM.rows]
        CHECK_Z "40:84 = rows - 1"
        mov bx, 0x85
        call gm_bda
        cmp al, [si + GM.charh]
        CHECK_Z "40:85 = character height"
        push es
        push word 0x40
        pop es
        mov ax, [es:0x63]
        pop es
        cmp ax, [si + GM.crtc]
        CHECK_Z "40:63 = CRTC base (3B4h monochrome, 3D4h colour)"
        cmp byte [si + GM.mctl], 0xFF
        je .nomctl
        mov bx, 0x65
        call gm_bda
        cmp al, [si + GM.mctl]
        CHECK_Z "40:65 = the CGA mode control register value"
.nomctl:
        ; pixels
        xor cx, cx
        xor dx, dx
        mov al, 0x0F
        call gm_put
        mov cx, [si + GM.maxx]
        mov dx, [si + GM.maxy]
        mov al, 0x0B
        call gm_put
        mov cx, 2
        mov dx, 1
        mov al, 0x05
        call gm_put
        mov cx, 1
        mov al, 0x03
        call gm_put
        mov al, 0x81
        call gm_put
        xor cx, cx
        xor dx, dx
        call gm_get
        mov bl, 0x0F
        and bl, [si + GM.mask]
        cmp al, bl
        CHECK_Z "0Ch/0Dh: pixel (0,0) colour 0Fh reads back (masked to the mode's bits)"
        mov cx, [si + GM.maxx]
        mov dx, [si + GM.maxy]
        call gm_get
        mov bl, 0x0B
        and bl, [si + GM.mask]
        cmp al, bl
        CHECK_Z "0Ch/0Dh: the last pixel of the screen reads back"
        mov cx, 2
        mov dx, 1
        call gm_get
        mov bl, 0x05
        and bl, [si + GM.mask]
        cmp al, bl
        CHECK_Z "0Ch/0Dh: pixel (2,1) reads back"
        mov cx, 1
        call gm_get
        mov bl, 0x02
        and bl, [si + GM.mask]
        cmp al, bl
        CHECK_Z "0Ch with bit 7: XOR onto the pixel"
        mov es, [si + GM.seg]
        mov di, [si + GM.last]
        mov al, [es:di]
        mov ah, [si + GM.mode]
        cmp al, [si + GM.lastb]
        CHECK_Z "the last pixel is in the documented byte (CGA odd bank / planar line)"
        cmp byte [si + GM.oddb], 0xFF
        je .noodd
        mov al, [es:0x2000]
        mov ah, [si + GM.mode]
        cmp al, [si + GM.oddb]
        CHECK_Z "CGA: line 1 starts at offset 2000h"
.noodd: ; teletype 'A' at row 1, column 2, then read it back with AH=08h
        mov ah, 0x02
        xor bh, bh
        mov dx, 0x0102
        int 0x10
        mov ax, 0x0E41
        mov bx, 0x000F
        int 0x10
        mov ah, 0x03
        xor bh, bh
        int 0x10
        mov ax, dx
        cmp dx, 0x0103
        CHECK_Z "0Eh advances the cursor"
        mov ah, 0x02
        xor bh, bh
        mov dx, 0x0102
        int 0x10
        mov ah, 0x08
        xor bh, bh
        int 0x10
        mov ah, [si + GM.mode]
        cmp al, 'A'
        CHECK_Z "08h reads the teletype 'A' back from the pixels"
        ; 1130h BH=1 (INT 43h, the graphics font): CX = character height, DL = rows - 1
        push bp
        mov ax, 0x1130
        mov bh, 1
        int 0x10
        pop bp
        mov ah, dl
        mov al, cl
        cmp al, [si + GM.charh]
        jne .fh
        cmp ah, [si + GM.rows]
.fh:    CHECK_Z "1130h: the mode's character height and rows"
        pop es
        popa
        ret

; cga_glyph_check: mode 04h, 'A' written with 09h in colour 3 at row 1, column 2: glyph line
; r is pixel line 8 + r, two bytes per character column (offset 4), each glyph bit becoming
; two colour bits 11b (IBM CGA layout); the glyph is the INT 43h one (1130h BH=1).
cga_glyph_check:
        pusha
        push es
        mov ax, 0x0004
        int 0x10
        mov ah, 0x02
        xor bh, bh
        mov dx, 0x0102
        int 0x10
        mov ax, 0x0941
        mov bx, 0x0003
        mov cx, 1
        int 0x10
        push bp
        mov ax, 0x1130
        mov bh, 1
        int 0x10
        mov si, bp
        pop bp
        add si, 'A' * 8
        xor bx, bx                      ; BX = glyph line r, DX = mismatches
        xor dx, dx
.r:     mov al, [es:si + bx]            ; glyph bits
        mov cx, 8                       ; expand: every bit to 2 bits
        xor di, di
.e:     shl di, 2
        shl al, 1
        jnc .e0
        or di, 3
.e0:    loop .e
        push es
        push word 0xB800
        pop es
        mov ax, bx
        add ax, 8                       ; pixel line
        push bx
        mov bx, ax
        and bx, 1
        shl bx, 13
        shr ax, 1
        imul ax, ax, 80
        add bx, ax
        mov ax, [es:bx + 4]             ; bytes: low = pixels 0-3, high = pixels 4-7
        pop bx
        pop es
        xchg al, ah
        cmp ax, di
        je .ok
        inc dx
.ok:    inc bx
        cmp bx, 8
        jb .r
        mov ax, dx
        test dx, dx
        CHECK_Z "mode 04h: 09h draws the 8x8 glyph, 2 bits per pixel, even/odd banks"
        pop es
        popa
        ret

; cga_palette_check: AH=0Bh in mode 04h (CGA colour select semantics: BH=1 BL=palette,
; BH=0 BL=background IRGB + bit 4 bright set), seen through 1007h/1008h and 40:66
cga_palette_check:
        pusha
        mov ax, 0x0004
        int 0x10
        mov bx, 0x0100                  ; palette 0: green, red, brown
        mov ah, 0x0B
        int 0x10
        mov bl, 1
        call .reg
        cmp al, 0x12                    ; bright green (bit 4 = intensity, from 40:66 = 30h)
        CHECK_Z "0Bh BH=1 BL=0: palette register 1 = 12h (bright green)"
        mov bl, 3
        call .reg
        cmp al, 0x16
        CHECK_Z "0Bh BH=1 BL=0: palette register 3 = 16h (yellow)"
        mov bx, 0x0009                  ; background light blue, normal intensity set
        mov ah, 0x0B
        int 0x10
        mov bl, 0
        call .reg
        cmp al, 0x11
        CHECK_Z "0Bh BH=0 BL=09h: background (palette register 0) = 11h"
        mov ax, 0x1008
        int 0x10
        mov al, bh
        xor ah, ah
        cmp al, 0x11
        CHECK_Z "0Bh BH=0 BL=09h: border (overscan) = 11h"
        mov bl, 2
        call .reg
        cmp al, 0x04
        CHECK_Z "0Bh BH=0 BL=09h: bit 4 clear -> palette register 2 = 04h (red)"
        push es
        push word 0x40
        pop es
        movzx ax, byte [es:0x66]
        pop es
        cmp al, 0x09
        CHECK_Z "40:66 = 09h (palette 0, background 9)"
        popa
        ret
.reg:   mov ax, 0x1007                  ; BL = register -> AL = value
        int 0x10
        mov al, bh
        xor ah, ah
        ret

; cga_scroll_check: mode 04h, pixels on lines 8 (even bank) and 9 (odd bank), i.e. character
; row 1; AH=06h scrolls the whole screen up one row (8 pixel lines) filling with colour 0: they
; must arrive on lines 0 and 1, in both banks.
cga_scroll_check:
        pusha
        mov ax, 0x0004
        int 0x10
        mov cx, 5
        mov dx, 8
        mov al, 3
        call gm_put0
        mov dx, 9
        mov al, 2
        call gm_put0
        mov ax, 0x0601
        xor bh, bh
        xor cx, cx
        mov dx, 0x1827
        int 0x10
        mov cx, 5
        xor dx, dx
        call gm_get0
        mov ah, al
        inc dx
        call gm_get0
        xchg al, ah                     ; AL = line 0, AH = line 1
        push ax
        mov dx, 8
        call gm_get0
        mov bl, al
        mov dx, 9
        call gm_get0
        or bl, al
        pop ax
        test bl, bl
        jnz .f
        cmp ax, 0x0203
.f:     CHECK_Z "mode 04h: 06h scrolls lines 8/9 (both CGA banks) to lines 0/1 and blanks them"
        popa
        ret

; planar_page_check: mode 0Dh has 8 pages of 2000h bytes (40:4C): AH=0Ch with BH=1 writes page
; 1, the bytes from A000:2000h (pixel (0,0) = bit 7 of plane 0 there), and AH=0Dh BH=1 reads it
planar_page_check:
        pusha
        push es
        mov ax, 0x000D
        int 0x10
        mov ax, 0x0C09                  ; colour 9: planes 0 and 3
        mov bh, 1
        xor cx, cx
        xor dx, dx
        int 0x10
        push word 0xA000
        pop es
        mov dx, 0x3CE
        mov ax, 0x0304                  ; read map 3
        out dx, ax
        mov bl, [es:0x2000]
        mov ax, 0x0104                  ; read map 1
        out dx, ax
        mov bh, [es:0x2000]
        mov ax, 0x0004
        out dx, ax
        mov ax, bx
        cmp bx, 0x0080
        CHECK_Z "mode 0Dh: 0Ch page 1 writes A000:2000h (plane 3 set, plane 1 clear)"
        mov ah, 0x0D
        mov bh, 1
        xor cx, cx
        xor dx, dx
        int 0x10
        xor ah, ah
        cmp al, 9
        CHECK_Z "mode 0Dh: 0Dh page 1 reads colour 9 back"
        mov ah, 0x0D
        xor bh, bh
        int 0x10
        xor ah, ah
        cmp al, 0
        CHECK_Z "mode 0Dh: page 0 untouched"
        pop es
        popa
        ret
gm_put0:
        push bx
        mov ah, 0x0C
        xor bh, bh
        int 0x10
        pop bx
        ret
gm_get0:
        push bx
        push ax
        mov ah, 0x0D
        xor bh, bh
        int 0x10
        pop bx
        mov ah, bh                      ; keep the caller's AH
        pop bx
        ret

%include "testlib-end.inc"
