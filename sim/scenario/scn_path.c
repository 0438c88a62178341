/* scn_path.c - the scenario search path ($FRONTIER_DATA, the installed scenarios). */
#include "scenario/scn_path.h"
#include "base/err.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Appends dir when it exists and is not already there. */
static void add_dir(char (*dirs)[SCN_PATH_LEN], int *k, int max, const char *dir, size_t len)
{
    char d[SCN_PATH_LEN];
    if (*k >= max || len == 0 || len >= sizeof d) return;
    memcpy(d, dir, len);
    d[len] = '\0';
    while (len > 1 && d[len - 1] == '/') d[--len] = '\0';
    if (!is_dir(d)) return;
    for (int i = 0; i < *k; i++)
        if (strcmp(dirs[i], d) == 0) return;
    memcpy(dirs[(*k)++], d, len + 1);
}

/* The running binary's folder ("" when /proc is not there). */
static void exe_dir(char *out, size_t n)
{
    ssize_t len = readlink("/proc/self/exe", out, n - 1);
    out[len > 0 ? len : 0] = '\0';
    char *slash = strrchr(out, '/');
    if (slash) *slash = '\0';
    else out[0] = '\0';
}

int scn_path_dirs(char (*dirs)[SCN_PATH_LEN], int max)
{
    int k = 0;
    const char *env = getenv("FRONTIER_DATA");
    for (const char *p = env ? env : ""; *p; ) {
        size_t len = strcspn(p, ":");
        add_dir(dirs, &k, max, p, len);
        p += len + (p[len] == ':');
    }
    char exe[SCN_PATH_LEN], d[SCN_PATH_LEN + 64];
    exe_dir(exe, sizeof exe);
    if (!exe[0]) return k;
    const char *const rel[] = {"/../share/frontier/scenarios", "/scenarios", "/../scenarios"};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
        int w = snprintf(d, sizeof d, "%s%s", exe, rel[i]);
        char real[PATH_MAX];
        if (w > 0 && (size_t)w < sizeof d && realpath(d, real))
            add_dir(dirs, &k, max, real, strlen(real));
    }
    return k;
}

int scn_path_find(const char *name, char *out, size_t n)
{
    int w = snprintf(out, n, "%s", name);
    if (w < 0 || (size_t)w >= n) return SIM_EINVAL;
    if (strcmp(name, "-") == 0 || access(name, F_OK) == 0) return 0;
    if (name[0] == '/') return SIM_EINVAL;   /* an absolute path is looked for nowhere else */
    char dirs[SCN_PATH_DIRS][SCN_PATH_LEN], p[2 * SCN_PATH_LEN];
    int nd = scn_path_dirs(dirs, SCN_PATH_DIRS);
    for (int i = 0; i < nd; i++)
        for (int ext = 0; ext < 2; ext++) {
            w = snprintf(p, sizeof p, "%s/%s%s", dirs[i], name, ext ? ".yaml" : "");
            if (w > 0 && (size_t)w < sizeof p && (size_t)w < n && is_file(p)) {
                memcpy(out, p, (size_t)w + 1);
                return 0;
            }
        }
    return SIM_EINVAL;
}
