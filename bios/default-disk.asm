; default-disk.asm -- the built-in default boot floppy (roms/boxwood-default.img, 1.44 MB).
; The boot sector loads the rest of this program (track 0, sectors 2-17) with INT 13h and
; then shows the machine as the BIOS reports it: CPU (CPUID), memory (INT 12h, E801h, E820h),
; equipment (INT 11h), drives (INT 13h 08h/41h/48h), date and time (INT 1Ah), followed by a
; live tick counter and an echo of typed keys (INT 16h). Once up it prints
; BOXWOOD-DEFAULT-OK to port E9h and COM1. Keys: P = APM power off, R = reboot.
;
;   nasm -f bin -o boxwood-default.img default-disk.asm
        bits 16
        cpu 686
        org 0x7C00

STAGE2_SECTORS  equ 16
COM1            equ 0x3F8

boot:   jmp short .start
        nop
        db "BOXWOOD "                   ; OEM name (no file system on this disk)
.start: cli
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7C00
        sti
        cld
        jmp 0:.go
.go:    mov [boot_drive], dl
        mov di, 4                       ; tries
.load:  mov ax, 0x0200 + STAGE2_SECTORS
        mov bx, stage2
        mov cx, 0x0002                  ; cylinder 0, sector 2
        xor dh, dh
        mov dl, [boot_drive]
        int 0x13
        jnc stage2
        xor ax, ax
        int 0x13
        dec di
        jnz .load
        mov si, msg_loadfail
.p:     lodsb
        test al, al
        jz .halt
        mov ah, 0x0E
        mov bx, 7
        int 0x10
        jmp .p
.halt:  hlt
        jmp .halt
msg_loadfail:   db "Boxwood default disk: cannot read sectors 2-17", 0
boot_drive:     db 0
        times 510 - ($ - $$) db 0
        dw 0xAA55

; =========================================================================================
stage2:
        call com1_init
        mov ax, 0x0003
        int 0x10
        mov si, s_title
        call puts

        ; ---------------- CPU ----------------
        mov si, s_cpu
        call puts
        call cpu_info
        ; ---------------- memory ----------------
        mov si, s_mem
        call puts
        int 0x12
        movzx eax, ax
        call putdec
        mov si, s_kb_conv
        call puts
        mov ax, 0xE801
        int 0x15
        jc .noe801
        movzx eax, ax
        movzx ebx, bx
        shl ebx, 6
        add eax, ebx
        call putdec
        mov si, s_kb_ext
        call puts
.noe801:
        mov ah, 0x88
        int 0x15
        jc .no88
        movzx eax, ax
        call putdec
        mov si, s_kb_88
        call puts
.no88:  call e820_dump
        ; ---------------- equipment, drives ----------------
        mov si, s_equip
        call puts
        int 0x11
        mov bx, ax
        xor eax, eax
        test bl, 1
        jz .nofd
        mov al, bl
        shr al, 6
        inc al
.nofd:  call putdec
        mov si, s_floppies
        call puts
        movzx eax, bh
        shr al, 1
        and al, 7
        call putdec
        mov si, s_serial
        call puts
        mov si, s_nofpu
        test bl, 2
        jz .fpu
        mov si, s_fpu
.fpu:   call puts
        call drives_info
        mov si, s_bootdrv
        call puts
        mov al, [boot_drive]
        call puthex8
        mov si, s_h_nl
        call puts
        call clock_info

        mov si, s_marker
        call puts
        mov si, s_help
        call puts

        ; ---------------- live part: ticks and keys ----------------
        mov ah, 0x03
        xor bh, bh
        int 0x10
        mov [live_row], dh
