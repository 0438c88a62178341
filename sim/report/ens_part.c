/* ens_part.c - part.bin, the exact results of a part of a split run. */
#include "report/ens_part.h"
#include "base/alloc.h"
#include "base/err.h"
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#define MAGIC "frontier-part\n"
#define FORMAT 2u

__attribute__((format(printf, 3, 4))) static void say(char *msg, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, n, fmt, ap);
    va_end(ap);
}

/* ===== writing =========================================================================== */

static void put_u32(FILE *f, uint32_t v) { fwrite(&v, sizeof v, 1, f); }
static void put_u64(FILE *f, uint64_t v) { fwrite(&v, sizeof v, 1, f); }
static void put_i64(FILE *f, long v) { put_u64(f, (uint64_t)(int64_t)v); }

static void put_str(FILE *f, const char *s)
{
    size_t n = strlen(s);
    put_u32(f, (uint32_t)n);
    fwrite(s, 1, n, f);
}

typedef struct part_out {
    const ens_batch *b;
    long keep;
    const char *version;
    const char *const *argv;
    int argc;
} part_out;

/* Kept series of the batch's replications 0 .. done - 1 that are below keep. */
static long kept_done(const ens_batch *b)
{
    long r = ens_batch_series_reps(b);
    return ens_batch_days(b) > 0 ? r : 0;
}

static int write_part(void *ctx, FILE *f)
{
    const part_out *c = ctx;
    const ens_batch *b = c->b;
    fwrite(MAGIC, 1, strlen(MAGIC), f);
    put_u32(f, FORMAT);
    put_str(f, c->version);
    put_u32(f, (uint32_t)sizeof(model_totals));
    put_u32(f, MODEL_NTOTALS);
    put_u32(f, ENS_NSERIES);
    put_u64(f, ens_batch_seed(b));
    put_i64(f, ens_batch_first(b));
    put_i64(f, ens_batch_n(b));
    put_i64(f, ens_batch_done(b));
    put_u32(f, (uint32_t)ens_batch_k(b));
    put_u32(f, (uint32_t)ens_batch_days(b));
    put_i64(f, c->keep);
    for (int v = 0; v < ens_batch_k(b); v++) put_u64(f, ens_batch_variant_hash(b, v));
    put_u64(f, ens_batch_params_key(b));
    put_u32(f, (uint32_t)c->argc);
    for (int i = 0; i < c->argc; i++) put_str(f, c->argv[i]);
    for (long r = 0; r < ens_batch_done(b); r++)
        for (int v = 0; v < ens_batch_k(b); v++)
            fwrite(ens_batch_totals(b, r, v), sizeof(model_totals), 1, f);
    for (long r = 0; r < kept_done(b); r++)
        for (int d = 0; d < ens_batch_days(b); d++)
            for (int w = 0; w < ENS_NSERIES; w++) {
                float x = (float)ens_batch_series(b, r, d, w);
                fwrite(&x, sizeof x, 1, f);
            }
    return ferror(f) ? SIM_EIO : 0;
}

int ens_part_write(outset *o, const ens_batch *b, long keep, const char *version,
                   const char *const *argv, int argc)
{
    part_out c = {b, keep, version, argv, argc};
    return outset_write(o, ENS_PART_NAME, write_part, &c);
}

/* ===== reading =========================================================================== */

static int get(FILE *f, void *p, size_t n) { return fread(p, 1, n, f) == n ? 0 : -1; }

static int get_str(FILE *f, char *buf, size_t cap)
{
    uint32_t n;
    if (get(f, &n, sizeof n) || n >= cap || get(f, buf, n)) return -1;
    buf[n] = '\0';
    return 0;
}

static int read_counts(FILE *f, ens_part_info *in)
{
    uint32_t sizes[3], k, days;
    uint64_t seed;
    int64_t first, n, done, keep;
    if (get(f, sizes, sizeof sizes) || sizes[0] != sizeof(model_totals) ||
        sizes[1] != MODEL_NTOTALS || sizes[2] != ENS_NSERIES)
        return -1;
    if (get(f, &seed, 8) || get(f, &first, 8) || get(f, &n, 8) || get(f, &done, 8) ||
        get(f, &k, 4) || get(f, &days, 4) || get(f, &keep, 8))
        return -1;
    if (k < 1 || k > ENS_PART_ARGS_MAX || first < 0 || n < 1 || done < 0 || done > n)
        return -1;
    *in = (ens_part_info){.seed = seed, .first = (long)first, .n = (long)n,
                          .done = (long)done, .keep = (long)keep, .k = (int)k,
                          .days = (int)days};
    return 0;
}

