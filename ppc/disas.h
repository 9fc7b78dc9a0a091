/* Disassembly of guest code with capstone, for the monitor (x/i) and -d in_asm. */
#ifndef PPC_DISAS_H
#define PPC_DISAS_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/cpu.h"

/* count instructions at vaddr (through the current translation) into out. */
uint64_t ppc_disas(CPUState *cs, uint64_t vaddr, int count, GString *out);
/* The same at a guest physical address (no translation), in the CPU's byte order. */
uint64_t ppc_disas_phys(CPUState *cs, uint64_t paddr, int count, GString *out);
/* One instruction word: "mnemonic operands", or ".long 0x..." if unknown. */
void ppc_disas_insn(uint32_t insn, uint64_t addr, GString *out);

#endif
