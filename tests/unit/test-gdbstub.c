/*
 * Unit tests for the gdb remote protocol engine (core/gdbstub-protocol.c)
 * and the debug points (core/cpu-debug.c), driven directly without a socket
 * on two fake vCPUs with a tiny register file and 4 KiB of memory.
 */
#include "core/gdbstub-protocol.h"

#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- A fake machine ---- */

#define FAKE_MEM_BASE 0x10000ull
#define FAKE_MEM_SIZE 0x1000
#define FAKE_NREGS 4        /* three 8-byte registers, then one 4-byte register */

typedef struct FakeCPU {
    CPUState cs;
    uint64_t regs[FAKE_NREGS];
    int tlb_flushes;
} FakeCPU;

static uint8_t fake_mem[FAKE_MEM_SIZE];
static FakeCPU fake_cpus[2];
static GString *out;            /* everything the stub sent */
static int resumes, stops, kills;
static CPUState *last_step;

static int reg_size(int reg)
{
    return reg == 3 ? 4 : 8;
}

static int fake_read_reg(CPUState *cs, GByteArray *buf, int reg)
{
    FakeCPU *f = (FakeCPU *)cs;
    if (reg < 0 || reg >= FAKE_NREGS) {
        return 0;
    }
    /* Target byte order of the fake: big-endian, to see the order survive. */
    uint8_t b[8];
    int n = reg_size(reg);
    for (int i = 0; i < n; i++) {
        b[i] = (uint8_t)(f->regs[reg] >> (8 * (n - 1 - i)));
    }
    g_byte_array_append(buf, b, (guint)n);
    return n;
}

static int fake_write_reg(CPUState *cs, const uint8_t *buf, int reg)
{
    FakeCPU *f = (FakeCPU *)cs;
    uint64_t v = 0;
    if (reg < 0 || reg >= FAKE_NREGS) {
        return 0;
    }
    for (int i = 0; i < reg_size(reg); i++) {
        v = v << 8 | buf[i];
    }
    f->regs[reg] = v;
    return reg_size(reg);
}

static bool fake_rw(CPUState *cs, uint64_t vaddr, void *buf, uint64_t len, bool is_write)
{
    if (vaddr < FAKE_MEM_BASE || len > FAKE_MEM_SIZE || vaddr - FAKE_MEM_BASE > FAKE_MEM_SIZE - len) {
        return false;
    }
    if (is_write) {
        memcpy(fake_mem + (vaddr - FAKE_MEM_BASE), buf, len);
    } else {
        memcpy(buf, fake_mem + (vaddr - FAKE_MEM_BASE), len);
    }
    return true;
}

static void fake_set_pc(CPUState *cs, uint64_t pc)
{
    cs->pc = pc;
}

/* Long enough that a 0x40-byte window needs several chunks. */
static const char fake_xml[] =
    "<?xml version=\"1.0\"?><target><feature name=\"org.example.fake\">"
    "<reg name=\"a\" bitsize=\"64\"/><reg name=\"b\" bitsize=\"64\"/>"
    "<reg name=\"c\" bitsize=\"64\"/><reg name=\"d\" bitsize=\"32\"/></feature></target>";

static const char *fake_xml_for(const char *annex)
{
    return strcmp(annex, "target.xml") == 0 ? fake_xml : NULL;
}

static void fake_tlb_flush(CPUState *cs)
{
    ((FakeCPU *)cs)->tlb_flushes++;
}

static const CPUOps fake_ops = {
    .set_pc = fake_set_pc,
    .memory_rw_debug = fake_rw,
    .gdb_num_regs = FAKE_NREGS,
    .gdb_target_xml = fake_xml_for,
    .gdb_read_register = fake_read_reg,
    .gdb_write_register = fake_write_reg,
    .tlb_flush = fake_tlb_flush,
};

static int t_cpu_count(void *opaque)
{
    return 2;
}

static CPUState *t_cpu_get(void *opaque, int i)
{
    return &fake_cpus[i].cs;
}

static void t_resume(void *opaque, CPUState *step)
{
    resumes++;
    last_step = step;
}

