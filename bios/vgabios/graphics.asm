; graphics.asm -- INT 10h services in the graphics modes: write/read pixel (0Ch/0Dh), characters
; drawn from the INT 43h font (09h/0Ah/0Eh, and 08h matching them back), window scrolling
; (06h/07h) and the CGA palette (0Bh). IBM PS/2 and PC BIOS Interface Technical Reference,
; INT 10h. Memory layouts:
;   T_CGA2/T_CGA1 (modes 04h-06h, IBM CGA layout at B800h): even pixel lines from offset 0, odd
;     lines from 2000h, 80 bytes per line; 2 or 1 bits per pixel, the leftmost pixel in the
;     high bits of the byte;
;   T_PLANAR (0Dh-12h, IBM VGA Technical Reference): one bit per pixel (bit 7 leftmost) in each
;     of four planes at A000h, MD.cols bytes per line, pages of 40:4C bytes;
;   T_LINEAR (13h): one byte per pixel, 320 per line.
; Handlers run with DS = BDA, BP = the caller's register frame; they may clobber registers.

; gfx_line: AX = pixel line, CS:SI = mode descriptor -> DI = offset of the line (page 0)
gfx_line:
        push ax
        push dx
        cmp byte [cs:si + MD.type], T_CGA2
        jb .packed
        mov di, ax                      ; CGA: bank (line bit 0) * 2000h + (line / 2) * 80
        and di, 1
        shl di, 13
        shr ax, 1
        mov dx, 80
        mul dx
        add di, ax
        jmp .r
.packed:
        push ax
        mov al, [cs:si + MD.cols]
        mul byte [cs:si + MD.bpc]       ; bytes per pixel line
        mov dx, ax
        pop ax
        mul dx
        mov di, ax
.r:     pop dx
        pop ax
        ret

; gfx_page: BH = page, CS:SI = mode descriptor -> DI += the page's offset in the planar modes
; that have more than one page (0Dh-10h); other modes have one page and ignore BH.
gfx_page:
        cmp byte [cs:si + MD.type], T_PLANAR
        jne .r
        cmp word [cs:si + MD.psize], 0xA000
        jae .r
        push ax
        push dx
        movzx ax, bh
        mul word [cs:si + MD.psize]
        add di, ax
        pop dx
        pop ax
.r:     ret

; gfx_pixel: CX = x, DX = y, BH = page, CS:SI = mode descriptor -> ES:DI = the byte holding the
; pixel; for the bit-packed modes AH = the pixel's bits in that byte, CL = their shift
gfx_pixel:
        mov es, [cs:si + MD.seg]
        mov ax, dx
        call gfx_line
        call gfx_page
        mov al, [cs:si + MD.type]
        cmp al, T_LINEAR
        jne .n8
        add di, cx
        ret
.n8:    cmp al, T_CGA2
        jne .bit
        mov ax, cx                      ; 4 pixels per byte: shift (3 - x mod 4) * 2
        shr ax, 2
        add di, ax
        and cl, 3
        xor cl, 3
        shl cl, 1
        mov ah, 3
        shl ah, cl
        ret
.bit:   mov ax, cx                      ; 8 pixels per byte: shift 7 - x mod 8
        shr ax, 3
        add di, ax
        and cl, 7
        xor cl, 7
        mov ah, 1
        shl ah, cl
        ret

; ---- AH=0Ch write pixel: AL = colour (bit 7: XOR with the pixel, except in mode 13h),
; BH = page, CX = x, DX = y ----
fn_writepixel:
        call cur_mode
        cmp byte [cs:si + MD.type], T_MONO
        jbe .r
        mov cx, [bp+R_CX]
        mov dx, [bp+R_DX]
        mov bh, [bp+R_BH]
        call gfx_pixel
        mov bl, [bp+R_AL]
        mov al, [cs:si + MD.type]
        cmp al, T_LINEAR
        jne .n8
        mov [es:di], bl
        ret
.n8:    cmp al, T_PLANAR
        je .planar
        mov al, bl                      ; CGA: the colour's low 2 (1) bits at the pixel
        and al, 3
        cmp byte [cs:si + MD.type], T_CGA1
        jne .c
        and al, 1
