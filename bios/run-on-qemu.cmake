# Boot the firmware on qemu-system-ppc64 -M pseries with two CPUs and 512 MiB
# and check its summary line by line and that it powered the machine off.
execute_process(
  COMMAND ${QEMU} -M pseries -bios ${FW} -nographic -nodefaults -serial stdio -m 512 -smp 2
  TIMEOUT 100
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err)
message("${out}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "qemu exited with ${rc}: ${err}")
endif()
foreach(expect
    "ppc64-lite firmware [0-9]"
    "CPUs: +2 x PowerPC,POWER[0-9]+, timebase 512 MHz"
    "Memory: +512 MiB"
    "Bootargs: +\\(none\\)"
    "VIO: +vty@71000000 \\(hvterm1\\)"
    "RTAS: +[1-9][0-9]* services"
    "PCI: +pci@800000020000000"
    "powering off")
  if(NOT out MATCHES "${expect}")
    message(FATAL_ERROR "firmware output lacks /${expect}/")
  endif()
endforeach()