static void t_stop(void *opaque)
{
    stops++;
}

static void t_kill(void *opaque)
{
    kills++;
}

static void t_send(void *opaque, const uint8_t *buf, size_t len)
{
    g_string_append_len(out, (const char *)buf, (gssize)len);
}

static const GdbTargetOps target_ops = {
    .cpu_count = t_cpu_count, .cpu_get = t_cpu_get, .resume = t_resume,
    .stop = t_stop, .kill = t_kill, .send = t_send,
};

static GdbConn *setup(void)
{
    memset(fake_cpus, 0, sizeof(fake_cpus));
    for (int i = 0; i < 2; i++) {
        fake_cpus[i].cs.ops = &fake_ops;
        fake_cpus[i].cs.index = i;
        fake_cpus[i].cs.breakpoints = g_array_new(FALSE, FALSE, sizeof(uint64_t));
        fake_cpus[i].cs.watchpoints = g_array_new(FALSE, FALSE, sizeof(CPUWatchpoint));
    }
    for (int i = 0; i < FAKE_MEM_SIZE; i++) {
        fake_mem[i] = (uint8_t)(i * 7 + 1);
    }
    if (!out) {
        out = g_string_new(NULL);
    }
    g_string_truncate(out, 0);
    resumes = stops = kills = 0;
    last_step = NULL;
    return gdb_conn_new(&target_ops, NULL);
}

static void teardown(GdbConn *c)
{
    gdb_conn_free(c);
    for (int i = 0; i < 2; i++) {
        g_array_free(fake_cpus[i].cs.breakpoints, TRUE);
        g_array_free(fake_cpus[i].cs.watchpoints, TRUE);
    }
}

/* ---- Talking to it ---- */

static uint8_t checksum(const char *s, size_t len)
{
    uint8_t sum = 0;
    for (size_t i = 0; i < len; i++) {
        sum += (uint8_t)s[i];
    }
    return sum;
}

static void send_packet_len(GdbConn *c, const char *payload, size_t len)
{
    GString *p = g_string_new("$");
    g_string_append_len(p, payload, (gssize)len);
    g_string_append_printf(p, "#%02x", checksum(payload, len));
    gdb_conn_input(c, (const uint8_t *)p->str, p->len);
    g_string_free(p, TRUE);
}

/*
 * Send a packet and return the payload of the one reply (acks stripped,
 * checksum verified, escapes undone); NULL if no packet came back.
 */
static char *transact(GdbConn *c, const char *payload)
{
    g_string_truncate(out, 0);
    send_packet_len(c, payload, strlen(payload));
    const char *s = out->str;
    while (*s == '+') {
        s++;
    }
    if (*s != '$') {
        g_assert_cmpuint(strlen(s), ==, 0);
        return NULL;
    }
    const char *hash = strrchr(s, '#');
    g_assert_nonnull(hash);
    g_assert_cmpuint(strlen(hash), ==, 3);
    size_t len = (size_t)(hash - s - 1);
    g_assert_cmpuint(strtoul(hash + 1, NULL, 16), ==, checksum(s + 1, len));
    GString *r = g_string_new(NULL);
    for (size_t i = 1; i <= len; i++) {
        if (s[i] == '}') {
            g_string_append_c(r, (char)(s[++i] ^ 0x20));
        } else {
            g_string_append_c(r, s[i]);
        }
    }
    return g_string_free(r, FALSE);
}

static void assert_reply(GdbConn *c, const char *payload, const char *expect)
{
    char *r = transact(c, payload);
    g_assert_nonnull(r);
    g_assert_cmpstr(r, ==, expect);
    g_free(r);
}

static bool is_error_reply(const char *r)
{
    return r && r[0] == 'E' && g_ascii_isxdigit(r[1]) && g_ascii_isxdigit(r[2]) && !r[3];
}

static void assert_error(GdbConn *c, const char *payload)
{
    char *r = transact(c, payload);
    if (!is_error_reply(r)) {
        g_error("'%s' got '%s', not an error", payload, r ? r : "(nothing)");
    }
    g_free(r);
}