.c:     shl al, cl
        test bl, 0x80
        jnz .x
        not ah
        and [es:di], ah
        or [es:di], al
        ret
.x:     xor [es:di], al
.r:     ret
.planar:
        ; set/reset on all planes with the colour, bit mask = the pixel, function replace or
        ; XOR; a read loads the latches that keep the other seven pixels
        mov dx, 0x3CE
        mov al, 0x08
        out dx, ax
        mov ah, bl
        and ah, 0x0F
        xor al, al
        out dx, ax
        mov ax, 0x0F01
        out dx, ax
        mov ax, 0x0003
        test bl, 0x80
        jz .f
        mov ah, 0x18
.f:     out dx, ax
        mov ax, 0x0005
        out dx, ax
        mov al, [es:di]
        mov [es:di], al
        mov ax, 0xFF08
        out dx, ax
        mov ax, 0x0001
        out dx, ax
        mov ax, 0x0003
        out dx, ax
        xor ax, ax
        out dx, ax
        ret

; ---- AH=0Dh read pixel: BH = page, CX = x, DX = y -> AL = colour ----
fn_readpixel:
        call cur_mode
        cmp byte [cs:si + MD.type], T_MONO
        jbe .r
        mov cx, [bp+R_CX]
        mov dx, [bp+R_DX]
        mov bh, [bp+R_BH]
        call gfx_pixel
        mov al, [cs:si + MD.type]
        cmp al, T_LINEAR
        jne .n8
        mov al, [es:di]
        jmp .ret
.n8:    cmp al, T_PLANAR
        je .planar
        mov al, [es:di]
        and al, ah
        shr al, cl
        jmp .ret
.planar:                                ; colour bit p from plane p (read map select)
        mov bh, ah
        xor bl, bl
        mov cx, 3
        mov dx, 0x3CE
.p:     mov al, 0x04
        mov ah, cl
        out dx, ax
        shl bl, 1
        test [es:di], bh
        jz .z
        or bl, 1
.z:     dec cx
        jns .p
        mov ax, 0x0004
        out dx, ax
        mov al, bl
.ret:   mov [bp+R_AL], al
.r:     ret

; gfx_font: CL = char -> DS:SI = its glyph in the INT 43h font, CX = glyph height (40:85)
; (DS is changed: callers save it.)
gfx_font:
        push ax
        push dx
        movzx ax, cl
        mov cx, [BDA_VCHARH]
        and cx, 0xFF
        mul cx
        xor si, si
        mov ds, si
        lds si, [0x43 * 4]
        add si, ax
        pop dx
        pop ax
        ret

; glyph_fetch: AL = char, SS:DI = 16-byte buffer -> the glyph's first rows (at most 16) copied
; from the INT 43h font, CX = rows copied. DS = BDA.
glyph_fetch:
        push ax
        push si
        push di
        push ds
        push es
        mov cl, al
        call gfx_font
        cmp cx, 16
        jbe .n
        mov cx, 16
.n:     push ss
        pop es
        push cx
        rep movsb
        pop cx
        pop es
        pop ds
        pop di
        pop si
        pop ax
        ret

; gfx_glyph: draws character AL in colour BL (bit 7: XOR, not in mode 13h) at row DH, column DL
; of page BH; background pixels are colour 0. DS = BDA.
gfx_glyph:
        pusha
        push es
        push bp
        mov bp, sp
        sub sp, 22                      ; [bp-16] glyph rows, [bp-18] first line,
        lea di, [bp-16]                 ; [bp-20] rows, [bp-22] column offset
        call glyph_fetch
        mov [bp-20], cx
        mov al, dh
        mul byte [BDA_VCHARH]
        mov [bp-18], ax
        call cur_mode
        mov es, [cs:si + MD.seg]
        mov al, dl
        mul byte [cs:si + MD.bpc]
        mov [bp-22], ax
        cmp byte [cs:si + MD.type], T_PLANAR
        jne .go
        mov dx, 0x3CE                   ; write mode 0, no set/reset, replace, all bits
        mov ax, 0x0005
        out dx, ax
        mov ax, 0x0001
        out dx, ax
        mov ax, 0x0003
        out dx, ax
        mov ax, 0xFF08
        out dx, ax
