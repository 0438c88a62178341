/* main.c - the frontier binary: subcommand dispatch. */
#include "cmd.h"
#include <errno.h>
#include <signal.h>
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    const char *name;
    int (*fn)(int, char **);
    const char *synopsis;
    const char *args;   /* what its positionals complete to: scenario, file, or none */
} command;

static const command commands[] = {
    {"run", cmd_run, "SCENARIO [--seed N] [--out DIR] [--set k=v]    one replication", "scenario"},
    {"ensemble", cmd_ensemble, "SCENARIO -n N [--jobs J] [--out DIR]           replications + statistics", "scenario"},
    {"compare", cmd_compare, "A.yaml B.yaml -n N [--jobs J] [--out DIR]      paired what-if", "scenario"},
    {"sweep", cmd_sweep, "SCENARIO --vary k=lo:hi:step... -n N           parameter grid", "scenario"},
    {"calibrate", cmd_calibrate, "SCENARIO --record R --until D --vary k=lo:hi...  ABC-SMC fit", "scenario"},
    {"sensitivity", cmd_sensitivity, "SCENARIO --vary k=lo:hi... -n N [--dummy]      Sobol indices", "scenario"},
    {"backtest", cmd_backtest, "SCENARIO --record R.csv --from D --to D -n N  the model against the record", "scenario"},
    {"check", cmd_check, "SCENARIO [--set k=v]...                        validate, print parameters", "scenario"},
    {"view", cmd_view, "SCENARIO [--seed N] [--headless ...]           the animated map", "scenario"},
    {"fit", cmd_fit, "EVENTS.csv [--format F] [--out FILE.yaml]      Hawkes fit to real incidents", "file"},
    {"forecast", cmd_forecast, "SCENARIO --history EVENTS.csv --from D -n N    simulate ahead of real history", "scenario"},
    {"score", cmd_score, "EVENTS.csv --origins F:T:S --horizon D --out DIR  forecasts scored on history", "file"},
    {"merge", cmd_merge, "DIR... [-o OUT]                                join the parts of a split run", "file"},
    {"bench", cmd_bench, "[evq|hawkes|ensemble|view|fit]                 benchmarks", NULL},
    {"list", cmd_list, "[--names]                                      the scenarios found", "none"},
};
#define N_COMMANDS ((int)(sizeof commands / sizeof commands[0]))

static void usage(FILE *f)
{
    fprintf(f, "usage: frontier COMMAND [ARGS]   (frontier COMMAND --help for details)\n\n"
               "A cross-border incident monitoring simulator.\n\ncommands:\n");
    for (int i = 0; i < N_COMMANDS; i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].synopsis);
    fprintf(f, "\n  --version  print the version\n"
               "\nA SCENARIO is a file, a name on the scenario search path ($FRONTIER_DATA, then "
               "the\ninstalled scenarios: frontier list), or - for standard input.\n");
}

/* The man page's text around the commands' sections. */
static const char man_head[] =
    ".TH FRONTIER 1 \"\" \"frontier " FRONTIER_VERSION "\" \"User Commands\"\n"
    ".SH NAME\nfrontier \\- cross\\-border incident monitoring simulator\n"
    ".SH SYNOPSIS\n.B frontier\n.I COMMAND\n[\\fIoptions\\fR] [\\fIarguments\\fR]\n"
    ".SH DESCRIPTION\n"
    "\\fBfrontier\\fR runs scenarios of a cross\\-border conflict day by day: militant "
    "attacks launched from sanctuaries across a border, the pressure the attacked state puts "
    "on the host government, the threshold past which it strikes, the host's denials, "
    "bargains and retaliation, and mediators' ceasefires. Every decision carries the numbers "
    "that made it. Analysts run ensembles of replications, paired comparisons, parameter "
    "sweeps and fits to real incident data; teachers run one vivid run on the map view.\n"
    ".PP\n"
    "Options follow the GNU conventions (getopt_long): long options may be abbreviated to any "
    "unambiguous prefix, one\\-letter options bundle (\\fB\\-qn 20\\fR), \\fB\\-\\-\\fR "
    "ends the options. The same letter means the same thing on every command: \\fB\\-n\\fR "
    "replications, \\fB\\-s\\fR seed, \\fB\\-j\\fR threads, \\fB\\-o\\fR output, "
    "\\fB\\-q\\fR quiet, \\fB\\-d\\fR days, \\fB\\-f\\fR format. A SCENARIO is a file, "
    "a name found on the scenario search path (below), or \\fB\\-\\fR for standard input.\n"
    ".SH COMMANDS\n";

