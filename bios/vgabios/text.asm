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

; text_seg, crtc_out, set_cursor_shape, update_cursor, cell_addr, cursor_of, scroll_window and
; tty_char: shared with the system BIOS's fallback INT 10h; graphics modes go to graphics.asm
%define TEXTMODE_GRAPHICS
%include "textmode.inc"

; ---- AH=01h cursor shape: CH = start line (bit 5: invisible), CL = end line ----
fn_cursorshape:
        mov cx, [bp+R_CX]
        mov [BDA_VCURSHAPE], cx
        jmp set_cursor_shape

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
        jmp scroll_window

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
        jmp tty_char

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
