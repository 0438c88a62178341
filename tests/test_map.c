/* test_map.c - the region map loader and the view's projection. */
#include "base/alloc.h"
#include "map/map.h"
#include "map/proj.h"
#include "support.h"
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#define AFPK "scenarios/maps/af-pk.map"

TestSuite(map);

Test(map, the_committed_af_pk_map_loads_with_both_sides_and_a_border)
{
    char err[256];
    map *m = map_load(AFPK, err, sizeof err);
    cr_assert_not_null(m, "expected the map to load, got: %s", err);
    cr_assert_geq(map_find_country(m, "AFG"), 0);
    cr_assert_geq(map_find_country(m, "PAK"), 0);
    cr_assert_geq(map_find_country(m, "IRN"), 0);
    cr_assert_geq(m->n_borders, 1, "expected the Durand Line as a border line");
    cr_assert(m->lon0 < 62 && m->lon1 > 74 && m->lat0 < 25 && m->lat1 > 37);
    int kabul = -1;
    for (int i = 0; i < m->n_places; i++)
        if (!strcmp(m->places[i].name, "Kabul")) kabul = i;
    cr_assert_geq(kabul, 0);
    cr_assert_eq(m->places[kabul].kind, MAP_PLACE_CAPITAL);
    cr_assert(fabs(m->places[kabul].lat - 34.53) < 0.05);
    map_destroy(m);
}

Test(map, every_border_point_lies_between_kabul_and_islamabad_longitudes_roughly)
{
    char err[256];
    map *m = map_load(AFPK, err, sizeof err);
    cr_assert_not_null(m, "%s", err);
    for (int b = 0; b < m->n_borders; b++)
        for (int j = 0; j < m->borders[b].n; j++) {
            const map_pt *q = &m->points[m->borders[b].first + j];
            cr_assert(q->lon > 60.5 && q->lon < 75.5 && q->lat > 29 && q->lat < 37.5,
                      "border point %g %g is not on the Durand Line", q->lon, q->lat);
        }
    map_destroy(m);
}

Test(map, a_malformed_point_line_is_rejected_with_its_line_number)
{
    const char *text = "map t\nbbox 0 0 10 10\ncountry AAA 1 Aland\nring 3\n1 1\n2 x\n3 3\n";
    char err[256];
    map *m = map_parse(text, "t.map", err, sizeof err);
    cr_assert_null(m);
    cr_assert(strstr(err, "t.map:6:") != NULL, "expected t.map:6: in '%s'", err);
    cr_assert(strstr(err, "LON LAT") != NULL, "expected what was expected in '%s'", err);
}

Test(map, an_unknown_keyword_a_short_ring_and_a_missing_bbox_are_errors)
{
    char err[256];
    cr_assert_null(map_parse("map t\nbbox 0 0 1 1\nroad 3\n", "a.map", err, sizeof err));
    cr_assert(strstr(err, "a.map:3: expected map, bbox") != NULL, "got '%s'", err);
    cr_assert_null(map_parse("bbox 0 0 1 1\ncountry A 1 A\nring 3\n1 1\n", "b.map", err,
                             sizeof err));
    cr_assert(strstr(err, "2 points short") != NULL, "got '%s'", err);
    cr_assert_null(map_parse("map t\n", "c.map", err, sizeof err));
    cr_assert(strstr(err, "no 'bbox'") != NULL, "got '%s'", err);
    cr_assert_null(map_parse("bbox 0 0 1 1\nring 3\n", "d.map", err, sizeof err));
    cr_assert(strstr(err, "d.map:2: ring before") != NULL, "got '%s'", err);
    cr_assert_null(map_parse("bbox 0 0 1 1\nplace village 1 1 X\n", "e.map", err, sizeof err));
    cr_assert(strstr(err, "e.map:2:") != NULL, "got '%s'", err);
}

