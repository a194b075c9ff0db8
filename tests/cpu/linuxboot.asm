; Mechanisms the i386 Linux 6.1 boot depends on that the other CPU tests do not reach:
;  - a dword store that rewrites the very page-directory entry mapping the store's own page
;    (Linux's kernel_physical_mapping_init replacing the boot PDEs through the kernel map).
;    An aligned doubleword access is one atomic access (SDM Vol. 3, 8.1.1) through the one
;    translation looked up for it (4.10.2: translations are cached and used until invalidated),
;    so all four bytes land where the old entry pointed and no #PF occurs, even when the new
;    value is not present;
;  - CR4.OSFXSR (bit 9), defined when CPUID.01H:EDX.FXSR[24] = 1 (SDM Vol. 3, 2.5 and
;    Vol. 2, CPUID table 3-11): MOV CR4 with it set must not #GP (fpu__init_cpu_generic);
;  - x87 64-bit memory operands (FLD/FSTP m64fp, FILD/FISTP m64int) on pages touched for the
;    first time, i.e. not yet cached, and across a page boundary: Linux's FDIV-bug probe loads
;    4195835.0 from a fresh __initdata page. Expected encodings are IEEE 754 binary64.
%include "lib.inc"

%define PD      0x10000
%define PT0     0x11000     ; identity map 0-4 MiB
%define PT1     0x12000     ; 4 MiB region: its first page is the page directory (an alias)
%define PG_P    1
%define PG_RW   2
%define ALIAS   0x400000    ; linear address of PD through PT1

test_main:
        mov edi, PD
        mov ecx, 0x3000 / 4
        xor eax, eax
        rep stosd
        mov edi, PT0
        mov eax, PG_P | PG_RW
.id:    stosd
        add eax, 0x1000
        cmp edi, PT0 + 0x1000
        jb .id
        mov dword [PD + 0], PT0 | PG_P | PG_RW
        mov dword [PD + 4], PT1 | PG_P | PG_RW
        mov dword [PT1 + 0], PD | PG_P | PG_RW
        PAGING_ON PD, 0
        CHECK [ALIAS + 4], PT1 | PG_P | PG_RW | 0x20, "PDE 1 read through its own mapping (A set)"

        ; --- a store that clears the PDE mapping the store's page ---
        mov eax, PD
        mov cr3, eax                     ; empty TLB: the store below walks the tables
        EXPECT .a
        mov dword [ALIAS + 4], 0         ; PDE 1 := not present, written through PDE 1
.a:     DISARM
        CHECK [exc_vec], -1, "dword store rewriting its own PDE: no #PF"
        CHECK [PD + 4], 0, "all four bytes reached the old translation's page"

        ; --- Linux's case: a 4 MiB page replaced by a page table, written through that page ---
        mov eax, cr4
        or eax, 0x10                     ; PSE
        mov cr4, eax
        mov dword [PD + 4], 0x000000E3   ; 4 MiB page at physical 0: PS D A RW P
        mov eax, PD
        mov cr3, eax
        EXPECT .b
        mov dword [ALIAS + PD + 4], PT1 | 0x63   ; byte 0 alone would make it a table at 0
.b:     DISARM
        CHECK [exc_vec], -1, "store replacing its own 4 MiB PDE by a table: no #PF"
        CHECK [PD + 4], PT1 | 0x63, "the new PDE stored whole"
        mov dword [PD + 4], 0
        mov eax, cr4
        and eax, ~0x10
        mov cr4, eax
        mov eax, PD
        mov cr3, eax

        ; --- CR4.OSFXSR with CPUID FXSR ---
        mov eax, 1
        cpuid
        and edx, 1 << 24
        CHECK edx, 1 << 24, "CPUID.01H:EDX reports FXSR"
        EXPECT .c
        mov eax, cr4
        or eax, 1 << 9
        mov cr4, eax
.c:     DISARM
        CHECK [exc_vec], -1, "MOV CR4 with OSFXSR set: no #GP"
        mov eax, cr4
        and eax, 1 << 9
        CHECK eax, 1 << 9, "CR4.OSFXSR reads back set"

        ; --- x87 m64 operands on fresh pages (first access of each page) ---
        fninit
        mov dword [0x300000], 0xC0000000     ; 4195835.0 as binary64 (0x4150017EC0000000),
        mov dword [0x300004], 0x4150017E     ; written by dwords: the page's reads stay uncached
        fld qword [0x300000]
        fstp qword [0x301000]                ; a page never written before
        CHECK [0x301000], 0xC0000000, "FLD/FSTP m64fp on fresh pages: low dword"
        CHECK [0x301004], 0x4150017E, "FLD/FSTP m64fp on fresh pages: high dword"
        mov dword [0x302FFC], 0x00000002     ; the integer 100000002h across a page boundary
        mov dword [0x303000], 0x00000001
        fild qword [0x302FFC]
        fistp qword [0x304FFC]
        CHECK [0x304FFC], 2, "FILD/FISTP m64int across pages: low dword"
        CHECK [0x305000], 1, "FILD/FISTP m64int across pages: high dword"
        ; Linux's probe (arch/x86/kernel/fpu/bugs.c): x - (x / y) * y = 0 without the FDIV bug
        mov dword [0x306000], 0xC0000000     ; x = 4195835.0
        mov dword [0x306004], 0x4150017E
        mov dword [0x306008], 0x80000000     ; y = 3145727.0 (0x4147FFFF80000000)
        mov dword [0x30600C], 0x4147FFFF
        mov dword [0x307000], -1
        fninit
        fld qword [0x306000]
        fdiv qword [0x306008]
        fmul qword [0x306008]
        fld qword [0x306000]
        fsubrp st1, st0                      ; DE E1, as GNU as encodes "fsubp %st,%st(1)"
        fistp dword [0x307000]
        CHECK [0x307000], 0, "FDIV probe: x - (x / y) * y = 0"
        jmp finish

%include "lib_end.inc"
