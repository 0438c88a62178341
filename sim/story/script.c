/* script.c - knob and inject scripts: parse, replay on a model, record and write. */
#include "story/script.h"
#include "base/alloc.h"
#include "base/date.h"
#include "base/err.h"
#include "base/num.h"
#include "io/infile.h"
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define SCRIPT_TOKENS 12
#define SCRIPT_ERRORS_MAX 100

struct script {
    scn_timeline_item *items;
    int n, cap;
    int next;               /* entries before this one have been applied */
};

/* One word of a line: a bare word, or key=value with value bare or quoted. */
typedef struct token {
    int col;                /* 1-based column of its first byte */
    char key[SCN_NAME_MAX]; /* empty for a bare word */
    char val[SCN_TEXT_MAX];
} token;

/* Where the parser is, for messages. */
typedef struct where {
    const char *file;
    int line;
    scn_errors *errs;
    int bad;
    int nomem;              /* an entry could not be stored */
    const scenario *s;
    struct set_at *sets;    /* the `set` entries in file order, for check_rules */
    int n_sets, cap_sets;
} where;

/* A `set` entry and where it was written. */
typedef struct set_at {
    scn_timeline_item it;
    int line, col;
} set_at;

script *script_create(void) { return sim_calloc(1, sizeof(script)); }

void script_destroy(script *sc)
{
    if (!sc) return;
    sim_free(sc->items);
    sim_free(sc);
}

int script_count(const script *sc) { return sc ? sc->n : 0; }

const scn_timeline_item *script_at(const script *sc, int i)
{
    return sc && i >= 0 && i < sc->n ? &sc->items[i] : NULL;
}

void script_rewind(script *sc)
{
    if (sc) sc->next = 0;
}

/* ---- diagnostics ------------------------------------------------------------------- */

static void add_error(where *w, int col, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Appends "file:line:col: key: message" to w->errs (the scenario loader's error list, so
 * that scn_errors_print and scn_errors_free serve both). */
static void add_error(where *w, int col, const char *key, const char *fmt, ...)
{
    scn_errors *e = w->errs;
    w->bad++;
    if (!e || e->n >= SCRIPT_ERRORS_MAX) return;
    if (sim_grow(&e->items, &e->cap, e->n, sizeof *e->items, 8)) return;
    scn_error *x = &e->items[e->n++];
    snprintf(x->file, sizeof x->file, "%s", w->file);
    x->line = w->line;
    x->col = col;
    snprintf(x->key, sizeof x->key, "%s", key);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(x->msg, sizeof x->msg, fmt, ap);
    va_end(ap);
}

/* ---- tokens ------------------------------------------------------------------------- */

/* Reads a quoted value starting after the opening quote at line[*i]; returns 0, or -1 when
 * the quote is not closed. */
static int read_quoted(const char *line, size_t len, size_t *i, char *out, size_t n)
{
    size_t k = 0;
    for (; *i < len; (*i)++) {
        char ch = line[*i];
        if (ch == '"') { (*i)++; out[k] = '\0'; return 0; }
        if (ch == '\\' && *i + 1 < len) ch = line[++*i];
        if (k + 1 < n) out[k++] = ch;
    }
    out[k] = '\0';
    return -1;
}

static void read_bare(const char *line, size_t len, size_t *i, char *out, size_t n)
{
    size_t k = 0;
    for (; *i < len && line[*i] != ' ' && line[*i] != '\t' && line[*i] != '='; (*i)++)
        if (k + 1 < n) out[k++] = line[*i];
    out[k] = '\0';
}

/* Splits a line into tokens; returns their number, or -1 after reporting an error. */
static int tokenize(where *w, const char *line, size_t len, token *tok)
{
    int nt = 0;
    size_t i = 0;
    for (;;) {
        while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) i++;
        if (i >= len || line[i] == '#') return nt;
        if (nt == SCRIPT_TOKENS) {
            add_error(w, (int)i + 1, "line", "too many words (at most %d)", SCRIPT_TOKENS);
            return -1;
        }
        token *t = &tok[nt++];
        t->col = (int)i + 1;
        t->key[0] = '\0';
        if (line[i] != '"') read_bare(line, len, &i, t->val, sizeof t->val);
        if (i < len && line[i] == '=') {
            size_t k = strlen(t->val) < sizeof t->key ? strlen(t->val) : sizeof t->key - 1;
            memcpy(t->key, t->val, k);
            t->key[k] = '\0';
            i++;
        }
        if (i < len && line[i] == '"') {
            i++;
            if (read_quoted(line, len, &i, t->val, sizeof t->val)) {
                add_error(w, t->col, t->key[0] ? t->key : "line", "unterminated quote");
                return -1;
            }
        } else if (t->key[0]) {
            read_bare(line, len, &i, t->val, sizeof t->val);
        }
    }
}

