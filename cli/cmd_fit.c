/* cmd_fit.c - `frontier fit` (under construction). */
#include "cmd.h"
#include <stdio.h>

int cmd_fit(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "frontier fit: not built yet\n");
    return 1;
}
