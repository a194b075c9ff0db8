; disk.asm -- INT 13h against sectors of known content. Every sector after the test body holds
; "SECT" and its own LBA. Works on the floppy (default) and, assembled with -DHD, as an
; 8/16/63 hard-disk image (boot with --hda). Geometry comes from AH=08h; CHS is converted the
; standard way (LBA = (C * heads + H) * spt + S - 1). Checks: AH=08h/15h, single and
; multi-sector reads across tracks and heads, a buffer straddling a 64 KiB DMA page, write +
; read back + restore, verify, the status of a read past the track end and AH=01h, EDD
; 41h/42h/48h on hard disks, reset.
%define TEST_NAME "disk"
%ifdef HD
%define IMAGE_SECTORS (8 * 16 * 63)
%endif
%define TL_FILL
%include "testlib.inc"

FIRST_LBA       equ TL_BODY_SECTORS + 1

test_main:
        mov dl, [tl_drive]
        mov ah, 0x08
        push es
        int 0x13
        pop es
        setc al
        cmp al, 0
        CHECK_Z "AH=08h get parameters succeeds"
        mov [ndrives], dl
        mov al, cl
        and al, 0x3F
        movzx ax, al
        mov [spt], ax
        movzx ax, dh
        inc ax
        mov [heads], ax
        mov al, ch
        mov ah, cl
        shr ah, 6
        inc ax
        mov [cyls], ax
        mov ax, [cyls]
        mul word [heads]
        mul word [spt]
        mov [total], ax
%ifdef HD
        cmp word [total], IMAGE_SECTORS
        mov ax, [total]
        setbe al
        cmp al, 1
        CHECK_Z "AH=08h geometry fits the disk"
        mov al, [ndrives]
        cmp al, 1
        CHECK_Z "AH=08h DL = number of hard disks (1)"
        mov ah, 0x15
        mov dl, [tl_drive]
        int 0x13
        mov al, ah
        cmp al, 3
        CHECK_Z "AH=15h reports a fixed disk (03h)"
%else
        cmp bl, 4
        mov ax, bx
        CHECK_Z "AH=08h drive type 4 (1.44 MB)"
        cmp word [total], 2880
        mov ax, [total]
        CHECK_Z "AH=08h geometry 80/2/18"
        mov ah, 0x15
        mov dl, [tl_drive]
        int 0x13
        mov al, ah
        cmp al, 2
        CHECK_Z "AH=15h reports a diskette with change line (02h)"
%endif
        ; single sectors at interesting places
        mov si, lbas
.one:   lodsw
        cmp ax, 0xFFFF
        je .multi
        cmp ax, 0xFFFE
        jne .l1
        mov ax, [total]
        dec ax
.l1:    mov [cur], ax
        push si
        mov cx, 1
        mov bx, 0x1000
        call read_lba
        pop si
        setc al
        cmp al, 0
        CHECK_Z "read one sector (AH=02h)"
        push es
        push word 0x1000
        pop es
        xor di, di
        mov ax, [cur]
        call check_sector
        pop es
        CHECK_Z "sector holds its own LBA"
        jmp .one

.multi: ; 40 sectors from FIRST_LBA in one call when the track allows it, else per track
        mov word [cur], FIRST_LBA
        mov cx, 40
        mov bx, 0x1000
        call read_lba_span
        setc al
        cmp al, 0
        CHECK_Z "multi-sector read across tracks and heads"
        push es
        push word 0x1000
        pop es
        xor di, di
        xor bp, bp
        mov cx, 40
        mov ax, FIRST_LBA
.mc:    call check_sector
        jz .mok
        inc bp
.mok:   add di, 512
        inc ax
        loop .mc
        pop es
        cmp bp, 0
        mov ax, bp
        CHECK_Z "multi-sector read: every sector in place"

        ; 4 sectors into 0FF0:0000 (linear FF00-10700 straddles the 64 KiB DMA page)
        mov word [cur], FIRST_LBA + 2
        mov cx, 4
        mov bx, 0x0FF0
        call read_lba_span
        setc al
        cmp al, 0
        CHECK_Z "read into a buffer straddling 64 KiB"
        push es
        push word 0x0FF0
        pop es
        xor di, di
        xor bp, bp
        mov cx, 4
        mov ax, FIRST_LBA + 2
.bc:    call check_sector
        jz .bok
        inc bp
.bok:   add di, 512
        inc ax
        loop .bc
        pop es
        cmp bp, 0
        mov ax, bp
        CHECK_Z "straddling buffer holds the right data"

        ; write: save sector, write a new pattern, read back, restore
        mov word [cur], FIRST_LBA + 30
        mov cx, 1
        mov bx, 0x2000
        call read_lba
        push es
        push word 0x2100
        pop es
        xor di, di
        mov cx, 512
        mov al, 0xA5
        rep stosb
        pop es
        mov ah, 0x03
        mov bx, 0x2100
        call io_lba
        setc al
        cmp al, 0
        CHECK_Z "write one sector (AH=03h)"
        mov cx, 1
        mov bx, 0x2200
        call read_lba
        push ds
        push es
        push word 0x2200
        pop es
        xor di, di
        mov cx, 512
        mov al, 0xA5
        repe scasb
        pop es
        pop ds
        CHECK_Z "written sector reads back"
        mov ah, 0x03
        mov bx, 0x2000
        call io_lba
        setc al
        cmp al, 0
        CHECK_Z "restore the sector"
        mov ah, 0x04
        mov bx, 0x2000
        call io_lba
        setc al
        cmp al, 0
        CHECK_Z "verify (AH=04h)"

        ; a sector number past the end of the track must fail with an error status
        mov ax, 0x0201
        mov cx, [spt]
        inc cx                          ; cylinder 0, sector spt+1
        xor dh, dh
        mov dl, [tl_drive]
        push word 0x1000
        pop es
        xor bx, bx
        int 0x13
        push 0
        pop es
        mov [err_ah], ah
        setc al
        cmp al, 1
        mov ah, [err_ah]
        CHECK_Z "read of sector spt+1 sets CF"
        mov al, [err_ah]
        cmp al, 0x04
        je .e4
        cmp al, 0x02                    ; diskettes may report a missing address mark
