; post.asm -- power-on self test. Entered from the reset vector (F000:FFF0 -> F000:E05B).
; Order follows the IBM PC/AT Technical Reference POST (shutdown byte, CPU, DMA, memory, PIC,
; PIT, keyboard, video, disks, option ROMs, INT 19h). POST codes go to port 80h.

post_entry:
        cli
        cld
        POST 0x01
        ; CMOS shutdown status byte (0Fh). 05h = EOI + jump via 40:67, 0Ah = jump via 40:67
        ; (used by 286 software to leave protected mode through a reset). Anything else: cold
        ; or warm boot. No stack is used before this point.
        mov al, 0x0F
        out CMOS_INDEX, al
        in al, CMOS_DATA
        mov bl, al
        mov al, 0x0F
        out CMOS_INDEX, al
        xor al, al
        out CMOS_DATA, al
        cmp bl, 0x05
        je .resume_eoi
        cmp bl, 0x0A
        je .resume
        jmp .cold
.resume_eoi:
        mov al, 0x20
        out PIC1_CMD, al
.resume:
        mov ax, BDA_SEG
        mov ds, ax
        jmp far [BDA_RESETPTR]

.cold:
        xor ax, ax
        mov ss, ax
        mov sp, POST_STACK
        POST 0x02
        ; --- CPU check (8086-safe instructions until the 386 is confirmed) ---
        ; 8086/186: FLAGS bits 12-15 read as 1. 286 real mode: bits 12-14 read as 0.
        pushf
        pop ax
        and ax, 0x0FFF
        push ax
        popf
        pushf
        pop ax
        and ax, 0xF000
        cmp ax, 0xF000
        je .old_cpu
        mov ax, 0x7000
        push ax
        popf
        pushf
        pop ax
        test ax, 0x7000
        jnz .cpu386
.old_cpu:
        ; this BIOS uses 386 instructions after this point
        mov si, msg_need386
.o1:    cs lodsb
        test al, al
        jz .o2
        out PORT_E9, al
        jmp .o1
.o2:    hlt
        jmp .o2

.cpu386:
        ; The probe left IOPL = 3 and NT = 1; clear them, or a boot loader that enters protected
        ; mode and IRETs without first loading EFLAGS would take a task return (SDM Vol.3 7.3).
        push word 0x0002
        popf
        POST 0x03
        ; --- DMA controllers (8237): master clear, channel 4 cascade ---
        out 0x0D, al                    ; master clear DMA 1
        out 0xDA, al                    ; master clear DMA 2
        mov al, 0xC0
        out 0xD6, al                    ; channel 4: cascade mode
        xor al, al
        out 0xD4, al                    ; unmask channel 4
        ; enable A20 through the fast A20 gate (port 92h bit 1) so 1 MiB+ is addressable
        in al, 0x92
        or al, 0x02
        and al, 0xFE
        out 0x92, al

        POST 0x04
        ; --- clear IVT and BDA (0000-04FF) ---
        xor ax, ax
        mov es, ax
        xor di, di
        mov cx, 0x500 / 2
        rep stosw

        ; --- memory size from CMOS: 15h/16h base KiB, 30h/31h (17h/18h) KiB above 1 MiB,
        ; 34h/35h 64 KiB blocks above 16 MiB (Bochs/SeaBIOS CMOS convention) ---
        mov al, 0x16
        call cmos_read
        mov ah, al
        mov al, 0x15
        call cmos_read
        cmp ax, 640
        ja .base640
        cmp ax, 64
        jae .basek
.base640:
        mov ax, 640
.basek: mov bx, ax                      ; BX = base KiB
        sub ax, EBDA_KB
        push ax
        mov ax, BDA_SEG
        mov ds, ax
        pop ax
        mov [BDA_MEMKB], ax
        shl ax, 6                       ; KiB -> paragraphs
        mov [BDA_EBDA], ax
        mov es, ax
        xor di, di
        push ax
        xor ax, ax
        mov cx, EBDA_KB * 512
        rep stosw
        pop ax
        mov word [es:EB_SIZE], EBDA_KB

        mov al, 0x31
        call cmos_read
        mov ah, al
        mov al, 0x30
        call cmos_read
        test ax, ax
        jnz .extk
        mov al, 0x18
        call cmos_read
        mov ah, al
        mov al, 0x17
        call cmos_read
