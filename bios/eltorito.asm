; eltorito.asm -- CD-ROM boot ("El Torito" Bootable CD-ROM Format Specification 1.0, Phoenix/IBM
; 1995) from the first ATAPI device: ATAPI PACKET READ(10) (ATA/ATAPI-5 8.21 and MMC-2 6.1.15,
; PIO data-in, byte count limit 2048 so each DRQ block is one sector), the boot record volume
; descriptor (sector 17), the boot catalog's validation and initial/default entries,
; no-emulation boot (drive E0h, INT 13h EDD 41h/42h/48h with 2048-byte sectors), floppy
; emulation (drive 00h mapped to the image inside the CD), hard-disk emulation (drive 80h, the
; real hard disks move up to 81h+; geometry from the image's partition table), INT 13h
; AX=4B00h/4B01h.

CD_DRIVE        equ 0xE0

; atapi_read: EAX = CD LBA, CX = 2048-byte sectors, ES:DI = buffer, ESI = 16-bit words to skip
; at the start, EBX = words to store (the rest is read and dropped). DS = anything.
; CF=1 and AH = INT 13h status on error. Retries twice after a REQUEST SENSE (unit attention).
atapi_read:
        push bp
        mov bp, 3
.try:   call atapi_read1
        jnc .ok
        dec bp
        jz .fail
        call atapi_sense
        jmp .try
.fail:  stc
.ok:    pop bp
        ret

; atapi_sense: REQUEST SENSE (18 bytes, discarded) -- clears a pending unit attention
atapi_sense:
        pushad
        push es
        mov al, 0x03
        call atapi_cmd_simple
        pop es
        popad
        ret

; atapi_select_wait: DX = base, BX = control: select the device, wait for BSY=0 and DRQ=0
atapi_select_wait:
        push ax
        push ds
        push BDA_SEG
        pop ds
        mov ds, [BDA_EBDA]
        mov al, [EB_CDSEL]
        pop ds
        add dx, 6
        out dx, al
        sub dx, 6
        call ata_delay400
        call ata_wait_nbsy
        pop ax
        ret

; atapi_packet: DX = base, BX = control, DS:SI = 12-byte packet. Issues PACKET with a byte
; count limit of 2048 and sends the packet. CF=1 on error.
atapi_packet:
        push ax
        push cx
        call atapi_select_wait
        jc .err
        push dx
        inc dx
        xor al, al
        out dx, al                      ; features: PIO
        add dx, 3
        out dx, al                      ; byte count limit low = 00h
        inc dx
        mov al, 0x08
        out dx, al                      ; byte count limit high = 08h (2048)
        add dx, 2
        mov al, 0xA0
        out dx, al                      ; PACKET
        pop dx
        call ata_delay400
        call ata_wait_drq               ; the device asks for the command packet
        jc .err
        mov cx, 6
        rep outsw
        pop cx
        pop ax
        clc
        ret
.err:   pop cx
        pop ax
        stc
        ret

; atapi_cmd_simple: AL = opcode of a command with a short data-in reply (dropped)
atapi_cmd_simple:
        push ds
        push es
        call get_ebda
        mov dx, [es:EB_CDBASE]
        mov bx, [es:EB_CDCTRL]
        push ss
        pop ds
        sub sp, 12
        mov si, sp
        mov dword [si], 0
        mov dword [si + 4], 0
        mov dword [si + 8], 0
        mov [si], al
        mov byte [si + 4], 18           ; allocation length
        call atapi_packet
        jc .r
.blk:   call ata_wait_nbsy
        jc .r
        test al, 0x08
        jz .r
        push dx
        add dx, 4
        in al, dx
        mov cl, al
        inc dx
        in al, dx
        mov ch, al
        pop dx
        shr cx, 1
.d:     in ax, dx
        loop .d
        jmp .blk
.r:     add sp, 12
        pop es
        pop ds
        ret

atapi_read1:
        pushad
        push ds
        push es
        mov bp, sp                      ; [bp+0] ES, [bp+2] DS, [bp+4] PUSHAD frame (EDI first)
        sub sp, 16                      ; [bp-12] CDB, [bp-14] control port
        call get_ebda
        mov dx, [es:EB_CDBASE]
        mov bx, [es:EB_CDCTRL]
        mov [bp-14], bx
        mov es, [bp+0]
        push ss
        pop ds
        lea si, [bp-12]
        ; CDB READ(10) (MMC-2 6.1.15): 28h, flags, LBA (big endian), group, length (big endian),
        ; control
        mov eax, [bp+4+28]              ; EAX: LBA
        bswap eax
        mov byte [si], 0x28
        mov byte [si+1], 0
        mov [si+2], eax
        mov byte [si+6], 0
        mov cx, [bp+4+24]               ; CX: sectors
        mov [si+7], ch
        mov [si+8], cl
        mov byte [si+9], 0
        mov word [si+10], 0
        call atapi_packet
        jc .err
        mov esi, [bp+4+4]               ; words to skip
        mov ebx, [bp+4+16]              ; words to store
        mov di, [bp+4+0]                ; buffer offset
        movzx ecx, word [bp+4+24]
.sect:  jecxz .end
        call ata_wait_nbsy
        jc .err
        test al, 0x01
        jnz .err
        test al, 0x08
        jz .err                         ; no data although sectors remain
        mov ax, di                      ; normalise ES:DI: a 2048-byte store cannot wrap
        shr ax, 4
        push dx
        mov dx, es
        add ax, dx
        mov es, ax
        pop dx
        and di, 0x0F
        push ecx
        mov cx, 1024                    ; words in this sector (one DRQ block)
.w:     test esi, esi
        jz .st
        in ax, dx                       ; skipped
        dec esi
        loop .w
        jmp .sd
.st:    test ebx, ebx
        jz .drop
        push ecx                        ; store min(CX, EBX) words
        movzx ecx, cx
        cmp ecx, ebx
        jbe .n
        mov ecx, ebx
.n:     sub ebx, ecx
        mov ax, cx
        rep insw
        pop ecx
        sub cx, ax
        jz .sd
.drop:  in ax, dx
        loop .drop
.sd:    pop ecx
        dec ecx
        jmp .sect
.end:   call ata_wait_nbsy
        jc .err
        test al, 0x09                   ; ERR, or DRQ still set
        jnz .err
        mov sp, bp
        pop es
        pop ds
        popad
        xor ah, ah
        clc
        ret
.err:   mov sp, bp
        pop es
        pop ds
        popad
        mov ah, E_NOTREADY
        stc
        ret

; ---------------------------------------------------------------------------------------
; cd_boot (INT 19h, device 3): returns only when the CD did not boot. DS = 0.
CD_BUF_SEG      equ SCRATCH_SEG         ; 2 KiB sector buffer (free once POST is over)
cd_boot:
        call get_ebda
        mov dx, [es:EB_CDBASE]
        test dx, dx
        jnz .have
        mov si, msg_nocd
        jmp print_str
.have:  mov si, msg_bootcd
        call print_str
        ; boot record volume descriptor: sector 17 (El Torito 1.0 section 2.0, Figure 7)
        mov eax, 17
        call cd_read_buf
        jc .rderr
        push ds
        push CD_BUF_SEG
        pop ds
        xor si, si
        cmp byte [si], 0                ; boot record indicator
        jne .nobrvd
        cmp dword [si + 1], "CD00"      ; ISO 9660 standard identifier "CD001"
        jne .nobrvd
        cmp word [si + 5], 0x0131       ; "1", version 1
        jne .nobrvd
        mov si, 7
        mov di, s_eltorito
.cmp:   mov al, [cs:di]
        test al, al
        jz .brvd
        cmp al, [si]
        jne .nobrvd
        inc si
        inc di
        jmp .cmp
.nobrvd:
        pop ds
        mov si, msg_nobrvd
        jmp print_str
.brvd:  mov eax, [0x47]                 ; boot catalog LBA
        pop ds
        call cd_read_buf
        jc .rderr
        push ds
        push CD_BUF_SEG
        pop ds
        ; validation entry (section 2.1): header 01h, key bytes 55h AAh, words sum to 0
        cmp byte [0], 0x01
        jne .badcat
        cmp word [0x1E], 0xAA55
        jne .badcat
        xor si, si
        xor ax, ax
        mov cx, 16
.sum:   add ax, [si]
        add si, 2
        loop .sum
        test ax, ax
        jnz .badcat
        ; initial/default entry (section 2.2): 88h = bootable
        cmp byte [0x20], 0x88
        jne .badcat
        mov al, [0x21]                  ; boot media type
        and al, 0x0F
        mov bx, [0x22]                  ; load segment
        mov cx, [0x26]                  ; sector count (512-byte virtual sectors)
        mov edx, [0x28]                 ; load RBA
        pop ds
        test bx, bx
        jnz .seg
        mov bx, 0x07C0
.seg:   test cx, cx
        jnz .cnt
        inc cx
.cnt:   mov [es:EB_EMMEDIA], al
        mov [es:EB_EMLOADSEG], bx
        mov [es:EB_EMCOUNT], cx
        mov [es:EB_EMLBA], edx
        cmp al, 4
        ja .unsupported
        je .hdemul
        test al, al
        jnz .floppy
        ; ---- no emulation: count x 512 bytes from the image's first sector, drive E0h ----
        mov byte [es:EB_EMDRIVE], CD_DRIVE
        push es
        mov es, bx
        xor di, di
        movzx ebx, cx
        shl ebx, 8                      ; words to store
        add cx, 3
        shr cx, 2                       ; CD sectors
        mov eax, edx
        xor esi, esi
        call atapi_read
        pop es
        jc .rderr
        mov byte [es:EB_EMACTIVE], 1
        mov dl, CD_DRIVE
        mov bx, [es:EB_EMLOADSEG]
        jmp .go
.hdemul:
        ; ---- hard-disk emulation (section 2.2, media type 4): the image is a hard disk whose
        ; master boot record holds one partition; the emulated drive's geometry is what that
        ; partition's ending CHS says (heads = end head + 1, sectors = end sector, cylinders =
        ; end cylinder + 1). The image becomes drive 80h; the real hard disks move up by one.
        mov eax, edx
        call cd_read_buf
        jc .rderr
        push ds
        push CD_BUF_SEG
        pop ds
        cmp word [0x1FE], 0xAA55
        jne .badmbr
        mov si, 0x1BE                   ; the first partition entry in use