.e4:    CHECK_Z "that read returns AH=04h (or 02h)"
        mov ah, 0x01
        mov dl, [tl_drive]
        int 0x13
        mov al, ah
        cmp al, [err_ah]
        CHECK_Z "AH=01h returns the last status"

%ifdef HD
        ; EDD
        mov ah, 0x41
        mov bx, 0x55AA
        mov dl, [tl_drive]
        int 0x13
        setc al
        cmp al, 0
        CHECK_Z "AH=41h EDD installation check"
        cmp bx, 0xAA55
        mov ax, bx
        CHECK_Z "AH=41h BX = AA55h"
        test cl, 1
        setnz al
        cmp al, 1
        mov ax, cx
        CHECK_Z "AH=41h CX bit 0 (42h-44h, 47h, 48h)"
        mov word [dap + 2], 3
        mov word [dap + 4], 0
        mov word [dap + 6], 0x3000
        mov dword [dap + 8], FIRST_LBA + 100
        mov ah, 0x42
        mov dl, [tl_drive]
        mov si, dap
        int 0x13
        setc al
        cmp al, 0
        CHECK_Z "AH=42h extended read"
        cmp word [dap + 2], 3
        mov ax, [dap + 2]
        CHECK_Z "AH=42h block count = 3"
        push es
        push word 0x3000
        pop es
        mov di, 1024
        mov ax, FIRST_LBA + 102
        call check_sector
        pop es
        CHECK_Z "AH=42h data is right"
        mov word [edd], 0x1E
        mov ah, 0x48
        mov dl, [tl_drive]
        mov si, edd
        int 0x13
        setc al
        cmp al, 0
        CHECK_Z "AH=48h get drive parameters"
        cmp dword [edd + 16], IMAGE_SECTORS
        mov ax, [edd + 16]
        CHECK_Z "AH=48h total sectors = image size"
        cmp word [edd + 24], 512
        CHECK_Z "AH=48h 512 bytes per sector"
        ; no second disk
        mov ah, 0x02
        mov al, 1
        mov cx, 1
        xor dh, dh
        mov dl, 0x81
        mov bx, 0x1000
        push word 0x1000
        pop es
        int 0x13
        push 0
        pop es
        setc al
        cmp al, 1
        CHECK_Z "read from missing disk 81h sets CF"
%endif
        xor ah, ah
        mov dl, [tl_drive]
        int 0x13
        setc al
        cmp al, 0
        CHECK_Z "AH=00h reset"
        ret

; lba_to_chs: AX = LBA -> CX, DH for INT 13h (DL = drive)
lba_to_chs:
        xor dx, dx
        div word [spt]
        inc dx
        mov cl, dl                      ; sector
        xor dx, dx
        div word [heads]
        mov dh, dl                      ; head
        mov ch, al
        shl ah, 6
        or cl, ah
        mov dl, [tl_drive]
        ret

; read_lba: [cur] = LBA, CX = count (same track), BX = segment (offset 0)
read_lba:
        mov [count_tmp], cl
        mov ah, 0x02
io_lba: push es
        push ax
        mov es, bx
        xor bx, bx
        mov ax, [cur]
        call lba_to_chs
        pop ax
        mov al, 1
        cmp ah, 0x02
        jne .i
        mov al, [count_tmp]
.i:     int 0x13
        pop es
        ret

; read_lba_span: [cur] = LBA, CX = count, BX = segment; whole tracks per call
read_lba_span:
.next:  jcxz .done
        mov ax, [cur]
        xor dx, dx
        div word [spt]
        mov ax, [spt]
        sub ax, dx                      ; sectors left on this track
        cmp ax, cx
        jbe .n
        mov ax, cx
.n:     mov [count_tmp], al
        push cx
        push bx
        push ax
        mov ah, 0x02
        call io_lba
        pop ax
        pop bx
        pop cx
        jc .ret
        sub cx, ax
        add [cur], ax
        shl ax, 5
        add bx, ax
        jmp .next
.done:  clc
.ret:   ret

; check_sector: ES:DI = sector, AX = expected LBA -> ZF=1 if it is "SECT" + LBA
check_sector:
        cmp dword [es:di], 'SECT'
        jne .r
        cmp [es:di + 4], ax
        jne .r
        cmp word [es:di + 6], 0
.r:     ret

lbas:   dw FIRST_LBA, FIRST_LBA + 1, 18, 35, 36, 37, 100, 0xFFFE, 0xFFFF
spt:    dw 0
heads:  dw 0
cyls:   dw 0
total:  dw 0
cur:    dw 0
count_tmp: db 1
ndrives: db 0
err_ah: db 0
        align 4
dap:    db 0x10, 0
        dw 0, 0, 0
        dq 0
edd:    times 0x1E db 0

%include "testlib-end.inc"
