/*
 * The gdb Remote Serial Protocol engine (gdb manual, "Remote Protocol":
 * Overview, Packets, Stop Reply Packets, General Query Packets). Each vCPU
 * is a thread with id index + 1. All input is untrusted: every number is
 * parsed strictly, every length is bounded, and anything not understood gets
 * an error or the empty reply that means "not supported".
 */
#include "core/gdbstub-protocol.h"

#include <glib.h>
#include <inttypes.h>
#include <string.h>

typedef enum {
    RX_IDLE,        /* between packets: acks, Ctrl-C, '$' */
    RX_DATA,        /* inside $...# */
    RX_CSUM1,
    RX_CSUM2,
} RxState;

struct GdbConn {
    const GdbTargetOps *ops;
    void *opaque;
    RxState rx;
    uint8_t buf[GDB_MAX_PACKET + 1];    /* + NUL so commands can be parsed as text */
    size_t len;
    bool overflow;                      /* the packet being received is too long */
    uint8_t sum;                        /* running checksum of the payload */
    int csum_hi;                        /* first checksum digit, -1 if not hex */
    bool no_ack;                        /* QStartNoAckMode */
    GString *last_reply;                /* the framed reply, resent on '-' */
    GString *reply;                     /* payload being built */
    int g_cpu, c_cpu;                   /* Hg / Hc: index, or -1 for "all" (Hc only) */
    bool running;
    bool closed;
    int stop_signal;                    /* for '?' */
    int stop_cpu;
};

/* ---- Numbers and hex ---- */

static int hex_val(int ch)
{
    if (ch >= '0' && ch <= '9') {
        return ch - '0';
    }
    if (ch >= 'a' && ch <= 'f') {
        return ch - 'a' + 10;
    }
    if (ch >= 'A' && ch <= 'F') {
        return ch - 'A' + 10;
    }
    return -1;
}

/* One hex number of 1..16 digits at *p; advances *p past it. */
static bool parse_hex(const char **p, uint64_t *out)
{
    const char *s = *p;
    uint64_t v = 0;
    int n = 0;

    while (hex_val(*s) >= 0) {
        if (++n > 16) {
            return false;
        }
        v = (v << 4) | (uint64_t)hex_val(*s++);
    }
    if (!n) {
        return false;
    }
    *p = s;
    *out = v;
    return true;
}

