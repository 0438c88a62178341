/* fig_draw.c - a laid-out figure drawn with cairo, and its PNG, SVG and PDF files. */
#include "base/alloc.h"
#include "base/err.h"
#include "io/afile.h"
#include "plot/fig_int.h"
#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const fig_color ink = {0.15, 0.15, 0.15, 1};
static const fig_color grid = {0.90, 0.90, 0.90, 1};

static void colour(cairo_t *cr, fig_color c)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
}

/* ---- fonts ----------------------------------------------------------------------------- */

const char *fig_font_path(void)
{
    static const char *const candidates[] = {
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/local/share/fonts/DejaVuSans.ttf",
    };
    const char *env = getenv("FRONTIER_FONT");
    if (env && *env && access(env, R_OK) == 0) return env;
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++)
        if (access(candidates[i], R_OK) == 0) return candidates[i];
    return NULL;
}

/* A FreeType face with its own library, both freed when cairo drops the font face (cairo
 * may keep it cached after the last figure: sharing one library would leave it dangling). */
typedef struct ft_hold {
    FT_Library lib;
    FT_Face face;
} ft_hold;

static const cairo_user_data_key_t ft_key;

static void ft_release(void *p)
{
    ft_hold *h = p;
    FT_Done_Face(h->face);
    FT_Done_FreeType(h->lib);
    free(h);
}

/* The figure font as a cairo face, or NULL with a message. */
static cairo_font_face_t *font_open(char *err, size_t n)
{
    const char *path = fig_font_path();
    if (!path) {
        snprintf(err, n, "no DejaVuSans.ttf found (install fonts-dejavu-core or set "
                 "FRONTIER_FONT)");
        return NULL;
    }
    ft_hold *h = calloc(1, sizeof *h);
    if (!h || FT_Init_FreeType(&h->lib) != 0) {
        free(h);
        snprintf(err, n, "cannot start FreeType");
        return NULL;
    }
    if (FT_New_Face(h->lib, path, 0, &h->face) != 0) {
        FT_Done_FreeType(h->lib);
        free(h);
        snprintf(err, n, "%s: not a font FreeType can read", path);
        return NULL;
    }
    cairo_font_face_t *cf = cairo_ft_font_face_create_for_ft_face(h->face, 0);
    if (cairo_font_face_status(cf) != CAIRO_STATUS_SUCCESS ||
        cairo_font_face_set_user_data(cf, &ft_key, h, ft_release) != CAIRO_STATUS_SUCCESS) {
        cairo_font_face_destroy(cf);
        ft_release(h);
        snprintf(err, n, "cairo cannot use %s", path);
        return NULL;
    }
    return cf;
}

