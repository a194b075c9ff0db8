; vgabios.asm -- the Boxwood VGA BIOS: a VGA option ROM for C0000h (IBM VGA register set plus
; the Bochs VBE "dispi" extension at 1CEh/1CFh with its linear frame buffer).
;
;   nasm -f bin -I bios/ -I bios/vgabios/ bios/vgabios/vgabios.asm -o boxwood-vgabios.bin
;   (the build assembles it twice: the second pass gets -DROM_CHECKSUM=nn, see roms/romsum.cmake)
;
; Guest code only. References:
;   IBM Personal System/2 and PC BIOS Interface Technical Reference (INT 10h functions),
;   IBM VGA Technical Reference (register values of the standard modes, font loading),
;   VESA BIOS Extension (VBE) Core Functions Standard, Version 2.0 (functions 4F00h-4F09h),
;   PCI Local Bus Specification 2.2 / PCI Firmware 3.0 (expansion ROM header, "PCIR"),
;   Bochs iodev/vga.h (dispi register indices and enable bits).
; Modes: 00h-03h and 07h (text), 12h (640x480x16 planar), 13h (320x200x256), VBE modes in
; modes.asm. The ROM never writes to its own segment (it may be read-only).

        bits 16
        cpu 686
        org 0

%include "defs.inc"

%define VGABIOS_VERSION "0.1"
%ifndef ROM_CHECKSUM
%define ROM_CHECKSUM 0
%endif

; ---- option ROM header (IBM PC/AT Technical Reference "Adapter ROM"; PCI 2.2 section 6.3.1) --
rom_start:
        dw 0xAA55                       ; signature
        db ROM_BLOCKS                   ; length in 512-byte blocks
        jmp vga_post                    ; offset 3: initialisation entry (far-called by POST)
        times 0x18 - ($ - $$) db 0
        dw pcir                         ; 18h: pointer to the PCI data structure
        dw 0                            ; 1Ah: no PnP expansion header
        times 0x1E - ($ - $$) db 0
        db "IBM"                        ; 1Eh: "IBM" -- some programs look for it to detect a VGA
        db " compatible Boxwood VGA BIOS ", VGABIOS_VERSION, 0
        align 4
; PCI data structure (PCI Local Bus Specification 2.2, section 6.3.1.2): Bochs/QEMU standard
; VGA, vendor 1234h device 1111h, class 03h/00h/00h (VGA-compatible controller)
pcir:   db "PCIR"
        dw 0x1234                       ; vendor ID
        dw 0x1111                       ; device ID
        dw 0                            ; reserved (PCI 3.0: device list pointer)
        dw 0x18                         ; structure length
        db 0                            ; structure revision
        db 0x00, 0x00, 0x03             ; class code: interface, sub-class, base class
        dw ROM_BLOCKS                   ; image length (512-byte units)
        dw 0x0001                       ; revision level of code/data
        db 0                            ; code type: Intel x86, PC-AT compatible
        db 0x80                         ; indicator: last image
        dw 0                            ; reserved

msg_oem:        db "Boxwood VGA BIOS ", VGABIOS_VERSION, 0
msg_vendor:     db "Boxwood", 0
msg_product:    db "Boxwood VGA (Bochs VBE)", 0
msg_rev:        db VGABIOS_VERSION, 0

