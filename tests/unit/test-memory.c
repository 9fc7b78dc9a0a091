/* Unit tests for core/memory.c: flattening, priorities, aliases, I/O dispatch, mtree. */
#include "core/memory.h"

#include <glib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* A test device: records every callback; reads return a per-offset pattern. */
typedef struct Access {
    bool is_write;
    uint64_t offset;
    uint64_t value;
    unsigned size;
} Access;

typedef struct TestDev {
    Access log[16];
    int n;
    uint8_t regs[64];   /* backing store in device (big or little) order */
    DeviceEndian e;
} TestDev;

static uint64_t dev_read(void *opaque, uint64_t offset, unsigned size)
{
    TestDev *d = opaque;
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++) {
        unsigned idx = d->e == DEVICE_BIG_ENDIAN ? i : size - 1 - i;
        v = (v << 8) | d->regs[offset + idx];
    }
    g_assert_cmpint(d->n, <, 16);
    d->log[d->n++] = (Access){ false, offset, v, size };
    return v;
}

static void dev_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
    TestDev *d = opaque;

    for (unsigned i = 0; i < size; i++) {
        unsigned shift = d->e == DEVICE_BIG_ENDIAN ? 8 * (size - 1 - i) : 8 * i;
        d->regs[offset + i] = value >> shift;
    }
    g_assert_cmpint(d->n, <, 16);
    d->log[d->n++] = (Access){ true, offset, value, size };
}

static const MemoryRegionOps ops_be4 = {
    .read = dev_read, .write = dev_write, .endianness = DEVICE_BIG_ENDIAN,
    .valid = { 1, 8, false }, .impl = { 4, 4 },
};
static const MemoryRegionOps ops_le4 = {
    .read = dev_read, .write = dev_write, .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { 1, 8, false }, .impl = { 4, 4 },
};
static const MemoryRegionOps ops_strict4 = {
    .read = dev_read, .write = dev_write, .endianness = DEVICE_BIG_ENDIAN,
    .valid = { 4, 4, false }, .impl = { 4, 4 },
};
static const MemoryRegionOps ops_any = {
    .read = dev_read, .write = dev_write, .endianness = DEVICE_LITTLE_ENDIAN,
};

static uint8_t ram_byte(AddressSpace *as, uint64_t addr)
{
    uint8_t b = 0xaa;
    g_assert_cmpint(address_space_read(as, addr, &b, 1), ==, MEMTX_OK);
    return b;
}

static const char *section_name(AddressSpace *as, uint64_t addr)
{
    MemorySection s;
    return address_space_lookup(as, addr, &s) ? s.mr->name : NULL;
}

static void test_ram_basic(void)
{
    MemoryRegion root, ram;
    AddressSpace as;
    uint8_t buf[16], out[16];
    MemorySection s;

    memory_region_init_container(&root, "system", UINT64_MAX);
    g_assert_true(memory_region_init_ram(&ram, "ram", 1 << 20));
    memory_region_add_subregion(&root, 0x100000, &ram);
    address_space_init(&as, &root, "memory");

    for (int i = 0; i < 16; i++) {
        buf[i] = i * 7;
    }
    g_assert_cmpint(address_space_write(&as, 0x100010, buf, 16), ==, MEMTX_OK);
    g_assert_cmpmem(ram.ram + 0x10, 16, buf, 16);
    g_assert_cmpint(address_space_read(&as, 0x100010, out, 16), ==, MEMTX_OK);
    g_assert_cmpmem(out, 16, buf, 16);

    g_assert_true(address_space_lookup(&as, 0x1fffff, &s));
    g_assert_true(s.mr == &ram);
    g_assert_cmphex(s.start, ==, 0x100000);
    g_assert_cmphex(s.size, ==, 0x100000);
    g_assert_false(address_space_lookup(&as, 0x200000, &s));
    g_assert_false(address_space_lookup(&as, 0xfffff, &s));
    g_assert_cmpint(address_space_read(&as, 0x200000, out, 1), ==, MEMTX_DECODE_ERROR);
    g_assert_cmpint(out[0], ==, 0xff);
    /* Reads running off the end of RAM fail but deliver the mapped part. */
    g_assert_cmpint(address_space_read(&as, 0x1ffffe, out, 4), ==, MEMTX_DECODE_ERROR);

    g_assert_nonnull(address_space_ram_ptr(&as, 0x100000, 0x100000));
    g_assert_null(address_space_ram_ptr(&as, 0x100000, 0x100001));
    g_assert_null(address_space_ram_ptr(&as, 0x0, 1));
    g_assert_true(address_space_ram_ptr(&as, 0x100123, 1) == ram.ram + 0x123);

    address_space_stl_be(&as, 0x100000, 0x11223344, NULL);
    g_assert_cmpint(ram.ram[0], ==, 0x11);
    g_assert_cmpint(ram.ram[3], ==, 0x44);
    g_assert_cmphex(address_space_ldl_be(&as, 0x100000, NULL), ==, 0x11223344);
    address_space_stq_be(&as, 0x100008, 0x0102030405060708ull, NULL);
    g_assert_cmpint(ram.ram[8], ==, 0x01);
    g_assert_cmpint(ram.ram[15], ==, 0x08);
    MemTxResult r = MEMTX_OK;
    g_assert_cmphex(address_space_ldq_be(&as, 0x100008, &r), ==, 0x0102030405060708ull);
    g_assert_cmpint(r, ==, MEMTX_OK);
    address_space_ldq_be(&as, 0x10, &r);
    g_assert_cmpint(r, ==, MEMTX_DECODE_ERROR);

    address_space_destroy(&as);
    memory_region_del_subregion(&root, &ram);
    memory_region_finalize(&ram);
    memory_region_finalize(&root);
}

