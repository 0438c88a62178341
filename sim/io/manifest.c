/* manifest.c - provenance.json: writing it over a folder's files and checking a folder
 * against it. */
#include "io/manifest.h"
#include "base/alloc.h"
#include "base/err.h"
#include "io/sha256.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MANIFEST_MAX_BYTES (64L << 20) /* far above any real manifest: a bound for readers */

typedef struct entry {
    char name[NAME_MAX + 1];
    long long bytes;
    char sha256[SHA256_HEX_LEN];
} entry;

typedef struct listing {
    entry *v;
    int n, cap;
} listing;

static int by_name(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->name, ((const entry *)b)->name);
}

/* The regular files of the folder at fd but the manifest, sorted by name. A file that is not
 * regular fails with SIM_EIO (errno EINVAL) and its name in bad. */
static int list_files(int fd, listing *l, char *bad, size_t bad_len)
{
    int dfd = dup(fd);
    DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
    if (!d) {
        if (dfd >= 0) close(dfd);
        return SIM_EIO;
    }
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        struct stat st;
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
            !strcmp(e->d_name, MANIFEST_NAME))
            continue;
        if (fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) {
            if (bad) snprintf(bad, bad_len, "%s", e->d_name);
            errno = S_ISREG(st.st_mode) ? errno : EINVAL;
            rc = SIM_EIO;
        } else if ((rc = sim_grow(&l->v, &l->cap, l->n, sizeof *l->v, 16)) == 0) {
            snprintf(l->v[l->n].name, sizeof l->v[l->n].name, "%s", e->d_name);
            l->v[l->n++].bytes = (long long)st.st_size;
        }
    }
    closedir(d);
    if (rc == 0 && l->n > 1) qsort(l->v, (size_t)l->n, sizeof *l->v, by_name);
    return rc;
}

