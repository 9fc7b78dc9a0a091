/*
 * Image loaders (see loader.h): whole files with transparent gunzip, ELF64
 * executables of either byte order for the CPU the caller names, and raw
 * images.
 *
 * ELF fields are read at the offsets of the System V gABI's Elf64_Ehdr and
 * Elf64_Phdr (taken from the host's <elf.h>) in the file's own byte order,
 * never by casting the buffer, and every offset and size from the file is
 * checked against the buffer and guest RAM before anything is copied, so a
 * bad image fails cleanly and leaves guest memory untouched.
 */
#include "core/loader.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <inttypes.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* ---- Whole files ----------------------------------------------------------- */

static bool read_all(const char *path, uint64_t max_size, uint8_t **data, uint64_t *size,
                     Error **errp)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    uint64_t cap, used = 0;
    uint8_t *buf;

    if (fd < 0 || fstat(fd, &st) < 0) {
        error_setg(errp, "%s: %s", path, g_strerror(errno));
        if (fd >= 0) {
            close(fd);
        }
        return false;
    }
    if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > max_size) {
        error_setg(errp, "%s: file is larger than %" PRIu64 " bytes", path, max_size);
        close(fd);
        return false;
    }
    /* The size is a hint only: the file may change, or be a pipe. */
    cap = S_ISREG(st.st_mode) && st.st_size > 0 ? (uint64_t)st.st_size : 65536;
    buf = g_malloc(cap + 1);
    for (;;) {
        ssize_t n;

        if (used == cap) {
            if (cap >= max_size) {
                uint8_t extra;
                n = read(fd, &extra, 1);
                if (n > 0) {
                    error_setg(errp, "%s: file is larger than %" PRIu64 " bytes", path,
                               max_size);
                    goto fail;
                }
            } else {
                cap = cap > max_size / 2 ? max_size : cap * 2;
                buf = g_realloc(buf, cap + 1);
                continue;
            }
        } else {
            n = read(fd, buf + used, MIN(cap - used, (uint64_t)(1 << 30)));
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            error_setg(errp, "%s: %s", path, g_strerror(errno));
            goto fail;
        }
        if (n == 0) {
            break;
        }
        used += n;
    }
    close(fd);
    buf[used] = 0;  /* a NUL after the data, for text files */
    *data = buf;
    *size = used;
    return true;

fail:
    close(fd);
    g_free(buf);
    return false;
}

static bool is_gzip(const uint8_t *data, uint64_t size)
{
    return size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
}

/* Decompress every gzip member of in, up to max_size bytes of output. */
static bool gunzip(const char *path, const uint8_t *in, uint64_t in_size, uint64_t max_size,
                   uint8_t **data, uint64_t *size, Error **errp)
{
    z_stream zs = { 0 };
    uint64_t cap = MIN(MAX(in_size * 4, (uint64_t)65536), max_size);
    uint64_t used = 0;
    uint8_t *out, probe;

    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
        error_setg(errp, "%s: cannot initialise zlib", path);
        return false;
    }
    out = g_malloc(cap + 1);
    zs.next_in = (Bytef *)in;
    for (;;) {
        uint64_t in_left = in_size - (uint64_t)(zs.next_in - in);
        bool full;
        uInt room;
        int r;

        if (used == cap && cap < max_size) {
            cap = MIN(cap * 2, max_size);
            out = g_realloc(out, cap + 1);
        }
        /* At the limit, inflate into one spare byte: getting it means "too big". */
        full = used == cap;
        zs.next_out = full ? &probe : out + used;
        room = full ? 1 : (uInt)MIN(cap - used, (uint64_t)UINT32_MAX);
        zs.avail_out = room;
        /* zlib counts in uInt: feed large inputs in pieces. */
        zs.avail_in = (uInt)MIN(in_left, (uint64_t)UINT32_MAX);
        r = inflate(&zs, Z_NO_FLUSH);
        if (full && zs.avail_out == 0) {
            error_setg(errp, "%s: file is larger than %" PRIu64 " bytes", path, max_size);
            goto fail;
        }
        if (!full) {
            used += room - zs.avail_out;
        }
        if (r == Z_STREAM_END) {
            in_left = in_size - (uint64_t)(zs.next_in - in);
            /* Another member may follow (`cat a.gz b.gz`); anything else is ignored. */
            if (!is_gzip(zs.next_in, in_left)) {
                break;
            }
            inflateReset(&zs);
        } else if (r == Z_BUF_ERROR) {
            /* No progress: with output room left, the input ran out mid-stream. */
            if (!full && used < cap) {
                error_setg(errp, "%s: corrupt gzip data (truncated)", path);
                goto fail;
            }
            if (full && zs.avail_in == 0) {
                error_setg(errp, "%s: corrupt gzip data (truncated)", path);
                goto fail;
            }
        } else if (r != Z_OK) {
            error_setg(errp, "%s: corrupt gzip data", path);
            goto fail;
        }
    }
    inflateEnd(&zs);
    out[used] = 0;
    *data = out;
    *size = used;
    return true;

