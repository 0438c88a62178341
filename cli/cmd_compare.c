/* cmd_compare.c - `frontier compare` (under construction). */
#include "cmd.h"
#include <stdio.h>

int cmd_compare(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "frontier compare: not built yet\n");
    return 1;
}