.pe:    cmp byte [si + 4], 0
        jne .pfound
        add si, 16
        cmp si, 0x1FE
        jb .pe
        jmp .badmbr
.pfound:
        mov al, [si + 5]                ; ending head
        mov ah, [si + 6]                ; ending sector (bits 5-0), cylinder bits 9-8 (7-6)
        mov cl, [si + 7]                ; ending cylinder bits 7-0
        pop ds
        test ah, 0x3F
        jz .badgeo
        inc al
        mov [es:EB_EMHEADS], al
        mov al, ah
        and al, 0x3F
        mov [es:EB_EMSPT], al
        shr ah, 6
        mov al, cl
        inc ax
        mov [es:EB_EMCYLS], ax
        mov byte [es:EB_EMDRIVE], 0x80
        mov byte [es:EB_EMACTIVE], 1
        push ds
        push BDA_SEG
        pop ds
        inc byte [BDA_HD_COUNT]
        pop ds
        mov cx, [es:EB_EMCOUNT]
        cmp cx, 127
        jbe .c3
        mov cx, 127
.c3:    mov ax, cx
        mov ah, 0x02
        mov cx, 0x0001
        mov dx, 0x0080
        push es
        mov es, [es:EB_EMLOADSEG]
        xor bx, bx
        int 0x13
        pop es
        jc .rderr
        mov dl, 0x80
        mov bx, [es:EB_EMLOADSEG]
        jmp .go
