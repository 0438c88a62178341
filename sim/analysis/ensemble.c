/* ensemble.c - batches of replications, their totals and statistics. The thread pool is in
 * ens_runner.c, the MPI split and gather in ens_mpi.c, the files in report/ens_write.c. */
#include "analysis/ens_int.h"
#include "analysis/ens_mpi.h"
#include "base/alloc.h"
#include "base/err.h"
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

/* ===== batches ========================================================================== */

static const char *const series_names[ENS_NSERIES] = {"threat", "attacks_7d", "cooperation",
                                                      "ladder", "threshold"};

const char *ens_series_name(int which) { return series_names[which]; }

ens_batch *ens_batch_create(const scenario *const *variants, int k, uint64_t seed, long n,
                            long keep_series, int *err)
{
    int code = SIM_EINVAL;
    ens_batch *b = NULL;
    if (k < 1 || n < 1 || keep_series < 0 || (keep_series && k != 1) || n > LONG_MAX / k)
        goto fail;
    code = SIM_ENOMEM;
    b = sim_calloc(1, sizeof *b);
    if (!b) goto fail;
    *b = (ens_batch){.variants = variants, .k = k, .seed = seed, .n = n, .share_size = 1};
    if (ens_mpi_rank() != 0) {
        b->share_rank = ens_mpi_rank();
        b->share_size = ens_mpi_size();
    }
    long stored = ens_share_count(n * k, b->share_rank, b->share_size);
    b->totals = sim_calloc(stored > 0 ? (size_t)stored : 1, sizeof *b->totals);
    if (!b->totals) goto fail;
    if (k <= ENS_CACHE_K && !(b->cache = sim_calloc((size_t)ENS_JOBS_MAX * (size_t)k,
                                                    sizeof *b->cache)))
        goto fail;
    if (keep_series) {
        b->days = (int)ceil(variants[0]->days); /* rows of days 0 .. days - 1 */
        b->keep = keep_series;
        b->kept = keep_series < n ? keep_series : n;
        long reps = ens_share_count(b->kept, b->share_rank, b->share_size);
        size_t cells = (size_t)(reps > 0 ? reps : 1) * (size_t)b->days * ENS_NSERIES;
        /* zero pages from the system, not filled here: keep_series writes every day of a
         * finished run's slice (NaN past its last row), and slices of runs that did not
         * finish are never read */
        b->series = sim_calloc_big(cells, sizeof *b->series);
        if (!b->series) goto fail;
        b->fan = sim_malloc((size_t)b->days * ENS_NSERIES * 6 * sizeof *b->fan);
        if (!b->fan) goto fail;
    }
    b->fan_reps = -1;
    return b;
fail:
    ens_batch_destroy(b);
    if (err) *err = code;
    return NULL;
}

void ens_batch_destroy(ens_batch *b)
{
    if (!b) return;
    for (int i = 0; b->cache && i < ENS_JOBS_MAX * b->k; i++) model_destroy(b->cache[i]);
    sim_free(b->cache);
    sim_free(b->totals);
    sim_free(b->series);
    sim_free(b->probe_rows);
    sim_free(b->fan);
    sim_free(b);
}

/* Copies the model's daily rows into the replication's slice of the series, NaN on the days
 * it has no row for (a run stopped early). */
static void keep_series(ens_batch *b, const model *m, long rep)
{
    float *row0 = b->series + ens_share_slot(b, rep) * (size_t)b->days * ENS_NSERIES;
    int nd = model_day_count(m);
    long next = 0; /* days before next are written */
    for (int i = 0; i < nd; i++) {
        const model_day *d = model_day_at(m, i);
        long day = d->day;
        if (day < 0 || day >= b->days) continue;
        for (; next < day; next++)
            for (int w = 0; w < ENS_NSERIES; w++) row0[next * ENS_NSERIES + w] = NAN;
        if (day >= next) next = day + 1;
        float *v = row0 + day * ENS_NSERIES;
        v[ENS_SERIES_THREAT] = (float)d->threat;
        v[ENS_SERIES_ATTACKS_7D] = (float)d->attacks_7d;
        v[ENS_SERIES_COOPERATION] = (float)d->cooperation;
        v[ENS_SERIES_LADDER] = (float)d->ladder;
        v[ENS_SERIES_THRESHOLD] = (float)d->threshold_eff;
    }
    for (; next < b->days; next++)
        for (int w = 0; w < ENS_NSERIES; w++) row0[next * ENS_NSERIES + w] = NAN;
}

