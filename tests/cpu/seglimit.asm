; Segment limits and segment-register loads in protected mode: expand-down data segments, null
; (unusable) segment registers, type rights, the error codes of faulting loads, and big real
; mode (a cached 4 GiB limit surviving the return to real mode).
%include "lib.inc"

%define SEL_ED16  0x40      ; expand-down, 16-bit, base 20000h, limit 0FFFh
%define SEL_ED32  0x48      ; expand-down, 32-bit, base 0, limit 0FFFh
%define SEL_RO    0x50      ; read-only data
%define SEL_XO    0x58      ; execute-only code
%define SEL_XR    0x60      ; readable code
%define SEL_NP    0x68      ; data, not present
%define SEL_LDT   0x70      ; an LDT descriptor (system segment)
%define SEL_D3    0x78      ; data, DPL 3

test_main:
        DESC 8, 0x20000, 0x0FFF, 0x96, 0x0     ; type 6: read/write, expand-down; B = 0
        DESC 9, 0, 0x0FFF, 0x96, 0x4           ; B = 1: upper bound FFFFFFFFh
        DESC 10, 0x20000, 0xFFFF, 0x90, 0x0    ; type 0: read-only
        DESC 11, 0xF0000, 0xFFFF, 0x98, 0x0    ; type 8: execute-only code
        DESC 12, 0xF0000, 0xFFFF, 0x9A, 0x0    ; type A: execute/read code
        DESC 13, 0x20000, 0xFFFF, 0x12, 0x0    ; P = 0
        DESC 14, 0x20000, 0xFF, 0x82, 0x0      ; LDT
        DESC 15, 0x20000, 0xFFFF, 0xF2, 0x0    ; DPL 3

        ; --- expand-down, 16-bit: valid offsets are limit+1 .. FFFFh (SDM Vol. 3, 5.3) ---
        mov ax, SEL_ED16
        mov es, ax
        mov dword [0x21000], 0x12345678
        EXPECT .e1
        mov eax, [es:0x1000]
.e1:    DISARM
        CHECK [exc_vec], -1, "expand-down 16: offset limit+1 is valid"
        CHECK eax, 0x12345678, "expand-down 16: reads base+offset"
        EXPECT .e2
        mov al, [es:0x0FFF]
.e2:    DISARM
        CHECK [exc_vec], 13, "expand-down 16: offset = limit is #GP"
        CHECK [exc_err], 0, "expand-down 16: #GP error code 0"
        EXPECT .e3
        mov ax, SEL_ED16                       ; the catcher reset ES to flat
        mov es, ax
        mov eax, [es:0xFFFE]
.e3:    DISARM
        CHECK [exc_vec], 13, "expand-down 16: dword crossing FFFFh is #GP"
        EXPECT .e4
        mov ax, SEL_ED16
        mov es, ax
        mov word [es:0xFFFE], 0x55AA
.e4:    DISARM
        CHECK [exc_vec], -1, "expand-down 16: word at FFFEh is valid"
        CHECK [0x2FFFE], 0x55AA, "expand-down 16: write lands at base+FFFEh"
        EXPECT .e5
        mov al, [es:0x10000]
.e5:    DISARM
        CHECK [exc_vec], 13, "expand-down 16: offset 10000h is above the 64 KiB bound"

        ; --- expand-down, 32-bit (B = 1): upper bound FFFFFFFFh ---
        mov ax, SEL_ED32
        mov es, ax
        EXPECT .e6
        mov eax, [es:0x21000]
.e6:    DISARM
        CHECK [exc_vec], -1, "expand-down 32: offset above 64 KiB is valid"
        CHECK eax, 0x12345678, "expand-down 32: reads base+offset"
        EXPECT .e7
        mov eax, [es:0xFFE]
.e7:    DISARM
        CHECK [exc_vec], 13, "expand-down 32: dword straddling limit is #GP"

        ; --- expand-down stack: faults on SS are #SS(0) (SDM Vol. 3, 6.15 #SS) ---
        mov ax, SEL_ED32
        mov ss, ax                             ; ESP (9Fxxxh) is inside the segment
        EXPECT .e8
        mov al, [ss:0x800]
.e8:    DISARM
        CHECK [exc_vec], 12, "expand-down SS: offset below limit is #SS"
        CHECK [exc_err], 0, "expand-down SS: #SS error code 0"
        mov ax, SEL_DATA32
        mov ss, ax

        ; --- null selectors load into DS..GS, and using them is #GP(0) (SDM Vol. 3, 5.4.1) ---
        xor ax, ax
        EXPECT .n1
        mov fs, ax
.n1:    DISARM
        CHECK [exc_vec], -1, "null selector loads into FS"
        EXPECT .n2
        mov eax, [fs:0x1000]
.n2:    DISARM
        CHECK [exc_vec], 13, "read through null FS is #GP"
        CHECK [exc_err], 0, "read through null FS: error code 0"
        EXPECT .n3
        xor ax, ax
        mov fs, ax
        mov byte [fs:0], 1
.n3:    DISARM
        CHECK [exc_vec], 13, "write through null FS is #GP"
        mov ax, 3                              ; null with RPL 3 is still null
        mov gs, ax
        EXPECT .n4
        mov eax, [gs:0]
.n4:    DISARM
        CHECK [exc_vec], 13, "read through null GS (RPL 3) is #GP"
        xor ax, ax
        EXPECT .n5
        mov ss, ax
