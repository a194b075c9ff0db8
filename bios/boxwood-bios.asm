; boxwood-bios.asm -- the Boxwood system BIOS: a 64 KiB image for F0000-FFFFF.
;
;   nasm -f bin -I bios/ bios/boxwood-bios.asm -o roms/boxwood-bios.bin
;
; Guest code only: it drives the emulated PC/AT chips through their standard port
; interfaces (8259, 8254, MC146818, 8237, 8042, 16550, 82077 FDC, ATA, VGA). Services follow
; the IBM PC/AT Technical Reference BIOS listing conventions (entry points at the fixed IBM
; offsets below), Ralf Brown's Interrupt List, Phoenix EDD 3.0, APM 1.2 and the ACPI E820
; memory map. Real mode; the POST path checks for a 386 and the services use 386
; instructions (32-bit registers are saved around every service).

%define BIOS_VERSION "0.1"

        bits 16
        cpu 686
        org 0

%include "defs.inc"

MIRROR_TTY_E9   equ 0                   ; 1: copy INT 10h teletype output to port E9h (this
                                        ; interleaves with guests that write E9h themselves)

        ; ---------------- services (free placement, below E05Bh) ----------------
bios_start:
        db "Boxwood BIOS ", BIOS_VERSION, 0
%include "util.asm"
%include "post.asm"
%include "misc.asm"
%include "int10.asm"
%include "int13.asm"
%include "ata.asm"
%include "eltorito.asm"
%include "int15.asm"
%include "int16.asm"
%include "int1a.asm"
%include "smbios.asm"
%include "acpi.asm"
%include "pci.asm"
bios_code_end:

        ; ---------------- IBM PC/AT compatible fixed entry points ----------------
        FIXED 0xE05B
post_fixed:
        jmp post_entry
        FIXED 0xE2C3
        jmp nmi_handler
        FIXED 0xE3FE
        jmp int13_handler
        FIXED 0xE401
        times 16 db 0                   ; fixed disk parameter table slot (unused: see INT 41h)
        FIXED 0xE6F2
        jmp int19_handler
        FIXED 0xE6F5
; INT 15h AH=C0h system configuration table (IBM PS/2 and AT BIOS; RBIL table 00509)
config_table:
        dw 8                            ; bytes following
        db 0xFC                         ; model: AT
        db 0x01                         ; submodel
        db 0x00                         ; BIOS revision
        db 0x70                         ; feature 1: 2nd 8259, RTC, INT 09h calls INT 15h/4Fh
        db 0x40                         ; feature 2: INT 16h AH=09h supported
        db 0x00, 0x00, 0x00
        FIXED 0xE729
        dw 1047, 768, 384, 192, 96, 48, 24, 12  ; baud rate divisors
        FIXED 0xE739
        jmp int14_handler
        FIXED 0xE82E
        jmp int16_handler
        FIXED 0xE987
        jmp int09_handler
        FIXED 0xEC59
        jmp int13_handler
        FIXED 0xEF57
        jmp int0e_handler
        FIXED 0xEFC7
; INT 1Eh diskette parameter table (IBM PC/AT Technical Reference; 1.44 MB values)
diskette_params:
        db 0xDF                         ; step rate 3 ms, head unload 240 ms
        db 0x02                         ; head load 4 ms, DMA mode
        db 0x25                         ; motor off delay (ticks)
        db 0x02                         ; 512 bytes per sector
        db 18                           ; sectors per track
        db 0x1B                         ; gap length
        db 0xFF                         ; data length
        db 0x6C                         ; format gap length
        db 0xF6                         ; format fill byte
        db 0x0F                         ; head settle (ms)
        db 0x08                         ; motor start (1/8 s)
        FIXED 0xEFD2
        jmp int17_handler
        FIXED 0xF065
        jmp int10_handler
        FIXED 0xF0A4
video_params:                           ; INT 1Dh: 6845 parameter tables (not used by this BIOS)
        times 0x58 db 0
        FIXED 0xF841
        jmp int12_handler
        FIXED 0xF84D
        jmp int11_handler
        FIXED 0xF859
        jmp int15_handler
        FIXED 0xFA6E
font8x8:                                ; 8x8 glyphs 00h-7Fh (INT 43h, CGA graphics font)
%include "font8x8.inc"
        FIXED 0xFE6E
        jmp int1a_handler
        FIXED 0xFEA5
        jmp int08_handler
        FIXED 0xFF53
dummy_iret:
        iret
        FIXED 0xFF54
        jmp int05_handler
        FIXED 0xFFF0
reset_vector:
        jmp BIOS_SEG:post_fixed
        FIXED 0xFFF5
        db "07/01/25"                   ; BIOS date
        FIXED 0xFFFE
        db 0xFC                         ; model byte: PC/AT
        db 0x00
