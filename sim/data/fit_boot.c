/* fit_boot.c - parametric bootstrap of the KS time-rescaling test, for dates and for times. */
#include "data/fit_boot.h"
#include "base/alloc.h"
#include "base/err.h"
#include "engine/rng.h"
#include <math.h>
#include <string.h>

/* The light date-only fit whose statistic the test uses (see the header). */
static const fit_dates_opts light = {6, 20, -1, 10, 0};

int fit_boot_statistic_dates(const fit_days *d, const fit_spec *spec, uint64_t seed,
                             double *D)
{
    fit_dates_opts o = light;
    o.seed = seed;
    fit_result r;
    *D = NAN;
    int rc = fit_dates(d, spec, &o, &r);
    if (!rc) *D = r.ks_D;
    fit_result_free(&r);
    return rc;
}

/* Simulates fit->est on [0, T] for replicate b into *t, *n. */
static int simulate(const fit_result *fit, double T, double doy0, long date0, uint64_t seed,
                    long b, double **t, int *n)
{
    if (!(fit->est.kappa < 1)) return SIM_ERANGE;
    gsl_rng *r = rng_create(seed, (uint64_t)b, "bootstrap");
    if (!r) return SIM_ENOMEM;
    int rc = fit_simulate(r, &fit->est, T, doy0, date0, t, n);
    rng_destroy(r);
    return rc;
}

int fit_boot_sample_dates(const fit_days *d, const fit_spec *spec, const fit_result *fit,
                          uint64_t seed, long b, double *D)
{
    double *t;
    int n;
    *D = NAN;
    int rc = simulate(fit, d->ndays, d->doy0, d->date0, seed, b, &t, &n);
    if (rc) return rc;
    int *day = sim_malloc((size_t)(n ? n : 1) * sizeof *day);
    if (!day) {
        sim_free(t);
        return SIM_ENOMEM;
    }
    for (int i = 0; i < n; i++) day[i] = (int)t[i];
    fit_days db = {day, n, d->ndays, d->doy0, d->date0};
    if (n >= 3) rc = fit_boot_statistic_dates(&db, spec, rng_mix64(seed ^ (uint64_t)b), D);
    if (rc == SIM_ENUMERIC) rc = 0;   /* a replicate the fit cannot handle does not exceed */
    sim_free(day);
    sim_free(t);
    return rc;
}

int fit_boot_statistic_times(const fit_data *d, const fit_spec *spec, double *D)
{
    fit_result r;
    double pv;
    *D = NAN;
    int rc = fit_hawkes(d, spec, &r);
    if (!rc) rc = fit_ks(d, &r.est, D, &pv);
    fit_result_free(&r);
    return rc;
}

int fit_boot_sample_times(const fit_data *d, const fit_spec *spec, const fit_result *fit,
                          uint64_t seed, long b, double *D)
{
    double *t;
    int n;
    *D = NAN;
    int rc = simulate(fit, d->T, d->doy0, d->date0, seed, b, &t, &n);
    if (rc) return rc;
    fit_data db = {t, n, d->T, d->doy0, d->date0};
    if (n >= 3) rc = fit_boot_statistic_times(&db, spec, D);
    if (rc == SIM_ENUMERIC) rc = 0;
    sim_free(t);
    return rc;
}

double fit_boot_pvalue(double D, const double *Db, int B)
{
    int k = 0;
    for (int i = 0; i < B; i++) k += Db[i] >= D;
    return (1.0 + k) / (B + 1.0);
}
