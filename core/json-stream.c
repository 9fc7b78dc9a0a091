/*
 * The JSON message splitter (see json-stream.h): a byte-at-a-time state
 * machine over strings and nesting, nothing more. Whether a piece is valid
 * JSON is the parser's business.
 */
#include "core/json-stream.h"

struct JsonStream {
    size_t max_len;
    JsonStreamFn *fn;
    void *opaque;
    GString *buf;           /* the message so far (empty while skipping) */
    int depth;              /* open braces and brackets */
    char quote;             /* inside a string: its quote character; else 0 */
    bool escape;            /* the previous byte in the string was a backslash */
    bool scalar;            /* a bare top-level value is being collected */
    bool skipping;          /* the message is over a limit: follow it without keeping it */
    bool lex_error;         /* reported a lexical error, not yet seen a good byte */
};

JsonStream *json_stream_new(size_t max_len, JsonStreamFn *fn, void *opaque)
{
    JsonStream *s = g_new0(JsonStream, 1);

    s->max_len = max_len;
    s->fn = fn;
    s->opaque = opaque;
    s->buf = g_string_new(NULL);
    return s;
}

void json_stream_free(JsonStream *s)
{
    if (s) {
        g_string_free(s->buf, TRUE);
        g_free(s);
    }
}

void json_stream_reset(JsonStream *s)
{
    g_string_truncate(s->buf, 0);
    s->depth = 0;
    s->quote = 0;
    s->escape = s->scalar = s->skipping = false;
}

/* The message in buf is whole: hand it on (unless it was being skipped). */
static void emit(JsonStream *s)
{
    bool skipped = s->skipping;

    s->skipping = false;
    s->scalar = false;
    if (!skipped && s->buf->len) {
        g_autofree char *text = g_strndup(s->buf->str, s->buf->len);
        size_t len = s->buf->len;
        g_string_truncate(s->buf, 0);
        s->fn(s->opaque, text, len, NULL);
    }
    g_string_truncate(s->buf, 0);
}

static void over_limit(JsonStream *s, const char *what)
{
    g_autofree char *msg = NULL;

    if (s->skipping) {
        return;
    }
    msg = g_strdup_printf("JSON parse error, %s", what);
    s->skipping = true;
    g_string_truncate(s->buf, 0);
    s->fn(s->opaque, NULL, 0, msg);
}

static void keep(JsonStream *s, uint8_t c)
{
    if (s->skipping) {
        return;
    }
    if (s->buf->len >= s->max_len) {
        g_autofree char *what = g_strdup_printf("message longer than %zu bytes", s->max_len);
        over_limit(s, what);
        return;
    }
    g_string_append_c(s->buf, (char)c);
}

static bool is_lexical_error(JsonStream *s, uint8_t c)
{
    if (c == 0xfe || c == 0xff) {
        return true;
    }
    /* Tab, CR and LF are white space between tokens; inside a string the parser judges them. */
    return c < 0x20 && c != '\t' && c != '\r' && c != '\n';
}

static void feed_byte(JsonStream *s, uint8_t c)
{
    if (is_lexical_error(s, c)) {
        bool report = !s->lex_error;
        json_stream_reset(s);
        s->lex_error = true;
        if (report) {
            g_autofree char *msg = g_strdup_printf("JSON parse error, invalid byte 0x%02x", c);
            s->fn(s->opaque, NULL, 0, msg);
        }
        return;
    }
    s->lex_error = false;
    if (s->quote) {
        keep(s, c);
        if (s->escape) {
            s->escape = false;
        } else if (c == '\\') {
            s->escape = true;
        } else if (c == (uint8_t)s->quote) {
            s->quote = 0;
            if (s->depth == 0) {
                emit(s);        /* a bare string at the top level */
            }
        }
        return;
    }
    switch (c) {
    case ' ':
    case '\t':
    case '\r':
    case '\n':
        if (s->depth == 0) {
            if (s->scalar) {
                emit(s);
            }
        } else {
            keep(s, c);
        }
        break;
    case '{':
    case '[':
        if (s->depth == 0 && s->scalar) {
            emit(s);
        }
        keep(s, c);
        if (++s->depth > JSON_STREAM_MAX_DEPTH) {
            over_limit(s, "nesting deeper than " G_STRINGIFY(JSON_STREAM_MAX_DEPTH));
        }
        break;
    case '}':
    case ']':
        if (s->depth == 0) {
            /* Stray: on its own it is a message the parser will refuse. */
            if (s->scalar) {
                emit(s);
            }
            keep(s, c);
            emit(s);
            break;
        }
        keep(s, c);
        if (--s->depth == 0) {
            emit(s);
        }
        break;
    case '"':
    case '\'':
        if (s->depth == 0 && s->scalar) {
            emit(s);
        }
        s->quote = (char)c;
        keep(s, c);
        break;
    default:
        if (s->depth == 0) {
            s->scalar = true;
        }
        keep(s, c);
        break;
    }
}

void json_stream_feed(JsonStream *s, const uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        feed_byte(s, buf[i]);
    }
}
