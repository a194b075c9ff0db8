# Guest tests: boot sectors (tests/guest/*.asm) assembled at build time, booted by `boxwood`
# with the Boxwood BIOS; they report PASS/FAIL lines on port 0xE9 and end with
# BOXWOOD-TEST-OK (the --until marker) or BOXWOOD-TEST-FAILED (and a port 0xF4 debug exit).
# Also: the built-in default disk, the shared guest images (hello, syslinux; skipped when not
# built: `cmake --build . --target guest-images`), and, when qemu-system-i386 is installed,
# the same BIOS + guests in QEMU as a reference PC (label "qemu").

set(BOXWOOD_GUEST_TEST_DIR ${CMAKE_BINARY_DIR}/tests/guest)
set(BOXWOOD_BIOS_ROM ${CMAKE_BINARY_DIR}/roms/boxwood-bios.bin)
set(BOXWOOD_DEFAULT_IMG ${CMAKE_BINARY_DIR}/roms/boxwood-default.img)
set(BOXWOOD_GUESTS_DIR ${CMAKE_BINARY_DIR}/guests)

# name, extra nasm flags
set(BOXWOOD_GUEST_TESTS e820 disk video timer keyboard int15 smbios acpi pciinit)
# Boxwood only: QEMU's floppy controller does not carry out FORMAT TRACK through DMA
set(BOXWOOD_GUEST_TESTS_BW fdformat)
# tests of the VGA BIOS (booted with --vgabios ${BOXWOOD_VGA_ROM})
set(BOXWOOD_VGA_TESTS vbe vgamodes)
set(BOXWOOD_VGA_ROM ${CMAKE_BINARY_DIR}/roms/boxwood-vgabios.bin)
set(_guest_lib ${CMAKE_CURRENT_LIST_DIR}/testlib.inc ${CMAKE_CURRENT_LIST_DIR}/testlib-end.inc)
set(_guest_imgs)
# boxwood_guest_image(IMAGE SOURCE [NASM DEFINES...]): assembles tests/guest/SOURCE.asm into
# IMAGE.img with the given -D flags.
function(boxwood_guest_image image source)
  set(defines)
  foreach(d ${ARGN})
    list(APPEND defines -D${d})
  endforeach()
  add_custom_command(
    OUTPUT ${BOXWOOD_GUEST_TEST_DIR}/${image}.img
    COMMAND ${CMAKE_COMMAND} -E make_directory ${BOXWOOD_GUEST_TEST_DIR}
    COMMAND ${NASM} -f bin ${defines} -I ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/
            -o ${BOXWOOD_GUEST_TEST_DIR}/${image}.img ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/${source}.asm
    DEPENDS ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/${source}.asm ${_guest_lib}
    COMMENT "Assembling guest test ${image}.img"
    VERBATIM)
  set(_guest_imgs ${_guest_imgs} ${BOXWOOD_GUEST_TEST_DIR}/${image}.img PARENT_SCOPE)
endfunction()
foreach(t ${BOXWOOD_GUEST_TESTS} ${BOXWOOD_GUEST_TESTS_BW} ${BOXWOOD_VGA_TESTS})
  boxwood_guest_image(${t} ${t})
