; PAE paging (SDM Vol. 3, 4.4): CR4.PAE with a 4-entry PDPT loaded on MOV CR3 (and cached
; until the next load, 4.4.1), reserved PDPTE bits -> #GP(0), 2 MiB pages, 64-bit PTEs with
; accessed/dirty bits, #PF error codes, and global pages.
%include "lib.inc"

%define PDPT    0x10000
%define PD0     0x11000
%define PT2     0x12000     ; 4 KiB pages for 400000h-5FFFFFh
%define PDPT2   0x13000     ; a second PDPT with a reserved bit set

test_main:
        mov edi, PDPT
        mov ecx, 0x4000 / 4
        xor eax, eax
        rep stosd
        mov dword [PDPT], PD0 | 1
        mov dword [PD0 + 0 * 8], 0x000000 | 0x87          ; 2 MiB, P RW US PS
        mov dword [PD0 + 1 * 8], 0x200000 | 0x87
        mov dword [PD0 + 2 * 8], PT2 | 7
        mov dword [PD0 + 3 * 8], 0x600000 | 0x87
        mov dword [PT2 + 1 * 8], 0x501000 | 3              ; supervisor, writable
        mov dword [PT2 + 2 * 8], 0x520000 | 0x103          ; global
        mov dword [PT2 + 3 * 8], 0x521000 | 3
        mov dword [0x501000], 0x501501
        mov dword [0x520000], 0x520520
        mov dword [0x521000], 0x521521
        mov dword [0x600000], 0x600600
        mov dword [PDPT2], PD0 | 1 | 4                     ; bit 2 is reserved in a PDPTE
        PAGING_ON PDPT, 0xA0            ; CR4.PAE, PGE
        CHECK [0x600000], 0x600600, "PAE: 2 MiB identity page"
        CHECK [0x401000], 0x501501, "PAE: 4 KiB page through PDPTE, PDE, PTE"
        mov eax, [PD0 + 3 * 8]
        and eax, 0x60
        CHECK eax, 0x20, "PAE: read sets A in a 2 MiB PDE"
        mov dword [0x401004], 1
        mov eax, [PT2 + 1 * 8]
        and eax, 0x60
        CHECK eax, 0x60, "PAE: write sets A and D in the 64-bit PTE"
        CHECK [PT2 + 1 * 8 + 4], 0, "PAE: the PTE's upper half is untouched"

        EXPECT .a
        mov eax, [0x400008]
.a:     DISARM
        CHECK [exc_vec], 14, "PAE: not-present PTE is #PF"
        CHECK [exc_err], 0, "PAE: error code 0"
        mov eax, cr2
        CHECK eax, 0x400008, "PAE: CR2"
        EXPECT .b
        mov eax, [0x40000000]            ; PDPTE 1 not present
.b:     DISARM
        CHECK [exc_vec], 14, "PAE: not-present PDPTE is #PF"
        EXPECT .c
        TO_RING3 .rc
.rc:    mov eax, [0x401000]
.c:     DISARM
        CHECK [exc_err], 5, "PAE: user read of a supervisor page, error 5"

        ; PDPTEs are loaded by MOV CR3, not re-read on each walk (SDM Vol. 3, 4.4.1)
        mov dword [PDPT], 0
        invlpg [0x403000]
        CHECK [0x403000], 0x521521, "PAE: cached PDPTE still used after the PDPT changed"
        mov dword [PDPT], PD0 | 1
        EXPECT .d
        mov eax, PDPT2
        mov cr3, eax
.d:     DISARM
        CHECK [exc_vec], 13, "MOV CR3 with a reserved PDPTE bit is #GP"
        CHECK [exc_err], 0, "reserved PDPTE bit: error code 0"
        mov eax, cr3
        CHECK eax, PDPT, "the faulting MOV CR3 left CR3 unchanged"

        ; global pages with PAE
        CHECK [0x402000], 0x520520, "PAE global page read"
        mov dword [PT2 + 2 * 8], 0x521000 | 0x123
        mov eax, cr3
        mov cr3, eax
        CHECK [0x402000], 0x520520, "PAE: MOV CR3 keeps the global translation"
        mov eax, cr4                    ; toggling PGE flushes global entries
        and eax, ~0x80
        mov cr4, eax
        CHECK [0x402000], 0x521521, "PAE: clearing CR4.PGE flushes global translations"
        jmp finish

%include "lib_end.inc"
