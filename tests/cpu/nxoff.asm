; The p6 model without the execute-disable feature (plain `--cpu p6`; nx.asm runs with +nx).
;   CPUID (SDM Vol. 2, CPUID): no extended leaves, so 80000000H and 80000001H are above the
;     highest leaf and return the highest basic leaf's (leaf 1) data: no XD bit, and EAX of
;     80000000H is not an extended leaf number.
;   IA32_EFER (MSR C0000080H) does not exist: RDMSR and WRMSR (NXE) are #GP(0) (SDM Vol. 2,
;     RDMSR/WRMSR: an unimplemented MSR).
;   PAE paging reserved bits (SDM Vol. 3, 4.4 tables 4-9 to 4-11, 4.1.4: MAXPHYADDR is 36 without
;     CPUID leaf 80000008H): bits 63:36 of PDEs and PTEs (63 because NXE cannot be set) and
;     bits 20:13 of a 2 MiB PDE; a set one is #PF with P and RSVD (4.7), for data and fetches.
%include "lib.inc"

%define PDPT    0x10000
%define PD0     0x11000
%define PT1     0x12000     ; 4 KiB pages for 200000h-3FFFFFh
%define PT2     0x13000     ; 4 KiB pages for 400000h-5FFFFFh (its PDE has bit 63 set)

%include "pagefault.inc"

test_main:
        ; ---- CPUID ----
        mov eax, 1
        cpuid
        mov [scratch], eax
        mov [scratch + 4], edx
        mov eax, 0x80000000
        cpuid
        CHECK eax, [scratch], "CPUID.80000000H returns leaf 1's EAX (no extended leaves)"
        CHECK edx, [scratch + 4], "CPUID.80000000H returns leaf 1's EDX"
        mov eax, 0x80000001
        cpuid
        and edx, 1 << 20
        CHECK edx, 0, "CPUID.80000001H:EDX[20] (XD) is clear"

        ; ---- no IA32_EFER ----
        EXPECT .g1
        mov ecx, 0xC0000080
        rdmsr
.g1:    DISARM
        CHECK [exc_vec], 13, "RDMSR IA32_EFER without XD is #GP"
        CHECK [exc_err], 0, "RDMSR IA32_EFER: error code 0"
        EXPECT .g2
        mov ecx, 0xC0000080
        mov eax, 0x800                  ; NXE
        xor edx, edx
        wrmsr
.g2:    DISARM
        CHECK [exc_vec], 13, "WRMSR IA32_EFER.NXE without XD is #GP"
        CHECK [exc_err], 0, "WRMSR IA32_EFER.NXE: error code 0"

        ; ---- PAE reserved bits ----
        mov edi, PDPT
        mov ecx, 0x4000 / 4
        xor eax, eax
        rep stosd
        mov dword [PDPT], PD0 | 1
        mov dword [PD0 + 0 * 8], 0x000000 | 0x87          ; 2 MiB, P RW US PS: ROM, stacks
        mov dword [PD0 + 1 * 8], PT1 | 7
        mov dword [PD0 + 2 * 8], PT2 | 7
        mov dword [PD0 + 2 * 8 + 4], 0x80000000           ; bit 63 in a PDE
        mov dword [PD0 + 3 * 8], 0x600000 | 0x2083        ; 2 MiB page with bit 13 set
        mov dword [PD0 + 4 * 8], 0x800000 | 0x83          ; 2 MiB page, clean
        mov dword [PT1 + 0 * 8], 0x200000 | 3             ; clean
        mov dword [PT1 + 1 * 8], 0x201000 | 7             ; bit 63 (a user page)
        mov dword [PT1 + 1 * 8 + 4], 0x80000000
        mov dword [PT1 + 2 * 8], 0x202000 | 3             ; bit 36 (above MAXPHYADDR 36)
        mov dword [PT1 + 2 * 8 + 4], 0x10
        mov dword [PT2 + 0 * 8], 0x400000 | 3
        mov dword [0x200000], 0x200200
        mov dword [0x800000], 0x800800
        PAGING_ON PDPT, 0x20            ; CR4.PAE
        CHECK [0x200000], 0x200200, "PAE: clean PTE"
        CHECK [0x800000], 0x800800, "PAE: clean 2 MiB PDE"
        READ_FAULT 0x201000, 0x09, "PTE bit 63 without NXE: RSVD"
        EXEC_FAULT 0x201000, 0x09, "fetch, PTE bit 63 without NXE: RSVD, no I/D"
        READ_FAULT 0x202000, 0x09, "PTE bit 36: RSVD"
        READ_FAULT 0x400000, 0x09, "PDE bit 63 without NXE: RSVD"
        READ_FAULT 0x600000, 0x09, "2 MiB PDE bit 13: RSVD"
        EXPECT .w1
        mov dword [0x201000], 0
.w1:    DISARM
        CHECK [exc_err], 0x0B, "write, PTE bit 63: P, W and RSVD"
        EXPECT .u1
        TO_RING3 .r3
.r3:    mov eax, [0x201000]
.u1:    DISARM
        CHECK [exc_err], 0x0D, "user read, PTE bit 63: P, U and RSVD"
        jmp finish

%include "lib_end.inc"
