; int16.asm -- keyboard: INT 09h (IRQ1, scan code set 1 from the 8042 with translation on)
; fills the BDA ring buffer 40:1E-3D; INT 16h reads it. Key codes follow the IBM PC/AT and
; Enhanced Keyboard conventions (IBM PC/AT Technical Reference, Keyboard BIOS; RBIL INT 16h).

; BDA 40:17 shift flags: 0 RShift, 1 LShift, 2 Ctrl, 3 Alt, 4 Scroll, 5 Num, 6 Caps, 7 Insert
; BDA 40:18: 0 LCtrl, 1 LAlt, 2 SysReq, 3 pause, 4 Scroll key down, 5 Num down, 6 Caps down, 7 Ins down
; BDA 40:96: bit 1 = last code was E0h, bit 2 = RCtrl, bit 3 = RAlt, bit 4 = enhanced keyboard

int09_handler:
        push ds
        push ax
        push bx
        push cx
        push si
        in al, KBC_DATA
        ; INT 15h AH=4Fh keyboard intercept: a hook clearing CF swallows the scan code
        stc
        mov ah, 0x4F
        int 0x15
        jnc .eoi
        mov bx, BDA_SEG
        mov ds, bx
        cmp al, 0xE0
        jne .note0
        or byte [BDA_KBMODE], 0x02
        jmp .eoi
.note0: cmp al, 0xE1                    ; Pause prefix: ignored
        je .eoi
        mov ch, [BDA_KBMODE]
        and byte [BDA_KBMODE], 0xFD     ; CH bit 1 = this code had an E0 prefix
        mov bl, al
        and bl, 0x7F                    ; BL = key, AL bit 7 = release
        ; ----- modifier and lock keys -----
        cmp bl, 0x2A
        je .lshift
        cmp bl, 0x36
        je .rshift
        cmp bl, 0x1D
        je .ctrl
        cmp bl, 0x38
        je .alt
        cmp bl, 0x3A
        je .caps
        cmp bl, 0x45
        je .num
        cmp bl, 0x46
        je .scroll
        test al, 0x80
        jnz .eoi                        ; other releases carry no key
        jmp .key

.lshift:
        mov ah, 0x02
        jmp .shiftkey
.rshift:
        mov ah, 0x01
.shiftkey:
        test ch, 2
        jnz .eoi                        ; E0 2A / E0 36: fake shifts around gray keys
        test al, 0x80
        jnz .sup
        or [BDA_KBFLAGS0], ah
        jmp .eoi
.sup:   not ah
        and [BDA_KBFLAGS0], ah
        jmp .eoi
.ctrl:  mov ah, 0x01                    ; 40:18 bit 0 (left) or 40:96 bit 2 (right)
        mov bh, 0x04
        jmp .ctlalt
.alt:   mov ah, 0x02
        mov bh, 0x08
.ctlalt:
        test al, 0x80
        jnz .caup
        test ch, 2
        jz .cal
        or [BDA_KBMODE], bh
        jmp .cab
.cal:   or [BDA_KBFLAGS1], ah
.cab:   shl ah, 2                       ; 40:17 bit 2 (ctrl) / 3 (alt)
        or [BDA_KBFLAGS0], ah
        jmp .eoi
.caup:  test ch, 2
        jz .cul
        not bh
        and [BDA_KBMODE], bh
        jmp .cub
.cul:   not ah
        and [BDA_KBFLAGS1], ah
        not ah
.cub:   ; 40:17 bit stays set while the other side is still down
        mov bh, [BDA_KBFLAGS1]
        and bh, 0x03
        mov cl, [BDA_KBMODE]
        shr cl, 2
        and cl, 0x03
        or bh, cl
        test bh, ah
        jnz .eoi
        shl ah, 2
        not ah
        and [BDA_KBFLAGS0], ah
        jmp .eoi
.caps:  mov ah, 0x40
        jmp .lock
.num:   mov ah, 0x20
        jmp .lock
.scroll:
        mov ah, 0x10
.lock:  test al, 0x80
        jnz .lkup
        test [BDA_KBFLAGS1], ah
        jnz .eoi                        ; typematic repeat: toggle once per press
        or [BDA_KBFLAGS1], ah
        xor [BDA_KBFLAGS0], ah
        jmp .eoi
.lkup:  not ah
        and [BDA_KBFLAGS1], ah
        jmp .eoi

.key:   mov ah, [BDA_KBFLAGS0]
        ; Ctrl-Alt-Del: warm boot (40:72 = 1234h)
        test ah, 0x04
        jz .nocad
        test ah, 0x08
        jz .nocad
        cmp bl, 0x53
        jne .nocad
        mov word [BDA_RESETFLAG], 0x1234
        jmp BIOS_SEG:0xFFF0