/* ---- values ------------------------------------------------------------------------- */

static int parse_number(const char *text, double *v) { return num_parse_double(text, v); }

static int parse_day(where *w, const token *t, double *day)
{
    long d;
    if (strlen(t->val) == 10 && date_parse(t->val, &d) == 0) {
        *day = (double)(d - w->s->start_date);
        if (*day >= 0) return 0;
        add_error(w, t->col, "day", "date %s is before the scenario's start", t->val);
        return -1;
    }
    if (parse_number(t->val, day) == 0 && *day >= 0) return 0;
    add_error(w, t->col, "day", "expected a day (a number >= 0 or a date YYYY-MM-DD), "
              "found '%s'", t->val);
    return -1;
}

static int parse_set(where *w, const token *tok, int nt, scn_timeline_item *it)
{
    if (nt < 4) {
        add_error(w, tok[nt - 1].col, "set", "expected 'DAY set KEY VALUE'");
        return -1;
    }
    const scn_param_info *pi = scenario_param_find(tok[2].val);
    if (!pi) {
        const char *hint = scenario_param_suggest(tok[2].val);
        add_error(w, tok[2].col, "set", "unknown parameter '%s'%s%s%s", tok[2].val,
                  hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
        return -1;
    }
    scn_params p = w->s->p;
    if (parse_number(tok[3].val, &it->value) || scenario_param_set(&p, pi->key, it->value)) {
        add_error(w, tok[3].col, pi->key, "expected a number in [%g, %g], found '%s'",
                  pi->min, pi->max, tok[3].val);
        return -1;
    }
    it->action = SCN_ACT_SET;
    snprintf(it->key, sizeof it->key, "%s", pi->key);
    for (int i = 4; i < nt; i++) {
        if (strcmp(tok[i].key, "note")) {
            add_error(w, tok[i].col, "set", "expected note=\"...\", found '%s'", tok[i].val);
            return -1;
        }
        snprintf(it->note, sizeof it->note, "%s", tok[i].val);
    }
    if (sim_grow(&w->sets, &w->cap_sets, w->n_sets, sizeof *w->sets, 16)) {
        w->nomem = 1;
        return -1;
    }
    w->sets[w->n_sets++] = (set_at){*it, w->line, tok[3].col};
    return 0;
}

static int find_action(const char *name)
{
    for (int a = 0; a < SCN_NACTIONS; a++)
        if (a != SCN_ACT_SET && !strcmp(scn_action_name(a), name)) return a;
    return -1;
}

static int find_type(const char *name)
{
    for (int k = 0; k < SCN_NATTACK_TYPES; k++)
        if (!strcmp(scn_attack_type_name(k), name)) return k;
    return -1;
}

/* One key=value option of an inject. */
static int inject_option(where *w, const token *t, scn_timeline_item *it)
{
    double v;
    if (!strcmp(t->key, "zone")) {
        it->zone = scenario_find_zone(w->s, t->val);
        if (it->zone >= 0) return 0;
        add_error(w, t->col, "zone", "no zone named '%s' in the scenario", t->val);
    } else if (!strcmp(t->key, "type")) {
        it->type = find_type(t->val);
        if (it->type >= 0) return 0;
        add_error(w, t->col, "type", "expected ied, suicide, raid, ambush or cross_border, "
                  "found '%s'", t->val);
    } else if (!strcmp(t->key, "casualties") || !strcmp(t->key, "days")) {
        int days = t->key[0] == 'd';
        if (!parse_number(t->val, &v) && (days ? v > 0 && v <= SCN_DAYS_MAX
                                               : v >= 0 && v <= SCN_CASUALTIES_MAX)) {
            *(days ? &it->days : &it->casualties) = v;
            return 0;
        }
        add_error(w, t->col, t->key, "expected a number %s %g, found '%s'",
                  days ? "> 0 and at most" : ">= 0 and at most",
                  days ? SCN_DAYS_MAX : SCN_CASUALTIES_MAX, t->val);
    } else if (!strcmp(t->key, "note")) {
        snprintf(it->note, sizeof it->note, "%s", t->val);
        return 0;
    } else {
        add_error(w, t->col, "inject", "expected zone=, type=, casualties=, days= or note=, "
                  "found '%s'", t->key[0] ? t->key : t->val);
    }
    return -1;
}

static int parse_inject(where *w, const token *tok, int nt, scn_timeline_item *it)
{
    if (nt < 3) {
        add_error(w, tok[nt - 1].col, "inject", "expected 'DAY inject ACTION [options]'");
        return -1;
    }
    it->action = find_action(tok[2].val);
    if (it->action < 0) {
        add_error(w, tok[2].col, "inject", "expected an action (attack, strike, delegation, "
                  "demarche, deportation, ultimatum, closure, reopen, deal_offer, mediation, "
                  "ceasefire, drone, clash), found '%s'", tok[2].val);
        return -1;
    }
    int rc = 0;
    for (int i = 3; i < nt; i++) rc |= inject_option(w, &tok[i], it);
    return rc;
}

/* ---- the list -------------------------------------------------------------------------- */

/* Inserts a copy of it after every entry of a day <= its day; returns the index or
 * SIM_ENOMEM. */
static int insert(script *sc, const scn_timeline_item *it)
{
    if (sim_grow(&sc->items, &sc->cap, sc->n, sizeof *sc->items, 16)) return SIM_ENOMEM;
    int i = sc->n;
    while (i > 0 && sc->items[i - 1].day > it->day) i--;
    memmove(&sc->items[i + 1], &sc->items[i], (size_t)(sc->n - i) * sizeof *sc->items);
    sc->items[i] = *it;
    sc->n++;
    if (i < sc->next) sc->next++; /* an entry in the applied past counts as applied */
    return i;
}

int script_append(script *sc, const scn_timeline_item *it)
{
    if (!sc || !it || it->action < 0 || it->action >= SCN_NACTIONS || !(it->day >= 0))
        return SIM_EINVAL;
    int i = insert(sc, it);
    return i < 0 ? i : 0;
}

/* Parses one line into sc; problems go to w. */
static void parse_line(where *w, script *sc, const char *line, size_t len)
{
    token tok[SCRIPT_TOKENS];
    int nt = tokenize(w, line, len, tok);
    if (nt <= 0) return;
    scn_timeline_item it = {.action = -1, .zone = -1, .type = -1, .casualties = -1, .days = -1};
    if (parse_day(w, &tok[0], &it.day)) return;
    int rc;
    if (nt >= 2 && !strcmp(tok[1].val, "set")) rc = parse_set(w, tok, nt, &it);
    else if (nt >= 2 && !strcmp(tok[1].val, "inject")) rc = parse_inject(w, tok, nt, &it);
    else {
        add_error(w, nt >= 2 ? tok[1].col : tok[0].col, "line", "expected 'set' or 'inject' "
                  "after the day, found '%s'", nt >= 2 ? tok[1].val : "end of line");
        return;
    }
    if (!rc && insert(sc, &it) < 0) w->nomem = 1;
}

/* Orders `set` entries by day, ties in file order (as they are replayed). */
static int cmp_set_day(const void *a, const void *b)
{
    const set_at *x = a, *y = b;
    if (x->it.day != y->it.day) return x->it.day < y->it.day ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

/* Replays the parameter changes of the timeline and of the script in the order of a run
 * (by day; on one day the timeline's first) and reports a script `set` that breaks a rule
 * between parameters (scenario_params_check): the run would refuse it half way. */
static void check_rules(where *w)
{
    const scenario *s = w->s;
    const char *key;
    char why[256];
    scn_params p = s->p;
    if (scenario_params_check(&p, &key, why, sizeof why)) return; /* not a valid scenario */
    if (w->n_sets > 0) /* qsort's base may not be NULL, even for no items */
        qsort(w->sets, (size_t)w->n_sets, sizeof *w->sets, cmp_set_day);
    int t = 0;
    for (int i = 0; i < w->n_sets; i++) {
        const set_at *e = &w->sets[i];
        for (; t < s->n_timeline && s->timeline[t].day <= e->it.day; t++)
            if (s->timeline[t].action == SCN_ACT_SET)
                scenario_param_set(&p, s->timeline[t].key, s->timeline[t].value);
        scn_params before = p;
        if (scenario_param_set(&p, e->it.key, e->it.value) != 0 ||
            !scenario_params_check(&p, &key, why, sizeof why))
            continue;
        w->line = e->line;
        add_error(w, e->col, e->it.key, "%s", why);
        p = before;
    }
}

int script_parse(const char *text, const char *name, const scenario *s, script **out,
                 scn_errors *errs)
{
    *out = NULL;
    script *sc = script_create();
    if (!sc) return SIM_ENOMEM;
    where w = {name, 0, errs, 0, 0, s, NULL, 0, 0};
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        w.line++;
        parse_line(&w, sc, p, len);
        p += len + (nl != NULL);
    }
    if (!w.bad && !w.nomem) check_rules(&w);
    sim_free(w.sets);
    if (w.bad || w.nomem) {
        script_destroy(sc);
        return w.bad ? SIM_EPARSE : SIM_ENOMEM;
    }
    *out = sc;
    return 0;
}

/* Scripts are a few KB written by hand or recorded by the view. */
#define SCRIPT_FILE_MAX (16UL << 20)

int script_load(const char *path, const scenario *s, script **out, scn_errors *errs)
{
    *out = NULL;
    char why[160];
    size_t len = 0;
    char *text = infile_read(path, 0, SCRIPT_FILE_MAX, &len, NULL, why, sizeof why);
    if (!text) {
        if (errno == ENOMEM) return SIM_ENOMEM;
        where w = {path, 1, errs, 0, 0, s, NULL, 0, 0};
        add_error(&w, 1, "script", "cannot open: %s", why);
        return SIM_EIO;
    }
    if (strlen(text) != len) {
        where w = {path, 1, errs, 0, 0, s, NULL, 0, 0};
        add_error(&w, 1, "script", "expected a text file, found a NUL byte");
        sim_free(text);
        return SIM_EPARSE;
    }
    int rc = script_parse(text, path, s, out, errs);
    sim_free(text);
    return rc;
}

/* ---- replay and record ------------------------------------------------------------------- */

static int apply(model *m, const scn_timeline_item *it)
{
    if (it->action == SCN_ACT_SET)
        return model_set_param(m, it->key, it->value, MODEL_ACTOR_USER,
                               it->note[0] ? it->note : "knob changed by the class");
    return model_inject(m, it, MODEL_ACTOR_USER);
}

int script_apply_until(script *sc, model *m, double t)
{
    if (!sc || !m) return SIM_EINVAL;
    double until = fmin(t, model_horizon(m));
    while (sc->next < sc->n && sc->items[sc->next].day <= until) {
        const scn_timeline_item *it = &sc->items[sc->next];
        int rc = it->day > model_now(m) ? model_run_until(m, it->day) : 0;
        if (!rc) rc = apply(m, it);
        if (rc) return rc;  /* an interrupted run leaves the entry for the next call */
        sc->next++;
    }
    return model_run_until(m, until);
}

/* Applies it now and records it as applied at model_now(m). */
static int record(script *sc, model *m, const scn_timeline_item *it)
{
    int rc = script_apply_until(sc, m, model_now(m)); /* nothing pending before now */
    if (!rc) rc = apply(m, it);
    if (rc) return rc;
    scn_timeline_item copy = *it;
    copy.day = model_now(m);
    int i = insert(sc, &copy);
    if (i < 0) return i;
    if (i == sc->next) sc->next++;
    return 0;
}

int script_record_set(script *sc, model *m, const char *key, double value)
{
    if (!sc || !m || !key || strlen(key) >= SCN_NAME_MAX) return SIM_EINVAL;
    scn_timeline_item it = {.action = SCN_ACT_SET, .zone = -1, .type = -1, .casualties = -1,
                            .days = -1, .value = value};
    snprintf(it.key, sizeof it.key, "%s", key);
    return record(sc, m, &it);
}

int script_record_inject(script *sc, model *m, const scn_timeline_item *it)
{
    if (!sc || !m || !it || it->action < 0 || it->action >= SCN_NACTIONS ||
        it->action == SCN_ACT_SET)
        return SIM_EINVAL;
    return record(sc, m, it);
}

/* ---- writing ------------------------------------------------------------------------------ */

/* The shortest %g text of v (at least 6 digits) that reads back as v. */
static void format_double(double v, char *buf, size_t n)
{
    for (int prec = 6; prec <= 17; prec++) { /* 6: no exponent for ordinary days */
        snprintf(buf, n, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) return;
    }
}

static void write_quoted(FILE *f, const char *key, const char *s)
{
    fprintf(f, " %s=\"", key);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') fputc('\\', f);
        fputc(*s == '\n' ? ' ' : *s, f);
    }
    fputc('"', f);
}

