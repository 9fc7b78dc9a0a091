/*
 * A bare PowerPCCPU for instruction tests: 64 KiB of RAM at real address 0
 * (MSR[DR]=0, RMA = the RAM, so anything beyond takes a DSI), run through the
 * real decoder, MMU slow paths and interrupt delivery. An interrupt is caught
 * at the engine's longjmp point and reported as FAKE_RAISED.
 */
#ifndef TESTS_PPC_TEST_CPU_H
#define TESTS_PPC_TEST_CPU_H

#include "ppc/insn.h"

#define FAKE_RAM_SIZE 0x10000
#define FAKE_RAISED (-1)

/* Host view of the test RAM (valid after fake_cpu_new). */
extern uint8_t *fake_ram;

/* A 64-bit big-endian CPU in problem state, GPRs/CR/XER zero, no reservation. */
PowerPCCPU *fake_cpu_new(void);
void fake_cpu_free(PowerPCCPU *cpu);

/* Decode and run one instruction at cpu->cs.pc: the handler's return value, or
 * FAKE_RAISED after an interrupt (then cpu->cs.pc is the vector and SRR0/SRR1
 * hold the old PC and cause). Fails the test on an undecodable word. */
int fake_exec(PowerPCCPU *cpu, uint32_t insn);
/* The same for a given handler (e.g. op_illegal). */
int fake_call(PowerPCCPU *cpu, TBOpFn fn, uint32_t insn);
/*
 * Put insn at cpu->cs.pc in RAM and run one instruction's budget through the
 * engine (tcg_exec: fetch, translate, interpreter or native code as
 * tcg_set_jit says), as the machine runs guest code. Any word goes, also one
 * that does not decode. After an interrupt cpu->cs.pc is the vector.
 */
CPUExitReason fake_run(PowerPCCPU *cpu, uint32_t insn);

/* SRR1's cause bits of the last interrupt (the program interrupt's 42:47). */
static inline uint64_t fake_srr1_cause(const PowerPCCPU *cpu)
{
    return cpu->spr[SPR_SRR1] & 0x00000000783f0000ull;
}

#endif
