/*
 * The bare-metal guest runtime: console through H_PUT_TERM_CHAR, RTAS
 * through ppc64-lite's private RTAS hypercall (0xf000, the same one the
 * firmware's trampoline makes) with tokens looked up in the device tree,
 * and the default interrupt hook. The console is the vty /chosen/stdout-path
 * names (the first one, 0x71000000, unless -nodefaults moved it).
 */
#include "guest.h"

#include "ppc/spapr/papr.h"

const void *guest_fdt;

void *memset(void *d, int c, size_t n)
{
    u8 *p = d;
    while (n--) {
        *p++ = (u8)c;
    }
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    u8 *p = d;
    const u8 *q = s;
    while (n--) {
        *p++ = *q++;
    }
    return d;
}

static int str_eq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++, b++;
    }
    return *a == *b;
}

/* The device tree is big-endian whatever our byte order is. */
static u32 be32(const void *p)
{
    const u8 *b = p;
    return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

static u32 cpu_to_be32(u32 v)
{
#ifdef __LITTLE_ENDIAN__
    return __builtin_bswap32(v);
#else
    return v;
#endif
}

void puts_(const char *s)
{
    while (*s) {
        putchar_(*s++);
    }
}

void put_hex(u64 v, int digits)
{
    for (int i = digits - 1; i >= 0; i--) {
        putchar_("0123456789abcdef"[(v >> (4 * i)) & 15]);
    }
}

void put_dec(u64 v)
{
    char buf[24];
    int n = 0;
    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) {
        putchar_(buf[--n]);
    }
}

const void *guest_fdt_prop(const char *node, const char *name, u32 *len)
{
    const u8 *fdt = guest_fdt;
    const u8 *st = fdt + be32(fdt + 8);
    const char *strings = (const char *)fdt + be32(fdt + 12);
    u32 size = be32(fdt + 36);
    int depth = 0, in_node = 0;

    /* A linear walk of the structure block. */
    for (u32 off = 0; off + 4 <= size;) {
        u32 tag = be32(st + off);
        off += 4;
        if (tag == 1) {             /* BEGIN_NODE */
            const char *n = (const char *)st + off;
            depth++;
            in_node = depth == 2 && str_eq(n, node);
            while (st[off]) {
                off++;
            }
            off = (off + 4) & ~3u;
        } else if (tag == 2) {      /* END_NODE */
            depth--;
            in_node = 0;
        } else if (tag == 3) {      /* PROP */
            u32 plen = be32(st + off), nameoff = be32(st + off + 4);
            if (in_node && str_eq(strings + nameoff, name)) {
                *len = plen;
                return st + off + 8;
            }
            off = (off + 8 + plen + 3) & ~3u;
        } else if (tag == 9) {      /* END */
            break;
        }
    }
    return 0;
}

/* The value of /rtas/<name> (one cell), or 0. */
static u32 rtas_token(const char *name)
{
    u32 len;
    const u8 *p = guest_fdt_prop("rtas", name, &len);

    return p && len == 4 ? be32(p) : 0;
}

/* The unit address in /chosen/stdout-path ("/vdevice/vty@71000001"), or the first vty's. */
u32 guest_console_termno(void)
{
    static u32 termno;
    u32 len;
    const char *p;

    if (termno) {
        return termno;
    }
    termno = SPAPR_VIO_REG_BASE;
    p = guest_fdt_prop("chosen", "stdout-path", &len);
    for (u32 i = 0; p && i < len && p[i]; i++) {
        if (p[i] == '@') {
            u32 v = 0;
            for (i++; i < len && p[i]; i++) {
                v = v * 16 + (u32)(p[i] <= '9' ? p[i] - '0' : p[i] - 'a' + 10);
            }
            termno = v;
            break;
        }
    }
    return termno;
}

void guest_vty_write(u32 termno, const char *s)
{
    while (*s) {
        /* Bytes travel packed big-endian in the register, first byte highest. */
        hcall(H_PUT_TERM_CHAR, termno, 1, (u64)(u8)*s++ << 56, 0, 0);
    }
}

/*
 * H_GET_TERM_CHAR (LoPAPR 14.13): up to 16 bytes waiting on vty termno, packed
 * first byte highest in r5 then r6. Returns how many were read, or -1 on an error.
 */
