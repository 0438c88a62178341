/* bench_hawkes.c - `frontier bench hawkes` (under construction). */
#include "bench.h"
#include <stdio.h>

int bench_hawkes(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "frontier bench hawkes: not built yet\n");
    return 1;
}
