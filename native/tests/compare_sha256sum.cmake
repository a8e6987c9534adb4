# compare_sha256sum.cmake: writes a pseudo-random file with HELPER, hashes it
# with HELPER and with the system sha256sum, and fails unless they agree.
# Inputs: -DHELPER=<sha256_file> -DWORK_FILE=<path> -DSIZE=<bytes>
foreach(var HELPER WORK_FILE SIZE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "${var} is not set")
  endif()
endforeach()
find_program(SHA256SUM sha256sum REQUIRED)

execute_process(COMMAND ${HELPER} write ${WORK_FILE} ${SIZE} RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "writing ${WORK_FILE} failed: ${result}")
endif()

execute_process(COMMAND ${HELPER} ${WORK_FILE} RESULT_VARIABLE result OUTPUT_VARIABLE ours
                OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "hashing ${WORK_FILE} failed: ${result}")
endif()

execute_process(COMMAND ${SHA256SUM} ${WORK_FILE} RESULT_VARIABLE result OUTPUT_VARIABLE theirs)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "sha256sum ${WORK_FILE} failed: ${result}")
endif()
string(SUBSTRING "${theirs}" 0 64 theirs)
file(REMOVE ${WORK_FILE})

if(NOT ours STREQUAL theirs)
  message(FATAL_ERROR "digest mismatch for ${SIZE} bytes:\n  app_core:  ${ours}\n  sha256sum: ${theirs}")
endif()
message(STATUS "${SIZE} bytes: ${ours} (matches sha256sum)")