/* ---- Tests ---- */

static void test_framing_and_acks(void)
{
    GdbConn *c = setup();

    /* A good packet is acked, then answered with a correctly summed reply. */
    g_string_truncate(out, 0);
    send_packet_len(c, "qAttached", 9);
    g_assert_cmpstr(out->str, ==, "+$1#31");

    /* A wrong checksum is refused with '-' and not acted on. */
    g_string_truncate(out, 0);
    gdb_conn_input(c, (const uint8_t *)"$qAttached#00", 13);
    g_assert_cmpstr(out->str, ==, "-");
    /* So is an unreadable one. */
    g_string_truncate(out, 0);
    gdb_conn_input(c, (const uint8_t *)"$qAttached#zz", 13);
    g_assert_cmpstr(out->str, ==, "-");

    /* '-' from gdb makes the stub send its last reply again. */
    g_string_truncate(out, 0);
    gdb_conn_input(c, (const uint8_t *)"-", 1);
    g_assert_cmpstr(out->str, ==, "$1#31");

    /* Bytes may arrive one at a time; noise between packets is ignored. */
    g_string_truncate(out, 0);
    char *split = g_strdup_printf("xx+$qAttached#%02x", checksum("qAttached", 9));
    for (size_t i = 0; i < strlen(split); i++) {
        gdb_conn_input(c, (const uint8_t *)split + i, 1);
    }
    g_free(split);
    g_assert_cmpstr(out->str, ==, "+$1#31");

    /* After QStartNoAckMode's OK, nothing is acked any more. */
    g_string_truncate(out, 0);
    send_packet_len(c, "QStartNoAckMode", 15);
    g_assert_cmpstr(out->str, ==, "+$OK#9a");
    g_string_truncate(out, 0);
    send_packet_len(c, "qAttached", 9);
    g_assert_cmpstr(out->str, ==, "$1#31");
    teardown(c);
}

static void test_overlong_packet(void)
{
    GdbConn *c = setup();
    GString *big = g_string_new("m");

    while (big->len < GDB_MAX_PACKET + 100) {
        g_string_append_c(big, '1');
    }
    char *r = NULL;
    g_string_truncate(out, 0);
    send_packet_len(c, big->str, big->len);
    g_assert_true(g_str_has_prefix(out->str, "+$E01#"));
    /* The stream is still in step: the next packet works. */
    r = transact(c, "qAttached");
    g_assert_cmpstr(r, ==, "1");
    g_free(r);
    g_string_free(big, TRUE);
    teardown(c);
}

static void test_queries(void)
{
    GdbConn *c = setup();
    char *r = transact(c, "qSupported:multiprocess+;swbreak+;xmlRegisters=i386");

    g_assert_nonnull(strstr(r, "PacketSize=4000"));
    g_assert_nonnull(strstr(r, "qXfer:features:read+"));
    g_assert_nonnull(strstr(r, "vContSupported+"));
    g_assert_nonnull(strstr(r, "QStartNoAckMode+"));
    g_free(r);
    assert_reply(c, "qfThreadInfo", "m1,2");
    assert_reply(c, "qsThreadInfo", "l");
    assert_reply(c, "qC", "QC1");
    assert_reply(c, "Hg2", "OK");
    assert_reply(c, "qC", "QC2");
    assert_reply(c, "Hg0", "OK");
    assert_reply(c, "Hc-1", "OK");
    assert_error(c, "Hg-1");
    assert_error(c, "Hg3");
    assert_error(c, "Hgzz");
    assert_error(c, "Hx1");
    assert_reply(c, "T1", "OK");
    assert_reply(c, "T2", "OK");
    assert_error(c, "T3");
    assert_reply(c, "vCont?", "vCont;c;C;s;S");
    /* Unknown commands get the empty reply. */
    assert_reply(c, "vMustReplyEmpty", "");
    assert_reply(c, "qTStatus", "");
    assert_reply(c, "!", "");
    assert_reply(c, "", "");
    assert_reply(c, "?", "T05thread:1;");
    /* Thread extra info is the hex of readable text. */
    r = transact(c, "qThreadExtraInfo,2");
    g_assert_cmpuint(strlen(r) % 2, ==, 0);
    uint8_t text[64] = { 0 };
    for (size_t i = 0; i < strlen(r) / 2 && i < sizeof(text) - 1; i++) {
        unsigned b;
        sscanf(r + 2 * i, "%2x", &b);
        text[i] = (uint8_t)b;
    }
    g_assert_true(g_str_has_prefix((const char *)text, "CPU#1"));
    g_free(r);
    teardown(c);
}

