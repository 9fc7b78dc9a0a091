/*
 * Hypercalls about the calling partition's processors (LoPAPR 14.5.4.2,
 * 14.5.4.3, 14.7, 14.11): H_SET_MODE ("hcall-set-mode"), the virtual
 * processor areas of H_REGISTER_VPA, idling and yielding with H_CEDE /
 * H_CONFER / H_PROD ("hcall-splpar"), H_SET_DABR / H_SET_XDABR, H_SET_SPRG0,
 * H_GET_CPU_CHARACTERISTICS and H_HOME_NODE_ASSOCIATIVITY ("hcall-vphn").
 * Argument checks and error codes follow QEMU 7.2, which the Linux pseries
 * code is tested against (linux-pseries-boot.md (c)).
 */
#include "ppc/spapr/spapr_cpu.h"

#include <glib.h>
#include <inttypes.h>
#include <string.h>

#include "core/log.h"
#include "ppc/mmu.h"
#include "ppc/spapr/spapr_hcall.h"
#include "ppc/spapr/spapr_machine.h"

PowerPCCPU *spapr_find_cpu(SpaprMachine *m, uint64_t id)
{
    for (int i = 0; m->cpus && i < m->smp; i++) {
        if (m->cpus[i] && m->cpus[i]->pir == id) {
            return m->cpus[i];
        }
    }
    return NULL;
}

void spapr_attach_cpus(SpaprMachine *m)
{
    for (int i = 0; i < m->smp; i++) {
        PowerPCCPU *cpu = m->cpus[i];

        if (!cpu->machine_data) {
            cpu->machine_data = g_new0(SpaprCpuState, 1);
        }
        xics_add_server(m->xics, cpu);
    }
}

void spapr_cpus_reset_state(SpaprMachine *m)
{
    for (int i = 0; m->cpus && i < m->smp; i++) {
        SpaprCpuState *st = spapr_cpu_state(m->cpus[i]);
        if (st) {
            memset(st, 0, sizeof(*st));
        }
    }
    m->fwnmi_sreset_addr = m->fwnmi_mce_addr = 0;
}

/* ---- H_SET_MODE (LoPAPR 14.7.4) ---- */

static void set_all_lpcrs(SpaprMachine *m, uint64_t value, uint64_t mask)
{
    for (int i = 0; i < m->smp; i++) {
        PowerPCCPU *c = m->cpus[i];
        c->spr[SPR_LPCR] = (c->spr[SPR_LPCR] & ~mask) | (value & mask);
    }
}

static int64_t h_set_mode(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    uint64_t mflags = args[0], resource = args[1];

    /*
     * Only the two modes a guest cannot run without. The debug resources
     * (1 CIABR, 2 DAWR0, 5 DAWR1) get H_P2 as in QEMU: Linux then goes without.
     */
    if (resource != H_SET_MODE_RESOURCE_LE && resource != H_SET_MODE_RESOURCE_ADDR_TRANS_MODE) {
        return H_P2;
    }
    if (args[2]) {
        return H_P3;
    }
    if (args[3]) {
        return H_P4;
    }
    if (resource == H_SET_MODE_RESOURCE_LE) {
        /* mflags 0 = big-endian, 1 = little-endian interrupts; for every vCPU. */
        if (mflags > 1) {
            return H_UNSUPPORTED_FLAG;
        }
        set_all_lpcrs(m, mflags ? LPCR_ILE : 0, LPCR_ILE);
        return H_SUCCESS;
    }
    /*
     * AIL: 0 = interrupts in real mode, 3 = relocated to 0xc000000000004000.
     * 1 is reserved and 2 (0x18000) is not a POWER8 mode; ppc/excp.c does 0 and 3.
     */
    if (mflags != 0 && mflags != 3) {
        return H_UNSUPPORTED_FLAG;
    }
    set_all_lpcrs(m, mflags << LPCR_AIL_SHIFT, LPCR_AIL);
    return H_SUCCESS;
}

/* ---- H_REGISTER_VPA (LoPAPR 14.11.3.2) ---- */

