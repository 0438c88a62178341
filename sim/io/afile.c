/* afile.c - atomic output files. */
#include "io/afile.h"
#include "base/alloc.h"
#include "base/err.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

struct afile {
    FILE *f;
    char *path, *tmp;
};

/* Removes the temporaries of path left by writers that were killed: PATH.tmp.XXXXXX files
 * whose lock is free (a live writer holds its temporary's lock). */
static void clean_stale(const char *path)
{
    char dir[4096];
    const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) + (slash == path) : 1,
             slash ? path : ".");
    size_t nb = strlen(base);
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, base, nb) != 0 || strncmp(e->d_name + nb, ".tmp.", 5) != 0 ||
            strlen(e->d_name + nb + 5) != 6)
            continue;
        int fd = openat(dirfd(d), e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        struct stat st;
        if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
            flock(fd, LOCK_EX | LOCK_NB) == 0)
            unlinkat(dirfd(d), e->d_name, 0);
        if (fd >= 0) close(fd);
    }
    closedir(d);
}

afile *afile_open(const char *path)
{
    afile *a = sim_calloc(1, sizeof *a);
    size_t n = strlen(path);
    if (!a) return NULL;
    a->path = sim_strdup(path);
    a->tmp = sim_malloc(n + 16);
    if (!a->path || !a->tmp) goto fail;
    snprintf(a->tmp, n + 16, "%s.tmp.XXXXXX", path);
    clean_stale(path);
    int fd = mkstemp(a->tmp);
    if (fd < 0) goto fail;
    flock(fd, LOCK_EX); /* held while this writer lives: tells a live temporary from a stale one */
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
