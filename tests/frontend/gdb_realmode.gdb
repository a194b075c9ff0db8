# Real mode with CS != 0 (tests/frontend/debugger.cmake) on dbg_rom.asm: GDB's PC is the linear
# address CS*16 + IP (gdb_stub.h), so a breakpoint at a linear address is hit whatever CS is and
# `x/i $pc` shows the instruction there. boxwood waits at the reset vector F000:FFF0, whose CS
# base is FFFF0000h (SDM Vol. 3, 9.1.4), so the PC is FFFFFFF0h.
info registers eip cs ip
x/i $pc
break *0xf0100
continue
info registers eip cs ip eax
x/i $pc
stepi
info registers eip ip
# Writing the PC sets IP = PC - CS*16: back to F000:0100, so INC AX runs a second time.
set var $pc = 0xf0100
p/x $ip
stepi
p/x $eax
# Writing ip moves the PC with it.
set var $ip = 0x101
p/x $pc
delete
continue
