/* recorder.c - PNG frame folders and ffmpeg-piped MP4 recordings of the view. */
#define _GNU_SOURCE /* fcntl's F_SETPIPE_SZ */
#include "record/recorder.h"
#include "base/alloc.h"
#include "base/err.h"
#include "io/afile.h"
#include <SDL_image.h>
#include <fcntl.h>
#include <libyuv/convert_from_argb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct recorder {
    char dir[1024];
    FILE *pipe;            /* ffmpeg's stdin, or NULL for a PNG folder */
    int w, h, n;
    int vw, vh;            /* the video's size: w and h rounded down to even numbers */
    Uint8 *yuv;            /* one yuv420p frame (vw*vh luma, two quarter chroma planes) */
};

int recorder_have_ffmpeg(void)
{
    const char *path = getenv("PATH");
    char buf[1024];
    while (path && *path) {
        size_t k = strcspn(path, ":");
        snprintf(buf, sizeof buf, "%.*s/ffmpeg", (int)k, path);
        if (k && access(buf, X_OK) == 0) return 1;
        path += k + (path[k] == ':');
    }
    return 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* ffmpeg reads raw yuv420p frames from stdin, converted here by libyuv (a quarter of
 * swscale's CPU for this conversion, and 2.7 times fewer bytes through the pipe than BGRA);
 * x264's "ultrafast" preset: about half the CPU of "veryfast" and a third of "medium" (the
 * default) for a file about 2.7 times larger, which a map that changes little from frame to
 * frame affords (docs/performance.md). */
static FILE *open_ffmpeg(const char *path, int w, int h, int fps)
{
    char cmd[1400];
    for (const char *p = path; *p; p++)
        if (*p == '\'') return NULL;   /* keep the shell command unambiguous */
    snprintf(cmd, sizeof cmd, "ffmpeg -loglevel error -y -f rawvideo -pixel_format yuv420p "
             "-video_size %dx%d -framerate %d -i - -c:v libx264 -preset ultrafast "
             "-pix_fmt yuv420p '%s'", w, h, fps, path);
    FILE *f = popen(cmd, "w");
    if (!f) return NULL;
    /* Whole frames go straight to write(2) (no 4 KiB stdio copies), into a pipe of 1 MiB
     * where Linux allows it: 64 KiB pipes cost a switch between the two processes every
     * 64 KiB, which was most of the recording's system time. */
    setvbuf(f, NULL, _IONBF, 0);
#ifdef F_SETPIPE_SZ
    (void)fcntl(fileno(f), F_SETPIPE_SZ, 1 << 20); /* a hint: a smaller pipe still works */
#endif
    return f;
}

/* The video's folder must exist and be writable before ffmpeg starts: ffmpeg failing
 * later would close the pipe under the first frame. */
static int folder_ok(const char *path, char *err, size_t errlen)
{
    const char *slash = strrchr(path, '/');
    char dir[1024];
    struct stat st;
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) + (slash == path) : 1,
             slash ? path : ".");
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return snprintf(err, errlen, "--record %s: the folder '%s' does not exist", path, dir), 0;
    if (access(dir, W_OK | X_OK) != 0)
        return snprintf(err, errlen, "--record %s: cannot write in the folder '%s'", path, dir), 0;
    return 1;
}

recorder *recorder_open(const char *path, int w, int h, int fps, char *err, size_t errlen)
{
    int mp4 = ends_with(path, ".mp4");
    if (mp4 && !folder_ok(path, err, errlen)) return NULL;
    if (mp4 && !recorder_have_ffmpeg()) {
        snprintf(err, errlen, "--record %s: ffmpeg is not installed (apt-get install ffmpeg), "
                 "or record PNG frames with --record DIR", path);
        return NULL;
    }
    recorder *rc = sim_calloc(1, sizeof *rc);
    if (!rc) return snprintf(err, errlen, "out of memory"), (recorder *)NULL;
    rc->w = w;
    rc->h = h;
    /* yuv420p shares one chroma sample between 2x2 pixels and x264 refuses odd sizes: a
     * window the window manager made odd loses its last column or row */
    rc->vw = w & ~1;
    rc->vh = h & ~1;
    snprintf(rc->dir, sizeof rc->dir, "%s", path);
    if (mp4 && !(rc->yuv = sim_malloc((size_t)rc->vw * (size_t)rc->vh * 3 / 2))) {
        sim_free(rc);
        return snprintf(err, errlen, "out of memory"), (recorder *)NULL;
    }
    if (mp4) rc->pipe = open_ffmpeg(path, rc->vw, rc->vh, fps);
    if (mp4 ? !rc->pipe : afile_mkdirs(path) != 0) {
        snprintf(err, errlen, "--record %s: cannot %s", path, mp4 ? "start ffmpeg" :
                 "create the folder");
        sim_free(rc->yuv);
        sim_free(rc);
        return NULL;
    }
    return rc;
}

/* One frame to yuv420p (BT.601, limited range: what ffmpeg's own conversion gave) and one
 * write of it. SDL's ARGB8888 is B, G, R, A in little-endian memory, libyuv's "ARGB" too. */
static int write_yuv(recorder *rc, const SDL_Surface *f)
{
    size_t ny = (size_t)rc->vw * (size_t)rc->vh, nc = ny / 4;
    Uint8 *y = rc->yuv, *u = y + ny, *v = u + nc;
    if (ARGBToI420(f->pixels, f->pitch, y, rc->vw, u, rc->vw / 2, v, rc->vw / 2, rc->vw,
                   rc->vh) != 0)
        return SIM_EINVAL;
    return fwrite(rc->yuv, ny + 2 * nc, 1, rc->pipe) == 1 ? 0 : SIM_EIO;
}

int recorder_frame(recorder *rc, SDL_Surface *f)
{
    if (f->w != rc->w || f->h != rc->h || f->format->format != SDL_PIXELFORMAT_ARGB8888)
        return SIM_EINVAL;
    rc->n++;
    if (rc->pipe) return write_yuv(rc, f);
    char path[1100];
    snprintf(path, sizeof path, "%s/frame-%06d.png", rc->dir, rc->n);
    return IMG_SavePNG(f, path) == 0 ? 0 : SIM_EIO;
}

int recorder_frames(const recorder *rc) { return rc->n; }

int recorder_close(recorder *rc)
{
    if (!rc) return 0;
    int st = rc->pipe ? pclose(rc->pipe) : 0;
    sim_free(rc->yuv);
    sim_free(rc);
    return st == 0 ? 0 : SIM_EIO;
}