/* 16 GiB of RAM must be cheap: only touched pages cost host memory. */
static void test_ram_large(void)
{
    MemoryRegion ram;

    g_assert_true(memory_region_init_ram(&ram, "big", 16ull << 30));
    ram.ram[(16ull << 30) - 1] = 5;
    g_assert_cmpint(ram.ram[(16ull << 30) - 1], ==, 5);
    g_assert_cmpint(ram.ram[8ull << 30], ==, 0);
    memory_region_finalize(&ram);
}

/*
 * Zeroing a range: every byte in it reads 0, the bytes around it keep their
 * value, and the whole pages inside are handed back (not resident: mincore).
 */
static void test_ram_zero(void)
{
    const size_t page = (size_t)sysconf(_SC_PAGESIZE);
    const size_t size = 16 * page, start = page + 100, len = 6 * page;
    MemoryRegion ram;
    unsigned char resident[16];

    g_assert_true(memory_region_init_ram(&ram, "ram", size));
    memset(ram.ram, 0xaa, size);
    memory_region_ram_zero(&ram, start, len);
    for (size_t i = 0; i < size; i++) {
        g_assert_cmphex(ram.ram[i], ==, i >= start && i < start + len ? 0 : 0xaa);
    }
    /* Pages 2-6 are wholly inside: back to the host until read (the loop above read them). */
    memset(ram.ram, 0xaa, size);
    memory_region_ram_zero(&ram, start, len);
    g_assert_cmpint(mincore(ram.ram, size, resident), ==, 0);
    for (size_t i = 0; i < 16; i++) {
        g_assert_cmpint(resident[i] & 1, ==, i >= 2 && i <= 6 ? 0 : 1);
    }
    /* Less than a page, and a range of whole pages. */
    memory_region_ram_zero(&ram, 3, 5);
    g_assert_cmphex(ram.ram[2], ==, 0xaa);
    g_assert_cmphex(ram.ram[3], ==, 0);
    g_assert_cmphex(ram.ram[7], ==, 0);
    g_assert_cmphex(ram.ram[8], ==, 0xaa);
    memory_region_ram_zero(&ram, 8 * page, 8 * page);
    g_assert_cmphex(ram.ram[8 * page - 1], ==, 0xaa);
    g_assert_cmphex(ram.ram[8 * page], ==, 0);
    g_assert_cmphex(ram.ram[size - 1], ==, 0);
    memory_region_finalize(&ram);
}

