/* fuzz_map.c - libFuzzer target for the region map reader (map_parse, in memory).
 *
 * A parse returns a map or a message, never crashes or leaks; every index in a map that
 * parses stays inside its arrays, and every coordinate is finite. */
#include "fuzz_util.h"
#include "map/map.h"
#include <math.h>

static void check_line(const map *m, const map_line *l)
{
    if (l->first < 0 || l->n < 0 || l->first + l->n > m->n_points) abort();
}

static void check_map(const map *m)
{
    for (int i = 0; i < m->n_points; i++)
        if (!isfinite(m->points[i].lon) || !isfinite(m->points[i].lat)) abort();
    for (int i = 0; i < m->n_rings; i++) check_line(m, &m->rings[i]);
    for (int i = 0; i < m->n_borders; i++) check_line(m, &m->borders[i]);
    for (int i = 0; i < m->n_countries; i++) {
        const map_country *c = &m->countries[i];
        if (c->first_ring < 0 || c->n_rings < 0 || c->first_ring + c->n_rings > m->n_rings)
            abort();
        if (map_find_country(m, c->iso) < 0) abort();
    }
    for (int i = 0; i < m->n_places; i++)
        if (!isfinite(m->places[i].lat) || !isfinite(m->places[i].lon)) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char err[256] = "";
    map *m = map_parse(text, "fuzz.map", err, sizeof err);
    if (m) check_map(m);
    else if (!err[0]) abort(); /* a failed parse says why */
    map_destroy(m);
    free(text);
    return 0;
}
