/* support.h - helpers shared by the test files: the binary under test, scratch folders. */
#ifndef FRONTIER_TEST_SUPPORT_H
#define FRONTIER_TEST_SUPPORT_H
#include "map/map.h"
#include "scenario/scenario.h"
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The frontier binary under test: $FRONTIER_BIN (set by `make test`) or ./frontier. */
const char *support_bin(void);

/* Makes a fresh folder under $TMPDIR (or /tmp) named PREFIX-XXXXXX into buf; a failure fails
 * the calling test. */
void support_temp_dir(char *buf, size_t n, const char *prefix);

/* Removes dir and everything in it; missing is fine. */
void support_remove_tree(const char *dir);

/* Starts the binary under test with args (NULL-terminated, without the program's name), its
 * stdout and stderr going to the files out and err (NULL: /dev/null). Returns the pid. */
pid_t support_spawn(const char *const *args, const char *out, const char *err);
/* Waits until pid has installed a handler for sig (SigCgt in /proc/PID/status): a signal
 * sent before that would kill it, or be ignored when it started in the background. Returns 1,
 * or 0 when pid exited first (it is then still to be waited for). */
int support_wait_handler(pid_t pid, int sig);
/* The exit status of pid, or 128 + the signal that killed it. */
int support_wait_exit(pid_t pid);
/* Reads a whole file into a malloc'd NUL-terminated string ("" when it cannot be read). */
char *support_slurp(const char *path);

/* Loads a scenario file; a failure fails the calling test with the loader's first error. */
scenario *support_load_scenario(const char *path);

/* A scenario of `days` days from 2023-01-01 with one sanctuary (Alpha), one target (Town), a
 * crossing (Gate) and an airbase (Base), zones 0..3, and every process but the attacks off
 * (no season, no threshold crossed, no drones, crackdowns or mediators): tests switch on
 * what they need. */
scenario *support_quiet_scenario(double days);
/* Adds a timeline item (casualties and days < 0 mean "the model's own"); an attack is a
 * suicide attack. */
void support_add_item(scenario *s, double day, int action, int zone, double cas, double days);

/* Writes the record of one run of the scenario file scn with `sets` (KEY=VALUE overrides)
 * and seed, replication 0, to path in the record format: its strikes, clashes and closures,
 * counted as the run's totals count them (an extended closure is not a new one), each with
 * a made-up source: a synthetic record from known parameters for `frontier calibrate` and
 * `frontier backtest`. A failure fails the calling test. */
void support_write_record(const char *scn, const char *path, const char *const *sets,
                          int n_sets, uint64_t seed);

/* Loads the Afghanistan-Pakistan map and selects SDL's dummy video driver, for view tests
 * that need no display; a failure fails the calling test. */
map *support_load_region_map(void);

/* Adds a zone of capacity and exposure 1 to s (asserts that it was added). */
void support_add_zone(scenario *s, const char *name, int side, int kind, double lat,
                      double lon);

/* The text the view draws in its next frame, one visible string a line (caller frees). */
typedef struct view view; /* viz/view/view.h */
char *support_frame_text(view *v);

#endif
