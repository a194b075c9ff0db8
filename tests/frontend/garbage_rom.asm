; Garbage-execution ROM (64 KiB, loaded with --bios). The brief: "a guest that executes garbage"
; must not crash, hang or corrupt the host; undefined opcodes raise #UD in the guest and a triple
; fault resets the machine. garbage.sh fills the first 32 KiB with seeded random bytes and runs it
; twice: in real mode (the reset vector patched to jump straight into the bytes) and as built here,
; which enters flat 32-bit protected mode and jumps into a copy of the bytes at 0x100000 (so
; self-modifying writes hit RAM), with ESP inside that area and the reset IDTR over zeroed memory (every exception ends in a
; triple fault and a reset).
        bits 16
        org 0
        times 0x8000 db 0           ; replaced by random bytes
start:  cli
        mov ax, cs
        mov ds, ax
        lgdt [cs:gdtr]
        mov eax, cr0
        or al, 1
        mov cr0, eax
        jmp dword 0x08:pm + 0xF0000
        bits 32
pm:     mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov fs, ax
        mov gs, ax
        mov esi, 0xF0000
        mov edi, 0x100000
        mov ecx, 0x8000/4
        rep movsd
        mov esp, 0x104000
        xor eax, eax
        xor ebx, ebx
        mov edx, 0x100000
        jmp edx
        align 8
gdt:    dq 0
        dq 0x00CF9A000000FFFF
        dq 0x00CF92000000FFFF
gdtr:   dw 23
        dd gdt + 0xF0000
        times 0xFFF0 - ($ - $$) db 0
        jmp 0xF000:start
        times 0x10000 - ($ - $$) db 0
