# Run ppc64-lite -M pseries,dumpdtb=OUT [EXTRA...], then dtc on OUT: exit 0 and no
# warnings, and the text of the tree holds every string of EXPECT (both ;-lists).
file(REMOVE ${OUT})
if(NOT DEFINED EXPECT)
  set(EXPECT "device_type = \"chrp\"" "PowerPC,POWER8@1" "linux,rtas-base" "vty@71000000")
endif()
execute_process(
  COMMAND ${EMU} -M pseries,dumpdtb=${OUT} -m 1G -smp 2 -nographic ${EXTRA}
  TIMEOUT 30 RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "ppc64-lite dumpdtb exited with ${rc}: ${out}${err}")
endif()
if(NOT EXISTS ${OUT})
  message(FATAL_ERROR "dumpdtb wrote no file")
endif()
execute_process(
  COMMAND ${DTC} -I dtb -O dts ${OUT}
  RESULT_VARIABLE rc OUTPUT_VARIABLE dts ERROR_VARIABLE warnings)
if(NOT rc EQUAL 0 OR NOT warnings STREQUAL "")
  message(FATAL_ERROR "dtc failed or warned (${rc}):\n${warnings}")
endif()
foreach(expect ${EXPECT})
  string(FIND "${dts}" "${expect}" pos)
  if(pos EQUAL -1)
    message(FATAL_ERROR "the dumped tree lacks ${expect}")
  endif()
endforeach()