static void test_target_xml(void)
{
    GdbConn *c = setup();
    GString *got = g_string_new(NULL);
    uint64_t off = 0;
    int chunks = 0;

    for (;;) {
        char q[64];
        snprintf(q, sizeof(q), "qXfer:features:read:target.xml:%" PRIx64 ",40", off);
        char *r = transact(c, q);
        g_assert_true(r[0] == 'm' || r[0] == 'l');
        g_assert_cmpuint(strlen(r + 1), <=, 0x40);
        g_string_append(got, r + 1);
        off += strlen(r + 1);
        chunks++;
        bool last = r[0] == 'l';
        g_free(r);
        if (last) {
            break;
        }
        g_assert_cmpint(chunks, <, 100);
    }
    g_assert_cmpint(chunks, >, 1);
    g_assert_cmpstr(got->str, ==, fake_xml);
    g_string_free(got, TRUE);

    assert_reply(c, "qXfer:features:read:target.xml:0,0", "m");
    assert_error(c, "qXfer:features:read:other.xml:0,40");
    assert_error(c, "qXfer:features:read:target.xml:ffffff,40");
    assert_error(c, "qXfer:features:read:target.xml:0");
    assert_error(c, "qXfer:features:read:target.xml");
    teardown(c);
}

static void test_registers(void)
{
    GdbConn *c = setup();

    fake_cpus[0].regs[0] = 0x0102030405060708ull;
    fake_cpus[0].regs[1] = 0x1112131415161718ull;
    fake_cpus[0].regs[2] = 0xa0b0c0d0e0f00010ull;
    fake_cpus[0].regs[3] = 0xdeadbeef;
    fake_cpus[1].regs[0] = 42;

    assert_reply(c, "g", "0102030405060708" "1112131415161718" "a0b0c0d0e0f00010" "deadbeef");
    assert_reply(c, "p3", "deadbeef");
    assert_reply(c, "p0", "0102030405060708");
    assert_error(c, "p4");
    assert_error(c, "pffffffffffffffffff");
    assert_error(c, "p");
    assert_error(c, "px");

    /* Registers of the thread chosen with Hg. */
    assert_reply(c, "Hg2", "OK");
    assert_reply(c, "p0", "000000000000002a");
    assert_reply(c, "P1=00000000000000ff", "OK");
    g_assert_cmphex(fake_cpus[1].regs[1], ==, 0xff);
    g_assert_cmphex(fake_cpus[0].regs[1], ==, 0x1112131415161718ull);

    /* Wrong size or bad hex changes nothing. */
    assert_error(c, "P1=00ff");
    assert_error(c, "P1=00000000000000ff00");
    assert_error(c, "P1=0000000000000gff");
    assert_error(c, "P9=00000000000000ff");
    assert_error(c, "P1");
    g_assert_cmphex(fake_cpus[1].regs[1], ==, 0xff);

    /* G writes all, in 'g' order; a partial G writes the leading ones. */
    assert_reply(c, "G" "0000000000000001" "0000000000000002" "0000000000000003" "00000004", "OK");
    g_assert_cmphex(fake_cpus[1].regs[0], ==, 1);
    g_assert_cmphex(fake_cpus[1].regs[3], ==, 4);
    assert_reply(c, "G" "0000000000000009", "OK");
    g_assert_cmphex(fake_cpus[1].regs[0], ==, 9);
    g_assert_cmphex(fake_cpus[1].regs[1], ==, 2);
    assert_error(c, "G" "00000000000000010000000000000002000000000000000300000004" "00");
    assert_error(c, "G" "0");
    assert_error(c, "G" "zz");
    teardown(c);
}