/* Unhinted metrics, so text measures the same on every surface. */
static void text_setup(cairo_t *cr, cairo_font_face_t *face)
{
    cairo_font_options_t *o = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(o, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(o, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_antialias(o, CAIRO_ANTIALIAS_GRAY);
    cairo_set_font_options(cr, o);
    cairo_font_options_destroy(o);
    cairo_set_font_face(cr, face);
}

void fig_font(cairo_t *cr, double pt) { cairo_set_font_size(cr, pt); }

double fig_text_width(cairo_t *cr, const char *text, double pt)
{
    cairo_text_extents_t e;
    fig_font(cr, pt);
    cairo_text_extents(cr, text, &e);
    return e.x_advance;
}

/* Text at (x, y) baseline, aligned left (0), centred (0.5) or right (1). */
static void text_at(cairo_t *cr, const char *t, double x, double y, double pt, double align,
                    fig_color c)
{
    double w = fig_text_width(cr, t, pt);
    colour(cr, c);
    cairo_move_to(cr, x - align * w, y);
    cairo_show_text(cr, t);
}

/* ---- axes ------------------------------------------------------------------------------ */

static void draw_grid(const fig *f, cairo_t *cr)
{
    const fig_box p = f->plot;
    cairo_set_line_width(cr, 0.6);
    colour(cr, grid);
    for (int i = 0; i < f->nyt; i++) {
        double y = fig_py(f, f->yt[i]);
        cairo_move_to(cr, p.x, y), cairo_line_to(cr, p.x + p.w, y);
    }
    for (int i = 0; f->n_cats == 0 && i < f->nxt; i++) {
        double x = fig_px(f, f->xt[i]);
        cairo_move_to(cr, x, p.y), cairo_line_to(cr, x, p.y + p.h);
    }
    cairo_stroke(cr);
}

static void draw_ticks(const fig *f, cairo_t *cr)
{
    const fig_box p = f->plot;
    char buf[64];
    colour(cr, ink);
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, p.x, p.y), cairo_line_to(cr, p.x, p.y + p.h);
    cairo_line_to(cr, p.x + p.w, p.y + p.h);
    cairo_stroke(cr);
    for (int i = 0; i < f->nxt; i++) {
        double x = fig_px(f, f->xt[i]);
        cairo_move_to(cr, x, p.y + p.h), cairo_line_to(cr, x, p.y + p.h + 4);
        cairo_stroke(cr);
        fig_tick_label(f->xt[i], f->xstep, buf, sizeof buf);
        text_at(cr, buf, x, p.y + p.h + 4 + FIG_PT_TICK, FIG_PT_TICK, 0.5, ink);
    }
    for (int i = 0; i < f->nyt; i++) {
        double y = fig_py(f, f->yt[i]);
        const char *t = buf;
        if (f->n_cats) t = f->cats[(int)f->yt[i]];
        else fig_tick_label(f->yt[i], f->ystep, buf, sizeof buf);
        cairo_move_to(cr, p.x - 4, y), cairo_line_to(cr, p.x, y);
        cairo_stroke(cr);
        text_at(cr, t, p.x - 6, y + FIG_PT_TICK * 0.35, FIG_PT_TICK, 1, ink);
    }
}

static void draw_texts(const fig *f, cairo_t *cr)
{
    const fig_box p = f->plot;
    if (f->title[0]) text_at(cr, f->title, p.x, 8 + FIG_PT_TITLE, FIG_PT_TITLE, 0, ink);
    double y = p.y + p.h + 4 + FIG_PT_TICK * 1.5;
    if (f->xlabel[0]) {
        y += FIG_PT_LABEL * 1.3;
        text_at(cr, f->xlabel, p.x + p.w / 2, y, FIG_PT_LABEL, 0.5, ink);
    }
    if (f->caption[0]) text_at(cr, f->caption, 8, f->h - 8, FIG_PT_CAPTION, 0, FIG_GREY);
    if (f->ylabel[0]) {
        cairo_save(cr);
        cairo_translate(cr, 8 + FIG_PT_LABEL, p.y + p.h / 2);
        cairo_rotate(cr, -M_PI / 2);
        text_at(cr, f->ylabel, 0, 0, FIG_PT_LABEL, 0.5, ink);
        cairo_restore(cr);
    }
}

/* ---- series ---------------------------------------------------------------------------- */

static void stroke_style(cairo_t *cr, const fig_style *st, double def_width)
{
    static const double dash[2] = {5, 3.5};
    cairo_set_line_width(cr, st->width > 0 ? st->width : def_width);
    cairo_set_dash(cr, dash, st->dashed ? 2 : 0, 0);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    colour(cr, st->color);
}

static void draw_line(const fig *f, cairo_t *cr, const fig_series *s, int step)
{
    int open = 0;
    for (int i = 0; i < s->n; i++) {
        if (!isfinite(s->x[i]) || !isfinite(s->y[i])) {
            open = 0;
            continue;
        }
        double x = fig_px(f, s->x[i]), y = fig_py(f, s->y[i]);
        if (!open) cairo_move_to(cr, x, y);
        else cairo_line_to(cr, x, y);
        open = 1;
        if (step) {
            double xn = i + 1 < s->n ? s->x[i + 1] : s->w;
            if (isfinite(xn)) cairo_line_to(cr, fig_px(f, xn), y);
        }
    }
    stroke_style(cr, &s->st, 1.8);
    cairo_stroke(cr);
}

/* Band between lo and hi, over each run of finite points (steps when step). */
static void draw_band(const fig *f, cairo_t *cr, const fig_series *s, int step)
{
    for (int i = 0; i < s->n; ) {
        int j = i;
        while (j < s->n && isfinite(s->x[j]) && isfinite(s->lo[j]) && isfinite(s->hi[j])) j++;
        for (int k = i; k < j; k++) {   /* along hi */
            double xk = fig_px(f, s->x[k]), yk = fig_py(f, s->hi[k]);
            k == i ? cairo_move_to(cr, xk, yk) : cairo_line_to(cr, xk, yk);
            if (step) cairo_line_to(cr, fig_px(f, k + 1 < s->n ? s->x[k + 1] : s->w), yk);
        }
        for (int k = j - 1; k >= i; k--) {   /* back along lo */
            double yk = fig_py(f, s->lo[k]);
            if (step) cairo_line_to(cr, fig_px(f, k + 1 < s->n ? s->x[k + 1] : s->w), yk);
            cairo_line_to(cr, fig_px(f, s->x[k]), yk);
        }
        if (j > i) cairo_close_path(cr);
        i = j + 1;
    }
    colour(cr, s->st.color);
    cairo_fill(cr);
}

static void draw_bars(const fig *f, cairo_t *cr, const fig_series *s)
{
    for (int i = 0; i < s->n; i++) {
        if (!isfinite(s->x[i]) || !isfinite(s->y[i])) continue;
        double x0 = fig_px(f, s->x[i]), x1 = fig_px(f, s->x[i] + s->w);
        double y0 = fig_py(f, 0), y1 = fig_py(f, s->y[i]);
        cairo_rectangle(cr, x0, fmin(y0, y1), x1 - x0, fabs(y1 - y0));
    }
    colour(cr, s->st.color);
    cairo_fill_preserve(cr);
    cairo_set_line_width(cr, 0.6);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_stroke(cr);
}

static void dot(cairo_t *cr, double x, double y, double r, fig_color c)
{
    cairo_new_sub_path(cr);
    cairo_arc(cr, x, y, r, 0, 2 * M_PI);
    colour(cr, c);
    cairo_fill(cr);
}

static void draw_points(const fig *f, cairo_t *cr, const fig_series *s)
{
    double r = s->st.width > 0 ? s->st.width : 3;
    for (int i = 0; i < s->n; i++) {
        if (!isfinite(s->x[i]) || !isfinite(s->y[i])) continue;
        double x = fig_px(f, s->x[i]), y = fig_py(f, s->y[i]);
        if (s->kind == FS_ERRBARS && isfinite(s->lo[i]) && isfinite(s->hi[i])) {
            double a = s->horizontal ? fig_px(f, s->lo[i]) : fig_py(f, s->lo[i]);
            double b = s->horizontal ? fig_px(f, s->hi[i]) : fig_py(f, s->hi[i]);
            if (s->horizontal) cairo_move_to(cr, a, y), cairo_line_to(cr, b, y);
            else cairo_move_to(cr, x, a), cairo_line_to(cr, x, b);
            for (int e = 0; e < 2; e++) {   /* caps */
                double v = e ? b : a;
                if (s->horizontal) cairo_move_to(cr, v, y - 3), cairo_line_to(cr, v, y + 3);
                else cairo_move_to(cr, x - 3, v), cairo_line_to(cr, x + 3, v);
            }
            fig_style st = s->st;
            st.width = 1.2;
            stroke_style(cr, &st, 1.2);
            cairo_stroke(cr);
        }
        dot(cr, x, y, r, s->st.color);
    }
}

static void draw_series(const fig *f, cairo_t *cr, const fig_series *s)
{
    const fig_box p = f->plot;
    switch (s->kind) {
    case FS_LINE: draw_line(f, cr, s, 0); break;
    case FS_STEP: draw_line(f, cr, s, 1); break;
    case FS_BAND: draw_band(f, cr, s, 0); break;
    case FS_STEPBAND: draw_band(f, cr, s, 1); break;
    case FS_BARS: draw_bars(f, cr, s); break;
    case FS_SCATTER:
    case FS_ERRBARS: draw_points(f, cr, s); break;
    case FS_HLINE:
        cairo_move_to(cr, p.x, fig_py(f, s->w)), cairo_line_to(cr, p.x + p.w, fig_py(f, s->w));
        stroke_style(cr, &s->st, 1.4);
        cairo_stroke(cr);
        break;
    case FS_VLINE:
        cairo_move_to(cr, fig_px(f, s->w), p.y), cairo_line_to(cr, fig_px(f, s->w), p.y + p.h);
        stroke_style(cr, &s->st, 1.4);
        cairo_stroke(cr);
        break;
    }
}

/* ---- legend ---------------------------------------------------------------------------- */

/* The swatch of series s in the box (x, y, 24 x 10). Bands get an outline in their hue, so
 * that a light 5-95% band stays visible in the legend. */
static void swatch(cairo_t *cr, const fig_series *s, double x, double y)
{
    fig_color c = s->st.color;
    if (s->kind == FS_BAND || s->kind == FS_STEPBAND || s->kind == FS_BARS) {
        cairo_rectangle(cr, x, y, 24, 10);
        colour(cr, c);
        cairo_fill_preserve(cr);
        cairo_set_line_width(cr, 1);
        colour(cr, fig_alpha(c, fmin(1, c.a + 0.45)));
        cairo_set_dash(cr, NULL, 0, 0);
        cairo_stroke(cr);
    } else if (s->kind == FS_SCATTER || s->kind == FS_ERRBARS) {
        dot(cr, x + 12, y + 5, s->st.width > 0 ? s->st.width : 3, c);
    } else {
        cairo_move_to(cr, x, y + 5), cairo_line_to(cr, x + 24, y + 5);
        stroke_style(cr, &s->st, s->kind == FS_HLINE || s->kind == FS_VLINE ? 1.4 : 1.8);
        cairo_stroke(cr);
    }
}

static void draw_legend(const fig *f, cairo_t *cr)
{
    const fig_box b = f->legend;
    if (!f->n_legend) return;
    cairo_rectangle(cr, b.x, b.y, b.w, b.h);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.92);
    cairo_fill_preserve(cr);
    cairo_set_line_width(cr, 0.6);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
    cairo_stroke(cr);
    double y = b.y + 5;
    for (int i = 0; i < f->n; i++) {
        const fig_series *s = &f->s[i];
        if (!s->st.label) continue;
        swatch(cr, s, b.x + 8, y + 2.5);
        text_at(cr, s->st.label, b.x + 8 + 24 + 6, y + 11, FIG_PT_LEGEND, 0, ink);
        y += 15;
    }
}

