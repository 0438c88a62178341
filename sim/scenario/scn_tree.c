/* scn_tree.c - a YAML document as a compact tree, from libyaml's event API, with limits. */
#include "scenario/scn_tree.h"
#include "base/alloc.h"
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

/* An open collection: its node and where its children start on the pending stack. */
typedef struct frame {
    int node;
    int kids_at;
    char *anchor;               /* named when it closes, so no alias can point inside it */
} frame;

typedef struct anchor {
    char *name;                 /* NULL: free slot */
    int node;
} anchor;

typedef struct builder {
    scn_tree *t;
    scn_tree_error *err;
    frame open[SCN_TREE_DEPTH_MAX];
    int depth;
    int *pend;                  /* children of the open collections, in order */
    int n_pend, cap_pend;
    anchor *anchors;            /* open addressing, capacity a power of two */
    int n_anchors, cap_anchors;
    int docs;
    int failed;
} builder;

static int fail(builder *b, const yaml_mark_t *at, const char *msg)
{
    b->err->line = at ? (int)at->line + 1 : 0;
    b->err->col = at ? (int)at->column + 1 : 0;
    snprintf(b->err->msg, sizeof b->err->msg, "%s", msg);
    b->failed = 1;
    return -1;
}

static int nomem(builder *b)
{
    b->err->nomem = 1;
    return fail(b, NULL, "out of memory");
}

/* ---- anchors ------------------------------------------------------------------------ */

static uint64_t hash_text(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return h;
}

static anchor *anchor_slot(anchor *tab, int cap, const char *name)
{
    for (uint64_t i = hash_text(name);; i++) {
        anchor *a = &tab[i & (uint64_t)(cap - 1)];
        if (!a->name || strcmp(a->name, name) == 0) return a;
    }
}

static int anchors_grow(builder *b)
{
    int cap = b->cap_anchors ? 2 * b->cap_anchors : 64;
    anchor *tab = sim_calloc((size_t)cap, sizeof *tab);
    if (!tab) return -1;
    for (int i = 0; i < b->cap_anchors; i++)
        if (b->anchors[i].name) *anchor_slot(tab, cap, b->anchors[i].name) = b->anchors[i];
    sim_free(b->anchors);
    b->anchors = tab;
    b->cap_anchors = cap;
    return 0;
}

/* Names node by anchor (a later anchor of the same name replaces it, as YAML says). */
static int anchor_set(builder *b, const yaml_char_t *name, int node)
{
    if (!name) return 0;
    if (2 * (b->n_anchors + 1) > b->cap_anchors && anchors_grow(b)) return nomem(b);
    anchor *a = anchor_slot(b->anchors, b->cap_anchors, (const char *)name);
    if (!a->name) {
        if (!(a->name = sim_strdup((const char *)name))) return nomem(b);
        b->n_anchors++;
    }
    a->node = node;
    return 0;
}

static int anchor_get(const builder *b, const yaml_char_t *name)
{
    if (!b->cap_anchors) return -1;
    const anchor *a = anchor_slot(b->anchors, b->cap_anchors, (const char *)name);
    return a->name ? a->node : -1;
}

/* ---- nodes -------------------------------------------------------------------------- */

static int new_node(builder *b, int type, const yaml_mark_t *at)
{
    scn_tree *t = b->t;
    if (t->n_nodes >= SCN_TREE_NODES_MAX) {
        char msg[96];
        snprintf(msg, sizeof msg, "expected at most %d YAML nodes, found more",
                 SCN_TREE_NODES_MAX);
        return fail(b, at, msg);
    }
    if (sim_grow(&t->nodes, &t->cap_nodes, t->n_nodes, sizeof *t->nodes, 256)) return nomem(b);
    scn_node *n = &t->nodes[t->n_nodes];
    *n = (scn_node){type, (int)at->line + 1, (int)at->column + 1, NULL, 0, 0};
    return t->n_nodes++;
}

/* Gives node to the open collection, or makes it the root. */
static int attach(builder *b, int node)
{
    if (b->depth == 0) {
        b->t->root = node;
        return 0;
    }
    const frame *f = &b->open[b->depth - 1];
    int per = b->t->nodes[f->node].type == SCN_NODE_MAP ? 2 : 1;
    if (b->n_pend - f->kids_at >= per * SCN_TREE_ITEMS_MAX) {
        char msg[96];
        const scn_node *at = &b->t->nodes[node];
        snprintf(msg, sizeof msg, "expected at most %d %s, found more", SCN_TREE_ITEMS_MAX,
                 per == 2 ? "keys in one mapping" : "items in one list");
        yaml_mark_t m = {0, (size_t)(at->line - 1), (size_t)(at->col - 1)};
        return fail(b, &m, msg);
    }
    if (sim_grow(&b->pend, &b->cap_pend, b->n_pend, sizeof *b->pend, 256)) return nomem(b);
    b->pend[b->n_pend++] = node;
    return 0;
}

