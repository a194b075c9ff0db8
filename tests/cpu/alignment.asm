; Alignment checking (SDM Vol. 3, 6.15 "Interrupt 17 - Alignment Check Exception (#AC)" and
; table 6-7 "Alignment Requirements by Data Type"): at CPL 3 with CR0.AM = 1 and EFLAGS.AC = 1 an
; unaligned data reference raises #AC(0). Table 6-7: word 2, doubleword 4, single 4, double 8,
; double extended 8, quadword 8, 32-bit far pointer 2, 48-bit far pointer 4, FSTENV/FSAVE area 4
; (32-bit operand size). "Alignment checks are not performed for ... accesses to the GDT, LDT,
; IDT, TSS" (implicit supervisor accesses, 6.15). No check at CPL 0-2, or with AM or AC clear.
; Each case runs one access at ring 3 and comes back through an exception: #AC (vector 11h),
; or INT 3Fh (vector FFh in exc_vec) when the access completed.
%include "lib.inc"

%define DATA 0x20000                    ; 64-byte aligned scratch area
%define AC_FLAG 0x40000
%define SEL_LDT (FIRST_FREE_SEL)        ; GDT 0x40: an LDT at an odd base
%define LDT_BASE 0x4001

; CASE ring3_label, expected vector, "name"
%macro CASE 3
        EXPECT %%back
        TO_RING3 %1
%%back: DISARM
        CHECK [exc_vec], %2, %3
%endmacro

test_main:
        fninit
        mov eax, cr0
        or eax, 1 << 18                 ; CR0.AM
        and eax, ~0xC                   ; EM = TS = 0: x87 instructions run
        mov cr0, eax
        pushfd
        or dword [esp], AC_FLAG
        popfd
        ; the operands
        mov dword [DATA + 0x10], DATA + 0x30    ; far pointer: offset
        mov dword [DATA + 0x14], SEL_DATA3      ;              selector
        mov dword [DATA + 0x22], DATA + 0x30    ; far pointer at 2 mod 4
        mov word [DATA + 0x26], SEL_DATA3
        ; an LDT at an odd base with one ring-3 data descriptor (A bit clear, so the processor
        ; also writes the descriptor)
        DESC SEL_LDT >> 3, LDT_BASE, 0x7, 0x82, 0x0
        mov dword [LDT_BASE], 0x0000FFFF
        mov dword [LDT_BASE + 4], 0x00CFF200
        mov ax, SEL_LDT
        lldt ax

        CASE r3_word_even,   0xFF, "word at an even address: no #AC"
        CASE r3_word_odd,    17,   "word at an odd address: #AC"
        CASE r3_dword_ok,    0xFF, "doubleword at 4n: no #AC"
        CASE r3_dword_bad,   17,   "doubleword at 4n+2: #AC"
        CASE r3_push_bad,    17,   "PUSH with ESP at 4n+2: #AC (stack references are checked)"
        CASE r3_movsd_bad,   17,   "MOVSD from 4n+1: #AC"
        CASE r3_cx8_ok,      0xFF, "CMPXCHG8B at 8n: no #AC"
        CASE r3_cx8_bad,     17,   "CMPXCHG8B at 8n+4: #AC (quadword: 8)"
        CASE r3_fld32_ok,    0xFF, "FLD m32 at 4n: no #AC"
        CASE r3_fld32_bad,   17,   "FLD m32 at 4n+2: #AC (single precision: 4)"
        CASE r3_fld64_ok,    0xFF, "FLD m64 at 8n: no #AC"
        CASE r3_fld64_bad,   17,   "FLD m64 at 8n+4: #AC (double precision: 8)"
        CASE r3_fst64_bad,   17,   "FST m64 at 8n+4: #AC"
        CASE r3_fld80_ok,    0xFF, "FLD m80 at 8n: no #AC"
        CASE r3_fld80_bad,   17,   "FLD m80 at 8n+4: #AC (double extended: 8)"
        CASE r3_fild16_bad,  17,   "FILD m16 at an odd address: #AC"
        CASE r3_fnstenv_ok,  0xFF, "FNSTENV (32-bit) at 4n: no #AC"
        CASE r3_fnstenv_bad, 17,   "FNSTENV (32-bit) at 4n+2: #AC (save area: 4)"
        CASE r3_fnsave_ok,   0xFF, "FNSAVE/FRSTOR (32-bit) at 4n: no #AC (the 10-byte slots are not checked as m80)"
        CASE r3_fnsave_bad,  17,   "FNSAVE (32-bit) at 4n+2: #AC"
        CASE r3_les32_ok,    0xFF, "LES m16:32 at 4n: no #AC"
        CASE r3_les32_bad,   17,   "LES m16:32 at 4n+2: #AC (48-bit far pointer: 4)"
        CASE r3_les16_ok,    0xFF, "LES m16:16 at 4n+2: no #AC (32-bit far pointer: 2)"
        CASE r3_les16_bad,   17,   "LES m16:16 at an odd address: #AC"
        CASE r3_ldt_load,    0xFF, "segment load through an LDT at an odd base: no #AC (descriptor tables are exempt)"
        mov ax, SEL_DATA32
        mov ds, ax
        mov al, [LDT_BASE + 5]
        and eax, 1
        CHECK eax, 1, "the A bit was written to the odd-based LDT"

        ; --- no #AC at CPL 0, with AC clear, or with AM clear ---
        EXPECT .k0
        mov eax, [DATA + 2]
        RING0
