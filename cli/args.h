/* args.h - what every subcommand does with its arguments: parse the options and a fixed
 * number of positional arguments, answer --help, load the scenario with its --set
 * overrides, and report scenario errors in one format. */
#ifndef FRONTIER_ARGS_H
#define FRONTIER_ARGS_H
#include "data/incidents.h"
#include "opt.h"
#include "scenario/scenario.h"
#include "story/script.h"
#include <stddef.h>

/* Parses argv for the command c (opt.h), expecting exactly n_want positionals in pos[], and
 * records the command line for provenance in rec (may be NULL; see opt_record). Returns 0;
 * 2 after printing a usage error; or -1 after printing the help (--help) or the man page
 * section (--help-man): the caller then exits 0. */
int args_parse(const opt_cmd *c, int argc, char **argv, const opt_spec *specs, int n_specs,
               const char **pos, int n_want, opt_record *rec);

/* Prints each error as "frontier CMD: file:line:col: key: message". */
void args_print_errors(const char *cmd, const scn_errors *errs);

/* Loads path with the overrides in sets (NULL for none); "-" reads standard input. On
 * failure prints every error and returns NULL: the caller exits 2. */
scenario *args_load_scenario(const char *cmd, const char *path, const opt_list *sets);

/* The file a SCENARIO argument names: name itself when it exists (or is "-"), else the first
 * match on the scenario search path (scenario/scn_path.h), written into buf. When nothing
 * matches, name (loading it then says it cannot be opened). */
const char *args_scenario(const char *name, char *buf, size_t n);

/* Prints the malformed rows an incident import skipped, as "frontier CMD: skipped row: ...",
 * and how many more there were than the report kept. */
void args_print_skipped(const char *cmd, const incidents_report *rep);

/* Loads the knob/inject script path for scenario s into *out. Returns 0, or 2 after
 * printing its errors as "frontier CMD: file:line:col: ...". */
int args_load_script(const char *cmd, const char *path, const scenario *s, script **out);

/* The figure formats of --plots LIST (png, svg, pdf, comma-separated, or none; NULL: png)
 * and --no-plots (none). Returns 0, or 2 after a usage error. */
int args_plots(const char *cmd, const char *list, int no_plots, unsigned *formats);

/* The file name of path without its folder and extension ("a/b/x.yaml" -> "x"; "-", standard
 * input, -> "stdin"). */
void args_file_stem(const char *path, char *out, size_t n);

#endif