/* Copies a scalar's text into the tree; its offset is kept in node.first until the end. */
static int scalar(builder *b, const yaml_event_t *ev)
{
    size_t len = ev->data.scalar.length;
    const char *v = (const char *)ev->data.scalar.value;
    if (memchr(v, '\0', len))
        return fail(b, &ev->start_mark, "expected text without NUL characters, found one");
    int id = new_node(b, SCN_NODE_SCALAR, &ev->start_mark);
    if (id < 0) return -1;
    scn_tree *t = b->t;
    if ((size_t)(t->cap_text - t->n_text) < len + 1) {
        size_t cap = t->cap_text ? (size_t)t->cap_text : 4096;
        while (cap - (size_t)t->n_text < len + 1) cap *= 2;
        if (cap > INT32_MAX) return nomem(b);
        char *text = sim_realloc(t->text, cap);
        if (!text) return nomem(b);
        t->text = text;
        t->cap_text = (int)cap;
    }
    memcpy(t->text + t->n_text, v, len + 1);
    t->nodes[id].first = t->n_text;
    t->n_text += (int)len + 1;
    if (anchor_set(b, ev->data.scalar.anchor, id)) return -1;
    return attach(b, id);
}

static int open_collection(builder *b, const yaml_event_t *ev, int type)
{
    if (b->depth >= SCN_TREE_DEPTH_MAX) {
        char msg[96];
        snprintf(msg, sizeof msg, "expected at most %d nested levels of lists and mappings, "
                 "found more", SCN_TREE_DEPTH_MAX);
        return fail(b, &ev->start_mark, msg);
    }
    int id = new_node(b, type, &ev->start_mark);
    if (id < 0) return -1;
    const yaml_char_t *name = type == SCN_NODE_MAP ? ev->data.mapping_start.anchor
                                                   : ev->data.sequence_start.anchor;
    char *copy = NULL;
    if (name && !(copy = sim_strdup((const char *)name))) return nomem(b);
    b->open[b->depth++] = (frame){id, b->n_pend, copy};
    return 0;
}

/* Moves the children of the innermost collection into the tree's kids, in one run. */
static int close_collection(builder *b)
{
    frame f = b->open[--b->depth];
    scn_tree *t = b->t;
    int k = b->n_pend - f.kids_at;
    while (t->cap_kids - t->n_kids < k)
        if (sim_grow(&t->kids, &t->cap_kids, t->cap_kids, sizeof *t->kids, 1024))
            return nomem(b);
    if (k > 0)   /* kids and pend are NULL until the first child: no arithmetic on NULL */
        memcpy(t->kids + t->n_kids, b->pend + f.kids_at, (size_t)k * sizeof *t->kids);
    scn_node *n = &t->nodes[f.node];
    n->first = t->n_kids;
    n->n = n->type == SCN_NODE_MAP ? k / 2 : k;
    t->n_kids += k;
    b->n_pend = f.kids_at;
    int rc = anchor_set(b, (const yaml_char_t *)f.anchor, f.node);
    sim_free(f.anchor);
    return rc ? rc : attach(b, f.node);
}

static int alias(builder *b, const yaml_event_t *ev)
{
    int id = anchor_get(b, ev->data.alias.anchor);
    if (id < 0) {
        char msg[160];
        snprintf(msg, sizeof msg, "expected an anchor defined before this alias, found "
                 "'*%.64s' undefined (or inside the node it names)",
                 (const char *)ev->data.alias.anchor);
        return fail(b, &ev->start_mark, msg);
    }
    return attach(b, id);
}

/* ---- the event loop ----------------------------------------------------------------- */

/* Line and column of byte offset off in buf, 1-based. */
static void offset_mark(const char *buf, size_t len, size_t off, int *line, int *col)
{
    *line = *col = 1;
    for (size_t i = 0; i < off && i < len; i++) {
        if (buf[i] == '\n') ++*line, *col = 1;
        else ++*col;
    }
}