static void test_priorities(void)
{
    MemoryRegion root, low, high, mid, later;
    AddressSpace as;

    memory_region_init_container(&root, "system", UINT64_MAX);
    g_assert_true(memory_region_init_ram(&low, "low", 0x10000));
    g_assert_true(memory_region_init_ram(&high, "high", 0x1000));
    g_assert_true(memory_region_init_ram(&mid, "mid", 0x2000));
    g_assert_true(memory_region_init_ram(&later, "later", 0x1000));
    address_space_init(&as, &root, "memory");

    /* Added high first, then low: priority, not order, decides. */
    memory_region_add_subregion_overlap(&root, 0x4000, &high, 2);
    memory_region_add_subregion_overlap(&root, 0x0, &low, 0);
    memory_region_add_subregion_overlap(&root, 0x3000, &mid, 1);

    g_assert_cmpstr(section_name(&as, 0x0), ==, "low");
    g_assert_cmpstr(section_name(&as, 0x2fff), ==, "low");
    g_assert_cmpstr(section_name(&as, 0x3000), ==, "mid");
    g_assert_cmpstr(section_name(&as, 0x4000), ==, "high");
    g_assert_cmpstr(section_name(&as, 0x4fff), ==, "high");
    g_assert_cmpstr(section_name(&as, 0x5000), ==, "low");
    g_assert_null(section_name(&as, 0x10000));

    /* The offset within low is kept past the hole punched by mid/high. */
    MemorySection s;
    g_assert_true(address_space_lookup(&as, 0x5004, &s));
    g_assert_cmphex(s.offset + (0x5004 - s.start), ==, 0x5004);

    /* Equal priority: the later-added region wins. */
    memory_region_add_subregion_overlap(&root, 0x4800, &later, 2);
    g_assert_cmpstr(section_name(&as, 0x4800), ==, "later");
    g_assert_cmpstr(section_name(&as, 0x47ff), ==, "high");

    /* Writes go to the winning region only. */
    uint8_t v = 0x5a;
    g_assert_cmpint(address_space_write(&as, 0x4000, &v, 1), ==, MEMTX_OK);
    g_assert_cmpint(high.ram[0], ==, 0x5a);
    g_assert_cmpint(low.ram[0x4000], ==, 0);

    /* Disabling the top region uncovers the one below. */
    memory_region_set_enabled(&later, false);
    g_assert_cmpstr(section_name(&as, 0x4800), ==, "high");
    memory_region_set_enabled(&high, false);
    g_assert_cmpstr(section_name(&as, 0x4000), ==, "mid");
    memory_region_set_enabled(&high, true);
    g_assert_cmpstr(section_name(&as, 0x4000), ==, "high");

    /* Moving a region. */
    memory_region_set_address(&high, 0x8000);
    g_assert_cmpstr(section_name(&as, 0x4000), ==, "mid");
    g_assert_cmpstr(section_name(&as, 0x8000), ==, "high");
    g_assert_cmpint(ram_byte(&as, 0x8000), ==, 0x5a);

    memory_region_del_subregion(&root, &later);
    memory_region_del_subregion(&root, &mid);
    g_assert_cmpstr(section_name(&as, 0x3000), ==, "low");

    address_space_destroy(&as);
    memory_region_finalize(&later);
    memory_region_finalize(&mid);
    memory_region_finalize(&high);
    memory_region_finalize(&low);
    memory_region_finalize(&root);
}

static void test_nested_containers(void)
{
    MemoryRegion root, bus, ram, io;
    AddressSpace as;
    TestDev d = { .e = DEVICE_BIG_ENDIAN };

    memory_region_init_container(&root, "system", UINT64_MAX);
    memory_region_init_container(&bus, "bus", 0x10000);
    g_assert_true(memory_region_init_ram(&ram, "busram", 0x20000));
    memory_region_init_io(&io, "dev", &ops_be4, &d, 0x100);
    /* ram is larger than its container: clipped at the container's end. */
    memory_region_add_subregion(&bus, 0x0, &ram);
    memory_region_add_subregion_overlap(&bus, 0x200, &io, 1);
    memory_region_add_subregion(&root, 0x80000000, &bus);
    address_space_init(&as, &root, "memory");

    g_assert_cmpstr(section_name(&as, 0x80000000), ==, "busram");
    g_assert_cmpstr(section_name(&as, 0x80000200), ==, "dev");
    g_assert_cmpstr(section_name(&as, 0x800002ff), ==, "dev");
    g_assert_cmpstr(section_name(&as, 0x80000300), ==, "busram");
    g_assert_cmpstr(section_name(&as, 0x8000ffff), ==, "busram");
    g_assert_null(section_name(&as, 0x80010000));

    /* A disabled container hides everything in it. */
    memory_region_set_enabled(&bus, false);
    g_assert_null(section_name(&as, 0x80000200));
    memory_region_set_enabled(&bus, true);
    g_assert_cmpstr(section_name(&as, 0x80000200), ==, "dev");

    address_space_destroy(&as);
    memory_region_finalize(&io);
    memory_region_finalize(&ram);
    memory_region_finalize(&bus);
    memory_region_finalize(&root);
}

static void test_alias(void)
{
    MemoryRegion root, ram, win, low;
    AddressSpace as;
    MemorySection s;

    memory_region_init_container(&root, "system", UINT64_MAX);
    g_assert_true(memory_region_init_ram(&ram, "ram", 0x10000));
    /* A window showing ram[0x3000, 0x4000) at 0x100000. */
    memory_region_init_alias(&win, "window", &ram, 0x3000, 0x1000);
    /* An alias placed below its offset: the target starts "below zero". */
    memory_region_init_alias(&low, "low-alias", &ram, 0x8000, 0x800);
    memory_region_add_subregion(&root, 0x0, &ram);
    memory_region_add_subregion(&root, 0x100000, &win);
    memory_region_add_subregion_overlap(&root, 0x1000, &low, 1);
    address_space_init(&as, &root, "memory");

    ram.ram[0x3010] = 0x42;
    g_assert_cmpint(ram_byte(&as, 0x100010), ==, 0x42);
    g_assert_true(address_space_lookup(&as, 0x100010, &s));
    g_assert_true(s.mr == &ram);
    g_assert_cmphex(s.start, ==, 0x100000);
    g_assert_cmphex(s.offset, ==, 0x3000);
    g_assert_cmphex(s.size, ==, 0x1000);
    g_assert_null(section_name(&as, 0x101000));

    uint8_t v = 0x77;
    address_space_write(&as, 0x100ff0, &v, 1);
    g_assert_cmpint(ram.ram[0x3ff0], ==, 0x77);

    ram.ram[0x8004] = 0x99;
    g_assert_cmpint(ram_byte(&as, 0x1004), ==, 0x99);
    g_assert_true(address_space_lookup(&as, 0x1004, &s));
    g_assert_cmphex(s.start, ==, 0x1000);
    g_assert_cmphex(s.offset, ==, 0x8000);

    uint64_t gen = as.generation;
    memory_region_set_alias_offset(&win, 0x8000);
    g_assert_cmpuint(as.generation, >, gen);
    g_assert_cmpint(ram_byte(&as, 0x100004), ==, 0x99);

    address_space_destroy(&as);
    memory_region_finalize(&low);
    memory_region_finalize(&win);
    memory_region_finalize(&ram);
    memory_region_finalize(&root);
}

