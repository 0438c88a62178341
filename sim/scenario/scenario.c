/* scenario.c - scenario structs: defaults, copies, zones and timeline, validation, hash. */
#include "base/alloc.h"
#include "base/date.h"
#include "base/err.h"
#include "scenario/scn_int.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define SCN_NAME(id, name) name,
static const char *const side_names[SCN_NSIDES] = {SCN_SIDES(SCN_NAME)};
static const char *const kind_names[SCN_NZONE_KINDS] = {SCN_ZONE_KINDS(SCN_NAME)};
static const char *const type_names[SCN_NATTACK_TYPES] = {SCN_ATTACK_TYPES(SCN_NAME)};
static const char *const action_names[SCN_NACTIONS] = {SCN_ACTIONS(SCN_NAME)};
#undef SCN_NAME

static const char *name_at(const char *const *names, int n, int i)
{
    return i >= 0 && i < n ? names[i] : "?";
}

const char *scn_side_name(int side) { return name_at(side_names, SCN_NSIDES, side); }
const char *scn_zone_kind_name(int kind) { return name_at(kind_names, SCN_NZONE_KINDS, kind); }
const char *scn_attack_type_name(int type)
{
    return name_at(type_names, SCN_NATTACK_TYPES, type);
}
const char *scn_action_name(int action) { return name_at(action_names, SCN_NACTIONS, action); }

/* ---- diagnostics ------------------------------------------------------------------- */

void scn_errors_free(scn_errors *errs)
{
    if (!errs) return;
    sim_free(errs->items);
    errs->items = NULL;
    errs->n = errs->cap = 0;
}

