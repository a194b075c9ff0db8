; ata.asm -- fixed disks on the ATA channels (PIO, polled; nIEN set). Detection with
; IDENTIFY DEVICE (ATA/ATAPI-5 8.15), LBA28 READ/WRITE/VERIFY SECTORS, CHS for devices without
; LBA. INT 13h fixed-disk functions (IBM PC/AT Technical Reference) and the Phoenix Enhanced
; Disk Drive Specification 3.0 extensions (41h-44h, 47h, 48h).

ata_channels:   dw 0x1F0, 0x3F6, 0x170, 0x376, 0

ATA_TIMEOUT     equ 0x400000            ; status polls before giving up

; ata_delay400: four reads of the alternate status register (BX = control port)
ata_delay400:
        push ax
        push dx
        mov dx, bx
        in al, dx
        in al, dx
        in al, dx
        in al, dx
        pop dx
        pop ax
        ret

; ata_wait_nbsy: DX = command block base -> AL = status once BSY clears; CF=1 on timeout
ata_wait_nbsy:
        push ecx
        push dx
        add dx, 7
        mov ecx, ATA_TIMEOUT
.w:     in al, dx
        test al, 0x80
        jz .ok
        dec ecx
        jnz .w
        pop dx
        pop ecx
        stc
        ret
.ok:    pop dx
        pop ecx
        clc
        ret

; ata_detect (POST): probe master and slave of both channels, fill the EBDA disk table,
; the fixed disk parameter tables (INT 41h/46h) and 40:75, and print one line per device.
ata_detect:
        push ds
        push es
        mov ax, BDA_SEG
        mov ds, ax
        call get_ebda
        mov si, ata_channels
.chan:  mov dx, [cs:si]
        test dx, dx
        jz .done
        mov bx, [cs:si + 2]
        push dx
        add dx, 7
        in al, dx
        pop dx
        cmp al, 0xFF                    ; floating bus: no controller
        je .next
        push dx
        mov dx, bx
        mov al, 0x06                    ; SRST + nIEN
        out dx, al
        call ata_delay400
        call ata_delay400
        mov al, 0x02                    ; nIEN
        out dx, al
        pop dx
        call ata_delay400
        call ata_wait_nbsy
        mov al, 0xA0
        call ata_probe
        mov al, 0xB0
        call ata_probe
.next:  add si, 4
        jmp .chan
.done:  mov al, [es:EB_NHD]
        mov [BDA_HD_COUNT], al
        pop es
        pop ds
        ret

; ata_probe: DX = base, BX = control, AL = A0h/B0h select; ES = EBDA, DS = 40h
ata_probe:
        pusha
        mov cl, al
        push dx
        add dx, 6
        out dx, al
        pop dx
        call ata_delay400
        ; register file present? sector count / number must hold what we write
        push dx
        add dx, 2
        mov al, 0x55
        out dx, al
        inc dx
        mov al, 0xAA
        out dx, al
        dec dx
        in al, dx
        mov ah, al
        inc dx
        in al, dx
        pop dx
        cmp ax, 0x55AA
        jne .none
        push dx
        add dx, 4
        in al, dx
        mov ah, al
        inc dx
        in al, dx
        xchg al, ah                     ; AX = cylinder high:low signature
        add dx, 2
        push ax
        in al, dx                       ; status
        mov ch, al
        pop ax
        pop dx
        cmp ax, 0xEB14
        je .atapi
        test ax, ax
        jnz .none
        test ch, ch
        jz .none
        cmp ch, 0xFF
        je .none
        ; IDENTIFY DEVICE
        call ata_wait_nbsy
        jc .none
        push dx
        add dx, 7
        mov al, 0xEC
        out dx, al
        call ata_delay400
        in al, dx
        pop dx
        test al, al
        jz .none
        call ata_wait_nbsy
        jc .none
        test al, 0x01
        jnz .none
        test al, 0x08
        jz .none
        push es
        push cx
        mov ax, SCRATCH_SEG
        mov es, ax
        xor di, di
        mov cx, 256
        rep insw
        pop cx
        pop es
        call ata_add_disk
        popa
        ret
