/* meters.h - consequence meters for a class: how each audience sees the run, in words.
 *
 * Four cells in a 2 x 2 grid in the HUD, named with the scenario's sides: the state's public
 * (the threat score: calm, uneasy, alarmed, furious), the host government (cooperation and
 * grievance: cooperating, hesitant, unwilling, angry), the militants (capacity, the sum of K
 * over the sum of K0, in percent) and the world (ceasefire, mediating, urging restraint,
 * watching). Drawn from plain values so tests can fill them by hand. */
#ifndef FRONTIER_METERS_H
#define FRONTIER_METERS_H
#include "draw/text.h"
#include "model/model.h"
#include <SDL.h>

typedef struct meters_data {
    char public_label[96], host_label[96], militant_label[96];  /* "Pakistan's public" */
    double threat, cooperation, grievance;
    double capacity;              /* sum K / sum K0 over sanctuaries, in [0, 1] */
    double restraint;             /* mediation + international restraint on the threshold */
    int mediation_active, ceasefire_active;
} meters_data;

/* Fills d from model m's present state and scenario's names. */
void meters_fill(meters_data *d, const model *m);

/* The words the meters show. */
const char *meters_public_word(double threat);
const char *meters_host_word(double cooperation, double grievance);
const char *meters_world_word(const meters_data *d);

/* Height of the grid for text t; draws it at the top of area. */
int meters_height(text *t, double scale);
void meters_draw(SDL_Renderer *r, text *t, SDL_Rect area, const meters_data *d);

#endif
