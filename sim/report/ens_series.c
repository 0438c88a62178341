/* ens_series.c - the long table of every replication's daily series, streamed in order. */
#include "report/ens_series.h"
#include "base/alloc.h"
#include "base/date.h"
#include "base/err.h"
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

typedef struct slot {
    char *text;
    size_t len;
    int ready;
} slot;

struct ens_series {
    outset *o;
    FILE *f;                    /* plain CSV, or */
    gzFile gz;                  /* gzip */
    char name[256];
    long start_date;
    int k;
    const char *lead;
    const char *const *labels;
    pthread_mutex_t lock;
    slot *win;                  /* items next .. next + cap - 1, as a ring */
    long next, cap;             /* next item to write */
    int err;                    /* first write error (sticky) */
};

/* ===== text ============================================================================== */

typedef struct buf {
    char *p;
    size_t len, cap;
    int bad;
} buf;

__attribute__((format(printf, 2, 3))) static void put(buf *b, const char *fmt, ...)
{
    for (int tries = 0; !b->bad && tries < 2; tries++) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) { b->bad = 1; return; }
        if (b->p && b->len + (size_t)n < b->cap) { b->len += (size_t)n; return; }
        size_t want = b->cap ? b->cap : 65536;
        while (want <= b->len + (size_t)n) want *= 2;
        char *q = sim_realloc(b->p, want);
        if (!q) { b->bad = 1; return; }
        b->p = q;
        b->cap = want;
    }
}

static void render_row(buf *b, const ens_series *s, long rep, int v, const model_day *d,
                       const char *date)
{
    static const char *const names[11] = {"lambda", "attacks_7d", "pressure", "threat",
                                          "threshold_eff", "cooperation", "grievance",
                                          "diplomatic", "capacity", "ladder",
                                          "closed_crossings"};
    const double x[11] = {d->lambda, d->attacks_7d, d->pressure, d->threat, d->threshold_eff,
                          d->cooperation, d->grievance, d->diplomatic, d->capacity,
                          d->ladder, d->closed_crossings};
    char lead[80] = "";
    if (s->k > 1 && s->labels) snprintf(lead, sizeof lead, "%s,", s->labels[v]);
    else if (s->k > 1) snprintf(lead, sizeof lead, "%d,", v);
    for (int i = 0; i < 11; i++) {
        int whole = i == 1 || i >= 9; /* counts and levels */
        put(b, whole ? "%s%ld,%d,%s,%s,%.0f\n" : "%s%ld,%d,%s,%s,%.6f\n", lead, rep, d->day,
            date, names[i], x[i]);
    }
}

/* ===== the ordered window ================================================================ */

static int write_text(ens_series *s, const char *text, size_t len)
{
    if (s->err || len == 0) return s->err;
    int ok = s->gz ? gzwrite(s->gz, text, (unsigned)len) == (int)len
                   : fwrite(text, 1, len, s->f) == len;
    if (!ok) s->err = SIM_EIO;
    return s->err;
}

/* Writes the waiting items from next on while whole replications are ready. */
static int flush_ready(ens_series *s, long limit)
{
    for (;;) {
        long end = s->next + s->k; /* the replication that starts at next */
        if (end > limit) return s->err;
        for (long i = s->next; i < end; i++)
            if (i - s->next >= s->cap || !s->win[i % s->cap].ready) return s->err;
        for (long i = s->next; i < end; i++) {
            slot *sl = &s->win[i % s->cap];
            write_text(s, sl->text, sl->len);
            sim_free(sl->text);
            *sl = (slot){0};
        }
        s->next = end;
    }
}

/* Makes room in the ring for item (keeping the order of the waiting items). */
static int reserve(ens_series *s, long item)
{
    if (item - s->next < s->cap) return 0;
    long cap = s->cap ? s->cap : 64;
    while (item - s->next >= cap) cap *= 2;
    slot *w = sim_calloc((size_t)cap, sizeof *w);
    if (!w) return SIM_ENOMEM;
    for (long i = s->next; i < s->next + s->cap; i++) w[i % cap] = s->win[i % s->cap];
    sim_free(s->win);
    s->win = w;
    s->cap = cap;
    return 0;
}

int ens_series_add_text(ens_series *s, long item, char *text, size_t len)
{
    pthread_mutex_lock(&s->lock);
    int rc = item < s->next ? SIM_EINVAL : reserve(s, item);
    if (rc == 0) {
        s->win[item % s->cap] = (slot){text, len, 1};
        rc = flush_ready(s, LONG_MAX);
    } else {
        sim_free(text);
    }
    pthread_mutex_unlock(&s->lock);
    return rc;
}

int ens_series_hook(void *ctx, long item, long rep, int variant, const model *m)
{
    ens_series *s = ctx;
    buf b = {0};
    for (int i = 0; i < model_day_count(m); i++) {
        const model_day *d = model_day_at(m, i);
        char date[11];
        date_format(s->start_date + d->day, date);
        render_row(&b, s, rep, variant, d, date);
    }
    if (b.bad) {
        sim_free(b.p);
        return SIM_ENOMEM;
    }
    return ens_series_add_text(s, item, b.p, b.len);
}

