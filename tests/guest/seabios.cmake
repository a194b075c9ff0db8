# Third-party firmware on the 440FX board: Debian's SeaBIOS (package seabios) and the Bochs BIOS
# (packages bochsbios + vgabios) boot the shared hello and syslinux floppies to their COM1
# markers. Each test reports skipped (return code 77) with the reason when the firmware files or
# the images (cmake --build <builddir> --target guest-images) are missing.
# Included from tests/guest/tests.cmake, whose BOXWOOD_GUESTS_DIR it uses.

set(BOXWOOD_SEABIOS_DIR /usr/share/seabios CACHE PATH "Directory of bios.bin and vgabios-stdvga.bin (Debian: seabios)")
set(BOXWOOD_BOCHSBIOS /usr/share/bochs/BIOS-bochs-latest CACHE FILEPATH "Bochs BIOS image (Debian: bochsbios)")
set(BOXWOOD_BOCHS_VGABIOS /usr/share/vgabios/vgabios.bin CACHE FILEPATH "LGPL VGA BIOS for the Bochs BIOS (Debian: vgabios)")

# name, system BIOS, VGA BIOS, package hint
set(_fw_list
  "seabios|${BOXWOOD_SEABIOS_DIR}/bios.bin|${BOXWOOD_SEABIOS_DIR}/vgabios-stdvga.bin|apt-get install seabios"
  "bochsbios|${BOXWOOD_BOCHSBIOS}|${BOXWOOD_BOCHS_VGABIOS}|apt-get install bochsbios vgabios")
set(_fw_tests)
foreach(fw ${_fw_list})
  string(REPLACE "|" ";" fw "${fw}")
  list(GET fw 0 fw_name)
  list(GET fw 1 fw_bios)
  list(GET fw 2 fw_vga)
  list(GET fw 3 fw_hint)
  foreach(pair "hello-fd.img:BOXWOOD-HELLO-OK" "syslinux-fd.img:BOXWOOD-SYSLINUX-OK")
    string(REPLACE ":" ";" pair "${pair}")
    list(GET pair 0 img)
    list(GET pair 1 marker)
    string(REGEX REPLACE "-fd\\.img$" "" short "${img}")
    add_test(NAME guest-${fw_name}-${short}
      COMMAND sh -c "for f in \"$1\" \"$2\"; do [ -f \"$f\" ] || { echo \"SKIP: $f not installed ($3)\"; exit 77; }; done; [ -f \"$4\" ] || { echo \"SKIP: $4 not built (run: cmake --build <builddir> --target guest-images)\"; exit 77; }; shift 4; exec \"$@\""
              sh ${fw_bios} ${fw_vga} "${fw_hint}" ${BOXWOOD_GUESTS_DIR}/${img}
              $<TARGET_FILE:boxwood> --headless --bios ${fw_bios} --vgabios ${fw_vga} --snapshot --timeout 60
              --serial stdio --debugcon none --fda ${BOXWOOD_GUESTS_DIR}/${img} --until ${marker})
    list(APPEND _fw_tests guest-${fw_name}-${short})
  endforeach()
endforeach()
set_tests_properties(${_fw_tests} PROPERTIES LABELS "guest;firmware" TIMEOUT 90 SKIP_RETURN_CODE 77)
