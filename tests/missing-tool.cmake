# A suite whose tool is missing fails, saying what to install, instead of
# dropping its tests without a word.
#
# Included: defines missing_tool_test(SUITE PROGRAM PACKAGE), which registers the
# test SUITE/needs-PROGRAM; ctest runs this file in script mode (-P) for it, and
# it fails with the message.
if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
  message(FATAL_ERROR "${SUITE} tests need ${PROGRAM}, which was not found when CMake "
          "configured this build, so they were not registered. Install it "
          "(apt-get install ${PACKAGE}; scripts/setup-deps.sh test installs every "
          "test tool) and configure again (./build.sh test does both).")
endif()

function(missing_tool_test suite program package)
  set(name ${suite}/needs-${program})
  if(NOT TEST ${name})
    add_test(NAME ${name}
             COMMAND ${CMAKE_COMMAND} -DSUITE=${suite} -DPROGRAM=${program} -DPACKAGE=${package}
                     -P ${CMAKE_SOURCE_DIR}/tests/missing-tool.cmake)
  endif()
endfunction()
