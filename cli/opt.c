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

int opt_record_add(opt_record *rec, const char *s)
{
    size_t n = strlen(s) + 1;
    if (rec->argc >= OPT_RECORD_MAX || n > sizeof rec->buf - rec->used) return -1;
    char *copy = rec->buf + rec->used;
    memcpy(copy, s, n);
    rec->used += n;
    rec->argv[rec->argc++] = copy;
    return 0;
}

/* Options that change where outputs go or how fast they are made, not what they hold. */
static int unrecorded(const opt_spec *sp)
{
    static const char *const names[] = {"out", "jobs", "quiet", "debrief"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(sp->name, names[i]) == 0) return 1;
    return 0;
}

/* Records one option occurrence as --NAME or --NAME=VALUE in the options part of rec. */
static int record_option(opt_record *opts, const opt_spec *sp, const char *val)
{
    char tok[4096];
    if (!opts || unrecorded(sp)) return 0;
    int n = val ? snprintf(tok, sizeof tok, "--%s=%s", sp->name, val)
                : snprintf(tok, sizeof tok, "--%s", sp->name);
    if (n < 0 || (size_t)n >= sizeof tok || opt_record_add(opts, tok) != 0) {
        fprintf(stderr, "frontier: --%s: the command line is too long\n", sp->name);
        return -1;
    }
    return 0;
}

/* Handles one option at argv[*i]; advances *i past a separate value. */
static int one_option(const char *cmd, int argc, char **argv, int *i, const opt_spec *specs,
                      int n_specs, int *help, opt_record *opts)
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
        return record_option(opts, sp, NULL) ? 2 : 0;
    }
    if (!val) {
        if (*i + 1 >= argc) {
            fprintf(stderr, "frontier %s: --%s needs a value (%s)\n", cmd, sp->name,
                    sp->arg ? sp->arg : "VALUE");
            return 2;
        }
        val = argv[++*i];
    }
    int rc = store(cmd, sp, val);
    return rc ? rc : record_option(opts, sp, val) ? 2 : 0;
}

/* rec = "frontier", cmd, the positionals ("--" first when one starts with '-'), opts. */
static int record_join(opt_record *rec, const char *cmd, const char **pos, int n_pos,
                       const opt_record *opts)
{
    int bad = opt_record_add(rec, "frontier") || opt_record_add(rec, cmd);
    int dashed = 0;
    for (int i = 0; i < n_pos; i++) dashed |= pos[i][0] == '-' && pos[i][1] != '\0';
    if (!dashed)
        for (int i = 0; i < n_pos; i++) bad |= opt_record_add(rec, pos[i]);
    for (int i = 0; i < opts->argc; i++) bad |= opt_record_add(rec, opts->argv[i]);
    if (dashed) {
        bad |= opt_record_add(rec, "--");
        for (int i = 0; i < n_pos; i++) bad |= opt_record_add(rec, pos[i]);
    }
    return bad;
}

static int parse_all(const char *cmd, int argc, char **argv, const opt_spec *specs,
                     int n_specs, const char **pos, int max_pos, int *n_pos, int *help,
                     opt_record *opts)
{
    int only_pos = 0;
    *n_pos = 0;
    if (help) *help = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!only_pos && strcmp(a, "--") == 0) { only_pos = 1; continue; }
        if (!only_pos && a[0] == '-' && a[1] != '\0') {
            int rc = one_option(cmd, argc, argv, &i, specs, n_specs, help, opts);
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

int opt_parse(const char *cmd, int argc, char **argv, const opt_spec *specs, int n_specs,
              const char **pos, int max_pos, int *n_pos, int *help)
{
    return opt_parse_rec(cmd, argc, argv, specs, n_specs, pos, max_pos, n_pos, help, NULL);
}

int opt_parse_rec(const char *cmd, int argc, char **argv, const opt_spec *specs, int n_specs,
                  const char **pos, int max_pos, int *n_pos, int *help, opt_record *rec)
{
    int rc = 0;
    opt_record *opts = rec ? calloc(1, sizeof *opts) : NULL;
    if (rec && !opts) {
        fprintf(stderr, "frontier %s: out of memory\n", cmd);
        return 2;
    }
    if (rec) rec->argc = 0, rec->used = 0;
    rc = parse_all(cmd, argc, argv, specs, n_specs, pos, max_pos, n_pos, help, opts);
    if (rc == 0 && rec && record_join(rec, cmd, pos, *n_pos, opts)) {
        fprintf(stderr, "frontier %s: the command line is too long\n", cmd);
        rc = 2;
    }
    free(opts);
    return rc;
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
