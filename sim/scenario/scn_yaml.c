/* scn_yaml.c - scenario files: the YAML loader and writer.
 *
 * A load builds the tree of each file (scn_tree: libyaml's events with limits of depth,
 * size and documents), walks it (the base of an `extends:` first), applying every scalar
 * through one keyed dispatch that --set overrides share, collecting every problem with the
 * file:line:column of the value. Every step is constant time per key and per item (hashed
 * duplicate checks, a sorted zone index), so a load costs time in proportion to the file.
 * Timeline dates and zone names are resolved only at the end, so that a variant may change
 * start_date or the zone list of its base. */
#include "base/alloc.h"
#include "base/date.h"
#include "base/err.h"
#include "base/num.h"
#include "data/record.h"
#include "io/infile.h"
#include "scenario/scn_path.h"
#include "scenario/scn_int.h"
#include "scenario/scn_tree.h"
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#define MAX_EXTENDS 16           /* depth of extends chains */
#define MAX_FILE_BYTES (16UL << 20)
#define KEY_MAX 128

typedef struct lzone {
    scn_zone z;
    scn_zone_marks marks;
} lzone;

typedef struct litem {
    scn_timeline_item it;
    int has_date;                 /* date (absolute) given, else it.day is */
    long date;
    char zone[SCN_NAME_MAX];      /* zone name, resolved at the end */
    scn_tl_marks marks;           /* with the label "timeline[3]" for messages */
} litem;

typedef struct loader {
    scenario *s;
    scn_errors *errs;
    int n_bad, nomem;
    int giveup;                   /* too many errors: the rest of the input is not read */
    lzone *zones;
    int nz, capz;
    litem *items;
    int ni, capi;
    scn_mark *pmarks;             /* one per parameter */
    scn_mark *kmarks;             /* one per known key (known_key): where it was last given */
    scn_mark days_mark, scenario_mark, zones_mark, top_mark, bg_mark;
    int seen_name, seen_start, seen_days, seen_zones;
    int broken;                   /* a file could not be read or parsed */
    char **files;                 /* owned names that marks point into */
    int nfiles;
    struct { dev_t dev; ino_t ino; const char *name; } stack[MAX_EXTENDS];
    int depth;
} loader;

/* One file being walked. */
typedef struct src {
    loader *L;
    const scn_tree *t;
    const char *file;
} src;

