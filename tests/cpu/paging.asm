; 32-bit paging (SDM Vol. 3, chapter 4): #PF error codes and CR2 (4.7), U/S and R/W with
; CR0.WP (4.6), accessed/dirty bits (4.8), 4 MiB pages with CR4.PSE (4.3), global pages
; surviving MOV CR3 and INVLPG (4.10.4), instruction-fetch faults, and a #PF while delivering
; #PF -> #DF through a task gate (6.15, table 6-5).
%include "lib.inc"

%define PD      0x10000
%define PT0     0x11000     ; identity map 0-4 MiB
%define PT1     0x12000     ; test pages at 4 MiB
%define PG_P    1
%define PG_RW   2
%define PG_US   4
%define PG_A    0x20
%define PG_D    0x40
%define PG_PS   0x80
%define PG_G    0x100
%define TSS_DF  0x4000
%define SEL_DF  0x40

test_main:
        mov edi, PD
        mov ecx, 0x3000 / 4
        xor eax, eax
        rep stosd
        mov edi, PT0                    ; identity, user, writable
        mov eax, PG_P | PG_RW | PG_US
.id:    stosd
        add eax, 0x1000
        cmp edi, PT0 + 0x1000
        jb .id
        mov dword [PD + 0], PT0 | PG_P | PG_RW | PG_US
        mov dword [PD + 4], PT1 | PG_P | PG_RW | PG_US
        mov dword [PD + 8], 0x800000 | PG_PS | PG_P | PG_RW | PG_US   ; 4 MiB page at 8 MiB
        ; PT1: 400000h not present; 401000h read-only; 402000h supervisor; 403000h A/D probe;
        ; 404000h global -> 500000h; 405000h non-global -> 501000h
        mov dword [PT1 + 1 * 4], 0x401000 | PG_P | PG_US
        mov dword [PT1 + 2 * 4], 0x402000 | PG_P | PG_RW
        mov dword [PT1 + 3 * 4], 0x403000 | PG_P | PG_RW | PG_US
        mov dword [PT1 + 4 * 4], 0x500000 | PG_P | PG_RW | PG_G
        mov dword [PT1 + 5 * 4], 0x501000 | PG_P | PG_RW
        mov dword [0x500000], 0xAAAA0000
        mov dword [0x501000], 0xAAAA0001
        mov dword [0x600000], 0xBBBB0000
        mov dword [0x601000], 0xBBBB0001
        PAGING_ON PD, 0x90              ; CR4.PSE, PGE
        CHECK [0x1234], [0x1234], "identity-mapped paging is on"

        ; --- not present (SDM Vol. 3, 4.7: P = 0, W/R, U/S) ---
        EXPECT .a
        mov eax, [0x400010]
.a:     DISARM
        CHECK [exc_vec], 14, "read of a not-present page is #PF"
        CHECK [exc_err], 0, "not present, read, supervisor: error 0"
        mov eax, cr2
        CHECK eax, 0x400010, "CR2 = faulting linear address"
        EXPECT .b
        mov byte [0x400FFF], 1
.b:     DISARM
        CHECK [exc_err], 2, "not present, write: error 2"
        mov eax, cr2
        CHECK eax, 0x400FFF, "CR2 for the write"
        EXPECT .c
        mov eax, [0x3FFFFE]              ; spans into the not-present page
.c:     DISARM
        CHECK [exc_vec], 14, "access straddling into a not-present page is #PF"
        mov eax, cr2
        CHECK eax, 0x400000, "CR2 = first byte in the missing page"

        ; --- read-only page: supervisor writes succeed unless CR0.WP (SDM Vol. 3, 4.6.1) ---
        EXPECT .d
        mov dword [0x401000], 0x11111111
.d:     DISARM
        CHECK [exc_vec], -1, "supervisor write to a read-only page with WP = 0"
        mov eax, cr0
        or eax, 0x10000
        mov cr0, eax
        EXPECT .e
        mov dword [0x401000], 0x22222222
.e:     DISARM
        CHECK [exc_vec], 14, "supervisor write to a read-only page with WP = 1 is #PF"
        CHECK [exc_err], 3, "protection, write, supervisor: error 3"
        mov eax, cr0
        and eax, ~0x10000
        mov cr0, eax
        EXPECT .f
        TO_RING3 .rf
.rf:    mov dword [0x401000], 0x33333333
.f:     DISARM
        CHECK [exc_vec], 14, "user write to a read-only page is #PF"
        CHECK [exc_err], 7, "protection, write, user: error 7"
        EXPECT .g
        TO_RING3 .rg
.rg:    mov eax, [0x402000]
.g:     DISARM
        CHECK [exc_err], 5, "user read of a supervisor page: error 5"
        EXPECT .h
        TO_RING3 .rh
