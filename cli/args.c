/* args.c - argument handling shared by the subcommands. */
#include "args.h"
#include "plot/fig.h"
#include "scenario/scn_path.h"
#include <stdio.h>
#include <string.h>

int args_parse(const opt_cmd *c, int argc, char **argv, const opt_spec *specs, int n_specs,
               const char **pos, int n_want, opt_record *rec)
{
    int n_pos;
    return opt_parse_cmd(c, argc, argv, specs, n_specs, pos, n_want, n_want, &n_pos, rec);
}

void args_print_errors(const char *cmd, const scn_errors *errs)
{
    for (int i = 0; i < errs->n; i++) {
        scn_errors one = {&errs->items[i], 1, 1};
        fprintf(stderr, "frontier %s: ", cmd);
        scn_errors_print(&one, stderr);
    }
}

scenario *args_load_scenario(const char *cmd, const char *path, const opt_list *sets)
{
    scn_errors errs = {0};
    scenario *s = scenario_load(path, sets ? sets->items : NULL, sets ? sets->n : 0, &errs);
    if (!s) args_print_errors(cmd, &errs);
    if (!s && errs.n == 0) fprintf(stderr, "frontier %s: %s: out of memory\n", cmd, path);
    scn_errors_free(&errs);
    return s;
}

const char *args_scenario(const char *name, char *buf, size_t n)
{
    if (!name) return NULL;
    return scn_path_find(name, buf, n) == 0 ? buf : name;
}

void args_file_stem(const char *path, char *out, size_t n)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (strcmp(path, "-") == 0) base = "stdin";
    snprintf(out, n, "%s", base);
    char *dot = strrchr(out, '.');
    if (dot && dot != out) *dot = '\0';
}

void args_print_skipped(const char *cmd, const incidents_report *rep)
{
    for (int i = 0; i < rep->n_msgs; i++)
        fprintf(stderr, "frontier %s: skipped row: %s\n", cmd, rep->msg[i]);
    if (rep->n_problems > rep->n_msgs)
        fprintf(stderr, "frontier %s: ... and %ld more malformed rows\n", cmd,
                rep->n_problems - rep->n_msgs);
}

int args_load_script(const char *cmd, const char *path, const scenario *s, script **out)
{
    scn_errors errs = {0};
    int rc = script_load(path, s, out, &errs);
    args_print_errors(cmd, &errs);
    if (rc && errs.n == 0) fprintf(stderr, "frontier %s: %s: out of memory\n", cmd, path);
    scn_errors_free(&errs);
    return rc ? 2 : 0;
}

int args_plots(const char *cmd, const char *list, int no_plots, unsigned *formats)
{
    *formats = FIG_PNG;
    if (list && fig_formats_parse(list, formats) != 0)
        return opt_usage_error(cmd, "--plots: expected png, svg, pdf (comma-separated) or "
                               "none, found '%s'", list);
    if (no_plots) *formats = 0;
    return 0;
}