#define VPA_MIN_SIZE            640     /* the architected lppaca */
#define VPA_ALIGN               128     /* the cache line */
#define VPA_SHARED_PROC_BYTE    9       /* lppaca.__old_status */
#define VPA_SHARED_PROC_BIT     0x02
#define SLB_SHADOW_MIN_SIZE     8
#define DTL_MIN_SIZE            48      /* one dispatch trace log entry */
#define VPA_PAGE                4096

static bool in_one_page(uint64_t addr, uint64_t size)
{
    return addr / VPA_PAGE == (addr + size - 1) / VPA_PAGE;
}

static int64_t register_vpa(SpaprMachine *m, SpaprCpuState *st, uint64_t addr)
{
    uint8_t hdr[2], status;

    /* The guest's own size field, big-endian u16 at +4. */
    if (addr == 0) {
        return H_HARDWARE;     /* as QEMU: logical 0 cannot hold a VPA */
    }
    if (addr % VPA_ALIGN) {
        return H_PARAMETER;
    }
    if (address_space_read(&m->as, addr + 4, hdr, 2) != MEMTX_OK) {
        return H_PARAMETER;
    }
    uint64_t size = (uint64_t)hdr[0] << 8 | hdr[1];
    if (size < VPA_MIN_SIZE || !in_one_page(addr, size) || addr + size > m->ram_size) {
        return H_PARAMETER;
    }
    st->vpa_addr = addr;
    /*
     * Mark the vCPU as a shared processor, as QEMU does: our vCPUs share one
     * host thread round-robin, so a lock holder may well not be running.
     * Linux then uses its paravirtual spinlocks (H_CONFER/H_PROD) and the
     * shared-processor idle loop (H_CEDE only).
     */
    if (address_space_read(&m->as, addr + VPA_SHARED_PROC_BYTE, &status, 1) == MEMTX_OK) {
        status |= VPA_SHARED_PROC_BIT;
        address_space_write(&m->as, addr + VPA_SHARED_PROC_BYTE, &status, 1);
    }
    return H_SUCCESS;
}

/* SLB shadow and DTL: be32 size at +4; both need a VPA first. */
static int64_t register_area(SpaprMachine *m, SpaprCpuState *st, uint64_t addr, uint64_t min,
                             bool one_page, uint64_t *addr_out, uint64_t *size_out)
{
    MemTxResult res = MEMTX_OK;
    uint64_t size;

    if (addr == 0) {
        return H_HARDWARE;
    }
    size = address_space_ldl_be(&m->as, addr + 4, &res);
    if (res != MEMTX_OK || size < min || (one_page && !in_one_page(addr, size)) ||
        addr + size > m->ram_size) {
        return H_PARAMETER;
    }
    if (!st->vpa_addr) {
        return H_RESOURCE;
    }
    *addr_out = addr;
    *size_out = size;
    return H_SUCCESS;
}

static int64_t h_register_vpa(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    uint64_t flags = args[0], addr = args[2];
    PowerPCCPU *target = spapr_find_cpu(m, args[1]);
    SpaprCpuState *st;

    if (!target || (flags & ~(7ull << H_VPA_FUNC_SHIFT))) {
        return H_PARAMETER;
    }
    st = spapr_cpu_state(target);
    switch (flags >> H_VPA_FUNC_SHIFT) {
    case H_VPA_REG_VPA:
        return register_vpa(m, st, addr);
    case H_VPA_REG_SLB:
        return register_area(m, st, addr, SLB_SHADOW_MIN_SIZE, true, &st->slb_shadow_addr,
                             &st->slb_shadow_size);
    case H_VPA_REG_DTL:
        return register_area(m, st, addr, DTL_MIN_SIZE, false, &st->dtl_addr, &st->dtl_size);
    case H_VPA_DEREG_VPA:
        /* The others hang off the VPA: they go first. */
        if (st->slb_shadow_addr || st->dtl_addr) {
            return H_RESOURCE;
        }
        st->vpa_addr = 0;
        return H_SUCCESS;
    case H_VPA_DEREG_SLB:
        st->slb_shadow_addr = st->slb_shadow_size = 0;
        return H_SUCCESS;
    case H_VPA_DEREG_DTL:
        st->dtl_addr = st->dtl_size = 0;
        return H_SUCCESS;
    default:
        return H_PARAMETER;
    }
}

