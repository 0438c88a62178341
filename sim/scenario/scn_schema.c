/* scn_schema.c - the JSON Schema of the scenario format (schemas/scenario.schema.json), made
 * from the parameter table, so that it names every key with the range the loader checks. */
#include "base/err.h"
#include "scenario/scn_int.h"
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define DATE_PATTERN "\"pattern\": \"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\""

/* The keys that are not model parameters, as the loader's table of scalar keys (scn_yaml.c)
 * reads them, with their schema. Keep the two lists together. */
static const struct { const char *key, *schema; } other_keys[] = {
    {"scenario.name", "\"type\": \"string\", \"minLength\": 1, \"description\": \"the "
     "scenario's name (required)\""},
    {"scenario.description", "\"type\": \"string\", \"description\": \"what the scenario "
     "asks\""},
    {"scenario.start_date", "\"type\": \"string\", " DATE_PATTERN ", \"description\": "
     "\"day 0 of the run, YYYY-MM-DD (required)\""},
    {"scenario.days", "\"type\": \"number\", \"exclusiveMinimum\": 0, \"maximum\": 36525, "
     "\"description\": \"the horizon in days (required)\""},
    {"scenario.seed", "\"type\": \"integer\", \"minimum\": 0, \"default\": 1, "
     "\"description\": \"the random seed\""},
    {"scenario.max_events", "\"type\": \"integer\", \"minimum\": 1, \"maximum\": 1000000000, "
     "\"default\": 1000000, \"description\": \"the most events one run may take\""},
    {"sides.state", "\"type\": \"string\", \"description\": \"the state attacked\""},
    {"sides.host", "\"type\": \"string\", \"description\": \"the state hosting the "
     "sanctuaries\""},
    {"sides.militants", "\"type\": \"string\", \"description\": \"the armed group\""},
    {"mediators.name", "\"type\": \"string\", \"description\": \"the mediator's name in "
     "captions\""},
    {"view.map", "\"type\": \"string\", \"description\": \"the map file, relative to this "
     "file's folder\""},
    {"view.title", "\"type\": \"string\""},
    {"record", "\"type\": \"string\", \"description\": \"the record of the conflict "
     "(docs/data.md) the view and the debrief show beside the run, relative to this file's "
     "folder\""},
    {"view.brief", "\"type\": \"string\""},
    {"view.questions", "\"type\": \"string\""},
    {"view.watch", "\"type\": \"string\", \"description\": \"the decision the brief card "
     "asks the class to watch\""},
    {"view.wants.state", "\"type\": \"string\""},
    {"view.wants.host", "\"type\": \"string\""},
    {"view.wants.militants", "\"type\": \"string\""},
    {"view.span_km", "\"type\": \"number\", \"minimum\": 0, \"description\": \"initial "
     "camera span; 0 fits the map\""},
    {"view.center", "\"type\": \"array\", \"items\": {\"type\": \"number\"}, \"minItems\": 2, "
     "\"maxItems\": 2, \"description\": \"[lat, lon] of the initial camera\""},
    {"zones", "\"type\": \"array\", \"items\": {\"$ref\": \"#/$defs/zone\"}, \"description\": "
     "\"the zones (replaces an inherited list)\""},
    {"zones_add", "\"type\": \"array\", \"items\": {\"$ref\": \"#/$defs/zone\"}, "
     "\"description\": \"zones appended to the inherited list\""},
    {"timeline", "\"type\": \"array\", \"items\": {\"$ref\": \"#/$defs/item\"}, "
     "\"description\": \"dated actions (replaces an inherited list)\""},
    {"timeline_add", "\"type\": \"array\", \"items\": {\"$ref\": \"#/$defs/item\"}, "
     "\"description\": \"dated actions appended to the inherited list\""},
    {"extends", "\"type\": \"string\", \"description\": \"a base scenario file, relative to "
     "this file's folder, loaded first\""},
    {"militants.background.shape", "\"enum\": [\"constant\", \"piecewise\", \"spline\"], "
     "\"default\": \"constant\", \"description\": \"the background level's shape over the "
     "calendar\""},
    {"militants.background.from", "\"type\": \"string\", " DATE_PATTERN ", \"description\": "
     "\"the first day of block 1, or the date of knot 1\""},
    {"militants.background.step", "\"type\": \"number\", \"minimum\": 1, \"maximum\": 36525, "
     "\"description\": \"days per block, or between knots\""},
    {"militants.background.levels", "\"type\": \"array\", \"items\": {\"type\": \"number\", "
     "\"exclusiveMinimum\": 0}, \"maxItems\": 600, \"description\": \"the factor of "
     "militants.base_rate in each block or at each knot\""},
};
#define N_OTHER ((int)(sizeof other_keys / sizeof other_keys[0]))
#define N_KEYS (N_OTHER + scenario_param_count())