.live:  mov ah, 0x02
        xor bh, bh
        mov dh, [live_row]
        xor dl, dl
        int 0x10
        mov si, s_ticks
        call puts_screen
        xor ah, ah
        int 0x1A
        push cx
        push dx
        pop eax
        mov byte [to_screen_only], 1
        call putdec
        mov si, s_spaces
        call puts_screen
        mov byte [to_screen_only], 0
        mov ah, 0x01
        int 0x16
        jz .idle
        xor ah, ah
        int 0x16
        mov [last_key], ax
        cmp al, 'p'
        je .poweroff
        cmp al, 'P'
        je .poweroff
        cmp al, 'r'
        je .reboot
        cmp al, 'R'
        je .reboot
        ; report the key below the tick line (and on E9/COM1)
        mov ah, 0x02
        xor bh, bh
        mov dh, [live_row]
        inc dh
        xor dl, dl
        int 0x10
        mov si, s_key
        call puts
        mov ax, [last_key]
        mov al, ah
        call puthex8
        mov si, s_ascii
        call puts
        mov ax, [last_key]
        call puthex8
        cmp al, 0x20
        jb .nochar
        cmp al, 0x7E
        ja .nochar
        mov si, s_quote
        call puts
        mov ax, [last_key]
        call putc
        mov al, "'"
        call putc
        jmp .keyend
.nochar:
        mov al, 'h'
        call putc
.keyend:
        mov si, s_keyend
        call puts
.idle:  hlt
        jmp .live
.poweroff:
        mov si, s_poweroff
        call puts
        mov ax, 0x5301                  ; APM: connect real-mode interface
        xor bx, bx
        int 0x15
        mov ax, 0x530E                  ; driver version 1.2
        xor bx, bx
        mov cx, 0x0102
        int 0x15
        mov ax, 0x5307                  ; set power state: all devices off
        mov bx, 0x0001
        mov cx, 0x0003
        int 0x15
        mov si, s_apmfail
        call puts
        jmp .idle
.reboot:
        mov si, s_reboot
        call puts
        jmp 0xFFFF:0x0000

; ---------------- CPU via CPUID (if the ID flag can be toggled) ----------------
cpu_info:
        pushfd
        pop eax
        mov ecx, eax
        xor eax, 0x200000
        push eax
        popfd
        pushfd
        pop eax
        push ecx
        popfd
        xor eax, ecx
        test eax, 0x200000
        jnz .cpuid
        mov si, s_nocpuid
        jmp puts
.cpuid: xor eax, eax
        cpuid
        mov [vendor], ebx
        mov [vendor + 4], edx
        mov [vendor + 8], ecx
        mov si, vendor
        call puts
        mov eax, 0x80000000
        cpuid
        cmp eax, 0x80000004
        jb .nobrand
        mov di, brand
        mov esi, 0x80000002
.b:     mov eax, esi
        cpuid
        mov [di], eax
        mov [di + 4], ebx
        mov [di + 8], ecx
        mov [di + 12], edx
        add di, 16
        inc esi
        cmp esi, 0x80000004
        jbe .b
        mov si, s_sep
        call puts
        mov si, brand
.sk:    cmp byte [si], ' '
        jne .pb
        inc si
        jmp .sk
.pb:    call puts
.nobrand:
        mov si, s_family
        call puts
        mov eax, 1
        cpuid
        mov [cpu_sig], eax
        mov [cpu_feat], edx
        shr eax, 8
        and eax, 0x0F
        call putdec
        mov si, s_model
        call puts
        mov eax, [cpu_sig]
        shr eax, 4
        and eax, 0x0F
        call putdec
        mov si, s_stepping
        call puts
        mov eax, [cpu_sig]
        and eax, 0x0F
        call putdec
        mov si, s_features
        call puts
        mov eax, [cpu_feat]
        call puthex32
        mov si, s_nl
        jmp puts

; ---------------- E820 memory map ----------------
e820_dump:
        xor ebx, ebx
        mov byte [e820_n], 0
.next:  mov eax, 0xE820
        mov edx, 0x534D4150
        mov ecx, 20
        mov di, e820_buf
        int 0x15
        jc .done
        cmp eax, 0x534D4150
        jne .done
        push ebx
        mov si, s_e820
        call puts
        mov eax, [e820_buf + 4]
        call puthex32
        mov eax, [e820_buf]
        call puthex32
        mov al, '+'
        call putc
        mov eax, [e820_buf + 12]
        call puthex32
        mov eax, [e820_buf + 8]
        call puthex32
        mov si, s_type
        call puts
        mov eax, [e820_buf + 16]
        call putdec
        mov si, s_usable                ; ACPI spec, E820 address range types 1-4
        cmp eax, 1
        je .t
        mov si, s_acpi
        cmp eax, 3
        je .t
        mov si, s_nvs
        cmp eax, 4
        je .t
        mov si, s_reserved
