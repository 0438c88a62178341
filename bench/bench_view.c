/* bench_view.c - `frontier bench view`: headless frames per second of the view with 5,000
 * live markers, next to the same frames with none (a baseline measured in the same run). */
#include "bench.h"
#include "args.h"
#include "scenario/scn_path.h"
#include "map/map.h"
#include "model/model.h"
#include "opt.h"
#include "view/view.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *scenario;
    long markers, frames;
} bench_args;

static double time_frames(view *v, long frames)
{
    double t0 = bench_seconds();
    for (long i = 0; i < frames; i++) view_draw(v);
    return bench_seconds() - t0;
}

/* A deterministic mix at the scenario's zones: mostly attacks, some drones, strikes and
 * clashes, all within their fade so every one is drawn. */
static int add_markers(view *v, const scenario *s, long n)
{
    unsigned long x = 88172645463325252UL;
    double t = view_time(v);
    for (long i = 0; i < n; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;   /* xorshift: cheap and reproducible */
        int kind = i % 20 == 0 ? MODEL_REC_STRIKE : i % 20 == 1 ? MODEL_REC_CLASH
                 : i % 10 == 2 ? MODEL_REC_DRONE : MODEL_REC_ATTACK;
        unsigned long nz = (unsigned long)s->n_zones;
        int zone = (int)(x % nz), from = (int)((x >> 20) % nz);
        if (view_add_marker(v, kind, t - (double)(x >> 40 & 0xff) / 40.0, zone, from,
                            (double)(x >> 8 & 31)))
            return -1;
    }
    return 0;
}

static int parse(int argc, char **argv, bench_args *a)
{
    opt_spec specs[] = {
        {"scenario", 0, OPT_STRING, &a->scenario, "FILE", "scenario (default: the Kabul one)"},
        {"markers", 0, OPT_INT, &a->markers, "N", "live markers (default 5000)"},
        {"frames", 0, OPT_INT, &a->frames, "N", "frames timed (default 300)"},
    };
    static const opt_cmd c = {"bench view", "[options]",
                              "Headless frames per second with live markers.",
                              {"frontier bench view --markers 1000 --frames 100"}};
    int n = (int)(sizeof specs / sizeof specs[0]), n_pos;
    int rc = opt_parse_cmd(&c, argc, argv, specs, n, NULL, 0, 0, &n_pos, NULL);
    if (rc) return rc;
    if (a->markers < 0 || a->frames < 1) {
        fprintf(stderr, "frontier bench view: expected --markers >= 0 and --frames >= 1\n");
        return 2;
    }
    return 0;
}

static int run(const bench_args *a, const scenario *s, const map *mp)
{
    char err[512] = "";
    view_opts o = {.width = 1280, .height = 720, .headless = 1, .speed = 7, .seed = s->seed};
    view *v = view_create(s, mp, &o, err, sizeof err);
    if (!v) {
        fprintf(stderr, "frontier bench view: %s\n", err);
        return 1;
    }
    int rc = view_goto(v, fmin(60, model_horizon(view_model(v))));
    view_clear_markers(v);
    view_draw(v);                                   /* warm the text cache */
    double base = rc ? -1 : time_frames(v, a->frames);
    if (!rc && add_markers(v, s, a->markers)) rc = -1;
    double secs = rc ? -1 : time_frames(v, a->frames);
    int drawn = 0, live = rc ? 0 : view_markers(v, &drawn);
    view_destroy(v);
    if (rc) {
        fprintf(stderr, "frontier bench view: could not prepare the frames\n");
        return 1;
    }
    double fps = (double)a->frames / secs, base_fps = (double)a->frames / base;
    printf("bench=view size=1280x720 markers=%d drawn=%d frames=%ld seconds=%.3f fps=%.1f "
           "base_fps=%.1f ratio=%.3f renderer=software\n", live, drawn, a->frames, secs, fps,
           base_fps, fps / base_fps);
    return 0;
}

int bench_view(int argc, char **argv)
{
    bench_args a = {"kabul-ultimatum-2023", 5000, 300};
    int rc = parse(argc, argv, &a);
    if (rc) return rc < 0 ? 0 : rc;
    char found[SCN_PATH_LEN];   /* a name on the scenario search path, like every command's */
    a.scenario = args_scenario(a.scenario, found, sizeof found);
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    scn_errors errs = {0};
    scenario *s = scenario_load(a.scenario, NULL, 0, &errs);
    if (!s) {
        scn_errors_print(&errs, stderr);
        scn_errors_free(&errs);
        return 2;
    }
    scn_errors_free(&errs);
    char err[512], path[1024];
    const char *slash = strrchr(a.scenario, '/');
    snprintf(path, sizeof path, "%.*s%s%s", slash ? (int)(slash - a.scenario) : 0, a.scenario,
             slash ? "/" : "", s->view.map);
    map *mp = map_load(path, err, sizeof err);
    if (!mp) fprintf(stderr, "frontier bench view: %s\n", err);
    rc = mp && s->n_zones > 0 ? run(&a, s, mp) : 2;
    map_destroy(mp);
    scenario_destroy(s);
    return rc;
}