static int listener_calls;
static void count_listener(void *opaque)
{
    (*(int *)opaque)++;
}

static void test_generation_listeners(void)
{
    MemoryRegion root, ram;
    AddressSpace as;
    uint64_t g0;

    memory_region_init_container(&root, "system", UINT64_MAX);
    g_assert_true(memory_region_init_ram(&ram, "ram", 0x1000));
    address_space_init(&as, &root, "memory");
    address_space_add_listener(&as, count_listener, &listener_calls);
    g0 = as.generation;

    memory_region_add_subregion(&root, 0, &ram);
    g_assert_cmpuint(as.generation, ==, g0 + 1);
    g_assert_cmpint(listener_calls, ==, 1);

    /* A batch of edits re-flattens once. */
    memory_region_transaction_begin();
    memory_region_set_address(&ram, 0x2000);
    memory_region_set_enabled(&ram, false);
    memory_region_set_enabled(&ram, true);
    g_assert_cmpint(listener_calls, ==, 1);
    memory_region_transaction_commit();
    g_assert_cmpint(listener_calls, ==, 2);
    g_assert_cmpuint(as.generation, ==, g0 + 2);
    g_assert_cmpstr(section_name(&as, 0x2000), ==, "ram");

    memory_region_del_subregion(&root, &ram);
    g_assert_cmpint(listener_calls, ==, 3);
    address_space_destroy(&as);
    memory_region_finalize(&ram);
    memory_region_finalize(&root);
}

/* Map dev at 0x1000 in a fresh space. */
typedef struct IoFixture {
    MemoryRegion root, io;
    AddressSpace as;
    TestDev d;
} IoFixture;

static void io_setup(IoFixture *f, const MemoryRegionOps *ops, DeviceEndian e)
{
    memset(f, 0, sizeof(*f));
    f->d.e = e;
    memory_region_init_container(&f->root, "system", UINT64_MAX);
    memory_region_init_io(&f->io, "dev", ops, &f->d, 0x40);
    memory_region_add_subregion(&f->root, 0x1000, &f->io);
    address_space_init(&f->as, &f->root, "memory");
}

static void io_teardown(IoFixture *f)
{
    address_space_destroy(&f->as);
    memory_region_finalize(&f->io);
    memory_region_finalize(&f->root);
}

static void test_io_split_be(void)
{
    IoFixture f;
    const uint8_t bytes[8] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 };
    uint8_t out[8];

    io_setup(&f, &ops_be4, DEVICE_BIG_ENDIAN);
    g_assert_cmpint(address_space_write(&f.as, 0x1008, bytes, 8), ==, MEMTX_OK);
    g_assert_cmpint(f.d.n, ==, 2);
    g_assert_true(f.d.log[0].is_write);
    g_assert_cmphex(f.d.log[0].offset, ==, 8);
    g_assert_cmphex(f.d.log[0].value, ==, 0x11223344);
    g_assert_cmpuint(f.d.log[0].size, ==, 4);
    g_assert_cmphex(f.d.log[1].offset, ==, 12);
    g_assert_cmphex(f.d.log[1].value, ==, 0x55667788);

    f.d.n = 0;
    g_assert_cmpint(address_space_read(&f.as, 0x1008, out, 8), ==, MEMTX_OK);
    g_assert_cmpint(f.d.n, ==, 2);
    g_assert_cmphex(f.d.log[0].offset, ==, 8);
    g_assert_cmphex(f.d.log[1].offset, ==, 12);
    g_assert_cmpmem(out, 8, bytes, 8);
    io_teardown(&f);
}

