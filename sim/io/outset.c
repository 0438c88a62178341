/* outset.c - output folders written as one set (see outset.h). */
#define _GNU_SOURCE /* renameat2 and its flags (glibc 2.28+) */
#include "io/outset.h"
#include "base/alloc.h"
#include "base/err.h"
#include "io/jsonw.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#define OPEN_MAX_STREAMS 16
#define TMP_TAG ".frontier-tmp."
#define OLD_TAG ".frontier-old."

typedef struct open_stream {
    FILE *f;
    char name[NAME_MAX + 1];
} open_stream;

struct outset {
    char *shown;                /* the target as given */
    char *parent;               /* its folder, resolved */
    char base[NAME_MAX + 1];    /* its last component */
    char tmp[NAME_MAX + 1];     /* the temporary folder's name in parent */
    int parent_fd, tmp_fd;      /* tmp_fd holds the flock */
    int committed;
    long pause_ms;
    volatile const int *stop;
    open_stream open[OPEN_MAX_STREAMS];
    char error[PATH_MAX + 256];
};

/* ===== small helpers ===================================================================== */

__attribute__((format(printf, 3, 4))) static void say(char *msg, size_t n, const char *fmt, ...)
{
    va_list ap;
    if (!msg || n == 0) return;
    va_start(ap, fmt);
    vsnprintf(msg, n, fmt, ap);
    va_end(ap);
}

