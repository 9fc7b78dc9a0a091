/*
 * The POWER8 vCPU object: creation, reset state (Book III 6.5.1 system reset
 * values for a guest entering firmware), XER and MSR accessors, and the
 * generic CPUOps that core/ uses for the monitor and the debugger.
 */
#include "ppc/cpu.h"

#include <elf.h>
#include <glib.h>
#include <string.h>

#include "core/log.h"
#include "ppc/disas.h"
#include "ppc/gdb.h"
#include "ppc/insn.h"
#include "ppc/mmu.h"
#include "ppc/spr.h"
#include "tcg/tcg.h"

#define POWER8_PVR 0x004d0200u

uint64_t ppc_get_xer(const PowerPCCPU *cpu)
{
    return cpu->xer | ((uint64_t)cpu->so << 31) | ((uint64_t)cpu->ov << 30) |
           ((uint64_t)cpu->ca << 29) | ((uint64_t)cpu->ov32 << 19) | ((uint64_t)cpu->ca32 << 18);
}

void ppc_set_xer(PowerPCCPU *cpu, uint64_t val)
{
    cpu->so = (val >> 31) & 1;
    cpu->ov = (val >> 30) & 1;
    cpu->ca = (val >> 29) & 1;
    cpu->ov32 = (val >> 19) & 1;
    cpu->ca32 = (val >> 18) & 1;
    /* POWER8 keeps the string byte count (bits 57:63) and nothing else */
    cpu->xer = val & 0x7f;
}

void ppc_store_msr(PowerPCCPU *cpu, uint64_t msr)
{
    /* In problem state, translation and external interrupts are always on (4.4.3). */
    if (msr & MSR_PR) {
        msr |= MSR_EE | MSR_IR | MSR_DR;
    }
    /*
     * No TLB flush: the software TLB is indexed by translation mode (IR/DR,
     * PR) and blocks are looked up with the MSR bits that change decoding
     * (ppc_tb_flags), so a mode change only selects other entries.
     */
    cpu->msr = msr;
    /*
     * pending is raised by other threads (ppc_set_irq), which then set
     * interrupt_request themselves: a relaxed look is enough here, the
     * request is this thread's own note to look at pending again.
     */
    if ((msr & MSR_EE) && __atomic_load_n(&cpu->pending, __ATOMIC_RELAXED)) {
        __atomic_store_n(&cpu->cs.interrupt_request, 1, __ATOMIC_RELAXED);
    }
}

const CPUModel ppc_cpu_models[] = {
    { "POWER8", "IBM POWER8 (PVR 0x004d0200)", NULL },
    { "POWER8_v2.0", NULL, "POWER8" },     /* QEMU's name for the same revision */
    { NULL },
};

const ElfMachine ppc64_elf_machine = { EM_PPC64, "PowerPC" };

void ppc_cpu_reset(PowerPCCPU *cpu)
{
    CPUState *cs = &cpu->cs;
    Timer *dec = cpu->dec_timer;
    PPCHypervisor *vhyp = cpu->vhyp;
    void *machine_data = cpu->machine_data;
    uint32_t pir = cpu->pir, tir = cpu->tir;
    PPCCore *core = cpu->core;

    if (dec) {
        timer_del(dec);
    }
    memset((uint8_t *)cpu + sizeof(CPUState), 0, sizeof(*cpu) - sizeof(CPUState));
    cpu->dec_timer = dec;
    cpu->vhyp = vhyp;
    cpu->machine_data = machine_data;
    cpu->pir = pir;
    cpu->tir = tir;
    cpu->core = core;
    cpu->pvr = POWER8_PVR;
    cpu->tb_freq = 512000000;
    cpu->msr = MSR_SF | MSR_ME;
    cpu->reserve_addr = UINT64_MAX;
    cpu->dec_written = 0x7fffffff;
    cpu->spr[SPR_PIR] = pir;
    cpu->spr[SPR_MMCR0] = 0x80000000ull;   /* FC: counters frozen */
    cs->pc = 0x100;
    cpu_set_halted(cs, false);
    __atomic_store_n(&cs->interrupt_request, 0, __ATOMIC_RELAXED);
    ppc_tlb_flush(cpu);
}

/* ---- CPUOps for core/ ---- */

static void cpu_reset_op(CPUState *cs)
{
    ppc_cpu_reset(POWERPC_CPU(cs));
}

static uint64_t get_pc(CPUState *cs)
{
    return cs->pc;
}

static void set_pc(CPUState *cs, uint64_t pc)
{
    cs->pc = pc;
    tcg_flush_jmp_cache(cs);
}

/* gva2gpa: the data translation, as the CPU would do a load now. */
static bool virt_to_phys(CPUState *cs, uint64_t vaddr, uint64_t *paddr)
{
    return ppc_translate_addr(POWERPC_CPU(cs), vaddr, ACCESS_READ, paddr, NULL);
}

/*
 * Debugger reads and writes: data translation first, then instruction
 * translation, so that the code at the PC stays readable when MSR[IR] and
 * MSR[DR] differ (QEMU's ppc get_phys_page_debug does the same).
 */
static bool debug_xlate(CPUState *cs, uint64_t vaddr, uint64_t *paddr)
{
    return virt_to_phys(cs, vaddr, paddr) ||
           ppc_translate_addr(POWERPC_CPU(cs), vaddr, ACCESS_EXEC, paddr, NULL);
}

