/* interrupt.c - SIGINT/SIGTERM/SIGHUP to a polled flag. A signal handler can only reach a
 * file-scope object, so this flag is the binary's one piece of global state. */
#include "interrupt.h"
#include <signal.h>
#include <string.h>

static volatile sig_atomic_t flag;

static void on_signal(int sig)
{
    (void)sig;
    flag = 1;
}

void interrupt_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);   /* the terminal went away: stop as for Ctrl-C */
}

int interrupt_requested(void) { return flag != 0; }

void interrupt_clear(void) { flag = 0; }

volatile const int *interrupt_flag(void) { return (volatile const int *)&flag; }