.extk:  mov [es:EB_EXTKB], ax
        movzx eax, ax
        shl eax, 10
        add eax, 0x100000
        mov [es:EB_RAMTOP], eax
        mov al, 0x35
        call cmos_read
        mov ah, al
        mov al, 0x34
        call cmos_read
        mov [es:EB_HI64K], ax
        test ax, ax
        jz .memdone
        movzx eax, ax
        shl eax, 16
        add eax, 0x1000000
        mov [es:EB_RAMTOP], eax
.memdone:
        mov eax, [es:EB_RAMTOP]
        mov [es:EB_USABLE], eax         ; acpi_init moves it below its tables

        ; --- CPU generation for the banner: AC flag (bit 18) toggles on 486+, ID (bit 21) means CPUID
        mov byte [es:EB_CPU], 3
        pushfd
        pop eax
        mov ecx, eax
        xor eax, 0x40000
        push eax
        popfd
        pushfd
        pop eax
        xor eax, ecx
        test eax, 0x40000
        jz .cpudone
        mov byte [es:EB_CPU], 4
        mov eax, ecx
        xor eax, 0x200000
        push eax
        popfd
        pushfd
        pop eax
        xor eax, ecx
        test eax, 0x200000
        jz .cpudone
        mov byte [es:EB_CPU], 5
.cpudone:
        push ecx
        popfd
        cmp byte [es:EB_CPU], 5
        jb .noapic
        call lapic_virtual_wire
.noapic:

        POST 0x05
        ; --- interrupt vector table ---
        xor ax, ax
        mov es, ax
        xor di, di
        mov cx, 256
.ivt1:  mov ax, dummy_iret
        stosw
        mov ax, cs
        stosw
        loop .ivt1
        mov si, ivt_table
        xor di, di
        mov cx, ivt_table_n
.ivt2:  cs lodsw
        stosw
        mov ax, cs
        stosw
        loop .ivt2
        mov di, 0x70 * 4
        mov si, ivt_slave_table
        mov cx, 8
.ivt3:  cs lodsw
        stosw
        mov ax, cs
        stosw
        loop .ivt3
        xor ax, ax
        mov di, 0x60 * 4                ; 60h-67h: reserved for user programs
        mov cx, 16
        rep stosw
        mov word [es:0x1F * 4], ax      ; INT 1Fh: no 8x8 upper-half font
        mov word [es:0x1F * 4 + 2], ax
        mov word [es:0x43 * 4], font8x8 ; INT 43h: 8x8 font (F000:FA6E)
        mov word [es:0x1D * 4], video_params
        mov word [es:0x1E * 4], diskette_params

        POST 0x06
        ; --- 8259 PICs: ICW1 edge/cascade/ICW4, ICW2 vectors 08h and 70h, ICW3 cascade on IRQ2,
        ; ICW4 8086 mode. Unmask IRQ0 (timer), IRQ1 (keyboard), IRQ2 (cascade), IRQ6 (floppy).
        mov al, 0x11
        out PIC1_CMD, al
        out PIC2_CMD, al
        mov al, 0x08
        out PIC1_DATA, al
        mov al, 0x70
        out PIC2_DATA, al
        mov al, 0x04
        out PIC1_DATA, al
        mov al, 0x02
        out PIC2_DATA, al
        mov al, 0x01
        out PIC1_DATA, al
        out PIC2_DATA, al
        mov al, 0xB8
        out PIC1_DATA, al
        mov al, 0xFF
        out PIC2_DATA, al
        ; --- 8254: channel 0 mode 3, divisor 65536 (18.2065 Hz); channel 1 mode 2 divisor 18
        ; (memory refresh request, seen as port 61h bit 4 toggling)
        mov al, 0x36
        out PIT_CMD, al
        xor al, al
        out PIT_CH0, al
        out PIT_CH0, al
        mov al, 0x54
        out PIT_CMD, al
        mov al, 18
        out 0x41, al

        ; --- BIOS data area ---
        mov ax, BDA_SEG
        mov ds, ax
        mov word [BDA_KBHEAD], BDA_KBBUF
        mov word [BDA_KBTAIL], BDA_KBBUF
        mov word [BDA_KBSTART], BDA_KBBUF
        mov word [BDA_KBEND], BDA_KBBUF + 32
        mov byte [BDA_KBMODE], 0x10     ; 101/102-key keyboard
        call rtc_to_ticks
        mov [BDA_TICKS], eax

        POST 0x07
        ; --- serial and parallel ports ---
        xor bx, bx                      ; BX = ports found * 2
        mov dx, 0x3F8
        call serial_probe
        mov dx, 0x2F8
        call serial_probe
        mov cx, bx
        shl cx, 8                       ; equipment bits 9-11: number of serial ports
        mov dx, 0x378
        mov al, 0xAA
        out dx, al
        jmp short $+2
        in al, dx
        cmp al, 0xAA
        jne .nolpt
        mov [BDA_LPT1], dx
        mov byte [BDA_LPT_TMO], 20
        or cx, 0x4000                   ; one printer
