# A test runner for "run this, check what it printed" tests, used in place of
# ctest's PASS_REGULAR_EXPRESSION (which ignores the exit status):
#   cmake -DCMD=<program;args...> [-DINPUT=<text for stdin>] -DEXPECT=<regex>
#         [-DTIMEOUT=<seconds>] -P run-check.cmake
# Passes when CMD exits 0 and its stdout+stderr match EXPECT.
if(NOT CMD OR NOT DEFINED EXPECT)
  message(FATAL_ERROR "run-check.cmake needs -DCMD and -DEXPECT")
endif()
if(NOT TIMEOUT)
  set(TIMEOUT 60)
endif()
set(input /dev/null)
if(DEFINED INPUT)
  string(RANDOM LENGTH 12 tag)
  set(input ${CMAKE_CURRENT_BINARY_DIR}/run-check-${tag}.in)
  file(WRITE ${input} "${INPUT}")
endif()
execute_process(COMMAND ${CMD} INPUT_FILE ${input} TIMEOUT ${TIMEOUT}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(DEFINED INPUT)
  file(REMOVE ${input})
endif()
message("${out}")
if(NOT rc STREQUAL "0")
  message(FATAL_ERROR "exit status ${rc} (expected 0)")
endif()
if(NOT out MATCHES "${EXPECT}")
  message(FATAL_ERROR "the output does not match /${EXPECT}/")
endif()
