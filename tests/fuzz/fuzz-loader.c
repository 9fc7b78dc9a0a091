/*
 * Fuzz target "loader": the image loaders (core/loader.c: whole files,
 * gzip members, ELF headers and segments, raw images) as the pseries
 * machine uses them for -kernel, -initrd and -bios (spapr_read_images and
 * spapr_load_images in ppc/spapr/spapr_setup.c: kept_file_load (the kernel,
 * mapped) or load_file with the RAM size as the limit, then ELF or raw
 * placement below the device tree), on the
 * machine of fuzz-machine.h. DESIGN.md: a bad image is a one-line error at
 * start, never a crash, hang or leak; nothing lands outside RAM or on the
 * device tree and RTAS.
 *
 * Input: one byte saying which image it is (bit 0: the kernel, else the
 * initrd after a fixed small raw kernel; bit 1: also as the firmware), then
 * the file's bytes, written to a scratch file that the machine loads by
 * path as it would -kernel/-initrd/-bios. Loading the whole image is timed
 * as one request: at most 64 MiB of RAM bounds it.
 */
#include <glib/gstdio.h>
#include <unistd.h>

#include "core/loader.h"
#include "fuzz-machine.h"

static char *image_path;
static uint8_t small_kernel[0x100];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_machine_up(NULL);
    image_path = g_build_filename(fuzz_cfg.dir, "image", NULL);
    memset(small_kernel, 0x60, sizeof(small_kernel));   /* nops */
    return 0;
}

/* What spapr_read_images does for one image: the whole file, gunzipped, up to max bytes. */
static bool read_image(const char *path, uint64_t max, uint8_t **data, uint64_t *size)
{
    Error *err = NULL;

    if (!load_file(path, max, data, size, &err)) {
        error_free(err);
        *data = NULL;
        *size = 0;
        return false;
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    SpaprMachine *m = fuzz_m;
    uint8_t which = size ? data[0] : 0;
    uint8_t *saved_bios = m->bios_data;
    uint64_t saved_bios_size = m->bios_size;
    Error *err = NULL;
    bool ok = true;

    if (!g_file_set_contents(image_path, size ? (const char *)data + 1 : "",
                             size ? (gssize)size - 1 : 0, NULL)) {
        abort();
    }
    fuzz_request_begin("load an image");
    if (which & 1) {
        ok = kept_file_load(image_path, m->ram_size, &m->kernel_file, &err);
        if (!ok) {
            g_clear_pointer(&err, error_free);
        }
    } else {
        m->kernel_file = (KeptFile){ g_memdup2(small_kernel, sizeof(small_kernel)),
                                      sizeof(small_kernel), 0, 0 };
        ok = read_image(image_path, m->ram_size, &m->initrd_data, &m->initrd_size);
    }
    if (ok && (which & 2)) {
        ok = read_image(image_path, SPAPR_BIOS_MAX_SIZE, &m->bios_data, &m->bios_size);
    }
    if (ok && !spapr_load_images(m, &err)) {
        error_free(err);
    }
    fuzz_request_end();
    if (m->bios_data != saved_bios) {
        g_free(m->bios_data);
        m->bios_data = saved_bios;
        m->bios_size = saved_bios_size;
    }
    kept_file_free(&m->kernel_file);
    g_clear_pointer(&m->initrd_data, g_free);
    m->initrd_size = 0;
    return 0;
}
