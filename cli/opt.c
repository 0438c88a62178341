/* opt.c - long-option parser shared by the subcommands. */
#include "opt.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int opt_to_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (!*s || *end || errno || !isfinite(v)) return -1;
    *out = v;
    return 0;
}

int opt_to_long(const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno) return -1;
    *out = v;
    return 0;
}

int opt_to_u64(const char *s, unsigned long long *out)
{
    char *end;
    errno = 0;
    if (*s == '-') return -1;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *end || errno) return -1;
    *out = v;
    return 0;
}

static const opt_spec *find_long(const opt_spec *specs, int n, const char *name, size_t len)
{
    for (int i = 0; i < n; i++)
        if (strlen(specs[i].name) == len && strncmp(specs[i].name, name, len) == 0)
            return &specs[i];
    return NULL;
}

static const opt_spec *find_short(const opt_spec *specs, int n, char c)
{
    for (int i = 0; i < n; i++)
        if (specs[i].alias && specs[i].alias == c) return &specs[i];
    return NULL;
}

static int store(const char *cmd, const opt_spec *sp, const char *val)
{
    const char *what = NULL;
    switch (sp->type) {
    case OPT_STRING: *(const char **)sp->dest = val; return 0;
    case OPT_INT: if (opt_to_long(val, sp->dest)) what = "an integer"; break;
    case OPT_UINT64: if (opt_to_u64(val, sp->dest)) what = "a non-negative integer"; break;
    case OPT_DOUBLE: if (opt_to_double(val, sp->dest)) what = "a number"; break;
    case OPT_LIST: {
        opt_list *l = sp->dest;
        if (l->n >= OPT_LIST_MAX) {
            fprintf(stderr, "frontier %s: --%s given more than %d times\n", cmd, sp->name,
                    OPT_LIST_MAX);
            return 2;
        }
        l->items[l->n++] = val;
        return 0;
    }
    default: return 0;
    }
    if (what) {
        fprintf(stderr, "frontier %s: --%s: expected %s, found '%s'\n", cmd, sp->name, what, val);
        return 2;
    }
    return 0;
}

/* Handles one option at argv[*i]; advances *i past a separate value. */
static int one_option(const char *cmd, int argc, char **argv, int *i, const opt_spec *specs,
                      int n_specs, int *help)
{
    const char *a = argv[*i], *val = NULL;
    const opt_spec *sp;
    if (a[1] == '-') {
        const char *name = a + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        if (len == 4 && strncmp(name, "help", 4) == 0 && help) { *help = 1; return 0; }
        sp = find_long(specs, n_specs, name, len);
        if (eq) val = eq + 1;
    } else {
        if (a[1] == 'h' && a[2] == '\0' && help) { *help = 1; return 0; }
        sp = a[2] == '\0' ? find_short(specs, n_specs, a[1]) : NULL;
    }
    if (!sp) {
        fprintf(stderr, "frontier %s: unknown option '%s' (try 'frontier %s --help')\n", cmd, a,
                cmd);
        return 2;
    }
    if (sp->type == OPT_FLAG) {
        if (val) {
            fprintf(stderr, "frontier %s: --%s takes no value\n", cmd, sp->name);
            return 2;
        }
        *(int *)sp->dest = 1;
        return 0;
    }
    if (!val) {
        if (*i + 1 >= argc) {
            fprintf(stderr, "frontier %s: --%s needs a value (%s)\n", cmd, sp->name,
                    sp->arg ? sp->arg : "VALUE");
            return 2;
        }
        val = argv[++*i];
    }
    return store(cmd, sp, val);
}

int opt_parse(const char *cmd, int argc, char **argv, const opt_spec *specs, int n_specs,
              const char **pos, int max_pos, int *n_pos, int *help)
{
    int only_pos = 0;
    *n_pos = 0;
    if (help) *help = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!only_pos && strcmp(a, "--") == 0) { only_pos = 1; continue; }
        if (!only_pos && a[0] == '-' && a[1] != '\0') {
            int rc = one_option(cmd, argc, argv, &i, specs, n_specs, help);
            if (rc) return rc;
            continue;
        }
        if (*n_pos >= max_pos) {
            fprintf(stderr, "frontier %s: unexpected argument '%s' (try 'frontier %s --help')\n",
                    cmd, a, cmd);
            return 2;
        }
        pos[(*n_pos)++] = a;
    }
    return 0;
}

void opt_usage(const char *cmd, const char *synopsis, const char *about,
               const opt_spec *specs, int n_specs)
{
    printf("usage: frontier %s %s\n\n%s\n\noptions:\n", cmd, synopsis, about);
    for (int i = 0; i < n_specs; i++) {
        char left[64];
        if (specs[i].alias)
            snprintf(left, sizeof left, "-%c, --%s %s", specs[i].alias, specs[i].name,
                     specs[i].arg ? specs[i].arg : "");
        else
            snprintf(left, sizeof left, "--%s %s", specs[i].name, specs[i].arg ? specs[i].arg : "");
        printf("  %-28s %s\n", left, specs[i].help);
    }
    printf("  %-28s %s\n", "-h, --help", "show this help");
}