.nolpt: or cx, 0x0020                   ; initial video mode: 80x25 colour
        mov [BDA_EQUIP], cx
        ; math coprocessor (equipment bit 1)
        fninit
        mov word [0x0C], 0x5A5A
        fnstsw [0x0C]
        cmp word [0x0C], 0
        jne .nofpu
        or byte [BDA_EQUIP], 0x02
.nofpu: mov word [0x0C], 0

        POST 0x08
        call kbc_init
        push ax                         ; keyboard result, reported after the banner
        ; auxiliary (mouse) port: 8042 interface test A9h -> 00h means a pointing device port
        ; (equipment bit 2); the mouse stays disabled until INT 15h C200h
        mov al, 0xA9
        call kbc_cmd
        call kbc_read
        jc .nomouse
        test al, al
        jnz .nomouse
        or byte [BDA_EQUIP], 0x04
        call get_ebda
        mov byte [es:EB_MSSIZE], 3
.nomouse:

        POST 0x09
        ; --- video: VGA option ROM at C0000 if it has a valid 55AA header, else our text mode ---
        mov ax, 0xC000
        call check_rom
        jc .novga
        call get_ebda
        mov byte [es:EB_VGAROM], 1
        mov ax, 0xC000
        call call_rom
        jmp .video_ok
.novga: call vga_init_text
.video_ok:
        POST 0x0A
        mov si, msg_banner
        call print_str
        pop ax
        test al, al
        jz .kbok
        mov si, msg_kbcfail
        call print_str
.kbok:
        call print_memory

        POST 0x0B
        sti                             ; timer ticks are needed from here (disk timeouts)
        call floppy_detect
        POST 0x0C
        call pci_init                   ; IDE decode, BARs, PIRQ routing, Interrupt Lines
        call ata_detect

        call smbios_init
        call acpi_init

        POST 0x0D
        ; --- other option ROMs, C8000-DFFFF in 2 KiB steps ---
        mov ax, 0xC800
.rom:   cmp ax, 0xE000
        jae .romdone
        push ax
        call check_rom
        pop ax
        jc .next2k
        push ax
        call call_rom
        pop ax
        push ds
        mov ds, ax
        movzx cx, byte [2]              ; length in 512-byte blocks
        pop ds
        shl cx, 5                       ; -> paragraphs
        add cx, 0x7F
        and cx, 0xFF80                  ; round up to 2 KiB
        add ax, cx
        jmp .rom
.next2k:
        add ax, 0x80
        jmp .rom
.romdone:
        mov si, msg_crlf
        call print_str
        POST 0x0E
        sti
        int 0x19
.dead:  hlt
        jmp .dead

