/* test_ens_params.c - per-item parameters of a batch (ens_batch_set_params): the runs are
 * those of the scenario with the parameters set, on the replication streams asked for. */
#include "analysis/ensemble.h"
#include "base/err.h"
#include "support.h"
#include <criterion/criterion.h>
#include <gsl/gsl_errno.h>
#include <string.h>

static void setup(void) { gsl_set_error_handler_off(); }

TestSuite(ens_params, .init = setup);

/* v[0] must outlive the batch (it is borrowed). */
static ens_batch *run(const scenario *const *v, long n, ens_params_fn fn, void *ctx,
                      uint64_t key)
{
    int err = 0;
    ens_batch *b = ens_batch_create(v, 1, 9, n, 0, &err);
    cr_assert_not_null(b);
    ens_batch_set_params(b, fn, ctx, key);
    cr_assert(ens_batch_run(b, 2, NULL, NULL, NULL) == 0);
    return b;
}

/* Even replications get threshold 0.6 and run on the streams of replication rep + 5. */
static int shifted(void *ctx, long rep, int variant, scn_params *p, uint64_t *stream_rep)
{
    (void)ctx;
    (void)variant;
    if (rep % 2 == 0) p->state.threshold = 0.6;
    *stream_rep = (uint64_t)rep + 5;
    return 0;
}

static int failing(void *ctx, long rep, int variant, scn_params *p, uint64_t *stream_rep)
{
    (void)ctx, (void)variant, (void)p, (void)stream_rep;
    return rep == 3 ? SIM_ERANGE : 0;
}

Test(ens_params, items_run_with_their_parameters_on_the_streams_asked_for)
{
    scenario *s = support_load_scenario("scenarios/kabul-ultimatum-2023.yaml");
    scenario *low = scenario_clone(s);
    low->p.state.threshold = 0.6;
    const scenario *vs[1] = {s}, *vl[1] = {low};
    ens_batch *b = run(vs, 8, shifted, NULL, 1), *plain = run(vs, 13, NULL, NULL, 0);
    ens_batch *lowb = run(vl, 13, NULL, NULL, 0);
    for (long r = 0; r < 8; r++) {
        const model_totals *want = ens_batch_totals(r % 2 ? plain : lowb, r + 5, 0);
        cr_assert(memcmp(ens_batch_totals(b, r, 0), want, sizeof *want) == 0, "rep %ld", r);
        scn_params p;
        uint64_t stream = 0;
        cr_assert(ens_batch_item_params(b, r, 0, &p, &stream) == 0);
        cr_assert(stream == (uint64_t)r + 5 &&
                  p.state.threshold == (r % 2 ? s->p.state.threshold : 0.6));
    }
    cr_assert(ens_batch_key(b) != ens_batch_key(plain), "the hook's key is in the batch key");
    ens_batch_destroy(b);
    ens_batch_destroy(plain);
    ens_batch_destroy(lowb);
    scenario_destroy(low);
    scenario_destroy(s);
}

Test(ens_params, a_failing_hook_fails_its_item)
{
    scenario *s = support_load_scenario("scenarios/kabul-ultimatum-2023.yaml");
    const scenario *v[1] = {s};
    ens_batch *b = ens_batch_create(v, 1, 9, 8, 0, NULL);
    ens_batch_set_params(b, failing, NULL, 2);
    cr_assert(ens_batch_run(b, 1, NULL, NULL, NULL) == SIM_ERANGE);
    cr_assert(ens_batch_done(b) == 3, "the finished prefix stops at the failing item");
    ens_batch_destroy(b);
    scenario_destroy(s);
}
