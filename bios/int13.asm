; int13.asm -- INT 13h dispatcher and the diskette driver (82077AA-compatible FDC at 3F0h-3F7h,
; IRQ6, ISA DMA channel 2 through the 8237). Function numbers and status codes per the IBM
; PC/AT Technical Reference ("Diskette" and "Fixed Disk" BIOS) and RBIL INT 13h.

; INT 13h: DL bit 7 selects fixed disks (disk_service in ata.asm), else diskettes.
; Services return AH = value for the caller's AH and CF = error; the dispatcher stores the
; status in 40:41 (diskette) or 40:74 (fixed disk) for AH=01h.
int13_handler:
        sti
        cld
        ENTER_FRAME
        mov ax, BDA_SEG
        mov ds, ax
        mov ah, [bp+R_AH]
        mov dl, [bp+R_DL]
        call get_ebda                   ; El Torito drive (E0h, or 00h under floppy emulation)
        cmp byte [es:EB_EMACTIVE], 0
        je .noem
        cmp dl, [es:EB_EMDRIVE]
        jne .noem
        call cd_int13
        mov [es:EB_EMSTATUS], ah
        jc .err
        mov [bp+R_AH], ah
        CLR_CF
        jmp .out
.noem:  ; hard-disk emulation owns 80h: the real hard disks answer one number higher
        cmp byte [es:EB_EMACTIVE], 0
        je .noshift
        cmp byte [es:EB_EMDRIVE], 0x80
        jne .noshift
        cmp dl, 0x81
        jb .noshift
        cmp dl, CD_DRIVE
        jae .noshift
        dec dl
.noshift:
        mov es, [bp+R_ES]
        test dl, 0x80
        jnz .hd
        cmp ah, 0x01
        jne .fd
        mov ah, [BDA_FD_STATUS]
        jmp .st
.fd:    call floppy_service
        jc .fderr
        mov [bp+R_AH], ah
        mov byte [BDA_FD_STATUS], 0
        CLR_CF
        jmp .out
.fderr: mov [BDA_FD_STATUS], ah
        jmp .err
.hd:    cmp ah, 0x01
        jne .hd2
        mov ah, [BDA_HD_STATUS]
.st:    mov [bp+R_AH], ah
        CLR_CF
        test ah, ah
        jz .out
        SET_CF
        jmp .out
.hd2:   call disk_service
        jc .hderr
        cmp byte [bp+R_AH], 0x08        ; AH=08h: DL = number of hard disks (40:75)
        jne .hd3
        mov dl, [BDA_HD_COUNT]
        mov [bp+R_DL], dl
.hd3:
        mov [bp+R_AH], ah
        mov byte [BDA_HD_STATUS], 0
        CLR_CF
        jmp .out
.hderr: mov [BDA_HD_STATUS], ah
.err:   mov [bp+R_AH], ah
        SET_CF
.out:   LEAVE_FRAME

; INT 0Eh: IRQ6 from the FDC: flag it in 40:3E bit 7 and EOI
int0e_handler:
        push ds
        push ax
        mov ax, BDA_SEG
        mov ds, ax
        or byte [BDA_FD_RECAL], 0x80
        mov al, 0x20
        out PIC1_CMD, al
        pop ax
        pop ds
        iret

; ---------------------------------------------------------------------------------------
FDC_DOR         equ 0x3F2
FDC_MSR         equ 0x3F4
FDC_FIFO        equ 0x3F5
FDC_DIR         equ 0x3F7               ; read: digital input (bit 7 = disk change)
FDC_CCR         equ 0x3F7               ; write: configuration control (data rate)

; floppy_detect (POST): drive types from CMOS 10h, equipment word, media state
floppy_detect:
        push es
        call get_ebda
        mov al, 0x10
        call cmos_read
        mov [es:EB_FDTYPES], al
        xor cx, cx
        mov ah, al
        shr ah, 4
        jz .b
        inc cl
        mov si, msg_fda
        call print_str
        mov al, ah
        call fd_print_type
        push ax
        mov al, ah
        xor bx, bx
        call fd_default_media
        pop ax
.b:     mov al, [es:EB_FDTYPES]
        and al, 0x0F
        jz .done
        inc cl
        push ax
        mov si, msg_fdb
        call print_str
        pop ax
        call fd_print_type
        mov bx, 1
        call fd_default_media
