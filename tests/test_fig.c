/* test_fig.c - figures through cairo (plot/fig.h): the three formats, byte-identical output,
 * legends that never sit on the data, a visible band swatch, and the commands' figures. */
#include "base/err.h"
#include "plot/fig.h"
#include "plot/plot.h"
#include "support.h"
#include <cairo.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[512];

static void setup(void) { support_temp_dir(dir, sizeof dir, "fig"); }
static void teardown(void) { support_remove_tree(dir); }

TestSuite(fig, .init = setup, .fini = teardown);

/* A fan-like figure: a band, a line through it and a reference line. */
static fig *sample(void)
{
    enum { N = 200 };
    double x[N], lo[N], hi[N], mid[N];
    for (int i = 0; i < N; i++) {
        x[i] = i;
        mid[i] = 0.5 + 0.3 * sin(i / 25.0);
        lo[i] = mid[i] - 0.15, hi[i] = mid[i] + 0.15;
    }
    fig *f = fig_create(FIG_WIDTH, FIG_HEIGHT);
    cr_assert_not_null(f);
    fig_title(f, "A sample");
    fig_labels(f, "day", "value");
    fig_caption(f, "n = 10 replications, seed 1, scenario test.yaml");
    fig_color c = fig_color_at(0);
    cr_assert_eq(fig_band(f, x, lo, hi, N, (fig_style){fig_alpha(c, 0.22), 0, 0, "5-95%"}), 0);
    cr_assert_eq(fig_line(f, x, mid, N, (fig_style){c, 2, 0, "median"}), 0);
    cr_assert_eq(fig_hline(f, 0.9, (fig_style){fig_color_at(3), 1.5, 1, "threshold"}), 0);
    return f;
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

Test(fig, writes_png_svg_and_pdf_and_the_png_has_the_stated_size)
{
    char stem[600], path[700], err[300];
    snprintf(stem, sizeof stem, "%s/s", dir);
    fig *f = sample();
    cr_assert_eq(fig_write(f, stem, FIG_PNG | FIG_SVG | FIG_PDF, err, sizeof err), 0, "%s", err);
    fig_destroy(f);
    snprintf(path, sizeof path, "%s.png", stem);
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    cr_assert_eq(cairo_surface_status(s), CAIRO_STATUS_SUCCESS, "not a PNG");
    cr_assert_eq(cairo_image_surface_get_width(s), (int)(FIG_WIDTH * FIG_PNG_SCALE));
    cr_assert_eq(cairo_image_surface_get_height(s), (int)(FIG_HEIGHT * FIG_PNG_SCALE));
    cairo_surface_destroy(s);
    snprintf(path, sizeof path, "%s.svg", stem);
    char *svg = support_slurp(path);
    cr_assert(strncmp(svg, "<?xml", 5) == 0 && strstr(svg, "<svg") && strstr(svg, "</svg>"));
    free(svg);
    snprintf(path, sizeof path, "%s.pdf", stem);
    char *pdf = support_slurp(path);
    cr_assert(strncmp(pdf, "%PDF-", 5) == 0 && file_size(path) > 1000);
    cr_assert_null(strstr(pdf, "/CreationDate"), "a PDF with a date differs every run");
    free(pdf);
}

Test(fig, the_same_figure_gives_the_same_bytes)
{
    char a[600], b[600], pa[700], pb[700], err[300];
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);
    for (int k = 0; k < 2; k++) {
        fig *f = sample();
        cr_assert_eq(fig_write(f, k ? b : a, FIG_PNG | FIG_SVG | FIG_PDF, err, sizeof err), 0);
        fig_destroy(f);
    }
    static const char *const ext[3] = {"png", "svg", "pdf"};
    for (int i = 0; i < 3; i++) {
        snprintf(pa, sizeof pa, "%s.%s", a, ext[i]);
        snprintf(pb, sizeof pb, "%s.%s", b, ext[i]);
        long n = file_size(pa);
        cr_assert(n > 0 && n == file_size(pb), "%s sizes differ", ext[i]);
        FILE *fa = fopen(pa, "rb"), *fb = fopen(pb, "rb");
        int same = 1;
        for (int ca, cb; (ca = fgetc(fa)) != EOF; ) same &= (cb = fgetc(fb)) == ca;
        fclose(fa);
        fclose(fb);
        cr_assert(same, "two writes of one figure differ in the %s", ext[i]);
    }
}

/* A figure whose data fill one corner (k = 0 top-right, 1 top-left, 2 bottom-right, 3
 * bottom-left) or, with k = 4, the whole plot. */
