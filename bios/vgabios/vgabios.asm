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
; Modes: 00h-03h and 07h (text), 04h/05h (320x200x4 CGA), 06h (640x200x2 CGA), 0Dh-12h (EGA/VGA
; planar: 320x200x16, 640x200x16, 640x350 monochrome, 640x350x16, 640x480x2, 640x480x16), 13h
; (320x200x256), VBE modes in vbe.asm. The ROM never writes to its own segment (it may be read-only).

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
        dw fn_readchar, fn_writeca, fn_writec, fn_cgapalette              ; 08-0B
        dw fn_writepixel, fn_readpixel, fn_teletype, fn_getmode           ; 0C-0F
        dw fn_palette, fn_font, fn_altselect, fn_writestring              ; 10-13
        dw fn_nop, fn_nop, fn_nop, fn_nop, fn_nop, fn_nop, fn_dcc, fn_nop ; 14-1B

fn_nop: ret

; ---------------------------------------------------------------------------------------
; Mode descriptors. type: T_TEXT colour text, T_MONO monochrome text, T_PLANAR four-plane
; graphics, T_LINEAR one byte per pixel, T_CGA2 / T_CGA1 the CGA 2- and 1-bit-per-pixel layouts.
; Graphics types are all above T_MONO.
struc MD
.mode   resb 1
.type   resb 1
.cols   resb 1
.rows   resb 1                          ; rows - 1
.charh  resb 1
.dac    resb 1                          ; 0 EGA 64-colour, 1 mono, 2 VGA 256-colour, 3 CGA
.seg    resw 1
.psize  resw 1                          ; page size (bytes, 40:4C)
.regs   resw 1                          ; register table
.mctl   resb 1                          ; 40:65 (CGA mode control register 3D8h) value
.cpal   resb 1                          ; 40:66 (CGA colour select register 3D9h) value
.bpc    resb 1                          ; graphics: bytes per character column (line = cols*bpc)
.flags  resb 1                          ; bit 0: monochrome I/O (CRTC at 3B4h)
.size:
endstruc
%macro MODE 13
        db %1, %2, %3, %4, %5, %6
        dw %7, %8, %9
        db %10, %11, %12, %13
%endmacro
T_TEXT  equ 0
T_MONO  equ 1
T_PLANAR equ 2
T_LINEAR equ 3
T_CGA2  equ 4
T_CGA1  equ 5
MF_MONO equ 1
; 40:65: the CGA mode control register bits (IBM CGA: 0 80-column text, 1 graphics, 2 colour
; burst off, 3 video on, 4 640-dot graphics, 5 blink); 40:66: colour select (bits 3-0 colour,
; 4 bright set, 5 palette 1) -- mode 06h's foreground is bright white (3Fh).
mode_table:
        ; mode type     cols rows charh dac  seg     psize   regs      mctl  cpal bpc flags
        MODE 0x00, T_TEXT,   40, 24, 16, 0, 0xB800, 0x0800, regs_01, 0x2C, 0x30, 0, 0
        MODE 0x01, T_TEXT,   40, 24, 16, 0, 0xB800, 0x0800, regs_01, 0x28, 0x30, 0, 0
        MODE 0x02, T_TEXT,   80, 24, 16, 0, 0xB800, 0x1000, regs_03, 0x2D, 0x30, 0, 0
        MODE 0x03, T_TEXT,   80, 24, 16, 0, 0xB800, 0x1000, regs_03, 0x29, 0x30, 0, 0
        MODE 0x04, T_CGA2,   40, 24,  8, 3, 0xB800, 0x4000, regs_04, 0x2A, 0x30, 2, 0
        MODE 0x05, T_CGA2,   40, 24,  8, 3, 0xB800, 0x4000, regs_04, 0x2E, 0x30, 2, 0
        MODE 0x06, T_CGA1,   80, 24,  8, 3, 0xB800, 0x4000, regs_06, 0x1E, 0x3F, 1, 0
        MODE 0x07, T_MONO,   80, 24, 16, 1, 0xB000, 0x1000, regs_07, 0x29, 0x30, 0, MF_MONO
        MODE 0x0D, T_PLANAR, 40, 24,  8, 3, 0xA000, 0x2000, regs_0d, 0x29, 0x30, 1, 0
        MODE 0x0E, T_PLANAR, 80, 24,  8, 3, 0xA000, 0x4000, regs_0e, 0x29, 0x30, 1, 0
        MODE 0x0F, T_PLANAR, 80, 24, 14, 1, 0xA000, 0x8000, regs_0f, 0x29, 0x30, 1, MF_MONO
        MODE 0x10, T_PLANAR, 80, 24, 14, 0, 0xA000, 0x8000, regs_10, 0x29, 0x30, 1, 0
        MODE 0x11, T_PLANAR, 80, 29, 16, 0, 0xA000, 0xA000, regs_11, 0x29, 0x30, 1, 0
        MODE 0x12, T_PLANAR, 80, 29, 16, 0, 0xA000, 0xA000, regs_12, 0x29, 0x30, 1, 0
        MODE 0x13, T_LINEAR, 40, 24,  8, 2, 0xA000, 0xFA00, regs_13, 0x29, 0x30, 8, 0
