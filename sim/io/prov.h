/* prov.h - provenance: what produced an output, written as one JSON object into every JSON
 * output and into the provenance.json of every output folder (docs/outputs.md).
 *
 * The object holds no timestamp and no machine path beyond what the user typed, so the same
 * command on the same scenario and seed writes the same bytes. Its members, in this order:
 *
 *   "program": "frontier", "version", "output_format" (PROV_OUTPUT_FORMAT, raised whenever a
 *   file or column changes meaning), "command" (the canonical command line, an array of
 *   strings: see cli/opt.h), "scenario" (the path as given, or null), "scenario_hash" (16 hex
 *   digits of scenario_hash(), or null), "scenario_b" and "scenario_b_hash" (compare only),
 *   "overrides" {"set": [...], "vary": [...]}, "seed" (a number, or null), "data" {"path",
 *   "sha256"} (the incidents file read by fit and forecast, or null), "posterior" {"path",
 *   "sha256"} (the posterior sample a command drew parameters from, or null).
 *
 * Everything is borrowed: the strings must outlive the prov. */
#ifndef FRONTIER_PROV_H
#define FRONTIER_PROV_H
#include "io/sha256.h"
#include <stdint.h>
#include <stdio.h>

#define PROV_OUTPUT_FORMAT 2 /* 1: the outputs before provenance existed */

typedef struct prov_input {
    const char *path;              /* NULL: not used */
    char sha256[SHA256_HEX_LEN];
} prov_input;

typedef struct prov {
    const char *version;
    const char *const *command;    /* argc strings */
    int argc;
    const char *scenario;          /* NULL: none */
    uint64_t scenario_hash;
    const char *scenario_b;        /* compare's B, else NULL */
    uint64_t scenario_b_hash;
    const char *const *sets;       /* the --set list */
    int n_sets;
    const char *const *vary;       /* the --vary list */
    int n_vary;
    int has_seed;
    uint64_t seed;
    prov_input data, posterior;
} prov;

/* Sets in->path to path and in->sha256 to the file's digest. Returns 0 or SIM_EIO (errno
 * set). */
int prov_input_set(prov_input *in, const char *path);

/* Writes the object ({ ... }, no trailing newline); its inner lines are indented by
 * indent + 2 spaces and its closing brace by indent. */
void prov_write_json(const prov *p, FILE *f, int indent);

#endif
