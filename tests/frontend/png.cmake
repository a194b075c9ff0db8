# The screenshot PNG writer (frontend/png_writer.cpp), checked against the PNG specification.
# Include from tests/frontend/tests.cmake:  include(${CMAKE_CURRENT_LIST_DIR}/png.cmake)
add_executable(png_test ${CMAKE_CURRENT_LIST_DIR}/png_test.cpp ${CMAKE_SOURCE_DIR}/frontend/png_writer.cpp)
target_include_directories(png_test PRIVATE ${CMAKE_SOURCE_DIR})
target_compile_options(png_test PRIVATE ${BOXWOOD_WARNINGS})
target_link_libraries(png_test PRIVATE ZLIB::ZLIB boxwood_catch_main)
add_test(NAME frontend.png_test COMMAND png_test)
set_tests_properties(frontend.png_test PROPERTIES LABELS "frontend;quick")