int guest_vty_read(u32 termno, u8 buf[16])
{
    register u64 r3 __asm__("r3") = H_GET_TERM_CHAR;
    register u64 r4 __asm__("r4") = termno;
    register u64 r5 __asm__("r5");
    register u64 r6 __asm__("r6");

    __asm__ volatile("sc 1"
                     : "+r"(r3), "+r"(r4), "=r"(r5), "=r"(r6)
                     :
                     : "r0", "r7", "r8", "r9", "r10", "r11", "r12", "ctr", "xer", "cr0",
                       "memory");
    if (r3 != H_SUCCESS) {
        return -1;
    }
    for (int i = 0; i < (int)r4 && i < 16; i++) {
        buf[i] = (u8)((i < 8 ? r5 : r6) >> (56 - 8 * (i % 8)));
    }
    return r4 > 16 ? 16 : (int)r4;
}

/* A hypercall whose result is in r4 (H_XIRR, H_GET_TCE, H_LOGICAL_CI_LOAD, ...). */
/*
 * A read/write 4 KiB page ea -> pa in the 256 MiB segment of VSID vsid,
 * with H_ENTER (Book III 5.7.7: the primary hash of a 256 MiB segment is
 * VSID ^ page index; the AVPN is VA >> 23 at bit 56).
 */
long guest_map_page(u64 vsid, u64 ea, u64 pa)
{
    u64 page = (ea & 0xfffffff) >> 12;
    u64 pteg = (vsid ^ page) & 0x7fffffffff;
    u64 va = vsid << 28 | (ea & 0xfffffff);
    u64 v = (va >> 23) << 7 | 1;
    u64 r = (pa & ~0xffful) | 0x10 /* M */ | 0x2 /* PP: read/write */;

    return hcall(H_ENTER, 0, pteg * 8, v, r, 0);
}

long hcall_r4(u64 op, u64 a1, u64 a2, u64 a3, u64 a4, u64 *out)
{
    register u64 r3 __asm__("r3") = op;
    register u64 r4 __asm__("r4") = a1;
    register u64 r5 __asm__("r5") = a2;
    register u64 r6 __asm__("r6") = a3;
    register u64 r7 __asm__("r7") = a4;

    __asm__ volatile("sc 1"
                     : "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7)
                     :
                     : "r0", "r8", "r9", "r10", "r11", "r12", "ctr", "xer", "cr0", "memory");
    *out = r4;
    return (long)r3;
}

void putchar_(char c)
{
    hcall(H_PUT_TERM_CHAR, guest_console_termno(), 1, (u64)(u8)c << 56, 0, 0);
}

int rtas_call(const char *service, int nargs, int nret, u32 *rets, ...)
{
    static u32 args[3 + 16];
    u32 token = rtas_token(service);
    __builtin_va_list ap;

    if (!token || nargs + nret > 16) {
        return -99;
    }
    args[0] = cpu_to_be32(token);
    args[1] = cpu_to_be32((u32)nargs);
    args[2] = cpu_to_be32((u32)nret);
    __builtin_va_start(ap, rets);
    for (int i = 0; i < nargs; i++) {
        args[3 + i] = cpu_to_be32(__builtin_va_arg(ap, u32));
    }
    __builtin_va_end(ap);
    hcall(H_RTAS, (u64)args, 0, 0, 0, 0);
    for (int i = 0; i < nret; i++) {
        rets[i] = cpu_to_be32(args[3 + nargs + i]);
    }
    return (int)rets[0];
}

void guest_exit(int status)
{
    u32 ret;

    if (status) {
        static const char msg[] = "guest test failed";
        rtas_call("ibm,os-term", 1, 1, &ret, (u32)(u64)msg);
    }
    rtas_call("power-off", 2, 1, &ret, 0xffffffffu, 0xffffffffu);
    for (;;) {
    }
}

void guest_trap_unexpected(u64 vector, u64 srr0, u64 srr1)
{
    puts_("unexpected interrupt 0x");
    put_hex(vector, 3);
    puts_(" at 0x");
    put_hex(srr0, 16);
    puts_(" SRR1 0x");
    put_hex(srr1, 16);
    puts_("\n");
    guest_exit(1);
}

__attribute__((weak)) u64 guest_trap(u64 vector, u64 srr0, u64 srr1)
{
    guest_trap_unexpected(vector, srr0, srr1);
}

void guest_start(const void *fdt);
void guest_start(const void *fdt)
{
    guest_fdt = fdt;
#ifdef __LITTLE_ENDIAN__
    /* Interrupts must arrive in our byte order: mflags 1 = little-endian. */
    hcall(H_SET_MODE, 1, H_SET_MODE_RESOURCE_LE, 0, 0, 0);
#endif
    guest_exit(main());
}
