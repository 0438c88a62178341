/* cmd_view.c - `frontier view`: the SDL2 map of a live run, in a window or headless. */
#include "cmd.h"
#include "date.h"
#include "err.h"
#include "incidents.h"
#include "interrupt.h"
#include "map.h"
#include "opt.h"
#include "recorder.h"
#include "alloc.h"
#include "view.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VIEW_FPS 30   /* recording frame rate */

typedef struct {
    const char *scenario, *size, *screenshot, *record;
    const char *replay, *format, *actor, *start;
    const char *play;
    unsigned long long seed;
    int have_seed, headless, fullscreen;
    double speed, until;
    opt_list sets;
    int w, h;
} view_args;

static int check_args(view_args *a)
{
    if (a->size && (sscanf(a->size, "%dx%d", &a->w, &a->h) != 2 || a->w < 320 || a->h < 240 ||
                    a->w > 7680 || a->h > 4320)) {
        fprintf(stderr, "frontier view: --size: expected WxH between 320x240 and 7680x4320, "
                "found '%s'\n", a->size);
        return 2;
    }
    if (!(a->speed > 0 && a->speed <= 365)) {
        fprintf(stderr, "frontier view: --speed: expected simulated days per second in "
                "(0, 365], found %g\n", a->speed);
        return 2;
    }
    if (!isnan(a->until) && !(a->until >= 0)) {
        fprintf(stderr, "frontier view: --until: expected a day >= 0, found %g\n", a->until);
        return 2;
    }
    if (a->headless && !a->screenshot && !a->record) {
        fprintf(stderr, "frontier view: --headless needs --screenshot FILE.png or --record\n");
        return 2;
    }
    if ((a->format || a->actor || a->start) && !a->replay) {
        fprintf(stderr, "frontier view: --format, --actor and --start go with --replay\n");
        return 2;
    }
    if (a->play && strcmp(a->play, "state") && strcmp(a->play, "host")) {
        fprintf(stderr, "frontier view: --play: expected state or host, found '%s'\n", a->play);
        return 2;
    }
    if (a->screenshot && !a->headless) {
        fprintf(stderr, "frontier view: --screenshot needs --headless (press S in the window)\n");
        return 2;
    }
    return 0;
}

static int parse(int argc, char **argv, view_args *a)
{
    opt_spec specs[] = {
        {"seed", 0, OPT_UINT64, &a->seed, "N", "random seed (default: the scenario's)"},
        {"speed", 0, OPT_DOUBLE, &a->speed, "X", "simulated days per second (default 7)"},
        {"set", 0, OPT_LIST, &a->sets, "KEY=VALUE", "override a parameter (repeatable)"},
        {"size", 0, OPT_STRING, &a->size, "WxH", "window or image size (default 1280x720)"},
        {"fullscreen", 0, OPT_FLAG, &a->fullscreen, NULL, "start fullscreen"},
        {"headless", 0, OPT_FLAG, &a->headless, NULL, "no window: software rendering"},
        {"until", 0, OPT_DOUBLE, &a->until, "DAY", "headless: render up to this day"},
        {"screenshot", 0, OPT_STRING, &a->screenshot, "FILE.png", "headless: save the last frame"},
        {"record", 0, OPT_STRING, &a->record, "DIR|FILE.mp4", "record frames (PNG) or video"},
        {"replay", 0, OPT_STRING, &a->replay, "EVENTS.csv", "animate real incidents instead"},
        {"format", 0, OPT_STRING, &a->format, "F", "replay file layout: auto ucdp acled gtd csv"},
        {"actor", 0, OPT_STRING, &a->actor, "TEXT", "replay: keep incidents whose actor has TEXT"},
        {"start", 0, OPT_STRING, &a->start, "DATE", "replay: start the run on DATE (YYYY-MM-DD)"},
        {"play", 0, OPT_STRING, &a->play, "state|host",
         "decision mode: the class takes that side's decisions (headless: stops at the first)"},
    };
    const int n = (int)(sizeof specs / sizeof specs[0]);
    const char *pos[1];
    int n_pos, help;
    int rc = opt_parse("view", argc, argv, specs, n, pos, 1, &n_pos, &help);
    if (rc) return rc;
    if (help) {
        opt_usage("view", "SCENARIO [options]",
                  "Animates a live run on the region map. Keys: space pause, arrows step, +/- "
                  "speed, [ ] strike threshold, 1-9 layers, E events, H help, S screenshot, "
                  "Q quit.", specs, n);
        return -1;
    }
    if (n_pos != 1) {
        fprintf(stderr, "frontier view: expected one SCENARIO file (try 'frontier view --help')\n");
        return 2;
    }
    a->scenario = pos[0];
    a->have_seed = a->seed != ~0ULL;
    return check_args(a);
}