/* ---- H_CEDE, H_PROD, H_CONFER (LoPAPR 14.11.3.3 - 14.11.3.5) ---- */

static int64_t h_cede(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    SpaprCpuState *st = spapr_cpu_state(cpu);

    /* Cede enables external interrupts: they, the decrementer or a prod end it. */
    ppc_store_msr(cpu, cpu->msr | MSR_EE);
    if (st->prod_pending) {
        st->prod_pending = false;
        return H_SUCCESS;
    }
    /* Idle unless an interrupt is already there; the engine sleeps after sc until has_work. */
    ppc_cpu_halt(cpu);
    return H_SUCCESS;
}

static int64_t h_prod(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    PowerPCCPU *target = spapr_find_cpu(m, args[0]);

    if (!target) {
        return H_PARAMETER;
    }
    /* A stopped (stop-self / never started) vCPU only comes back through start-cpu. */
    if (ppc_cpu_is_stopped(target)) {
        return H_SUCCESS;
    }
    if (!ppc_cpu_wake(target)) {
        /* Not ceded yet: its next H_CEDE returns at once (the prod is not lost). */
        spapr_cpu_state(target)->prod_pending = true;
    }
    return H_SUCCESS;
}

static int64_t h_confer(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    int64_t target = (int64_t)args[0];

    /* -1 = any processor; otherwise a processor of this partition (LoPAPR 14.11.3.4). */
    if (target != -1 && !spapr_find_cpu(m, args[0])) {
        return H_PARAMETER;
    }
    /* One host thread runs every vCPU: yielding is ending this time slice. */
    cpu_exit(&cpu->cs);
    return H_SUCCESS;
}

/* ---- breakpoints and SPRG0 ---- */

/* Stored for the guest to read back in spirit only: this emulator has no data breakpoints. */
static int64_t h_set_dabr(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    SpaprCpuState *st = spapr_cpu_state(cpu);

    st->dabr = args[0];
    st->dabrx = H_DABRX_USER | H_DABRX_KERNEL;
    return H_SUCCESS;
}

static int64_t h_set_xdabr(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    SpaprCpuState *st = spapr_cpu_state(cpu);
    uint64_t dabrx = args[1];

    if ((dabrx & ~0xfull) || (dabrx & H_DABRX_HYPERVISOR) ||
        !(dabrx & (H_DABRX_KERNEL | H_DABRX_USER))) {
        return H_PARAMETER;
    }
    st->dabr = args[0];
    st->dabrx = dabrx;
    return H_SUCCESS;
}

static int64_t h_set_sprg0(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    cpu->spr[SPR_SPRG0] = args[0];
    return H_SUCCESS;
}

/* ---- H_GET_CPU_CHARACTERISTICS ---- */

/*
 * What the guest is told about speculation side channels and the
 * mitigations on offer follows the machine's cap-cfpc, cap-sbbc, cap-ibs and
 * cap-ccf-assist, as in QEMU (spapr_props.c). The interpreter does not
 * speculate, so no value changes how anything runs; it changes what Linux
 * patches in. The default, "fixed" everywhere, tells the guest that nothing
 * needs flushing (no flush type is offered, L1D_FLUSH_PR and BNDS_CHK_SPEC_BAR
 * are clear), which is true here and saves the flush on every return to user
 * mode; "broken" makes Linux fall back to its displacement flush, as under
 * QEMU with the usual cap-cfpc=broken command line.
 */
