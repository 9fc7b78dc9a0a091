/*
 * The runtime of ppc64-lite's bare-metal guest tests: programs that the
 * built-in firmware enters like a kernel (-kernel prog.elf), built with
 * powerpc64le-linux-gnu-gcc in either endianness. crt0.S switches to the
 * program's endianness, moves the image down to its link address 0, sets up
 * a stack and interrupt vectors and calls main(); returning from main powers
 * the machine off (status 0) or ends it through ibm,os-term (status 1 with
 * -action panic=exit-failure, which the harnesses pass; 0 by default, as QEMU).
 */
#ifndef GUEST_H
#define GUEST_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long u64;
typedef long s64;
typedef unsigned long size_t;

/* crt0.S */
long hcall(u64 opcode, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);

/* guest.c */
extern const void *guest_fdt;
void putchar_(char c);
void puts_(const char *s);
void put_hex(u64 v, int digits);
void put_dec(u64 v);
/* An RTAS call by service name (tokens from the device tree); returns rets[0] or -99. */
int rtas_call(const char *service, int nargs, int nret, u32 *rets, ...);
void guest_exit(int status) __attribute__((noreturn));
/* A property of a node below the root (/NODE/NAME), its length in *len; NULL if absent. */
const void *guest_fdt_prop(const char *node, const char *name, u32 *len);
/* The console's vty unit address (from /chosen/stdout-path). */
u32 guest_console_termno(void);
/* Write s on the vty with unit address termno (H_PUT_TERM_CHAR). */
void guest_vty_write(u32 termno, const char *s);
int guest_vty_read(u32 termno, u8 buf[16]);
long hcall_r4(u64 op, u64 a1, u64 a2, u64 a3, u64 a4, u64 *out);
/* Map a read/write 4 KiB page ea -> pa in the 256 MiB segment of vsid (H_ENTER); 0 on success. */
long guest_map_page(u64 vsid, u64 ea, u64 pa);
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

/*
 * Interrupt hook: called with the vector and SRR0/SRR1; returns the address
 * to resume at. The default reports the interrupt and fails the test.
 */
u64 guest_trap(u64 vector, u64 srr0, u64 srr1);
/* The default's report and failure, for a hook's vectors it does not expect. */
void guest_trap_unexpected(u64 vector, u64 srr0, u64 srr1) __attribute__((noreturn));

int main(void);

#endif
