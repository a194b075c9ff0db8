# CPU conformance: the SingleStepTests single-instruction suites in ${BOXWOOD_SHARED_DIR}/conformance
# (see its README.md), run by boxwood-conformance.
#
# Quick tier: the first 50 tests of every opcode file. Slow tier (BOXWOOD_SLOW_TESTS): every test.
# A few opcodes may legitimately fail (8086 quirks a model does not copy), so each run passes
# when its pass rate reaches the target instead of requiring zero failures.
#
# The data lives outside the repository. When a suite directory is missing the runner prints
# "SKIPPED: ... not found" and exits 77, which CTest reports as skipped rather than passed.

set(BOXWOOD_CONFORMANCE_DIR "${BOXWOOD_SHARED_DIR}/conformance")
if(NOT IS_DIRECTORY "${BOXWOOD_CONFORMANCE_DIR}")
  message(STATUS "Conformance data not found at ${BOXWOOD_CONFORMANCE_DIR}: conformance tests will report SKIPPED")
endif()

# boxwood_conformance_suite(NAME SUBDIR CPU MIN_PASS_RATE [extra runner arguments...])
function(boxwood_conformance_suite name subdir cpu min_pass_rate)
  set(suite_dir "${BOXWOOD_CONFORMANCE_DIR}/${subdir}")
  set(common_args "${suite_dir}" --cpu ${cpu} --min-pass-rate ${min_pass_rate} --skip-missing ${ARGN})

  add_test(NAME conformance.${name}.quick COMMAND boxwood-conformance ${common_args} --limit 50)
  set_tests_properties(conformance.${name}.quick PROPERTIES
    LABELS "conformance;quick" SKIP_RETURN_CODE 77 TIMEOUT 300)

  if(BOXWOOD_SLOW_TESTS)
    add_test(NAME conformance.${name}.full COMMAND boxwood-conformance ${common_args})
    set_tests_properties(conformance.${name}.full PROPERTIES
      LABELS "conformance;slow" SKIP_RETURN_CODE 77 TIMEOUT 1800)
  endif()
endfunction()

boxwood_conformance_suite(8086 8086/v1 8086 99.5)
# MOVSB (A4), standing in for the missing A4.json.gz. It has no metadata.json of its own.
boxwood_conformance_suite(8086_movsb 8086/v1_binary 8086 99.5
  --metadata "${BOXWOOD_CONFORMANCE_DIR}/8086/v1/metadata.json")
boxwood_conformance_suite(286 80286/v1_real_mode 286 99)
