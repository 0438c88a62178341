/* interrupt.h - SIGINT/SIGTERM/SIGHUP become a flag that long work polls, so a run, ensemble or
 * sweep can stop cleanly, write what finished (marked partial) and exit 130. */
#ifndef FRONTIER_INTERRUPT_H
#define FRONTIER_INTERRUPT_H

/* Installs the handlers (idempotent). */
void interrupt_install(void);
/* Nonzero once SIGINT, SIGTERM or SIGHUP has arrived. */
int interrupt_requested(void);
/* Forgets the signals so far: called when the work they stopped has been wound up and the
 * outputs are about to be written, so that a new signal can stop the writing (the output set
 * is then dropped and the previous one kept: outset.h). */
void interrupt_clear(void);
/* Address of the flag, for sim/ code that takes a `volatile const int *stop`. */
volatile const int *interrupt_flag(void);

#endif
