/*
 * The instruction decoder: the .def lines (ppc/insn-all.def) expanded at
 * start-up into one 2048-entry table per primary opcode, indexed by the low
 * 11 bits of the word (Power ISA 2.07B Book I 1.6: every extended opcode of
 * the forms we decode sits in bits 21:31). See ppc/insn.h for the format and
 * STYLE-ANCHORS.md section 4 for why it is a table and not a switch.
 */
#include <glib.h>

#include "ppc/insn.h"

#define EXT_SIZE 2048

static const PPCInsnDef insn_table[] = {
#define INSN(n, op, x, m, f) { .name = #n, .opcd = op, .xo = x, .mask = m, .flags = f, .fn = op_##n },
#include "ppc/insn-all.def"
#undef INSN
};

/* Primaries without any instruction share one all-NULL table, so a lookup
 * is always two loads and no branch. */
static const PPCInsnDef *no_entries[EXT_SIZE];
static const PPCInsnDef **primary[64] = { [0 ... 63] = no_entries };
static bool decode_ready;

const PPCInsnDef *ppc_insn_table(size_t *count)
{
    *count = G_N_ELEMENTS(insn_table);
    return insn_table;
}

const PPCInsnDef *ppc_decode(uint32_t insn)
{
    return primary[insn >> 26][insn & (EXT_SIZE - 1)];
}

static void decode_free(void)
{
    for (int op = 0; op < 64; op++) {
        if (primary[op] != no_entries) {
            g_free(primary[op]);
        }
        primary[op] = no_entries;
    }
}

static bool add_entry(const PPCInsnDef *d, char **err)
{
    if (d->opcd >= 64 || d->mask >= EXT_SIZE || (d->xo & ~d->mask)) {
        *err = g_strdup_printf("decode: %s has a bad encoding (opcd %u xo %#x mask %#x)",
                               d->name, d->opcd, d->xo, d->mask);
        return false;
    }
    if (primary[d->opcd] == no_entries) {
        primary[d->opcd] = g_new0(const PPCInsnDef *, EXT_SIZE);
    }
    const PPCInsnDef **t = primary[d->opcd];
    for (unsigned idx = 0; idx < EXT_SIZE; idx++) {
        if ((idx & d->mask) != d->xo) {
            continue;
        }
        if (t[idx]) {
            *err = g_strdup_printf("decode: %s and %s both claim opcd %u, low bits %#x",
                                   t[idx]->name, d->name, d->opcd, idx);
            return false;
        }
        t[idx] = d;
    }
    return true;
}

bool ppc_decode_init(char **err)
{
    if (decode_ready) {
        return true;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(insn_table); i++) {
        if (!add_entry(&insn_table[i], err)) {
            decode_free();
            return false;
        }
    }
    decode_ready = true;
    return true;
}

int op_illegal(CPUState *cs, uint32_t insn)
{
    ppc_raise_program(POWERPC_CPU(cs), SRR1_PROGILL);
}