.nocad: cmp bl, 0x58
        ja .eoi
        test ch, 2
        jnz .e0key
        movzx bx, bl
        ; keypad 47h-53h (except - and +): digits when NumLock xor Shift, else cursor keys
        cmp bl, 0x47
        jb .notkp
        cmp bl, 0x53
        ja .notkp
        cmp bl, 0x4A
        je .notkp
        cmp bl, 0x4E
        je .notkp
        test ah, 0x0C
        jnz .kpcur
        mov cl, ah
        shr cl, 5                       ; NumLock -> bit 0
        and cl, 1
        test ah, 0x03
        jz .kpn
        xor cl, 1
.kpn:   test cl, cl
        jz .kpcur
        mov al, [cs:kbd_shift + bx]
        jmp .store_al
.kpcur: xor al, al
        jmp .store_al
.notkp: test ah, 0x08
        jnz .altkey
        test ah, 0x04
        jnz .ctrlkey
        ; function keys F1-F10 (3Bh-44h), F11/F12 (57h/58h)
        test ah, 0x03
        jz .plain
        cmp bl, 0x3B
        jb .shifted
        cmp bl, 0x44
        ja .sf11
        add bl, 0x54 - 0x3B             ; Shift-F1.. = 54h..
        jmp .nul
.sf11:  cmp bl, 0x57
        jb .shifted
        add bl, 0x87 - 0x57
        jmp .nul
.shifted:
        mov al, [cs:kbd_shift + bx]
        test ah, 0x40                   ; Caps Lock inverts letters
        jz .store_al
        call is_alpha
        jnc .store_al
        xor al, 0x20
        jmp .store_al
.plain: cmp bl, 0x57
        jb .pl2
        add bl, 0x85 - 0x57
        jmp .nul
.pl2:   mov al, [cs:kbd_normal + bx]
        test ah, 0x40
        jz .store_al
        call is_alpha
        jnc .store_al
        xor al, 0x20
        jmp .store_al
.ctrlkey:
        cmp bl, 0x3B
        jb .ck2
        cmp bl, 0x44
        ja .ck1
        add bl, 0x5E - 0x3B
        jmp .nul
.ck1:   cmp bl, 0x57
        jb .eoi
        add bl, 0x89 - 0x57
        jmp .nul
.ck2:   mov al, [cs:kbd_normal + bx]
        call is_alpha
        jnc .ck3
        and al, 0x1F
        jmp .store_al
.ck3:   cmp bl, 0x03                    ; Ctrl-2 = NUL
        je .nul
        mov si, ctrl_map
.ck4:   mov cx, [cs:si]
        test cx, cx
        jz .eoi
        add si, 2
        cmp cl, bl
        jne .ck4
        mov al, ch
        jmp .store_al
.altkey:
        cmp bl, 0x02
        jb .eoi
        cmp bl, 0x0D
        ja .ak1
        add bl, 0x78 - 0x02             ; Alt-1..Alt-= = 78h..83h
        jmp .nul
.ak1:   cmp bl, 0x3B
        jb .nul                         ; Alt-letter: ASCII 0, scan code
        cmp bl, 0x44
        ja .ak2
        add bl, 0x68 - 0x3B
        jmp .nul
.ak2:   cmp bl, 0x57
        jb .eoi
        add bl, 0x8B - 0x57
.nul:   xor al, al
.store_al:
        mov ah, bl
        mov cx, ax
        jmp .put
.e0key: ; gray keys of the enhanced keyboard: ASCII E0h marks them for INT 16h AH=10h
        cmp bl, 0x1C
        jne .e1
        mov cx, 0xE00D                  ; keypad Enter
        jmp .put
.e1:    cmp bl, 0x35
        jne .e2
        mov cx, 0xE02F                  ; keypad /
        jmp .put
.e2:    cmp bl, 0x47
        jb .eoi
        cmp bl, 0x53
        ja .eoi
        mov ch, bl
        mov cl, 0xE0
.put:   call kbd_enqueue
.eoi:   cli
        mov al, 0x20
        out PIC1_CMD, al
        pop si
        pop cx
        pop bx
        pop ax
        pop ds
        iret

; is_alpha: CF=1 if AL is an ASCII letter
is_alpha:
        push ax
        or al, 0x20
        cmp al, 'a'
        jb .no
        cmp al, 'z'
        ja .no
        pop ax
        stc
        ret
.no:    pop ax
        clc
        ret

; kbd_enqueue: CX = key word -> BDA ring buffer (DS = 40h). CF=1 if the buffer was full.
kbd_enqueue:
        push bx
        push ax
        mov bx, [BDA_KBTAIL]
        mov ax, bx
        add ax, 2
        cmp ax, [BDA_KBEND]
        jb .nw
        mov ax, [BDA_KBSTART]
.nw:    cmp ax, [BDA_KBHEAD]
        je .full
        mov [bx], cx
        mov [BDA_KBTAIL], ax
        pop ax
        pop bx
        clc
        ret
.full:  pop ax
        pop bx
        stc
        ret

