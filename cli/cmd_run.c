/* cmd_run.c - `frontier run` (under construction). */
#include "cmd.h"
#include <stdio.h>

int cmd_run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "frontier run: not built yet\n");
    return 1;
}
