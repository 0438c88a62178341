/* view.c - the view's lifetime, layout, base map and model synchronisation. */
#include "base/alloc.h"
#include "base/err.h"
#include "map/basemap.h"
#include "view/view_int.h"
#include <SDL_image.h>
#include <SDL_syswm.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int open_target(view *v, char *err, size_t errlen)
{
    if (v->o.headless) {
        v->target = SDL_CreateRGBSurfaceWithFormat(0, v->w, v->h, 32, SDL_PIXELFORMAT_ARGB8888);
        v->r = v->target ? SDL_CreateSoftwareRenderer(v->target) : NULL;
    } else {
        const char *drv = SDL_GetCurrentVideoDriver(), *asked = SDL_getenv("SDL_VIDEODRIVER");
        /* SDL falls back to an invisible driver when no display answers: say so instead */
        if (drv && (!asked || !*asked) && (!strcmp(drv, "offscreen") || !strcmp(drv, "dummy"))) {
            snprintf(err, errlen, "no display (SDL found only its '%s' video driver)", drv);
            return SIM_EIO;
        }
        Uint32 fl = SDL_WINDOW_RESIZABLE | (v->o.fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
        v->win = SDL_CreateWindow("frontier", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                  v->w, v->h, fl);
        if (v->win) v->r = SDL_CreateRenderer(v->win, -1, SDL_RENDERER_PRESENTVSYNC);
        if (v->win && !v->r) v->r = SDL_CreateRenderer(v->win, -1, SDL_RENDERER_SOFTWARE);
        if (v->win) SDL_GetWindowSize(v->win, &v->w, &v->h);
        if (v->win && v->o.fullscreen) v->fs_check = SDL_GetTicks() + 500;
    }
    if (!v->r) {
        snprintf(err, errlen, "cannot open the %s: %s", v->o.headless ? "drawing surface" :
                 "window", SDL_GetError());
        return SIM_EIO;
    }
    SDL_SetRenderDrawBlendMode(v->r, SDL_BLENDMODE_BLEND);
    return 0;
}

/* The scenario's camera (centre and horizontal span in km) as a lon/lat box of the given
 * aspect (width / height); without a span the map's own box is kept. */
static void camera_box(const view *v, double aspect, double box[4])
{
    const scn_view *c = &v->scn->view;
    if (!(c->span_km > 0)) return;
    double km_per_deg = 111.32, kx = cos(c->center_lat * 3.14159265358979323846 / 180);
    double half_lon = 0.5 * c->span_km / (km_per_deg * kx);
    double half_lat = 0.5 * c->span_km / km_per_deg / aspect;
    box[0] = c->center_lon - half_lon;
    box[2] = c->center_lon + half_lon;
    box[1] = c->center_lat - half_lat;
    box[3] = c->center_lat + half_lat;
}

/* The size scale: the window against 1280x720, by its height and (a narrow window, such as
 * 1024x768, has less room across for the panel's text) its width; a pane of the split
 * screen is half a window wide by design, so only its height counts. */
static double size_scale(const view *v)
{
    double s = v->h / 720.0;
    if (!v->compact) s = fmin(s, v->w / 1280.0);
    return fmax(0.6, fmin(2.5, s));
}

/* The band at the bottom of the map the caption panel may take: map labels keep clear. */
SDL_Rect view_captions_band(view *v)
{
    panel_ctx x;
    view_panel_ctx(v, &x);
    int h = captions_max_height(&x);
    return (SDL_Rect){v->map_rect.x, v->map_rect.y + v->map_rect.h - h, v->map_rect.w, h};
}

static void project_zones(view *v)
{
    for (int i = 0; i < v->nz; i++) {
        double x, y;
        proj_to_px(&v->p, v->scn->zones[i].lon, v->scn->zones[i].lat, &x, &y);
        v->zones[i].x = (float)x;
        v->zones[i].y = (float)y;
    }
}

/* Zones under the captions' band are hidden whenever a caption shows: the map moves up
 * until the lowest zone in view (with its label's room) is above the band, as far as the
 * highest one stays inside the map. */
static void lift_zones(view *v)
{
    if (v->nz == 0 || v->compact) return;
    double lo = 1e30, hi = -1e30, room = 24 * v->s * v->th->text_scale;
    for (int i = 0; i < v->nz; i++) {   /* the zones in view (a camera may leave some out) */
        SDL_Point pt = {(int)v->zones[i].x, (int)v->zones[i].y};
        if (SDL_PointInRect(&pt, &v->map_rect))
            lo = fmin(lo, v->zones[i].y), hi = fmax(hi, v->zones[i].y);
    }
    SDL_Rect band = view_captions_band(v);
    double need = hi + room - band.y, can = lo - room - v->map_rect.y;
    double lift = fmin(need, can);
    if (!(lift > 0)) return;
    v->p.cy -= lift;
    project_zones(v);
}

/* The legend over the map when the side panel cannot hold it (hud_legend_fits): a strip
 * across the top of the map's column, and the map fitted under it. */
static void legend_strip(view *v)
{
    v->legend = (SDL_Rect){0, 0, 0, 0};
    if (!v->txt || v->compact) return;
    SDL_Rect hud = {v->panel.x, v->panel.y, v->panel.w, v->panel.h - v->bar.h};
    if (hud_legend_fits(hud, v->txt)) return;
    int pad = (int)fmax(4, 8 * v->s), w = v->map_rect.w - 2 * pad;
    int h = hud_legend_height(v->txt, w, hud.h / 720.0) + pad;
    v->legend = (SDL_Rect){v->map_rect.x, v->map_rect.y, v->map_rect.w, h};
    v->map_rect.y += h;
    v->map_rect.h -= h;
}

/* Panel on the right, map on the left; sizes follow size_scale. */
static void layout(view *v)
{
    v->s = (float)size_scale(v);
    double want = 380 * v->s * v->th->text_scale;   /* larger type needs a wider panel */
    int pw = v->compact ? 0 : (int)fmax(300, fmin(0.42 * v->w, want));
    v->panel = (SDL_Rect){v->w - pw, 0, pw, v->h};
    v->bar = (SDL_Rect){v->panel.x, v->h, pw, 0};
    if (v->txt && !v->compact) {   /* the buttons take the bottom of the side panel */
        panel_ctx x;
        view_panel_ctx(v, &x);
        v->bar.h = controls_height(v->ctl, &x, pw);
        v->bar.y = v->h - v->bar.h;
    }
    v->strip_rect = (SDL_Rect){0, v->h, v->w - pw, 0};
    if (v->txt && !v->compact && strip_shown(v->strip)) {   /* under the map, full width */
        panel_ctx x;
        view_panel_ctx(v, &x);
        v->strip_rect.h = strip_height(v->strip, &x);
        v->strip_rect.y = v->h - v->strip_rect.h;
    }
    v->map_rect = (SDL_Rect){0, 0, v->w - pw, v->h - v->strip_rect.h};
    legend_strip(v);
    int m = (int)(8 * v->s);
    double w = fmax(1, v->map_rect.w - 2 * m), h = fmax(1, v->map_rect.h - 2 * m);
    double box[4] = {v->mp->lon0, v->mp->lat0, v->mp->lon1, v->mp->lat1};
    camera_box(v, w / h, box);
    proj_fit(&v->p, box[0], box[1], box[2], box[3], m, v->map_rect.y + m, w, h);
    project_zones(v);
    if (v->txt) lift_zones(v);
    if (v->txt) layers_place_labels(v->zones, v->nz, v->txt, v->s, &(layer_label_area){
                                        v->map_rect, view_captions_band(v)});
}

static int open_text(view *v, char *err, size_t errlen)
{
    double scale = size_scale(v) * v->th->text_scale;
    if (v->txt && fabs(scale - v->txt_scale) < 0.05) return 0;
    text *t = text_create(v->r, scale, err, errlen);
    if (!t) return SIM_EIO;
    text_destroy(v->txt);
    v->txt = t;
    v->txt_scale = scale;
    return 0;
}

int view_rebuild_base(view *v)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, v->w, v->h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s) return SIM_ENOMEM;
    double *skip = sim_malloc((size_t)(v->nz + 1) * 2 * sizeof *skip);
    SDL_Rect *avoid = sim_malloc((size_t)(v->nz + 1) * 2 * sizeof *avoid);
    if (!skip || !avoid) return sim_free(skip), sim_free(avoid), SDL_FreeSurface(s), SIM_ENOMEM;
    for (int i = 0; i < v->nz; i++) {
        const layer_zone *z = &v->zones[i];
        int r = (int)(z->kind == SCN_ZONE_SANCTUARY ? layers_sanctuary_radius(z->k0, z->k0, v->s)
                                                    : 10 * v->s);
        skip[2 * i] = v->scn->zones[i].lon;
        skip[2 * i + 1] = v->scn->zones[i].lat;
        avoid[2 * i] = z->label;
        avoid[2 * i + 1] = (SDL_Rect){(int)z->x - r, (int)z->y - r, 2 * r, 2 * r};
    }
    avoid[2 * v->nz] = view_captions_band(v);   /* places stay out from under the captions */
    basemap_opts o = {.labels = (v->layers & LAYER_PLACES) != 0,
                      .border_width = fmax(3, 5 * v->s) * v->th->line_scale,
                      .skip_lonlat = skip, .n_skip = v->nz,
                      .avoid = avoid, .n_avoid = 2 * v->nz + 1, .clip = v->map_rect,
                      .placed = v->place_labels, .placed_cap = VIEW_PLACE_LABELS};
    int rc = basemap_draw(s, v->mp, &v->p, v->txt, &o);
    v->n_place_labels = o.n_placed;
    sim_free(skip);
    sim_free(avoid);
    SDL_Texture *tex = rc ? NULL : SDL_CreateTextureFromSurface(v->r, s);
    SDL_FreeSurface(s);
    if (!tex) return rc ? rc : SIM_ENOMEM;
    SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_NONE);   /* opaque: a plain copy each frame */
    SDL_SetTextureColorMod(tex, v->th->map_tint.r, v->th->map_tint.g, v->th->map_tint.b);
    if (v->base) SDL_DestroyTexture(v->base);
    v->base = tex;
    return 0;
}