static void pause_step(const outset *o)
{
    if (o->pause_ms <= 0) return;
    struct timespec ts = {o->pause_ms / 1000, (o->pause_ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {}
}

static int stopped(const outset *o) { return o->stop && *o->stop; }

/* A name the set may hold: letters, digits, '.', '_', '-', not starting with '.'. Names are
 * written into provenance.json unescaped and must read back the same. */
static int plain_name(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > NAME_MAX || name[0] == '.') return 0;
    for (const char *p = name; *p; p++)
        if (!(*p == '.' || *p == '_' || *p == '-' || (*p >= '0' && *p <= '9') ||
              (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
            return 0;
    return 1;
}

static const char *kind_of(mode_t m)
{
    if (S_ISREG(m)) return "a regular file";
    if (S_ISDIR(m)) return "a folder";
    if (S_ISCHR(m)) return "a character device";
    if (S_ISBLK(m)) return "a block device";
    if (S_ISFIFO(m)) return "a FIFO";
    if (S_ISSOCK(m)) return "a socket";
    if (S_ISLNK(m)) return "a symbolic link";
    return "a special file";
}

/* ===== special file systems ============================================================== */

/* The name of the special file system path is on, or NULL for an ordinary one. The /dev file
 * system (devtmpfs) has tmpfs's magic number, so it is recognised as the device of /dev when
 * that differs from the root's. */
static const char *special_fs(const char *path)
{
    static const struct { long magic; const char *name; } fs[] = {
        {PROC_SUPER_MAGIC, "proc"}, {SYSFS_MAGIC, "sysfs"}, {DEVPTS_SUPER_MAGIC, "devpts"},
        {CGROUP_SUPER_MAGIC, "cgroup"}, {CGROUP2_SUPER_MAGIC, "cgroup2"},
        {DEBUGFS_MAGIC, "debugfs"}, {SECURITYFS_MAGIC, "securityfs"},
        {TRACEFS_MAGIC, "tracefs"}, {BPF_FS_MAGIC, "bpf"}, {PSTOREFS_MAGIC, "pstore"},
        {EFIVARFS_MAGIC, "efivarfs"}, {BINFMTFS_MAGIC, "binfmt_misc"}, {NSFS_MAGIC, "nsfs"},
        {SELINUX_MAGIC, "selinuxfs"},
    };
    struct statfs sf;
    if (statfs(path, &sf) == 0)
        for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++)
            if ((long)sf.f_type == fs[i].magic) return fs[i].name;
    struct stat st, dev, root;
    if (stat(path, &st) == 0 && stat("/dev", &dev) == 0 && stat("/", &root) == 0 &&
        dev.st_dev != root.st_dev && st.st_dev == dev.st_dev)
        return "the /dev file system";
    return NULL;
}

/* ===== removing a folder ================================================================= */

/* Removes everything inside the folder open at fd (not following symbolic links), at most
 * depth levels deep. Pauses between files when asked (the chaos test's window). */
static int empty_folder(const outset *o, int fd, int depth)
{
    int dfd = dup(fd);
    DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
    if (!d) {
        if (dfd >= 0) close(dfd);
        return SIM_EIO;
    }
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        if (unlinkat(fd, e->d_name, 0) == 0) {
            if (o) pause_step(o);
            continue;
        }
        if ((errno != EISDIR && errno != EPERM) || depth <= 0) { rc = SIM_EIO; continue; }
        int sub = openat(fd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (sub < 0 || empty_folder(o, sub, depth - 1) != 0 ||
            unlinkat(fd, e->d_name, AT_REMOVEDIR) != 0)
            rc = SIM_EIO;
        if (sub >= 0) close(sub);
    }
    closedir(d);
    return rc;
}

/* Removes the folder name in parent_fd and everything in it; a missing one is fine. */
static int remove_folder(const outset *o, int parent_fd, const char *name)
{
    int fd = openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return errno == ENOENT ? 0 : SIM_EIO;
    int rc = empty_folder(o, fd, 4);
    close(fd);
    if (unlinkat(parent_fd, name, AT_REMOVEDIR) != 0 && errno != ENOENT) rc = SIM_EIO;
    return rc;
}

/* ===== what may be replaced ============================================================== */

/* Names that frontier's commands wrote before output sets had a manifest. */
static int legacy_name(const char *name)
{
    static const char *const known[] = {
        "events.csv", "series.csv", "summary.json", "replications.csv", "ensemble.json",
        "first_strike_km.csv", "fan.csv", "fan_threat.png", "fan_attacks.png",
        "first_strike_survival.png", "hist_strikes.png", "hist_casualties.png", "compare.csv",
        "sweep.csv", "forecast.json", "view.png",
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(name, known[i]) == 0) return 1;
    return strstr(name, ".tmp.") != NULL; /* an atomic file's temporary */
}

/* Nonzero when the folder open at fd has a provenance.json of this format. */
static int has_manifest(int fd)
{
    char head[256];
    int mfd = openat(fd, MANIFEST_NAME, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (mfd < 0) return 0;
    ssize_t k = read(mfd, head, sizeof head - 1);
    close(mfd);
    if (k <= 0) return 0;
    head[k] = '\0';
    return strstr(head, "\"format\": \"" MANIFEST_FORMAT "\"") != NULL;
}

/* Returns 0 when the existing folder dir may be replaced by a new set, else SIM_EINVAL or
 * SIM_EIO with msg. */
static int replaceable(const char *shown, const char *dir, char *msg, size_t n)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        say(msg, n, "cannot read %s: %s", shown, strerror(errno));
        if (fd >= 0) close(fd);
        return SIM_EIO;
    }
    int rc = 0, foreign = 0;
    char first[NAME_MAX + 1] = "";
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        struct stat st;
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        if (fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue; /* just gone */
        if (!S_ISREG(st.st_mode)) {
            say(msg, n, "--out %s: the folder holds '%s', %s; an output folder holds only "
                "regular files (give a new or empty folder)", shown, e->d_name,
                kind_of(st.st_mode));
            rc = SIM_EINVAL;
        } else if (!legacy_name(e->d_name) && !foreign++) {
            snprintf(first, sizeof first, "%s", e->d_name);
        }
    }
    if (rc == 0 && foreign && !has_manifest(fd)) {
        say(msg, n, "--out %s: the folder is not empty and is not a frontier output folder "
            "(it holds '%s'); give a new or empty folder", shown, first);
        rc = SIM_EINVAL;
    }
    closedir(d);
    return rc;
}

/* ===== resolving the target ============================================================== */

/* Creates the folders above path as needed. */
static int make_parents(const char *parent, const char *shown, char *msg, size_t n)
{
    char buf[PATH_MAX];
    size_t len = strlen(parent);
    if (len >= sizeof buf) {
        say(msg, n, "cannot write %s: %s", shown, strerror(ENAMETOOLONG));
        return SIM_EIO;
    }
    memcpy(buf, parent, len + 1);
    for (char *p = buf + 1;; p++) {
        if (*p != '/' && *p != '\0') continue;
        char c = *p;
        *p = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST) {
            say(msg, n, "cannot write %s: cannot create %s: %s", shown, buf, strerror(errno));
            return SIM_EIO;
        }
        *p = c;
        if (c == '\0') break;
    }
    return 0;
}

/* Splits path (no trailing slash) into its folder and last component. */
static void split_path(const char *path, char *parent, size_t np, char *base, size_t nb)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        snprintf(parent, np, ".");
        snprintf(base, nb, "%s", path);
    } else {
        snprintf(parent, np, "%.*s", slash == path ? 1 : (int)(slash - path), path);
        snprintf(base, nb, "%s", slash + 1);
    }
}

