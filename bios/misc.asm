; misc.asm -- small services: default and hardware-IRQ handlers, INT 05h, 11h, 12h, 14h, 17h,
; 18h, 19h (bootstrap loader).

dummy_iret_body:                        ; (the official dummy IRET lives at F000:FF53)
nmi_handler:
        iret

; print screen: not supported (no printer)
int05_handler:
        iret

; default handler for master-PIC IRQs without a driver: non-specific EOI
irq_master_eoi:
        push ax
        mov al, 0x20
        out PIC1_CMD, al
        pop ax
        iret

; IRQ7 may be spurious (8259 datasheet): only EOI if the in-service bit is really set
irq7_handler:
        push ax
        mov al, 0x0B                    ; OCW3: read ISR
        out PIC1_CMD, al
        in al, PIC1_CMD
        test al, 0x80
        jz .sp
        mov al, 0x20
        out PIC1_CMD, al
.sp:    pop ax
        iret

irq_slave_eoi:
        push ax
        mov al, 0x20
        out PIC2_CMD, al
        out PIC1_CMD, al
        pop ax
        iret

; IRQ8: RTC. Read register C to acknowledge the interrupt source, then EOI both PICs.
int70_handler:
        push ax
        mov al, 0x0C
        out CMOS_INDEX, al
        in al, CMOS_DATA
        mov al, 0x20
        out PIC2_CMD, al
        out PIC1_CMD, al
        pop ax
        iret

; IRQ9: redirected to INT 0Ah (PC/AT compatibility)
int71_handler:
        push ax
        mov al, 0x20
        out PIC2_CMD, al
        pop ax
        int 0x0A
        iret

; IRQ13: FPU error. Clear the busy latch (port F0h) then redirect to NMI as the AT does.
int75_handler:
        push ax
        xor al, al
        out 0xF0, al
        mov al, 0x20
        out PIC2_CMD, al
        out PIC1_CMD, al
        pop ax
        int 0x02
        iret

; IRQ14: primary ATA channel (we poll, but remember the interrupt in 40:8E)
int76_handler:
        push ax
        push ds
        mov ax, BDA_SEG
        mov ds, ax
        mov byte [BDA_HD_INTFLAG], 0xFF
        mov al, 0x20
        out PIC2_CMD, al
        out PIC1_CMD, al
        pop ds
        pop ax
        iret

; INT 11h: equipment list -> AX (BDA 40:10)
int11_handler:
        push ds
        mov ax, BDA_SEG
        mov ds, ax
        mov ax, [BDA_EQUIP]
        pop ds
        iret

; INT 12h: conventional memory size in KiB -> AX (BDA 40:13)
int12_handler:
        push ds
        mov ax, BDA_SEG
        mov ds, ax
        mov ax, [BDA_MEMKB]
        pop ds
        iret

; INT 14h: serial port services (IBM PC/AT Technical Reference; RBIL INT 14h)
; DX = port number 0-3. AH=00 init (AL = baud/parity/stop/length), 01 send AL, 02 receive,
; 03 status. Returns AH = line status (bit 7 = timeout), AL = modem status (00/03).
int14_handler:
        sti
        ENTER_FRAME
        mov ax, BDA_SEG
        mov ds, ax
        mov bx, [bp+R_DX]
        cmp bx, 3
        ja .bad
        shl bx, 1
        mov dx, [BDA_COM1 + bx]
        test dx, dx
        jz .bad
        mov ah, [bp+R_AH]
        cmp ah, 0
        je .init
        cmp ah, 1
        je .send
        cmp ah, 2
        je .recv
        cmp ah, 3
        je .status
.bad:   or byte [bp+R_AH], 0x80
        jmp .out
.init:  mov al, [bp+R_AL]
        push dx
        movzx bx, al
        shr bx, 5
        shl bx, 1
        mov cx, [cs:baud_divisors + bx]
        add dx, 3
        mov al, 0x80
        out dx, al
        sub dx, 3
        mov al, cl
        out dx, al
        inc dx
        mov al, ch
        out dx, al
        add dx, 2
        mov al, [bp+R_AL]
        and al, 0x1F                    ; length, stop bits, parity
        out dx, al
        sub dx, 2
        xor al, al
        out dx, al                      ; IER = 0
        pop dx
        jmp .status
.send:  add dx, 5
        mov cx, 0xFFFF
.sw:    in al, dx
        test al, 0x20
        jnz .sok
        loop .sw
        mov [bp+R_AH], al
        or byte [bp+R_AH], 0x80
        jmp .out
.sok:   sub dx, 5
        mov al, [bp+R_AL]
        out dx, al
        add dx, 5
        in al, dx
        mov [bp+R_AH], al
        jmp .out
.recv:  add dx, 5
        mov cx, 0xFFFF
        mov bx, 8