; serial_probe: DX = UART base. If the line control register reads back, program 115200 8N1
; (divisor 1), enable and clear the FIFOs, raise DTR/RTS, and record the port in the BDA.
serial_probe:
        push dx
        add dx, 3
        mov al, 0x1B
        out dx, al
        jmp short $+2
        in al, dx
        cmp al, 0x1B
        jne .none
        mov al, 0x80                    ; DLAB
        out dx, al
        sub dx, 3
        mov al, 1                       ; divisor 1 = 115200 baud
        out dx, al
        inc dx
        xor al, al
        out dx, al                      ; DLM = 0 (dx = base+1)
        add dx, 2
        mov al, 0x03                    ; 8N1, DLAB off
        out dx, al
        dec dx
        mov al, 0x07                    ; FCR: enable + clear FIFOs
        out dx, al
        sub dx, 1
        xor al, al
        out dx, al                      ; IER = 0 (polled)
        add dx, 3
        mov al, 0x03                    ; MCR: DTR, RTS
        out dx, al
        pop dx
        mov [BDA_COM1 + bx], dx
        mov byte [BDA_COM_TMO + bx], 1
        add bx, 2
        ret
.none:  pop dx
        ret

; check_rom: AX = segment. CF=0 if it holds an option ROM (55AA, nonzero length, bytes sum to 0)
check_rom:
        push ds
        push cx
        push si
        mov ds, ax
        cmp word [0], 0xAA55
        jne .bad
        movzx cx, byte [2]
        jcxz .bad
        shl cx, 9
        xor si, si
        xor ah, ah
.sum:   lodsb
        add ah, al
        loop .sum
        test ah, ah
        jnz .bad
        clc
        jmp .out
.bad:   stc
.out:   pop si
        pop cx
        pop ds
        ret

; call_rom: AX = segment: far call to its initialisation entry at offset 3
call_rom:
        pushad
        push ds
        push es
        push cs
        push word .back
        push ax
        push word 3
        retf
.back:  cli
        cld
        pop es
        pop ds
        popad
        ret

; rtc_to_ticks: EAX = 18.2 Hz ticks since midnight from the RTC time (ticks/day = 1800B0h)
rtc_to_ticks:
        push edx
        push ebx
        push ecx
        mov al, 0x0B
        call cmos_read
        mov cl, al                      ; CL bit 2: binary mode
        mov al, 0x04
        call cmos_read
        call .conv
        movzx ebx, al
        imul ebx, ebx, 60
        mov al, 0x02
        call cmos_read
        call .conv
        movzx eax, al
        add ebx, eax
        imul ebx, ebx, 60
        mov al, 0x00
        call cmos_read
        call .conv
        movzx eax, al
        add eax, ebx
        cmp eax, 86400
        jb .ok
        xor eax, eax
.ok:    mov ebx, 0x1800B0
        mul ebx
        mov ebx, 86400
        div ebx
        pop ecx
        pop ebx
        pop edx
        ret
.conv:  test cl, 4
        jnz .bin
        call bcd2bin
.bin:   ret

; kbc_init: 8042 self test (AAh -> 55h), interface test, keyboard reset (FFh -> FAh AAh),
; enable scanning, command byte 65h (IRQ1, system flag, no mouse, set 2 -> set 1 translation).
; Returns AL = 0 on success, nonzero when the controller did not answer.
kbc_init:
        mov cx, 32
.flush: in al, KBC_STATUS
        test al, 1
        jz .f2
        in al, KBC_DATA
        loop .flush
.f2:    mov al, 0xAA
        call kbc_cmd
        call kbc_read
        jc .fail
        cmp al, 0x55
        jne .fail
        mov al, 0x60                    ; write command byte: keyboard IRQ off while polling
        call kbc_cmd
        mov al, 0x64
        call kbc_data
        mov al, 0xAE                    ; enable keyboard interface
        call kbc_cmd
        mov al, 0xFF                    ; keyboard reset + basic assurance test
        call kbc_data
        call kbc_read
        call kbc_read                   ; AAh (BAT passed) -- may come late; not fatal
        mov al, 0xF4                    ; enable scanning
        call kbc_data
        call kbc_read
        mov cx, 32
.fl2:   in al, KBC_STATUS
        test al, 1
        jz .f3
        in al, KBC_DATA
        loop .fl2
.f3:    mov al, 0x60
        call kbc_cmd
        mov al, 0x65
        call kbc_data
        xor al, al
        ret
.fail:  mov al, 1
        ret

kbc_wait_in:                            ; wait until the input buffer is empty (bounded)
        push cx
        push ax
        mov cx, 0xFFFF
