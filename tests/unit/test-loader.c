/* Unit tests for core/loader.c: ELF64 (both byte orders), raw images, gzip, bad inputs. */
#include "core/loader.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

/* The loader knows no CPU: the caller names the one it loads for. */
static const ElfMachine ppc64 = { 21 /* EM_PPC64 */, "PowerPC" };
static const ElfMachine x86_64 = { 62 /* EM_X86_64 */, "x86-64" };

/* ---- Building test images -------------------------------------------------- */

typedef struct ElfSpec {
    bool big;
    uint8_t class;          /* 2 = ELFCLASS64 */
    uint16_t machine;       /* 21 = EM_PPC64 */
    uint16_t type;          /* 2 = ET_EXEC */
    uint16_t phentsize;     /* 56 */
    uint64_t entry;
    int nseg;
    struct {
        uint32_t type;      /* 1 = PT_LOAD */
        uint64_t paddr, filesz, memsz;
        uint64_t offset;    /* 0: placed after the headers */
    } seg[3];
} ElfSpec;

static void put(uint8_t *p, uint64_t v, unsigned size, bool big)
{
    for (unsigned i = 0; i < size; i++) {
        p[big ? size - 1 - i : i] = v >> (8 * i);
    }
}

/*
 * Lay out an ELF64 file by the gABI: 64-byte header, program headers of 56
 * bytes at 64, then each segment's bytes (0x10+segment, 0x11+segment, ...).
 */
static uint8_t *build_elf(const ElfSpec *e, size_t *size)
{
    size_t data_at = 64 + 56 * (size_t)e->nseg, total = data_at;
    uint8_t *b;

    for (int i = 0; i < e->nseg; i++) {
        total += e->seg[i].offset ? 0 : e->seg[i].filesz;
    }
    b = g_malloc0(total);
    memcpy(b, "\x7f" "ELF", 4);
    b[4] = e->class;
    b[5] = e->big ? 2 : 1;
    b[6] = 1;
    put(b + 16, e->type, 2, e->big);
    put(b + 18, e->machine, 2, e->big);
    put(b + 20, 1, 4, e->big);
    put(b + 24, e->entry, 8, e->big);
    put(b + 32, 64, 8, e->big);                 /* e_phoff */
    put(b + 52, 64, 2, e->big);                 /* e_ehsize */
    put(b + 54, e->phentsize, 2, e->big);
    put(b + 56, e->nseg, 2, e->big);
    for (int i = 0; i < e->nseg; i++) {
        uint8_t *ph = b + 64 + 56 * i;
        uint64_t off = e->seg[i].offset ? e->seg[i].offset : data_at;

        put(ph + 0, e->seg[i].type, 4, e->big);
        put(ph + 4, 7, 4, e->big);
        put(ph + 8, off, 8, e->big);
        put(ph + 16, 0xc000000000000000ull | e->seg[i].paddr, 8, e->big);   /* p_vaddr */
        put(ph + 24, e->seg[i].paddr, 8, e->big);
        put(ph + 32, e->seg[i].filesz, 8, e->big);
        put(ph + 40, e->seg[i].memsz, 8, e->big);
        put(ph + 48, 0x10000, 8, e->big);
        if (!e->seg[i].offset) {
            for (uint64_t j = 0; j < e->seg[i].filesz; j++) {
                b[data_at + j] = 0x10 * (i + 1) + j;
            }
            data_at += e->seg[i].filesz;
        }
    }
    *size = total;
    return b;
}

static ElfSpec good_spec(bool big)
{
    ElfSpec e = {
        .big = big, .class = 2, .machine = 21, .type = 2, .phentsize = 56,
        .entry = 0xc000000000002010ull, .nseg = 3,
        .seg = {
            { 1, 0xc000000000002000ull, 16, 48, 0 },    /* masked to 0x2000; bss 32 */
            { 4, 0, 8, 8, 0 },                          /* PT_NOTE: ignored */
            { 1, 0x3000, 4, 4, 0 },
        },
    };
    return e;
}

static MemoryRegion root, ram, io;
static AddressSpace as;

static uint64_t io_read(void *opaque, uint64_t offset, unsigned size)
{
    return 0;
}

static void io_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
}

static const MemoryRegionOps io_ops = { .read = io_read, .write = io_write };

