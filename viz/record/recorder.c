/* recorder.c - PNG frame folders and ffmpeg-piped MP4 recordings of the view. */
#define _GNU_SOURCE /* fcntl's F_SETPIPE_SZ */
#include "record/recorder.h"
#include "base/alloc.h"
#include "base/err.h"
#include "io/afile.h"
#include <SDL_image.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct recorder {
    char dir[1024];
    FILE *pipe;            /* ffmpeg's stdin, or NULL for a PNG folder */
    int w, h, n;
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

/* ffmpeg reads raw BGRA frames (ARGB8888 in little-endian memory) from stdin and converts
 * them to yuv420p itself (swscale); x264's "ultrafast" preset: about half the CPU of
 * "veryfast" and a third of "medium" (the default) for a file about 2.7 times larger, which a
 * map that changes little from frame to frame affords (docs/performance.md). */
static FILE *open_ffmpeg(const char *path, int w, int h, int fps)
{
    char cmd[1400];
    for (const char *p = path; *p; p++)
        if (*p == '\'') return NULL;   /* keep the shell command unambiguous */
    snprintf(cmd, sizeof cmd, "ffmpeg -loglevel error -y -f rawvideo -pixel_format bgra "
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
    snprintf(rc->dir, sizeof rc->dir, "%s", path);
    if (mp4) rc->pipe = open_ffmpeg(path, w, h, fps);
    if (mp4 ? !rc->pipe : afile_mkdirs(path) != 0) {
        snprintf(err, errlen, "--record %s: cannot %s", path, mp4 ? "start ffmpeg" :
                 "create the folder");
        sim_free(rc);
        return NULL;
    }
    return rc;
}

int recorder_frame(recorder *rc, SDL_Surface *f)
{
    if (f->w != rc->w || f->h != rc->h) return SIM_EINVAL;
    rc->n++;
    if (rc->pipe) {
        size_t row = (size_t)f->w * 4;
        if ((size_t)f->pitch == row) /* one write for the frame */
            return fwrite(f->pixels, row, (size_t)f->h, rc->pipe) == (size_t)f->h ? 0 : SIM_EIO;
        for (int y = 0; y < f->h; y++)
            if (fwrite((Uint8 *)f->pixels + y * f->pitch, 1, row, rc->pipe) != row)
                return SIM_EIO;
        return 0;
    }
    char path[1100];
    snprintf(path, sizeof path, "%s/frame-%06d.png", rc->dir, rc->n);
    return IMG_SavePNG(f, path) == 0 ? 0 : SIM_EIO;
}

int recorder_frames(const recorder *rc) { return rc->n; }

int recorder_close(recorder *rc)
{
    if (!rc) return 0;
    int st = rc->pipe ? pclose(rc->pipe) : 0;
    sim_free(rc);
    return st == 0 ? 0 : SIM_EIO;
}
