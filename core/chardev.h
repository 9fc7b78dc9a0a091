/*
 * Character devices: the back ends behind -serial, -monitor, -qmp and
 * -chardev (stdio, a file, null, a listening unix or TCP socket) and the stdio
 * multiplexer of -nographic, where Ctrl-A c switches the input focus between
 * the console and the monitor and Ctrl-A x quits.
 *
 * A front end (the vty, the monitor, QMP) attaches with a receive callback
 * and writes with chardev_write(). Input is delivered from the main loop.
 */
#ifndef CORE_CHARDEV_H
#define CORE_CHARDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

typedef struct Chardev Chardev;

typedef enum {
    CHARDEV_OPENED,     /* a client connected (or, for other back ends, at attach) */
    CHARDEV_CLOSED,     /* the client went away; a socket then waits for the next one */
} ChardevEvent;

typedef struct ChardevFrontend {
    /* How many bytes the front end can take now (0 = hold input back). */
    size_t (*can_receive)(void *opaque);
    void (*receive)(void *opaque, const uint8_t *buf, size_t len);
    void *opaque;
    /* Optional: a mux gave this front end the input focus (in) or took it away. */
    void (*focus)(void *opaque, bool in);
    /*
     * Optional: the far end is there (OPENED) or gone (CLOSED). Back ends
     * other than sockets are open from the start: the front end gets OPENED
     * when it attaches. QMP greets on OPENED.
     */
    void (*event)(void *opaque, ChardevEvent ev);
} ChardevFrontend;

/*
 * "stdio", "null", "file:PATH", "pipe:PATH", "mon:stdio", "chardev:ID" (a
 * -chardev made earlier, found by its id), and the sockets
 * "unix:PATH,server=on,wait=off" and "tcp:HOST:PORT,server=on,wait=off"
 * (QEMU's short forms; one client at a time; wait=on, the default, blocks
 * until the first client connects). NULL + errp on a bad spec.
 */
Chardev *chardev_new(const char *spec, Error **errp);
/*
 * -chardev BACKEND,id=ID[,mux=on][,...]: socket (path= or host=/port=,
 * server=on|off, wait=), stdio, null, file (path=, append=), pipe (path=).
 * The chardev is found by chardev_find().
 */
Chardev *chardev_new_opts(const char *arg, Error **errp);
Chardev *chardev_find(const char *id);
/*
 * A front end is attached already (a chardev without mux=on serves one;
 * QEMU's "Device 'ID' is in use"). A mux is never in use.
 */
bool chardev_in_use(Chardev *chr);
/*
 * The stdio multiplexer shared by console and monitor (-nographic, or
 * -serial mon:stdio). Returns the same object on every call.
 */
Chardev *chardev_stdio_mux(void);
void chardev_attach(Chardev *chr, const ChardevFrontend *fe);
/* A mux hands out one attachment point per front end. */
Chardev *chardev_mux_add_frontend(Chardev *mux, const ChardevFrontend *fe);
void chardev_write(Chardev *chr, const uint8_t *buf, size_t len);
void chardev_printf(Chardev *chr, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Pull pending input (called by the main loop; returns true if any came). */
bool chardev_poll_all(void);
/* Restore terminal settings, close sockets (at exit). */
void chardev_cleanup_all(void);

/*
 * A copy of everything written to chr goes to fn too (the monitor's
 * wait-console watches the guest console so). One tap per chardev; NULL
 * removes it.
 */
typedef void ChardevTapFn(void *opaque, const uint8_t *buf, size_t len);
void chardev_set_tap(Chardev *chr, ChardevTapFn *fn, void *opaque);
/*
 * Input as if typed at chr (the monitor's console-send): it reaches the front
 * end attached to chr, or on a mux the first one attached (the console), and
 * skips the mux's Ctrl-A escapes.
 */
void chardev_send_input(Chardev *chr, const uint8_t *buf, size_t len);

/*
 * A back end on file descriptors (-1 = none): reads in_fd, writes out_fd.
 * "stdio" is this on 0/1 (in raw mode on a terminal); tests use pipes.
 */
Chardev *chardev_new_fd(int in_fd, int out_fd);
/* A multiplexer (Ctrl-A escapes) over a back end that has input. */
Chardev *chardev_mux_new(Chardev *backend);
/* Input comes from a terminal (the monitor then prompts and echoes). */
bool chardev_is_interactive(Chardev *chr);
/*
 * Before any chardev exists: "stdio" back ends write stdout but leave stdin
 * alone (someone else reads it: -monitor-script -).
 */
void chardev_stdio_output_only(void);
/* Put the terminal back as it was; async-signal-safe, for signal handlers. */
void chardev_restore_terminal(void);

#endif