.go:    xor dx, dx                      ; DX = glyph row
.row:   mov ax, [bp-18]
        add ax, dx
        call gfx_line
        call gfx_page
        add di, [bp-22]
        push di
        mov di, dx
        mov al, [bp+di-16]
        pop di
        call .draw
        inc dx
        cmp dx, [bp-20]
        jb .row
        cmp byte [cs:si + MD.type], T_PLANAR
        jne .out
        mov dx, 0x3C4                   ; all planes, read map 0
        mov ax, 0x0F02
        out dx, ax
        mov dx, 0x3CE
        mov ax, 0x0004
        out dx, ax
.out:   mov sp, bp
        pop bp
        pop es
        popa
        ret
; .draw: AL = glyph row bits, BL = colour, ES:DI = first byte, CS:SI = mode descriptor
.draw:  push ax
        push cx
        push dx
        mov cl, [cs:si + MD.type]
        cmp cl, T_LINEAR
        jne .d1
        mov ah, al                      ; mode 13h: one byte per pixel
        mov cx, 8
.l8:    xor al, al
        shl ah, 1
        jnc .l8z
        mov al, bl
.l8z:   stosb
        loop .l8
        jmp .dd
.d1:    cmp cl, T_CGA1
        jne .d2
        test bl, 1                      ; 640x200: the glyph bits themselves, or 0
        jnz .c1
        xor al, al
.c1:    test bl, 0x80
        jz .c1s
        xor [es:di], al
        jmp .dd
.c1s:   mov [es:di], al
        jmp .dd
.d2:    cmp cl, T_CGA2
        jne .planar
        mov ah, al                      ; 320x200: each glyph bit -> 2 colour bits
        mov ch, bl
        and ch, 3
        xor dx, dx
        mov cl, 8
.e:     shl dx, 2
        shl ah, 1
        jnc .e0
        or dl, ch
.e0:    dec cl
        jnz .e
        test bl, 0x80
        jz .c2s
        xor [es:di], dh
        xor [es:di+1], dl
        jmp .dd
.c2s:   mov [es:di], dh
        mov [es:di+1], dl
        jmp .dd
.planar:                                ; plane p gets the glyph bits where colour bit p is 1
        mov ch, al
        xor cl, cl
.pl:    mov dx, 0x3C4
        mov al, 0x02
        mov ah, 1
        shl ah, cl
        out dx, ax
        mov dx, 0x3CE
        mov al, 0x04
        mov ah, cl
        out dx, ax
        mov al, bl
        shr al, cl
        and al, 1
        neg al
        and al, ch
        test bl, 0x80
        jz .pw
        xor al, [es:di]
.pw:    mov [es:di], al
        inc cl
        cmp cl, 4
        jb .pl
.dd:    pop dx
        pop cx
        pop ax
        ret

; gfx_readglyph: DH = row, DL = column of the active page -> AL = the character whose INT 43h
; glyph matches the pixels (any non-zero colour counts as set), 0 when none does. DS = BDA.
gfx_readglyph:
        push bx
        push cx
        push dx
        push si
        push di
        push ds
        push es
        push bp
        mov bp, sp
        sub sp, 20                      ; [bp-16] bitmap of up to 16 rows, [bp-18] first
        mov al, dh                      ; pixel line, [bp-20] column offset
        mul byte [BDA_VCHARH]
        mov [bp-18], ax
        call cur_mode
        mov es, [cs:si + MD.seg]
        mov al, dl
        mul byte [cs:si + MD.bpc]
        mov [bp-20], ax
        mov bh, [BDA_VPAGE]
        movzx cx, byte [BDA_VCHARH]
        cmp cx, 16
        jbe .n
        mov cx, 16
.n:     xor dx, dx                      ; DX = glyph row
.row:   mov ax, [bp-18]
        add ax, dx
        call gfx_line
        call gfx_page
        add di, [bp-20]
        call .bits
        mov di, dx
        mov [bp+di-16], al
        inc dx
        cmp dx, cx
        jb .row
        mov dx, cx                      ; DX = rows compared
        xor cx, cx                      ; character
.ch:    push cx
        push ds
        call gfx_font
        mov cx, dx
        lea di, [bp-16]
        push ss
        pop es
        repe cmpsb
        pop ds
        pop cx
        je .found
        inc cl
        jnz .ch
        xor cl, cl
