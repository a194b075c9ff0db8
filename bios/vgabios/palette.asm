; palette.asm -- INT 10h AH=10h palette and DAC services (IBM PS/2 and PC BIOS Interface
; Technical Reference, INT 10h function 10h; attribute controller 3C0h/3C1h, DAC 3C6h-3C9h).

; attr_read: AL = attribute register -> AL = value
attr_read:
        push dx
        push ax
        call attr_reset
        pop ax
        mov dx, 0x3C0
        out dx, al                      ; index (palette address source off while reading)
        inc dx
        in al, dx
        push ax
        call attr_reset
        mov dx, 0x3C0
        mov al, 0x20                    ; video back on
        out dx, al
        pop ax
        pop dx
        ret
; attr_write: AL = attribute register, AH = value
attr_write:
        push dx
        push ax
        call attr_reset
        pop ax
        mov dx, 0x3C0
        out dx, al
        xchg al, ah
        out dx, al
        xchg al, ah
        mov al, 0x20
        out dx, al
        pop dx
        ret
attr_reset:                             ; the next 3C0h write is an index
        push dx
        push ax
        mov dx, [BDA_VCRTC]
        add dx, 6
        in al, dx
        pop ax
        pop dx
        ret

fn_palette:
        mov bx, [bp+R_BX]
        mov cx, [bp+R_CX]
        mov dx, [bp+R_DX]
        cmp al, 0x00
        je .set1
        cmp al, 0x01
        je .overscan
        cmp al, 0x02
        je .setall
        cmp al, 0x03
        je .blink
        cmp al, 0x07
        je .get1
        cmp al, 0x08
        je .getoverscan
        cmp al, 0x09
        je .getall
        cmp al, 0x10
        je .setdac
        cmp al, 0x12
        je .setblock
        cmp al, 0x13
        je .page
        cmp al, 0x15
        je .getdac
        cmp al, 0x17
        je .getblock
        cmp al, 0x18
        je .setmask
        cmp al, 0x19
        je .getmask
        cmp al, 0x1A
        je .getpage
        cmp al, 0x1B
        je .grey
        ret
.set1:  ; BL = palette register (0-0Fh), BH = value
        cmp bl, 0x14
        ja .r
        mov al, bl
        mov ah, bh
        jmp attr_write
.overscan:
        mov al, 0x11
        mov ah, bh
        jmp attr_write
.setall:                                ; ES:DX = 16 palette registers + overscan
        push es
        mov es, [bp+R_ES]
        mov si, dx
        xor al, al
.sa:    mov ah, [es:si]
        call attr_write
        inc si
        inc al
        cmp al, 16
        jb .sa
        mov ah, [es:si]
        mov al, 0x11
        call attr_write
        pop es
        ret
.blink: ; BL = 0 intensity, 1 blink (attribute mode control bit 3)
        mov al, 0x10
        call attr_read
        and al, 0xF7
        test bl, 1
        jz .b
        or al, 0x08
.b:     mov ah, al
        mov al, 0x10
        jmp attr_write
.get1:  mov al, bl
        call attr_read
        mov [bp+R_BH], al
.r:     ret
.getoverscan:
        mov al, 0x11
        call attr_read
        mov [bp+R_BH], al
        ret
.getall:
        push es
        mov es, [bp+R_ES]
        mov di, dx
        xor bl, bl
.ga:    mov al, bl
        call attr_read
        stosb
        inc bl
        cmp bl, 16
        jb .ga
        mov al, 0x11
        call attr_read
        stosb
        pop es
        ret
.setdac:                                ; BX = register, DH = red, CH = green, CL = blue
        mov al, bl
        mov dx, 0x3C8
        out dx, al
        inc dx
        mov al, [bp+R_DH]
        out dx, al
        mov al, ch
        out dx, al
        mov al, cl
        out dx, al
        ret
.setblock:                              ; BX = first, CX = count, ES:DX = R,G,B triples
        push es
        mov es, [bp+R_ES]
        mov si, dx
        mov al, bl
        mov dx, 0x3C8
        out dx, al
        inc dx
        jcxz .sbd
.sb:    mov al, [es:si]
        out dx, al
        mov al, [es:si+1]
        out dx, al
        mov al, [es:si+2]
        out dx, al
        add si, 3
        loop .sb
.sbd:   pop es
        ret
.getdac:
        mov al, bl
        mov dx, 0x3C7
        out dx, al
        add dx, 2
        in al, dx
        mov [bp+R_DH], al
        in al, dx
        mov [bp+R_CH], al
        in al, dx
        mov [bp+R_CL], al
        ret
.getblock:
        push es
        mov es, [bp+R_ES]
        mov di, dx
        mov al, bl
        mov dx, 0x3C7
        out dx, al
        add dx, 2
        jcxz .gbd
.gb:    in al, dx
        stosb
        in al, dx
        stosb
        in al, dx
        stosb
        loop .gb
.gbd:   pop es
        ret
.setmask:
        mov dx, 0x3C6
        mov al, bl
        out dx, al
        ret
.getmask:
        mov dx, 0x3C6
        in al, dx
        mov [bp+R_BL], al
        ret
.page:  ; BL = 0: BH = paging mode (0: 4 pages of 64, 1: 16 of 16); BL = 1: BH = page
        test bl, bl
        jnz .pg1
        mov al, 0x10
        call attr_read
        and al, 0x7F
        test bh, 1
        jz .pm
        or al, 0x80
.pm:    mov ah, al
        mov al, 0x10
        jmp attr_write
.pg1:   mov al, 0x10
        call attr_read
        mov ah, bh
        test al, 0x80
        jnz .p16
        shl ah, 2                       ; 64-entry pages: colour select bits 3-2
.p16:   and ah, 0x0F
        mov al, 0x14
        jmp attr_write
.getpage:                               ; BL = paging mode, BH = current page
        mov al, 0x10
        call attr_read
        shr al, 7
        mov bl, al
        mov al, 0x14
        call attr_read
        and al, 0x0F
        test bl, bl
        jnz .gp
        shr al, 2
.gp:    mov bh, al
        mov [bp+R_BX], bx
        ret
.grey:  ; BX = first, CX = count: replace with grey = 30% R + 59% G + 11% B
        jcxz .gd
.gl:    mov dx, 0x3C7
        mov al, bl
        out dx, al
        add dx, 2
        in al, dx
        movzx si, al
        imul si, si, 77
        in al, dx
        movzx di, al
        imul di, di, 151
        add si, di
        in al, dx
        movzx di, al
        imul di, di, 28
        add si, di
        add si, 0x80
        shr si, 8
        mov ax, si
        mov dx, 0x3C8
        push ax
        mov al, bl
        out dx, al
        pop ax
        inc dx
        out dx, al
        out dx, al
        out dx, al
        inc bx
        loop .gl
.gd:    ret