/* The scenario's view.map, relative to the scenario file's folder. */
static map *load_map(const scenario *s, const char *scn_path)
{
    char path[1024], err[512];
    if (!s->view.map[0]) {
        fprintf(stderr, "frontier view: %s: view.map: expected a map file, found none\n", scn_path);
        return NULL;
    }
    const char *slash = strrchr(scn_path, '/');
    if (s->view.map[0] == '/' || !slash) snprintf(path, sizeof path, "%s", s->view.map);
    else snprintf(path, sizeof path, "%.*s/%s", (int)(slash - scn_path), scn_path, s->view.map);
    map *m = map_load(path, err, sizeof err);
    if (!m) fprintf(stderr, "frontier view: %s\n", err);
    return m;
}

static int record_frame(view *v, recorder *rec)
{
    SDL_Surface *f = view_read_frame(v);
    int rc = f ? recorder_frame(rec, f) : SIM_EIO;
    if (f) SDL_FreeSurface(f);
    return rc;
}

static int run_headless(view *v, const view_args *a, recorder *rec)
{
    double horizon = model_horizon(view_model(v));
    double until = isnan(a->until) ? horizon : fmin(a->until, horizon);
    int rc = 0;
    for (long k = 0; rec && !rc; k++) {   /* fixed steps: speed / fps days a frame */
        double t = fmin(until, (double)k * a->speed / VIEW_FPS);
        rc = view_goto(v, t);
        if (!rc) view_draw(v);
        if (!rc) rc = record_frame(v, rec);
        if (t >= until) break;
        if (interrupt_requested()) return 130;
    }
    if (!rc && a->screenshot) {
        rc = view_goto(v, until);
        if (!rc) view_draw(v);
        if (!rc && view_save_png(v, a->screenshot) != 0) {
            fprintf(stderr, "frontier view: cannot write %s: %s\n", a->screenshot, SDL_GetError());
            return 1;
        }
    }
    if (rc) fprintf(stderr, "frontier view: %s\n", sim_strerror(rc));
    return rc ? 1 : 0;
}

static int run_window(view *v, recorder **rec)
{
    Uint64 freq = SDL_GetPerformanceFrequency(), last = SDL_GetPerformanceCounter();
    int quit = 0;
    while (!quit && !interrupt_requested()) {
        SDL_Event e;
        while (SDL_PollEvent(&e)) quit |= view_handle(v, &e);
        Uint64 now = SDL_GetPerformanceCounter();
        double dt = (double)(now - last) / (double)freq;
        last = now;
        int rc = view_advance(v, *rec ? 1.0 / VIEW_FPS : fmin(dt, 0.25));
        if (rc) {
            fprintf(stderr, "frontier view: %s\n", sim_strerror(rc));
            return 1;
        }
        view_draw(v);
        view_present(v);
        if (*rec && record_frame(v, *rec)) {
            fprintf(stderr, "frontier view: recording stopped (window resized or write failed) "
                    "after %d frames\n", recorder_frames(*rec));
            recorder_close(*rec);
            *rec = NULL;
        }
        /* 60 frames a second; 30 while recording, so the window plays at the video's pace */
        double used = (double)(SDL_GetPerformanceCounter() - now) / (double)freq;
        double frame = *rec ? 1.0 / VIEW_FPS : 1.0 / 60;
        if (used < frame) SDL_Delay((Uint32)((frame - used) * 1000));
    }
    return interrupt_requested() ? 130 : 0;
}

/* What a replay adds to the view: the incidents on the scenario's clock, and a title. */
typedef struct {
    replay_item *items;
    int n;
    char label[256];
} replay_data;

static void report_replay(const view_args *a, const incidents_report *rep, const replay_stats *st)
{
    for (int i = 0; i < rep->n_msgs; i++) fprintf(stderr, "frontier view: %s\n", rep->msg[i]);
    fprintf(stderr, "frontier view: replay %s (%s): %ld rows read, %d replayed; skipped: ",
            a->replay, incidents_format_name(rep->format), rep->rows_read, st->used);
    for (int k = 0; k < INC_NSKIP; k++)
        if (rep->skipped[k]) fprintf(stderr, "%ld %s, ", rep->skipped[k], incidents_skip_name(k));
    fprintf(stderr, "%d before the start, %d after the end, %d farther than %g km from a "
            "target\n", st->before, st->after, st->far, REPLAY_MAX_KM);
    if (st->tie_days)
        fprintf(stderr, "frontier view: %d incidents on %d shared days were spread within their "
                "day by a seeded jitter\n", st->tie_events, st->tie_days);
}

