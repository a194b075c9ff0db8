# Screenshots, scripted keys, configuration files and the desktop window (frontend/screenshot,
# send_keys, config_file, sdl_*). Included from tests/frontend/tests.cmake, which defines
# BOXWOOD_FE_TEST_DIR, BOXWOOD_FE_ROM_DIR and boxwood_fe_test().

# A ROM that loads its own glyph into VGA plane 2 and shows it in two cells (see its header).
set(SHOT_ROM "${BOXWOOD_FE_ROM_DIR}/shot-rom.bin")
add_custom_command(OUTPUT ${SHOT_ROM}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${BOXWOOD_FE_ROM_DIR}
  COMMAND ${NASM} -f bin -o ${SHOT_ROM} ${BOXWOOD_FE_TEST_DIR}/shot_rom.asm
  DEPENDS ${BOXWOOD_FE_TEST_DIR}/shot_rom.asm
  COMMENT "Assembling front-end test ROM shot-rom.bin")
add_custom_target(frontend_shot_rom ALL DEPENDS ${SHOT_ROM})

add_executable(screenshot_check ${BOXWOOD_FE_TEST_DIR}/screenshot_check.cpp)
target_compile_options(screenshot_check PRIVATE ${BOXWOOD_WARNINGS})
target_link_libraries(screenshot_check PRIVATE ZLIB::ZLIB)

function(boxwood_shot_test name status mode source)
  add_test(NAME frontend.${name}
    COMMAND ${BOXWOOD_FE_TEST_DIR}/screenshot_run.sh ${status} $<TARGET_FILE:screenshot_check> ${mode} ${source}
            -- $<TARGET_FILE:boxwood> ${ARGN})
  set_tests_properties(frontend.${name} PROPERTIES LABELS "frontend;quick" TIMEOUT 60)
endfunction()

# ---- --screenshot ----
boxwood_shot_test(screenshot_rom 99 rom ${BOXWOOD_FE_TEST_DIR}/shot_rom.asm --headless --bios ${SHOT_ROM})
boxwood_fe_test(screenshot_bad_path 2 CHECKS --stderr-has "cannot open screenshot file" --stderr-lines 1
  ARGS --headless --bios ${SHOT_ROM} --screenshot /nonexistent-dir/shot.png)
if(TARGET roms)
  # The BIOS's font (bios/font8x16.inc) on every text cell of the default disk's screen.
  boxwood_shot_test(screenshot_default 0 text ${CMAKE_SOURCE_DIR}/bios/font8x16.inc
    --headless --serial none --debugcon none --until BOXWOOD-DEFAULT-OK --timeout 60)
endif()

# ---- --send-keys ----
add_executable(frontend_keys_test ${BOXWOOD_FE_TEST_DIR}/keys_test.cpp ${CMAKE_SOURCE_DIR}/frontend/send_keys.cpp
  ${CMAKE_SOURCE_DIR}/frontend/text_screen.cpp)
target_compile_options(frontend_keys_test PRIVATE ${BOXWOOD_WARNINGS})
target_link_libraries(frontend_keys_test PRIVATE boxwood_core boxwood_catch_main)
add_test(NAME frontend.keys_parse COMMAND frontend_keys_test)
set_tests_properties(frontend.keys_parse PROPERTIES LABELS "frontend;quick")
boxwood_fe_test(keys_bad_spec 2 CHECKS --stderr-has "unknown key 'bogus'" --stderr-lines 1
  ARGS --headless --bios ${SHOT_ROM} --send-keys "{bogus}")
if(TARGET roms)
  # The default disk echoes each key it reads with INT 16h on COM1: scan code and ASCII.
  boxwood_fe_test(keys_default 0
    CHECKS --stdout-has "Key: scan 1Eh ASCII 61h 'a'" --stdout-has "Key: scan 2Ch ASCII 5Ah 'Z'"
           --stdout-has "Key: scan 3Bh ASCII 00" --stdout-has "Key: scan 48h ASCII 00"
    ARGS --headless --debugcon none --send-keys "{wait-text:BOXWOOD-DEFAULT-OK}aZ{f1}{up}\\n"
         --until "Key: scan 1Ch" --timeout 60)
endif()

# ---- --config ----
add_executable(frontend_config_test ${BOXWOOD_FE_TEST_DIR}/config_test.cpp
  ${CMAKE_SOURCE_DIR}/frontend/config_file.cpp ${CMAKE_SOURCE_DIR}/frontend/options.cpp
  ${CMAKE_SOURCE_DIR}/frontend/image_kind.cpp ${CMAKE_SOURCE_DIR}/frontend/help_text.cpp)
