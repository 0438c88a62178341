/* bench_ensemble.c - `frontier bench ensemble` (under construction). */
#include "bench.h"
#include <stdio.h>

int bench_ensemble(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "frontier bench ensemble: not built yet\n");
    return 1;
}
