; pci.asm -- PCI set-up at POST, as a PC BIOS leaves the board before booting (PCI BIOS
; Specification 2.1, 2.6 "interrupt routing" and the PCI Local Bus Specification 2.1, 6.2.4
; "Interrupt Line": POST writes each function's routed IRQ there for the drivers).
;
;   - PIIX3 function 0 (82371SB datasheet 290550-002, "PIRQRC[A:D] - PIRQx Route Control
;     Registers", config 60h-63h): PIRQA-D are routed to ISA IRQ 11, 10, 11, 10 (bit 7 = 0
;     enables the routing, bits 3-0 = the IRQ); the ELCR (ports 4D0h/4D1h, "ELCR1/ELCR2 -
;     Edge/Level Control Registers") marks those IRQs level-sensitive, since PCI INTx# lines
;     are level-triggered and shareable (PCI 2.1, 2.2.6).
;   - PIIX3 function 1, IDE (datasheet "IDETIM - IDE Timing Register", 40h primary / 42h
;     secondary): bit 15 IDE Decode Enable for both channels, so the legacy command blocks
;     (1F0h/3F6h, 170h/376h) are announced as decoded (Linux's ata_piix only drives channels
;     with this bit set); BMIBA (20h, BAR4) = PCI_BMIDE_BASE, the 16 bytes of bus master IDE
;     registers; PCICMD (04h) bit 0 I/O Space Enable and bit 2 Bus Master Enable.
;   - Interrupt Line (3Ch) of every bus 0 function whose Interrupt Pin (3Dh) is INTA#-INTD#:
;     the IRQ its PIRQ is routed to. On the 440FX/PIIX3 board (QEMU's "pc", devices/pci.cpp)
;     device D's INTx# (pin P = 1-4) drives PIRQ[(D - 1 + P - 1) mod 4]. The PIIX4 power
;     management function (8086:7113) is the exception: its interrupt is the ACPI SCI, which
;     the chip signals on ISA IRQ 9 (the FADT's SCI_INT), not through a PIRQ.
; Only bus 0 is set up (the board has no PCI-to-PCI bridges); BARs of other devices are left
; unassigned.

PCI_BMIDE_BASE  equ 0xC000
PCI_PIRQ_ROUTE  equ 0x0A0B0A0B          ; PIRQRC dword at 60h: A = 11, B = 10, C = 11, D = 10
PCI_ID_PIIX3    equ 0x70008086          ; device:vendor, function 0 (ISA bridge)
PCI_ID_PIIX3IDE equ 0x70108086
PCI_ID_PIIX4PM  equ 0x71138086

; the ELCR bits of the routed IRQs (IRQ n = bit n of 4D1h:4D0h)
%assign PCI_ELCR_MASK 0
%assign _i 0
%rep 4
  %assign _r (PCI_PIRQ_ROUTE >> (8 * _i)) & 0xFF
  %if (_r & 0x80) == 0
    %assign PCI_ELCR_MASK PCI_ELCR_MASK | (1 << (_r & 0x0F))
  %endif
  %assign _i _i + 1
%endrep

; pci_find: EDX = device:vendor ID -> EBX = CONFIG_ADDRESS (register 0) of the first bus 0
; function with that ID, CF = 0; CF = 1 when there is none (or no PCI at all: all ones)
pci_find:
        push eax
        mov ebx, 0x80000000
.l:     mov eax, ebx
        call pci_read32
        cmp eax, edx
        je .found
        add ebx, 0x100
        cmp ebx, 0x80010000
        jb .l
        pop eax
        stc
        ret
.found: pop eax
        clc
        ret

; pci_init (POST): needs the PIIX3; does nothing without it
pci_init:
        pushad
        mov edx, PCI_ID_PIIX3
        call pci_find
        jc .out
        ; --- PIRQ routing and ELCR ---
        lea eax, [ebx + 0x60]
        mov ecx, PCI_PIRQ_ROUTE
        call pci_write32
        call pci_read32                 ; EAX = the PIRQRC registers as the chip took them
        mov edi, eax
        mov dx, 0x4D0
        in al, dx
        or al, PCI_ELCR_MASK & 0xFF
        out dx, al
        inc dx
        in al, dx
        or al, PCI_ELCR_MASK >> 8
        out dx, al
        ; --- IDE function ---
        mov edx, PCI_ID_PIIX3IDE
        call pci_find
        jc .lines
        lea eax, [ebx + 0x20]           ; BMIBA (BAR4); bit 0 reads 1 (I/O space)
        mov ecx, PCI_BMIDE_BASE
        call pci_write32
        lea eax, [ebx + 0x40]           ; IDETIM primary (40h) and secondary (42h): IDE
        call pci_read32                 ; Decode Enable, timings left as they are
        or eax, 0x80008000
        mov ecx, eax
        lea eax, [ebx + 0x40]
        call pci_write32
        lea eax, [ebx + 0x04]           ; PCICMD (low byte only: PCISTS bits are R/WC)
        call pci_read32
        mov cl, al
        or cl, 0x05                     ; IOSE | BME
        lea eax, [ebx + 0x04]
        call pci_write8
        ; --- Interrupt Line of every function with an interrupt pin ---
.lines: mov ebx, 0x80000000
.dev:   mov eax, ebx
        call pci_read32
        cmp ax, 0xFFFF
        je .next
        mov esi, eax                    ; ESI = device:vendor ID
        lea eax, [ebx + 0x3C]
        call pci_read32
        movzx ecx, ah                   ; Interrupt Pin: 0 none, 1-4 INTA#-INTD#
        test cl, cl
        jz .next
        cmp cl, 4
        ja .next
        mov al, ACPI_SCI_IRQ
        cmp esi, PCI_ID_PIIX4PM
        je .set
        mov eax, ebx                    ; device number: CONFIG_ADDRESS bits 15-11
        shr eax, 11
        and eax, 0x1F
        lea ecx, [eax + ecx - 2]        ; PIRQ = (device - 1 + pin - 1) mod 4
        and cl, 3
        shl cl, 3
        mov eax, edi
        shr eax, cl
        test al, 0x80
        jz .route
        mov al, 0xFF                    ; PIRQ not routed: FFh = "no connection" (PCI 2.1, 6.2.4)
        jmp .set
.route: and al, 0x0F
.set:   mov cl, al
        lea eax, [ebx + 0x3C]
        call pci_write8
.next:  add ebx, 0x100
        cmp ebx, 0x80010000
        jb .dev
.out:   popad
        ret