/* ===== reading a part's file ============================================================== */

/* The length of the key of a line: "replication," or "variant,replication,". */
static size_t key_len(const char *line, size_t len, int k)
{
    int commas = k > 1 ? 2 : 1;
    for (size_t i = 0; i < len; i++)
        if (line[i] == ',' && --commas == 0) return i + 1;
    return 0;
}

/* Reads the whole (decompressed) file into *text. */
static int slurp_gz(const char *path, char **text, size_t *len)
{
    gzFile g = gzopen(path, "rb"); /* reads plain files as they are */
    if (!g) return SIM_EIO;
    buf b = {0};
    char chunk[65536];
    int n;
    while ((n = gzread(g, chunk, sizeof chunk)) > 0) put(&b, "%.*s", n, chunk);
    int bad = n < 0;
    gzclose(g);
    if (bad || b.bad) {
        sim_free(b.p);
        return bad ? SIM_EIO : SIM_ENOMEM;
    }
    *text = b.p;
    *len = b.len;
    return 0;
}

/* Adds the item of text[from, to) as item. */
static int add_slice(ens_series *s, long item, const char *from, const char *to)
{
    char *copy = sim_malloc((size_t)(to - from) + 1);
    if (!copy) return SIM_ENOMEM;
    memcpy(copy, from, (size_t)(to - from));
    return ens_series_add_text(s, item, copy, (size_t)(to - from));
}

int ens_series_add_file(ens_series *s, const char *path, long first_item, long n_items)
{
    char *text = NULL;
    size_t len = 0;
    int rc = slurp_gz(path, &text, &len);
    if (rc) return rc;
    const char *end = text + len, *p = memchr(text, '\n', len), *start;
    long items = 0;
    for (p = p ? p + 1 : end, start = p; rc == 0 && p < end;) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        eol = eol ? eol + 1 : end;
        const char *next = eol;
        size_t kl = key_len(start, (size_t)(end - start), s->k);
        if (next < end && kl && strncmp(next, start, kl) == 0) {
            p = next;
            continue;
        }
        rc = items < n_items ? add_slice(s, first_item + items, start, eol) : SIM_EPARSE;
        items++;
        p = start = eol;
    }
    sim_free(text);
    return rc ? rc : items == n_items ? 0 : SIM_EPARSE;
}

/* ===== open and close ==================================================================== */

int ens_series_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (strchr(name, '/') || name[0] == '.' || n >= 256) return 0;
    return (n > 4 && strcmp(name + n - 4, ".csv") == 0) ||
           (n > 7 && strcmp(name + n - 7, ".csv.gz") == 0);
}

static int is_gz(const char *name)
{
    size_t n = strlen(name);
    return n > 3 && strcmp(name + n - 3, ".gz") == 0;
}

ens_series *ens_series_open(outset *o, const char *name, long start_date, int k,
                            const char *lead, const char *const *labels, int *err)
{
    ens_series *s = sim_calloc(1, sizeof *s);
    if (!s) {
        *err = SIM_ENOMEM;
        return NULL;
    }
    *s = (ens_series){.o = o, .start_date = start_date, .k = k, .lead = lead, .labels = labels};
    snprintf(s->name, sizeof s->name, "%s", name);
    pthread_mutex_init(&s->lock, NULL);
    char path[4096];
    if (is_gz(name)) {
        /* zlib's gzip header carries no time stamp: the file is the same for the same rows. */
        if (outset_path(o, name, path, sizeof path) == 0) s->gz = gzopen(path, "wb");
    } else {
        s->f = outset_open(o, name);
    }
    if (!s->gz && !s->f) {
        *err = errno == ENOMEM ? SIM_ENOMEM : SIM_EIO;
        ens_series_destroy(s);
        return NULL;
    }
    if (k > 1) write_text(s, lead, strlen(lead)), write_text(s, ",", 1);
    const char *head = "replication,day,date,variable,value\n";
    write_text(s, head, strlen(head));
    return s;
}

int ens_series_close(ens_series *s, long n_items)
{
    pthread_mutex_lock(&s->lock);
    int rc = flush_ready(s, n_items);
    if (rc == 0 && s->next < n_items) rc = SIM_EINVAL;
    pthread_mutex_unlock(&s->lock);
    if (s->gz) {
        if (gzclose(s->gz) != Z_OK && rc == 0) rc = SIM_EIO;
        s->gz = NULL;
    } else if (s->f) {
        if (outset_close(s->o, s->f) != 0 && rc == 0) rc = SIM_EIO;
        s->f = NULL;
    }
    return rc;
}

void ens_series_destroy(ens_series *s)
{
    if (!s) return;
    if (s->gz) gzclose(s->gz);
    if (s->f) outset_close(s->o, s->f);
    for (long i = 0; i < s->cap; i++) sim_free(s->win[i].text);
    sim_free(s->win);
    pthread_mutex_destroy(&s->lock);
    sim_free(s);
}
