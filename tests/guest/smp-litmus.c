/*
 * Litmus tests of the storage model across two vCPUs (issue 16), after
 * Power ISA 2.07B Book II 1.7.1 (storage access ordering: a processor's
 * accesses to ordinary memory may be seen by another in any order unless a
 * barrier orders them) and 4.4.3 (memory barriers: lwsync orders load-load,
 * load-store and store-store but not a store before a later load; sync orders
 * all four).
 *
 *   MP (message passing). vCPU 0: data = 1; [barrier]; flag = 1.
 *      vCPU 1: read flag (waiting a little for it); [barrier]; read data.
 *      With lwsync on both sides, flag=1 data=0 is forbidden; without
 *      barriers the model allows it.
 *   SB (store buffering). vCPU 0: x = 1; [barrier]; read y.
 *      vCPU 1: y = 1; [barrier]; read x.
 *      With sync on both sides, both reads 0 is forbidden; with lwsync or
 *      nothing it is allowed (and an x86 host shows it unless sync becomes a
 *      full host fence).
 *
 * Each round runs SLOTS instances of a test over fresh locations (each in a
 * reservation granule of its own). Both vCPUs leave a barrier, then start
 * instance k at the same timebase value, go_tb + k * SLOT_TICKS, so that with
 * vCPUs on host threads of their own the two sides of an instance really run
 * at the same moment (the timebase follows the host clock). `rounds` rounds
 * per test (options: rounds=N (64), timeout=S (30) for each barrier). The
 * forbidden outcomes are asserted absent; the counts of every outcome are
 * shown on "# " lines (run-guest.sh compares the rest). Allowed outcomes are
 * never required to appear: with thread=single the vCPUs take turns and every
 * outcome is sequentially consistent.
 *
 * The length of a run is its number of instances, rounds x SLOTS; time goes
 * mostly into the two barriers of each round when the host is loaded (each
 * waits until both vCPU threads have a core), so a round holds many instances
 * and a run few rounds. The barrier timeout only catches a vCPU that never
 * comes (a hang), not a slow host.
 */
#include "smp.h"

#define SLOTS 1024
#define START_TICKS 51200   /* 100 us: the first instance of a round, after the barrier */
#define SLOT_TICKS 256      /* 500 ns between instances */

enum { MP, SB };
enum { NONE, LWSYNC, SYNC };

typedef struct {
    volatile u64 v;
    u64 pad[15];
} Line;

typedef struct {
    const char *name;
    int shape, fence;
    const char *forbidden;      /* what must never be seen, or NULL */
} Litmus;

static const Litmus tests[] = {
    { "MP", MP, NONE, 0 },
    { "MP+lwsyncs", MP, LWSYNC, "flag=1 data=0" },
    { "SB", SB, NONE, 0 },
    { "SB+lwsyncs", SB, LWSYNC, 0 },
    { "SB+syncs", SB, SYNC, "both reads 0" },
};

static Line x[SLOTS] __attribute__((aligned(128)));
static Line y[SLOTS] __attribute__((aligned(128)));
/* What each vCPU read, in lines of their own. */
static u64 r0[SLOTS] __attribute__((aligned(128)));
static u64 r1a[SLOTS] __attribute__((aligned(128)));
static u64 r1b[SLOTS] __attribute__((aligned(128)));

static SmpBarrier bar;
static u64 rounds, timeout;
static volatile u64 failed;     /* a barrier timed out: both vCPUs stop */
static volatile u64 go_tb;      /* when this round's first instance starts */

static inline void fence(int f)
{
    if (f == LWSYNC) {
        smp_lwsync();
    } else if (f == SYNC) {
        smp_sync();
    }
}

static void run_side(const Litmus *t, u32 cpu)
{
    u64 go = go_tb;

    for (int k = 0; k < SLOTS; k++) {
        smp_wait_tb(go + (u64)k * SLOT_TICKS);
        if (t->shape == MP && cpu == 0) {
            x[k].v = 1;
            fence(t->fence);
            y[k].v = 1;
        } else if (t->shape == MP) {
            u64 flag, spins = 0;
            do {
                flag = y[k].v;
            } while (!flag && ++spins < 64);
            fence(t->fence);
            r1a[k] = flag;
            r1b[k] = x[k].v;
        } else if (cpu == 0) {
            x[k].v = 1;
            fence(t->fence);
            r0[k] = y[k].v;
        } else {
            y[k].v = 1;
            fence(t->fence);
            r1a[k] = x[k].v;
        }
    }
}

static int meet(void)
{
    if (failed || !smp_barrier_wait(&bar, 2, timeout)) {
        failed = 1;
        return 0;
    }
    return 1;
}

/* vCPU 1: each round of each test between two barriers; vCPU 0 tallies and resets in between. */
static void side1(u32 cpu)
{
    for (unsigned i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
        for (u64 r = 0; r < rounds; r++) {
            if (!meet()) {
                return;
            }
            run_side(&tests[i], cpu);
            if (!meet()) {
                return;
            }
        }
    }
}

/* Outcome counts: index = first read * 2 + second read (MP: flag, data; SB: vCPU 0's, vCPU 1's). */
static int run_test(const Litmus *t)
{
    u64 seen[4] = { 0, 0, 0, 0 };
    u64 bad;

    for (u64 r = 0; r < rounds; r++) {
        go_tb = smp_mftb() + START_TICKS;
        if (!meet()) {
            return -1;
        }
        run_side(t, 0);
        if (!meet()) {
            return -1;
        }
        for (int k = 0; k < SLOTS; k++) {
            u64 a = t->shape == MP ? r1a[k] : r0[k];
            u64 b = t->shape == MP ? r1b[k] : r1a[k];
            seen[(a & 1) * 2 + (b & 1)]++;
            x[k].v = y[k].v = 0;
            r0[k] = r1a[k] = r1b[k] = 0;
        }
    }
    /* MP forbids flag=1 data=0 (index 2); SB forbids both 0 (index 0). */
    bad = t->shape == MP ? seen[2] : seen[0];
    puts_("# ");
    puts_(t->name);
    puts_(t->shape == MP ? " (flag,data)" : " (vCPU 0 read y, vCPU 1 read x)");
    for (int i = 0; i < 4; i++) {
        puts_(i ? " " : ": ");
        put_dec((u64)i >> 1);
        puts_(",");
        put_dec((u64)i & 1);
        puts_("=");
        put_dec(seen[i]);
    }
    puts_("\n");
    if (!t->forbidden) {
        return 0;
    }
    puts_(t->name);
    if (!bad) {
        puts_(": ");
        puts_(t->forbidden);
        puts_(" never seen\n");
        return 0;
    }
    puts_(": FAIL: ");
    puts_(t->forbidden);
    puts_(" seen ");
    put_dec(bad);
    puts_(" times\n");
    return 1;
}

int main(void)
{
    int bad = 0;

    rounds = smp_option("rounds", 64);
    timeout = smp_option("timeout", 30);
    if (smp_start(1, side1) != 0) {
        puts_("start-cpu failed for vCPU 1\n");
        return 1;
    }
    puts_("vCPU 1 started\n");
    for (unsigned i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
        int r = run_test(&tests[i]);
        if (r < 0) {
            puts_("FAIL: vCPU 1 did not meet vCPU 0 within the timeout\n");
            return 1;
        }
        bad |= r;
    }
    puts_("# ");
    put_dec(rounds);
    puts_(" rounds of ");
    put_dec(SLOTS);
    puts_(" per test\n");
    return bad;
}