.done:  mov [es:EB_NFD], cl
        push ds
        mov ax, BDA_SEG
        mov ds, ax
        and word [BDA_EQUIP], 0xFF3E
        jcxz .nofd
        or byte [BDA_EQUIP], 1
        dec cl
        shl cl, 6
        or byte [BDA_EQUIP], cl
.nofd:  mov byte [BDA_FD_RECAL], 0      ; nothing calibrated: the first access resets the FDC
        mov byte [BDA_FD_INFO], 0x80    ; our flag: controller needs a reset
        pop ds
        pop es
        ret

; fd_print_type: AL = CMOS drive type
fd_print_type:
        movzx si, al
        cmp si, 5
        jbe .ok
        xor si, si
.ok:    shl si, 1
        mov si, [cs:fd_type_names + si]
        call print_str
        ret

; fd_default_media: AL = CMOS type, BX = drive: first data rate and sectors per track to try
fd_default_media:
        push si
        movzx si, al
        cmp si, 5
        jbe .ok
        xor si, si
.ok:    shl si, 2
        mov al, [cs:fd_media_tab + si]
        mov [es:EB_FDRATE0 + bx], al
        mov al, [cs:fd_media_tab + si + 1]
        mov [es:EB_FDSPT0 + bx], al
        pop si
        ret

; per CMOS type: (rate, spt) first guess, (rate, spt) second guess. Rates: CCR 0 = 500 kbit/s,
; 1 = 300, 2 = 250, 3 = 1000.
fd_media_tab:
        db 0x00, 18, 0x02, 9            ; 0 unknown: treat as 1.44M
        db 0x02, 9, 0x02, 9             ; 1 360K
        db 0x00, 15, 0x01, 9            ; 2 1.2M
        db 0x02, 9, 0x02, 9             ; 3 720K
        db 0x00, 18, 0x02, 9            ; 4 1.44M (or 720K media)
        db 0x03, 36, 0x00, 18           ; 5 2.88M (or 1.44M media)
; maximum geometry per type for AH=08h: max cylinder, sectors per track
fd_geom_tab:
        db 0, 0
        db 39, 9
        db 79, 15
        db 79, 9
        db 79, 18
        db 79, 36

fd_type_names:  dw msg_fdnone, msg_fd360, msg_fd12, msg_fd720, msg_fd144, msg_fd288
msg_fda:        db "Floppy A: ", 0
msg_fdb:        db "Floppy B: ", 0
msg_fdnone:     db "unknown", 10, 0
msg_fd360:      db "360K 5.25", 34, 10, 0
msg_fd12:       db "1.2M 5.25", 34, 10, 0
msg_fd720:      db "720K 3.5", 34, 10, 0
msg_fd144:      db "1.44M 3.5", 34, 10, 0
msg_fd288:      db "2.88M 3.5", 34, 10, 0

; fd_drive_type: DL = drive -> AL = CMOS type (0 = none)
fd_drive_type:
        push es
        call get_ebda
        mov al, [es:EB_FDTYPES]
        pop es
        cmp dl, 1
        ja .none
        je .b
        shr al, 4
        ret
.b:     and al, 0x0F
        ret
.none:  xor al, al
        ret

; floppy_service: AH = function, DL = drive, frame at BP, DS = 40h
floppy_service:
        push ax
        call fd_drive_type
        mov cl, al                      ; CL = drive type
        pop ax
        cmp ah, 0x08
        je fd_params
        cmp ah, 0x15
        je fd_gettype
        test cl, cl
        jz .bad                         ; no such drive
        cmp ah, 0x00
        je fd_reset_svc
        cmp ah, 0x02
        je fd_read
        cmp ah, 0x03
        je fd_write
        cmp ah, 0x04
        je fd_verify
        cmp ah, 0x05
        je fd_format
        cmp ah, 0x16
        je fd_changeline
        cmp ah, 0x17
        je .ok                          ; set DASD type
        cmp ah, 0x18
        je fd_setmedia
.bad:   mov ah, E_BADCMD
        stc
        ret
.ok:    xor ah, ah
        clc
        ret