Test(map, both_committed_maps_name_their_state_and_host_countries)
{
    static const char *const files[2][3] = {
        {AFPK, "PAK", "AFG"},
        {"scenarios/fictional/maps/varesh-kordan.map", "XVA", "XKO"}};
    char err[256];
    for (int f = 0; f < 2; f++) {
        map *m = map_load(files[f][0], err, sizeof err);
        cr_assert_not_null(m, "%s", err);
        cr_assert_eq(m->sides[MAP_SIDE_STATE].country, map_find_country(m, files[f][1]));
        cr_assert_eq(m->sides[MAP_SIDE_HOST].country, map_find_country(m, files[f][2]));
        cr_assert_geq(m->n_borders, 1, "%s: a border to draw", files[f][0]);
        map_destroy(m);
    }
}

Test(map, a_side_line_gives_the_country_and_its_colour)
{
    const char *text = "map t\nbbox 0 0 10 10\ncountry AAA 1 Aland\ncountry BBB 2 Bland\n"
                       "side host AAA #ecddb2\nside state BBB #C8E2B8\n";
    char err[256];
    map *m = map_parse(text, "t.map", err, sizeof err);
    cr_assert_not_null(m, "%s", err);
    cr_assert_eq(m->sides[MAP_SIDE_HOST].country, 0);
    cr_assert_eq(m->sides[MAP_SIDE_STATE].country, 1);
    const unsigned char *c = m->sides[MAP_SIDE_STATE].rgb;
    cr_assert(c[0] == 0xc8 && c[1] == 0xe2 && c[2] == 0xb8, "got %d %d %d", c[0], c[1], c[2]);
    map_destroy(m);
    m = map_parse("bbox 0 0 1 1\ncountry AAA 1 A\n", "n.map", err, sizeof err);
    cr_assert_not_null(m, "side lines are optional: %s", err);
    cr_assert(m->sides[MAP_SIDE_STATE].country == -1 && m->sides[MAP_SIDE_HOST].country == -1);
    map_destroy(m);
}

Test(map, bad_side_lines_are_errors_with_their_line)
{
    static const char *const cases[][2] = {
        {"side state CCC #000000\n", "country 'CCC' is not declared above"},
        {"side rebels AAA #000000\n", "expected state or host, found 'rebels'"},
        {"side state AAA 000000\n", "expected a colour #RRGGBB"},
        {"side state AAA #00000g\n", "expected a colour #RRGGBB"},
        {"side state AAA\n", "expected 'state|host ISO3 #RRGGBB'"},
        {"side state AAA #000000\nside state BBB #000000\n", "state is named twice"},
        {"side state AAA #000000\nside host AAA #000000\n", "state and host are both AAA"},
    };
    char err[256], text[512];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(text, sizeof text, "bbox 0 0 1 1\ncountry AAA 1 A\ncountry BBB 2 B\n%s",
                 cases[i][0]);
        cr_assert_null(map_parse(text, "s.map", err, sizeof err), "case %zu", i);
        cr_assert(strstr(err, "s.map:") && strstr(err, cases[i][1]), "case %zu: got '%s'", i,
                  err);
    }
}

/* Contents of a whole file, or NULL. */
static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) == (size_t)n) buf[n] = 0;
    else free(buf), buf = NULL;
    fclose(f);
    return buf;
}

/* The fictional map is derived from its config alone (the real one needs Natural Earth and
 * GeoNames files that are not in the repository): the committed file must be what the
 * config gives, and a bad config must be refused naming the key. */
