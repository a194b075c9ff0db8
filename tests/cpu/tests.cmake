# CPU tests: 64 KiB ROM images (tests/cpu/*.asm, assembled at build time) started at the reset
# vector by `boxwood --bios`. Each enters protected mode and exercises one mechanism, printing
# PASS/FAIL lines on port 0xE9 and a final "ALL PASS"; run.sh also checks boxwood's exit status
# (isa-debug-exit 0 -> 1, triple fault with --no-reboot -> 4). Quick tier.

set(BOXWOOD_CPU_TEST_SRC ${CMAKE_CURRENT_LIST_DIR})
set(BOXWOOD_CPU_TEST_DIR ${CMAKE_BINARY_DIR}/tests/cpu)

# source:cpu-model:expected-exit-status. The test is cpu.SOURCE on the p6 model and
# cpu.SOURCE.MODEL on the others (the mechanisms without CR4 also run on the 386); a model with
# --cpu features ("p6,+nx") is named with the comma dropped (cpu.nx.p6+nx).
set(BOXWOOD_CPU_TESTS
  seglimit:p6:1   seglimit:386:1
  gates:p6:1      gates:386:1
  tasks:p6:1      tasks:386:1
  v86:p6:1        v86:386:1
  iobitmap:p6:1   iobitmap:386:1
  paging:p6:1
  pae:p6:1
  nx:p6,+nx:1     nxoff:p6:1
  debugreg:p6:1   debugreg:pentium:1
  p6ops:p6:1      p6ops:486:1
  linuxboot:p6:1
  apic:p6:1
  rf:p6:1         rf:386:1
  alignment:p6:1  alignment:pentium:1
  vme:p6:1        vme:pentium:1
  ext:p6:1        ext:386:1
  ferr:p6:1       ferr:486:1
  stackfault:p6:1 stackfault:386:1
  ignne:p6:1      ignne:486:1
  repint:p6:1     repint:386:1
  repstep:p6:1    repstep:386:1
  doublefault:p6:4 doublefault:386:4)

set(_cpu_roms)
foreach(entry ${BOXWOOD_CPU_TESTS})
  string(REPLACE ":" ";" entry "${entry}")
  list(GET entry 0 src)
  list(GET entry 1 model)
  list(GET entry 2 status)
  set(rom ${BOXWOOD_CPU_TEST_DIR}/${src}.bin)
  if(NOT rom IN_LIST _cpu_roms)
    add_custom_command(OUTPUT ${rom}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${BOXWOOD_CPU_TEST_DIR}
      COMMAND ${NASM} -f bin -w-number-overflow -I ${BOXWOOD_CPU_TEST_SRC}/ -o ${rom}
              ${BOXWOOD_CPU_TEST_SRC}/${src}.asm
      DEPENDS ${BOXWOOD_CPU_TEST_SRC}/${src}.asm ${BOXWOOD_CPU_TEST_SRC}/lib.inc ${BOXWOOD_CPU_TEST_SRC}/pagefault.inc
              ${BOXWOOD_CPU_TEST_SRC}/lib_end.inc
      COMMENT "Assembling CPU test ROM ${src}.bin"
      VERBATIM)
    list(APPEND _cpu_roms ${rom})
  endif()
  set(name cpu.${src})
  if(NOT model STREQUAL "p6")
    string(REPLACE ",+" "+" tag ${model})
    set(name cpu.${src}.${tag})
  endif()
  add_test(NAME ${name}
    COMMAND sh ${BOXWOOD_CPU_TEST_SRC}/run.sh ${status} $<TARGET_FILE:boxwood> --headless --no-reboot
            --cpu ${model} --debugcon stdio --max-instructions 20000000 --timeout 60 --bios ${rom})
  set_tests_properties(${name} PROPERTIES LABELS "cpu;quick" TIMEOUT 90
    PASS_REGULAR_EXPRESSION "CPU-TEST-OK" FAIL_REGULAR_EXPRESSION "FAIL ;CPU-TEST-BAD")
endforeach()
add_custom_target(cpu_test_roms ALL DEPENDS ${_cpu_roms})
