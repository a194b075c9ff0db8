; Integer-mix benchmark floppy: a boot sector that loads the rest of itself, runs an integer
; workload in real mode, then switches to 32-bit protected mode with paging and runs it again.
; Progress goes to port 0xE9; the run ends through QEMU's isa-debug-exit (port 0xF4) and the
; Bochs shutdown port (0x8900), so every emulator stops by itself.
; Build: nasm -f bin intmix.asm -o intmix.img (a 1.44 MB floppy image).

%ifndef RM_ITERS
%define RM_ITERS 400000            ; real-mode outer iterations (nasm -DRM_ITERS=... to change)
%endif
%ifndef PM_ITERS
%define PM_ITERS 2000000           ; protected-mode outer iterations
%endif

        bits 16
        org 0x7C00
start:
        cli
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7C00
        ; Load sectors 2-9 of track 0 to 0000:7E00 (the code after the boot sector).
        mov ax, 0x0208
        mov cx, 0x0002
        xor dh, dh
        mov bx, 0x7E00
        int 0x13
        jc fail
        jmp stage2
fail:   mov si, msg_fail
        call print16
        hlt
        jmp $

print16:                            ; DS:SI zero-terminated string to port 0xE9
        lodsb
        test al, al
        jz .done
        out 0xE9, al
        jmp print16
.done:  ret

msg_fail: db "BENCH-LOAD-FAILED", 13, 10, 0
        times 510 - ($ - $$) db 0
        dw 0xAA55

; ---------------------------------------------------------------------------------------------
stage2:
        mov si, msg_start
        call print16
        ; Real-mode integer mix.
        mov ebp, RM_ITERS
.rm_loop:
        call mix16
        dec ebp
        jnz .rm_loop
        mov si, msg_rm
        call print16

        ; Protected mode with paging: identity-map the first 4 MiB with 4 KiB pages.
        lgdt [gdt_desc]
        mov eax, cr0
        or al, 1
        mov cr0, eax
        jmp 0x08:pm_entry

mix16:                               ; one round of 16-bit integer work (~60 instructions)
        mov cx, 8
        mov si, 0x9000
.l:     mov ax, [si]
        add ax, cx
        xor ax, 0x5A5A
        rol ax, 3
        mov [si], ax
        adc dx, ax
        sub bx, dx
        shr bx, 1
        and bx, 0x7FFF
        or  bx, 1
        add si, 2
        loop .l
        imul ax, bx, 7
        cwd
        idiv bx
        ret

msg_start: db "BENCH-START", 13, 10, 0
msg_rm:    db "BENCH-RM-DONE", 13, 10, 0

        align 8
gdt:    dq 0
        dq 0x00CF9A000000FFFF        ; 0x08: flat 32-bit code
        dq 0x00CF92000000FFFF        ; 0x10: flat 32-bit data
gdt_desc:
        dw gdt_desc - gdt - 1
        dd gdt

        bits 32
pm_entry:
        mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov esp, 0x70000
        ; Page directory at 0x20000, one page table at 0x21000 mapping 0-4 MiB.
        mov edi, 0x20000
        xor eax, eax
        mov ecx, 2048
        rep stosd
        mov dword [0x20000], 0x21003
        mov edi, 0x21000
        mov eax, 0x003
        mov ecx, 1024
.map:   stosd
        add eax, 0x1000
        loop .map
        mov eax, 0x20000
        mov cr3, eax
        mov eax, cr0
        or eax, 0x80000000
        mov cr0, eax

        mov ebp, PM_ITERS
.pm_loop:
        call mix32
        dec ebp
        jnz .pm_loop
        mov esi, msg_pm
        call print32
        ; QEMU isa-debug-exit: exit status (0x10 << 1) | 1 = 33.
        mov al, 0x10
        out 0xF4, al
        ; Bochs: "Shutdown" to port 0x8900.
        mov esi, msg_shutdown
        mov dx, 0x8900
.sd:    lodsb
        test al, al
        jz .halt
        out dx, al
        jmp .sd
.halt:  cli
        hlt
        jmp .halt

mix32:                               ; one round of 32-bit integer work with memory traffic
        mov ecx, 8
        mov esi, 0x100000
.l:     mov eax, [esi]
        add eax, ecx
        xor eax, 0x5A5A5A5A
        rol eax, 5
        mov [esi], eax
        adc edx, eax
        sub ebx, edx
        shr ebx, 1
        and ebx, 0x7FFFFFFF
        or  ebx, 1
        lea esi, [esi + 4]
        dec ecx
        jnz .l
        imul eax, ebx, 7
        cdq
        idiv ebx
        ret

print32:
        lodsb
        test al, al
        jz .done
        out 0xE9, al
        jmp print32
.done:  ret

msg_pm:       db "BENCH-PM-DONE", 13, 10, 0
msg_shutdown: db "Shutdown", 0

        times 1474560 - ($ - $$) db 0