static fig *corner(int k)
{
    enum { N = 50 };
    double x[N], y[N], lo[N], hi[N];
    for (int i = 0; i < N; i++) {
        double u = i / (N - 1.0);
        x[i] = (k == 1 || k == 3) ? 0.5 * u : 0.5 + 0.5 * u;
        y[i] = k < 2 ? 0.75 + 0.2 * u : 0.05 + 0.2 * u;
        lo[i] = 0, hi[i] = 1;
    }
    fig *f = fig_create(FIG_WIDTH, FIG_HEIGHT);
    fig_xrange(f, 0, 1);
    fig_yrange(f, 0, 1);
    fig_title(f, "corner");
    if (k == 4) fig_band(f, NULL, lo, hi, N, (fig_style){fig_color_at(1), 0, 0, "everything"});
    else fig_scatter(f, x, y, N, (fig_style){fig_color_at(0), 3, 0, "dots"});
    fig_line(f, x, y, k == 4 ? 0 : N, (fig_style){fig_color_at(2), 2, 0, "line"});
    return f;
}

Test(fig, the_legend_goes_where_it_covers_no_data)
{
    for (int k = 0; k < 4; k++) {
        fig *f = corner(k);
        fig_box plot, leg;
        int outside = -1;
        cr_assert_eq(fig_layout_get(f, &plot, &leg, &outside), 0, "no font");
        cr_assert_eq(outside, 0, "corner %d: there is room inside", k);
        cr_assert(leg.w > 0 && leg.h > 0);
        cr_assert(leg.x >= plot.x && leg.x + leg.w <= plot.x + plot.w && leg.y >= plot.y &&
                  leg.y + leg.h <= plot.y + plot.h, "corner %d: legend outside the plot", k);
        cr_assert_eq(fig_ink_in(f, leg), 0, "corner %d: the legend covers data", k);
        /* and the data were really there: the opposite place would have covered some */
        fig_box data = {plot.x + ((k == 1 || k == 3) ? 0 : plot.w / 2),
                        plot.y + (k < 2 ? 0 : plot.h * 0.7), plot.w / 2, plot.h * 0.3};
        cr_assert_gt(fig_ink_in(f, data), 0, "corner %d: the test's data are not where meant", k);
        fig_destroy(f);
    }
}

Test(fig, a_legend_with_no_free_place_inside_goes_outside_the_plot)
{
    fig *f = corner(4);
    fig_box plot, leg;
    int outside = 0;
    cr_assert_eq(fig_layout_get(f, &plot, &leg, &outside), 0);
    cr_assert_eq(outside, 1, "a band over the whole plot leaves no free place");
    cr_assert_geq(leg.x, plot.x + plot.w, "the legend is to the right of the plot area");
    cr_assert_leq(leg.x + leg.w, FIG_WIDTH + 1e-9, "and inside the figure");
    fig_destroy(f);
}

/* The PNG pixel at (x, y) points as 0xRRGGBB. */
static unsigned pixel(cairo_surface_t *s, double x, double y)
{
    int px = (int)(x * FIG_PNG_SCALE), py = (int)(y * FIG_PNG_SCALE);
    const unsigned char *row = cairo_image_surface_get_data(s) +
                               (size_t)py * (size_t)cairo_image_surface_get_stride(s);
    return ((const unsigned *)row)[px] & 0xffffffu;
}

Test(fig, a_light_band_has_a_visible_swatch_in_the_legend)
{
    char stem[600], path[700], err[300];
    snprintf(stem, sizeof stem, "%s/band", dir);
    fig *f = sample();
    fig_box plot, leg;
    int outside;
    cr_assert_eq(fig_layout_get(f, &plot, &leg, &outside), 0);
    cr_assert_eq(fig_write(f, stem, FIG_PNG, err, sizeof err), 0, "%s", err);
    fig_destroy(f);
    snprintf(path, sizeof path, "%s.png", stem);
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    cairo_surface_flush(s);
    /* the first entry is the 5-95% band: its swatch (24 x 10 pt at 8 pt from the box's left,
     * 7.5 pt from its top) must stand out from the white legend box, and its outline more */
    unsigned fill = pixel(s, leg.x + 8 + 12, leg.y + 7.5 + 5);
    unsigned edge = pixel(s, leg.x + 8 + 0.2, leg.y + 7.5 + 5);
    unsigned paper = pixel(s, leg.x + leg.w - 3, leg.y + leg.h - 3);
    int dr = 255 - (int)(fill >> 16), de = 255 - (int)(edge >> 16);
    cr_assert_eq(paper, 0xffffffu, "the legend box is white: %06x", paper);
    /* alpha 0.22 of the palette's blue (red channel 0) over white takes red down by 56 */
    cr_assert(dr >= 45, "the swatch is too faint: %06x", fill);
    cr_assert(de > dr, "the swatch's outline (%06x) is darker than its fill (%06x)", edge, fill);
    cairo_surface_destroy(s);
}

