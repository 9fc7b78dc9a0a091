/*
 * ppc64-lite firmware console: bytes go to the vty with H_PUT_TERM_CHAR
 * (LoPAPR 14.13.2), up to 16 per call, packed big-endian into r6/r7.
 */
#include "fw.h"

static u32 console_termno = SPAPR_VIO_REG_BASE;
static char out_buf[16];
static unsigned out_len;
static int muted;

void console_mute(int on)
{
    muted = on;
}

void console_init(u32 termno)
{
    console_termno = termno;
}

static void flush(void)
{
    u64 w[2] = { 0, 0 };

    /* A line that filled the buffer exactly was sent already: no empty call. */
    if (!out_len) {
        return;
    }
    for (unsigned i = 0; i < out_len; i++) {
        w[i / 8] |= (u64)(u8)out_buf[i] << (56 - 8 * (i % 8));
    }
    for (int tries = 0; tries < 1000; tries++) {
        if (hcall(H_PUT_TERM_CHAR, console_termno, out_len, w[0], w[1]) != H_BUSY) {
            break;
        }
    }
    out_len = 0;
}

static void put_raw(char c)
{
    out_buf[out_len++] = c;
    if (out_len == sizeof(out_buf)) {
        flush();
    }
}

void putc(char c)
{
    if (muted) {
        return;
    }
    if (c == '\n') {
        put_raw('\r');
        put_raw('\n');
        flush();
        return;
    }
    put_raw(c);
}

void puts(const char *s)
{
    while (*s) {
        putc(*s++);
    }
}

void put_dec(u64 v)
{
    char buf[21];
    int i = 20;

    buf[i] = 0;
    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    puts(&buf[i]);
}

void put_hex(u64 v)
{
    char buf[19];
    int i = 18;

    buf[i] = 0;
    do {
        buf[--i] = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v);
    buf[--i] = 'x';
    buf[--i] = '0';
    puts(&buf[i]);
}

/* 512 MiB, 2 GiB, 1536 KiB: the largest unit that divides exactly. */
void put_size(u64 bytes)
{
    static const char *const units[] = { "bytes", "KiB", "MiB", "GiB", "TiB" };
    int u = 0;

    while (u < 4 && bytes && (bytes & 1023) == 0) {
        bytes >>= 10;
        u++;
    }
    put_dec(bytes);
    putc(' ');
    puts(units[u]);
}
