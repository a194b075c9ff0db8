# GDB stub test on dbg_rom.asm (tests/frontend/debugger.cmake). gdb_test.sh has already run
# `set architecture i8086` and `target remote`; boxwood waits at the reset vector F000:FFF0.
info registers eip cs
stepi 3
info registers eax ebx eip
x/4xb 0xf0200
watch *(unsigned short *)0x500
continue
delete
break *0x7c00
continue
info registers
x/4xb 0x7c00
p/x $cr0
set var $esi = 0x4242
p/x $esi
set var *(unsigned char *)0x600 = 0x5a
x/1xb 0x600
stepi
p/x $eax
continue
