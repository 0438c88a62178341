/* outdir.h - a command's output folder: the output set (io/outset.h) opened before the work,
 * with the command's provenance (io/prov.h), committed after it, with the messages and exit
 * statuses every command gives. */
#ifndef FRONTIER_OUTDIR_H
#define FRONTIER_OUTDIR_H
#include "io/outset.h"
#include "io/prov.h"
#include "opt.h"
#include "scenario/scenario.h"

/* Opens the output set for dir. Returns 0, or the exit status after a message "frontier CMD:
 * ...": 2 when dir cannot be an output folder (a device, a FIFO, a folder of other files...),
 * 1 when it cannot be created. */
int outdir_begin(const char *cmd, const char *dir, outset **o);

/* Fills p for a command line rec on scenario s (loaded from path, with the --set list sets
 * and the --vary list vary; any may be NULL) run with seed. Everything is borrowed. */
void outdir_prov(prov *p, const opt_record *rec, const char *path, const scenario *s,
                 const opt_list *sets, const opt_list *vary, uint64_t seed);

/* Starts the write phase: forgets earlier interrupts (what they stopped is already marked
 * partial) and lets a new one stop the writing. */
void outdir_writing(outset *o);

/* Commits the set. Returns 0, or after a message 130 (interrupted while writing: nothing
 * written, the previous outputs kept) or 1. */
int outdir_commit(const char *cmd, outset *o, const prov *p);

/* The message and status for a failed write (rc from outset_write): 130 for SIM_EINTR,
 * else 1. */
int outdir_failed(const char *cmd, outset *o, int rc);

#endif