/* Loads the incidents and places them on s (already a replay scenario). Returns 0 or 2. */
static int load_replay(const view_args *a, const scenario *s, unsigned long long seed,
                       replay_data *out)
{
    incidents_opts o = {.format = INC_FMT_AUTO, .actor = a->actor};
    if (a->format && (o.format = incidents_format_find(a->format)) < 0) {
        fprintf(stderr, "frontier view: --format: expected auto, ucdp, acled, gtd or csv, found "
                "'%s'\n", a->format);
        return 2;
    }
    incidents *set = NULL;
    incidents_report rep;
    if (incidents_load(a->replay, &o, &set, &rep) != 0) {
        fprintf(stderr, "frontier view: %s\n", rep.error);
        return 2;
    }
    replay_stats st;
    int rc = replay_prepare(s, set, seed, &out->items, &out->n, &st);
    incidents_destroy(set);
    if (rc) {
        fprintf(stderr, "frontier view: --replay: %s\n", rc == SIM_EINVAL ?
                "the scenario has no target zone to place incidents on" : sim_strerror(rc));
        return 2;
    }
    report_replay(a, &rep, &st);
    char d0[11];
    date_format(s->start_date, d0);
    if (out->n == 0) {
        fprintf(stderr, "frontier view: --replay: no incident falls in the run (%g days from %s; "
                "try --start DATE)\n", s->days, d0);
        return 2;
    }
    const char *base = strrchr(a->replay, '/');
    snprintf(out->label, sizeof out->label, "Replay: %s (%d incidents)",
             base ? base + 1 : a->replay, out->n);
    return 0;
}

static int run_view(const scenario *s, const map *mp, const view_args *a, const replay_data *rd)
{
    char err[512] = "";
    view_opts o = {.width = a->w, .height = a->h, .headless = a->headless,
                   .fullscreen = a->fullscreen, .speed = a->speed,
                   .seed = a->have_seed ? a->seed : s->seed, .play = a->play};
    if (a->headless) setenv("SDL_VIDEODRIVER", "dummy", 1);
    view *v = view_create(s, mp, &o, err, sizeof err);
    if (v && rd->n && view_set_replay(v, rd->items, rd->n, rd->label)) {
        view_destroy(v);
        v = NULL;
        snprintf(err, sizeof err, "out of memory");
    }
    if (!v) {
        fprintf(stderr, "frontier view: %s%s\n", err, a->headless ? "" :
                "; without a display use --headless --screenshot FILE.png");
        return 1;
    }
    recorder *rec = NULL;
    if (a->record) {
        int w, h;   /* the window manager may have chosen another size */
        view_size(v, &w, &h);
        rec = recorder_open(a->record, w, h, VIEW_FPS, err, sizeof err);
        if (!rec) {
            fprintf(stderr, "frontier view: %s\n", err);
            view_destroy(v);
            return 2;
        }
    }
    int rc = a->headless ? run_headless(v, a, rec) : run_window(v, &rec);
    int n = rec ? recorder_frames(rec) : 0;
    if (recorder_close(rec) && !rc) {
        fprintf(stderr, "frontier view: ffmpeg failed writing %s\n", a->record);
        rc = 1;
    }
    if (rec && !rc) fprintf(stderr, "frontier view: recorded %d frames to %s\n", n, a->record);
    view_destroy(v);
    return rc;
}

/* The scenario to show: s itself, or for a replay a copy without simulated attacks,
 * starting on --start when given. NULL (after a message) on bad input. */
static scenario *replay_variant(const view_args *a, const scenario *s)
{
    long start = s->start_date;
    if (a->start && date_parse(a->start, &start) != 0) {
        fprintf(stderr, "frontier view: --start: expected a date YYYY-MM-DD, found '%s'\n",
                a->start);
        return NULL;
    }
    scenario *r = replay_scenario(s);
    if (!r) {
        fprintf(stderr, "frontier view: out of memory\n");
        return NULL;
    }
    if (start != s->start_date) r->n_timeline = 0;   /* its dated actions belong to other dates */
    r->start_date = start;
    return r;
}

int cmd_view(int argc, char **argv)
{
    view_args a = {.seed = ~0ULL, .speed = 7, .until = NAN, .w = 1280, .h = 720};
    int rc = parse(argc, argv, &a);
    if (rc) return rc < 0 ? 0 : rc;
    scn_errors errs = {0};
    scenario *s = scenario_load(a.scenario, a.sets.items, a.sets.n, &errs), *rs = NULL;
    if (!s) {
        scn_errors_print(&errs, stderr);
        scn_errors_free(&errs);
        return 2;
    }
    scn_errors_free(&errs);
    replay_data rd = {NULL, 0, ""};
    map *mp = load_map(s, a.scenario);
    rc = mp ? 0 : 2;
    if (!rc && a.replay && !(rs = replay_variant(&a, s))) rc = 2;
    if (!rc && rs) rc = load_replay(&a, rs, a.have_seed ? a.seed : s->seed, &rd);
    if (!rc) {
        interrupt_install();
        rc = run_view(rs ? rs : s, mp, &a, &rd);
    }
    sim_free(rd.items);
    map_destroy(mp);
    scenario_destroy(rs);
    scenario_destroy(s);
    return rc;
}
