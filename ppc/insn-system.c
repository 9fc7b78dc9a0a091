/*
 * System instructions of Power ISA 2.07B Book III: sc (3.3.1), rfid (3.3.2),
 * mfmsr/mtmsr/mtmsrd (4.4.3), mfspr/mtspr (4.4.4) through the SPR table,
 * mfcr/mtcrf and their one-field forms (Book I 3.3.15), mftb (Book II 5.2),
 * and SLB/TLB management (5.9.3).
 */
#include <stdio.h>

#include "core/bql.h"
#include "core/log.h"
#include "ppc/insn.h"
#include "ppc/mmu.h"
#include "ppc/spr.h"
#include "ppc/stats.h"

/* sc: LEV=1 from privileged state is a hypercall to the emulator. */
PPC_INSN(sc)
{
    int lev = (insn >> 5) & 0x7f;

    cpu->cs.pc += 4;
    if (lev == 1 && !(cpu->msr & MSR_PR) && cpu->vhyp) {
        /* The hypervisor's state (HPT, XICS, RTAS, devices) is the machine's: under the big lock. */
        bql_lock();
        cpu->vhyp->hypercall(cpu);
        bql_unlock();
        return 1;
    }
    ppc_raise(cpu, EXCP_SYSCALL, 0);
}

/* The MSR bits mtmsrd / rfid can change from a guest (HV and ME stay as they are). */
#define MSR_GUEST_WRITABLE (~(MSR_HV | MSR_ME | MSR_TS | (1ull << 61) | (1ull << 62)))

PPC_INSN(rfid)
{
    uint64_t srr1 = cpu->spr[SPR_SRR1];
    uint64_t msr = (cpu->msr & ~MSR_GUEST_WRITABLE) | (srr1 & MSR_GUEST_WRITABLE);

    ppc_check_priv(cpu);
    ppc_store_msr(cpu, msr);
    cpu->cs.pc = cpu->spr[SPR_SRR0] & ~3ull;
    if (!(cpu->msr & MSR_SF)) {
        cpu->cs.pc = (uint32_t)cpu->cs.pc;
    }
    return 1;
}

PPC_INSN(mfmsr)
{
    ppc_check_priv(cpu);
    cpu->gpr[F_RT(insn)] = cpu->msr;
    return 0;
}

/* mtmsrd L=1 changes only EE and RI; L=0 the rest as well (4.4.3). */
PPC_INSN(mtmsrd)
{
    uint64_t rs = cpu->gpr[F_RS(insn)];

    ppc_check_priv(cpu);
    if (insn & 0x10000) {
        ppc_store_msr(cpu, (cpu->msr & ~(MSR_EE | MSR_RI)) | (rs & (MSR_EE | MSR_RI)));
    } else {
        ppc_store_msr(cpu, (cpu->msr & ~MSR_GUEST_WRITABLE) | (rs & MSR_GUEST_WRITABLE));
    }
    return 0;
}

/* mtmsr: the 32-bit form replaces only MSR bits 32:63. */
PPC_INSN(mtmsr)
{
    uint64_t rs = cpu->gpr[F_RS(insn)];

    ppc_check_priv(cpu);
    if (insn & 0x10000) {
        ppc_store_msr(cpu, (cpu->msr & ~(MSR_EE | MSR_RI)) | (rs & (MSR_EE | MSR_RI)));
    } else {
        uint64_t mask = 0xffffffffull & MSR_GUEST_WRITABLE;
        ppc_store_msr(cpu, (cpu->msr & ~mask) | (rs & mask));
    }
    return 0;
}

/* mfcr / mfocrf (bit 20 selects the one-field form, other fields undefined: 0). */
PPC_INSN(mfcr)
{
    uint32_t fxm = (insn >> 12) & 0xff;

    if (!(insn & 0x00100000)) {
        cpu->gpr[F_RT(insn)] = ppc_get_cr(cpu);
    } else if (fxm && !(fxm & (fxm - 1))) {
        int field = 7 - __builtin_ctz(fxm);
        cpu->gpr[F_RT(insn)] = (uint64_t)cpu->crf[field] << (28 - field * 4);
    } else {
        cpu->gpr[F_RT(insn)] = 0;
    }
    return 0;
}

PPC_INSN(mtcrf)
{
    uint32_t fxm = (insn >> 12) & 0xff;
    uint32_t rs = (uint32_t)cpu->gpr[F_RS(insn)];

    /* mtocrf with a field mask that is not one bit: undefined, we update none */
    if ((insn & 0x00100000) && (!fxm || (fxm & (fxm - 1)))) {
        return 0;
    }
    for (int i = 0; i < 8; i++) {
        if (fxm & (0x80 >> i)) {
            cpu->crf[i] = (rs >> (28 - 4 * i)) & 0xf;
        }
    }
    return 0;
}

