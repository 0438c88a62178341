/* split.c - two variants side by side: compact panes, a shared bar, labels and essentials. */
#include "view/split.h"
#include "base/alloc.h"
#include "base/date.h"
#include "base/err.h"
#include "story/narrate.h"
#include "view/view_int.h"
#include <SDL_image.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

struct split {
    view *pane[2];
    const scenario *scn[2];
    char label[2][200], diff[2][3][300];   /* longest first: the one that fits is drawn */
    SDL_Window *win;
    SDL_Surface *target;     /* headless drawing surface */
    SDL_Surface *frame;      /* a window's frame read back (split_frame), reused */
    SDL_Renderer *r;
    SDL_Texture *tex[2];     /* the panes' frames */
    text *txt;
    const theme *th;
    int theme_id, w, h, shots;
    float s;
    SDL_Rect bar, lab[2], map[2], strip[2];
};

int split_differences(const scn_params *p, const scn_params *q, int max, char *out, size_t n)
{
    int k = 0;
    size_t at = 0;
    out[0] = '\0';
    for (int i = 0; i < scenario_param_count(); i++) {
        const scn_param_info *pi = scenario_param_at(i);
        double a = 0, b = 0;
        if (scenario_param_get(p, pi->key, &a) || scenario_param_get(q, pi->key, &b)) continue;
        if (a == b || (isnan(a) && isnan(b))) continue;
        char words[128];
        narrate_param(pi->key, words, sizeof words);
        if (k++ < max && at < n)
            at += (size_t)snprintf(out + at, n - at, "%s%s %g", k > 1 ? ", " : "", words, a);
    }
    if (k > max && at < n) snprintf(out + at, n - at, ", +%d more", k - max);
    return k;
}

/* Rows of the layout follow the text sizes, which follow the window height and theme. */
static void place(split *sp)
{
    int pad = (int)(6 * sp->s), gap = (int)fmax(4, 6 * sp->s);
    int lb = text_height(sp->txt, TEXT_BOLD), ls = text_height(sp->txt, TEXT_SMALL);
    int lh = text_height(sp->txt, TEXT_BODY) + (int)(4 * sp->s);
    sp->bar = (SDL_Rect){0, 0, sp->w, lb + 2 * pad};
    int pw = (sp->w - gap) / 2, top = sp->bar.h, lab_h = lb + ls + pad, strip_h = 3 * lh + 2 * pad;
    int mh = sp->h - top - lab_h - strip_h;
    for (int i = 0; i < 2; i++) {
        int x = i * (pw + gap);
        sp->lab[i] = (SDL_Rect){x, top, pw, lab_h};
        sp->map[i] = (SDL_Rect){x, top + lab_h, pw, mh > 64 ? mh : 64};
        sp->strip[i] = (SDL_Rect){x, sp->map[i].y + sp->map[i].h, pw, strip_h};
    }
}

static int open_text(split *sp, char *err, size_t errlen)
{
    sp->s = (float)fmax(0.6, fmin(2.5, sp->h / 720.0));
    text *t = text_create(sp->r, sp->s * sp->th->text_scale, err, errlen);
    if (!t) return SIM_EIO;
    text_destroy(sp->txt);
    sp->txt = t;
    return 0;
}

/* (Re)sizes the panes and their textures to the layout. */
static int size_panes(split *sp)
{
    for (int i = 0; i < 2; i++) {
        int rc = view_resize(sp->pane[i], sp->map[i].w, sp->map[i].h);
        if (rc) return rc;
        if (sp->tex[i]) SDL_DestroyTexture(sp->tex[i]);
        sp->tex[i] = SDL_CreateTexture(sp->r, SDL_PIXELFORMAT_ARGB8888,
                                       SDL_TEXTUREACCESS_STREAMING, sp->map[i].w, sp->map[i].h);
        if (!sp->tex[i]) return SIM_ENOMEM;
    }
    return 0;
}