static void test_io_split_le(void)
{
    IoFixture f;
    const uint8_t bytes[8] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 };
    uint8_t out[8];

    io_setup(&f, &ops_le4, DEVICE_LITTLE_ENDIAN);
    g_assert_cmpint(address_space_write(&f.as, 0x1008, bytes, 8), ==, MEMTX_OK);
    g_assert_cmpint(f.d.n, ==, 2);
    g_assert_cmphex(f.d.log[0].offset, ==, 8);
    g_assert_cmphex(f.d.log[0].value, ==, 0x44332211);
    g_assert_cmphex(f.d.log[1].offset, ==, 12);
    g_assert_cmphex(f.d.log[1].value, ==, 0x88776655);

    f.d.n = 0;
    g_assert_cmpint(address_space_read(&f.as, 0x1008, out, 8), ==, MEMTX_OK);
    g_assert_cmpmem(out, 8, bytes, 8);
    io_teardown(&f);
}

/* A 1- or 2-byte access to a 4-byte-implemented register widens to the word. */
static void test_io_widen(void)
{
    IoFixture f;
    uint8_t b;
    uint8_t two[2] = { 0xab, 0xcd };

    io_setup(&f, &ops_be4, DEVICE_BIG_ENDIAN);
    memcpy(f.d.regs + 4, (uint8_t[]){ 0xa0, 0xa1, 0xa2, 0xa3 }, 4);
    g_assert_cmpint(address_space_read(&f.as, 0x1006, &b, 1), ==, MEMTX_OK);
    g_assert_cmpint(b, ==, 0xa2);
    g_assert_cmpint(f.d.n, ==, 1);
    g_assert_cmphex(f.d.log[0].offset, ==, 4);
    g_assert_cmpuint(f.d.log[0].size, ==, 4);

    f.d.n = 0;
    g_assert_cmpint(address_space_write(&f.as, 0x1006, two, 2), ==, MEMTX_OK);
    /* Read-modify-write: the other half of the word is preserved. */
    g_assert_cmpint(f.d.n, ==, 2);
    g_assert_false(f.d.log[0].is_write);
    g_assert_true(f.d.log[1].is_write);
    g_assert_cmphex(f.d.log[1].value, ==, 0xa0a1abcd);
    io_teardown(&f);

    io_setup(&f, &ops_le4, DEVICE_LITTLE_ENDIAN);
    memcpy(f.d.regs + 4, (uint8_t[]){ 0xa0, 0xa1, 0xa2, 0xa3 }, 4);
    g_assert_cmpint(address_space_read(&f.as, 0x1005, &b, 1), ==, MEMTX_OK);
    g_assert_cmpint(b, ==, 0xa1);
    g_assert_cmphex(f.d.log[0].value, ==, 0xa3a2a1a0);
    io_teardown(&f);
}

static void test_io_invalid(void)
{
    IoFixture f;
    uint8_t buf[8] = { 0 };

    io_setup(&f, &ops_strict4, DEVICE_BIG_ENDIAN);
    g_assert_cmpint(address_space_read(&f.as, 0x1000, buf, 1), ==, MEMTX_ERROR);
    g_assert_cmpint(address_space_write(&f.as, 0x1000, buf, 2), ==, MEMTX_ERROR);
    g_assert_cmpint(address_space_read(&f.as, 0x1000, buf, 8), ==, MEMTX_ERROR);
    /* Misaligned. */
    g_assert_cmpint(address_space_read(&f.as, 0x1002, buf, 4), ==, MEMTX_ERROR);
    g_assert_cmpint(f.d.n, ==, 0);
    g_assert_cmpint(address_space_read(&f.as, 0x1004, buf, 4), ==, MEMTX_OK);
    g_assert_cmpint(f.d.n, ==, 1);
    /* A bulk transfer is cut into valid 4-byte accesses. */
    f.d.n = 0;
    g_assert_cmpint(address_space_read(&f.as, 0x1000, buf, 8), ==, MEMTX_ERROR);
    uint8_t big[12];
    g_assert_cmpint(address_space_read(&f.as, 0x1000, big, 12), ==, MEMTX_OK);
    g_assert_cmpint(f.d.n, ==, 3);
    g_assert_cmpint(address_space_read(&f.as, 0x1000, big, 6), ==, MEMTX_ERROR);
    io_teardown(&f);

    /* Defaults (all zero): any size 1..8, aligned only. */
    io_setup(&f, &ops_any, DEVICE_LITTLE_ENDIAN);
    g_assert_cmpint(address_space_read(&f.as, 0x1008, buf, 8), ==, MEMTX_OK);
    g_assert_cmpint(f.d.n, ==, 1);
    g_assert_cmpuint(f.d.log[0].size, ==, 8);
    g_assert_cmpint(address_space_read(&f.as, 0x1001, buf, 2), ==, MEMTX_ERROR);
    io_teardown(&f);
}