.atapi: inc byte [es:EB_NCD]
        cmp word [es:EB_CDBASE], 0      ; remember the first one for El Torito boot
        jne .seen
        mov [es:EB_CDBASE], dx
        mov [es:EB_CDCTRL], bx
        mov [es:EB_CDSEL], cl
.seen:  push si
        mov si, msg_atapi
        call print_str
        call ata_print_where
        mov si, msg_crlf
        call print_str
        pop si
.none:  popa
        ret

; ata_print_where: DX = base, CL = select -> "primary master" etc.
ata_print_where:
        push si
        mov si, msg_primary
        cmp dx, 0x1F0
        je .p
        mov si, msg_secondary
.p:     call print_str
        mov si, msg_master
        cmp cl, 0xA0
        je .q
        mov si, msg_slave
.q:     call print_str
        pop si
        ret

; ata_add_disk: IDENTIFY data at SCRATCH_SEG:0; DX = base, BX = control, CL = select
ata_add_disk:
        movzx di, byte [es:EB_NHD]
        cmp di, 4
        jae .full
        push di
        shl di, 5
        add di, EB_HDTAB                ; ES:DI = table entry
        mov [es:di + HD_BASE], dx
        mov [es:di + HD_CTRL], bx
        mov [es:di + HD_SEL], cl
        push ds
        mov ax, SCRATCH_SEG
        mov ds, ax
        mov ax, [1 * 2]
        mov [es:di + HD_PCYL], ax
        mov ax, [3 * 2]
        mov [es:di + HD_PHEADS], ax
        mov ax, [6 * 2]
        mov [es:di + HD_PSPT], ax
        movzx eax, word [es:di + HD_PCYL]
        movzx ecx, word [es:di + HD_PHEADS]
        imul eax, ecx
        movzx ecx, word [es:di + HD_PSPT]
        imul eax, ecx
        mov byte [es:di + HD_FLAGS], 0
        test byte [49 * 2 + 1], 0x02    ; capabilities: LBA supported
        jz .chs
        mov byte [es:di + HD_FLAGS], 1
        mov eax, [60 * 2]
        cmp eax, 0x0FFFFFFF
        jbe .chs
        mov eax, 0x0FFFFFFF             ; LBA28 limit of this driver
.chs:   mov [es:di + HD_TOTAL], eax
        ; model string: words 27-46, two characters per word, high byte first
        push di
        push es
        mov ax, ds
        mov es, ax
        mov si, 27 * 2
        mov di, 0x200
        mov cx, 20
.m:     lodsw
        xchg al, ah
        stosw
        loop .m
        mov byte [es:di], 0
.trim:  dec di
        cmp di, 0x200
        jb .trd
        cmp byte [es:di], ' '
        jne .trd
        mov byte [es:di], 0
        jmp .trim
.trd:   pop es
        pop di
        pop ds
        call ata_translate
        ; fixed disk parameter table (IBM AT format) for INT 41h/46h
        pop si                          ; SI = disk index
        push si
        mov bx, si
        shl bx, 4
        add bx, HD_FDPT
        mov ax, [es:di + HD_LCYL]
        mov [es:bx + 0], ax
        mov [es:bx + 0x0C], ax          ; landing zone
        mov al, [es:di + HD_LHEADS]
        mov [es:bx + 2], al
        mov word [es:bx + 5], 0xFFFF    ; no write precompensation
        mov byte [es:bx + 8], 0
        cmp byte [es:di + HD_LHEADS], 8
        jbe .c8
        mov byte [es:bx + 8], 0x08
.c8:    mov al, [es:di + HD_LSPT]
        mov [es:bx + 0x0E], al
        cmp si, 1
        ja .novec
        push ds
        xor ax, ax
        mov ds, ax
        mov ax, 0x41 * 4
        test si, si
        jz .v0
        mov ax, 0x46 * 4
.v0:    push di
        mov di, ax
        mov [di], bx
        mov [di + 2], es
        pop di
        pop ds