endforeach()
# the disk test again as an 8/16/63 hard disk image
boxwood_guest_image(disk-hd disk HD)
# the video test for SeaBIOS's VGA BIOS: without the check where SeaVGABIOS differs from IBM's
# BIOS (the fill attribute of a teletype scroll)
boxwood_guest_image(video-seavgabios video SEAVGABIOS)
# the acpi test again, ending with an ACPI S5 (soft-off) write that must power the machine off
boxwood_guest_image(acpi-s5 acpi POWEROFF PM_RATE)
# El Torito: the eltorito test as a no-emulation boot image (17 virtual sectors) and as a
# 1.44 MB floppy image, each put on an ISO 9660 image by xorriso (Debian package xorriso);
# without xorriso the tests report skipped.
find_program(BOXWOOD_XORRISO xorriso)
set(_et_dir ${BOXWOOD_GUEST_TEST_DIR}/eltorito)
if(BOXWOOD_XORRISO)
  add_custom_command(
    OUTPUT ${BOXWOOD_GUEST_TEST_DIR}/eltorito-noemul.iso ${BOXWOOD_GUEST_TEST_DIR}/eltorito-fd.iso
    COMMAND ${CMAKE_COMMAND} -E make_directory ${_et_dir}/noemul ${_et_dir}/fd
    COMMAND ${NASM} -f bin -I ${CMAKE_CURRENT_LIST_DIR}/
            -o ${_et_dir}/noemul/boot.img ${CMAKE_CURRENT_LIST_DIR}/eltorito.asm
    COMMAND ${NASM} -f bin -DFLOPPY -I ${CMAKE_CURRENT_LIST_DIR}/
            -o ${_et_dir}/fd/fd.img ${CMAKE_CURRENT_LIST_DIR}/eltorito.asm
    COMMAND ${BOXWOOD_XORRISO} -as mkisofs -quiet -o ${BOXWOOD_GUEST_TEST_DIR}/eltorito-noemul.iso
            -b boot.img -no-emul-boot -boot-load-size 17 ${_et_dir}/noemul
    COMMAND ${BOXWOOD_XORRISO} -as mkisofs -quiet -o ${BOXWOOD_GUEST_TEST_DIR}/eltorito-fd.iso
            -b fd.img ${_et_dir}/fd
    DEPENDS ${CMAKE_CURRENT_LIST_DIR}/eltorito.asm ${_guest_lib}
    COMMENT "Building the El Torito test ISOs"
    VERBATIM)
  # hard-disk emulation (boot media type 4): a 20/4/16 hard-disk image with one partition
  add_custom_command(
    OUTPUT ${BOXWOOD_GUEST_TEST_DIR}/eltorito-hd.iso
    COMMAND ${CMAKE_COMMAND} -E make_directory ${_et_dir}/hd
    COMMAND ${NASM} -f bin -I ${CMAKE_CURRENT_LIST_DIR}/
            -o ${_et_dir}/hd/hd.img ${CMAKE_CURRENT_LIST_DIR}/eltorito-hd.asm
    COMMAND ${BOXWOOD_XORRISO} -as mkisofs -quiet -o ${BOXWOOD_GUEST_TEST_DIR}/eltorito-hd.iso
            -b hd.img -hard-disk-boot ${_et_dir}/hd
    DEPENDS ${CMAKE_CURRENT_LIST_DIR}/eltorito-hd.asm ${_guest_lib}
    COMMENT "Building the El Torito hard-disk emulation test ISO"
    VERBATIM)
  list(APPEND _guest_imgs ${BOXWOOD_GUEST_TEST_DIR}/eltorito-noemul.iso ${BOXWOOD_GUEST_TEST_DIR}/eltorito-fd.iso
       ${BOXWOOD_GUEST_TEST_DIR}/eltorito-hd.iso)
endif()
add_custom_target(guest-tests ALL DEPENDS ${_guest_imgs})

# The shared real-software images (hello, syslinux, memtest, linux) -- needs network and root.
# Building the images needs network access (apt-get download) and Debian's syslinux tools; when
# that fails the target says so and succeeds, and the tests that need the images report skipped.
add_custom_target(guest-images
  COMMAND ${CMAKE_COMMAND} -E make_directory ${BOXWOOD_GUESTS_DIR}
  COMMAND sh -c "if [ ! -x \"$1/guests/build-all.sh\" ]; then echo \"guest images: $1/guests not found; image tests will be skipped\"; exit 0; fi; [ -f \"$2/SHA256SUMS\" ] && exit 0; \"$1/guests/build-all.sh\" \"$2\" || echo \"guest images could not be built; image tests will be skipped\""
          sh ${BOXWOOD_SHARED_DIR} ${BOXWOOD_GUESTS_DIR}
  COMMENT "Building the shared guest images into ${BOXWOOD_GUESTS_DIR}"
  USES_TERMINAL VERBATIM)

