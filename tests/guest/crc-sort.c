/*
 * CRC-32 and sorting over a few KiB of generated data, printed in hex. Built
 * both as a bare-metal guest test and for the host: the outputs must match.
 */
#ifdef HOST_BUILD
#include <stdio.h>
typedef unsigned int u32;
typedef unsigned long u64;
typedef unsigned char u8;
static void out_hex(const char *label, u64 v, int digits) { printf("%s%0*lx\n", label, digits, v); }
#else
#include "guest.h"
static void out_hex(const char *label, u64 v, int digits)
{
    puts_(label);
    put_hex(v, digits);
    puts_("\n");
}
#endif

#define N 4096

static u8 bytes[N];
static u32 words[N / 4];

static u32 crc32(const u8 *p, u64 n)
{
    u32 c = 0xffffffffu;
    for (u64 i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) {
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
        }
    }
    return ~c;
}

/* An in-place heap sort, then a check that the result is ordered. */
static void sift(u32 *a, long start, long end)
{
    long root = start;
    while (2 * root + 1 <= end) {
        long child = 2 * root + 1;
        if (child + 1 <= end && a[child] < a[child + 1]) {
            child++;
        }
        if (a[root] >= a[child]) {
            return;
        }
        u32 t = a[root];
        a[root] = a[child];
        a[child] = t;
        root = child;
    }
}

static void heap_sort(u32 *a, long n)
{
    for (long s = (n - 2) / 2; s >= 0; s--) {
        sift(a, s, n - 1);
    }
    for (long end = n - 1; end > 0; end--) {
        u32 t = a[0];
        a[0] = a[end];
        a[end] = t;
        sift(a, 0, end - 1);
    }
}

int main(void)
{
    u64 x = 0x9e3779b97f4a7c15ul, sum = 0;
    int ordered = 1;

    for (int i = 0; i < N; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        bytes[i] = (u8)(x >> 29);
    }
    for (int i = 0; i < N / 4; i++) {
        words[i] = (u32)bytes[4 * i] << 24 | (u32)bytes[4 * i + 1] << 16 |
                   (u32)bytes[4 * i + 2] << 8 | bytes[4 * i + 3];
    }
    out_hex("crc32 ", crc32(bytes, N), 8);
    heap_sort(words, N / 4);
    for (int i = 1; i < N / 4; i++) {
        ordered &= words[i - 1] <= words[i];
    }
    for (int i = 0; i < N / 4; i++) {
        sum = sum * 31 + words[i];
    }
    out_hex("sorted-min ", words[0], 8);
    out_hex("sorted-max ", words[N / 4 - 1], 8);
    out_hex("sorted-hash ", sum, 16);
    /* Serialise big-endian so the CRC does not depend on the byte order we run in. */
    for (int i = 0; i < N / 4; i++) {
        bytes[4 * i] = (u8)(words[i] >> 24);
        bytes[4 * i + 1] = (u8)(words[i] >> 16);
        bytes[4 * i + 2] = (u8)(words[i] >> 8);
        bytes[4 * i + 3] = (u8)words[i];
    }
    out_hex("crc32-sorted ", crc32(bytes, N), 8);
    out_hex("ordered ", (u64)ordered, 1);
    return 0;
}