.found: mov al, cl
        mov sp, bp
        pop bp
        pop es
        pop ds
        pop di
        pop si
        pop dx
        pop cx
        pop bx
        ret
; .bits: ES:DI = the row's first byte, CS:SI = mode descriptor -> AL = 8 bits, set where the
; pixel is not colour 0
.bits:  push cx
        push dx
        push di
        xor ch, ch
        mov al, [cs:si + MD.type]
        cmp al, T_LINEAR
        jne .b1
        mov dx, 8
.b8:    shl ch, 1
        cmp byte [es:di], 0
        je .b8z
        or ch, 1
.b8z:   inc di
        dec dx
        jnz .b8
        jmp .bd
.b1:    cmp al, T_CGA1
        jne .b2
        mov ch, [es:di]
        jmp .bd
.b2:    cmp al, T_CGA2
        jne .bp
        mov al, [es:di]
        call .two
        mov al, [es:di+1]
        call .two
        jmp .bd
.bp:    mov dx, 0x3CE                   ; planar: OR of the four planes
        mov ah, 3
.bpl:   mov al, 0x04
        out dx, ax
        or ch, [es:di]
        dec ah
        jns .bpl
        mov ax, 0x0004
        out dx, ax
.bd:    mov al, ch
        pop di
        pop dx
        pop cx
        ret
.two:   mov ah, 4                       ; AL = 4 CGA pixels -> 4 bits into CH
.t:     shl ch, 1
        test al, 0xC0
        jz .t0
        or ch, 1
.t0:    shl al, 2
        dec ah
        jnz .t
        ret

; gfx_scroll: graphics window scroll by whole character rows. AL = rows (n), BL = window
; height in rows, BH = fill colour, CH,CL = top row, left column, DL = right column, SI = 0 up,
; 1 down. Works on the active page, pixel line by pixel line (so the CGA banks and the planes
; are handled by gfx_line). DS = BDA. (Registers clobbered.)
gfx_scroll:
        push bp
        mov bp, sp
        sub sp, 22
        mov [bp-2], si                  ; direction
        mov [bp-3], bh                  ; fill colour
        mov [bp-4], al                  ; n rows
        mov [bp-5], bl                  ; height rows
        mov [bp-6], ch                  ; top row
        mov [bp-7], cl                  ; left column
        mov [bp-8], dl                  ; right column
        call cur_mode
        movzx ax, byte [bp-7]
        mul byte [cs:si + MD.bpc]
        mov [bp-16], ax                 ; left edge (bytes)
        mov al, [bp-8]
        sub al, [bp-7]
        inc al
        mul byte [cs:si + MD.bpc]
        mov [bp-14], ax                 ; window width (bytes)
        mov al, [bp-6]
        mul byte [BDA_VCHARH]
        mov [bp-12], ax                 ; window's first pixel line
        mov al, [bp-4]
        mul byte [BDA_VCHARH]
        mov [bp-18], ax                 ; n pixel lines
        mov al, [bp-5]
        mul byte [BDA_VCHARH]
        mov [bp-20], ax                 ; window height in pixel lines
        ; fill byte: the colour in every pixel of a byte
        mov al, [bp-3]
        mov ah, [cs:si + MD.type]
        cmp ah, T_CGA2
        jne .f1
        and al, 3
        mov ah, 0x55
        mul ah
        jmp .f3
.f1:    cmp ah, T_CGA1
        jne .f3
        and al, 1
        neg al
.f3:    mov [bp-22], al
        mov bh, [BDA_VPAGE]
        mov ax, [cs:si + MD.seg]
        mov ds, ax
        mov es, ax
        cmp byte [cs:si + MD.type], T_PLANAR
        jne .moves
        mov dx, 0x3C4
        mov ax, 0x0F02
        out dx, ax
        mov dx, 0x3CE
        mov ax, 0x0105                  ; write mode 1: the latches copy all four planes
        out dx, ax
.moves: mov cx, [bp-20]
        sub cx, [bp-18]                 ; CX = lines that move
        cmp word [bp-2], 0
        jne .down
        xor dx, dx