static void lerr(loader *L, const scn_mark *at, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void lerr(loader *L, const scn_mark *at, const char *key, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    L->n_bad += scn_errors_add(L->errs, at, key, "%s", msg);
    if (L->errs && L->errs->n > SCN_ERRORS_MAX) L->giveup = 1;
}

/* Nonzero when the walk should stop: out of memory or past the errors worth reading. */
static int stopped(const loader *L) { return L->nomem || L->giveup; }

static scn_mark mark_of(const src *c, const scn_node *n)
{
    scn_mark m = {c->file, n->line, n->col};
    return m;
}

static const char *text_of(const scn_node *n)
{
    return n->type == SCN_NODE_SCALAR ? n->text : NULL;
}

/* "found 'x'" for a scalar, "found a list" / "found a mapping" otherwise. */
static void found_of(const scn_node *n, char *buf, size_t size)
{
    if (n->type == SCN_NODE_SCALAR) {
        char t[64];
        scn_found_text(text_of(n), t, sizeof t);
        snprintf(buf, size, "'%s'", t);
    } else {
        snprintf(buf, size, n->type == SCN_NODE_LIST ? "a list" : "a mapping");
    }
}

static void expected(const src *c, const scn_node *n, const char *key, const char *what)
{
    char found[80];
    found_of(n, found, sizeof found);
    scn_mark m = mark_of(c, n);
    lerr(c->L, &m, key, "expected %s, found %s", what, found);
}

/* Key and value of pair i of a mapping. */
static const scn_node *pair_k(const src *c, const scn_node *map, int i)
{
    return scn_tree_kid(c->t, map, 2 * i);
}

static const scn_node *pair_v(const src *c, const scn_node *map, int i)
{
    return scn_tree_kid(c->t, map, 2 * i + 1);
}

/* ---- scalar values ------------------------------------------------------------------ */

static int parse_number(const char *t, double *out) { return num_parse_double(t, out); }

static int parse_bool(const char *t, int *out)
{
    static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes", "YES"};
    static const char *const no[] = {"false", "False", "FALSE", "no", "No", "NO"};
    for (int i = 0; t && i < 6; i++) {
        if (strcmp(t, yes[i]) == 0) return *out = 1, 0;
        if (strcmp(t, no[i]) == 0) return *out = 0, 0;
    }
    return -1;
}

static int parse_seed(const char *t, unsigned long long *out) { return num_parse_u64(t, out); }

/* Index of t in names[0..n-1], or -1. */
static int parse_enum(const char *t, const char *(*name)(int), int n)
{
    for (int i = 0; t && i < n; i++)
        if (strcmp(t, name(i)) == 0) return i;
    return -1;
}

/* "one of a, b, c" for messages. */
static void enum_list(const char *(*name)(int), int n, char *buf, size_t size)
{
    size_t k = (size_t)snprintf(buf, size, "one of");
    for (int i = 0; i < n && k < size; i++)
        k += (size_t)snprintf(buf + k, size - k, "%s %s", i ? "," : "", name(i));
}

/* Copies text into a fixed buffer; returns -1 (and reports) when it does not fit. */
static int put_text(loader *L, const scn_mark *at, const char *key, const char *t, char *dst,
                    size_t size)
{
    if (strlen(t) >= size) {
        char found[64];
        scn_found_text(t, found, sizeof found);
        lerr(L, at, key, "expected a text of at most %zu bytes, found '%s'", size - 1, found);
        return -1;
    }
    memcpy(dst, t, strlen(t) + 1);
    return 0;
}

/* ---- the key space ---------------------------------------------------------------- */

enum skind { SK_TEXT, SK_NAME, SK_DATE, SK_DAYS, SK_SEED, SK_EVENTS, SK_SPAN, SK_BG_SHAPE,
             SK_BG_FROM, SK_BG_STEP };

/* Scalars outside the parameter table, as offsets into scenario. SK_NAME is a text that may
 * not be empty (names shown in captions). */
typedef struct skey {
    const char *key;
    int kind;
    size_t offset, size;
} skey;

#define TXT(k, f) {k, SK_TEXT, offsetof(scenario, f), sizeof(((scenario *)0)->f)}
#define NAME(k, f) {k, SK_NAME, offsetof(scenario, f), sizeof(((scenario *)0)->f)}
static const skey scalar_keys[] = {
    NAME("scenario.name", name),
    TXT("scenario.description", description),
    {"scenario.start_date", SK_DATE, 0, 0},
    {"scenario.days", SK_DAYS, 0, 0},
    {"scenario.seed", SK_SEED, 0, 0},
    {"scenario.max_events", SK_EVENTS, 0, 0},
    NAME("sides.state", side_name[SCN_SIDE_STATE]),
    NAME("sides.host", side_name[SCN_SIDE_HOST]),
    NAME("sides.militants", militant_name),
    NAME("mediators.name", mediator_name),
    TXT("view.map", view.map),
    TXT("view.title", view.title),
    TXT("view.brief", view.brief),
    TXT("view.questions", view.questions),
    TXT("view.watch", view.watch),
    TXT("view.wants.state", view.wants[0]),
    TXT("view.wants.host", view.wants[1]),
    TXT("view.wants.militants", view.wants[2]),
    {"view.span_km", SK_SPAN, 0, 0},
    {"militants.background.shape", SK_BG_SHAPE, 0, 0},
    {"militants.background.from", SK_BG_FROM, 0, 0},
    {"militants.background.step", SK_BG_STEP, 0, 0},
    TXT("record", record),
};
#define N_SCALAR_KEYS ((int)(sizeof scalar_keys / sizeof scalar_keys[0]))

/* Keys whose values are lists (not settable with --set). */
static const char *const list_keys[] = {"zones", "zones_add", "timeline", "timeline_add",
                                        "view.center", "militants.background.levels"};
#define N_LIST_KEYS ((int)(sizeof list_keys / sizeof list_keys[0]))

static int find_skey_index(const char *key)
{
    for (int i = 0; i < N_SCALAR_KEYS; i++)
        if (strcmp(scalar_keys[i].key, key) == 0) return i;
    return -1;
}

static const skey *find_skey(const char *key)
{
    int i = find_skey_index(key);
    return i < 0 ? NULL : &scalar_keys[i];
}

static int list_key_index(const char *key)
{
    for (int i = 0; i < N_LIST_KEYS; i++)
        if (strcmp(list_keys[i], key) == 0) return i;
    return -1;
}

static int is_list_key(const char *key) { return list_key_index(key) >= 0; }

/* Number of known full keys: parameters, other scalars, lists (known_key's index space). */
static int known_count(void) { return scenario_param_count() + N_SCALAR_KEYS + N_LIST_KEYS; }

/* The i-th known full key (parameters, other scalars, lists), or NULL past the end. */
static const char *known_key(int i)
{
    int np = scenario_param_count();
    if (i < np) return scenario_param_at(i)->key;
    if (i < np + N_SCALAR_KEYS) return scalar_keys[i - np].key;
    if (i < np + N_SCALAR_KEYS + N_LIST_KEYS) return list_keys[i - np - N_SCALAR_KEYS];
    return NULL;
}

/* Index of key in known_key's space, or -1. */
static int known_index(const char *key)
{
    int np = scenario_param_count(), i = scn_param_index(key);
    if (i >= 0) return i;
    if ((i = find_skey_index(key)) >= 0) return np + i;
    if ((i = list_key_index(key)) >= 0) return np + N_SCALAR_KEYS + i;
    return -1;
}

/* Nonzero when key names a section: some known key starts with "key.". */
static int is_section(const char *key)
{
    size_t n = strlen(key);
    for (int i = 0; known_key(i); i++)
        if (strncmp(known_key(i), key, n) == 0 && known_key(i)[n] == '.') return 1;
    return 0;
}

/* The first known key inside section (is_section(section) holds). */
static const char *first_in_section(const char *section)
{
    size_t n = strlen(section);
    for (int i = 0; known_key(i); i++)
        if (strncmp(known_key(i), section, n) == 0 && known_key(i)[n] == '.') return known_key(i);
    return "";
}

/* Closest known key or section to key within two edits (into buf), or NULL. */
static const char *suggest_key(const char *key, char *buf, size_t size)
{
    int best = 3;
    for (int i = 0; known_key(i); i++) {
        const char *k = known_key(i);
        for (size_t n = 0;; n++) {
            if (k[n] != '.' && k[n] != '\0') continue;
            char cand[KEY_MAX];
            snprintf(cand, sizeof cand, "%.*s", (int)n, k);
            int d = strcmp(key, cand) == 0 ? 3 : scn_edit_distance(key, cand);
            if (d < best) {
                best = d;
                snprintf(buf, size, "%s", cand);
            }
            if (!k[n]) break;
        }
    }
    return best < 3 ? buf : NULL;
}

/* Closest of names (n of them) to t within two edits, or NULL. */
static const char *suggest_from(const char *t, const char *const *names, int n)
{
    const char *best = NULL;
    int best_d = 3;
    for (int i = 0; i < n; i++) {
        int d = scn_edit_distance(t, names[i]);
        if (d < best_d) best_d = d, best = names[i];
    }
    return best;
}

static void unknown_key(loader *L, const scn_mark *at, const char *key, const char *hint)
{
    if (hint) lerr(L, at, key, "unknown key, did you mean '%s'?", hint);
    else lerr(L, at, key, "unknown key");
}

/* Reports key as given twice when it was already given in the file of at (also through a
 * dotted key beside a nested mapping: `strike.threshold` next to `strike: {threshold}`), or
 * twice with --set. Otherwise remembers at. Returns nonzero for a duplicate. */
static int given_twice(loader *L, const char *key, const scn_mark *at)
{
    int i = known_index(key);
    if (i < 0) return 0;
    scn_mark *was = &L->kmarks[i];
    if (was->file && at->file && was->file == at->file) {
        if (was->line > 0)
            lerr(L, at, key, "duplicate key (first given on line %d)", was->line);
        else lerr(L, at, key, "given twice (the first value would be ignored)");
        return 1;
    }
    *was = *at;
    return 0;
}

/* ---- applying scalars (files and --set alike) -------------------------------------- */

static int join_path(const char *cur, const char *rel, char *out, size_t size);

/* view.map and record are relative to the folder of the file that names them; the scenario
 * keeps them relative to the top file's folder, so a variant elsewhere inherits a working
 * path. */
static void rebase_map(const loader *L, const char *file, char *map, size_t size)
{
    const char *top = L->stack[0].name;
    char full[1024], rel[1024] = "";
    if (map[0] == '/' || join_path(file, map, full, sizeof full) != 0) return;
    const char *slash = strrchr(top, '/');
    size_t dlen = slash ? (size_t)(slash - top) : 0;
    /* Strip the top folder's segments shared with full, climb out of the rest. */
    size_t i = 0, shared = 0;
    while (i < dlen && full[i] == top[i]) {
        i++;
        if (top[i] == '/' || i == dlen) shared = (full[i] == '/') ? i + 1 : shared;
    }
    size_t k = 0;
    for (size_t j = shared; j < dlen; j++) {
        if (j == shared || top[j - 1] == '/') {
            if (strncmp(top + j, "..", 2) == 0) return; /* cannot climb out of ".." */
            k += (size_t)snprintf(rel + k, sizeof rel - k, "../");
        }
    }
    snprintf(rel + k, sizeof rel - k, "%s", full + shared);
    snprintf(map, size, "%s", rel);
}

static void apply_param(loader *L, int i, const char *t, const scn_mark *at)
{
    const scn_param_info *pi = scenario_param_at(i);
    double v;
    int b;
    int ok = pi->is_int ? parse_bool(t, &b) == 0 : parse_number(t, &v) == 0;
    if (pi->is_int) v = b;
    if (!ok || !scn_param_in_range(pi, v)) {
        char expect[64], found[64];
        scn_param_expect(pi, expect, sizeof expect);
        scn_found_text(t, found, sizeof found);
        lerr(L, at, pi->key, "expected %s, found '%s'", expect, found);
        return;
    }
    scn_param_store(&L->s->p, pi, v);
    L->pmarks[i] = *at;
}

/* militants.background.shape, .from and .step. */
static void apply_background(loader *L, const skey *k, const char *t, const scn_mark *at,
                             const char *found)
{
    bg_shape *b = &L->s->background;
    double v;
    if (k->kind == SK_BG_SHAPE) {
        L->bg_mark = *at;
        int kind = bg_kind_find(t);
        if (kind < 0) lerr(L, at, k->key, "expected one of constant, piecewise, spline, "
                           "found '%s'", found);
        else b->kind = kind;
    } else if (k->kind == SK_BG_FROM) {
        if (date_parse(t, &b->from) != 0)
            lerr(L, at, k->key, "expected a date YYYY-MM-DD, found '%s'", found);
    } else if (parse_number(t, &v) != 0 || !(v >= 1) || v > SCN_DAYS_MAX) {
        lerr(L, at, k->key, "expected a number of days in [1, %g], found '%s'", SCN_DAYS_MAX,
             found);
    } else {
        b->step = v;
    }
}

static void apply_special(loader *L, const skey *k, const char *t, const scn_mark *at)
{
    scenario *s = L->s;
    char found[64];
    scn_found_text(t, found, sizeof found);
    double v;
    if (k->kind >= SK_BG_SHAPE) {
        apply_background(L, k, t, at, found);
    } else if (k->kind == SK_DATE) {
        L->seen_start = 1;
        if (date_parse(t, &s->start_date) != 0)
            lerr(L, at, k->key, "expected a date YYYY-MM-DD, found '%s'", found);
    } else if (k->kind == SK_DAYS) {
        L->seen_days = 1;
        L->days_mark = *at;
        if (parse_number(t, &v) != 0 || !(v > 0))
            lerr(L, at, k->key, "expected a number > 0, found '%s'", found);
        else s->days = v;
    } else if (k->kind == SK_SEED) {
        if (parse_seed(t, &s->seed) != 0)
            lerr(L, at, k->key, "expected a whole number >= 0, found '%s'", found);
    } else if (k->kind == SK_EVENTS) {
        unsigned long long n;
        if (parse_seed(t, &n) != 0 || n < 1 || n > SCN_EVENTS_MAX)
            lerr(L, at, k->key, "expected a whole number of events from 1 to %llu, found '%s'",
                 SCN_EVENTS_MAX, found);
        else s->max_events = n;
    } else if (parse_number(t, &v) != 0 || !(v >= 0)) {
        lerr(L, at, k->key, "expected a number >= 0, found '%s'", found);
    } else {
        s->view.span_km = v;
    }
}

/* Applies one scalar by full key. Returns 0, or -1 when the key is not a scalar key. */
static int apply_scalar(loader *L, const char *key, const char *t, const scn_mark *at)
{
    int i = scn_param_index(key);
    const skey *k = i < 0 ? find_skey(key) : NULL;
    if (i < 0 && !k) return -1;
    if (given_twice(L, key, at)) return 0;
    if (i >= 0) {
        apply_param(L, i, t, at);
        return 0;
    }
    if (k->kind != SK_TEXT && k->kind != SK_NAME) {
        apply_special(L, k, t, at);
        return 0;
    }
    if (strcmp(key, "scenario.name") == 0) L->seen_name = 1;
    if (k->kind == SK_NAME && !*t) {
        lerr(L, at, key, "expected a name, found ''");
        return 0;
    }
    char *dst = (char *)L->s + k->offset;
    if (put_text(L, at, key, t, dst, k->size) == 0 &&
        (strcmp(key, "view.map") == 0 || strcmp(key, "record") == 0) && L->depth > 1 &&
        at->file)
        rebase_map(L, at->file, dst, k->size);
    return 0;
}

/* ---- lists: zones and timeline ----------------------------------------------------- */

/* For each pair of map, the index of the first pair with its key (scn_tree_first_keys), in
 * small (n_small entries) when it fits or else a buffer freed by first_keys_free; NULL
 * (reported) when out of memory. */
static int *first_keys(const src *c, const scn_node *map, int *small, int n_small)
{
    int *first = map->n <= n_small ? small : sim_malloc((size_t)map->n * sizeof *first);
    if (!first || scn_tree_first_keys(c->t, map, first) != 0) {
        if (first != small) sim_free(first);
        c->L->nomem = 1;
        return NULL;
    }
    return first;
}

static void first_keys_free(int *first, const int *small)
{
    if (first != small) sim_free(first);
}

/* Checks pair i's key: a scalar, not repeated (first: first_keys). Returns its text or NULL
 * (reported). */
static const char *pair_key(const src *c, const scn_node *map, int i, const int *first,
                            const char *where)
{
    const scn_node *k = pair_k(c, map, i);
    if (!text_of(k)) {
        expected(c, k, where, "a key name");
        return NULL;
    }
    if (first[i] != i) {
        scn_mark m = mark_of(c, k);
        char full[KEY_MAX];
        snprintf(full, sizeof full, "%s%s%s", where, *where ? "." : "", text_of(k));
        lerr(c->L, &m, full, "duplicate key (first given on line %d)",
             pair_k(c, map, first[i])->line);
        return NULL;
    }
    return text_of(k);
}

static int number_at(const src *c, const scn_node *v, const char *key, double lo, double hi,
                     double *out)
{
    double x;
    if (parse_number(text_of(v), &x) != 0 || x < lo || x > hi) {
        char what[64];
        if (isinf(hi)) snprintf(what, sizeof what, "a number >= %g", lo);
        else snprintf(what, sizeof what, "a number in [%g, %g]", lo, hi);
        expected(c, v, key, what);
        return -1;
    }
    *out = x;
    return 0;
}

static int enum_at(const src *c, const scn_node *v, const char *key,
                   const char *(*name)(int), int n, int *out)
{
    int i = parse_enum(text_of(v), name, n);
    if (i < 0) {
        char what[320];
        enum_list(name, n, what, sizeof what);
        expected(c, v, key, what);
        return -1;
    }
    *out = i;
    return 0;
}

static const char *const zone_fields[] = {"name", "side", "kind", "lat", "lon", "capacity",
                                          "exposure"};
enum { ZF_NAME, ZF_SIDE, ZF_KIND, ZF_LAT, ZF_LON, ZF_CAPACITY, ZF_EXPOSURE, ZF_N };

static void zone_field(const src *c, lzone *lz, int f, const scn_node *v, const char *key)
{
    scn_zone *z = &lz->z;
    scn_mark m = mark_of(c, v);
    switch (f) {
    case ZF_NAME:
        lz->marks.name = m;
        if (!*text_of(v)) expected(c, v, key, "a zone name");
        else put_text(c->L, &m, key, text_of(v), z->name, sizeof z->name);
        break;
    case ZF_SIDE: enum_at(c, v, key, scn_side_name, SCN_NSIDES, &z->side); break;
    case ZF_KIND: enum_at(c, v, key, scn_zone_kind_name, SCN_NZONE_KINDS, &z->kind); break;
    case ZF_LAT: number_at(c, v, key, -90, 90, &z->lat); break;
    case ZF_LON: number_at(c, v, key, -180, 180, &z->lon); break;
    case ZF_CAPACITY: number_at(c, v, key, 0, INFINITY, &z->capacity); break;
    default: number_at(c, v, key, 0, INFINITY, &z->exposure); break;
    }
}

/* Walks the fields of an item mapping, calling fn for each known one with a scalar value.
 * Sets bit f of *seen for each field given. Returns 0, or -1 if the item is not a map. */
typedef void (*field_fn)(const src *c, void *obj, int f, const scn_node *v, const char *key);

static int walk_item(const src *c, const scn_node *item, const char *label,
                     const char *const *fields, int n, field_fn fn, void *obj, unsigned *seen)
{
    if (item->type != SCN_NODE_MAP) {
        expected(c, item, label, "a mapping");
        return -1;
    }
    int small[16], *first = first_keys(c, item, small, 16);
    if (!first) return -1;
    for (int i = 0; i < item->n && !stopped(c->L); i++) {
        const char *k = pair_key(c, item, i, first, label);
        if (!k) continue;
        char key[KEY_MAX];
        snprintf(key, sizeof key, "%s.%s", label, k);
        int f = 0;
        while (f < n && strcmp(fields[f], k) != 0) f++;
        scn_mark m = mark_of(c, pair_k(c, item, i));
        const scn_node *v = pair_v(c, item, i);
        if (f == n) unknown_key(c->L, &m, key, suggest_from(k, fields, n));
        else if (!text_of(v)) expected(c, v, key, "a single value");
        else {
            *seen |= 1u << f;
            fn(c, obj, f, v, key);
        }
    }
    first_keys_free(first, small);
    return 0;
}

static void missing(loader *L, const scn_mark *at, const char *label, const char *field)
{
    char key[KEY_MAX];
    snprintf(key, sizeof key, "%s%s%s", label, field ? "." : "", field ? field : "");
    lerr(L, at, key, "missing required key");
}

static void zone_fn(const src *c, void *obj, int f, const scn_node *v, const char *key)
{
    zone_field(c, obj, f, v, key);
}

static int push_zone(loader *L, const lzone *lz)
{
    if (sim_grow(&L->zones, &L->capz, L->nz, sizeof *L->zones, 16))
        return L->nomem = 1, SIM_ENOMEM;
    L->zones[L->nz++] = *lz;
    return 0;
}

static void parse_zone(const src *c, const scn_node *item, const char *label)
{
    lzone lz = {.z = {.capacity = 1, .exposure = 1}, .marks = {mark_of(c, item), ""}};
    snprintf(lz.marks.label, sizeof lz.marks.label, "%s", label);
    unsigned seen = 0;
    if (walk_item(c, item, label, zone_fields, ZF_N, zone_fn, &lz, &seen) != 0) return;
    scn_mark at = mark_of(c, item);
    for (int f = ZF_NAME; f <= ZF_LON; f++)
        if (!(seen & (1u << f))) missing(c->L, &at, label, zone_fields[f]);
    if (lz.z.name[0]) push_zone(c->L, &lz);
}

static const char *const item_fields[] = {"date", "day", "action", "zone", "type",
                                          "casualties", "days", "key", "value", "note"};
enum { TF_DATE, TF_DAY, TF_ACTION, TF_ZONE, TF_TYPE, TF_CASUALTIES, TF_DAYS, TF_KEY,
       TF_VALUE, TF_NOTE, TF_N };

static void item_value(const src *c, litem *li, const scn_node *v, const char *key)
{
    int b;
    li->marks.value = mark_of(c, v);
    if (parse_bool(text_of(v), &b) == 0) li->it.value = b;
    else if (parse_number(text_of(v), &li->it.value) != 0)
        expected(c, v, key, "a number or true/false");
}

static void item_fn(const src *c, void *obj, int f, const scn_node *v, const char *key)
{
    litem *li = obj;
    scn_timeline_item *it = &li->it;
    scn_mark m = mark_of(c, v);
    const char *t = text_of(v);
    switch (f) {
    case TF_DATE:
        li->marks.date = m;
        li->has_date = 1;
        if (date_parse(t, &li->date) != 0) expected(c, v, key, "a date YYYY-MM-DD");
        break;
    case TF_DAY:
        li->marks.date = m;
        number_at(c, v, key, 0, INFINITY, &it->day);
        break;
    case TF_ACTION: enum_at(c, v, key, scn_action_name, SCN_NACTIONS, &it->action); break;
    case TF_ZONE:
        li->marks.zone = m;
        put_text(c->L, &m, key, t, li->zone, sizeof li->zone);
        break;
    case TF_TYPE: enum_at(c, v, key, scn_attack_type_name, SCN_NATTACK_TYPES, &it->type); break;
    case TF_CASUALTIES: number_at(c, v, key, 0, INFINITY, &it->casualties); break;
    case TF_DAYS: number_at(c, v, key, 0, INFINITY, &it->days); break;
    case TF_KEY:
        li->marks.key = m;
        put_text(c->L, &m, key, t, it->key, sizeof it->key);
        break;
    case TF_VALUE: item_value(c, li, v, key); break;
    default: put_text(c->L, &m, key, t, it->note, sizeof it->note); break;
    }
}

static int push_item(loader *L, const litem *li)
{
    if (sim_grow(&L->items, &L->capi, L->ni, sizeof *L->items, 16))
        return L->nomem = 1, SIM_ENOMEM;
    L->items[L->ni++] = *li;
    return 0;
}

static void parse_item(const src *c, const scn_node *item, const char *label)
{
    scn_mark at = mark_of(c, item);
    litem li = {.it = {.action = -1, .zone = -1, .type = -1, .casualties = -1, .days = -1},
                .marks = {at, at, at, at, ""}};
    snprintf(li.marks.label, sizeof li.marks.label, "%s", label);
    unsigned seen = 0, when = (1u << TF_DATE) | (1u << TF_DAY);
    int before = c->L->n_bad;
    if (walk_item(c, item, label, item_fields, TF_N, item_fn, &li, &seen) != 0) return;
    if ((seen & when) == when)
        lerr(c->L, &at, label, "expected one of date and day, found both");
    else if (!(seen & when)) missing(c->L, &at, label, "date");
    if (!(seen & (1u << TF_ACTION))) missing(c->L, &at, label, "action");
    if (li.it.action == SCN_ACT_SET) {
        if (!(seen & (1u << TF_KEY))) missing(c->L, &at, label, "key");
        if (!(seen & (1u << TF_VALUE))) missing(c->L, &at, label, "value");
    }
    /* An item with a bad field is dropped, so the final checks do not report it again. */
    if (c->L->n_bad == before) push_item(c->L, &li);
}

/* Nonzero (reported at item) when the zones or the timeline already hold their most. */
static int list_full(const src *c, int is_zones, const scn_node *item, const char *key)
{
    int n = is_zones ? c->L->nz : c->L->ni;
    int max = is_zones ? SCN_ZONES_MAX : SCN_TIMELINE_MAX;
    if (n < max) return 0;
    scn_mark m = mark_of(c, item);
    lerr(c->L, &m, key, "expected at most %d %s in the scenario, found more", max,
         is_zones ? "zones" : "timeline items");
    return 1;
}

/* zones / zones_add / timeline / timeline_add: a list of mappings. */
static void walk_list(const src *c, const char *key, const scn_node *v)
{
    loader *L = c->L;
    int is_zones = strncmp(key, "zones", 5) == 0;
    if (v->type != SCN_NODE_LIST) {
        expected(c, v, key, is_zones ? "a list of zones" : "a list of timeline items");
        return;
    }
    if (is_zones) {
        L->seen_zones = 1;
        L->zones_mark = mark_of(c, v);
        if (strcmp(key, "zones") == 0) L->nz = 0;   /* a list replaces the base's */
    } else if (strcmp(key, "timeline") == 0) {
        L->ni = 0;
    }
    for (int i = 0; i < v->n && !stopped(L); i++) {
        const scn_node *item = scn_tree_kid(c->t, v, i);
        if (list_full(c, is_zones, item, key)) break;
        char label[32];
        snprintf(label, sizeof label, "%.16s[%d]", key, i);
        if (is_zones) parse_zone(c, item, label);
        else parse_item(c, item, label);
    }
}

/* militants.background.levels: a list of factors > 0 (replacing the base's). */
static void walk_levels(const src *c, const scn_node *v)
{
    const char *key = "militants.background.levels";
    bg_shape *b = &c->L->s->background;
    if (v->type != SCN_NODE_LIST) {
        expected(c, v, key, "a list of levels [l1, l2, ...]");
        return;
    }
    c->L->bg_mark = mark_of(c, v);
    if (v->n > BG_LEVELS_MAX) {
        lerr(c->L, &c->L->bg_mark, key, "expected at most %d levels, found %d", BG_LEVELS_MAX,
             v->n);
        return;
    }
    b->n = 0;
    for (int i = 0; i < v->n; i++) {
        const scn_node *x = scn_tree_kid(c->t, v, i);
        double f;
        if (!text_of(x) || parse_number(text_of(x), &f) != 0 || !(f > 0) || !isfinite(f)) {
            expected(c, x, key, "a level > 0");
            return;
        }
        b->level[b->n++] = f;
    }
}

static void walk_center(const src *c, const scn_node *v)
{
    scn_view *w = &c->L->s->view;
    if (v->type != SCN_NODE_LIST || v->n != 2) {
        expected(c, v, "view.center", "a list [lat, lon]");
        return;
    }
    const scn_node *lat = scn_tree_kid(c->t, v, 0), *lon = scn_tree_kid(c->t, v, 1);
    double a = 0, b = 0;
    if (number_at(c, lat, "view.center", -90, 90, &a) == 0 &&
        number_at(c, lon, "view.center", -180, 180, &b) == 0) {
        w->center_lat = a;
        w->center_lon = b;
    }
}

/* ---- sections --------------------------------------------------------------------- */

static void walk_mapping(const src *c, const scn_node *map, const char *prefix);

static void walk_pair(const src *c, const char *key, const scn_node *k, const scn_node *v)
{
    scn_mark km = mark_of(c, k), vm = mark_of(c, v);
    if (is_list_key(key)) {
        if (given_twice(c->L, key, &km)) return;
        if (strcmp(key, "view.center") == 0) walk_center(c, v);
        else if (strcmp(key, "militants.background.levels") == 0) walk_levels(c, v);
        else walk_list(c, key, v);
    } else if (scenario_param_find(key) || find_skey(key)) {
        if (!text_of(v)) expected(c, v, key, "a single value");
        else apply_scalar(c->L, key, text_of(v), &vm);
    } else if (is_section(key)) {
        if (v->type != SCN_NODE_MAP) {
            expected(c, v, key, "a mapping of keys");
            return;
        }
        if (strcmp(key, "scenario") == 0) c->L->scenario_mark = vm;
        walk_mapping(c, v, key);
    } else {
        char hint[KEY_MAX];
        unknown_key(c->L, &km, key, suggest_key(key, hint, sizeof hint));
    }
}

static void walk_mapping(const src *c, const scn_node *map, const char *prefix)
{
    int small[16], *first = first_keys(c, map, small, 16);
    if (!first) return;
    for (int i = 0; i < map->n && !stopped(c->L); i++) {
        const char *k = pair_key(c, map, i, first, prefix);
        if (!k || (!*prefix && strcmp(k, "extends") == 0)) continue;
        char key[KEY_MAX];
        int n = snprintf(key, sizeof key, "%s%s%s", prefix, *prefix ? "." : "", k);
        if (n >= KEY_MAX) {
            scn_mark m = mark_of(c, pair_k(c, map, i));
            unknown_key(c->L, &m, "(long key)", NULL);
            continue;
        }
        walk_pair(c, key, pair_k(c, map, i), pair_v(c, map, i));
    }
    first_keys_free(first, small);
}

/* ---- files and extends ------------------------------------------------------------ */

/* Keeps a copy of name for marks to point into; NULL when out of memory. */
static const char *keep_name(loader *L, const char *name)
{
    char **f = sim_realloc(L->files, (size_t)(L->nfiles + 1) * sizeof *f);
    if (!f) return L->nomem = 1, NULL;
    L->files = f;
    if (!(f[L->nfiles] = sim_strdup(name))) return L->nomem = 1, NULL;
    return f[L->nfiles++];
}

/* Drops "." segments and "x/.." pairs, so that messages name files plainly. */
static void normalize_path(char *path)
{
    char *seg[256];
    int n = 0, abs = path[0] == '/';
    char *save = NULL;
    for (char *t = strtok_r(path, "/", &save); t && n < 256; t = strtok_r(NULL, "/", &save)) {
        if (strcmp(t, ".") == 0) continue;
        if (strcmp(t, "..") == 0 && n > 0 && strcmp(seg[n - 1], "..") != 0) n--;
        else seg[n++] = t;
    }
    char out[1024];
    size_t k = 0;
    out[0] = '\0';
    for (int i = 0; i < n; i++)
        k += (size_t)snprintf(out + k, sizeof out - k, "%s%s", (i || abs) ? "/" : "", seg[i]);
    if (n == 0) snprintf(out, sizeof out, "%s", abs ? "/" : ".");
    memmove(path, out, strlen(out) + 1);
}

/* The file rel names, relative to the folder of the file cur. -1 when too long. */
static int join_path(const char *cur, const char *rel, char *out, size_t size)
{
    const char *slash = strrchr(cur, '/');
    int n;
    if (rel[0] == '/' || !slash) n = snprintf(out, size, "%s", rel);
    else n = snprintf(out, size, "%.*s/%s", (int)(slash - cur), cur, rel);
    if (n < 0 || (size_t)n >= size) return -1;
    normalize_path(out);
    return 0;
}

static void load_file(loader *L, const char *path, const scn_mark *from);

/* A file that cannot be read: reported at the extends line that names it, or at 1:1 of the
 * file itself (the position every message of a file carries). */
static void open_error(loader *L, const char *path, const scn_mark *from, const char *why)
{
    scn_mark m = {path, 1, 1};
    L->broken = 1;
    if (from) lerr(L, from, "extends", "cannot open '%s': %s", path, why);
    else lerr(L, &m, "", "cannot open: %s", why);
}

/* Refuses a file already being loaded (a cycle) or a chain too deep. Returns 0 when ok. */
static int check_chain(loader *L, const char *path, const struct stat *st, const scn_mark *from)
{
    for (int i = 0; i < L->depth; i++) {
        if (L->stack[i].dev != st->st_dev || L->stack[i].ino != st->st_ino) continue;
        char chain[1024];
        size_t k = 0;
        for (int j = 0; j < L->depth; j++)
            k += (size_t)snprintf(chain + k, sizeof chain - k < 1 ? 0 : sizeof chain - k,
                                  "%s -> ", L->stack[j].name);
        if (k >= sizeof chain) k = sizeof chain - 1;
        snprintf(chain + k, sizeof chain - k, "%s", path);
        lerr(L, from, "extends", "extends cycle: %s", chain);
        L->broken = 1;
        return -1;
    }
    if (L->depth >= MAX_EXTENDS) {
        lerr(L, from, "extends", "expected at most %d nested extends, found more",
             MAX_EXTENDS);
        L->broken = 1;
        return -1;
    }
    return 0;
}

/* The base an extends: line names: beside the file (path, already joined) when it is there,
 * else a name on the scenario search path (scn_path.h), else path (whose load then says it
 * cannot be opened). A path that starts with / or ./ or ../ is only looked for beside. */
static const char *base_path(const char *given, char *path, size_t n)
{
    char found[SCN_PATH_LEN];
    if (access(path, F_OK) == 0 || given[0] == '/' || strncmp(given, "./", 2) == 0 ||
        strncmp(given, "../", 3) == 0)
        return path;
    if (scn_path_find(given, found, sizeof found) == 0 && strlen(found) < n &&
        access(found, F_OK) == 0)
        memcpy(path, found, strlen(found) + 1);
    return path;
}

/* Loads the base named by root's extends: (if any) before root's own keys apply. */
static void load_extends(const src *c, const scn_node *root)
{
    int small[16], *first = first_keys(c, root, small, 16);
    if (!first) return;
    for (int i = 0; i < root->n; i++) {
        const char *k = text_of(pair_k(c, root, i));
        if (!k || strcmp(k, "extends") != 0 || first[i] != i) continue;
        const scn_node *v = pair_v(c, root, i);
        scn_mark m = mark_of(c, v);
        char path[1024];
        if (!text_of(v) || !*text_of(v)) expected(c, v, "extends", "a file name");
        else if (join_path(c->file, text_of(v), path, sizeof path) != 0)
            lerr(c->L, &m, "extends", "file name too long");
        else load_file(c->L, base_path(text_of(v), path, sizeof path), &m);
    }
    first_keys_free(first, small);
}

static void load_root(loader *L, const char *file, const scn_tree *t)
{
    src c = {L, t, file};
    scn_mark top = {file, 1, 1};
    const scn_node *root = t->root >= 0 ? &t->nodes[t->root] : NULL;
    if (!root || root->type != SCN_NODE_MAP) L->broken = 1;
    if (!root) {
        lerr(L, &top, "", "empty file, expected a mapping of sections (scenario, zones, ...)");
        return;
    }
    if (root->type != SCN_NODE_MAP) {
        expected(&c, root, "", "a mapping of sections (scenario, zones, ...)");
        return;
    }
    if (L->depth == 1) L->top_mark = top;
    load_extends(&c, root);
    walk_mapping(&c, root, "");
}

static void parse_buffer(loader *L, const char *file, const char *buf, size_t len)
{
    scn_tree t;
    scn_tree_error e;
    if (scn_tree_build(buf, len, &t, &e) != 0) {
        L->broken = 1;
        if (e.nomem) {
            L->nomem = 1;
            return;
        }
        scn_mark m = {file, e.line, e.col};
        lerr(L, &m, "", "%s", e.msg);
        return;
    }
    load_root(L, file, &t);
    scn_tree_free(&t);
}

static void load_file(loader *L, const char *path, const scn_mark *from)
{
    struct stat st;
    size_t len = 0;
    char why[160];
    int top = L->depth == 0;
    char *buf = infile_read(path, top ? INFILE_STDIN : 0, MAX_FILE_BYTES, &len, &st, why,
                            sizeof why);
    const char *name = top && strcmp(path, "-") == 0 ? SCN_STDIN_NAME : path;
    if (!buf) {
        if (errno == ENOMEM) L->nomem = 1;
        else open_error(L, name, from, why);
        return;
    }
    const char *file = check_chain(L, name, &st, from) == 0 ? keep_name(L, name) : NULL;
    if (file) {
        L->stack[L->depth].dev = st.st_dev;
        L->stack[L->depth].ino = st.st_ino;
        L->stack[L->depth].name = file;
        L->depth++;
        parse_buffer(L, file, buf, len);
        L->depth--;
    }
    sim_free(buf);
}

/* ---- overrides and the final checks ----------------------------------------------- */

static void apply_override(loader *L, const char *ov)
{
    static const char set_file[] = "--set";
    scn_mark m = {set_file, 0, 0};
    const char *eq = strchr(ov, '=');
    char key[KEY_MAX], found[64], hint[KEY_MAX];
    if (!eq || eq == ov || eq - ov >= KEY_MAX) {
        scn_found_text(ov, found, sizeof found);
        lerr(L, &m, "", "expected section.key=value, found '%s'", found);
        return;
    }
    snprintf(key, sizeof key, "%.*s", (int)(eq - ov), ov);
    if (is_list_key(key))
        lerr(L, &m, key, "expected a key with a single value, found a list (edit the file)");
    else if (apply_scalar(L, key, eq + 1, &m) == 0)
        return;
    else if (is_section(key))
        lerr(L, &m, key, "expected a key with a single value, found a section (its keys are "
             "named %s.KEY, such as '%s')", key, first_in_section(key));
    else unknown_key(L, &m, key, suggest_key(key, hint, sizeof hint));
}

static void check_required(loader *L)
{
    const scn_mark *sec = L->scenario_mark.file ? &L->scenario_mark : &L->top_mark;
    if (!L->seen_name) missing(L, sec, "scenario.name", NULL);
    if (!L->seen_start) missing(L, sec, "scenario.start_date", NULL);
    if (!L->seen_days) missing(L, sec, "scenario.days", NULL);
    if (!L->seen_zones) {
        missing(L, &L->top_mark, "zones", NULL);
        return;
    }
    int sanct = 0, targets = 0;
    for (int i = 0; i < L->nz; i++) {
        sanct += L->zones[i].z.kind == SCN_ZONE_SANCTUARY;
        targets += L->zones[i].z.kind == SCN_ZONE_TARGET;
    }
    if (!sanct || !targets)
        lerr(L, &L->zones_mark, "zones",
             "expected at least one sanctuary and one target, found %d and %d", sanct,
             targets);
}

/* Zone names in sorted order, for lookups in O(log n) (the first of equal names). */
typedef struct zone_ref {
    const char *name;
    int index;
} zone_ref;

static int cmp_zone_ref(const void *a, const void *b)
{
    const zone_ref *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

static int find_zone(const zone_ref *refs, int n, const char *name)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (strcmp(refs[mid].name, name) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && strcmp(refs[lo].name, name) == 0 ? refs[lo].index : -1;
}

/* Resolves item i's day and zone against the final start date and zones. -1 if bad. */
static int resolve_item(loader *L, litem *li, const zone_ref *refs)
{
    if (li->has_date) li->it.day = (double)(li->date - L->s->start_date);
    if (!li->zone[0]) return 0;
    li->it.zone = find_zone(refs, L->nz, li->zone);
    if (li->it.zone >= 0) return 0;
    const char *names[256];
    int n = L->nz < 256 ? L->nz : 256;
    for (int i = 0; i < n; i++) names[i] = L->zones[i].z.name;
    const char *hint = suggest_from(li->zone, names, n);
    char key[KEY_MAX];
    snprintf(key, sizeof key, "%s.zone", li->marks.label);
    if (hint) lerr(L, &li->marks.zone, key, "unknown zone '%s', did you mean '%s'?", li->zone,
                   hint);
    else lerr(L, &li->marks.zone, key, "unknown zone '%s'", li->zone);
    return -1;
}

/* Timeline order: by day, ties in the order the items were read (a stable sort). */
typedef struct item_ref {
    double day;
    int index;
} item_ref;

static int cmp_item_ref(const void *a, const void *b)
{
    const item_ref *x = a, *y = b;
    if (x->day != y->day) return x->day < y->day ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

/* Moves the zones and the resolved timeline, sorted, into the scenario with their marks. */
static int move_lists(loader *L, scn_zone_marks *zm, scn_tl_marks *tm)
{
    scenario *s = L->s;
    zone_ref *zr = sim_calloc((size_t)L->nz + 1, sizeof *zr);
    item_ref *ir = sim_calloc((size_t)L->ni + 1, sizeof *ir);
    s->zones = sim_calloc((size_t)L->nz + 1, sizeof *s->zones);
    s->timeline = sim_calloc((size_t)L->ni + 1, sizeof *s->timeline);
    int rc = zr && ir && s->zones && s->timeline ? 0 : SIM_ENOMEM;
    for (int i = 0; !rc && i < L->nz; i++) {
        s->zones[i] = L->zones[i].z;
        zm[i] = L->zones[i].marks;
        zr[i] = (zone_ref){s->zones[i].name, i};
    }
    if (!rc) {
        s->n_zones = L->nz;
        qsort(zr, (size_t)L->nz, sizeof *zr, cmp_zone_ref);
    }
    int k = 0;
    for (int i = 0; !rc && i < L->ni; i++)
        if (resolve_item(L, &L->items[i], zr) == 0) ir[k++] = (item_ref){L->items[i].it.day, i};
    if (!rc) qsort(ir, (size_t)k, sizeof *ir, cmp_item_ref);
    for (int j = 0; !rc && j < k; j++) {
        s->timeline[j] = L->items[ir[j].index].it;
        tm[j] = L->items[ir[j].index].marks;
    }
    if (!rc) s->n_timeline = k;
    sim_free(zr);
    sim_free(ir);
    return rc;
}

/* The record the scenario names must load, strictly: a scenario that promises the class
 * what really happened and cannot show it is refused here, not in front of the class. */
static void check_record(loader *L)
{
    const scenario *s = L->s;
    if (!s->record[0]) return;
    const scn_mark *at = &L->kmarks[known_index("record")];
    char path[1024];
    if (scenario_file_path(s, s->record, path, sizeof path) != 0) {
        lerr(L, at, "record", "expected a record file, found a path too long");
        return;
    }
    record *r = NULL;
    record_report rep;
    int rc = record_load(path, 1, &r, &rep);
    record_destroy(r);
    if (rc == SIM_ENOMEM) L->nomem = 1;
    else if (rc)
        lerr(L, at, "record", "expected a record file (docs/data.md, \"The record format\"): %s",
             rep.error[0] ? rep.error : sim_strerror(rc));
}

/* Moves the loader's zones and (sorted, stable) timeline into the scenario and validates
 * it with the marks of the values. */
static void finish(loader *L)
{
    scenario *s = L->s;
    scn_zone_marks *zm = sim_calloc((size_t)L->nz + 1, sizeof *zm);
    scn_tl_marks *tm = sim_calloc((size_t)L->ni + 1, sizeof *tm);
    if (!zm || !tm || move_lists(L, zm, tm) != 0) {
        L->nomem = 1;
    } else {
        check_required(L);
        scn_marks m = {L->pmarks, zm, tm, L->days_mark, L->bg_mark, L->top_mark};
        m.fallback.line = m.fallback.col = 0;
        L->n_bad += scn_validate_marked(s, L->errs, &m);
        check_record(L);
    }
    sim_free(zm);
    sim_free(tm);
}

static void loader_free(loader *L)
{
    for (int i = 0; i < L->nfiles; i++) sim_free(L->files[i]);
    sim_free(L->files);
    sim_free(L->zones);
    sim_free(L->items);
    sim_free(L->pmarks);
    sim_free(L->kmarks);
}

scenario *scenario_load(const char *path, const char *const *overrides, int n_over,
                        scn_errors *errs)
{
    loader L = {.errs = errs};
    L.s = scenario_create_default();
    L.pmarks = sim_calloc((size_t)scenario_param_count(), sizeof *L.pmarks);
    L.kmarks = sim_calloc((size_t)known_count(), sizeof *L.kmarks);
    if (L.s && L.pmarks && L.kmarks) {
        snprintf(L.s->path, sizeof L.s->path, "%s",
                 strcmp(path, "-") == 0 ? SCN_STDIN_NAME : path);
        load_file(&L, path, NULL);
        for (int i = 0; i < n_over && !stopped(&L); i++) apply_override(&L, overrides[i]);
        if (!stopped(&L) && !L.broken) finish(&L);
    } else {
        L.nomem = 1;
    }
    if (L.nomem) {
        scn_mark m = {path, 0, 0};
        lerr(&L, &m, "", "out of memory");
    }
    loader_free(&L);
    if (L.n_bad == 0) return L.s;
    scenario_destroy(L.s);
    return NULL;
}

/* ---- writer ----------------------------------------------------------------------- */

/* A YAML double-quoted scalar. */
static void put_quoted(FILE *f, const char *t)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
        if (*p == '"' || *p == '\\') fprintf(f, "\\%c", *p);
        else if (*p == '\n') fputs("\\n", f);
        else if (*p == '\t') fputs("\\t", f);
        else if (*p < 0x20 || *p == 0x7f) fprintf(f, "\\x%02x", *p);
        else fputc(*p, f);
    }
    fputc('"', f);
}

static void put_double(FILE *f, double v)
{
    char buf[40];
    scn_format_double(v, buf, sizeof buf);
    fputs(buf, f);
}

/* Writes the parameters as nested mappings: the table keeps shared prefixes adjacent. */
/* militants.background, when not constant, inside the militants mapping. */
static void write_background(const bg_shape *b, FILE *f)
{
    if (b->kind == BG_CONSTANT) return;
    char d[11];
    date_format(b->from, d);
    fprintf(f, "  background:\n    shape: %s\n    from: %s\n    step: ", bg_kind_name(b->kind),
            d);
    put_double(f, b->step);
    fputs("\n    levels: [", f);
    for (int i = 0; i < b->n; i++) {
        if (i) fputs(", ", f);
        put_double(f, b->level[i]);
    }
    fputs("]\n", f);
}

static void write_params(const scenario *s, FILE *f)
{
    char prev[KEY_MAX] = "";
    for (int i = 0; i < scenario_param_count(); i++) {
        const scn_param_info *pi = scenario_param_at(i);
        const char *k = pi->key;
        size_t common = 0; /* length of the shared section prefix, up to a '.' */
        for (size_t j = 0; k[j] && k[j] == prev[j]; j++)
            if (k[j] == '.') common = j + 1;
        int depth = 0;
        for (size_t j = 0; j < common; j++) depth += k[j] == '.';
        for (const char *p = k + common, *dot; (dot = strchr(p, '.')); p = dot + 1, depth++) {
            fprintf(f, "%*s%.*s:\n", 2 * depth, "", (int)(dot - p), p);
            if (depth == 0 && strncmp(p, "mediators.", 10) == 0) {
                fputs("  name: ", f);
                put_quoted(f, s->mediator_name);
                fputc('\n', f);
            }
        }
        const char *leaf = strrchr(k, '.') + 1;
        fprintf(f, "%*s%s: ", 2 * depth, "", leaf);
        double v = scn_param_value(&s->p, pi);
        if (pi->is_int) fputs(v != 0 ? "true" : "false", f);
        else put_double(f, v);
        fputc('\n', f);
        snprintf(prev, sizeof prev, "%s", k);
        const char *next = i + 1 < scenario_param_count() ? scenario_param_at(i + 1)->key : "";
        if (strncmp(k, "militants.", 10) == 0 && strncmp(next, "militants.", 10) != 0)
            write_background(&s->background, f);   /* the table keeps militants.* together */
    }
}

static void write_zone(const scn_zone *z, FILE *f)
{
    fputs("  - {name: ", f);
    put_quoted(f, z->name);
    fprintf(f, ", side: %s, kind: %s, lat: ", scn_side_name(z->side),
            scn_zone_kind_name(z->kind));
    put_double(f, z->lat);
    fputs(", lon: ", f);
    put_double(f, z->lon);
    fputs(", capacity: ", f);
    put_double(f, z->capacity);
    fputs(", exposure: ", f);
    put_double(f, z->exposure);
    fputs("}\n", f);
}

static void write_item(const scenario *s, const scn_timeline_item *it, FILE *f)
{
    if (it->day == floor(it->day)) {
        char d[11];
        date_format(s->start_date + (long)it->day, d);
        fprintf(f, "  - {date: %s", d);
    } else {
        fputs("  - {day: ", f);
        put_double(f, it->day);
    }
    fprintf(f, ", action: %s", scn_action_name(it->action));
    if (it->zone >= 0 && it->zone < s->n_zones) {
        fputs(", zone: ", f);
        put_quoted(f, s->zones[it->zone].name);
    }
    if (it->type >= 0) fprintf(f, ", type: %s", scn_attack_type_name(it->type));
    if (it->casualties >= 0) fputs(", casualties: ", f), put_double(f, it->casualties);
    if (it->days >= 0) fputs(", days: ", f), put_double(f, it->days);
    if (it->action == SCN_ACT_SET) {
        fputs(", key: ", f);
        put_quoted(f, it->key);
        fputs(", value: ", f);
        put_double(f, it->value);
    }
    if (it->note[0]) fputs(", note: ", f), put_quoted(f, it->note);
    fputs("}\n", f);
}

static void write_head(const scenario *s, FILE *f)
{
    char d[11];
    date_format(s->start_date, d);
    fputs("# Resolved scenario written by frontier: every parameter, zone and timeline item.\n"
          "scenario:\n  name: ", f);
    put_quoted(f, s->name);
    fputs("\n  description: ", f);
    put_quoted(f, s->description);
    fprintf(f, "\n  start_date: %s\n  days: ", d);
    put_double(f, s->days);
    fprintf(f, "\n  seed: %llu\n  max_events: %llu\nsides:\n  state: ", s->seed, s->max_events);
    put_quoted(f, s->side_name[SCN_SIDE_STATE]);
    fputs("\n  host: ", f);
    put_quoted(f, s->side_name[SCN_SIDE_HOST]);
    fputs("\n  militants: ", f);
    put_quoted(f, s->militant_name);
    fputc('\n', f);
}

static void write_view(const scn_view *v, FILE *f)
{
    fputs("view:\n  map: ", f);
    put_quoted(f, v->map);
    fputs("\n  center: [", f);
    put_double(f, v->center_lat);
    fputs(", ", f);
    put_double(f, v->center_lon);
    fputs("]\n  span_km: ", f);
    put_double(f, v->span_km);
    fputs("\n  title: ", f);
    put_quoted(f, v->title);
    fputs("\n  brief: ", f);
    put_quoted(f, v->brief);
    fputs("\n  questions: ", f);
    put_quoted(f, v->questions);
    if (v->watch[0]) {
        fputs("\n  watch: ", f);
        put_quoted(f, v->watch);
    }
    static const char *const who[3] = {"state", "host", "militants"};
    for (int i = 0; i < 3; i++)
        if (v->wants[i][0]) {
            fprintf(f, "\n  wants.%s: ", who[i]);   /* dotted keys read back as nested */
            put_quoted(f, v->wants[i]);
        }
    fputc('\n', f);
}

int scenario_write_yaml(const scenario *s, FILE *f)
{
    write_head(s, f);
    write_params(s, f);
    fputs(s->n_zones ? "zones:\n" : "zones: []\n", f);
    for (int i = 0; i < s->n_zones; i++) write_zone(&s->zones[i], f);
    fputs(s->n_timeline ? "timeline:\n" : "timeline: []\n", f);
    for (int i = 0; i < s->n_timeline; i++) write_item(s, &s->timeline[i], f);
    write_view(&s->view, f);
    if (s->record[0]) {
        fputs("record: ", f);
        put_quoted(f, s->record);
        fputc('\n', f);
    }
    return ferror(f) ? SIM_EIO : 0;
}
