/* cmd_ensemble.c - `frontier ensemble` (under construction). */
#include "cmd.h"
#include <stdio.h>

int cmd_ensemble(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "frontier ensemble: not built yet\n");
    return 1;
}
