; vbe.asm -- VESA BIOS Extension 2.0 (VBE Core Functions Standard 2.0, functions 4F00h-4F09h)
; over the Bochs "dispi" interface: index port 1CEh, data port 1CFh (Bochs iodev/vga.h).
; The linear frame buffer is BAR 0 of the PCI VGA function 1234h:1111h when there is a PCI bus
; (given the dispi default address E0000000h here if nobody assigned it), else E0000000h
; (VBE_DISPI_LFB_PHYSICAL_ADDRESS).

DISPI_INDEX     equ 0x1CE
DISPI_DATA      equ 0x1CF
DI_ID           equ 0
DI_XRES         equ 1
DI_YRES         equ 2
DI_BPP          equ 3
DI_ENABLE       equ 4
DI_BANK         equ 5
DI_VIRTW        equ 6
DI_VIRTH        equ 7
DI_XOFF         equ 8
DI_YOFF         equ 9
DI_VMEM64K      equ 10
EN_ENABLED      equ 0x01
EN_8BITDAC      equ 0x20
EN_LFB          equ 0x40
EN_NOCLEAR      equ 0x80
LFB_DEFAULT     equ 0xE0000000
BDA_VBEMODE     equ 0xBA                ; word: current VBE mode (the Bochs VGA BIOS's slot)

; VBE modes: number, width, height, bits per pixel (VESA-defined numbers; 32 bpp at 140h+)
vbe_modes:
        dw 0x100, 640, 400, 8
        dw 0x101, 640, 480, 8
        dw 0x103, 800, 600, 8
        dw 0x105, 1024, 768, 8
        dw 0x107, 1280, 1024, 8
        dw 0x10D, 320, 200, 15
        dw 0x10E, 320, 200, 16
        dw 0x10F, 320, 200, 24
        dw 0x110, 640, 480, 15
        dw 0x111, 640, 480, 16
        dw 0x112, 640, 480, 24
        dw 0x113, 800, 600, 15
        dw 0x114, 800, 600, 16
        dw 0x115, 800, 600, 24
        dw 0x116, 1024, 768, 15
        dw 0x117, 1024, 768, 16
        dw 0x118, 1024, 768, 24
        dw 0x119, 1280, 1024, 15
        dw 0x11A, 1280, 1024, 16
        dw 0x11B, 1280, 1024, 24
        dw 0x140, 320, 200, 32
        dw 0x141, 640, 400, 32
        dw 0x142, 640, 480, 32
        dw 0x143, 800, 600, 32
        dw 0x144, 1024, 768, 32
        dw 0x145, 1280, 1024, 32
vbe_modes_end:

; dispi_rd: BL = index -> AX = value
dispi_rd:
        push dx
        mov dx, DISPI_INDEX
        movzx ax, bl
        out dx, ax
        inc dx
        in ax, dx
        pop dx
        ret
; dispi_wr: BL = index, AX = value
dispi_wr:
        push dx
        push ax
        mov dx, DISPI_INDEX
        movzx ax, bl
        out dx, ax
        inc dx
        pop ax
        out dx, ax
        pop dx
        ret

; dispi_present: CF=0 when the dispi interface answers (ID B0C0h-B0C5h)
dispi_present:
        push ax
        push bx
        mov bl, DI_ID
        mov ax, 0xB0C5
        call dispi_wr
        call dispi_rd
        sub ax, 0xB0C0
        cmp ax, 6                       ; CF = (ID - B0C0h) < 6
        cmc
        pop bx
        pop ax
        ret

; vbe_disable: leave a VBE mode (6-bit DAC, dispi off)
vbe_disable:
        push ax
        push bx
        mov bl, DI_ENABLE
        call dispi_rd
        cmp ax, 0xFFFF                  ; no dispi: leave the ports alone
        je .r
        xor ax, ax
        call dispi_wr
.r:     pop bx
        pop ax
        ret

; vram_bytes: EAX = video memory size in bytes (dispi VIDEO_MEMORY_64K; 4 MiB if not reported)
vram_bytes:
        push bx
        mov bl, DI_VMEM64K
        call dispi_rd
        test ax, ax
        jz .d
        cmp ax, 0xFFFF
        jne .k
.d:     mov ax, 64
.k:     movzx eax, ax
        shl eax, 16
        pop bx
        ret

; vbe_find: AX = mode number -> CS:SI = entry, EAX = bytes of one screen, CX = bytes per pixel,
; CF=1 when unknown or larger than video memory
vbe_find:
        push edx
        and ax, 0x1FF
        mov si, vbe_modes
.l:     cmp [cs:si], ax
        je .f
        add si, 8
        cmp si, vbe_modes_end
        jb .l
.no:    pop edx
        stc
        ret
.f:     mov cx, [cs:si + 6]
        add cx, 7
        shr cx, 3
        movzx eax, word [cs:si + 2]
        movzx edx, word [cs:si + 4]
        imul eax, edx
        movzx edx, cx
        imul eax, edx
        push eax
        call vram_bytes
        mov edx, eax
        pop eax
        cmp eax, edx
        ja .no
        pop edx
        clc
        ret

; ---- PCI (configuration mechanism #1, PCI Local Bus Specification 2.2 section 3.2.2.3.2) ----
; pci_vga: -> CF=0, EBX = config address (register 0) of bus 0's device 1234h:1111h
pci_vga:
        push eax
        push dx
        mov dx, 0xCF8
        mov eax, 0x80000000
        out dx, eax
        in eax, dx
        cmp eax, 0x80000000
        jne .no
        mov ebx, 0x80000000
.dev:   mov eax, ebx
        mov dx, 0xCF8
        out dx, eax
        mov dx, 0xCFC
        in eax, dx
        cmp eax, 0x11111234
        je .yes
        add ebx, 0x800
        cmp ebx, 0x80010000
        jb .dev
.no:    pop dx
        pop eax
        stc
        ret
.yes:   pop dx
        pop eax
        clc
        ret
; pci_rd: EBX = address, AL = register -> EAX
pci_rd:
        push dx
        push ebx
        movzx eax, al
        or ebx, eax
        mov eax, ebx
        mov dx, 0xCF8
        out dx, eax
        mov dx, 0xCFC
        in eax, dx
        pop ebx
        pop dx
        ret
; pci_wr: EBX = address, CL = register, EAX = value
pci_wr:
        push dx
        push ebx
        push eax
        movzx eax, cl
        or ebx, eax
        mov eax, ebx
        mov dx, 0xCF8
        out dx, eax
        pop eax
        mov dx, 0xCFC
        out dx, eax
        pop ebx
        pop dx
        ret

; pci_lfb_setup (POST): when the PCI VGA's BAR 0 is unassigned, place it at E0000000h and enable
; memory decoding, so the frame buffer is where the dispi interface has it without PCI.
pci_lfb_setup:
        pushad
        call pci_vga
        jc .r
        mov al, 0x10
        call pci_rd
        and eax, 0xFFFFFFF0
        jnz .r
        mov cl, 0x10
        mov eax, LFB_DEFAULT
        call pci_wr
        mov al, 0x04
        call pci_rd
        or al, 0x02                     ; command: memory space
        mov cl, 0x04
        call pci_wr
.r:     popad
        ret

; lfb_base: EAX = physical address of the linear frame buffer
lfb_base:
        push ebx
        call pci_vga
        jc .def
        mov al, 0x10
        call pci_rd
        and eax, 0xFFFFFFF0
        jnz .r
.def:   mov eax, LFB_DEFAULT
.r:     pop ebx
        ret

; ---------------------------------------------------------------------------------------
; AH=4Fh: AL = function. Unsupported functions return with AL unchanged (VBE 2.0 section 4.2:
; AL = 4Fh means "function supported", AH = 00h success, 01h failed).
vbe_dispatch:
        call dispi_present
        jc .r
        cmp al, 0x09
        ja .r
        movzx bx, al
        shl bx, 1
        jmp [cs:.tab + bx]
.r:     ret
.tab:   dw vbe_info, vbe_modeinfo, vbe_setmode, vbe_getmode, .r, vbe_window
        dw vbe_scanline, vbe_start, vbe_dacformat, vbe_palette

vbe_ok: mov word [bp+R_AX], 0x004F
        ret
vbe_fail:
        mov word [bp+R_AX], 0x014F
        ret

; ---- 4F00h: return VBE controller information to ES:DI (VbeInfoBlock, 256 bytes; 512 when the
; caller put "VBE2" in the signature). The mode list goes into the block's Reserved area and the
; OEM strings of a VBE2 request into OemData. ----
vbe_info:
        push es
        mov es, [bp+R_ES]
        mov di, [bp+R_DI]
        xor dx, dx
        cmp dword [es:di], "VBE2"
        jne .v1
        inc dx
.v1:    push di
        mov cx, 128
        test dx, dx
        jz .c
        mov cx, 256
.c:     xor ax, ax
        rep stosw
        pop di
        mov dword [es:di], "VESA"
        mov word [es:di + 4], 0x0200    ; version 2.0
        mov word [es:di + 6], msg_oem
        mov [es:di + 8], cs
        mov dword [es:di + 10], 1       ; capabilities: DAC width switchable
        lea ax, [di + 34]
        mov [es:di + 14], ax            ; VideoModePtr -> Reserved area
        mov [es:di + 16], es
        call vram_bytes
        shr eax, 16
        mov [es:di + 18], ax            ; total memory in 64 KiB units
        push di
        add di, 34
        mov si, vbe_modes
.m:     push si
        mov ax, [cs:si]
        push di
        call vbe_find
        pop di
        pop si
        jc .skip
        mov ax, [cs:si]
        stosw
.skip:  add si, 8
        cmp si, vbe_modes_end
        jb .m
        mov ax, 0xFFFF
        stosw
        pop di
        test dx, dx
        jz .done
        mov word [es:di + 20], 0x0001   ; OEM software revision
        ; OEM strings copied into OemData (offset 256) with far pointers to them
        lea bx, [di + 256]
        mov si, msg_oem
        lea ax, [di + 6]
        call .str
        mov si, msg_vendor
        lea ax, [di + 22]
        call .str
        mov si, msg_product
        lea ax, [di + 26]
        call .str
        mov si, msg_rev
        lea ax, [di + 30]
        call .str
.done:  pop es
        jmp vbe_ok
.str:   ; CS:SI = string, ES:BX = destination, ES:AX = far pointer slot
        push di
        mov di, ax
        mov [es:di], bx
        mov [es:di + 2], es
        mov di, bx
.s:     mov al, [cs:si]
        stosb
        inc si
        test al, al
        jnz .s
        mov bx, di
        pop di
        ret

; ---- 4F01h: CX = mode -> ModeInfoBlock (256 bytes) at ES:DI ----
vbe_modeinfo:
        mov ax, [bp+R_CX]
        call vbe_find
        jc vbe_fail
        push es
        mov es, [bp+R_ES]
        mov di, [bp+R_DI]
        push eax                        ; bytes per screen
        push cx                         ; bytes per pixel
        push di
        mov cx, 128
        xor ax, ax
        rep stosw
        pop di
        mov word [es:di + 0], 0x009B    ; supported, optional info, colour, graphics, LFB
        mov byte [es:di + 2], 0x07      ; window A: exists, readable, writable
        mov word [es:di + 4], 64        ; granularity (KiB)
        mov word [es:di + 6], 64        ; window size (KiB)
        mov word [es:di + 8], 0xA000    ; window A segment
        mov word [es:di + 12], vbe_winfunc
        mov [es:di + 14], cs
        pop cx
        mov ax, [cs:si + 2]
        mov [es:di + 18], ax            ; XResolution
        mul cx
        mov [es:di + 16], ax            ; BytesPerScanLine
        mov ax, [cs:si + 4]
        mov [es:di + 20], ax            ; YResolution
        mov byte [es:di + 22], 8        ; character cell
        mov byte [es:di + 23], 16
        mov byte [es:di + 24], 1        ; planes
        mov al, [cs:si + 6]
        mov [es:di + 25], al            ; BitsPerPixel
        mov byte [es:di + 26], 1        ; banks
        mov byte [es:di + 27], 4        ; memory model: packed pixel
        call vram_bytes
        pop ecx
        xor edx, edx
        div ecx
        dec eax
        cmp eax, 255
        jbe .pg
        mov al, 255
.pg:    mov [es:di + 29], al            ; NumberOfImagePages (beyond the first)
        mov byte [es:di + 30], 1        ; reserved, 1
        mov al, [cs:si + 6]
        cmp al, 8
        je .lfb
        mov byte [es:di + 27], 6        ; direct colour
        ; mask sizes and positions R, G, B, reserved (VBE 2.0 ModeInfoBlock fields 31-38)
        mov bx, .dc15
        cmp al, 15
        je .dc
        mov bx, .dc16
        cmp al, 16
        je .dc
        mov bx, .dc24
        cmp al, 24
        je .dc
        mov bx, .dc32
        mov byte [es:di + 39], 0x02     ; DirectColorModeInfo: reserved field usable
.dc:    mov eax, [cs:bx]
        mov [es:di + 31], eax
        mov eax, [cs:bx + 4]
        mov [es:di + 35], eax
.lfb:   call lfb_base
        mov [es:di + 40], eax           ; PhysBasePtr
        pop es
        jmp vbe_ok
.dc15:  db 5, 10, 5, 5, 5, 0, 1, 15
.dc16:  db 5, 11, 6, 5, 5, 0, 0, 0
.dc24:  db 8, 16, 8, 8, 8, 0, 0, 0
.dc32:  db 8, 16, 8, 8, 8, 0, 8, 24

; ---- 4F02h: BX = mode (bit 14: linear frame buffer, bit 15: keep memory) ----
vbe_setmode:
        mov bx, [bp+R_BX]
        mov ax, bx
        and ax, 0x1FF
        cmp ax, 0x100
        jae .vbe
        test bh, 0x80                   ; a VGA mode through VBE
        jz .s
        or al, 0x80
.s:     call set_mode
        mov word [BDA_VBEMODE], 0
        jmp vbe_ok
.vbe:   call vbe_find
        jc vbe_fail
        call vbe_disable
        cmp byte [cs:si + 6], 8
        jne .nodac
        push bx
        mov bl, 2                       ; 8 bpp: the VGA default 256-colour palette
        call load_dac
        pop bx
.nodac: push bx
        mov ax, [cs:si + 6]
        mov bl, DI_BPP
        call dispi_wr
        mov ax, [cs:si + 2]
        mov bl, DI_XRES
        call dispi_wr
        mov ax, [cs:si + 4]
        mov bl, DI_YRES
        call dispi_wr
        xor ax, ax
        mov bl, DI_BANK
        call dispi_wr
        pop bx
        mov ax, EN_ENABLED
        test bh, 0x40
        jz .n1
        or al, EN_LFB
.n1:    test bh, 0x80
        jz .n2
        or al, EN_NOCLEAR
.n2:    push bx
        mov bl, DI_ENABLE
        call dispi_wr
        call dispi_rd
        pop bx
        test al, EN_ENABLED
        jz vbe_fail
        and bx, 0xC1FF
        mov [BDA_VBEMODE], bx
        and byte [BDA_VEGAMISC], 0x7F
        test bh, 0x80
        jz vbe_ok
        or byte [BDA_VEGAMISC], 0x80
        jmp vbe_ok

; ---- 4F03h: BX = current mode (VBE mode with its flags, or the VGA mode number) ----
vbe_getmode:
        mov bl, DI_ENABLE
        call dispi_rd
        test al, EN_ENABLED
        jz .vga
        mov ax, [BDA_VBEMODE]
        jmp .r
.vga:   movzx ax, byte [BDA_VMODE]
.r:     mov [bp+R_BX], ax
        jmp vbe_ok

; ---- 4F05h: BH = 0 set window BL (only A) to DX (64 KiB units), BH = 1 get -> DX ----
vbe_window:
        mov bx, [bp+R_BX]
        mov dx, [bp+R_DX]
        call vbe_bank
        jc vbe_fail
        mov [bp+R_DX], dx
        jmp vbe_ok
; vbe_bank: BH = 0 set / 1 get, BL = window, DX = position -> DX, CF on error
vbe_bank:
        push ax
        push bx
        test bl, bl
        jnz .bad
        cmp bh, 1
        ja .bad
        mov bl, DI_BANK
        je .get
        mov ax, dx
        call dispi_wr
.get:   call dispi_rd
        mov dx, ax
        pop bx
        pop ax
        clc
        ret
.bad:   pop bx
        pop ax
        stc
        ret
; WinFuncPtr target (VBE 2.0 "direct window control"): same registers as 4F05h, far return
vbe_winfunc:
        call vbe_bank
        mov ax, 0x004F
        jnc .r
        mov ax, 0x014F
.r:     retf

; ---- 4F06h: logical scan line length. BL = 0 set (CX pixels), 1 get, 2 set (CX bytes),
; 3 get maximum -> BX = bytes per line, CX = pixels per line, DX = number of lines ----
vbe_scanline:
        mov al, [bp+R_BL]
        mov cx, [bp+R_CX]
        cmp al, 3
        ja vbe_fail
        mov bl, DI_BPP
        call dispi_rd
        add ax, 7
        shr ax, 3
        mov si, ax                      ; bytes per pixel
        mov al, [bp+R_BL]
        cmp al, 1
        je .get
        cmp al, 3
        je .max
        cmp al, 2
        jne .set
        mov ax, cx
        xor dx, dx
        div si
        mov cx, ax
.set:   mov ax, cx
        mov bl, DI_VIRTW
        call dispi_wr
.get:   mov bl, DI_VIRTW
        call dispi_rd
        mov cx, ax
        mul si
        mov [bp+R_BX], ax
        mov [bp+R_CX], cx
        mov bl, DI_VIRTH
        call dispi_rd
        mov [bp+R_DX], ax
        jmp vbe_ok
.max:   mov bl, DI_YRES
        call dispi_rd
        movzx ecx, ax
        call vram_bytes
        xor edx, edx
        div ecx                         ; bytes per line that still fit
        cmp eax, 0xFFFF
        jbe .m
        mov eax, 0xFFFF
.m:     xor dx, dx
        div si
        mov cx, ax
        mul si
        mov [bp+R_BX], ax
        mov [bp+R_CX], cx
        mov bl, DI_YRES
        call dispi_rd
        mov [bp+R_DX], ax
        jmp vbe_ok

; ---- 4F07h: display start. BL = 00h/80h set: CX = first pixel, DX = first line; 01h get ----
vbe_start:
        mov al, [bp+R_BL]
        and al, 0x7F
        cmp al, 1
        je .get
        ja vbe_fail
        mov ax, [bp+R_CX]
        mov bl, DI_XOFF
        call dispi_wr
        mov ax, [bp+R_DX]
        mov bl, DI_YOFF
        call dispi_wr
        jmp vbe_ok
.get:   mov bl, DI_XOFF
        call dispi_rd
        mov [bp+R_CX], ax
        mov bl, DI_YOFF
        call dispi_rd
        mov [bp+R_DX], ax
        mov byte [bp+R_BH], 0
        jmp vbe_ok

; ---- 4F08h: DAC palette format. BL = 0 set BH bits (6 or 8), 1 get -> BH ----
vbe_dacformat:
        mov al, [bp+R_BL]
        cmp al, 1
        ja vbe_fail
        mov bl, DI_ENABLE
        je .get
        push ax
        call dispi_rd
        and al, ~EN_8BITDAC
        cmp byte [bp+R_BH], 8
        jb .w
        or al, EN_8BITDAC
.w:     call dispi_wr
        pop ax
.get:   call dispi_rd
        mov byte [bp+R_BH], 6
        test al, EN_8BITDAC
        jz vbe_ok
        mov byte [bp+R_BH], 8
        jmp vbe_ok

; ---- 4F09h: palette data. BL = 00h/80h set, 01h get; CX = count, DX = first entry,
; ES:DI = entries of (blue, green, red, alignment) ----
vbe_palette:
        mov al, [bp+R_BL]
        and al, 0x7F
        cmp al, 1
        ja vbe_fail
        push es
        mov es, [bp+R_ES]
        mov di, [bp+R_DI]
        mov cx, [bp+R_CX]
        mov bl, al
        mov al, [bp+R_DL]
        mov dx, 0x3C8
        test bl, bl
        jz .set
        dec dx                          ; 3C7h: read index
.set:   out dx, al
        mov dx, 0x3C9
        jcxz .done
.l:     test bl, bl
        jnz .rd
        mov al, [es:di + 2]
        out dx, al
        mov al, [es:di + 1]
        out dx, al
        mov al, [es:di]
        out dx, al
        jmp .n
.rd:    in al, dx
        mov [es:di + 2], al
        in al, dx
        mov [es:di + 1], al
        in al, dx
        mov [es:di], al
        mov byte [es:di + 3], 0
.n:     add di, 4
        loop .l
.done:  pop es
        jmp vbe_ok
