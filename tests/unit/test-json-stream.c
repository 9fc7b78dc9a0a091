/*
 * The JSON message splitter in front of QMP's parser (core/json-stream.c):
 * messages split across feeds or packed into one, strings that hold braces,
 * quotes and escapes, bare scalars, the size and depth bounds, and lexical
 * errors resetting the stream.
 */
#include <glib.h>
#include <string.h>

#include "core/json-stream.h"

typedef struct Collected {
    GPtrArray *items;   /* "M:text" or "E:error" */
} Collected;

static void collect(void *opaque, const char *text, size_t len, const char *error)
{
    Collected *c = opaque;

    if (error) {
        g_ptr_array_add(c->items, g_strdup_printf("E:%s", error));
    } else {
        g_assert_cmpuint(strlen(text), ==, len);
        g_ptr_array_add(c->items, g_strdup_printf("M:%s", text));
    }
}

static Collected *collected_new(void)
{
    Collected *c = g_new0(Collected, 1);

    c->items = g_ptr_array_new_with_free_func(g_free);
    return c;
}

static void collected_free(Collected *c)
{
    g_ptr_array_unref(c->items);
    g_free(c);
}

static void feed_str(JsonStream *s, const char *str)
{
    json_stream_feed(s, (const uint8_t *)str, strlen(str));
}

static void assert_items(Collected *c, const char *const *expect)
{
    guint n = 0;

    while (expect[n]) {
        n++;
    }
    for (guint i = 0; i < MIN(n, c->items->len); i++) {
        g_assert_cmpstr(c->items->pdata[i], ==, expect[i]);
    }
    g_assert_cmpuint(c->items->len, ==, n);
}

static void test_split_and_packed(void)
{
    Collected *c = collected_new();
    JsonStream *s = json_stream_new(1024, collect, c);
    static const char *const expect[] = {
        "M:{\"execute\": \"query-status\"}",
        "M:{\"a\":1}",
        "M:[1,{\"b\":[2]}]",
        NULL,
    };

    /* Byte by byte, then two and a half messages in one feed. */
    for (const char *p = "{\"execute\": \"query-status\"}"; *p; p++) {
        json_stream_feed(s, (const uint8_t *)p, 1);
    }
    feed_str(s, "\r\n{\"a\":1}[1,{\"b\":[2]}]{\"c\"");
    assert_items(c, expect);
    feed_str(s, ":3}");
    g_assert_cmpstr(c->items->pdata[3], ==, "M:{\"c\":3}");
    json_stream_free(s);
    collected_free(c);
}

static void test_strings(void)
{
    Collected *c = collected_new();
    JsonStream *s = json_stream_new(1024, collect, c);
    static const char *const expect[] = {
        "M:{\"k\": \"}{][\"}",
        "M:{\"k\": \"a\\\"}b\"}",
        "M:{'k': '}\\'{'}",
        "M:\"top}\"",
        NULL,
    };

    feed_str(s, "{\"k\": \"}{][\"}");
    feed_str(s, "{\"k\": \"a\\\"}b\"}");
    feed_str(s, "{'k': '}\\'{'}");
    feed_str(s, "\"top}\"");
    assert_items(c, expect);
    json_stream_free(s);
    collected_free(c);
}

static void test_scalars_and_strays(void)
{
    Collected *c = collected_new();
    JsonStream *s = json_stream_new(1024, collect, c);
    static const char *const expect[] = {
        "M:null", "M:42", "M:}", "M:true", "M:{}", NULL,
    };

    /* A bare value ends at white space or at the next structural character. */
    feed_str(s, "null 42\n}true{}");
    assert_items(c, expect);
    json_stream_free(s);
    collected_free(c);
}

static void test_too_long(void)
{
    Collected *c = collected_new();
    JsonStream *s = json_stream_new(16, collect, c);
    static const char *const expect[] = {
        "E:JSON parse error, message longer than 16 bytes",
        "M:{\"ok\":1}",
        NULL,
    };

    /* Braces inside the skipped part still count, so the next message is found. */
    feed_str(s, "{\"a\": \"0123456789012345\", \"b\": {\"c\": \"}\"}}");
    feed_str(s, "{\"ok\":1}");
    assert_items(c, expect);
    json_stream_free(s);
    collected_free(c);
}

static void test_too_deep(void)
{
    Collected *c = collected_new();
    JsonStream *s = json_stream_new(1 << 20, collect, c);
    GString *deep = g_string_new(NULL);

    for (int i = 0; i < JSON_STREAM_MAX_DEPTH + 1; i++) {
        g_string_append_c(deep, '[');
    }
    for (int i = 0; i < JSON_STREAM_MAX_DEPTH + 1; i++) {
        g_string_append_c(deep, ']');
    }
    g_string_append(deep, "[1]");
    feed_str(s, deep->str);
    g_assert_cmpuint(c->items->len, ==, 2);
    g_assert_true(g_str_has_prefix(c->items->pdata[0], "E:JSON parse error, nesting deeper"));
    g_assert_cmpstr(c->items->pdata[1], ==, "M:[1]");
    g_string_free(deep, TRUE);
    json_stream_free(s);
    collected_free(c);
}

static void test_lexical_error_resets(void)
{
    Collected *c = collected_new();
    JsonStream *s = json_stream_new(1024, collect, c);
    static const char *const expect[] = {
        "E:JSON parse error, invalid byte 0x01",
        "M:{\"b\":2}",
        "E:JSON parse error, invalid byte 0xff",
        "M:{\"c\":3}",
        NULL,
    };

    /* Inside a string and an object: dropped, one error, a clean start after. */
    feed_str(s, "{\"a\": \"unterminated");
    feed_str(s, "\x01");
    feed_str(s, "{\"b\":2}");
    feed_str(s, "[[\xff\xfe\xff");     /* one error for the run */
    feed_str(s, "{\"c\":3}");
    assert_items(c, expect);
    /* Tab, CR, LF are white space, not errors. */
    feed_str(s, "\t\r\n");
    g_assert_cmpuint(c->items->len, ==, 4);
    json_stream_free(s);
    collected_free(c);
}

static void test_reset(void)
{
    Collected *c = collected_new();
    JsonStream *s = json_stream_new(1024, collect, c);

    feed_str(s, "{\"half\": ");
    json_stream_reset(s);
    feed_str(s, "{\"whole\":1}");
    g_assert_cmpuint(c->items->len, ==, 1);
    g_assert_cmpstr(c->items->pdata[0], ==, "M:{\"whole\":1}");
    json_stream_free(s);
    collected_free(c);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/json-stream/split-and-packed", test_split_and_packed);
    g_test_add_func("/json-stream/strings", test_strings);
    g_test_add_func("/json-stream/scalars-and-strays", test_scalars_and_strays);
    g_test_add_func("/json-stream/too-long", test_too_long);
    g_test_add_func("/json-stream/too-deep", test_too_deep);
    g_test_add_func("/json-stream/lexical-error-resets", test_lexical_error_resets);
    g_test_add_func("/json-stream/reset", test_reset);
    return g_test_run();
}