static bool memory_rw_debug(CPUState *cs, uint64_t vaddr, void *buf, uint64_t len, bool is_write)
{
    uint8_t *p = buf;

    while (len) {
        uint64_t pa, chunk = 0x1000 - (vaddr & 0xfff);
        if (chunk > len) {
            chunk = len;
        }
        if (!debug_xlate(cs, vaddr, &pa)) {
            return false;
        }
        MemTxResult r = is_write ? address_space_write(cs->as, pa, p, chunk)
                                 : address_space_read(cs->as, pa, p, chunk);
        if (r != MEMTX_OK) {
            return false;
        }
        vaddr += chunk;
        p += chunk;
        len -= chunk;
    }
    return true;
}

static bool is_big_endian(CPUState *cs)
{
    return !(POWERPC_CPU(cs)->msr & MSR_LE);
}

static void dump_spr(int spr, const PPCSprDef *def, void *opaque)
{
    void **args = opaque;
    PowerPCCPU *cpu = args[0];
    GString *out = args[1];
    int *col = args[2];

    /* Aliases and behavioural SPRs are shown once, by their main number. */
    if (def->storage != spr || def->read || (def->access & SPR_HV)) {
        return;
    }
    g_string_append_printf(out, "%-7s %016" PRIx64 "%s", def->name, cpu->spr[spr],
                           (++*col % 4) ? "  " : "\n");
}

static void dump_state(CPUState *cs, GString *out)
{
    PowerPCCPU *cpu = POWERPC_CPU(cs);
    int col = 0;
    void *args[3] = { cpu, out, &col };

    g_string_append_printf(out, "CPU#%d NIP %016" PRIx64 " MSR %016" PRIx64 " %s%s\n", cs->index,
                           cs->pc, cpu->msr, cpu_halted(cs) ? "(halted)" : "(running)",
                           cpu->msr & MSR_LE ? " LE" : " BE");
    g_string_append_printf(out, "LR  %016" PRIx64 " CTR %016" PRIx64 " XER %016" PRIx64
                           " CR %08x\n", cpu->lr, cpu->ctr, ppc_get_xer(cpu), ppc_get_cr(cpu));
    for (int i = 0; i < 32; i++) {
        g_string_append_printf(out, "GPR%02d %016" PRIx64 "%s", i, cpu->gpr[i], (i % 4 == 3) ? "\n" : " ");
    }
    for (int i = 0; i < 32; i++) {
        g_string_append_printf(out, "FPR%02d %016" PRIx64 "%s", i, *fpr_ptr(cpu, i), (i % 4 == 3) ? "\n" : " ");
    }
    g_string_append_printf(out, "FPSCR %08" PRIx64 "  VSCR %08x\n", cpu->fpscr, cpu->vscr);
    for (int i = 0; i < 32; i++) {
        PPCVsr *v = vr_ptr(cpu, i);
        g_string_append_printf(out, "VR%02d %016" PRIx64 "%016" PRIx64 "%s", i, VsrD(v, 0), VsrD(v, 1),
                               (i % 2 == 1) ? "\n" : " ");
    }
    for (int i = 0; i < 32; i++) {
        PPCVsr *v = &cpu->vsr[i];
        g_string_append_printf(out, "VSR%02d.lo %016" PRIx64 "%s", i, VsrD(v, 1), (i % 4 == 3) ? "\n" : " ");
    }
    g_string_append_printf(out, "TB  %016" PRIx64 " DEC %08x PVR %08x PIR %u TIR %u LPCR %016" PRIx64
                           "\n", ppc_get_tb(cpu), ppc_get_dec(cpu), cpu->pvr, cpu->pir, cpu->tir,
                           cpu->spr[SPR_LPCR]);
    ppc_spr_foreach(dump_spr, args);
    if (col % 4) {
        g_string_append_c(out, '\n');
    }
    for (int i = 0; i < PPC_SLB_SIZE; i++) {
        if (cpu->slb[i].esid & SLB_ESID_V) {
            g_string_append_printf(out, "SLB%02d ESID %016" PRIx64 " VSID %016" PRIx64 "\n", i,
                                   cpu->slb[i].esid, cpu->slb[i].vsid);
        }
    }
}

static void tlb_flush_op(CPUState *cs)
{
    ppc_tlb_flush(POWERPC_CPU(cs));
}

static const CPUOps ppc_cpu_ops = {
    .reset = cpu_reset_op,
    .dump_state = dump_state,
    .get_pc = get_pc,
    .set_pc = set_pc,
    .memory_rw_debug = memory_rw_debug,
    .virt_to_phys = virt_to_phys,
    .is_big_endian = is_big_endian,
    .disas = ppc_disas,
    .disas_phys = ppc_disas_phys,
    .gdb_num_regs = PPC_GDB_NUM_REGS,
    .gdb_target_xml = ppc_gdb_target_xml,
    .gdb_read_register = ppc_gdb_read_register,
    .gdb_write_register = ppc_gdb_write_register,
    .tlb_flush = tlb_flush_op,
};

PowerPCCPU *ppc_cpu_new(int index, AddressSpace *as, PPCHypervisor *vhyp, Error **errp)
{
    PowerPCCPU *cpu = g_new0(PowerPCCPU, 1);

    cpu->cs.ops = &ppc_cpu_ops;
    cpu->cs.index = index;
    cpu->cs.as = as;
    cpu->cs.breakpoints = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    cpu->cs.watchpoints = g_array_new(FALSE, FALSE, sizeof(CPUWatchpoint));
    cpu->vhyp = vhyp;
    cpu->pir = (uint32_t)index;
    pthread_mutex_init(&cpu->tlb_lock, NULL);
    tcg_cpu_init(&cpu->cs);
    ppc_cpu_reset(cpu);
    cpu_list_add(&cpu->cs);
    return cpu;
}