static int syntax_error(builder *b, const yaml_parser_t *p, const char *buf, size_t len)
{
    if (p->error == YAML_MEMORY_ERROR) return nomem(b);
    const char *what = p->problem ? p->problem : "malformed YAML";
    char msg[400];
    if (p->context)
        snprintf(msg, sizeof msg, "syntax error: %s (%s at line %d)", what, p->context,
                 (int)p->context_mark.line + 1);
    else if (p->error == YAML_READER_ERROR)
        snprintf(msg, sizeof msg, "syntax error: %s (is this a text file?)", what);
    else snprintf(msg, sizeof msg, "syntax error: %s", what);
    fail(b, &p->problem_mark, msg);
    if (p->error == YAML_READER_ERROR)
        offset_mark(buf, len, p->problem_offset, &b->err->line, &b->err->col);
    return -1;
}

/* Handles one event. Returns 1 at the end of the stream, 0 to go on, -1 on failure. */
static int on_event(builder *b, const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (b->docs > 0)
            return fail(b, &ev->start_mark, "expected one YAML document, found a second one "
                        "(a line '---' starts another document)");
        return 0;
    case YAML_DOCUMENT_END_EVENT: b->docs++; return 0;
    case YAML_STREAM_END_EVENT: return 1;
    case YAML_ALIAS_EVENT: return alias(b, ev);
    case YAML_SCALAR_EVENT: return scalar(b, ev);
    case YAML_SEQUENCE_START_EVENT: return open_collection(b, ev, SCN_NODE_LIST);
    case YAML_MAPPING_START_EVENT: return open_collection(b, ev, SCN_NODE_MAP);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: return close_collection(b);
    default: return 0;
    }
}

/* Points each scalar at its text, now that the text no longer moves. */
static void finish_texts(scn_tree *t)
{
    for (int i = 0; i < t->n_nodes; i++) {
        scn_node *n = &t->nodes[i];
        if (n->type != SCN_NODE_SCALAR) continue;
        n->text = t->text + n->first;
        n->first = 0;
    }
}

static void builder_free(builder *b)
{
    for (int i = 0; i < b->depth; i++) sim_free(b->open[i].anchor);
    for (int i = 0; i < b->cap_anchors; i++) sim_free(b->anchors[i].name);
    sim_free(b->anchors);
    sim_free(b->pend);
}

int scn_tree_build(const char *buf, size_t len, scn_tree *t, scn_tree_error *err)
{
    memset(t, 0, sizeof *t);
    memset(err, 0, sizeof *err);
    t->root = -1;
    builder b = {.t = t, .err = err};
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) return nomem(&b);
    yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
    for (int done = 0; !done && !b.failed;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            syntax_error(&b, &p, buf, len);
            break;
        }
        done = on_event(&b, &ev);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    builder_free(&b);
    if (b.failed) {
        scn_tree_free(t);
        return -1;
    }
    finish_texts(t);
    return 0;
}

void scn_tree_free(scn_tree *t)
{
    if (!t) return;
    sim_free(t->nodes);
    sim_free(t->kids);
    sim_free(t->text);
    memset(t, 0, sizeof *t);
    t->root = -1;
}

/* ---- duplicate keys ----------------------------------------------------------------- */

/* Mappings this small are compared pair by pair: at most 64 comparisons, less than a
 * table costs to build. */
#define SMALL_MAP 8

int scn_tree_first_keys(const scn_tree *t, const scn_node *map, int *first)
{
    int n = map->n;
    if (n <= SMALL_MAP) {
        for (int i = 0; i < n; i++) {
            const char *k = scn_tree_kid(t, map, 2 * i)->text;
            first[i] = i;
            for (int j = 0; k && j < i; j++) {
                const char *e = scn_tree_kid(t, map, 2 * j)->text;
                if (e && strcmp(e, k) == 0) { first[i] = j; break; }
            }
        }
        return 0;
    }
    int cap = 16;
    while (cap < 2 * n) cap *= 2;
    int *slot = sim_malloc((size_t)cap * sizeof *slot);   /* pair index + 1, 0 = free */
    if (!slot) return -1;
    memset(slot, 0, (size_t)cap * sizeof *slot);
    for (int i = 0; i < n; i++) {
        const char *k = scn_tree_kid(t, map, 2 * i)->text;
        first[i] = i;
        if (!k) continue;
        for (uint64_t h = hash_text(k);; h++) {
            int *s = &slot[h & (uint64_t)(cap - 1)];
            if (*s == 0) { *s = i + 1; break; }
            if (strcmp(scn_tree_kid(t, map, 2 * (*s - 1))->text, k) == 0) {
                first[i] = *s - 1;
                break;
            }
        }
    }
    sim_free(slot);
    return 0;
}
