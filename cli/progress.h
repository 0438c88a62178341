/* progress.h - a progress bar on stderr for long work: done/total, rate and time left.
 *
 * Drawn only when the stream is a terminal (quiet otherwise, so logs and pipes stay clean),
 * redrawn at most ten times a second. A caller-owned value; nothing is allocated. */
#ifndef FRONTIER_PROGRESS_H
#define FRONTIER_PROGRESS_H
#include <stdio.h>

typedef struct progress {
    FILE *f;
    const char *label;   /* borrowed, e.g. "ensemble" */
    const char *unit;    /* borrowed, e.g. "runs" */
    long total;
    int enabled;
    double start, last;  /* monotonic seconds */
    int drawn;           /* a line is on screen */
} progress;

/* Prepares p for total units of work; enabled when f is a terminal. */
void progress_init(progress *p, FILE *f, const char *label, const char *unit, long total);
/* Shows done of total (rate-limited; the final call with done == total always draws). */
void progress_update(progress *p, long done);
/* Ends the line (when one was drawn). */
void progress_finish(progress *p);
/* Adapter for ens_progress_fn: ctx is a progress *. */
void progress_callback(void *ctx, long done);

#endif
