/* map.h - region map files (scenarios/maps/NAME.map): countries, the bold border, labels.
 *
 * The format is documented in scenarios/maps/README.md. A map is a plain read-only value
 * after loading; the view projects and draws it. */
#ifndef FRONTIER_MAP_H
#define FRONTIER_MAP_H
#include <stddef.h>

#define MAP_NAME_MAX 64

typedef struct map_pt {
    double lon, lat;
} map_pt;

/* A run of points: a closed ring (country) or an open polyline (border). */
typedef struct map_line {
    int first, n;      /* points[first .. first+n-1] */
} map_line;

typedef struct map_country {
    char iso[8];
    char name[MAP_NAME_MAX];
    int numeric;
    int first_ring, n_rings;   /* rings[first_ring ..] */
} map_country;

enum map_place_kind { MAP_PLACE_CAPITAL, MAP_PLACE_CITY, MAP_PLACE_TOWN };

typedef struct map_place {
    char name[MAP_NAME_MAX];
    int kind;                  /* enum map_place_kind */
    double lat, lon;
} map_place;

/* The two sides of the scenario's conflict on the map (the order of scenario.h's sides):
 * the country of the state that strikes and of the host of the sanctuaries, with their fill
 * colours. country is an index into countries, or -1 when the map names no such side (then
 * every country gets the muted palette). */
enum { MAP_SIDE_STATE, MAP_SIDE_HOST, MAP_NSIDES };
typedef struct map_side {
    int country;
    unsigned char rgb[3];
} map_side;

typedef struct map {
    char name[MAP_NAME_MAX];
    double lon0, lat0, lon1, lat1;   /* bbox */
    map_pt *points;
    int n_points;
    map_line *rings;
    int n_rings;
    map_line *borders;
    int n_borders;
    map_country *countries;
    int n_countries;
    map_place *places;
    int n_places;
    map_side sides[MAP_NSIDES];
} map;

/* Loads a map file. Returns the map, or NULL with a one-line message "path:line: what was
 * expected, what was found" (or the I/O error) in err (errlen bytes, may be 0). */
map *map_load(const char *path, char *err, size_t errlen);
/* Parses a map from memory; name is used in messages. Same contract as map_load. */
map *map_parse(const char *text, const char *name, char *err, size_t errlen);
void map_destroy(map *m); /* accepts NULL */

/* Index of the country with this ISO3 code, or -1. */
int map_find_country(const map *m, const char *iso);

#endif
