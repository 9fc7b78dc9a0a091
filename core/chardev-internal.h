/*
 * Between the character back-end files only (chardev.c, chardev-socket.c,
 * chardev-opts.c): the Chardev object and the calls they make on each other.
 * Front ends use chardev.h.
 */
#ifndef CORE_CHARDEV_INTERNAL_H
#define CORE_CHARDEV_INTERNAL_H

#include <glib.h>

#include "core/chardev.h"

#define MUX_MAX_PORTS 4

typedef enum {
    CHR_NULL,
    CHR_FD,         /* stdio, file:, or a pair of descriptors */
    CHR_MUX,
    CHR_MUX_PORT,   /* one front end's attachment to a mux */
    CHR_SOCKET,     /* a listening socket and at most one accepted client (in_fd = out_fd) */
} ChardevKind;

struct Chardev {
    ChardevKind kind;
    char *id;               /* -chardev id=..., or NULL */
    /* CHR_FD, and CHR_SOCKET while a client is connected */
    int in_fd, out_fd;
    bool close_fds;
    bool is_tty;
    bool in_eof;
    guint watch;
    Chardev *mux;           /* CHR_FD: the mux reading it; CHR_MUX_PORT: its mux */
    /* CHR_FD/CHR_SOCKET without a mux, CHR_MUX_PORT: the front end and its pending input */
    ChardevFrontend fe;
    GByteArray *queue;
    /* CHR_MUX */
    Chardev *backend;
    Chardev *ports[MUX_MAX_PORTS];
    int nports, focus;
    bool escape;
    /* CHR_SOCKET */
    int listen_fd;
    guint listen_watch;
    char *unix_path;        /* removed at clean-up, as QEMU does */
    char *desc;             /* "unix:PATH" or "tcp:HOST:PORT", for messages */
    /* Everything written to this chardev is also shown to the tap (wait-console). */
    ChardevTapFn *tap;
    void *tap_opaque;
};

/* chardev.c */
Chardev *chardev_alloc(ChardevKind kind);
/* Arm or disarm the fd watch that wakes the main loop for input. */
void chardev_update_watch(Chardev *chr);
/* Tell the attached front end (if it cares) that a client came or went. */
void chardev_frontend_event(Chardev *chr, ChardevEvent ev);

/* chardev-opts.c: QEMU's pipe back end on PATH.in/PATH.out (or PATH). */
Chardev *chardev_pipe_new(const char *path, Error **errp);

/* chardev-socket.c */
/* "unix:PATH[,opts]" or "tcp:HOST:PORT[,opts]" (QEMU's short forms). */
Chardev *chardev_socket_new_spec(const char *spec, Error **errp);
/* -chardev socket,id=ID,path=...|host=...,port=...,server=on,wait=off. */
Chardev *chardev_socket_new_opts(GHashTable *opts, Error **errp);
/* The client went away (EOF, reset, write error): listen for the next one. */
void chardev_socket_disconnect(Chardev *chr);
void chardev_socket_cleanup(Chardev *chr);

#endif
