/* abc.h - approximate Bayesian computation by sequential Monte Carlo (ABC-SMC; ABC
 * population Monte Carlo after Beaumont, Cornuet, Marin and Robert 2009), independent of
 * what is simulated: the caller runs the candidates abc_candidates gives and hands back
 * their summary statistics.
 *
 * Parameters live on internal coordinates z where their prior is uniform: z = x for a
 * uniform prior on [lo, hi], z = log x for a log-uniform one; a whole-number parameter is
 * uniform on lo..hi (z uniform on [lo, hi + 1), x = floor z).
 *
 * The distance between statistics s and the observed o is
 *     d(s, o) = sqrt( (1/K) sum_k ((s_k - o_k) / sigma_k)^2 )
 * over the K statistics whose observed value is not NaN, sigma_k the scale of statistic k
 * over the prior predictive (the first population's simulations): 1.4826 x the median
 * absolute deviation, its standard deviation when that is 0, 1 when both are.
 *
 * Population 1 draws ceil(N / alpha) candidates from the prior (alpha, the quantile of the
 * tolerance schedule, 0.5 by default), sets the scales from them and keeps the N closest:
 * its tolerance eps_1 is the N-th smallest distance. Population t > 1 has tolerance eps_t =
 * the alpha-quantile of population t-1's distances; a candidate is a particle of t-1 drawn
 * by weight and moved by a normal kernel of covariance twice the weighted covariance of
 * population t-1 (redrawn until inside the prior's box), and it is accepted when its
 * distance is at most eps_t. Candidates are simulated in rounds until N are accepted (the
 * first N in candidate order, so the result does not depend on how a round was run) or the
 * population's budget of simulations is spent. Accepted particles weigh
 *     w_j  proportional to  1 / sum_i w_i K(z_j | z_i)
 * (the prior is flat on z). Everything is drawn from streams of the seed, in order, on the
 * calling thread: the same seed and the same statistics give the same populations. */
#ifndef FRONTIER_ABC_H
#define FRONTIER_ABC_H
#include <stddef.h>
#include <stdint.h>

#define ABC_PARAMS_MAX 16
#define ABC_STATS_MAX 16

typedef struct abc_prior {
    double lo, hi;      /* on the parameter's own scale, lo < hi */
    int log;            /* log-uniform (lo > 0) */
    int whole;          /* a whole-number parameter (not with log) */
} abc_prior;

typedef struct abc_config {
    int d;                          /* parameters, 1..ABC_PARAMS_MAX */
    abc_prior prior[ABC_PARAMS_MAX];
    int k;                          /* statistics, 1..ABC_STATS_MAX */
    double observed[ABC_STATS_MAX]; /* NaN: not used in the distance */
    long n;                         /* particles per population, >= 2 */
    int populations;                /* >= 1 */
    double alpha;                   /* in (0, 1) */
    long max_sims;                  /* simulations allowed per population (>= n / alpha) */
    uint64_t seed;
    /* Optional: 0 for a point (own scale) outside the prior's support within the box
     * (rules between parameters); such points are redrawn, as if the prior were the box
     * cut to where valid is 1. */
    int (*valid)(void *ctx, const double *x);
    void *valid_ctx;
} abc_config;

typedef struct abc abc;

/* Returns a sampler, or NULL (*err: SIM_EINVAL for a bad config, SIM_ENOMEM). */
abc *abc_create(const abc_config *c, int *err);
void abc_destroy(abc *a); /* accepts NULL */

/* The population being built (1-based) and whether the sampler is done: every population
 * built, or one ran out of its budget (abc_stopped_early says so). */
int abc_population(const abc *a);
int abc_done(const abc *a);
int abc_stopped_early(const abc *a);

/* How many candidates the next round should simulate (> 0 unless done). */
long abc_round_size(const abc *a);
/* The next m candidates (m <= abc_round_size), on the parameters' own scale, row-major
 * m x d, and the index of the first within its population (candidate i of a population
 * should use random streams i: common random numbers across populations). Returns 0,
 * SIM_ENOMEM, or SIM_ERANGE when ABC_PRIOR_TRIES draws in a row from the prior were all
 * invalid (config's valid said 0): the prior's box holds (almost) no valid point, and the
 * sampler cannot go on (abc_invalid_point gives the last draw, for the message). */
#define ABC_PRIOR_TRIES 10000
int abc_candidates(abc *a, long m, double *x, long *first);
/* After abc_candidates returned SIM_ERANGE: 1 and the last invalid draw in x[0..d-1] (own
 * scale); else 0. */
int abc_invalid_point(const abc *a, double *x);
/* The statistics of those m candidates (m x k, row-major; a candidate whose run failed is
 * given NaN statistics and never accepted). Closes the population when it is full or out
 * of budget. Returns 0 or SIM_ENOMEM. */
int abc_round_done(abc *a, long m, const double *stats);

/* Finished populations and their figures. */
typedef struct abc_pop_info {
    double eps;         /* tolerance */
    long simulated, accepted;
    double ess;         /* Kish's effective sample size of the weights */
} abc_pop_info;
int abc_finished(const abc *a);
const abc_pop_info *abc_pop_at(const abc *a, int t);  /* t in [0, abc_finished) */

/* The last finished population (abc_finished >= 1): particle i's values (into x[0..d-1]),
 * weight (normalised to sum 1), distance and statistics (k). */
long abc_n(const abc *a);
void abc_particle(const abc *a, long i, double *x);
double abc_weight(const abc *a, long i);
double abc_distance(const abc *a, long i);
const double *abc_particle_stats(const abc *a, long i);
/* The scales sigma_k of the distance (after population 1). */
double abc_scale(const abc *a, int k);
/* The distance of statistics s from the observed ones (after population 1). */
double abc_dist(const abc *a, const double *s);

/* Population 1's candidates, drawn from the prior: how many have been simulated and the
 * statistics of candidate i (the prior predictive). */
long abc_prior_count(const abc *a);
const double *abc_prior_stats(const abc *a, long i);

/* The weighted q-quantile of parameter j over the last population. */
double abc_quantile(const abc *a, int j, double q);

#endif
