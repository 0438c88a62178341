/* outdir.c - a command's output set and provenance. */
#include "outdir.h"
#include "base/err.h"
#include "cmd.h"
#include "interrupt.h"
#include <stdio.h>

int outdir_begin(const char *cmd, const char *dir, outset **o)
{
    char msg[1200];
    int rc = outset_begin(dir, o, msg, sizeof msg);
    if (rc == 0) return 0;
    fprintf(stderr, "frontier %s: %s\n", cmd, msg);
    return rc == SIM_EINVAL ? 2 : 1;
}

void outdir_prov(prov *p, const opt_record *rec, const char *path, const scenario *s,
                 const opt_list *sets, const opt_list *vary, uint64_t seed)
{
    *p = (prov){.version = FRONTIER_VERSION, .has_seed = 1, .seed = seed};
    if (rec) {
        p->command = rec->argv;
        p->argc = rec->argc;
    }
    if (s) {
        p->scenario = path;
        p->scenario_hash = scenario_hash(s);
    }
    if (sets) {
        p->sets = sets->items;
        p->n_sets = sets->n;
    }
    if (vary) {
        p->vary = vary->items;
        p->n_vary = vary->n;
    }
}

void outdir_writing(outset *o)
{
    interrupt_clear();
    outset_set_stop(o, interrupt_flag());
}

int outdir_failed(const char *cmd, outset *o, int rc)
{
    if (rc == SIM_EINTR) {
        fprintf(stderr, "frontier %s: interrupted while writing the outputs: nothing was "
                "written, the previous contents of %s are unchanged\n", cmd, outset_dir(o));
        return 130;
    }
    fprintf(stderr, "frontier %s: %s; nothing was written\n", cmd, outset_error(o));
    return 1;
}

int outdir_commit(const char *cmd, outset *o, const prov *p)
{
    int rc = outset_commit(o, p);
    return rc ? outdir_failed(cmd, o, rc) : 0;
}
