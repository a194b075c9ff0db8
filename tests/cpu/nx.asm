; The execute-disable bit, run with `--cpu p6,+nx` (cpu.nx.p6+nx; nxoff.asm covers the plain p6).
;   CPUID (SDM Vol. 2, CPUID, table 3-8): 80000000H reports 80000001H as the highest extended
;     leaf, 80000001H:EDX[20] is XD; a leaf above the highest extended one returns the highest
;     basic leaf's data.
;   IA32_EFER (MSR C0000080H, SDM Vol. 4, table 2-2): NXE (bit 11) reads back; LME and the
;     reserved bits are #GP(0) (WRMSR).
;   PAE paging with NXE (SDM Vol. 3, 4.4 tables 4-9 to 4-11, 4.6.1): bit 63 of a PDE or PTE is
;     XD; an instruction fetch from a page with XD at any level is #PF, data accesses are not
;     affected. The PDPTEs have no XD in PAE paging.
;   Error codes (SDM Vol. 3, 4.7): P = 1 for XD (protection), I/D (bit 4) on every fetch fault
;     while CR4.PAE = NXE = 1, not-present ones included, but not with 32-bit paging; with NXE =
;     0 bit 63 is reserved: #PF with P and RSVD (bit 3), and no I/D.
;   TLBs (4.10): INVLPG after changing a PTE's XD; a page read as data (cached for reads) still
;     faults when fetched; changing NXE through WRMSR takes effect (a flush, 4.10.4.1 allows any).
%include "lib.inc"

%define PDPT    0x10000
%define PD0     0x11000
%define PT1     0x12000     ; 4 KiB pages for 200000h-3FFFFFh
%define PT2     0x13000     ; 4 KiB pages for 400000h-5FFFFFh (its PDE has XD)
%define PD32    0x14000     ; 32-bit paging directory for the last part
%define XD      0x80000000  ; bit 63, in the upper doubleword of an entry
%define EFER    0xC0000080
%define NXE     0x800
%define SNIPPET 0x12345678  ; what the code put on every test page leaves in EAX

%include "pagefault.inc"

; EXEC_OK address, "name": calls the snippet at `address`, which must run and return.
%macro EXEC_OK 2
        EXPECT %%r
        xor eax, eax
        mov ecx, %1
        call ecx
%%r:    DISARM
        CHECK [exc_vec], -1, {%2, ": no exception"}
        CHECK eax, SNIPPET, {%2, ": the code ran"}
%endmacro

; PUT_SNIPPET address: MOV EAX, 12345678h; RET at a physical (= linear, before paging) address.
%macro PUT_SNIPPET 1
        mov dword [%1], 0x345678B8
        mov word [(%1) + 4], 0xC312
%endmacro

test_main:
        ; ---- CPUID ----
        mov eax, 1
        cpuid
        mov [scratch], eax              ; leaf 1 EAX: the highest basic leaf's signature
        mov eax, 0x80000000
        cpuid
        CHECK eax, 0x80000001, "CPUID.80000000H: highest extended leaf 80000001H"
        mov eax, 0x80000001
        cpuid
        and edx, 1 << 20
        CHECK edx, 1 << 20, "CPUID.80000001H:EDX[20] (XD) is set"
        mov eax, 0x80000002
        cpuid
        CHECK eax, [scratch], "CPUID.80000002H (above the highest) returns leaf 1's data"

        ; ---- IA32_EFER ----
        mov ecx, EFER
        rdmsr
        CHECK eax, 0, "EFER reads 0 after reset"
        CHECK edx, 0, "EFER upper half reads 0"
        EXPECT .g1
        mov ecx, EFER
        mov eax, 0x100                  ; LME: no long mode here (CPUID.80000001H:EDX[29] = 0)
        xor edx, edx
        wrmsr
.g1:    DISARM
        CHECK [exc_vec], 13, "WRMSR EFER.LME is #GP"
        CHECK [exc_err], 0, "WRMSR EFER.LME: error code 0"
        EXPECT .g2
        mov ecx, EFER
        mov eax, 2                      ; bit 1: reserved
        xor edx, edx
        wrmsr
.g2:    DISARM
        CHECK [exc_vec], 13, "WRMSR EFER reserved bit 1 is #GP(0)"
        EXPECT .g3
        mov ecx, EFER
        mov eax, NXE
        mov edx, 1                      ; bit 32: reserved
        wrmsr