Test(map, the_fictional_map_is_what_its_region_config_derives)
{
    char dir[512], cmd[4096], out[600];
    support_temp_dir(dir, sizeof dir, "derive");
    snprintf(out, sizeof out, "%s/vk.map", dir);
    snprintf(cmd, sizeof cmd, "python3 tools/derive_map.py "
             "scenarios/fictional/maps/varesh-kordan.toml '%s'", out);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    char *want = read_all("scenarios/fictional/maps/varesh-kordan.map"), *got = read_all(out);
    cr_assert(want && got && strcmp(want, got) == 0,
              "the committed varesh-kordan.map differs from what its config derives");
    free(want);
    free(got);
    snprintf(cmd, sizeof cmd, "sed 's/country = \"XKO\", colour/country = \"XXX\", colour/' "
             "scenarios/fictional/maps/varesh-kordan.toml > '%s/bad.toml' && "
             "python3 tools/derive_map.py '%s/bad.toml' '%s/bad.map' 2> '%s/err'",
             dir, dir, dir, dir);
    int st = system(cmd);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 1, "a bad config must fail: %d", st);
    snprintf(out, sizeof out, "%s/err", dir);
    char *err = read_all(out);
    cr_assert(err && strstr(err, "bad.toml: sides.host: country 'XXX' is not in countries"),
              "got: %s", err ? err : "(nothing)");
    free(err);
    support_remove_tree(dir);
}

Test(map, a_missing_file_names_the_file)
{
    char err[256];
    cr_assert_null(map_load("no/such/file.map", err, sizeof err));
    cr_assert(strstr(err, "no/such/file.map") != NULL, "got '%s'", err);
}

Test(map, allocation_failures_are_clean_at_every_step)
{
    const char *text = "bbox 0 0 5 5\ncountry A 1 A\nring 3\n1 1\n2 2\n3 1\nborder 2\n1 1\n2 2\n"
                       "place city 1 1 X\n";
    char err[256];
    for (long k = 1; k < 12; k++) {
        sim_alloc_fail_at(k, 0);
        map *m = map_parse(text, "f.map", err, sizeof err);
        sim_alloc_fail_at(0, 0);
        if (m) {
            cr_assert_eq(m->n_rings, 1);
            map_destroy(m);
        } else {
            cr_assert(strstr(err, "out of memory") != NULL, "k=%ld: got '%s'", k, err);
        }
    }
}

Test(map, the_projection_round_trips_lonlat_and_pixels)
{
    proj p;
    cr_assert_eq(proj_fit(&p, 60, 23, 76, 39, 10, 20, 877.5, 700), 0);
    for (double lon = 60.385; lon < 76; lon += 1.7)
        for (double lat = 23.21; lat < 39; lat += 1.3) {
            double x, y, lo, la;
            proj_to_px(&p, lon, lat, &x, &y);
            proj_to_lonlat(&p, x, y, &lo, &la);
            cr_assert(fabs(lo - lon) < 1e-9 && fabs(la - lat) < 1e-9,
                      "expected: %g %g, got: %g %g", lon, lat, lo, la);
        }
}

Test(map, the_fitted_box_stays_inside_the_rectangle_and_keeps_its_shape)
{
    proj p;
    double sizes[][2] = {{1280, 720}, {640, 900}, {300, 200}, {1920, 1080}};
    for (int i = 0; i < 4; i++) {
        double w = sizes[i][0], h = sizes[i][1];
        cr_assert_eq(proj_fit(&p, 60, 23, 76, 39, 0, 0, w, h), 0);
        double x0, y0, x1, y1;
        proj_to_px(&p, 60, 39, &x0, &y0);
        proj_to_px(&p, 76, 23, &x1, &y1);
        cr_assert(x0 >= -1e-9 && y0 >= -1e-9 && x1 <= w + 1e-9 && y1 <= h + 1e-9,
                  "%gx%g: box %g,%g..%g,%g leaves the window", w, h, x0, y0, x1, y1);
        cr_assert(fabs(x1 - x0 - w) < 1e-6 || fabs(y1 - y0 - h) < 1e-6, "the box touches an edge");
        /* one degree east is cos(31 deg) of one degree north */
        cr_assert(fabs((x1 - x0) / (y1 - y0) - 16 * cos(31 * 3.14159265358979 / 180) / 16) < 1e-9);
    }
    cr_assert_neq(proj_fit(&p, 60, 23, 60, 39, 0, 0, 100, 100), 0);
    cr_assert_neq(proj_fit(&p, 60, 23, 76, 39, 0, 0, 0, 100), 0);
}