static void fill_ram(uint8_t v)
{
    memset(ram.ram, v, ram.size);
}

static char *expect_elf_error(const uint8_t *data, size_t size, uint64_t off, uint64_t mask)
{
    LoadedImage img;
    Error *err = NULL;
    char *msg;

    fill_ram(0xaa);
    g_assert_false(load_elf(&as, &ppc64, data, size, off, mask, &img, &err));
    g_assert_nonnull(err);
    msg = g_strdup(error_get_pretty(err));
    error_free(err);
    /* A refused image leaves guest memory alone. */
    for (uint64_t i = 0; i < ram.size; i++) {
        if (ram.ram[i] != 0xaa) {
            g_error("RAM modified at 0x%" G_GINT64_MODIFIER "x by a failed load", i);
        }
    }
    return msg;
}

#define ASSERT_ELF_ERROR(data, size, off, mask, want)                       \
    do {                                                                    \
        char *m_ = expect_elf_error(data, size, off, mask);                 \
        if (!strstr(m_, want)) {                                            \
            g_error("got '%s', wanted '%s'", m_, want);                     \
        }                                                                   \
        g_free(m_);                                                         \
    } while (0)

/* ---- ELF ------------------------------------------------------------------- */

static void check_good_load(bool big)
{
    ElfSpec e = good_spec(big);
    size_t size;
    uint8_t *elf = build_elf(&e, &size);
    LoadedImage img;
    Error *err = NULL;

    fill_ram(0xaa);
    g_assert_true(elf_is_elf(elf, size));
    g_assert_true(load_elf(&as, &ppc64, elf, size, 0, 0x0fffffffffffffffull, &img, &err));
    g_assert_null(err);
    g_assert_true(img.is_elf);
    g_assert_cmpint(img.big_endian, ==, big);
    g_assert_cmphex(img.entry, ==, 0x2010);
    g_assert_cmphex(img.low, ==, 0x2000);
    g_assert_cmphex(img.high, ==, 0x3004);
    for (int j = 0; j < 16; j++) {
        g_assert_cmphex(ram.ram[0x2000 + j], ==, 0x10 + j);
    }
    for (int j = 16; j < 48; j++) {
        g_assert_cmphex(ram.ram[0x2000 + j], ==, 0);     /* memsz beyond filesz: zeroed */
    }
    g_assert_cmphex(ram.ram[0x2000 + 48], ==, 0xaa);
    g_assert_cmphex(ram.ram[0x3000], ==, 0x30);
    g_assert_cmphex(ram.ram[0x3003], ==, 0x33);
    g_assert_cmphex(ram.ram[0x3004], ==, 0xaa);

    /* load_offset moves everything, entry included. */
    fill_ram(0xaa);
    g_assert_true(load_elf(&as, &ppc64, elf, size, 0x10000, 0x0fffffffffffffffull, &img, &err));
    g_assert_cmphex(img.entry, ==, 0x12010);
    g_assert_cmphex(ram.ram[0x12000], ==, 0x10);
    g_assert_cmphex(ram.ram[0x2000], ==, 0xaa);
    g_free(elf);
}

static void test_elf_be(void)
{
    check_good_load(true);
}

static void test_elf_le(void)
{
    check_good_load(false);
}

