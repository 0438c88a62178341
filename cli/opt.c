/* opt.c - the subcommands' option parser: a table turned into getopt_long's arguments. */
#define _GNU_SOURCE   /* getopt_long */
#include "opt.h"
#include "base/num.h"
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OPT_SPECS_MAX 64
#define OPT_LONG_BASE 256   /* getopt_long's val for specs[i] is OPT_LONG_BASE + i */

int opt_to_double(const char *s, double *out) { return num_parse_double(s, out); }

int opt_to_long(const char *s, long *out) { return num_parse_long(s, out); }

int opt_to_u64(const char *s, unsigned long long *out) { return num_parse_u64(s, out); }

int opt_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "frontier %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (try 'frontier %s --help')\n", cmd);
    return 2;
}

static int store(const char *cmd, const opt_spec *sp, const char *val)
{
    const char *what = NULL;
    switch (sp->type) {
    case OPT_FLAG: *(int *)sp->dest = 1; return 0;
    case OPT_STRING: *(const char **)sp->dest = val; return 0;
    case OPT_OUTPUT:
        if (strcmp(val, "-") == 0)
            return opt_usage_error(cmd, "--%s: cannot write to standard output ('-'); name a "
                                   "%s", sp->name, sp->arg ? sp->arg : "file or folder");
        if (!*val) return opt_usage_error(cmd, "--%s: expected a name, found ''", sp->name);
        *(const char **)sp->dest = val;
        return 0;
    case OPT_INT: if (opt_to_long(val, sp->dest)) what = "an integer"; break;
    case OPT_UINT64: if (opt_to_u64(val, sp->dest)) what = "a non-negative integer"; break;
    case OPT_SEED: {
        opt_seed *seed = sp->dest;
        if (opt_to_u64(val, &seed->value)) what = "a seed from 0 to 18446744073709551615";
        else seed->given = 1;
        break;
    }
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
    if (!what) return 0;
    fprintf(stderr, "frontier %s: --%s: expected %s, found '%s'\n", cmd, sp->name, what, val);
    return 2;
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
    static const char *const names[] = {"out", "jobs", "quiet", "debrief", "plots",
                                        "no-plots"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(sp->name, names[i]) == 0) return 1;
    return 0;
}

/* Records one option occurrence as --NAME or --NAME=VALUE in the options part of rec. */
static int record_option(opt_record *opts, const opt_spec *sp, const char *val)
{
    char tok[4096];
    if (!opts || unrecorded(sp)) return 0;
    int n = sp->type != OPT_FLAG ? snprintf(tok, sizeof tok, "--%s=%s", sp->name, val)
                                 : snprintf(tok, sizeof tok, "--%s", sp->name);
    if (n < 0 || (size_t)n >= sizeof tok || opt_record_add(opts, tok) != 0) {
        fprintf(stderr, "frontier: --%s: the command line is too long\n", sp->name);
        return 2;
    }
    return 0;
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

/* getopt_long's tables for specs: long options (plus help) and "-:" then the letters. */
static void build_tables(const opt_spec *specs, int n, int help, struct option *lo,
                         char *shorts)
{
    int k = 0, s = 0;
    shorts[s++] = '-';   /* positionals come back in order, as code 1 */
    shorts[s++] = ':';   /* a missing value comes back as ':' */
    for (int i = 0; i < n; i++) {
        lo[k++] = (struct option){specs[i].name,
                                  specs[i].type == OPT_FLAG ? no_argument : required_argument,
                                  NULL, OPT_LONG_BASE + i};
        if (specs[i].alias) {
            shorts[s++] = specs[i].alias;
            if (specs[i].type != OPT_FLAG) shorts[s++] = ':';
        }
    }
    if (help) {
        lo[k++] = (struct option){"help", no_argument, NULL, 'h'};
        shorts[s++] = 'h';
    }
    lo[k] = (struct option){NULL, 0, NULL, 0};
    shorts[s] = '\0';
}

static const opt_spec *by_code(const opt_spec *specs, int n, int code)
{
    if (code >= OPT_LONG_BASE && code < OPT_LONG_BASE + n) return &specs[code - OPT_LONG_BASE];
    for (int i = 0; code > 0 && code < OPT_LONG_BASE && i < n; i++)
        if (specs[i].alias == code) return &specs[i];
    return NULL;
}

/* The message for a long option getopt did not take: ambiguous (naming the candidates) or
 * unknown. arg is the argv element, "--name" or "--name=value". */
static int bad_long(const char *cmd, const char *arg, const opt_spec *specs, int n, int help)
{
    const char *name = arg + 2, *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    char cands[512] = "";
    size_t k = 0;
    int hits = 0;
    for (int i = 0; i <= n; i++) {
        const char *nm = i < n ? specs[i].name : help ? "help" : NULL;
        if (!nm || strncmp(nm, name, len) != 0) continue;
        hits++;
        if (k < sizeof cands)
            k += (size_t)snprintf(cands + k, sizeof cands - k, "%s--%s", k ? ", " : "", nm);
    }
    if (hits > 1)
        return opt_usage_error(cmd, "option '--%.*s' is ambiguous: %s", (int)len, name, cands);
    return opt_usage_error(cmd, "unknown option '%.*s'", (int)(len + 2), arg);
}

/* Explains the error code getopt_long returned ('?' or ':'). */
static int bad_option(const char *cmd, int code, char **argv, const opt_spec *specs, int n,
                      int help)
{
    const opt_spec *sp = by_code(specs, n, optopt);
    const char *arg = argv[optind - 1];
    if (code == ':') {
        if (!sp) return opt_usage_error(cmd, "option needs a value");
        if (optopt < OPT_LONG_BASE && strncmp(arg, "--", 2) != 0)
            return opt_usage_error(cmd, "-%c (--%s) needs a value (%s)", optopt, sp->name,
                                   sp->arg ? sp->arg : "VALUE");
        return opt_usage_error(cmd, "--%s needs a value (%s)", sp->name,
                               sp->arg ? sp->arg : "VALUE");
    }
    if (optopt >= OPT_LONG_BASE && sp) return opt_usage_error(cmd, "--%s takes no value", sp->name);
    if (optopt == 'h' && help) return opt_usage_error(cmd, "--help takes no value");
    if (optopt == 0 && strncmp(arg, "--", 2) == 0) return bad_long(cmd, arg, specs, n, help);
    return opt_usage_error(cmd, "unknown option '-%c'", optopt ? optopt : '?');
}

static int add_positional(const char *cmd, const char *a, const char **pos, int max_pos,
                          int *n_pos)
{
    if (*n_pos >= max_pos) return opt_usage_error(cmd, "unexpected argument '%s'", a);
    pos[(*n_pos)++] = a;
    return 0;
}

/* The getopt_long loop; records every option in opts when not NULL. */
static int parse_all(const char *cmd, int argc, char **argv, const opt_spec *specs,
                     int n_specs, const char **pos, int max_pos, int *n_pos, int *help,
                     opt_record *opts)
{
    struct option lo[OPT_SPECS_MAX + 2];
    char shorts[3 * OPT_SPECS_MAX + 4];
    *n_pos = 0;
    if (help) *help = 0;
    if (n_specs > OPT_SPECS_MAX) return opt_usage_error(cmd, "too many options in the table");
    build_tables(specs, n_specs, help != NULL, lo, shorts);
    optind = 0;   /* glibc: a full reset, so every call starts afresh */
    opterr = 0;   /* the messages are ours */
    int code, rc = 0;
    while (rc == 0 && (code = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
        const opt_spec *sp;
        if (code == 1) rc = add_positional(cmd, optarg, pos, max_pos, n_pos);
        else if (code == 'h' && help) *help = 1;
        else if (code == '?' || code == ':')
            rc = bad_option(cmd, code, argv, specs, n_specs, help != NULL);
        else if ((sp = by_code(specs, n_specs, code)) && !(rc = store(cmd, sp, optarg)))
            rc = record_option(opts, sp, optarg);
    }
    for (int i = optind; rc == 0 && i < argc; i++)   /* after "--" */
        rc = add_positional(cmd, argv[i], pos, max_pos, n_pos);
    return rc;
}

int opt_parse(const char *cmd, int argc, char **argv, const opt_spec *specs, int n_specs,
              const char **pos, int max_pos, int *n_pos, int *help)
{
    return opt_parse_rec(cmd, argc, argv, specs, n_specs, pos, max_pos, n_pos, help, NULL);
}

int opt_parse_rec(const char *cmd, int argc, char **argv, const opt_spec *specs, int n_specs,
                  const char **pos, int max_pos, int *n_pos, int *help, opt_record *rec)
{
    opt_record *opts = rec ? calloc(1, sizeof *opts) : NULL;
    if (rec && !opts) {
        fprintf(stderr, "frontier %s: out of memory\n", cmd);
        return 2;
    }
    if (rec) rec->argc = 0, rec->used = 0;
    int rc = parse_all(cmd, argc, argv, specs, n_specs, pos, max_pos, n_pos, help, opts);
    if (rc == 0 && rec && record_join(rec, cmd, pos, *n_pos, opts)) {
        fprintf(stderr, "frontier %s: the command line is too long\n", cmd);
        rc = 2;
    }
    free(opts);
    return rc;
}

/* ---- help and man page ----------------------------------------------------------------- */

static void help_options(const opt_spec *specs, int n_specs)
{
    for (int i = 0; i < n_specs; i++) {
        char left[64];
        const char *arg = specs[i].type == OPT_FLAG ? "" : specs[i].arg ? specs[i].arg : "VALUE";
        if (specs[i].alias)
            snprintf(left, sizeof left, "-%c, --%s %s", specs[i].alias, specs[i].name, arg);
        else
            snprintf(left, sizeof left, "    --%s %s", specs[i].name, arg);
        if (strlen(left) > 30) printf("  %s\n  %-30s %s\n", left, "", specs[i].help);
        else printf("  %-30s %s\n", left, specs[i].help);
    }
    printf("  %-30s %s\n", "-h, --help", "show this help");
}

void opt_help(const opt_cmd *c, const opt_spec *specs, int n_specs)
{
    printf("usage: frontier %s %s\n\n%s\n\noptions:\n", c->name, c->synopsis, c->about);
    help_options(specs, n_specs);
    if (c->examples[0]) printf("\nexamples:\n");
    for (int i = 0; i < OPT_EXAMPLES_MAX && c->examples[i]; i++)
        printf("  %s\n", c->examples[i]);
}

void opt_man_text(const char *t)
{
    if (*t == '.' || *t == '\'') fputs("\\&", stdout);
    for (; *t; t++) {
        if (*t == '\\') fputs("\\e", stdout);
        else if (*t == '-') fputs("\\-", stdout);
        else if (*t == '\n') {
            putchar('\n');
            if (t[1] == '.' || t[1] == '\'') fputs("\\&", stdout);
        } else putchar(*t);
    }
}

static void man_option(const opt_spec *sp)
{
    printf(".TP\n");
    if (sp->alias) printf("\\fB\\-%c\\fR, ", sp->alias);
    printf("\\fB\\-\\-");
    opt_man_text(sp->name);
    printf("\\fR");
    if (sp->type != OPT_FLAG) {
        printf(" \\fI");
        opt_man_text(sp->arg ? sp->arg : "VALUE");
        printf("\\fR");
    }
    putchar('\n');
    opt_man_text(sp->help);
    putchar('\n');
}

void opt_man(const opt_cmd *c, const opt_spec *specs, int n_specs)
{
    printf(".SS \"frontier ");
    opt_man_text(c->name);
    printf("\"\n\\fBfrontier ");
    opt_man_text(c->name);
    printf("\\fR ");
    opt_man_text(c->synopsis);
    printf("\n.PP\n");
    opt_man_text(c->about);
    putchar('\n');
    for (int i = 0; i < n_specs; i++) man_option(&specs[i]);
    for (int i = 0; i < OPT_EXAMPLES_MAX && c->examples[i]; i++) {
        printf(i ? "" : ".PP\nExamples:\n");
        printf(".PP\n.RS 4\n.EX\n");
        opt_man_text(c->examples[i]);
        printf("\n.EE\n.RE\n");
    }
}

void opt_words(const opt_spec *specs, int n_specs)
{
    printf("opts='--help");
    for (int i = 0; i < n_specs; i++) {
        printf(" --%s", specs[i].name);
        if (specs[i].alias) printf(" -%c", specs[i].alias);
    }
    printf("' valued='");
    for (int i = 0, k = 0; i < n_specs; i++) {
        if (specs[i].type == OPT_FLAG) continue;
        printf("%s--%s", k++ ? " " : "", specs[i].name);
        if (specs[i].alias) printf(" -%c", specs[i].alias);
    }
    printf("'");
}

int opt_parse_cmd(const opt_cmd *c, int argc, char **argv, const opt_spec *specs, int n_specs,
                  const char **pos, int min_pos, int max_pos, int *n_pos, opt_record *rec)
{
    int help = 0;
    if (argc >= 2 && strcmp(argv[1], "--help-man") == 0) {
        opt_man(c, specs, n_specs);
        return -1;
    }
    if (argc >= 2 && strcmp(argv[1], "--help-words") == 0) {
        opt_words(specs, n_specs);
        return -1;
    }
    int rc = opt_parse_rec(c->name, argc, argv, specs, n_specs, pos, max_pos, n_pos, &help,
                           rec);
    if (rc) return rc;
    if (help) {
        opt_help(c, specs, n_specs);
        return -1;
    }
    if (*n_pos < min_pos || *n_pos > max_pos)
        return opt_usage_error(c->name, "usage: frontier %s %s", c->name, c->synopsis);
    return 0;
}
