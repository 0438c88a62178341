/* cmd_check.c - `frontier check`: validate a scenario and print it fully resolved. */
#include "args.h"
#include "base/date.h"
#include "cmd.h"
#include "opt.h"
#include "scenario/scenario.h"
#include "scenario/scn_path.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

static void print_head(const scenario *s)
{
    char a[11], b[11];
    date_format(s->start_date, a);
    date_format(s->start_date + (long)floor(s->days), b);
    printf("scenario  %s\nfile      %s\n", s->name, s->path);
    if (s->description[0]) printf("about     %s\n", s->description);
    printf("dates     %s to %s (%g days), seed %llu\n", a, b, s->days, s->seed);
    printf("hash      %016llx\n", scenario_hash(s));
    printf("sides     state: %s; host: %s; militants: %s; mediators: %s\n",
           s->side_name[SCN_SIDE_STATE], s->side_name[SCN_SIDE_HOST], s->militant_name,
           s->mediator_name);
    if (s->view.map[0] || s->view.title[0])
        printf("view      map %s, title \"%s\"\n", s->view.map[0] ? s->view.map : "(none)",
               s->view.title);
    if (s->record[0]) printf("record    %s\n", s->record);
}

static void print_zones(const scenario *s)
{
    printf("\nzones (%d)\n  %-28s %-6s %-10s %9s %9s %9s %9s\n", s->n_zones, "name", "side",
           "kind", "lat", "lon", "capacity", "exposure");
    for (int i = 0; i < s->n_zones; i++) {
        const scn_zone *z = &s->zones[i];
        printf("  %-28s %-6s %-10s %9.4f %9.4f", z->name, scn_side_name(z->side),
               scn_zone_kind_name(z->kind), z->lat, z->lon);
        if (z->kind == SCN_ZONE_SANCTUARY) printf(" %9g %9s\n", z->capacity, "-");
        else if (z->kind == SCN_ZONE_TARGET) printf(" %9s %9g\n", "-", z->exposure);
        else printf(" %9s %9s\n", "-", "-");
    }
}

static void print_params(const scenario *s)
{
    printf("\nparameters (* = differs from the default)\n");
    for (int i = 0; i < scenario_param_count(); i++) {
        const scn_param_info *pi = scenario_param_at(i);
        double v = 0;
        scenario_param_get(&s->p, pi->key, &v);
        char val[32];
        if (pi->is_int) snprintf(val, sizeof val, "%s", v != 0 ? "true" : "false");
        else snprintf(val, sizeof val, "%.10g", v);
        printf("%c %-40s = %-10s %s\n", v != pi->def ? '*' : ' ', pi->key, val, pi->unit);
    }
}

static void print_timeline(const scenario *s)
{
    printf("\ntimeline (%d)\n", s->n_timeline);
    for (int i = 0; i < s->n_timeline; i++) {
        const scn_timeline_item *it = &s->timeline[i];
        char d[11];
        date_format(s->start_date + (long)floor(it->day), d);
        printf("  %s  %-11s", d, scn_action_name(it->action));
        if (it->zone >= 0) printf(" zone=%s", s->zones[it->zone].name);
        if (it->type >= 0) printf(" type=%s", scn_attack_type_name(it->type));
        if (it->casualties >= 0) printf(" casualties=%g", it->casualties);
        if (it->days >= 0) printf(" days=%g", it->days);
        if (it->action == SCN_ACT_SET) printf(" %s=%g", it->key, it->value);
        if (it->note[0]) printf("  \"%s\"", it->note);
        putchar('\n');
    }
}

static const opt_cmd CHECK_CMD = {
    "check", "SCENARIO [--set KEY=VALUE]... [-q]  |  check --schema",
    "Validates a scenario file (following extends:) and prints it resolved: dates, zones, "
    "every parameter with its unit (* marks values that differ from the defaults) and the "
    "timeline. Exit status 2 on errors, each reported as file:line:column. --schema prints "
    "the JSON Schema of scenario files (docs/scenarios.md, Editors).",
    {"frontier check scenarios/kabul-ultimatum-2023.yaml",
     "frontier check variants/lower-threshold --set state.strike.threshold=0.5",
     "frontier check -q - < my-scenario.yaml && echo valid    # from standard input"}};

int cmd_check(int argc, char **argv)
{
    opt_list sets = {{0}, 0};
    int quiet = 0;
    const char *pos[1] = {0};
    int schema = 0, n_pos = 0;
    const opt_spec specs[] = {
        {"set", 0, OPT_LIST, &sets, "KEY=VALUE",
         "override a value (e.g. state.strike.threshold=0.6)"},
        {"quiet", 'q', OPT_FLAG, &quiet, NULL, "print nothing: the exit status tells"},
        {"schema", 0, OPT_FLAG, &schema, NULL,
         "print the JSON Schema of scenario files (for editors) and exit"},
    };
    int rc = opt_parse_cmd(&CHECK_CMD, argc, argv, specs, 3, pos, 0, 1, &n_pos, NULL);
    if (rc) return rc < 0 ? 0 : rc;
    if (schema && n_pos == 0) return scenario_write_schema(stdout) ? 1 : 0;
    if (schema || n_pos != 1)
        return opt_usage_error("check", "expected one SCENARIO%s",
                               schema ? " or --schema alone" : "");
    char found[SCN_PATH_LEN];
    scenario *s = args_load_scenario("check", args_scenario(pos[0], found, sizeof found), &sets);
    if (!s) return 2;
    if (!quiet) {
        print_head(s);
        print_zones(s);
        print_params(s);
        print_timeline(s);
    }
    scenario_destroy(s);
    return 0;
}
