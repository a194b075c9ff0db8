; font.asm -- character generator: loading fonts into plane 2 (IBM VGA Technical Reference,
; "Loading a Character Font": sequencer map mask 04h and memory mode 07h, graphics controller
; read map 2, mode 00h and miscellaneous 04h, then back to odd/even text addressing) and
; INT 10h AH=11h (IBM PS/2 and PC BIOS Interface Technical Reference).

; plane-2 offsets of the eight character blocks (character map select, sequencer register 3)
font_blocks:    dw 0x0000, 0x4000, 0x8000, 0xC000, 0x2000, 0x6000, 0xA000, 0xE000
empty_alt:      db 0                    ; 9x14/9x16 alternate tables: no replacement glyphs

font_access_on:
        push ax
        push dx
        mov dx, 0x3C4
        mov ax, 0x0402                  ; map mask: plane 2
        out dx, ax
        mov ax, 0x0704                  ; memory mode: sequential, extended memory
        out dx, ax
        mov dx, 0x3CE
        mov ax, 0x0204                  ; read map 2
        out dx, ax
        mov ax, 0x0005                  ; write mode 0, no odd/even
        out dx, ax
        mov ax, 0x0406                  ; A0000h, 64 KiB, graphics off
        out dx, ax
        pop dx
        pop ax
        ret
font_access_off:
        push ax
        push dx
        mov dx, 0x3C4
        mov ax, 0x0302                  ; planes 0 and 1
        out dx, ax
        mov ax, 0x0304                  ; odd/even, extended memory
        out dx, ax
        mov dx, 0x3CC
        in al, dx                       ; misc output: bit 0 = colour (3Dx)
        mov ah, 0x0E                    ; B8000h, odd/even, text
        test al, 1
        jnz .c
        mov ah, 0x0A                    ; B0000h
.c:     mov dx, 0x3CE
        mov al, 0x06
        out dx, ax
        mov ax, 0x0004
        out dx, ax
        mov ax, 0x1005                  ; odd/even mode
        out dx, ax
        pop dx
        pop ax
        ret

; font_upload: DS:SI = glyphs, CX = count, DX = first character, BL = block (0-7),
; BH = bytes per glyph. Each glyph slot in plane 2 is 32 bytes; the rest of the slot is cleared.
font_upload:
        pusha
        push es
        call font_access_on
        mov ax, 0xA000
        mov es, ax
        movzx di, bl
        and di, 7
        shl di, 1
        mov di, [cs:font_blocks + di]
        mov ax, dx
        shl ax, 5
        add di, ax
        jcxz .done
.ch:    push cx
        push di
        movzx cx, bh
        cmp cx, 32
        jbe .n
        mov cx, 32
.n:     push cx
        rep movsb
        pop cx
        neg cx
        add cx, 32
        xor al, al
        rep stosb
        pop di
        add di, 32
        pop cx
        loop .ch
.done:  call font_access_off
        pop es
        popa
        ret

; font_recalc: after loading a font of height BH in a text mode: character height (CRTC 09h),
; cursor, rows = displayed scan lines / height, BDA 40:4C/84/85.
font_recalc:
        pusha
        movzx bx, bh
        mov [BDA_VCHARH], bx
        mov dx, [BDA_VCRTC]
        mov al, 0x09
        out dx, al
        inc dx
        in al, dx
        and al, 0xE0
        mov ah, bl
        dec ah
        or al, ah
        out dx, al
        dec dx
        ; displayed lines = CRTC 12h + bit 8 (CRTC 07h bit 1) + bit 9 (CRTC 07h bit 6) + 1
        mov al, 0x07
        out dx, al
        inc dx
        in al, dx
        mov ah, al
        dec dx
        mov al, 0x12
        out dx, al
        inc dx
        in al, dx
        mov cl, ah
        xor ch, ch
        shr cl, 1
        and cl, 1                       ; bit 8
        test ah, 0x40
        jz .b9
        or cl, 2