/* Resolves an existing target (following a symbolic link to a folder) into its real path;
 * refuses what cannot be an output folder. */
static int check_existing(const char *shown, const char *path, char *real, char *msg,
                          size_t n)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        say(msg, n, "cannot write %s: %s", shown, strerror(errno));
        return SIM_EIO;
    }
    if (!S_ISDIR(st.st_mode)) {
        say(msg, n, "--out %s: is %s, not a folder", shown, kind_of(st.st_mode));
        return SIM_EINVAL;
    }
    if (!realpath(path, real)) {
        say(msg, n, "cannot write %s: %s", shown, strerror(errno));
        return SIM_EIO;
    }
    const char *fs = special_fs(real);
    if (fs) {
        say(msg, n, "--out %s: is a folder of %s, not a place for output files", shown, fs);
        return SIM_EINVAL;
    }
    if (strcmp(real, "/") == 0) {
        say(msg, n, "--out %s: the root folder cannot be an output folder", shown);
        return SIM_EINVAL;
    }
    return replaceable(shown, real, msg, n);
}

/* Fills o->parent and o->base with the resolved target. */
static int resolve(outset *o, const char *path, char *msg, size_t n)
{
    char real[PATH_MAX], parent[PATH_MAX], base[NAME_MAX + 1];
    struct stat st;
    int rc = 0;
    if (lstat(path, &st) == 0) {
        if ((rc = check_existing(o->shown, path, real, msg, n)) != 0) return rc;
        split_path(real, parent, sizeof parent, base, sizeof base);
    } else if (errno == ENOENT) {
        split_path(path, parent, sizeof parent, base, sizeof base);
        if (!strcmp(base, ".") || !strcmp(base, "..") || !base[0]) {
            say(msg, n, "--out %s: expected a folder name", o->shown);
            return SIM_EINVAL;
        }
        if ((rc = make_parents(parent, o->shown, msg, n)) != 0) return rc;
        if (!realpath(parent, real)) {
            say(msg, n, "cannot write %s: %s", o->shown, strerror(errno));
            return SIM_EIO;
        }
        snprintf(parent, sizeof parent, "%s", real);
    } else {
        say(msg, n, "cannot write %s: %s", o->shown, strerror(errno));
        return SIM_EIO;
    }
    const char *fs = special_fs(parent);
    if (fs) {
        say(msg, n, "--out %s: is inside a folder of %s, not a place for output files",
            o->shown, fs);
        return SIM_EINVAL;
    }
    if (strlen(base) + strlen(TMP_TAG) + 8 > NAME_MAX) {
        say(msg, n, "cannot write %s: %s", o->shown, strerror(ENAMETOOLONG));
        return SIM_EIO;
    }
    snprintf(o->base, sizeof o->base, "%s", base);
    o->parent = sim_strdup(parent);
    return o->parent ? 0 : SIM_ENOMEM;
}

