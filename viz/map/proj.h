/* proj.h - the view's map projection: equirectangular scaled by the cosine of the middle
 * latitude (so shapes near the region keep their proportions), fitted to a pixel rectangle. */
#ifndef FRONTIER_PROJ_H
#define FRONTIER_PROJ_H

/* Caller-owned value; fill with proj_fit. */
typedef struct proj {
    double lon_c, lat_c;    /* centre of the fitted box, degrees */
    double kx;              /* cos(lat_c): x shrink of a degree of longitude */
    double scale;           /* pixels per degree of latitude */
    double cx, cy;          /* pixel position of the centre */
} proj;

/* Fits the box lon0..lon1 x lat0..lat1 inside the pixel rectangle (x, y, w, h), keeping the
 * aspect and centring it. Returns 0, or SIM_EINVAL for an empty box or rectangle. */
int proj_fit(proj *p, double lon0, double lat0, double lon1, double lat1,
             double x, double y, double w, double h);
/* lon/lat (degrees) to pixels, and back. */
void proj_to_px(const proj *p, double lon, double lat, double *px, double *py);
void proj_to_lonlat(const proj *p, double px, double py, double *lon, double *lat);

#endif
