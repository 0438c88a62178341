/* view_input.c - keys and mouse: time control, knobs, layers, overlays, picking. */
#include "base/alloc.h"
#include "base/err.h"
#include "view/view_int.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

static void change_speed(view *v, int dir)
{
    v->speed = controls_speed(controls_speed_index(v->speed) + dir);
    view_status(v, "speed %g simulated days per second (%g days a minute)", v->speed,
                v->speed * 60);
}

int view_threshold_step(view *v, double delta)
{
    const char *key = "state.strike.threshold";
    double old = model_params(v->m)->state.threshold;
    double val = fmax(0, fmin(1, round((old + delta) * 100) / 100));
    char why[128];
    snprintf(why, sizeof why, "user moved the strike threshold %.2f -> %.2f with the %s key",
             old, val, delta > 0 ? "]" : "[");
    int rc = model_set_param(v->m, key, val, MODEL_ACTOR_USER, why);
    if (rc) {
        view_status(v, "cannot set %s: %s", key, sim_strerror(rc));
        return rc;
    }
    if (sim_grow(&v->sets, &v->cap_sets, v->n_sets, sizeof *v->sets, 16)) return SIM_ENOMEM;
    view_set *u = &v->sets[v->n_sets++];
    *u = (view_set){.t = v->t, .value = val, .applied = 1};
    snprintf(u->key, sizeof u->key, "%s", key);
    snprintf(u->why, sizeof u->why, "%s", why);
    if ((rc = view_run_to(v, v->t)) != 0) return rc;   /* its caption shows now, paused too */
    model_state st;
    model_state_get(v->m, &st);
    view_status(v, "strike threshold %.2f -> %.2f (effective now %.2f)", old, val,
                st.threshold.effective);
    return 0;
}

static void screenshot(view *v)
{
    char path[64];
    snprintf(path, sizeof path, "frontier-seed%llu-day%03d-%d.png", v->seed, (int)floor(v->t),
             ++v->shots);
    if (view_save_png(v, path) == 0) view_status(v, "screenshot saved: %s", path);
    else view_status(v, "screenshot failed: %s", SDL_GetError());
}

static void step(view *v, int dir)
{
    v->paused = 1;
    double t = dir > 0 ? floor(v->t + 1e-9) + 1 : ceil(v->t - 1e-9) - 1;
    int rc = view_goto(v, fmax(0, t));
    if (rc) view_status(v, "model error: %s", sim_strerror(rc));
}

static void restart(view *v, unsigned long long seed)
{
    int rc = view_restart(v, seed, 0);
    if (rc) view_status(v, "restart failed: %s", sim_strerror(rc));
    else view_status(v, "restarted, seed %llu", seed);
}

static void toggle_fullscreen(view *v)
{
    if (!v->win) return;
    Uint32 fl = SDL_GetWindowFlags(v->win) & SDL_WINDOW_FULLSCREEN_DESKTOP;
    if (!fl && !(SDL_GetWindowFlags(v->win) & SDL_WINDOW_BORDERLESS)) {
        SDL_SetWindowFullscreen(v->win, SDL_WINDOW_FULLSCREEN_DESKTOP);
    } else if (fl) {
        SDL_SetWindowFullscreen(v->win, 0);
    } else {   /* the borderless stand-in of view_check_fullscreen: back to a window */
        SDL_SetWindowBordered(v->win, SDL_TRUE);
        SDL_SetWindowSize(v->win, v->o.width, v->o.height);
        SDL_SetWindowPosition(v->win, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED);
    }
    v->fs_check = SDL_GetTicks() + 500;   /* lay out from the size the display really gave */
}

/* T: the record beside the run on or off; the map takes the band's room back. */
static void toggle_strip(view *v)
{
    if (!v->strip) {
        view_status(v, "no record: this scenario names none (record: in the scenario file)");
        return;
    }
    strip_toggle(v->strip);
    int rc = view_resize(v, v->w, v->h);
    if (rc) view_status(v, "cannot lay out the view: %s", sim_strerror(rc));
    else view_status(v, "what really happened: %s", strip_shown(v->strip) ? "on" : "off");
}

static int key(view *v, SDL_Keycode k)
{
    switch (k) {
    case SDLK_q: case SDLK_ESCAPE:
        if (k == SDLK_ESCAPE && (v->show_help || v->show_list || v->selected >= 0)) {
            v->show_help = v->show_list = 0;   /* Esc closes an overlay first */
            v->selected = -1;
            return 0;
        }
        return 1;
    case SDLK_SPACE: v->paused = !v->paused; break;
    case SDLK_RIGHT: step(v, 1); break;
    case SDLK_LEFT: step(v, -1); break;
    case SDLK_PLUS: case SDLK_EQUALS: case SDLK_KP_PLUS: change_speed(v, 1); break;
    case SDLK_MINUS: case SDLK_KP_MINUS: change_speed(v, -1); break;
    case SDLK_r: restart(v, v->seed); break;
    case SDLK_n: restart(v, v->seed + 1); break;
    case SDLK_LEFTBRACKET: view_threshold_step(v, -0.05); break;
    case SDLK_RIGHTBRACKET: view_threshold_step(v, 0.05); break;
    case SDLK_e: v->show_list = !v->show_list; break;
    case SDLK_h: v->show_help = !v->show_help; break;
    case SDLK_s: screenshot(v); break;
    case SDLK_f: toggle_fullscreen(v); break;
    case SDLK_t: toggle_strip(v); break;
    default:
        if (k >= SDLK_1 && k <= SDLK_9) {
            int bit = 1 << (k - SDLK_1);
            view_set_layers(v, v->layers ^ bit);
            view_status(v, "layer %d %s: %s", (int)(k - SDLK_1) + 1, layers_name((int)(k - SDLK_1)),
                        v->layers & bit ? "on" : "off");
        }
    }
    return 0;
}