/* Exactly `len` bytes from 2*len hex digits; false on a bad digit or short input. */
static bool hex_to_bytes(const char *hex, size_t hex_len, uint8_t *out, size_t len)
{
    if (hex_len != 2 * len) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        int hi = hex_val(hex[2 * i]), lo = hex_val(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            return false;
        }
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

static void append_hex(GString *s, const uint8_t *buf, size_t len)
{
    static const char digits[] = "0123456789abcdef";

    for (size_t i = 0; i < len; i++) {
        g_string_append_c(s, digits[buf[i] >> 4]);
        g_string_append_c(s, digits[buf[i] & 15]);
    }
}

/* ---- Framing ---- */

static void send_raw(GdbConn *c, const char *s, size_t len)
{
    c->ops->send(c->opaque, (const uint8_t *)s, len);
}

/* Frame and send the reply payload built in c->reply (binary bytes escaped). */
static void send_reply(GdbConn *c)
{
    GString *f = c->last_reply;
    uint8_t sum = 0;

    g_string_truncate(f, 0);
    g_string_append_c(f, '$');
    for (size_t i = 0; i < c->reply->len; i++) {
        uint8_t ch = (uint8_t)c->reply->str[i];
        if (ch == '$' || ch == '#' || ch == '}' || ch == '*') {
            g_string_append_c(f, '}');
            sum += '}';
            ch ^= 0x20;
        }
        g_string_append_c(f, (char)ch);
        sum += ch;
    }
    g_string_append_printf(f, "#%02x", sum);
    send_raw(c, f->str, f->len);
    g_string_truncate(c->reply, 0);
}

static void reply_str(GdbConn *c, const char *s)
{
    g_string_assign(c->reply, s);
}

static void reply_error(GdbConn *c, int code)
{
    g_string_printf(c->reply, "E%02x", code);
}

/* ---- CPUs ---- */

static int conn_cpu_count(GdbConn *c)
{
    return c->ops->cpu_count(c->opaque);
}

static CPUState *conn_cpu(GdbConn *c, int index)
{
    if (index < 0 || index >= conn_cpu_count(c)) {
        return NULL;
    }
    return c->ops->cpu_get(c->opaque, index);
}

/* The CPU that register and memory commands act on (Hg). */
static CPUState *g_cpu(GdbConn *c)
{
    CPUState *cs = conn_cpu(c, c->g_cpu);
    return cs ? cs : conn_cpu(c, 0);
}

/*
 * A thread id as gdb writes it: "-1" = all, "0" = any, else index + 1. Only
 * the plain (non-multiprocess) form is accepted. Returns -1 for "all", the
 * index otherwise, or -2 on a bad or unknown id.
 */
static int parse_thread(GdbConn *c, const char **p)
{
    uint64_t id;

    if ((*p)[0] == '-' && (*p)[1] == '1') {
        *p += 2;
        return -1;
    }
    if (!parse_hex(p, &id)) {
        return -2;
    }
    if (id == 0) {
        return 0;
    }
    if (id > (uint64_t)conn_cpu_count(c)) {
        return -2;
    }
    return (int)(id - 1);
}

/* ---- Stop replies ---- */

static void build_stop_reply(GdbConn *c, CPUState *cs, int signal)
{
    g_string_printf(c->reply, "T%02x", signal & 0xff);
    if (cs && signal == GDB_SIGTRAP && cs->watch_hit_flags) {
        const char *kind = cs->watch_hit_flags == CPU_WATCH_WRITE ? "watch"
                         : cs->watch_hit_flags == CPU_WATCH_READ ? "rwatch" : "awatch";
        g_string_append_printf(c->reply, "%s:%" PRIx64 ";", kind, cs->watch_hit_addr);
    }
    g_string_append_printf(c->reply, "thread:%x;", cs ? cs->index + 1 : 1);
}

void gdb_conn_report_stop(GdbConn *c, CPUState *cpu, int signal)
{
    c->stop_signal = signal;
    c->stop_cpu = cpu ? cpu->index : 0;
    if (!c->running || c->closed) {
        return;
    }
    c->running = false;
    /* gdb reads registers of the thread that stopped. */
    c->g_cpu = c->stop_cpu;
    build_stop_reply(c, cpu, signal);
    send_reply(c);
}

void gdb_conn_report_exit(GdbConn *c, int status)
{
    if (c->closed) {
        return;
    }
    c->running = false;
    g_string_printf(c->reply, "W%02x", status & 0xff);
    send_reply(c);
}

static void resume(GdbConn *c, CPUState *step_cpu)
{
    for (int i = 0; i < conn_cpu_count(c); i++) {
        conn_cpu(c, i)->watch_hit_flags = 0;
    }
    c->running = true;
    c->ops->resume(c->opaque, step_cpu);
}

/* ---- Registers ---- */

static void cmd_read_all_registers(GdbConn *c)
{
    CPUState *cs = g_cpu(c);
    GByteArray *regs = g_byte_array_new();

    for (int r = 0; r < cs->ops->gdb_num_regs; r++) {
        cs->ops->gdb_read_register(cs, regs, r);
    }
    append_hex(c->reply, regs->data, regs->len);
    g_byte_array_free(regs, TRUE);
}

static void cmd_write_all_registers(GdbConn *c, const char *hex)
{
    CPUState *cs = g_cpu(c);
    size_t hex_len = strlen(hex);
    GByteArray *sizes = g_byte_array_new();
    uint8_t *data;
    size_t total = 0, off = 0;

    /* The layout is what 'g' returns: learn each register's size by reading it. */
    int *reg_size = g_new0(int, cs->ops->gdb_num_regs);
    for (int r = 0; r < cs->ops->gdb_num_regs; r++) {
        g_byte_array_set_size(sizes, 0);
        reg_size[r] = cs->ops->gdb_read_register(cs, sizes, r);
        total += (size_t)reg_size[r];
    }
    g_byte_array_free(sizes, TRUE);
    /* gdb may send fewer registers than 'g' gave; never more. */
    if (hex_len % 2 || hex_len / 2 > total) {
        reply_error(c, 1);
        g_free(reg_size);
        return;
    }
    data = g_malloc(hex_len / 2 + 1);
    if (!hex_to_bytes(hex, hex_len, data, hex_len / 2)) {
        reply_error(c, 1);
    } else {
        for (int r = 0; r < cs->ops->gdb_num_regs && off + (size_t)reg_size[r] <= hex_len / 2; r++) {
            cs->ops->gdb_write_register(cs, data + off, r);
            off += (size_t)reg_size[r];
        }
        reply_str(c, "OK");
    }
    g_free(data);
    g_free(reg_size);
}

static void cmd_read_register(GdbConn *c, const char *args)
{
    CPUState *cs = g_cpu(c);
    GByteArray *val = g_byte_array_new();
    uint64_t reg;

    if (!parse_hex(&args, &reg) || *args || reg >= (uint64_t)cs->ops->gdb_num_regs ||
        cs->ops->gdb_read_register(cs, val, (int)reg) <= 0) {
        reply_error(c, 1);
    } else {
        append_hex(c->reply, val->data, val->len);
    }
    g_byte_array_free(val, TRUE);
}

static void cmd_write_register(GdbConn *c, const char *args)
{
    CPUState *cs = g_cpu(c);
    GByteArray *cur = g_byte_array_new();
    uint64_t reg;
    int size;

    if (!parse_hex(&args, &reg) || *args++ != '=' || reg >= (uint64_t)cs->ops->gdb_num_regs ||
        (size = cs->ops->gdb_read_register(cs, cur, (int)reg)) <= 0) {
        reply_error(c, 1);
    } else {
        uint8_t *val = g_malloc((size_t)size);
        if (!hex_to_bytes(args, strlen(args), val, (size_t)size)) {
            reply_error(c, 1);
        } else {
            cs->ops->gdb_write_register(cs, val, (int)reg);
            reply_str(c, "OK");
        }
        g_free(val);
    }
    g_byte_array_free(cur, TRUE);
}

/* ---- Memory ---- */

/* "ADDR,LEN" followed by `end` (or the end of the string when end is 0). */
static bool parse_addr_len(const char **p, uint64_t *addr, uint64_t *len, char end)
{
    if (!parse_hex(p, addr) || *(*p)++ != ',' || !parse_hex(p, len)) {
        return false;
    }
    if (end) {
        return *(*p)++ == end;
    }
    return **p == '\0';
}

static void cmd_read_memory(GdbConn *c, const char *args)
{
    CPUState *cs = g_cpu(c);
    uint64_t addr, len;
    uint8_t *buf;

    if (!parse_addr_len(&args, &addr, &len, 0)) {
        reply_error(c, 1);
        return;
    }
    /* A reply may be shorter than asked: cap it to what fits in one packet. */
    if (len > (GDB_MAX_PACKET - 4) / 2) {
        len = (GDB_MAX_PACKET - 4) / 2;
    }
    if (len == 0) {
        return;     /* empty payload: zero bytes read */
    }
    buf = g_malloc(len);
    if (!cs->ops->memory_rw_debug(cs, addr, buf, len, false)) {
        reply_error(c, 0x14);
    } else {
        append_hex(c->reply, buf, len);
    }
    g_free(buf);
}

static void write_memory(GdbConn *c, uint64_t addr, const uint8_t *buf, uint64_t len)
{
    CPUState *cs = g_cpu(c);

    if (len && !cs->ops->memory_rw_debug(cs, addr, (void *)buf, len, true)) {
        reply_error(c, 0x14);
    } else {
        reply_str(c, "OK");
    }
}

static void cmd_write_memory_hex(GdbConn *c, const char *args)
{
    uint64_t addr, len;
    uint8_t *buf;

    if (!parse_addr_len(&args, &addr, &len, ':') || len > GDB_MAX_PACKET / 2) {
        reply_error(c, 1);
        return;
    }
    buf = g_malloc(len + 1);
    if (!hex_to_bytes(args, strlen(args), buf, len)) {
        reply_error(c, 1);
    } else {
        write_memory(c, addr, buf, len);
    }
    g_free(buf);
}

/* X: binary data, '}' escapes the next byte XOR 0x20. pkt/pkt_len is the whole payload. */
static void cmd_write_memory_bin(GdbConn *c, const uint8_t *pkt, size_t pkt_len)
{
    const char *args = (const char *)pkt + 1;
    uint64_t addr, len;
    size_t i, n = 0;
    uint8_t *buf;

    if (!parse_addr_len(&args, &addr, &len, ':') || len > GDB_MAX_PACKET) {
        reply_error(c, 1);
        return;
    }
    buf = g_malloc(len + 1);
    for (i = (size_t)((const uint8_t *)args - pkt); i < pkt_len && n < len; i++) {
        uint8_t ch = pkt[i];
        if (ch == '}') {
            if (++i >= pkt_len) {
                break;
            }
            ch = pkt[i] ^ 0x20;
        }
        buf[n++] = ch;
    }
    if (n != len || i != pkt_len) {
        reply_error(c, 1);
    } else {
        write_memory(c, addr, buf, len);
    }
    g_free(buf);
}

/* ---- Break- and watchpoints: Z/z TYPE,ADDR,KIND ---- */

static void cmd_breakpoint(GdbConn *c, const char *args, bool insert)
{
    uint64_t type, addr, kind;
    static const int watch_flags[] = {
        [2] = CPU_WATCH_WRITE, [3] = CPU_WATCH_READ, [4] = CPU_WATCH_READ | CPU_WATCH_WRITE,
    };
    bool ok = true;

    if (!parse_hex(&args, &type) || *args++ != ',' || !parse_hex(&args, &addr) ||
        *args++ != ',' || !parse_hex(&args, &kind)) {
        reply_error(c, 1);
        return;
    }
    /* Conditions and commands (";X..." after the kind) are not supported. */
    if (*args) {
        return;
    }
    if (type > 4) {
        return;     /* unknown type: empty reply */
    }
    if (type >= 2 && (kind == 0 || addr + kind - 1 < addr)) {
        reply_error(c, 0x16);
        return;
    }
    /* Debug points are per machine, as gdb sees them: set them on every vCPU. */
    for (int i = 0; i < conn_cpu_count(c); i++) {
        CPUState *cs = conn_cpu(c, i);
        if (type <= 1) {
            ok &= insert ? cpu_breakpoint_insert(cs, addr) : cpu_breakpoint_remove(cs, addr);
        } else {
            ok &= insert ? cpu_watchpoint_insert(cs, addr, kind, watch_flags[type])
                         : cpu_watchpoint_remove(cs, addr, kind, watch_flags[type]);
        }
    }
    if (ok) {
        reply_str(c, "OK");
    } else {
        reply_error(c, insert ? 0x1c : 0x02);   /* ENOSPC / ENOENT */
    }
}

/* ---- Execution control ---- */

static void cmd_continue(GdbConn *c, const char *args, bool step)
{
    int idx = c->c_cpu >= 0 ? c->c_cpu : c->g_cpu;
    CPUState *cs = conn_cpu(c, idx);
    uint64_t addr;

    if (!cs) {
        cs = conn_cpu(c, 0);
    }
    if (*args) {
        if (!parse_hex(&args, &addr) || *args) {
            reply_error(c, 1);
            return;
        }
        cs->ops->set_pc(cs, addr);
    }
    resume(c, step ? cs : NULL);
}

/*
 * vCont;ACTION[:TID](;ACTION[:TID])*: the first action that names a thread
 * wins for it; one without a thread applies to the rest. We run all vCPUs or
 * step exactly one, which covers what an all-stop gdb asks for.
 */
static void cmd_vcont(GdbConn *c, const char *args)
{
    CPUState *step = NULL;

    if (*args++ != ';') {
        reply_error(c, 1);
        return;
    }
    while (*args) {
        char action = *args++;
        uint64_t sig;
        int tid = -1;

        if (action == 'C' || action == 'S') {
            if (!parse_hex(&args, &sig) || sig > 0xff) {
                reply_error(c, 1);
                return;
            }
            action = (char)(action + ('a' - 'A'));   /* signals are not delivered to a machine */
        }
        if (action != 'c' && action != 's') {
            reply_error(c, 1);
            return;
        }
        if (*args == ':') {
            args++;
            tid = parse_thread(c, &args);
            if (tid == -2) {
                reply_error(c, 1);
                return;
            }
        }
        if (*args == ';') {
            args++;
        } else if (*args) {
            reply_error(c, 1);
            return;
        }
        if (action == 's' && !step) {
            step = conn_cpu(c, tid >= 0 ? tid : c->g_cpu);
        }
    }
    /*
     * "s:1;c" from an all-stop gdb means: step thread 1. The others stay
     * stopped for that one instruction, as on a machine with one debug
     * engine: gdb sees the same result, and the step stays deterministic.
     */
    resume(c, step);
}

/* ---- Queries ---- */

static void cmd_xfer_features(GdbConn *c, const char *args)
{
    CPUState *cs = g_cpu(c);
    const char *colon = strchr(args, ':');
    uint64_t off, len;
    char *annex;
    const char *xml;
    size_t xml_len;

    if (!colon || !cs->ops->gdb_target_xml) {
        reply_error(c, 0);
        return;
    }
    annex = g_strndup(args, (size_t)(colon - args));
    xml = cs->ops->gdb_target_xml(annex);
    g_free(annex);
    args = colon + 1;
    if (!parse_addr_len(&args, &off, &len, 0)) {
        reply_error(c, 1);
        return;
    }
    if (!xml) {
        reply_error(c, 0);
        return;
    }
    xml_len = strlen(xml);
    if (off > xml_len) {
        reply_error(c, 1);
        return;
    }
    /* 'm' + data must fit a packet even if every byte needed escaping. */
    if (len > (GDB_MAX_PACKET - 8) / 2) {
        len = (GDB_MAX_PACKET - 8) / 2;
    }
    if (len >= xml_len - off) {
        g_string_append_c(c->reply, 'l');
        g_string_append_len(c->reply, xml + off, (gssize)(xml_len - off));
    } else {
        g_string_append_c(c->reply, 'm');
        g_string_append_len(c->reply, xml + off, (gssize)len);
    }
}

static void cmd_query(GdbConn *c, const char *pkt)
{
    if (g_str_has_prefix(pkt, "qSupported")) {
        g_string_printf(c->reply, "PacketSize=%x;qXfer:features:read+;vContSupported+;"
                        "QStartNoAckMode+", GDB_MAX_PACKET);
    } else if (g_str_has_prefix(pkt, "qXfer:features:read:")) {
        cmd_xfer_features(c, pkt + strlen("qXfer:features:read:"));
    } else if (strcmp(pkt, "qC") == 0) {
        g_string_printf(c->reply, "QC%x", g_cpu(c)->index + 1);
    } else if (strcmp(pkt, "qfThreadInfo") == 0) {
        g_string_append_c(c->reply, 'm');
        for (int i = 0; i < conn_cpu_count(c); i++) {
            g_string_append_printf(c->reply, i ? ",%x" : "%x", i + 1);
        }
    } else if (strcmp(pkt, "qsThreadInfo") == 0) {
        reply_str(c, "l");
    } else if (g_str_has_prefix(pkt, "qThreadExtraInfo,")) {
        const char *p = pkt + strlen("qThreadExtraInfo,");
        int idx = parse_thread(c, &p);
        CPUState *cs = idx >= 0 && !*p ? conn_cpu(c, idx) : NULL;
        if (!cs) {
            reply_error(c, 1);
        } else {
            char *text = g_strdup_printf("CPU#%d%s", cs->index, cpu_halted(cs) ? " [halted]" : "");
            append_hex(c->reply, (const uint8_t *)text, strlen(text));
            g_free(text);
        }
    } else if (strcmp(pkt, "qAttached") == 0) {
        reply_str(c, "1");
    } else if (strcmp(pkt, "QStartNoAckMode") == 0) {
        reply_str(c, "OK");
        /* The OK itself is still acknowledged; from the next packet on, no acks. */
        send_reply(c);
        c->no_ack = true;
    }
    /* anything else: empty reply = not supported */
}

/* ---- Dispatch ---- */

static void handle_packet(GdbConn *c, const uint8_t *pkt, size_t len)
{
    const char *s = (const char *)pkt;
    const char *args = s + 1;
    bool reply = true;
    int t;

    /* Text commands must not hide a NUL; only X carries binary data. */
    if (len && pkt[0] != 'X' && memchr(pkt, '\0', len)) {
        reply_error(c, 1);
        send_reply(c);
        return;
    }
    /* Everything but queries, '?' and the session commands needs a CPU. */
    if (conn_cpu_count(c) == 0 && len && !strchr("qQ?Dk", s[0])) {
        reply_error(c, 1);
        send_reply(c);
        return;
    }
    switch (len ? s[0] : '\0') {
    case '?':
        build_stop_reply(c, conn_cpu(c, c->stop_cpu), c->stop_signal);
        break;
    case 'g':
        if (*args) {
            reply_error(c, 1);
        } else {
            cmd_read_all_registers(c);
        }
        break;
    case 'G':
        cmd_write_all_registers(c, args);
        break;
    case 'p':
        cmd_read_register(c, args);
        break;
    case 'P':
        cmd_write_register(c, args);
        break;
    case 'm':
        cmd_read_memory(c, args);
        break;
    case 'M':
        cmd_write_memory_hex(c, args);
        break;
    case 'X':
        cmd_write_memory_bin(c, pkt, len);
        break;
    case 'c':
    case 's':
        cmd_continue(c, args, s[0] == 's');
        reply = c->reply->len != 0;     /* only an error is answered now */
        break;
    case 'v':
        if (strcmp(s, "vCont?") == 0) {
            reply_str(c, "vCont;c;C;s;S");
        } else if (g_str_has_prefix(s, "vCont;") || strcmp(s, "vCont") == 0) {
            cmd_vcont(c, s + strlen("vCont"));
            reply = c->reply->len != 0;
        }
        /* vMustReplyEmpty, vKill, vFile...: not supported */
        break;
    case 'H':
        if (args[0] != 'g' && args[0] != 'c') {
            reply_error(c, 1);
            break;
        }
        {
            const char *p = args + 1;
            t = parse_thread(c, &p);
            if (t == -2 || *p || (args[0] == 'g' && t == -1)) {
                reply_error(c, 0x16);
                break;
            }
            if (args[0] == 'g') {
                c->g_cpu = t;
            } else {
                c->c_cpu = t;
            }
            reply_str(c, "OK");
        }
        break;
    case 'T': {
        const char *p = args;
        t = parse_thread(c, &p);
        if (t < 0 || *p) {
            reply_error(c, 0x16);
        } else {
            reply_str(c, "OK");
        }
        break;
    }
    case 'Z':
    case 'z':
        cmd_breakpoint(c, args, s[0] == 'Z');
        break;
    case 'q':
    case 'Q':
        cmd_query(c, s);
        if (strcmp(s, "QStartNoAckMode") == 0) {
            return;     /* already answered */
        }
        break;
    case 'D':
        /* Leave the machine as if gdb had never been there, and running. */
        for (int i = 0; i < conn_cpu_count(c); i++) {
            cpu_debug_points_clear(conn_cpu(c, i));
        }
        reply_str(c, "OK");
        send_reply(c);
        c->closed = true;
        resume(c, NULL);
        c->running = false;
        return;
    case 'k':
        c->closed = true;
        c->ops->kill(c->opaque);
        return;
    default:
        break;      /* unknown command: empty reply */
    }
    if (reply) {
        send_reply(c);
    }
}

static void packet_done(GdbConn *c, uint8_t csum)
{
    bool good = csum == c->sum;

    if (!c->no_ack) {
        send_raw(c, good ? "+" : "-", 1);
    }
    if (!good) {
        return;     /* gdb retransmits after '-' */
    }
    if (c->overflow) {
        reply_error(c, 1);
        send_reply(c);
        return;
    }
    c->buf[c->len] = '\0';
    handle_packet(c, c->buf, c->len);
}

void gdb_conn_input(GdbConn *c, const uint8_t *in, size_t n)
{
    for (size_t i = 0; i < n && !c->closed; i++) {
        uint8_t ch = in[i];
        int v;

        switch (c->rx) {
        case RX_IDLE:
            if (ch == '$') {
                c->rx = RX_DATA;
                c->len = 0;
                c->sum = 0;
                c->overflow = false;
            } else if (ch == '-' && !c->no_ack && c->last_reply->len) {
                send_raw(c, c->last_reply->str, c->last_reply->len);
            } else if (ch == 0x03 && c->running) {
                c->ops->stop(c->opaque);
                gdb_conn_report_stop(c, conn_cpu(c, c->c_cpu >= 0 ? c->c_cpu : 0), GDB_SIGINT);
            }
            /* '+' and line noise between packets are ignored */
            break;
        case RX_DATA:
            if (ch == '#') {
                c->rx = RX_CSUM1;
                break;
            }
            c->sum += ch;
            if (c->len < GDB_MAX_PACKET) {
                c->buf[c->len++] = ch;
            } else {
                c->overflow = true;
            }
            break;
        case RX_CSUM1:
            c->csum_hi = hex_val(ch);
            c->rx = RX_CSUM2;
            break;
        case RX_CSUM2:
            v = hex_val(ch);
            c->rx = RX_IDLE;
            if (v < 0 || c->csum_hi < 0) {
                /* An unreadable checksum is a bad checksum. */
                if (!c->no_ack) {
                    send_raw(c, "-", 1);
                }
                break;
            }
            packet_done(c, (uint8_t)(c->csum_hi << 4 | v));
            break;
        }
    }
}

GdbConn *gdb_conn_new(const GdbTargetOps *ops, void *opaque)
{
    GdbConn *c = g_new0(GdbConn, 1);

    c->ops = ops;
    c->opaque = opaque;
    c->last_reply = g_string_new(NULL);
    c->reply = g_string_new(NULL);
    c->stop_signal = GDB_SIGTRAP;
    return c;
}

void gdb_conn_free(GdbConn *c)
{
    if (!c) {
        return;
    }
    g_string_free(c->last_reply, TRUE);
    g_string_free(c->reply, TRUE);
    g_free(c);
}

bool gdb_conn_running(const GdbConn *c)
{
    return c->running;
}

bool gdb_conn_closed(const GdbConn *c)
{
    return c->closed;
}
