# Debugger console, --trace and GDB stub tests (frontend/debugger*.cpp, trace.cpp, gdb_stub.cpp),
# on the test ROM dbg_rom.asm. Included at the end of tests.cmake, whose boxwood_fe_test() and
# ROM variables these use.

# dbg_rom.bin: real mode, the default; dbg_pm.bin (-DPMODE): protected mode with paging.
set(ROM_DBG "${BOXWOOD_FE_ROM_DIR}/dbg_rom.bin")
set(ROM_DBG_PM "${BOXWOOD_FE_ROM_DIR}/dbg_pm.bin")
foreach(pair "${ROM_DBG}|-DREAL" "${ROM_DBG_PM}|-DPMODE")
  string(REPLACE "|" ";" pair "${pair}")
  list(GET pair 0 rom)
  list(GET pair 1 define)
  add_custom_command(OUTPUT ${rom}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${BOXWOOD_FE_ROM_DIR}
    COMMAND ${NASM} -f bin ${define} -o ${rom} ${BOXWOOD_FE_TEST_DIR}/dbg_rom.asm
    DEPENDS ${BOXWOOD_FE_TEST_DIR}/dbg_rom.asm
    COMMENT "Assembling the debugger test ROM ${rom}")
endforeach()
add_custom_target(debugger_test_roms ALL DEPENDS ${ROM_DBG} ${ROM_DBG_PM})

set(DBG_RUN --headless --serial none --debugcon none --timeout 60 --bios ${ROM_DBG})

# ---- the console, scripted: run control, breakpoints, watchpoints, registers, memory ----
boxwood_fe_test(debugger_script 99
  CHECKS
    --stdout-has "stopped before the first instruction"
    --stdout-has "f000:fff0  ea000000f0            ljmp 0xf000:0"
    --stdout-has "eax=00001234 ebx=00005678 ecx=00000000"
    --stdout-has "f000:0006  b9bc9a                mov cx, 0x9abc"
    --stdout-has "0x000f0200: 0xde 0xad 0xbe 0xef"
    --stdout-has "0x000f0200: 0xadde 0xefbe"
    --stdout-has "0x000f0202: 0xbe 0xef"
    --stdout-has "watchpoint 1: write at 0x00000500"
    --stdout-has "0x00000500: 0xbeef"
    --stdout-has "f000:001e  b042                  mov al, 0x42"
    --stdout-has "esi=00001111 edi=00000000"
    --stdout-has "POST code 0x42 written to port 0x80"
    --stdout-has "watchpoint 2: read at 0x00000500"
    --stdout-has "f000:0026  e9d700                jmp 0x100"
    --stdout-has "breakpoint 3 hit (f000:0100)"
    --stdout-has "eax=00000016 ebx=00007c00"
    --stdout-has "error: no breakpoint or watchpoint 9"
    --stdout-has "f000:0101  b90c00                mov cx, 0xc"
    --stdout-has "breakpoint 4 hit (0x000f0111)"
    --stdout-has "f000:0113  ea007c0000            ljmp 0:0x7c00"
    --stdout-has "esi=0000030c edi=00007c0c"
    --stdout-has "breakpoint 5 hit (0000:7c00)"
    --stdout-has "0000:7c03  a30405                mov word ptr [0x504], ax"
    --stdout-has "0x00007c00: 0xb8 0xfe 0xca 0xa3"
    --stdout-has "the run has ended (exit status 99)"
    --stdout-has "error: the run has ended"
  ARGS ${DBG_RUN} --debug-script ${BOXWOOD_FE_TEST_DIR}/debugger_basic.dbg)