static int open_target(split *sp, const view_opts *o, char *err, size_t errlen)
{
    if (o->headless) {
        sp->target = SDL_CreateRGBSurfaceWithFormat(0, sp->w, sp->h, 32, SDL_PIXELFORMAT_ARGB8888);
        sp->r = sp->target ? SDL_CreateSoftwareRenderer(sp->target) : NULL;
    } else {
        const char *drv = SDL_GetCurrentVideoDriver(), *asked = SDL_getenv("SDL_VIDEODRIVER");
        /* SDL falls back to an invisible driver when no display answers: say so instead */
        if (drv && (!asked || !*asked) && (!strcmp(drv, "offscreen") || !strcmp(drv, "dummy"))) {
            snprintf(err, errlen, "no display (SDL found only its '%s' video driver)", drv);
            return SIM_EIO;
        }
        Uint32 fl = SDL_WINDOW_RESIZABLE | (o->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
        sp->win = SDL_CreateWindow("frontier compare", SDL_WINDOWPOS_CENTERED,
                                   SDL_WINDOWPOS_CENTERED, sp->w, sp->h, fl);
        if (sp->win) sp->r = SDL_CreateRenderer(sp->win, -1, SDL_RENDERER_PRESENTVSYNC);
        if (sp->win && !sp->r) sp->r = SDL_CreateRenderer(sp->win, -1, SDL_RENDERER_SOFTWARE);
        if (sp->win) SDL_GetWindowSize(sp->win, &sp->w, &sp->h);
    }
    if (!sp->r) {
        snprintf(err, errlen, "cannot open the %s: %s", o->headless ? "drawing surface" :
                 "window", SDL_GetError());
        return SIM_EIO;
    }
    SDL_SetRenderDrawBlendMode(sp->r, SDL_BLENDMODE_BLEND);
    return 0;
}

static int open_pane(split *sp, int i, const map *mp, const view_opts *o, char *err,
                     size_t errlen)
{
    view_opts po = *o;
    po.headless = 1;   /* drawn on a surface, shown through the split's renderer */
    po.fullscreen = 0;
    po.width = sp->map[i].w;
    po.height = sp->map[i].h;
    sp->pane[i] = view_create(sp->scn[i], mp, &po, err, errlen);
    if (!sp->pane[i]) return SIM_EIO;
    int rc = view_set_compact(sp->pane[i], 1);
    if (!rc) rc = view_set_theme(sp->pane[i], sp->theme_id);
    return rc;
}

static void set_labels(split *sp, int i, const char *label)
{
    char d[256];
    const scenario *me = sp->scn[i], *other = sp->scn[1 - i];
    snprintf(sp->label[i], sizeof sp->label[i], "%c  %s", 'A' + i, me->name);
    for (int m = 0; m < 3; m++) {   /* file and two differences; one; one without the file */
        const char *file = label && m < 2 ? label : "", *sep = label && m < 2 ? "   " : "";
        char *out = sp->diff[i][m];
        size_t n = sizeof sp->diff[i][m];
        if (split_differences(&me->p, &other->p, m ? 1 : 2, d, sizeof d))
            snprintf(out, n, "%s%sdiffers: %s", file, sep, d);
        else if (me->n_timeline != other->n_timeline)
            snprintf(out, n, "%s%sdiffers: %d scripted actions (other: %d)", file, sep,
                     me->n_timeline, other->n_timeline);
        else snprintf(out, n, "%s%ssame parameters", file, sep);
    }
}

split *split_create(const scenario *a, const map *ma, const char *label_a, const scenario *b,
                    const map *mb, const char *label_b, const view_opts *o, int theme_id,
                    char *err, size_t errlen)
{
    split *sp = sim_calloc(1, sizeof *sp);
    if (!sp) return snprintf(err, errlen, "out of memory"), (split *)NULL;
    sp->scn[0] = a;
    sp->scn[1] = b;
    sp->theme_id = theme_id;
    sp->th = theme_get(theme_id);
    sp->w = o->width > 0 ? o->width : 1280;
    sp->h = o->height > 0 ? o->height : 720;
    err[0] = '\0';
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        snprintf(err, errlen, "SDL: %s", SDL_GetError());
        sim_free(sp);
        return NULL;
    }
    int rc = open_target(sp, o, err, errlen);
    if (!rc) rc = open_text(sp, err, errlen);
    if (!rc) place(sp);
    if (!rc) rc = open_pane(sp, 0, ma, o, err, errlen);
    if (!rc) rc = open_pane(sp, 1, mb, o, err, errlen);
    if (!rc) rc = size_panes(sp);
    if (rc) {
        if (!err[0]) snprintf(err, errlen, "cannot start the split view: %s", sim_strerror(rc));
        split_destroy(sp);
        return NULL;
    }
    set_labels(sp, 0, label_a);
    set_labels(sp, 1, label_b);
    return sp;
}