static int read_header(FILE *f, ens_part_info *in)
{
    char magic[sizeof MAGIC], version[64];
    uint32_t format, argc;
    if (get(f, magic, strlen(MAGIC)) || memcmp(magic, MAGIC, strlen(MAGIC)) != 0 ||
        get(f, &format, 4) || format != FORMAT || get_str(f, version, sizeof version) ||
        read_counts(f, in))
        return -1;
    snprintf(in->version, sizeof in->version, "%s", version);
    if (get(f, in->hash, (size_t)in->k * sizeof in->hash[0]) || get(f, &in->params_key, 8) ||
        get(f, &argc, 4) ||
        argc > ENS_PART_ARGS_MAX)
        return -1;
    char arg[4096];
    for (uint32_t i = 0; i < argc; i++) {
        if (get_str(f, arg, sizeof arg) || !(in->argv[i] = sim_strdup(arg))) return -1;
        in->argc++;
    }
    return 0;
}

void ens_part_info_free(ens_part_info *info)
{
    for (int i = 0; i < info->argc; i++) sim_free(info->argv[i]);
    info->argc = 0;
}

static FILE *open_part(const char *path, char *msg, size_t n)
{
    FILE *f = fopen(path, "rb");
    if (!f) say(msg, n, "%s: cannot read: %s", path, strerror(errno));
    return f;
}

int ens_part_read_info(const char *path, ens_part_info *info, char *msg, size_t msg_len)
{
    memset(info, 0, sizeof *info);
    FILE *f = open_part(path, msg, msg_len);
    if (!f) return SIM_EIO;
    int rc = read_header(f, info) ? SIM_EPARSE : 0;
    fclose(f);
    if (rc) {
        say(msg, msg_len, "%s: not a part file of this version of frontier", path);
        ens_part_info_free(info);
    }
    return rc;
}

/* Checks that the part fits the whole run's batch b. */
static int fits(const ens_part_info *in, const ens_batch *b, long keep, const char *path,
                char *msg, size_t n)
{
    int same = in->seed == ens_batch_seed(b) && in->k == ens_batch_k(b) &&
               in->days == ens_batch_days(b) && in->keep == keep &&
               in->first + in->done <= ens_batch_n(b) &&
               in->params_key == ens_batch_params_key(b);
    for (int v = 0; same && v < in->k; v++) same = in->hash[v] == ens_batch_variant_hash(b, v);
    if (!same) say(msg, n, "%s: the part was made with another seed, scenario, horizon or "
                   "posterior file than the merged command line gives", path);
    return same ? 0 : SIM_EPARSE;
}

static int load_results(FILE *f, const ens_part_info *in, ens_batch *b)
{
    model_totals t;
    for (long r = 0; r < in->done; r++)
        for (int v = 0; v < in->k; v++)
            if (get(f, &t, sizeof t) || ens_batch_put(b, in->first + r, v, &t)) return -1;
    long kept = in->keep > in->first ? in->keep - in->first : 0;
    if (kept > in->done || in->days == 0) kept = in->days ? in->done : 0;
    size_t cells = (size_t)in->days * ENS_NSERIES;
    float *row = sim_malloc((cells ? cells : 1) * sizeof *row);
    if (!row) return -1;
    int rc = 0;
    for (long r = 0; rc == 0 && r < kept; r++)
        rc = get(f, row, cells * sizeof *row) || ens_batch_put_series(b, in->first + r, row);
    sim_free(row);
    return rc;
}

int ens_part_load(const char *path, ens_batch *b, long keep, char *msg, size_t msg_len)
{
    ens_part_info in = {0};
    FILE *f = open_part(path, msg, msg_len);
    if (!f) return SIM_EIO;
    int rc = read_header(f, &in) ? SIM_EPARSE : 0;
    if (rc) say(msg, msg_len, "%s: not a part file of this version of frontier", path);
    if (!rc) rc = fits(&in, b, keep, path, msg, msg_len);
    if (!rc && load_results(f, &in, b) != 0) {
        say(msg, msg_len, "%s: the part file is cut short", path);
        rc = SIM_EPARSE;
    }
    ens_part_info_free(&in);
    fclose(f);
    return rc;
}
