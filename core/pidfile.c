/* -pidfile (see pidfile.h). */
#include "core/pidfile.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *pid_path;
static int pid_fd = -1;

bool pidfile_create(const char *path, Error **errp)
{
    struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
    struct stat st;
    char buf[32];
    int fd, len;

    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        error_setg(errp, "cannot create PID file: Could not create '%s': %s", path,
                   g_strerror(errno));
        return false;
    }
    /*
     * Only a regular file: the failure path and the exit unlink PATH, and
     * -pidfile /dev/null run as root would remove the device (QEMU 7.2 fails
     * at the truncation and unlinks it).
     */
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        error_setg(errp, "cannot create PID file: '%s' is not a regular file", path);
        close(fd);
        return false;
    }
    /* Another emulator holding the lock keeps its file: ours must not touch it. */
    if (fcntl(fd, F_SETLK, &lock) < 0) {
        error_setg(errp, "cannot create PID file: Cannot lock pid file: %s", g_strerror(errno));
        close(fd);
        return false;
    }
    len = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
    if (ftruncate(fd, 0) < 0 || write(fd, buf, (size_t)len) != len) {
        error_setg(errp, "cannot create PID file: Failed to write '%s': %s", path,
                   g_strerror(errno));
        close(fd);
        unlink(path);
        return false;
    }
    pid_fd = fd;        /* open until the end: it holds the lock */
    pid_path = g_strdup(path);
    return true;
}

void pidfile_remove(void)
{
    if (pid_path) {
        unlink(pid_path);
        close(pid_fd);
        pid_fd = -1;
        g_clear_pointer(&pid_path, g_free);
    }
}
