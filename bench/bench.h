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

/* The bare baselines bench ensemble prints beside the model's cost per event, each in the
 * calling thread's CPU seconds for n steps (setting up is not timed), or a negative value on
 * no memory: a bare binary heap's hold step (pop the earliest, push it back later) with
 * `pending` events queued (bench_evq.c), and a bare loop's Ogata thinning candidate of a
 * plain exponential Hawkes process (bench_hawkes.c). */
double bench_bare_heap_seconds(long pending, long n, unsigned long long seed);
double bench_bare_thinning_seconds(long n, unsigned long long seed);

#endif