; AH=08h: BL = type, CH/CL = max cylinder/sector, DH = max head, DL = drives, ES:DI = DPT
fd_params:
        push es
        call get_ebda
        mov al, [es:EB_NFD]
        pop es
        mov [bp+R_DL], al
        mov word [bp+R_AX], 0
        test cl, cl
        jz .none
        movzx bx, cl
        cmp bx, 5
        ja .none
        mov [bp+R_BL], cl
        mov byte [bp+R_BH], 0
        shl bx, 1
        mov ax, [cs:fd_geom_tab + bx]   ; AL = max cylinder, AH = sectors
        mov [bp+R_CH], al
        mov [bp+R_CL], ah
        mov byte [bp+R_DH], 1
        mov word [bp+R_ES], BIOS_SEG
        mov word [bp+R_DI], diskette_params
        xor ah, ah
        clc
        ret
.none:  mov word [bp+R_BX], 0
        mov word [bp+R_CX], 0
        mov byte [bp+R_DH], 0
        mov word [bp+R_ES], 0
        mov word [bp+R_DI], 0
        xor ah, ah
        clc
        ret

; AH=15h: AH = 00h no drive, 02h diskette with change line
fd_gettype:
        xor ah, ah
        test cl, cl
        jz .r
        mov ah, 0x02
.r:     clc
        ret

; AH=16h: change line. AH = 06h (CF=1) if the medium may have changed, else 00h
fd_changeline:
        call fd_motor_on
        mov dx, FDC_DIR
        in al, dx
        test al, 0x80
        jz .no
        mov ah, E_CHANGED
        stc
        ret
.no:    xor ah, ah
        clc
        ret

; AH=18h: set media type for format (CH = max cylinder, CL = sectors) -> ES:DI = DPT
fd_setmedia:
        mov word [bp+R_ES], BIOS_SEG
        mov word [bp+R_DI], diskette_params
        xor ah, ah
        clc
        ret

fd_reset_svc:
        call fdc_reset
        ret

; fdc_reset: reset the controller (DOR bit 2), sense the four polling interrupts, program the
; data rate and SPECIFY from the diskette parameter table (INT 1Eh). CF=1, AH = status on error.
fdc_reset:
        push cx
        push dx
        mov dx, FDC_DOR
        mov al, [BDA_FD_MOTOR]
        and al, 0x0F                    ; keep motors, select drive 0
        shl al, 4
        push ax
        cli
        and byte [BDA_FD_RECAL], 0x70   ; clear IRQ seen and calibration bits
        out dx, al                      ; reset asserted
        mov cx, 16
.d:     in al, 0x61                     ; short delay
        loop .d
        pop ax
        or al, 0x0C                     ; DMA/IRQ enable, not reset
        out dx, al
        sti
        call fdc_wait_irq
        jc .fail
        mov cx, 4
.sense: call fd_sense                   ; one per drive (polling mode after reset)
        jc .fail
        cmp al, 0x80
        je .sdone
        loop .sense
.sdone:
        and byte [BDA_FD_INFO], 0x7F
        mov al, 0x03                    ; SPECIFY
        call fdc_send
        push es
        push bx
        xor bx, bx
        mov es, bx
        les bx, [es:0x1E * 4]           ; diskette parameter table (INT 1Eh vector)
        mov al, [es:bx]
        call fdc_send
        mov al, [es:bx + 1]
        and al, 0xFE                    ; ND = 0: use DMA
        call fdc_send
        pop bx
        pop es
        pop dx
        pop cx
        xor ah, ah
        clc
        ret
.fail:  pop dx
        pop cx
        mov ah, E_RESETFAIL
        stc
        ret

; fdc_send: AL -> FIFO once MSR says RQM=1, DIO=0 (bounded). CF=1 on timeout.
fdc_send:
        push dx
        push cx
        push ax
        mov dx, FDC_MSR
        mov cx, 0xFFFF
.w:     in al, dx
        and al, 0xC0
        cmp al, 0x80
        je .ok
        loop .w
        pop ax
        pop cx
        pop dx
        stc
        ret
.ok:    pop ax
        inc dx
        out dx, al
        pop cx
        pop dx
        clc
        ret

; fdc_recv: AL <- FIFO once MSR says RQM=1, DIO=1 (bounded). CF=1 on timeout.
fdc_recv:
        push dx
        push cx
        mov dx, FDC_MSR
        mov cx, 0xFFFF
.w:     in al, dx
        and al, 0xC0
        cmp al, 0xC0
        je .ok
        loop .w
        pop cx
        pop dx
        stc
        ret
