/*
 * Splitting a byte stream into JSON texts, the job QEMU's JSON lexer and
 * streamer do in front of its parser (qobject/json-streamer.c): QMP input may
 * arrive in pieces, or several messages in one read, and a bad message must
 * not take the session down.
 *
 * The scanner only tracks strings (double- or single-quoted, with escapes)
 * and {}/[] nesting; a message is complete when its outermost brace or
 * bracket closes, and a bare scalar at the top level ends at white space or
 * the next structural character. The parser (json-glib) judges each piece.
 *
 * Errors come out as messages of their own, and the stream goes on:
 * - a message longer than max_len bytes, or nested deeper than
 *   JSON_STREAM_MAX_DEPTH: one error, then the rest of that message is
 *   skipped (its nesting is still followed, so the next message is found);
 * - a lexical error (an ASCII control character other than tab, CR, LF, or
 *   a byte 0xfe/0xff, anywhere; QMP's spec names these as the way a client
 *   puts the parser back into a known state): one error, and everything
 *   pending is dropped.
 */
#ifndef CORE_JSON_STREAM_H
#define CORE_JSON_STREAM_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSON_STREAM_MAX_DEPTH 1024

/* Either text (a complete JSON text, NUL-terminated, len bytes) or error is set. */
typedef void JsonStreamFn(void *opaque, const char *text, size_t len, const char *error);

typedef struct JsonStream JsonStream;

JsonStream *json_stream_new(size_t max_len, JsonStreamFn *fn, void *opaque);
void json_stream_free(JsonStream *s);
void json_stream_feed(JsonStream *s, const uint8_t *buf, size_t len);
/* Drop anything pending (a new client on the same chardev). */
void json_stream_reset(JsonStream *s);

#endif