static const char man_tail[] =
    ".SH ENVIRONMENT\n"
    ".TP\n.B FRONTIER_DATA\n"
    "A colon\\-separated list of folders searched for scenario names (and for the bases "
    "named by \\fBextends:\\fR) after the path as given and before the installed "
    "scenarios.\n"
    ".TP\n.B FRONTIER_FONT\nThe TrueType font of the plots and the view (default DejaVu Sans).\n"
    ".SH FILES\n"
    ".TP\n.I PREFIX/share/frontier/scenarios\n"
    "The installed scenarios and region maps; \\fBfrontier list\\fR prints them.\n"
    ".TP\n.I PREFIX/share/bash-completion/completions/frontier\n"
    "Completion of commands, options and scenario names in bash (\\fBfrontier "
    "\\-\\-help\\-bash\\fR prints it).\n"
    ".TP\n.I out/\nWhere every command writes unless \\fB\\-\\-out\\fR says otherwise.\n"
    ".SH EXIT STATUS\n"
    "0 on success; 1 when the work failed (a file could not be written, a run failed); 2 on "
    "bad input (options, scenario files, CSV files), reported as "
    "\\fIfile\\fR:\\fIline\\fR:\\fIcolumn\\fR with nothing written; 130 when interrupted "
    "(what finished is written and marked partial).\n"
    ".SH SEE ALSO\n"
    "The documentation in \\fIPREFIX/share/doc/frontier\\fR: model.md (the model), "
    "scenarios.md (the scenario format), whatif.md (ensembles, comparisons, sweeps), data.md "
    "(incident data, fits, forecasts), view.md and teaching.md (the map view in class).\n"
    ".SH LICENCE\n"
    "GNU General Public License, version 3 or later. Country borders: Natural Earth (public "
    "domain); place names and coordinates: GeoNames (CC BY 4.0).\n";

/* frontier --help-man: the whole man page, each command's section from its own tables. */
static int man_page(void)
{
    fputs(man_head, stdout);
    for (int i = 0; i < N_COMMANDS; i++) {
        char *args[] = {(char *)commands[i].name, "--help-man", NULL};
        commands[i].fn(2, args);
    }
    fputs(man_tail, stdout);
    return 0;
}

/* frontier --help-bash: the bash completion script, every command's options from its own
 * table (opt_words); scenario names come from `frontier list --names` when completing. */
static const char bash_head[] =
    "# bash completion for frontier: commands, their options, scenario names.\n"
    "# Generated by `frontier --help-bash` from the tables behind --help.\n"
    "_frontier()\n{\n"
    "    local cur=${COMP_WORDS[COMP_CWORD]} prev= opts= valued= pos=file words=\n"
    "    [ \"$COMP_CWORD\" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD-1]}\n"
    "    COMPREPLY=()\n"
    "    if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
    "        COMPREPLY=($(compgen -W '";
static const char bash_tail[] =
    "    *) return 0 ;;\n    esac\n"
    "    case \" $valued \" in\n"
    "    *\" $prev \"*) COMPREPLY=($(compgen -f -- \"$cur\")); return 0 ;;\n"
    "    esac\n"
    "    if [[ $cur == -* ]]; then\n"
    "        COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
    "    elif [ \"$pos\" = scenario ]; then\n"
    "        COMPREPLY=($(compgen -W \"$(\"${COMP_WORDS[0]}\" list --names 2>/dev/null)\" "
    "-- \"$cur\") $(compgen -f -- \"$cur\"))\n"
    "    elif [ \"$pos\" = file ]; then\n"
    "        COMPREPLY=($(compgen -f -- \"$cur\"))\n"
    "    elif [ \"$pos\" = words ]; then\n"
    "        COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
    "    fi\n"
    "    return 0\n}\n"
    "complete -o filenames -F _frontier frontier\n";

static int bash_completion(void)
{
    fputs(bash_head, stdout);
    for (int i = 0; i < N_COMMANDS; i++) printf("%s ", commands[i].name);
    printf("--help --version' -- \"$cur\"))\n        return 0\n    fi\n"
           "    case ${COMP_WORDS[1]} in\n");
    for (int i = 0; i < N_COMMANDS; i++) {
        char *args[] = {(char *)commands[i].name, "--help-words", NULL};
        printf("    %s) ", commands[i].name);
        commands[i].fn(2, args);
        printf("%s%s ;;\n", commands[i].args ? " pos=" : "",
               commands[i].args ? commands[i].args : "");
    }
    fputs(bash_tail, stdout);
    return 0;
}

/* A report that did not reach stdout (a full disk, an I/O error) is a failure, not a
 * success. A pipe its reader closed (`frontier check x.yaml | head -1`) is the reader's
 * choice: the status stays as it is, without a message (SIGPIPE is ignored in main, so the
 * write fails with EPIPE instead of killing the process with status 141). */
static int check_stdout(int status)
{
    if (fflush(stdout) == 0 && !ferror(stdout)) return status;
    if (errno == EPIPE) return status;
    fprintf(stderr, "frontier: cannot write to standard output: %s\n", strerror(errno));
    return status ? status : 1;
}

int main(int argc, char **argv)
{
    /* GSL's default handler aborts; every caller checks status codes instead. */
    gsl_set_error_handler_off();
    signal(SIGPIPE, SIG_IGN);
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--help-man") == 0) return check_stdout(man_page());
    if (strcmp(argv[1], "--help-bash") == 0) return check_stdout(bash_completion());
    if (strcmp(argv[1], "--version") == 0) {
        printf("frontier %s\n", FRONTIER_VERSION);
        return 0;
    }
    for (int i = 0; i < N_COMMANDS; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return check_stdout(commands[i].fn(argc - 1, argv + 1));
    fprintf(stderr, "frontier: unknown command '%s' (try 'frontier --help')\n", argv[1]);
    return 2;
}
