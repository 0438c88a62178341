/* debrief.c - the turning points of a run and its Markdown debrief. */
#include "story/debrief.h"
#include "story/reality.h"
#include "base/alloc.h"
#include "base/date.h"
#include "base/err.h"
#include "story/narrate.h"
#include <math.h>
#include <string.h>

static const char *const kind_names[DEBRIEF_NKINDS] = {
    "First ultimatum", "First strike", "Strike", "Mass-casualty attack", "Escalation peak",
    "Deal accepted", "Deal collapsed", "Mediation", "Ceasefire",
    "Attack past the warning level",
};

const char *debrief_kind_name(int kind)
{
    return kind >= 0 && kind < DEBRIEF_NKINDS ? kind_names[kind] : "?";
}

/* Nonzero when record i raises the ladder to a level >= 3 that is left downward before it
 * is exceeded (or never left): a peak of the escalation. */
static int is_peak(const model_record *recs, int n, int i, int before)
{
    int level = recs[i].ladder;
    if (level < 3 || level <= before) return 0;
    for (int j = i + 1; j < n; j++) {
        if (recs[j].ladder > level) return 0;
        if (recs[j].ladder < level) return 1;
    }
    return 1;
}

/* Nonzero when attack r, put in by the scenario or the facilitator, took the threat from
 * below the warning level to at or above it (its reason's "threat A -> B"): the model's
 * rule for an ultimatum starts there. */
static int crossed_warning(const model_record *r, double warn_at)
{
    double a, b;
    const char *p = r->scripted ? strstr(r->reason, ", threat ") : NULL;
    return p && sscanf(p, ", threat %lf -> %lf", &a, &b) == 2 && a < warn_at && b >= warn_at;
}

/* The kind of turning point record i is, or -1. first_ult/first_strike track firsts. */
static int point_kind(const model_record *recs, int n, int i, int before, double mass,
                      double warn_at, int *first_ult, int *first_strike)
{
    const model_record *r = &recs[i];
    switch (r->kind) {
    case MODEL_REC_ULTIMATUM:
        if (*first_ult) return -1;
        *first_ult = 1;
        return DEBRIEF_FIRST_ULTIMATUM;
    case MODEL_REC_STRIKE:
        if (*first_strike) return DEBRIEF_STRIKE;
        *first_strike = 1;
        return DEBRIEF_FIRST_STRIKE;
    case MODEL_REC_ATTACK:
        if (r->casualties >= mass) return DEBRIEF_MASS_CASUALTY;
        if (crossed_warning(r, warn_at)) return DEBRIEF_WARNING_ATTACK;
        break;
    case MODEL_REC_DEAL_ACCEPTED: return DEBRIEF_DEAL_ACCEPTED;
    case MODEL_REC_DEAL_COLLAPSE: return DEBRIEF_DEAL_COLLAPSE;
    case MODEL_REC_MEDIATION: return DEBRIEF_MEDIATION;
    case MODEL_REC_CEASEFIRE: return DEBRIEF_CEASEFIRE;
    default: break;
    }
    return is_peak(recs, n, i, before) ? DEBRIEF_LADDER_PEAK : -1;
}

int debrief_points_of(const model_record *recs, int n, double mass_casualty, double warn_at,
                      debrief_point *out, int cap)
{
    int count = 0, first_ult = 0, first_strike = 0, before = 0;
    for (int i = 0; recs && i < n; i++) {
        int kind = point_kind(recs, n, i, before, mass_casualty, warn_at, &first_ult,
                              &first_strike);
        before = recs[i].ladder;
        if (kind < 0) continue;
        if (out && count < cap)
            out[count] = (debrief_point){recs[i].t, kind, i, recs[i].ladder};
        count++;
    }
    return count;
}

int debrief_points(const model *m, debrief_point *out, int cap)
{
    int n = model_record_count(m);
    if (n == 0) return 0;
    /* Records are read through the model's accessor, one contiguous copy for the scan. */
    model_record *recs = sim_malloc((size_t)n * sizeof *recs);
    if (!recs) return SIM_ENOMEM;
    for (int i = 0; i < n; i++) recs[i] = *model_record_at(m, i);
    const scn_params *q = model_params(m);
    int count = debrief_points_of(recs, n, q->state.mass_casualty, q->state.warn_at, out, cap);
    sim_free(recs);
    return count;
}

/* ---- Markdown ------------------------------------------------------------------------- */

/* Text in a table cell: '|' escaped, line breaks as spaces. */
static void put_cell(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '|') fputs("\\|", f);
        else fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
    }
}

static void put_header(const model *m, uint64_t seed, const char *writer, FILE *f)
{
    const scenario *s = model_scenario(m);
    char start[40];
    narrate_date(s, 0, start, sizeof start);
    fprintf(f, "# Debrief: %s\n\n", s->view.title[0] ? s->view.title : s->name);
    fprintf(f, "*Scenario \"%s\", seed %llu, %g days from %s. Written by `%s`.*\n\n", s->name,
            (unsigned long long)seed, model_now(m), start, writer);
    fprintf(f, "## The situation\n\n%s\n\n", s->view.brief[0] ? s->view.brief : s->description);
}