; ---------------------------------------------------------------------------------------
; POST entry: hook INT 10h (and 6Dh, the VGA BIOS's own copy), the font vectors INT 1Fh/43h,
; give the linear frame buffer a PCI address when nobody did, and set mode 03h.
vga_post:
        pushad
        push ds
        push es
        cld
        xor ax, ax
        mov es, ax
        mov word [es:0x10 * 4], int10_entry
        mov [es:0x10 * 4 + 2], cs
        mov word [es:0x6D * 4], int10_entry
        mov [es:0x6D * 4 + 2], cs
        mov word [es:0x43 * 4], font8x8
        mov [es:0x43 * 4 + 2], cs
        mov word [es:0x1F * 4], font8x8 + 128 * 8
        mov [es:0x1F * 4 + 2], cs
        mov ax, BDA_SEG
        mov ds, ax
        mov byte [BDA_VEGASW], 0xF9     ; feature/switch bits: VGA colour
        mov byte [BDA_VVGAFLAGS], 0x51  ; 400 lines, default palette loading on, VGA active
        mov byte [0x8A], 0x08           ; display combination code index
        call pci_lfb_setup
        mov ax, 0x0003
        call set_mode
        pop es
        pop ds
        popad
        retf

; ---------------------------------------------------------------------------------------
; INT 10h dispatcher. Frame: ENTER_FRAME (defs.inc), DS = BDA, handlers get AX from the caller.
int10_entry:
        sti
        cld
        ENTER_FRAME
        mov ax, BDA_SEG
        mov ds, ax
        mov ax, [bp+R_AX]
        cmp ah, 0x4F
        je .vbe
        cmp ah, 0x1C
        jae .out
        movzx bx, ah
        shl bx, 1
        call [cs:int10_table + bx]
.out:   LEAVE_FRAME
.vbe:   call vbe_dispatch
        jmp .out

int10_table:
        dw fn_setmode, fn_cursorshape, fn_setcursor, fn_getcursor         ; 00-03
        dw fn_nop, fn_setpage, fn_scrollup, fn_scrolldown                 ; 04-07
        dw fn_readchar, fn_writeca, fn_writec, fn_nop                     ; 08-0B
        dw fn_writepixel, fn_readpixel, fn_teletype, fn_getmode           ; 0C-0F
        dw fn_palette, fn_font, fn_altselect, fn_writestring              ; 10-13
        dw fn_nop, fn_nop, fn_nop, fn_nop, fn_nop, fn_nop, fn_dcc, fn_nop ; 14-1B

fn_nop: ret

; ---------------------------------------------------------------------------------------
; Mode descriptors. type: 0 colour text, 1 mono text, 2 planar 16-colour, 3 linear 256-colour.
struc MD
.mode   resb 1
.type   resb 1
.cols   resb 1
.rows   resb 1                          ; rows - 1
.charh  resb 1
.dac    resb 1                          ; 0 EGA 64-colour, 1 mono, 2 VGA 256-colour
.seg    resw 1
.psize  resw 1                          ; page size (bytes)
.regs   resw 1                          ; register table
.mctl   resb 1                          ; 40:65 (CGA mode control) value
.cpal   resb 1                          ; 40:66 (CGA palette) value
.size:
endstruc
%macro MODE 12
        db %1, %2, %3, %4, %5, %6
        dw %7, %8, %9
        db %10, %11, %12, 0
%endmacro
T_TEXT  equ 0
T_MONO  equ 1
T_PLANAR equ 2
T_LINEAR equ 3
mode_table:
        ; mode type     cols rows charh dac  seg     psize   regs      mctl  cpal pad
        MODE 0x00, T_TEXT,   40, 24, 16, 0, 0xB800, 0x0800, regs_01, 0x2C, 0x30, 0
        MODE 0x01, T_TEXT,   40, 24, 16, 0, 0xB800, 0x0800, regs_01, 0x28, 0x30, 0
        MODE 0x02, T_TEXT,   80, 24, 16, 0, 0xB800, 0x1000, regs_03, 0x2D, 0x30, 0
        MODE 0x03, T_TEXT,   80, 24, 16, 0, 0xB800, 0x1000, regs_03, 0x29, 0x30, 0
        MODE 0x07, T_MONO,   80, 24, 16, 1, 0xB000, 0x1000, regs_07, 0x29, 0x30, 0
        MODE 0x12, T_PLANAR, 80, 29, 16, 0, 0xA000, 0xA000, regs_12, 0x29, 0x30, 0
        MODE 0x13, T_LINEAR, 40, 24,  8, 2, 0xA000, 0xFA00, regs_13, 0x29, 0x30, 0
MD_SIZE equ 16
mode_table_end:

; Register tables: misc output, sequencer 1-4, CRTC 00-18h, graphics controller 0-8,
; attribute controller 00-14h. Values from the IBM VGA Technical Reference mode tables.
regs_01:
        db 0x67
        db 0x08, 0x03, 0x00, 0x02
        db 0x2D, 0x27, 0x28, 0x90, 0x2B, 0xA0, 0xBF, 0x1F, 0x00, 0x4F, 0x0D, 0x0E, 0x00, 0x00
        db 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x14, 0x1F, 0x96, 0xB9, 0xA3, 0xFF
        db 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0E, 0x00, 0xFF
        db 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D
        db 0x3E, 0x3F, 0x0C, 0x00, 0x0F, 0x08, 0x00
regs_03:
        db 0x67
        db 0x00, 0x03, 0x00, 0x02
        db 0x5F, 0x4F, 0x50, 0x82, 0x55, 0x81, 0xBF, 0x1F, 0x00, 0x4F, 0x0D, 0x0E, 0x00, 0x00
        db 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x28, 0x1F, 0x96, 0xB9, 0xA3, 0xFF
        db 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0E, 0x00, 0xFF
        db 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D
        db 0x3E, 0x3F, 0x0C, 0x00, 0x0F, 0x08, 0x00
regs_07:
        db 0x66
        db 0x00, 0x03, 0x00, 0x02
        db 0x5F, 0x4F, 0x50, 0x82, 0x55, 0x81, 0xBF, 0x1F, 0x00, 0x4F, 0x0D, 0x0E, 0x00, 0x00
        db 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x28, 0x0F, 0x96, 0xB9, 0xA3, 0xFF
        db 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0A, 0x00, 0xFF
        db 0x00, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x10, 0x18, 0x18, 0x18, 0x18, 0x18
        db 0x18, 0x18, 0x0E, 0x00, 0x0F, 0x08, 0x00
regs_12:
        db 0xE3
        db 0x01, 0x0F, 0x00, 0x06
        db 0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80, 0x0B, 0x3E, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00
        db 0x00, 0x00, 0xEA, 0x8C, 0xDF, 0x28, 0x00, 0xE7, 0x04, 0xE3, 0xFF
        db 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x0F, 0xFF
        db 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D
        db 0x3E, 0x3F, 0x01, 0x00, 0x0F, 0x00, 0x00
regs_13:
        db 0x63
        db 0x01, 0x0F, 0x00, 0x0E
        db 0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80, 0xBF, 0x1F, 0x00, 0x41, 0x00, 0x00, 0x00, 0x00
        db 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x28, 0x40, 0x96, 0xB9, 0xA3, 0xFF
        db 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x05, 0x0F, 0xFF
        db 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D
        db 0x0E, 0x0F, 0x41, 0x00, 0x0F, 0x00, 0x00
R_MISC  equ 0
R_SEQ   equ 1
R_CRTC  equ 5
R_GC    equ 30
R_ATTR  equ 39

; find_mode: AL = mode -> CS:SI = descriptor, CF=1 if unknown
find_mode:
        mov si, mode_table
.l:     cmp [cs:si + MD.mode], al
        je .ok
        add si, MD_SIZE
        cmp si, mode_table_end
        jb .l
        stc
        ret
.ok:    clc
        ret

; cur_mode: CS:SI = descriptor of the current BIOS mode (mode 03h's when the BDA holds another)
cur_mode:
        push ax
        mov al, [BDA_VMODE]
        call find_mode
        jnc .r
        mov si, mode_table + 3 * MD_SIZE
.r:     pop ax
        ret

%include "modeset.asm"
%include "text.asm"
%include "palette.asm"
%include "font.asm"
%include "vbe.asm"

; ---- fonts (Debian console-setup "VGA" fonts, public domain; see bios/mkfont.py) ----
font8x8:
%include "font8x8full.inc"
font8x14:
%include "font8x14.inc"
font8x16:
%include "font8x16.inc"

rom_code_end:
        ; pad to whole 512-byte blocks; the very last byte is the checksum (all bytes sum to 0)
        times ((rom_code_end - rom_start + 1 + 511) & ~511) - (rom_code_end - rom_start) - 1 db 0
        db ROM_CHECKSUM
rom_image_end:
ROM_BLOCKS equ (rom_image_end - rom_start) / 512