void view_status(view *v, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->status, sizeof v->status, fmt, ap);
    va_end(ap);
    v->status_until = SDL_GetTicks() + 4000;
}

/* The top of the free map area: below the status line. */
static int panels_top(const view *v)
{
    int pad = (int)(8 * v->s);
    return v->map_rect.y + 2 * pad + text_height(v->txt, TEXT_BOLD) + pad / 2;
}

void view_panel_ctx(view *v, panel_ctx *out)
{
    *out = (panel_ctx){.r = v->r, .txt = v->txt, .th = v->th, .s = v->s, .map = v->map_rect,
                       .top = panels_top(v), .scn = v->scn, .m = v->m, .rec = v->rec,
                       .t = v->t, .seed = v->seed, .n_seen = v->n_seen,
                       .replay = v->n_rep > 0, .zones = v->zones, .nz = v->nz};
}

void view_reply(view *v, const panel_reply *r)
{
    if (r->status[0]) view_status(v, "%s", r->status);
    if (r->layers) {
        view_set_layers(v, v->layers ^ r->layers);
        if (!r->status[0] && r->layers == LAYER_CAPTIONS)
            view_status(v, "captions %s", v->layers & LAYER_CAPTIONS ? "on" : "off");
    }
    if (r->changed) {
        int rc = view_run_to(v, v->t);
        if (rc) view_status(v, "model error: %s", sim_strerror(rc));
    }
    if (r->pause != PANEL_KEEP) v->paused = r->pause != 0;
}