static void put_totals(const model *m, FILE *f)
{
    const scenario *s = model_scenario(m);
    const model_totals *t = model_totals_get(m);
    fprintf(f, "## What happened\n\n");
    fprintf(f, "- %d attacks by the %s killed %g people.\n", t->attacks,
            s->militant_name[0] ? s->militant_name : "militants", t->casualties);
    fprintf(f, "- %s issued %d ultimatum%s and struck %d time%s (%g civilians killed).\n",
            s->side_name[SCN_SIDE_STATE], t->ultimatums, t->ultimatums == 1 ? "" : "s",
            t->strikes, t->strikes == 1 ? "" : "s", t->civilian_casualties);
    fprintf(f, "- %d border clash%s (%g killed); the border was closed on %d days.\n",
            t->clashes, t->clashes == 1 ? "" : "es", t->clash_casualties, t->closure_days);
    fprintf(f, "- The escalation ladder reached level %d (%s); %d days at level 3 or more.\n",
            t->max_ladder, model_ladder_name(t->max_ladder), t->days_at_ladder_3plus);
    fprintf(f, "- Deal accepted: %s. Mediations: %d. Ceasefires: %d.\n\n", t->deal ? "yes" : "no",
            t->mediations, t->ceasefires);
}

static int put_points(const model *m, FILE *f)
{
    int n = debrief_points(m, NULL, 0);
    if (n < 0) return n;
    debrief_point *pts = n ? sim_malloc((size_t)n * sizeof *pts) : NULL;
    if (n && !pts) return SIM_ENOMEM;
    if (n && debrief_points(m, pts, n) != n) {
        sim_free(pts);
        return SIM_ENOMEM;
    }
    const scenario *s = model_scenario(m);
    fprintf(f, "## Turning points\n\n");
    if (n == 0) fprintf(f, "None: no ultimatum, strike, deal or ceasefire in this run.\n\n");
    else fprintf(f, "| Date | What | Why, in plain words |\n|---|---|---|\n");
    for (int i = 0; i < n; i++) {
        char date[40], why[700];
        narrate_date(s, pts[i].t, date, sizeof date);
        narrate_record(s, model_record_at(m, pts[i].record), why, sizeof why);
        fprintf(f, "| %s | %s", date, debrief_kind_name(pts[i].kind));
        if (pts[i].kind == DEBRIEF_LADDER_PEAK)
            fprintf(f, ": level %d (%s)", pts[i].ladder, model_ladder_name(pts[i].ladder));
        fputs(" | ", f);
        put_cell(f, why);
        fputs(" |\n", f);
    }
    if (n) fputc('\n', f);
    sim_free(pts);
    return 0;
}

/* The scenario's questions, one bullet per sentence ending in '?' (or one paragraph). */
static void put_questions(const scenario *s, FILE *f)
{
    const char *q = s->view.questions;
    fprintf(f, "## Questions for the class\n\n");
    if (!q[0]) q = "What was the turning point of this run, and what could have changed it?";
    while (*q) {
        while (*q == ' ' || *q == '\n') q++;
        if (!*q) break;
        const char *end = strchr(q, '?');
        size_t len = end ? (size_t)(end - q + 1) : strlen(q);
        fprintf(f, "- %.*s\n", (int)len, q);
        q += len;
    }
    fputc('\n', f);
}

/* The settings changed during the run (knobs, [ ], a script's or the timeline's `set`). */
static void put_changes(const model *m, FILE *f)
{
    const scenario *s = model_scenario(m);
    int shown = 0;
    for (int i = 0; i < model_record_count(m); i++) {
        const model_record *r = model_record_at(m, i);
        char words[160], date[40];
        double old, val;
        if (narrate_set(r, words, sizeof words, &old, &val)) continue;
        if (!shown++)
            fprintf(f, "## Settings changed during the run\n\n| Date | Day | Who | Setting | "
                    "Old → new |\n|---|---|---|---|---|\n");
        narrate_date(s, r->t, date, sizeof date);
        fprintf(f, "| %s | %d | %s | ", date, (int)floor(r->t), narrate_actor(s, r->actor));
        put_cell(f, words);
        fprintf(f, " | %g → %g |\n", old, val);
    }
    if (shown) fputc('\n', f);
}

/* "What really happened", when the scenario names a record (story/reality.h). */
static int put_reality(const model *m, FILE *f)
{
    record *r = NULL;
    char why[RECORD_MSG_LEN];
    int rc = reality_load(model_scenario(m), &r, why, sizeof why);
    if (!rc && r) rc = reality_write_md(m, r, f);
    record_destroy(r);
    return rc;
}

int debrief_write_md(const model *m, uint64_t seed, const debrief_chart *charts, int n_charts,
                     FILE *f)
{
    return debrief_write_md_as(m, seed, charts, n_charts, "frontier run --debrief", f);
}

int debrief_write_md_as(const model *m, uint64_t seed, const debrief_chart *charts,
                        int n_charts, const char *writer, FILE *f)
{
    if (!m || !f || !writer || n_charts < 0 || (n_charts && !charts)) return SIM_EINVAL;
    put_header(m, seed, writer, f);
    put_totals(m, f);
    int rc = put_points(m, f);
    if (rc) return rc;
    if ((rc = put_reality(m, f)) != 0) return rc;
    put_changes(m, f);
    if (n_charts) fprintf(f, "## Charts\n\n");
    for (int i = 0; i < n_charts; i++)
        fprintf(f, "![%s](%s)\n\n", charts[i].title, charts[i].file);
    model_state st;
    model_strike_rule rule;
    model_state_get(m, &st);
    model_strike_rule_get(m, &rule);
    char th[400], rs[1200];
    narrate_threshold(model_scenario(m), &st.threshold, th, sizeof th);
    narrate_strike_rule(model_scenario(m), &rule, rs, sizeof rs);
    fprintf(f, "## The strike rule at the end\n\n%s\n\n%s\n\n", rs, th);
    put_questions(model_scenario(m), f);
    return ferror(f) ? SIM_EIO : 0;
}
