/* cmd_sweep.c - `frontier sweep` (under construction). */
#include "cmd.h"
#include <stdio.h>

int cmd_sweep(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "frontier sweep: not built yet\n");
    return 1;
}
