# romsum.cmake -- assemble an option ROM whose bytes must sum to zero (IBM PC/AT Technical
# Reference, "Adapter ROM"; PCI Local Bus Specification 2.2 section 6.3.1). The source leaves
# its last byte as ROM_CHECKSUM (0 by default): a first pass measures the sum, a second pass
# assembles the image again with -DROM_CHECKSUM set to the byte that makes the total zero.
#   cmake -DNASM=nasm -DSRC=file.asm -DINC1=dir1/ [-DINC2=dir2/] -DOUT=out.bin [-DLST=out.lst] -P romsum.cmake
set(_inc)
foreach(d IN ITEMS ${INC1} ${INC2})
  list(APPEND _inc -I${d})
endforeach()
execute_process(COMMAND ${NASM} -f bin ${_inc} -o ${OUT}.pass1 ${SRC} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "nasm failed on ${SRC}")
endif()
file(READ ${OUT}.pass1 hex HEX)
file(REMOVE ${OUT}.pass1)
string(REGEX MATCHALL ".." bytes "${hex}")
set(sum 0)
foreach(b IN LISTS bytes)
  math(EXPR sum "(${sum} + 0x${b}) & 255")
endforeach()
math(EXPR ck "(256 - ${sum}) & 255")
set(_lst)
if(LST)
  set(_lst -l ${LST})
endif()
execute_process(COMMAND ${NASM} -f bin ${_inc} -DROM_CHECKSUM=${ck} ${_lst} -o ${OUT} ${SRC} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "nasm failed on ${SRC} (second pass)")
endif()