.novec:
        ; banner line: "HD0 (80h): model, N MB, LBA, C/H/S c/h/s (primary master)"
        mov si, msg_hd
        call print_str
        pop ax
        push ax
        call print_hex8.nib
        mov si, msg_hd2
        call print_str
        pop ax
        push ax
        add al, 0x80
        call print_hex8
        mov si, msg_hd3
        call print_str
        push es
        push si
        mov ax, SCRATCH_SEG
        mov es, ax
        mov si, 0x200
        call print_es_str
        pop si
        pop es
        mov si, msg_comma
        call print_str
        mov eax, [es:di + HD_TOTAL]
        shr eax, 11
        call print_dec
        mov si, msg_mb
        call print_str
        test byte [es:di + HD_FLAGS], 1
        jz .nolba
        mov si, msg_lba
        call print_str
.nolba: mov si, msg_chs
        call print_str
        movzx eax, word [es:di + HD_LCYL]
        call print_dec
        mov al, '/'
        call con_putc
        movzx eax, word [es:di + HD_LHEADS]
        call print_dec
        mov al, '/'
        call con_putc
        movzx eax, word [es:di + HD_LSPT]
        call print_dec
        mov si, msg_lparen
        call print_str
        mov dx, [es:di + HD_BASE]
        mov cl, [es:di + HD_SEL]
        call ata_print_where
        mov si, msg_rparen
        call print_str
        pop di
        inc byte [es:EB_NHD]
.full:  ret

; ata_translate: ES:DI = entry with physical geometry and total -> logical (INT 13h) geometry.
; No translation when the drive has at most 1024 cylinders; LBA-assisted translation (heads
; 16/32/64/128/255, 63 sectors) for larger LBA drives; bit-shift translation otherwise.
ata_translate:
        mov ax, [es:di + HD_PCYL]
        mov bx, [es:di + HD_PHEADS]
        mov cx, [es:di + HD_PSPT]
        cmp ax, 1024
        ja .big
        test ax, ax
        jz .big
        jmp .set
.big:   test byte [es:di + HD_FLAGS], 1
        jz .shift
        mov eax, [es:di + HD_TOTAL]
        cmp eax, 1024 * 255 * 63
        jbe .t0
        mov eax, 1024 * 255 * 63
.t0:    mov bx, 16
        cmp eax, 1024 * 16 * 63
        jbe .th
        mov bx, 32
        cmp eax, 1024 * 32 * 63
        jbe .th
        mov bx, 64
        cmp eax, 1024 * 64 * 63
        jbe .th
        mov bx, 128
        cmp eax, 1024 * 128 * 63
        jbe .th
        mov bx, 255
.th:    mov cx, 63
        push ebx
        movzx ebx, bx
        imul ebx, ebx, 63
        xor edx, edx
        div ebx
        pop ebx
        cmp eax, 1024
        jbe .set
        mov ax, 1024
        jmp .set
.shift: cmp ax, 1024
        jbe .set
        cmp bx, 128
        jae .capc
        shr ax, 1
        shl bx, 1
        jmp .shift
.capc:  mov ax, 1024
.set:   mov [es:di + HD_LCYL], ax
        mov [es:di + HD_LHEADS], bx
        mov [es:di + HD_LSPT], cx
        ret

msg_atapi:      db "ATAPI CD-ROM on ", 0
msg_primary:    db "primary ", 0
msg_secondary:  db "secondary ", 0
msg_master:     db "master", 0
msg_slave:      db "slave", 0
msg_hd:         db "HD", 0
msg_hd2:        db " (", 0
msg_hd3:        db "h): ", 0
msg_comma:      db ", ", 0
msg_mb:         db " MB", 0
msg_lba:        db ", LBA", 0
msg_chs:        db ", CHS ", 0
msg_lparen:     db " (", 0
msg_rparen:     db ")", 10, 0

; ---------------------------------------------------------------------------------------
; ata_cmd: GS:SI = disk entry, EAX = LBA, CL = sector count (1-128), ES:DI = buffer,
; BL = command (20h read, 30h write, 40h verify). ES advances 20h per sector transferred.
; CF=1, AH = INT 13h status on error; CH = sectors transferred.
ata_cmd:
        xor ch, ch
        mov dx, [gs:si + HD_BASE]
        push eax
        call ata_wait_nbsy
        pop eax
        jc .timeout
        push eax
        push bx
        test byte [gs:si + HD_FLAGS], 1
        jz .chs
        push eax
        shr eax, 24
        and al, 0x0F
        or al, 0xE0
        mov ah, [gs:si + HD_SEL]
        and ah, 0x10
        or al, ah
        add dx, 6
        out dx, al
        sub dx, 6
        pop eax
        jmp .regs
