; A 64 KiB test ROM for the debugger console and the GDB stub, loaded with --bios. Each
; instruction is here to be stepped over, broken on or watched by tests/frontend/debugger.cmake;
; the offsets the tests name are fixed below (target at F000:0100, data at F000:0200).
;
; Variant TIMER (nasm -DTIMER): the reset vector goes to timer_start, which programs the 8259
; (ICW1-4: IRQ0 -> vector 8) and the 8254 (counter 0, mode 2, about 1 ms), points vector 8 at
; the handler at F000:0800 and waits in HLT; after 4 ticks it exits through port 0xF4 (99).
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

    times 0x600 - ($ - $$) db 0
timer_start:                            ; F000:0600
    cli
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7000
    mov word [0x510], ax                ; tick count
    mov word [8 * 4], timer_irq         ; IVT vector 8 -> F000:0800
    mov word [8 * 4 + 2], 0xF000
    mov al, 0x11                        ; 8259A ICW1: edge, cascade, ICW4 follows
    out 0x20, al
    mov al, 0x08                        ; ICW2: IRQ0-7 -> vectors 8-15
    out 0x21, al
    mov al, 0x04                        ; ICW3: slave on IR2
    out 0x21, al
    mov al, 0x01                        ; ICW4: 8086 mode
    out 0x21, al
    mov al, 0xFE                        ; OCW1: only IRQ0 unmasked
    out 0x21, al
    mov al, 0x34                        ; 8254: counter 0, LSB then MSB, mode 2 (rate generator)
    out 0x43, al
    mov ax, 1193                        ; 1.193182 MHz / 1193: about 1 ms
    out 0x40, al
    mov al, ah
    out 0x40, al
    sti
idle:                                   ; F000:063B
    hlt                                 ; the interrupt returns to the CMP after it
    cmp word [0x510], 4
    jb idle
    mov al, 0x31
    out 0xF4, al                        ; isa-debug-exit: status 99
    jmp $

    times 0x800 - ($ - $$) db 0
timer_irq:                              ; F000:0800, the IRQ0 handler's first instruction
    inc word [0x510]
    push ax
    mov al, 0x20                        ; non-specific EOI
    out 0x20, al
    pop ax
    iret

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
%elifdef TIMER
    jmp 0xF000:timer_start
%else
    jmp 0xF000:start
%endif
    times 0x10000 - ($ - $$) db 0xFF