.w:     in al, KBC_STATUS
        test al, 2
        jz .d
        loop .w
.d:     pop ax
        pop cx
        ret
kbc_cmd:
        call kbc_wait_in
        out KBC_STATUS, al
        ret
kbc_data:
        call kbc_wait_in
        out KBC_DATA, al
        ret
; kbc_read: AL = byte from the output buffer; CF=1 on timeout
kbc_read:
        push cx
        push dx
        mov dx, 16
.o:     mov cx, 0xFFFF
.w:     in al, KBC_STATUS
        test al, 1
        jnz .got
        loop .w
        dec dx
        jnz .o
        pop dx
        pop cx
        stc
        ret
.got:   in al, KBC_DATA
        pop dx
        pop cx
        clc
        ret

; print_memory: "Memory: 639K base, 64512K extended" and the CPU line
print_memory:
        call get_ebda
        mov si, msg_cpu
        call print_str
        movzx eax, byte [es:EB_CPU]
        cmp al, 5
        jb .nocpuid
        call print_cpuid
        jmp .mem
.nocpuid:
        mov si, msg_386
        cmp al, 4
        jb .p
        mov si, msg_486
.p:     call print_str
.mem:   mov si, msg_mem
        call print_str
        push ds
        mov ax, BDA_SEG
        mov ds, ax
        movzx eax, word [BDA_MEMKB]
        pop ds
        call print_dec
        mov si, msg_basek
        call print_str
        mov eax, [es:EB_RAMTOP]
        sub eax, 0x100000
        shr eax, 10
        call print_dec
        mov si, msg_extk
        call print_str
        ret

; print_cpuid: vendor string and family/model/stepping
print_cpuid:
        pushad
        push es
        xor eax, eax
        cpuid
        push ecx
        push edx
        push ebx
        mov cx, 12
        mov bx, sp
.v:     mov al, [ss:bx]
        inc bx
        call con_putc
        loop .v
        add sp, 12
        mov si, msg_family
        call print_str
        mov eax, 1
        cpuid
        push eax
        shr eax, 8
        and eax, 0x0F
        call print_dec
        mov si, msg_model
        call print_str
        pop eax
        push eax
        shr eax, 4
        and eax, 0x0F
        call print_dec
        mov si, msg_stepping
        call print_str
        pop eax
        and eax, 0x0F
        call print_dec
        pop es
        popad
        ret

msg_need386:    db "Boxwood BIOS: a 386 or later CPU is required", 13, 10, 0
msg_banner:     db "Boxwood BIOS ", BIOS_VERSION, 10, 0
msg_kbcfail:    db "Keyboard controller self-test failed", 10, 0
msg_cpu:        db "CPU: ", 0
msg_386:        db "386", 0
msg_486:        db "486 (no CPUID)", 0
msg_family:     db " family ", 0
msg_model:      db " model ", 0
msg_stepping:   db " stepping ", 0
msg_mem:        db 10, "Memory: ", 0
msg_basek:      db "K base, ", 0
msg_extk:       db "K extended", 10, 0
msg_crlf:       db 10, 0

; interrupt vectors 00h-1Ch (offsets in segment F000)
ivt_table:
        dw dummy_iret, dummy_iret, nmi_handler, dummy_iret          ; 00-03
        dw dummy_iret, int05_handler, dummy_iret, dummy_iret        ; 04-07
        dw int08_handler, int09_handler, irq_master_eoi, irq_master_eoi ; 08-0B
        dw irq_master_eoi, irq_master_eoi, int0e_handler, irq7_handler ; 0C-0F
        dw int10_handler, int11_handler, int12_handler, int13_handler ; 10-13
        dw int14_handler, int15_handler, int16_handler, int17_handler ; 14-17
        dw int18_handler, int19_handler, int1a_handler, dummy_iret  ; 18-1B
        dw dummy_iret                                                ; 1C
ivt_table_n equ ($ - ivt_table) / 2
ivt_slave_table:
        dw int70_handler, int71_handler, irq_slave_eoi, irq_slave_eoi   ; 70-73
        dw int74_handler, int75_handler, int76_handler, irq_slave_eoi   ; 74-77
