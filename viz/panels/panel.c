/* panel.c - the replies and drawing helpers the classroom panels share. */
#include "panels/panel.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void panel_reply_init(panel_reply *out)
{
    memset(out, 0, sizeof *out);
    out->pause = PANEL_KEEP;
}

void panel_say(panel_reply *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->status, sizeof out->status, fmt, ap);
    va_end(ap);
}

void panel_fill(const panel_ctx *c, SDL_Rect q, SDL_Color col)
{
    SDL_SetRenderDrawColor(c->r, col.r, col.g, col.b, col.a);
    SDL_RenderFillRect(c->r, &q);
}

void panel_frame(const panel_ctx *c, SDL_Rect q, SDL_Color bg, SDL_Color edge)
{
    panel_fill(c, q, bg);
    SDL_SetRenderDrawColor(c->r, edge.r, edge.g, edge.b, edge.a);
    SDL_RenderDrawRect(c->r, &q);
}
