/* controls.c - the on-screen run / pause, step, restart buttons and the speed slider. */
#include "panels/controls.h"
#include "base/alloc.h"
#include "layers/hud.h"
#include <math.h>
#include <stdio.h>

static const double speeds[CONTROLS_NSPEEDS] = {0.25, 0.5, 1, 2, 4, 7, 14, 30, 60};

double controls_speed(int k)
{
    return speeds[k < 0 ? 0 : k >= CONTROLS_NSPEEDS ? CONTROLS_NSPEEDS - 1 : k];
}

int controls_speed_index(double x)
{
    int k = 0;
    while (k < CONTROLS_NSPEEDS - 1 && speeds[k] < x - 1e-9) k++;
    return k;
}

struct controls {
    SDL_Rect rect[CONTROLS_N];
    SDL_Rect track;            /* the slider's track inside rect[CONTROL_SPEED] */
    int dragging;
};

controls *controls_create(void) { return sim_calloc(1, sizeof(controls)); }
void controls_destroy(controls *c) { sim_free(c); }

SDL_Rect controls_rect(const controls *c, int id)
{
    return id >= 0 && id < CONTROLS_N ? c->rect[id] : (SDL_Rect){0, 0, 0, 0};
}

#define BUTTON ((SDL_Color){52, 58, 72, 255})
#define LIT ((SDL_Color){78, 90, 112, 255})

static const char *const names[3] = {"Run", "Pause", "+1 day"};

/* The labels the buttons may show, widest first counted: the bar is as wide as they are. */
static int button_w(const panel_ctx *x, int pad, int which, int icon)
{
    int w;
    const char *s = which == CONTROL_RUN ? "Pause" : which == CONTROL_STEP ? names[2]
                                                                            : "Restart";
    text_size(x->txt, TEXT_BOLD, s, &w, NULL);
    return w + 2 * pad + (which == CONTROL_RUN ? icon + pad * 3 / 2 : 0);
}

/* The run button's icon: a triangle to run, two bars to pause. */
static void icon(SDL_Renderer *r, int x, int y, int h, int paused, SDL_Color c)
{
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
    if (!paused) {
        int bw = h / 3 > 2 ? h / 3 : 2;
        SDL_RenderFillRect(r, &(SDL_Rect){x, y, bw, h});
        SDL_RenderFillRect(r, &(SDL_Rect){x + h - bw, y, bw, h});
        return;
    }
    for (int i = 0; i < h; i++) {   /* a triangle pointing right, row by row */
        int len = (int)lround(h * (1 - fabs(2.0 * i / (h - 1) - 1)) * 0.9);
        SDL_RenderDrawLine(r, x, y + i, x + len, y + i);
    }
}

static void button(const panel_ctx *x, SDL_Rect q, const char *label, int lit, int ic,
                   int paused, int pad)
{
    panel_frame(x, q, lit ? LIT : BUTTON, x->th->edge);
    int lb = text_height(x->txt, TEXT_BOLD), tx = q.x + pad;
    if (ic > 0) {
        icon(x->r, tx, q.y + (q.h - ic) / 2, ic, paused, HUD_FG);
        tx += ic + pad * 3 / 2;
    }
    text_draw_fit(x->txt, TEXT_BOLD, label, tx, q.y + (q.h - lb) / 2, q.x + q.w - pad - tx, HUD_FG,
                  0);
}

/* The slider: a tick per speed and a knob at the speed now (the side panel's header says
 * the speed in words). */
static void slider(controls *c, const panel_ctx *x, SDL_Rect q, double speed, int pad)
{
    int lb = text_height(x->txt, TEXT_BOLD), n = CONTROLS_NSPEEDS - 1;
    c->track = (SDL_Rect){q.x + pad, q.y + q.h / 2 - 2, q.w - 2 * pad, 5};
    panel_fill(x, c->track, (SDL_Color){90, 96, 110, 255});
    for (int i = 0; i <= n; i++)
        panel_fill(x, (SDL_Rect){c->track.x + i * (c->track.w - 1) / n, c->track.y - 3, 1, 11},
                   HUD_DIM);
    int kx = c->track.x + controls_speed_index(speed) * (c->track.w - 1) / n;
    int kh = lb < q.h ? lb : q.h;
    panel_frame(x, (SDL_Rect){kx - kh / 4, q.y + (q.h - kh) / 2, kh / 2, kh}, HUD_FG, HUD_DIM);
}

