/* Firmware look-up by name (see datadir.h). */
#include "core/datadir.h"

#include <unistd.h>

static char *in_dir(const char *dir, const char *name)
{
    char *path = g_build_filename(dir, name, NULL);

    if (g_file_test(path, G_FILE_TEST_IS_REGULAR) && access(path, R_OK) == 0) {
        return path;
    }
    g_free(path);
    return NULL;
}

char *datadir_find(const char *name, const GPtrArray *dirs)
{
    return access(name, R_OK) == 0 ? g_strdup(name) : datadir_find_in_dirs(name, dirs);
}

char *datadir_find_in_dirs(const char *name, const GPtrArray *dirs)
{
    char *path;

    for (guint i = 0; dirs && i < dirs->len; i++) {
        if ((path = in_dir(dirs->pdata[i], name))) {
            return path;
        }
    }
    return in_dir(PPC64LITE_BIOS_DIR, name);
}
