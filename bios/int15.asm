; int15.asm -- INT 15h system services: A20 gate (24xxh), keyboard intercept (4Fh), APM 1.2
; real-mode subset (53xxh), wait (86h), extended memory size (88h, E801h), system configuration
; (C0h), EBDA segment (C1h), and the ACPI/E820 memory map (ACPI Specification 6.x, "INT 15H
; E820H Query System Address Map"; RBIL INT 15/AX=E820h).

int15_handler:
        cmp ah, 0x4F
        jne .pm
        stc                             ; keyboard intercept: keep the scan code
        retf 2
.pm:    cmp ah, 0x89
        jne .frame
        jmp int15_protmode
.frame: sti
        cld
        ENTER_FRAME
        mov ax, BDA_SEG
        mov ds, ax
        CLR_CF
        mov ax, [bp+R_AX]
        cmp ah, 0x24
        je int15_a20
        cmp ah, 0x53
        je int15_apm
        cmp ah, 0x86
        je int15_wait
        cmp ah, 0x87
        je int15_move
        cmp ah, 0xC2
        je int15_mouse
        cmp ah, 0x88
        je int15_extmem
        cmp ah, 0x90
        je int15_ok                     ; device busy
        cmp ah, 0x91
        je int15_ok                     ; interrupt complete
        cmp ah, 0xC0
        je int15_config
        cmp ah, 0xC1
        je int15_ebda
        cmp ax, 0xE801
        je int15_e801
        cmp ax, 0xE820
        je int15_e820
int15_unsupported:
        mov byte [bp+R_AH], 0x86
        jmp int15_error
int15_error:
        SET_CF
        jmp int15_out
int15_ok:
        mov byte [bp+R_AH], 0
int15_out:
        LEAVE_FRAME

; --- AX=2400h disable A20, 2401h enable, 2402h status (AL), 2403h support (BX) ---
int15_a20:
        cmp al, 3
        ja int15_unsupported
        je .support
        cmp al, 2
        je .status
        in al, 0x92
        and al, 0xFC                    ; never write bit 0 (fast reset)
        cmp byte [bp+R_AL], 1
        jne .w
        or al, 0x02
.w:     out 0x92, al
        mov byte [bp+R_AH], 0
        jmp int15_out
.status:
        in al, 0x92
        shr al, 1
        and al, 1
        mov [bp+R_AL], al
        mov byte [bp+R_AH], 0
        jmp int15_out
.support:
        mov word [bp+R_BX], 0x0003      ; keyboard controller and port 92h
        mov byte [bp+R_AH], 0
        jmp int15_out

; --- APM 1.2, real-mode interface only (Advanced Power Management BIOS Interface
; Specification 1.2, sections 4.1-4.7). Power off writes "Shutdown" to port 8900h (Bochs
; convention, understood by Boxwood), then halts. ---
int15_apm:
        cmp al, 0x00
        je .check
        cmp al, 0x01
        je .ok                          ; real-mode interface connect
        cmp al, 0x04
        je .ok                          ; disconnect
        cmp al, 0x05
        je .ok                          ; CPU idle
        cmp al, 0x06
        je .ok                          ; CPU busy
        cmp al, 0x07
        je .setstate
        cmp al, 0x08
        je .ok                          ; enable/disable power management
        cmp al, 0x0D
        je .ok                          ; enable/disable device power management
        cmp al, 0x0E
        je .version
        cmp al, 0x0F
        je .ok                          ; engage/disengage
        mov byte [bp+R_AH], 0x86        ; 02h/03h protected-mode connects: not supported
        jmp int15_error
.check: cmp word [bp+R_BX], 0
        jne .nodev
        mov word [bp+R_AX], 0x0102      ; APM 1.2
        mov word [bp+R_BX], 0x504D      ; "PM"
        mov word [bp+R_CX], 0x0000      ; no protected-mode interfaces
        jmp int15_out
.nodev: mov byte [bp+R_AH], 0x09        ; unrecognised device ID
        jmp int15_error
.version:
        mov ax, [bp+R_CX]
        cmp ax, 0x0102
        jbe .v
        mov ax, 0x0102
.v:     mov [bp+R_AX], ax
        jmp int15_out
.setstate:
        cmp word [bp+R_CX], 0x0003      ; off
        jne .ok
        mov si, msg_shutdown
        mov dx, 0x8900
.sd:    cs lodsb
        test al, al
        jz .halt
        out dx, al
        jmp .sd
.halt:  cli
        hlt
        jmp .halt
.ok:    mov byte [bp+R_AH], 0
        jmp int15_out

msg_shutdown:   db "Shutdown", 0

; --- AH=86h wait CX:DX microseconds, in 18.2 Hz ticks (54925 us each, rounded up) ---
int15_wait:
        mov ax, [bp+R_CX]
        shl eax, 16
        mov ax, [bp+R_DX]
        add eax, 54924
        jc .max
        xor edx, edx
        mov ecx, 54925
        div ecx
        jmp .w
.max:   mov eax, 0x13880                ; ~ 4295 s
.w:     test eax, eax
        jz .done
        mov ebx, eax
        mov ecx, [BDA_TICKS]
.l:     sti
        hlt
        mov eax, [BDA_TICKS]
        sub eax, ecx
        cmp eax, ebx
        jb .l
.done:  mov byte [bp+R_AH], 0
        jmp int15_out

; --- AH=88h: KiB of usable extended memory above 1 MiB, at most FFFFh (the E820 region at
; 1 MiB, which ends below the ACPI tables when POST built them) ---
int15_extmem:
        push es
        call get_ebda
        mov eax, [es:EB_USABLE]
        pop es
        sub eax, 0x100000
        shr eax, 10
        cmp eax, 0xFFFF
        jbe .ok
        mov ax, 0xFFFF
.ok:    mov [bp+R_AX], ax
        jmp int15_out

; --- AH=C0h: ES:BX = system configuration table (F000:E6F5) ---
int15_config:
        mov word [bp+R_ES], BIOS_SEG
        mov word [bp+R_BX], config_table
        mov byte [bp+R_AH], 0
        jmp int15_out

; --- AH=C1h: ES = EBDA segment ---
int15_ebda:
        mov ax, [BDA_EBDA]
        mov [bp+R_ES], ax
        jmp int15_out

; --- AX=E801h: AX = CX = KiB between 1 MiB and 16 MiB, BX = DX = 64 KiB blocks above 16 MiB ---
int15_e801:
        push es
        call get_ebda
        mov eax, [es:EB_USABLE]
        pop es
        xor ebx, ebx
        cmp eax, 0x1000000
        jbe .low
        mov ebx, eax
        sub ebx, 0x1000000
        shr ebx, 16
        mov eax, 0x1000000
.low:   sub eax, 0x100000
        shr eax, 10
        mov [bp+R_AX], ax
        mov [bp+R_CX], ax
        mov [bp+R_BX], bx
        mov [bp+R_DX], bx
        jmp int15_out

; --- AX=E820h: EDX = 'SMAP', EBX = continuation (entry index), ECX = buffer size (>= 20),
; ES:DI = buffer. Returns EAX = 'SMAP', ECX = 20, EBX = next index or 0 after the last. ---
SMAP    equ 0x534D4150
int15_e820:
        cmp dword [bp+R_EDX], SMAP
        jne .bad
        cmp dword [bp+R_ECX], 20
        jb .bad
        mov ebx, [bp+R_EBX]
        push es
        call get_ebda
        mov ecx, [es:EB_USABLE]         ; ECX = end of usable RAM above 1 MiB
        mov esi, [es:EB_RAMTOP]         ; ESI = end of RAM
        mov al, [es:EB_ACPIFLAGS]
        movzx edx, word [BDA_EBDA]
        shl edx, 4                      ; EDX = EBDA start
        pop es
        ; continuation value -> entry: 0 low RAM, 1 EBDA, 2 BIOS, 3 RAM at 1 MiB, 4 ACPI NVS
        ; (FACS), 5 ACPI tables, 6 BIOS alias below 4 GiB. Without ACPI tables 4 and 5 are
        ; skipped.
        mov ah, 5                       ; AH = number of continuation values
        test al, 1
        jz .noacpi
        mov ah, 7
.noacpi:
        cmp bl, ah
        jae .bad
        test ebx, 0xFFFFFF00
        jnz .bad
        mov al, bl
        cmp ah, 7
        je .idx
        cmp al, 4
        jne .idx
        mov al, 6
.idx:   mov es, [bp+R_ES]
        mov di, [bp+R_DI]
        push eax
        xor eax, eax
        mov [es:di + 4], eax
        mov [es:di + 12], eax
        mov dword [es:di + 16], 1       ; type 1: usable RAM
        pop eax
        cmp al, 0
        jne .e1
        mov dword [es:di], 0            ; 0 - EBDA: usable
        mov [es:di + 8], edx
        jmp .next
.e1:    cmp al, 1
        jne .e2
        mov [es:di], edx                ; EBDA - 640 KiB: reserved
        neg edx
        add edx, 0xA0000
        mov [es:di + 8], edx
        mov dword [es:di + 16], 2
        jmp .next
.e2:    cmp al, 2
        jne .e3
        mov dword [es:di], 0xF0000      ; system BIOS (and the RSDP, MP tables): reserved
        mov dword [es:di + 8], 0x10000
        mov dword [es:di + 16], 2
        jmp .next
.e3:    cmp al, 3
        jne .e4
        mov dword [es:di], 0x100000     ; 1 MiB - usable top: usable
        sub ecx, 0x100000
        mov [es:di + 8], ecx
        jmp .next
.e4:    cmp al, 4
        jne .e5
        mov [es:di], ecx                ; FACS: AddressRangeNVS (ACPI 2.0, 14.1)
        mov dword [es:di + 8], ACPI_NVS_SIZE
        mov dword [es:di + 16], 4
        jmp .next
.e5:    cmp al, 5
        jne .e6
        add ecx, ACPI_NVS_SIZE          ; the other tables: AddressRangeACPI
        mov [es:di], ecx
        sub esi, ecx
        mov [es:di + 8], esi
        mov dword [es:di + 16], 3
        jmp .next
.e6:    mov dword [es:di], 0xFFFC0000   ; BIOS alias below 4 GiB: reserved
        mov dword [es:di + 8], 0x40000
        mov dword [es:di + 16], 2
.next:  inc bl
        cmp bl, ah
        jb .more
        xor ebx, ebx
.more:  mov [bp+R_EBX], ebx
        mov dword [bp+R_EAX], SMAP
        mov dword [bp+R_ECX], 20
        jmp int15_out
.bad:   mov byte [bp+R_AH], 0x86
        jmp int15_error

; ---------------------------------------------------------------------------------------
; AH=87h: move CX words (at most 8000h) between the source and destination descriptors of the
; caller's GDT at ES:SI (IBM PC/AT Technical Reference, BIOS "Block Move"): 00h dummy, 08h the
; GDT itself, 10h source, 18h destination, 20h BIOS code, 28h stack -- 08h, 20h and 28h are
; filled in here. The move runs in protected mode with interrupts off and A20 on; A20 is
; returned to its previous state. AH = 0, CF = 0, ZF = 1 on success.
int15_move:
        cmp word [bp+R_CX], 0x8000
        jbe .ok
        mov byte [bp+R_AH], 0x02        ; (IBM: exception error)
        jmp int15_error
.ok:    mov es, [bp+R_ES]
        mov si, [bp+R_SI]
        movzx eax, word [bp+R_ES]
        shl eax, 4
        movzx ebx, si
        add eax, ebx                    ; linear address of the GDT
        mov word [es:si + 0x08], 0x002F
        mov [es:si + 0x0A], eax         ; base 0-23 (+ access byte, rewritten below)
        mov byte [es:si + 0x0D], 0x93
        shr eax, 24
        mov byte [es:si + 0x0E], 0
        mov [es:si + 0x0F], al
        mov dword [es:si + 0x20], 0x0000FFFF   ; BIOS code: base F0000h, limit FFFFh, 16-bit
        mov dword [es:si + 0x24], 0x00009B0F
        movzx eax, sp
        mov ax, ss
        movzx eax, ax
        shl eax, 4
        mov word [es:si + 0x28], 0xFFFF ; stack: base SS * 16, limit FFFFh
        mov [es:si + 0x2A], eax
        mov byte [es:si + 0x2D], 0x93
        mov word [es:si + 0x2E], 0
        mov dx, ss                      ; DX = real-mode SS
        in al, 0x92
        push ax
        or al, 0x02
        and al, 0xFE
        out 0x92, al
        mov cx, [bp+R_CX]
        cli
        lgdt [es:si + 0x08]
        mov eax, cr0
        or al, 1
        mov cr0, eax
        jmp 0x20:.pm
.pm:    mov ax, 0x28
        mov ss, ax
        mov ax, 0x10
        mov ds, ax
        mov ax, 0x18
        mov es, ax
        xor si, si
        xor di, di
        cld
        rep movsw
        mov ax, 0x28                    ; 64 KiB limits for the segment caches in real mode
        mov ds, ax
        mov es, ax
        mov eax, cr0
        and al, 0xFE
        mov cr0, eax
        jmp BIOS_SEG:.rm
.rm:    mov ss, dx
        xor ax, ax
        mov ds, ax
        mov es, ax
        pop ax
        and al, 0xFE
        out 0x92, al                    ; previous A20 state
        mov byte [bp+R_AH], 0
        or byte [bp+R_FLAGS], 0x40      ; ZF = 1
        jmp int15_out

; AH=89h: switch to protected mode (IBM PC/AT Technical Reference). ES:SI = GDT: 08h GDT and
; 10h IDT pseudo-descriptors (filled by the caller), 18h DS, 20h ES, 28h SS, 30h CS for the
; caller, 38h BIOS code (filled here). BH/BL = interrupt vector bases for the master/slave
; 8259. Returns in protected mode at CS = 30h with AH = 0, CF = 0, interrupts disabled.
int15_protmode:
        cli
        in al, 0x92                     ; A20 on
        or al, 0x02
        and al, 0xFE
        out 0x92, al
        in al, PIC1_DATA                ; reprogram the 8259s, keeping the masks
        mov ah, al
        in al, PIC2_DATA
        push ax
        mov al, 0x11
        out PIC1_CMD, al
        out PIC2_CMD, al
        mov al, bh
        out PIC1_DATA, al
        mov al, bl
        out PIC2_DATA, al
        mov al, 0x04
        out PIC1_DATA, al
        mov al, 0x02
        out PIC2_DATA, al
        mov al, 0x01
        out PIC1_DATA, al
        out PIC2_DATA, al
        pop ax
        out PIC2_DATA, al
        mov al, ah
        out PIC1_DATA, al
        mov dword [es:si + 0x38], 0x0000FFFF
        mov dword [es:si + 0x3C], 0x00009B0F
        lgdt [es:si + 0x08]
        lidt [es:si + 0x10]
        mov eax, cr0
        or al, 1
        mov cr0, eax
        jmp 0x38:.pm
.pm:    mov ax, 0x18
        mov ds, ax
        mov ax, 0x20
        mov es, ax
        mov ax, 0x28
        mov ss, ax
        pop bx                          ; caller's IP; drop CS and FLAGS
        add sp, 4
        push word 0x30
        push bx
        xor ax, ax                      ; AH = 0, CF = 0
        retf

; ---------------------------------------------------------------------------------------
; AH=C2h: PS/2 pointing device services (IBM PS/2 and PC BIOS Interface Technical Reference,
; INT 15h function C2h; RBIL INT 15/AX=C200h-C207h). The mouse is talked to through the 8042
; (D4h = next byte to the auxiliary device) with keyboard and IRQs held off meanwhile.
; Errors: AH = 01h invalid function, 02h invalid input, 03h interface error, 04h resend,
; 05h no far call installed.
EB_MSCMD        equ 0x3B                ; byte: 8042 command byte saved while talking to the mouse
int15_mouse:
        call get_ebda
        cmp al, 0x07
        ja .badfn
        je .handler
        cmp byte [es:EB_MSSIZE], 0
        jne .sz
        mov byte [es:EB_MSSIZE], 3
.sz:    call mouse_begin
        jc .ifail
        mov bh, [bp+R_BH]
        mov al, [bp+R_AL]
        cmp al, 0x00
        je .enable
        cmp al, 0x01
        je .reset
        cmp al, 0x02
        je .rate
        cmp al, 0x03
        je .res
        cmp al, 0x04
        je .type
        cmp al, 0x05
        je .init
        ; 06h: BH = 0 status, 1 scaling 1:1, 2 scaling 2:1
        cmp bh, 2
        ja .badin
        mov al, 0xE6
        cmp bh, 1
        je .send1
        mov al, 0xE7
        cmp bh, 2
        je .send1
        mov al, 0xE9
        call aux_cmd
        jc .ifail
        call kbc_read
        mov [bp+R_BL], al
        call kbc_read
        mov [bp+R_CL], al
        call kbc_read
        mov [bp+R_DL], al
        jmp .done
.enable:
        cmp bh, 1
        ja .badin
        je .en
        mov al, 0xF5                    ; disable data reporting
        call aux_cmd
        jc .ifail
        and byte [es:EB_MSCMD], 0xFD    ; no IRQ12
        and byte [es:EB_MSFLAGS], 0x7F
        jmp .done
.en:    test byte [es:EB_MSFLAGS], 1
        jz .nohandler
        mov byte [es:EB_MSIDX], 0
        mov al, 0xF4                    ; enable data reporting
        call aux_cmd
        jc .ifail
        and byte [es:EB_MSCMD], 0xDF    ; auxiliary interface on
        or byte [es:EB_MSCMD], 0x02     ; IRQ12 on
        or byte [es:EB_MSFLAGS], 0x80
        in al, PIC2_DATA                ; unmask IRQ12 (and the cascade)
        and al, 0xEF
        out PIC2_DATA, al
        in al, PIC1_DATA
        and al, 0xFB
        out PIC1_DATA, al
        jmp .done
.reset: mov al, 0xFF
        call aux_cmd
        jc .ifail
        call kbc_read                   ; AAh: self test passed
        jc .ifail
        mov [bp+R_BL], al
        call kbc_read                   ; device ID
        jc .ifail
        mov [bp+R_BH], al
        mov byte [es:EB_MSIDX], 0
        and byte [es:EB_MSFLAGS], 0x7F
        and byte [es:EB_MSCMD], 0xFD
        jmp .done
.rate:  cmp bh, 6
        ja .badin
        movzx bx, bh
        mov al, 0xF3
        call aux_cmd
        jc .ifail
        mov al, [cs:bx + .rates]
.send1: call aux_cmd
        jc .ifail
        jmp .done
.res:   cmp bh, 3
        ja .badin
        mov al, 0xE8
        call aux_cmd
        jc .ifail
        mov al, bh
        jmp .send1
.type:  mov al, 0xF2
        call aux_cmd
        jc .ifail
        call kbc_read
        jc .ifail
        mov [bp+R_BH], al
        jmp .done
.init:  cmp bh, 1
        jb .badin
        cmp bh, 8
        ja .badin
        mov [es:EB_MSSIZE], bh
        mov byte [es:EB_MSIDX], 0
        and byte [es:EB_MSFLAGS], 0x7F
        and byte [es:EB_MSCMD], 0xFD
        mov al, 0xF5
        call aux_cmd
        jc .ifail
        mov al, 0xF6                    ; set defaults: 100/s, 4 counts/mm, 1:1
        jmp .send1
.done:  call mouse_end
        mov byte [bp+R_AH], 0
        jmp int15_out
.badin: call mouse_end
        mov byte [bp+R_AH], 0x02
        jmp int15_error
.ifail: call mouse_end
        mov byte [bp+R_AH], 0x03
        jmp int15_error
.nohandler:
        call mouse_end
        mov byte [bp+R_AH], 0x05
        jmp int15_error
.badfn: mov byte [bp+R_AH], 0x01
        jmp int15_error
.handler:                               ; 07h: ES:BX = far handler (0:0 removes it)
        mov ax, [bp+R_BX]
        mov [es:EB_MSHANDLER], ax
        mov dx, [bp+R_ES]
        mov [es:EB_MSHANDLER + 2], dx
        and byte [es:EB_MSFLAGS], 0xFE
        or ax, dx
        jz .h0
        or byte [es:EB_MSFLAGS], 1
.h0:    mov byte [bp+R_AH], 0
        jmp int15_out
.rates: db 10, 20, 40, 60, 80, 100, 200

; mouse_begin: save the 8042 command byte in the EBDA, then keyboard off and no IRQs (ES = EBDA)
mouse_begin:
        cli
        mov al, 0x20
        call kbc_cmd
        call kbc_read
        jc .r
        mov [es:EB_MSCMD], al
        and al, 0xDC                    ; auxiliary interface on, no IRQs,
        or al, 0x10                     ; keyboard interface off
        push ax
        mov al, 0x60
        call kbc_cmd
        pop ax
        call kbc_data
        clc
.r:     ret
; mouse_end: write back the (possibly updated) saved command byte
mouse_end:
        push ax
        mov al, 0x60
        call kbc_cmd
        mov al, [es:EB_MSCMD]
        call kbc_data
        pop ax
        sti
        ret
; aux_cmd: AL -> the mouse; CF=1 unless it answers FAh (acknowledge)
aux_cmd:
        push ax
        mov al, 0xD4
        call kbc_cmd
        pop ax
        call kbc_data
        call kbc_read
        jc .r
        cmp al, 0xFA
        je .r
        stc
.r:     ret

; INT 74h (IRQ12): one byte from the mouse into the packet buffer; a complete packet goes to
; the INT 15h C207h handler as far call with status, X, Y and 0 pushed (PS/2 BIOS convention).
int74_handler:
        push ax
        push bx
        push ds
        push BDA_SEG
        pop ds
        mov ds, [BDA_EBDA]
        in al, KBC_STATUS
        and al, 0x21
        cmp al, 0x21                    ; output buffer full, auxiliary data
        jne .eoi
        in al, KBC_DATA
        movzx bx, byte [EB_MSIDX]
        test bx, bx
        jnz .st
        test al, 0x08                   ; first byte of a packet always has bit 3 set
        jz .eoi
.st:    mov [EB_MSBUF + bx], al
        inc bx
        mov [EB_MSIDX], bl
        cmp bl, [EB_MSSIZE]
        jb .eoi
        mov byte [EB_MSIDX], 0
        test byte [EB_MSFLAGS], 0x80
        jz .eoi
        test byte [EB_MSFLAGS], 0x01
        jz .eoi
        pusha
        push es
        movzx ax, byte [EB_MSBUF]
        push ax                         ; status
        mov al, [EB_MSBUF + 1]
        push ax                         ; X
        mov al, [EB_MSBUF + 2]
        push ax                         ; Y
        xor ax, ax
        push ax                         ; Z
        call far [EB_MSHANDLER]
        add sp, 8
        pop es
        popa
.eoi:   mov al, 0x20
        out PIC2_CMD, al
        out PIC1_CMD, al
        pop ds
        pop bx
        pop ax
        iret