static void test_elf_bad_headers(void)
{
    ElfSpec e = good_spec(true);
    size_t size;
    uint8_t *elf;
    const uint64_t mask = 0x0fffffffffffffffull;

    elf = build_elf(&e, &size);
    ASSERT_ELF_ERROR(elf, 3, 0, mask, "not an ELF file");
    ASSERT_ELF_ERROR((const uint8_t *)"hello world", 11, 0, mask, "not an ELF file");
    ASSERT_ELF_ERROR(elf, 10, 0, mask, "truncated ELF");
    ASSERT_ELF_ERROR(elf, 40, 0, mask, "truncated ELF (header)");
    ASSERT_ELF_ERROR(elf, 64 + 56 + 20, 0, mask, "truncated ELF (program headers)");
    ASSERT_ELF_ERROR(elf, size - 1, 0, mask, "truncated ELF (segment 2");
    g_free(elf);

    e.class = 1;
    elf = build_elf(&e, &size);
    ASSERT_ELF_ERROR(elf, size, 0, mask, "not a 64-bit PowerPC ELF");
    g_free(elf);

    e = good_spec(false);
    e.machine = 20;     /* EM_PPC */
    elf = build_elf(&e, &size);
    ASSERT_ELF_ERROR(elf, size, 0, mask, "not a 64-bit PowerPC ELF (machine 20)");
    g_free(elf);

    e.machine = 62;     /* EM_X86_64 */
    elf = build_elf(&e, &size);
    ASSERT_ELF_ERROR(elf, size, 0, mask, "not a 64-bit PowerPC ELF (machine 62)");
    /* ... which a caller loading for x86-64 takes, while it refuses a PowerPC one. */
    {
        ElfSpec p = good_spec(false);
        size_t psize;
        uint8_t *pelf = build_elf(&p, &psize);
        LoadedImage img;
        Error *err = NULL;

        g_assert_true(load_elf(&as, &x86_64, elf, size, 0, mask, &img, &err));
        g_assert_null(err);
        g_assert_false(load_elf(&as, &x86_64, pelf, psize, 0, mask, &img, &err));
        g_assert_cmpstr(error_get_pretty(err), ==, "not a 64-bit x86-64 ELF (machine 21)");
        error_free(err);
        g_free(pelf);
    }
    elf[5] = 3;
    ASSERT_ELF_ERROR(elf, size, 0, mask, "bad ELF data encoding");
    g_free(elf);

    e = good_spec(true);
    e.type = 1;         /* ET_REL */
    elf = build_elf(&e, &size);
    ASSERT_ELF_ERROR(elf, size, 0, mask, "not an executable");
    g_free(elf);

    e = good_spec(true);
    e.phentsize = 32;
    elf = build_elf(&e, &size);
    ASSERT_ELF_ERROR(elf, size, 0, mask, "bad ELF header sizes");
    g_free(elf);

    e = good_spec(true);
    e.nseg = 0;
    elf = build_elf(&e, &size);
    ASSERT_ELF_ERROR(elf, size, 0, mask, "no loadable segments");
    g_free(elf);

    e = good_spec(true);
    e.seg[0].type = 4;
    e.seg[2].type = 6;
    elf = build_elf(&e, &size);
    ASSERT_ELF_ERROR(elf, size, 0, mask, "no loadable segments");
    g_free(elf);

    /* Program header table offset past the end / wrapping. */
    e = good_spec(true);
    elf = build_elf(&e, &size);
    put(elf + 32, UINT64_MAX - 8, 8, true);
    ASSERT_ELF_ERROR(elf, size, 0, mask, "truncated ELF (program headers)");
    g_free(elf);
}

static void test_elf_bad_segments(void)
{
    const uint64_t mask = 0x0fffffffffffffffull;
    ElfSpec e;
    size_t size;
    uint8_t *elf;

    /* Offset + filesz wrapping around. */
    e = good_spec(true);
    e.seg[2].offset = UINT64_MAX - 1;
    elf = build_elf(&e, &size);
    ASSERT_ELF_ERROR(elf, size, 0, mask, "truncated ELF (segment 2 data)");
    g_free(elf);

    /* filesz above memsz. */
    e = good_spec(false);
    e.seg[2].memsz = 2;
    elf = build_elf(&e, &size);
    ASSERT_ELF_ERROR(elf, size, 0, mask, "file size above memory size");
    g_free(elf);

    /* Past the end of RAM (the first segment is fine: RAM must stay untouched). */
    e = good_spec(true);
    e.seg[2].paddr = ram.size - 2;
    elf = build_elf(&e, &size);
    ASSERT_ELF_ERROR(elf, size, 0, mask, "segment 2 (0xffffe+0x4) outside guest memory");
    g_free(elf);

    /* bss running past RAM. */
    e = good_spec(true);
    e.seg[2].memsz = ram.size;
    elf = build_elf(&e, &size);
    ASSERT_ELF_ERROR(elf, size, 0, mask, "outside guest memory");
    g_free(elf);

    /* Onto an I/O region. */
    e = good_spec(true);
    e.seg[2].paddr = 0x200000;
    elf = build_elf(&e, &size);
    ASSERT_ELF_ERROR(elf, size, 0, mask, "outside guest memory");
    g_free(elf);

    /* Address + size wrapping past 2^64 (no mask), and via load_offset. */
    e = good_spec(true);
    e.seg[0].paddr = 0x1000;
    e.seg[2].paddr = UINT64_MAX - 1;
    elf = build_elf(&e, &size);
    ASSERT_ELF_ERROR(elf, size, 0, 0, "outside guest memory");
    g_free(elf);
    e = good_spec(true);
    elf = build_elf(&e, &size);
    ASSERT_ELF_ERROR(elf, size, UINT64_MAX - 0x1000, mask, "outside guest memory");
    /* Without the mask the 0xc000... address is nowhere near RAM. */
    ASSERT_ELF_ERROR(elf, size, 0, 0, "segment 0 (0xc000000000002000+0x30) outside");
    g_free(elf);
}