.badmbr:
        pop ds
.badgeo:
        mov si, msg_hdemul
        jmp print_str
.floppy:
        ; ---- floppy emulation (section 3.0): 1 = 1.2 MB, 2 = 1.44 MB, 3 = 2.88 MB ----
        mov byte [es:EB_EMDRIVE], 0x00
        movzx si, al
        mov al, [cs:si + cd_fd_spt - 1]
        mov [es:EB_EMSPT], al
        mov byte [es:EB_EMHEADS], 2
        mov word [es:EB_EMCYLS], 80
        mov byte [es:EB_EMACTIVE], 1
        push ds
        push BDA_SEG
        pop ds
        test byte [BDA_EQUIP], 1        ; make sure a diskette drive is reported
        jnz .eq
        or byte [BDA_EQUIP], 1
        and byte [BDA_EQUIP], 0x3F
.eq:    pop ds
        ; load the first sectors of the image through the emulated drive
        mov cx, [es:EB_EMCOUNT]
        cmp cx, 127
        jbe .c2
        mov cx, 127
.c2:    mov ax, cx
        mov ah, 0x02
        mov cx, 0x0001
        xor dx, dx
        push es
        mov es, [es:EB_EMLOADSEG]
        xor bx, bx
        int 0x13
        pop es
        jc .rderr
        xor dl, dl
        mov bx, [es:EB_EMLOADSEG]