ctrl_map:       ; scan, ASCII for Ctrl combinations that are not letters
        db 0x01, 0x1B, 0x0E, 0x7F, 0x1C, 0x0A, 0x1A, 0x1B, 0x1B, 0x1D, 0x2B, 0x1C
        db 0x07, 0x1E, 0x0C, 0x1F, 0x39, 0x20, 0x0F, 0x00
        dw 0

; set 1 scan code -> ASCII, unshifted and shifted (00h-58h)
kbd_normal:
        db 0, 27, "1234567890-=", 8, 9              ; 00-0F
        db "qwertyuiop[]", 13, 0, "as"              ; 10-1F
        db "dfghjkl;'`", 0, "\zxcv"                 ; 20-2F
        db "bnm,./", 0, "*", 0, " ", 0, 0, 0, 0, 0, 0 ; 30-3F
        db 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "-", 0, 0, 0, "+", 0 ; 40-4F
        db 0, 0, 0, 0, 0, 0, "\", 0, 0               ; 50-58
kbd_shift:
        db 0, 27, "!@#$%^&*()_+", 8, 0              ; 00-0F
        db "QWERTYUIOP{}", 13, 0, "AS"              ; 10-1F
        db 'DFGHJKL:"~', 0, "|ZXCV"                 ; 20-2F
        db "BNM<>?", 0, "*", 0, " ", 0, 0, 0, 0, 0, 0 ; 30-3F
        db 0, 0, 0, 0, 0, 0, 0, "789-456+1"         ; 40-4F
        db "230.", 0, 0, "|", 0, 0                  ; 50-58

; ---------------------------------------------------------------------------------------
; INT 16h: keyboard services. 00h/10h read (wait), 01h/11h peek (ZF=1 if empty), 02h/12h
; shift flags, 03h typematic (ignored), 05h store key, 0Ah keyboard ID.
int16_handler:
        sti
        ENTER_FRAME
        mov ax, BDA_SEG
        mov ds, ax
        mov ah, [bp+R_AH]
        cmp ah, 0x00
        je .read
        cmp ah, 0x10
        je .read
        cmp ah, 0x01
        je .peek
        cmp ah, 0x11
        je .peek
        cmp ah, 0x02
        je .flags
        cmp ah, 0x12
        je .xflags
        cmp ah, 0x05
        je .store
        cmp ah, 0x09
        je .caps
        cmp ah, 0x0A
        je .kbid
        jmp .out
.read:  cli
        mov bx, [BDA_KBHEAD]
        cmp bx, [BDA_KBTAIL]
        jne .got
        sti
        hlt
        jmp .read
.got:   mov ax, [bx]
        add bx, 2
        cmp bx, [BDA_KBEND]
        jb .nw
        mov bx, [BDA_KBSTART]
.nw:    mov [BDA_KBHEAD], bx
        sti
        call .convert
        mov [bp+R_AX], ax
        jmp .out
.peek:  cli
        mov bx, [BDA_KBHEAD]
        cmp bx, [BDA_KBTAIL]
        jne .pk
        sti
        or byte [bp+R_FLAGS], 0x40      ; ZF = 1: no key
        jmp .out
.pk:    mov ax, [bx]
        sti
        call .convert
        mov [bp+R_AX], ax
        and byte [bp+R_FLAGS], 0xBF
        jmp .out
.flags: mov al, [BDA_KBFLAGS0]
        mov [bp+R_AL], al
        jmp .out
.xflags:
        mov al, [BDA_KBFLAGS0]
        mov [bp+R_AL], al
        mov al, [BDA_KBFLAGS1]
        and al, 0x73                    ; LCtrl, LAlt, lock keys held
        mov ah, [BDA_KBFLAGS1]
        shl ah, 5                       ; SysReq (bit 2) -> bit 7
        and ah, 0x80
        or al, ah
        mov ah, [BDA_KBMODE]
        and ah, 0x0C                    ; RCtrl, RAlt
        or al, ah
        mov [bp+R_AH], al
        jmp .out
.store: mov cx, [bp+R_CX]
        cli
        call kbd_enqueue
        sti
        mov al, 0
        adc al, 0
        mov [bp+R_AL], al
        jmp .out
.caps:  mov byte [bp+R_AL], 0x20        ; AH=10h-12h supported
        jmp .out
.kbid:  mov word [bp+R_BX], 0x41AB      ; MF2 keyboard, translation on
.out:   LEAVE_FRAME

; .convert: for the original functions (AH=00h/01h) strip the enhanced-keyboard markers
.convert:
        test byte [bp+R_AH], 0x10
        jnz .cv9
        cmp ah, 0xE0
        jne .cv1
        mov ah, 0x1C                    ; keypad Enter
        cmp al, 0x0D
        je .cv9
        mov ah, 0x35                    ; keypad /
        jmp .cv9
.cv1:   cmp al, 0xE0
        jne .cv9
        test ah, ah
        jz .cv9
        xor al, al
.cv9:   ret
