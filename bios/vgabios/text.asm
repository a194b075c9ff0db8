; text.asm -- INT 10h cursor, page, scroll, character and string services, display combination
; and alternate select (IBM PS/2 and PC BIOS Interface Technical Reference, INT 10h functions
; 01h-0Fh, 12h, 13h, 1Ah). Character cells in the text modes here; the graphics modes' pixels,
; glyphs and scrolling are in graphics.asm. DS = BDA, BP = caller's register frame.

; mode_type: AL = type of the current mode (T_TEXT, T_MONO, or a graphics type above T_MONO)
mode_type:
        push si
        call cur_mode
        mov al, [cs:si + MD.type]
        pop si
        ret

; text_seg: ES = text buffer segment of the current mode (B000h mono, B800h colour)
text_seg:
        push ax
        mov ax, 0xB800
        cmp byte [BDA_VCRTC], 0xB4
        jne .s
        mov ax, 0xB000
.s:     mov es, ax
        pop ax
        ret

; crtc_out: AL = index, AH = value (CRTC at 40:63)
crtc_out:
        push dx
        mov dx, [BDA_VCRTC]
        out dx, ax
        pop dx
        ret

; ---- AH=01h cursor shape: CH = start line (bit 5: invisible), CL = end line ----
fn_cursorshape:
        mov cx, [bp+R_CX]
        mov [BDA_VCURSHAPE], cx