# ---- the console's views of tables and chips, expressions and error messages ----
boxwood_fe_test(debugger_inspect 0
  CHECKS
    --stdout-has "breakpoint 1 hit (0x000f0100)"
    --stdout-has "master: irr=00 isr=00 imr=00"
    --stdout-has "counter 0: mode"
    --stdout-has "index=00 nmi="
    --stdout-has "IVT[0x01] 0000:0000"
    --stdout-has "paging is off (CR0.PG=0)"
    --stdout-has "linear 00012345 -> physical 00012345 (paging is off)"
    --stdout-has "cr0=60000010 pg CD NW"
    --stdout-has "cs   f000 base=000f0000 limit=0000ffff"
    --stdout-has "dr0=00000000"
    --stdout-has "st7 (r7)"
    --stdout-has "0x00000500: -16657 0 0"
    --stdout-has "0x000f0200: 11011110"
    --stdout-has "0x00000600: 0x11223344"
    --stdout-has "0x00000600: 0x44 0x33 0x22 0x11"
    --stdout-has "eax=00001242"
    --stdout-has "eip=00000101"
    --stdout-has "000f0101  b90c00                mov cx, 0xc"
    --stdout-has "error: info: unknown item 'nothing'"
    --stdout-has "error: unknown format letter 'q'"
    --stdout-has "error: unknown command 'frobnicate'"
    --stdout-has "error: missing value"
    --stdout-has "error: the count must be positive"
  ARGS ${DBG_RUN} --debug-script ${BOXWOOD_FE_TEST_DIR}/debugger_inspect.dbg)

# ---- protected mode with paging: tables, translations, 32-bit disassembly ----
boxwood_fe_test(debugger_pmode 0
  CHECKS
    --stdout-has "the guest halted with interrupts disabled"
    --stdout-has "eax=12345678"
    --stdout-has "protected mode, halted"
    --stdout-has "cr0=e0000011 PG"
    --stdout-has "cs   0008 base=00000000 limit=ffffffff access=9a D/B=1 G"
    --stdout-has "GDT[0008] 00cf9a000000ffff code32 er base=00000000 limit=ffffffff dpl=0 P"
    --stdout-has "00000000-003fffff -> 00000000-003fffff rw supervisor"
    --stdout-has "00400000-00400fff -> 00003000-00003fff ro user"
    --stdout-has "PDE at 00001004 = 00004027 P RW US A"
    --stdout-has "-> physical 00003123 (4 KiB page, read-only, user)"
    --stdout-has "not mapped: PDE not present"
    --stdout-has "0x00400000: 0x12345678"
    --stdout-has "0x00003000: 0x12345678"
    --stdout-has "<linear 0x00800000 is not mapped>"
    --stdout-has "0008:000f048e  f4                    hlt"
  ARGS --headless --serial none --debugcon none --timeout 60 --bios ${ROM_DBG_PM}
    --debug-script ${BOXWOOD_FE_TEST_DIR}/debugger_pmode.dbg)

# ---- options ----
boxwood_fe_test(debugger_missing_script 2 CHECKS --stderr-has "cannot open debugger script" --stderr-lines 1
  ARGS ${DBG_RUN} --debug-script no-such-script.dbg)
boxwood_fe_test(gdb_wait_alone 2 CHECKS --stderr-has "--gdb-wait needs --gdb PORT" --stderr-lines 1
  ARGS ${DBG_RUN} --gdb-wait)
boxwood_fe_test(gdb_and_debug 2 CHECKS --stderr-has "cannot be combined" --stderr-lines 1
  ARGS ${DBG_RUN} --gdb 12340 --debug)
boxwood_fe_test(gdb_bad_port 2 CHECKS --stderr-has "invalid --gdb 'x'" --stderr-lines 1 ARGS ${DBG_RUN} --gdb x)
# --timeout while --gdb-wait waits for a GDB that never comes: exit 3 (README, exit status).
boxwood_fe_test(gdb_wait_timeout 3 CHECKS --stderr-has "waiting for GDB on 127.0.0.1:12345"
  --stderr-has "timeout after 0.5 s" --stderr-lines 2
  ARGS --headless --serial none --debugcon none --timeout 0.5 --bios ${ROM_DBG} --gdb 12345 --gdb-wait)
