/* Internals of the engine shared by tb.c (the block cache) and exec.c (the loop). */
#ifndef TCG_TB_H
#define TCG_TB_H

#include "tcg/tcg.h"

#define TB_JMP_CACHE_BITS 12
#define TB_JMP_CACHE_SIZE (1u << TB_JMP_CACHE_BITS)

typedef struct TBJmpCache {
    TranslationBlock *entry[TB_JMP_CACHE_SIZE];
} TBJmpCache;

static inline unsigned tb_jmp_cache_index(uint64_t pc)
{
    return (unsigned)((pc >> 2) ^ (pc >> (2 + TB_JMP_CACHE_BITS))) & (TB_JMP_CACHE_SIZE - 1);
}

extern const TCGTarget *tcg_target;

TranslationBlock *tb_lookup_phys(uint64_t pc, uint64_t phys_pc, uint32_t flags);
TranslationBlock *tb_translate(CPUState *cs, uint64_t pc, uint64_t phys_pc, uint32_t flags);
void tb_free_retired(void);

#endif
