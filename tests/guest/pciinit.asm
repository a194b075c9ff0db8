; pciinit.asm -- the PCI set-up a PC BIOS leaves behind at boot, read back through PCI
; configuration mechanism #1 (PCI Local Bus Specification 2.1, 3.7.4.1: CONFIG_ADDRESS at
; CF8h = enable bit 31 | bus 23-16 | device 15-11 | function 10-8 | register 7-2, data at CFCh):
;   - PIIX3 function 0 (82371SB datasheet 290550-002, "PIRQRC[A:D]", 60h-63h): every PIRQ
;     routed (bit 7 = 0) to an ISA IRQ the PIIX3 can route to (3-7, 9-12, 14, 15);
;   - the ELCR (datasheet "ELCR1/ELCR2", ports 4D0h/4D1h) has the level bit of every routed
;     IRQ set: PCI INTx# are level-sensitive shareable lines (PCI 2.1, 2.2.6);
;   - PIIX3 IDE (8086:7010, datasheet "IDETIM", "BMIBA", "PCICMD"): IDETIM bit 15 (IDE Decode
;     Enable) set at 40h and 42h; BMIBA (20h) an I/O BAR (bit 0 = 1) with a nonzero 16-byte
;     aligned base; PCICMD bit 0 (I/O space) set, and bit 2 (bus master), which the spec
;     leaves to firmware policy (this BIOS sets it; SeaBIOS does not); the bus master IDE
;     status register (BMIBA + 2, "BMISX") then answers: bits 4-3 are reserved and read 0,
;     which an undecoded port (all ones) does not;
;   - Interrupt Line (3Ch, PCI 2.1, 6.2.4) of every bus 0 function with an Interrupt Pin (3Dh)
;     of 1-4: the IRQ of PIRQ[(device - 1 + pin - 1) mod 4], the 440FX/PIIX3 board wiring
;     (QEMU's "pc" machine, which Boxwood models); except the PIIX4 power management function
;     (8086:7113), whose interrupt is the ACPI SCI on IRQ 9 (82371AB datasheet; the FADT's
;     SCI_INT), not a PIRQ.
;
; Cross-check of these expectations: QEMU's own SeaBIOS (on QEMU and on Boxwood) passes every
; check but the Bus Master Enable one.
%define TEST_NAME "pciinit"
%include "testlib.inc"

; cfg_read: EAX = CONFIG_ADDRESS -> EAX = dword
cfg_read:
        push dx
        mov dx, 0xCF8
        out dx, eax
        mov dx, 0xCFC
        in eax, dx
        pop dx
        ret
; find: EDX = device:vendor ID -> EBX = CONFIG_ADDRESS of it on bus 0, CF = 1 if absent
find:
        mov ebx, 0x80000000
.l:     mov eax, ebx
        call cfg_read
        cmp eax, edx
        je .f
        add ebx, 0x100
        cmp ebx, 0x80010000
        jb .l
        stc
        ret
.f:     clc
        ret

test_main:
        ; --- PIRQ route control ---
        mov edx, 0x70008086
        call find
        sbb ax, ax
        cmp ax, 0
        CHECK_Z "PIIX3 ISA bridge 8086:7000 found on bus 0"
        jnz .ret
        lea eax, [ebx + 0x60]
        call cfg_read
        mov [pirqrc], eax
        xor si, si
.pirq:  mov al, [pirqrc + si]
        mov [cur], al
        test al, 0x80
        CHECK_Z "PIRQRC: PIRQx routed (bit 7 = 0)"
        jnz .pn
        movzx bx, al
        and bl, 0x0F
        mov ax, 1
        mov cl, bl
        shl ax, cl
        mov cx, ax
        test cx, 0xDEF8                 ; IRQ 3-7, 9-12, 14, 15
        mov ax, bx
        setz dl
        cmp dl, 0
        CHECK_Z "PIRQRC: a routable ISA IRQ (3-7, 9-12, 14, 15)"
        ; ELCR level bit of that IRQ
        mov dx, 0x4D0
        in al, dx
        mov ah, al
        inc dx
        in al, dx
        xchg al, ah                     ; AX = ELCR2:ELCR1
        test ax, cx
        setnz dl
        cmp dl, 1
        CHECK_Z "ELCR: the routed IRQ is level-triggered"
.pn:    inc si
        cmp si, 4
        jb .pirq
        ; --- IDE function ---
        mov edx, 0x70108086
        call find
        sbb ax, ax
        cmp ax, 0
        CHECK_Z "PIIX3 IDE 8086:7010 found on bus 0"
        jnz .lines
        mov [ide], ebx
        lea eax, [ebx + 0x40]
        call cfg_read
        test ax, 0x8000
        setnz dl
        cmp dl, 1
        CHECK_Z "IDETIM primary (40h) bit 15 IDE Decode Enable"
        shr eax, 16
        test ax, 0x8000
        setnz dl
        cmp dl, 1
        CHECK_Z "IDETIM secondary (42h) bit 15 IDE Decode Enable"
        mov ebx, [ide]
        lea eax, [ebx + 0x04]
        call cfg_read
        mov [cmd], ax
        and ax, 0x0001
        cmp ax, 0x0001
        CHECK_Z "PCICMD bit 0 I/O Space Enable (BMIBA decodes only with it, PCI 2.1 6.2.2)"
        mov ax, [cmd]
        and ax, 0x0004
        cmp ax, 0x0004
        CHECK_Z "PCICMD bit 2 Bus Master Enable (set by this BIOS; SeaBIOS leaves it to the OS)"
        mov ebx, [ide]
        lea eax, [ebx + 0x20]
        call cfg_read
        mov [bmiba], eax
        test al, 1
        setnz dl
        cmp dl, 1
        CHECK_Z "BMIBA (BAR4) is an I/O BAR (bit 0 = 1)"
        mov eax, [bmiba]
        and eax, 0xFFF0
        setnz dl
        cmp dl, 1
        CHECK_Z "BMIBA (BAR4) has a nonzero base"
        mov eax, [bmiba]
        test eax, 0xFFFF000E            ; 16-bit I/O, 16-byte aligned, bits 3-1 reserved 0
        CHECK_Z "BMIBA (BAR4) base 16-byte aligned below 64 KiB"
        mov dx, [bmiba]
        and dx, 0xFFF0
        add dx, 2
        in al, dx
        test al, 0x18
        CHECK_Z "BMISX (BMIBA + 2) answers: reserved bits 4-3 read 0"
        ; --- Interrupt Lines ---
.lines: mov ebx, 0x80000000
.dev:   mov eax, ebx
        call cfg_read
        cmp ax, 0xFFFF
        je .next
        mov esi, eax
        lea eax, [ebx + 0x3C]
        call cfg_read
        mov cx, ax                      ; CL = line, CH = pin
        test ch, ch
        jz .next
        cmp ch, 4
        ja .next
        inc word [nint]
        cmp esi, 0x71138086
        jne .pirqdev
        movzx ax, cl
        cmp cl, 9
        CHECK_Z "Interrupt Line of the PIIX4 PM function (SCI) is 9"
        jmp .next
.pirqdev:
        mov eax, ebx
        shr eax, 11
        and al, 0x1F
        add al, ch
        sub al, 2
        and al, 3
        movzx si, al
        mov al, [pirqrc + si]
        and al, 0x0F
        mov ah, cl                      ; AH = line found, AL = expected IRQ
        cmp ah, al
        CHECK_Z "Interrupt Line = PIRQRC[(device - 1 + pin - 1) mod 4]"
.next:  add ebx, 0x100
        cmp ebx, 0x80010000
        jb .dev
        mov ax, [nint]
        cmp ax, 0
        setne dl
        cmp dl, 1
        CHECK_Z "at least one bus 0 function has an interrupt pin"
.ret:   ret

pirqrc: dd 0
cur:    db 0
ide:    dd 0
bmiba:  dd 0
nint:   dw 0
cmd:    dw 0

%include "testlib-end.inc"