static void write_entry(const scn_timeline_item *it, const scenario *s, FILE *f)
{
    char num[32];
    format_double(it->day, num, sizeof num);
    fputs(num, f);
    if (it->action == SCN_ACT_SET) {
        format_double(it->value, num, sizeof num);
        fprintf(f, " set %s %s", it->key, num);
    } else {
        fprintf(f, " inject %s", scn_action_name(it->action));
        if (it->zone >= 0 && it->zone < s->n_zones) write_quoted(f, "zone", s->zones[it->zone].name);
        if (it->type >= 0) fprintf(f, " type=%s", scn_attack_type_name(it->type));
        if (it->casualties >= 0) format_double(it->casualties, num, sizeof num),
                                 fprintf(f, " casualties=%s", num);
        if (it->days > 0) format_double(it->days, num, sizeof num), fprintf(f, " days=%s", num);
    }
    if (it->note[0]) write_quoted(f, "note", it->note);
    fputc('\n', f);
}

int script_write(const script *sc, const scenario *s, FILE *f)
{
    if (!sc || !s || !f) return SIM_EINVAL;
    fprintf(f, "# frontier script for %s: DAY set KEY VALUE | DAY inject ACTION [options]\n",
            s->name);
    for (int i = 0; i < sc->n; i++) write_entry(&sc->items[i], s, f);
    return ferror(f) ? SIM_EIO : 0;
}
