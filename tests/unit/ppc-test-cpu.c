/* A bare CPU with RAM for instruction tests; see ppc-test-cpu.h. */
#include "ppc-test-cpu.h"

#include <glib.h>
#include <setjmp.h>
#include <string.h>

#include "core/memory.h"
#include "ppc/mmu.h"
#include "tcg/tcg.h"

uint8_t *fake_ram;

typedef struct FakeMachine {
    PowerPCCPU cpu;
    MemoryRegion root, ram;
    AddressSpace as;
    PPCHypervisor vhyp;
    bool engine;            /* the engine runs code from this machine's RAM */
} FakeMachine;

PowerPCCPU *fake_cpu_new(void)
{
    char *err = NULL;
    if (!ppc_decode_init(&err)) {
        g_error("%s", err);
    }
    FakeMachine *m = g_new0(FakeMachine, 1);
    memory_region_init_container(&m->root, "root", UINT64_MAX);
    g_assert_true(memory_region_init_ram(&m->ram, "ram", FAKE_RAM_SIZE));
    memory_region_add_subregion(&m->root, 0, &m->ram);
    address_space_init(&m->as, &m->root, "test");
    m->vhyp.rma_size = FAKE_RAM_SIZE;
    fake_ram = m->ram.ram;

    PowerPCCPU *cpu = &m->cpu;
    cpu->cs.as = &m->as;
    cpu->vhyp = &m->vhyp;
    cpu->msr = MSR_SF | MSR_PR;
    cpu->reserve_addr = UINT64_MAX;
    cpu->cs.pc = 0x1000;
    ppc_tlb_flush(cpu);
    return cpu;
}

void fake_cpu_free(PowerPCCPU *cpu)
{
    FakeMachine *m = (FakeMachine *)cpu;
    if (m->engine) {
        tcg_flush_all();    /* no block may outlive the RAM it came from */
    }
    g_free(cpu->cs.tb_jmp_cache);
    address_space_destroy(&m->as);
    memory_region_del_subregion(&m->root, &m->ram);
    memory_region_finalize(&m->ram);
    memory_region_finalize(&m->root);
    g_free(m);
    fake_ram = NULL;
}

int fake_call(PowerPCCPU *cpu, TBOpFn fn, uint32_t insn)
{
    cpu->spr[SPR_SRR1] = 0;
    if (sigsetjmp(cpu->cs.jmp_env, 0)) {
        return FAKE_RAISED;
    }
    return fn(&cpu->cs, insn);
}

int fake_exec(PowerPCCPU *cpu, uint32_t insn)
{
    const PPCInsnDef *d = ppc_decode(insn);
    if (!d) {
        g_error("fake_exec: %#010x does not decode", insn);
    }
    return fake_call(cpu, d->fn, insn);
}

CPUExitReason fake_run(PowerPCCPU *cpu, uint32_t insn)
{
    FakeMachine *m = (FakeMachine *)cpu;
    uint64_t pc = cpu->cs.pc;

    g_assert_cmpuint(pc, <=, FAKE_RAM_SIZE - 4);
    if (!m->engine) {
        Error *e = NULL;
        if (!ppc_engine_init(&m->ram, &e)) {
            g_error("fake_run: %s", error_get_pretty(e));
        }
        tcg_cpu_init(&cpu->cs);
        m->engine = true;
    }
    /* The word in the CPU's byte order; blocks of earlier runs are dropped. */
    for (int i = 0; i < 4; i++) {
        fake_ram[pc + i] = (uint8_t)(insn >> ((cpu->msr & MSR_LE) ? 8 * i : 24 - 8 * i));
    }
    tcg_flush_all();
    cpu->spr[SPR_SRR1] = 0;
    return tcg_exec(&cpu->cs, 1);
}
