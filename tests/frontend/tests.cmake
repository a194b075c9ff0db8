# Front-end tests: the `boxwood` command line, exit statuses and the headless run loop.
# Guest programs are tiny ROMs assembled from e9rom.asm and loaded with --bios, so these tests
# depend on neither the BIOS nor the disk controllers. All are in the quick tier.

set(BOXWOOD_FE_TEST_DIR "${CMAKE_CURRENT_LIST_DIR}")
set(BOXWOOD_FE_ROM_DIR "${CMAKE_CURRENT_BINARY_DIR}/frontend")

# e9rom.asm variants (see its header): EXIT, SPIN, TRIPLE, HALT, SERIAL.
set(BOXWOOD_FE_ROMS)
foreach(variant EXIT SPIN TRIPLE HALT SERIAL)
  string(TOLOWER ${variant} lower)
  set(rom "${BOXWOOD_FE_ROM_DIR}/e9rom-${lower}.bin")
  add_custom_command(OUTPUT ${rom}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${BOXWOOD_FE_ROM_DIR}
    COMMAND ${NASM} -f bin -D${variant} -o ${rom} ${BOXWOOD_FE_TEST_DIR}/e9rom.asm
    DEPENDS ${BOXWOOD_FE_TEST_DIR}/e9rom.asm
    COMMENT "Assembling front-end test ROM e9rom-${lower}.bin")
  list(APPEND BOXWOOD_FE_ROMS ${rom})
endforeach()
add_custom_target(frontend_test_roms ALL DEPENDS ${BOXWOOD_FE_ROMS})

# boxwood_fe_test(NAME STATUS [checks...] ARGS boxwood-arguments...)
function(boxwood_fe_test name status)
  cmake_parse_arguments(PARSE_ARGV 2 T "" "" "CHECKS;ARGS")
  add_test(NAME frontend.${name}
    COMMAND ${BOXWOOD_FE_TEST_DIR}/expect.sh ${status} ${T_CHECKS} -- $<TARGET_FILE:boxwood> ${T_ARGS})
  set_tests_properties(frontend.${name} PROPERTIES LABELS "frontend;quick" TIMEOUT 60)
endfunction()

set(ROM_EXIT "${BOXWOOD_FE_ROM_DIR}/e9rom-exit.bin")
set(ROM_SPIN "${BOXWOOD_FE_ROM_DIR}/e9rom-spin.bin")
set(ROM_TRIPLE "${BOXWOOD_FE_ROM_DIR}/e9rom-triple.bin")
set(ROM_HALT "${BOXWOOD_FE_ROM_DIR}/e9rom-halt.bin")
set(ROM_SERIAL "${BOXWOOD_FE_ROM_DIR}/e9rom-serial.bin")

# ---- command line ----
boxwood_fe_test(help 0 CHECKS --stdout-has "Usage: boxwood" --stdout-has "--max-instructions"
  --stdout-has "--no-reboot" --stdout-has "--until" --stderr-lines 0 ARGS --help)
boxwood_fe_test(version 0 CHECKS --stdout-has "boxwood 0.1" ARGS --version)
boxwood_fe_test(bad_option 2 CHECKS --stderr-has "unknown option '--frobnicate'" --stderr-lines 1
  ARGS --frobnicate)
boxwood_fe_test(missing_value 2 CHECKS --stderr-has "needs a value" --stderr-lines 1 ARGS --mem)
boxwood_fe_test(bad_mem 2 CHECKS --stderr-has "invalid --mem" --stderr-lines 1 ARGS --mem lots)
boxwood_fe_test(bad_cpu 2 CHECKS --stderr-has "unknown --cpu '68000'" --stderr-lines 1 ARGS --cpu 68000)
boxwood_fe_test(bad_boot 2 CHECKS --stderr-has "invalid --boot" --stderr-lines 1 ARGS --boot x)
boxwood_fe_test(missing_image 2
  CHECKS --stderr-has "cannot open 'no-such-disk.img': No such file or directory" --stderr-lines 1
  ARGS no-such-disk.img)
boxwood_fe_test(missing_fda 2 CHECKS --stderr-has "cannot open 'no-such-floppy.img'" --stderr-lines 1
  ARGS --bios ${ROM_EXIT} --fda no-such-floppy.img)
boxwood_fe_test(missing_bios 2 CHECKS --stderr-has "cannot open 'no-such-bios.bin'" --stderr-lines 1
  ARGS --bios no-such-bios.bin)