fail:
    inflateEnd(&zs);
    g_free(out);
    return false;
}

bool load_file(const char *path, uint64_t max_size, uint8_t **data, uint64_t *size,
               Error **errp)
{
    uint8_t *raw;
    uint64_t raw_size;
    bool ok;

    if (max_size == 0) {
        max_size = UINT64_MAX - 1;
    }
    if (!read_all(path, max_size, &raw, &raw_size, errp)) {
        return false;
    }
    if (!is_gzip(raw, raw_size)) {
        *data = raw;
        *size = raw_size;
        return true;
    }
    ok = gunzip(path, raw, raw_size, max_size, data, size, errp);
    g_free(raw);
    return ok;
}

bool kept_file_load(const char *path, uint64_t max_size, KeptFile *img, Error **errp)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    uint8_t magic[2];

    *img = (KeptFile){ 0 };
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        (max_size == 0 || (uint64_t)st.st_size <= max_size) && (uint64_t)st.st_size <= SIZE_MAX &&
        pread(fd, magic, 2, 0) == 2 && !is_gzip(magic, 2)) {
        void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p != MAP_FAILED) {
            *img = (KeptFile){ p, (uint64_t)st.st_size, (size_t)st.st_size, fd };
            return true;
        }
    }
    if (fd >= 0) {
        close(fd);
    }
    /* Not a plain regular file, or no mapping: read it (and the messages) as load_file does. */
    return load_file(path, max_size, &img->data, &img->size, errp);
}

bool kept_file_check(const char *path, const KeptFile *img, Error **errp)
{
    struct stat st;

    if (!img->map_len) {
        return true;
    }
    if (fstat(img->fd, &st) != 0 || (uint64_t)st.st_size != img->size) {
        error_setg(errp, "%s: changed size since it was loaded", path);
        return false;
    }
    return true;
}

void kept_file_free(KeptFile *img)
{
    if (img->map_len) {
        munmap(img->data, img->map_len);
        close(img->fd);
    } else {
        g_free(img->data);
    }
    *img = (KeptFile){ 0 };
}

/* ---- Guest RAM ------------------------------------------------------------- */

/* Whether [addr, addr+len) is all RAM (possibly several regions). */
static bool ram_range_ok(AddressSpace *as, uint64_t addr, uint64_t len)
{
    while (len) {
        MemorySection s;
        uint64_t n;

        if (!address_space_lookup(as, addr, &s) || s.mr->kind != MR_RAM) {
            return false;
        }
        n = MIN(len, s.size - (addr - s.start));
        addr += n;
        len -= n;
    }
    return true;
}

/*
 * Copy src (or zeros if src is NULL) to RAM already checked by ram_range_ok.
 * Zeros go in by memory_region_ram_zero: a large bss costs no host memory.
 */
static void ram_fill(AddressSpace *as, uint64_t addr, const uint8_t *src, uint64_t len)
{
    while (len) {
        MemorySection s;
        uint64_t n;
        uint8_t *p;

        address_space_lookup(as, addr, &s);
        n = MIN(len, s.size - (addr - s.start));
        p = s.mr->ram + s.offset + (addr - s.start);
        if (src) {
            memcpy(p, src, n);
            src += n;
        } else {
            memory_region_ram_zero(s.mr, s.offset + (addr - s.start), n);
        }
        addr += n;
        len -= n;
    }
}

