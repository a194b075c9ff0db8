; modeset.asm -- INT 10h AH=00h set video mode: VGA registers from the mode tables (IBM VGA
; Technical Reference, "Video Modes" and the register tables), DAC, text font, BDA video area
; (IBM PC/AT Technical Reference BDA 40:49-40:66, 40:84-40:8A).

; AH=00h: AL = mode, bit 7 = do not clear video memory
fn_setmode:
        ; fall through
; set_mode: AL = mode (bit 7: keep memory). DS = BDA. Unknown modes are ignored.
set_mode:
        push es
        pusha
        mov ah, al
        and al, 0x7F
        call find_mode
        jc .done
        call vbe_disable                ; leave a VBE (dispi) mode first
        mov [BDA_VMODE], al
        movzx bx, byte [cs:si + MD.cols]
        mov [BDA_VCOLS], bx
        mov bx, [cs:si + MD.psize]
        mov [BDA_VPAGESIZE], bx
        mov word [BDA_VPAGESTART], 0
        push ax
        push ds
        pop es
        mov di, BDA_VCURPOS
        xor ax, ax
        mov cx, 8
        rep stosw
        pop ax
        mov byte [BDA_VPAGE], 0
        mov bl, [cs:si + MD.mctl]
        mov [BDA_VMODECTL], bl
        mov bl, [cs:si + MD.cpal]
        mov [BDA_VPALETTE], bl
        mov bl, [cs:si + MD.rows]
        mov [BDA_VROWS], bl
        movzx bx, byte [cs:si + MD.charh]
        mov [BDA_VCHARH], bx
        ; 40:87: bit 7 = memory kept by the last mode set, bits 5-6 = 256 KiB, bit 0 = cursor
        ; emulation disabled (kept)
        mov bl, [BDA_VEGAMISC]
        and bl, 0x01
        or bl, 0x60
        test ah, 0x80
        jz .e
        or bl, 0x80
.e:     mov [BDA_VEGAMISC], bl
        ; equipment word bits 4-5: 10b = 80x25 colour, 11b = monochrome
        and byte [BDA_EQUIP], 0xCF
        mov word [BDA_VCRTC], 0x3D4
        test byte [cs:si + MD.flags], MF_MONO
        jz .colour
        mov word [BDA_VCRTC], 0x3B4
        or byte [BDA_EQUIP], 0x30
        jmp .regs
.colour:
        or byte [BDA_EQUIP], 0x20
.regs:  push si
        mov si, [cs:si + MD.regs]
        call program_regs
        pop si
        test byte [BDA_VVGAFLAGS], 0x08 ; default palette loading disabled (AX=1200h BL=31h)
        jnz .nodac
        mov bl, [cs:si + MD.dac]
        call load_dac
.nodac: ; INT 43h: the graphics-mode character font of the mode's character height (8x8 in the
        ; 200-line modes, 8x14 in the 350-line modes, 8x16 in the 480-line modes)
        push es
        xor bx, bx
        mov es, bx
        mov word [es:0x43 * 4], font8x8
        cmp byte [cs:si + MD.type], T_MONO
        jbe .f8
        cmp byte [cs:si + MD.charh], 14
        jne .f16
        mov word [es:0x43 * 4], font8x14
.f16:   cmp byte [cs:si + MD.charh], 16
        jne .f8
        mov word [es:0x43 * 4], font8x16
.f8:    mov [es:0x43 * 4 + 2], cs
        pop es
        mov bl, [cs:si + MD.type]
        cmp bl, T_MONO
        ja .graphics
        ; text: the 8x16 font into plane 2 block 0, clear to 0720h, cursor 0607h (mono 0B0Ch)
        push ax
        push ds
        push cs
        pop ds
        mov si, font8x16
        mov cx, 256
        xor dx, dx
        mov bx, 0x1000                  ; block 0, 16 bytes per glyph
        call font_upload
        pop ds
        pop ax
        test ah, 0x80
        jnz .curs
        mov dx, 0xB800
        cmp byte [BDA_VCRTC], 0xB4
        jne .t1
        mov dx, 0xB000
.t1:    mov es, dx
        xor di, di
        mov ax, 0x0720
        mov cx, 0x4000
        rep stosw
.curs:  mov cx, 0x0607
        cmp byte [BDA_VCRTC], 0xB4
        jne .t2
        mov cx, 0x0B0C