# A file that is not a valid BIOS (the assembly source): the Machine rejects it, exit 2.
boxwood_fe_test(bad_bios 2 CHECKS --stderr-has "BIOS image" --stderr-lines 1
  ARGS --bios ${BOXWOOD_FE_TEST_DIR}/e9rom.asm)
boxwood_fe_test(two_images 2 CHECKS --stderr-has "more than one IMAGE" --stderr-lines 1
  ARGS ${ROM_EXIT} ${ROM_SPIN})
boxwood_fe_test(unwritable_serial 2 CHECKS --stderr-has "for writing" --stderr-lines 1
  ARGS --bios ${ROM_EXIT} --serial /nonexistent-dir/serial.log)

# ---- running guests ----
boxwood_fe_test(debug_exit 99 CHECKS --stdout-has "BOXWOOD-ROM-OK" ARGS --headless --bios ${ROM_EXIT})
boxwood_fe_test(debug_exit_8086 99 CHECKS --stdout-has "BOXWOOD-ROM-OK"
  ARGS --headless --cpu 8086 --mem 1 --bios ${ROM_EXIT})
boxwood_fe_test(debugcon_none 99 CHECKS --stderr-lines 0 ARGS --headless --debugcon none --bios ${ROM_EXIT})
boxwood_fe_test(dump_screen 99 CHECKS --stdout-has "SCREEN-OK" ARGS --headless --dump-screen --bios ${ROM_EXIT})
boxwood_fe_test(until_debugcon 0 CHECKS --stdout-has "BOXWOOD-ROM-OK"
  ARGS --headless --until ROM-OK --timeout 30 --bios ${ROM_SPIN})
boxwood_fe_test(until_timeout 3 CHECKS --stderr-has "timeout after 0.5 s waiting for 'NEVER-PRINTED'"
  ARGS --headless --until NEVER-PRINTED --timeout 0.5 --bios ${ROM_SPIN})
boxwood_fe_test(timeout 3 CHECKS --stderr-has "timeout after" ARGS --headless --timeout 0.3 --bios ${ROM_SPIN})
boxwood_fe_test(max_instructions 0 CHECKS --stderr-has "stats: 100000 instructions" --stderr-lines 1
  ARGS --headless --max-instructions 100000 --stats --bios ${ROM_SPIN})
boxwood_fe_test(max_instructions_until 3 CHECKS --stderr-has "instruction limit reached before 'NEVER'"
  ARGS --headless --max-instructions 100000 --until NEVER --bios ${ROM_SPIN})
boxwood_fe_test(halted 0 CHECKS --stderr-has "halted with interrupts disabled" ARGS --headless --bios ${ROM_HALT})
boxwood_fe_test(no_reboot 4 CHECKS --stdout-has "R" --stderr-has "triple fault" --stderr-lines 1
  ARGS --headless --no-reboot --cpu 286 --timeout 30 --bios ${ROM_TRIPLE})
# COM1 output reaches stdout (the headless default) and is watched by --until.
boxwood_fe_test(serial_stdio 99 CHECKS --stdout-has "SERIAL-OK" ARGS --headless --timeout 30 --bios ${ROM_SERIAL})
boxwood_fe_test(until_serial 0 CHECKS --stdout-has "SERIAL-OK"
  ARGS --headless --debugcon none --until SERIAL-OK --timeout 30 --bios ${ROM_SERIAL})
boxwood_fe_test(serial_none 99 CHECKS --stderr-lines 0 ARGS --headless --serial none --bios ${ROM_SERIAL})
# Without --no-reboot a triple fault resets the machine, so the ROM starts (and prints) again.
boxwood_fe_test(triple_fault_reboots 0 CHECKS --stdout-has "RRR"
  ARGS --headless --until RRR --timeout 30 --bios ${ROM_TRIPLE})

# ---- option parsing (unit test of the front end's own sources, no machine) ----
add_executable(frontend_options_test ${BOXWOOD_FE_TEST_DIR}/options_test.cpp
  ${CMAKE_SOURCE_DIR}/frontend/options.cpp ${CMAKE_SOURCE_DIR}/frontend/image_kind.cpp
  ${CMAKE_SOURCE_DIR}/frontend/help_text.cpp)
target_compile_options(frontend_options_test PRIVATE ${BOXWOOD_WARNINGS})
target_link_libraries(frontend_options_test PRIVATE boxwood_core boxwood_catch_main)
add_test(NAME frontend.options COMMAND frontend_options_test)
set_tests_properties(frontend.options PROPERTIES LABELS "frontend;quick"
  WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})