/* ---- ELF ------------------------------------------------------------------- */

typedef struct ElfReader {
    const uint8_t *data;
    bool big;
} ElfReader;

static uint64_t rd(const ElfReader *r, uint64_t off, unsigned size)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++) {
        v = (v << 8) | r->data[off + (r->big ? i : size - 1 - i)];
    }
    return v;
}

#define EH(r, field) rd(r, offsetof(Elf64_Ehdr, field), sizeof(((Elf64_Ehdr *)0)->field))
#define PH(r, base, field) \
    rd(r, (base) + offsetof(Elf64_Phdr, field), sizeof(((Elf64_Phdr *)0)->field))

bool elf_is_elf(const uint8_t *data, uint64_t size)
{
    return size >= SELFMAG && memcmp(data, ELFMAG, SELFMAG) == 0;
}

typedef struct Segment {
    uint64_t addr, offset, filesz, memsz;
} Segment;

/* The identification and header checks: is this something we can load at all? */
static bool elf_check_header(const ElfMachine *arch, const uint8_t *data, uint64_t size,
                             ElfReader *r, Error **errp)
{
    if (!elf_is_elf(data, size)) {
        error_setg(errp, "not an ELF file");
        return false;
    }
    if (size < EI_NIDENT) {
        error_setg(errp, "truncated ELF (identification)");
        return false;
    }
    if (data[EI_CLASS] != ELFCLASS64) {
        error_setg(errp, "not a 64-bit %s ELF (ELF class %u%s)", arch->name, data[EI_CLASS],
                   data[EI_CLASS] == ELFCLASS32 ? ", 32-bit" : "");
        return false;
    }
    if (data[EI_DATA] != ELFDATA2MSB && data[EI_DATA] != ELFDATA2LSB) {
        error_setg(errp, "bad ELF data encoding %u", data[EI_DATA]);
        return false;
    }
    if (data[EI_VERSION] != EV_CURRENT) {
        error_setg(errp, "bad ELF version %u", data[EI_VERSION]);
        return false;
    }
    if (size < sizeof(Elf64_Ehdr)) {
        error_setg(errp, "truncated ELF (header)");
        return false;
    }
    r->data = data;
    r->big = data[EI_DATA] == ELFDATA2MSB;
    if (EH(r, e_machine) != arch->e_machine) {
        error_setg(errp, "not a 64-bit %s ELF (machine %" PRIu64 ")", arch->name,
                   EH(r, e_machine));
        return false;
    }
    if (EH(r, e_type) != ET_EXEC && EH(r, e_type) != ET_DYN) {
        error_setg(errp, "ELF type %" PRIu64 " is not an executable", EH(r, e_type));
        return false;
    }
    if (EH(r, e_ehsize) < sizeof(Elf64_Ehdr) || EH(r, e_phentsize) != sizeof(Elf64_Phdr)) {
        error_setg(errp, "bad ELF header sizes (header %" PRIu64 ", program header %" PRIu64
                   ")", EH(r, e_ehsize), EH(r, e_phentsize));
        return false;
    }
    return true;
}