.ok:    inc dx
        in al, dx
        pop cx
        pop dx
        clc
        ret

; fdc_wait_irq: wait for INT 0Eh (40:3E bit 7) for up to ~2 s of timer ticks. CF=1 on timeout.
fdc_wait_irq:
        push eax
        push ebx
        mov ebx, [BDA_TICKS]
.w:     cli
        test byte [BDA_FD_RECAL], 0x80
        jnz .ok
        mov eax, [BDA_TICKS]
        sub eax, ebx
        cmp eax, 40
        ja .to
        sti
        hlt                             ; STI shadow: the IRQ cannot slip in before HLT
        jmp .w
.ok:    and byte [BDA_FD_RECAL], 0x7F
        sti
        pop ebx
        pop eax
        clc
        ret
.to:    sti
        pop ebx
        pop eax
        stc
        ret

; fd_motor_on: DL = drive: select it and start its motor (DOR), keep it on while we work
fd_motor_on:
        push ax
        push cx
        push dx
        mov byte [BDA_FD_MOTORTMO], 0xFF
        mov cl, dl
        mov al, 0x10
        shl al, cl
        or al, dl
        or al, 0x0C
        mov dx, FDC_DOR
        out dx, al
        mov al, 1
        shl al, cl
        and byte [BDA_FD_MOTOR], 0xC0
        or [BDA_FD_MOTOR], al
        pop dx
        pop cx
        pop ax
        ret

; fd_motor_idle: start the 2-second motor-off countdown (INT 08h turns the motor off)
fd_motor_idle:
        mov byte [BDA_FD_MOTORTMO], 37
        ret

; fd_sense: SENSE INTERRUPT STATUS -> AL = ST0, AH = present cylinder
fd_sense:
        mov al, 0x08
        call fdc_send
        jc .r
        call fdc_recv
        jc .r
        cmp al, 0x80                    ; invalid command: nothing pending, no cylinder byte
        je .r
        mov ah, al
        call fdc_recv
        xchg al, ah
.r:     ret

; fd_recal: DL = drive. RECALIBRATE (twice if needed: 80-track drives)
fd_recal:
        push cx
        mov cx, 2
.again: mov al, 0x07
        call fdc_send
        jc .fail
        mov al, dl
        call fdc_send
        jc .fail
        call fdc_wait_irq
        jc .fail
        call fd_sense
        jc .fail
        test al, 0x10                   ; EC: equipment check (track 0 not reached)
        jz .ok
        loop .again
.fail:  pop cx
        mov ah, E_SEEKFAIL
        stc
        ret
.ok:    movzx bx, dl
        mov byte [BDA_FD_TRACK0 + bx], 0
        mov al, 1
        push cx
        mov cl, dl
        shl al, cl
        pop cx
        or [BDA_FD_RECAL], al
        pop cx
        clc
        ret

; fd_seek: DL = drive, CH = cylinder, DH = head
fd_seek:
        movzx bx, dl
        cmp [BDA_FD_TRACK0 + bx], ch
        je .ok
        mov al, 0x0F
        call fdc_send
        jc .fail
        mov al, dh
        shl al, 2
        or al, dl
        call fdc_send
        jc .fail
        mov al, ch
        call fdc_send
        jc .fail
        call fdc_wait_irq
        jc .fail
        call fd_sense
        jc .fail
        test al, 0xC0
        jnz .fail
        movzx bx, dl
        mov [BDA_FD_TRACK0 + bx], ch
.ok:    clc
        ret
.fail:  mov byte [BDA_FD_TRACK0 + bx], 0xFF
        mov ah, E_SEEKFAIL
        stc
        ret

; fd_prepare: DL = drive: reset the FDC if needed, motor on, data rate, calibrate
fd_prepare:
        test byte [BDA_FD_INFO], 0x80
        jz .r1
        call fdc_reset
        jc .ret
.r1:    call fd_motor_on
        call fd_set_rate
        mov al, 1
        mov cl, dl
        shl al, cl
        test [BDA_FD_RECAL], al
        jnz .ok
        call fd_recal
        jc .ret
.ok:    clc
.ret:   ret

; fd_set_rate: program CCR with the rate that last worked on drive DL
fd_set_rate:
        push es
        push dx
        push bx
        call get_ebda
        movzx bx, dl
        mov al, [es:EB_FDRATE0 + bx]
        mov dx, FDC_CCR
        out dx, al
        pop bx
        pop dx
        pop es
        ret