.g3:    DISARM
        CHECK [exc_vec], 13, "WRMSR EFER reserved bit 32 is #GP(0)"
        mov ecx, EFER
        rdmsr
        CHECK eax, 0, "EFER unchanged by the faulting WRMSRs"

        ; ---- page tables: identity mapping of the first 8 MiB, test pages at 2, 4 and 6 MiB ----
        mov edi, PDPT
        mov ecx, 0x5000 / 4
        xor eax, eax
        rep stosd
        mov dword [PDPT], PD0 | 1
        mov dword [PD0 + 0 * 8], 0x000000 | 0x87          ; 2 MiB, P RW US PS: ROM, stacks
        mov dword [PD0 + 1 * 8], PT1 | 7
        mov dword [PD0 + 2 * 8], PT2 | 7
        mov dword [PD0 + 2 * 8 + 4], XD                   ; XD in the PDE only
        mov dword [PD0 + 3 * 8], 0x600000 | 0x83          ; 2 MiB page with XD
        mov dword [PD0 + 3 * 8 + 4], XD
        mov dword [PT1 + 0 * 8], 0x200000 | 3             ; executable
        mov dword [PT1 + 1 * 8], 0x201000 | 3             ; XD
        mov dword [PT1 + 1 * 8 + 4], XD
        mov dword [PT1 + 2 * 8], 0x202000 | 3             ; executable, later XD
        mov dword [PT1 + 3 * 8], 0x203000 | 7             ; user, XD
        mov dword [PT1 + 3 * 8 + 4], XD
        mov dword [PT1 + 4 * 8], 0x204000 | 3             ; executable
        mov dword [PT1 + 5 * 8], 0x205000 | 3             ; executable, later XD
        mov dword [PT1 + 6 * 8], 0x206000 | 3             ; bit 40 set: reserved
        mov dword [PT1 + 6 * 8 + 4], 0x100
        mov dword [PT2 + 0 * 8], 0x400000 | 3             ; XD only through its PDE
        PUT_SNIPPET 0x200000
        PUT_SNIPPET 0x201000
        PUT_SNIPPET 0x202000
        PUT_SNIPPET 0x203000
        PUT_SNIPPET 0x400000
        PUT_SNIPPET 0x600000
        ; An instruction across a page boundary: MOV EAX, imm32 at 204FFDh ends at 205001h.
        mov byte [0x204FFD], 0xB8
        mov dword [0x204FFE], SNIPPET
        mov byte [0x205002], 0xC3
        PAGING_ON PDPT, 0x20            ; CR4.PAE
        ; ---- NXE = 0: bit 63 is reserved (RSVD, no I/D) ----
        READ_FAULT 0x201000, 0x09, "NXE=0: read with PTE bit 63 set: RSVD"
        EXEC_FAULT 0x201000, 0x09, "NXE=0: fetch with PTE bit 63 set: RSVD, no I/D"
        READ_FAULT 0x400000, 0x09, "NXE=0: read with PDE bit 63 set: RSVD"
        EXEC_FAULT 0x800000, 0x00, "NXE=0: fetch from a not-present page: no I/D"
        EXEC_OK 0x200000, "NXE=0: fetch from a normal page"

        ; ---- NXE = 1 ----
        mov ecx, EFER
        mov eax, NXE
        xor edx, edx
        wrmsr
        rdmsr
        CHECK eax, NXE, "EFER.NXE reads back"
        CHECK [0x201000], 0x345678B8, "NXE=1: data read from an XD page"
        EXEC_FAULT 0x201000, 0x11, "NXE=1: fetch from a page with XD in its PTE (read before)"
        mov dword [0x201008], 0x5A5A5A5A
        CHECK [0x201008], 0x5A5A5A5A, "NXE=1: data write to an XD page"
        EXEC_OK 0x200000, "NXE=1: fetch from a page without XD"
        EXEC_FAULT 0x400000, 0x11, "NXE=1: fetch with XD in the PDE only"
        CHECK [0x400000], 0x345678B8, "NXE=1: data read through a PDE with XD"
        EXEC_FAULT 0x600000, 0x11, "NXE=1: fetch from a 2 MiB page with XD"
        CHECK [0x600004], 0xC312, "NXE=1: data read from a 2 MiB XD page"
        EXEC_FAULT 0x800000, 0x10, "NXE=1: fetch from a not-present page: I/D"
        READ_FAULT 0x800000, 0x00, "NXE=1: read from a not-present page: no I/D"
        EXPECT .w1
        mov dword [0x800000], 0
