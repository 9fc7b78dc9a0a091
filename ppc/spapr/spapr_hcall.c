/*
 * The hypercall table (LoPAPR 14, "hcall" interface): one flat array indexed
 * by opcode / 4 for the architected range, and a small side table for the
 * private 0xf000 range (our "enter RTAS" call lives there, like QEMU's
 * KVMPPC_H_RTAS). The same table gives /rtas/ibm,hypertas-functions: a group
 * string is advertised as soon as one hcall of that group is registered.
 * Each handler lives with the subsystem it serves and registers itself here.
 */
#include "ppc/spapr/spapr.h"

#include <glib.h>
#include <inttypes.h>

#include "core/log.h"
#include "ppc/stats.h"

typedef struct SpaprHcall {
    const char *name;
    SpaprHcallFn fn;
    const char *group;
} SpaprHcall;

#define HCALL_GROUPS_MAX 32

static SpaprHcall hcall_table[SPAPR_HCALL_MAX / 4 + 1];
static SpaprHcall hcall_priv_table[SPAPR_HCALL_PRIV_COUNT];
static const char *hcall_groups[HCALL_GROUPS_MAX + 1];

static SpaprHcall *hcall_slot(uint64_t opcode)
{
    if (opcode <= SPAPR_HCALL_MAX && (opcode & 3) == 0) {
        return &hcall_table[opcode / 4];
    }
    if (opcode >= SPAPR_HCALL_PRIV_BASE && opcode < SPAPR_HCALL_PRIV_BASE + SPAPR_HCALL_PRIV_COUNT) {
        return &hcall_priv_table[opcode - SPAPR_HCALL_PRIV_BASE];
    }
    return NULL;
}

static void hcall_add_group(const char *group)
{
    int i;

    for (i = 0; hcall_groups[i]; i++) {
        if (g_str_equal(hcall_groups[i], group)) {
            return;
        }
    }
    g_assert(i < HCALL_GROUPS_MAX);
    hcall_groups[i] = group;
}

void spapr_register_hcall(uint64_t opcode, const char *name, SpaprHcallFn fn, const char *group)
{
    SpaprHcall *slot = hcall_slot(opcode);

    /* A bad or duplicate number is a programming error in the emulator, not guest input. */
    g_assert(slot && fn);
    g_assert(!slot->fn || slot->fn == fn);
    slot->name = name;
    slot->fn = fn;
    slot->group = group;
    if (group) {
        hcall_add_group(group);
    }
}

const char *const *spapr_hcall_groups(void)
{
    return hcall_groups;
}

int64_t spapr_hcall_dispatch(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    SpaprHcall *slot = hcall_slot(opcode);
    int64_t ret;

    if (!slot || !slot->fn) {
        char key[32];

        g_snprintf(key, sizeof(key), "hcall:%" PRIx64, opcode);
        log_unimp_once(key, "unimplemented hypercall 0x%" PRIx64 "\n", opcode);
        log_mask(LOG_HCALL, "hcall 0x%" PRIx64 " (unknown) -> H_FUNCTION\n", opcode);
        return H_FUNCTION;
    }
    if (log_enabled(LOG_HCALL)) {
        log_printf("hcall %s(0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64 ")\n",
                   slot->name, args[0], args[1], args[2], args[3]);
    }
    ret = slot->fn(m, cpu, opcode, args);
    if (log_enabled(LOG_HCALL)) {
        log_printf("hcall %s -> %" PRId64 " [r4 0x%" PRIx64 " r5 0x%" PRIx64 " r6 0x%" PRIx64 "]\n",
                   slot->name, ret, args[0], args[1], args[2]);
    }
    return ret;
}

void spapr_hypercall(PowerPCCPU *cpu)
{
    SpaprMachine *m = cpu->vhyp->opaque;

    ppc_stats.hcalls++;
    cpu->gpr[3] = (uint64_t)spapr_hcall_dispatch(m, cpu, cpu->gpr[3], &cpu->gpr[4]);
}