static void test_memory(void)
{
    GdbConn *c = setup();
    char q[64];

    assert_reply(c, "m10000,4", "01080f16");
    assert_reply(c, "m10ffe,2", "f3fa");
    /* Past the end of what the CPU can reach: EFAULT. */
    assert_error(c, "m10ffe,3");
    assert_error(c, "m0,1");
    assert_error(c, "mffffffffffffffff,2");
    assert_error(c, "m10000");
    assert_error(c, "m10000,");
    assert_error(c, "m,4");
    assert_error(c, "m10000,4x");
    assert_error(c, "m10000000000000000,4");
    /* An absurd length is cut to what fits in a packet (and here fails: beyond memory). */
    assert_error(c, "m10000,ffffffffffffffff");
    assert_reply(c, "m10000,0", "");

    assert_reply(c, "M10010,3:a1b2c3", "OK");
    g_assert_cmphex(fake_mem[0x10], ==, 0xa1);
    g_assert_cmphex(fake_mem[0x12], ==, 0xc3);
    assert_error(c, "M10010,3:a1b2");
    assert_error(c, "M10010,2:a1b2c3");
    assert_error(c, "M10010,3:a1b2cg");
    assert_error(c, "M10010,3");
    assert_error(c, "M0,1:00");
    assert_error(c, "M10010,ffffffffffff:00");
    g_assert_cmphex(fake_mem[0x10], ==, 0xa1);

    /* X carries binary with '}' escapes; "X addr,0:" probes support. */
    assert_reply(c, "X10020,0:", "OK");
    const char xpkt[] = { 'X', '1', '0', '0', '2', '0', ',', '3', ':', '}', '#' ^ 0x20, 0x00, 'z' };
    g_string_truncate(out, 0);
    send_packet_len(c, xpkt, sizeof(xpkt));
    g_assert_true(g_str_has_prefix(out->str, "+$OK#"));
    g_assert_cmphex(fake_mem[0x20], ==, '#');
    g_assert_cmphex(fake_mem[0x21], ==, 0);
    g_assert_cmphex(fake_mem[0x22], ==, 'z');
    assert_error(c, "X10020,3:ab");
    assert_error(c, "X10020,1:abc");
    snprintf(q, sizeof(q), "X10020,1:}");
    assert_error(c, q);
    /* NUL bytes inside a text command are refused. */
    g_string_truncate(out, 0);
    send_packet_len(c, "m10000\0,4", 9);
    g_assert_true(g_str_has_prefix(out->str, "+$E01#"));
    teardown(c);
}

