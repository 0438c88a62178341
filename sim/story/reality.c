/* reality.c - the record's strikes, clashes, closures and ceasefires beside a run's. */
#include "story/reality.h"
#include "base/date.h"
#include "base/err.h"
#include <math.h>
#include <string.h>

static const struct {
    const char *title;
    int record_kind, model_kind;
} kinds[REALITY_NKINDS] = {
    [REALITY_STRIKE] = {"Strikes", RECORD_STRIKE, MODEL_REC_STRIKE},
    [REALITY_CLASH] = {"Border clashes", RECORD_CLASH, MODEL_REC_CLASH},
    [REALITY_CLOSURE] = {"Closures", RECORD_CLOSURE, MODEL_REC_CLOSURE},
    [REALITY_CEASEFIRE] = {"Ceasefires", RECORD_CEASEFIRE, MODEL_REC_CEASEFIRE},
};

const char *reality_kind_title(int k)
{
    return k >= 0 && k < REALITY_NKINDS ? kinds[k].title : "?";
}

int reality_of_record_kind(int record_kind)
{
    for (int k = 0; k < REALITY_NKINDS; k++)
        if (kinds[k].record_kind == record_kind) return k;
    return -1;
}

int reality_of_model_kind(int model_kind)
{
    for (int k = 0; k < REALITY_NKINDS; k++)
        if (kinds[k].model_kind == model_kind) return k;
    return -1;
}

int reality_load(const scenario *s, record **out, char *why, size_t n)
{
    *out = NULL;
    if (n) why[0] = '\0';
    if (!s->record[0]) return 0;
    char path[1024];
    if (scenario_file_path(s, s->record, path, sizeof path) != 0) {
        snprintf(why, n, "record: the path is too long");
        return SIM_ERANGE;
    }
    record_report rep;
    int rc = record_load(path, 1, out, &rep);
    if (rc) snprintf(why, n, "%s", rep.error[0] ? rep.error : sim_strerror(rc));
    return rc;
}

long reality_day(const scenario *s, const record_event *e) { return e->day - s->start_date; }

long reality_record_end(const scenario *s, const record *r)
{
    long last = s->start_date - 1;
    for (int i = 0; i < r->n; i++)
        if (r->ev[i].day_last > last) last = r->ev[i].day_last;
    return last + 1 - s->start_date;
}

int reality_in_run(const scenario *s, const record_event *e, double now)
{
    long d = reality_day(s, e);
    return d >= 0 && (double)d < now;
}

int reality_of_run_record(const model_record *e)
{
    /* the model logs an extension as a closure whose reason starts so (model_decide.c) */
    if (e->kind == MODEL_REC_CLOSURE && strncmp(e->reason, "closure extended", 16) == 0)
        return -1;
    return reality_of_model_kind(e->kind);
}

void reality_count(const model *m, const record *r, reality_counts *out)
{
    const scenario *s = model_scenario(m);
    memset(out, 0, sizeof *out);
    out->now = model_now(m);
    out->end = reality_record_end(s, r);
    for (int i = 0; i < r->n; i++) {
        int k = reality_of_record_kind(r->ev[i].kind);
        if (k >= 0 && reality_in_run(s, &r->ev[i], out->now)) out->record[k]++;
    }
    for (int i = 0; i < model_record_count(m); i++) {
        const model_record *e = model_record_at(m, i);
        int k = reality_of_run_record(e);
        if (k < 0 || e->t < 0 || e->t >= out->now) continue;
        if (e->t >= (double)out->end) {
            out->after[k]++;
        } else {
            out->run[k]++;
            out->scripted[k] += e->scripted != 0;
        }
    }
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

/* "2022-04-16", or "2022-05" when the record gives only the month. */
static void put_date(FILE *f, const record_event *e)
{
    char d[11];
    date_format(e->day, d);
    if (e->day_last != e->day) d[7] = '\0';
    fputs(d, f);
}

static void put_counts(const scenario *s, const record *r, const reality_counts *c, FILE *f)
{
    char end[11];
    date_format(s->start_date + c->end - 1, end);
    int after = 0;
    for (int k = 0; k < REALITY_NKINDS; k++) after += c->after[k];
    fprintf(f, "## What really happened\n\nThe real strikes, border clashes, closures and "
            "ceasefires of this run's period, from the record `%s` (%d sourced events up to "
            "%s), beside this run's. The run's events are counted up to %s, where the record "
            "ends", s->record, r->n, end, end);
    if ((double)c->end < c->now)
        fprintf(f, "; %d more came after it, where the record cannot judge them", after);
    fputs(".\n\n| | The record | This run | of which scripted |\n|---|---|---|---|\n", f);
    for (int k = 0; k < REALITY_NKINDS; k++)
        fprintf(f, "| %s | %d | %d | %d |\n", kinds[k].title, c->record[k], c->run[k],
                c->scripted[k]);
    fputc('\n', f);
}

static void put_kind(const scenario *s, const record *r, int k, int count, double now, FILE *f)
{
    fprintf(f, "### %s in the record (%d)\n\n", kinds[k].title, count);
    if (count == 0) {
        fputs("None in this run's period.\n\n", f);
        return;
    }
    fputs("| Date | Day | What | Source | Confidence |\n|---|---|---|---|---|\n", f);
    for (int i = 0; i < r->n; i++) {
        const record_event *e = &r->ev[i];
        if (reality_of_record_kind(e->kind) != k || !reality_in_run(s, e, now)) continue;
        fputs("| ", f);
        put_date(f, e);
        fprintf(f, " | %ld | ", reality_day(s, e));
        put_cell(f, e->description);
        fputs(" | [", f);
        put_cell(f, e->source_title[0] ? e->source_title : e->source_url);
        fputs("](<", f);
        put_cell(f, e->source_url);
        fprintf(f, ">) | %s |\n", record_confidence_name(e->confidence));
    }
    fputc('\n', f);
}

int reality_write_md(const model *m, const record *r, FILE *f)
{
    const scenario *s = model_scenario(m);
    reality_counts c;
    reality_count(m, r, &c);
    put_counts(s, r, &c, f);
    for (int k = 0; k < REALITY_NKINDS; k++) put_kind(s, r, k, c.record[k], c.now, f);
    if (c.record[REALITY_CEASEFIRE])
        fprintf(f, "The model's ceasefires are between %s and %s, brokered by the mediators; "
                "a ceasefire of the record may be a truce between %s and the %s (its text "
                "says who).\n\n", s->side_name[SCN_SIDE_STATE], s->side_name[SCN_SIDE_HOST],
                s->side_name[SCN_SIDE_STATE], s->militant_name);
    return ferror(f) ? SIM_EIO : 0;
}
