/* test_sumstats.c - strike episodes and the summary statistics of the record and of a run. */
#include "analysis/sumstats.h"
#include "base/date.h"
#include "scenario/scenario.h"
#include <criterion/criterion.h>
#include <math.h>

#define PROJECT_RECORD "scenarios/record/af-pk-2021-2024.csv"

Test(sumstats, strikes_within_30_days_of_the_previous_one_are_one_episode)
{
    /* 0, 30 (gap 30: joins), 61 (gap 31: new), 80, 105, 134 (a chain of gaps <= 30 makes
     * one episode of 73 days), 400 */
    double t[] = {0, 30, 61, 80, 105, 134, 400}, s[7];
    int k = sumstats_episodes(t, 7, SUMSTATS_EPISODE_GAP, s);
    cr_assert_eq(k, 3);
    cr_assert_eq(s[0], 0);
    cr_assert_eq(s[1], 61);
    cr_assert_eq(s[2], 400);
    cr_assert_eq(sumstats_episodes(t, 0, 30, s), 0);
}

Test(sumstats, gaps_and_first_episode_are_measured_between_episode_starts)
{
    double t[] = {-5, 10, 20, 300, 310, 900, 1000};
    sumstats st;
    /* window 950: -5 and 1000 fall outside; episodes start at 10, 300, 900 */
    sumstats_compute(t, 7, 4, 2, 73, 950, &st);
    cr_assert_eq(st.v[SUMSTATS_STRIKE_EPISODES], 3);
    cr_assert_eq(st.v[SUMSTATS_CLASHES], 4);
    cr_assert_eq(st.v[SUMSTATS_CLOSURES], 2);
    cr_assert_eq(st.v[SUMSTATS_FIRST_EPISODE_DAY], 10);
    cr_assert_eq(st.v[SUMSTATS_LONGEST_GAP], 600, "300 -> 900");
    cr_assert_eq(st.v[SUMSTATS_SHORTEST_GAP], 290, "10 -> 300");
    cr_assert_float_eq(st.v[SUMSTATS_ATTACKS_PER_YEAR], 73 * 365.25 / 950, 1e-12);
}

Test(sumstats, a_window_without_strikes_is_one_quiet_stretch)
{
    sumstats st;
    sumstats_compute(NULL, 0, 0, 0, NAN, 500, &st);
    cr_assert_eq(st.v[SUMSTATS_STRIKE_EPISODES], 0);
    cr_assert_eq(st.v[SUMSTATS_FIRST_EPISODE_DAY], 500, "censored at the window");
    cr_assert_eq(st.v[SUMSTATS_LONGEST_GAP], 500);
    cr_assert_eq(st.v[SUMSTATS_SHORTEST_GAP], 500);
    cr_assert(isnan(st.v[SUMSTATS_ATTACKS_PER_YEAR]));
    double one[] = {450};
    sumstats_compute(one, 1, 0, 0, NAN, 500, &st);
    cr_assert_eq(st.v[SUMSTATS_LONGEST_GAP], 450, "the stretch before the lone episode");
    cr_assert_eq(st.v[SUMSTATS_SHORTEST_GAP], 500);
}

/* The project's record from 15 August 2021 to the end of 2024: strikes on 16 April 2022,
 * 18 March 2024 and 24 December 2024 (three episodes, gaps 702 and 281 days: the figures
 * issue 18 quotes), 10 clashes (one dated only by its month, May 2024) and 5 closures. */
Test(sumstats, the_project_record_from_august_2021_to_2024)
{
    record *r = NULL;
    record_report rep;
    cr_assert_eq(record_load(PROJECT_RECORD, 1, &r, &rep), 0, "%s", rep.error);
    long d0 = date_from_ymd(2021, 8, 15), d1 = date_from_ymd(2025, 1, 1);
    sumstats st;
    cr_assert_eq(sumstats_of_record(r, NULL, d0, (double)(d1 - d0), &st), 0);
    cr_assert_eq(st.v[SUMSTATS_STRIKE_EPISODES], 3);
    cr_assert_eq(st.v[SUMSTATS_CLASHES], 10);
    cr_assert_eq(st.v[SUMSTATS_CLOSURES], 5);
    cr_assert_eq(st.v[SUMSTATS_FIRST_EPISODE_DAY], date_from_ymd(2022, 4, 16) - d0);
    cr_assert_eq(st.v[SUMSTATS_LONGEST_GAP], 702);
    cr_assert_eq(st.v[SUMSTATS_SHORTEST_GAP], 281);
    cr_assert(isnan(st.v[SUMSTATS_ATTACKS_PER_YEAR]));
    /* up to the end of 2023 only the first strike is in the window */
    cr_assert_eq(sumstats_of_record(r, NULL, d0, (double)(date_from_ymd(2024, 1, 1) - d0),
                                    &st), 0);
    cr_assert_eq(st.v[SUMSTATS_STRIKE_EPISODES], 1);
    record_destroy(r);
}

/* A run's statistics agree with its event log: episodes counted from the logged strikes. */
Test(sumstats, a_run_agrees_with_its_event_log)
{
    scn_errors errs = {0};
    scenario *s = scenario_load("scenarios/kabul-ultimatum-2023.yaml", NULL, 0, &errs);
    cr_assert_not_null(s);
    model *m = model_create(s, 7, 0, MODEL_KEEP_EVENTS, NULL);
    cr_assert_eq(model_run(m), 0);
    double t[256];
    int n = 0;
    for (int i = 0; i < model_record_count(m) && n < 256; i++)
        if (model_record_at(m, i)->kind == MODEL_REC_STRIKE) t[n++] = model_record_at(m, i)->t;
    cr_assert_eq(n, model_strike_count(m));
    cr_assert_gt(n, 0, "the scenario strikes at seed 7");
    double starts[256];
    int k = sumstats_episodes(t, n, SUMSTATS_EPISODE_GAP, starts);
    sumstats st;
    cr_assert_eq(sumstats_of_model(m, s->days, &st), 0);
    cr_assert_eq(st.v[SUMSTATS_STRIKE_EPISODES], k);
    cr_assert_eq(st.v[SUMSTATS_FIRST_EPISODE_DAY], starts[0]);
    cr_assert_eq(st.v[SUMSTATS_CLASHES], model_totals_get(m)->clashes);
    model_destroy(m);
    scenario_destroy(s);
}