fd_read:
        mov byte [fd_op_tmp], 0
        jmp fd_rw
fd_write:
        mov byte [fd_op_tmp], 1
        jmp fd_rw
fd_verify:
        mov byte [fd_op_tmp], 2
        jmp fd_rw
fd_op_tmp       equ 0xAC                ; BDA byte used as scratch (op: 0 read, 1 write, 2 verify)
fd_retry_tmp    equ 0xAD                ; BDA byte: media-rate retries left
fd_count_tmp    equ 0xAE                ; BDA byte: sectors requested

; fd_rw: AL = count, CH = cylinder, CL = sector, DH = head, DL = drive, ES:BX = buffer.
; Sector by sector (one READ/WRITE DATA command each), crossing heads and cylinders; a
; sector whose buffer straddles a 64 KiB DMA page goes through the EBDA bounce buffer.
fd_rw:
        mov al, [bp+R_AL]
        test al, al
        jz .badcmd
        mov cl, [bp+R_CL]
        and cl, 0x3F
        jz .notfound
        push es
        call get_ebda
        movzx bx, dl
        cmp cl, [es:EB_FDSPT0 + bx]     ; past the end of the track (media geometry)
        pop es
        ja .notfound
        mov [fd_count_tmp], al
        mov byte [bp+R_AL], 0           ; sectors done so far
        mov ch, [bp+R_CH]
        mov dh, [bp+R_DH]
        and dh, 1
        push cx
        push dx
        call fd_prepare
        pop dx
        pop cx
        jc .fail
        mov byte [fd_retry_tmp], 2
        ; EDI = linear buffer address
        movzx edi, word [bp+R_ES]
        shl edi, 4
        movzx eax, word [bp+R_BX]
        add edi, eax
.sector:
        push cx
        push dx
        call fd_seek
        pop dx
        pop cx
        jc .fail
        call fd_xfer_one                ; CF/AH
        jnc .okone
        ; data rate / media mismatch on the very first sector: try the drive's other rate
        cmp ah, E_NOTFOUND
        je .retry
        cmp ah, E_ADDRMARK
        jne .fail
.retry: cmp byte [bp+R_AL], 0
        jne .fail
        dec byte [fd_retry_tmp]
        js .fail
        call fd_other_rate
        jmp .sector
.okone: inc byte [bp+R_AL]
        mov al, [bp+R_AL]
        cmp al, [fd_count_tmp]
        jae .done
        add edi, 512
        inc cl
        push es
        call get_ebda
        movzx bx, dl
        mov al, [es:EB_FDSPT0 + bx]
        pop es
        cmp cl, al
        jbe .sector
        mov cl, 1
        inc dh
        cmp dh, 1
        jbe .sector
        xor dh, dh
        inc ch
        jmp .sector
.done:  call fd_motor_idle
        xor ah, ah
        clc
        ret
.badcmd:
        mov ah, E_BADCMD
        stc
        ret
.notfound:
        mov ah, E_NOTFOUND
.fail:  call fd_motor_idle
        stc
        ret

; fd_other_rate: drive DL: switch to the other (rate, sectors per track) guess of its type
fd_other_rate:
        push es
        push bx
        push si
        push cx
        call fd_drive_type
        movzx si, al
        cmp si, 5
        jbe .ok
        xor si, si
.ok:    shl si, 2
        call get_ebda
        movzx bx, dl
        mov ax, [cs:fd_media_tab + si]
        cmp al, [es:EB_FDRATE0 + bx]
        jne .set
        mov ax, [cs:fd_media_tab + si + 2]
.set:   mov [es:EB_FDRATE0 + bx], al
        mov [es:EB_FDSPT0 + bx], ah
        call fd_set_rate
        pop cx
        pop si
        pop bx
        pop es
        ret

; fd_xfer_one: one sector at C=CH H=DH R=CL on drive DL, memory at linear EDI; operation in
; 40:AC (0 read, 1 write, 2 verify). CF=1 and AH = status on error.
fd_xfer_one:
        push cx
        push dx
        push esi
        push es
        mov esi, edi
        movzx eax, di
        add eax, 512
        cmp eax, 0x10000
        jbe .dma                        ; the sector stays inside one 64 KiB DMA page
        call get_ebda
        movzx esi, word [BDA_EBDA]
        shl esi, 4
        add esi, EB_BOUNCE
        cmp byte [fd_op_tmp], 1
        jne .dma
        call fd_copy_to_bounce
