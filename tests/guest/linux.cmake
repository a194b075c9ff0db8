# Slow tier: Debian's i386 Linux 6.1 from the shared linux-hd.img (SYSLINUX, kernel, busybox
# initramfs). Its /init (../shared/guests/build-linux.sh) prints BOXWOOD-LINUX-OK and
# BOXWOOD-LINUX-POWEROFF on COM1, then runs `poweroff -f`, which must power the machine off
# through ACPI S5 (our BIOS's FADT/DSDT and the PIIX4 PM function): boxwood then exits 0, and
# the kernel has logged the RSDP it found and "reboot: Power down". If the power-off fails,
# /init prints BOXWOOD-LINUX-POWEROFF-FAILED and sleeps until the timeout (exit 3).
# About 3 G instructions (roughly 30-75 s wall). Skipped (77) when the image has not been built
# (`--target guest-images`).
if(BOXWOOD_SLOW_TESTS)
  add_test(NAME guest-shared-linux
    COMMAND sh -c "if [ ! -f \"$1\" ]; then echo \"SKIP: $1 not built (run: cmake --build <builddir> --target guest-images)\"; exit 77; fi; shift; exec \"$@\""
            sh ${BOXWOOD_GUESTS_DIR}/linux-hd.img
            sh ${CMAKE_CURRENT_LIST_DIR}/expect-poweroff.sh
            "BOXWOOD-LINUX-OK|BOXWOOD-LINUX-POWEROFF uptime|ACPI: RSDP 0x|ACPI: PM: Preparing to enter system sleep state S5|reboot: Power down"
            $<TARGET_FILE:boxwood> --headless --bios ${BOXWOOD_BIOS_ROM} --snapshot
            --serial stdio --debugcon none --timeout 300 --stats
            --hda ${BOXWOOD_GUESTS_DIR}/linux-hd.img)
  set_tests_properties(guest-shared-linux PROPERTIES
    LABELS "guest;slow" TIMEOUT 360 SKIP_RETURN_CODE 77
    FAIL_REGULAR_EXPRESSION "Kernel panic;BUG: ;Oops: ;POWEROFF-FAILED;ACPI BIOS Error;ACPI Error;ACPI BIOS Warning")
endif()
