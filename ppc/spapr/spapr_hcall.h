/*
 * The hypercall table (spapr_hcall.c): how a subsystem registers the
 * hypercalls it serves (LoPAPR 14), how the vCPU's sc 1 reaches them, and
 * the counters behind `info hcall`. The opcodes and H_* statuses are in
 * papr.h, which this includes for every handler.
 */
#ifndef PPC_SPAPR_SPAPR_HCALL_H
#define PPC_SPAPR_SPAPR_HCALL_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#include "ppc/cpu.h"
#include "ppc/spapr/papr.h"

typedef struct Machine SpaprMachine;     /* spapr_machine.h */

#define SPAPR_HCALL_MAX 0x480               /* last architected opcode we index */
#define SPAPR_HCALL_PRIV_BASE H_PRIVATE_BASE
#define SPAPR_HCALL_PRIV_COUNT 0x100
#define SPAPR_HCALL_ARG_REGS 9              /* r4..r12 */

/* args = r4..r12; outputs go back into args[0..]. Returns the status for r3. */
typedef int64_t (*SpaprHcallFn)(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode,
                                uint64_t *args);

/*
 * One hypercall as its subsystem registers it: the opcode, its name, the
 * handler, the ibm,hypertas-functions group that advertises it (NULL: none),
 * and its shape, how many argument registers it reads and result registers
 * it writes on success, both counted from r4 (LoPAPR 14 call descriptions).
 * The shape is what the hcall log shows.
 */
typedef struct SpaprHcallDef {
    uint64_t opcode;
    const char *name;
    SpaprHcallFn fn;
    const char *group;
    uint8_t nargs;
    uint8_t nrets;
} SpaprHcallDef;

/* A table entry named after its opcode's macro: SPAPR_HCALL(H_CEDE, h_cede, "hcall-splpar", 0, 0). */
#define SPAPR_HCALL(op, fn, group, nargs, nrets) { (op), #op, (fn), (group), (nargs), (nrets) }

/* Register a subsystem's table (kept by reference: make it static const). */
void spapr_register_hcalls(const SpaprHcallDef *defs, size_t n);
#define SPAPR_REGISTER_HCALLS(table) spapr_register_hcalls((table), sizeof(table) / sizeof((table)[0]))
/* PPCHypervisor.hypercall: r3 = opcode, r4.. = args; r3 <- status. */
void spapr_hypercall(PowerPCCPU *cpu);
int64_t spapr_hcall_dispatch(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args);
/* The registration of opcode, or NULL. */
const SpaprHcallDef *spapr_hcall_lookup(uint64_t opcode);
/* The distinct hypertas groups of registered hcalls, in registration order, NULL-terminated. */
const char *const *spapr_hcall_groups(void);
/* `info hcall`: one line per hcall made so far (calls, error returns) and a total. */
void spapr_hcall_print_counters(GString *out);
/* How many times opcode was called (0 for an unknown opcode). */
uint64_t spapr_hcall_count(uint64_t opcode);

#endif