.chs:   ; LBA -> device CHS
        push cx
        xor edx, edx
        movzx ecx, word [gs:si + HD_PSPT]
        div ecx
        inc dl
        mov bl, dl                      ; BL = sector
        xor edx, edx
        movzx ecx, word [gs:si + HD_PHEADS]
        div ecx                         ; EAX = cylinder, DL = head
        mov dh, [gs:si + HD_SEL]
        and dh, 0x10
        or dl, dh
        or dl, 0xA0
        mov cl, dl
        mov dx, [gs:si + HD_BASE]
        add dx, 6
        xchg al, cl
        out dx, al
        xchg al, cl
        sub dx, 6
        shl eax, 8                      ; EAX bits 8-23 = cylinder
        mov al, bl                      ; AL = sector
        pop cx
.regs:  ; EAX: bits 0-7 -> sector number, 8-15 -> cylinder low, 16-23 -> cylinder high
        push dx
        call ata_delay_sel
        pop dx
        add dx, 2
        xchg al, cl
        out dx, al                      ; sector count
        xchg al, cl
        inc dx
        out dx, al
        inc dx
        shr eax, 8
        out dx, al
        inc dx
        shr eax, 8
        out dx, al
        pop bx
        add dx, 2
        mov al, bl
        out dx, al                      ; command
        sub dx, 7
        push bx
        mov bx, [gs:si + HD_CTRL]
        call ata_delay400
        pop bx
        pop eax
        cmp bl, 0x40
        je .verify
.sect:  call ata_wait_drq
        jc .ret
        push cx
        mov cx, 256
        cmp bl, 0x30
        je .wr
        rep insw
        jmp .adv
.wr:    push ds
        push si
        mov si, di
        push es
        pop ds
        rep outsw
        pop si
        pop ds
        add di, 512
.adv:   pop cx
        sub di, 512
        push ax
        mov ax, es
        add ax, 0x20
        mov es, ax
        pop ax
        inc ch
        cmp ch, cl
        jb .sect
        cmp bl, 0x30
        jne .ok
.verify:
        call ata_wait_nbsy
        jc .timeout
        test al, 0x21                   ; DF or ERR
        jnz .error
        cmp bl, 0x40
        jne .ok
        mov ch, cl
.ok:    xor ah, ah
        clc
.ret:   ret
.timeout:
        mov ah, E_TIMEOUT
        stc
        ret
.error: call ata_error
        ret

; ata_delay_sel: wait (bounded) for BSY clear after selecting the device. DX = base.
ata_delay_sel:
        push ax
        push bx
        mov bx, [gs:si + HD_CTRL]
        call ata_delay400
        call ata_wait_nbsy
        pop bx
        pop ax
        ret

; ata_wait_drq: DX = base. Wait until BSY=0 and DRQ=1. CF=1, AH = status on error.
ata_wait_drq:
        push ecx
        push dx
        add dx, 7
        mov ecx, ATA_TIMEOUT
.w:     in al, dx
        test al, 0x80
        jnz .n
        test al, 0x21
        jnz .err
        test al, 0x08
        jnz .ok
.n:     dec ecx
        jnz .w
        pop dx
        pop ecx
        mov ah, E_TIMEOUT
        stc
        ret
.err:   pop dx
        pop ecx
        call ata_error
        ret
.ok:    pop dx
        pop ecx
        clc
        ret

; ata_error: AL = status, DX = base -> AH = INT 13h status from the error register, CF=1
ata_error:
        mov ah, E_WRFAULT
        test al, 0x20
        jnz .r
        push dx
        inc dx
        in al, dx
        pop dx
        mov ah, E_CRC                   ; UNC: uncorrectable data
        test al, 0x40
        jnz .r
        mov ah, E_NOTFOUND              ; IDNF
        test al, 0x10
        jnz .r
        mov ah, E_BADSECT               ; BBK
        test al, 0x80
        jnz .r
        mov ah, E_BADCMD                ; ABRT
        test al, 0x04
        jnz .r
        mov ah, E_CTRLFAIL
.r:     stc
        ret