static const char *key_at(int i)
{
    return i < N_OTHER ? other_keys[i].key : scenario_param_at(i - N_OTHER)->key;
}

static void json_text(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') fputc('\\', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* The schema of parameter p, without braces. */
static void param_schema(FILE *f, const scn_param_info *p)
{
    if (strcmp(p->unit, "bool") == 0) {
        fprintf(f, "\"type\": \"boolean\", \"default\": %s", p->def != 0 ? "true" : "false");
    } else {
        fprintf(f, "\"type\": \"%s\"", p->is_int ? "integer" : "number");
        if (p->min == DBL_MIN) fputs(", \"exclusiveMinimum\": 0", f);
        else if (isfinite(p->min)) fprintf(f, ", \"minimum\": %.17g", p->min);
        if (p->max == 1.0 - DBL_EPSILON / 2) fputs(", \"exclusiveMaximum\": 1", f);
        else if (isfinite(p->max)) fprintf(f, ", \"maximum\": %.17g", p->max);
        fprintf(f, ", \"default\": %.17g", p->def);
    }
    fputs(", \"description\": ", f);
    char doc[600];
    snprintf(doc, sizeof doc, "%s (%s)", p->doc, p->unit);
    json_text(f, doc);
}

static void leaf_schema(FILE *f, int i)
{
    fputc('{', f);
    if (i < N_OTHER) fputs(other_keys[i].schema, f);
    else param_schema(f, scenario_param_at(i - N_OTHER));
    fputc('}', f);
}

/* Nonzero when key (at depth, after the prefix of length plen) starts a segment not seen in
 * an earlier key with the same prefix. */
static int first_with_segment(int i, const char *prefix, size_t plen)
{
    const char *k = key_at(i) + plen, *end = strchr(k, '.');
    size_t seg = end ? (size_t)(end - k) : strlen(k);
    for (int j = 0; j < i; j++) {
        const char *o = key_at(j);
        if (strncmp(o, prefix, plen) == 0 && strncmp(o + plen, k, seg) == 0 &&
            (o[plen + seg] == '.' || o[plen + seg] == '\0'))
            return 0;
    }
    return 1;
}

static void write_object(FILE *f, const char *prefix, int depth);

/* Writes the properties of the mapping at prefix ("" for the top, else "state." ...). */
static void write_properties(FILE *f, const char *prefix, int depth)
{
    size_t plen = strlen(prefix);
    int first = 1;
    for (int i = 0; i < N_KEYS; i++) {
        const char *k = key_at(i);
        if (strncmp(k, prefix, plen) != 0 || !first_with_segment(i, prefix, plen)) continue;
        const char *end = strchr(k + plen, '.');
        fprintf(f, "%s\n%*s\"%.*s\": ", first ? "" : ",", 2 * depth + 2, "",
                end ? (int)(end - k - (long)plen) : (int)strlen(k + plen), k + plen);
        first = 0;
        if (!end) {
            leaf_schema(f, i);
        } else {
            char sub[256];
            snprintf(sub, sizeof sub, "%.*s", (int)(end - k + 1), k);
            write_object(f, sub, depth + 1);
        }
    }
    if (depth > 0) return;
    /* A dotted key names the same value as the nested mapping: "state.strike.threshold". */
    for (int i = N_OTHER; i < N_KEYS; i++) {
        fprintf(f, ",\n  \"%s\": ", key_at(i));
        leaf_schema(f, i);
    }
}

static void write_object(FILE *f, const char *prefix, int depth)
{
    fputs("{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {", f);
    write_properties(f, prefix, depth);
    fprintf(f, "\n%*s}}", 2 * depth, "");
}

static void write_defs(FILE *f)
{
    fputs("  \"$defs\": {\n    \"zone\": {\"type\": \"object\", \"additionalProperties\": "
          "false, \"required\": [\"name\", \"side\", \"kind\", \"lat\", \"lon\"], "
          "\"properties\": {\n      \"name\": {\"type\": \"string\", \"minLength\": 1},\n"
          "      \"side\": {\"enum\": [", f);
    for (int i = 0; i < SCN_NSIDES; i++) fprintf(f, "%s\"%s\"", i ? ", " : "", scn_side_name(i));
    fputs("]},\n      \"kind\": {\"enum\": [", f);
    for (int i = 0; i < SCN_NZONE_KINDS; i++)
        fprintf(f, "%s\"%s\"", i ? ", " : "", scn_zone_kind_name(i));
    fputs("]},\n      \"lat\": {\"type\": \"number\", \"minimum\": -90, \"maximum\": 90},\n"
          "      \"lon\": {\"type\": \"number\", \"minimum\": -180, \"maximum\": 180},\n"
          "      \"capacity\": {\"type\": \"number\", \"minimum\": 0, \"description\": "
          "\"sanctuary: militant capacity K0\"},\n      \"exposure\": {\"type\": \"number\", "
          "\"minimum\": 0, \"description\": \"target: attractiveness weight\"}}},\n", f);
    fputs("    \"item\": {\"type\": \"object\", \"additionalProperties\": false, \"required\": "
          "[\"action\"], \"oneOf\": [{\"required\": [\"date\"]}, {\"required\": [\"day\"]}], "
          "\"properties\": {\n      \"date\": {\"type\": \"string\", " DATE_PATTERN "},\n"
          "      \"day\": {\"type\": \"number\", \"minimum\": 0},\n      \"action\": "
          "{\"enum\": [", f);
    for (int i = 0; i < SCN_NACTIONS; i++)
        fprintf(f, "%s\"%s\"", i ? ", " : "", scn_action_name(i));
    fputs("]},\n      \"zone\": {\"type\": \"string\"},\n      \"type\": {\"enum\": [", f);
    for (int i = 0; i < SCN_NATTACK_TYPES; i++)
        fprintf(f, "%s\"%s\"", i ? ", " : "", scn_attack_type_name(i));
    fputs("]},\n      \"casualties\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": "
          "100000},\n      \"days\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": "
          "36525},\n      \"key\": {\"type\": \"string\"},\n      \"value\": {\"type\": "
          "[\"number\", \"boolean\"]},\n      \"note\": {\"type\": \"string\"}}}\n  },\n", f);
}

int scenario_write_schema(FILE *f)
{
    fputs("{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n"
          "  \"title\": \"frontier scenario file\",\n"
          "  \"description\": \"Written by frontier check --schema from the parameter table; "
          "see docs/scenarios.md. Ranges are those the loader checks; rules between "
          "parameters (docs/scenarios.md) are checked by frontier check only.\",\n", f);
    write_defs(f);
    fputs("  \"type\": \"object\",\n  \"additionalProperties\": false,\n  \"properties\": {", f);
    write_properties(f, "", 0);
    fputs("\n  }\n}\n", f);
    return ferror(f) ? SIM_EIO : 0;
}
