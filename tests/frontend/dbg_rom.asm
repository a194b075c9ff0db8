; A 64 KiB test ROM for the debugger console and the GDB stub, loaded with --bios. Each
; instruction is here to be stepped over, broken on or watched by tests/frontend/debugger.cmake;
; the offsets the tests name are fixed below (target at F000:0100, data at F000:0200).
;
; Variant PMODE (nasm -DPMODE): the reset vector goes to pm_start instead, which enters 32-bit
; protected mode with paging (identity-mapped first 4 MiB; linear 400000h mapped read-only/user
; to physical 3000h), writes 12345678h through that mapping and halts with interrupts off.
bits 16
org 0                                   ; segment F000h

start:                                  ; F000:0000, reached from the reset vector
    mov ax, 0x1234                      ; `s 3` from the reset vector ends after mov bx
    mov bx, 0x5678
    mov cx, 0x9ABC                      ; F000:0006, the `u` check
    mov dx, 0xDEF0
    xor si, si
    mov ds, si                          ; DS = SS = 0: RAM
    mov ss, si
    mov sp, 0x7000
    mov word [0x500], 0xBEEF            ; write watchpoint on 0x500
    call sub                            ; `n` steps over the call
    mov al, 0x42
    out 0x80, al                        ; POST code 42h for `until`
    mov di, [0x500]                     ; read watchpoint on 0x500
    jmp target

sub:
    mov si, 0x1111
    ret

    times 0x100 - ($ - $$) db 0x90
target:                                 ; F000:0100, breakpoint target
    inc ax
    mov cx, payload_end - payload       ; copy the payload to 0000:7C00, like a boot sector
    mov si, payload
    push cs
    pop ds
    xor di, di
    mov es, di
    mov di, 0x7C00
    cld
    rep movsb                           ; `n` steps over the REP
    jmp 0x0000:0x7C00                   ; CS = 0, so GDB's PC (EIP) is the linear address

    times 0x200 - ($ - $$) db 0
data: db 0xDE, 0xAD, 0xBE, 0xEF         ; F000:0200, the `x` check

    times 0x300 - ($ - $$) db 0
payload:                                ; runs at 0000:7C00
    mov ax, 0xCAFE
    mov [0x504], ax
    mov al, 0x31
    out 0xF4, al                        ; isa-debug-exit: boxwood exits with status 99
    jmp $
payload_end:

    times 0x400 - ($ - $$) db 0
pm_start:                               ; F000:0400
    cli
    xor ax, ax
    mov es, ax
    cld
    mov di, 0x1000                      ; clear 1000h-4FFFh: directory and two page tables
    xor eax, eax
    mov cx, 0x1000
    rep stosd
    mov dword [es:0x1000], 0x2003       ; PDE 0 -> table at 2000h, present, writable
    mov dword [es:0x1004], 0x4007       ; PDE 1 -> table at 4000h, present, writable, user
    mov di, 0x2000                      ; table at 2000h: identity map of the first 4 MiB
    mov eax, 0x003
    mov cx, 1024
.fill:
    stosd
    add eax, 0x1000
    loop .fill
    mov dword [es:0x4000], 0x3005       ; linear 400000h -> physical 3000h, read-only, user
    lgdt [cs:gdt_desc]
    mov eax, cr0
    or al, 1
    mov cr0, eax
    db 0x66, 0xEA                       ; jmp dword 0008:F0000h+pm32
    dd 0xF0000 + pm32
    dw 0x08

bits 32
pm32:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov esp, 0x9000
    mov eax, 0x1000
    mov cr3, eax
    mov eax, cr0
    or eax, 0x80000000
    mov cr0, eax
    mov dword [0x400000], 0x12345678    ; supervisor write to a read-only page: allowed, WP = 0
    mov eax, [0x400000]
    cli
    hlt
    jmp $
bits 16

    align 8
gdt:
    dq 0
    dq 0x00CF9A000000FFFF               ; 08h: code, flat, 32-bit
    dq 0x00CF92000000FFFF               ; 10h: data, flat, 32-bit
gdt_end:
gdt_desc:
    dw gdt_end - gdt - 1
    dd 0xF0000 + gdt

    times 0xFFF0 - ($ - $$) db 0xFF
reset_vector:                           ; F000:FFF0
%ifdef PMODE
    jmp 0xF000:pm_start
%else
    jmp 0xF000:start
%endif
    times 0x10000 - ($ - $$) db 0xFF
