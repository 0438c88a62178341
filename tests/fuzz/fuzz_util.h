/* fuzz_util.h - helpers shared by the libFuzzer targets: a private scratch folder and
 * writing one input to a file in it (the readers under test take file names). */
#ifndef FRONTIER_FUZZ_UTIL_H
#define FRONTIER_FUZZ_UTIL_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A folder of this process under $TMPDIR (or /tmp), made once; NULL when it cannot be. */
static const char *fuzz_scratch(void)
{
    static char dir[512];
    if (dir[0]) return dir;
    const char *t = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/frontier-fuzz-XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(dir)) {
        dir[0] = '\0';
        return NULL;
    }
    return dir;
}

/* Writes data[0..n-1] to scratch/name and puts the path in path. Returns 0 or -1. */
static int fuzz_write(const char *name, const uint8_t *data, size_t n, char *path, size_t len)
{
    const char *dir = fuzz_scratch();
    if (!dir) return -1;
    snprintf(path, len, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    size_t put = n ? fwrite(data, 1, n, f) : 0;
    return fclose(f) == 0 && put == n ? 0 : -1;
}

#endif