/* One read spanning RAM, then I/O, then RAM. */
static void test_cross_sections(void)
{
    MemoryRegion root, ram, io;
    AddressSpace as;
    TestDev d = { .e = DEVICE_BIG_ENDIAN };
    uint8_t out[12], in[12];

    memory_region_init_container(&root, "system", UINT64_MAX);
    g_assert_true(memory_region_init_ram(&ram, "ram", 0x2000));
    memory_region_init_io(&io, "dev", &ops_be4, &d, 0x4);
    memory_region_add_subregion(&root, 0, &ram);
    memory_region_add_subregion_overlap(&root, 0x1000, &io, 1);
    address_space_init(&as, &root, "memory");

    for (int i = 0; i < 12; i++) {
        ram.ram[0xffc + i] = 0x10 + i;
    }
    memcpy(d.regs, (uint8_t[]){ 0xd0, 0xd1, 0xd2, 0xd3 }, 4);
    g_assert_cmpint(address_space_read(&as, 0xffc, out, 12), ==, MEMTX_OK);
    const uint8_t expect[12] = { 0x10, 0x11, 0x12, 0x13, 0xd0, 0xd1, 0xd2, 0xd3,
                                 0x18, 0x19, 0x1a, 0x1b };
    g_assert_cmpmem(out, 12, expect, 12);

    for (int i = 0; i < 12; i++) {
        in[i] = 0xe0 + i;
    }
    g_assert_cmpint(address_space_write(&as, 0xffc, in, 12), ==, MEMTX_OK);
    g_assert_cmpint(ram.ram[0xffc], ==, 0xe0);
    g_assert_cmpint(ram.ram[0x1000], ==, 0x14);   /* hidden under the device: untouched */
    g_assert_cmpint(ram.ram[0x1004], ==, 0xe8);
    g_assert_cmpint(d.regs[0], ==, 0xe4);
    g_assert_cmpint(d.regs[3], ==, 0xe7);
    g_assert_null(address_space_ram_ptr(&as, 0xffc, 8));

    address_space_destroy(&as);
    memory_region_finalize(&io);
    memory_region_finalize(&ram);
    memory_region_finalize(&root);
}

static MemoryRegion *hook_mr;
static uint64_t hook_off, hook_len;
static int hook_calls;

static void code_hook(MemoryRegion *ram, uint64_t offset, uint64_t len)
{
    hook_mr = ram;
    hook_off = offset;
    hook_len = len;
    hook_calls++;
}

static void test_code_pages(void)
{
    MemoryRegion root, ram;
    AddressSpace as;
    uint8_t buf[8] = { 1 };

    memory_region_init_container(&root, "system", UINT64_MAX);
    g_assert_true(memory_region_init_ram(&ram, "ram", 0x10000));
    memory_region_add_subregion(&root, 0x100000, &ram);
    address_space_init(&as, &root, "memory");
    memory_code_write_hook = code_hook;

    g_assert_false(memory_region_is_code_page(&ram, 0x3000));
    address_space_write(&as, 0x103000, buf, 4);
    g_assert_cmpint(hook_calls, ==, 0);

    memory_region_set_code_page(&ram, 0x3010);
    g_assert_true(memory_region_is_code_page(&ram, 0x3000));
    g_assert_true(memory_region_is_code_page(&ram, 0x3fff));
    g_assert_false(memory_region_is_code_page(&ram, 0x4000));
    g_assert_false(memory_region_is_code_page(&ram, 0x2fff));

    address_space_write(&as, 0x102ffc, buf, 8);  /* straddles into the code page */
    g_assert_cmpint(hook_calls, ==, 1);
    g_assert_true(hook_mr == &ram);
    g_assert_cmphex(hook_off, ==, 0x2ffc);
    g_assert_cmpuint(hook_len, ==, 8);
    address_space_write(&as, 0x104000, buf, 8);
    g_assert_cmpint(hook_calls, ==, 1);
    address_space_read(&as, 0x103000, buf, 8);
    g_assert_cmpint(hook_calls, ==, 1);

    memory_region_clear_code_page(&ram, 0x3000);
    g_assert_false(memory_region_is_code_page(&ram, 0x3000));
    address_space_write(&as, 0x103000, buf, 4);
    g_assert_cmpint(hook_calls, ==, 1);

    memory_code_write_hook = NULL;
    address_space_destroy(&as);
    memory_region_finalize(&ram);
    memory_region_finalize(&root);
}