.t2:    mov [BDA_VCURSHAPE], cx
        call set_cursor_shape
        call update_cursor
        jmp .done
.graphics:
        mov word [BDA_VCURSHAPE], 0
        test ah, 0x80
        jnz .done
        ; clear the mode's memory window: A0000h 64K in every plane (the map mask is saved:
        ; modes 06h, 0Fh and 11h store fewer planes), B8000h 32K for the CGA modes
        mov dx, 0x3C4
        mov al, 0x02
        out dx, al
        inc dx
        in al, dx
        mov bl, al
        mov al, 0x0F
        out dx, al
        mov es, [cs:si + MD.seg]
        xor di, di
        xor ax, ax
        mov cx, 0x8000
        cmp word [cs:si + MD.seg], 0xA000
        je .clr
        mov cx, 0x4000
.clr:   rep stosw
        mov al, bl
        out dx, al
.done:  popa
        pop es
        ret

; program_regs: CS:SI = register table (misc, seq 1-4, CRTC 0-18h, GC 0-8, attr 0-14h)
program_regs:
        pusha
        mov dx, 0x3C4
        mov ax, 0x0100                  ; sequencer synchronous reset
        out dx, ax
        mov dx, 0x3C2
        mov al, [cs:si + R_MISC]
        out dx, al
        mov bl, al
        mov dx, 0x3C4
        mov cx, 4
        mov al, 1
        lea di, [si + R_SEQ]
        call .block
        mov ax, 0x0300                  ; end of reset
        out dx, ax
        mov dx, 0x3D4
        test bl, 1
        jnz .c
        mov dx, 0x3B4
.c:     mov ax, 0x0011                  ; clear CRTC 11h bit 7: unlock registers 0-7
        out dx, ax
        mov cx, 0x19
        xor al, al
        lea di, [si + R_CRTC]
        call .block
        mov dx, 0x3CE
        mov cx, 9
        xor al, al
        lea di, [si + R_GC]
        call .block
        add dx, 0x3DA - 0x3CE           ; reset the attribute flip-flop (3DAh and 3BAh)
        in al, dx
        mov dx, 0x3BA
        in al, dx
        mov dx, 0x3C0
        mov cx, 0x15
        xor ah, ah
        lea di, [si + R_ATTR]
.attr:  mov al, ah
        out dx, al
        mov al, [cs:di]
        out dx, al
        inc di
        inc ah
        loop .attr
        mov al, 0x20                    ; palette address source: video on
        out dx, al
        popa
        ret
; .block: DX = index port, AL = first index, CX = count, CS:DI = values
.block: push ax
        mov ah, [cs:di]
        out dx, ax
        pop ax
        inc di
        inc al
        loop .block
        ret

; load_dac: BL = 0 EGA 64-colour palette, 1 monochrome, 2 VGA 256-colour default palette, 3 the
; 200-line (CGA-compatible) palette. Entries not set by the palette are black. PEL mask FFh.
load_dac:
        pusha
        mov dx, 0x3C6
        mov al, 0xFF
        out dx, al
        mov dx, 0x3C8
        xor al, al
        out dx, al
        inc dx
        xor cx, cx                      ; CX = entries written
        cmp bl, 1
        jb .ega
        je .mono
        cmp bl, 3
        je .cga200
        ; VGA 256: 16 CGA colours, 16 greys, 9 blocks of 24 hues, 8 black
        mov si, dac_cga
        mov cx, 48
.cga:   mov al, [cs:si]
        out dx, al
        inc si
        loop .cga
        mov si, dac_grey
        mov cx, 16
.grey:  mov al, [cs:si]
        out dx, al
        out dx, al
        out dx, al
        inc si
        loop .grey
        mov bx, dac_levels              ; 9 x 5 levels
.blk:   mov si, dac_hues                ; 24 x (R, G, B) level indices
.hue:   mov cx, 3
.comp:  movzx di, byte [cs:si]
        mov al, [cs:bx + di]
        out dx, al
        inc si
        loop .comp
        cmp si, dac_hues + 72
        jb .hue
        add bx, 5
        cmp bx, dac_levels + 45
        jb .blk
        mov cx, 248
        jmp .rest
