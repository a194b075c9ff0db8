# --serial pty (frontend/serial_link.cpp): COM1 on a pseudo-terminal. Included at the end of
# tests.cmake, whose boxwood_fe_test() and ROM variables these use.

# e9rom.asm with SERIAL and ECHO: greets on COM1, echoes what it receives, exits 99 on 'q'.
set(ROM_SERIAL_ECHO "${BOXWOOD_FE_ROM_DIR}/e9rom-serial-echo.bin")
add_custom_command(OUTPUT ${ROM_SERIAL_ECHO}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${BOXWOOD_FE_ROM_DIR}
  COMMAND ${NASM} -f bin -DSERIAL -DECHO -o ${ROM_SERIAL_ECHO} ${BOXWOOD_FE_TEST_DIR}/e9rom.asm
  DEPENDS ${BOXWOOD_FE_TEST_DIR}/e9rom.asm
  COMMENT "Assembling front-end test ROM e9rom-serial-echo.bin")
add_custom_target(frontend_pty_rom ALL DEPENDS ${ROM_SERIAL_ECHO})

add_test(NAME frontend.serial_pty
  COMMAND ${BOXWOOD_FE_TEST_DIR}/pty_test.sh $<TARGET_FILE:boxwood> ${ROM_SERIAL_ECHO})
set_tests_properties(frontend.serial_pty PROPERTIES LABELS "frontend;quick" TIMEOUT 60 SKIP_RETURN_CODE 77)

# Usage errors stay one line: only COM1 can be a terminal, and a run that never starts (here a
# bad BIOS) names no terminal.
boxwood_fe_test(debugcon_pty 2 CHECKS --stderr-has "only --serial (COM1) can use a pseudo-terminal"
  --stderr-lines 1 ARGS --headless --debugcon pty --bios ${ROM_SERIAL})
boxwood_fe_test(serial_empty 2 CHECKS --stderr-has "--serial needs stdio, none, pty or a FILE"
  --stderr-lines 1 ARGS --headless --serial= --bios ${ROM_SERIAL})
boxwood_fe_test(serial_pty_bad_bios 2 CHECKS --stderr-has "BIOS image" --stderr-lines 1
  ARGS --headless --serial pty --bios ${BOXWOOD_FE_TEST_DIR}/e9rom.asm)