static void test_mtree(void)
{
    MemoryRegion root, ram, io, win;
    AddressSpace as;
    TestDev d = { 0 };
    GString *out = g_string_new(NULL);

    memory_region_init_container(&root, "system", UINT64_MAX);
    g_assert_true(memory_region_init_ram(&ram, "ppc_spapr.ram", 0x40000000));
    memory_region_init_io(&io, "uart", &ops_any, &d, 0x100);
    memory_region_init_alias(&win, "rma-window", &ram, 0x1000, 0x2000);
    memory_region_add_subregion(&root, 0, &ram);
    memory_region_add_subregion_overlap(&root, 0x200000000ull, &io, 3);
    memory_region_add_subregion(&root, 0x300000000ull, &win);
    memory_region_set_enabled(&win, false);
    address_space_init(&as, &root, "memory");

    memory_print_mtree(&as, out);
    g_assert_true(g_str_has_prefix(out->str, "address-space: memory\n"));
    g_assert_nonnull(strstr(out->str,
        "\n    0000000000000000-000000003fffffff (prio 0, ram): ppc_spapr.ram\n"));
    g_assert_nonnull(strstr(out->str,
        "\n    0000000200000000-00000002000000ff (prio 3, i/o): uart\n"));
    g_assert_nonnull(strstr(out->str,
        "\n    0000000300000000-0000000300001fff (prio 0, alias): alias rma-window "
        "@ppc_spapr.ram 0000000000001000-0000000000002fff [disabled]\n"));
    g_assert_nonnull(strstr(out->str, "\n  0000000000000000-ffffffffffffffff (prio 0, container): "
                                      "system\n"));
    /* Children sorted by address. */
    g_assert_true(strstr(out->str, "ppc_spapr.ram") < strstr(out->str, "uart"));

    g_string_free(out, TRUE);
    address_space_destroy(&as);
    memory_region_finalize(&win);
    memory_region_finalize(&io);
    memory_region_finalize(&ram);
    memory_region_finalize(&root);
}

/* memory_region_subregion_at: the child dispatch would pick, ignoring disabled ones. */
static void test_subregion_at(void)
{
    MemoryRegion root, low, high, off;
    TestDev d = { .e = DEVICE_LITTLE_ENDIAN };

    memory_region_init_container(&root, "bus", 1ull << 32);
    memory_region_init_io(&low, "low", &ops_any, &d, 0x1000);
    memory_region_init_io(&high, "high", &ops_any, &d, 0x100);
    memory_region_init_io(&off, "off", &ops_any, &d, 0x100);
    memory_region_add_subregion(&root, 0x10000, &low);
    memory_region_add_subregion_overlap(&root, 0x10800, &high, 1);
    memory_region_add_subregion(&root, 0x20000, &off);
    memory_region_set_enabled(&off, false);

    g_assert_true(memory_region_is_mapped(&low));
    g_assert_true(memory_region_subregion_at(&root, 0x10000) == &low);
    g_assert_true(memory_region_subregion_at(&root, 0x107ff) == &low);
    g_assert_true(memory_region_subregion_at(&root, 0x10800) == &high);
    g_assert_true(memory_region_subregion_at(&root, 0x108ff) == &high);
    g_assert_true(memory_region_subregion_at(&root, 0x10900) == &low);
    g_assert_null(memory_region_subregion_at(&root, 0x11000));
    g_assert_null(memory_region_subregion_at(&root, 0xffff));
    g_assert_null(memory_region_subregion_at(&root, 0x20000));   /* disabled */
    g_assert_null(memory_region_subregion_at(&low, 0));          /* not a container */

    /* Moving keeps it mapped and changes what answers where. */
    memory_region_set_address(&high, 0x30000);
    g_assert_true(memory_region_subregion_at(&root, 0x10800) == &low);
    g_assert_true(memory_region_subregion_at(&root, 0x30010) == &high);
    memory_region_del_subregion(&root, &high);
    g_assert_false(memory_region_is_mapped(&high));
    g_assert_null(memory_region_subregion_at(&root, 0x30010));

    memory_region_finalize(&off);
    memory_region_finalize(&high);
    memory_region_finalize(&low);
    memory_region_finalize(&root);
}

/* An address space whose view is empty, then not, then empty again (a PCI bus at start). */
static void test_empty_view(void)
{
    MemoryRegion root, r;
    TestDev d = { .e = DEVICE_LITTLE_ENDIAN };
    AddressSpace as;
    uint64_t gen;
    MemorySection s;

    memory_region_init_container(&root, "pci-io", 1ull << 32);
    address_space_init(&as, &root, "pci-io");
    gen = as.generation;
    /* A tree change that leaves the view empty (any change re-flattens every space). */
    memory_region_init_io(&r, "r", &ops_any, &d, 0x10);
    r.enabled = false;
    memory_region_add_subregion(&root, 0x100, &r);
    g_assert_cmpuint(as.generation, ==, gen);
    g_assert_false(address_space_lookup(&as, 0x100, &s));
    memory_region_set_enabled(&r, true);
    g_assert_cmpuint(as.generation, ==, gen + 1);
    g_assert_true(address_space_lookup(&as, 0x10f, &s));
    memory_region_del_subregion(&root, &r);
    g_assert_cmpuint(as.generation, ==, gen + 2);
    g_assert_false(address_space_lookup(&as, 0x100, &s));
    address_space_destroy(&as);
    memory_region_finalize(&r);
    memory_region_finalize(&root);
}

