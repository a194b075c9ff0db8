; smbios.asm -- the SMBIOS 2.x tables (DMTF DSP0134 2.4): the entry point "_SM_" on a 16-byte
; boundary in F0000h-FFFFFh whose 1Fh bytes sum to 0, "_DMI_" at offset 10h whose 0Fh bytes
; sum to 0 (section 3.2.1), a structure table at the given address holding the given number of
; structures in the given length, each formatted area followed by strings ending in a double 0,
; type 0 first and type 127 last; type 19's ending address = (RAM size in KiB) - 1, where the
; RAM size is the end of the highest INT 15h E820h range that is memory (ACPI 2.0, 14: type 1
; AddressRangeMemory, 3 AddressRangeACPI, 4 AddressRangeNVS are all RAM the OS may see).
%define TEST_NAME "smbios"
%include "testlib.inc"

test_main:
        push word 0xF000
        pop es
        xor di, di
.find:  cmp dword [es:di], "_SM_"
        je .found
        add di, 16
        jnz .find
        xor ax, ax
        cmp ax, 1
        CHECK_Z "_SM_ entry point found in F0000h-FFFFFh"
        ret
.found: mov ax, di
        cmp ax, ax
        CHECK_Z "_SM_ entry point found in F0000h-FFFFFh (ax = offset)"
        movzx cx, byte [es:di + 5]
        mov ax, cx
        cmp ax, 0x1F
        CHECK_Z "entry point length 1Fh"
        xor al, al
        mov si, di
.s1:    add al, [es:si]
        inc si
        loop .s1
        xor ah, ah
        cmp al, 0
        CHECK_Z "entry point checksum: 1Fh bytes sum to 0"
        cmp dword [es:di + 0x10], "_DMI"
        CHECK_Z "intermediate anchor _DMI_ at offset 10h"
        xor al, al
        mov si, di
        add si, 0x10
        mov cx, 0x0F
.s2:    add al, [es:si]
        inc si
        loop .s2
        xor ah, ah
        cmp al, 0
        CHECK_Z "intermediate checksum: 0Fh bytes sum to 0"
        mov ax, [es:di + 6]
        cmp ax, 0x0402
        CHECK_Z "SMBIOS version 2.4 (major 2 at 06h, minor 4 at 07h)"
        mov ax, [es:di + 0x16]
        mov [tlen], ax
        mov eax, [es:di + 0x18]
        mov [taddr], eax
        mov ax, [es:di + 0x1C]
        mov [tcount], ax
        mov ax, [es:di + 8]
        mov [tmax], ax
        ; walk the table (below 1 MiB: segment = address / 16)
        mov eax, [taddr]
        shr eax, 4
        mov es, ax
        mov di, [taddr]
        and di, 0x0F
        mov [tstart], di
        xor bx, bx                      ; structures seen
        mov byte [bad], 0
.walk:  mov al, [es:di]
        cmp bx, 0
        jne .nf
        cmp al, 0
        je .nf
        mov byte [bad], 1               ; first is not type 0
.nf:    cmp al, 19
        jne .n19
        mov eax, [es:di + 8]
        mov [end19], eax
.n19:   mov [lasttype], al
        push di
        movzx cx, byte [es:di + 1]
        add di, cx                      ; strings
.str:   cmp word [es:di], 0
        je .eos
        inc di
        jmp .str
.eos:   add di, 2
        pop ax
        mov cx, di
        sub cx, ax                      ; structure size with strings
        cmp cx, [tmax]
        jbe .szok
        mov byte [bad], 2
.szok:  inc bx
        cmp byte [lasttype], 127
        je .end
        cmp bx, 64
        jb .walk
.end:   mov ax, bx
        cmp ax, [tcount]
        CHECK_Z "number of structures as in the entry point"
        mov ax, di
        sub ax, [tstart]
        cmp ax, [tlen]
        CHECK_Z "structure table length as in the entry point"
        movzx ax, byte [lasttype]
        cmp ax, 127
        CHECK_Z "last structure is type 127"
        movzx ax, byte [bad]
        cmp ax, 0
        CHECK_Z "type 0 first, no structure above the maximum size"
        push ds
        pop es
        xor ebx, ebx
        mov dword [ramend], 0
.e820:  mov eax, 0xE820
        mov edx, 0x534D4150
        mov ecx, 20
        mov di, e820buf
        int 0x15
        jc .e820d
        mov eax, [e820buf + 16]
        cmp eax, 1
        je .ram
        cmp eax, 3
        jb .enext
        cmp eax, 4
        ja .enext
.ram:   cmp dword [e820buf + 4], 0
        jne .enext
        mov eax, [e820buf]
        add eax, [e820buf + 8]
        cmp eax, [ramend]
        jbe .enext
        mov [ramend], eax
.enext: test ebx, ebx
        jnz .e820
.e820d: mov eax, [ramend]
        shr eax, 10
        dec eax                         ; KiB, ending address is inclusive
        cmp eax, [end19]
        CHECK_Z "type 19 ending address = RAM KiB - 1 (end of E820 memory types 1/3/4)"
        ret

ramend: dd 0
e820buf: times 20 db 0

tlen:   dw 0
tcount: dw 0
tmax:   dw 0
tstart: dw 0
taddr:  dd 0
end19:  dd 0
lasttype: db 0
bad:    db 0

%include "testlib-end.inc"
