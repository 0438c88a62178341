/* bench_fit.c - `frontier bench fit` (under construction). */
#include "bench.h"
#include <stdio.h>

int bench_fit(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "frontier bench fit: not built yet\n");
    return 1;
}
