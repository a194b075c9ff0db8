; timer.asm -- time services: the 18.2 Hz tick count (INT 1Ah AH=00h, BDA 40:6C) advances
; while the CPU halts, INT 08h chains to a user INT 1Ch hook, INT 15h AH=86h waits about the
; requested time, INT 1Ah AH=02h/04h return valid BCD time and date.
%define TEST_NAME "timer"
%include "testlib.inc"

test_main:
        sti
        xor ah, ah
        int 0x1A
        mov [t0], dx
        mov [t0 + 2], cx
        push ds
        push word 0x40
        pop ds
        mov eax, [0x6C]
        pop ds
        sub eax, [t0]
        cmp eax, 1
        setbe al
        cmp al, 1
        CHECK_Z "INT 1Ah AH=00h matches BDA 40:6C"
        ; hook INT 1Ch
        cli
        push ds
        xor ax, ax
        mov ds, ax
        mov eax, [0x1C * 4]
        mov [cs:old1c], eax
        mov word [0x1C * 4], hook1c
        mov word [0x1C * 4 + 2], 0
        pop ds
        sti
        ; wait for 5 ticks, at most 2000 interrupts (counted in SI: INT 1Ah returns the
        ; tick count's high word in CX, so CX cannot be the loop counter)
        mov si, 2000
.w:     hlt
        xor ah, ah
        int 0x1A
        push cx
        push dx
        pop eax
        sub eax, [t0]
        cmp eax, 5
        jae .adv
        dec si
        jnz .w
.adv:   cmp eax, 5
        setae al
        cmp al, 1
        CHECK_Z "ticks advance (5 ticks while halting)"
        mov ax, [count1c]
        cmp ax, 4
        setae al
        cmp al, 1
        mov ax, [count1c]
        CHECK_Z "INT 08h calls the INT 1Ch hook"
        ; unhook
        cli
        push ds
        xor ax, ax
        mov ds, ax
        mov eax, [cs:old1c]
        mov [0x1C * 4], eax
        pop ds
        sti
        ; INT 15h AH=86h: 500000 us = 9.1 ticks
        xor ah, ah
        int 0x1A
        mov [t0], dx
        mov [t0 + 2], cx
        mov ah, 0x86
        mov cx, 0x0007
        mov dx, 0xA120                  ; 7A120h = 500000
        int 0x15
        setc al
        cmp al, 0
        CHECK_Z "INT 15h AH=86h succeeds"
        xor ah, ah
        int 0x1A
        push cx
        push dx
        pop eax
        sub eax, [t0]
        mov [dt], eax
        cmp eax, 8
        setae al
        cmp al, 1
        mov ax, [dt]
        CHECK_Z "AH=86h 0.5 s waits at least 8 ticks"
        cmp dword [dt], 12
        setbe al
        cmp al, 1
        mov ax, [dt]
        CHECK_Z "AH=86h 0.5 s waits at most 12 ticks"
        ; RTC time
        mov ah, 0x02
        int 0x1A
        setc al
        cmp al, 0
        CHECK_Z "INT 1Ah AH=02h succeeds"
        mov al, ch
        mov ah, 0x24
        call bcd_below
        mov ax, cx
        CHECK_Z "hours are BCD 00-23"
        mov al, cl
        mov ah, 0x60
        call bcd_below
        mov ax, cx
        CHECK_Z "minutes are BCD 00-59"
        mov al, dh
        mov ah, 0x60
        call bcd_below
        mov ax, dx
        CHECK_Z "seconds are BCD 00-59"
        mov ah, 0x04
        int 0x1A
        setc al
        cmp al, 0
        CHECK_Z "INT 1Ah AH=04h succeeds"
        mov [date], cx
        mov [date + 2], dx
        mov al, ch
        cmp al, 0x19
        je .c
        cmp al, 0x20
.c:     mov ax, cx
        CHECK_Z "century is 19 or 20"
        mov al, [date + 3]
        mov ah, 0x13
        call bcd_below
        jnz .mbad
        cmp byte [date + 3], 0
        je .mbad
        cmp al, al
.mbad:  mov ax, [date + 2]
        CHECK_Z "month is BCD 01-12"
        mov al, [date + 2]
        mov ah, 0x32
        call bcd_below
        jnz .dbad
        cmp byte [date + 2], 0
        je .dbad
        cmp al, al
.dbad:  mov ax, [date + 2]
        CHECK_Z "day is BCD 01-31"
        ret

; bcd_below: AL = value, AH = limit (BCD) -> ZF=1 if AL is valid BCD and below the limit
bcd_below:
        push bx
        mov bl, al
        and bl, 0x0F
        cmp bl, 9
        ja .no
        mov bl, al
        shr bl, 4
        cmp bl, 9
        ja .no
        cmp al, ah
        jae .no
        cmp al, al
        pop bx
        ret
.no:    or bl, 1                        ; ZF = 0
        pop bx
        ret

hook1c: inc word [cs:count1c]
        iret

        align 4
t0:     dd 0
dt:     dd 0
old1c:  dd 0
date:   dd 0
count1c: dw 0

%include "testlib-end.inc"