/*
 * Undefined SPR numbers (4.4.4): privileged-number accesses from privileged
 * state are no-ops; otherwise the illegal or privileged program interrupt.
 */
static const PPCSprDef *spr_access(PowerPCCPU *cpu, int spr, bool write)
{
    const PPCSprDef *def = ppc_spr_def(spr);
    bool user = cpu->msr & MSR_PR;
    bool priv_num = spr & 0x10;

    if (!def) {
        if (priv_num && user) {
            ppc_raise_program(cpu, SRR1_PROGPRIV);
        }
        if (!priv_num) {
            ppc_raise_program(cpu, SRR1_PROGILL);
        }
        char key[32];
        snprintf(key, sizeof(key), "spr%d", spr);
        log_unimp_once(key, "unimplemented SPR %d (%s) at %016" PRIx64 "\n",
                       spr, write ? "write" : "read", cpu->cs.pc);
        return NULL;
    }
    uint8_t need = user ? (write ? SPR_UW : SPR_UR) : (write ? SPR_PW : SPR_PR);
    if (!(def->access & need)) {
        if (user && (priv_num || (def->access & (write ? SPR_PW : SPR_PR)))) {
            ppc_raise_program(cpu, SRR1_PROGPRIV);
        }
        /* e.g. a write to a read-only SPR: illegal for problem-state numbers, else a no-op */
        if (!priv_num) {
            ppc_raise_program(cpu, SRR1_PROGILL);
        }
        return NULL;
    }
    if (def->access & SPR_HV) {
        /* The hypervisor's registers: a guest's access does nothing (reads see 0). */
        char key[32];
        snprintf(key, sizeof(key), "hvspr%d", spr);
        log_unimp_once(key, "guest access to hypervisor SPR %s\n", def->name);
        return NULL;
    }
    return def;
}

PPC_INSN(mfspr)
{
    int spr = F_SPR(insn);
    const PPCSprDef *def = spr_access(cpu, spr, false);
    uint64_t v = 0;

    if (def) {
        v = def->read ? def->read(cpu, spr) : cpu->spr[def->storage];
    } else if (ppc_spr_def(spr) && (ppc_spr_def(spr)->access & SPR_HV)) {
        v = spr == SPR_LPCR ? cpu->spr[SPR_LPCR] : 0;
    } else {
        return 0;   /* no-op: RT unchanged */
    }
    cpu->gpr[F_RT(insn)] = v;
    return 0;
}

PPC_INSN(mtspr)
{
    int spr = F_SPR(insn);
    const PPCSprDef *def = spr_access(cpu, spr, true);
    uint64_t v = cpu->gpr[F_RS(insn)];

    if (def) {
        if (def->write) {
            def->write(cpu, spr, v);
        } else {
            cpu->spr[def->storage] = v;
        }
    }
    return 0;
}

PPC_INSN(mftb)
{
    int spr = F_SPR(insn);
    uint64_t tb = ppc_get_tb(cpu);

    if (spr == SPR_TB) {
        cpu->gpr[F_RT(insn)] = tb;
    } else if (spr == SPR_TBU) {
        cpu->gpr[F_RT(insn)] = tb >> 32;
    } else {
        ppc_raise_program(cpu, SRR1_PROGILL);
    }
    return 0;
}

/* ---- SLB (5.9.3.2) ---- */

PPC_INSN(slbmte)
{
    uint64_t rb = cpu->gpr[F_RB(insn)], rs = cpu->gpr[F_RS(insn)];
    int index = rb & 0xfff;

    ppc_check_priv(cpu);
    if (index >= PPC_SLB_SIZE) {
        /* Out-of-range index: undefined; ignore rather than corrupt state. */
        log_mask(LOG_GUEST_ERROR, "slbmte: index %d out of range\n", index);
        return 0;
    }
    /*
     * Translated-mode TLB entries exist only for segments of valid SLB
     * entries (every removal flushes its segment): writing over a valid
     * entry drops the old segment's; filling an empty slot drops nothing.
     */
    PPCSlbEntry old = cpu->slb[index];
    cpu->slb[index].esid = rb & ~0xfffull;
    cpu->slb[index].vsid = rs;
    log_mask(LOG_MMU, "mmu: cpu %d slbmte slot %d ESID %016" PRIx64 " VSID %016" PRIx64 "%s\n",
             cpu->cs.index, index, rb & ~(uint64_t)0xfff, rs, (rb & SLB_ESID_V) ? "" : " (invalid)");
    if (old.esid & SLB_ESID_V) {
        ppc_tlb_flush_segment(cpu, old.esid, (old.vsid & SLB_VSID_B) == SLB_VSID_B_1T);
    }
    return 0;
}

