/* test_meters.c - the audiences' consequence meters: words, values from the model, drawing. */
#include "draw/text.h"
#include "layers/meters.h"
#include "model/model.h"
#include <SDL.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

TestSuite(meters);

Test(meters, words_follow_the_values)
{
    cr_assert_str_eq(meters_public_word(0.1), "calm");
    cr_assert_str_eq(meters_public_word(0.62), "alarmed");
    cr_assert_str_eq(meters_public_word(0.9), "furious");
    cr_assert_str_eq(meters_host_word(0.6, 0.2), "cooperating");
    cr_assert_str_eq(meters_host_word(0.6, 4.0), "angry");
    cr_assert_str_eq(meters_host_word(0.1, 0.0), "unwilling");
    meters_data d = {.restraint = 0.05};
    cr_assert_str_eq(meters_world_word(&d), "urging restraint");
    d.mediation_active = 1;
    cr_assert_str_eq(meters_world_word(&d), "mediating");
    d.ceasefire_active = 1;
    cr_assert_str_eq(meters_world_word(&d), "ceasefire");
}

Test(meters, the_model_fills_them_with_the_scenarios_names_and_its_capacity)
{
    scn_errors errs = {0};
    scenario *s = scenario_load("scenarios/kabul-ultimatum-2023.yaml", NULL, 0, &errs);
    cr_assert_not_null(s);
    model *m = model_create(s, 1, 0, MODEL_KEEP_ALL, NULL);
    cr_assert_eq(model_run_until(m, 120), 0);
    meters_data d;
    meters_fill(&d, m);
    cr_assert_str_eq(d.public_label, "Pakistan's public");
    cr_assert_str_eq(d.militant_label, "TTP strength");
    const model_day *day = model_day_at(m, model_day_count(m) - 1);
    cr_assert(fabs(d.capacity - day->capacity) < 0.02, "capacity %g vs the day's %g",
              d.capacity, day->capacity);
    model_state st;
    model_state_get(m, &st);
    cr_assert(fabs(d.threat - st.threat) < 1e-12);
    model_destroy(m);
    scenario_destroy(s);
    scn_errors_free(&errs);
}

Test(meters, the_public_bar_is_red_as_far_as_the_threat)
{
    char err[256];
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 400, 120, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
    text *t = text_create(r, 1.0, err, sizeof err);
    cr_assert_not_null(t, "%s", err);
    meters_data d = {.public_label = "Statia's public", .host_label = "Kordan",
                     .militant_label = "Band strength", .threat = 0.8, .capacity = 0.5};
    SDL_SetRenderDrawColor(r, 0, 0, 0, 255);
    SDL_RenderClear(r);
    meters_draw(r, t, (SDL_Rect){0, 0, 400, meters_height(t, 1.0)}, &d);
    int bw = 195 * 38 / 100, y = text_height(t, TEXT_SMALL) + text_height(t, TEXT_BOLD) / 2;
    Uint32 *px = s->pixels;
    SDL_Color in, out;
    SDL_GetRGBA(px[y * (s->pitch / 4) + bw * 7 / 10], s->format, &in.r, &in.g, &in.b, &in.a);
    SDL_GetRGBA(px[y * (s->pitch / 4) + bw * 9 / 10], s->format, &out.r, &out.g, &out.b, &out.a);
    cr_assert(in.r > 200 && in.g < 100, "inside the threat: red, got %d %d %d", in.r, in.g, in.b);
    cr_assert(out.r < 100, "beyond the threat: the empty bar, got %d %d %d", out.r, out.g, out.b);
    text_destroy(t);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
}