.b9:    mov ah, cl
        inc ax                          ; AX = lines
        xor dx, dx
        div bx
        dec al
        mov [BDA_VROWS], al
        inc al
        mul byte [BDA_VCOLS]
        shl ax, 1
        add ax, 0x07FF
        and ax, 0xF800                  ; page size, 2 KiB aligned
        mov [BDA_VPAGESIZE], ax
        mov cx, [BDA_VCURSHAPE]
        call set_cursor_shape
        popa
        ret

fn_font:
        mov bx, [bp+R_BX]
        mov cx, [bp+R_CX]
        mov dx, [bp+R_DX]
        cmp al, 0x30
        je .info
        cmp al, 0x20
        jae .gfx
        cmp al, 0x03
        je .select
        mov ah, al
        and ah, 0x0F
        ; AL bit 4: recalculate the screen for the new height
        cmp ah, 0x00
        je .user
        push ds
        push cs
        pop ds
        mov cx, 256
        xor dx, dx
        cmp ah, 0x01
        je .f14
        cmp ah, 0x02
        je .f8
        cmp ah, 0x04
        je .f16
        pop ds
        ret
.f14:   mov si, font8x14
        mov bh, 14
        jmp .load
.f8:    mov si, font8x8
        mov bh, 8
        jmp .load
.f16:   mov si, font8x16
        mov bh, 16
.load:  call font_upload
        pop ds
        jmp .recalc
.user:  ; ES:BP = table, CX = count, DX = first character, BL = block, BH = bytes per glyph
        push ds
        mov ds, [bp+R_ES]
        mov si, [bp+R_BP]
        call font_upload
        pop ds
.recalc:
        test byte [bp+R_AL], 0x10
        jz .r
        call font_recalc
.r:     ret
.select:                                ; BL = character map select (sequencer register 3)
        mov dx, 0x3C4
        mov al, 0x03
        mov ah, bl
        out dx, ax
        ret
.gfx:   ; graphics fonts: 20h INT 1Fh = ES:BP; 21h INT 43h = ES:BP (CX = height);
        ; 22h/23h/24h INT 43h = ROM 8x14/8x8/8x16. BL = rows: 0 DL, 1 14, 2 25, 3 43
        push es
        xor si, si
        mov es, si
        cmp al, 0x20
        jne .g21
        mov ax, [bp+R_BP]
        mov [es:0x1F * 4], ax
        mov ax, [bp+R_ES]
        mov [es:0x1F * 4 + 2], ax
        pop es
        ret
.g21:   mov si, [bp+R_BP]
        mov di, [bp+R_ES]
        cmp al, 0x21
        je .set43
        mov di, cs
        mov si, font8x14
        mov cx, 14
        cmp al, 0x22
        je .set43
        mov si, font8x8
        mov cx, 8
        cmp al, 0x23
        je .set43
        mov si, font8x16
        mov cx, 16
        cmp al, 0x24
        je .set43
        pop es
        ret
.set43: mov [es:0x43 * 4], si
        mov [es:0x43 * 4 + 2], di
        pop es
        mov [BDA_VCHARH], cx
        mov al, dl
        dec al
        cmp bl, 1
        jb .rows
        mov al, 13
        je .rows
        mov al, 24
        cmp bl, 2
        je .rows
        mov al, 42
.rows:  mov [BDA_VROWS], al
        ret
.info:  ; BH selects the table -> ES:BP, CX = character height, DL = rows - 1
        mov ax, [BDA_VCHARH]
        mov [bp+R_CX], ax
        mov al, [BDA_VROWS]
        mov [bp+R_DL], al
        mov ax, cs
        cmp bh, 1
        ja .i2
        mov si, 0x1F * 4
        jb .iv
        mov si, 0x43 * 4
.iv:    push ds
        xor ax, ax
        mov ds, ax
        mov ax, [si]
        mov [bp+R_BP], ax
        mov ax, [si+2]
        mov [bp+R_ES], ax
        pop ds
        ret
.i2:    mov [bp+R_ES], ax
        movzx si, bh
        cmp si, 7
        ja .ir
        shl si, 1
        mov ax, [cs:.infotab + si - 4]
        mov [bp+R_BP], ax
.ir:    ret
.infotab:
        dw font8x14, font8x8, font8x8 + 128 * 8, empty_alt, font8x16, empty_alt