void ens_batch_set_params(ens_batch *b, ens_params_fn fn, void *ctx, uint64_t key)
{
    b->params = fn;
    b->params_ctx = ctx;
    b->params_key = fn ? key : 0;
}

uint64_t ens_batch_params_key(const ens_batch *b) { return b->params_key; }

int ens_batch_item_params(const ens_batch *b, long rep, int variant, scn_params *p,
                          uint64_t *stream_rep)
{
    *p = b->variants[variant]->p;
    *stream_rep = (uint64_t)(b->first + rep); /* as one run's replication first + rep */
    return b->params ? b->params(b->params_ctx, b->first + rep, variant, p, stream_rep) : 0;
}

/* The model of replication rep of variant v for worker: its cached one reset, or a new one
 * (kept in the cache when there is one). Items with parameters of their own (posterior
 * draws, design points) get a new model each: what the model derives from its scenario
 * differs from item to item. */
static model *item_model(ens_batch *b, int worker, int v, long rep, int keep, int *err)
{
    model **slot = b->cache && !b->params ? &b->cache[worker * b->k + v] : NULL;
    uint64_t stream = (uint64_t)(b->first + rep); /* one run's replication first + rep */
    if (slot && *slot) {
        if ((*err = model_reset(*slot, b->seed, stream, keep)) == 0) return *slot;
        model_destroy(*slot);
        return *slot = NULL;
    }
    if (!b->params) {
        model *m = model_create(b->variants[v], b->seed, stream, keep, err);
        if (slot) *slot = m;
        return m;
    }
    /* A shallow copy of the variant with the item's parameters (model_create clones it). */
    scenario s = *b->variants[v];
    int rc = ens_batch_item_params(b, rep, v, &s.p, &stream);
    if (rc) {
        *err = rc;
        return NULL;
    }
    return model_create(&s, b->seed, stream, keep, err);
}

int ens_batch_set_probe(ens_batch *b, int width, ens_probe_fn fn, void *ctx, uint64_t key)
{
    if (width < 1 || !fn) return SIM_EINVAL;
    long stored = ens_share_count(b->n * b->k, b->share_rank, b->share_size);
    if ((size_t)(stored > 0 ? stored : 1) > SIZE_MAX / sizeof(double) / (size_t)width)
        return SIM_ENOMEM;
    double *rows = sim_calloc((size_t)(stored > 0 ? stored : 1) * (size_t)width, sizeof *rows);
    if (!rows) return SIM_ENOMEM;
    sim_free(b->probe_rows);
    b->probe_rows = rows;
    b->probe = fn;
    b->probe_ctx = ctx;
    b->probe_width = width;
    b->probe_key = key;
    return 0;
}

const double *ens_batch_probe_row(const ens_batch *b, long rep, int variant)
{
    if (!b->probe_rows) return NULL;
    return b->probe_rows + (size_t)(rep * b->k + variant) * (size_t)b->probe_width;
}

/* Runs m to its horizon: through the batch's probe when it has one. */
static int run_item(ens_batch *b, model *m, long i, long rep, int v)
{
    if (!b->probe) return model_run(m);
    double *row = b->probe_rows + ens_share_slot(b, i) * (size_t)b->probe_width;
    return b->probe(b->probe_ctx, m, rep, v, row);
}

int ens_batch_item(void *ctx, int worker, long i)
{
    ens_batch *b = ctx;
    long rep = i / b->k;
    int v = (int)(i % b->k), err = SIM_ENOMEM;
    int series = rep < b->kept;
    /* the fans keep 5 of a row's values: lean rows unless a hook reads the whole row */
    int keep = series || b->hook ? MODEL_KEEP_SERIES | (b->hook ? 0 : MODEL_KEEP_LEAN) : 0;
    model *m = item_model(b, worker, v, rep, keep, &err);
    if (!m) return err;
    model_set_stop(m, b->stop);
    int rc = run_item(b, m, i, rep, v);
    if (rc == 0) {
        b->totals[ens_share_slot(b, i)] = *model_totals_get(m);
        if (series) keep_series(b, m, rep);
        if (b->hook) rc = b->hook(b->hook_ctx, i, b->first + rep, v, m);
    }
    if (!b->cache || b->params) model_destroy(m);
    return rc;
}

