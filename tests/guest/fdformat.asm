; fdformat.asm -- INT 13h AH=05h format track on a 1.44 MB diskette (IBM PC/AT Technical
; Reference, diskette BIOS FORMAT; RBIL INT 13/AH=05h): ES:BX points at one 4-byte address
; field (C, H, R, N) per sector; every sector of the formatted track then reads back as the
; fill byte of the diskette parameter table (INT 1Eh byte 8, F6h in the standard IBM table),
; in whatever order the IDs were laid down; the other head of the cylinder keeps its data; a
; field list crossing a 64 KiB DMA page is refused with AH=09h (DMA boundary). Booted with
; --snapshot, so the image file is not changed. Every sector after the test body holds
; "SECT" and its LBA (testlib TL_FILL).
%define TEST_NAME "fdformat"
%define TL_FILL
%include "testlib.inc"

CYL     equ 79
SPT     equ 18
BUF     equ 0x1000                      ; segment of an 18-sector read buffer (1000:0000)

test_main:
        ; the parameter table's fill byte
        push es
        xor ax, ax
        mov es, ax
        les bx, [es:0x1E * 4]
        mov al, [es:bx + 8]
        pop es
        mov [fill], al
        movzx ax, al
        cmp ax, 0xF6
        CHECK_Z "INT 1Eh diskette parameter table fill byte is F6h"
        ; before: C=79 H=1 S=1 holds its pattern
        mov dh, 1
        call read_track
        CHECK_Z "read C=79 H=1 before formatting"
        push ds
        push word BUF
        pop ds
        cmp dword [0], "SECT"
        pop ds
        CHECK_Z "C=79 H=1 S=1 holds its 'SECT' pattern before formatting"
        ; address fields with 2:1 interleave: R = 1, 10, 2, 11, ... (N = 2: 512 bytes)
        mov di, fields
        mov cx, SPT
        xor bx, bx
.f:     mov byte [di], CYL
        mov byte [di + 1], 1
        mov al, bl
        shr al, 1
        test bl, 1
        jz .even
        add al, SPT / 2
.even:  inc al
        mov [di + 2], al
        mov byte [di + 3], 2
        add di, 4
        inc bx
        loop .f
        mov ax, 0x0500 + SPT
        mov ch, CYL
        mov dh, 1
        mov dl, [tl_drive]
        mov bx, fields
        int 0x13
        setc al
        movzx bx, al
        mov al, 0
        or ax, bx
        CHECK_Z "AH=05h format C=79 H=1 returns CF=0 AH=00h"
        ; after: every byte of the 18 sectors is the fill byte
        mov dh, 1
        call read_track
        CHECK_Z "read C=79 H=1 after formatting"
        push ds
        push es
        push word BUF
        pop es
        mov al, [fill]
        xor di, di
        mov cx, SPT * 512
        repe scasb
        pop es
        pop ds
        mov ax, cx
        CHECK_Z "all 18 formatted sectors read back as the fill byte (ax = bytes left)"
        ; head 0 of the same cylinder is untouched
        mov dh, 0
        call read_track
        CHECK_Z "read C=79 H=0"
        push ds
        push word BUF
        pop ds
        cmp dword [0], "SECT"
        jne .h0
        cmp dword [4], (CYL * 2 + 0) * SPT
.h0:    pop ds
        CHECK_Z "C=79 H=0 S=1 still holds 'SECT' and its LBA"
        ; a field list crossing a 64 KiB page: 72 bytes at linear 1FFF8h
        push es
        push word 0x1000
        pop es
        mov bx, 0xFFF8
        mov ax, 0x0500 + SPT
        mov ch, CYL
        mov dh, 0
        mov dl, [tl_drive]
        int 0x13
        pop es
        setc al
        cmp ax, 0x0901
        CHECK_Z "AH=05h with the field list across a 64 KiB DMA page: CF=1 AH=09h"
        mov ah, 0x01
        mov dl, [tl_drive]
        int 0x13
        mov al, 0
        cmp ax, 0x0900
        CHECK_Z "AH=01h reports the last status (09h)"
        ret

; read_track: C=CYL, head DH, 18 sectors to BUF:0000 -> ZF=1 when CF=0 and AL=18
read_track:
        push es
        push word BUF
        pop es
        xor bx, bx
        mov ax, 0x0200 + SPT
        mov cx, (CYL << 8) | 1
        mov dl, [tl_drive]
        int 0x13
        pop es
        jc .bad
        cmp al, SPT
        ret
.bad:   or ax, 1                        ; ZF = 0
        ret

fill:   db 0
fields: times SPT * 4 db 0

%include "testlib-end.inc"
