; int10.asm -- minimal video BIOS for colour text modes (used only when no VGA option ROM is
; present at C0000). Functions per IBM PC/AT Technical Reference "Video" and RBIL INT 10h.
; Text memory at B800:0000; the CRTC at 3D4h/3D5h is programmed for the cursor and page start.
; Register values of modes 01h/03h are the standard VGA values (IBM VGA Technical Reference).


int10_handler:
        sti
        cld
        ENTER_FRAME
        mov ax, BDA_SEG
        mov ds, ax
        mov al, [bp+R_AH]
        cmp al, 0x1A
        ja .out
        movzx bx, al
        shl bx, 1
        mov ax, [bp+R_AX]
        call [cs:int10_table + bx]
.out:   LEAVE_FRAME

int10_table:
        dw vid_setmode, vid_cursorshape, vid_setcursor, vid_getcursor     ; 00-03
        dw vid_nop, vid_setpage, vid_scrollup, vid_scrolldown             ; 04-07
        dw vid_readchar, vid_writeca, vid_writec, vid_nop                 ; 08-0B
        dw vid_nop, vid_nop, vid_teletype, vid_getmode                    ; 0C-0F
        dw vid_palette, vid_font, vid_altselect, vid_writestring          ; 10-13
        dw vid_nop, vid_nop, vid_nop, vid_nop, vid_nop, vid_nop, vid_dcc  ; 14-1A

vid_nop:
        ret

; ---- mode tables: misc, seq 1-4, CRTC 0-18h, GC 0-8, attribute 0-14h ----
vga_mode03:
        db 0x67
        db 0x00, 0x03, 0x00, 0x02
        db 0x5F, 0x4F, 0x50, 0x82, 0x55, 0x81, 0xBF, 0x1F, 0x00, 0x4F, 0x0D, 0x0E, 0x00, 0x00
        db 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x28, 0x1F, 0x96, 0xB9, 0xA3, 0xFF
        db 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0E, 0x00, 0xFF
        db 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D
        db 0x3E, 0x3F, 0x0C, 0x00, 0x0F, 0x08, 0x00
vga_mode01:
        db 0x67
        db 0x08, 0x03, 0x00, 0x02
        db 0x2D, 0x27, 0x28, 0x90, 0x2B, 0xA0, 0xBF, 0x1F, 0x00, 0x4F, 0x0D, 0x0E, 0x00, 0x00
        db 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x14, 0x1F, 0x96, 0xB9, 0xA3, 0xFF
        db 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0E, 0x00, 0xFF
        db 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D
        db 0x3E, 0x3F, 0x0C, 0x00, 0x0F, 0x08, 0x00

; vga_program: CS:SI = mode table
vga_program:
        push ax
        push cx
        push dx
        mov dx, 0x3C4
        mov ax, 0x0100                  ; sequencer synchronous reset
        out dx, ax
        mov dx, 0x3C2
        cs lodsb
        out dx, al
        mov dx, 0x3C4
        mov cx, 4
        mov ah, 1
.seq:   mov al, ah
        out dx, al
        inc dx
        cs lodsb
        out dx, al
        dec dx
        inc ah
        loop .seq
        mov ax, 0x0300
        out dx, ax                      ; end reset
        mov dx, 0x3D4
        mov ax, 0x0011                  ; unlock CRTC 0-7
        out dx, ax
        xor ah, ah
        mov cx, 0x19
.crtc:  mov al, ah
        out dx, al
        inc dx
        cs lodsb
        out dx, al
        dec dx
        inc ah
        loop .crtc
        mov dx, 0x3CE
        xor ah, ah
        mov cx, 9
.gc:    mov al, ah
        out dx, al
        inc dx
        cs lodsb
        out dx, al
        dec dx
        inc ah
        loop .gc
        mov dx, 0x3DA
        in al, dx                       ; reset the attribute flip-flop
        mov dx, 0x3C0
        xor ah, ah
        mov cx, 0x15
.attr:  mov al, ah
        out dx, al
        cs lodsb
        out dx, al
        inc ah
        loop .attr
        mov al, 0x20                    ; palette address source: enable display
        out dx, al
        pop dx
        pop cx
        pop ax
        ret

; vga_dac: DAC entries 0-63 = the EGA 64-colour palette (rgbRGB bits, 2/3 and 1/3 intensity)
vga_dac:
        push ax
        push cx
        push dx
        mov dx, 0x3C8
        xor al, al
        out dx, al
        inc dx
        xor cx, cx
.c:     mov ah, cl
        shr ah, 2                       ; red: bit 2 (2/3), bit 5 (1/3)
        call .comp
        mov ah, cl
        shr ah, 1                       ; green: bit 1, bit 4
        call .comp
        mov ah, cl                      ; blue: bit 0, bit 3
        call .comp
        inc cx
        cmp cx, 64
        jb .c
        pop dx
        pop cx
        pop ax
        ret
