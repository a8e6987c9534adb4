# check_exports.cmake: the shared library exports exactly the public API.
# Run as: cmake -DLIBRARY=<libapp_core.so> -DHEADER=<app_core.h> [-DNM=<nm>] -P check_exports.cmake
# Fails unless (1) every defined dynamic symbol starts with app_core_ (apart from
# the linker's own bookkeeping symbols, listed by name below) and (2) every
# function declared APP_CORE_API in the header is among them.

cmake_minimum_required(VERSION 3.25) # script mode sets no policies otherwise (IN_LIST)

foreach(var LIBRARY HEADER)
  if(NOT DEFINED ${var} OR NOT EXISTS "${${var}}")
    message(FATAL_ERROR "check_exports: pass -D${var}=<existing file> (got '${${var}}')")
  endif()
endforeach()
if(NOT NM)
  find_program(NM NAMES nm REQUIRED)
endif()

# Symbols the GNU and LLVM linkers define in every shared object.
set(linker_symbols _init _fini _edata _end __bss_start _DYNAMIC _GLOBAL_OFFSET_TABLE_ __dso_handle)

execute_process(COMMAND "${NM}" -D --defined-only "${LIBRARY}"
                RESULT_VARIABLE nm_result OUTPUT_VARIABLE nm_output ERROR_VARIABLE nm_error)
if(NOT nm_result EQUAL 0)
  message(FATAL_ERROR "check_exports: ${NM} -D --defined-only ${LIBRARY} failed (${nm_result}): ${nm_error}")
endif()

# Lines are "<address> <type> <name>[@version]".
string(REPLACE "\n" ";" nm_lines "${nm_output}")
set(exported "")
set(problems "")
foreach(line IN LISTS nm_lines)
  if(line STREQUAL "")
    continue()
  endif()
  if(NOT line MATCHES "^[0-9a-fA-F]* *[A-Za-z] ([^ @]+)")
    message(FATAL_ERROR "check_exports: cannot parse nm line '${line}'")
  endif()
  set(symbol "${CMAKE_MATCH_1}")
  if(symbol IN_LIST linker_symbols)
    continue()
  endif()
  if(symbol MATCHES "^app_core_")
    list(APPEND exported "${symbol}")
  else()
    list(APPEND problems "exported without the app_core_ prefix: ${symbol}")
  endif()
endforeach()

# Declarations start a line: "APP_CORE_API <return type> <name>(", which
# clang-format may wrap after the return type (a plugin with a long name).
file(READ "${HEADER}" header_text)
string(REGEX MATCHALL "\nAPP_CORE_API[^;(]*[ *\n]([A-Za-z_][A-Za-z0-9_]*)\\(" declarations "\n${header_text}")
string(REGEX MATCHALL "\nAPP_CORE_API " starts "\n${header_text}")
set(declared "")
foreach(declaration IN LISTS declarations)
  string(REGEX MATCH "([A-Za-z_][A-Za-z0-9_]*)\\($" name "${declaration}")
  list(APPEND declared "${CMAKE_MATCH_1}")
endforeach()
list(LENGTH declared declared_count)
list(LENGTH starts start_count)
if(NOT declared_count EQUAL start_count)
  message(FATAL_ERROR "check_exports: ${start_count} lines start with APP_CORE_API in ${HEADER}, "
                      "but only ${declared_count} read as a function declaration")
endif()
if(declared_count EQUAL 0)
  message(FATAL_ERROR "check_exports: no APP_CORE_API declarations found in ${HEADER}")
endif()

foreach(function IN LISTS declared)
  if(NOT function IN_LIST exported)
    list(APPEND problems "declared APP_CORE_API in the header but not exported: ${function}")
  endif()
endforeach()

if(problems)
  list(JOIN problems "\n  " report)
  message(FATAL_ERROR "check_exports: ${LIBRARY}\n  ${report}")
endif()
list(LENGTH exported exported_count)
message(STATUS "check_exports: ${exported_count} app_core_ symbols exported, all ${declared_count} declared functions present")