boxwood_fe_test(trace_unwritable 2 CHECKS --stderr-has "cannot open trace file" --stderr-lines 1
  ARGS ${DBG_RUN} --trace /nonexistent-dir/trace.txt)

# ---- --trace and Ctrl-C ----
add_test(NAME frontend.trace_file
  COMMAND ${BOXWOOD_FE_TEST_DIR}/debugger_trace_test.sh $<TARGET_FILE:boxwood> ${ROM_DBG})
add_test(NAME frontend.debugger_sigint
  COMMAND ${BOXWOOD_FE_TEST_DIR}/debugger_sigint_test.sh $<TARGET_FILE:boxwood> ${ROM_SPIN})
set_tests_properties(frontend.trace_file frontend.debugger_sigint PROPERTIES LABELS "frontend;quick" TIMEOUT 60)

# ---- the GDB stub, driven by gdb (skipped without gdb; ports differ so the tests can run in parallel) ----
add_test(NAME frontend.gdb_rom
  COMMAND ${BOXWOOD_FE_TEST_DIR}/gdb_test.sh $<TARGET_FILE:boxwood> 12341 99 ${BOXWOOD_FE_TEST_DIR}/gdb_rom.gdb
    --expect "eip +0xfffffff0 "
    --expect "cs +0xf000 "
    --expect "eax +0x1234 "
    --expect "ebx +0x5678 "
    --expect "eip +0xf0006 "
    --expect "0xf0200:.0xde.0xad.0xbe.0xef"
    --expect "Hardware watchpoint 1: \\*\\(unsigned short \\*\\)0x500"
    --expect "New value = 48879"
    --expect "Breakpoint 2, 0x00007c00"
    --expect "edi +0x7c0c "
    --expect "eip +0x7c00 "
    --expect "0x7c00:.0xb8.0xfe.0xca.0xa3"
    --expect "= 0x60000010"
    --expect "= 0x4242"
    --expect "0x600:.0x5a"
    --expect "= 0xcafe"
    --expect "exited with code 0143"
    -- ${DBG_RUN})
# The hello boot sector of ../shared/guests, booted by our BIOS: GDB stops at 0000:7C00.
add_test(NAME frontend.gdb_hello
  COMMAND ${BOXWOOD_FE_TEST_DIR}/gdb_test.sh $<TARGET_FILE:boxwood> 12342 0 ${BOXWOOD_FE_TEST_DIR}/gdb_hello.gdb
    --needs ${CMAKE_BINARY_DIR}/guests/hello-fd.img
    --expect "Breakpoint 1, 0x00007c00"
    --expect "eip +0x7c00 "
    --expect "cs +0x0 "
    --expect "0x7c00:.0xea.0x05.0x7c.0x00"
    -- --headless --serial none --debugcon none --timeout 60 ${CMAKE_BINARY_DIR}/guests/hello-fd.img)
# Real mode with CS = F000h: GDB's PC, breakpoints and `x/i $pc` are linear addresses
# (CS * 16 + IP, SDM Vol. 3, 20.1.1); the offset is the extra register `ip`.
add_test(NAME frontend.gdb_realmode
  COMMAND ${BOXWOOD_FE_TEST_DIR}/gdb_test.sh $<TARGET_FILE:boxwood> 12343 99 ${BOXWOOD_FE_TEST_DIR}/gdb_realmode.gdb
    --expect "eip +0xfffffff0 "
    --expect "cs +0xf000 "
    --expect "ip +0xfff0 "
    --expect "0xfffffff0:.*ljmp +\\$0xf000,\\$0x0"
    --expect "Breakpoint 1, 0x000f0100"
    --expect "eip +0xf0100 "
    --expect "ip +0x100 "
    --expect "eax +0x1242 "
    --expect "0xf0100:.*inc +%ax"
    --expect "eip +0xf0101 "
    --expect "ip +0x101 "
    --expect "\\$1 = 0x100"
    --expect "\\$2 = 0x1244"
    --expect "\\$3 = 0xf0101"
    --expect "exited with code 0143"
    -- ${DBG_RUN})