/* Lays f out on cr and draws it. */
static void draw(fig *f, cairo_t *cr, cairo_font_face_t *face)
{
    text_setup(cr, face);
    fig_layout(f, cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    draw_grid(f, cr);
    cairo_save(cr);
    cairo_rectangle(cr, f->plot.x, f->plot.y, f->plot.w, f->plot.h);
    cairo_clip(cr);
    for (int i = 0; i < f->n; i++) draw_series(f, cr, &f->s[i]);
    cairo_restore(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    draw_ticks(f, cr);
    draw_texts(f, cr);
    draw_legend(f, cr);
}

/* ---- files ----------------------------------------------------------------------------- */

static cairo_status_t to_file(void *closure, const unsigned char *data, unsigned int len)
{
    return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS
                                                : CAIRO_STATUS_WRITE_ERROR;
}

/* cairo numbers an SVG's surfaces, clips and patterns with counters that run across the
 * whole process, so the same figure written second would differ. Renumbers them in order of
 * first appearance (glyph ids are already per document). */
static const char *const svg_counted[] = {"surface", "clip", "pattern", "image", "mask",
                                          "source", "linear", "radial"};
#define SVG_IDS_MAX 4096

static int svg_prefix(const char *p)
{
    for (int k = 0; k < (int)(sizeof svg_counted / sizeof svg_counted[0]); k++) {
        size_t n = strlen(svg_counted[k]);
        if (strncmp(p, svg_counted[k], n) == 0 && p[n] >= '0' && p[n] <= '9') return k;
    }
    return -1;
}

static int svg_renumber(const char *in, size_t len, FILE *out)
{
    enum { NK = sizeof svg_counted / sizeof svg_counted[0] };
    long *old = sim_malloc(NK * SVG_IDS_MAX * sizeof *old);
    int seen[NK] = {0};
    if (!old) return SIM_ENOMEM;
    for (size_t i = 0; i < len; i++) {
        int k = -1;
        if ((in[i] == '#' || (i >= 3 && strncmp(in + i - 3, "id=", 3) == 0 && in[i] == '"')) &&
            i + 1 < len)
            k = svg_prefix(in + i + 1);
        fputc(in[i], out);
        if (k < 0) continue;
        const char *digits = in + i + 1 + strlen(svg_counted[k]);
        char *end;
        long v = strtol(digits, &end, 10), *ids = old + (size_t)k * SVG_IDS_MAX;
        int j = 0;
        while (j < seen[k] && ids[j] != v) j++;
        if (j == seen[k] && seen[k] < SVG_IDS_MAX) ids[seen[k]++] = v;
        fprintf(out, "%s%d", svg_counted[k], j + 1);
        i = (size_t)(end - in) - 1;
    }
    sim_free(old);
    return ferror(out) ? SIM_EIO : 0;
}

/* What one file shows: one figure, or a grid of panels with a title, caption and key. */
typedef struct sheet {
    double w, h;
    const char *title;         /* for the PDF's metadata */
    fig *one;
    fig *const *panels;
    int n, cols;
    const char *caption;
    const char *const *key;
    int n_key;
} sheet;

#define GRID_KEY_ROW 13.0

/* The rows of a grid of n panels in cols columns. */
static int grid_rows(const sheet *g)
{
    return (g->n + g->cols - 1) / g->cols;
}

static void draw_key(const sheet *g, cairo_t *cr, double x, double y)
{
    for (int i = 0; i < g->n_key; i++)
        text_at(cr, g->key[i], x, y + (i + 1) * GRID_KEY_ROW, FIG_PT_LEGEND, 0, ink);
}

/* Every panel laid out in its cell; the key in the first free cell, or in a strip below. */
static void draw_grid_sheet(const sheet *g, cairo_t *cr, cairo_font_face_t *face)
{
    text_setup(cr, face);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    int rows = grid_rows(g), free_cell = g->n < rows * g->cols;
    double top = g->title[0] ? 8 + FIG_PT_TITLE * 1.6 : 4;
    double bottom = (g->caption[0] ? FIG_PT_CAPTION * 1.5 + 8 : 4) +
                    (free_cell || !g->n_key ? 0 : (g->n_key + 1) * GRID_KEY_ROW);
    double cw = g->w / g->cols, ch = (g->h - top - bottom) / rows;
    if (g->title[0]) text_at(cr, g->title, 8, 8 + FIG_PT_TITLE, FIG_PT_TITLE, 0, ink);
    for (int i = 0; i < g->n; i++) {
        fig *p = g->panels[i];
        p->w = cw, p->h = ch;
        cairo_save(cr);
        cairo_translate(cr, (i % g->cols) * cw, top + (i / g->cols) * ch);
        cairo_rectangle(cr, 0, 0, cw, ch);
        cairo_clip(cr);
        draw(p, cr, face);
        cairo_restore(cr);
    }
    if (free_cell) draw_key(g, cr, (g->n % g->cols) * cw + 24, top + (g->n / g->cols) * ch + 16);
    else draw_key(g, cr, 8, top + rows * ch);
    if (g->caption[0]) text_at(cr, g->caption, 8, g->h - 8, FIG_PT_CAPTION, 0, FIG_GREY);
}

/* Draws g onto a surface of format k writing into out. Returns 0 or SIM_EIO. */
static int render(const sheet *g, int k, cairo_font_face_t *face, FILE *out)
{
    cairo_surface_t *s;
    if (k == FIG_PNG)
        s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)ceil(g->w * FIG_PNG_SCALE),
                                       (int)ceil(g->h * FIG_PNG_SCALE));
    else if (k == FIG_SVG) s = cairo_svg_surface_create_for_stream(to_file, out, g->w, g->h);
    else s = cairo_pdf_surface_create_for_stream(to_file, out, g->w, g->h);
    if (k == FIG_PDF) {   /* no creation date: the same figure gives the same bytes */
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "");
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "frontier");
        if (g->title[0]) cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, g->title);
    }
    cairo_t *cr = cairo_create(s);
    if (k == FIG_PNG) cairo_scale(cr, FIG_PNG_SCALE, FIG_PNG_SCALE);
    if (g->one) draw(g->one, cr, face);
    else draw_grid_sheet(g, cr, face);
    int bad = cairo_status(cr) != CAIRO_STATUS_SUCCESS;
    cairo_destroy(cr);
    if (k == FIG_PNG && !bad)
        bad = cairo_surface_write_to_png_stream(s, to_file, out) != CAIRO_STATUS_SUCCESS;
    cairo_surface_finish(s);
    bad |= cairo_surface_status(s) != CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(s);
    return bad ? SIM_EIO : 0;
}

