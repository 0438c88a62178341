/* cmd_view.c - `frontier view` (under construction). */
#include "cmd.h"
#include <stdio.h>

int cmd_view(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "frontier view: not built yet\n");
    return 1;
}
