/*
 * The hypercall table (LoPAPR 14, "hcall" interface): one flat array indexed
 * by opcode / 4 for the architected range, and a small side table for the
 * private 0xf000 range (our "enter RTAS" call lives there, like QEMU's
 * KVMPPC_H_RTAS). The same table gives /rtas/ibm,hypertas-functions: a group
 * string is advertised as soon as one hcall of that group is registered.
 * Each handler lives with the subsystem it serves, which registers a table
 * of SpaprHcallDef: opcode, name, handler, group and shape together.
 */
#include "ppc/spapr/spapr_hcall.h"

#include <glib.h>
#include <inttypes.h>

#include "core/log.h"
#include "ppc/stats.h"

typedef struct SpaprHcall {
    const SpaprHcallDef *def;   /* NULL: not registered */
    uint64_t calls;             /* for `info hcall` */
    uint64_t failures;          /* calls that returned a negative (error) code */
} SpaprHcall;

#define HCALL_GROUPS_MAX 32

static SpaprHcall hcall_table[SPAPR_HCALL_MAX / 4 + 1];
static SpaprHcall hcall_priv_table[SPAPR_HCALL_PRIV_COUNT];
static const char *hcall_groups[HCALL_GROUPS_MAX + 1];
static uint64_t hcall_unknown_calls;

/* Names of the statuses for the log, spelled by the macros themselves. */
#define HRET(code) { code, #code }
static const struct {
    int64_t code;
    const char *name;
} hcall_ret_names[] = {
    HRET(H_SUCCESS), HRET(H_BUSY), HRET(H_CLOSED), HRET(H_NOT_AVAILABLE), HRET(H_CONSTRAINED),
    HRET(H_PARTIAL), HRET(H_HARDWARE), HRET(H_FUNCTION), HRET(H_PRIVILEGE), HRET(H_PARAMETER),
    HRET(H_BAD_MODE), HRET(H_PTEG_FULL), HRET(H_NOT_FOUND), HRET(H_NO_MEM), HRET(H_AUTHORITY),
    HRET(H_PERMISSION), HRET(H_RESOURCE), HRET(H_P1), HRET(H_P2), HRET(H_P3), HRET(H_P4),
    HRET(H_P5), HRET(H_TOO_BIG), HRET(H_STATE), HRET(H_UNSUPPORTED_FLAG),
};
#undef HRET

static const char *hcall_ret_name(int64_t ret)
{
    for (size_t i = 0; i < G_N_ELEMENTS(hcall_ret_names); i++) {
        if (hcall_ret_names[i].code == ret) {
            return hcall_ret_names[i].name;
        }
    }
    return "?";
}

static void hcall_log_regs(GString *s, const uint64_t *regs, unsigned n, unsigned first_reg)
{
    for (unsigned i = 0; i < n; i++) {
        g_string_append_printf(s, "%sr%u=0x%" PRIx64, i ? " " : "", first_reg + i, regs[i]);
    }
}

static void hcall_log_call(PowerPCCPU *cpu, const SpaprHcallDef *def, const uint64_t *args)
{
    GString *s = g_string_new(NULL);

    g_string_append_printf(s, "hcall: cpu %d %s (0x%" PRIx64 ") ", cpu->cs.index, def->name,
                           def->opcode);
    hcall_log_regs(s, args, def->nargs, 4);
    log_printf("%s\n", s->str);
    g_string_free(s, TRUE);
}

static void hcall_log_return(PowerPCCPU *cpu, const SpaprHcallDef *def, int64_t ret,
                             const uint64_t *args)
{
    GString *s = g_string_new(NULL);

    g_string_append_printf(s, "hcall: cpu %d %s -> %s (%" PRId64 ")", cpu->cs.index, def->name,
                           hcall_ret_name(ret), ret);
    if (ret == H_SUCCESS && def->nrets) {
        g_string_append_c(s, ' ');
        hcall_log_regs(s, args, def->nrets, 4);
    }
    log_printf("%s\n", s->str);
    g_string_free(s, TRUE);
}

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

void spapr_register_hcalls(const SpaprHcallDef *defs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const SpaprHcallDef *def = &defs[i];
        SpaprHcall *slot = hcall_slot(def->opcode);

        /* A bad or duplicate number, or a shape beyond r12, is a bug in the emulator, not guest input. */
        g_assert(slot && def->fn && def->name);
        g_assert(!slot->def || slot->def == def);
        g_assert(def->nargs <= SPAPR_HCALL_ARG_REGS && def->nrets <= SPAPR_HCALL_ARG_REGS);
        slot->def = def;
        if (def->group) {
            hcall_add_group(def->group);
        }
    }
}

const SpaprHcallDef *spapr_hcall_lookup(uint64_t opcode)
{
    SpaprHcall *slot = hcall_slot(opcode);

    return slot ? slot->def : NULL;
}

const char *const *spapr_hcall_groups(void)
{
    return hcall_groups;
}

int64_t spapr_hcall_dispatch(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    SpaprHcall *slot = hcall_slot(opcode);
    int64_t ret;

    if (!slot || !slot->def) {
        char key[32];

        hcall_unknown_calls++;
        g_snprintf(key, sizeof(key), "hcall:%" PRIx64, opcode);
        log_unimp_once(key, "unimplemented hypercall 0x%" PRIx64 "\n", opcode);
        log_mask(LOG_HCALL, "hcall: cpu %d unknown (0x%" PRIx64 ") -> H_FUNCTION (-2)\n",
                 cpu->cs.index, opcode);
        return H_FUNCTION;
    }
    slot->calls++;
    if (log_enabled(LOG_HCALL)) {
        hcall_log_call(cpu, slot->def, args);
    }
    ret = slot->def->fn(m, cpu, opcode, args);
    if (ret < 0) {
        slot->failures++;
    }
    if (log_enabled(LOG_HCALL)) {
        hcall_log_return(cpu, slot->def, ret, args);
    }
    return ret;
}

static void hcall_print_slot(GString *out, uint64_t opcode, const SpaprHcall *h)
{
    if (h->def && h->calls) {
        g_string_append_printf(out, "0x%04" PRIx64 " %-26s %12" PRIu64 " %12" PRIu64 "\n", opcode,
                               h->def->name, h->calls, h->failures);
    }
}

void spapr_hcall_print_counters(GString *out)
{
    uint64_t total = hcall_unknown_calls;

    g_string_append_printf(out, "opcode name                              calls       errors\n");
    for (size_t i = 0; i < G_N_ELEMENTS(hcall_table); i++) {
        hcall_print_slot(out, 4 * i, &hcall_table[i]);
        total += hcall_table[i].calls;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(hcall_priv_table); i++) {
        hcall_print_slot(out, SPAPR_HCALL_PRIV_BASE + i, &hcall_priv_table[i]);
        total += hcall_priv_table[i].calls;
    }
    if (hcall_unknown_calls) {
        g_string_append_printf(out, "       %-26s %12" PRIu64 "\n", "(unimplemented)",
                               hcall_unknown_calls);
    }
    g_string_append_printf(out, "total: %" PRIu64 " hypercall(s)\n", total);
}

uint64_t spapr_hcall_count(uint64_t opcode)
{
    SpaprHcall *slot = hcall_slot(opcode);

    return slot ? slot->calls : 0;
}

void spapr_hypercall(PowerPCCPU *cpu)
{
    SpaprMachine *m = cpu->vhyp->opaque;

    ppc_stat_add(hcalls, 1);
    cpu->gpr[3] = (uint64_t)spapr_hcall_dispatch(m, cpu, cpu->gpr[3], &cpu->gpr[4]);
}
