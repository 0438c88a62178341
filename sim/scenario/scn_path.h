/* scn_path.h - the scenario search path: where a scenario name given on the command line
 * (or by an extends: line) is looked for.
 *
 * In order: the path as given; then each folder of $FRONTIER_DATA (colon-separated, empty
 * entries skipped); then the installed scenarios, PREFIX/share/frontier/scenarios, PREFIX
 * being the folder above the running binary's (PREFIX/bin/frontier), so an install works
 * from any PREFIX and DESTDIR without a rebuild; and last, for a binary run from a source
 * tree (./frontier, build-san/frontier), the tree's scenarios/ folder. In each folder NAME
 * and NAME.yaml are tried: `frontier run kabul-ultimatum-2023` finds
 * PREFIX/share/frontier/scenarios/kabul-ultimatum-2023.yaml. */
#ifndef FRONTIER_SCN_PATH_H
#define FRONTIER_SCN_PATH_H
#include <stddef.h>

#define SCN_PATH_LEN 4096   /* room for one path */
#define SCN_PATH_DIRS 16    /* folders on the search path, at most */

/* The folders of the search path after the path as given, in order, those that exist
 * (each at most SCN_PATH_LEN bytes, including the terminator). Returns how many (0 to max). */
int scn_path_dirs(char (*dirs)[SCN_PATH_LEN], int max);

/* Resolves name into out (n bytes): "-" (standard input) and a name that exists as given
 * are kept as they are; otherwise the first DIR/name or DIR/name.yaml on the search path
 * that is a regular file. Returns 0, or SIM_EINVAL when nothing was found (out then holds
 * name, so that the caller's error names what was given) or the path does not fit. */
int scn_path_find(const char *name, char *out, size_t n);

#endif