.dma:   ; 8237 channel 2: mask, clear flip-flop, mode, address, page, count 511, unmask
        cli
        mov al, 0x06
        out 0x0A, al
        out 0x0C, al
        mov al, 0x46                    ; single, increment, write to memory, channel 2
        cmp byte [fd_op_tmp], 1
        jne .m1
        mov al, 0x4A                    ; read from memory (diskette write)
.m1:    cmp byte [fd_op_tmp], 2
        jne .m2
        mov al, 0x42                    ; verify: no memory cycles
.m2:    out 0x0B, al
        mov eax, esi
        out 0x04, al
        mov al, ah
        out 0x04, al
        shr eax, 16
        out 0x81, al
        out 0x0C, al
        mov al, 0xFF
        out 0x05, al
        mov al, 0x01
        out 0x05, al
        mov al, 0x02
        out 0x0A, al
        sti
        ; READ DATA (MFM, skip deleted) or WRITE DATA (MFM)
        mov al, 0x66
        cmp byte [fd_op_tmp], 1
        jne .c1
        mov al, 0x45
.c1:    call fdc_send
        jc .timeout
        mov al, dh
        shl al, 2
        or al, dl
        call fdc_send                   ; head, drive
        jc .timeout
        mov al, ch
        call fdc_send                   ; C
        mov al, dh
        call fdc_send                   ; H
        mov al, cl
        call fdc_send                   ; R
        mov al, 2
        call fdc_send                   ; N: 512 bytes
        mov al, cl
        call fdc_send                   ; EOT: this sector
        mov al, 0x1B
        call fdc_send                   ; GPL
        mov al, 0xFF
        call fdc_send                   ; DTL
        jc .timeout
        call fd_result
        jc .err
        jmp .good
.timeout:
        or byte [BDA_FD_INFO], 0x80     ; reset the controller next time
        mov ah, E_TIMEOUT
.err:   pop es
        pop esi
        pop dx
        pop cx
        stc
        ret
.good:  cmp esi, edi
        je .ok
        cmp byte [fd_op_tmp], 0
        jne .ok
        call fd_copy_from_bounce
.ok:    pop es
        pop esi
        pop dx
        pop cx
        xor ah, ah
        clc
        ret

; fd_result: after READ DATA / WRITE DATA / FORMAT TRACK: wait for the IRQ, read the 7 result
; bytes into 40:42 and map them to an INT 13h status. CF=1, AH = status on error.
fd_result:
        push bx
        push cx
        call fdc_wait_irq
        jc .timeout
        mov cx, 7
        mov bx, BDA_FD_RESULT
.res:   call fdc_recv
        jc .timeout
        mov [bx], al
        inc bx
        loop .res
        mov al, [BDA_FD_RESULT]         ; ST0
        and al, 0xC0
        jz .good
        cmp al, 0x40
        jne .ctrl
        mov ah, [BDA_FD_RESULT + 1]     ; ST1
        cmp ah, 0x80                    ; only "end of cylinder": no TC from DMA, data is fine
        jne .st1
        cmp byte [BDA_FD_RESULT + 2], 0
        je .good
.st1:   mov al, ah
        mov ah, E_WRPROT
        test al, 0x02
        jnz .err
        mov ah, E_CRC
        test al, 0x20
        jnz .err
        mov ah, E_DMAOVR
        test al, 0x10
        jnz .err
        mov ah, E_NOTFOUND
        test al, 0x04
        jnz .err
        mov ah, E_ADDRMARK
        test al, 0x01
        jnz .err
        test byte [BDA_FD_RESULT + 2], 0x01
        jnz .err
.ctrl:  mov ah, E_CTRLFAIL
        jmp .err
.timeout:
        or byte [BDA_FD_INFO], 0x80     ; reset the controller next time
        mov ah, E_TIMEOUT
.err:   pop cx
        pop bx
        stc
        ret
.good:  pop cx
        pop bx
        xor ah, ah
        clc
        ret

