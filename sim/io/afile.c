/* afile.c - atomic output files. */
#include "io/afile.h"
#include "base/alloc.h"
#include "base/err.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct afile {
    FILE *f;
    char *path, *tmp;
};

afile *afile_open(const char *path)
{
    afile *a = sim_calloc(1, sizeof *a);
    size_t n = strlen(path);
    if (!a) return NULL;
    a->path = sim_strdup(path);
    a->tmp = sim_malloc(n + 16);
    if (!a->path || !a->tmp) goto fail;
    snprintf(a->tmp, n + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(a->tmp);
    if (fd < 0) goto fail;
    a->f = fdopen(fd, "w");
    if (!a->f) {
        close(fd);
        unlink(a->tmp);
        goto fail;
    }
    fchmod(fd, 0644);
    return a;
fail:;
    int saved = errno ? errno : ENOMEM;
    sim_free(a->path);
    sim_free(a->tmp);
    sim_free(a);
    errno = saved;
    return NULL;
}

FILE *afile_stream(afile *a) { return a->f; }

static void afile_free(afile *a)
{
    sim_free(a->path);
    sim_free(a->tmp);
    sim_free(a);
}

int afile_commit(afile *a)
{
    int bad = ferror(a->f) || fflush(a->f) != 0 || fsync(fileno(a->f)) != 0;
    int saved = errno;
    if (fclose(a->f) != 0 && !bad) { bad = 1; saved = errno; }
    if (!bad && rename(a->tmp, a->path) != 0) { bad = 1; saved = errno; }
    if (bad) unlink(a->tmp);
    afile_free(a);
    errno = saved;
    return bad ? SIM_EIO : 0;
}

void afile_abort(afile *a)
{
    if (!a) return;
    fclose(a->f);
    unlink(a->tmp);
    afile_free(a);
}

int afile_mkdirs(const char *dir)
{
    char buf[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof buf) { errno = ENAMETOOLONG; return SIM_EIO; }
    memcpy(buf, dir, n + 1);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST) return SIM_EIO;
        *p = '/';
    }
    if (mkdir(buf, 0755) != 0 && errno != EEXIST) return SIM_EIO;
    struct stat st;
    if (stat(buf, &st) != 0 || !S_ISDIR(st.st_mode)) { errno = ENOTDIR; return SIM_EIO; }
    return 0;
}