target_compile_options(frontend_config_test PRIVATE ${BOXWOOD_WARNINGS})
target_link_libraries(frontend_config_test PRIVATE boxwood_core boxwood_catch_main nlohmann_json::nlohmann_json)
add_test(NAME frontend.config_parse COMMAND frontend_config_test)
set_tests_properties(frontend.config_parse PROPERTIES LABELS "frontend;quick"
  WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/config-shot.json
  "{\"headless\": true, \"bios\": \"${SHOT_ROM}\", \"mem\": 4}\n")
boxwood_shot_test(config_run 99 rom ${BOXWOOD_FE_TEST_DIR}/shot_rom.asm --config ${CMAKE_CURRENT_BINARY_DIR}/config-shot.json)
boxwood_fe_test(config_bad_key 2 CHECKS --stderr-has "unknown key 'frob'" --stderr-lines 1
  ARGS --config ${BOXWOOD_FE_TEST_DIR}/config_bad.json)

# ---- the desktop window (slow tier: needs Xvfb and ImageMagick; skipped with 77 without) ----
if(BOXWOOD_SLOW_TESTS)
  find_program(XVFB_RUN xvfb-run)
  if(XVFB_RUN)
    add_test(NAME frontend.window_xvfb
      COMMAND ${BOXWOOD_FE_TEST_DIR}/window_test.sh $<TARGET_FILE:boxwood> $<TARGET_FILE:screenshot_check>
              ${CMAKE_BINARY_DIR}/guests/hello-fd.img)
    set_tests_properties(frontend.window_xvfb PROPERTIES LABELS "frontend;slow" TIMEOUT 180 SKIP_RETURN_CODE 77)
  endif()
endif()

# ---- --realtime pacing on a fake clock (frontend/realtime_pacer.cpp) ----
add_executable(frontend_realtime_test ${BOXWOOD_FE_TEST_DIR}/realtime_test.cpp ${CMAKE_SOURCE_DIR}/frontend/realtime_pacer.cpp)
target_compile_options(frontend_realtime_test PRIVATE ${BOXWOOD_WARNINGS})
target_include_directories(frontend_realtime_test PRIVATE ${CMAKE_SOURCE_DIR})
target_link_libraries(frontend_realtime_test PRIVATE boxwood_catch_main)
add_test(NAME frontend.realtime_pacing COMMAND frontend_realtime_test)
set_tests_properties(frontend.realtime_pacing PROPERTIES LABELS "frontend;quick")

# ---- the window's hotkeys under Xvfb, driven by xdotool (slow tier; skipped without the tools) ----
# swap_fd.asm: a boot floppy that polls the disk-change line; the -DLABEL_B image is swapped in.
set(SWAP_FD_A "${BOXWOOD_FE_ROM_DIR}/swap-a.img")
set(SWAP_FD_B "${BOXWOOD_FE_ROM_DIR}/swap-b.img")
foreach(pair "${SWAP_FD_A}|-DLABEL_A" "${SWAP_FD_B}|-DLABEL_B")
  string(REPLACE "|" ";" pair "${pair}")
  list(GET pair 0 img)
  list(GET pair 1 define)
  add_custom_command(OUTPUT ${img}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${BOXWOOD_FE_ROM_DIR}
    COMMAND ${NASM} -f bin ${define} -o ${img} ${BOXWOOD_FE_TEST_DIR}/swap_fd.asm
    DEPENDS ${BOXWOOD_FE_TEST_DIR}/swap_fd.asm
    COMMENT "Assembling the floppy-swap test image ${img}")
endforeach()
set(MOUSE_FD "${BOXWOOD_FE_ROM_DIR}/mouse.img")
add_custom_command(OUTPUT ${MOUSE_FD}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${BOXWOOD_FE_ROM_DIR}
  COMMAND ${NASM} -f bin -o ${MOUSE_FD} ${BOXWOOD_FE_TEST_DIR}/mouse_fd.asm
  DEPENDS ${BOXWOOD_FE_TEST_DIR}/mouse_fd.asm
  COMMENT "Assembling the mouse test image ${MOUSE_FD}")
add_custom_target(frontend_swap_images ALL DEPENDS ${SWAP_FD_A} ${SWAP_FD_B} ${MOUSE_FD})
if(BOXWOOD_SLOW_TESTS AND TARGET roms)
  foreach(case grab_pause screenshot reset floppy_swap fullscreen typing mouse debugger)
    add_test(NAME frontend.window_hotkey_${case}
      COMMAND ${BOXWOOD_FE_TEST_DIR}/window_hotkeys_test.sh ${case} $<TARGET_FILE:boxwood>
              $<TARGET_FILE:screenshot_check> ${CMAKE_SOURCE_DIR}/bios/font8x16.inc ${SWAP_FD_A} ${SWAP_FD_B} ${MOUSE_FD})
    set_tests_properties(frontend.window_hotkey_${case} PROPERTIES LABELS "frontend;slow" TIMEOUT 180
      SKIP_RETURN_CODE 77 RESOURCE_LOCK boxwood_xvfb)
  endforeach()
endif()