.w1:    DISARM
        CHECK [exc_err], 0x02, "NXE=1: write to a not-present page: W only"

        ; A user-mode fetch from a user page with XD: P, U/S and I/D.
        EXPECT .u1
        TO_RING3 .r3
.r3:    mov eax, 0x203000
        jmp eax
.u1:    DISARM
        CHECK [exc_vec], 14, "NXE=1: user fetch from an XD user page: #PF"
        CHECK [exc_err], 0x15, "NXE=1: user fetch from an XD user page: error code"
        mov eax, cr2
        CHECK eax, 0x203000, "NXE=1: user fetch from an XD user page: CR2"

        ; A user fetch from a supervisor page without XD: I/D is set for this fault too.
        EXPECT .u2
        TO_RING3 .r3b
.r3b:   mov eax, 0x200000
        jmp eax
.u2:    DISARM
        CHECK [exc_vec], 14, "NXE=1: user fetch from a supervisor page: #PF"
        CHECK [exc_err], 0x15, "NXE=1: user fetch from a supervisor page: P, U and I/D"

        ; Reserved bits 62:36 stay reserved with NXE; a fetch reports RSVD and I/D.
        READ_FAULT 0x206000, 0x09, "NXE=1: read with PTE bit 40 set: RSVD"
        EXEC_FAULT 0x206000, 0x19, "NXE=1: fetch with PTE bit 40 set: RSVD and I/D"

        ; Code that ran from a page stops running once XD is set and the TLB entry invalidated.
        EXEC_OK 0x202000, "NXE=1: code runs before its PTE gets XD"
        EXEC_OK 0x202000, "NXE=1: and runs again"
        mov dword [PT1 + 2 * 8 + 4], XD
        invlpg [0x202000]
        EXEC_FAULT 0x202000, 0x11, "NXE=1: XD set + INVLPG on a page that ran"
        ; The same once a data read has cached the page again (a decoded copy of its code exists).
        CHECK [0x202000], 0x345678B8, "NXE=1: data read from the page that ran, now XD"
        EXEC_FAULT 0x202000, 0x11, "NXE=1: its code, read as data since, still faults"
        mov dword [PT1 + 2 * 8 + 4], 0
        invlpg [0x202000]
        EXEC_OK 0x202000, "NXE=1: XD cleared + INVLPG: the code runs again"

        ; An instruction crossing into an XD page: CR2 is the first byte of the XD page.
        EXEC_OK 0x204FFD, "NXE=1: instruction across two executable pages"
        mov dword [PT1 + 5 * 8 + 4], XD
        invlpg [0x205000]
        EXPECT .x1
        mov eax, 0x204FFD
        call eax
.x1:    DISARM
        CHECK [exc_vec], 14, "NXE=1: instruction running into an XD page: #PF"
        CHECK [exc_err], 0x11, "NXE=1: instruction running into an XD page: error code"
        mov eax, cr2
        CHECK eax, 0x205000, "NXE=1: instruction running into an XD page: CR2"
        CHECK [exc_eip], 0x204FFD, "NXE=1: instruction running into an XD page: EIP"

        ; ---- NXE back to 0: bit 63 is reserved again, also for translations used before ----
        CHECK [0x201000], 0x345678B8, "NXE=1: data read from an XD page, just before NXE is cleared"
        mov ecx, EFER
        xor eax, eax
        xor edx, edx
        wrmsr
        READ_FAULT 0x201000, 0x09, "NXE cleared: read with PTE bit 63 set: RSVD again"
        EXEC_FAULT 0x400000, 0x09, "NXE cleared: fetch with PDE bit 63 set: RSVD, no I/D"

        ; ---- 32-bit paging with NXE = 1: no XD, and no I/D in error codes (4.7) ----
        mov ecx, EFER
        mov eax, NXE
        xor edx, edx
        wrmsr
        mov eax, cr0
        and eax, ~0x80000000
        mov cr0, eax
        mov dword [PD32 + 0], 0x000000 | 0x87             ; 4 MiB page, P RW US PS
        mov eax, PD32
        mov cr3, eax
        mov eax, cr4
        and eax, ~0x20                  ; PAE off
        or eax, 0x10                    ; PSE
        mov cr4, eax
        mov eax, cr0
        or eax, 0x80000000
        mov cr0, eax
        jmp .paged32
.paged32:
        EXEC_FAULT 0x800000, 0x00, "32-bit paging, NXE=1: fetch from a not-present page: no I/D"
        EXEC_OK 0x200000, "32-bit paging, NXE=1: code runs"
        jmp finish

%include "lib_end.inc"
