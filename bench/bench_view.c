/* bench_view.c - `frontier bench view` (under construction). */
#include "bench.h"
#include <stdio.h>

int bench_view(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "frontier bench view: not built yet\n");
    return 1;
}
