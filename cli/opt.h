/* opt.h - the option API every subcommand uses: glibc getopt_long driven by a table.
 *
 * A command describes itself once (opt_cmd: name, synopsis, about, examples) and its
 * options once (an opt_spec table); that one source feeds the parser, `--help` and the man
 * page (`frontier --help-man`, through opt_man). What the parser accepts:
 *
 *   --name VALUE, --name=VALUE   long options; any unambiguous prefix works (--rep 20)
 *   -x VALUE, -xVALUE            one-letter aliases; flags bundle (-qn 20, -qn20)
 *   -                            an ordinary positional argument (standard input, where
 *                                the command reads a file: see args_load_scenario)
 *   --                           ends the options; everything after it is positional
 *   -h, --help                   prints the help (usage, options, examples); exit status 0
 *
 * The same letter means the same thing on every command: -n replications, -s seed,
 * -j threads, -o output, -q quiet, -d days, -f format. Options and positionals may be
 * mixed in any order. A value option given twice keeps the last value; an OPT_LIST
 * collects every one in order.
 *
 * Usage errors are printed on stderr as "frontier CMD: ..." with "(try 'frontier CMD
 * --help')" and reported as 2: unknown or ambiguous option (the candidates are named),
 * missing or malformed value, a value given to a flag, `-` as an output (OPT_OUTPUT),
 * too many or too few positionals.
 *
 * A new command:
 *
 *     static const opt_cmd CMD = {"score", "SCENARIO -n N [options]",
 *         "What it does, in a sentence or two.",
 *         {"frontier score scenarios/x.yaml -n 200    # what this shows", ...}};
 *     opt_spec specs[] = {
 *         {"replications", 'n', OPT_INT, &a.n, "N", "number of replications (required)"},
 *         {"out", 'o', OPT_OUTPUT, &a.out, "DIR", "output folder (default out/STEM-score)"},
 *     };
 *     int rc = args_parse(&CMD, argc, argv, specs, 2, pos, 1, &a.rec);   (args.h)
 *     if (rc) return rc < 0 ? 0 : rc;                     (-1: help was printed)
 *
 * Number parsing is in one place (opt_to_*), shared by the table types and by commands
 * that parse numbers of their own. The parser keeps no state between calls (getopt's
 * globals are reset on every call); it is not thread-safe, which a command line needs not
 * be. */
#ifndef FRONTIER_OPT_H
#define FRONTIER_OPT_H
#include <limits.h>
#include <stddef.h>

enum opt_type {
    OPT_FLAG,    /* int *, set to 1 */
    OPT_STRING,  /* const char ** */
    OPT_INT,     /* long * */
    OPT_UINT64,  /* unsigned long long * */
    OPT_DOUBLE,  /* double * */
    OPT_LIST,    /* opt_list *: repeated string option */
    OPT_OUTPUT,  /* const char **: a file or folder to write; "-" and "" are refused */
    OPT_SEED     /* opt_seed *: a seed (every value 0 to 2^64 - 1) and whether it was given */
};

/* The starting value of a required OPT_INT option, so that "not given" differs from a
 * given 0 ("-n 0" is then reported as out of range, not as missing). */
#define OPT_INT_UNSET LONG_MIN

/* A seed option: no value can stand for "not given", so a flag says it. */
typedef struct opt_seed {
    unsigned long long value;
    int given;
} opt_seed;

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

#define OPT_EXAMPLES_MAX 4

/* What a command says about itself in --help and the man page. */
typedef struct opt_cmd {
    const char *name;       /* "ensemble", "bench evq" */
    const char *synopsis;   /* what follows "frontier NAME": "SCENARIO -n N [options]" */
    const char *about;      /* a paragraph: what it does and writes */
    /* Example command lines, each "frontier ..." optionally followed by "  # what it
     * shows"; unused entries NULL. Two or three per command. */
    const char *examples[OPT_EXAMPLES_MAX];
} opt_cmd;

/* The command line as provenance records it (io/prov.h "command"): "frontier", the
 * subcommand, its positional arguments, then every option given, in the order given, spelled
 * --NAME=VALUE (--NAME for a flag) however it was typed, so -n 20, -n20, --rep 20 and
 * --replications=20 all record as --replications=20. The options that say where outputs go
 * or how fast they are made, not what they hold (--out, --jobs, --quiet, --debrief, --plots,
 * --no-plots), are left out, so the same work gives the same bytes wherever it is written
 * and on any number of threads. A positional argument starting with '-' (other than "-"
 * itself) is recorded after "--". */
#define OPT_RECORD_MAX 200
typedef struct opt_record {
    int argc;
    const char *argv[OPT_RECORD_MAX];
    char buf[32768];
    size_t used;
} opt_record;

/* Appends s to rec (a copy). Returns 0 or -1 when rec is full. */
int opt_record_add(opt_record *rec, const char *s);

/* Parses argv[1..argc-1] (argv[0] is the subcommand name) against specs. Positional
 * arguments go to pos[0..max_pos-1] in order with their count in *n_pos. Returns 0, or 2
 * after printing an error. "-h"/"--help" set *help (when help is NULL they are unknown
 * options). */
int opt_parse(const char *cmd, int argc, char **argv, const opt_spec *specs, int n_specs,
              const char **pos, int max_pos, int *n_pos, int *help);
/* The same, filling rec (when not NULL) with the command line as provenance records it;
 * a command line too long for rec is an error (2). */
int opt_parse_rec(const char *cmd, int argc, char **argv, const opt_spec *specs, int n_specs,
                  const char **pos, int max_pos, int *n_pos, int *help, opt_record *rec);

/* opt_parse_rec (rec may be NULL), then the help: prints it and returns -1 on -h/--help,
 * prints the command's man page section and returns -1 when argv[1] is "--help-man"
 * (frontier --help-man gathers them) or its options for completion when it is "--help-words"
 * (opt_words), and checks that min_pos <= *n_pos <= max_pos (2 with
 * a usage line otherwise). */
int opt_parse_cmd(const opt_cmd *c, int argc, char **argv, const opt_spec *specs, int n_specs,
                  const char **pos, int min_pos, int max_pos, int *n_pos, opt_record *rec);

/* Prints the help on stdout: "usage: frontier NAME SYNOPSIS", about, one line per option,
 * the examples. */
void opt_help(const opt_cmd *c, const opt_spec *specs, int n_specs);

/* Prints the command's options for shell completion on stdout, as two shell assignments:
 * opts='--help --seed -s ...' (every option) valued='--seed -s ...' (those taking a value).
 * opt_parse_cmd does it and returns -1 when argv[1] is "--help-words" (frontier --help-bash
 * gathers them into the completion script). */
void opt_words(const opt_spec *specs, int n_specs);

/* Prints the command's section of the man page (roff, no header) on stdout. */
void opt_man(const opt_cmd *c, const opt_spec *specs, int n_specs);
/* Writes text escaped for roff (backslashes, leading dots and quotes, hyphens as \-). */
void opt_man_text(const char *text);

/* Prints "frontier CMD: MESSAGE (try 'frontier CMD --help')" on stderr and returns 2. */
int opt_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Strict number parsing (sim/base/num.h): the whole string must be a finite decimal number
 * (no blank, no hexadecimal, "inf" or "nan"); u64 takes digits only, 0 to 2^64 - 1, so a
 * sign (" -1", "+5") is refused instead of wrapping. Returns 0 or -1. */
int opt_to_double(const char *s, double *out);
int opt_to_long(const char *s, long *out);
int opt_to_u64(const char *s, unsigned long long *out);

#endif
