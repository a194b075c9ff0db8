; Local APIC and I/O APIC from the guest's side (P6 model): CPUID and IA32_APIC_BASE (Intel SDM
; Vol. 3, 10.4.2-10.4.4), the register page, self IPIs and the order of nested deliveries and
; EOIs (10.6.1, 10.8.3-10.8.5), TPR masking (10.8.3.1), an NMI IPI (10.6.1, 6.7.1), the timer in
; periodic mode against a PIT-measured interval (10.5.4; 8254 at 1.193182 MHz), an ISA IRQ
; routed through the 82093AA I/O APIC, edge (PIT IRQ0 on INTIN2) and level-triggered (RTC IRQ8,
; remote IRR and the EOI broadcast, 82093AA datasheet 3.2.4), and the global disable that
; gives the 8259 back the INTR pin (10.4.3).
%include "lib.inc"

%define LAPIC 0xFEE00000
%define IOAPIC 0xFEC00000
%define LOG 0x20000                     ; vectors in the order their handlers ran (bytes)
%define LOGN 0x20100                    ; log length
%define TICKS 0x20104                   ; APIC timer interrupts
%define IRQS 0x20108                    ; I/O APIC routed interrupts
%define NMIS 0x2010C
%define RTCS 0x20110
%define PICS 0x20114
%define SPURIOUS 0x20118

%macro HANDLER 2                        ; vector, handler
        mov eax, %1
        mov ebx, %2
        mov ecx, 0x8E00
        call set_gate
%endmacro

