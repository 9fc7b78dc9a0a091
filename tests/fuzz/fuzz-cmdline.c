/*
 * Fuzz target "cmdline": the command-line parser (core/options.c, with the
 * -netdev/-nic parsing of core/net-config.c and the size and list helpers
 * it uses), as main() calls it. DESIGN.md: an unknown or malformed option is
 * one clear line of error and exit status 1, never a crash, hang or leak.
 * Beyond the sanitizers the target checks that promise itself: the parser
 * fails exactly when it sets an error, and the error is a single line
 * (unless it quotes an argument that holds a newline itself).
 *
 * Input: the arguments after the program name, separated by NUL bytes (as
 * the kernel hands them to main), parsed as one request.
 */
#include <glib.h>

#include "core/options.h"
#include "fuzz-util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    GPtrArray *args = g_ptr_array_new_with_free_func(g_free);
    Options o;
    Error *err = NULL;
    size_t start = 0;
    bool ok;

    g_ptr_array_add(args, g_strdup("ppc64-lite"));
    while (start < size) {
        const uint8_t *nul = memchr(data + start, 0, size - start);
        size_t end = nul ? (size_t)(nul - data) : size;

        g_ptr_array_add(args, g_strndup((const char *)data + start, end - start));
        start = end + 1;
    }
    g_ptr_array_add(args, NULL);

    fuzz_request_begin("parse a command line");
    ok = options_parse((int)args->len - 1, (char **)args->pdata, &o, &err);
    fuzz_request_end();
    if (ok != (err == NULL)) {
        fprintf(stderr, "fuzz: options_parse returned %d with error %s\n", ok,
                err ? error_get_pretty(err) : "(none)");
        abort();
    }
    if (err && strchr(error_get_pretty(err), '\n') && !memchr(data, '\n', size)) {
        fprintf(stderr, "fuzz: a command-line error of more than one line: %s\n",
                error_get_pretty(err));
        abort();
    }
    error_free(err);
    options_free(&o);
    g_ptr_array_free(args, TRUE);
    return 0;
}
