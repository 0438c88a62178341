/* sha256.c - SHA-256 through nettle. */
#include "io/sha256.h"
#include "base/err.h"
#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <unistd.h>

static void to_hex(const unsigned char *d, char out[SHA256_HEX_LEN])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
        out[2 * i] = digits[d[i] >> 4];
        out[2 * i + 1] = digits[d[i] & 15];
    }
    out[2 * SHA256_DIGEST_SIZE] = '\0';
}

void sha256_hex(const void *data, size_t n, char out[SHA256_HEX_LEN])
{
    struct sha256_ctx c;
    unsigned char d[SHA256_DIGEST_SIZE];
    sha256_init(&c);
    sha256_update(&c, n, data);
    sha256_digest(&c, sizeof d, d);
    to_hex(d, out);
}

int sha256_fd(int fd, char out[SHA256_HEX_LEN], long long *bytes)
{
    struct sha256_ctx c;
    unsigned char buf[65536], d[SHA256_DIGEST_SIZE];
    long long total = 0;
    out[0] = '\0';
    sha256_init(&c);
    for (;;) {
        ssize_t k = pread(fd, buf, sizeof buf, (off_t)total);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) return SIM_EIO;
        if (k == 0) break;
        sha256_update(&c, (size_t)k, buf);
        total += k;
    }
    sha256_digest(&c, sizeof d, d);
    to_hex(d, out);
    if (bytes) *bytes = total;
    return 0;
}

int sha256_file(const char *path, char out[SHA256_HEX_LEN], long long *bytes)
{
    out[0] = '\0';
    /* O_NONBLOCK: a FIFO given as a file must not hang the reader. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return SIM_EIO;
    int rc = sha256_fd(fd, out, bytes);
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
}