/* Turns model records that arrived since the last call into markers; a decision pauses the
 * run when pause-on-decision is on. */
static int ingest(view *v)
{
    int n = model_record_count(v->m);
    for (; v->n_seen < n; v->n_seen++) {
        const model_record *r = model_record_at(v->m, v->n_seen);
        layer_marker mk = {r->t, r->kind, r->zone, r->from_zone, r->casualties, v->n_seen};
        if (layers_add(v->ly, &mk)) return SIM_ENOMEM;
        panel_reply rep;
        panel_reply_init(&rep);
        if (!v->paused && captions_on_record(v->cap, r, &rep)) {
            v->paused = 1;
            view_status(v, "%s", rep.status);
        }
    }
    layers_expire(v->ly, v->t);
    return 0;
}

/* A copy of src (or an empty script), rewound. NULL on no memory. */
static script *copy_script(const script *src)
{
    script *dst = script_create();
    for (int i = 0; dst && src && i < script_count(src); i++)
        if (script_append(dst, script_at(src, i))) {
            script_destroy(dst);
            return NULL;
        }
    if (dst) script_rewind(dst);
    return dst;
}

static void sync_zones(view *v)
{
    for (int i = 0; i < v->nz; i++) {
        v->zones[i].capacity = model_zone_capacity(v->m, i);
        v->zones[i].closed = model_zone_closed(v->m, i);
    }
}

