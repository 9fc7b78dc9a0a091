/*
 * isa-insns: the decode table (ppc/insn.h) for the harness scripts.
 *   isa-insns list      one line per table entry: name opcd xo mask
 *   isa-insns decode    reads hex instruction words (one per line) on stdin and
 *                       prints, per word, the entry's name or "-" if illegal
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ppc/insn.h"

int main(int argc, char **argv)
{
    char *err = NULL;

    if (argc != 2 || (strcmp(argv[1], "list") && strcmp(argv[1], "decode"))) {
        fprintf(stderr, "usage: isa-insns list|decode\n");
        return 2;
    }
    if (!ppc_decode_init(&err)) {
        fprintf(stderr, "isa-insns: %s\n", err);
        return 1;
    }
    if (!strcmp(argv[1], "list")) {
        size_t n;
        const PPCInsnDef *t = ppc_insn_table(&n);
        for (size_t i = 0; i < n; i++) {
            printf("%s %u 0x%03x 0x%03x\n", t[i].name, t[i].opcd, t[i].xo, t[i].mask);
        }
        return 0;
    }
    char line[64];
    while (fgets(line, sizeof(line), stdin)) {
        char *end;
        unsigned long w = strtoul(line, &end, 16);
        if (end == line) {
            printf("?\n");
            continue;
        }
        const PPCInsnDef *d = ppc_decode((uint32_t)w);
        printf("%s\n", d ? d->name : "-");
    }
    return 0;
}