int ens_batch_set_first(ens_batch *b, long first)
{
    if (first < 0 || first > LONG_MAX - b->n) return SIM_EINVAL;
    b->first = first;
    if (b->series) {
        long left = b->keep > first ? b->keep - first : 0;
        b->kept = left < b->n ? left : b->n; /* never more than allocated at create */
    }
    return 0;
}

long ens_batch_first(const ens_batch *b) { return b->first; }

void ens_batch_set_hook(ens_batch *b, ens_item_hook fn, void *ctx)
{
    b->hook = fn;
    b->hook_ctx = ctx;
}

int ens_batch_put(ens_batch *b, long rep, int variant, const model_totals *t)
{
    if (rep < 0 || rep >= b->n || variant < 0 || variant >= b->k || b->share_size != 1)
        return SIM_EINVAL;
    b->totals[rep * b->k + variant] = *t;
    return 0;
}

int ens_batch_put_series(ens_batch *b, long rep, const float *series)
{
    if (!b->series || rep < 0 || rep >= b->kept || b->share_size != 1) return SIM_EINVAL;
    memcpy(b->series + (size_t)rep * (size_t)b->days * ENS_NSERIES, series,
           (size_t)b->days * ENS_NSERIES * sizeof *series);
    return 0;
}

void ens_batch_set_done(ens_batch *b, long done) { b->done = done < b->n ? done : b->n; }

int ens_batch_run_local(ens_batch *b, int jobs, volatile const int *stop,
                        ens_progress_fn progress, void *progress_ctx)
{
    long items = 0;
    b->stop = stop;
    int rc = ens_run_workers(b->n * b->k, jobs, ens_batch_item, b, stop, progress,
                             progress_ctx, &items);
    b->done = items / b->k; /* only whole replications: every variant has them */
    return rc;
}

/* FNV-1a over the bytes of v, continuing from h. */
static uint64_t key_mix(uint64_t h, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        h ^= (v >> (8 * i)) & 0xff;
        h *= 0x100000001b3ULL;
    }
    return h;
}

uint64_t ens_batch_key(const ens_batch *b)
{
    uint64_t h = key_mix(0xcbf29ce484222325ULL, (uint64_t)b->n);
    h = key_mix(h, (uint64_t)b->k);
    h = key_mix(h, b->seed);
    h = key_mix(h, (uint64_t)b->first);
    h = key_mix(h, (uint64_t)b->kept);
    h = key_mix(h, (uint64_t)b->days);
    for (int v = 0; v < b->k; v++) h = key_mix(h, scenario_hash(b->variants[v]));
    h = key_mix(h, b->params_key);
    h = key_mix(h, (uint64_t)b->probe_width);
    return key_mix(h, b->probe_key);
}

double ens_batch_gather_seconds(const ens_batch *b) { return b->gather_seconds; }

long ens_batch_n(const ens_batch *b) { return b->n; }
uint64_t ens_batch_variant_hash(const ens_batch *b, int v) { return scenario_hash(b->variants[v]); }
int ens_batch_k(const ens_batch *b) { return b->k; }
uint64_t ens_batch_seed(const ens_batch *b) { return b->seed; }
long ens_batch_done(const ens_batch *b) { return b->done; }
int ens_batch_partial(const ens_batch *b) { return b->done < b->n; }
int ens_batch_days(const ens_batch *b) { return b->days; }
long ens_batch_series_reps(const ens_batch *b) { return b->done < b->kept ? b->done : b->kept; }

const model_totals *ens_batch_totals(const ens_batch *b, long rep, int variant)
{
    return &b->totals[rep * b->k + variant];
}

double ens_batch_series(const ens_batch *b, long rep, int day, int which)
{
    return b->series[((size_t)rep * (size_t)b->days + (size_t)day) * ENS_NSERIES + (size_t)which];
}

/* ===== statistics ======================================================================= */

/* Fills the quantiles and interval of out from its moments and the values v[0..n-1]
 * (missing values allowed); scratch has room for n. */