.comp:  xor al, al
        test ah, 1
        jz .c1
        add al, 0x2A
.c1:    test ah, 8
        jz .c2
        add al, 0x15
.c2:    out dx, al
        ret

; vga_load_font: the 8x16 font (CP437) into plane 2, 32-byte glyph slots (IBM VGA Technical
; Reference, "Loading a character font": sequencer map mask 4, memory mode sequential,
; graphics controller read map 2, A0000 window, then back to odd/even text addressing)
vga_load_font:
        pusha
        push ds
        push es
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
        mov ax, 0x0406                  ; A0000-AFFFF, graphics off
        out dx, ax
        mov ax, 0xA000
        mov es, ax
        mov ax, cs
        mov ds, ax
        xor di, di
        mov si, font8x16
        mov bx, 256
.ch:    mov cx, 8
        rep movsw                       ; 16 rows
        xor ax, ax
        mov cx, 8
        rep stosw                       ; rows 16-31 of the 32-byte glyph slot
        dec bx
        jnz .ch
        mov dx, 0x3C4
        mov ax, 0x0302
        out dx, ax
        mov ax, 0x0204                  ; odd/even addressing
        out dx, ax
        mov dx, 0x3CE
        mov ax, 0x0004
        out dx, ax
        mov ax, 0x1005
        out dx, ax
        mov ax, 0x0E06                  ; B8000-BFFFF, odd/even, text
        out dx, ax
        pop es
        pop ds
        popa
        ret

; vga_init_text: POST without a VGA ROM: DAC, font, mode 3
vga_init_text:
        push ds
        push ax
        mov ax, BDA_SEG
        mov ds, ax
        call vga_dac
        mov si, vga_mode03
        call vga_program
        call vga_load_font
        mov al, 0x03
        call vid_setmode
        pop ax
        pop ds
        ret

font8x16:                               ; CP437, 256 glyphs of 16 rows (INT 10h AX=1130h BH=6)
%include "font8x16.inc"

; text_seg, crtc_out, set_cursor_shape, update_cursor, cell_addr, cursor_of, scroll_window and
; tty_char: shared with the VGA BIOS (bios/vgabios/text.asm). Text modes only here.
%include "textmode.inc"

; ---- AH=00h set mode AL (bit 7: keep memory). Text modes 00h-03h; others are ignored. ----
vid_setmode:
        push es
        mov ah, al
        and al, 0x7F
        cmp al, 3
        ja .done
        mov si, vga_mode03
        mov bx, 80
        cmp al, 2
        jae .t
        mov si, vga_mode01
        mov bx, 40
.t:     call vga_program
        mov [BDA_VMODE], al
        mov [BDA_VCOLS], bx
        mov word [BDA_VPAGESIZE], 0x1000
        cmp bx, 40
        jne .ps
        mov word [BDA_VPAGESIZE], 0x0800
.ps:    mov word [BDA_VPAGESTART], 0
        push ax
        push di
        push ds
        pop es
        mov di, BDA_VCURPOS
        xor ax, ax
        mov cx, 8
        rep stosw
        pop di
        pop ax
        mov word [BDA_VCURSHAPE], 0x0607
        mov byte [BDA_VPAGE], 0
        mov word [BDA_VCRTC], 0x3D4
        mov byte [BDA_VMODECTL], 0x29
        mov byte [BDA_VPALETTE], 0x30
        mov byte [BDA_VROWS], 24
        mov word [BDA_VCHARH], 16
        mov byte [BDA_VEGAMISC], 0x60
        mov byte [BDA_VEGASW], 0xF9
        mov byte [BDA_VVGAFLAGS], 0x51
        and byte [BDA_EQUIP], 0xCF
        or byte [BDA_EQUIP], 0x20
        test ah, 0x80
        jnz .noclr
        mov ax, 0xB800
        mov es, ax
        xor di, di
        mov ax, 0x0720
        mov cx, 0x4000
        rep stosw
.noclr: mov cx, 0x0607
        call set_cursor_shape
        call update_cursor
.done:  pop es
        ret

; AH=01h cursor shape: CH = start line (bit 5: hidden), CL = end line
vid_cursorshape:
        mov cx, [bp+R_CX]
        mov [BDA_VCURSHAPE], cx
        jmp set_cursor_shape

; AH=02h set cursor: BH = page, DH = row, DL = column
vid_setcursor:
        movzx bx, byte [bp+R_BH]
        and bx, 7
        shl bx, 1
        mov ax, [bp+R_DX]
        mov [BDA_VCURPOS + bx], ax
        jmp update_cursor

