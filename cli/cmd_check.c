/* cmd_check.c - `frontier check` (under construction). */
#include "cmd.h"
#include <stdio.h>

int cmd_check(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "frontier check: not built yet\n");
    return 1;
}
