/*
 * The hashed page table as the hypervisor keeps it (Book III 5.7.7): PTEGs
 * of 8 HPTEs of two doublewords, here stored in host byte order because the
 * guest only ever sees them through hypercalls. Shared by the MMU walk
 * (ppc/mmu.c) and the MMU hypercalls (ppc/spapr).
 */
#ifndef PPC_MMU_HASH_H
#define PPC_MMU_HASH_H

#include <stdint.h>

/* HPTE doubleword 0 (V) */
#define HPTE_V_B_MASK     0xc000000000000000ull
#define HPTE_V_B_1T       0x4000000000000000ull
#define HPTE_V_AVPN       0x3fffffffffffff80ull
#define HPTE_V_BOLTED     0x0000000000000010ull
#define HPTE_V_LOCK       0x0000000000000008ull
#define HPTE_V_LARGE      0x0000000000000004ull
#define HPTE_V_SECONDARY  0x0000000000000002ull
#define HPTE_V_VALID      0x0000000000000001ull
/* what a lookup compares: B, AVPN, H and V (bits 6:2 are ignored) */
#define HPTE_V_COMPARE    0xffffffffffffff83ull
/* HPTE doubleword 1 (R) */
#define HPTE_R_PP0        0x8000000000000000ull
#define HPTE_R_TS         0x4000000000000000ull
#define HPTE_R_KEY_HI     0x3000000000000000ull
#define HPTE_R_RPN        0x0ffffffffffff000ull
#define HPTE_R_KEY_LO     0x0000000000000e00ull
#define HPTE_R_R          0x0000000000000100ull
#define HPTE_R_C          0x0000000000000080ull
#define HPTE_R_W          0x0000000000000040ull
#define HPTE_R_I          0x0000000000000020ull
#define HPTE_R_M          0x0000000000000010ull
#define HPTE_R_G          0x0000000000000008ull
#define HPTE_R_N          0x0000000000000004ull
#define HPTE_R_PP         0x0000000000000003ull

#define HPTES_PER_GROUP 8
#define HPTE_SIZE       16

static inline uint64_t *hpte_ptr(uint8_t *htab, uint64_t ptex)
{
    return (uint64_t *)(htab + ptex * HPTE_SIZE);
}

/*
 * Page size of an HPTE: the base page shift of its segment picks the valid
 * (actual shift, LP code) pairs, as advertised in ibm,segment-page-sizes.
 * Returns the page shift, or 0 if the encoding is not valid for that base.
 */
unsigned hpte_page_shift(unsigned base_shift, uint64_t v, uint64_t r);

#endif
