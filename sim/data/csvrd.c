/* csvrd.c - record-by-record CSV reading on libcsv, with the line each record starts on. */
#include "data/csvrd.h"
#include "base/alloc.h"
#include "base/err.h"
#include "io/infile.h"
#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define CSVRD_BLK_SIZE (64u << 10)   /* growth step of libcsv's field buffer, bytes */

typedef struct field {
    char *s;
    size_t cap;
} field;

typedef struct reader {
    const char *path;
    csvrd_record_fn fn;
    void *ctx;
    char *err;
    size_t err_len;
    field *f;              /* fields of the record being read */
    char **ptr;            /* f[i].s, handed to the callback */
    int nf, capf;
    long line, start_line, n_records;
    size_t rec_bytes;      /* bytes fed since the last record ended */
    int need_start;
    int failed;            /* SIM_E* code (or the callback's) that stops the read */
} reader;

static void set_error(reader *R, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_error(reader *R, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(R->err, R->err_len, fmt, ap);
    va_end(ap);
    R->failed = code;
}

static int grow_fields(reader *R)
{
    int old = R->capf;
    if (sim_grow(&R->f, &R->capf, R->nf, sizeof *R->f, 32)) return SIM_ENOMEM;
    memset(R->f + old, 0, (size_t)(R->capf - old) * sizeof *R->f);
    char **np = sim_realloc(R->ptr, (size_t)R->capf * sizeof *np);
    if (!np) return SIM_ENOMEM;
    R->ptr = np;
    return 0;
}

static void on_field(void *s, size_t len, void *data)
{
    reader *R = data;
    if (R->failed) return;
    if (R->nf >= CSVRD_FIELDS_MAX) {
        set_error(R, SIM_EPARSE, "%s:%ld: expected at most %d fields in a row, found more",
                  R->path, R->start_line, CSVRD_FIELDS_MAX);
        return;
    }
    if (R->nf == R->capf && grow_fields(R)) { R->failed = SIM_ENOMEM; return; }
    field *f = &R->f[R->nf];
    if (f->cap < len + 1) {
        char *ns = sim_realloc(f->s, len + 1);
        if (!ns) { R->failed = SIM_ENOMEM; return; }
        f->s = ns;
        f->cap = len + 1;
    }
    if (len) memcpy(f->s, s, len);
    f->s[len] = '\0';
    R->nf++;
}

static void on_record(int c, void *data)
{
    reader *R = data;
    (void)c;
    R->need_start = 1;
    if (!R->failed) {
        for (int i = 0; i < R->nf; i++) R->ptr[i] = R->f[i].s;
        if (R->n_records == 0 && R->nf > 0 && strncmp(R->ptr[0], "\xEF\xBB\xBF", 3) == 0)
            R->ptr[0] += 3;
        R->n_records++;
        int rc = R->fn(R->ctx, R->ptr, R->nf, R->start_line);
        if (rc) R->failed = rc;
    }
    R->nf = 0;
}

/* Feeds buf[0..len) in pieces that end at newlines, so records know their first line. */
static void feed(reader *R, struct csv_parser *p, const char *buf, size_t len)
{
    while (len && !R->failed) {
        const char *nl = memchr(buf, '\n', len);
        size_t k = nl ? (size_t)(nl - buf) + 1 : len;
        if (R->rec_bytes + k > CSVRD_RECORD_MAX) {
            /* Checked before libcsv buffers the piece: a row never costs more than this. */
            set_error(R, SIM_EPARSE, "%s:%ld: expected a row of at most %d KiB, found more",
                      R->path, R->need_start ? R->line : R->start_line, CSVRD_RECORD_MAX >> 10);
            return;
        }
        long records = R->n_records;
        if (R->need_start)
            for (size_t i = 0; i < k; i++)
                if (!strchr(" \t\r\n", buf[i])) {
                    R->start_line = R->line;
                    R->need_start = 0;
                    break;
                }
        if (csv_parse(p, buf, k, on_field, on_record, R) != k && !R->failed) {
            if (csv_error(p) == CSV_ENOMEM) R->failed = SIM_ENOMEM;
            else set_error(R, SIM_EPARSE, "%s:%ld: %s", R->path, R->line,
                           csv_strerror(csv_error(p)));
        }
        /* Pieces end at newlines: a record that ended in this piece ended at its end. */
        R->rec_bytes = R->n_records != records ? 0 : R->rec_bytes + k;
        if (nl) R->line++;
        buf += k;
        len -= k;
    }
}

static void read_all(reader *R, FILE *fp, struct csv_parser *p)
{
    char buf[1 << 15];
    size_t got;
    while (!R->failed && (got = fread(buf, 1, sizeof buf, fp)) > 0) feed(R, p, buf, got);
    if (!R->failed && ferror(fp))
        set_error(R, SIM_EIO, "%s: read error: %s", R->path, strerror(errno));
    long open_line = R->start_line;
    /* libcsv's fini does not flag an open quote unless CSV_STRICT, which would also stop
     * at stray quotes; its public state says whether a quoted field is still open
     * (pstate 2 is FIELD_BEGUN in libcsv 3). */
    int open_quote = p->quoted && p->pstate == 2;
    if (!R->failed && (open_quote || csv_fini(p, on_field, on_record, R) != 0) && !R->failed)
        set_error(R, SIM_EPARSE, "%s:%ld: expected a closing quote for the field opened on "
                  "this line, found the end of the file", R->path, open_line);
    if (!R->failed && R->n_records == 0)
        set_error(R, SIM_EPARSE, "%s:1: expected a header row, found an empty file", R->path);
}

int csvrd_read_file(const char *path, csvrd_record_fn fn, void *ctx, char *err,
                    size_t err_len)
{
    char why[160];
    FILE *fp = infile_open(path, 0, NULL, why, sizeof why);
    if (!fp) {
        snprintf(err, err_len, "%s:1:1: cannot open: %s", path, why);
        return SIM_EIO;
    }
    reader R = {.path = path, .fn = fn, .ctx = ctx, .err = err, .err_len = err_len,
                .line = 1, .start_line = 1, .need_start = 1};
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0) {
        fclose(fp);
        return SIM_ENOMEM;
    }
    csv_set_realloc_func(&p, sim_realloc);
    /* libcsv grows its field buffer by blk_size bytes at a time (128 by default): a field of
     * a MiB then costs 8,192 reallocations, each a copy where realloc cannot grow in place
     * (ASan, valgrind: 35 s of CPU for a 4 MB row). 64 KiB steps make it 16. */
    csv_set_blk_size(&p, CSVRD_BLK_SIZE);
    csv_set_free_func(&p, sim_free);
    read_all(&R, fp, &p);
    csv_free(&p);
    fclose(fp);
    for (int i = 0; i < R.capf; i++) sim_free(R.f[i].s);
    sim_free(R.f);
    sim_free(R.ptr);
    return R.failed;
}