; ata_xfer: GS:SI = entry, EAX = LBA, CX = count, ES:DI = buffer, BL = command.
; Checks the range, splits into commands of up to 128 sectors. CX = sectors done. CF/AH.
ata_xfer:
        push edx
        push ebp
        mov bp, cx                      ; BP = remaining
        xor dx, dx                      ; DX = done
        push eax
        movzx ecx, cx
        add eax, ecx
        jc .range
        cmp eax, [gs:si + HD_TOTAL]
        ja .range
        pop eax
.chunk: test bp, bp
        jz .ok
        mov cx, bp
        cmp cx, 128
        jbe .c
        mov cx, 128
.c:     push dx
        push eax
        call ata_cmd
        pop eax
        pop dx
        pushf
        movzx ecx, ch
        add dx, cx
        add eax, ecx
        sub bp, cx
        popf
        jc .err
        jmp .chunk
.ok:    mov cx, dx
        xor ah, ah
        pop ebp
        pop edx
        clc
        ret
.range: pop eax
        mov ah, E_NOTFOUND
.err:   mov cx, dx
        pop ebp
        pop edx
        stc
        ret

; ---------------------------------------------------------------------------------------
; disk_service: INT 13h for DL >= 80h. AH = function, frame at BP, DS = 40h.
disk_service:
        push gs
        push es
        call get_ebda
        push es
        pop gs
        pop es
        movzx bx, dl
        and bl, 0x7F
        cmp bl, [gs:EB_NHD]
        jb .have
        cmp ah, 0x15
        jne .nodisk
        xor ah, ah                      ; type: no such drive
        jmp .okret
.nodisk:
        mov ah, E_BADCMD
        jmp .errret
.have:  shl bx, 5
        lea si, [bx + EB_HDTAB]
        mov bx, .table
.find:  cmp byte [cs:bx], 0xFF
        je .bad
        cmp [cs:bx], ah
        je .call
        add bx, 3
        jmp .find
.call:  call [cs:bx + 1]
        jc .errret
.okret: pop gs
        clc
        ret
.bad:   mov ah, E_BADCMD
.errret:
        pop gs
        stc
        ret
.table: db 0x00
        dw hd_ok
        db 0x02
        dw hd_read
        db 0x03
        dw hd_write
        db 0x04
        dw hd_verify
        db 0x05
        dw hd_ok
        db 0x08
        dw hd_params
        db 0x09
        dw hd_ok
        db 0x0C
        dw hd_ok
        db 0x0D
        dw hd_ok
        db 0x10
        dw hd_ok
        db 0x11
        dw hd_ok
        db 0x14
        dw hd_ok
        db 0x15
        dw hd_type
        db 0x41
        dw hd_edd_check
        db 0x42
        dw hd_edd_read
        db 0x43
        dw hd_edd_write
        db 0x44
        dw hd_edd_verify
        db 0x47
        dw hd_ok
        db 0x48
        dw hd_edd_params
        db 0xFF

hd_ok:  xor ah, ah
        clc
        ret

hd_read:
        mov bl, 0x20
        jmp hd_chs
hd_write:
        mov bl, 0x30
        jmp hd_chs
hd_verify:
        mov bl, 0x40
; hd_chs: AL = count, CH/CL = cylinder and sector, DH = head, ES:BX = buffer (from the frame)
hd_chs: movzx cx, byte [bp+R_AL]
        mov byte [bp+R_AL], 0
        jcxz .bad
        movzx eax, byte [bp+R_CL]
        and al, 0x3F
        jz .nf
        cmp ax, [gs:si + HD_LSPT]
        ja .nf
        dec ax
        push eax                        ; sector - 1
        movzx eax, byte [bp+R_CH]
        mov dl, [bp+R_CL]
        shr dl, 6
        mov ah, dl                      ; cylinder
        cmp ax, [gs:si + HD_LCYL]
        jae .nf2
        movzx edx, word [gs:si + HD_LHEADS]
        imul eax, edx
        movzx edx, byte [bp+R_DH]
        cmp dx, [gs:si + HD_LHEADS]
        jae .nf2
        add eax, edx
        movzx edx, word [gs:si + HD_LSPT]
        imul eax, edx
        pop edx
        add eax, edx                    ; EAX = LBA
        push es
        mov es, [bp+R_ES]
        mov di, [bp+R_BX]
        call ata_xfer
        pop es
        mov [bp+R_AL], cl
        ret
