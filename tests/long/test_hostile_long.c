/* test_hostile_long.c - the heavy variants of tests/hostile (make check-long): the largest
 * inputs the limits allow load in time in proportion to their size, and inputs past them are
 * refused while they are read, in bounded memory. Figures measured with these generators
 * are in docs/reliability.md. */
#include "../hostile/hostile.h"
#include "../support.h"
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

/* Generous: a case needs a few seconds at most; the limit only catches a hang. */
#define CPU_LIMIT 60
#define MEM_MB 2048

TestSuite(hostile_long, .timeout = 600);

static const char *timeline(hostile *h, long n, char *path, size_t len)
{
    FILE *f = hostile_create(h, "timeline.yaml", path, len);
    fputs("scenario: {name: hostile, start_date: 2023-01-01, days: 365, seed: 7}\n"
          "zones:\n"
          "  - {name: Kunar, side: host, kind: sanctuary, lat: 34.87, lon: 71.15}\n"
          "  - {name: Peshawar, side: state, kind: target, lat: 34.01, lon: 71.58}\n"
          "timeline:\n", f);
    for (long i = 0; i < n; i++)
        fprintf(f, "  - {day: %ld, action: demarche, zone: Peshawar, note: n%ld}\n",
                (i * 7919) % 365, i);
    fclose(f);
    return path;
}

Test(hostile_long, the_largest_timeline_loads_and_runs)
{
    hostile h;
    char path[700];
    hostile_begin(&h, "items");
    timeline(&h, 100000, path, sizeof path);
    hostile_run(&h, NULL, CPU_LIMIT, MEM_MB, (const char *[]){"check", "-q", path, NULL});
    cr_assert_eq(h.status, 0);
    cr_log_info("100,000 timeline items: check in %.2f s of CPU, %ld KB", h.cpu_s, h.peak_kb);
    cr_assert_lt(h.cpu_s, 10.0);
    hostile_run(&h, NULL, CPU_LIMIT, MEM_MB,
                (const char *[]){"run", path, "-q", "-o", "out", NULL});
    cr_assert_eq(h.status, 0, "%d", h.status);
    cr_log_info("100,000 timeline items: run in %.2f s of CPU, %ld KB", h.cpu_s, h.peak_kb);
    hostile_end(&h);
}

Test(hostile_long, a_million_timeline_items_are_refused_at_the_limit)
{
    hostile h;
    char path[700];
    hostile_begin(&h, "items");
    timeline(&h, 1000000, path, sizeof path);   /* 48 MB: past the size limit too */
    hostile_run(&h, NULL, CPU_LIMIT, MEM_MB, (const char *[]){"check", path, NULL});
    hostile_refused(&h, "cannot open: expected at most 16 MiB");
    cr_assert_lt(h.cpu_s, 1.0);
    timeline(&h, 250000, path, sizeof path);    /* 14 MB: under it */
    hostile_run(&h, NULL, CPU_LIMIT, MEM_MB, (const char *[]){"check", path, NULL});
    hostile_refused(&h, "expected at most 100000 items in one list");
    cr_log_info("250,000 timeline items: refused in %.2f s of CPU, %ld KB", h.cpu_s,
                h.peak_kb);
    cr_assert_lt(h.cpu_s, 2.0);
    hostile_end(&h);
}

Test(hostile_long, two_million_nodes_are_the_most_a_file_may_have)
{
    hostile h;
    char path[700];
    hostile_begin(&h, "nodes");
    FILE *f = hostile_create(&h, "nodes.yaml", path, sizeof path);
    fputs(HOSTILE_HEAD "junk:\n", f);
    for (int list = 0; list < 30; list++) {
        fputs("  - [", f);
        for (int i = 0; i < 70000; i++) fputs(i ? ",1" : "1", f);
        fputs("]\n", f);
    }
    fclose(f);
    hostile_run(&h, NULL, CPU_LIMIT, MEM_MB, (const char *[]){"check", path, NULL});
    hostile_refused(&h, "expected at most 2000000 YAML nodes, found more");
    cr_log_info("2,100,000 nodes: refused in %.2f s of CPU, %ld KB", h.cpu_s, h.peak_kb);
    hostile_end(&h);
}

Test(hostile_long, a_thousand_zones_load_and_run)
{
    hostile h;
    char path[700];
    hostile_begin(&h, "zones");
    FILE *f = hostile_create(&h, "zones.yaml", path, sizeof path);
    fputs("scenario: {name: hostile, start_date: 2023-01-01, days: 60, seed: 7}\nzones:\n", f);
    for (int i = 0; i < 1000; i++)
        fprintf(f, "  - {name: z%d, side: %s, kind: %s, lat: %g, lon: %g}\n", i,
                i % 2 ? "host" : "state", i % 2 ? "sanctuary" : "target", 30 + i % 10 * 0.5,
                65 + i / 10 * 0.1);
    fclose(f);
    hostile_run(&h, NULL, CPU_LIMIT, MEM_MB,
                (const char *[]){"run", path, "-q", "-o", "out", NULL});
    cr_assert_eq(h.status, 0);
    cr_log_info("1,000 zones: run in %.2f s of CPU, %ld KB", h.cpu_s, h.peak_kb);
    hostile_end(&h);
}

Test(hostile_long, deep_indentation_stops_at_the_limit)
{
    hostile h;
    char path[700];
    hostile_begin(&h, "indent");
    FILE *f = hostile_create(&h, "indent.yaml", path, sizeof path);
    fputs(HOSTILE_HEAD "view:\n", f);
    for (int i = 1; i < 4000; i++) fprintf(f, "%*sk%d:\n", i, "", i);
    fclose(f);
    hostile_run(&h, NULL, CPU_LIMIT, MEM_MB, (const char *[]){"check", path, NULL});
    hostile_refused(&h, "expected at most 64 nested levels");
    hostile_end(&h);
}

Test(hostile_long, a_one_gigabyte_csv_line_costs_a_megabyte)
{
    hostile h;
    char path[700];
    hostile_begin(&h, "gb");
    FILE *f = hostile_create(&h, "gb.csv", path, sizeof path);
    fputs("date,lat,lon,actor,casualties\n2023-01-01,34,71,", f);
    cr_assert_eq(fseek(f, 1L << 30, SEEK_CUR), 0);   /* sparse: 1 GB of NUL bytes */
    fputs(",1\n", f);
    fclose(f);
    hostile_run(&h, NULL, CPU_LIMIT, MEM_MB, (const char *[]){"fit", path, NULL});
    hostile_refused(&h, "gb.csv:2: expected a row of at most 1024 KiB, found more");
    cr_log_info("1 GB CSV line: refused in %.2f s of CPU, %ld KB", h.cpu_s, h.peak_kb);
    if (!hostile_sanitized()) cr_assert_lt(h.peak_kb, 64 * 1024);
    hostile_end(&h);
}
