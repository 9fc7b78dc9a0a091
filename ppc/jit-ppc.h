/* Native code for POWER instructions: the TCGTarget.jit_insn hook (ppc/jit-ppc.c). */
#ifndef PPC_JIT_PPC_H
#define PPC_JIT_PPC_H

#include "tcg/tcg.h"

/* A block's flags (ppc/translate.c ppc_tb_flags): MSR[LE, IR, DR, PR], and this for MSR[SF]. */
#define FLAG_SF 0x80000000u

JitInsnResult ppc_jit_insn(JitEmitter *e, const TranslationBlock *tb, uint32_t i);
/* TCGTarget.jit_cold: the slow paths the block's instructions set aside. */
void ppc_jit_cold(JitEmitter *e, const TranslationBlock *tb);

#endif