# --timeout still ends the run (exit 3) while GDB holds the guest stopped; GDB then finds the
# connection closed.
add_test(NAME frontend.gdb_timeout
  COMMAND ${BOXWOOD_FE_TEST_DIR}/gdb_test.sh $<TARGET_FILE:boxwood> 12344 3 ${BOXWOOD_FE_TEST_DIR}/gdb_timeout.gdb
    --expect "eip +0xfffffff0 "
    --expect "[Rr]emote (connection closed|communication error)"
    -- --headless --serial none --debugcon none --timeout 1.5 --bios ${ROM_DBG})
set_tests_properties(frontend.gdb_rom frontend.gdb_hello frontend.gdb_realmode frontend.gdb_timeout PROPERTIES
  LABELS "frontend;quick" TIMEOUT 90 SKIP_RETURN_CODE 77)

# ---- `info` on the chip models (Device::debug_info); expected values from the datasheets ----
# After reset: PC16550D table IV (IER=00, IIR=01, FCR/LCR/MCR=00, LSR=60: THRE and TEMT);
# ATA-6 9.12 (a disk leaves the signature count=01, LBA 01 00 00, error=01 "passed", DRDY set);
# 82077AA section 5 (DOR=00 holds the controller in reset); 8237A master clear (command=00,
# all mask bits set); PS/2 reference (the keyboard starts in scan code set 2, nothing queued).
boxwood_fe_test(debugger_chips_reset 0
  CHECKS
    --stdout-has "com1:"
    --stdout-has "com2:"
    --stdout-has "IER=00 IIR=01 FCR=00 LCR=00 MCR=00 LSR=60"
    --stdout-has "base=3f8 irq=4"
    --stdout-has "base=2f8 irq=3"
    --stdout-has "primary channel (1f0/3f6, IRQ 14)"
    --stdout-has "master: ATA disk, 128 sectors"
    --stdout-has "status=50 DRDY DSC error=01"
    --stdout-has "sector count=01 LBA low=01 mid=00 high=00"
    --stdout-has "DOR=00 (drive 0, in reset"
    --stdout-has "DMA1: command=00"
    --stdout-has "mask=f"
    --stdout-has "queues: controller - | keyboard - | mouse -"
    --stdout-has "keyboard: scan code set 2"
    --stdout-has "VBE: id="
  ARGS --headless --serial none --debugcon none --timeout 60 --bios ${ROM_DBG} --hda ${ROM_EXIT} --snapshot
    --debug-script ${BOXWOOD_FE_TEST_DIR}/debugger_chips_reset.dbg)
# As the Boxwood BIOS leaves them: mode 3 as the IBM VGA Technical Reference tabulates it (misc
# 67h; sequencer 03 00 03 00, then 02 or 03 in memory mode: the font load leaves the reserved bit
# 0 set, as the IBM and LGPL VGA BIOSes do; CRTC 00-09; graphics 00-06; attribute 10-14), an identified disk
# ready (status 50h), and the 82077AA idle in the command phase (MSR 80h: RQM) after READ DATA
# ended normally (ST0 ST1 ST2 = 00 00 00: normal termination, drive 0, head 0).
if(TARGET roms)
  boxwood_fe_test(debugger_chips_boot 0
    CHECKS
      --stdout-has "POST code 0x0e written to port 0x80"
      --stdout-has "misc=67 (CRTC at 3Dx"
      --stdout-has "00-04: 03 00 03 00 0"
      --stdout-has "00-0b: 5f 4f 50 82 55 81 bf 1f 00 4f"
      --stdout-has "00-08: 00 00 00 00 00 10 0e"
      --stdout-has "attribute 10-14: 0c 00 0f 08 00"
      --stdout-has "mode: text 80x25, 9x16 character cells, 720x400"
      --stdout-has "VBE: id=b0c"
      --stdout-has "status=50 DRDY DSC"
      --stdout-has "breakpoint 1 hit (0000:7c00)"
      --stdout-has "MSR=80 RQM DIR"
      --stdout-has "last command: READ DATA"
      --stdout-has "result: 00 00 00 "
      --stdout-has "drive 0: cylinder=0 head=0 medium 1440K"
    ARGS --headless --serial none --debugcon none --timeout 60 --snapshot --boot a
      --fda ${CMAKE_BINARY_DIR}/roms/boxwood-default.img --hda ${ROM_EXIT}
      --debug-script ${BOXWOOD_FE_TEST_DIR}/debugger_chips_boot.dbg)
