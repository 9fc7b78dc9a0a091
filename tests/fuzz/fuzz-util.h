/*
 * Shared by the fuzz targets (tests/fuzz/fuzz-*.c, README.md): reading the
 * fuzzer's bytes as a stream of small integers, and the per-request time
 * limit that turns a slow guest request into a finding.
 *
 * The stream never fails: past the end it reads zeros, so every input is a
 * valid program for a target and libFuzzer's mutations stay meaningful.
 *
 * A "hang" in issue 14 is any single guest request (one hypercall, one RTAS
 * call, one MMIO access, one monitor line, ...) taking more than 100 ms of
 * host time. libFuzzer's -timeout counts whole inputs in seconds, so each
 * target also brackets every request with fuzz_request_begin/end, which
 * measure the thread's CPU time (scheduling noise on shared cores does not
 * count) and abort with the request's name past the limit.
 * FUZZ_REQUEST_MS overrides the 100 ms (the sanitizers slow code 2-3x; a
 * finding is confirmed in the release build before it is called a hang).
 *
 * A monitor or QMP line is the user's request, not the guest's, and some are
 * big by design: `x/65536i` disassembles 65,536 instructions, 32 ms in the
 * Release build and about 190 ms under ASan+UBSan (measured). Those targets
 * use fuzz_user_request_begin: ten times the limit, which still catches a
 * command that does not end or whose work the input can multiply.
 */
#ifndef TESTS_FUZZ_FUZZ_UTIL_H
#define TESTS_FUZZ_FUZZ_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The two entry points every target defines (libFuzzer's, or replay-main.c's). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

typedef struct FuzzIn {
    const uint8_t *p;
    size_t n;
} FuzzIn;

static inline size_t fz_left(const FuzzIn *in)
{
    return in->n;
}

static inline void fz_bytes(FuzzIn *in, void *buf, size_t len)
{
    size_t take = len < in->n ? len : in->n;

    memcpy(buf, in->p, take);
    memset((uint8_t *)buf + take, 0, len - take);
    in->p += take;
    in->n -= take;
}

static inline uint8_t fz_u8(FuzzIn *in)
{
    uint8_t v;

    fz_bytes(in, &v, 1);
    return v;
}

/* Little-endian, so a short tail reads as a small number. */
static inline uint16_t fz_u16(FuzzIn *in)
{
    uint8_t b[2];

    fz_bytes(in, b, 2);
    return (uint16_t)(b[0] | b[1] << 8);
}

static inline uint32_t fz_u32(FuzzIn *in)
{
    return fz_u16(in) | (uint32_t)fz_u16(in) << 16;
}

static inline uint64_t fz_u64(FuzzIn *in)
{
    return fz_u32(in) | (uint64_t)fz_u32(in) << 32;
}

/* ---- the per-request limit ---- */

static struct timespec fuzz_req_start;
static const char *fuzz_req_what;
static double fuzz_req_factor;      /* 1 for a guest request, 10 for a user's line */

static inline double fuzz_cpu_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static inline void fuzz_request_begin(const char *what)
{
    fuzz_req_what = what;
    fuzz_req_factor = 1;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &fuzz_req_start);
}

static inline void fuzz_user_request_begin(const char *what)
{
    fuzz_request_begin(what);
    fuzz_req_factor = 10;
}

static inline void fuzz_request_end(void)
{
    static double limit_ms;
    struct timespec ts;
    double ms;

    if (!limit_ms) {
        const char *env = getenv("FUZZ_REQUEST_MS");

        limit_ms = env ? atof(env) : 100.0;
    }
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    ms = (ts.tv_sec - fuzz_req_start.tv_sec) * 1e3 + (ts.tv_nsec - fuzz_req_start.tv_nsec) / 1e6;
    if (ms > limit_ms * fuzz_req_factor) {
        fprintf(stderr, "fuzz: HANG: one request (%s) took %.1f ms of CPU time (limit %.0f)\n",
                fuzz_req_what, ms, limit_ms * fuzz_req_factor);
        abort();
    }
}

#endif
