; A 1.44 MB boot floppy for the window's floppy-swap hotkey test (window_hotkeys_test.sh),
; booted by the Boxwood BIOS. Messages go to the 0xE9 debug console.
;
; It clears the disk-change line with a read of cylinder 1 (a step pulse with a disk in the
; drive resets DSKCHG, 82077AA datasheet 5.1.7), checks with INT 13h AH=16h that the line is
; now clear (AH=00h, CF=0) and says SWAP-READY; then it polls AH=16h once per timer tick until
; it reports a change (AH=06h, CF=1; IBM PC AT BIOS "read DASD change line"), says DISK-CHANGED
; and reads the boot sector of the medium now in the drive, printing its label.
;
; nasm -f bin [-DLABEL_B] : LABEL_B builds the second image, labelled DISK-B instead of DISK-A.
bits 16
org 0x7C00

    jmp short start
    nop
label:
%ifdef LABEL_B
    db "DISK-B", 0
%else
    db "DISK-A", 0
%endif

start:
    cli
    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7C00
    sti
    mov bx, 0x8000                      ; cylinder 1, head 0, sector 1 of drive 0
    mov cx, 0x0101
    call read_sector
    jc fail
    mov ah, 0x16
    xor dl, dl
    int 0x13
    jc stuck
    mov si, msg_ready
    call print

poll:
    hlt                                 ; one timer tick
    mov ah, 0x16
    xor dl, dl
    int 0x13
    jnc poll
    mov si, msg_changed
    call print
    mov bx, 0x8000                      ; the new medium's boot sector
    mov cx, 0x0001
    call read_sector
    jc fail
    mov si, msg_medium
    call print
    mov si, 0x8000 + (label - $$)
    call print
    mov si, msg_eol
    call print
done:
    hlt
    jmp done

stuck:
    mov si, msg_stuck
    call print
    jmp done
fail:
    mov si, msg_fail
    call print
    jmp done

; read_sector: CX = cylinder/sector as for INT 13h AH=02h, head 0, drive 0, into ES:BX.
; Retries after a reset (the first access after a change may report it, AH=06h).
read_sector:
    mov di, 4
.try:
    mov ax, 0x0201
    xor dx, dx
    push bx
    push cx
    int 0x13
    pop cx
    pop bx
    jnc .ok
    xor ax, ax
    xor dx, dx
    int 0x13
    dec di
    jnz .try
    stc
.ok:
    ret

print:
    lodsb
    test al, al
    jz .end
    out 0xE9, al
    jmp print
.end:
    ret

msg_ready:   db "SWAP-READY", 10, 0
msg_changed: db "DISK-CHANGED", 10, 0
msg_medium:  db "MEDIUM: ", 0
msg_eol:     db 10, 0
msg_stuck:   db "CHANGE-LINE-STUCK", 10, 0
msg_fail:    db "READ-FAILED", 10, 0

    times 510 - ($ - $$) db 0
    dw 0xAA55
    times 1474560 - ($ - $$) db 0
