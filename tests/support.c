/* support.c - helpers shared by the test files. */
#include "support.h"
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