static void test_find_free_range(void)
{
    MemoryRegion root, a, b, off;
    TestDev d = { .e = DEVICE_LITTLE_ENDIAN };
    MemoryRange busy[] = { { 0x80006000, 0x2000 } };
    uint64_t addr = 0;

    memory_region_init_container(&root, "pci-mem", UINT64_MAX);
    /* An empty window: the first aligned address in it. */
    g_assert_true(memory_region_find_free_range(&root, 0x80000000, 0x80000000, 0x1000, 0x1000,
                                                NULL, 0, &addr));
    g_assert_cmphex(addr, ==, 0x80000000);
    g_assert_true(memory_region_find_free_range(&root, 0x80000001, 0x80000000, 0x1000, 0x1000,
                                                NULL, 0, &addr));
    g_assert_cmphex(addr, ==, 0x80001000);

    memory_region_init_io(&a, "a", &ops_any, &d, 0x1000);
    memory_region_init_io(&b, "b", &ops_any, &d, 0x3000);
    memory_region_init_io(&off, "off", &ops_any, &d, 0x1000);
    memory_region_add_subregion(&root, 0x80000000, &a);
    memory_region_add_subregion(&root, 0x80002000, &b);       /* ends at 0x80005000 */
    memory_region_add_subregion(&root, 0x80001000, &off);
    memory_region_set_enabled(&off, false);

    /* 4 KiB: the hole at 0x80001000 is held by a disabled region, so after b. */
    g_assert_true(memory_region_find_free_range(&root, 0x80000000, 0x80000000, 0x1000, 0x1000,
                                                NULL, 0, &addr));
    g_assert_cmphex(addr, ==, 0x80005000);
    /* With a busy range there too, the next free 4 KiB is past it. */
    g_assert_true(memory_region_find_free_range(&root, 0x80000000, 0x80000000, 0x2000, 0x1000,
                                                busy, 1, &addr));
    g_assert_cmphex(addr, ==, 0x80008000);
    /* Natural alignment of a 64 KiB BAR. */
    g_assert_true(memory_region_find_free_range(&root, 0x80000000, 0x80000000, 0x10000, 0x10000,
                                                busy, 1, &addr));
    g_assert_cmphex(addr, ==, 0x80010000);
    /* No room: the window is full, too small, or the size/alignment is bad. */
    g_assert_false(memory_region_find_free_range(&root, 0x80000000, 0x5000, 0x1000, 0x1000,
                                                 NULL, 0, &addr));
    g_assert_true(memory_region_find_free_range(&root, 0x80000000, 0x6000, 0x1000, 0x1000,
                                                NULL, 0, &addr));
    g_assert_cmphex(addr, ==, 0x80005000);
    g_assert_false(memory_region_find_free_range(&root, 0x80000000, 0x6000, 0x2000, 0x1000,
                                                 NULL, 0, &addr));
    g_assert_false(memory_region_find_free_range(&root, 0, 0x1000, 0, 1, NULL, 0, &addr));
    g_assert_false(memory_region_find_free_range(&root, 0, 0x1000, 0x10, 3, NULL, 0, &addr));
    g_assert_false(memory_region_find_free_range(&a, 0, 0x1000, 0x10, 0x10, NULL, 0, &addr));
    /* The top of the 64-bit space: no wrap-around. */
    g_assert_true(memory_region_find_free_range(&root, 0xffffffffffff0000ull, UINT64_MAX, 0x1000,
                                                0x1000, NULL, 0, &addr));
    g_assert_cmphex(addr, ==, 0xffffffffffff0000ull);
    g_assert_false(memory_region_find_free_range(&root, 0xfffffffffffff001ull, UINT64_MAX,
                                                 0x1000, 0x1000, NULL, 0, &addr));

    memory_region_finalize(&off);
    memory_region_finalize(&b);
    memory_region_finalize(&a);
    memory_region_finalize(&root);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/memory/ram-basic", test_ram_basic);
    g_test_add_func("/memory/ram-large", test_ram_large);
    g_test_add_func("/memory/ram-zero", test_ram_zero);
    g_test_add_func("/memory/priorities", test_priorities);
    g_test_add_func("/memory/nested", test_nested_containers);
    g_test_add_func("/memory/alias", test_alias);
    g_test_add_func("/memory/generation", test_generation_listeners);
    g_test_add_func("/memory/io-split-be", test_io_split_be);
    g_test_add_func("/memory/io-split-le", test_io_split_le);
    g_test_add_func("/memory/io-widen", test_io_widen);
    g_test_add_func("/memory/io-invalid", test_io_invalid);
    g_test_add_func("/memory/cross-sections", test_cross_sections);
    g_test_add_func("/memory/code-pages", test_code_pages);
    g_test_add_func("/memory/mtree", test_mtree);
    g_test_add_func("/memory/subregion-at", test_subregion_at);
    g_test_add_func("/memory/empty-view", test_empty_view);
    g_test_add_func("/memory/find-free-range", test_find_free_range);
    return g_test_run();
}