.go:    mov si, msg_crlf
        call print_str
        ; hand over at load segment:0000 (= 0000:7C00 for the default segment), DL = drive
        push bx
        push word 0
        xor ax, ax
        mov ds, ax
        mov es, ax
        xor dh, dh
        xor bx, bx
        xor cx, cx
        xor si, si
        xor di, di
        xor bp, bp
        retf
.badcat:
        pop ds
        mov si, msg_badcat
        jmp print_str
.unsupported:
        mov si, msg_hdemul
        jmp print_str
.rderr: mov si, msg_readfail
        jmp print_str

cd_fd_spt:      db 15, 18, 36
s_eltorito:     db "EL TORITO SPECIFICATION", 0

; cd_read_buf: EAX = LBA -> one sector at CD_BUF_SEG:0000. CF on error.
cd_read_buf:
        push es
        pushad
        push CD_BUF_SEG
        pop es
        xor di, di
        mov cx, 1
        xor esi, esi
        mov ebx, 1024
        call atapi_read
        popad
        pop es
        ret

; ---------------------------------------------------------------------------------------
; cd_int13: INT 13h for the El Torito drive (called by int13_handler when DL = EB_EMDRIVE and
; emulation is active). Frame at BP, DS = BDA, ES = EBDA, AH = function.
; Returns CF/AH like the other drivers.
cd_int13:
        cmp ah, 0x4B
        je .status
        cmp ah, 0x00
        je .ok
        cmp ah, 0x01
        je .laststat
        cmp byte [es:EB_EMDRIVE], CD_DRIVE
        jne cd_fd_int13
        ; ---- no-emulation drive E0h: EDD (Phoenix EDD 3.0) with 2048-byte sectors ----
        cmp ah, 0x41
        je .check
        cmp ah, 0x42
        je .read
        cmp ah, 0x43
        je .wp
        cmp ah, 0x44
        je .ok
        cmp ah, 0x47
        je .ok
        cmp ah, 0x48
        je .params
        cmp ah, 0x15
        je .type
.bad:   mov ah, E_BADCMD
        stc
        ret
.wp:    mov ah, E_WRPROT
        stc
        ret
.ok:    xor ah, ah
        clc
        ret
.laststat:
        mov ah, [es:EB_EMSTATUS]
        clc
        ret
.type:  mov ah, 0x02                    ; removable with change line
        clc
        ret
.check: cmp word [bp+R_BX], 0x55AA
        jne .bad
        mov word [bp+R_BX], 0xAA55
        mov word [bp+R_CX], 0x0001      ; fixed-disk access subset (42h-44h, 47h, 48h)
        mov ah, 0x30                    ; EDD 3.0
        clc
        ret
.read:  ; DS:SI = disk address packet: size, 0, count (word), buffer (far), LBA (qword)
        push ds
        mov ds, [bp+R_DS]
        mov si, [bp+R_SI]
        movzx ecx, word [si + 2]
        mov di, [si + 4]
        mov ax, [si + 6]
        mov eax, [si + 8]
        push word [si + 6]
        pop es
        pop ds
        jcxz .ok
        mov ebx, ecx
        shl ebx, 10                     ; words
        xor esi, esi
        call atapi_read
        jc .rerr
        clc
        ret
