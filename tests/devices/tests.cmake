# Every tests/devices/*_test.cpp is one Catch2 executable, registered as one CTest test.
file(GLOB BOXWOOD_DEVICE_TESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*_test.cpp)
foreach(src ${BOXWOOD_DEVICE_TESTS})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_compile_options(${name} PRIVATE ${BOXWOOD_WARNINGS})
  target_link_libraries(${name} PRIVATE boxwood_core boxwood_catch_main)
  add_test(NAME devices.${name} COMMAND ${name})
endforeach()
