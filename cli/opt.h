/* opt.h - small long-option parser shared by the subcommands.
 *
 * Accepts "--name value" and "--name=value", "-x value" for one-letter aliases, and
 * positional arguments; "--" ends options. Errors are printed as
 * "frontier CMD: ..." and reported as exit status 2. */
#ifndef FRONTIER_OPT_H
#define FRONTIER_OPT_H
#include <stddef.h>

enum opt_type {
    OPT_FLAG,    /* int *, set to 1 */
    OPT_STRING,  /* const char ** */
    OPT_INT,     /* long * */
    OPT_UINT64,  /* unsigned long long * */
    OPT_DOUBLE,  /* double * */
    OPT_LIST     /* opt_list *: repeated string option */
};

#define OPT_LIST_MAX 64
typedef struct opt_list {
    const char *items[OPT_LIST_MAX];
    int n;
} opt_list;

typedef struct opt_spec {
    const char *name;     /* long name without dashes, e.g. "seed" */
    char alias;           /* one-letter alias or 0 */
    int type;             /* enum opt_type */
    void *dest;
    const char *arg;      /* placeholder in help, e.g. "N" */
    const char *help;
} opt_spec;

/* The command line as provenance records it (io/prov.h "command"): "frontier", the
 * subcommand, its positional arguments, then every option given, in the order given, spelled
 * --NAME=VALUE (--NAME for a flag) however it was typed, so -n 20, --replications 20 and
 * --replications=20 all record as --replications=20. The options that say where outputs go
 * or how fast they are made, not what they hold (--out, --jobs, --quiet, --debrief), are left
 * out, so the same work gives the same bytes wherever it is written and on any number of
 * threads. A positional argument starting with '-' is recorded after "--". */
#define OPT_RECORD_MAX 200
typedef struct opt_record {
    int argc;
    const char *argv[OPT_RECORD_MAX];
    char buf[32768];
    size_t used;
} opt_record;

/* Appends s to rec (a copy). Returns 0 or -1 when rec is full. */
int opt_record_add(opt_record *rec, const char *s);

/* Parses argv[1..argc-1] (argv[0] is the subcommand name). Positional arguments go to
 * pos[0..max_pos-1] with their count in *n_pos. Returns 0, or 2 after printing an error
 * (unknown option, missing or malformed value, too many positionals). "--help"/"-h" sets
 * *help when help is not NULL. */
int opt_parse(const char *cmd, int argc, char **argv, const opt_spec *specs, int n_specs,
              const char **pos, int max_pos, int *n_pos, int *help);
/* The same, filling rec (when not NULL) with the command line as provenance records it;
 * a command line too long for rec is an error (2). */
int opt_parse_rec(const char *cmd, int argc, char **argv, const opt_spec *specs, int n_specs,
                  const char **pos, int max_pos, int *n_pos, int *help, opt_record *rec);

/* Prints "usage: frontier CMD SYNOPSIS" and one line per option. */
void opt_usage(const char *cmd, const char *synopsis, const char *about,
               const opt_spec *specs, int n_specs);

/* Strict number parsing: the whole string must be a finite number. Returns 0 or -1. */
int opt_to_double(const char *s, double *out);
int opt_to_long(const char *s, long *out);
int opt_to_u64(const char *s, unsigned long long *out);

#endif