.t:     call puts
        pop ebx
        inc byte [e820_n]
        cmp byte [e820_n], 32
        jae .done
        test ebx, ebx
        jnz .next
.done:  ret

; ---------------- drives ----------------
drives_info:
        mov ah, 0x08
        xor dl, dl
        xor di, di
        mov es, di
        int 0x13
        push 0
        pop es
        jc .hd
        test bl, bl
        jz .hd
        mov si, s_fd0
        call puts
        movzx eax, bl
        call putdec
        mov si, s_fdgeom
        call puts
        movzx eax, ch
        inc eax
        call putdec
        mov al, '/'
        call putc
        movzx eax, dh
        inc eax
        call putdec
        mov al, '/'
        call putc
        movzx eax, cl
        and al, 0x3F
        call putdec
        mov si, s_nl
        call puts
.hd:    mov ah, 0x08
        mov dl, 0x80
        int 0x13
        jc .nohd
        test dl, dl
        jz .nohd
        mov [hd_count], dl
        mov byte [hd_cur], 0x80
.each:  mov si, s_hd
        call puts
        mov al, [hd_cur]
        call puthex8
        mov si, s_hdchs
        call puts
        mov ah, 0x08
        mov dl, [hd_cur]
        int 0x13
        jc .skip
        mov al, cl
        mov ah, cl
        shr ah, 6
        mov al, ch
        movzx eax, ax
        inc eax
        call putdec
        mov al, '/'
        call putc
        movzx eax, dh
        inc eax
        call putdec
        mov al, '/'
        call putc
        movzx eax, cl
        and al, 0x3F
        call putdec
        ; EDD size
        mov ah, 0x41
        mov bx, 0x55AA
        mov dl, [hd_cur]
        int 0x13
        jc .noedd
        cmp bx, 0xAA55
        jne .noedd
        mov word [edd_buf], 0x1E
        mov ah, 0x48
        mov dl, [hd_cur]
        mov si, edd_buf
        int 0x13
        jc .noedd
        mov si, s_edd
        call puts
        mov eax, [edd_buf + 16]
        call putdec
        mov si, s_sectors
        call puts
        mov eax, [edd_buf + 16]
        shr eax, 11
        call putdec
        mov si, s_mb
        call puts
.noedd: mov si, s_nl
        call puts
.skip:  inc byte [hd_cur]
        dec byte [hd_count]
        jnz .each
        ret
.nohd:  mov si, s_nohd
        jmp puts

; ---------------- date and time ----------------
clock_info:
        mov si, s_clock
        call puts
        mov ah, 0x04
        int 0x1A
        jc .t
        mov al, ch
        call puthex8
        mov al, cl
        call puthex8
        mov al, '-'
        call putc
        mov al, dh
        call puthex8
        mov al, '-'
        call putc
        mov al, dl
        call puthex8
        mov al, ' '
        call putc
.t:     mov ah, 0x02
        int 0x1A
        jc .d
        mov al, ch
        call puthex8
        mov al, ':'
        call putc
        mov al, cl
        call puthex8
        mov al, ':'
        call putc
        mov al, dh
        call puthex8
.d:     mov si, s_nl
        jmp puts

; ---------------- output: screen (INT 10h), port E9h and COM1 ----------------
com1_init:
        mov dx, COM1 + 1
        xor al, al
        out dx, al
        mov dx, COM1 + 3
        mov al, 0x80
        out dx, al
        mov dx, COM1
        mov al, 1
        out dx, al
        mov dx, COM1 + 1
        xor al, al
        out dx, al
        mov dx, COM1 + 3
        mov al, 0x03
        out dx, al
        mov dx, COM1 + 2
        mov al, 0x07
        out dx, al
        mov dx, COM1 + 4
        mov al, 0x03
        out dx, al
        ret

; putc: AL -> screen, E9h, COM1 ("\n" -> CR LF)
putc:   cmp al, 10
        jne .one
        mov al, 13
        call .one
        mov al, 10
.one:   pusha
        mov ah, 0x0E
        mov bx, 7
        int 0x10
        popa
        cmp byte [to_screen_only], 0
        jne .r
        out 0xE9, al
        pusha
        mov bl, al
        mov dx, COM1 + 5
        mov cx, 0xFFFF
