/* test_incidents.c - incident CSV import: layouts, dates, filters, malformed rows. */
#include "base/alloc.h"
#include "base/date.h"
#include "base/err.h"
#include "data/incidents.h"
#include "engine/rng.h"
#include <criterion/criterion.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <string.h>

#define FIX "tests/fixtures/"

static void setup(void) { gsl_set_error_handler_off(); }

TestSuite(incidents, .init = setup);

/* Equal to 12 significant digits (values here are parsed decimals). */
static int near(double a, double b) { return fabs(a - b) <= 1e-12 * fmax(1, fabs(b)); }

static long ymd(int y, int m, int d) { return date_from_ymd(y, m, d); }

/* Loads a fixture that must load; returns the set. */
static incidents *load_ok(const char *path, const incidents_opts *o, incidents_report *rep)
{
    incidents *set = NULL;
    int rc = incidents_load(path, o, &set, rep);
    cr_assert_eq(rc, 0, "%s: expected: 0, got: %d (%s)", path, rc, rep->error);
    cr_assert_not_null(set);
    return set;
}

static int any_msg_has(const incidents_report *rep, const char *s)
{
    for (int i = 0; i < rep->n_msgs; i++)
        if (strstr(rep->msg[i], s)) return 1;
    return 0;
}

Test(incidents, ucdp_layout_is_detected_and_rows_come_out_sorted_by_date)
{
    incidents_report rep;
    incidents *set = load_ok(FIX "ucdp.csv", NULL, &rep);
    cr_assert_eq(rep.format, INC_FMT_UCDP);
    cr_assert_eq(set->n, 4);
    cr_assert_eq(rep.rows_read, 4);
    /* two rows on 2019-01-02 keep their file order (lines 3 and 4) */
    cr_assert_eq(set->items[0].day, ymd(2019, 1, 2));
    cr_assert_eq(set->items[0].line, 3);
    cr_assert_eq(set->items[1].line, 4);
    cr_assert_str_eq(set->items[1].actor, "BLA");
    cr_assert_eq(set->items[2].day, ymd(2019, 1, 3));
    cr_assert(near(set->items[2].lat, 34.0151));
    cr_assert(near(set->items[2].lon, 71.5249));
    cr_assert(near(set->items[2].casualties, 5));
    cr_assert_str_eq(set->items[3].actor, "Taleban");
    incidents_destroy(set);
}

Test(incidents, acled_reads_both_date_forms_and_quoted_actors)
{
    incidents_report rep;
    incidents_opts o = {.actor = "ttp"};
    incidents *set = load_ok(FIX "acled.csv", &o, &rep);
    cr_assert_eq(rep.format, INC_FMT_ACLED);
    cr_assert_eq(set->n, 3, "expected: 3, got: %d", set->n);
    cr_assert_eq(rep.skipped[INC_SKIP_ACTOR], 1);
    cr_assert_eq(set->items[0].day, ymd(2023, 1, 30));
    cr_assert(near(set->items[0].casualties, 101));
    cr_assert_eq(set->items[1].day, ymd(2023, 1, 31));
    cr_assert_str_eq(set->items[1].actor, "TTP: Tehreek-e-Taliban Pakistan, Jamaat-ul-Ahrar");
    cr_assert_eq(set->items[2].day, ymd(2023, 2, 18));
    cr_assert(isnan(set->items[2].casualties), "a blank count is unknown, not zero");
    incidents_destroy(set);
}

Test(incidents, gtd_skips_unknown_day_and_month_and_keeps_the_leap_day)
{
    incidents_report rep;
    incidents_opts o = {.actor = "tehrik-i-taliban"};
    incidents *set = load_ok(FIX "gtd.csv", &o, &rep);
    cr_assert_eq(rep.format, INC_FMT_GTD);
    cr_assert_eq(rep.rows_read, 6);
    cr_assert_eq(rep.skipped[INC_SKIP_UNKNOWN_DATE], 2);
    cr_assert_eq(rep.skipped[INC_SKIP_ACTOR], 2);
    cr_assert_eq(rep.skipped[INC_SKIP_MALFORMED], 0);
    cr_assert_eq(set->n, 2);
    cr_assert_eq(set->items[0].day, ymd(2016, 2, 29));
    cr_assert_eq(set->items[1].day, ymd(2016, 3, 1));
    cr_assert(isnan(set->items[1].lat) && isnan(set->items[1].lon));
    cr_assert(near(set->items[1].casualties, 0));
    incidents_destroy(set);
}

