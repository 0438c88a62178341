/* interrupt.h - SIGINT/SIGTERM become a flag that long work polls, so a run, ensemble or
 * sweep can stop cleanly, write what finished (marked partial) and exit 130. */
#ifndef FRONTIER_INTERRUPT_H
#define FRONTIER_INTERRUPT_H

/* Installs the handlers (idempotent). */
void interrupt_install(void);
/* Nonzero once SIGINT or SIGTERM has arrived. */
int interrupt_requested(void);
/* Address of the flag, for sim/ code that takes a `volatile const int *stop`. */
volatile const int *interrupt_flag(void);

#endif
