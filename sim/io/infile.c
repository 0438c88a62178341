/* infile.c - input files opened without blocking and refused unless regular. */
#include "io/infile.h"
#include "base/alloc.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* "a FIFO", "a folder", ... for a file that is not regular. */
static const char *kind_of(mode_t mode)
{
    if (S_ISDIR(mode)) return "a folder";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return "a special file";
}

/* Opens path (or standard input) without blocking and checks its type. Returns the file
 * descriptor, blocking again, or -1 with why. */
static int open_checked(const char *path, int flags, struct stat *st, char *why, size_t n)
{
    int is_stdin = (flags & INFILE_STDIN) && strcmp(path, "-") == 0;
    int fd = is_stdin ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        snprintf(why, n, "%s", strerror(errno));
        return -1;
    }
    if (fstat(fd, st) != 0) {
        snprintf(why, n, "%s", strerror(errno));
        close(fd);
        return -1;
    }
    if (!is_stdin && !S_ISREG(st->st_mode)) {
        snprintf(why, n, "expected a regular file, found %s", kind_of(st->st_mode));
        close(fd);
        errno = EINVAL;
        return -1;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl != -1) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    return fd;
}

FILE *infile_open(const char *path, int flags, struct stat *st, char *why, size_t n)
{
    struct stat own;
    int fd = open_checked(path, flags, st ? st : &own, why, n);
    if (fd < 0) return NULL;
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        snprintf(why, n, "%s", strerror(errno));
        close(fd);
    }
    return f;
}

/* Reads f to its end into a buffer of at most max bytes (one more byte read tells that the
 * input is too large). */
static char *read_stream(FILE *f, size_t max, size_t *len, char *why, size_t n)
{
    char *buf = NULL;
    size_t got = 0, cap = 0;
    for (;;) {
        if (cap == 0 || got == cap - 1) {
            size_t next = cap ? 2 * cap : 8192;
            if (next > max + 2) next = max + 2;
            char *b = sim_realloc(buf, next);
            if (!b) {
                snprintf(why, n, "out of memory");
                errno = ENOMEM;
                break;
            }
            buf = b;
            cap = next;
        }
        size_t k = fread(buf + got, 1, cap - 1 - got, f);
        got += k;
        if (got > max) {
            snprintf(why, n, "expected at most %zu MiB, found more", max >> 20);
            errno = EFBIG;
            break;
        }
        if (k == 0) {
            if (!ferror(f)) {
                buf[got] = '\0';
                *len = got;
                return buf;
            }
            snprintf(why, n, "%s", strerror(errno ? errno : EIO));
            break;
        }
    }
    sim_free(buf);
    return NULL;
}

char *infile_read(const char *path, int flags, size_t max, size_t *len, struct stat *st,
                  char *why, size_t n)
{
    struct stat own;
    if (!st) st = &own;
    FILE *f = infile_open(path, flags, st, why, n);
    if (!f) return NULL;
    char *buf = NULL;
    if (S_ISREG(st->st_mode) && (unsigned long long)st->st_size > max) {
        snprintf(why, n, "expected at most %zu MiB, found %lld bytes", max >> 20,
                 (long long)st->st_size);
        errno = EFBIG;
    } else {
        int e = errno;
        buf = read_stream(f, max, len, why, n);
        if (buf) errno = e;
    }
    int e = errno;
    fclose(f);
    errno = e;
    return buf;
}