static void slb_invalidate_ea(PowerPCCPU *cpu, uint64_t ea, bool one_t)
{
    for (int i = 0; i < PPC_SLB_SIZE; i++) {
        PPCSlbEntry *e = &cpu->slb[i];
        bool e1t = (e->vsid & SLB_VSID_B) == SLB_VSID_B_1T;
        if (!(e->esid & SLB_ESID_V) || e1t != one_t) {
            continue;
        }
        if ((one_t ? (e->esid >> 40) == (ea >> 40) : (e->esid >> 28) == (ea >> 28))) {
            e->esid &= ~SLB_ESID_V;
        }
    }
    ppc_tlb_flush_segment(cpu, ea, one_t);
}

PPC_INSN(slbie)
{
    uint64_t rb = cpu->gpr[F_RB(insn)];

    ppc_check_priv(cpu);
    /* RB: ESID in bits 0:35, C in 36, the segment size B in 37:38 (Linux's SLBIE_SSIZE_SHIFT 25). */
    slb_invalidate_ea(cpu, rb, ((rb >> 25) & 3) == 1);
    log_mask(LOG_MMU, "mmu: cpu %d slbie %016" PRIx64 "\n", cpu->cs.index, rb);
    return 0;
}

/* slbia: every entry but entry 0 (IH=0 semantics of 2.07). */
PPC_INSN(slbia)
{
    ppc_check_priv(cpu);
    for (int i = 1; i < PPC_SLB_SIZE; i++) {
        cpu->slb[i].esid &= ~SLB_ESID_V;
    }
    log_mask(LOG_MMU, "mmu: cpu %d slbia\n", cpu->cs.index);
    ppc_stat_add(tlb_flush[TLB_FLUSH_SLB], 1);
    ppc_tlb_flush(cpu);
    return 0;
}

PPC_INSN(slbmfee)
{
    int index = cpu->gpr[F_RB(insn)] & 0xfff;

    ppc_check_priv(cpu);
    cpu->gpr[F_RT(insn)] = index < PPC_SLB_SIZE ? cpu->slb[index].esid : 0;
    return 0;
}

PPC_INSN(slbmfev)
{
    int index = cpu->gpr[F_RB(insn)] & 0xfff;

    ppc_check_priv(cpu);
    cpu->gpr[F_RT(insn)] = index < PPC_SLB_SIZE ? cpu->slb[index].vsid : 0;
    return 0;
}

/* slbfee.: find the entry for EA in RB; RT = its VSID image or 0, CR0[EQ] = found. */
PPC_INSN(slbfee)
{
    uint64_t ea = cpu->gpr[F_RB(insn)];
    uint64_t rt = 0;
    bool found = false;

    ppc_check_priv(cpu);
    for (int i = 0; i < PPC_SLB_SIZE; i++) {
        const PPCSlbEntry *e = &cpu->slb[i];
        bool e1t = (e->vsid & SLB_VSID_B) == SLB_VSID_B_1T;
        if ((e->esid & SLB_ESID_V) &&
            (e1t ? (e->esid >> 40) == (ea >> 40) : (e->esid >> 28) == (ea >> 28))) {
            rt = e->vsid;
            found = true;
            break;
        }
    }
    cpu->gpr[F_RT(insn)] = rt;
    ppc_set_crf(cpu, 0, (found ? 2 : 0) | cpu->so);
    return 0;
}

/*
 * A PAPR guest manages the HPT through hypercalls; tlbie still drops cached
 * translations, on every thread as the ISA's broadcast does (Book III 5.9.3.3):
 * other vCPUs' TLBs lose their entries at once, their block lookups before
 * their next block (ppc_tlb_flush_all_cpus).
 */
PPC_INSN(tlbie)
{
    ppc_check_priv(cpu);
    log_mask(LOG_MMU, "mmu: cpu %d tlbie %016" PRIx64 " (all CPUs' TLBs flushed)\n", cpu->cs.index,
             cpu->gpr[F_RB(insn)]);
    ppc_stat_add(tlb_flush[TLB_FLUSH_TLBIE], 1);
    ppc_tlb_flush_all_cpus();
    return 0;
}

PPC_INSN(tlbiel)
{
    ppc_check_priv(cpu);
    log_mask(LOG_MMU, "mmu: cpu %d tlbiel %016" PRIx64 "\n", cpu->cs.index, cpu->gpr[F_RB(insn)]);
    ppc_stat_add(tlb_flush[TLB_FLUSH_TLBIE], 1);
    ppc_tlb_flush(cpu);
    return 0;
}

PPC_INSN(tlbsync)
{
    ppc_check_priv(cpu);
    return 0;
}