/* A fresh model for seed, at day 0; the user's changes are replayed by view_goto when
 * keep_sets is set, forgotten otherwise. */
int view_restart(view *v, unsigned long long seed, int keep_sets)
{
    int err = 0;
    model *m = model_create(v->scn, seed, 0, MODEL_KEEP_ALL, &err);
    if (!m) return err ? err : SIM_ENOMEM;
    model_destroy(v->m);
    v->m = m;
    v->seed = seed;
    v->t = 0;
    v->n_seen = 0;
    v->selected = -1;
    if (!keep_sets) v->n_sets = 0;
    for (int i = 0; i < v->n_sets; i++) v->sets[i].applied = 0;
    v->rep_next = 0;
    if (keep_sets) script_rewind(v->rec);
    else if (v->rec) {   /* a new run: the class starts again */
        script_destroy(v->rec);
        if (!(v->rec = copy_script(v->loaded))) return SIM_ENOMEM;   /* the --script stays */
        if (v->play) play_reset(v->play);
    }
    if (v->play && (err = play_attach(v->play, v->m))) return err;
    cards_reset(v->cards);
    layers_clear(v->ly);
    sync_zones(v);
    return 0;
}

/* The earliest pending outside input (a user change or a replayed incident) at or before t:
 * returns its time and sets *set (index into sets, or -1 for the next incident); returns
 * a value > t when there is none. */
static double next_input(const view *v, double t, int *set)
{
    double best = t + 1;
    *set = -1;
    for (int i = 0; i < v->n_sets; i++)
        if (!v->sets[i].applied && v->sets[i].t <= t && v->sets[i].t < best)
            best = v->sets[i].t, *set = i;
    if (v->rep_next < v->n_rep && v->rep[v->rep_next].t <= t && v->rep[v->rep_next].t < best) {
        best = v->rep[v->rep_next].t;
        *set = -1;
    }
    return best;
}

static int feed_incident(view *v, const replay_item *r)
{
    scn_timeline_item it = {.action = SCN_ACT_ATTACK, .zone = r->zone, .type = -1,
                            .casualties = r->casualties, .days = -1};
    snprintf(it.note, sizeof it.note, "real incident (line %ld of the replayed file)", r->line);
    return model_inject(v->m, &it, MODEL_ACTOR_SCRIPT);
}