.rw:    in al, dx
        test al, 0x01
        jnz .rok
        loop .rw
        dec bx
        jnz .rw
        mov [bp+R_AH], al
        or byte [bp+R_AH], 0x80
        jmp .out
.rok:   and al, 0x1E
        mov [bp+R_AH], al
        sub dx, 5
        in al, dx
        mov [bp+R_AL], al
        jmp .out
.status:
        add dx, 5
        in al, dx
        mov [bp+R_AH], al
        inc dx
        in al, dx
        mov [bp+R_AL], al
.out:   LEAVE_FRAME

baud_divisors:  dw 1047, 768, 384, 192, 96, 48, 24, 12  ; 110 .. 9600 baud (1.8432 MHz / 16)

; INT 17h: printer. No printer support: AH = 01h (time-out) for every function.
int17_handler:
        mov ah, 0x01
        iret

; INT 18h: called when no boot device works (the IBM PC started ROM BASIC here).
int18_handler:
        sti
        xor ax, ax
        mov ss, ax
        mov sp, POST_STACK
        mov ax, cs
        mov ds, ax
        mov si, msg_nobasic
        call print_str
        xor ax, ax
        int 0x16
        int 0x19

; ---------------------------------------------------------------------------------------
; INT 19h: bootstrap loader. Boot order from CMOS (Bochs/SeaBIOS convention): register 3Dh
; low nibble = first device, high nibble = second, register 38h high nibble = third;
; 1 = floppy, 2 = hard disk, 3 = CD-ROM, 0 = none. Reads sector 0 of the device to 0000:7C00,
; requires the 55AAh signature at offset 510 and jumps there with DL = BIOS drive number.
int19_handler:
        cli
        cld
        xor ax, ax
        mov ss, ax
        mov sp, POST_STACK
        mov ds, ax
        sti
        mov al, 0x3D
        call cmos_read
        mov bl, al
        mov al, 0x38
        call cmos_read
        mov bh, al
        ; bx: bl = 3Dh, bh = 38h. Build a list of up to three device codes on the stack order.
        mov cl, bl
        and cl, 0x0F
        mov ch, bl
        shr ch, 4
        mov dl, bh
        shr dl, 4
        test cl, cl
        jnz .have
        mov cx, 0x0201                  ; CMOS not set: floppy, then hard disk
        xor dl, dl
.have:
        push dx
        push cx
        mov al, cl
        call boot_try
        pop cx
        mov al, ch
        call boot_try
        pop dx
        mov al, dl
        call boot_try
        mov si, msg_noboot
        call print_str
        xor ax, ax
        int 0x16
        jmp int19_handler

; boot_try: AL = device code. Returns only if that device did not boot.
boot_try:
        and al, 0x0F
        jz .ret
        cmp al, 1
        je .floppy
        cmp al, 2
        je .disk
        cmp al, 3
        je .cd
.ret:   ret
.cd:    jmp cd_boot
.floppy:
        call get_ebda
        cmp byte [es:EB_NFD], 0
        je .ret
        mov si, msg_bootfd
        call print_str
        xor dl, dl
        jmp .load
.disk:  call get_ebda
        cmp byte [es:EB_NHD], 0
        je .ret
        mov si, msg_boothd
        call print_str
        mov dl, 0x80
.load:  mov di, 3                       ; tries (floppies may need a reset after change line)
.again: xor ax, ax
        mov es, ax
        mov bx, 0x7C00
        mov ax, 0x0201
        mov cx, 0x0001
        xor dh, dh
        push dx
        int 0x13
        pop dx
        jnc .read
        push dx
        xor ax, ax
        int 0x13
        pop dx
        dec di
        jnz .again
        mov si, msg_readfail
        call print_str
        ret
.read:  cmp word [es:0x7DFE], 0xAA55
        je .go
        mov si, msg_nosig
        call print_str
        ret
.go:    mov si, msg_crlf
        call print_str
        ; hand over: CS:IP = 0000:7C00, DL = drive, DS = ES = 0, SS:SP = 0000:7C00
        xor ax, ax
        mov ds, ax
        mov es, ax
        xor dh, dh
        xor bx, bx
        xor cx, cx
        xor si, si
        xor di, di
        xor bp, bp
        cli
        mov ss, ax
        mov sp, POST_STACK
        sti
        jmp 0x0000:0x7C00

msg_bootfd:     db "Booting from floppy (00h)...", 0
msg_boothd:     db "Booting from hard disk (80h)...", 0
msg_readfail:   db " read error", 10, 0
msg_nosig:      db " not bootable (no 55AA signature)", 10, 0
msg_nocd:       db "No CD-ROM drive", 10, 0
msg_noboot:     db "No bootable device -- press a key to retry", 10, 0
msg_nobasic:    db 10, "No ROM BASIC -- press a key to reboot", 10, 0
