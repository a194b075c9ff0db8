# `cmake --build build --target bench`: the speed benchmark (not a test; timings are noisy).
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/bench/intmix.img
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/bench
  COMMAND ${NASM} -f bin ${CMAKE_CURRENT_LIST_DIR}/intmix.asm -o ${CMAKE_BINARY_DIR}/bench/intmix.img
  DEPENDS ${CMAKE_CURRENT_LIST_DIR}/intmix.asm
  COMMENT "Assembling the integer-mix benchmark floppy")
add_custom_target(bench
  COMMAND ${CMAKE_CURRENT_LIST_DIR}/run-bench.sh $<TARGET_FILE:boxwood> ${CMAKE_BINARY_DIR}/bench/intmix.img
  DEPENDS boxwood roms ${CMAKE_BINARY_DIR}/bench/intmix.img
  USES_TERMINAL
  COMMENT "Benchmark: Boxwood against QEMU and Bochs where installed")
