/* cmd.h - the subcommands of the frontier binary. Each takes (argc, argv) with argv[0] the
 * subcommand name and returns the process exit status (0 ok, 1 runtime failure, 2 usage or
 * input error, 130 interrupted). */
#ifndef FRONTIER_CMD_H
#define FRONTIER_CMD_H

#define FRONTIER_VERSION "0.1.0"

int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_ensemble(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_sensitivity(int argc, char **argv);
int cmd_backtest(int argc, char **argv);
int cmd_calibrate(int argc, char **argv);
int cmd_view(int argc, char **argv);
int cmd_fit(int argc, char **argv);
int cmd_forecast(int argc, char **argv);
int cmd_score(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_merge(int argc, char **argv);

/* The batch commands run as frontier merge runs them: argv is the whole run's command line
 * (its canonical form, from the parts' part.bin), and instead of running the batch they read
 * the results of the part folders parts[0..n_parts-1]. */
int cmd_ensemble_merge(int argc, char **argv, const char *const *parts, int n_parts);
int cmd_compare_merge(int argc, char **argv, const char *const *parts, int n_parts);
int cmd_sweep_merge(int argc, char **argv, const char *const *parts, int n_parts);
int cmd_list(int argc, char **argv);

#endif