static void copy_text(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static int errors_grow(scn_errors *errs)
{
    return sim_grow(&errs->items, &errs->cap, errs->n, sizeof *errs->items, 8);
}

int scn_errors_add(scn_errors *errs, const scn_mark *at, const char *key, const char *fmt, ...)
{
    if (!errs || errs->n > SCN_ERRORS_MAX || errors_grow(errs) != 0) return 1;
    scn_error *e = &errs->items[errs->n++];
    copy_text(e->file, sizeof e->file, at ? at->file : NULL);
    e->line = at ? at->line : 0;
    e->col = at ? at->col : 0;
    if (errs->n > SCN_ERRORS_MAX) {
        e->key[0] = '\0';
        copy_text(e->msg, sizeof e->msg, "too many errors; the rest are not shown");
        return 1;
    }
    copy_text(e->key, sizeof e->key, key);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return 1;
}

void scn_errors_print(const scn_errors *errs, FILE *f)
{
    for (int i = 0; errs && i < errs->n; i++) {
        const scn_error *e = &errs->items[i];
        if (e->file[0] && e->line > 0) fprintf(f, "%s:%d:%d: ", e->file, e->line, e->col);
        else if (e->file[0]) fprintf(f, "%s: ", e->file);
        if (e->key[0]) fprintf(f, "%s: ", e->key);
        fprintf(f, "%s\n", e->msg);
    }
}

/* ---- construction ------------------------------------------------------------------ */

scenario *scenario_create_default(void)
{
    scenario *s = sim_calloc(1, sizeof *s);
    if (!s) return NULL;
    copy_text(s->name, sizeof s->name, "default");
    s->start_date = date_from_ymd(2023, 1, 1);
    s->days = 365;
    s->seed = 1;
    s->max_events = SCN_EVENTS_DEFAULT;
    copy_text(s->side_name[SCN_SIDE_STATE], SCN_NAME_MAX, "state");
    copy_text(s->side_name[SCN_SIDE_HOST], SCN_NAME_MAX, "host");
    copy_text(s->militant_name, SCN_NAME_MAX, "militants");
    copy_text(s->mediator_name, SCN_NAME_MAX, "mediators");
    scn_params_default(&s->p);
    return s;
}

void scenario_destroy(scenario *s)
{
    if (!s) return;
    sim_free(s->zones);
    sim_free(s->timeline);
    sim_free(s);
}

static void *dup_array(const void *src, int n, size_t size)
{
    if (n <= 0) return NULL;
    void *d = sim_malloc((size_t)n * size);
    if (d) memcpy(d, src, (size_t)n * size);
    return d;
}

scenario *scenario_clone(const scenario *s)
{
    scenario *c = sim_malloc(sizeof *c);
    if (!c) return NULL;
    *c = *s;
    c->zones = dup_array(s->zones, s->n_zones, sizeof *s->zones);
    c->timeline = dup_array(s->timeline, s->n_timeline, sizeof *s->timeline);
    if ((s->n_zones > 0 && !c->zones) || (s->n_timeline > 0 && !c->timeline)) {
        scenario_destroy(c);
        return NULL;
    }
    return c;
}

int scenario_add_zone(scenario *s, const scn_zone *z)
{
    scn_zone *zs = sim_realloc(s->zones, (size_t)(s->n_zones + 1) * sizeof *zs);
    if (!zs) return SIM_ENOMEM;
    s->zones = zs;
    zs[s->n_zones] = *z;
    return s->n_zones++;
}

int scenario_add_timeline(scenario *s, const scn_timeline_item *it)
{
    scn_timeline_item *t = sim_realloc(s->timeline, (size_t)(s->n_timeline + 1) * sizeof *t);
    if (!t) return SIM_ENOMEM;
    s->timeline = t;
    /* Insert after every item on the same day or earlier: stable by insertion order. */
    int i = s->n_timeline;
    while (i > 0 && t[i - 1].day > it->day) {
        t[i] = t[i - 1];
        i--;
    }
    t[i] = *it;
    s->n_timeline++;
    return 0;
}

int scenario_file_path(const scenario *s, const char *rel, char *out, size_t size)
{
    const char *slash = strrchr(s->path, '/');
    int n;
    if (rel[0] == '/' || !slash) n = snprintf(out, size, "%s", rel);
    else n = snprintf(out, size, "%.*s/%s", (int)(slash - s->path), s->path, rel);
    return n < 0 || (size_t)n >= size ? SIM_ERANGE : 0;
}

int scenario_find_zone(const scenario *s, const char *name)
{
    for (int i = 0; name && i < s->n_zones; i++)
        if (strcmp(s->zones[i].name, name) == 0) return i;
    return -1;
}

/* ---- validation -------------------------------------------------------------------- */

/* The mark to report at: m's when it names a file, else the fallback, else none. */
static const scn_mark *pick(const scn_marks *m, const scn_mark *specific)
{
    if (specific && specific->file) return specific;
    return m ? &m->fallback : NULL;
}

static int check_params(const scenario *s, scn_errors *errs, const scn_marks *m)
{
    int bad = 0;
    for (int i = 0; i < scenario_param_count(); i++) {
        const scn_param_info *pi = scenario_param_at(i);
        double v = scn_param_value(&s->p, pi);
        if (scn_param_in_range(pi, v)) continue;
        char expect[64], found[32];
        scn_param_expect(pi, expect, sizeof expect);
        scn_format_double(v, found, sizeof found);
        scn_errors_add(errs, pick(m, m && m->params ? &m->params[i] : NULL), pi->key,
                       "expected %s, found '%s'", expect, found);
        bad++;
    }
    return bad;
}

/* ---- rules between parameters ------------------------------------------------------ */

enum { RULE_EXPLOSIVE, RULE_TYPES, N_RULES };

/* Nonzero when p breaks rule r; *key then names the parameter to report at and why says
 * what is wrong. */
static int rule_broken(const scn_params *p, int r, const char **key, char *why, size_t n)
{
    if (r == RULE_EXPLOSIVE) {
        double kappa = p->militants.branching;
        if (kappa < 1 || p->militants.allow_explosive) return 0;
        *key = "militants.branching";
        snprintf(why, n, "explosive process: branching %g >= 1 makes attacks grow without "
                 "bound (write militants.allow_explosive: true to allow it)", kappa);
        return 1;
    }
    double total = 0;
    for (int t = 0; t < SCN_NATTACK_TYPES; t++) total += p->militants.type[t].probability;
    if (total > 0) return 0;
    *key = "militants.types.ied.probability";
    snprintf(why, n, "expected at least one type probability > 0, found all 0");
    return 1;
}

int scenario_params_check(const scn_params *p, const char **key, char *why, size_t n)
{
    for (int r = 0; r < N_RULES; r++)
        if (rule_broken(p, r, key, why, n)) return SIM_ERANGE;
    return 0;
}

static int check_militants(const scenario *s, scn_errors *errs, const scn_marks *m)
{
    int bad = 0;
    for (int r = 0; r < N_RULES; r++) {
        const char *key;
        char why[256];
        if (!rule_broken(&s->p, r, &key, why, sizeof why)) continue;
        int i = scn_param_index(key);
        scn_errors_add(errs, pick(m, m && m->params ? &m->params[i] : NULL),
                       r == RULE_TYPES ? "militants.types" : key, "%s", why);
        bad++;
    }
    char why[160];
    if (bg_check(&s->background, why, sizeof why) != 0) {
        scn_errors_add(errs, pick(m, m ? &m->background : NULL), "militants.background",
                       "%s", why);
        bad++;
    }
    return bad;
}

/* "label.field", or "base.field" when label is empty. */
static const char *field_key(char *buf, size_t n, const char *label, const char *base,
                             const char *field)
{
    snprintf(buf, n, "%s.%s", label && label[0] ? label : base, field);
    return buf;
}

static int check_zone(const scenario *s, int i, scn_errors *errs, const scn_marks *m)
{
    const scn_zone *z = &s->zones[i];
    const scn_zone_marks *zm = m && m->zones ? &m->zones[i] : NULL;
    const scn_mark *at = pick(m, zm ? &zm->name : NULL);
    const char *label = zm ? zm->label : NULL;
    char key[64];
    int bad = 0;
    if (!z->name[0])
        bad += scn_errors_add(errs, at, field_key(key, sizeof key, label, "zones", "name"),
                              "expected a zone name, found ''");
    for (int j = 0; j < i && z->name[0]; j++)
        if (strcmp(s->zones[j].name, z->name) == 0) {
            bad += scn_errors_add(errs, at, field_key(key, sizeof key, label, "zones", "name"),
                                  "duplicate zone name '%s'", z->name);
            break;
        }
    if (z->side < 0 || z->side >= SCN_NSIDES || z->kind < 0 || z->kind >= SCN_NZONE_KINDS)
        bad += scn_errors_add(errs, at, label && label[0] ? label : "zones",
                              "zone '%s' has an invalid side or kind", z->name);
    if (!(z->lat >= -90 && z->lat <= 90) || !(z->lon >= -180 && z->lon <= 180))
        bad += scn_errors_add(errs, at, label && label[0] ? label : "zones",
                              "zone '%s': expected lat in [-90, 90] and lon in [-180, 180], "
                              "found %g, %g", z->name, z->lat, z->lon);
    if (!(z->capacity >= 0 && isfinite(z->capacity)) ||
        !(z->exposure >= 0 && isfinite(z->exposure)))
        bad += scn_errors_add(errs, at, label && label[0] ? label : "zones",
                              "zone '%s': expected capacity and exposure >= 0", z->name);
    return bad;
}

/* The side or kind a timeline action needs of its zone, or 0 when any zone will do. */
static int zone_fits(int action, const scn_zone *z, const char **want)
{
    switch (action) {
    case SCN_ACT_ATTACK: *want = "a state-side zone"; return z->side == SCN_SIDE_STATE;
    case SCN_ACT_STRIKE:
    case SCN_ACT_DRONE: *want = "a host-side zone"; return z->side == SCN_SIDE_HOST;
    case SCN_ACT_CLOSURE:
    case SCN_ACT_REOPEN:
    case SCN_ACT_CLASH: *want = "a crossing"; return z->kind == SCN_ZONE_CROSSING;
    case SCN_ACT_CRACKDOWN: *want = "a sanctuary"; return z->kind == SCN_ZONE_SANCTUARY;
    default: return 1;
    }
}

static int check_set(const scn_timeline_item *it, scn_errors *errs, const scn_marks *m,
                     const scn_tl_marks *tm)
{
    const scn_param_info *pi = scenario_param_find(it->key);
    char key[64];
    if (!pi) {
        const char *hint = scenario_param_suggest(it->key);
        scn_errors_add(errs, pick(m, tm ? &tm->key : NULL),
                       field_key(key, sizeof key, tm ? tm->label : NULL, "timeline", "key"),
                       "unknown parameter '%s'%s%s%s", it->key, hint ? ", did you mean '" : "",
                       hint ? hint : "", hint ? "'?" : "");
        return 1;
    }
    if (scn_param_in_range(pi, it->value)) return 0;
    char expect[64], found[32];
    scn_param_expect(pi, expect, sizeof expect);
    scn_format_double(it->value, found, sizeof found);
    scn_errors_add(errs, pick(m, tm ? &tm->value : NULL), pi->key, "expected %s, found '%s'",
                   expect, found);
    return 1;
}

/* An item outside [start_date, start_date + days]: named by its date when whole. */
static int check_day(const scenario *s, const scn_timeline_item *it, scn_errors *errs,
                     const scn_marks *m, const scn_tl_marks *tm)
{
    char a[11], b[11], found[32], key[64];
    date_format(s->start_date, a);
    date_format(s->start_date + (long)floor(fmin(s->days, SCN_DAYS_MAX)), b);
    if (it->day == floor(it->day) && fabs(it->day) < 1e7) {
        found[0] = '\'';
        date_format(s->start_date + (long)it->day, found + 1);
        strcat(found, "'");
    } else {
        snprintf(found, sizeof found, "day %g", it->day);
    }
    return scn_errors_add(errs, pick(m, tm ? &tm->date : NULL),
                          field_key(key, sizeof key, tm ? tm->label : NULL, "timeline", "date"),
                          "expected a date from %s to %s, found %s", a, b, found);
}

static int check_item(const scenario *s, int i, scn_errors *errs, const scn_marks *m)
{
    const scn_timeline_item *it = &s->timeline[i];
    const scn_tl_marks *tm = m && m->timeline ? &m->timeline[i] : NULL;
    const char *label = tm ? tm->label : NULL;
    char key[64];
    int bad = 0;
    if (it->action < 0 || it->action >= SCN_NACTIONS)
        return scn_errors_add(errs, pick(m, tm ? &tm->date : NULL),
                              field_key(key, sizeof key, label, "timeline", "action"),
                              "invalid action %d", it->action);
    if (!(it->day >= 0 && it->day <= s->days)) bad += check_day(s, it, errs, m, tm);
    if (it->zone >= s->n_zones || it->zone < -1) {
        bad += scn_errors_add(errs, pick(m, tm ? &tm->zone : NULL),
                              field_key(key, sizeof key, label, "timeline", "zone"),
                              "zone index %d does not exist", it->zone);
    } else if (it->zone >= 0) {
        const char *want = "";
        if (!zone_fits(it->action, &s->zones[it->zone], &want))
            bad += scn_errors_add(errs, pick(m, tm ? &tm->zone : NULL),
                                  field_key(key, sizeof key, label, "timeline", "zone"),
                                  "expected %s for %s, found '%s'", want,
                                  scn_action_name(it->action), s->zones[it->zone].name);
    }
    if (it->type < -1 || it->type >= SCN_NATTACK_TYPES)
        bad += scn_errors_add(errs, pick(m, tm ? &tm->date : NULL),
                              field_key(key, sizeof key, label, "timeline", "type"),
                              "invalid attack type %d", it->type);
    if (it->action == SCN_ACT_SET) bad += check_set(it, errs, m, tm);
    if (it->days > SCN_DAYS_MAX)
        bad += scn_errors_add(errs, pick(m, tm ? &tm->date : NULL),
                              field_key(key, sizeof key, label, "timeline", "days"),
                              "expected at most %g days (100 years), found %g", SCN_DAYS_MAX,
                              it->days);
    if (it->casualties > SCN_CASUALTIES_MAX)
        bad += scn_errors_add(errs, pick(m, tm ? &tm->date : NULL),
                              field_key(key, sizeof key, label, "timeline", "casualties"),
                              "expected at most %g casualties, found %g", SCN_CASUALTIES_MAX,
                              it->casualties);
    return bad;
}

/* Timeline `set` items that break a rule between parameters at their day, counted from the
 * parameters in force then (the file's, changed by the earlier items). A broken item is not
 * applied, so that each later one is judged on its own. */
static int check_set_rules(const scenario *s, scn_errors *errs, const scn_marks *m)
{
    const char *key;
    char why[256];
    if (scenario_params_check(&s->p, &key, why, sizeof why)) return 0; /* check_militants */
    scn_params p = s->p;
    int bad = 0;
    for (int i = 0; i < s->n_timeline; i++) {
        const scn_timeline_item *it = &s->timeline[i];
        scn_params before = p;
        if (it->action != SCN_ACT_SET || scenario_param_set(&p, it->key, it->value) != 0 ||
            !scenario_params_check(&p, &key, why, sizeof why))
            continue;
        const scn_tl_marks *tm = m && m->timeline ? &m->timeline[i] : NULL;
        char day[32];
        scn_format_double(it->day, day, sizeof day);
        bad += scn_errors_add(errs, pick(m, tm ? &tm->value : NULL), it->key,
                              "%s; set on day %s by %s", why, day,
                              tm && tm->label[0] ? tm->label : "the timeline");
        p = before;
    }
    return bad;
}

/* Every date of a run has four digits: the run ends by 9999-12-31. */
static int check_calendar(const scenario *s, scn_errors *errs, const scn_marks *m)
{
    if (s->start_date < date_from_ymd(0, 1, 1) || s->start_date > SCN_LAST_DATE)
        return scn_errors_add(errs, pick(m, NULL), "scenario.start_date",
                              "expected a date from 0000-01-01 to 9999-12-31");
    if (!(s->days > 0 && s->days <= SCN_DAYS_MAX)) return 0;   /* reported with the horizon */
    if ((double)s->start_date + ceil(s->days) <= (double)SCN_LAST_DATE) return 0;
    char start[11], found[32];
    date_format(s->start_date, start);
    scn_format_double(s->days, found, sizeof found);
    return scn_errors_add(errs, pick(m, m ? &m->days : NULL), "scenario.days",
                          "expected a run that ends by 9999-12-31, found %s days from %s",
                          found, start);
}

int scn_validate_marked(const scenario *s, scn_errors *errs, const scn_marks *m)
{
    int bad = 0;
    if (!(s->days > 0 && s->days <= SCN_DAYS_MAX)) {
        char found[32];
        scn_format_double(s->days, found, sizeof found);
        if (s->days > 0)
            scn_errors_add(errs, pick(m, m ? &m->days : NULL), "scenario.days",
                           "expected at most %g days (100 years), found '%s'", SCN_DAYS_MAX,
                           found);
        else
            scn_errors_add(errs, pick(m, m ? &m->days : NULL), "scenario.days",
                           "expected a number > 0, found '%s'", found);
        bad++;
    }
    bad += check_calendar(s, errs, m);
    bad += check_params(s, errs, m);
    bad += check_militants(s, errs, m);
    if (s->n_zones > SCN_ZONES_MAX || s->n_timeline > SCN_TIMELINE_MAX)
        bad += scn_errors_add(errs, pick(m, NULL), s->n_zones > SCN_ZONES_MAX ? "zones" :
                              "timeline", "expected at most %d zones and %d timeline items, "
                              "found %d and %d", SCN_ZONES_MAX, SCN_TIMELINE_MAX, s->n_zones,
                              s->n_timeline);
    for (int i = 0; i < s->n_zones; i++)
        bad += check_zone(s, i, errs, m);
    for (int i = 0; i < s->n_timeline; i++) bad += check_item(s, i, errs, m);
    bad += check_set_rules(s, errs, m);
    if (s->max_events < 1 || s->max_events > SCN_EVENTS_MAX)
        bad += scn_errors_add(errs, pick(m, NULL), "scenario.max_events",
                              "expected a whole number of events from 1 to %llu, found %llu",
                              SCN_EVENTS_MAX, s->max_events);
    return bad;
}

int scenario_validate(const scenario *s, scn_errors *errs)
{
    scn_marks m = {.fallback = {s->path[0] ? s->path : NULL, 0, 0}};
    return scn_validate_marked(s, errs, &m);
}

/* ---- hash -------------------------------------------------------------------------- */

typedef struct { uint64_t h; } fnv;

static void fnv_bytes(fnv *f, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        f->h ^= b[i];
        f->h *= 0x100000001b3ULL;
    }
}

