/* cmd_forecast.c - `frontier forecast` (under construction). */
#include "cmd.h"
#include <stdio.h>

int cmd_forecast(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "frontier forecast: not built yet\n");
    return 1;
}
