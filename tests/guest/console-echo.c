/*
 * A guest to drive from outside (the QMP and monitor-script tests): it
 * prints "console-echo ready", then reads lines from the console
 * (H_GET_TERM_CHAR, LoPAPR 14.13) and answers each with "got: LINE". Some
 * lines do more:
 *   later     prints "later done" about 300 ms of guest time afterwards
 *   poweroff  returns from main: the machine powers off (exit status 0)
 *   isolate X isolates DR connector X (hex index) as an OS gives a slot up
 *             (RTAS set-indicator 9001 = 0, LoPAR 13.5.3.4), printing
 *             "isolate X: status N"; a device_del waiting for it completes
 *   date      prints "date: YYYY-MM-DD HH:MM:SS" from RTAS get-time-of-day
 *   setdate   sets the clock to 2011-11-11 11:11:11 (set-time-of-day), prints its status
 *   random    prints "random: " and four H_RANDOM values in hex
 *   vty X T   writes "T\n" on the vty with unit address X (hex), prints the status
 * Between polls it cedes the CPU (H_CEDE) until a 5 ms decrementer
 * interrupt, so an idle guest costs the host next to nothing.
 */
#include "guest.h"

#include "ppc/spapr/papr.h"

#define TB_PER_MS       512000ul            /* the pseries timebase runs at 512 MHz */
#define IDLE_TICKS      (5 * TB_PER_MS)
#define LINE_MAX        128

u64 guest_trap(u64 vector, u64 srr0, u64 srr1)
{
    if (vector == 0x900) {
        /* The decrementer ended a cede: push the next one far away, resume. */
        __asm__ volatile("mtdec %0" ::"r"(0x7fffffffu));
        return srr0;
    }
    guest_trap_unexpected(vector, srr0, srr1);
}

static u64 timebase(void)
{
    u64 tb;

    __asm__ volatile("mftb %0" : "=r"(tb));
    return tb;
}

static void idle(void)
{
    __asm__ volatile("mtdec %0" ::"r"((u32)IDLE_TICKS));
    hcall(H_CEDE, 0, 0, 0, 0, 0);
}

/* The next console byte, or -1 if none is waiting. */
static int getchar_nowait(void)
{
    static u8 buf[16];
    static int have, next;

    if (next == have) {
        int n = guest_vty_read(guest_console_termno(), buf);
        if (n <= 0) {
            return -1;
        }
        have = n;
        next = 0;
    }
    return buf[next++];
}

static int str_eq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++, b++;
    }
    return *a == *b;
}

/* "40000010" or "0x40000010"; -1 if it is not hex. */
static long parse_hex(const char *s)
{
    long v = 0;

    if (s[0] == '0' && s[1] == 'x') {
        s += 2;
    }
    if (!*s) {
        return -1;
    }
    for (; *s; s++) {
        int d = *s >= '0' && *s <= '9' ? *s - '0'
              : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 : -1;
        if (d < 0 || v > 0xfffffff) {
            return -1;
        }
        v = v * 16 + d;
    }
    return v;
}

static void isolate(const char *arg)
{
    long index = parse_hex(arg);
    u32 ret;
    int status;

    if (index < 0) {
        puts_("isolate: bad index\n");
        return;
    }
    status = rtas_call("set-indicator", 3, 1, &ret, (u32)RTAS_INDICATOR_ISOLATION_STATE,
                       (u32)index, 0u);
    puts_("isolate 0x");
    put_hex((u64)index, 8);
    puts_(": status ");
    if (status < 0) {
        putchar_('-');
        status = -status;
    }
    put_dec((u64)status);
    putchar_('\n');
}

static void put_dec2(u32 v)
{
    putchar_((char)('0' + v / 10 % 10));
    putchar_((char)('0' + v % 10));
}

static void date(void)
{
    u32 r[8];
    int status = rtas_call("get-time-of-day", 0, 8, r);

    if (status != 0) {
        puts_("date: error\n");
        return;
    }
    puts_("date: ");
    put_dec(r[1]);
    putchar_('-');
    put_dec2(r[2]);
    putchar_('-');
    put_dec2(r[3]);
    putchar_(' ');
    put_dec2(r[4]);
    putchar_(':');
    put_dec2(r[5]);
    putchar_(':');
    put_dec2(r[6]);
    putchar_('\n');
}

static void setdate(void)
{
    u32 ret;
    int status = rtas_call("set-time-of-day", 7, 1, &ret, 2011u, 11u, 11u, 11u, 11u, 11u, 0u);

    puts_("setdate: status ");
    put_dec((u64)(status < 0 ? -status : status));
    putchar_('\n');
}

static void random(void)
{
    puts_("random:");
    for (int i = 0; i < 4; i++) {
        register u64 r3 __asm__("r3") = H_RANDOM;
        register u64 r4 __asm__("r4");
        __asm__ volatile("sc 1"
                         : "+r"(r3), "=r"(r4)
                         :
                         : "r0", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "ctr",
                           "xer", "cr0", "memory");
        u64 status = r3, value = r4;   /* copied before a call can clobber r3/r4 */
        putchar_(' ');
        if (status != H_SUCCESS) {
            puts_("error");
            continue;
        }
        put_hex(value, 16);
    }
    putchar_('\n');
}

/* "vty 71000001 text": the text on another vty, then the hcall's status on the console. */
static void vty(char *arg)
{
    char *text = arg;
    long termno;
    long status;

    while (*text && *text != ' ') {
        text++;
    }
    if (*text) {
        *text++ = '\0';
    }
    termno = parse_hex(arg);
    status = 0;
    for (const char *p = text; termno >= 0 && status == 0 && *p; p++) {
        status = hcall(H_PUT_TERM_CHAR, (u64)termno, 1, (u64)(u8)*p << 56, 0, 0);
    }
    if (termno >= 0 && status == 0) {
        status = hcall(H_PUT_TERM_CHAR, (u64)termno, 1, (u64)'\n' << 56, 0, 0);
    }
    puts_("vty: status ");
    put_dec((u64)(status < 0 ? -status : status));
    putchar_('\n');
}

static int starts_with(const char *s, const char *prefix)
{
    while (*prefix && *s == *prefix) {
        s++, prefix++;
    }
    return !*prefix;
}

int main(void)
{
    char line[LINE_MAX + 1];
    int len = 0;
    u64 later_at = 0;

    puts_("console-echo ready\n");
    for (;;) {
        int c = getchar_nowait();

        if (later_at && timebase() >= later_at) {
            later_at = 0;
            puts_("later done\n");
        }
        if (c < 0) {
            idle();
            continue;
        }
        if (c != '\r' && c != '\n') {
            if (len < LINE_MAX) {
                line[len++] = (char)c;
            }
            continue;
        }
        line[len] = '\0';
        if (len == 0) {
            continue;       /* the '\n' of a "\r\n" */
        }
        len = 0;
        puts_("got: ");
        puts_(line);
        putchar_('\n');
        if (str_eq(line, "poweroff")) {
            return 0;
        }
        if (str_eq(line, "later")) {
            later_at = timebase() + 300 * TB_PER_MS;
        }
        if (starts_with(line, "isolate ")) {
            isolate(line + 8);
        }
        if (str_eq(line, "date")) {
            date();
        }
        if (str_eq(line, "setdate")) {
            setdate();
        }
        if (str_eq(line, "random")) {
            random();
        }
        if (starts_with(line, "vty ")) {
            vty(line + 4);
        }
    }
}