# Headless boxwood sends COM1 and port 0xE9 both to stdout; keep one stream so lines do not
# interleave: our tests write everything to 0xE9, the shared images write their marker to COM1.
set(_bw_base $<TARGET_FILE:boxwood> --headless --bios ${BOXWOOD_BIOS_ROM} --snapshot --timeout 60)
set(_bw_run ${_bw_base} --serial none --debugcon stdio)
set(_bw_run_com1 ${_bw_base} --serial stdio --debugcon none)

# ---- Boxwood ----
add_test(NAME guest-default-disk
  COMMAND ${_bw_run} --fda ${BOXWOOD_DEFAULT_IMG} --until BOXWOOD-DEFAULT-OK)
foreach(t ${BOXWOOD_GUEST_TESTS} ${BOXWOOD_GUEST_TESTS_BW})
  add_test(NAME guest-${t}
    COMMAND ${_bw_run} --fda ${BOXWOOD_GUEST_TEST_DIR}/${t}.img --until BOXWOOD-TEST-OK)
endforeach()
add_test(NAME guest-disk-hd
  COMMAND ${_bw_run} --hda ${BOXWOOD_GUEST_TEST_DIR}/disk-hd.img --boot c --until BOXWOOD-TEST-OK)
foreach(t ${BOXWOOD_VGA_TESTS})
  add_test(NAME guest-${t}
    COMMAND ${_bw_run} --vgabios ${BOXWOOD_VGA_ROM} --fda ${BOXWOOD_GUEST_TEST_DIR}/${t}.img --until BOXWOOD-TEST-OK)
endforeach()
# the text-mode video test again under our VGA BIOS (the fallback INT 10h is used above)
add_test(NAME guest-video-vgabios
  COMMAND ${_bw_run} --vgabios ${BOXWOOD_VGA_ROM} --fda ${BOXWOOD_GUEST_TEST_DIR}/video.img --until BOXWOOD-TEST-OK)
# ACPI S5: no --until; boxwood exits 0 on power-off (README, exit status)
set(_bw_base_noto $<TARGET_FILE:boxwood> --headless --bios ${BOXWOOD_BIOS_ROM} --snapshot)
add_test(NAME guest-acpi-s5
  COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/expect-poweroff.sh "writing SLP_TYPa | SLP_EN"
          ${_bw_base_noto} --timeout 60 --serial none --debugcon stdio
          --fda ${BOXWOOD_GUEST_TEST_DIR}/acpi-s5.img)
# the acpi test on the 8259-only machine: no MADT and no MP floating pointer
add_test(NAME guest-acpi-noapic
  COMMAND ${_bw_run} --no-apic --fda ${BOXWOOD_GUEST_TEST_DIR}/acpi.img --until BOXWOOD-TEST-OK)
set(_bw_guest_tests guest-default-disk guest-disk-hd guest-video-vgabios guest-acpi-s5 guest-acpi-noapic)
foreach(t ${BOXWOOD_GUEST_TESTS} ${BOXWOOD_GUEST_TESTS_BW} ${BOXWOOD_VGA_TESTS})
  list(APPEND _bw_guest_tests guest-${t})
endforeach()
set(_skip_if_missing sh ${CMAKE_CURRENT_LIST_DIR}/skip-if-missing.sh)
# El Torito (skipped without xorriso)
foreach(pair "eltorito-noemul" "eltorito-fd")
  add_test(NAME guest-${pair}
    COMMAND ${_skip_if_missing} ${BOXWOOD_GUEST_TEST_DIR}/${pair}.iso
            ${_bw_run} --cdrom ${BOXWOOD_GUEST_TEST_DIR}/${pair}.iso --boot d --until BOXWOOD-TEST-OK)
  list(APPEND _bw_guest_tests guest-${pair})
