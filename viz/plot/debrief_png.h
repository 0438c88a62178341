/* debrief_png.h - the debrief's PNG charts of one run: the threat score against the
 * effective strike threshold (strikes marked), and attacks per week.
 *
 * Drawn with fig.h (cairo, no display needed) and written atomically, like every figure. */
#ifndef FRONTIER_DEBRIEF_PNG_H
#define FRONTIER_DEBRIEF_PNG_H
#include "model/model.h"
#include "story/debrief.h"
#include <stddef.h>

/* Writes DIR/STEM-threat.png and DIR/STEM-attacks.png for model m (which kept its events
 * and series). Each chart written is added to out[*n] (file name relative to dir, and a
 * title); out must have room for DEBRIEF_CHARTS_MAX entries. Returns 0, SIM_EINVAL,
 * SIM_ENOMEM, or SIM_EIO when the font or a file failed, with a sentence in err; on error
 * *n still counts the charts that were written. */
int debrief_png_write(const model *m, const char *dir, const char *stem, debrief_chart *out,
                      int *n, char *err, size_t err_len);

#endif
