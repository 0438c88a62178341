/* support.c - helpers shared by the test files. */
#include "support.h"
#include "base/date.h"
#include "draw/text.h"
#include "view/view.h"
#include "model/model.h"
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

const char *support_bin(void)
{
    const char *b = getenv("FRONTIER_BIN");
    return b && *b ? b : "./frontier";
}

void support_temp_dir(char *buf, size_t n, const char *prefix)
{
    const char *t = getenv("TMPDIR");
    snprintf(buf, n, "%s/%s-XXXXXX", t && *t ? t : "/tmp", prefix);
    cr_assert_not_null(mkdtemp(buf), "mkdtemp %s", buf);
}

void support_remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        remove(dir);
        return;
    }
    struct dirent *e;
    char path[4096];
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            support_remove_tree(path);
        }
    closedir(d);
    rmdir(dir);
}

char *support_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (int c; f && (c = fgetc(f)) != EOF; buf[n++] = (char)c)
        if (n + 1 >= cap) {
            char *b = realloc(buf, cap = cap ? 2 * cap : 4096);
            cr_assert_not_null(b);
            buf = b;
        }
    if (f) fclose(f);
    if (!buf) buf = calloc(1, 1);
    cr_assert_not_null(buf);
    buf[n] = '\0';
    return buf;
}

scenario *support_load_scenario(const char *path)
{
    scn_errors errs = {0};
    scenario *s = scenario_load(path, NULL, 0, &errs);
    cr_assert_not_null(s, "cannot load %s: %s", path, errs.n ? errs.items[0].msg : "no memory");
    scn_errors_free(&errs);
    return s;
}

map *support_load_region_map(void)
{
    char err[256];
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    map *m = map_load("scenarios/maps/af-pk.map", err, sizeof err);
    cr_assert_not_null(m, "%s", err);
    return m;
}

pid_t support_spawn(const char *const *args, const char *out, const char *err)
{
    fflush(NULL);
    pid_t pid = fork();
    cr_assert(pid >= 0, "fork: %s", strerror(errno));
    if (pid == 0) {
        int fo = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int fe = open(err ? err : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fo < 0 || fe < 0 || dup2(fo, 1) < 0 || dup2(fe, 2) < 0) _exit(127);
        const char *argv[64];
        int n = 0;
        argv[n++] = support_bin();
        for (; args[n - 1] && n < 63; n++) argv[n] = args[n - 1];
        argv[n] = NULL;
        execv(support_bin(), (char *const *)argv);
        _exit(127);
    }
    return pid;
}

static int catches(pid_t pid, int sig)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    unsigned long long mask = 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "SigCgt: %llx", &mask) == 1) break;
    fclose(f);
    return (mask >> (sig - 1)) & 1;
}

int support_wait_handler(pid_t pid, int sig)
{
    const struct timespec ms = {0, 2000000L};
    for (;;) {
        if (catches(pid, sig)) return 1;
        /* WNOWAIT leaves a finished child to support_wait_exit. */
        siginfo_t info = {0};
        if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid)
            return 0;
        nanosleep(&ms, NULL);
    }
}

int support_wait_exit(pid_t pid)
{
    int st = 0;
    while (waitpid(pid, &st, 0) < 0)
        cr_assert(errno == EINTR, "waitpid: %s", strerror(errno));
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

void support_add_zone(scenario *s, const char *name, int side, int kind, double lat,
                      double lon)
{
    scn_zone z = {0};
    snprintf(z.name, sizeof z.name, "%s", name);
    z.side = side;
    z.kind = kind;
    z.lat = lat;
    z.lon = lon;
    z.capacity = 1.0;
    z.exposure = 1.0;
    cr_assert(scenario_add_zone(s, &z) >= 0);
}

scenario *support_quiet_scenario(double days)
{
    scenario *s = scenario_create_default();
    cr_assert_not_null(s);
    snprintf(s->name, sizeof s->name, "test");
    s->days = days;
    s->start_date = 19358; /* 2023-01-01 */
    support_add_zone(s, "Alpha", SCN_SIDE_HOST, SCN_ZONE_SANCTUARY, 34.5, 70.5);
    support_add_zone(s, "Town", SCN_SIDE_STATE, SCN_ZONE_TARGET, 34.0, 71.5);
    support_add_zone(s, "Gate", SCN_SIDE_STATE, SCN_ZONE_CROSSING, 34.1, 71.0);
    support_add_zone(s, "Base", SCN_SIDE_STATE, SCN_ZONE_AIRBASE, 33.6, 72.5);
    scn_params *p = &s->p;
    p->militants.season_amplitude = 0;
    p->militants.coop_damping = 0;
    p->state.threshold = 1;
    p->state.warn_at = 1;
    p->state.close_at = 1;
    p->state.demarche_at = 1;
    p->state.drone_rate = 0;
    p->host.crackdown_rate = 0;
    p->host.clash_rate = 0;
    p->mediation.daily_probability = 0;
    return s;
}

void support_add_item(scenario *s, double day, int action, int zone, double cas, double days)
{
    scn_timeline_item it;
    memset(&it, 0, sizeof it);
    it.day = day;
    it.action = action;
    it.zone = zone;
    it.type = action == SCN_ACT_ATTACK ? SCN_ATTACK_SUICIDE : -1;
    it.casualties = cas;
    it.days = days;
    cr_assert_eq(scenario_add_timeline(s, &it), 0);
}

void support_write_record(const char *scn, const char *path, const char *const *sets,
                          int n_sets, uint64_t seed)
{
    scn_errors errs = {0};
    scenario *s = scenario_load(scn, sets, n_sets, &errs);
    cr_assert_not_null(s, "%s does not load", scn);
    model *m = model_create(s, seed, 0, MODEL_KEEP_EVENTS, NULL);
    cr_assert_not_null(m);
    cr_assert_eq(model_run(m), 0);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot write %s", path);
    fputs("date,kind,place,source_url,confidence\n", f);
    for (int i = 0; i < model_record_count(m); i++) {
        const model_record *r = model_record_at(m, i);
        const char *kind = r->kind == MODEL_REC_STRIKE ? "strike"
                           : r->kind == MODEL_REC_CLASH ? "clash"
                           : r->kind == MODEL_REC_CLOSURE ? "closure" : NULL;
        if (!kind || (r->kind == MODEL_REC_CLOSURE &&
                      strncmp(r->reason, "closure extended", 16) == 0))
            continue;
        char d[11];
        date_format(s->start_date + (long)floor(r->t), d);
        fprintf(f, "%s,%s,synthetic,https://example.org/run,confirmed\n", d, kind);
    }
    fclose(f);
    model_destroy(m);
    scenario_destroy(s);
}

char *support_frame_text(view *v)
{
    cr_assert_eq(text_trace(view_text(v), 1), 0);
    view_draw(v);
    const text_box *b;
    int n = text_trace_boxes(view_text(v), &b);
    char *all = calloc((size_t)n + 1, sizeof b->s + 1);
    cr_assert_not_null(all);
    for (int i = 0; i < n; i++)
        if (!b[i].hidden) strcat(strcat(all, b[i].s), "\n");
    text_trace(view_text(v), 0);
    return all;
}