.mu:    cmp dx, cx
        jae .fillu
        mov ax, [bp-12]
        add ax, dx                      ; destination: top + k
        push dx
        mov dx, ax
        add ax, [bp-18]                 ; source: top + k + n
        call .copy
        pop dx
        inc dx
        jmp .mu
.fillu: mov dx, [bp-12]
        add dx, cx                      ; first line to blank
        jmp .fill
.down:  mov dx, cx
.md:    test dx, dx
        jz .filld
        dec dx
        mov ax, [bp-12]
        add ax, dx                      ; source: top + k
        push dx
        mov dx, ax
        add dx, [bp-18]                 ; destination: top + k + n
        call .copy
        pop dx
        jmp .md
.filld: mov dx, [bp-12]
.fill:  cmp byte [cs:si + MD.type], T_PLANAR
        jne .fl0
        push dx
        mov dx, 0x3CE
        mov ax, 0x0005                  ; write mode 0, set/reset = the fill colour everywhere
        out dx, ax
        mov ah, [bp-3]
        and ah, 0x0F
        xor al, al
        out dx, ax
        mov ax, 0x0F01
        out dx, ax
        mov ax, 0xFF08
        out dx, ax
        pop dx
.fl0:   mov cx, [bp-18]
.fl:    jcxz .end
        mov ax, dx
        call .off
        mov di, ax
        push cx
        mov cx, [bp-14]
        mov al, [bp-22]
        rep stosb
        pop cx
        inc dx
        dec cx
        jmp .fl
.end:   cmp byte [cs:si + MD.type], T_PLANAR
        jne .out
        mov dx, 0x3CE
        mov ax, 0x0001
        out dx, ax
        xor ax, ax
        out dx, ax
.out:   mov sp, bp
        pop bp
        ret
; .off: AX = pixel line -> AX = offset of the window's left edge on it (page BH)
.off:   push di
        call gfx_line
        call gfx_page
        add di, [bp-16]
        mov ax, di
        pop di
        ret
; .copy: AX = source line, DX = destination line: one line of the window
.copy:  push cx
        push si
        call .off
        push ax
        mov ax, dx
        call .off
        mov di, ax
        pop ax
        mov si, ax
        mov cx, [bp-14]
        rep movsb
        pop si
        pop cx
        ret

; ---- AH=0Bh CGA palette (the CGA colour select register 3D9h, kept in 40:66) ----
;   BH=00h: BL bits 3-0 = border colour (text) / background and border (graphics), IRGB;
;           BL bit 4 = the bright foreground set of modes 04h/05h
;   BH=01h: BL bit 0 = palette of modes 04h/05h: 0 green/red/brown, 1 cyan/magenta/white
; The attribute values follow the 200-line DAC layout: intensity in bit 4 (CGA DAC).
fn_cgapalette:
        mov bx, [bp+R_BX]
        call cur_mode
        test bh, bh
        jnz .pal
        mov al, [BDA_VPALETTE]
        and al, 0xE0
        mov ah, bl
        and ah, 0x1F
        or al, ah
        mov [BDA_VPALETTE], al
        mov ah, bl                      ; IRGB -> attribute value: RGB in bits 2-0, I in bit 4
        and ah, 0x07
        test bl, 0x08
        jz .b
        or ah, 0x10
.b:     mov al, 0x11
        call attr_write                 ; overscan (border)
        cmp byte [cs:si + MD.type], T_MONO
        jbe .r
        xor al, al
        call attr_write                 ; graphics: background = palette register 0
        mov dl, 0xEF                    ; palette registers 1-3: bit 4 = BL bit 4
        mov dh, bl
        and dh, 0x10
        jmp .set123
.pal:   cmp bh, 1
        jne .r
        and byte [BDA_VPALETTE], 0xDF
        test bl, 1
        jz .p0
        or byte [BDA_VPALETTE], 0x20
.p0:    mov dl, 0xFE                    ; palette registers 1-3: bit 0 = the palette
        mov dh, bl
        and dh, 1
.set123:
        cmp byte [cs:si + MD.type], T_CGA2
        jne .r
        mov cl, 1
.i:     mov al, cl
        call attr_read
        and al, dl
        or al, dh
        mov ah, al
        mov al, cl
        call attr_write
        inc cl
        cmp cl, 4
        jb .i
.r:     ret
