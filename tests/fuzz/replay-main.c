/*
 * The main() that turns a fuzz target into a regression test in the normal
 * (gcc, Release or Asan) builds: every file given, or every file in every
 * directory given, is passed to the target once, in name order. An empty
 * corpus is a failure, so the test cannot pass by running nothing.
 * Files the inputs make the emulator write (memsave) get the size limit
 * tests/fuzz/run.sh gives them: 8 MiB, a larger write failing with EFBIG.
 */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/resource.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static int run_file(const char *path)
{
    gchar *data;
    gsize len;
    GError *err = NULL;

    if (!g_file_get_contents(path, &data, &len, &err)) {
        fprintf(stderr, "replay: %s\n", err->message);
        g_error_free(err);
        return -1;
    }
    LLVMFuzzerTestOneInput((const uint8_t *)data, len);
    g_free(data);
    return 1;
}

static gint by_name(gconstpointer a, gconstpointer b)
{
    return g_strcmp0(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    int n = 0;
    struct rlimit fsize = { 8 << 20, 8 << 20 };

    if (setrlimit(RLIMIT_FSIZE, &fsize) != 0) {
        perror("replay: setrlimit");
        return 1;
    }
    LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++) {
        GDir *dir = g_dir_open(argv[i], 0, NULL);
        GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
        const char *name;

        if (!dir) {
            g_ptr_array_add(names, g_strdup(argv[i]));
        }
        while (dir && (name = g_dir_read_name(dir))) {
            g_ptr_array_add(names, g_build_filename(argv[i], name, NULL));
        }
        if (dir) {
            g_dir_close(dir);
        }
        g_ptr_array_sort(names, by_name);
        for (guint j = 0; j < names->len; j++) {
            int r = run_file(names->pdata[j]);

            if (r < 0) {
                g_ptr_array_free(names, TRUE);
                return 1;
            }
            n += r;
        }
        g_ptr_array_free(names, TRUE);
    }
    printf("replay: %d input(s) ran without a finding\n", n);
    return n ? 0 : 1;
}
