/* cmd_view.c - `frontier view`: the SDL2 map of a live run, in a window or headless. */
#include "args.h"
#include "scenario/scn_path.h"
#include "base/alloc.h"
#include "base/date.h"
#include "base/err.h"
#include "cmd.h"
#include "data/incidents.h"
#include "draw/theme.h"
#include "interrupt.h"
#include "io/afile.h"
#include "map/map.h"
#include "opt.h"
#include "panels/play.h"
#include "record/recorder.h"
#include "story/script.h"
#include "view/split.h"
#include "view/view.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VIEW_FPS 30   /* recording frame rate */

typedef struct {
    const char *scenario, *size, *screenshot, *record;
    char scn_buf[SCN_PATH_LEN];   /* the scenario found on the search path */
    char cmp_buf[SCN_PATH_LEN];   /* and --compare's */
    const char *replay, *format, *actor, *start;
    const char *play, *debrief, *choices;
    int no_brief, free_play;
    const char *theme, *script, *save_script, *compare;
    unsigned long long seed;
    opt_seed seed_opt;
    int have_seed, headless, fullscreen, pause_on_decision, theme_id, quiet;
    double speed, until;
    opt_list sets;
    int w, h;
} view_args;

/* Decision mode's options: headless, somebody other than a class must answer. */
static int check_play(const view_args *a)
{
    if (a->play && strcmp(a->play, "state") && strcmp(a->play, "host")) {
        fprintf(stderr, "frontier view: --play: expected state or host, found '%s'\n", a->play);
        return 2;
    }
    if (a->choices && strcmp(a->choices, "class") && strcmp(a->choices, "model")) {
        fprintf(stderr, "frontier view: --choices: expected class or model, found '%s'\n",
                a->choices);
        return 2;
    }
    if ((a->choices || a->free_play) && !a->play) {
        fprintf(stderr, "frontier view: --choices and --free-play go with --play\n");
        return 2;
    }
    if (a->play && a->headless && !a->script && !(a->choices && !strcmp(a->choices, "model"))) {
        fprintf(stderr, "frontier view: --play with --headless: nobody can answer the "
                "decisions; give the class's saved session (--script FILE) or let the model "
                "answer (--choices model)\n");
        return 2;
    }
    return 0;
}

static int check_args(view_args *a)
{
    if (a->size && (sscanf(a->size, "%dx%d", &a->w, &a->h) != 2 || a->w < 320 || a->h < 240 ||
                    a->w > 7680 || a->h > 4320)) {
        fprintf(stderr, "frontier view: --size: expected WxH between 320x240 and 7680x4320, "
                "found '%s'\n", a->size);
        return 2;
    }
    if (!isnan(a->speed) && !(a->speed > 0 && a->speed <= 365)) {
        fprintf(stderr, "frontier view: --speed: expected simulated days per second in "
                "(0, 365], found %g\n", a->speed);
        return 2;
    }
    if (!isnan(a->until) && !(a->until >= 0)) {
        fprintf(stderr, "frontier view: --until: expected a day >= 0, found %g\n", a->until);
        return 2;
    }
    if (a->headless && !a->screenshot && !a->record && !a->debrief) {
        fprintf(stderr, "frontier view: --headless needs --screenshot FILE.png, --record or "
                "--debrief\n");
        return 2;
    }
    if (check_play(a)) return 2;
    if ((a->format || a->actor || a->start) && !a->replay) {
        fprintf(stderr, "frontier view: --format, --actor and --start go with --replay\n");
        return 2;
    }
    if (a->theme && (a->theme_id = theme_find(a->theme)) < 0) {
        fprintf(stderr, "frontier view: --theme: expected default or projector, found '%s'\n",
                a->theme);
        return 2;
    }
    /* no --speed: the theme's pace in a window (the projector's a month a minute), and
     * 7 days a second for pictures and videos made without one */
    if (isnan(a->speed))
        a->speed = a->headless || a->record ? 7 : theme_get(a->theme_id)->days_per_second;
    if (a->compare && (a->replay || a->script || a->save_script || a->play)) {
        fprintf(stderr, "frontier view: --compare does not go with --replay, --script, "
                "--save-script or --play\n");
        return 2;
    }
    if (a->screenshot && !a->headless) {
        fprintf(stderr, "frontier view: --screenshot needs --headless (press S in the window)\n");
        return 2;
    }
    return 0;
}

