/* cmd_list.c - `frontier list`: the scenarios on the search path with their descriptions. */
#include "args.h"
#include "cmd.h"
#include "opt.h"
#include "scenario/scenario.h"
#include "scenario/scn_path.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define LIST_DEPTH 2        /* folders below a search-path folder that are looked into */
#define LIST_LINE 60        /* characters of a description shown */

typedef struct {
    int names;              /* --names: the names alone, one a line */
    int shown;
} list_ctx;

/* The first sentence of text, cut to LIST_LINE characters with "...". */
static void first_sentence(const char *text, char *out, size_t n)
{
    size_t k = 0;
    for (const char *p = text; *p && k + 1 < n; p++) {
        if (*p == '.' && (p[1] == ' ' || p[1] == '\0')) break;
        out[k++] = *p == '\n' ? ' ' : *p;
    }
    out[k] = '\0';
    if (k > LIST_LINE && n > LIST_LINE + 4) strcpy(out + LIST_LINE - 3, "...");
}

/* Nonzero when the file itself writes a description (a variant that extends another
 * inherits its base's, which would describe the base, not the variant). */
static int own_description(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[1024];
    int found = 0;
    while (f && !found && fgets(line, sizeof line, f)) {
        const char *p = line + strspn(line, " ");
        found = p != line && strncmp(p, "description:", 12) == 0;
    }
    if (f) fclose(f);
    return found;
}

/* One scenario: its name (the path below the folder without .yaml) and what it is. */
static void show(list_ctx *c, const char *path, const char *name)
{
    c->shown++;
    if (c->names) {
        printf("%s\n", name);
        return;
    }
    scn_errors errs = {0};
    scenario *s = scenario_load(path, NULL, 0, &errs);
    char line[512];
    if (s) {
        first_sentence(own_description(path) ? s->description : "", line, sizeof line);
        printf("  %-34s %s%s%s\n", name, s->name, line[0] ? ": " : "", line);
    } else {
        printf("  %-34s (does not load: %s)\n", name,
               errs.n ? errs.items[0].msg : "out of memory");
    }
    scenario_destroy(s);
    scn_errors_free(&errs);
}

static int yaml_name(const char *f)
{
    size_t n = strlen(f);
    return n > 5 && strcmp(f + n - 5, ".yaml") == 0;
}

/* The scenarios in dir/sub (sub "" or "variants/"), sorted, then its folders'. */
static void walk(list_ctx *c, const char *dir, const char *sub, int depth)
{
    char path[2 * SCN_PATH_LEN];
    snprintf(path, sizeof path, "%s/%s", dir, sub);
    struct dirent **ents = NULL;
    int n = scandir(path, &ents, NULL, alphasort);
    for (int pass = 0; pass < 2; pass++)   /* files first, then folders */
        for (int i = 0; i < n; i++) {
            const char *f = ents[i]->d_name;
            char full[3 * SCN_PATH_LEN], name[SCN_PATH_LEN];
            struct stat st;
            snprintf(full, sizeof full, "%s%s", path, f);
            if (f[0] == '.' || stat(full, &st) != 0) continue;
            snprintf(name, sizeof name, "%s%s", sub, f);
            if (pass == 0 && S_ISREG(st.st_mode) && yaml_name(f)) {
                name[strlen(name) - 5] = '\0';
                show(c, full, name);
            } else if (pass == 1 && S_ISDIR(st.st_mode) && depth < LIST_DEPTH) {
                strncat(name, "/", sizeof name - strlen(name) - 1);
                walk(c, dir, name, depth + 1);
            }
        }
    for (int i = 0; i < n; i++) free(ents[i]);
    free(ents);
}

static const opt_cmd LIST_CMD = {
    "list", "[--names]",
    "Prints the scenarios found on the scenario search path (the folders of $FRONTIER_DATA, "
    "then the installed scenarios; see ENVIRONMENT), folder by folder, each with its name "
    "and the first sentence of its description. A name is what the other commands take in "
    "place of a file: `frontier run variants/lower-threshold`. When two folders hold the "
    "same name, the first one listed is the one used.",
    {"frontier list",
     "FRONTIER_DATA=~/scenarios frontier list    # your own folder first",
     "frontier list --names    # names alone, one a line (for scripts and completion)"}};

int cmd_list(int argc, char **argv)
{
    list_ctx c = {0, 0};
    const char *pos[1];
    int n_pos = 0;
    const opt_spec specs[] = {
        {"names", 0, OPT_FLAG, &c.names, NULL, "print the names alone, one a line"},
    };
    int rc = opt_parse_cmd(&LIST_CMD, argc, argv, specs, 1, pos, 0, 0, &n_pos, NULL);
    if (rc) return rc < 0 ? 0 : rc;
    char dirs[SCN_PATH_DIRS][SCN_PATH_LEN];
    int nd = scn_path_dirs(dirs, SCN_PATH_DIRS);
    for (int i = 0; i < nd; i++) {
        if (!c.names) printf("%s%s:\n", i ? "\n" : "", dirs[i]);
        walk(&c, dirs[i], "", 0);
    }
    if (c.shown == 0 && !c.names)
        fprintf(stderr, "frontier list: no scenario found (set FRONTIER_DATA to a folder of "
                "scenario files, or install frontier: make install)\n");
    return 0;
}
