; vbe.asm -- VESA BIOS Extension 2.0 services of the VGA BIOS (boot with --vgabios):
; 4F00h controller information, 4F01h mode information, 4F02h/4F03h set/get mode with the
; linear frame buffer, 4F05h bank switching, 4F07h display start, 4F08h DAC width, and that
; a pixel written through the linear frame buffer reads back through the banked A000h window
; and vice versa. Expected values from the VESA BIOS Extension Core Functions Standard 2.0
; (VbeInfoBlock and ModeInfoBlock layouts, section 4) and the VESA mode numbers 101h
; (640x480x256) and 112h (640x480, 8:8:8 direct colour).
%define TEST_NAME "vbe"
%include "testlib.inc"

test_main:
        ; ---- 4F00h: "VBE2" in the signature asks for the 512-byte VBE 2.0 block ----
        mov di, info
        mov dword [di], "VBE2"
        mov ax, 0x4F00
        int 0x10
        CHECK_EQ ax, 0x004F, "4F00h returns AX=004Fh"
        cmp dword [info], "VESA"
        CHECK_Z "VbeInfoBlock.VbeSignature = 'VESA'"
        mov ax, [info + 4]
        cmp ax, 0x0200
        CHECK_Z "VbeVersion = 0200h"
        mov ax, [info + 18]
        cmp ax, 16                      ; at least 1 MiB (16 x 64 KiB)
        setae al
        cmp al, 1
        mov ax, [info + 18]
        CHECK_Z "TotalMemory >= 16 x 64 KiB"
        ; OEM string: far pointer to "Boxwood..." (VBE 2.0 puts it in OemData for VBE2 callers)
        les si, [info + 6]
        mov eax, [es:si]
        push ds
        pop es
        cmp eax, "Boxw"
        CHECK_Z "OemStringPtr points to the OEM string"
        ; mode list: words ending with FFFFh, containing 101h and 112h
        les si, [info + 14]
        xor bx, bx                      ; bit 0: 101h seen, bit 1: 112h seen
        mov cx, 200
.ml:    mov ax, [es:si]
        add si, 2
        cmp ax, 0xFFFF
        je .mle
        cmp ax, 0x101
        jne .m2
        or bl, 1
.m2:    cmp ax, 0x112
        jne .m3
        or bl, 2
.m3:    loop .ml
.mle:   push ds
        pop es
        mov ax, bx
        cmp bl, 3
        CHECK_Z "VideoModePtr list holds 101h and 112h and ends with FFFFh"

        ; ---- 4F01h for 101h ----
        mov ax, 0x4F01
        mov cx, 0x101
        mov di, minfo
        int 0x10
        CHECK_EQ ax, 0x004F, "4F01h(101h) returns AX=004Fh"
        mov ax, [minfo + 0]
        and ax, 0x0099
        cmp ax, 0x0099                  ; supported, colour, graphics, LFB available
        CHECK_Z "ModeAttributes bits 0,3,4,7 set"
        CHECK_EQ [minfo + 18], 640, "XResolution = 640"
        CHECK_EQ [minfo + 20], 480, "YResolution = 480"
        movzx ax, byte [minfo + 25]
        cmp ax, 8
        CHECK_Z "BitsPerPixel = 8"
        CHECK_EQ [minfo + 16], 640, "BytesPerScanLine = 640"
        movzx ax, byte [minfo + 27]
        cmp ax, 4
        CHECK_Z "MemoryModel = 4 (packed pixel)"
        CHECK_EQ [minfo + 8], 0xA000, "WinASegment = A000h"
        CHECK_EQ [minfo + 4], 64, "WinGranularity = 64 KiB"
        movzx ax, byte [minfo + 2]
        and al, 0x07
        cmp al, 0x07
        CHECK_Z "WinAAttributes: exists, readable, writable"
        mov eax, [minfo + 40]
        mov [lfb], eax
        xor cx, cx
        test eax, eax
        jz .nolfb
        test ax, ax
        jnz .nolfb
        inc cx