test_main:
        ; --- presence (10.4.2) and IA32_APIC_BASE (10.4.4) ---
        mov eax, 1
        cpuid
        and edx, 0x200
        CHECK edx, 0x200, "CPUID.1:EDX.APIC[bit 9] on the P6"
        mov ecx, 0x1B
        rdmsr
        CHECK eax, 0xFEE00900, "IA32_APIC_BASE: FEE00000h, BSP, global enable"
        mov eax, [LAPIC + 0x30]
        and eax, 0x00FF00F0
        CHECK eax, 0x00040010, "version: integrated APIC (1xH), max LVT entry 4 (P6)"
        mov eax, [LAPIC + 0xF0]
        CHECK eax, 0xFF, "SVR after RESET: FFh, software disabled"

        ; The 8259 pair: vectors 20h/28h, every IRQ masked (it still sees the ISA IRQs).
        call pic_init

        HANDLER 0x50, h50
        HANDLER 0x51, h_log
        HANDLER 0x60, h_log
        HANDLER 0x65, h_log
        HANDLER 0x40, h_timer
        HANDLER 0x61, h_irq
        HANDLER 0x62, h_rtc
        HANDLER 0x20, h_pic
        HANDLER 0xFF, h_spurious
        mov dword [SPURIOUS], 0
        HANDLER 2, h_nmi
        mov dword [LOGN], 0
        mov dword [LAPIC + 0xF0], 0x1FF  ; software enable, spurious vector FFh

        ; --- nesting and EOI order (10.8.3.1, 10.8.5): 50h's handler sends 60h (higher class:
        ; nests at once) and 51h (same class: waits for 50h's EOI) ---
        mov dword [LAPIC + 0x300], 0x40050   ; self IPI, vector 50h
        sti
        nop
        cli
        mov eax, [LOGN]
        CHECK eax, 4, "four handlers ran"
        movzx eax, byte [LOG]
        CHECK eax, 0x50, "first: 50h"
        movzx eax, byte [LOG + 1]
        CHECK eax, 0x60, "60h nests inside 50h before its EOI"
        movzx eax, byte [LOG + 2]
        CHECK eax, 0xE0, "50h ends (its EOI)"
        movzx eax, byte [LOG + 3]
        CHECK eax, 0x51, "51h (same class as 50h) only after 50h's EOI"
        mov eax, [LAPIC + 0x100 + 0x10 * 2]  ; ISR bits 40h-5Fh
        CHECK eax, 0, "ISR empty after the EOIs"

        ; --- TPR (10.8.3.1): class 6 held while TPR = 70h ---
        mov dword [LOGN], 0
        mov dword [LAPIC + 0x80], 0x70
        mov dword [LAPIC + 0x300], 0x40065
        sti
        nop
        nop
        cli
        CHECK [LOGN], 0, "vector 65h held while TPR = 70h"
        mov eax, [LAPIC + 0x200 + 0x10 * 3]  ; IRR bits 60h-7Fh
        and eax, 1 << 5
        CHECK eax, 1 << 5, "IRR bit 65h pending"
        mov eax, [LAPIC + 0xA0]
        CHECK eax, 0x70, "PPR = TPR"
        mov dword [LAPIC + 0x80], 0x50
        sti
        nop
        cli
        CHECK [LOGN], 1, "65h delivered once TPR = 50h"
        mov dword [LAPIC + 0x80], 0

        ; --- NMI IPI to self: taken with IF = 0 (6.7.1) ---
        mov dword [NMIS], 0
        mov dword [LAPIC + 0x300], 0x40400
        nop
        CHECK [NMIS], 1, "NMI self IPI taken with EFLAGS.IF = 0"

        ; --- timer, periodic, divide by 16, initial count 6250: a period of 100,000 bus clocks,
        ; 1 ms at the board's 100 MHz bus; counted over 10 ms of PIT channel 2 ---
        mov dword [TICKS], 0
        mov dword [LAPIC + 0x3E0], 0x3     ; divide by 16
        mov dword [LAPIC + 0x320], 0x20040 ; periodic, vector 40h
        in al, 0x61
        and al, 0xFC                    ; channel 2 gate low, speaker off
        out 0x61, al
        mov al, 0xB0                    ; channel 2, lobyte/hibyte, mode 0
        out 0x43, al
        mov ax, 11932                   ; 10 ms at 1.193182 MHz
        out 0x42, al
        mov al, ah
        out 0x42, al
        in al, 0x61
        or al, 1                        ; gate high: counting starts
        out 0x61, al
        mov dword [LAPIC + 0x380], 6250
        sti
.pit:   in al, 0x61
        test al, 0x20                   ; OUT2: high at terminal count
        jz .pit
        cli
        mov eax, [TICKS]
        cmp eax, 9
        jb .few
        cmp eax, 11
        ja .few
        mov eax, 10
.few:   CHECK eax, 10, "APIC timer: 10 (+-1) periodic interrupts in 10 ms"
        mov eax, [LAPIC + 0x390]
        mov ecx, 200                    ; some bus clocks pass
        loop $
        mov ebx, [LAPIC + 0x390]
        cmp ebx, eax
        setb al
        movzx eax, al
        CHECK eax, 1, "current count decreases"
        mov dword [LAPIC + 0x320], 0x10040 ; mask
        mov dword [LAPIC + 0x380], 0       ; stop

        ; --- I/O APIC: version (3.2.2), then PIT IRQ0 on INTIN2, edge, vector 61h ---
        mov dword [IOAPIC], 1
        mov eax, [IOAPIC + 0x10]
        CHECK eax, 0x00170011, "I/O APIC version 11h, 24 redirection entries"
        mov dword [IOAPIC], 0x15
        mov dword [IOAPIC + 0x10], 0       ; entry 2 high: destination APIC ID 0
        mov dword [IOAPIC], 0x14
        mov dword [IOAPIC + 0x10], 0x61    ; fixed, physical, edge, high active, unmasked
        mov dword [IRQS], 0
        mov al, 0x34                    ; channel 0, lobyte/hibyte, mode 2
        out 0x43, al
        mov ax, 11932
        out 0x40, al
        mov al, ah
        out 0x40, al
        sti
.wait:  hlt
        cmp dword [IRQS], 3
        jb .wait
        cli
        CHECK [IRQS], 3, "PIT IRQ0 through I/O APIC INTIN2 at vector 61h"
        mov al, 0x0A
        out 0x20, al
        in al, 0x20
        and eax, 1
        CHECK eax, 1, "the masked 8259 saw IRQ0 too (IRR bit 0)"
        mov dword [IOAPIC], 0x14
        mov dword [IOAPIC + 0x10], 0x10061 ; mask again

        ; --- level-triggered: RTC IRQ8 (high until register C is read) on INTIN8, vector 62h.
        ; The first EOI comes with the line still high: remote IRR clears and the I/O APIC
        ; sends again (3.2.4); the second handler reads register C first. ---
        mov dword [RTCS], 0
        mov dword [IOAPIC], 0x21
        mov dword [IOAPIC + 0x10], 0
        mov dword [IOAPIC], 0x20
        mov dword [IOAPIC + 0x10], 0x8062  ; level, high active
        mov al, 0x0A
        out 0x70, al
        mov al, 0x26                    ; 32.768 kHz time base, 1024 Hz periodic rate
        out 0x71, al
        mov al, 0x0C
        out 0x70, al
        in al, 0x71                     ; clear pending flags
        mov al, 0x0B
        out 0x70, al
        mov al, 0x42                    ; PIE, 24-hour
        out 0x71, al
        sti
.rtc:   hlt
        cmp dword [RTCS], 2
        jb .rtc
        cli
        mov al, 0x0B
        out 0x70, al
        mov al, 0x02                    ; PIE off
        out 0x71, al
        mov al, 0x0C
        out 0x70, al
        in al, 0x71
        CHECK [RTCS], 2, "level IRQ8 re-sent after an EOI with the line still high"
        mov dword [IOAPIC], 0x20
        mov eax, [IOAPIC + 0x10]
        and eax, 1 << 14
        CHECK eax, 0, "remote IRR clear after the last EOI"
        mov eax, [LAPIC + 0x180 + 0x10 * 3]  ; TMR bits 60h-7Fh
        and eax, 1 << 2
        CHECK eax, 1 << 2, "TMR bit 62h set: accepted as level-triggered"
        mov dword [IOAPIC + 0x10], 0x18062 ; mask

        ; --- global disable (10.4.3): CPUID.APIC clears, the page is gone, the 8259 drives INTR ---
        mov ecx, 0x1B
        rdmsr
        and eax, ~0x800
        wrmsr
        mov eax, 1
        cpuid
        and edx, 0x200
        CHECK edx, 0, "CPUID.APIC reads 0 once IA32_APIC_BASE[11] is clear"
        mov eax, [LAPIC + 0x30]
        CHECK eax, 0xFFFFFFFF, "no APIC register page"
        mov dword [PICS], 0
        mov al, 0xFE                    ; unmask IRQ0 on the 8259
        out 0x21, al
        sti
.pic:   hlt
        cmp dword [PICS], 2
        jb .pic
        cli
        CHECK [PICS], 2, "PIT IRQ0 through the 8259 at vector 20h"
        CHECK [SPURIOUS], 0, "no spurious interrupts"
        jmp finish

; Handlers. Each logs its vector; h50 nests two self IPIs (60h, 51h) and logs E0h at its end.
h_log:
        push eax
        push ebx
        ; the vector in service is the highest ISR bit (ISR at 100h-170h, 32 vectors each)
        mov eax, 0x180
.find:  sub eax, 0x10
        cmp eax, 0x100
        jb .none
        cmp dword [LAPIC + eax], 0
        je .find
        bsr ebx, [LAPIC + eax]
        sub eax, 0x100
        shl eax, 1                      ; (offset / 10h) * 32
        add eax, ebx
        mov ebx, [LOGN]
        mov [LOG + ebx], al
        inc dword [LOGN]
.none:  mov dword [LAPIC + 0xB0], 0
        pop ebx
        pop eax
        iret

h_spurious:                             ; 10.9: no EOI for the spurious vector
        inc dword [SPURIOUS]
        iret

h50:
        push eax
        mov eax, [LOGN]
        mov byte [LOG + eax], 0x50
        inc dword [LOGN]
        mov dword [LAPIC + 0x300], 0x40051   ; same class: must wait
        mov dword [LAPIC + 0x300], 0x40060   ; higher class: nests when IF = 1
        sti
        nop
        nop
        cli
        mov eax, [LOGN]
        mov byte [LOG + eax], 0xE0
        inc dword [LOGN]
        mov dword [LAPIC + 0xB0], 0
        pop eax
        iret

h_timer:
        inc dword [TICKS]
        mov dword [LAPIC + 0xB0], 0
        iret

h_irq:
        inc dword [IRQS]
        mov dword [LAPIC + 0xB0], 0
        iret

h_rtc:
        push eax
        inc dword [RTCS]
        cmp dword [RTCS], 1
        je .eoi                         ; the first time the line stays high
        mov al, 0x0C
        out 0x70, al
        in al, 0x71                     ; acknowledge the RTC: IRQ8 goes low
.eoi:   mov dword [LAPIC + 0xB0], 0
        pop eax
        iret

h_pic:
        push eax
        inc dword [PICS]
        mov al, 0x20
        out 0x20, al
        pop eax
        iret

h_nmi:
        inc dword [NMIS]
        iret

%include "lib_end.inc"