/* A segment may span two adjacent RAM regions. */
static void test_elf_spanning_ram(void)
{
    MemoryRegion r2;
    ElfSpec e = good_spec(true);
    size_t size;
    uint8_t *elf;
    LoadedImage img;
    Error *err = NULL;

    g_assert_true(memory_region_init_ram(&r2, "ram2", 0x1000));
    memory_region_add_subregion(&root, ram.size, &r2);
    e.seg[2].paddr = ram.size - 2;
    elf = build_elf(&e, &size);
    g_assert_true(load_elf(&as, &ppc64, elf, size, 0, 0x0fffffffffffffffull, &img, &err));
    g_assert_cmphex(ram.ram[ram.size - 1], ==, 0x31);
    g_assert_cmphex(r2.ram[0], ==, 0x32);
    g_assert_cmphex(r2.ram[1], ==, 0x33);
    g_free(elf);
    memory_region_del_subregion(&root, &r2);
    memory_region_finalize(&r2);
}

static void test_raw(void)
{
    const uint8_t data[5] = { 1, 2, 3, 4, 5 };
    LoadedImage img;
    Error *err = NULL;

    fill_ram(0);
    g_assert_true(load_raw(&as, data, 5, 0x400, &img, &err));
    g_assert_cmpmem(ram.ram + 0x400, 5, data, 5);
    g_assert_false(img.is_elf);
    g_assert_false(img.big_endian);
    g_assert_cmphex(img.entry, ==, 0x400);
    g_assert_cmphex(img.high, ==, 0x405);
    g_assert_false(load_raw(&as, data, 5, ram.size - 4, &img, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "outside guest memory"));
    error_free(err);
    err = NULL;
    g_assert_false(load_raw(&as, data, 5, UINT64_MAX - 2, &img, &err));
    error_free(err);
}

/* ---- Files and gzip ---------------------------------------------------------- */

static char *tmpdir;

static char *write_tmp(const char *name, const void *data, size_t len)
{
    char *path = g_build_filename(tmpdir, name, NULL);
    g_assert_true(g_file_set_contents(path, data, len, NULL));
    return path;
}

static uint8_t *gzip_buf(const uint8_t *in, size_t len, size_t *out_len)
{
    z_stream zs = { 0 };
    size_t cap = len + len / 100 + 1024;
    uint8_t *out = g_malloc(cap);

    g_assert_cmpint(deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8,
                                 Z_DEFAULT_STRATEGY), ==, Z_OK);
    zs.next_in = (Bytef *)in;
    zs.avail_in = len;
    zs.next_out = out;
    zs.avail_out = cap;
    g_assert_cmpint(deflate(&zs, Z_FINISH), ==, Z_STREAM_END);
    *out_len = zs.total_out;
    deflateEnd(&zs);
    return out;
}

static char *expect_file_error(const char *path, uint64_t max)
{
    uint8_t *data = NULL;
    uint64_t size;
    Error *err = NULL;
    char *msg;

    g_assert_false(load_file(path, max, &data, &size, &err));
    g_assert_null(data);
    g_assert_nonnull(err);
    msg = g_strdup(error_get_pretty(err));
    error_free(err);
    return msg;
}