/* Collect the PT_LOAD segments, each checked against the file and guest RAM. */
static Segment *elf_segments(AddressSpace *as, const ElfReader *r, uint64_t size,
                             uint64_t load_offset, uint64_t addr_mask, unsigned *count,
                             Error **errp)
{
    uint64_t phoff = EH(r, e_phoff), phnum = EH(r, e_phnum);
    Segment *segs;
    unsigned n = 0;

    if (phnum == 0 || phnum == PN_XNUM) {
        error_setg(errp, phnum ? "too many ELF program headers" : "no loadable segments");
        return NULL;
    }
    if (phoff > size || phnum * sizeof(Elf64_Phdr) > size - phoff) {
        error_setg(errp, "truncated ELF (program headers)");
        return NULL;
    }
    segs = g_new(Segment, phnum);
    for (uint64_t i = 0; i < phnum; i++) {
        uint64_t ph = phoff + i * sizeof(Elf64_Phdr);
        Segment s;

        if (PH(r, ph, p_type) != PT_LOAD) {
            continue;
        }
        s.offset = PH(r, ph, p_offset);
        s.filesz = PH(r, ph, p_filesz);
        s.memsz = PH(r, ph, p_memsz);
        s.addr = PH(r, ph, p_paddr);
        if (s.offset > size || s.filesz > size - s.offset) {
            error_setg(errp, "truncated ELF (segment %" PRIu64 " data)", i);
            goto fail;
        }
        if (s.filesz > s.memsz) {
            error_setg(errp, "bad ELF segment %" PRIu64 ": file size above memory size", i);
            goto fail;
        }
        if (s.memsz == 0) {
            continue;
        }
        if (addr_mask) {
            s.addr &= addr_mask;
        }
        if (s.addr + load_offset < s.addr || s.addr + load_offset + s.memsz < s.addr + load_offset ||
            !ram_range_ok(as, s.addr + load_offset, s.memsz)) {
            error_setg(errp, "segment %" PRIu64 " (0x%" PRIx64 "+0x%" PRIx64
                       ") outside guest memory", i, s.addr + load_offset, s.memsz);
            goto fail;
        }
        s.addr += load_offset;
        segs[n++] = s;
    }
    if (n == 0) {
        error_setg(errp, "no loadable segments");
        goto fail;
    }
    *count = n;
    return segs;

fail:
    g_free(segs);
    return NULL;
}

bool load_elf(AddressSpace *as, const ElfMachine *arch, const uint8_t *data, uint64_t size,
              uint64_t load_offset, uint64_t addr_mask, LoadedImage *img, Error **errp)
{
    ElfReader r;
    Segment *segs;
    unsigned n;
    uint64_t entry;

    if (!elf_check_header(arch, data, size, &r, errp)) {
        return false;
    }
    segs = elf_segments(as, &r, size, load_offset, addr_mask, &n, errp);
    if (!segs) {
        return false;
    }
    entry = EH(&r, e_entry);
    if (addr_mask) {
        entry &= addr_mask;
    }
    img->entry = entry + load_offset;
    img->low = UINT64_MAX;
    img->high = 0;
    img->big_endian = r.big;
    img->is_elf = true;
    for (unsigned i = 0; i < n; i++) {
        ram_fill(as, segs[i].addr, data + segs[i].offset, segs[i].filesz);
        ram_fill(as, segs[i].addr + segs[i].filesz, NULL, segs[i].memsz - segs[i].filesz);
        img->low = MIN(img->low, segs[i].addr);
        img->high = MAX(img->high, segs[i].addr + segs[i].memsz);
    }
    g_free(segs);
    return true;
}

/* ---- Raw images and files ---------------------------------------------------- */

bool load_raw(AddressSpace *as, const uint8_t *data, uint64_t size, uint64_t addr,
              LoadedImage *img, Error **errp)
{
    if (addr + size < addr || !ram_range_ok(as, addr, size)) {
        error_setg(errp, "image (0x%" PRIx64 "+0x%" PRIx64 ") outside guest memory", addr,
                   size);
        return false;
    }
    ram_fill(as, addr, data, size);
    *img = (LoadedImage){ .entry = addr, .low = addr, .high = addr + size };
    return true;
}

bool load_image_file(AddressSpace *as, const ElfMachine *arch, const char *path,
                     uint64_t raw_addr, uint64_t max_size, uint64_t elf_offset, uint64_t addr_mask,
                     LoadedImage *img, Error **errp)
{
    uint8_t *data;
    uint64_t size;
    Error *err = NULL;
    bool ok;

    if (!load_file(path, max_size, &data, &size, errp)) {
        return false;
    }
    if (elf_is_elf(data, size)) {
        ok = load_elf(as, arch, data, size, elf_offset, addr_mask, img, &err);
    } else {
        ok = load_raw(as, data, size, raw_addr, img, &err);
    }
    if (!ok) {
        error_prepend(&err, "%s: ", path);
        if (errp && !*errp) {
            *errp = err;
        } else {
            error_free(err);
        }
    }
    g_free(data);
    return ok;
}