endforeach()
# hard-disk emulation, with a real hard disk that must move up to 81h
add_test(NAME guest-eltorito-hd
  COMMAND ${_skip_if_missing} ${BOXWOOD_GUEST_TEST_DIR}/eltorito-hd.iso
          ${_bw_run} --cdrom ${BOXWOOD_GUEST_TEST_DIR}/eltorito-hd.iso
          --hda ${BOXWOOD_GUEST_TEST_DIR}/disk-hd.img --boot d --until BOXWOOD-TEST-OK)
list(APPEND _bw_guest_tests guest-eltorito-hd)
# the system BIOS with SeaBIOS's VGA BIOS (Debian package seabios), skipped when not installed
add_test(NAME guest-video-seavgabios
  COMMAND ${_skip_if_missing} /usr/share/seabios/vgabios-stdvga.bin
          ${_bw_run} --vgabios /usr/share/seabios/vgabios-stdvga.bin
          --fda ${BOXWOOD_GUEST_TEST_DIR}/video-seavgabios.img --until BOXWOOD-TEST-OK)
list(APPEND _bw_guest_tests guest-video-seavgabios)
set_tests_properties(${_bw_guest_tests} PROPERTIES
  LABELS "guest" TIMEOUT 90 FAIL_REGULAR_EXPRESSION "FAIL ;BOXWOOD-TEST-FAILED" SKIP_RETURN_CODE 77)
# memtest86+ from its ISO (El Torito floppy emulation) up to its VGA text "Status: Testing"
add_test(NAME guest-shared-memtest-cd
  COMMAND ${_skip_if_missing} ${BOXWOOD_GUESTS_DIR}/memtest.iso
          $<TARGET_FILE:boxwood> --headless --bios ${BOXWOOD_BIOS_ROM} --vgabios ${BOXWOOD_VGA_ROM}
          --snapshot --timeout 120 --serial none --debugcon none
          --cdrom ${BOXWOOD_GUESTS_DIR}/memtest.iso --boot d --until "Status: Testing")
set_tests_properties(guest-shared-memtest-cd PROPERTIES LABELS "guest" TIMEOUT 150 SKIP_RETURN_CODE 77)

# shared images: skip (return code 77) with a message when they were not built
foreach(pair "hello-fd.img:BOXWOOD-HELLO-OK" "syslinux-fd.img:BOXWOOD-SYSLINUX-OK")
  string(REPLACE ":" ";" pair "${pair}")
  list(GET pair 0 img)
  list(GET pair 1 marker)
  string(REGEX REPLACE "-fd\\.img$" "" short "${img}")
  add_test(NAME guest-shared-${short}
    COMMAND sh -c "if [ ! -f \"$1\" ]; then echo \"SKIP: $1 not built (run: cmake --build <builddir> --target guest-images)\"; exit 77; fi; shift; exec \"$@\""
            sh ${BOXWOOD_GUESTS_DIR}/${img} ${_bw_run_com1} --fda ${BOXWOOD_GUESTS_DIR}/${img} --until ${marker})
  set_tests_properties(guest-shared-${short} PROPERTIES
    LABELS "guest" TIMEOUT 90 SKIP_RETURN_CODE 77)
endforeach()