.n5:    DISARM
        CHECK [exc_vec], 13, "null selector into SS is #GP"
        CHECK [exc_err], 0, "null selector into SS: error code 0"

        ; --- type rights (SDM Vol. 3, 5.5, 5.6) ---
        mov ax, SEL_RO
        mov es, ax
        EXPECT .t1
        mov byte [es:0], 1
.t1:    DISARM
        CHECK [exc_vec], 13, "write to read-only data is #GP(0)"
        CHECK [exc_err], 0, "write to read-only data: error code 0"
        EXPECT .t2
        mov ax, SEL_RO
        mov es, ax
        mov al, [es:0]
.t2:    DISARM
        CHECK [exc_vec], -1, "read of read-only data"
        mov ax, SEL_XR
        mov es, ax
        EXPECT .t3
        mov eax, [es:reset_vector - 0xF0000]
.t3:    DISARM
        CHECK [exc_vec], -1, "read through a readable code segment"
        CHECK eax, [reset_vector], "readable code segment has the ROM's bytes"
        EXPECT .t4
        mov byte [es:0], 1
.t4:    DISARM
        CHECK [exc_vec], 13, "write through a code segment is #GP(0)"
        EXPECT .t5
        mov byte [cs:scratch], 1
.t5:    DISARM
        CHECK [exc_vec], 13, "write with a CS override is #GP(0)"

        ; --- faulting loads name the selector (SDM Vol. 3, 6.13) ---
        EXPECT .l1
        mov ax, SEL_XO
        mov ds, ax
.l1:    DISARM
        CHECK [exc_vec], 13, "execute-only code into DS is #GP"
        CHECK [exc_err], SEL_XO, "execute-only code into DS: error = selector"
        EXPECT .l2
        mov ax, SEL_NP
        mov es, ax
.l2:    DISARM
        CHECK [exc_vec], 11, "not-present data into ES is #NP"
        CHECK [exc_err], SEL_NP, "#NP error = selector"
        EXPECT .l3
        mov ax, SEL_NP
        mov ss, ax
.l3:    DISARM
        CHECK [exc_vec], 12, "not-present data into SS is #SS"
        CHECK [exc_err], SEL_NP, "#SS error = selector"
        EXPECT .l4
        mov ax, SEL_LDT
        mov es, ax
.l4:    DISARM
        CHECK [exc_vec], 13, "system descriptor into ES is #GP"
        CHECK [exc_err], SEL_LDT, "system descriptor: error = selector"
        EXPECT .l5
        mov ax, 0x800                          ; GDTR.limit is 7FFh
        mov es, ax
.l5:    DISARM
        CHECK [exc_vec], 13, "selector beyond the GDT limit is #GP"
        CHECK [exc_err], 0x800, "beyond the GDT limit: error = selector"
        EXPECT .l6
        mov ax, SEL_D3 | 3
        mov ss, ax
.l6:    DISARM
        CHECK [exc_vec], 13, "SS with RPL/DPL != CPL is #GP"
        CHECK [exc_err], SEL_D3, "SS privilege: error = selector without RPL"
        EXPECT .l7
        mov ax, SEL_DATA32 | 3                 ; RPL 3 into DS of a DPL 0 segment
        mov ds, ax
.l7:    DISARM
        mov ax, SEL_DATA32
        mov ds, ax
        CHECK [exc_vec], 13, "DS with RPL > DPL is #GP"
        CHECK [exc_err], SEL_DATA32, "DS with RPL > DPL: error = selector"
        EXPECT .l8
        mov ax, 0x0C                           ; TI = 1 with a null LDTR
        mov es, ax
.l8:    DISARM
        CHECK [exc_vec], 13, "LDT selector with no LDT is #GP"
        CHECK [exc_err], 0x0C, "no LDT: error = selector"

        ; --- big real mode: a 4 GiB limit cached in FS survives CR0.PE = 0 ---
        mov ax, SEL_DATA32
        mov fs, ax
        mov ax, SEL_DATA16                     ; 64 KiB caches for the rest (SDM Vol. 3, 9.9.2)
        mov es, ax
        mov gs, ax
        jmp SEL_CODE16:(.rm16 - 0xF0000)
        bits 16
.rm16:  mov ax, SEL_DATA16
        mov ss, ax
        mov ds, ax
        mov eax, cr0
        and eax, ~1
        mov cr0, eax
        jmp 0xF000:(.real - 0xF0000)
.real:  xor ax, ax
        mov ds, ax
        mov ss, ax
        mov es, ax
        mov esi, 0x200000
        mov dword [fs:esi], 0xCAFEF00D         ; above 1 MiB through FS
        mov ax, 0x1000                         ; a real-mode load keeps the cached limit
        mov fs, ax
        mov ebx, [fs:esi - 0x10000]
        mov [0x700], ebx
        mov eax, cr0
        or eax, 1
        mov cr0, eax
        jmp dword SEL_CODE32:.back
        bits 32
.back:  mov ax, SEL_DATA32
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov esp, STACK_TOP
        CHECK [0x700], 0xCAFEF00D, "big real mode: FS keeps its 4 GiB limit after a real-mode load"
        CHECK [0x200000], 0xCAFEF00D, "big real mode: write above 1 MiB"
        jmp finish

%include "lib_end.inc"