/* ===== temporaries ======================================================================= */

/* Removes the temporaries of earlier writers of this target that are no longer running
 * (their folder's lock is free). */
static void clean_stale(outset *o)
{
    char prefix[NAME_MAX + 2];
    snprintf(prefix, sizeof prefix, ".%s.frontier-", o->base);
    size_t np = strlen(prefix);
    int dfd = dup(o->parent_fd);
    DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
    if (!d) {
        if (dfd >= 0) close(dfd);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        const char *rest = e->d_name + np;
        if (strncmp(e->d_name, prefix, np) != 0 ||
            (strncmp(rest, "tmp.", 4) != 0 && strncmp(rest, "old.", 4) != 0))
            continue;
        int fd = openat(o->parent_fd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
                        O_CLOEXEC);
        if (fd < 0) continue;
        if (flock(fd, LOCK_EX | LOCK_NB) == 0) remove_folder(NULL, o->parent_fd, e->d_name);
        close(fd);
    }
    closedir(d);
}

static int make_temp(outset *o, char *msg, size_t n)
{
    char path[PATH_MAX];
    int len = snprintf(path, sizeof path, "%s/.%s" TMP_TAG "XXXXXX", o->parent, o->base);
    if (len >= (int)sizeof path || !mkdtemp(path)) {
        say(msg, n, "cannot write %s: %s", o->shown,
            strerror(len >= (int)sizeof path ? ENAMETOOLONG : errno));
        return SIM_EIO;
    }
    snprintf(o->tmp, sizeof o->tmp, "%s", strrchr(path, '/') + 1);
    o->tmp_fd = openat(o->parent_fd, o->tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (o->tmp_fd < 0 || flock(o->tmp_fd, LOCK_EX) != 0) {
        say(msg, n, "cannot write %s: %s", o->shown, strerror(errno));
        return SIM_EIO;
    }
    fchmod(o->tmp_fd, 0755);
    return 0;
}

/* ===== begin ============================================================================= */

int outset_begin(const char *dir, outset **out, char *msg, size_t msg_len)
{
    *out = NULL;
    say(msg, msg_len, "out of memory");
    outset *o = sim_calloc(1, sizeof *o);
    if (!o) return SIM_ENOMEM;
    o->parent_fd = o->tmp_fd = -1;
    o->shown = sim_strdup(dir);
    if (!o->shown) {
        outset_destroy(o);
        return SIM_ENOMEM;
    }
    char path[PATH_MAX];
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/') len--;
    int rc = len == 0 || len >= sizeof path ? SIM_EINVAL : 0;
    if (rc) say(msg, msg_len, "--out '%s': expected a folder name", dir);
    if (!rc) {
        memcpy(path, dir, len);
        path[len] = '\0';
        rc = resolve(o, path, msg, msg_len);
    }
    if (!rc) {
        o->parent_fd = open(o->parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (o->parent_fd < 0) {
            say(msg, msg_len, "cannot write %s: %s", dir, strerror(errno));
            rc = SIM_EIO;
        }
    }
    if (!rc) {
        clean_stale(o);
        rc = make_temp(o, msg, msg_len);
    }
    const char *pause = getenv("FRONTIER_OUTSET_PAUSE_MS");
    o->pause_ms = pause ? atol(pause) : 0;
    if (rc) {
        int saved = errno;
        outset_destroy(o);
        errno = saved;
        return rc;
    }
    *out = o;
    return 0;
}

void outset_set_stop(outset *o, volatile const int *stop) { o->stop = stop; }

const char *outset_dir(const outset *o) { return o->shown; }

const char *outset_error(const outset *o)
{
    return o->error[0] ? o->error : "cannot write the outputs";
}

static void fail_file(outset *o, const char *name, int err)
{
    snprintf(o->error, sizeof o->error, "cannot write %s/%s: %s", o->shown, name,
             strerror(err));
}

/* ===== files ============================================================================= */

FILE *outset_open(outset *o, const char *name)
{
    int slot = 0;
    while (slot < OPEN_MAX_STREAMS && o->open[slot].f) slot++;
    if (!plain_name(name) || strcmp(name, MANIFEST_NAME) == 0 || slot == OPEN_MAX_STREAMS) {
        fail_file(o, name, EINVAL);
        errno = EINVAL;
        return NULL;
    }
    if (stopped(o)) {
        snprintf(o->error, sizeof o->error, "interrupted while writing %s", o->shown);
        errno = EINTR;
        return NULL;
    }
    int fd = openat(o->tmp_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                    0644);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        int saved = errno;
        if (fd >= 0) close(fd);
        fail_file(o, name, saved);
        errno = saved;
        return NULL;
    }
    o->open[slot].f = f;
    snprintf(o->open[slot].name, sizeof o->open[slot].name, "%s", name);
    return f;
}

int outset_close(outset *o, FILE *f)
{
    int slot = 0;
    while (slot < OPEN_MAX_STREAMS && o->open[slot].f != f) slot++;
    if (slot == OPEN_MAX_STREAMS) return SIM_EINVAL;
    int bad = ferror(f) || fflush(f) != 0 || fsync(fileno(f)) != 0;
    int saved = bad ? (errno ? errno : EIO) : 0;
    if (fclose(f) != 0 && !bad) { bad = 1; saved = errno; }
    o->open[slot].f = NULL;
    if (bad) {
        fail_file(o, o->open[slot].name, saved);
        errno = saved;
        return SIM_EIO;
    }
    pause_step(o);
    return 0;
}

int outset_write(outset *o, const char *name, outset_writer fn, void *ctx)
{
    FILE *f = outset_open(o, name);
    if (!f) return errno == EINTR ? SIM_EINTR : SIM_EIO;
    int rc = fn(ctx, f);
    int closed = outset_close(o, f);
    if (rc != 0) {
        fail_file(o, name, rc == SIM_ENOMEM ? ENOMEM : errno ? errno : EIO);
        return rc;
    }
    return closed;
}

int outset_path(const outset *o, const char *name, char *buf, size_t n)
{
    if (!plain_name(name) || strcmp(name, MANIFEST_NAME) == 0) return SIM_EINVAL;
    int len = snprintf(buf, n, "%s/%s/%s", o->parent, o->tmp, name);
    return len < 0 || (size_t)len >= n ? SIM_EINVAL : 0;
}

/* ===== commit ============================================================================ */

/* Puts the temporary folder in place of the target. Where the file system cannot exchange
 * two names (NFS), moves the previous set aside first. *old gets the name the previous set
 * is left at ("" when there was none). */
static int swap_in(outset *o, char *old, size_t n)
{
    old[0] = '\0';
    if (renameat2(o->parent_fd, o->tmp, o->parent_fd, o->base, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno == EINVAL && renameat(o->parent_fd, o->tmp, o->parent_fd, o->base) == 0)
        return 0; /* no RENAME_NOREPLACE here: a plain rename onto an absent or empty name */
    if (errno != EEXIST && errno != ENOTEMPTY) return SIM_EIO;
    if (renameat2(o->parent_fd, o->tmp, o->parent_fd, o->base, RENAME_EXCHANGE) == 0) {
        snprintf(old, n, "%s", o->tmp);
        return 0;
    }
    if (errno != EINVAL && errno != ENOSYS) return SIM_EIO;
    snprintf(old, n, ".%s" OLD_TAG "%s", o->base, o->tmp + strlen(o->tmp) - 6);
    if (renameat(o->parent_fd, o->base, o->parent_fd, old) != 0) return SIM_EIO;
    pause_step(o);
    if (renameat(o->parent_fd, o->tmp, o->parent_fd, o->base) != 0) {
        int saved = errno;
        renameat(o->parent_fd, old, o->parent_fd, o->base); /* put the previous set back */
        errno = saved;
        return SIM_EIO;
    }
    return 0;
}

/* The target must still be replaceable: something else may have appeared there during the
 * long work. */
static int still_replaceable(outset *o)
{
    char path[PATH_MAX], msg[sizeof o->error];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", o->parent, o->base);
    if (fstatat(o->parent_fd, o->base, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return errno == ENOENT ? 0 : SIM_EIO;
    int rc = S_ISDIR(st.st_mode) ? replaceable(o->shown, path, msg, sizeof msg) : SIM_EINVAL;
    if (rc == SIM_EINVAL && !S_ISDIR(st.st_mode))
        snprintf(msg, sizeof msg, "--out %s: became %s while the command ran", o->shown,
                 kind_of(st.st_mode));
    if (rc) snprintf(o->error, sizeof o->error, "%s; nothing was written", msg);
    return rc;
}

int outset_commit(outset *o, const prov *p)
{
    for (int i = 0; i < OPEN_MAX_STREAMS; i++)
        if (o->open[i].f) return SIM_EINVAL;
    char failed[NAME_MAX + 1] = "", old[NAME_MAX + 1];
    int rc = stopped(o) ? SIM_EINTR : manifest_write(o->tmp_fd, p, failed, sizeof failed);
    if (rc == SIM_EIO || rc == SIM_ENOMEM) fail_file(o, failed, rc == SIM_ENOMEM ? ENOMEM : errno);
    if (rc == 0) pause_step(o);
    if (rc == 0 && fsync(o->tmp_fd) != 0) {
        fail_file(o, ".", errno);
        rc = SIM_EIO;
    }
    if (rc == 0 && stopped(o)) rc = SIM_EINTR;
    if (rc == SIM_EINTR)
        snprintf(o->error, sizeof o->error, "interrupted while writing %s", o->shown);
    if (rc == 0) rc = still_replaceable(o);
    if (rc == 0 && (rc = swap_in(o, old, sizeof old)) != 0)
        snprintf(o->error, sizeof o->error, "cannot put the outputs in place at %s: %s",
                 o->shown, strerror(errno));
    if (rc) return rc;
    o->committed = 1;
    fsync(o->parent_fd);
    pause_step(o);
    if (old[0]) remove_folder(o, o->parent_fd, old);
    return 0;
}

int outset_check_file(const char *path, char *msg, size_t msg_len)
{
    struct stat st;
    char parent[PATH_MAX], base[NAME_MAX + 1], real[PATH_MAX];
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        say(msg, msg_len, "%s: is %s, not a regular file", path, kind_of(st.st_mode));
        return SIM_EINVAL;
    }
    split_path(path, parent, sizeof parent, base, sizeof base);
    const char *fs = realpath(parent, real) ? special_fs(real) : NULL;
    if (fs) {
        say(msg, msg_len, "%s: is inside a folder of %s, not a place for output files", path,
            fs);
        return SIM_EINVAL;
    }
    return 0;
}

void outset_destroy(outset *o)
{
    if (!o) return;
    for (int i = 0; i < OPEN_MAX_STREAMS; i++)
        if (o->open[i].f) fclose(o->open[i].f);
    if (!o->committed && o->tmp[0] && o->parent_fd >= 0)
        remove_folder(NULL, o->parent_fd, o->tmp);
    if (o->tmp_fd >= 0) close(o->tmp_fd);
    if (o->parent_fd >= 0) close(o->parent_fd);
    sim_free(o->shown);
    sim_free(o->parent);
    sim_free(o);
}