Test(incidents, gtd_with_one_date_column_is_read)
{
    incidents_report rep;
    incidents *set = load_ok(FIX "gtd-date.csv", NULL, &rep);
    cr_assert_eq(rep.format, INC_FMT_GTD);
    cr_assert_eq(set->n, 2);
    cr_assert_eq(rep.skipped[INC_SKIP_UNKNOWN_DATE], 1, "2016-03-00 has no day");
    cr_assert_eq(set->items[0].day, ymd(2016, 1, 15));
    cr_assert_eq(set->items[1].day, ymd(2016, 2, 29));
    incidents_destroy(set);
}

Test(incidents, plain_layout_keeps_fractional_and_blank_casualties)
{
    incidents_report rep;
    incidents *set = load_ok(FIX "plain.csv", NULL, &rep);
    cr_assert_eq(rep.format, INC_FMT_CSV);
    cr_assert_eq(set->n, 4);
    cr_assert_eq(set->items[0].line, 3);
    cr_assert_eq(set->items[1].line, 5);
    cr_assert(isnan(set->items[1].casualties));
    cr_assert(near(set->items[3].casualties, 1.5));
    cr_assert_str_eq(set->items[3].actor, "Unknown");
    incidents_destroy(set);
}

Test(incidents, crlf_line_endings_are_read)
{
    incidents_report rep;
    incidents *set = load_ok(FIX "plain-crlf.csv", NULL, &rep);
    cr_assert_eq(set->n, 2);
    cr_assert_eq(set->items[1].line, 3);
    cr_assert(near(set->items[1].casualties, 2));
    incidents_destroy(set);
}

Test(incidents, an_explicit_layout_missing_its_date_column_is_an_error)
{
    incidents_report rep;
    incidents *set = NULL;
    incidents_opts o = {.format = INC_FMT_ACLED};
    cr_assert_eq(incidents_load(FIX "ucdp.csv", &o, &set, &rep), SIM_EPARSE);
    cr_assert_null(set);
    cr_assert(strstr(rep.error, "ucdp.csv:1:") && strstr(rep.error, "event_date"), "%s",
              rep.error);
}

Test(incidents, a_header_of_no_known_layout_is_an_error_naming_the_options)
{
    incidents_report rep;
    incidents *set = NULL;
    cr_assert_eq(incidents_load(FIX "unknown-layout.csv", NULL, &set, &rep), SIM_EPARSE);
    cr_assert(strstr(rep.error, "--format"), "%s", rep.error);
}

Test(incidents, a_filter_on_an_absent_column_is_an_error)
{
    incidents_report rep;
    incidents *set = NULL;
    incidents_opts o = {.country = "Pakistan"};
    cr_assert_eq(incidents_load(FIX "plain.csv", &o, &set, &rep), SIM_EPARSE);
    cr_assert(strstr(rep.error, "country"), "%s", rep.error);
}

Test(incidents, filters_by_country_dates_and_bounding_box)
{
    incidents_report rep;
    incidents_opts o = {.country = "PAKISTAN", .has_from = 1, .from = ymd(2019, 1, 3)};
    incidents *set = load_ok(FIX "ucdp.csv", &o, &rep);
    cr_assert_eq(set->n, 1);
    cr_assert_eq(rep.skipped[INC_SKIP_COUNTRY], 1);
    cr_assert_eq(rep.skipped[INC_SKIP_DATE], 2);
    incidents_destroy(set);
    incidents_opts b = {0};
    cr_assert_eq(incidents_parse_bbox("69,33,72,35", &b), 0);
    set = load_ok(FIX "ucdp.csv", &b, &rep);
    cr_assert_eq(set->n, 2, "Peshawar and Kabul are in the box; got %d", set->n);
    cr_assert_eq(rep.skipped[INC_SKIP_BBOX], 2);
    incidents_destroy(set);
}