.nolfb: shr eax, 16
        cmp cx, 1
        CHECK_Z "PhysBasePtr is set and 64 KiB aligned (ax = high word)"

        ; ---- 4F01h for 112h: direct colour fields ----
        mov ax, 0x4F01
        mov cx, 0x112
        mov di, minfo
        int 0x10
        CHECK_EQ ax, 0x004F, "4F01h(112h) returns AX=004Fh"
        CHECK_EQ [minfo + 16], 1920, "112h: BytesPerScanLine = 1920"
        movzx ax, byte [minfo + 25]
        cmp ax, 24
        CHECK_Z "112h: BitsPerPixel = 24"
        mov ax, [minfo + 31]            ; RedMaskSize, RedFieldPosition
        cmp ax, 0x1008
        CHECK_Z "112h: red 8 bits at 16"
        mov ax, [minfo + 35]            ; BlueMaskSize, BlueFieldPosition
        cmp ax, 0x0008
        CHECK_Z "112h: blue 8 bits at 0"
        movzx ax, byte [minfo + 27]
        cmp ax, 6
        CHECK_Z "112h: MemoryModel = 6 (direct colour)"
        mov ax, 0x4F01
        mov cx, 0x1FF
        mov di, minfo
        int 0x10
        CHECK_EQ ax, 0x014F, "4F01h for an unknown mode fails with AX=014Fh"

        ; ---- 4F02h: 101h with the linear frame buffer ----
        mov ax, 0x4F02
        mov bx, 0x4101
        int 0x10
        CHECK_EQ ax, 0x004F, "4F02h(4101h) returns AX=004Fh"
        mov ax, 0x4F03
        int 0x10
        cmp ax, 0x004F
        jne .gm
        mov ax, bx
        and ax, 0x3FFF
        cmp ax, 0x0101
.gm:    CHECK_Z "4F03h returns mode 101h"

        ; LFB -> window: write through the flat frame buffer, read through bank 0 / bank 1
        call flat_fs
        mov ebx, [lfb]
        mov dword [fs:ebx], 0x11223344
        mov dword [fs:ebx + 0x10020], 0xAABBCCDD
        mov ax, 0x4F05
        xor bx, bx
        xor dx, dx
        int 0x10
        CHECK_EQ ax, 0x004F, "4F05h set window A to bank 0"
        push word 0xA000
        pop es
        mov eax, [es:0]
        cmp eax, 0x11223344
        CHECK_Z "LFB offset 0 reads back at A000:0000 (bank 0)"
        mov ax, 0x4F05
        xor bx, bx
        mov dx, 1
        int 0x10
        mov ax, 0x4F05
        mov bx, 0x0100
        int 0x10
        cmp dx, 1
        mov ax, dx
        CHECK_Z "4F05h BH=1 returns bank 1"
        mov eax, [es:0x20]
        cmp eax, 0xAABBCCDD
        CHECK_Z "LFB offset 10020h reads back at A000:0020 (bank 1)"
        ; window -> LFB
        mov word [es:0x100], 0x5AA5
        mov ebx, [lfb]
        mov ax, [fs:ebx + 0x10100]
        cmp ax, 0x5AA5
        CHECK_Z "A000:0100 in bank 1 is LFB offset 10100h"
        ; the window function pointer does the same as 4F05h (far call, BH=0, BL=0, DX=bank)
        mov ax, 0x4F01
        mov cx, 0x101
        push ds
        pop es
        mov di, minfo
        int 0x10
        xor bx, bx
        xor dx, dx
        call far [minfo + 12]
        push word 0xA000
        pop es
        mov eax, [es:0]
        cmp eax, 0x11223344
        CHECK_Z "WinFuncPtr switches back to bank 0"
        push ds
        pop es

        ; ---- 4F07h display start ----
        mov ax, 0x4F07
        xor bx, bx
        mov cx, 0
        mov dx, 10
        int 0x10
        CHECK_EQ ax, 0x004F, "4F07h set display start"
        mov ax, 0x4F07
        mov bx, 1
        int 0x10
        cmp dx, 10
        mov ax, dx
        CHECK_Z "4F07h get: first scan line 10"
        ; ---- 4F08h DAC width ----
        mov ax, 0x4F08
        mov bx, 0x0800
        int 0x10
        cmp bh, 8
        CHECK_Z "4F08h: DAC switched to 8 bits"
        mov ax, 0x4F08
        mov bx, 0x0600
        int 0x10
        cmp bh, 6
        CHECK_Z "4F08h: DAC back to 6 bits"

        ; ---- back to text mode 03h through 4F02h ----
        mov ax, 0x4F02
        mov bx, 0x0003
        int 0x10
        CHECK_EQ ax, 0x004F, "4F02h(0003h) returns AX=004Fh"
        mov ah, 0x0F
        int 0x10
        and al, 0x7F
        cmp al, 3
        CHECK_Z "AH=0Fh: mode 03h again"
        ret

; flat_fs: FS with a 4 GiB limit ("big real mode": load the selector in protected mode and
; return; the descriptor cache keeps the limit)
flat_fs:
        cli
        lgdt [gdtr]
        mov eax, cr0
        or al, 1
        mov cr0, eax
        jmp $+2
        mov bx, 8
        mov fs, bx
        and al, 0xFE
        mov cr0, eax
        jmp $+2                         ; FS keeps base 0 and the 4 GiB limit
        sti
        ret
        align 8
gdt:    dq 0
        dq 0x00CF92000000FFFF           ; data, base 0, limit 4 GiB
gdtr:   dw 15
        dd gdt
lfb:    dd 0
        align 16
info:   times 512 db 0
minfo:  times 256 db 0

%include "testlib-end.inc"