static void test_breakpoints(void)
{
    GdbConn *c = setup();

    assert_reply(c, "Z0,10040,4", "OK");
    assert_reply(c, "Z1,10080,4", "OK");
    for (int i = 0; i < 2; i++) {
        g_assert_cmpuint(fake_cpus[i].cs.breakpoints->len, ==, 2);
        g_assert_cmphex(g_array_index(fake_cpus[i].cs.breakpoints, uint64_t, 0), ==, 0x10040);
    }
    /* Inserting the same address again keeps one entry. */
    assert_reply(c, "Z0,10040,4", "OK");
    g_assert_cmpuint(fake_cpus[0].cs.breakpoints->len, ==, 2);
    assert_reply(c, "z0,10040,4", "OK");
    g_assert_cmpuint(fake_cpus[1].cs.breakpoints->len, ==, 1);
    g_assert_cmphex(g_array_index(fake_cpus[1].cs.breakpoints, uint64_t, 0), ==, 0x10080);
    assert_error(c, "z0,10040,4");
    assert_reply(c, "z1,10080,4", "OK");
    g_assert_cmpuint(fake_cpus[0].cs.breakpoints->len, ==, 0);

    /* The table is bounded. */
    for (int i = 0; i < CPU_MAX_BREAKPOINTS; i++) {
        char q[32];
        snprintf(q, sizeof(q), "Z0,%x,4", 0x20000 + 4 * i);
        assert_reply(c, q, "OK");
    }
    assert_error(c, "Z0,30000,4");
    g_assert_cmpuint(fake_cpus[0].cs.breakpoints->len, ==, CPU_MAX_BREAKPOINTS);

    /* Watchpoints: write, read, access; each change flushes the TLB. */
    int flushes = fake_cpus[0].tlb_flushes;
    assert_reply(c, "Z2,10100,8", "OK");
    assert_reply(c, "Z3,10200,4", "OK");
    assert_reply(c, "Z4,10300,1", "OK");
    g_assert_cmpint(fake_cpus[0].tlb_flushes, ==, flushes + 3);
    g_assert_cmpuint(fake_cpus[1].cs.watchpoints->len, ==, 3);
    CPUWatchpoint *wp = &g_array_index(fake_cpus[1].cs.watchpoints, CPUWatchpoint, 1);
    g_assert_cmphex(wp->addr, ==, 0x10200);
    g_assert_cmpuint(wp->len, ==, 4);
    g_assert_cmpint(wp->flags, ==, CPU_WATCH_READ);
    /* Removal must match type and length. */
    assert_error(c, "z2,10200,4");
    assert_error(c, "z3,10200,8");
    assert_reply(c, "z3,10200,4", "OK");
    g_assert_cmpuint(fake_cpus[0].cs.watchpoints->len, ==, 2);
    assert_error(c, "Z2,10100,0");
    assert_error(c, "Z2,ffffffffffffffff,2");

    /* Unknown types are "not supported"; malformed ones are errors. */
    assert_reply(c, "Z5,10000,4", "");
    assert_reply(c, "Z0,10000,4;X1,0", "");
    assert_error(c, "Z0,10000");
    assert_error(c, "Z0");
    assert_error(c, "Zq,1,1");
    assert_error(c, "Z0,,4");

    /* Detach drops every debug point and lets the machine run. */
    assert_reply(c, "D", "OK");
    g_assert_cmpuint(fake_cpus[0].cs.breakpoints->len, ==, 0);
    g_assert_cmpuint(fake_cpus[1].cs.watchpoints->len, ==, 0);
    g_assert_cmpint(resumes, ==, 1);
    g_assert_null(last_step);
    g_assert_true(gdb_conn_closed(c));
    teardown(c);
}

static void test_watchpoint_check(void)
{
    GdbConn *c = setup();
    CPUState *cs = &fake_cpus[0].cs;

    g_assert_true(cpu_watchpoint_insert(cs, 0x1000, 8, CPU_WATCH_WRITE));
    g_assert_true(cpu_watchpoint_insert(cs, 0x2000, 4, CPU_WATCH_READ));
    g_assert_false(cpu_watchpoint_insert(cs, 0x3000, 4, 0));
    g_assert_false(cpu_watchpoint_insert(cs, 0x3000, 4, 8));
    g_assert_false(cpu_watchpoint_insert(cs, UINT64_MAX, 2, CPU_WATCH_READ));

    g_assert_false(cpu_check_watchpoint(cs, 0x0ff8, 8, true));    /* just before */
    g_assert_false(cpu_check_watchpoint(cs, 0x1008, 4, true));    /* just after */
    g_assert_false(cpu_check_watchpoint(cs, 0x1000, 8, false));   /* a read */
    g_assert_cmpint(cs->watch_hit_flags, ==, 0);
    g_assert_true(cpu_check_watchpoint(cs, 0x0ffc, 8, true));     /* straddles the start */
    g_assert_cmphex(cs->watch_hit_addr, ==, 0x1000);
    g_assert_cmpint(cs->watch_hit_flags, ==, CPU_WATCH_WRITE);
    g_assert_true(cpu_check_watchpoint(cs, 0x1007, 1, true));
    g_assert_cmphex(cs->watch_hit_addr, ==, 0x1007);
    g_assert_true(cpu_check_watchpoint(cs, 0x2002, 16, false));
    g_assert_cmpint(cs->watch_hit_flags, ==, CPU_WATCH_READ);
    g_assert_false(cpu_check_watchpoint(cs, UINT64_MAX, 1, true));

    cpu_debug_points_clear(cs);
    g_assert_false(cpu_check_watchpoint(cs, 0x1000, 8, true));
    g_assert_cmpint(cs->watch_hit_flags, ==, 0);
    teardown(c);
}