static void click(view *v, int x, int y)
{
    SDL_Point pt = {x, y};
    int run_rec;
    if (strip_click(v->strip, x, y, &run_rec)) {   /* a real mark pins its source, a run */
        if (run_rec >= 0) v->selected = run_rec;   /* mark opens its reason */
        return;
    }
    if (v->show_list)
        for (int i = 0; i < v->n_list; i++)
            if (SDL_PointInRect(&pt, &v->list_rows[i])) {
                v->selected = v->list_rec[i];
                return;
            }
    int rec = layers_pick(v->ly, v->zones, v->nz, v->t, v->layers, (float)x, (float)y,
                          14 * v->s);
    v->selected = rec;   /* a click on empty map closes the reason box */
}

/* The knob and explain panels share the top right of the map: when both do not fit, the
 * one opened last stays. */
static void make_room(view *v, int explain_was, int knobs_was)
{
    panel_ctx x;
    view_panel_ctx(v, &x);
    if (!knobs_is_open(v->kn) || !captions_explain_open(v->cap)) return;
    int reserve = 3 * text_height(v->txt, TEXT_BOLD);   /* the newest caption stays visible */
    int need = x.top + knobs_height(&x) + (int)(10 * v->s) + captions_explain_height(&x);
    if (need <= v->map_rect.y + v->map_rect.h - reserve) return;
    if (!explain_was) {
        knobs_toggle(v->kn);
        view_status(v, "knob panel closed to make room (K)");
    } else if (!knobs_was) {
        captions_set_explain(v->cap, 0);
        view_status(v, "explain panel closed to make room (X)");
    }
}

/* The panels first: a decision's keys, then the menus and cards, then K, C, P, X. */
static int panels_handle(view *v, const SDL_Event *e)
{
    panel_ctx x;
    panel_reply rep;
    view_panel_ctx(v, &x);
    panel_reply_init(&rep);
    int explain = captions_explain_open(v->cap), knob = knobs_is_open(v->kn);
    if ((v->play && play_handle(v->play, &x, e, &rep)) || inject_handle(v->inj, &x, e, &rep) ||
        cards_handle(v->cards, e, &rep) || knobs_handle(v->kn, &x, e, &rep) ||
        captions_handle(v->cap, e, &rep)) {
        make_room(v, explain, knob);
        if (cards_showing(v->cards) == CARDS_RULES) v->show_help = 0;   /* W from the help */
        view_reply(v, &rep);
        return 1;
    }
    return 0;
}

/* A click on the buttons under the side panel does what its key does (the same path, so
 * an open card or a waiting decision sees it as the key). */
static int controls_click(view *v, const SDL_Event *e, int *quit)
{
    static const SDL_Keycode keys[] = {SDLK_SPACE, SDLK_RIGHT, SDLK_r};
    controls_action a;
    if (v->compact || !controls_handle(v->ctl, e, &a)) return 0;
    if (a.id == CONTROL_SPEED && a.speed != v->speed) {
        v->speed = a.speed;
        view_status(v, "speed %g simulated days per second", v->speed);
    } else if (a.id >= CONTROL_RUN && a.id <= CONTROL_RESTART) {
        SDL_Event k = {.type = SDL_KEYDOWN};
        k.key.keysym.sym = keys[a.id];
        *quit = view_handle(v, &k);
    }
    return 1;
}

int view_handle(view *v, const SDL_Event *e)
{
    int quit = 0;
    if (controls_click(v, e, &quit)) return quit;
    if (panels_handle(v, e)) return 0;
    switch (e->type) {
    case SDL_QUIT: return 1;
    case SDL_KEYDOWN: return key(v, e->key.keysym.sym);
    case SDL_MOUSEMOTION:
        v->mx = e->motion.x;
        v->my = e->motion.y;
        v->hover_zone = layers_pick_zone(v->zones, v->nz, (float)v->mx, (float)v->my,
                                         12 * v->s);
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.button == SDL_BUTTON_LEFT) click(v, e->button.x, e->button.y);
        break;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
            int w, h;   /* the drawable as the display has it, not as SDL was told */
            view_real_size(v, &w, &h);
            view_resize(v, w, h);
        }
        break;
    default: break;
    }
    return 0;
}