# ---- QEMU as a reference PC for the BIOS itself (only when QEMU is installed) ----
find_program(BOXWOOD_QEMU qemu-system-i386)
if(BOXWOOD_QEMU)
  set(_q sh ${CMAKE_CURRENT_LIST_DIR}/run-qemu.sh ${BOXWOOD_QEMU} ${BOXWOOD_BIOS_ROM})
  add_test(NAME bios-qemu-default-disk COMMAND ${_q} ${BOXWOOD_DEFAULT_IMG} fda BOXWOOD-DEFAULT-OK 30)
  foreach(t ${BOXWOOD_GUEST_TESTS})
    add_test(NAME bios-qemu-${t} COMMAND ${_q} ${BOXWOOD_GUEST_TEST_DIR}/${t}.img fda BOXWOOD-TEST-OK 30)
  endforeach()
  add_test(NAME bios-qemu-disk-hd COMMAND ${_q} ${BOXWOOD_GUEST_TEST_DIR}/disk-hd.img hda BOXWOOD-TEST-OK 30)
  set(_q_tests bios-qemu-default-disk bios-qemu-disk-hd)
  foreach(t ${BOXWOOD_GUEST_TESTS})
    list(APPEND _q_tests bios-qemu-${t})
  endforeach()
  # our VGA BIOS at C0000h under our BIOS, and as the PCI VGA's ROM under QEMU's SeaBIOS
  foreach(t ${BOXWOOD_VGA_TESTS})
    add_test(NAME bios-qemu-${t} COMMAND ${_q} ${BOXWOOD_GUEST_TEST_DIR}/${t}.img fda BOXWOOD-TEST-OK 30 ${BOXWOOD_VGA_ROM})
    add_test(NAME vgabios-qemu-seabios-${t}
      COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/run-qemu.sh ${BOXWOOD_QEMU} seabios
              ${BOXWOOD_GUEST_TEST_DIR}/${t}.img fda BOXWOOD-TEST-OK 30 ${BOXWOOD_VGA_ROM})
    list(APPEND _q_tests bios-qemu-${t} vgabios-qemu-seabios-${t})
  endforeach()
  # the text-mode video test under our VGA BIOS too (bios-qemu-video has no VGA ROM: the
  # system BIOS's INT 10h), so QEMU checks both users of bios/textmode.inc
  add_test(NAME bios-qemu-video-vgabios
    COMMAND ${_q} ${BOXWOOD_GUEST_TEST_DIR}/video.img fda BOXWOOD-TEST-OK 30 ${BOXWOOD_VGA_ROM})
  list(APPEND _q_tests bios-qemu-video-vgabios)
  foreach(pair "eltorito-noemul" "eltorito-fd")
    add_test(NAME bios-qemu-${pair}
      COMMAND ${_skip_if_missing} ${BOXWOOD_GUEST_TEST_DIR}/${pair}.iso
              ${_q} ${BOXWOOD_GUEST_TEST_DIR}/${pair}.iso cdrom BOXWOOD-TEST-OK 30)
    list(APPEND _q_tests bios-qemu-${pair})
  endforeach()
  foreach(pair "hello-fd.img:BOXWOOD-HELLO-OK" "syslinux-fd.img:BOXWOOD-SYSLINUX-OK")
    string(REPLACE ":" ";" pair "${pair}")
    list(GET pair 0 img)
    list(GET pair 1 marker)
    string(REGEX REPLACE "-fd\\.img$" "" short "${img}")
    add_test(NAME bios-qemu-shared-${short}
      COMMAND sh -c "if [ ! -f \"$1\" ]; then echo \"SKIP: $1 not built (run: cmake --build <builddir> --target guest-images)\"; exit 77; fi; shift; exec \"$@\""
              sh ${BOXWOOD_GUESTS_DIR}/${img} ${_q} ${BOXWOOD_GUESTS_DIR}/${img} fda ${marker} 30)
    list(APPEND _q_tests bios-qemu-shared-${short})
  endforeach()
  set_tests_properties(${_q_tests} PROPERTIES LABELS "qemu" TIMEOUT 60 SKIP_RETURN_CODE 77)
endif()

# Third-party firmware (SeaBIOS, Bochs BIOS) on the 440FX board.
include(${CMAKE_CURRENT_LIST_DIR}/seabios.cmake)

# Slow tier: the shared Linux image booted to its /init marker.
include(${CMAKE_CURRENT_LIST_DIR}/linux.cmake)
