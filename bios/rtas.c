/*
 * ppc64-lite firmware: RTAS (LoPAPR 7). The "RTAS code" is a 20-byte
 * trampoline that hands the argument block to the emulator with the private
 * hypercall H_RTAS (0xf000). It is copied to /rtas/linux,rtas-base, where the kernel
 * will call it; we use that same copy. Without that property (another
 * machine's tree) it is called where it lies in the image.
 */
#include "fw.h"

static void (*rtas_entry)(u32 *args);
static int rtas_node = -1;

/* Make copied code visible to instruction fetch (Book II 1.8, sync/icbi/isync). */
static void flush_icache(const void *p, size_t len)
{
    for (u64 a = (u64)p & ~127ul; a < (u64)p + len; a += 128) {
        __asm__ volatile("dcbst 0,%0" : : "r"(a) : "memory");
    }
    __asm__ volatile("sync" : : : "memory");
    for (u64 a = (u64)p & ~127ul; a < (u64)p + len; a += 128) {
        __asm__ volatile("icbi 0,%0" : : "r"(a) : "memory");
    }
    __asm__ volatile("sync; isync" : : : "memory");
}

void rtas_init(void)
{
    size_t len = (size_t)((const u8 *)rtas_trampoline_end - (const u8 *)rtas_trampoline);
    const void *base;
    int plen;

    rtas_node = dt_path("/rtas");
    rtas_entry = (void (*)(u32 *))(u64)rtas_trampoline;
    if (rtas_node < 0) {
        return;
    }
    base = dt_getprop(rtas_node, "linux,rtas-base", &plen);
    if (base && plen == 4) {
        void *dst = (void *)(u64)dt_u32(base);
        memcpy(dst, rtas_trampoline, len);
        flush_icache(dst, len);
        rtas_entry = (void (*)(u32 *))dst;
    }
}

u32 rtas_token(const char *service)
{
    int len;
    const void *p = rtas_node >= 0 ? dt_getprop(rtas_node, service, &len) : NULL;

    return (p && len == 4) ? dt_u32(p) : 0;
}

/* rtas_args: token, nargs, nret, args..., rets... (16 words at most). Returns rets[0]. */
int rtas_call(const char *service, int nargs, int nret, u32 *rets, ...)
{
    static u32 args[3 + 16];
    u32 token = rtas_token(service);
    __builtin_va_list ap;

    if (!token || nargs < 0 || nret < 1 || nargs + nret > 16) {
        return -1;
    }
    args[0] = token;
    args[1] = (u32)nargs;
    args[2] = (u32)nret;
    __builtin_va_start(ap, rets);
    for (int i = 0; i < nargs; i++) {
        args[3 + i] = __builtin_va_arg(ap, u32);
    }
    __builtin_va_end(ap);
    args[3 + nargs] = (u32)-1;   /* a status nobody wrote reads as failure */
    rtas_entry(args);
    for (int i = 0; rets && i < nret; i++) {
        rets[i] = args[3 + nargs + i];
    }
    return (int)args[3 + nargs];
}
