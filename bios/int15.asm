; int15.asm -- INT 15h system services: A20 gate (24xxh), keyboard intercept (4Fh), APM 1.2
; real-mode subset (53xxh), wait (86h), extended memory size (88h, E801h), system configuration
; (C0h), EBDA segment (C1h), and the ACPI/E820 memory map (ACPI Specification 6.x, "INT 15H
; E820H Query System Address Map"; RBIL INT 15/AX=E820h).

int15_handler:
        cmp ah, 0x4F
        jne .frame
        stc                             ; keyboard intercept: keep the scan code
        retf 2
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

; --- AH=88h: KiB of extended memory (CMOS 30h/31h, at most 63 MiB) ---
int15_extmem:
        push es
        call get_ebda
        mov ax, [es:EB_EXTKB]
        pop es
        mov [bp+R_AX], ax
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
        mov eax, [es:EB_RAMTOP]
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
        cmp ebx, 4
        ja .bad
        push es
        call get_ebda
        mov ecx, [es:EB_RAMTOP]         ; ECX = end of RAM
        movzx edx, word [BDA_EBDA]
        shl edx, 4                      ; EDX = EBDA start
        pop es
        mov es, [bp+R_ES]
        mov di, [bp+R_DI]
        xor eax, eax
        mov [es:di + 4], eax
        mov [es:di + 12], eax
        mov dword [es:di + 16], 1       ; type 1: usable RAM
        cmp bl, 0
        jne .e1
        mov [es:di], eax                ; 0 - EBDA: usable
        mov [es:di + 8], edx
        jmp .next
.e1:    cmp bl, 1
        jne .e2
        mov [es:di], edx                ; EBDA - 640 KiB: reserved
        mov eax, 0xA0000
        sub eax, edx
        mov [es:di + 8], eax
        mov dword [es:di + 16], 2
        jmp .next
.e2:    cmp bl, 2
        jne .e3
        mov dword [es:di], 0xF0000      ; system BIOS: reserved
        mov dword [es:di + 8], 0x10000
        mov dword [es:di + 16], 2
        jmp .next
.e3:    cmp bl, 3
        jne .e4
        mov dword [es:di], 0x100000     ; 1 MiB - top: usable
        sub ecx, 0x100000
        mov [es:di + 8], ecx
        jmp .next
.e4:    mov dword [es:di], 0xFFFC0000   ; BIOS alias below 4 GiB: reserved
        mov dword [es:di + 8], 0x40000
        mov dword [es:di + 16], 2
.next:  inc ebx
        cmp ebx, 5
        jb .more
        xor ebx, ebx
.more:  mov [bp+R_EBX], ebx
        mov dword [bp+R_EAX], SMAP
        mov dword [bp+R_ECX], 20
        jmp int15_out
.bad:   mov byte [bp+R_AH], 0x86
        jmp int15_error