.w:     in al, dx
        test al, 0x20
        jnz .s
        loop .w
.s:     mov dx, COM1
        mov al, bl
        out dx, al
        popa
.r:     ret

puts:   push si
        push ax
.l:     lodsb
        test al, al
        jz .d
        call putc
        jmp .l
.d:     pop ax
        pop si
        ret

puts_screen:
        mov byte [to_screen_only], 1
        call puts
        mov byte [to_screen_only], 0
        ret

putdec: pushad
        mov ebx, 10
        xor cx, cx
.d:     xor edx, edx
        div ebx
        push dx
        inc cx
        test eax, eax
        jnz .d
.o:     pop ax
        add al, '0'
        call putc
        loop .o
        popad
        ret

puthex8:
        push ax
        shr al, 4
        call .n
        pop ax
        push ax
        call .n
        pop ax
        ret
.n:     and al, 0x0F
        add al, '0'
        cmp al, '9'
        jbe .p
        add al, 7
.p:     jmp putc

puthex32:
        push eax
        rol eax, 8
        call puthex8
        rol eax, 8
        call puthex8
        rol eax, 8
        call puthex8
        rol eax, 8
        call puthex8
        pop eax
        ret

s_title:        db "Boxwood default disk -- the machine as the BIOS reports it", 10, 10, 0
s_cpu:          db "CPU:       ", 0
s_nocpuid:      db "no CPUID (386 or early 486)", 10, 0
s_sep:          db ", ", 0
s_family:       db 10, "           family ", 0
s_model:        db " model ", 0
s_stepping:     db " stepping ", 0
s_features:     db ", features ", 0
s_mem:          db "Memory:    ", 0
s_kb_conv:      db " KB base (INT 12h), ", 0
s_kb_ext:       db " KB ext (E801h), ", 0
s_kb_88:        db " KB (88h)", 10, 0
s_e820:         db "  E820: ", 0
s_type:         db " type ", 0
s_usable:       db " (usable)", 10, 0
s_reserved:     db " (reserved)", 10, 0
s_acpi:         db " (ACPI tables)", 10, 0
s_nvs:          db " (ACPI NVS)", 10, 0
s_equip:        db "Equipment: ", 0
s_floppies:     db " floppy drive(s), ", 0
s_serial:       db " serial port(s), ", 0
s_fpu:          db "FPU", 10, 0
s_nofpu:        db "no FPU", 10, 0
s_fd0:          db "Floppy 00h: type ", 0
s_fdgeom:       db ", C/H/S ", 0
s_hd:           db "Disk ", 0
s_hdchs:        db "h: C/H/S ", 0
s_edd:          db ", EDD ", 0
s_sectors:      db " sectors = ", 0
s_mb:           db " MB", 0
s_nohd:         db "No hard disks", 10, 0
s_bootdrv:      db "Boot drive: ", 0
s_h_nl:         db "h", 10, 0
s_clock:        db "RTC:       ", 0
s_marker:       db 10, "BOXWOOD-DEFAULT-OK", 10, 0
s_help:         db "Type keys to see their codes; P = power off (APM), R = reboot.", 10, 0
s_ticks:        db "Timer ticks (INT 1Ah): ", 0
s_spaces:       db "      ", 0
s_key:          db "Key: scan ", 0
s_ascii:        db "h ASCII ", 0
s_quote:        db "h '", 0
s_keyend:       db "        ", 10, 0
s_poweroff:     db 10, "Powering off via APM...", 10, 0
s_apmfail:      db "APM power off failed", 10, 0
s_reboot:       db 10, "Rebooting...", 10, 0
s_nl:           db 10, 0

to_screen_only: db 0
live_row:       db 0
last_key:       dw 0
hd_count:       db 0
hd_cur:         db 0
e820_n:         db 0
cpu_sig:        dd 0
cpu_feat:       dd 0
vendor:         times 13 db 0
brand:          times 49 db 0
        align 4
e820_buf:       times 24 db 0
edd_buf:        times 0x1E db 0

%if ($ - stage2) > STAGE2_SECTORS * 512
%error stage 2 is larger than STAGE2_SECTORS
%endif
        times 1474560 - ($ - $$) db 0
