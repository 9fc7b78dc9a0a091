/*
 * Benchmark guest: a xorshift generator feeding a bitwise CRC-32, the kind of
 * tight integer loop (shifts, logic, compare-and-branch, byte loads and
 * stores) the execution engine spends its time on. Prints the CRC so a run
 * that went wrong is visible. The iteration count is fixed at build time.
 */
#include "guest.h"

#ifndef ITERS
#define ITERS 4000000
#endif

static u8 buf[4096];

int main(void)
{
    u64 x = 0x9e3779b97f4a7c15ul;
    u32 c = 0xffffffffu;

    for (u64 i = 0; i != ITERS; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        buf[i & 4095] = (u8)(x >> 29);
        c ^= buf[(i * 7) & 4095];
        for (int k = 0; k < 8; k++) {
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
        }
    }
    puts_("crc ");
    put_hex(~c, 8);
    puts_("\n");
    return 0;
}