static void test_load_file(void)
{
    size_t n = 300000, gz_len;
    uint8_t *plain = g_malloc(n), *gz, *data;
    uint64_t size;
    Error *err = NULL;
    char *p_plain, *p_gz, *p_corrupt, *p_trunc, *p_multi, *msg;

    for (size_t i = 0; i < n; i++) {
        plain[i] = (i * 7) ^ (i >> 9);
    }
    gz = gzip_buf(plain, n, &gz_len);
    g_assert_cmpuint(gz_len, <, n);
    p_plain = write_tmp("plain.bin", plain, n);
    p_gz = write_tmp("kernel.gz", gz, gz_len);

    g_assert_true(load_file(p_plain, 0, &data, &size, &err));
    g_assert_cmpmem(data, size, plain, n);
    g_free(data);
    g_assert_true(load_file(p_gz, n, &data, &size, &err));
    g_assert_null(err);
    g_assert_cmpmem(data, size, plain, n);
    g_free(data);

    /* Too big: plain by its length, gzip by what it expands to. */
    msg = expect_file_error(p_plain, n - 1);
    g_assert_nonnull(strstr(msg, "plain.bin: file is larger than 299999 bytes"));
    g_free(msg);
    msg = expect_file_error(p_gz, n - 1);
    g_assert_nonnull(strstr(msg, "kernel.gz: file is larger than 299999 bytes"));
    g_free(msg);

    /* Corrupt: damage the deflate stream in the middle. */
    gz[gz_len / 2] ^= 0xff;
    gz[gz_len / 2 + 1] ^= 0x55;
    gz[gz_len / 2 + 2] ^= 0xaa;
    p_corrupt = write_tmp("corrupt.gz", gz, gz_len);
    msg = expect_file_error(p_corrupt, 0);
    g_assert_nonnull(strstr(msg, "corrupt.gz: corrupt gzip data"));
    g_free(msg);
    gz[gz_len / 2] ^= 0xff;
    gz[gz_len / 2 + 1] ^= 0x55;
    gz[gz_len / 2 + 2] ^= 0xaa;

    /* Truncated. */
    p_trunc = write_tmp("trunc.gz", gz, gz_len / 2);
    msg = expect_file_error(p_trunc, 0);
    g_assert_nonnull(strstr(msg, "trunc.gz: corrupt gzip data"));
    g_free(msg);

    /* Two members, as `cat a.gz b.gz` makes: both are read. */
    uint8_t *two = g_malloc(gz_len * 2);
    memcpy(two, gz, gz_len);
    memcpy(two + gz_len, gz, gz_len);
    p_multi = write_tmp("multi.gz", two, gz_len * 2);
    g_assert_true(load_file(p_multi, 0, &data, &size, &err));
    g_assert_cmpuint(size, ==, 2 * n);
    g_assert_cmpmem(data + n, n, plain, n);
    g_free(data);
    g_free(two);

    msg = expect_file_error("/nonexistent/kernel", 0);
    g_assert_cmpstr(msg, ==, "/nonexistent/kernel: No such file or directory");
    g_free(msg);
    msg = expect_file_error(tmpdir, 0);
    g_assert_nonnull(strstr(msg, "Is a directory"));
    g_free(msg);

    g_free(plain);
    g_free(gz);
    g_free(p_plain);
    g_free(p_gz);
    g_free(p_corrupt);
    g_free(p_trunc);
    g_free(p_multi);
}

/*
 * A kept file: a plain one is mapped and reads as the file, a gzip one is
 * decompressed as load_file does; a mapped file truncated afterwards fails
 * kept_file_check (loading from the mapping would fault) instead of the load.
 */
