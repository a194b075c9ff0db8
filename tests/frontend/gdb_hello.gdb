# GDB stub test on the hello floppy (tests/frontend/debugger.cmake): the BIOS loads the boot
# sector at 0000:7C00; its first instruction is jmp 0000:7C05 (EA 05 7C 00 00).
break *0x7c00
continue
info registers
x/4xb 0x7c00