; AH=05h: format a track (IBM PC/AT Technical Reference, diskette BIOS "FORMAT"; RBIL INT
; 13/AH=05h). AL = sectors on the track (0: the parameter table's EOT), CH = cylinder, DH =
; head, DL = drive, ES:BX = the address fields, 4 bytes (C, H, R, N) per sector. The 82077AA
; FORMAT TRACK command (datasheet 8.5: 4Dh = MFM, then HDS/DS, N, SC, GPL, D) takes the fields
; by DMA channel 2 and fills each sector with D. N, the format gap and the fill byte D come
; from the diskette parameter table (INT 1Eh, bytes 3, 7 and 8). A field list that crosses a
; 64 KiB DMA page gives AH=09h; a write-protected diskette AH=03h (ST1 NW).
fd_format:
        push dx
        call fd_prepare
        pop dx
        jc .fail
        mov ch, [bp+R_CH]
        mov dh, [bp+R_DH]
        and dh, 1
        push cx
        push dx
        call fd_seek
        pop dx
        pop cx
        jc .fail
        push es
        xor ax, ax
        mov es, ax
        les si, [es:0x1E * 4]           ; ES:SI = diskette parameter table
        mov cl, [bp+R_AL]               ; CL = SC
        test cl, cl
        jnz .sc
        mov cl, [es:si + 4]
.sc:    ; DMA: linear address of the caller's ES:BX, SC * 4 bytes inside one 64 KiB page
        movzx eax, word [bp+R_ES]
        shl eax, 4
        movzx ebx, word [bp+R_BX]
        add eax, ebx
        movzx ebx, cl
        shl bx, 2
        push eax
        movzx eax, ax
        add eax, ebx
        cmp eax, 0x10000
        pop eax
        ja .bound
        dec bx                          ; 8237 count = bytes - 1
        cli
        push ax
        mov al, 0x06                    ; mask channel 2
        out 0x0A, al
        out 0x0C, al                    ; clear the byte pointer flip-flop
        mov al, 0x4A                    ; single, increment, read from memory, channel 2
        out 0x0B, al
        pop ax
        out 0x04, al
        mov al, ah
        out 0x04, al
        shr eax, 16
        out 0x81, al
        out 0x0C, al
        mov al, bl
        out 0x05, al
        mov al, bh
        out 0x05, al
        mov al, 0x02                    ; unmask channel 2
        out 0x0A, al
        sti
        mov al, 0x4D                    ; FORMAT TRACK, MFM
        call fdc_send
        jc .timeout
        mov al, dh
        shl al, 2
        or al, dl
        call fdc_send                   ; head, drive
        jc .timeout
        mov al, [es:si + 3]
        call fdc_send                   ; N: bytes per sector code
        jc .timeout
        mov al, cl
        call fdc_send                   ; SC: sectors per track
        jc .timeout
        mov al, [es:si + 7]
        call fdc_send                   ; GPL: format gap length
        jc .timeout
        mov al, [es:si + 8]
        call fdc_send                   ; D: fill byte
        jc .timeout
        pop es
        call fd_result
        jmp .out
.bound: pop es
        mov ah, E_DMABOUND
        stc
        jmp .out
.timeout:
        pop es
        or byte [BDA_FD_INFO], 0x80
        mov ah, E_TIMEOUT
        stc
.fail:
.out:   pushf
        call fd_motor_idle
        popf
        ret

; copy 512 bytes between the caller's buffer (linear EDI) and the bounce buffer (linear ESI)
fd_copy_to_bounce:
        push ds
        push es
        pushad
        mov eax, esi
        mov ebx, edi
        call lin_to_esdi                ; ES:DI = bounce
        mov eax, ebx
        call lin_to_dssi                ; DS:SI = caller
        mov cx, 256
        rep movsw
        popad
        pop es
        pop ds
        ret
fd_copy_from_bounce:
        push ds
        push es
        pushad
        mov eax, edi
        mov ebx, esi
        call lin_to_esdi                ; ES:DI = caller
        mov eax, ebx
        call lin_to_dssi                ; DS:SI = bounce
        mov cx, 256
        rep movsw
        popad
        pop es
        pop ds
        ret
; lin_to_esdi / lin_to_dssi: EAX = linear address (< 1 MiB + 64 KiB) -> normalised pointer
lin_to_esdi:
        mov di, ax
        and di, 0x0F
        shr eax, 4
        mov es, ax
        ret
lin_to_dssi:
        mov si, ax
        and si, 0x0F
        shr eax, 4
        mov ds, ax
        ret