Test(incidents, bad_bounding_boxes_are_refused)
{
    incidents_opts o = {0};
    cr_assert_eq(incidents_parse_bbox("72,33,70,35", &o), SIM_EPARSE);
    cr_assert_eq(incidents_parse_bbox("70,33,72", &o), SIM_EPARSE);
    cr_assert_eq(incidents_parse_bbox("70,33,72,35,1", &o), SIM_EPARSE);
    cr_assert_eq(incidents_parse_bbox("70,x,72,35", &o), SIM_EPARSE);
    cr_assert_eq(incidents_parse_bbox("70,33,200,35", &o), SIM_EPARSE);
    cr_assert_eq(o.has_bbox, 0);
}

Test(incidents, malformed_rows_are_skipped_and_reported_with_line_and_column)
{
    incidents_report rep;
    incidents *set = load_ok(FIX "malformed.csv", NULL, &rep);
    cr_assert_eq(rep.rows_read, 7);
    cr_assert_eq(rep.rows_used, 2);
    cr_assert_eq(rep.skipped[INC_SKIP_MALFORMED], 5);
    cr_assert_eq(rep.n_msgs, 5);
    cr_assert(any_msg_has(&rep, "malformed.csv:4:2: lat: expected a latitude"));
    cr_assert(any_msg_has(&rep, "malformed.csv:5:1: date: expected a calendar date"));
    cr_assert(any_msg_has(&rep, "malformed.csv:6: expected 5 fields"));
    cr_assert(any_msg_has(&rep, "malformed.csv:7:1: date: expected a calendar date, found "
                                "2023-13-01"));
    cr_assert(any_msg_has(&rep, "malformed.csv:8:5: casualties"));
    cr_assert_eq(set->items[0].line, 2, "the two-line record starts on line 2");
    cr_assert_str_eq(set->items[0].actor, "TTP\n(two-line actor)");
    cr_assert_eq(set->items[1].line, 10, "a blank line does not shift line numbers");
    incidents_destroy(set);
}

Test(incidents, strict_mode_fails_on_the_first_malformed_row)
{
    incidents_report rep;
    incidents *set = NULL;
    incidents_opts o = {.strict = 1};
    cr_assert_eq(incidents_load(FIX "malformed.csv", &o, &set, &rep), SIM_EPARSE);
    cr_assert_null(set);
    cr_assert(strstr(rep.error, "malformed.csv:4:2:") && strstr(rep.error, "strict"), "%s",
              rep.error);
}

Test(incidents, an_empty_file_is_an_error_and_a_header_alone_gives_no_incident)
{
    incidents_report rep;
    incidents *set = NULL;
    cr_assert_eq(incidents_load(FIX "empty.csv", NULL, &set, &rep), SIM_EPARSE);
    cr_assert(strstr(rep.error, "empty.csv:1: expected a header row"), "%s", rep.error);
    set = load_ok(FIX "header-only.csv", NULL, &rep);
    cr_assert_eq(set->n, 0);
    cr_assert_eq(rep.rows_read, 0);
    incidents_destroy(set);
}

Test(incidents, an_unterminated_quote_names_the_line_it_opened_on)
{
    incidents_report rep;
    incidents *set = NULL;
    cr_assert_eq(incidents_load(FIX "unterminated.csv", NULL, &set, &rep), SIM_EPARSE);
    cr_assert(strstr(rep.error, "unterminated.csv:2:"), "%s", rep.error);
}

Test(incidents, a_missing_file_is_an_io_error)
{
    incidents_report rep;
    incidents *set = NULL;
    cr_assert_eq(incidents_load(FIX "no-such-file.csv", NULL, &set, &rep), SIM_EIO);
    cr_assert(strstr(rep.error, "no-such-file.csv:1:1: cannot open"), "%s", rep.error);
}