.rerr:  push ds
        mov ds, [bp+R_DS]
        mov si, [bp+R_SI]
        mov word [si + 2], 0
        pop ds
        stc
        ret
.params:
        push ds
        mov ds, [bp+R_DS]
        mov si, [bp+R_SI]
        mov ax, [si]
        cmp ax, 26
        jb .perr
        mov word [si], 26
        mov word [si + 2], 0x0074       ; removable, change line, lockable, CHS not valid
        mov dword [si + 4], 0xFFFFFFFF
        mov dword [si + 8], 0xFFFFFFFF
        mov dword [si + 12], 0xFFFFFFFF
        mov dword [si + 16], 0xFFFFFFFF ; total sectors: unknown (removable media)
        mov dword [si + 20], 0
        mov word [si + 24], 2048        ; bytes per sector
        cmp ax, 30
        jb .p2
        mov word [si], 30
        mov dword [si + 26], 0xFFFFFFFF ; no device parameter table extension
.p2:    pop ds
        xor ah, ah
        clc
        ret
.perr:  pop ds
        mov ah, E_BADCMD
        stc
        ret
.status:
        ; AX=4B00h terminate emulation / 4B01h get status: 13h-byte specification packet at
        ; DS:SI (El Torito 1.0 section 5.3, Table 12)
        cmp byte [bp+R_AL], 1
        ja .bad
        push ds
        mov ds, [bp+R_DS]
        mov di, [bp+R_SI]
        mov byte [di], 0x13
        mov al, [es:EB_EMMEDIA]
        mov [di + 1], al
        mov al, [es:EB_EMDRIVE]
        mov [di + 2], al
        mov ax, [es:EB_CDBASE]
        cmp ax, 0x1F0
        setne al
        mov [di + 3], al                ; controller index
        mov eax, [es:EB_EMLBA]
        mov [di + 4], eax
        mov al, [es:EB_CDSEL]
        shr al, 4
        and ax, 1
        mov [di + 8], ax                ; device: 0 master, 1 slave
        mov word [di + 10], 0           ; no user buffer
        mov ax, [es:EB_EMLOADSEG]
        mov [di + 12], ax
        mov ax, [es:EB_EMCOUNT]
        mov [di + 14], ax
        mov ax, [es:EB_EMCYLS]
        dec ax
        mov [di + 16], al               ; cylinders (low 8 bits of the maximum)
        shl ah, 6
        or ah, [es:EB_EMSPT]
        mov [di + 17], ah               ; sectors per track, cylinder bits 8-9
        mov al, [es:EB_EMHEADS]
        dec al
        mov [di + 18], al
        pop ds
        cmp byte [bp+R_AL], 0
        jne .ok
        mov byte [es:EB_EMACTIVE], 0    ; terminate
        cmp byte [es:EB_EMDRIVE], 0x80
        jne .ok
        dec byte [BDA_HD_COUNT]         ; the real hard disks are 80h+ again
        jmp .ok

; cd_fd_int13: the floppy-emulation drive (00h) or the hard-disk-emulation drive (80h), CHS
; over the image; writes fail as write-protected (the image is on a CD)
cd_fd_int13:
        cmp ah, 0x02
        je .read
        cmp ah, 0x04
        je .verify
        cmp ah, 0x03
        je .wp
        cmp ah, 0x05
        je .wp
        cmp byte [es:EB_EMMEDIA], 4
        jne .fdonly
        cmp ah, 0x08
        je .hdparams
        cmp ah, 0x15
        je .hdtype
        cmp ah, 0x0C                    ; seek, alternate reset, test ready, recalibrate
        je .ok
        cmp ah, 0x0D
        je .ok
        cmp ah, 0x10
        je .ok
        cmp ah, 0x11
        je .ok
        mov ah, E_BADCMD
        stc
        ret