Test(fig, a_failed_write_names_the_file_and_leaves_nothing)
{
    char stem[600], path[700], err[300] = "";
    snprintf(stem, sizeof stem, "%s/no-such-folder/x", dir);
    fig *f = sample();
    cr_assert_neq(fig_write(f, stem, FIG_PNG | FIG_SVG, err, sizeof err), 0);
    fig_destroy(f);
    cr_assert(strstr(err, "no-such-folder/x.png"), "%s", err);
    snprintf(path, sizeof path, "%s.png", stem);
    cr_assert_neq(access(path, F_OK), 0);
}

Test(fig, plot_lists_parse)
{
    unsigned fm = 99;
    cr_assert(fig_formats_parse("png", &fm) == 0 && fm == FIG_PNG);
    cr_assert(fig_formats_parse("svg,pdf,png", &fm) == 0 && fm == (FIG_PNG | FIG_SVG | FIG_PDF));
    cr_assert(fig_formats_parse("none", &fm) == 0 && fm == 0);
    const char *bad[] = {"", "jpg", "png,", ",png", "png,,svg", "PNG", "png svg"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_eq(fig_formats_parse(bad[i], &fm), -1, "'%s'", bad[i]);
}

Test(fig, whole_numbers_get_one_bar_per_value)
{
    double v[40];
    for (int i = 0; i < 40; i++) v[i] = i % 4;   /* 0..3, ten each */
    fig *f = fig_create(FIG_WIDTH, FIG_HEIGHT);
    cr_assert_eq(fig_histogram(f, v, 40, 30, (fig_style){fig_color_at(0), 0, 0, NULL}), 0);
    fig_box plot;
    cr_assert_eq(fig_layout_get(f, &plot, NULL, NULL), 0);
    /* unit bars centred on 0..3 span x in [-0.5, 3.5] with no gaps; 30 equal bins over [0, 3]
     * would leave x = 0.4 and x = 2.6 bare */
    const double xs[4] = {-0.4, 0.4, 1.6, 2.6};
    for (int i = 0; i < 4; i++) {
        double px = plot.x + (xs[i] + 0.5) / 4 * plot.w;
        fig_box probe = {px - 0.5, plot.y + plot.h * 0.75, 1, 1};
        cr_assert_gt(fig_ink_in(f, probe), 0, "no bar over x = %g", xs[i]);
    }
    const double bad[2] = {NAN, INFINITY};
    cr_assert_eq(fig_histogram(f, bad, 2, 5, (fig_style){fig_color_at(0), 0, 0, NULL}),
                 SIM_EINVAL, "no finite value, no histogram");
    fig_destroy(f);
}

/* ---- the commands' figures -------------------------------------------------------------- */

static int frontier(const char *args)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "%s %s >%s/stdout 2>%s/stderr", support_bin(), args, dir, dir);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void exists(const char *sub, const char *name)
{
    char path[900];
    snprintf(path, sizeof path, "%s/%s/%s", dir, sub, name);
    cr_assert_gt(file_size(path), 1000, "%s missing or tiny", path);
}

Test(fig, ensemble_compare_sweep_and_fit_write_their_figures_in_the_asked_formats)
{
    char args[2000];
    snprintf(args, sizeof args, "ensemble scenarios/kabul-ultimatum-2023.yaml -qn 20 -j1 "
             "--set scenario.days=90 --plots png,svg -o %s/e", dir);
    cr_assert_eq(frontier(args), 0);
    const char *ens[] = {"fan_threat", "fan_attacks", "first_strike_survival", "hist_strikes",
                         "hist_casualties"};
    for (int i = 0; i < 5; i++) {
        char name[64];
        snprintf(name, sizeof name, "%s.png", ens[i]);
        exists("e", name);
        snprintf(name, sizeof name, "%s.svg", ens[i]);
        exists("e", name);
    }
    snprintf(args, sizeof args, "compare scenarios/kabul-ultimatum-2023.yaml "
             "scenarios/variants/lower-threshold.yaml -qn 20 -j1 --set scenario.days=90 "
             "--plots pdf -o %s/c", dir);
    cr_assert_eq(frontier(args), 0);
    exists("c", "compare_survival.pdf");
    exists("c", "compare_effects.pdf");
    snprintf(args, sizeof args, "sweep scenarios/kabul-ultimatum-2023.yaml -qn 5 -j1 "
             "--set scenario.days=90 --vary state.strike.threshold=0.6,0.9 -o %s/s", dir);
    cr_assert_eq(frontier(args), 0);
    exists("s", "sweep_p_strike_1.png");
    exists("s", "sweep_strikes_1.png");
    snprintf(args, sizeof args, "fit tests/fixtures/synthetic-gtd.csv --actor TTP --background constant -q "
             "-o %s/f/fit.yaml",
             dir);
    cr_assert_eq(frontier(args), 0);
    exists("f", "fit-counts.png");
    exists("f", "fit-ks.png");
    snprintf(args, sizeof args, "ensemble scenarios/kabul-ultimatum-2023.yaml -qn 5 --no-plots "
             "-o %s/np", dir);
    cr_assert_eq(frontier(args), 0);
    char path[900];
    snprintf(path, sizeof path, "%s/np/fan_threat.png", dir);
    cr_assert_neq(access(path, F_OK), 0, "--no-plots draws nothing");
    snprintf(args, sizeof args, "ensemble scenarios/kabul-ultimatum-2023.yaml -n 5 --plots gif");
    cr_assert_eq(frontier(args), 2);
}

