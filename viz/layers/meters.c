/* meters.c - the consequence meters: each audience's view of the run, in words (meters.h). */
#include "layers/meters.h"
#include "layers/hud.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

const char *meters_public_word(double threat)
{
    return threat < 0.25 ? "calm" : threat < 0.5 ? "uneasy" : threat < 0.75 ? "alarmed"
                                                                               : "furious";
}

const char *meters_host_word(double cooperation, double grievance)
{
    if (grievance / (1 + grievance) >= 0.6) return "angry";
    return cooperation >= 0.5 ? "cooperating" : cooperation >= 0.25 ? "hesitant" : "unwilling";
}

const char *meters_world_word(const meters_data *d)
{
    return d->ceasefire_active ? "ceasefire" : d->mediation_active ? "mediating"
           : d->restraint > 0 ? "urging restraint" : "watching";
}

void meters_fill(meters_data *d, const model *m)
{
    const scenario *s = model_scenario(m);
    model_state st;
    model_state_get(m, &st);
    const char *state = s->side_name[SCN_SIDE_STATE][0] ? s->side_name[SCN_SIDE_STATE]
                                                         : "The state";
    snprintf(d->public_label, sizeof d->public_label, "%s's public", state);
    snprintf(d->host_label, sizeof d->host_label, "%s",
             s->side_name[SCN_SIDE_HOST][0] ? s->side_name[SCN_SIDE_HOST] : "The host");
    snprintf(d->militant_label, sizeof d->militant_label, "%s strength",
             s->militant_name[0] ? s->militant_name : "Militant");
    double k = 0, k0 = 0;
    for (int z = 0; z < s->n_zones; z++)
        if (s->zones[z].kind == SCN_ZONE_SANCTUARY) {
            k += model_zone_capacity(m, z);
            k0 += s->zones[z].capacity;
        }
    d->threat = st.threat;
    d->cooperation = st.cooperation;
    d->grievance = st.grievance;
    d->capacity = k0 > 0 ? k / k0 : 0;
    d->restraint = st.threshold.mediation_restraint + st.threshold.intl_restraint;
    d->mediation_active = st.mediation_active;
    d->ceasefire_active = st.ceasefire_active;
}

int meters_height(text *t, double scale)
{
    return 2 * (text_height(t, TEXT_SMALL) + text_height(t, TEXT_BOLD) + (int)(6 * scale));
}

static void fill(SDL_Renderer *r, SDL_Rect q, SDL_Color c)
{
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
    SDL_RenderFillRect(r, &q);
}

/* One cell: label, then a bar of fraction f (and a second thin one, f2 >= 0) and a word;
 * the bar gives way to the word, which is never cut. */
static void cell(SDL_Renderer *r, text *t, SDL_Rect q, const char *label, double f, SDL_Color c,
                 double f2, SDL_Color c2, const char *word)
{
    int ls = text_height(t, TEXT_SMALL), lb = text_height(t, TEXT_BOLD), ww;
    text_draw_fit(t, TEXT_SMALL, label, q.x, q.y, q.w, HUD_DIM, 0);
    text_size(t, TEXT_BOLD, word, &ww, NULL);
    int gap = lb / 3, bw = q.w * 38 / 100;
    if (bw > q.w - ww - gap) bw = q.w - ww - gap;
    int bh = lb * 6 / 10, by = q.y + ls + (lb - bh) / 2;
    if (bw >= lb) {   /* a bar narrower than a letter says nothing */
        SDL_Rect bar = {q.x, by, bw, bh};
        fill(r, bar, (SDL_Color){55, 60, 70, 255});
        f = f < 0 ? 0 : f > 1 ? 1 : f;
        int h1 = f2 >= 0 ? bh / 2 : bh;
        fill(r, (SDL_Rect){bar.x, bar.y, (int)lround(f * bw), h1}, c);
        if (f2 >= 0) {
            f2 = f2 > 1 ? 1 : f2;
            fill(r, (SDL_Rect){bar.x, bar.y + h1, (int)lround(f2 * bw), bh - h1}, c2);
        }
    } else {
        bw = -gap;
    }
    text_draw_fit(t, TEXT_BOLD, word, q.x + bw + gap, q.y + ls, q.w - bw - gap, HUD_FG, 0);
}

void meters_draw(SDL_Renderer *r, text *t, SDL_Rect a, const meters_data *d)
{
    int ls = text_height(t, TEXT_SMALL), lb = text_height(t, TEXT_BOLD);
    int cw = (a.w - 10) / 2, rh = ls + lb + (a.h - 2 * (ls + lb)) / 2;
    char pct[32];
    snprintf(pct, sizeof pct, "%.0f%%", 100 * d->capacity);
    double wf = d->ceasefire_active ? 1 : d->mediation_active ? 0.66 : d->restraint > 0 ? 0.33 : 0;
    cell(r, t, (SDL_Rect){a.x, a.y, cw, rh}, d->public_label, d->threat, HUD_THREAT, -1,
         HUD_THREAT, meters_public_word(d->threat));
    cell(r, t, (SDL_Rect){a.x + cw + 10, a.y, cw, rh}, d->host_label, d->cooperation,
         (SDL_Color){80, 180, 120, 255}, d->grievance / (1 + d->grievance),
         (SDL_Color){220, 120, 60, 255}, meters_host_word(d->cooperation, d->grievance));
    cell(r, t, (SDL_Rect){a.x, a.y + rh, cw, rh}, d->militant_label, d->capacity,
         (SDL_Color){170, 90, 30, 255}, -1, HUD_THREAT, pct);
    cell(r, t, (SDL_Rect){a.x + cw + 10, a.y + rh, cw, rh}, "The world", wf,
         (SDL_Color){90, 150, 230, 255}, -1, HUD_THREAT, meters_world_word(d));
}
