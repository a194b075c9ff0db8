# Guest code assembled at build time: the system BIOS and the built-in default boot disk.
# Included from the top-level CMakeLists.txt (which has already found NASM as ${NASM}).
# Outputs go to ${CMAKE_BINARY_DIR}/roms, the directory compiled into the front end as
# BOXWOOD_ROM_DIR.

set(BOXWOOD_ROM_OUT ${CMAKE_BINARY_DIR}/roms)
file(GLOB BOXWOOD_BIOS_SOURCES CONFIGURE_DEPENDS
  ${CMAKE_SOURCE_DIR}/bios/*.asm ${CMAKE_SOURCE_DIR}/bios/*.inc)
list(FILTER BOXWOOD_BIOS_SOURCES EXCLUDE REGEX ".*/default-disk\\.asm$")

add_custom_command(
  OUTPUT ${BOXWOOD_ROM_OUT}/boxwood-bios.bin
  COMMAND ${CMAKE_COMMAND} -E make_directory ${BOXWOOD_ROM_OUT}
  COMMAND ${NASM} -f bin -I ${CMAKE_SOURCE_DIR}/bios/
          -l ${BOXWOOD_ROM_OUT}/boxwood-bios.lst
          -o ${BOXWOOD_ROM_OUT}/boxwood-bios.bin
          ${CMAKE_SOURCE_DIR}/bios/boxwood-bios.asm
  DEPENDS ${BOXWOOD_BIOS_SOURCES}
  COMMENT "Assembling the Boxwood BIOS (roms/boxwood-bios.bin)"
  VERBATIM)

# The default disk: a 1.44 MB floppy image (the assembler pads it to 1474560 bytes).
add_custom_command(
  OUTPUT ${BOXWOOD_ROM_OUT}/boxwood-default.img
  COMMAND ${CMAKE_COMMAND} -E make_directory ${BOXWOOD_ROM_OUT}
  COMMAND ${NASM} -f bin -I ${CMAKE_SOURCE_DIR}/bios/
          -o ${BOXWOOD_ROM_OUT}/boxwood-default.img
          ${CMAKE_SOURCE_DIR}/bios/default-disk.asm
  DEPENDS ${CMAKE_SOURCE_DIR}/bios/default-disk.asm
  COMMENT "Assembling the default boot floppy (roms/boxwood-default.img)"
  VERBATIM)

# The VGA BIOS option ROM (bios/vgabios/, includes defs.inc, font8x16.inc and textmode.inc from
# bios/). Its bytes must sum to zero: roms/romsum.cmake assembles it twice to set the checksum
# byte.
file(GLOB BOXWOOD_VGABIOS_SOURCES CONFIGURE_DEPENDS
  ${CMAKE_SOURCE_DIR}/bios/vgabios/*.asm ${CMAKE_SOURCE_DIR}/bios/vgabios/*.inc)
add_custom_command(
  OUTPUT ${BOXWOOD_ROM_OUT}/boxwood-vgabios.bin
  COMMAND ${CMAKE_COMMAND} -E make_directory ${BOXWOOD_ROM_OUT}
  COMMAND ${CMAKE_COMMAND} -DNASM=${NASM} -DSRC=${CMAKE_SOURCE_DIR}/bios/vgabios/vgabios.asm
          -DINC1=${CMAKE_SOURCE_DIR}/bios/ -DINC2=${CMAKE_SOURCE_DIR}/bios/vgabios/
          -DOUT=${BOXWOOD_ROM_OUT}/boxwood-vgabios.bin -DLST=${BOXWOOD_ROM_OUT}/boxwood-vgabios.lst
          -P ${CMAKE_SOURCE_DIR}/roms/romsum.cmake
  DEPENDS ${BOXWOOD_VGABIOS_SOURCES} ${CMAKE_SOURCE_DIR}/bios/defs.inc
          ${CMAKE_SOURCE_DIR}/bios/font8x16.inc ${CMAKE_SOURCE_DIR}/bios/textmode.inc
          ${CMAKE_SOURCE_DIR}/roms/romsum.cmake
  COMMENT "Assembling the Boxwood VGA BIOS (roms/boxwood-vgabios.bin)"
  VERBATIM)

add_custom_target(roms ALL
  DEPENDS ${BOXWOOD_ROM_OUT}/boxwood-bios.bin ${BOXWOOD_ROM_OUT}/boxwood-default.img
          ${BOXWOOD_ROM_OUT}/boxwood-vgabios.bin)