static void fnv_double(fnv *f, double v)
{
    if (v == 0) v = 0; /* -0 and +0 are the same value */
    if (isnan(v)) v = NAN;
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    fnv_bytes(f, &bits, sizeof bits);
}

static void fnv_int(fnv *f, long long v) { fnv_double(f, (double)v); }

static void fnv_str(fnv *f, const char *s) { fnv_bytes(f, s, strlen(s) + 1); }

static void hash_zone(fnv *f, const scn_zone *z)
{
    fnv_str(f, z->name);
    fnv_int(f, z->side);
    fnv_int(f, z->kind);
    fnv_double(f, z->lat);
    fnv_double(f, z->lon);
    fnv_double(f, z->capacity);
    fnv_double(f, z->exposure);
}

static void hash_item(fnv *f, const scn_timeline_item *it)
{
    fnv_double(f, it->day);
    fnv_int(f, it->action);
    fnv_int(f, it->zone);
    fnv_int(f, it->type);
    fnv_double(f, it->casualties);
    fnv_double(f, it->days);
    fnv_str(f, it->key);
    fnv_double(f, it->value);
    fnv_str(f, it->note);
}

/* Covers what changes a run (dates, sides, parameters, zones, timeline), not the seed,
 * the texts of the view or where the file lives. */