.k0:    DISARM
        CHECK [exc_vec], 0xFF, "CPL 0: no #AC"
        pushfd
        and dword [esp], ~AC_FLAG
        popfd
        CASE r3_dword_bad,   0xFF, "EFLAGS.AC = 0: no #AC"
        pushfd
        or dword [esp], AC_FLAG
        popfd
        mov eax, cr0
        and eax, ~(1 << 18)
        mov cr0, eax
        CASE r3_dword_bad,   0xFF, "CR0.AM = 0: no #AC"
        jmp finish

; ---- ring-3 cases: each ends with RING0 (INT 3Fh) when the access completed ----
r3_word_even:   mov ax, [DATA + 2]
                RING0
r3_word_odd:    mov ax, [DATA + 1]
                RING0
r3_dword_ok:    mov eax, [DATA + 4]
                RING0
r3_dword_bad:   mov eax, [DATA + 2]
                RING0
r3_push_bad:    mov esp, RING3_STACK - 2
                push eax
                RING0
r3_movsd_bad:   mov esi, DATA + 1
                mov edi, DATA + 0x200
                movsd
                RING0
r3_cx8_ok:      mov esi, DATA + 8
                cmpxchg8b [esi]
                RING0
r3_cx8_bad:     mov esi, DATA + 4
                cmpxchg8b [esi]
                RING0
r3_fld32_ok:    fld dword [DATA + 4]
                fstp st0
                RING0
r3_fld32_bad:   fld dword [DATA + 2]
                RING0
r3_fld64_ok:    fld qword [DATA + 8]
                fstp st0
                RING0
r3_fld64_bad:   fld qword [DATA + 4]
                RING0
r3_fst64_bad:   fldz
                fstp qword [DATA + 0x44]
                RING0
r3_fld80_ok:    fld tword [DATA + 8]
                fstp st0
                RING0
r3_fld80_bad:   fld tword [DATA + 4]
                RING0
r3_fild16_bad:  fild word [DATA + 1]
                RING0
r3_fnstenv_ok:  fnstenv [DATA + 0x100]
                fldenv [DATA + 0x100]
                RING0
r3_fnstenv_bad: fnstenv [DATA + 0x102]
                RING0
r3_fnsave_ok:   fnsave [DATA + 0x100]
                frstor [DATA + 0x100]
                RING0
r3_fnsave_bad:  fnsave [DATA + 0x102]
                RING0
r3_les32_ok:    les eax, [DATA + 0x10]
                RING0
r3_les32_bad:   les eax, [DATA + 0x22]
                RING0
r3_les16_ok:    o16 les ax, [DATA + 0x22]
                RING0
r3_les16_bad:   o16 les ax, [DATA + 0x23]
                RING0
r3_ldt_load:    mov ax, 0x0007                  ; LDT index 0, RPL 3
                mov ds, ax
                RING0

%include "lib_end.inc"
