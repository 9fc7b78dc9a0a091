/*
 * Decoder tests: every table entry decodes back to itself, unlisted encodings
 * give NULL, op_illegal raises the illegal-instruction program interrupt, and
 * the mnemonics agree with capstone's (an independent PowerPC disassembler).
 */
#include <capstone/capstone.h>
#include <glib.h>
#include <string.h>

#include "ppc-test-cpu.h"

static void test_init(void)
{
    char *err = NULL;
    g_assert_true(ppc_decode_init(&err));
    g_assert_null(err);
    /* idempotent */
    g_assert_true(ppc_decode_init(&err));
}

static void test_roundtrip(void)
{
    size_t n;
    const PPCInsnDef *t = ppc_insn_table(&n);
    g_assert_cmpuint(n, >, 200);
    for (size_t i = 0; i < n; i++) {
        uint32_t word = (uint32_t)t[i].opcd << 26 | t[i].xo;
        if (ppc_decode(word) != &t[i]) {
            g_error("%s (%#010x) decodes to %s", t[i].name, word,
                    ppc_decode(word) ? ppc_decode(word)->name : "nothing");
        }
        /* bits outside the mask are operands: they must not change the verdict */
        uint32_t operands = 0x03fff800u | (~t[i].mask & 0x7ffu);
        g_assert_true(ppc_decode(word | operands) == &t[i]);
        g_assert_nonnull(t[i].fn);
    }
}

static void test_unlisted(void)
{
    static const uint32_t words[] = {
        0x00000000,             /* primary 0 */
        0x04000000 | 0x7ff,     /* primary 1 */
        0x7c000400,             /* 31/512: mcrxr is gone from 64-bit ISA 2.07 */
        0x7c000496 | 0x400,     /* mulhw with OE=1 */
        0x7c00012c,             /* 31/150 with Rc=0: only stwcx. exists */
        0x7c00007c,             /* wait (31/62): not a POWER8 (2.07 server) instruction */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(words); i++) {
        const PPCInsnDef *d = ppc_decode(words[i]);
        if (d) {
            g_error("%#010x decodes to %s", words[i], d->name);
        }
    }
}

static void test_illegal_raises(void)
{
    PowerPCCPU *cpu = fake_cpu_new();
    /* op_illegal is what the translator plants for undecodable words */
    g_assert_cmpint(fake_call(cpu, op_illegal, 0), ==, FAKE_RAISED);
    g_assert_cmphex(cpu->cs.pc, ==, EXCP_PROGRAM);
    g_assert_cmphex(cpu->spr[SPR_SRR0], ==, 0x1000);
    g_assert_cmphex(fake_srr1_cause(cpu), ==, SRR1_PROGILL);
    fake_cpu_free(cpu);
}

/* Our names spell Rc-only forms as name_rc; capstone appends '.', 'o', '.'/'o.' for Rc/OE. */
static void base_name(const char *in, char *out, size_t len)
{
    g_strlcpy(out, in, len);
    char *p = strstr(out, "_rc");
    if (p) {
        *p = 0;
    }
    size_t l = strlen(out);
    if (l && out[l - 1] == '.') {
        out[--l] = 0;
    }
}

/*
 * Capstone rejects words with reserved bits set, and which fields are
 * operands differs per form, so try a few operand fillings, from busy to
 * bare, and compare the first one it decodes.
 */
static const uint32_t operand_fill[] = {
    3u << 21 | 4u << 16 | 5u << 11,
    3u << 21 | 4u << 16,
    3u << 21 | 5u << 11,
    4u << 16 | 5u << 11,
    3u << 21,
    4u << 16,
    0,
};

/*
 * Capstone prints the ISA's simplified mnemonics for some of our fillings
 * (BO = 0b00011 is "bdzf", L = 0 compares are "cmpw", rotates with mb = 0
 * are "rotld"), an old POWER name ("cntlz") or the Book E name of the same
 * opcode ("mbar" for eieio); xxpermdi with DM = 0 is "xxmrghd".
 */
static const struct {
    const char *ours, *capstone;
} aliases[] = {
    { "bc", "bdzf" }, { "bcl", "bdzfl" }, { "bca", "bdzfa" }, { "bcla", "bdzfla" },
    { "bclr", "bdzflr" }, { "bclrl", "bdzflrl" }, { "bcctr", "bdzfctr" }, { "bcctrl", "bdzfctrl" },
    { "cmp", "cmpw" }, { "cmpi", "cmpwi" }, { "cmpl", "cmplw" }, { "cmpli", "cmplwi" },
    { "cntlzw", "cntlz" }, { "rldicl", "rotldi" }, { "rldcl", "rotld" }, { "eieio", "mbar" },
    { "xxpermdi", "xxmrghd" },
};

static bool same_insn(const char *ours, const char *theirs)
{
    if (!strcmp(ours, theirs)) {
        return true;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(aliases); i++) {
        if (!strcmp(ours, aliases[i].ours) && !strcmp(theirs, aliases[i].capstone)) {
            return true;
        }
    }
    return false;
}

static void test_capstone(void)
{
    csh h;
    g_assert_cmpint(cs_open(CS_ARCH_PPC, CS_MODE_64 | CS_MODE_BIG_ENDIAN, &h), ==, CS_ERR_OK);
    size_t n;
    const PPCInsnDef *t = ppc_insn_table(&n);
    int checked = 0, bad = 0;
    for (size_t i = 0; i < n; i++) {
        char ours[32], theirs[32];
        base_name(t[i].name, ours, sizeof(ours));
        bool done = false;
        for (size_t f = 0; f < G_N_ELEMENTS(operand_fill) && !done; f++) {
            uint32_t word = (uint32_t)t[i].opcd << 26 | t[i].xo | operand_fill[f];
            uint8_t be[4] = { word >> 24, word >> 16, word >> 8, word };
            cs_insn *insn;
            size_t cnt = cs_disasm(h, be, 4, 0x1000, 1, &insn);
            if (cnt != 1) {
                continue;
            }
            base_name(insn->mnemonic, theirs, sizeof(theirs));
            if (!same_insn(ours, theirs)) {
                g_printerr("%s %#010x: capstone says %s %s\n", t[i].name, word, insn->mnemonic,
                           insn->op_str);
                bad++;
            }
            checked++;
            done = true;
            cs_free(insn, cnt);
        }
        if (!done) {
            /* capstone 4 lacks many ISA 2.06/2.07 additions (divde, lq, lbarx, bctar...) */
            g_test_message("%s: capstone cannot decode it", t[i].name);
        }
    }
    cs_close(&h);
    g_test_message("capstone checked %d of %zu entries", checked, n);
    g_assert_cmpint(bad, ==, 0);
    g_assert_cmpint(checked, >=, (int)n * 3 / 4);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/decode/init", test_init);
    g_test_add_func("/decode/roundtrip", test_roundtrip);
    g_test_add_func("/decode/unlisted", test_unlisted);
    g_test_add_func("/decode/illegal", test_illegal_raises);
    g_test_add_func("/decode/capstone", test_capstone);
    return g_test_run();
}