static int write_one(const sheet *g, const char *stem, int k, cairo_font_face_t *face,
                     char *err, size_t n)
{
    static const char *const ext[3] = {"png", "svg", "pdf"};
    char path[4200];
    const char *e = ext[k == FIG_PNG ? 0 : k == FIG_SVG ? 1 : 2];
    snprintf(path, sizeof path, "%s.%s", stem, e);
    afile *a = afile_open(path);
    if (!a) {
        snprintf(err, n, "cannot write %s: %s", path, strerror(errno));
        return SIM_EIO;
    }
    int rc;
    if (k == FIG_SVG) {   /* through memory, to renumber it */
        char *buf = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&buf, &len);
        rc = mem ? render(g, k, face, mem) : SIM_ENOMEM;
        if (mem && fclose(mem) != 0 && !rc) rc = SIM_ENOMEM;
        if (!rc) rc = svg_renumber(buf, len, afile_stream(a));
        free(buf);
    } else {
        rc = render(g, k, face, afile_stream(a));
    }
    if (rc) afile_abort(a);
    if (!rc && afile_commit(a) != 0) rc = SIM_EIO;
    if (rc) snprintf(err, n, "cannot write %s: %s", path, errno ? strerror(errno) : "cairo failed");
    return rc;
}

static int write_sheet(const sheet *g, const char *stem, unsigned formats, char *err,
                       size_t err_len)
{
    if (!formats) return 0;
    cairo_font_face_t *face = font_open(err, err_len);
    if (!face) return SIM_EIO;
    int rc = 0;
    for (int k = FIG_PNG; !rc && k <= FIG_PDF; k <<= 1)
        if (formats & (unsigned)k) rc = write_one(g, stem, k, face, err, err_len);
    cairo_font_face_destroy(face);
    return rc;
}