void split_destroy(split *sp)
{
    if (!sp) return;
    for (int i = 0; i < 2; i++) {
        view_destroy(sp->pane[i]);
        if (sp->tex[i]) SDL_DestroyTexture(sp->tex[i]);
    }
    text_destroy(sp->txt);
    if (sp->r) SDL_DestroyRenderer(sp->r);
    if (sp->target) SDL_FreeSurface(sp->target);
    if (sp->frame) SDL_FreeSurface(sp->frame);
    if (sp->win) SDL_DestroyWindow(sp->win);
    sim_free(sp);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

view *split_pane(split *sp, int i) { return i == 0 || i == 1 ? sp->pane[i] : NULL; }

int split_goto(split *sp, double t)
{
    int rc = view_goto(sp->pane[0], t);
    return rc ? rc : view_goto(sp->pane[1], t);
}

int split_advance(split *sp, double dt)
{
    view *a = sp->pane[0], *b = sp->pane[1];
    int rc = view_advance(a, dt);
    if (!rc) rc = view_advance(b, dt);
    if (rc || a->paused == b->paused) return rc;
    /* one paused on a decision: both stop, at the same day */
    a->paused = b->paused = 1;
    double t = fmax(a->t, b->t);
    return split_goto(sp, t);
}

int split_done(const split *sp) { return view_done(sp->pane[0]) && view_done(sp->pane[1]); }

void split_set_pause_on_decision(split *sp, int on)
{
    view_set_pause_on_decision(sp->pane[0], on);
    view_set_pause_on_decision(sp->pane[1], on);
}

static void fill(SDL_Renderer *r, SDL_Rect q, SDL_Color c)
{
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
    SDL_RenderFillRect(r, &q);
}

static void draw_bar(split *sp)
{
    const view *v = sp->pane[0];
    char d0[11], line[256];
    date_format(v->scn->start_date + (long)floor(v->t), d0);
    snprintf(line, sizeof line, "%s   day %d   %s   %g days/s   same seed %llu", d0,
             (int)floor(v->t), split_done(sp) ? "END" : v->paused ? "paused" : "running",
             v->speed, v->seed);
    fill(sp->r, sp->bar, HUD_BG);
    int pad = (int)(6 * sp->s);
    text_draw(sp->txt, TEXT_BOLD, "Compare", pad, sp->bar.y + pad, HUD_WARN, 0);
    text_draw(sp->txt, TEXT_BOLD, line, sp->w / 2, sp->bar.y + pad, HUD_FG, TEXT_CENTER);
    text_draw(sp->txt, TEXT_SMALL, "H help  Q quit", sp->w - pad, sp->bar.y + pad, HUD_DIM,
              TEXT_RIGHT);
}

static void draw_label(split *sp, int i)
{
    SDL_Rect q = sp->lab[i];
    int pad = (int)(6 * sp->s);
    fill(sp->r, q, HUD_BG);
    SDL_RenderSetClipRect(sp->r, &q);
    text_draw(sp->txt, TEXT_BOLD, sp->label[i], q.x + pad, q.y + pad / 2, HUD_FG, 0);
    int w = 0, m = 0;
    for (; m < 2; m++) {
        text_size(sp->txt, TEXT_SMALL, sp->diff[i][m], &w, NULL);
        if (w <= q.w - 2 * pad) break;
    }
    text_draw(sp->txt, TEXT_SMALL, sp->diff[i][m], q.x + pad,
              q.y + pad / 2 + text_height(sp->txt, TEXT_BOLD), HUD_WARN, 0);
    SDL_RenderSetClipRect(sp->r, NULL);
}

/* Threat gauge with the warning level and the effective threshold. */
static void draw_gauge(split *sp, SDL_Rect g, const model_state *st)
{
    fill(sp->r, g, (SDL_Color){60, 66, 78, 255});
    fill(sp->r, (SDL_Rect){g.x, g.y, (int)(fmin(1, fmax(0, st->threat)) * g.w), g.h}, HUD_THREAT);
    int lw = (int)fmax(2, 3 * sp->s * sp->th->line_scale);
    int xw = g.x + (int)(fmin(1, st->warn_at) * g.w);
    int xt = g.x + (int)(fmin(1, st->threshold.effective) * g.w);
    fill(sp->r, (SDL_Rect){xw - lw / 2, g.y - 2, lw, g.h + 4}, HUD_WARN);
    fill(sp->r, (SDL_Rect){xt - lw / 2, g.y - 4, lw, g.h + 8}, HUD_THRESHOLD);
}

static void draw_strip(split *sp, int i)
{
    SDL_Rect q = sp->strip[i];
    const model *m = sp->pane[i]->m;
    model_state st;
    model_state_get(m, &st);
    const model_totals *tot = model_totals_get(m);
    int pad = (int)(6 * sp->s), lh = text_height(sp->txt, TEXT_BODY) + (int)(4 * sp->s);
    int x = q.x + pad, y = q.y + pad, lw, cw = (q.w - 2 * pad) / 3;
    char buf[160];
    fill(sp->r, q, HUD_BG);
    SDL_RenderSetClipRect(sp->r, &q);
    snprintf(buf, sizeof buf, "threat %.2f", st.threat);
    text_size(sp->txt, TEXT_BOLD, "threat 0.00  ", &lw, NULL);
    text_draw(sp->txt, TEXT_BOLD, buf, x, y, HUD_FG, 0);
    snprintf(buf, sizeof buf, "strike at %.2f", st.threshold.effective);
    int sw;
    text_size(sp->txt, TEXT_SMALL, buf, &sw, NULL);
    text_draw(sp->txt, TEXT_SMALL, buf, q.x + q.w - pad, y, HUD_DIM, TEXT_RIGHT);
    draw_gauge(sp, (SDL_Rect){x + lw, y + lh / 4, q.w - 3 * pad - lw - sw, lh / 2}, &st);
    y += lh;
    int bw = (int)(26 * sp->s * sp->th->text_scale);
    for (int k = 0; k <= 5; k++) {
        SDL_Color c = k == st.ladder ? hud_ladder_color(k) : (SDL_Color){60, 66, 78, 255};
        fill(sp->r, (SDL_Rect){x + k * (bw + 2), y + 2, bw, lh - 6}, c);
        snprintf(buf, sizeof buf, "%d", k);
        text_draw(sp->txt, TEXT_SMALL, buf, x + k * (bw + 2) + bw / 2, y + lh / 2 - 2,
                  k == st.ladder ? (SDL_Color){0, 0, 0, 255} : HUD_DIM, TEXT_CENTER | TEXT_MIDDLE);
    }
    text_draw(sp->txt, TEXT_BOLD, hud_ladder_name(st.ladder), x + 6 * (bw + 2) + pad, y,
              hud_ladder_color(st.ladder), 0);
    y += lh;
    snprintf(buf, sizeof buf, "strikes %d", tot->strikes);
    text_draw(sp->txt, TEXT_BOLD, buf, x, y, HUD_FG, 0);
    snprintf(buf, sizeof buf, "attacks %d", tot->attacks);
    text_draw(sp->txt, TEXT_BODY, buf, x + cw, y, HUD_FG, 0);
    snprintf(buf, sizeof buf, "ultimatums %d", tot->ultimatums);
    text_draw(sp->txt, TEXT_BODY, buf, x + 2 * cw, y, HUD_FG, 0);
    SDL_RenderSetClipRect(sp->r, NULL);
}

void split_draw(split *sp)
{
    SDL_SetRenderDrawColor(sp->r, 10, 10, 14, 255);
    SDL_RenderClear(sp->r);
    for (int i = 0; i < 2; i++) {
        view *v = sp->pane[i];
        view_draw(v);
        SDL_RenderFlush(v->r);   /* the software renderer may batch: finish the surface */
        SDL_UpdateTexture(sp->tex[i], NULL, v->target->pixels, v->target->pitch);
        SDL_RenderCopy(sp->r, sp->tex[i], NULL, &sp->map[i]);
        draw_label(sp, i);
        draw_strip(sp, i);
    }
    draw_bar(sp);
}

static int relayout(split *sp, int w, int h)
{
    char err[256];
    if (w < 320 || h < 240) return SIM_EINVAL;
    sp->w = w;
    sp->h = h;
    if (open_text(sp, err, sizeof err)) return SIM_EIO;
    place(sp);
    return size_panes(sp);
}

static void shot(split *sp)
{
    char path[64];
    snprintf(path, sizeof path, "frontier-compare-day%03d-%d.png", (int)floor(sp->pane[0]->t),
             ++sp->shots);
    view_status(sp->pane[0], split_save_png(sp, path) ? "screenshot failed" : "saved %s", path);
}

static int key(split *sp, const SDL_Event *e)
{
    SDL_Keycode k = e->key.keysym.sym;
    view *a = sp->pane[0], *b = sp->pane[1];
    if ((k == SDLK_q || k == SDLK_ESCAPE) && !a->show_help && !knobs_is_open(a->kn)) return 1;
    if (k == SDLK_SPACE) {
        a->paused = b->paused = !a->paused;
        return 0;
    }
    if (k == SDLK_s) return shot(sp), 0;
    if (k == SDLK_f && sp->win) {
        Uint32 fl = SDL_GetWindowFlags(sp->win) & SDL_WINDOW_FULLSCREEN_DESKTOP;
        SDL_SetWindowFullscreen(sp->win, fl ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
        return 0;
    }
    view_handle(a, e);   /* everything else acts on both panes alike */
    view_handle(b, e);
    return 0;
}

int split_handle(split *sp, const SDL_Event *e)
{
    switch (e->type) {
    case SDL_QUIT: return 1;
    case SDL_KEYDOWN: return key(sp, e);
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
            relayout(sp, e->window.data1, e->window.data2);
        return 0;
    default: return 0;   /* the mouse belongs to the single view */
    }
}

SDL_Surface *split_read_frame(split *sp)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, sp->w, sp->h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s) return NULL;
    if (SDL_RenderReadPixels(sp->r, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) != 0) {
        SDL_FreeSurface(s);
        return NULL;
    }
    return s;
}

SDL_Surface *split_frame(split *sp)
{
    return view_frame_read(sp->r, sp->target, &sp->frame, sp->w, sp->h);
}

int split_save_png(split *sp, const char *path)
{
    char tmp[1024];
    SDL_Surface *s = split_read_frame(sp);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int rc = s && IMG_SavePNG(s, tmp) == 0 && rename(tmp, path) == 0 ? 0 : SIM_EIO;
    if (rc) remove(tmp);
    if (s) SDL_FreeSurface(s);
    return rc;
}

void split_present(split *sp)
{
    if (sp->win) SDL_RenderPresent(sp->r);
}

void split_size(const split *sp, int *w, int *h)
{
    *w = sp->w;
    *h = sp->h;
}

SDL_Rect split_pane_rect(const split *sp, int i) { return sp->map[i & 1]; }