static int hash_files(int fd, listing *l, int sync, char *bad, size_t bad_len)
{
    for (int i = 0; i < l->n; i++) {
        int f = openat(fd, l->v[i].name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        int rc = f >= 0 ? sha256_fd(f, l->v[i].sha256, &l->v[i].bytes) : SIM_EIO;
        /* Files written by others (plots, gzip) reach the disk before the manifest names
         * them: a power cut cannot leave a named file short. */
        if (rc == 0 && sync && fsync(f) != 0) rc = SIM_EIO;
        int saved = errno;
        if (f >= 0) close(f);
        if (rc != 0) {
            if (bad) snprintf(bad, bad_len, "%s", l->v[i].name);
            errno = saved;
            return rc;
        }
    }
    return 0;
}

static void write_body(FILE *f, const prov *p, const listing *l)
{
    fputs("{\n  \"format\": \"" MANIFEST_FORMAT "\",\n  \"provenance\": ", f);
    prov_write_json(p, f, 2);
    fputs(",\n  \"files\": [\n", f);
    for (int i = 0; i < l->n; i++)
        fprintf(f, "    {\"name\": \"%s\", \"bytes\": %lld, \"sha256\": \"%s\"}%s\n",
                l->v[i].name, l->v[i].bytes, l->v[i].sha256, i + 1 < l->n ? "," : "");
    fputs("  ]\n}\n", f);
}

int manifest_write(int dir_fd, const prov *p, char *failed, size_t failed_len)
{
    listing l = {0};
    int rc = list_files(dir_fd, &l, failed, failed_len);
    if (rc == 0) rc = hash_files(dir_fd, &l, 1, failed, failed_len);
    if (rc == 0) {
        if (failed) snprintf(failed, failed_len, "%s", MANIFEST_NAME);
        int fd = openat(dir_fd, MANIFEST_NAME, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
                        O_CLOEXEC, 0644);
        FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
        if (!f) {
            int saved = errno;
            if (fd >= 0) close(fd);
            errno = saved;
            rc = SIM_EIO;
        } else {
            write_body(f, p, &l);
            int bad = ferror(f) || fflush(f) != 0 || fsync(fileno(f)) != 0;
            int saved = errno;
            if (fclose(f) != 0 && !bad) { bad = 1; saved = errno; }
            errno = saved;
            rc = bad ? SIM_EIO : 0;
        }
    }
    sim_free(l.v);
    return rc;
}

/* ===== verifying ========================================================================= */

/* Reads the whole manifest of the folder at fd (NUL-terminated) into *out. */
static int read_manifest(int fd, char **out)
{
    int m = openat(fd, MANIFEST_NAME, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (m < 0 || fstat(m, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > MANIFEST_MAX_BYTES) {
        if (m >= 0) close(m);
        return SIM_EPARSE;
    }
    char *buf = sim_malloc((size_t)st.st_size + 1);
    ssize_t k = buf ? pread(m, buf, (size_t)st.st_size, 0) : -1;
    close(m);
    if (k != (ssize_t)st.st_size) {
        sim_free(buf);
        return buf ? SIM_EIO : SIM_ENOMEM;
    }
    buf[k] = '\0';
    *out = buf;
    return 0;
}

/* The file entries of a manifest's text. */
static int parse_entries(const char *text, listing *l)
{
    if (!strstr(text, "\"format\": \"" MANIFEST_FORMAT "\"")) return SIM_EPARSE;
    const char *p = strstr(text, "\n  \"files\": [\n");
    if (!p) return SIM_EPARSE;
    for (p = strchr(p + 1, '\n') + 1; strncmp(p, "    {\"name\": ", 13) == 0;) {
        entry e;
        int used = 0;
        if (sscanf(p, "    {\"name\": \"%255[A-Za-z0-9._-]\", \"bytes\": %lld, \"sha256\": "
                   "\"%64[0-9a-f]\"}%n", e.name, &e.bytes, e.sha256, &used) != 3 || !used ||
            strlen(e.sha256) != 64)
            return SIM_EPARSE;
        int rc = sim_grow(&l->v, &l->cap, l->n, sizeof *l->v, 16);
        if (rc) return rc;
        l->v[l->n++] = e;
        p += used;
        if (*p == ',') p++;
        if (*p++ != '\n') return SIM_EPARSE;
    }
    return strncmp(p, "  ]\n}\n", 6) == 0 ? 0 : SIM_EPARSE;
}

static int compare(const listing *want, const listing *have, const char *dir, char *msg,
                   size_t n)
{
    for (int i = 0, j = 0; i < want->n || j < have->n;) {
        int c = i == want->n ? 1 : j == have->n ? -1 : strcmp(want->v[i].name, have->v[j].name);
        if (c < 0) {
            snprintf(msg, n, "%s: %s is named in %s but missing", dir, want->v[i].name,
                     MANIFEST_NAME);
            return SIM_EIO;
        }
        if (c > 0) {
            snprintf(msg, n, "%s: %s is not named in %s", dir, have->v[j].name, MANIFEST_NAME);
            return SIM_EIO;
        }
        if (want->v[i].bytes != have->v[j].bytes ||
            strcmp(want->v[i].sha256, have->v[j].sha256) != 0) {
            snprintf(msg, n, "%s: %s differs from its size or SHA-256 in %s", dir,
                     want->v[i].name, MANIFEST_NAME);
            return SIM_EIO;
        }
        i++, j++;
    }
    return 0;
}

int manifest_verify(const char *dir, char *msg, size_t msg_len)
{
    listing want = {0}, have = {0};
    char *text = NULL, bad[NAME_MAX + 1] = "";
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int rc = fd < 0 ? SIM_EIO : read_manifest(fd, &text);
    if (fd < 0) snprintf(msg, msg_len, "%s: %s", dir, strerror(errno));
    else if (rc) snprintf(msg, msg_len, "%s: no readable %s", dir, MANIFEST_NAME);
    if (!rc && (rc = parse_entries(text, &want)) != 0)
        snprintf(msg, msg_len, "%s: %s is not a manifest of this format", dir, MANIFEST_NAME);
    if (!rc && ((rc = list_files(fd, &have, bad, sizeof bad)) != 0 ||
                (rc = hash_files(fd, &have, 0, bad, sizeof bad)) != 0))
        snprintf(msg, msg_len, "%s: cannot read %s: %s", dir, bad, strerror(errno));
    if (!rc) rc = compare(&want, &have, dir, msg, msg_len);
    if (fd >= 0) close(fd);
    sim_free(text);
    sim_free(want.v);
    sim_free(have.v);
    return rc;
}