static void test_run_control(void)
{
    GdbConn *c = setup();
    char *r;

    /* 'c' resumes everything and is answered only by the stop. */
    g_assert_null(transact(c, "c"));
    g_assert_cmpint(resumes, ==, 1);
    g_assert_null(last_step);
    g_assert_true(gdb_conn_running(c));
    g_string_truncate(out, 0);
    gdb_conn_report_stop(c, &fake_cpus[1].cs, GDB_SIGTRAP);
    g_assert_true(g_str_has_prefix(out->str, "$T05thread:2;#"));
    g_assert_false(gdb_conn_running(c));
    /* After a stop the registers are those of the thread that stopped. */
    assert_reply(c, "qC", "QC2");
    assert_reply(c, "?", "T05thread:2;");

    /* A stop nobody waits for is not sent. */
    g_string_truncate(out, 0);
    gdb_conn_report_stop(c, &fake_cpus[0].cs, GDB_SIGTRAP);
    g_assert_cmpuint(out->len, ==, 0);

    /* 's' steps the current thread; 'c ADDR' moves the PC first. */
    assert_reply(c, "Hc1", "OK");
    g_assert_null(transact(c, "s"));
    g_assert_true(last_step == &fake_cpus[0].cs);
    gdb_conn_report_stop(c, &fake_cpus[0].cs, GDB_SIGTRAP);
    g_assert_null(transact(c, "c10400"));
    g_assert_cmphex(fake_cpus[0].cs.pc, ==, 0x10400);
    gdb_conn_report_stop(c, &fake_cpus[0].cs, GDB_SIGTRAP);
    assert_error(c, "c10400x");

    /* vCont: step the named thread, the others wait. */
    g_assert_null(transact(c, "vCont;s:2;c"));
    g_assert_true(last_step == &fake_cpus[1].cs);
    gdb_conn_report_stop(c, &fake_cpus[1].cs, GDB_SIGTRAP);
    g_assert_null(transact(c, "vCont;c"));
    g_assert_null(last_step);
    gdb_conn_report_stop(c, &fake_cpus[0].cs, GDB_SIGTRAP);
    g_assert_null(transact(c, "vCont;C05:1"));
    g_assert_null(last_step);
    gdb_conn_report_stop(c, &fake_cpus[0].cs, GDB_SIGTRAP);
    int before = resumes;
    assert_error(c, "vCont;s:3");
    assert_error(c, "vCont;x");
    assert_error(c, "vCont;t:1");
    assert_error(c, "vCont;C");
    assert_error(c, "vCont;s:1x");
    assert_error(c, "vCont");
    g_assert_cmpint(resumes, ==, before);

    /* A watchpoint stop names the kind and address. */
    g_assert_null(transact(c, "c"));
    fake_cpus[0].cs.watch_hit_flags = CPU_WATCH_WRITE;
    fake_cpus[0].cs.watch_hit_addr = 0x10100;
    g_string_truncate(out, 0);
    gdb_conn_report_stop(c, &fake_cpus[0].cs, GDB_SIGTRAP);
    g_assert_true(g_str_has_prefix(out->str, "$T05watch:10100;thread:1;#"));
    fake_cpus[0].cs.watch_hit_flags = CPU_WATCH_READ | CPU_WATCH_WRITE;
    r = transact(c, "?");
    g_assert_cmpstr(r, ==, "T05awatch:10100;thread:1;");
    g_free(r);
    /* Resuming forgets the hit. */
    g_assert_null(transact(c, "c"));
    g_assert_cmpint(fake_cpus[0].cs.watch_hit_flags, ==, 0);

    /* Ctrl-C while running stops the VM and reports SIGINT; ignored when stopped. */
    g_string_truncate(out, 0);
    gdb_conn_input(c, (const uint8_t *)"\x03", 1);
    g_assert_cmpint(stops, ==, 1);
    g_assert_true(g_str_has_prefix(out->str, "$T02thread:1;#"));
    gdb_conn_input(c, (const uint8_t *)"\x03", 1);
    g_assert_cmpint(stops, ==, 1);

    /* The guest exits: W00. */
    g_string_truncate(out, 0);
    gdb_conn_report_exit(c, 0);
    g_assert_true(g_str_has_prefix(out->str, "$W00#"));

    /* k ends the emulator and the session. */
    g_assert_null(transact(c, "k"));
    g_assert_cmpint(kills, ==, 1);
    g_assert_true(gdb_conn_closed(c));
    teardown(c);
}