.nf2:   pop eax
.nf:    mov ah, E_NOTFOUND
        stc
        ret
.bad:   mov ah, E_BADCMD
        stc
        ret

; AH=08h: CH = max cylinder low, CL = sectors | cylinder bits 8-9, DH = max head, DL = disks
hd_params:
        mov ax, [gs:si + HD_LCYL]
        dec ax
        mov [bp+R_CH], al
        shl ah, 6
        mov al, [gs:si + HD_LSPT]
        or al, ah
        mov [bp+R_CL], al
        mov al, [gs:si + HD_LHEADS]
        dec al
        mov [bp+R_DH], al
        mov al, [gs:EB_NHD]
        mov [bp+R_DL], al
        mov byte [bp+R_AL], 0
        xor ah, ah
        clc
        ret

; AH=15h: AH = 03h (fixed disk), CX:DX = number of sectors (logical geometry)
hd_type:
        movzx eax, word [gs:si + HD_LCYL]
        movzx edx, word [gs:si + HD_LHEADS]
        imul eax, edx
        movzx edx, word [gs:si + HD_LSPT]
        imul eax, edx
        mov [bp+R_DX], ax
        shr eax, 16
        mov [bp+R_CX], ax
        mov ah, 0x03
        clc
        ret

; AH=41h: EDD installation check. BX = 55AAh -> BX = AA55h, AH = 30h (EDD 3.0),
; CX = 0001h (fixed disk access subset: 42h-44h, 47h, 48h)
hd_edd_check:
        cmp word [bp+R_BX], 0x55AA
        jne .bad
        mov word [bp+R_BX], 0xAA55
        mov word [bp+R_CX], 0x0001
        mov ah, 0x30
        clc
        ret
.bad:   mov ah, E_BADCMD
        stc
        ret

hd_edd_read:
        mov bl, 0x20
        jmp hd_edd_io
hd_edd_write:
        mov bl, 0x30
        jmp hd_edd_io
hd_edd_verify:
        mov bl, 0x40
; hd_edd_io: DS:SI (caller) = disk address packet: size, 0, word count, dword buffer, qword LBA
hd_edd_io:
        push fs
        mov fs, [bp+R_DS]
        mov di, [bp+R_SI]
        cmp byte [fs:di], 0x10
        jb .bad
        mov cx, [fs:di + 2]
        mov word [fs:di + 2], 0
        cmp dword [fs:di + 4], 0xFFFFFFFF
        je .bad                         ; 64-bit flat buffer address: not supported
        cmp dword [fs:di + 12], 0
        jne .range
        mov eax, [fs:di + 8]
        push di
        push es
        les di, [fs:di + 4]
        call ata_xfer
        pop es
        pop di
        mov [fs:di + 2], cx
        pop fs
        ret
.range: mov ah, E_NOTFOUND
        pop fs
        stc
        ret
.bad:   mov ah, E_BADCMD
        pop fs
        stc
        ret

; AH=48h: get drive parameters into the caller's buffer at DS:SI (EDD 3.0 result buffer)
hd_edd_params:
        push fs
        mov fs, [bp+R_DS]
        mov di, [bp+R_SI]
        mov ax, [fs:di]
        cmp ax, 0x1A
        jb .bad
        mov bx, 0x1A
        cmp ax, 0x1E
        jb .sz
        mov bx, 0x1E
        mov dword [fs:di + 0x1A], 0xFFFFFFFF    ; no device parameter table extension
.sz:    mov [fs:di], bx
        mov word [fs:di + 2], 0x0002            ; CHS information is valid
        movzx eax, word [gs:si + HD_PCYL]
        mov [fs:di + 4], eax
        movzx eax, word [gs:si + HD_PHEADS]
        mov [fs:di + 8], eax
        movzx eax, word [gs:si + HD_PSPT]
        mov [fs:di + 12], eax
        mov eax, [gs:si + HD_TOTAL]
        mov [fs:di + 16], eax
        mov dword [fs:di + 20], 0
        mov word [fs:di + 24], 512
        pop fs
        xor ah, ah
        clc
        ret
.bad:   pop fs
        mov ah, E_BADCMD
        stc
        ret
