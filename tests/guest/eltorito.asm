; eltorito.asm -- El Torito CD boot ("El Torito" Bootable CD-ROM Format Specification 1.0).
; Built twice and put on ISO 9660 images by xorriso at build time:
;   default: no-emulation boot image of 17 virtual sectors (-boot-load-size 17), loaded whole at
;            07C0:0000 (section 2.2: load segment 0 means 7C0h), DL = the CD's drive number;
;            INT 13h 41h/48h (2048-byte sectors)/42h on it: sector 16 is the primary volume
;            descriptor (type 1, "CD001"), sector 17 the boot record ("EL TORITO
;            SPECIFICATION" at offset 7); 4B01h specification packet (section 5.3): size 13h,
;            media 0, the drive, the image LBA from the boot catalog's initial entry.
;   -DFLOPPY: a 1.44 MB floppy image booted through floppy emulation as drive 00h: media type 2,
;            AH=08h geometry 80/2/18, CHS reads of the image's "SECT"+LBA pattern sectors.
%define TEST_NAME "eltorito"
%ifdef FLOPPY
%define TL_FILL
%else
%define TL_PRELOADED
%define IMAGE_SECTORS 17
%endif
%include "testlib.inc"

test_main:
        mov dl, [tl_drive]
%ifdef FLOPPY
        movzx ax, dl
        cmp ax, 0
        CHECK_Z "floppy emulation boots with DL = 00h"
%else
        movzx ax, dl
        cmp al, 0x80
        setae bl
        cmp bl, 1
        CHECK_Z "no-emulation boot: DL is a hard-disk-range drive (E0h here)"
        mov ah, 0x41
        mov bx, 0x55AA
        mov dl, [tl_drive]
        int 0x13
        jc .e41
        cmp bx, 0xAA55
.e41:   mov ax, bx
        CHECK_Z "INT 13h 41h: EDD present (BX = AA55h)"
        mov word [params], 30
        mov ah, 0x48
        mov dl, [tl_drive]
        mov si, params
        int 0x13
        mov ax, [params + 24]
        cmp ax, 2048
        CHECK_Z "INT 13h 48h: 2048 bytes per sector"
        mov eax, 16
        call read_cd
        cmp dword [buf + 1], "CD00"
        jne .pvd
        cmp byte [buf], 1
.pvd:   mov ax, [buf]
        CHECK_Z "42h: sector 16 is the primary volume descriptor (01h CD001)"
        mov eax, 17
        call read_cd
        cmp dword [buf + 7], "EL T"
        jne .brd
        cmp dword [buf + 11], "ORIT"
.brd:   mov ax, [buf]
        CHECK_Z "42h: sector 17 is the El Torito boot record"
        mov eax, [buf + 0x47]           ; boot catalog
        call read_cd
        mov eax, [buf + 0x28]           ; initial entry: load RBA
        mov [rba], eax
%endif
        ; 4B01h: specification packet
        mov ax, 0x4B01
        mov dl, [tl_drive]
        mov si, packet
        int 0x13
        mov ax, 0
        adc ax, 0
        cmp ax, 0
        CHECK_Z "4B01h succeeds"
        movzx ax, byte [packet]
        cmp ax, 0x13
        CHECK_Z "packet size 13h"
        mov al, [packet + 2]
        cmp al, [tl_drive]
        CHECK_Z "packet: drive number = boot drive"
%ifdef FLOPPY
        movzx ax, byte [packet + 1]
        cmp ax, 2
        CHECK_Z "packet: media type 2 (1.44 MB floppy emulation)"
        mov ah, 0x08
        xor dl, dl
        int 0x13
        mov ax, cx
        cmp cx, 0x4F12
        jne .g
        cmp dh, 1
.g:     CHECK_Z "AH=08h: 80 cylinders, 18 sectors, 2 heads"
        ; C=1 H=1 S=5 -> LBA (1*2+1)*18+4 = 58; C=0 H=0 S=18 -> 17
        push ds
        pop es
        mov ax, 0x0201
        mov cx, 0x0105
        mov dx, 0x0100
        mov bx, buf
        int 0x13
        mov ax, [buf + 4]
        cmp dword [buf], "SECT"
        jne .r1
        cmp word [buf + 4], 58
.r1:    CHECK_Z "AH=02h reads image LBA 58 at C1 H1 S5"
        mov ax, 0x0202                  ; two sectors across the CD sector boundary (19, 20)
        mov cx, 0x0002
        mov dx, 0x0100
        mov bx, buf
        int 0x13
        mov ax, [buf + 512 + 4]
        cmp word [buf + 4], 19
        jne .r2
        cmp word [buf + 512 + 4], 20
.r2:    CHECK_Z "AH=02h reads LBA 19 and 20 (C0 H1 S2-3)"
        mov ax, 0x0301
        mov cx, 0x0001
        xor dx, dx
        mov bx, buf
        int 0x13
        mov al, ah
        xor ah, ah
        cmp al, 0x03
        CHECK_Z "AH=03h: write protected (03h)"
%else
        movzx ax, byte [packet + 1]
        cmp ax, 0
        CHECK_Z "packet: media type 0 (no emulation)"
        mov eax, [packet + 4]
        cmp eax, [rba]
        CHECK_Z "packet: image LBA = the catalog's load RBA"
        mov ax, [packet + 12]
        cmp ax, 0x07C0
        CHECK_Z "packet: load segment 07C0h"
        mov ax, [packet + 14]
        cmp ax, 17
        CHECK_Z "packet: 17 sectors loaded"
%endif
        ret

%ifndef FLOPPY
read_cd:                                ; EAX = LBA -> buf (one 2048-byte sector)
        mov [dap + 8], eax
        mov ah, 0x42
        mov dl, [tl_drive]
        mov si, dap
        int 0x13
        ret
dap:    db 16, 0
        dw 1
        dw buf, 0
        dq 0
rba:    dd 0
params: times 30 db 0
%endif
packet: times 20 db 0
        align 16
buf:    times 2048 db 0

%include "testlib-end.inc"
