; Debug registers (SDM Vol. 3, chapter 17): data write and read/write breakpoints (traps,
; DR6.Bn), instruction breakpoints (faults, suppressed by EFLAGS.RF), I/O breakpoints with
; CR4.DE, DR7.GD (#DB with DR6.BD), DR4/DR5 aliasing and #UD with CR4.DE, and single-step BS.
%include "lib.inc"

%define DATA_BP 0x20000

test_main:
        mov dword [DATA_BP], 0
        ; --- data write breakpoint: DR0, L0, RW0 = 01, LEN0 = 11 (4 bytes) ---
        mov eax, DATA_BP
        mov dr0, eax
        mov eax, 0x000D0001
        mov dr7, eax
        xor eax, eax
        mov dr6, eax
        EXPECT .a
        mov eax, [DATA_BP]              ; a read does not match RW = 01
        mov dword [DATA_BP], 0x1234     ; traps after the write
.a_next:
        nop
.a:     DISARM
        CHECK [exc_vec], 1, "data write breakpoint is #DB"
        CHECK [exc_eip], .a_next, "#DB is a trap: EIP after the writing instruction"
        CHECK [DATA_BP], 0x1234, "the write completed"
        mov eax, dr6
        and eax, 0xF
        CHECK eax, 1, "DR6.B0 set"

        ; --- read/write breakpoint, 1 byte at DATA_BP+0x10, hit by an overlapping dword read ---
        mov eax, DATA_BP + 0x10
        mov dr1, eax
        mov eax, 0x00300004             ; L1, RW1 = 11, LEN1 = 00
        mov dr7, eax
        xor eax, eax
        mov dr6, eax
        EXPECT .b
        mov eax, [DATA_BP + 0x0E]
.b:     DISARM
        CHECK [exc_vec], 1, "read/write breakpoint hit by an overlapping read"
        mov eax, dr6
        and eax, 0xF
        CHECK eax, 2, "DR6.B1 set"

        ; --- instruction breakpoint: a fault, then RF lets the instruction run (17.3.1.1) ---
        mov eax, 1
        mov ebx, db_rf
        mov ecx, 0x8E00
        call set_gate
        mov eax, code_bp
        mov dr2, eax
        mov eax, 0x00000010             ; L2, RW2 = 00, LEN2 = 00
        mov dr7, eax
        mov dword [db_count], 0
        mov dword [bp_runs], 0
        call code_bp
        CHECK [db_count], 1, "instruction breakpoint: one #DB"
        CHECK [db_eip], code_bp, "instruction breakpoint is a fault (EIP = the instruction)"
        CHECK [bp_runs], 1, "RF in the IRET image lets the instruction run once"
        call code_bp
        CHECK [db_count], 2, "the breakpoint fires again on the next execution"
        xor eax, eax
        mov dr7, eax
        mov eax, 1
        mov ebx, exc_stub_1
        mov ecx, 0x8E00
        call set_gate

        ; --- I/O breakpoint: CR4.DE, RW3 = 10 (17.2.5) ---
        mov eax, cr4
        or eax, 8
        mov cr4, eax
        mov eax, 0x80
        mov dr3, eax
        mov eax, 0x20000040             ; L3, RW3 = 10 (bits 29:28)
        mov dr7, eax
        xor eax, eax
        mov dr6, eax
        EXPECT .c
        out 0x80, al
.c_next:
        nop
.c:     DISARM
        CHECK [exc_vec], 1, "I/O breakpoint on OUT 80h"
        CHECK [exc_eip], .c_next, "I/O breakpoint is a trap"
        mov eax, dr6
        and eax, 0xF
        CHECK eax, 8, "DR6.B3 set"
        ; DR4 with CR4.DE is #UD
        EXPECT .d
        mov eax, dr4
.d:     DISARM
        CHECK [exc_vec], 6, "MOV from DR4 with CR4.DE is #UD"
        mov eax, cr4
        and eax, ~8
        mov cr4, eax
        xor eax, eax
        mov dr7, eax
        mov eax, 0x1111
        mov dr6, eax
        mov eax, dr4
        mov ebx, dr6
        CHECK eax, ebx, "without CR4.DE, DR4 aliases DR6"

        ; --- DR7.GD: the next MOV DR is a #DB fault with DR6.BD; GD is cleared ---
        mov eax, 0x2000
        mov dr7, eax
        EXPECT .e
        mov eax, dr0
.e:     DISARM
        CHECK [exc_vec], 1, "MOV DR with DR7.GD is #DB"
        CHECK [exc_eip], .e - 3, "general detect is a fault"
        mov eax, dr6
        and eax, 0x2000
        CHECK eax, 0x2000, "DR6.BD set"
        mov eax, dr7
        and eax, 0x2000
        CHECK eax, 0, "GD cleared on the #DB"

        ; --- single step: DR6.BS ---
        xor eax, eax
        mov dr6, eax
        EXPECT .f
        pushfd
        or dword [esp], 0x100
        popfd
        nop
.f_next:
        nop
.f:     DISARM
        CHECK [exc_vec], 1, "TF: #DB after the instruction following POPF"
        CHECK [exc_eip], .f_next, "single-step trap EIP"
        mov eax, dr6
        and eax, 0x4000
        CHECK eax, 0x4000, "DR6.BS set"
        jmp finish

code_bp:
        inc dword [bp_runs]
        ret

db_rf:                                  ; #DB handler: count, set RF in the image, return
        inc dword [db_count]
        mov eax, [esp]
        mov [db_eip], eax
        or dword [esp + 8], 0x10000
        iretd

absolute 0x700
db_count: resd 1
db_eip:   resd 1
bp_runs:  resd 1
        section .text

%include "lib_end.inc"