int fig_write(fig *f, const char *stem, unsigned formats, char *err, size_t err_len)
{
    sheet g = {f->w, f->h, f->title, f, NULL, 0, 1, "", NULL, 0};
    return write_sheet(&g, stem, formats, err, err_len);
}

int fig_grid_write(fig *const *panels, int n, int cols, const fig_sheet *sh, const char *stem,
                   unsigned formats, char *err, size_t err_len)
{
    if (n < 1 || cols < 1 || !panels || (sh->n_key > 0 && !sh->key)) {
        snprintf(err, err_len, "a grid of figures needs panels");
        return SIM_EINVAL;
    }
    sheet g = {sh->width > 100 ? sh->width : 100, sh->height > 80 ? sh->height : 80,
               sh->title ? sh->title : "", NULL, panels, n, cols > n ? n : cols,
               sh->caption ? sh->caption : "", sh->key, sh->n_key > 0 ? sh->n_key : 0};
    return write_sheet(&g, stem, formats, err, err_len);
}

int fig_layout_get(fig *f, fig_box *plot, fig_box *legend, int *outside)
{
    char err[256];
    cairo_font_face_t *face = font_open(err, sizeof err);
    if (!face) return SIM_EIO;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 4, 4);
    cairo_t *cr = cairo_create(s);
    text_setup(cr, face);
    fig_layout(f, cr);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    cairo_font_face_destroy(face);
    if (plot) *plot = f->plot;
    if (legend) *legend = f->legend;
    if (outside) *outside = f->legend_outside;
    return 0;
}