unsigned long long scenario_hash(const scenario *s)
{
    fnv f = {0xcbf29ce484222325ULL};
    fnv_int(&f, s->start_date);
    fnv_double(&f, s->days);
    for (int i = 0; i < SCN_NSIDES; i++) fnv_str(&f, s->side_name[i]);
    fnv_str(&f, s->militant_name);
    fnv_str(&f, s->mediator_name);
    for (int i = 0; i < scenario_param_count(); i++) {
        const scn_param_info *pi = scenario_param_at(i);
        fnv_str(&f, pi->key);
        fnv_double(&f, scn_param_value(&s->p, pi));
    }
    const bg_shape *bg = &s->background;
    if (bg->kind != BG_CONSTANT) {   /* a constant background leaves older hashes alone */
        fnv_int(&f, bg->kind);
        fnv_int(&f, bg->from);
        fnv_double(&f, bg->step);
        fnv_int(&f, bg->n);
        for (int i = 0; i < bg->n; i++) fnv_double(&f, bg->level[i]);
    }
    fnv_int(&f, s->n_zones);
    for (int i = 0; i < s->n_zones; i++) hash_zone(&f, &s->zones[i]);
    fnv_int(&f, s->n_timeline);
    for (int i = 0; i < s->n_timeline; i++) hash_item(&f, &s->timeline[i]);
    return f.h;
}
