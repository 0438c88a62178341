/* proj.c - equirectangular projection scaled by cos(middle latitude), fitted to pixels. */
#include "map/proj.h"
#include "base/err.h"
#include <math.h>

#define PROJ_PI 3.14159265358979323846

int proj_fit(proj *p, double lon0, double lat0, double lon1, double lat1,
             double x, double y, double w, double h)
{
    if (!(lon1 > lon0 && lat1 > lat0 && w > 0 && h > 0)) return SIM_EINVAL;
    p->lon_c = 0.5 * (lon0 + lon1);
    p->lat_c = 0.5 * (lat0 + lat1);
    p->kx = cos(p->lat_c * PROJ_PI / 180.0);
    double sx = w / ((lon1 - lon0) * p->kx), sy = h / (lat1 - lat0);
    p->scale = sx < sy ? sx : sy;
    p->cx = x + 0.5 * w;
    p->cy = y + 0.5 * h;
    return 0;
}

void proj_to_px(const proj *p, double lon, double lat, double *px, double *py)
{
    *px = p->cx + (lon - p->lon_c) * p->kx * p->scale;
    *py = p->cy - (lat - p->lat_c) * p->scale;
}

void proj_to_lonlat(const proj *p, double px, double py, double *lon, double *lat)
{
    *lon = p->lon_c + (px - p->cx) / (p->kx * p->scale);
    *lat = p->lat_c - (py - p->cy) / p->scale;
}
