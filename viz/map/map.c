/* map.c - region map file loader (format: scenarios/maps/README.md). */
#include "map/map.h"
#include "base/num.h"
#include "io/infile.h"
#include "base/alloc.h"
#include "scenario/scenario.h"
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert((int)MAP_NSIDES == (int)SCN_NSIDES, "a map names the scenario's sides");

/* Parser state: the map being built and where the next point lines go. */
typedef struct parser {
    map *m;
    const char *name;
    int line;
    int pending;          /* point lines still expected by the last ring/border */
    map_line *target;     /* the ring or border being filled */
    int cap_points, cap_rings, cap_borders, cap_countries, cap_places;
    int have_bbox;
    char *err;
    size_t errlen;
} parser;

static int fail(parser *p, const char *fmt, ...)
{
    if (p->err && p->errlen) {
        int k = snprintf(p->err, p->errlen, "%s:%d: ", p->name, p->line);
        va_list ap;
        va_start(ap, fmt);
        if (k >= 0 && (size_t)k < p->errlen) vsnprintf(p->err + k, p->errlen - (size_t)k, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* Grows *arr (element size sz) to hold n+1 elements. */
static int grow(parser *p, void **arr, int *cap, int n, size_t sz)
{
    return sim_grow(arr, cap, n, sz, 16) ? fail(p, "out of memory") : 0;
}

/* Reads a finite number from *s, advancing it. */
static int number(const char **s, double *out)
{
    const char *p = *s;
    while (*p == ' ' || *p == '\t') p++;
    int n = num_scan_double(p, out);   /* decimal only: no "0x", "inf" or "nan" */
    if (n <= 0) return -1;
    *s = p + n;
    return 0;
}

static const char *skip_ws(const char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    return s;
}

static void copy_name(char *dst, const char *src, size_t n)
{
    src = skip_ws(src);
    snprintf(dst, n, "%s", src);
    size_t k = strlen(dst);
    while (k && (dst[k - 1] == ' ' || dst[k - 1] == '\t' || dst[k - 1] == '\r')) dst[--k] = 0;
}

static int point_line(parser *p, const char *s)
{
    double lon = 0, lat = 0;
    if (number(&s, &lon) || number(&s, &lat) || *skip_ws(s))
        return fail(p, "expected 'LON LAT' (%d more points of the ring/border), found '%s'",
                    p->pending, s);
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
        return fail(p, "point %g %g is outside lon [-180, 180], lat [-90, 90]", lon, lat);
    map *m = p->m;
    if (grow(p, (void **)&m->points, &p->cap_points, m->n_points, sizeof *m->points)) return -1;
    m->points[m->n_points++] = (map_pt){lon, lat};
    p->target->n++;
    p->pending--;
    return 0;
}

/* "ring N" / "border N": the next N lines are points. */
static int start_run(parser *p, const char *s, int is_ring)
{
    double n = 0;
    map *m = p->m;
    if (number(&s, &n) || *skip_ws(s) || n != floor(n) || n < (is_ring ? 3 : 2) || n > 1e7)
        return fail(p, "%s: expected a point count >= %d", is_ring ? "ring" : "border",
                    is_ring ? 3 : 2);
    if (is_ring) {
        if (m->n_countries == 0) return fail(p, "ring before any 'country' line");
        if (grow(p, (void **)&m->rings, &p->cap_rings, m->n_rings, sizeof *m->rings)) return -1;
        p->target = &m->rings[m->n_rings++];
        m->countries[m->n_countries - 1].n_rings++;
    } else {
        if (grow(p, (void **)&m->borders, &p->cap_borders, m->n_borders, sizeof *m->borders))
            return -1;
        p->target = &m->borders[m->n_borders++];
    }
    *p->target = (map_line){m->n_points, 0};
    p->pending = (int)n;
    return 0;
}

static int country_line(parser *p, const char *s)
{
    map *m = p->m;
    char iso[8];
    int num, used = 0;
    if (sscanf(s, " %7s %d %n", iso, &num, &used) != 2 || !s[used])
        return fail(p, "country: expected 'ISO3 NUMERIC NAME'");
    if (grow(p, (void **)&m->countries, &p->cap_countries, m->n_countries, sizeof *m->countries))
        return -1;
    map_country *c = &m->countries[m->n_countries++];
    memset(c, 0, sizeof *c);
    snprintf(c->iso, sizeof c->iso, "%s", iso);
    c->numeric = num;
    copy_name(c->name, s + used, sizeof c->name);
    c->first_ring = m->n_rings;
    return 0;
}

static int place_line(parser *p, const char *s)
{
    static const char *const kinds[] = {"capital", "city", "town"};
    map *m = p->m;
    char kind[16];
    int used = 0, k;
    double lat, lon;
    const char *q = NULL;
    if (sscanf(s, " %15s%n", kind, &used) == 1) q = s + used;
    if (!q || number(&q, &lat) || number(&q, &lon) || (*q != ' ' && *q != '\t') ||
        !*skip_ws(q))
        return fail(p, "place: expected 'KIND LAT LON NAME'");
    used = (int)(skip_ws(q) - s);
    /* positions must be real coordinates */
    if (!(fabs(lat) <= 90 && fabs(lon) <= 180))
        return fail(p, "place: expected a latitude in [-90, 90] and a longitude in [-180, 180]");
    for (k = 0; k < 3 && strcmp(kind, kinds[k]); k++) continue;
    if (k == 3) return fail(p, "place: expected kind capital, city or town, found '%s'", kind);
    if (grow(p, (void **)&m->places, &p->cap_places, m->n_places, sizeof *m->places)) return -1;
    map_place *pl = &m->places[m->n_places++];
    pl->kind = k;
    pl->lat = lat;
    pl->lon = lon;
    copy_name(pl->name, s + used, sizeof pl->name);
    return 0;
}

/* "side NAME ISO3 #RRGGBB": the country of a scenario side (state or host), declared above,
 * and its fill colour. */
static int side_line(parser *p, const char *s)
{
    char side[16], iso[8], hex[8];
    int used = 0, k, c;
    unsigned rgb;
    if (sscanf(s, " %15s %7s %7s %n", side, iso, hex, &used) != 3 || s[used])
        return fail(p, "side: expected 'state|host ISO3 #RRGGBB'");
    for (k = 0; k < MAP_NSIDES && strcmp(side, scn_side_name(k)); k++) continue;
    if (k == MAP_NSIDES) return fail(p, "side: expected state or host, found '%s'", side);
    if ((c = map_find_country(p->m, iso)) < 0)
        return fail(p, "side: country '%s' is not declared above", iso);
    if (hex[0] != '#' || strlen(hex) != 7 || strspn(hex + 1, "0123456789abcdefABCDEF") != 6 ||
        sscanf(hex + 1, "%x", &rgb) != 1)
        return fail(p, "side: expected a colour #RRGGBB, found '%s'", hex);
    if (p->m->sides[k].country >= 0) return fail(p, "side: %s is named twice", side);
    if (p->m->sides[!k].country == c) return fail(p, "side: state and host are both %s", iso);
    p->m->sides[k] = (map_side){c, {rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff}};
    return 0;
}

static int bbox_line(parser *p, const char *s)
{
    map *m = p->m;
    if (number(&s, &m->lon0) || number(&s, &m->lat0) || number(&s, &m->lon1) ||
        number(&s, &m->lat1) || *skip_ws(s))
        return fail(p, "bbox: expected 'LON0 LAT0 LON1 LAT1'");
    if (!(m->lon0 < m->lon1 && m->lat0 < m->lat1))
        return fail(p, "bbox: expected LON0 < LON1 and LAT0 < LAT1");
    p->have_bbox = 1;
    return 0;
}

/* One line (without its newline). */
static int parse_line(parser *p, const char *s)
{
    s = skip_ws(s);
    if (p->pending) return point_line(p, s);
    if (!*s || *s == '#' || *s == '\r') return 0;
    size_t k = strcspn(s, " \t\r");
    const char *rest = s + k;
    if (k == 3 && !strncmp(s, "map", 3)) {
        copy_name(p->m->name, rest, sizeof p->m->name);
        return 0;
    }
    if (k == 4 && !strncmp(s, "bbox", 4)) return bbox_line(p, rest);
    if (k == 7 && !strncmp(s, "country", 7)) return country_line(p, rest);
    if (k == 4 && !strncmp(s, "ring", 4)) return start_run(p, rest, 1);
    if (k == 6 && !strncmp(s, "border", 6)) return start_run(p, rest, 0);
    if (k == 5 && !strncmp(s, "place", 5)) return place_line(p, rest);
    if (k == 4 && !strncmp(s, "side", 4)) return side_line(p, rest);
    return fail(p, "expected map, bbox, country, ring, border, place or side, found '%.*s'",
                (int)k, s);
}

map *map_parse(const char *text, const char *name, char *err, size_t errlen)
{
    parser p = {.name = name, .err = err, .errlen = errlen};
    char buf[1024];
    if (err && errlen) err[0] = 0;
    p.m = sim_calloc(1, sizeof *p.m);
    if (!p.m) return (void)fail(&p, "out of memory"), NULL;
    for (int k = 0; k < MAP_NSIDES; k++) p.m->sides[k].country = -1;
    for (const char *s = text; *s;) {
        size_t n = strcspn(s, "\n");
        p.line++;
        if (n >= sizeof buf) {
            fail(&p, "line longer than %zu characters", sizeof buf - 1);
            goto bad;
        }
        memcpy(buf, s, n);
        buf[n] = 0;
        if (parse_line(&p, buf)) goto bad;
        s += n + (s[n] == '\n');
    }
    if (p.pending) {
        fail(&p, "file ends %d points short of the last ring/border", p.pending);
        goto bad;
    }
    if (!p.have_bbox) {
        fail(&p, "no 'bbox' line");
        goto bad;
    }
    return p.m;
bad:
    map_destroy(p.m);
    return NULL;
}

/* Maps are a few MB; a file far larger is not one. */
#define MAP_FILE_MAX (64UL << 20)

/* Reads a whole regular file into a NUL-terminated buffer (io/infile.h). */
static char *slurp(const char *path, char *err, size_t errlen)
{
    char why[160];
    size_t n = 0;
    char *buf = infile_read(path, 0, MAP_FILE_MAX, &n, NULL, why, sizeof why);
    if (!buf) {
        if (err && errlen) snprintf(err, errlen, "%s:1: cannot open: %s", path, why);
        return NULL;
    }
    if (strlen(buf) != n) {
        if (err && errlen) snprintf(err, errlen, "%s: not a text file (NUL byte)", path);
        sim_free(buf);
        return NULL;
    }
    return buf;
}

map *map_load(const char *path, char *err, size_t errlen)
{
    char *text = slurp(path, err, errlen);
    if (!text) return NULL;
    map *m = map_parse(text, path, err, errlen);
    sim_free(text);
    return m;
}

void map_destroy(map *m)
{
    if (!m) return;
    sim_free(m->points);
    sim_free(m->rings);
    sim_free(m->borders);
    sim_free(m->countries);
    sim_free(m->places);
    sim_free(m);
}

int map_find_country(const map *m, const char *iso)
{
    for (int i = 0; i < m->n_countries; i++)
        if (strcmp(m->countries[i].iso, iso) == 0) return i;
    return -1;
}
