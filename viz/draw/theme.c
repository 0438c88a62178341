/* theme.c - the view's two themes. */
#include "draw/theme.h"
#include <string.h>

static const theme themes[THEME_N] = {
    [THEME_DEFAULT] = {"default", 1.0, 1.0, {255, 255, 255, 255}, {255, 255, 250, 235},
                       {20, 20, 24, 255}, {95, 95, 100, 255}, {150, 30, 20, 255},
                       {20, 20, 24, 255}, 7},
    /* Projectors wash out pale colours: dark panels, near-white text, a dimmed map so the
     * markers and the border stand out, and larger type for the back of the room. */
    [THEME_PROJECTOR] = {"projector", 1.35, 1.6, {200, 200, 200, 255}, {8, 8, 12, 240},
                         {255, 255, 255, 255}, {190, 190, 198, 255}, {255, 205, 40, 255},
                         {255, 255, 255, 255},
                         /* a class follows a month a minute (docs/teaching.md) */
                         0.5},
};

const theme *theme_get(int id)
{
    return &themes[id > 0 && id < THEME_N ? id : THEME_DEFAULT];
}

int theme_find(const char *name)
{
    for (int i = 0; name && i < THEME_N; i++)
        if (!strcmp(themes[i].name, name)) return i;
    return -1;
}
