/* progress.c - a terminal progress bar with rate and time left. */
#include "progress.h"
#include <time.h>
#include <unistd.h>

#define PROGRESS_WIDTH 30

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void progress_init(progress *p, FILE *f, const char *label, const char *unit, long total)
{
    *p = (progress){.f = f, .label = label, .unit = unit, .total = total};
    p->enabled = f && isatty(fileno(f));
    p->start = p->last = now();
}

/* "1m05s" or "12s". */
static void format_duration(char *buf, size_t n, double s)
{
    long t = (long)(s + 0.5);
    if (t >= 3600) snprintf(buf, n, "%ldh%02ldm", t / 3600, t / 60 % 60);
    else if (t >= 60) snprintf(buf, n, "%ldm%02lds", t / 60, t % 60);
    else snprintf(buf, n, "%lds", t);
}

void progress_update(progress *p, long done)
{
    if (!p->enabled || p->total <= 0) return;
    double t = now();
    if (done < p->total && t - p->last < 0.1) return;
    p->last = t;
    double frac = (double)done / (double)p->total, el = t - p->start;
    double rate = el > 0 ? (double)done / el : 0;
    char bar[PROGRESS_WIDTH + 1], left[32] = "?";
    int full = (int)(frac * PROGRESS_WIDTH);
    for (int i = 0; i < PROGRESS_WIDTH; i++) bar[i] = i < full ? '#' : '.';
    bar[PROGRESS_WIDTH] = '\0';
    if (rate > 0) format_duration(left, sizeof left, (double)(p->total - done) / rate);
    fprintf(p->f, "\r%s [%s] %ld/%ld %s %3.0f%%  %.0f/s  %s left   ", p->label, bar, done,
            p->total, p->unit, 100 * frac, rate, left);
    fflush(p->f);
    p->drawn = 1;
}

void progress_finish(progress *p)
{
    if (p->enabled && p->drawn) fputc('\n', p->f);
    p->drawn = 0;
}

void progress_callback(void *ctx, long done) { progress_update(ctx, done); }