.fdonly:
        cmp ah, 0x08
        je .params
        cmp ah, 0x15
        je .type
        cmp ah, 0x16
        je .ok
        cmp ah, 0x17
        je .ok
        cmp ah, 0x18
        je .ok
        mov ah, E_BADCMD
        stc
        ret
.wp:    mov ah, E_WRPROT
        stc
        ret
.ok:    xor ah, ah
        clc
        ret
.type:  mov ah, 0x01                    ; diskette, no change line
        clc
        ret
.params:
        xor ax, ax
        mov [bp+R_AX], ax
        mov al, [es:EB_EMMEDIA]
        movzx si, al
        mov al, [cs:si + .types - 1]
        mov [bp+R_BL], al
        call .geometry
        mov byte [bp+R_DL], 1
        mov word [bp+R_DI], diskette_params
        mov word [bp+R_ES], BIOS_SEG
        xor ah, ah
        clc
        ret
.types: db 2, 4, 6                      ; CMOS drive types 1.2M, 1.44M, 2.88M
.geometry:                              ; caller's CH/CL/DH = max cylinder/sector/head (AH=08h)
        mov ax, [es:EB_EMCYLS]
        dec ax
        mov [bp+R_CH], al
        shl ah, 6
        or ah, [es:EB_EMSPT]
        mov [bp+R_CL], ah
        mov al, [es:EB_EMHEADS]
        dec al
        mov [bp+R_DH], al
        ret
.hdparams:                              ; fixed disk AH=08h: CH/CL/DH geometry, DL = disks
        mov word [bp+R_AX], 0
        call .geometry
        mov al, [BDA_HD_COUNT]
        mov [bp+R_DL], al
        xor ah, ah
        clc
        ret
.hdtype:                                ; AH=15h: 03h fixed disk, CX:DX = sectors
        movzx eax, word [es:EB_EMCYLS]
        movzx edx, byte [es:EB_EMHEADS]
        imul eax, edx
        movzx edx, byte [es:EB_EMSPT]
        imul eax, edx
        mov [bp+R_DX], ax
        shr eax, 16
        mov [bp+R_CX], ax
        mov ah, 0x03
        clc
        ret
.chs:   ; -> EAX = LBA of the first sector, CF when outside the geometry
        movzx ecx, byte [bp+R_CL]
        and cl, 0x3F
        jz .range
        cmp cl, [es:EB_EMSPT]
        ja .range
        movzx eax, byte [bp+R_CH]
        mov dl, [bp+R_CL]
        shr dl, 6
        mov ah, dl
        cmp ax, [es:EB_EMCYLS]
        jae .range
        movzx edx, byte [es:EB_EMHEADS]
        imul eax, edx
        movzx edx, byte [bp+R_DH]
        cmp dl, [es:EB_EMHEADS]
        jae .range
        add eax, edx
        movzx edx, byte [es:EB_EMSPT]
        imul eax, edx
        add eax, ecx
        dec eax
        clc
        ret
.range: stc
        ret
.verify:
        call .chs
        jc .nf
        jmp .ok
.read:  call .chs
        jc .nf
        movzx ecx, byte [bp+R_AL]
        test ecx, ecx
        jz .ok
        ; CD sector = image LBA + lba / 4; skip (lba mod 4) * 256 words; store count * 256
        mov esi, eax
        and esi, 3
        shl esi, 8
        mov ebx, ecx
        shl ebx, 8
        shr eax, 2
        add eax, [es:EB_EMLBA]
        push eax
        mov eax, esi
        add eax, ebx
        add eax, 1023
        shr eax, 10
        mov ecx, eax                    ; CD sectors
        pop eax
        push es
        mov es, [bp+R_ES]
        mov di, [bp+R_BX]
        call atapi_read
        pop es
        jc .err
        xor ah, ah
        clc
        ret
.nf:    mov ah, E_NOTFOUND
        stc
        ret
.err:   mov byte [bp+R_AL], 0
        stc
        ret

msg_bootcd:     db "Booting from CD-ROM...", 0
msg_nobrvd:     db " no El Torito boot record", 10, 0
msg_badcat:     db " invalid boot catalog", 10, 0
msg_hdemul:     db " hard-disk emulation image without a valid partition table", 10, 0
