; util.asm -- small helpers shared by POST and the services: CMOS access, console output
; (INT 10h teletype, mirrored to the Bochs/QEMU debug port 0xE9 and to COM1), number printing.

; cmos_read: AL = register -> AL = value. (MC146818: index at 70h, data at 71h.)
cmos_read:
        out CMOS_INDEX, al
        jmp short $+2
        in al, CMOS_DATA
        ret

; cmos_write: AL = register, AH = value
cmos_write:
        out CMOS_INDEX, al
        jmp short $+2
        mov al, ah
        out CMOS_DATA, al
        ret

; get_ebda: ES = EBDA segment (from 40:0E). Clobbers nothing else.
get_ebda:
        push ax
        mov ax, BDA_SEG
        mov es, ax
        mov es, [es:BDA_EBDA]
        pop ax
        ret

; serial_putc: AL -> COM1, if POST found a UART. LSR bit 5 (THR empty) is polled with a
; bounded loop so a missing or stuck UART cannot hang the BIOS.
serial_putc:
        push ds
        push dx
        push cx
        push ax
        mov dx, BDA_SEG
        mov ds, dx
        mov dx, [BDA_COM1]
        test dx, dx
        jz .out
        add dx, 5
        mov cx, 0x4000
.wait:  in al, dx
        test al, 0x20
        jnz .ready
        loop .wait
.ready: sub dx, 5
        pop ax
        push ax
        out dx, al
.out:   pop ax
        pop cx
        pop dx
        pop ds
        ret

; con_putc: AL -> screen (INT 10h AH=0Eh), port E9 and COM1. "\n" becomes CR LF.
con_putc:
        cmp al, 10
        jne .one
        mov al, 13
        call .one
        mov al, 10
.one:   push ax
        push bx
        push es
        mov bx, 7
        mov ah, 0x0E
        int 0x10
%if MIRROR_TTY_E9
        call get_ebda
        cmp byte [es:EB_VGAROM], 0
        je .noe9                        ; our own INT 10h already mirrors teletype to E9
%endif
        out PORT_E9, al
.noe9:  call serial_putc
        pop es
        pop bx
        pop ax
        ret

; print_str: CS:SI -> console, zero terminated. Preserves registers.
print_str:
        push si
        push ax
.l:     cs lodsb
        test al, al
        jz .d
        call con_putc
        jmp .l
.d:     pop ax
        pop si
        ret

; print_dec: EAX unsigned -> console in decimal
print_dec:
        pushad
        mov ebx, 10
        xor cx, cx
.div:   xor edx, edx
        div ebx
        push dx
        inc cx
        test eax, eax
        jnz .div
.out:   pop ax
        add al, '0'
        call con_putc
        loop .out
        popad
        ret

; print_hex8: AL -> two hex digits
print_hex8:
        push ax
        shr al, 4
        call .nib
        pop ax
        push ax
        call .nib
        pop ax
        ret
.nib:   and al, 0x0F
        add al, '0'
        cmp al, '9'
        jbe .p
        add al, 7
.p:     jmp con_putc

print_hex16:
        xchg al, ah
        call print_hex8
        xchg al, ah
        jmp print_hex8

; print_cs_str_at: ES:SI zero-terminated (used for ATA model names kept in RAM)
print_es_str:
        push si
        push ax
.l:     es lodsb
        test al, al
        jz .d
        call con_putc
        jmp .l
.d:     pop ax
        pop si
        ret

; wait_ticks: CX = number of 18.2 Hz timer ticks to wait (interrupts enabled, HLT while idle)
wait_ticks:
        push ds
        push eax
        push ebx
        mov ax, BDA_SEG
        mov ds, ax
        movzx ebx, cx
        sti
        mov eax, [BDA_TICKS]
.w:     hlt
        push eax
        neg eax
        add eax, [BDA_TICKS]            ; elapsed (midnight rollover makes it huge: stop)
        cmp eax, ebx
        pop eax
        jb .w
        pop ebx
        pop eax
        pop ds
        ret

; bcd2bin: AL BCD -> AL binary
bcd2bin:
        push cx
        mov cl, al
        shr al, 4
        mov ch, 10
        mul ch
        and cl, 0x0F
        add al, cl
        pop cx
        ret

; enter_unreal: give FS a 4 GiB limit ("big real mode") so 32-bit offsets reach all memory.
; Switches to protected mode just long enough to load FS from a flat data descriptor
; (Intel SDM vol. 3, 9.9.2 "Switching Back to Real-Address Mode"; limits stay cached).
enter_unreal:
        pushf
        push eax
        push bx
        cli
        o32 lgdt [cs:unreal_gdtr]
        mov eax, cr0
        or al, 1
        mov cr0, eax
        jmp short $+2
        mov bx, 0x08
        mov fs, bx
        and al, 0xFE
        mov cr0, eax
        jmp short $+2
        xor bx, bx
        mov fs, bx
        pop bx
        pop eax
        popf
        ret

        align 8
unreal_gdt:
        dq 0
        dq 0x00CF92000000FFFF           ; flat 4 GiB data, base 0
unreal_gdtr:
        dw 15
        dd 0xF0000 + unreal_gdt

; lapic_base: -> CF clear and EAX = the local APIC's physical base when CPUID.1:EDX bit 9 says
; there is one and IA32_APIC_BASE has it globally enabled (SDM Vol.3 10.4.3); CF set otherwise.
; Clobbers EBX, ECX, EDX.
lapic_base:
        mov eax, 1
        cpuid
        test edx, 0x200
        jz .none
        mov ecx, 0x1B                   ; IA32_APIC_BASE
        rdmsr
        test ah, 0x08                   ; global enable
        jz .none
        and eax, 0xFFFFF000
        clc
        ret
.none:  stc
        ret

; lapic_virtual_wire: with a local APIC (CPUID.1:EDX bit 9) route the 8259 output through
; LINT0 as ExtINT and NMI through LINT1 (Intel MultiProcessor Specification 1.4, 3.6.2.2
; "virtual wire mode"). Without this PIC interrupts never reach a P6-class CPU.
lapic_virtual_wire:
        pushad
        push fs
        call lapic_base
        jc .none
        mov ebx, eax
        call enter_unreal
        mov dword [fs:ebx + 0xF0], 0x1FF        ; spurious vector FFh, APIC software enabled
        mov dword [fs:ebx + 0x350], 0x700       ; LINT0: ExtINT
        mov dword [fs:ebx + 0x360], 0x400       ; LINT1: NMI
.none:  pop fs
        popad
        ret