static const opt_cmd VIEW_CMD = {
    "view", "SCENARIO [options]",
    "Animates a live run on the region map. Keys: space pause, arrows step, +/- speed, [ ] "
    "strike threshold, K knobs, C captions, P pause on decisions, X explain, I inject, B "
    "brief, D debrief, 1-9 layers, E events, T what really happened, H help, S screenshot, F "
    "fullscreen, Q quit; "
    "with --play, 1-3 answer a decision, M shows the model's choice, A opens the action menu.",
    {"frontier view scenarios/kabul-ultimatum-2023.yaml --theme projector",
     "frontier view kabul-ultimatum-2023 --compare lessons/threshold-tradeoff.yaml",
     "frontier view kabul-ultimatum-2023 --headless --until 90 --screenshot day90.png"}};

static int parse(int argc, char **argv, view_args *a)
{
    opt_spec specs[] = {
        {"seed", 's', OPT_SEED, &a->seed_opt, "N", "random seed (default: the scenario's)"},
        {"speed", 0, OPT_DOUBLE, &a->speed, "X", "simulated days per second (default 7; 0.5, a month a minute, with --theme projector in a window)"},
        {"set", 0, OPT_LIST, &a->sets, "KEY=VALUE", "override a parameter (repeatable)"},
        {"size", 0, OPT_STRING, &a->size, "WxH", "window or image size (default 1280x720)"},
        {"fullscreen", 0, OPT_FLAG, &a->fullscreen, NULL, "start fullscreen"},
        {"quiet", 'q', OPT_FLAG, &a->quiet, NULL, "no notes on stderr (errors only)"},
        {"headless", 0, OPT_FLAG, &a->headless, NULL, "no window: software rendering"},
        {"until", 0, OPT_DOUBLE, &a->until, "DAY", "headless: render up to this day"},
        {"screenshot", 0, OPT_OUTPUT, &a->screenshot, "FILE.png", "headless: save the last frame"},
        {"record", 0, OPT_OUTPUT, &a->record, "DIR|FILE.mp4", "record frames (PNG) or video"},
        {"replay", 0, OPT_STRING, &a->replay, "EVENTS.csv", "animate real incidents instead"},
        {"format", 0, OPT_STRING, &a->format, "F",
         "replay file layout: auto ucdp acled gtd csv record"},
        {"actor", 0, OPT_STRING, &a->actor, "TEXT", "replay: keep incidents whose actor has TEXT"},
        {"start", 0, OPT_STRING, &a->start, "DATE", "replay: start the run on DATE (YYYY-MM-DD)"},
        {"play", 0, OPT_STRING, &a->play, "state|host",
         "decision mode: the class takes that side's decisions (headless: with --script or "
         "--choices model)"},
        {"choices", 0, OPT_STRING, &a->choices, "class|model",
         "decision mode: who answers (default class; model: the model's own choices)"},
        {"free-play", 0, OPT_FLAG, &a->free_play, NULL,
         "decision mode: the strike rule does not bind the class (a strike it forbids is "
         "warned, not refused)"},
        {"no-brief", 0, OPT_FLAG, &a->no_brief, NULL, "do not open the brief card at the start"},
        {"debrief", 0, OPT_OUTPUT, &a->debrief, "FILE.md",
         "at the end, write a Markdown debrief with PNG charts beside it"},
        {"theme", 0, OPT_STRING, &a->theme, "NAME", "default, or projector (high contrast)"},
        {"pause-on-decision", 0, OPT_FLAG, &a->pause_on_decision, NULL,
         "pause at each strike, ultimatum, closure, deal, clash, mediation, ceasefire (P)"},
        {"script", 0, OPT_STRING, &a->script, "FILE", "replay a knob/inject script"},
        {"save-script", 0, OPT_OUTPUT, &a->save_script, "FILE",
         "on exit, write the run's knob changes as a script"},
        {"compare", 0, OPT_STRING, &a->compare, "B.yaml",
         "split screen: this scenario and B side by side, same seed"},
    };
    const int n = (int)(sizeof specs / sizeof specs[0]);
    const char *pos[1];
    int rc = args_parse(&VIEW_CMD, argc, argv, specs, n, pos, 1, NULL);
    if (rc) return rc;
    a->scenario = args_scenario(pos[0], a->scn_buf, sizeof a->scn_buf);
    a->compare = args_scenario(a->compare, a->cmp_buf, sizeof a->cmp_buf);
    a->have_seed = a->seed_opt.given;
    if (a->have_seed) a->seed = a->seed_opt.value;
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
    SDL_Surface *f = view_frame(v);   /* the view's own: no copy, no allocation */
    return f ? recorder_frame(rec, f) : SIM_EIO;
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
    if (!rc) rc = view_goto(v, until);   /* also without a picture: --debrief needs the run */
    if (!rc && a->screenshot) {
        view_draw(v);
        if (view_save_png(v, a->screenshot) != 0) {
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
        fprintf(stderr, "frontier view: --format: expected %s, found '%s'\n",
                incidents_format_choices(), a->format);
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
    if (!a->quiet) report_replay(a, &rep, &st);
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

/* Theme, pause-on-decision and the --script of the view. Returns 0 or a SIM_E* code. */
static int present_view(view *v, const view_args *a, const script *sc)
{
    int rc = a->theme_id ? view_set_theme(v, a->theme_id) : 0;
    view_set_pause_on_decision(v, a->pause_on_decision);
    if (!rc && sc) rc = view_set_script(v, sc);
    return rc;
}

/* Writes the run's knob changes to --save-script. Returns 0 or 1 after a message. */
static int save_script(view *v, const char *path)
{
    afile *f = afile_open(path);
    int rc = f ? view_save_script(v, afile_stream(f)) : SIM_EIO;
    if (f && rc) afile_abort(f);
    else if (f) rc = afile_commit(f);
    if (rc) fprintf(stderr, "frontier view: cannot write %s: %s\n", path, sim_strerror(rc));
    else fprintf(stderr, "frontier view: knob changes saved to %s\n", path);
    return rc ? 1 : 0;
}

static int run_view(const scenario *s, const map *mp, const view_args *a, const replay_data *rd,
                    const script *sc)
{
    char err[512] = "";
    view_opts o = {.width = a->w, .height = a->h, .headless = a->headless,
                   .fullscreen = a->fullscreen, .speed = a->speed,
                   .seed = a->have_seed ? a->seed : s->seed, .play = a->play,
                   /* headless, the brief shows only in a picture of day 0 */
                   .brief = !a->no_brief && (!a->headless || a->until == 0),
                   /* a headless replay of a session: the script holds the class's choices */
                   .play_auto = a->choices && !strcmp(a->choices, "model") ? PLAY_AUTO_MODEL
                                : a->headless && a->play && a->script ? PLAY_AUTO_SCRIPT
                                                                      : PLAY_ASK,
                   .free_play = a->free_play};
    if (a->headless) setenv("SDL_VIDEODRIVER", "dummy", 1);
    view *v = view_create(s, mp, &o, err, sizeof err);
    if (v && rd->n && view_set_replay(v, rd->items, rd->n, rd->label)) {
        view_destroy(v);
        v = NULL;
        snprintf(err, sizeof err, "out of memory");
    }
    int prc = v ? present_view(v, a, sc) : 0;
    if (prc) {
        view_destroy(v);
        v = NULL;
        snprintf(err, sizeof err, "cannot set up the view: %s", sim_strerror(prc));
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
    if (rec && !rc && !a->quiet) fprintf(stderr, "frontier view: recorded %d frames to %s\n", n, a->record);
    if (a->save_script && rc != 1 && save_script(v, a->save_script)) rc = 1;
    if (a->debrief && rc != 1 && view_write_debrief(v, a->debrief, err, sizeof err)) {
        fprintf(stderr, "frontier view: %s\n", err);
        rc = 1;
    }
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

static int record_split(split *sp, recorder *rec)
{
    SDL_Surface *f = split_frame(sp);
    return f ? recorder_frame(rec, f) : SIM_EIO;
}

static int compare_headless(split *sp, const view_args *a, recorder *rec)
{
    double horizon = model_horizon(view_model(split_pane(sp, 0)));
    double until = isnan(a->until) ? horizon : fmin(a->until, horizon);
    int rc = 0;
    for (long k = 0; rec && !rc; k++) {
        double t = fmin(until, (double)k * a->speed / VIEW_FPS);
        rc = split_goto(sp, t);
        if (!rc) split_draw(sp);
        if (!rc) rc = record_split(sp, rec);
        if (t >= until) break;
        if (interrupt_requested()) return 130;
    }
    if (!rc && a->screenshot) {
        rc = split_goto(sp, until);
        if (!rc) split_draw(sp);
        if (!rc && split_save_png(sp, a->screenshot) != 0) {
            fprintf(stderr, "frontier view: cannot write %s: %s\n", a->screenshot, SDL_GetError());
            return 1;
        }
    }
    if (rc) fprintf(stderr, "frontier view: %s\n", sim_strerror(rc));
    return rc ? 1 : 0;
}

static int compare_window(split *sp, recorder *rec)
{
    Uint64 freq = SDL_GetPerformanceFrequency(), last = SDL_GetPerformanceCounter();
    int quit = 0;
    while (!quit && !interrupt_requested()) {
        SDL_Event e;
        while (SDL_PollEvent(&e)) quit |= split_handle(sp, &e);
        Uint64 now = SDL_GetPerformanceCounter();
        double dt = (double)(now - last) / (double)freq;
        last = now;
        int rc = split_advance(sp, rec ? 1.0 / VIEW_FPS : fmin(dt, 0.25));
        if (rc) {
            fprintf(stderr, "frontier view: %s\n", sim_strerror(rc));
            return 1;
        }
        split_draw(sp);
        split_present(sp);
        if (rec && record_split(sp, rec)) {
            fprintf(stderr, "frontier view: recording stopped after %d frames\n",
                    recorder_frames(rec));
            return 1;
        }
        double used = (double)(SDL_GetPerformanceCounter() - now) / (double)freq;
        double frame = 1.0 / VIEW_FPS;
        if (used < frame) SDL_Delay((Uint32)((frame - used) * 1000));
    }
    return interrupt_requested() ? 130 : 0;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* --compare: the scenario and B (same --set overrides, same seed) side by side. */
static int run_compare(const scenario *s, const map *mp, const view_args *a)
{
    scenario *b = args_load_scenario("view", a->compare, &a->sets);
    if (!b) return 2;
    map *mb = load_map(b, a->compare);
    char err[512] = "";
    view_opts o = {.width = a->w, .height = a->h, .headless = a->headless,
                   .fullscreen = a->fullscreen, .speed = a->speed,
                   .seed = a->have_seed ? a->seed : s->seed};
    if (a->headless) setenv("SDL_VIDEODRIVER", "dummy", 1);
    split *sp = mb ? split_create(s, mp, base_name(a->scenario), b, mb, base_name(a->compare),
                                  &o, a->theme_id, err, sizeof err) : NULL;
    int rc = mb ? 0 : 2;
    if (mb && !sp)
        fprintf(stderr, "frontier view: %s%s\n", err, a->headless ? "" :
                "; without a display use --headless --screenshot FILE.png"), rc = 1;
    recorder *rec = NULL;
    if (sp && a->record) {
        int w, h;
        split_size(sp, &w, &h);
        if (!(rec = recorder_open(a->record, w, h, VIEW_FPS, err, sizeof err)))
            fprintf(stderr, "frontier view: %s\n", err), rc = 2;
    }
    if (sp && !rc) {
        split_set_pause_on_decision(sp, a->pause_on_decision);
        rc = a->headless ? compare_headless(sp, a, rec) : compare_window(sp, rec);
    }
    if (recorder_close(rec) && !rc) rc = 1;
    split_destroy(sp);
    map_destroy(mb);
    scenario_destroy(b);
    return rc;
}

int cmd_view(int argc, char **argv)
{
    view_args a = {.speed = NAN, .until = NAN, .w = 1280, .h = 720};
    int rc = parse(argc, argv, &a);
    if (rc) return rc < 0 ? 0 : rc;
    scenario *s = args_load_scenario("view", a.scenario, &a.sets), *rs = NULL;
    if (!s) return 2;
    replay_data rd = {NULL, 0, ""};
    map *mp = load_map(s, a.scenario);
    rc = mp ? 0 : 2;
    if (!rc && a.replay && !(rs = replay_variant(&a, s))) rc = 2;
    if (!rc && rs) rc = load_replay(&a, rs, a.have_seed ? a.seed : s->seed, &rd);
    script *sc = NULL;
    if (!rc && a.script) rc = args_load_script("view", a.script, rs ? rs : s, &sc);
    if (!rc) {
        interrupt_install();
        rc = a.compare ? run_compare(s, mp, &a) : run_view(rs ? rs : s, mp, &a, &rd, sc);
    }
    script_destroy(sc);
    sim_free(rd.items);
    map_destroy(mp);
    scenario_destroy(rs);
    scenario_destroy(s);
    return rc;
}
