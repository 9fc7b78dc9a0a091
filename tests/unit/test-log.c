/* Unit tests for core/log.c: category parsing, help text, -D file, log_unimp_once. */
#include "core/log.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

static void test_parse(void)
{
    uint32_t mask = 0;
    char *err = NULL;

    g_assert_true(log_parse_categories("int,mmu", &mask, &err));
    g_assert_null(err);
    g_assert_cmphex(mask, ==, LOG_INT | LOG_MMU);

    g_assert_true(log_parse_categories("in_asm,exec,cpu,int,mmu,hcall,rtas,unimp,"
                                       "guest_errors,dr", &mask, &err));
    g_assert_cmphex(mask, ==, LOG_IN_ASM | LOG_EXEC | LOG_CPU | LOG_INT | LOG_MMU | LOG_HCALL |
                              LOG_RTAS | LOG_UNIMP | LOG_GUEST_ERROR | LOG_DRC);

    g_assert_true(log_parse_categories("", &mask, &err));
    g_assert_cmphex(mask, ==, 0);

    mask = 0x1234;
    g_assert_false(log_parse_categories("int,bogus", &mask, &err));
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(err, "'bogus'"));
    g_assert_cmphex(mask, ==, 0x1234);   /* untouched on error */
    g_free(err);
}

static void test_help(void)
{
    char *text = log_help_text();
    const char *names[] = { "in_asm", "exec", "cpu", "int", "mmu", "hcall", "rtas", "unimp",
                            "guest_errors", "dr" };

    /* Every category appears at the start of a line, with a description after it. */
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        char *line = g_strdup_printf("\n%s ", names[i]);
        g_assert_nonnull(strstr(text, line));
        g_free(line);
    }
    g_free(text);

    if (g_test_subprocess()) {
        uint32_t mask = 0;
        char *err = (char *)"x";
        g_assert_false(log_parse_categories("help", &mask, &err));
        g_assert_null(err);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_passed();
    g_test_trap_assert_stdout("*guest_errors*");
}

static void test_file_and_unimp(void)
{
    char *path = g_build_filename(g_get_tmp_dir(), "ppc64lite-test-log-XXXXXX", NULL);
    int fd = g_mkstemp(path);
    char *contents = NULL;

    g_assert_cmpint(fd, >=, 0);
    close(fd);
    g_assert_true(log_set_file(path));
    g_assert_false(log_set_file("/nonexistent-dir/x.log"));

    log_set_mask(LOG_INT);
    g_assert_true(log_enabled(LOG_INT));
    g_assert_false(log_enabled(LOG_MMU));
    log_mask(LOG_INT, "interrupt %d\n", 5);
    log_mask(LOG_MMU, "not shown\n");
    log_unimp_once("hcall-0x1", "unimp while disabled\n");

    log_set_mask(LOG_UNIMP);
    log_unimp_once("hcall-0x1", "hcall %#x\n", 1);
    log_unimp_once("hcall-0x1", "hcall %#x again\n", 1);
    log_unimp_once("hcall-0x2", "hcall %#x\n", 2);
    log_flush();

    g_assert_true(g_file_get_contents(path, &contents, NULL, NULL));
    g_assert_cmpstr(contents, ==, "interrupt 5\nhcall 0x1\nhcall 0x2\n");
    g_free(contents);
    log_set_mask(0);
    g_unlink(path);
    g_free(path);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/log/parse", test_parse);
    g_test_add_func("/log/help", test_help);
    g_test_add_func("/log/file-unimp", test_file_and_unimp);
    return g_test_run();
}