/* Lays the bar out in q (its height is returned): the three buttons in a row, the slider
 * beside them when it has room for a usable track, else on a row of its own. */
static int lay_out(controls *c, const panel_ctx *x, SDL_Rect q)
{
    int pad = (int)fmax(4, 6 * x->s), ic = text_height(x->txt, TEXT_BOLD) * 6 / 10;
    int row = text_height(x->txt, TEXT_BOLD) + 2 * pad, xx = q.x + pad, y = q.y + pad;
    for (int id = CONTROL_RUN; id <= CONTROL_RESTART; id++) {
        c->rect[id] = (SDL_Rect){xx, y, button_w(x, pad, id, ic), row};
        xx += c->rect[id].w + pad;
    }
    int right = q.x + q.w - pad, need = (int)(110 * x->s);   /* a track a hand can use */
    if (right - xx < need) {
        xx = q.x + pad;
        y += row + pad;
    }
    c->rect[CONTROL_SPEED] = (SDL_Rect){xx, y, right - xx, row};
    return y + row + pad - q.y;
}

int controls_height(controls *c, const panel_ctx *x, int w)
{
    return lay_out(c, x, (SDL_Rect){0, 0, w, 0});
}

void controls_draw(controls *c, const panel_ctx *x, SDL_Rect q, int paused, double speed,
                   int mx, int my)
{
    int pad = (int)fmax(4, 6 * x->s), ic = text_height(x->txt, TEXT_BOLD) * 6 / 10;
    panel_fill(x, q, HUD_BG);
    text_region(x->txt, q, 1, "controls");
    lay_out(c, x, q);
    SDL_Point m = {mx, my};
    button(x, c->rect[CONTROL_RUN], paused ? names[0] : names[1],
           SDL_PointInRect(&m, &c->rect[CONTROL_RUN]), ic, paused, pad);
    button(x, c->rect[CONTROL_STEP], names[2], SDL_PointInRect(&m, &c->rect[CONTROL_STEP]), 0,
           0, pad);
    button(x, c->rect[CONTROL_RESTART], "Restart",
           SDL_PointInRect(&m, &c->rect[CONTROL_RESTART]), 0, 0, pad);
    slider(c, x, c->rect[CONTROL_SPEED], speed, pad);
}

/* The speed at pixel column px of the slider's track (the nearest step). */
static double speed_at(const controls *c, int px)
{
    double f = c->track.w > 1 ? (double)(px - c->track.x) / (c->track.w - 1) : 0;
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    return controls_speed((int)lround(f * (CONTROLS_NSPEEDS - 1)));
}

int controls_handle(controls *c, const SDL_Event *e, controls_action *out)
{
    out->id = -1;
    out->speed = 0;
    if (e->type == SDL_MOUSEBUTTONUP && c->dragging) {
        c->dragging = 0;
        return 1;
    }
    if (e->type == SDL_MOUSEMOTION && c->dragging) {
        out->id = CONTROL_SPEED;
        out->speed = speed_at(c, e->motion.x);
        return 1;
    }
    if (e->type != SDL_MOUSEBUTTONDOWN || e->button.button != SDL_BUTTON_LEFT) return 0;
    SDL_Point p = {e->button.x, e->button.y};
    for (int id = 0; id < CONTROLS_N; id++)
        if (c->rect[id].w > 0 && SDL_PointInRect(&p, &c->rect[id])) {
            out->id = id;
            if (id == CONTROL_SPEED) {
                out->speed = speed_at(c, p.x);
                c->dragging = 1;
            }
            return 1;
        }
    return 0;
}
