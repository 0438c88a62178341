/* support.h - helpers shared by the test files: the binary under test, scratch folders. */
#ifndef FRONTIER_TEST_SUPPORT_H
#define FRONTIER_TEST_SUPPORT_H
#include "map/map.h"
#include "scenario/scenario.h"
#include <stddef.h>

/* The frontier binary under test: $FRONTIER_BIN (set by `make test`) or ./frontier. */
const char *support_bin(void);

/* Makes a fresh folder under $TMPDIR (or /tmp) named PREFIX-XXXXXX into buf; a failure fails
 * the calling test. */
void support_temp_dir(char *buf, size_t n, const char *prefix);

/* Removes dir and everything in it; missing is fine. */
void support_remove_tree(const char *dir);

/* Loads a scenario file; a failure fails the calling test with the loader's first error. */
scenario *support_load_scenario(const char *path);

/* Loads the Afghanistan-Pakistan map and selects SDL's dummy video driver, for view tests
 * that need no display; a failure fails the calling test. */
map *support_load_region_map(void);

#endif