static int64_t h_get_cpu_characteristics(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode,
                                         uint64_t *args)
{
    const SpaprProps *p = &m->props;
    uint64_t chars = H_CPU_CHAR_BRANCH_HINTS_HONORED;
    uint64_t behav = H_CPU_BEHAV_FAVOUR_SECURITY;

    switch (p->cap_cfpc) {
    case SPAPR_CAP_WORKAROUND:
        chars |= H_CPU_CHAR_L1D_FLUSH_ORI30 | H_CPU_CHAR_L1D_FLUSH_TRIG2 |
                 H_CPU_CHAR_L1D_THREAD_PRIV;
        behav |= H_CPU_BEHAV_L1D_FLUSH_PR;
        break;
    case SPAPR_CAP_FIXED:
        behav |= H_CPU_BEHAV_NO_L1D_FLUSH_ENTRY | H_CPU_BEHAV_NO_L1D_FLUSH_UACCESS;
        break;
    default:
        behav |= H_CPU_BEHAV_L1D_FLUSH_PR;
        break;
    }
    switch (p->cap_sbbc) {
    case SPAPR_CAP_WORKAROUND:
        chars |= H_CPU_CHAR_SPEC_BAR_ORI31;
        behav |= H_CPU_BEHAV_BNDS_CHK_SPEC_BAR;
        break;
    case SPAPR_CAP_FIXED:
        break;
    default:
        behav |= H_CPU_BEHAV_BNDS_CHK_SPEC_BAR;
        break;
    }
    switch (p->cap_ibs) {
    case SPAPR_IBS_FIXED_CCD:
        chars |= H_CPU_CHAR_COUNT_CACHE_DISABLED;
        break;
    case SPAPR_IBS_FIXED_IBS:
        chars |= H_CPU_CHAR_BCCTRL_SERIALISED;
        break;
    case SPAPR_CAP_WORKAROUND:
        behav |= H_CPU_BEHAV_FLUSH_COUNT_CACHE;
        if (p->cap_ccf_assist) {
            chars |= H_CPU_CHAR_BCCTR_FLUSH_ASSIST;
        }
        break;
    default:        /* broken, fixed-na */
        break;
    }
    args[0] = chars;
    args[1] = behav;
    return H_SUCCESS;
}

/* ---- H_HOME_NODE_ASSOCIATIVITY (VPHN, LoPAPR 14.11.6.1) ---- */

/*
 * One NUMA node: the associativity list is <0 0 0 0 procno> (QEMU's form),
 * packed as the VPHN compressed format: 32-bit fields (top bit clear),
 * then 0xffff... to terminate.
 */
static int64_t h_home_node_associativity(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode,
                                         uint64_t *args)
{
    PowerPCCPU *target;

    /* flags 1 = "procno as given to H_REGISTER_VPA"; QEMU answers anything else H_FUNCTION. */
    if (args[0] != 1) {
        return H_FUNCTION;
    }
    target = spapr_find_cpu(m, args[1]);
    if (!target) {
        return H_P2;
    }
    args[0] = 0;                                        /* domains 0, 0 */
    args[1] = 0;                                        /* domains 0, node 0 */
    args[2] = ((uint64_t)target->pir << 32) | 0xffffffffu;  /* procno, end */
    for (int i = 3; i < 6; i++) {
        args[i] = UINT64_MAX;
    }
    return H_SUCCESS;
}

static const SpaprHcallDef cpu_hcalls[] = {
    SPAPR_HCALL(H_SET_SPRG0, h_set_sprg0, "hcall-sprg0", 1, 0),
    SPAPR_HCALL(H_SET_DABR, h_set_dabr, "hcall-dabr", 1, 0),
    SPAPR_HCALL(H_SET_XDABR, h_set_xdabr, "hcall-xdabr", 2, 0),               /* dabr, dabrx */
    SPAPR_HCALL(H_REGISTER_VPA, h_register_vpa, "hcall-splpar", 3, 0),        /* flags, cpu, addr */
    SPAPR_HCALL(H_CEDE, h_cede, "hcall-splpar", 0, 0),
    SPAPR_HCALL(H_CONFER, h_confer, "hcall-splpar", 2, 0),                    /* cpu, dispatch # */
    SPAPR_HCALL(H_PROD, h_prod, "hcall-splpar", 1, 0),
    /* -> characteristics, behaviour */
    SPAPR_HCALL(H_GET_CPU_CHARACTERISTICS, h_get_cpu_characteristics, NULL, 0, 2),
    /* flags, cpu -> six words of associativity */
    SPAPR_HCALL(H_HOME_NODE_ASSOCIATIVITY, h_home_node_associativity, "hcall-vphn", 2, 6),
    /* mflags, resource, value1, value2 */
    SPAPR_HCALL(H_SET_MODE, h_set_mode, "hcall-set-mode", 4, 0),
};

void spapr_cpu_register(void)
{
    SPAPR_REGISTER_HCALLS(cpu_hcalls);
}