static void test_kept_file(void)
{
    size_t n = 300000, gz_len;
    uint8_t *plain = g_malloc(n), *gz;
    KeptFile f;
    Error *err = NULL;

    for (size_t i = 0; i < n; i++) {
        plain[i] = (uint8_t)((i * 13) ^ (i >> 7));
    }
    gz = gzip_buf(plain, n, &gz_len);
    char *p_plain = write_tmp("kept.bin", plain, n);
    char *p_gz = write_tmp("kept.gz", gz, gz_len);

    g_assert_true(kept_file_load(p_plain, 0, &f, &err));
    g_assert_cmpuint(f.map_len, ==, n);
    g_assert_cmpmem(f.data, f.size, plain, n);
    g_assert_true(kept_file_check(p_plain, &f, &err));
    g_assert_cmpint(truncate(p_plain, (off_t)n / 2), ==, 0);
    g_assert_false(kept_file_check(p_plain, &f, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "kept.bin: changed size since it was loaded"));
    g_clear_pointer(&err, error_free);
    kept_file_free(&f);
    g_assert_null(f.data);

    g_assert_true(kept_file_load(p_gz, 0, &f, &err));
    g_assert_cmpuint(f.map_len, ==, 0);
    g_assert_cmpmem(f.data, f.size, plain, n);
    g_assert_true(kept_file_check(p_gz, &f, &err));
    kept_file_free(&f);

    /* Too big, or missing: load_file's messages. */
    g_assert_false(kept_file_load(p_gz, n - 1, &f, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "kept.gz: file is larger than 299999 bytes"));
    g_clear_pointer(&err, error_free);
    g_assert_false(kept_file_load("/nonexistent/kernel", 0, &f, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "/nonexistent/kernel: No such file or directory");
    g_clear_pointer(&err, error_free);
    g_assert_null(f.data);
    g_free(p_plain);
    g_free(p_gz);
    g_free(gz);
    g_free(plain);
}

static void test_load_image_file(void)
{
    ElfSpec e = good_spec(false);
    size_t size, gz_len;
    uint8_t *elf = build_elf(&e, &size);
    uint8_t *gz = gzip_buf(elf, size, &gz_len);
    char *p_elf = write_tmp("vmlinux.gz", gz, gz_len);
    char *p_raw = write_tmp("raw.bin", "RAWDATA", 7);
    LoadedImage img;
    Error *err = NULL;

    fill_ram(0);
    g_assert_true(load_image_file(&as, &ppc64, p_elf, 0x8000, 1 << 20, 0, 0x0fffffffffffffffull,
                                  &img, &err));
    g_assert_null(err);
    g_assert_true(img.is_elf);
    g_assert_cmphex(ram.ram[0x2000], ==, 0x10);
    g_assert_cmphex(ram.ram[0x8000], ==, 0);

    g_assert_true(load_image_file(&as, &ppc64, p_raw, 0x8000, 1 << 20, 0, 0, &img, &err));
    g_assert_false(img.is_elf);
    g_assert_cmpmem(ram.ram + 0x8000, 7, "RAWDATA", 7);

    /* Errors name the file. */
    g_assert_false(load_image_file(&as, &ppc64, p_raw, ram.size - 1, 1 << 20, 0, 0, &img, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "raw.bin: image"));
    g_assert_nonnull(strstr(error_get_pretty(err), "outside guest memory"));
    error_free(err);
    err = NULL;
    g_assert_false(load_image_file(&as, &ppc64, p_elf, 0, 1 << 20, 0, 0, &img, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "vmlinux.gz: segment 0"));
    error_free(err);

    g_free(elf);
    g_free(gz);
    g_free(p_elf);
    g_free(p_raw);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    tmpdir = g_dir_make_tmp("ppc64lite-loader-XXXXXX", NULL);
    g_assert_nonnull(tmpdir);

    memory_region_init_container(&root, "system", UINT64_MAX);
    g_assert_true(memory_region_init_ram(&ram, "ram", 0x100000));
    memory_region_init_io(&io, "io", &io_ops, NULL, 0x1000);
    memory_region_add_subregion(&root, 0, &ram);
    memory_region_add_subregion(&root, 0x200000, &io);
    address_space_init(&as, &root, "memory");

    g_test_add_func("/loader/elf-be", test_elf_be);
    g_test_add_func("/loader/elf-le", test_elf_le);
    g_test_add_func("/loader/elf-bad-headers", test_elf_bad_headers);
    g_test_add_func("/loader/elf-bad-segments", test_elf_bad_segments);
    g_test_add_func("/loader/elf-spanning-ram", test_elf_spanning_ram);
    g_test_add_func("/loader/raw", test_raw);
    g_test_add_func("/loader/file", test_load_file);
    g_test_add_func("/loader/image-file", test_load_image_file);
    g_test_add_func("/loader/kept-file", test_kept_file);
    ret = g_test_run();

    char *cmd[] = { "rm", "-rf", tmpdir, NULL };
    g_spawn_sync(NULL, cmd, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    g_free(tmpdir);
    address_space_destroy(&as);
    memory_region_finalize(&io);
    memory_region_finalize(&ram);
    memory_region_finalize(&root);
    return ret;
}