; AH=03h get cursor: BH = page -> DH,DL position, CH,CL shape
vid_getcursor:
        movzx bx, byte [bp+R_BH]
        and bx, 7
        shl bx, 1
        mov ax, [BDA_VCURPOS + bx]
        mov [bp+R_DX], ax
        mov ax, [BDA_VCURSHAPE]
        mov [bp+R_CX], ax
        mov word [bp+R_AX], 0
        ret

; AH=05h select active page AL
vid_setpage:
        and al, 7
        mov [BDA_VPAGE], al
        xor ah, ah
        mul word [BDA_VPAGESIZE]
        mov [BDA_VPAGESTART], ax
        shr ax, 1
        mov bx, ax
        mov dx, 0x3D4
        mov al, 0x0C
        mov ah, bh
        out dx, ax
        mov al, 0x0D
        mov ah, bl
        out dx, ax
        jmp update_cursor

; AH=06h/07h scroll window up/down: AL lines (0 = clear), BH fill attribute, CH,CL top-left,
; DH,DL bottom-right (active page)
vid_scrollup:
        xor si, si
        jmp vid_scroll
vid_scrolldown:
        mov si, 1
vid_scroll:
        mov cx, [bp+R_CX]
        mov dx, [bp+R_DX]
        mov bh, [bp+R_BH]
        jmp scroll_window

; AH=08h read character and attribute at the cursor of page BH -> AL, AH
vid_readchar:
        push es
        mov bh, [bp+R_BH]
        call cursor_of
        call cell_addr
        mov ax, 0xB800
        mov es, ax
        mov ax, [es:di]
        mov [bp+R_AX], ax
        pop es
        ret

; AH=09h write AL with attribute BL, CX times, at the cursor of page BH (cursor not moved)
; AH=0Ah write AL CX times keeping the attributes
vid_writeca:
        mov ah, [bp+R_BL]
        mov si, 1
        jmp vid_write_n
vid_writec:
        xor si, si
vid_write_n:
        push es
        mov bh, [bp+R_BH]
        call cursor_of
        call cell_addr
        mov bx, 0xB800
        mov es, bx
        mov cx, [bp+R_CX]
        jcxz .d
.l:     mov [es:di], al
        test si, si
        jz .na
        mov [es:di+1], ah
.na:    add di, 2
        loop .l
.d:     pop es
        ret

; AH=0Eh teletype output: AL = character (BEL, BS, LF, CR interpreted), on the active page.
vid_teletype:
%if MIRROR_TTY_E9
        out PORT_E9, al
%endif
        mov bh, [BDA_VPAGE]
        xor ah, ah                      ; keep the attribute already on screen
        jmp tty_char

; AH=0Fh get mode: AL = mode, AH = columns, BH = active page
vid_getmode:
        mov al, [BDA_VMODE]
        mov ah, [BDA_VCOLS]
        mov [bp+R_AX], ax
        mov al, [BDA_VPAGE]
        mov [bp+R_BH], al
        ret

; AH=10h palette: AL=03h blink/intensity (BL), others accepted and ignored
vid_palette:
        cmp al, 0x03
        jne .r
        mov dx, 0x3DA
        in al, dx
        mov dx, 0x3C0
        mov al, 0x30                    ; attribute mode control, keep video enabled
        out dx, al
        mov al, 0x0C
        test byte [bp+R_BL], 1
        jz .w
        or al, 0x08
.w:     out dx, al
.r:     ret

; AH=11h character generator: AL=30h get font information. BH = 03h: 8x8 font, 06h: 8x16
; font, anything else: the current (8x16) font. CX = bytes per glyph, DL = rows - 1.
vid_font:
        cmp al, 0x30
        jne .r
        mov word [bp+R_CX], 16
        mov al, [BDA_VROWS]
        mov [bp+R_DL], al
        mov word [bp+R_ES], cs
        mov word [bp+R_BP], font8x16
        cmp byte [bp+R_BH], 3
        jne .r
        mov word [bp+R_BP], font8x8
.r:     ret

; AH=12h alternate select: BL=10h get EGA information
vid_altselect:
        cmp byte [bp+R_BL], 0x10
        jne .r
        mov word [bp+R_BX], 0x0003      ; colour, 256 KiB
        mov word [bp+R_CX], 0x0009      ; feature bits 0, switches 9
.r:     ret

; AH=1Ah display combination code: AL=00h get -> AL=1Ah, BL=08h (VGA colour), BH=00h
vid_dcc:
        test al, al
        jnz .r
        mov byte [bp+R_AL], 0x1A
        mov word [bp+R_BX], 0x0008
.r:     ret

; AH=13h write string: AL bit 0 = move cursor, bit 1 = string holds char,attr pairs;
; BH = page, BL = attribute, CX = length, DH,DL = position, ES:BP = string
vid_writestring:
        mov bh, [bp+R_BH]
        call cursor_of
        push dx                         ; saved cursor
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
        call tty_char                   ; (keeps all registers)
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