int view_run_to(view *v, double t)
{
    t = fmax(0, fmin(t, model_horizon(v->m)));
    int set, rc = 0;
    for (double ti; !rc && (ti = next_input(v, t, &set)) <= t;) {
        rc = script_apply_until(v->rec, v->m, ti);
        if (rc) break;
        if (set >= 0) {
            view_set *u = &v->sets[set];
            rc = model_set_param(v->m, u->key, u->value, MODEL_ACTOR_USER, u->why);
            u->applied = 1;
        } else {
            rc = feed_incident(v, &v->rep[v->rep_next++]);
        }
    }
    if (!rc) rc = script_apply_until(v->rec, v->m, t);
    if (rc) return rc;
    v->t = t;
    sync_zones(v);
    return ingest(v);
}

int view_set_replay(view *v, const replay_item *items, int n, const char *label)
{
    replay_item *copy = sim_malloc((size_t)(n > 0 ? n : 1) * sizeof *copy);
    if (!copy) return SIM_ENOMEM;
    if (n > 0) memcpy(copy, items, (size_t)n * sizeof *copy);
    sim_free(v->rep);
    v->rep = copy;
    v->n_rep = n;
    v->rep_next = 0;
    while (v->rep_next < n && v->rep[v->rep_next].t < v->t) v->rep_next++;  /* past: skip */
    snprintf(v->label, sizeof v->label, "%s", label ? label : "");
    return 0;
}

/* In decision mode: runs to day t day by day and stops at the first day with a decision
 * waiting (the view pauses); while one waits, time does not move. */
static int run_playing(view *v, double t)
{
    if (!v->play) return view_run_to(v, t);
    t = fmax(0, fmin(t, model_horizon(v->m)));
    while (!play_waiting(v->play)) {
        double d = floor(v->t + 1e-9) + 1;   /* the next daily tick */
        if (d > t) break;
        int rc = view_run_to(v, d);
        if (rc) return rc;
        if (!play_poll(v->play, v->m, !v->paused)) continue;
        if (play_auto(v->play) == PLAY_AUTO_MODEL)   /* no class: the model's own choices */
            while (play_waiting(v->play) && !rc)
                rc = play_choose(v->play, v->m, v->rec, play_model_option(v->play));
        else v->paused = 1;
        if (rc || (!play_waiting(v->play) && (rc = view_run_to(v, v->t)))) return rc;
    }
    return play_waiting(v->play) ? 0 : view_run_to(v, t);
}

int view_goto(view *v, double t)
{
    if (t < v->t - 1e-9) {
        int rc = view_restart(v, v->seed, 1);
        if (rc) return rc;
    }
    return run_playing(v, t);
}

void view_real_size(view *v, int *w, int *h)
{
    SDL_GetWindowSize(v->win, w, h);
#ifdef SDL_VIDEO_DRIVER_X11
    /* SDL reports the desktop's size as soon as it asks for fullscreen; without a window
     * manager the X server keeps the old size, and only it knows */
    SDL_SysWMinfo wi;
    SDL_VERSION(&wi.version);
    XWindowAttributes a;
    if (SDL_GetWindowWMInfo(v->win, &wi) && wi.subsystem == SDL_SYSWM_X11 &&
        XGetWindowAttributes(wi.info.x11.display, wi.info.x11.window, &a))
        *w = a.width, *h = a.height;
#endif
}

void view_check_fullscreen(view *v)
{
    int w, h, sw, sh;
    v->fs_check = 0;
    if (!v->win) return;
    view_real_size(v, &w, &h);
    SDL_GetWindowSize(v->win, &sw, &sh);
    SDL_Rect b;
    int full = (SDL_GetWindowFlags(v->win) & SDL_WINDOW_FULLSCREEN_DESKTOP) != 0;
    if (full && (w != sw || h != sh) &&
        SDL_GetDisplayBounds(SDL_GetWindowDisplayIndex(v->win), &b) == 0) {
        SDL_SetWindowFullscreen(v->win, 0);   /* refused: fill the screen ourselves */
        SDL_SetWindowBordered(v->win, SDL_FALSE);
        SDL_SetWindowPosition(v->win, b.x, b.y);
        SDL_SetWindowSize(v->win, b.w, b.h);
        view_status(v, "fullscreen not honoured by the display: the window fills the screen");
        v->fs_check = SDL_GetTicks() + 500;   /* and lays out once the display has done it */
        return;
    }
    if (w != v->w || h != v->h) view_resize(v, w, h);
}

