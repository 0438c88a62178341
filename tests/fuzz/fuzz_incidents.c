/* fuzz_incidents.c - libFuzzer target for the incident CSV importer.
 *
 * The first input byte picks the layout (auto, ucdp, acled, gtd, csv), strict mode and a
 * date filter; the rest is the CSV file. Also feeds the first line to the date and bounding
 * box parsers. A load returns incidents sorted by day or an error with a message. */
#include "base/err.h"
#include "data/incidents.h"
#include "fuzz_util.h"
#include <math.h>

static void check_sorted(const incidents *set)
{
    for (int i = 1; i < set->n; i++)
        if (set->items[i].day < set->items[i - 1].day) abort();
    for (int i = 0; i < set->n; i++)
        if (!set->items[i].actor) abort();
}

static void parse_first_line(const uint8_t *data, size_t size)
{
    char line[256];
    size_t n = 0;
    while (n < size && n + 1 < sizeof line && data[n] != '\n' && data[n] != '\0') {
        line[n] = (char)data[n];
        n++;
    }
    line[n] = '\0';
    long day;
    incidents_parse_date(line, &day);
    incidents_opts o;
    memset(&o, 0, sizeof o);
    if (incidents_parse_bbox(line, &o) == 0 && (o.lon0 > o.lon1 || o.lat0 > o.lat1)) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    uint8_t sel = data[0];
    incidents_opts o;
    memset(&o, 0, sizeof o);
    o.format = sel % INC_NFORMATS;
    o.strict = (sel >> 3) & 1;
    if ((sel >> 4) & 1) {
        o.has_from = o.has_to = 1;
        o.from = 11000;   /* 2000-02-13 */
        o.to = 20000;     /* 2024-10-04 */
    }
    parse_first_line(data + 1, size - 1);
    char path[600];
    if (fuzz_write("e.csv", data + 1, size - 1, path, sizeof path) != 0) return 0;
    incidents *set = NULL;
    incidents_report rep;
    int rc = incidents_load(path, &o, &set, &rep);
    if (rc == 0) {
        if (!set) abort();
        check_sorted(set);
    } else if (set || ((rc == SIM_EIO || rc == SIM_EPARSE) && !rep.error[0])) {
        abort(); /* an error leaves no set and says why */
    }
    incidents_destroy(set);
    return 0;
}