.rh:    mov eax, [0x400000]
.h:     DISARM
        CHECK [exc_err], 4, "user read, not present: error 4"
        EXPECT .i
        TO_RING3 .ri
.ri:    mov eax, [0x401000]
        RING0
.i:     DISARM
        CHECK [exc_vec], 0xFF, "user read of a read-only user page"
        CHECK [0x401000], 0x11111111, "only the WP = 0 supervisor write landed"

        ; --- instruction fetch from a not-present page ---
        EXPECT .j
        mov eax, 0x400100
        call eax
.j:     DISARM
        CHECK [exc_vec], 14, "fetch from a not-present page is #PF"
        CHECK [exc_eip], 0x400100, "#PF on fetch: EIP = target"
        mov eax, cr2
        CHECK eax, 0x400100, "#PF on fetch: CR2 = target"

        ; --- accessed and dirty bits (SDM Vol. 3, 4.8) ---
        mov eax, [0x403000]
        mov eax, [PT1 + 3 * 4]
        and eax, PG_A | PG_D
        CHECK eax, PG_A, "read sets A, not D"
        mov eax, [PD + 4]
        and eax, PG_A | PG_D
        CHECK eax, PG_A, "PDE: A set by the walk"
        mov byte [0x403001], 1
        mov eax, [PT1 + 3 * 4]
        and eax, PG_A | PG_D
        CHECK eax, PG_A | PG_D, "write sets D"
        ; a 4 MiB page keeps A/D in the PDE
        mov eax, [0x800004]
        mov eax, [PD + 8]
        and eax, PG_A | PG_D
        CHECK eax, PG_A, "4 MiB page: read sets A in the PDE"
        mov dword [0xBFFFFC], 0x4D4D4D4D
        mov eax, [PD + 8]
        and eax, PG_A | PG_D
        CHECK eax, PG_A | PG_D, "4 MiB page: write sets D in the PDE"
        CHECK [0xBFFFFC], 0x4D4D4D4D, "4 MiB page maps 8 MiB + offset"

        ; --- global pages (SDM Vol. 3, 4.10.2.4, 4.10.4.1) ---
        CHECK [0x404000], 0xAAAA0000, "global page read (fills the TLB)"
        CHECK [0x405000], 0xAAAA0001, "non-global page read (fills the TLB)"
        mov dword [PT1 + 4 * 4], 0x600000 | PG_P | PG_RW | PG_G | PG_A
        mov dword [PT1 + 5 * 4], 0x601000 | PG_P | PG_RW | PG_A
        mov eax, cr3
        mov cr3, eax
        CHECK [0x404000], 0xAAAA0000, "MOV CR3 keeps the global translation"
        CHECK [0x405000], 0xBBBB0001, "MOV CR3 drops the non-global translation"
        invlpg [0x404000]
        CHECK [0x404000], 0xBBBB0000, "INVLPG drops a global translation"

        ; --- #PF while delivering #PF: #DF, handled by a task (SDM Vol. 3, 6.15) ---
        mov edi, TSS_DF
        mov ecx, 0x68 / 4
        xor eax, eax
        rep stosd
        DESC 8, TSS_DF, 0x67, 0x89, 0
        mov dword [TSS_DF + 0x1C], PD
        mov dword [TSS_DF + 0x20], df_task
        mov dword [TSS_DF + 0x24], 2
        mov dword [TSS_DF + 0x38], 0x60000
        mov dword [TSS_DF + 0x48], SEL_DATA32
        mov dword [TSS_DF + 0x4C], SEL_CODE32
        mov dword [TSS_DF + 0x50], SEL_DATA32
        mov dword [TSS_DF + 0x54], SEL_DATA32
        mov word [TSS_DF + 0x66], 0x68
        mov dword [IDT_BASE + 8 * 8], SEL_DF << 16
        mov dword [IDT_BASE + 8 * 8 + 4], 0x8500
        mov esp, 0x401000                ; below it: the not-present page
        mov eax, [0x400000]              ; #PF, whose frame cannot be pushed: #PF -> #DF
        PRINT `FAIL no double fault\n`
        jmp finish

df_task:
        mov ax, SEL_DATA32
        mov ds, ax
        pop eax                          ; the #DF error code
        CHECK eax, 0, "#PF during #PF delivery: #DF through a task gate, error 0"
        mov eax, cr2
        CHECK eax, 0x400FFC, "CR2 = the stack slot the #PF frame needed"
        movzx eax, word [TSS_DF]
        CHECK eax, SEL_TSS0, "#DF task: back link to the faulting task"
        CHECK [TSS0 + 0x38], 0x401000, "faulting task's ESP saved"
        jmp finish

%include "lib_end.inc"
