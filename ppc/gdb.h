/*
 * The POWER registers as gdb sees them: the target description (features
 * org.gnu.gdb.power.core/.fpu/.altivec/.vsx, gdb's rs6000 numbering) and raw
 * register access for the gdb stub through CPUOps.
 */
#ifndef PPC_GDB_H
#define PPC_GDB_H

#include <glib.h>
#include <stdint.h>

#include "core/cpu.h"

/* gdb's register numbers for a 64-bit POWER with VSX (features/rs6000/powerpc-vsx64). */
enum {
    PPC_GDB_R0 = 0,
    PPC_GDB_F0 = 32,
    PPC_GDB_PC = 64, PPC_GDB_MSR, PPC_GDB_CR, PPC_GDB_LR, PPC_GDB_CTR, PPC_GDB_XER,
    PPC_GDB_FPSCR = 70,
    PPC_GDB_VR0 = 71,
    PPC_GDB_VSCR = 103, PPC_GDB_VRSAVE,
    PPC_GDB_VS0H = 105,
    PPC_GDB_NUM_REGS = 137,
};

/* "target.xml" (the only annex), or NULL. */
const char *ppc_gdb_target_xml(const char *annex);
/*
 * Append register reg in the guest's current byte order (MSR[LE]) and return
 * its size in bytes; 0 for an unknown register.
 */
int ppc_gdb_read_register(CPUState *cs, GByteArray *buf, int reg);
/* Set register reg from its bytes in the current byte order; returns its size or 0. */
int ppc_gdb_write_register(CPUState *cs, const uint8_t *buf, int reg);

#endif
