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
    uint64_t calls;         /* for `info hcall` */
    uint64_t failures;      /* calls that returned a negative (error) code */
} SpaprHcall;

#define HCALL_GROUPS_MAX 32

static SpaprHcall hcall_table[SPAPR_HCALL_MAX / 4 + 1];
static SpaprHcall hcall_priv_table[SPAPR_HCALL_PRIV_COUNT];
static const char *hcall_groups[HCALL_GROUPS_MAX + 1];
static uint64_t hcall_unknown_calls;

/*
 * How many argument registers (from r4) each hcall reads and how many result
 * registers it writes, for the hcall log (LoPAPR 14.5.4 call descriptions).
 * Unlisted calls show four of each.
 */
typedef struct HcallShape {
    uint16_t opcode;
    uint8_t nargs, nrets;
} HcallShape;

static const HcallShape hcall_shapes[] = {
    { 0x04, 3, 2 },     /* H_REMOVE: flags, ptex, avpn -> old v, old r */
    { 0x08, 4, 1 },     /* H_ENTER: flags, ptex, v, r -> ptex */
    { 0x0c, 2, 2 },     /* H_READ (H_READ_4 returns eight) */
    { 0x10, 2, 1 },     /* H_CLEAR_MOD */
    { 0x14, 2, 1 },     /* H_CLEAR_REF */
    { 0x18, 3, 0 },     /* H_PROTECT */
    { 0x24, 1, 0 },     /* H_SET_SPRG0 */
    { 0x28, 1, 0 },     /* H_SET_DABR */
    { 0x2c, 3, 0 },     /* H_PAGE_INIT */
    { 0x3c, 2, 1 },     /* H_LOGICAL_CI_LOAD */
    { 0x40, 3, 0 },     /* H_LOGICAL_CI_STORE */
    { 0x54, 1, 3 },     /* H_GET_TERM_CHAR: termno -> count, bytes 0-7, 8-15 */
    { 0x58, 4, 0 },     /* H_PUT_TERM_CHAR: termno, count, bytes 0-7, 8-15 */
    { 0x64, 1, 0 },     /* H_EOI */
    { 0x68, 1, 0 },     /* H_CPPR */
    { 0x6c, 2, 0 },     /* H_IPI */
    { 0x70, 1, 2 },     /* H_IPOLL */
    { 0x74, 0, 1 },     /* H_XIRR */
    { 0xdc, 3, 0 },     /* H_REGISTER_VPA */
    { 0xe0, 0, 0 },     /* H_CEDE */
    { 0xe4, 2, 0 },     /* H_CONFER */
    { 0xe8, 1, 0 },     /* H_PROD */
    { 0x124, 8, 8 },    /* H_BULK_REMOVE: four request/response pairs */
    { 0x2fc, 1, 2 },    /* H_XIRR_X */
    { 0x300, 0, 1 },    /* H_RANDOM */
    { 0x31c, 4, 0 },    /* H_SET_MODE: mflags, resource, value1, value2 */
    { 0xf000, 1, 0 },   /* H_RTAS: the argument buffer */
};

static HcallShape hcall_shape(uint64_t opcode)
{
    for (size_t i = 0; i < G_N_ELEMENTS(hcall_shapes); i++) {
        if (hcall_shapes[i].opcode == opcode) {
            return hcall_shapes[i];
        }
    }
    return (HcallShape){ (uint16_t)opcode, 4, 4 };
}

/* Names of the return codes (Linux arch/powerpc/include/asm/hvcall.h numbering). */
static const struct {
    int64_t code;
    const char *name;
} hcall_ret_names[] = {
    { 0, "H_SUCCESS" }, { 1, "H_BUSY" }, { 2, "H_CLOSED" }, { 3, "H_NOT_AVAILABLE" },
    { 4, "H_CONSTRAINED" }, { 5, "H_PARTIAL" }, { -1, "H_HARDWARE" }, { -2, "H_FUNCTION" },
    { -3, "H_PRIVILEGE" }, { -4, "H_PARAMETER" }, { -5, "H_BAD_MODE" }, { -6, "H_PTEG_FULL" },
    { -7, "H_NOT_FOUND" }, { -9, "H_NO_MEM" }, { -10, "H_AUTHORITY" }, { -11, "H_PERMISSION" },
    { -16, "H_RESOURCE" }, { -54, "H_P1" }, { -55, "H_P2" }, { -56, "H_P3" }, { -57, "H_P4" },
    { -58, "H_P5" }, { -64, "H_TOO_BIG" }, { -75, "H_STATE" }, { -256, "H_UNSUPPORTED_FLAG" },
};

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

static void hcall_log_call(PowerPCCPU *cpu, const char *name, uint64_t opcode, const uint64_t *args)
{
    GString *s = g_string_new(NULL);

    g_string_append_printf(s, "hcall: cpu %d %s (0x%" PRIx64 ") ", cpu->cs.index, name, opcode);
    hcall_log_regs(s, args, hcall_shape(opcode).nargs, 4);
    log_printf("%s\n", s->str);
    g_string_free(s, TRUE);
}

static void hcall_log_return(PowerPCCPU *cpu, const char *name, uint64_t opcode, int64_t ret,
                             const uint64_t *args)
{
    GString *s = g_string_new(NULL);

    g_string_append_printf(s, "hcall: cpu %d %s -> %s (%" PRId64 ")", cpu->cs.index, name,
                           hcall_ret_name(ret), ret);
    if (ret == H_SUCCESS && hcall_shape(opcode).nrets) {
        g_string_append_c(s, ' ');
        hcall_log_regs(s, args, hcall_shape(opcode).nrets, 4);
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

        hcall_unknown_calls++;
        g_snprintf(key, sizeof(key), "hcall:%" PRIx64, opcode);
        log_unimp_once(key, "unimplemented hypercall 0x%" PRIx64 "\n", opcode);
        log_mask(LOG_HCALL, "hcall: cpu %d unknown (0x%" PRIx64 ") -> H_FUNCTION (-2)\n",
                 cpu->cs.index, opcode);
        return H_FUNCTION;
    }
    slot->calls++;
    if (log_enabled(LOG_HCALL)) {
        hcall_log_call(cpu, slot->name, opcode, args);
    }
    ret = slot->fn(m, cpu, opcode, args);
    if (ret < 0) {
        slot->failures++;
    }
    if (log_enabled(LOG_HCALL)) {
        hcall_log_return(cpu, slot->name, opcode, ret, args);
    }
    return ret;
}

static void hcall_print_slot(GString *out, uint64_t opcode, const SpaprHcall *h)
{
    if (h->fn && h->calls) {
        g_string_append_printf(out, "0x%04" PRIx64 " %-26s %12" PRIu64 " %12" PRIu64 "\n", opcode,
                               h->name, h->calls, h->failures);
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

    ppc_stats.hcalls++;
    cpu->gpr[3] = (uint64_t)spapr_hcall_dispatch(m, cpu, cpu->gpr[3], &cpu->gpr[4]);
}