Test(fig, a_grid_lays_every_panel_out_in_its_cell_and_gives_the_same_bytes)
{
    char stem[600], path[700], err[300];
    fig *p[3] = {sample(), sample(), sample()};
    const char *key[2] = {"factors:", "1  a factor"};
    fig_sheet sh = {600, 400, "Three panels", "n = 3 replications, seed 1", key, 2};
    snprintf(stem, sizeof stem, "%s/g", dir);
    cr_assert_eq(fig_grid_write(p, 3, 2, &sh, stem, FIG_PNG, err, sizeof err), 0, "%s", err);
    snprintf(path, sizeof path, "%s.png", stem);
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    cr_assert_eq(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cr_assert_eq(cairo_image_surface_get_width(s), 600 * FIG_PNG_SCALE);
    cr_assert_eq(cairo_image_surface_get_height(s), 400 * FIG_PNG_SCALE);
    cairo_surface_destroy(s);
    long first = file_size(path);
    fig_box plot, legend;
    int outside = 0;
    for (int i = 0; i < 3; i++) {   /* a panel is half the sheet wide and under half as high */
        cr_assert_eq(fig_layout_get(p[i], &plot, &legend, &outside), 0);
        cr_assert_lt(plot.x + plot.w, 300.0);
        cr_assert_lt(plot.y + plot.h, 200.0);
        if (!outside) cr_assert_eq(fig_ink_in(p[i], legend), 0, "legend on data in panel %d", i);
    }
    cr_assert_eq(fig_grid_write(p, 3, 2, &sh, stem, FIG_PNG, err, sizeof err), 0, "%s", err);
    cr_assert_eq(file_size(path), first);
    for (int i = 0; i < 3; i++) fig_destroy(p[i]);
    cr_assert_eq(fig_grid_write(p, 0, 2, &sh, stem, FIG_PNG, err, sizeof err), SIM_EINVAL);
}

Test(fig, sensitivity_draws_its_panels_in_the_asked_formats)
{
    char args[2000];
    snprintf(args, sizeof args, "sensitivity scenarios/kabul-ultimatum-2023.yaml -q -j1 "
             "--set scenario.days=90 --vary host.cooperation=0:0.5 -n 8 --bootstrap 20 "
             "--plots png,svg -o %s/sens", dir);
    cr_assert_eq(frontier(args), 0);
    exists("sens", "sensitivity.png");
    exists("sens", "sensitivity.svg");
    char path[900];
    snprintf(path, sizeof path, "%s/sens/sensitivity.pdf", dir);
    cr_assert_neq(access(path, F_OK), 0, "only the formats asked for");
}

/* A series keeps its own copy of its label; the labels must survive the series array's
 * growth (a debrief with eight strikes and three lines lost its legend's words, and cairo
 * refused the figure as invalid UTF-8). */
Test(fig, labels_survive_many_series)
{
    char stem[600], err[300];
    snprintf(stem, sizeof stem, "%s/many", dir);
    fig *f = fig_create(640, 400);
    cr_assert_not_null(f);
    fig_xrange(f, 0, 100);
    fig_yrange(f, 0, 1);
    for (int i = 0; i < 40; i++) {
        char label[32];
        snprintf(label, sizeof label, "line %d", i);
        cr_assert_eq(fig_vline(f, 2.0 * i, (fig_style){fig_color_at(i % 5), 1, 0, label}), 0);
    }
    cr_assert_eq(fig_write(f, stem, FIG_PNG | FIG_SVG, err, sizeof err), 0, "%s", err);
    fig_destroy(f);
    char path[700];
    snprintf(path, sizeof path, "%s.svg", stem);
    FILE *in = fopen(path, "rb");
    cr_assert_not_null(in);
    fclose(in);
}