/*
 * Fuzz: random bytes, and well-framed packets with random payloads built
 * from the command letters, must never crash the engine or desynchronise it.
 * Every reply it sends must be a well-formed packet or an ack.
 */
static void check_output_well_formed(void)
{
    const char *s = out->str;
    while (*s) {
        if (*s == '+' || *s == '-') {
            s++;
            continue;
        }
        g_assert_cmpint(*s, ==, '$');
        const char *hash = strchr(s, '#');
        g_assert_nonnull(hash);
        g_assert_true(g_ascii_isxdigit(hash[1]) && g_ascii_isxdigit(hash[2]));
        g_assert_cmpuint(strtoul((char[]){ hash[1], hash[2], 0 }, NULL, 16), ==,
                         checksum(s + 1, (size_t)(hash - s - 1)));
        s = hash + 3;
    }
}

static void test_fuzz(void)
{
    static const char alphabet[] = "?gGpPmMXcsvHTZzqQ0123456789abcdefABCDEF,:;=-}#$*xyzCSl.Xfer";
    GRand *rng = g_rand_new_with_seed(12345);
    GdbConn *c = setup();

    for (int iter = 0; iter < 20000; iter++) {
        if (gdb_conn_closed(c)) {
            teardown(c);
            c = setup();
        }
        g_string_truncate(out, 0);
        int len = g_rand_int_range(rng, 0, iter % 97 == 0 ? GDB_MAX_PACKET + 64 : 48);
        char *buf = g_malloc((size_t)len + 1);
        bool framed = g_rand_boolean(rng);
        for (int i = 0; i < len; i++) {
            buf[i] = framed ? alphabet[g_rand_int_range(rng, 0, sizeof(alphabet) - 1)]
                            : (char)g_rand_int_range(rng, 0, 256);
        }
        if (framed) {
            /* A real command letter first, most of the time. */
            if (len && g_rand_int_range(rng, 0, 4)) {
                buf[0] = "?gGpPmMXcsvHTZzqQD"[g_rand_int_range(rng, 0, 18)];
            }
            send_packet_len(c, buf, (size_t)len);
        } else {
            gdb_conn_input(c, (const uint8_t *)buf, (size_t)len);
        }
        g_free(buf);
        if (gdb_conn_running(c)) {
            gdb_conn_report_stop(c, &fake_cpus[0].cs, GDB_SIGTRAP);
        }
        if (framed) {
            check_output_well_formed();
        }
    }
    /* Still in step after all that (a stray '$' may have opened a packet: close it). */
    if (gdb_conn_closed(c)) {
        teardown(c);
        c = setup();
    }
    gdb_conn_input(c, (const uint8_t *)"#00", 3);
    assert_reply(c, "qAttached", "1");
    teardown(c);
    g_rand_free(rng);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/gdbstub/framing", test_framing_and_acks);
    g_test_add_func("/gdbstub/overlong", test_overlong_packet);
    g_test_add_func("/gdbstub/queries", test_queries);
    g_test_add_func("/gdbstub/target-xml", test_target_xml);
    g_test_add_func("/gdbstub/registers", test_registers);
    g_test_add_func("/gdbstub/memory", test_memory);
    g_test_add_func("/gdbstub/breakpoints", test_breakpoints);
    g_test_add_func("/gdbstub/watchpoint-check", test_watchpoint_check);
    g_test_add_func("/gdbstub/run-control", test_run_control);
    g_test_add_func("/gdbstub/fuzz", test_fuzz);
    return g_test_run();
}