MD_SIZE equ 16
mode_table_end:
%if MD.size != MD_SIZE
%error mode descriptor size
%endif

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
; The CGA and EGA graphics modes, written from the register definitions (IBM VGA Technical
; Reference, "Registers"; mode characteristics from its "BIOS Video Modes" list).
;   misc output: bit 0 I/O at 3Dx (1) or 3Bx (0), bit 1 RAM on, bits 3-2 dot clock (00 =
;     25.175 MHz), bit 5 odd/even page, bits 7-6 sync polarity = vertical size (01: 400 lines,
;     10: 350, 11: 480);
;   all 200-line modes double-scan 400 lines at the 70 Hz timing of the text modes (449 lines
;   of 800 dots: horizontal total 5Fh + 5 = 100 character clocks of 8 dots, or 2Dh + 5 = 50 of
;   16 dots in the 320-pixel modes, whose sequencer halves the dot clock);
;   CRTC 11h bit 7 protects 0-7, 18h = FFh with 07 bit 4 and 09 bit 6 set: no split screen.
regs_04:                                ; 320x200, 4 colours (CGA layout at B8000h)
        db 0x63                         ; misc: 3Dx, RAM, 25 MHz, page high, 400 lines
        db 0x09, 0x03, 0x00, 0x02       ; seq: 8 dots, dot clock / 2; planes 0-1; odd/even
        db 0x2D, 0x27, 0x28, 0x90, 0x2B, 0x80 ; horizontal: total 50, display 40, blank 28h-10h, retrace 2Bh-0
        db 0xBF, 0x1F                   ; vertical total 1BFh; overflow bits 8 of 06/12/10/15/18
        db 0x00, 0xC1                   ; preset row scan 0; scan doubling, LC bit 9, 2 scans per row
        db 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 ; cursor start/end, start address 0, cursor location 0
        db 0x9C, 0x8E, 0x8F             ; vertical retrace 19Ch-(0)Eh, protect; display end 18Fh (400)
        db 0x14, 0x00                   ; offset 20: 40 words = 80 bytes per row; underline off
        db 0x96, 0xB9                   ; vertical blanking 196h-B9h
        db 0xA2                         ; mode: word mode with MA15 in bit 0, row scan 0 -> MA13
        db 0xFF                         ; line compare
        db 0x00, 0x00, 0x00, 0x00, 0x00 ; GC: set/reset, enable, compare, rotate, read map 0
        db 0x30                         ; GC mode: interleaved 2-bit shift, host odd/even
        db 0x0F                         ; GC misc: B8000h 32K, chain odd/even, graphics
        db 0x03, 0xFF                   ; colour don't care: planes 0-1; bit mask
        ; palette 1 bright (40:66 = 30h: cyan, magenta, white) in the 200-line colour layout
        ; (bit 4 = intensity), then colours 4-7 and 8-15 as in the CGA
        db 0x00, 0x13, 0x15, 0x17, 0x02, 0x04, 0x06, 0x07
        db 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17
        db 0x01, 0x00, 0x03, 0x00, 0x00 ; graphics; overscan 0; planes 0-1; no pan; colour select
regs_06:                                ; 640x200, 2 colours (CGA layout at B8000h)
        db 0x63
        db 0x01, 0x01, 0x00, 0x06       ; seq: 8 dots; plane 0; sequential addressing
        db 0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80 ; horizontal: total 100, display 80, blank 50h-2, retrace 54h-0
        db 0xBF, 0x1F, 0x00, 0xC1
        db 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
        db 0x9C, 0x8E, 0x8F
        db 0x28, 0x00                   ; offset 40: 80 bytes per row
        db 0x96, 0xB9
        db 0xC2                         ; mode: byte mode, row scan 0 -> MA13
        db 0xFF
        db 0x00, 0x00, 0x00, 0x00, 0x00
        db 0x00                         ; GC mode: one bit per pixel
        db 0x0D                         ; GC misc: B8000h 32K, graphics, no chaining
        db 0x01, 0xFF
        db 0x00, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17 ; black, bright white (3Fh in 40:66)
        db 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17
        db 0x01, 0x00, 0x01, 0x00, 0x00 ; graphics; plane 0 only
