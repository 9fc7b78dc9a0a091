/*
 * ppc64-lite firmware: shared declarations. The firmware is built big-endian
 * (powerpc64le-linux-gnu-gcc -mbig-endian, ELFv2 ABI), so it runs in the
 * state the machine starts it in (real mode, MSR[LE] = 0) and reads the
 * big-endian device tree without byte swapping.
 */
#ifndef FW_H
#define FW_H

#include "ppc/spapr/papr.h"     /* hypercall numbers and statuses, shared with the emulator */

typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long u64;
typedef long s64;
typedef int s32;
typedef unsigned long size_t;

#define NULL ((void *)0)

/* start.S */
long hcall(u64 opcode, u64 a1, u64 a2, u64 a3, u64 a4);
long hcall_ret(u64 opcode, u64 a1, u64 a2, u64 a3, u64 a4, u64 *r4);
void enter_kernel(void *fdt, u64 entry) __attribute__((noreturn));
extern const u32 rtas_trampoline[], rtas_trampoline_end[];

/* lib.c */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

/* console.c: output through H_PUT_TERM_CHAR on the vty */
void console_init(u32 termno);
/* While muted, output is dropped (the hotplug client's quiet cycles). */
void console_mute(int on);
void putc(char c);
void puts(const char *s);
void put_dec(u64 v);
void put_hex(u64 v);
void put_size(u64 bytes);

/* fdt.c: a read-only walker of a flattened device tree (DTSpec 5) */
int dt_init(const void *blob);
u32 dt_size(void);
int dt_root(void);
int dt_first_child(int node);
int dt_next_sibling(int node);
const char *dt_name(int node);
const void *dt_getprop(int node, const char *name, int *len);
/* Iterate properties: returns the next property offset after prop (-1 to start), or -1. */
int dt_next_prop(int node, int prop, const char **name, const void **val, int *len);
int dt_path(const char *path);
u32 dt_u32(const void *p);
u64 dt_cells(const void *p, int n);
/* the string a property holds, or NULL if it is not NUL-terminated text */
const char *dt_string(int node, const char *name);

/* rtas.c */
void rtas_init(void);
u32 rtas_token(const char *service);
int rtas_call(const char *service, int nargs, int nret, u32 *rets, ...);

/* drc.c: the ibm,drc-* arrays of a node (LoPAPR 13.5.2) */
int drc_count(int node);
u32 drc_index_at(int node, int i);
const char *drc_name_at(int node, int i);
/* the name of the connector with this index under / or any PHB, or NULL */
const char *drc_name_of(u32 index, int *phb);

/* hotplug.c: the PAPR hotplug client run when no kernel is given; it serves
 * add/remove cycles until none comes for a few seconds */
void hotplug_demo(void);

#endif
