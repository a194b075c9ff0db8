# Slow tier: Debian's i386 Linux 6.1 from the shared linux-hd.img (SYSLINUX, kernel, busybox
# initramfs) booted to its /init marker on COM1. About 2.9 G instructions (roughly 20-30 s wall
# at 100+ MIPS). Skipped (77) when the image has not been built (`--target guest-images`).
if(BOXWOOD_SLOW_TESTS)
  add_test(NAME guest-shared-linux
    COMMAND sh -c "if [ ! -f \"$1\" ]; then echo \"SKIP: $1 not built (run: cmake --build <builddir> --target guest-images)\"; exit 77; fi; shift; exec \"$@\""
            sh ${BOXWOOD_GUESTS_DIR}/linux-hd.img
            $<TARGET_FILE:boxwood> --headless --bios ${BOXWOOD_BIOS_ROM} --snapshot
            --serial stdio --debugcon none --timeout 300 --stats
            --hda ${BOXWOOD_GUESTS_DIR}/linux-hd.img --until BOXWOOD-LINUX-OK)
  set_tests_properties(guest-shared-linux PROPERTIES
    LABELS "guest;slow" TIMEOUT 360 SKIP_RETURN_CODE 77
    FAIL_REGULAR_EXPRESSION "Kernel panic;BUG: ;Oops: ")
endif()