int view_advance(view *v, double dt)
{
    if (v->fs_check && SDL_TICKS_PASSED(SDL_GetTicks(), v->fs_check)) view_check_fullscreen(v);
    if (v->paused || view_done(v)) return 0;
    return run_playing(v, v->t + v->speed * dt);
}

double view_time(const view *v) { return v->t; }
int view_done(const view *v) { return v->t >= model_horizon(v->m) - 1e-9; }
model *view_model(view *v) { return v->m; }
SDL_Window *view_window(view *v) { return v->win; }
int view_layers(const view *v) { return v->layers; }
int view_paused(const view *v) { return v->paused; }
void view_select(view *v, int record) { v->selected = record < v->n_seen ? record : -1; }
void view_set_paused(view *v, int on) { v->paused = on != 0; }
script *view_script(view *v) { return v->rec; }
captions *view_captions(view *v) { return v->cap; }
cards *view_cards(view *v) { return v->cards; }
knobs *view_knobs(view *v) { return v->kn; }
inject *view_inject(view *v) { return v->inj; }
play *view_play(view *v) { return v->play; }
controls *view_controls(view *v) { return v->ctl; }
strip *view_strip(view *v) { return v->strip; }
text *view_text(view *v) { return v->txt; }

/* The day of the last of the class's choices in sc (a saved session), or -1. */
static double last_choice(const script *sc)
{
    double t = -1;
    for (int i = 0; i < script_count(sc); i++) {
        const scn_timeline_item *it = script_at(sc, i);
        if (it && strstr(it->note, PLAY_NOTE_PREFIX)) t = fmax(t, it->day);
    }
    return t;
}

int view_set_script(view *v, const script *sc)
{
    script *l = copy_script(sc), *r = copy_script(sc);
    if (!l || !r) return script_destroy(l), script_destroy(r), SIM_ENOMEM;
    if (v->play) play_set_script_until(v->play, last_choice(sc));
    script_destroy(v->loaded);
    script_destroy(v->rec);
    v->loaded = l;
    v->rec = r;
    double t = v->t;   /* replay the run so far with the script in it */
    int rc = view_restart(v, v->seed, 1);
    return rc ? rc : view_goto(v, t);
}

int view_save_script(view *v, FILE *f)
{
    script *out = copy_script(v->rec);
    if (!out) return SIM_ENOMEM;
    int rc = 0;
    for (int i = 0; !rc && i < v->n_sets; i++) {   /* the [ ] keys' changes */
        const view_set *u = &v->sets[i];
        scn_timeline_item it = {.day = u->t, .action = SCN_ACT_SET, .zone = -1, .type = -1,
                                .casualties = -1, .days = -1, .value = u->value};
        snprintf(it.key, sizeof it.key, "%s", u->key);
        snprintf(it.note, sizeof it.note, "%s", u->why);
        rc = script_append(out, &it);
    }
    if (!rc) rc = script_write(out, v->scn, f);
    script_destroy(out);
    return rc;
}

int view_write_debrief(view *v, const char *md, char *err, size_t errlen)
{
    panel_ctx x;
    view_panel_ctx(v, &x);
    return cards_write_debrief(v->cards, &x, v->play, md, err, errlen);
}

void view_set_layers(view *v, int bits)
{
    int places = (bits ^ v->layers) & LAYER_PLACES;
    v->layers = bits & LAYER_ALL;
    if (places) view_rebuild_base(v);
}

