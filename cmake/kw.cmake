# kw_module(NAME DEPS ...): a static library kw_NAME from every .c file in the calling
# directory, with src/ on the include path. One line per module keeps CMake out of the way
# when a file is added. A directory without sources yet gives an interface library.
function(kw_module name)
  cmake_parse_arguments(KW "" "" "DEPS" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.c)
  if(srcs)
    add_library(kw_${name} STATIC ${srcs})
    target_include_directories(kw_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(kw_${name} PUBLIC ${KW_DEPS})
  else()
    add_library(kw_${name} INTERFACE)
    target_include_directories(kw_${name} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(kw_${name} INTERFACE ${KW_DEPS})
  endif()
endfunction()
