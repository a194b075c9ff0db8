; eltorito-hd.asm -- El Torito hard-disk emulation ("El Torito" Bootable CD-ROM Format
; Specification 1.0): this 20/4/16 hard-disk image (1280 sectors, MBR with one partition from
; C0 H2 S1 to C19 H3 S16) is put on an ISO by xorriso with -hard-disk-boot (boot media type 4)
; and booted with a real hard disk (disk-hd.img, 8/16/63) on the primary master:
;   - the image boots as drive 80h (section 2.2/3.0: the emulated drive takes 80h, the real
;     hard disks move up), its geometry is the one its partition table's ending CHS gives
;     (AH=08h: 20 cylinders, 4 heads, 16 sectors; DL = 2 hard disks; AH=15h: fixed disk,
;     1280 sectors); CHS reads find the "SECT"+LBA pattern, across heads and cylinders;
;   - the image is read-only (AH=03h write: CF=1, AH=03h write protected);
;   - AX=4B01h (section 5.3, Table 12): packet size 13h, media type 4, drive 80h;
;   - the real disk answers as 81h (its own 16 heads / 63 sectors, its own sectors); 40:75 = 2;
;   - after AX=4B00h (terminate emulation) it is 80h again and 40:75 = 1.
%define TEST_NAME "eltorito-hd"
%define IMAGE_SECTORS (20 * 4 * 16)
%define TL_FILL
%macro TL_MBR 0
        ; partition entry (IBM PC MBR): status, start CHS, type, end CHS, start LBA, sectors
        db 0x80, 2, 1, 0                ; active; start head 2, sector 1, cylinder 0
        db 0x01                         ; FAT12
        db 3, 16, 19                    ; end head 3, sector 16 (cylinder bits 9-8 = 0), cyl 19
        dd 32, 1280 - 32
        times 48 db 0
%endmacro
%include "testlib.inc"

HD_LBA_PATTERN  equ 0                   ; disk-hd.img holds "SECT"+LBA from LBA 17 on (its TL_FILL)

test_main:
        movzx ax, byte [tl_drive]
        cmp ax, 0x80
        CHECK_Z "hard-disk emulation boots with DL = 80h"
        ; AH=08h on the emulated drive
        mov ah, 0x08
        mov dl, 0x80
        push es
        int 0x13
        pop es
        setc al
        mov ah, 0
        cmp ax, 0
        CHECK_Z "AH=08h on 80h succeeds"
        mov ax, cx
        cmp ax, (19 << 8) | 16
        CHECK_Z "AH=08h on 80h: CH = 19 (last cylinder), CL = 16 sectors"
        movzx ax, dh
        cmp ax, 3
        CHECK_Z "AH=08h on 80h: DH = 3 (last head)"
        movzx ax, dl
        cmp ax, 2
        CHECK_Z "AH=08h: DL = 2 hard disks (the image and the real disk)"
        mov ah, 0x15
        mov dl, 0x80
        int 0x13
        mov al, ah
        mov ah, 0
        cmp ax, 3
        jne .t15
        cmp cx, 0
        jne .t15
        cmp dx, 1280
.t15:   CHECK_Z "AH=15h on 80h: fixed disk (03h), CX:DX = 1280 sectors"
        ; CHS reads: C0 H3 S16 and the next sector C1 H0 S1 (LBA 63, 64)
        mov ax, 0x0202
        mov cx, 0x0010
        mov dx, 0x0380
        mov bx, buf
        int 0x13
        setc al
        mov ah, 0
        CHECK_EQ ax, 0, "AH=02h two sectors from C0 H3 S16 (across a cylinder)"
        mov eax, 63
        mov si, buf
        call pattern
        CHECK_Z "C0 H3 S16 is LBA 63"
        mov eax, 64
        mov si, buf + 512
        call pattern
        CHECK_Z "C1 H0 S1 is LBA 64"
        mov ax, 0x0201
        mov cx, (5 << 8) | 7
        mov dx, 0x0280
        mov bx, buf
        int 0x13
        mov eax, (5 * 4 + 2) * 16 + 6
        mov si, buf
        call pattern
        CHECK_Z "C5 H2 S7 is LBA 358"
        mov ax, 0x0301
        mov cx, 0x0001
        mov dx, 0x0080
        mov bx, buf
        int 0x13
        setc al
        cmp ax, 0x0301
        CHECK_Z "AH=03h on the CD image: CF=1, AH=03h (write protected)"
        ; 4B01h status
        mov ax, 0x4B01
        mov dl, 0x80
        mov si, spec
        int 0x13
        setc al
        movzx ax, al
        CHECK_EQ ax, 0, "AX=4B01h succeeds"
        movzx ax, byte [spec]
        CHECK_EQ ax, 0x13, "4B01h packet size 13h"
        movzx ax, byte [spec + 1]
        CHECK_EQ ax, 4, "4B01h media type 4 (hard disk)"
        movzx ax, byte [spec + 2]
        CHECK_EQ ax, 0x80, "4B01h drive 80h"
        ; the real disk as 81h
        push ds
        push word 0x40
        pop ds
        movzx ax, byte [0x75]
        pop ds
        CHECK_EQ ax, 2, "40:75 counts 2 hard disks"
        mov dl, 0x81
        call real_disk
        ; terminate the emulation: the real disk is 80h again
        mov ax, 0x4B00
        mov dl, 0x80
        mov si, spec
        int 0x13
        setc al
        movzx ax, al
        CHECK_EQ ax, 0, "AX=4B00h (terminate emulation) succeeds"
        push ds
        push word 0x40
        pop ds
        movzx ax, byte [0x75]
        pop ds
        CHECK_EQ ax, 1, "40:75 counts 1 hard disk after 4B00h"
        mov dl, 0x80
        call real_disk
        ret

; real_disk: DL = the number the real 8/16/63 disk should answer to
real_disk:
        mov [rd_drive], dl
        mov ah, 0x08
        push es
        int 0x13
        pop es
        mov al, cl
        and al, 0x3F
        mov ah, dh
        cmp ax, (15 << 8) | 63
        CHECK_Z "real disk: AH=08h 16 heads, 63 sectors"
        mov ax, 0x0201
        mov cx, 18                      ; C0 H0 S18 = LBA 17
        mov dh, 0
        mov dl, [rd_drive]
        mov bx, buf
        int 0x13
        mov eax, 17
        mov si, buf
        call pattern
        CHECK_Z "real disk: C0 H0 S18 holds its 'SECT' pattern for LBA 17"
        ret

; pattern: DS:SI = sector, EAX = LBA -> ZF when it is "SECT" + LBA
pattern:
        cmp dword [si], "SECT"
        jne .r
        cmp [si + 4], eax
.r:     ret

rd_drive: db 0
spec:   times 20 db 0
        align 16
buf:    times 1024 db 0

%include "testlib-end.inc"