static int make_zones(view *v)
{
    v->nz = v->scn->n_zones;
    v->zones = sim_calloc((size_t)(v->nz ? v->nz : 1), sizeof *v->zones);
    if (!v->zones) return SIM_ENOMEM;
    for (int i = 0; i < v->nz; i++) {
        const scn_zone *z = &v->scn->zones[i];
        v->zones[i] = (layer_zone){0, 0, z->kind, z->side, z->capacity, z->capacity, 0, z->name,
                                   {0, 0, 0, 0}};
    }
    return 0;
}

view *view_create(const scenario *s, const map *mp, const view_opts *o, char *err,
                  size_t errlen)
{
    view *v = sim_calloc(1, sizeof *v);
    if (!v) return snprintf(err, errlen, "out of memory"), (view *)NULL;
    *v = (view){.scn = s, .mp = mp, .o = *o, .speed = o->speed > 0 ? o->speed : 7,
                .w = o->width > 0 ? o->width : 1280, .h = o->height > 0 ? o->height : 720,
                .layers = LAYER_ALL, .selected = -1, .hover_zone = -1,
                .th = theme_get(THEME_DEFAULT), .paused = o->brief};
    err[0] = 0;
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        snprintf(err, errlen, "SDL: %s", SDL_GetError());
        sim_free(v);
        return NULL;
    }
    int rc = open_target(v, err, errlen);
    if (!rc) rc = open_text(v, err, errlen);
    if (!rc && !(v->ly = layers_create(v->r))) rc = SIM_ENOMEM;
    if (!rc && !(v->kn = knobs_create(s))) rc = SIM_ENOMEM;
    if (!rc && !(v->cap = captions_create())) rc = SIM_ENOMEM;
    if (!rc && !(v->cards = cards_create(o->brief))) rc = SIM_ENOMEM;
    if (!rc && !(v->inj = inject_create())) rc = SIM_ENOMEM;
    if (!rc && !(v->ctl = controls_create())) rc = SIM_ENOMEM;
    if (!rc) rc = strip_create(s, &v->strip, err, errlen);
    if (!rc) rc = make_zones(v);
    if (!rc && !(v->rec = script_create())) rc = SIM_ENOMEM;
    if (!rc && o->play && !(v->play = play_create(play_side_parse(o->play)))) {
        snprintf(err, errlen, "--play: expected state or host, found '%s'", o->play);
        rc = SIM_EINVAL;
    }
    if (!rc && v->play) play_set_auto(v->play, o->play_auto);
    if (!rc && v->play) play_set_free(v->play, o->free_play);
    if (!rc) rc = view_restart(v, o->seed, 0);
    if (!rc) layout(v);
    if (!rc) rc = view_rebuild_base(v);
    if (rc) {
        if (!err[0]) snprintf(err, errlen, "cannot start the view: %s", sim_strerror(rc));
        view_destroy(v);
        return NULL;
    }
    return v;
}

void view_destroy(view *v)
{
    if (!v) return;
    model_destroy(v->m);
    script_destroy(v->rec);
    script_destroy(v->loaded);
    play_destroy(v->play);
    knobs_destroy(v->kn);
    captions_destroy(v->cap);
    cards_destroy(v->cards);
    inject_destroy(v->inj);
    controls_destroy(v->ctl);
    strip_destroy(v->strip);
    if (v->base) SDL_DestroyTexture(v->base);
    layers_destroy(v->ly);
    text_destroy(v->txt);
    if (v->r) SDL_DestroyRenderer(v->r);
    if (v->target) SDL_FreeSurface(v->target);
    if (v->frame) SDL_FreeSurface(v->frame);
    if (v->win) SDL_DestroyWindow(v->win);
    sim_free(v->zones);
    sim_free(v->sets);
    sim_free(v->rep);
    sim_free(v);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

int view_resize(view *v, int w, int h)
{
    char err[256];
    if (w < 64 || h < 64) return SIM_EINVAL;
    if (v->o.headless && (w != v->w || h != v->h)) {
        SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
        SDL_Renderer *r = s ? SDL_CreateSoftwareRenderer(s) : NULL;
        if (!r) return s ? SDL_FreeSurface(s), SIM_ENOMEM : SIM_ENOMEM;
        /* textures belong to a renderer: drop them with it */
        if (v->base) SDL_DestroyTexture(v->base);
        v->base = NULL;
        layers_destroy(v->ly);
        text_destroy(v->txt);
        v->txt = NULL;
        SDL_DestroyRenderer(v->r);
        SDL_FreeSurface(v->target);
        v->target = s;
        v->r = r;
        SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
        if (!(v->ly = layers_create(r))) return SIM_ENOMEM;
    }
    v->w = w;
    v->h = h;
    if (open_text(v, err, sizeof err)) return SIM_EIO;
    layout(v);
    return view_rebuild_base(v);
}

SDL_Surface *view_read_frame(view *v)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, v->w, v->h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s) return NULL;
    if (SDL_RenderReadPixels(v->r, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) != 0) {
        SDL_FreeSurface(s);
        return NULL;
    }
    return s;
}

