; The I/O permission bitmap (SDM Vol. 1, 19.5): IN/OUT/INS/OUTS at CPL > IOPL and in V86 mode
; consult the TSS bitmap; every bit of a multi-byte access must be clear, and bitmap bytes
; beyond the TSS limit count as set. CPL <= IOPL skips the bitmap (outside V86).
%include "lib.inc"

%define IOMAP  (TSS0 + 0x68)

test_main:
        ; bitmap for ports 00h-FFh (32 bytes) plus the terminating FFh byte; TSS limit 88h
        mov edi, IOMAP
        mov ecx, 32
        xor al, al
        rep stosb
        mov byte [IOMAP + 32], 0xFF
        mov byte [IOMAP + 0x81 / 8], 1 << (0x81 & 7)   ; port 81h denied
        mov word [TSS0 + 102], 0x68
        mov byte [GDT_BASE + SEL_TSS0], 0x88           ; limit low byte
        ; (TR caches the old limit: reload it)
        and byte [GDT_BASE + SEL_TSS0 + 5], ~2
        mov ax, SEL_TSS0
        ltr ax

%macro RING3_IO 3-5                      ; name, expected vector, 1-3 instructions
        EXPECT %%done
        TO_RING3 %%r3
%%r3:   %3
  %if %0 >= 4
        %4
  %endif
  %if %0 >= 5
        %5
  %endif
        RING0
%%done: DISARM
        CHECK [exc_vec], %2, %1
%endmacro
        RING3_IO "OUT to an allowed port at CPL 3", 0xFF, {out 0x80, al}
        RING3_IO "IN from a denied port at CPL 3 is #GP", 13, {in al, 0x81}
        CHECK [exc_err], 0, "I/O bitmap #GP: error code 0"
        RING3_IO "word access to allowed ports 7Fh-80h", 0xFF, {in ax, 0x7F}
        RING3_IO "dword access covering denied 81h is #GP", 13, {in eax, 0x7E}
        RING3_IO "port beyond the bitmap (TSS limit) is #GP", 13, {mov dx, 0x100}, {in al, dx}
        RING3_IO "OUTSB to a denied port is #GP", 13, {mov dx, 0x81}, {mov esi, scratch}, {outsb}
        RING3_IO "INSB from an allowed port", 0xFF, {mov dx, 0x80}, {mov edi, scratch}, {insb}
        RING3_IO "port F8h: bitmap word includes the terminator byte", 0xFF, {in al, 0xF8}

        ; IOPL 3: the bitmap is not consulted at CPL 3
        pushfd
        or dword [esp], 0x3000
        popfd
        RING3_IO "IOPL 3: IN from a denied port at CPL 3", 0xFF, {in al, 0x81}
        ; ... but V86 mode always consults it (SDM Vol. 3, 20.2.8.1)
        EXPECT .v1
        push dword 0
        push dword 0
        push dword 0
        push dword 0
        push dword 0x7000
        push dword 0x1000
        push dword 0x23002
        push dword 0xF000
        push dword v86_io - 0xF0000
        iretd
.v1:    DISARM
        CHECK [exc_vec], 13, "V86 with IOPL 3: denied port is #GP"
        CHECK [exc_eip], v86_io.deny - 0xF0000, "V86: the allowed OUT ran, the denied IN faulted"
        pushfd
        and dword [esp], ~0x3000
        popfd
        ; a 16-bit TSS has no bitmap: CPL > IOPL is always #GP
        jmp finish

        bits 16
v86_io: out 0x80, al
.deny:  in al, 0x81
        RING0
        bits 32

%include "lib_end.inc"
