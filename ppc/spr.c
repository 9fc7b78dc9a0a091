/*
 * The SPR table: POWER8's SPRs as a guest sees them. Plain registers just
 * hold their value in cpu->spr[]; the few with behaviour (XER, LR, CTR, the
 * timebase, DEC, CTRL...) have accessors. Privilege follows the SPR number
 * (bit 0x10 set = privileged) except where the table says otherwise.
 */
#include "ppc/spr.h"

#include <stddef.h>

#include "core/bql.h"

static uint64_t rd_xer(PowerPCCPU *cpu, int spr) { return ppc_get_xer(cpu); }
static void wr_xer(PowerPCCPU *cpu, int spr, uint64_t v) { ppc_set_xer(cpu, v); }
static uint64_t rd_lr(PowerPCCPU *cpu, int spr) { return cpu->lr; }
static void wr_lr(PowerPCCPU *cpu, int spr, uint64_t v) { cpu->lr = v; }
static uint64_t rd_ctr(PowerPCCPU *cpu, int spr) { return cpu->ctr; }
static void wr_ctr(PowerPCCPU *cpu, int spr, uint64_t v) { cpu->ctr = v; }
static uint64_t rd_dec(PowerPCCPU *cpu, int spr) { return (uint64_t)(int64_t)(int32_t)ppc_get_dec(cpu); }
/* The decrementer's timer is on the main loop's list: under the big lock. */
static void wr_dec(PowerPCCPU *cpu, int spr, uint64_t v)
{
    bql_lock();
    ppc_set_dec(cpu, (uint32_t)v);
    bql_unlock();
}
static uint64_t rd_tb(PowerPCCPU *cpu, int spr) { return ppc_get_tb(cpu); }
static uint64_t rd_tbu(PowerPCCPU *cpu, int spr) { return ppc_get_tb(cpu) >> 32; }
static uint64_t rd_pvr(PowerPCCPU *cpu, int spr) { return cpu->pvr; }
static uint64_t rd_pir(PowerPCCPU *cpu, int spr) { return cpu->pir; }
/* CTRL: only the run latch (bit 63) is writable; reads also show it at bit 47. */
static uint64_t rd_ctrl(PowerPCCPU *cpu, int spr)
{
    uint64_t rl = cpu->spr[SPR_CTRL_W] & 1;
    return rl | (rl << 15);
}
static void wr_ctrl(PowerPCCPU *cpu, int spr, uint64_t v) { cpu->spr[SPR_CTRL_W] = v & 1; }
static void wr_ignore(PowerPCCPU *cpu, int spr, uint64_t v) { }
static uint64_t rd_zero(PowerPCCPU *cpu, int spr) { return 0; }
static void wr_vrsave(PowerPCCPU *cpu, int spr, uint64_t v) { cpu->spr[SPR_VRSAVE] = (uint32_t)v; }
/* TIR (ISA 2.07 Book III, SPR 446): the thread's number in its core; 0 in a one-thread core. */
static uint64_t rd_tir(PowerPCCPU *cpu, int spr) { return cpu->tir; }
/*
 * DPDES is one register per core: bit 63-t holds thread t's pending directed
 * privileged doorbell, so every thread of the core reads all of them.
 */
static uint64_t rd_dpdes(PowerPCCPU *cpu, int spr)
{
    uint64_t v = 0;

    /* Other threads raise and take doorbells meanwhile: each word read once, atomically. */
    if (!cpu->core) {
        return (__atomic_load_n(&cpu->pending, __ATOMIC_RELAXED) & PPC_IRQ_DOORBELL) ? 1 : 0;
    }
    for (int t = 0; t < cpu->core->nr_threads; t++) {
        if (__atomic_load_n(&cpu->core->thread[t]->pending, __ATOMIC_RELAXED) & PPC_IRQ_DOORBELL) {
            v |= 1ull << t;
        }
    }
    return v;
}
static void wr_dsisr(PowerPCCPU *cpu, int spr, uint64_t v) { cpu->spr[SPR_DSISR] = (uint32_t)v; }

#define RW_U  (SPR_UR | SPR_UW | SPR_PR | SPR_PW)
#define R_U   (SPR_UR | SPR_PR)
#define RW_P  (SPR_PR | SPR_PW)
#define R_P   SPR_PR
#define W_P   SPR_PW
#define HV    (SPR_HV | SPR_PR | SPR_PW)