static void summary_finish(ens_summary *out, const double *v, long n, double *scratch)
{
    size_t k = stats_sorted_finite(v, (size_t)n, scratch);
    stats_mean_ci(&out->m, 0.95, &out->ci_lo, &out->ci_hi);
    out->q05 = stats_quantile_sorted(scratch, k, 0.05);
    out->q25 = stats_quantile_sorted(scratch, k, 0.25);
    out->q50 = stats_quantile_sorted(scratch, k, 0.50);
    out->q75 = stats_quantile_sorted(scratch, k, 0.75);
    out->q95 = stats_quantile_sorted(scratch, k, 0.95);
}

int ens_summarize(const ens_batch *b, int variant, int total, ens_summary *out)
{
    long n = b->done;
    double *v = sim_malloc(2 * (size_t)(n ? n : 1) * sizeof *v);
    if (!v) return SIM_ENOMEM;
    stats_moments_init(&out->m);
    for (long r = 0; r < n; r++) {
        v[r] = model_total_value(ens_batch_totals(b, r, variant), total);
        stats_moments_add(&out->m, v[r]);
    }
    summary_finish(out, v, n, v + n);
    sim_free(v);
    return 0;
}

int ens_summarize_values(const double *v, long n, ens_summary *out)
{
    double *scratch = sim_malloc((size_t)(n ? n : 1) * sizeof *scratch);
    if (!scratch) return SIM_ENOMEM;
    stats_moments_init(&out->m);
    for (long r = 0; r < n; r++) stats_moments_add(&out->m, v[r]);
    summary_finish(out, v, n, scratch);
    sim_free(scratch);
    return 0;
}

int ens_summarize_diff(const ens_batch *b, int va, int vb, int total, ens_paired *out)
{
    long n = b->done;
    double *v = sim_malloc(2 * (size_t)(n ? n : 1) * sizeof *v);
    if (!v) return SIM_ENOMEM;
    stats_moments ma, mb;
    stats_moments_init(&out->diff.m);
    stats_moments_init(&ma);
    stats_moments_init(&mb);
    for (long r = 0; r < n; r++) {
        double a = model_total_value(ens_batch_totals(b, r, va), total);
        double c = model_total_value(ens_batch_totals(b, r, vb), total);
        v[r] = c - a; /* NaN when either is missing */
        if (!isfinite(v[r])) continue;
        stats_moments_add(&out->diff.m, v[r]);
        stats_moments_add(&ma, a);
        stats_moments_add(&mb, c);
    }
    summary_finish(&out->diff, v, n, v + n);
    out->mean_a = stats_mean(&ma);
    out->mean_b = stats_mean(&mb);
    out->var_a = stats_var(&ma);
    out->var_b = stats_var(&mb);
    sim_free(v);
    return 0;
}

int ens_within(double first_strike_day, double d)
{
    return first_strike_day >= 0 && first_strike_day < d;
}

long ens_strikes_by(const ens_batch *b, int variant, double d)
{
    long k = 0;
    for (long r = 0; r < b->done; r++)
        k += ens_within(ens_batch_totals(b, r, variant)->first_strike_day, d);
    return k;
}

int ens_first_strike_km(const ens_batch *b, double horizon, stats_km_row *rows, size_t *n_rows)
{
    return ens_first_strike_km_of(b, 0, horizon, rows, n_rows);
}

int ens_first_strike_summary(const ens_batch *b, int variant, double horizon,
                             ens_first_strike *out)
{
    long n = b->done;
    stats_km_row *rows = sim_malloc((size_t)(n ? n : 1) * sizeof *rows);
    size_t nr = 0;
    int rc = rows ? ens_first_strike_km_of(b, variant, horizon, rows, &nr) : SIM_ENOMEM;
    if (rc == 0)
        rc = ens_summarize(b, variant, model_total_find("first_strike_day"), &out->among_struck);
    if (rc == 0) {
        out->runs = n;
        out->struck = out->among_struck.m.n;
        out->km = stats_km_median_get(rows, nr);
    }
    sim_free(rows);
    return rc;
}

