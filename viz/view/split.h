/* split.h - the split-screen compare: two variants of a scenario run side by side with the
 * same seed, so a class sees the effect of one change.
 *
 * Each pane is a view (view.h) in its compact layout, drawn on its own surface and copied
 * into the split's window (or, headless, its surface). Over the panes a bar shows the shared
 * date, speed and state; each pane has a label (its name and the parameters in which the two
 * scenarios differ) and a strip of essentials: threat gauge with the effective threshold,
 * escalation ladder, strikes and attacks so far. Keys act on both panes (space, arrows,
 * +/-, R, N, layers, C, P, X, E, H); S saves the whole frame, F toggles full screen. */
#ifndef FRONTIER_SPLIT_H
#define FRONTIER_SPLIT_H
#include "view/view.h"

typedef struct split split;

/* Opens the split for scenarios a and b (maps ma, mb; all borrowed, must outlive it) with
 * o's size, mode, speed and seed (both panes use o->seed), in theme theme_id. Labels name the
 * panes (e.g. the file names; NULL: the scenario names). Returns NULL with a message in err. */
split *split_create(const scenario *a, const map *ma, const char *label_a, const scenario *b,
                    const map *mb, const char *label_b, const view_opts *o, int theme_id,
                    char *err, size_t errlen);
void split_destroy(split *sp); /* accepts NULL */

/* Pane 0 (a) or 1 (b). */
view *split_pane(split *sp, int i);
/* Moves both panes to day t / advances both by dt wall seconds (unless paused; when one
 * pane pauses on a decision, both do). Return 0 or a SIM_E* code. */
int split_goto(split *sp, double t);
int split_advance(split *sp, double dt);
int split_done(const split *sp);
void split_set_pause_on_decision(split *sp, int on);

/* Draws the frame (not presented). */
void split_draw(split *sp);
/* Handles one SDL event. Returns 1 when the user asked to quit. */
int split_handle(split *sp, const SDL_Event *e);
/* The frame as drawn (ARGB8888, caller frees), or NULL; as PNG (0 or SIM_EIO). */
SDL_Surface *split_read_frame(split *sp);
/* The frame as drawn, owned by sp until the next split_draw or split_destroy (view_frame). */
SDL_Surface *split_frame(split *sp);
int split_save_png(split *sp, const char *path);
void split_present(split *sp);
void split_size(const split *sp, int *w, int *h);
/* The screen rectangle of pane i's map (tests). */
SDL_Rect split_pane_rect(const split *sp, int i);

/* Writes into out "NAME VALUE" pairs (the parameter in words, narrate_param; separated by
 * ", ") of the parameters in which p differs from q, at most max of them, then "+N more"
 * when there are others. Returns the number of differing parameters. */
int split_differences(const scn_params *p, const scn_params *q, int max, char *out, size_t n);

#endif
