/* bench.h - benchmarks behind `frontier bench`. Each prints machine-readable lines
 * "bench=NAME key=value ..." on stdout and returns an exit status. Speeds are reported next
 * to a baseline measured in the same process, since machines are shared and noisy. */
#ifndef FRONTIER_BENCH_H
#define FRONTIER_BENCH_H

int bench_evq(int argc, char **argv);
int bench_hawkes(int argc, char **argv);
int bench_ensemble(int argc, char **argv);
int bench_view(int argc, char **argv);
int bench_fit(int argc, char **argv);

/* Monotonic wall-clock seconds. */
double bench_seconds(void);
/* CPU seconds used by the calling thread: less disturbed than wall time when other work
 * shares the machine. */
double bench_thread_seconds(void);

#endif