; set_cursor_shape: CH/CL as above. CGA-style values (end < 8) are scaled to the character
; height unless 40:87 bit 0 turns cursor emulation off (same rule as IBM's VGA BIOS).
set_cursor_shape:
        pusha
        mov bl, [BDA_VCHARH]
        test byte [BDA_VEGAMISC], 1
        jnz .w
        cmp bl, 8
        jbe .w
        cmp cl, 8
        jae .w
        cmp ch, 0x20
        jae .w
        mov al, cl                      ; new end = (end + 1) * h / 8 - 1
        inc al
        mul bl
        shr ax, 3
        dec al
        mov dl, al
        mov al, ch
        inc al
        cmp al, cl
        jne .s
        mov ch, dl                      ; start = end - 1: a two-line cursor at the bottom
        dec ch
        jmp .n
.s:     mul bl                          ; new start = (start + 1) * h / 8 - 1
        shr ax, 3
        dec al
        mov ch, al
.n:     mov cl, dl
.w:     mov al, 0x0A
        mov ah, ch
        call crtc_out
        mov al, 0x0B
        mov ah, cl
        call crtc_out
        popa
        ret

; ---- AH=02h set cursor position: BH = page, DH = row, DL = column ----
fn_setcursor:
        movzx bx, byte [bp+R_BH]
        and bx, 7
        shl bx, 1
        mov ax, [bp+R_DX]
        mov [BDA_VCURPOS + bx], ax
        jmp update_cursor

; ---- AH=03h get cursor: BH = page -> DH,DL position, CH,CL shape ----
fn_getcursor:
        movzx bx, byte [bp+R_BH]
        and bx, 7
        shl bx, 1
        mov ax, [BDA_VCURPOS + bx]
        mov [bp+R_DX], ax
        mov ax, [BDA_VCURSHAPE]
        mov [bp+R_CX], ax
        mov word [bp+R_AX], 0
        ret

; update_cursor: CRTC 0Eh/0Fh from the active page's cursor (text modes)
update_cursor:
        pusha
        movzx bx, byte [BDA_VPAGE]
        shl bx, 1
        mov dx, [BDA_VCURPOS + bx]
        mov al, dh
        mul byte [BDA_VCOLS]
        xor dh, dh
        add ax, dx
        mov bx, [BDA_VPAGESTART]
        shr bx, 1
        add bx, ax
        mov al, 0x0E
        mov ah, bh
        call crtc_out
        mov al, 0x0F
        mov ah, bl
        call crtc_out
        popa
        ret

; ---- AH=05h select active display page AL ----
fn_setpage:
        and al, 7
        mov [BDA_VPAGE], al
        xor ah, ah
        mul word [BDA_VPAGESIZE]
        mov [BDA_VPAGESTART], ax
        mov bx, ax
        call mode_type
        cmp al, T_MONO
        ja .g
        shr bx, 1                       ; text: CRTC addresses words
.g:     mov al, 0x0C
        mov ah, bh
        call crtc_out
        mov al, 0x0D
        mov ah, bl
        call crtc_out
        jmp update_cursor

; cell_addr: BH = page, DH = row, DL = column -> DI = offset in the text buffer
cell_addr:
        push ax
        push dx
        movzx ax, bh
        and al, 7
        mul word [BDA_VPAGESIZE]
        mov di, ax
        pop dx
        push dx
        mov al, dh
        mul byte [BDA_VCOLS]
        xor dh, dh
        add ax, dx
        shl ax, 1
        add di, ax
        pop dx
        pop ax
        ret

; cursor_of: BH = page -> DX = its cursor position
cursor_of:
        push bx
        movzx bx, bh
        and bx, 7
        shl bx, 1
        mov dx, [BDA_VCURPOS + bx]
        pop bx
        ret

; ---- AH=06h/07h scroll the active page's window up/down: AL = lines (0 = blank the window),
; BH = fill attribute (colour in graphics modes), CH,CL = top left, DH,DL = bottom right ----
fn_scrollup:
        xor si, si
        jmp fn_scroll
fn_scrolldown:
        mov si, 1
fn_scroll:
        mov cx, [bp+R_CX]
        mov dx, [bp+R_DX]
        mov bh, [bp+R_BH]
; scroll_window: SI = 0 up / 1 down, AL = lines, BH = fill, CX/DX = window
scroll_window:
        pusha
        push es
        push ds
        mov bl, [BDA_VCOLS]
        dec bl
        cmp dl, bl
        jbe .c1
        mov dl, bl
.c1:    cmp dh, [BDA_VROWS]
        jbe .c2
        mov dh, [BDA_VROWS]
.c2:    cmp ch, dh
        ja .ret
        cmp cl, dl
        ja .ret
        mov bl, dh
        sub bl, ch
        inc bl                          ; BL = window height (rows)
        test al, al
        jz .all
        cmp al, bl
        jbe .part
.all:   mov al, bl
.part:  mov di, ax
        call mode_type
        xchg ax, di                     ; AL = n, DI = type
        and di, 0xFF
        cmp di, T_MONO
        jbe .text
        push dx
        mov dx, di
        mov ah, dl                      ; AH = type
        pop dx
        call gfx_scroll
        jmp .ret
.text:  push bp
        mov bp, sp
        sub sp, 16
        mov [bp-16], si                 ; direction
        movzx si, al
        mov [bp-6], si                  ; n
        movzx si, bl
        mov [bp-8], si                  ; height
        mov ah, bh
        mov al, ' '
        mov [bp-14], ax                 ; fill cell
        movzx ax, byte [BDA_VCOLS]
        shl ax, 1
        mov [bp-2], ax                  ; stride
        mov al, dl
        sub al, cl
        inc al
        movzx ax, al
        mov [bp-4], ax                  ; width in cells
        mov al, ch
        mul byte [BDA_VCOLS]
        movzx bx, cl
        add ax, bx
        shl ax, 1
        add ax, [BDA_VPAGESTART]
        mov [bp-10], ax                 ; top-left offset
        mov al, dh
        mul byte [BDA_VCOLS]
        add ax, bx
        shl ax, 1
        add ax, [BDA_VPAGESTART]
        mov [bp-12], ax                 ; bottom-left offset
        call text_seg
        push es
        pop ds
        mov ax, [bp-6]
        mul word [bp-2]
        mov bx, ax                      ; BX = n * stride
        mov dx, [bp-8]
        sub dx, [bp-6]                  ; DX = rows to move
        cmp word [bp-16], 0
        jne .down
        mov di, [bp-10]
        mov si, di
        add si, bx
.mu:    test dx, dx
        jz .fillu
        push si
        push di
        mov cx, [bp-4]
        rep movsw
        pop di
        pop si
        add si, [bp-2]
        add di, [bp-2]
        dec dx
        jmp .mu
.fillu: mov dx, [bp-6]
        jmp .fill
.down:  mov di, [bp-12]
        mov si, di
        sub si, bx
.md:    test dx, dx
        jz .filld
        push si
        push di
        mov cx, [bp-4]
        rep movsw
        pop di
        pop si
        sub si, [bp-2]
        sub di, [bp-2]
        dec dx
        jmp .md
.filld: mov di, [bp-10]
        mov dx, [bp-6]
.fill:  mov ax, [bp-14]
.fl:    test dx, dx
        jz .done
        push di
        mov cx, [bp-4]
        rep stosw
        pop di
        add di, [bp-2]
        dec dx
        jmp .fl
.done:  mov sp, bp
        pop bp
.ret:   pop ds
        pop es
        popa
        ret

; ---- AH=08h read character and attribute at the cursor of page BH -> AL, AH ----
; Graphics modes: the glyph is matched against the INT 43h font (AH = 0).
fn_readchar:
        push es
        call mode_type
        cmp al, T_MONO
        ja .gfx
        mov bh, [bp+R_BH]
        call cursor_of
        call cell_addr
        call text_seg
        mov ax, [es:di]
        mov [bp+R_AX], ax
        pop es
        ret
.gfx:   mov ah, al
        mov bh, [BDA_VPAGE]
        call cursor_of
        call gfx_readglyph
        xor ah, ah
        mov [bp+R_AX], ax
        pop es
        ret

; ---- AH=09h write AL with attribute BL CX times at the cursor of page BH (cursor kept);
;      AH=0Ah the same keeping the attributes (graphics modes: BL is the colour for both) ----
fn_writeca:
        mov ah, 1
        jmp fn_write_n
fn_writec:
        xor ah, ah
fn_write_n:
        push es
        mov bh, [bp+R_BH]
        mov bl, [bp+R_BL]
        mov cx, [bp+R_CX]
        jcxz .d
        call cursor_of                  ; DX = position
        mov si, ax                      ; SI = char / attribute flag
        call mode_type
        cmp al, T_MONO
        ja .gfx
        mov ax, si
        call cell_addr
        call text_seg
.l:     mov [es:di], al
        test ah, ah
        jz .na
        mov [es:di+1], bl
.na:    add di, 2
        loop .l
.d:     pop es
        ret
.gfx:   mov ah, al                      ; AH = type
        mov al, [bp+R_AL]
.g:     call gfx_glyph
        inc dl
        cmp dl, [BDA_VCOLS]
        jae .d
        loop .g
        jmp .d

; ---- AH=0Eh teletype: AL = character (BEL, BS, LF, CR interpreted), BL = colour in graphics
; modes; writes on the active page ----
fn_teletype:
        mov bh, [BDA_VPAGE]
        mov bl, [bp+R_BL]
        xor ah, ah                      ; text: keep the attribute on screen
; tty_char: AL = char, AH = 1: use attribute BL (text), BH = page. DS = BDA.
tty_char:
        pusha
        push es
        call cursor_of
        cmp al, 7
        je .done
        cmp al, 8
        je .bs
        cmp al, 10
        je .lf
        cmp al, 13
        je .cr
        push ax
        call mode_type
        mov cl, al
        pop ax
        cmp cl, T_MONO
        ja .gfx
        call cell_addr
        call text_seg
        mov [es:di], al
        test ah, ah
        jz .adv
        mov [es:di+1], bl
        jmp .adv
.gfx:   mov ah, cl
        call gfx_glyph
.adv:   inc dl
        cmp dl, [BDA_VCOLS]
        jb .setpos
        xor dl, dl
.lf:    inc dh
        cmp dh, [BDA_VROWS]
        jbe .setpos
        mov dh, [BDA_VROWS]
        ; scroll the screen up one line: fill with the attribute under the cursor (text) or 0
        push dx
        push bx
        call mode_type
        mov cl, al
        xor bh, bh
        cmp cl, T_MONO
        ja .sg
        call cell_addr
        call text_seg
        mov bh, [es:di+1]
.sg:    mov al, 1
        xor cx, cx
        mov dh, [BDA_VROWS]
        mov dl, [BDA_VCOLS]
        dec dl
        xor si, si
        call scroll_window
        pop bx
        pop dx
        jmp .setpos
.bs:    test dl, dl
        jz .done
        dec dl
        jmp .setpos
.cr:    xor dl, dl
.setpos:
        push bx
        movzx bx, bh
        and bx, 7
        shl bx, 1
        mov [BDA_VCURPOS + bx], dx
        pop bx
        cmp bh, [BDA_VPAGE]
        jne .done
        call update_cursor
.done:  pop es
        popa
        ret

; ---- AH=0Fh get mode: AL = mode (bit 7 from 40:87), AH = columns, BH = active page ----
fn_getmode:
        mov al, [BDA_VEGAMISC]
        and al, 0x80
        or al, [BDA_VMODE]
        mov ah, [BDA_VCOLS]
        mov [bp+R_AX], ax
        mov al, [BDA_VPAGE]
        mov [bp+R_BH], al
        ret

; ---- AH=13h write string: AL bit 0 = update cursor, bit 1 = string holds char,attr pairs;
; BH = page, BL = attribute, CX = length, DH,DL = position, ES:BP = string ----
fn_writestring:
        mov bh, [bp+R_BH]
        call cursor_of
        push dx                         ; the cursor before
        movzx bx, bh
        and bx, 7
        shl bx, 1
        mov ax, [bp+R_DX]
        mov [BDA_VCURPOS + bx], ax
        mov cx, [bp+R_CX]
        mov si, [bp+R_BP]
        jcxz .end
.l:     push es
        mov es, [bp+R_ES]
        mov al, [es:si]
        inc si
        mov bl, [bp+R_BL]
        test byte [bp+R_AL], 2
        jz .na
        mov bl, [es:si]
        inc si
.na:    pop es
        mov bh, [bp+R_BH]
        mov ah, 1
        call tty_char
        loop .l
.end:   pop dx
        test byte [bp+R_AL], 1
        jnz .r
        movzx bx, byte [bp+R_BH]
        and bx, 7
        shl bx, 1
        mov [BDA_VCURPOS + bx], dx
        call update_cursor
.r:     ret

; ---- AH=1Ah display combination code: AL=00h read -> AL=1Ah, BL = active display (08h: VGA
; with analog colour display -- the colour display stays attached in the monochrome modes), BH =
; alternate display (00h: none); AL=01h write: accepted, AL=1Ah ----
fn_dcc:
        cmp al, 1
        ja .r
        mov byte [bp+R_AL], 0x1A
        jb .get
        ret
.get:   mov word [bp+R_BX], 0x0008
.r:     ret

; ---- AH=12h alternate select ----
;   BL=10h EGA information: BH = 0 colour / 1 mono, BL = 3 (256 KiB), CX = feature/switches
;   BL=30h scan lines (accepted), 31h default palette loading (AL=0 on, 1 off), 32h video
;   enable/disable, 33h grey summing, 34h cursor emulation (AL=0 on, 1 off), 36h screen
;   on/off (sequencer clocking mode bit 5). These return AL = 12h.
fn_altselect:
        mov bl, [bp+R_BL]
        cmp bl, 0x10
        jne .s30
        mov bh, 0
        cmp byte [BDA_VCRTC], 0xB4
        jne .c
        mov bh, 1
.c:     mov bl, 3
        mov [bp+R_BX], bx
        mov cl, [BDA_VEGASW]            ; CL = switch settings (40:88 bits 3-0), CH = feature
        mov ch, cl                      ; connector bits (40:88 bits 7-4)
        and cl, 0x0F
        shr ch, 4
        mov [bp+R_CX], cx
        ret
.s30:   cmp bl, 0x30
        je .ok
        cmp bl, 0x31
        jne .s32
        and byte [BDA_VVGAFLAGS], 0xF7
        test al, al
        jz .ok
        or byte [BDA_VVGAFLAGS], 0x08
        jmp .ok
.s32:   cmp bl, 0x32
        je .ok
        cmp bl, 0x33
        jne .s34
        and byte [BDA_VVGAFLAGS], 0xFD
        test al, al
        jz .ok
        or byte [BDA_VVGAFLAGS], 0x02
        jmp .ok
.s34:   cmp bl, 0x34
        jne .s36
        and byte [BDA_VEGAMISC], 0xFE
        test al, al
        jz .ok
        or byte [BDA_VEGAMISC], 0x01
        jmp .ok
.s36:   cmp bl, 0x36
        jne .r
        mov dx, 0x3C4
        mov al, 0x01
        out dx, al
        inc dx
        in al, dx
        and al, 0xDF
        cmp byte [bp+R_AL], 0
        je .on
        or al, 0x20
.on:    out dx, al
.ok:    mov byte [bp+R_AL], 0x12
.r:     ret
