; int1a.asm -- INT 08h (IRQ0 timer tick) and INT 1Ah (time of day, RTC), IBM PC/AT Technical
; Reference "Time of Day" and RBIL INT 1Ah.

TICKS_PER_DAY   equ 0x1800B0            ; 1573040 ticks of 65536/1193182 s

; INT 08h: IRQ0, 18.2 Hz. Counts 40:6C (rolling over at midnight and setting 40:70), runs the
; floppy motor-off timer (40:40), chains to the user tick hook INT 1Ch, then EOI.
int08_handler:
        push ds
        push eax
        push dx
        mov ax, BDA_SEG
        mov ds, ax
        mov eax, [BDA_TICKS]
        inc eax
        cmp eax, TICKS_PER_DAY
        jb .st
        xor eax, eax
        inc byte [BDA_MIDNIGHT]
.st:    mov [BDA_TICKS], eax
        cmp byte [BDA_FD_MOTORTMO], 0
        je .nomotor
        dec byte [BDA_FD_MOTORTMO]
        jnz .nomotor
        and byte [BDA_FD_MOTOR], 0xF0
        mov dx, 0x3F2
        mov al, 0x0C                    ; DOR: controller enabled, DMA enabled, motors off
        out dx, al
.nomotor:
        int 0x1C
        cli
        mov al, 0x20
        out PIC1_CMD, al
        pop dx
        pop eax
        pop ds
        iret

; rtc_wait: wait (bounded) until the RTC has no update in progress (register A bit 7)
rtc_wait:
        push cx
        push ax
        mov cx, 0xFFFF
.w:     mov al, 0x0A
        call cmos_read
        test al, 0x80
        jz .ok
        loop .w
        pop ax
        pop cx
        stc
        ret
.ok:    pop ax
        pop cx
        clc
        ret

; rtc_get: AL = CMOS register -> AL in BCD (converting when the RTC runs in binary mode)
rtc_get:
        push bx
        mov bl, al
        mov al, 0x0B
        call cmos_read
        mov bh, al
        mov al, bl
        call cmos_read
        test bh, 4
        jz .bcd
        push cx
        xor ah, ah
        mov cl, 10
        div cl
        shl al, 4
        or al, ah
        pop cx
.bcd:   pop bx
        ret

; rtc_put: AL = register, AH = BCD value (converted if the RTC runs in binary mode)
rtc_put:
        push bx
        mov bx, ax
        mov al, 0x0B
        call cmos_read
        test al, 4
        mov ax, bx
        jz .bcd
        xchg al, ah
        call bcd2bin
        xchg al, ah
.bcd:   call cmos_write
        pop bx
        ret

int1a_handler:
        sti
        ENTER_FRAME
        mov ax, BDA_SEG
        mov ds, ax
        CLR_CF
        mov ah, [bp+R_AH]
        cmp ah, 0x00
        je .get_ticks
        cmp ah, 0x01
        je .set_ticks
        cmp ah, 0x02
        je .get_time
        cmp ah, 0x03
        je .set_time
        cmp ah, 0x04
        je .get_date
        cmp ah, 0x05
        je .set_date
        cmp ah, 0x06
        je .set_alarm
        cmp ah, 0x07
        je .reset_alarm
.unsup: SET_CF
        jmp .out

.get_ticks:                             ; CX:DX = ticks, AL = midnight flag (cleared)
        cli
        mov ax, [BDA_TICKS]
        mov [bp+R_DX], ax
        mov ax, [BDA_TICKS + 2]
        mov [bp+R_CX], ax
        xor al, al
        xchg al, [BDA_MIDNIGHT]
        mov [bp+R_AL], al
        jmp .out
.set_ticks:
        cli
        mov ax, [bp+R_DX]
        mov [BDA_TICKS], ax
        mov ax, [bp+R_CX]
        mov [BDA_TICKS + 2], ax
        mov byte [BDA_MIDNIGHT], 0
        jmp .out

.get_time:                              ; CH = hours, CL = minutes, DH = seconds (BCD), DL = DST
        call rtc_wait
        jc .unsup
        mov al, 0x04
        call rtc_get
        mov [bp+R_CH], al
        mov al, 0x02
        call rtc_get
        mov [bp+R_CL], al
        mov al, 0x00
        call rtc_get
        mov [bp+R_DH], al
        mov al, 0x0B
        call cmos_read
        and al, 1
        mov [bp+R_DL], al
        mov byte [bp+R_AH], 0
        jmp .out
.set_time:
        call rtc_wait
        mov al, 0x0B
        call cmos_read
        or al, 0x80                     ; SET: stop updates while writing
        mov ah, al
        mov al, 0x0B
        call cmos_write
        mov ah, [bp+R_CH]
        mov al, 0x04
        call rtc_put
        mov ah, [bp+R_CL]
        mov al, 0x02
        call rtc_put
        mov ah, [bp+R_DH]
        mov al, 0x00
        call rtc_put
        mov al, 0x0B
        call cmos_read
        and al, 0x7E                    ; clear SET and DST
        mov ah, [bp+R_DL]
        and ah, 1
        or ah, al
        or ah, 0x02                     ; 24-hour mode
        mov al, 0x0B
        call cmos_write
        mov byte [bp+R_AH], 0
        jmp .out
.get_date:                              ; CH = century, CL = year, DH = month, DL = day (BCD)
        call rtc_wait
        jc .unsup
        mov al, 0x32
        call rtc_get
        mov [bp+R_CH], al
        mov al, 0x09
        call rtc_get
        mov [bp+R_CL], al
        mov al, 0x08
        call rtc_get
        mov [bp+R_DH], al
        mov al, 0x07
        call rtc_get
        mov [bp+R_DL], al
        mov byte [bp+R_AH], 0
        jmp .out
.set_date:
        call rtc_wait
        mov ah, [bp+R_CH]
        mov al, 0x32
        call rtc_put
        mov ah, [bp+R_CL]
        mov al, 0x09
        call rtc_put
        mov ah, [bp+R_DH]
        mov al, 0x08
        call rtc_put
        mov ah, [bp+R_DL]
        mov al, 0x07
        call rtc_put
        mov byte [bp+R_AH], 0
        jmp .out
.set_alarm:                             ; CH:CL:DH alarm time; enables the RTC alarm IRQ (INT 4Ah)
        mov al, 0x0B
        call cmos_read
        test al, 0x20
        jnz .unsup                      ; alarm already set
        mov ah, [bp+R_CH]
        mov al, 0x05
        call rtc_put
        mov ah, [bp+R_CL]
        mov al, 0x03
        call rtc_put
        mov ah, [bp+R_DH]
        mov al, 0x01
        call rtc_put
        mov al, 0x0B
        call cmos_read
        or al, 0x20
        mov ah, al
        mov al, 0x0B
        call cmos_write
        in al, PIC2_DATA
        and al, 0xFE
        out PIC2_DATA, al
        jmp .out
.reset_alarm:
        mov al, 0x0B
        call cmos_read
        and al, 0xDF
        mov ah, al
        mov al, 0x0B
        call cmos_write
        jmp .out
.out:   LEAVE_FRAME