# ---- the built-in firmware: with no image, the default floppy boots (needs roms/roms.cmake) ----
if(TARGET roms)
  # The marker may show on the text screen before COM1 has finished sending it, so only the
  # exit status (0 = seen somewhere) is checked.
  boxwood_fe_test(default_image 0
    ARGS --headless --debugcon none --until BOXWOOD-DEFAULT-OK --timeout 60)
endif()
include(${CMAKE_CURRENT_LIST_DIR}/png.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/debugger.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/window.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/pty.cmake)

# ---- the option lists of the parser, --help and README.md agree ----
add_test(NAME frontend.options_documented
  COMMAND ${BOXWOOD_FE_TEST_DIR}/options_doc_test.sh $<TARGET_FILE:boxwood> ${CMAKE_SOURCE_DIR}/README.md
          ${CMAKE_SOURCE_DIR}/frontend/options.cpp)
set_tests_properties(frontend.options_documented PROPERTIES LABELS "frontend;quick")

# ---- determinism: same image and inputs, same run byte for byte (--rtc fixes the one host input) ----
add_test(NAME frontend.deterministic_runs
  COMMAND ${BOXWOOD_FE_TEST_DIR}/deterministic.sh $<TARGET_FILE:boxwood> "2024-02-29 12:34:5" --
          --fda ${CMAKE_BINARY_DIR}/roms/boxwood-default.img --max-instructions 60000000)
set_tests_properties(frontend.deterministic_runs PROPERTIES LABELS "frontend;quick" TIMEOUT 120)

# ---- a guest that executes garbage: no crash, no hang, exit status per the README ----
set(ROM_GARBAGE "${BOXWOOD_FE_ROM_DIR}/garbage_rom.bin")
add_custom_command(OUTPUT ${ROM_GARBAGE}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${BOXWOOD_FE_ROM_DIR}
  COMMAND ${NASM} -f bin -o ${ROM_GARBAGE} ${BOXWOOD_FE_TEST_DIR}/garbage_rom.asm
  DEPENDS ${BOXWOOD_FE_TEST_DIR}/garbage_rom.asm
  COMMENT "Assembling front-end test ROM garbage_rom.bin")
add_custom_target(frontend_garbage_rom ALL DEPENDS ${ROM_GARBAGE})
add_test(NAME frontend.garbage_guest
  COMMAND ${BOXWOOD_FE_TEST_DIR}/garbage.sh $<TARGET_FILE:boxwood> ${ROM_GARBAGE} 1 2 3 4 5 6)
set_tests_properties(frontend.garbage_guest PROPERTIES LABELS "frontend;quick" TIMEOUT 300)

# ---- every byte the guest wrote to COM1 is in the --serial file at exit, on every exit path ----
set(BOXWOOD_SERIAL_FLUSH_ROMS)
foreach(variant "SLOW;EXIT" "SLOW;HALT" "SLOW;SPIN" "SLOW;TRIPLE" "SLOW;POWEROFF" "SLOW;E9DONE" "SLOW;PROMPT" "LINE")
  list(GET variant -1 last)
  string(TOLOWER ${last} lower)
  set(rom "${BOXWOOD_FE_ROM_DIR}/serial_flush-${lower}.bin")
  list(TRANSFORM variant PREPEND "-D" OUTPUT_VARIABLE defines)
  add_custom_command(OUTPUT ${rom}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${BOXWOOD_FE_ROM_DIR}
    COMMAND ${NASM} -f bin ${defines} -o ${rom} ${BOXWOOD_FE_TEST_DIR}/serial_flush_rom.asm
    DEPENDS ${BOXWOOD_FE_TEST_DIR}/serial_flush_rom.asm
    COMMENT "Assembling front-end test ROM serial_flush-${lower}.bin")
  list(APPEND BOXWOOD_SERIAL_FLUSH_ROMS ${rom})
endforeach()
add_custom_target(frontend_serial_flush_roms ALL DEPENDS ${BOXWOOD_SERIAL_FLUSH_ROMS})
add_test(NAME frontend.serial_flush
  COMMAND ${BOXWOOD_FE_TEST_DIR}/serial_flush_test.sh $<TARGET_FILE:boxwood> ${BOXWOOD_FE_ROM_DIR})
set_tests_properties(frontend.serial_flush PROPERTIES LABELS "frontend;quick" TIMEOUT 120)
