; e820.asm -- memory services against the ACPI E820 rules and the other size functions:
; INT 15h E820h (signature, entry size, continuation, types, sorted/non-overlapping, low RAM
; and 1 MiB+ RAM present), E801h and 88h consistent with E820, INT 12h consistent with the
; first E820 region and with the BDA, EBDA pointer 40:0Eh.
%define TEST_NAME "e820"
%include "testlib.inc"

test_main:
        xor ebx, ebx
        mov word [n], 0
        mov dword [prev_end], 0
        mov dword [prev_end + 4], 0
        mov dword [usable_hi], 0
        mov byte [bad_type], 0
        mov byte [overlap], 0
.next:  mov eax, 0xE820
        mov edx, 0x534D4150
        mov ecx, 24
        mov di, buf
        int 0x15
        jc .end
        cmp eax, 0x534D4150
        CHECK_Z "E820 returns EAX='SMAP'"
        jne .end
        cmp ecx, 20
        jb .badsize
        cmp ecx, 24
        jbe .sizeok
.badsize:
        mov ax, cx
        cmp ax, 0xFFFF                  ; force a failure
        CHECK_Z "E820 entry size is 20..24"
.sizeok:
        inc word [n]
        ; type 1..5
        mov eax, [buf + 16]
        test eax, eax
        jz .bt
        cmp eax, 5
        jbe .tok
.bt:    mov byte [bad_type], 1
.tok:   ; no overlap with the previous entry (entries must come sorted by base here)
        mov eax, [buf + 4]
        cmp eax, [prev_end + 4]
        ja .nov
        jb .ov
        mov eax, [buf]
        cmp eax, [prev_end]
        jae .nov
.ov:    mov byte [overlap], 1
.nov:   mov eax, [buf]
        mov edx, [buf + 4]
        add eax, [buf + 8]
        adc edx, [buf + 12]
        mov [prev_end], eax
        mov [prev_end + 4], edx
        ; remember the first entry and the region at 1 MiB
        cmp word [n], 1
        jne .nf
        mov eax, [buf]
        mov [first_base], eax
        mov eax, [buf + 8]
        mov [first_len], eax
        mov eax, [buf + 16]
        mov [first_type], eax
.nf:    cmp dword [buf], 0x100000
        jne .n1m
        cmp dword [buf + 16], 1
        jne .n1m
        mov eax, [buf + 8]
        mov [usable_hi], eax
.n1m:   cmp word [n], 64
        jae .end
        test ebx, ebx
        jnz .next
.end:   mov ax, [n]
        cmp ax, 3
        setae al
        cmp al, 1
        mov ax, [n]
        CHECK_Z "E820 reports at least 3 entries"
        cmp byte [bad_type], 0
        CHECK_Z "E820 types are 1-5"
        cmp byte [overlap], 0
        CHECK_Z "E820 entries sorted and not overlapping"
        cmp dword [first_base], 0
        CHECK_Z "E820 first entry starts at 0"
        cmp dword [first_type], 1
        CHECK_Z "E820 first entry is usable RAM"
        mov eax, [first_len]
        cmp eax, 0x80000
        setae al
        cmp al, 1
        mov ax, [first_len]
        CHECK_Z "E820 low RAM is at least 512 KiB"
        mov eax, [first_len]
        cmp eax, 0xA0000
        setbe al
        cmp al, 1
        CHECK_Z "E820 low RAM ends at or below 640 KiB"
        cmp dword [usable_hi], 0
        setne al
        cmp al, 1
        CHECK_Z "E820 has usable RAM at 1 MiB"
        ; INT 12h = first region in KiB = 40:13
        int 0x12
        mov bx, ax
        mov eax, [first_len]
        shr eax, 10
        cmp ax, bx
        mov ax, bx
        CHECK_Z "INT 12h equals the first E820 region"
        push ds
        push word 0x40
        pop ds
        cmp bx, [0x13]
        pop ds
        CHECK_Z "INT 12h equals BDA 40:13"
        ; EBDA segment right after conventional memory
        push ds
        push word 0x40
        pop ds
        mov ax, [0x0E]
        pop ds
        shl bx, 6
        cmp ax, bx
        CHECK_Z "EBDA segment (40:0E) = INT 12h KiB * 64"
        ; E801h: AX = CX = KiB 1-16 MiB, BX = DX = 64 KiB blocks above 16 MiB
        mov ax, 0xE801
        int 0x15
        jc .no801
        cmp ax, cx
        CHECK_Z "E801h AX = CX"
        cmp bx, dx
        CHECK_Z "E801h BX = DX"
        movzx eax, ax
        shl eax, 10
        movzx ebx, bx
        shl ebx, 16
        add eax, ebx
        cmp eax, [usable_hi]
        CHECK_Z "E801h total equals the E820 region at 1 MiB"
        jmp .t88
.no801: mov ax, 0xFFFF
        cmp ax, 0
        CHECK_Z "E801h supported"
.t88:   mov ah, 0x88
        int 0x15
        movzx eax, ax
        shl eax, 10
        mov ebx, [usable_hi]
        cmp ebx, 0xFFFF * 1024
        jbe .c88
        mov ebx, 0xFFFF * 1024
.c88:   cmp eax, ebx
        CHECK_Z "INT 15h 88h matches E820 (capped at 64 MiB)"
        ; bad signature must fail
        mov eax, 0xE820
        xor ebx, ebx
        mov edx, 0x12345678
        mov ecx, 20
        mov di, buf
        int 0x15
        setc al
        cmp al, 1
        CHECK_Z "E820 with a wrong EDX signature sets CF"
        ret

n:              dw 0
bad_type:       db 0
overlap:        db 0
        align 4
prev_end:       dq 0
first_base:     dd 0
first_len:      dd 0
first_type:     dd 0
usable_hi:      dd 0
buf:            times 24 db 0

%include "testlib-end.inc"