endif()

# ---- a breakpoint on a hardware interrupt handler's first instruction (dbg_rom.asm -DTIMER) ----
# The IRQ0 handler at F000:0800 is entered from HLT at F000:063B. Each `c` must stop there
# before the handler runs (the tick count at 0x510 is still the previous one), and so must an
# `s` during which the interrupt is taken. Expected frame: SDM Vol. 3, 6.4 (real-mode IVT
# dispatch pushes FLAGS, CS, IP) with IP past the HLT (SDM Vol. 2, HLT); FLAGS shows IF (0x0200)
# set before the dispatch cleared it.
set(ROM_DBG_TIMER "${BOXWOOD_FE_ROM_DIR}/dbg_timer.bin")
add_custom_command(OUTPUT ${ROM_DBG_TIMER}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${BOXWOOD_FE_ROM_DIR}
  COMMAND ${NASM} -f bin -DTIMER -o ${ROM_DBG_TIMER} ${BOXWOOD_FE_TEST_DIR}/dbg_rom.asm
  DEPENDS ${BOXWOOD_FE_TEST_DIR}/dbg_rom.asm
  COMMENT "Assembling the debugger test ROM ${ROM_DBG_TIMER}")
add_custom_target(debugger_timer_rom ALL DEPENDS ${ROM_DBG_TIMER})
boxwood_fe_test(debugger_irq_breakpoint 99
  CHECKS
    --stdout-has "breakpoint 1 hit (f000:0800)"
    --stdout-has "f000:0800  ff061005              inc word ptr [0x510]"
    --stdout-has "0x00006ffa: 0x063c 0xf000 0x0"
    --stdout-has "1: linear breakpoint 0x000f0800 (f000:0800), hit 2 time(s)"
    --stdout-has "breakpoint 2 hit (f000:063b)"
    --stdout-has "(the CPU is halted, waiting for an interrupt)"
    --stdout-has "breakpoint 3 hit (f000:0800)"
    --stdout-has "0x00000510: 0x0002"
    --stdout-has "3: linear breakpoint 0x000f0800 (f000:0800), hit 1 time(s)"
    --stdout-has "the run has ended (exit status 99)"
  ARGS --headless --serial none --debugcon none --timeout 60 --bios ${ROM_DBG_TIMER}
    --debug-script ${BOXWOOD_FE_TEST_DIR}/debugger_irq.dbg)

# ---- `s` steps a REP string instruction one iteration at a time; its breakpoint fires once ----
boxwood_fe_test(debugger_rep_step 99
  CHECKS
    --stdout-has "f000:0111  f3a4                  rep movsb"
    --stdout-has "eax=00001243 ebx=00005678 ecx=0000000b"
    --stdout-has "esi=00000301 edi=00007c01"
    --stdout-has "eax=00001243 ebx=00005678 ecx=0000000a"
    --stdout-has "esi=00000302 edi=00007c02"
    --stdout-has "eip=00000111 eflags=00010046"
    --stdout-has "breakpoint 2 at linear 0x000f0111"
    --stdout-has "breakpoint 3 hit (0000:7c00)"
    --stdout-has "esi=0000030c edi=00007c0c"
    --stdout-has "the run has ended (exit status 99)"
  ARGS ${DBG_RUN} --debug-script ${BOXWOOD_FE_TEST_DIR}/debugger_rep.dbg)