#define SPR(num, nm, acc, st, rd, wr) [num] = { nm, acc, st, rd, wr }

static const PPCSprDef spr_table[1024] = {
    SPR(1,   "XER",    RW_U, 1,   rd_xer, wr_xer),
    SPR(3,   "DSCR",   RW_U, 17,  NULL, NULL),       /* problem-state alias of 17 */
    SPR(8,   "LR",     RW_U, 8,   rd_lr, wr_lr),
    SPR(9,   "CTR",    RW_U, 9,   rd_ctr, wr_ctr),
    SPR(13,  "AMR",    RW_U, 29,  NULL, NULL),
    SPR(17,  "DSCR",   RW_P, 17,  NULL, NULL),
    SPR(18,  "DSISR",  RW_P, 18,  NULL, wr_dsisr),
    SPR(19,  "DAR",    RW_P, 19,  NULL, NULL),
    SPR(22,  "DEC",    RW_P, 22,  rd_dec, wr_dec),
    SPR(25,  "SDR1",   HV,   25,  NULL, NULL),
    SPR(26,  "SRR0",   RW_P, 26,  NULL, NULL),
    SPR(27,  "SRR1",   RW_P, 27,  NULL, NULL),
    SPR(28,  "CFAR",   RW_P, 28,  NULL, NULL),
    SPR(29,  "AMR",    RW_P, 29,  NULL, NULL),
    SPR(48,  "PIDR",   RW_P, 48,  NULL, NULL),
    SPR(61,  "IAMR",   RW_P, 61,  NULL, NULL),
    SPR(136, "CTRL",   R_U,  152, rd_ctrl, NULL),
    SPR(152, "CTRL",   W_P,  152, NULL, wr_ctrl),
    SPR(153, "FSCR",   RW_P, 153, NULL, NULL),
    SPR(157, "UAMOR",  RW_P, 157, NULL, NULL),
    SPR(159, "PSPB",   RW_P, 159, NULL, NULL),
    SPR(176, "DPDES",  R_P,  176, rd_dpdes, NULL),  /* writable by the hypervisor only */
    SPR(180, "DAWR0",  HV,   180, NULL, NULL),
    SPR(187, "CIABR",  HV,   187, NULL, NULL),
    SPR(188, "DAWRX0", HV,   188, NULL, NULL),
    SPR(190, "HFSCR",  HV,   190, NULL, NULL),
    SPR(256, "VRSAVE", RW_U, 256, NULL, wr_vrsave),
    SPR(259, "SPRG3",  R_U,  275, NULL, NULL),
    SPR(268, "TB",     R_U,  268, rd_tb, NULL),
    SPR(269, "TBU",    R_U,  269, rd_tbu, NULL),
    SPR(272, "SPRG0",  RW_P, 272, NULL, NULL),
    SPR(273, "SPRG1",  RW_P, 273, NULL, NULL),
    SPR(274, "SPRG2",  RW_P, 274, NULL, NULL),
    SPR(275, "SPRG3",  RW_P, 275, NULL, NULL),
    SPR(284, "TBL",    HV,   284, NULL, wr_ignore),
    SPR(285, "TBU",    HV,   285, NULL, wr_ignore),
    SPR(287, "PVR",    R_P,  287, rd_pvr, NULL),
    SPR(304, "HSPRG0", HV,   304, NULL, NULL),
    SPR(305, "HSPRG1", HV,   305, NULL, NULL),
    SPR(306, "HDSISR", HV,   306, NULL, NULL),
    SPR(307, "HDAR",   HV,   307, NULL, NULL),
    SPR(308, "SPURR",  RW_P, 308, rd_tb, wr_ignore),
    SPR(309, "PURR",   RW_P, 309, rd_tb, wr_ignore),
    SPR(310, "HDEC",   HV,   310, NULL, NULL),
    SPR(313, "HRMOR",  HV,   313, NULL, NULL),
    SPR(314, "HSRR0",  HV,   314, NULL, NULL),
    SPR(315, "HSRR1",  HV,   315, NULL, NULL),
    SPR(318, "LPCR",   HV,   318, NULL, NULL),
    SPR(319, "LPIDR",  HV,   319, NULL, NULL),
    SPR(336, "HMER",   HV,   336, NULL, NULL),
    SPR(337, "HMEER",  HV,   337, NULL, NULL),
    SPR(338, "PCR",    HV,   338, NULL, NULL),
    SPR(349, "AMOR",   HV,   349, NULL, NULL),
    /* Performance monitor: 768-783 problem-state views of 784-799. */
    SPR(768, "SIER",   R_U,  784, NULL, NULL),
    SPR(769, "MMCR2",  R_U,  785, NULL, NULL),
    SPR(770, "MMCRA",  R_U,  786, NULL, NULL),
    SPR(771, "PMC1",   R_U,  787, NULL, NULL),
    SPR(772, "PMC2",   R_U,  788, NULL, NULL),
    SPR(773, "PMC3",   R_U,  789, NULL, NULL),
    SPR(774, "PMC4",   R_U,  790, NULL, NULL),
    SPR(775, "PMC5",   R_U,  791, NULL, NULL),
    SPR(776, "PMC6",   R_U,  792, NULL, NULL),
    SPR(779, "MMCR0",  R_U,  795, NULL, NULL),
    SPR(780, "SIAR",   R_U,  796, NULL, NULL),
    SPR(781, "SDAR",   R_U,  797, NULL, NULL),
    SPR(782, "MMCR1",  R_U,  798, NULL, NULL),
    SPR(784, "SIER",   RW_P, 784, NULL, NULL),
    SPR(785, "MMCR2",  RW_P, 785, NULL, NULL),
    SPR(786, "MMCRA",  RW_P, 786, NULL, NULL),
    SPR(787, "PMC1",   RW_P, 787, NULL, NULL),
    SPR(788, "PMC2",   RW_P, 788, NULL, NULL),
    SPR(789, "PMC3",   RW_P, 789, NULL, NULL),
    SPR(790, "PMC4",   RW_P, 790, NULL, NULL),
    SPR(791, "PMC5",   RW_P, 791, NULL, NULL),
    SPR(792, "PMC6",   RW_P, 792, NULL, NULL),
    SPR(795, "MMCR0",  RW_P, 795, NULL, NULL),
    SPR(796, "SIAR",   RW_P, 796, NULL, NULL),
    SPR(797, "SDAR",   RW_P, 797, NULL, NULL),
    SPR(798, "MMCR1",  RW_P, 798, NULL, NULL),
    SPR(804, "EBBHR",  RW_U, 804, NULL, NULL),
    SPR(805, "EBBRR",  RW_U, 805, NULL, NULL),
    SPR(806, "BESCR",  RW_U, 806, NULL, NULL),
    /* 808-811: reserved no-ops in ISA 2.07 */
    SPR(808, "RSVD808", RW_U, 808, rd_zero, wr_ignore),
    SPR(809, "RSVD809", RW_U, 809, rd_zero, wr_ignore),
    SPR(810, "RSVD810", RW_U, 810, rd_zero, wr_ignore),
    SPR(811, "RSVD811", RW_U, 811, rd_zero, wr_ignore),
    SPR(815, "TAR",    RW_U, 815, NULL, NULL),
    SPR(882, "TRIG2",  RW_P, 882, rd_zero, wr_ignore),
    SPR(894, "MMCRS",  RW_P, 894, rd_zero, wr_ignore),
    SPR(896, "PPR",    RW_U, 896, NULL, NULL),
    SPR(898, "PPR32",  RW_U, 898, NULL, NULL),
    SPR(446, "TIR",    R_P,  446, rd_tir, NULL),
    SPR(1023, "PIR",   R_P,  1023, rd_pir, NULL),
};

const PPCSprDef *ppc_spr_def(int spr)
{
    if (spr < 0 || spr >= 1024 || !spr_table[spr].name) {
        return NULL;
    }
    return &spr_table[spr];
}

void ppc_spr_foreach(void (*fn)(int spr, const PPCSprDef *def, void *opaque), void *opaque)
{
    for (int i = 0; i < 1024; i++) {
        if (spr_table[i].name) {
            fn(i, &spr_table[i], opaque);
        }
    }
}