int ens_first_strike_km_of(const ens_batch *b, int variant, double horizon,
                           stats_km_row *rows, size_t *n_rows)
{
    long n = b->done;
    double *t = sim_malloc((size_t)(n ? n : 1) * sizeof *t);
    int *ev = sim_malloc((size_t)(n ? n : 1) * sizeof *ev), rc = SIM_ENOMEM;
    *n_rows = 0;
    if (t && ev) {
        for (long r = 0; r < n; r++) {
            double d = ens_batch_totals(b, r, variant)->first_strike_day;
            ev[r] = d >= 0;
            t[r] = d >= 0 ? d : horizon;
        }
        rc = stats_km(t, ev, (size_t)n, 0.95, rows, n_rows);
    }
    sim_free(t);
    sim_free(ev);
    return rc;
}

/* Days gathered per pass of fan_compute: the runs' rows are read in runs of FAN_BLOCK days
 * (contiguous) instead of one value per run and day (a stride of a whole run). */
#define FAN_BLOCK 8
/* The series with daily quantiles (all but the threshold, of which only the mean is used). */
#define FAN_NQ ENS_SERIES_THRESHOLD

/* Fills b->fan for the n runs with series: quantiles by a radix sort of the floats' order
 * keys, the same order statistics stats_quantiles would select. Returns 0 or SIM_ENOMEM. */
static int fan_compute(const ens_batch *b, long n)
{
    static const double qs[5] = {0.05, 0.25, 0.50, 0.75, 0.95};
    size_t rows = (size_t)FAN_BLOCK * FAN_NQ, nn = (size_t)(n ? n : 1), days = (size_t)b->days;
    uint32_t *key = sim_malloc((rows + 1) * nn * sizeof *key), *tmp = key ? key + rows * nn : NULL;
    if (!key) return SIM_ENOMEM;
    for (size_t i = 0; i < days * ENS_NSERIES * 6; i++) b->fan[i] = NAN;
    for (int d0 = 0; d0 < b->days; d0 += FAN_BLOCK) {
        int nd = b->days - d0 < FAN_BLOCK ? b->days - d0 : FAN_BLOCK;
        size_t k[FAN_BLOCK * FAN_NQ] = {0};
        stats_moments thr[FAN_BLOCK];
        for (int dd = 0; dd < nd; dd++) stats_moments_init(&thr[dd]);
        for (long r = 0; r < n; r++) {
            const float *row = b->series + ((size_t)r * days + (size_t)d0) * ENS_NSERIES;
            for (int dd = 0; dd < nd; dd++, row += ENS_NSERIES) {
                stats_moments_add(&thr[dd], row[ENS_SERIES_THRESHOLD]);
                for (int w = 0; w < FAN_NQ; w++) {
                    size_t c = (size_t)(dd * FAN_NQ + w);
                    if (isfinite(row[w])) key[c * nn + k[c]++] = stats_float_key(row[w]);
                }
            }
        }
        for (int dd = 0; dd < nd; dd++) {
            size_t d = (size_t)(d0 + dd);
            for (int w = 0; w < FAN_NQ; w++) {
                size_t c = (size_t)(dd * FAN_NQ + w);
                double out[5];
                stats_quantiles_keys(key + c * nn, tmp, k[c], qs, 5, out);
                for (int j = 0; j < 5; j++) b->fan[(size_t)(w * 6 + j) * days + d] = out[j];
            }
            b->fan[(size_t)(ENS_SERIES_THRESHOLD * 6 + 5) * days + d] = stats_mean(&thr[dd]);
        }
    }
    sim_free(key);
    return 0;
}

int ens_fan(const ens_batch *b, int which, double *const q[5], double *mean)
{
    long n = ens_batch_series_reps(b);
    if (!b->series) return SIM_EINVAL;
    if (b->fan_reps != n) {
        int rc = fan_compute(b, n);
        if (rc) return rc;
        ((ens_batch *)b)->fan_reps = n; /* the cache only: what the batch holds is unchanged */
    }
    size_t days = (size_t)b->days;
    const double *f = b->fan + (size_t)which * 6 * days;
    for (int j = 0; j < 5; j++)
        if (q && q[j]) memcpy(q[j], f + (size_t)j * days, days * sizeof *f);
    if (mean) memcpy(mean, f + 5 * days, days * sizeof *f);
    return 0;
}