regs_0d:                                ; 320x200, 16 colours, planar at A0000h
        db 0x63
        db 0x09, 0x0F, 0x00, 0x06       ; seq: dot clock / 2; all planes; sequential
        db 0x2D, 0x27, 0x28, 0x90, 0x2B, 0x80
        db 0xBF, 0x1F, 0x00, 0xC0       ; scan doubling, one scan line per row
        db 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
        db 0x9C, 0x8E, 0x8F
        db 0x14, 0x00                   ; offset 20: 40 bytes per line
        db 0x96, 0xB9
        db 0xE3                         ; mode: byte mode, no address substitution
        db 0xFF
gc_planar:
        db 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
        db 0x05                         ; GC misc: A0000h 64K, graphics
        db 0x0F, 0xFF
attr_200:                               ; 16 colours in the 200-line layout (bit 4 = intensity)
        db 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07
        db 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17
        db 0x01, 0x00, 0x0F, 0x00, 0x00
regs_0e:                                ; 640x200, 16 colours
        db 0x63
        db 0x01, 0x0F, 0x00, 0x06
        db 0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80
        db 0xBF, 0x1F, 0x00, 0xC0
        db 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
        db 0x9C, 0x8E, 0x8F
        db 0x28, 0x00                   ; offset 40: 80 bytes per line
        db 0x96, 0xB9, 0xE3, 0xFF
        db 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x0F, 0xFF
        db 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07
        db 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17
        db 0x01, 0x00, 0x0F, 0x00, 0x00
; 350 lines: vertical display end 15Dh, retrace 183h-(8)5h, blanking 163h-BAh, 449 lines total
regs_0f:                                ; 640x350 monochrome graphics (planes 0 and 2)
        db 0xA2                         ; misc: 3Bx (monochrome I/O), 350 lines
        db 0x01, 0x0F, 0x00, 0x06
        db 0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80
        db 0xBF, 0x1F, 0x00, 0x40       ; one scan line per row, LC bit 9
        db 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
        db 0x83, 0x85, 0x5D
        db 0x28, 0x0F                   ; offset 40; underline location 15
        db 0x63, 0xBA, 0xE3, 0xFF
        db 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05
        db 0x05, 0xFF                   ; colour don't care: planes 0 and 2
        ; plane 0 = video, plane 2 = intensity: 1 normal (08h), 4 and 5 bright (18h) through
        ; the monochrome DAC
        db 0x00, 0x08, 0x00, 0x00, 0x18, 0x18, 0x00, 0x00
        db 0x00, 0x08, 0x00, 0x00, 0x00, 0x18, 0x00, 0x00
        db 0x0B, 0x00, 0x05, 0x00, 0x00 ; graphics, monochrome, blink; planes 0 and 2
regs_10:                                ; 640x350, 16 colours (EGA 64-colour palette)
        db 0xA3
        db 0x01, 0x0F, 0x00, 0x06
        db 0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80
        db 0xBF, 0x1F, 0x00, 0x40
        db 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
        db 0x83, 0x85, 0x5D
        db 0x28, 0x0F
        db 0x63, 0xBA, 0xE3, 0xFF
        db 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x0F, 0xFF
        db 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07
        db 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F
        db 0x01, 0x00, 0x0F, 0x00, 0x00
regs_11:                                ; 640x480, 2 colours (mode 12h timing, plane 0)
        db 0xE3                         ; misc: 480 lines
        db 0x01, 0x0F, 0x00, 0x06
        db 0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80
        db 0x0B, 0x3E                   ; vertical total 20Bh (525 lines); overflow
        db 0x00, 0x40
        db 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
        db 0xEA, 0x8C, 0xDF             ; retrace 1EAh-(1E)Ch; display end 1DFh (480)
        db 0x28, 0x00
        db 0xE7, 0x04, 0xC3, 0xFF
        db 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05
        db 0x01, 0xFF                   ; colour don't care: plane 0
        db 0x00, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F ; black, white
        db 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F
        db 0x01, 0x00, 0x01, 0x00, 0x00 ; graphics; plane 0 only
regs_end:
; every table is 1 + 4 + 25 + 9 + 21 bytes
%macro REGS_SIZE_CHECK 2
%if (%2 - %1) != 60
%error register table %1 has the wrong size
%endif
%endmacro
        REGS_SIZE_CHECK regs_01, regs_03
        REGS_SIZE_CHECK regs_03, regs_07
        REGS_SIZE_CHECK regs_07, regs_12
        REGS_SIZE_CHECK regs_12, regs_13
        REGS_SIZE_CHECK regs_04, regs_06
        REGS_SIZE_CHECK regs_06, regs_0d
        REGS_SIZE_CHECK regs_0d, regs_0e
        REGS_SIZE_CHECK regs_0e, regs_0f
        REGS_SIZE_CHECK regs_0f, regs_10
        REGS_SIZE_CHECK regs_10, regs_11
        REGS_SIZE_CHECK regs_11, regs_end
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
%include "graphics.asm"
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