.ega:   ; EGA rgbRGB: bit 2/5 red, 1/4 green, 0/3 blue; high bit 2/3, low bit 1/3 intensity
        mov ah, cl
        shr ah, 2
        call .egacomp
        mov ah, cl
        shr ah, 1
        call .egacomp
        mov ah, cl
        call .egacomp
        inc cx
        cmp cx, 64
        jb .ega
        jmp .rest
.cga200: ; the CGA's IRGB colours for the 200-line modes' attribute values: bit 2/1/0 red/
        ; green/blue at 2/3, bit 4 intensity adds 1/3 to each; colour 6 without intensity is
        ; brown (green at 1/3, as the IBM colour display shows it); bits 3 and 5 unused
        mov ah, cl
        shr ah, 2
        call .cgacomp                   ; red
        mov ah, cl
        shr ah, 1
        mov al, cl
        and al, 0x17
        cmp al, 0x06
        jne .g
        mov al, 0x15                    ; brown
        out dx, al
        jmp .b
.g:     call .cgacomp                   ; green
.b:     mov ah, cl
        call .cgacomp                   ; blue
        inc cx
        cmp cx, 64
        jb .cga200
        jmp .rest
.cgacomp:                               ; AH bit 0 = the component, CL bit 4 = intensity
        xor al, al
        test ah, 1
        jz .c1
        add al, 0x2A
.c1:    test cl, 0x10
        jz .c2
        add al, 0x15
.c2:    out dx, al
        ret
.mono:  ; attribute values 00h/08h/10h/18h -> black, normal, black+bright, bright
        xor al, al
        test cl, 0x08
        jz .m1
        add al, 0x2A
.m1:    test cl, 0x10
        jz .m2
        add al, 0x15
.m2:    out dx, al
        out dx, al
        out dx, al
        inc cx
        cmp cx, 64
        jb .mono
.rest:  xor al, al
.r:     cmp cx, 256
        jae .out
        out dx, al
        out dx, al
        out dx, al
        inc cx
        jmp .r
.out:   popa
        ret
.egacomp:
        xor al, al
        test ah, 1
        jz .e1
        add al, 0x2A
.e1:    test ah, 8
        jz .e2
        add al, 0x15
.e2:    out dx, al
        ret

; The VGA default 256-colour palette (IBM VGA Technical Reference, mode 13h default DAC)
dac_cga:
        db 0x00,0x00,0x00, 0x00,0x00,0x2A, 0x00,0x2A,0x00, 0x00,0x2A,0x2A
        db 0x2A,0x00,0x00, 0x2A,0x00,0x2A, 0x2A,0x15,0x00, 0x2A,0x2A,0x2A
        db 0x15,0x15,0x15, 0x15,0x15,0x3F, 0x15,0x3F,0x15, 0x15,0x3F,0x3F
        db 0x3F,0x15,0x15, 0x3F,0x15,0x3F, 0x3F,0x3F,0x15, 0x3F,0x3F,0x3F
dac_grey:
        db 0x00, 0x05, 0x08, 0x0B, 0x0E, 0x11, 0x14, 0x18
        db 0x1C, 0x20, 0x24, 0x28, 0x2D, 0x32, 0x38, 0x3F
dac_levels:                             ; (high, moderate, low saturation) x 3 intensities
        db 0x00, 0x10, 0x1F, 0x2F, 0x3F
        db 0x1F, 0x27, 0x2F, 0x37, 0x3F
        db 0x2D, 0x31, 0x36, 0x3A, 0x3F
        db 0x00, 0x07, 0x0E, 0x15, 0x1C
        db 0x0E, 0x11, 0x15, 0x18, 0x1C
        db 0x14, 0x16, 0x18, 0x1A, 0x1C
        db 0x00, 0x04, 0x08, 0x0C, 0x10
        db 0x08, 0x0A, 0x0C, 0x0E, 0x10
        db 0x0B, 0x0C, 0x0D, 0x0F, 0x10
dac_hues:                               ; blue -> magenta -> red -> yellow -> green -> cyan
        db 0,0,4, 1,0,4, 2,0,4, 3,0,4, 4,0,4, 4,0,3, 4,0,2, 4,0,1
        db 4,0,0, 4,1,0, 4,2,0, 4,3,0, 4,4,0, 3,4,0, 2,4,0, 1,4,0
        db 0,4,0, 0,4,1, 0,4,2, 0,4,3, 0,4,4, 0,3,4, 0,2,4, 0,1,4