Test(incidents, date_edge_cases)
{
    long d;
    cr_assert_eq(incidents_parse_date("2016-02-29", &d), 0);
    cr_assert_eq(d, ymd(2016, 2, 29));
    cr_assert_eq(incidents_parse_date("2000-02-29", &d), 0);
    cr_assert_eq(incidents_parse_date("1900-02-29", &d), SIM_EPARSE);
    cr_assert_eq(incidents_parse_date("2015-02-29", &d), SIM_EPARSE);
    cr_assert_eq(incidents_parse_date("2023-13-01", &d), SIM_EPARSE);
    cr_assert_eq(incidents_parse_date("2023-00-10", &d), SIM_EPARSE);
    cr_assert_eq(incidents_parse_date("2023-1-05", &d), SIM_EPARSE);
    cr_assert_eq(incidents_parse_date("2019-01-03 00:00:00.000", &d), 0);
    cr_assert_eq(d, ymd(2019, 1, 3));
    cr_assert_eq(incidents_parse_date("2019-01-03T12:00", &d), 0);
    cr_assert_eq(incidents_parse_date("29 February 2024", &d), 0);
    cr_assert_eq(d, ymd(2024, 2, 29));
    cr_assert_eq(incidents_parse_date("5-Sep-2023", &d), 0);
    cr_assert_eq(d, ymd(2023, 9, 5));
    cr_assert_eq(incidents_parse_date("31 April 2023", &d), SIM_EPARSE);
    cr_assert_eq(incidents_parse_date("5 Septembre 2023", &d), SIM_EPARSE);
    cr_assert_eq(incidents_parse_date("January 5 2023", &d), SIM_EPARSE);
    cr_assert_eq(incidents_parse_date("", &d), SIM_EPARSE);
}

Test(incidents, jitter_keeps_each_incident_within_its_day_and_counts_ties)
{
    incidents_report rep;
    incidents *set = load_ok(FIX "ucdp.csv", NULL, &rep);
    double t[4], u[4];
    int days, events;
    gsl_rng *r = rng_create(7, 0, "jitter");
    incidents_jitter_times(set, ymd(2019, 1, 1), r, t, &days, &events);
    rng_destroy(r);
    cr_assert_eq(days, 1);
    cr_assert_eq(events, 2);
    for (int i = 0; i < 4; i++) {
        double day = (double)(set->items[i].day - ymd(2019, 1, 1));
        cr_assert(t[i] >= day && t[i] < day + 1, "t[%d] = %g outside day %g", i, t[i], day);
        if (i) cr_assert(t[i] >= t[i - 1]);
    }
    r = rng_create(7, 0, "jitter");
    incidents_jitter_times(set, ymd(2019, 1, 1), r, u, NULL, NULL);
    rng_destroy(r);
    cr_assert_arr_eq(t, u, sizeof t, "same seed, same times");
    incidents_destroy(set);
}

Test(incidents, every_allocation_failure_is_reported_without_leaks)
{
    incidents_report rep;
    incidents *set = NULL;
    sim_alloc_fail_at(0, 0);
    cr_assert_eq(incidents_load(FIX "acled.csv", NULL, &set, &rep), 0);
    incidents_destroy(set);
    long total = sim_alloc_count();
    cr_assert_gt(total, 5, "the load allocates (got %ld)", total);
    int failures = 0;
    for (long k = 1; k <= total; k++) {
        set = NULL;
        sim_alloc_fail_at(k, 0);
        int rc = incidents_load(FIX "acled.csv", NULL, &set, &rep);
        sim_alloc_fail_at(0, 0);
        /* libcsv retries a failed buffer growth with a smaller size, so some succeed */
        cr_assert(rc == 0 || rc == SIM_ENOMEM, "failing allocation %ld: got %d", k, rc);
        cr_assert(rc == 0 || set == NULL);
        failures += rc != 0;
        incidents_destroy(set);
    }
    cr_assert_gt(failures, 0);
}