SDL_Surface *view_frame_read(SDL_Renderer *r, SDL_Surface *target, SDL_Surface **keep, int w,
                             int h)
{
    if (target) /* the software renderer may batch: finish the surface */
        return SDL_RenderFlush(r) == 0 ? target : NULL;
    if (*keep && ((*keep)->w != w || (*keep)->h != h)) {
        SDL_FreeSurface(*keep);
        *keep = NULL;
    }
    if (!*keep) *keep = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!*keep) return NULL;
    return SDL_RenderReadPixels(r, NULL, SDL_PIXELFORMAT_ARGB8888, (*keep)->pixels,
                                (*keep)->pitch) == 0 ? *keep : NULL;
}

SDL_Surface *view_frame(view *v)
{
    return view_frame_read(v->r, v->target, &v->frame, v->w, v->h);
}

int view_save_png(view *v, const char *path)
{
    char tmp[1024];
    SDL_Surface *s = view_read_frame(v);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int rc = s && IMG_SavePNG(s, tmp) == 0 && rename(tmp, path) == 0 ? 0 : SIM_EIO;
    if (rc) remove(tmp);
    if (s) SDL_FreeSurface(s);
    return rc;
}

void view_present(view *v)
{
    if (v->win) SDL_RenderPresent(v->r);
}

void view_size(const view *v, int *w, int *h)
{
    *w = v->w;
    *h = v->h;
}

void view_project(const view *v, double lon, double lat, double *x, double *y)
{
    proj_to_px(&v->p, lon, lat, x, y);
}

SDL_Rect view_map_rect(const view *v) { return v->map_rect; }

int view_map_labels(const view *v, SDL_Rect *out, int cap)
{
    int n = 0;
    for (int i = 0; i < v->nz; i++)
        if (v->zones[i].label.w > 0 && n < cap) out[n++] = v->zones[i].label;
    for (int i = 0; i < v->n_place_labels && n < cap; i++) out[n++] = v->place_labels[i];
    return n;
}

int view_set_theme(view *v, int theme_id)
{
    v->th = theme_get(theme_id);
    return view_resize(v, v->w, v->h);   /* fonts, sizes and the base map follow the theme */
}

int view_set_compact(view *v, int on)
{
    v->compact = on != 0;
    return view_resize(v, v->w, v->h);
}

void view_set_pause_on_decision(view *v, int on) { captions_set_pause_on_decision(v->cap, on); }

int view_add_marker(view *v, int kind, double t, int zone, int from_zone, double casualties)
{
    layer_marker mk = {t, kind, zone, from_zone, casualties, -1};
    return zone >= 0 && zone < v->nz ? layers_add(v->ly, &mk) : SIM_EINVAL;
}

void view_clear_markers(view *v) { layers_clear(v->ly); }

int view_markers(const view *v, int *drawn)
{
    if (drawn) *drawn = layers_drawn(v->ly);
    return layers_count(v->ly);
}
