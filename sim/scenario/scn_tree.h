/* scn_tree.h - one YAML document as a compact tree, built from libyaml's events with limits
 * checked while it is parsed (private to the scenario module).
 *
 * libyaml's own loader builds a node tree with no limit of depth or size and looks anchors
 * up in a list; a file of 100,000 nested '[' took 26 s in its scanner. This builder reads
 * events and stops at the first one past a limit, so a hostile file costs at most the
 * limits' worth of work: SCN_TREE_DEPTH_MAX nested collections, SCN_TREE_NODES_MAX nodes,
 * SCN_TREE_ITEMS_MAX items in one list or pairs in one mapping, one document. Anchors are kept in a hash table; an alias names a node defined before it
 * (never one that contains it, so the tree has no cycle). Scalars holding a NUL byte are
 * refused (C text would silently end there). */
#ifndef FRONTIER_SCN_TREE_H
#define FRONTIER_SCN_TREE_H
#include <stddef.h>

#define SCN_TREE_DEPTH_MAX 64
#define SCN_TREE_NODES_MAX 2000000
#define SCN_TREE_ITEMS_MAX 100000   /* items of one list, pairs of one mapping */

enum { SCN_NODE_SCALAR, SCN_NODE_LIST, SCN_NODE_MAP };

typedef struct scn_node {
    int type;                   /* SCN_NODE_* */
    int line, col;              /* 1-based position of its first character */
    const char *text;           /* scalar: its text; NULL otherwise */
    int first, n;               /* list: n items at kids[first..]; map: n key/value pairs at
                                 * kids[first + 2i], kids[first + 2i + 1] */
} scn_node;

typedef struct scn_tree {
    scn_node *nodes;
    int n_nodes, cap_nodes;
    int *kids;
    int n_kids, cap_kids;
    char *text;                 /* every scalar's text, NUL-terminated one after another */
    int n_text, cap_text;
    int root;                   /* index of the root node, -1 for an empty document */
} scn_tree;

/* Why a build failed: where, and a message ("syntax error: ...", "expected at most 64
 * nested levels, found more", ...). nomem is set when memory ran out. */
typedef struct scn_tree_error {
    int line, col;
    int nomem;
    char msg[400];
} scn_tree_error;

/* Parses buf[0..len) into t. Returns 0, or -1 with *err filled (t is then empty). */
int scn_tree_build(const char *buf, size_t len, scn_tree *t, scn_tree_error *err);
void scn_tree_free(scn_tree *t);

static inline const scn_node *scn_tree_kid(const scn_tree *t, const scn_node *n, int i)
{
    return &t->nodes[t->kids[n->first + i]];
}

/* For each pair i of map, the index of the first pair with the same key text (i itself
 * when none is earlier; keys that are not scalars count as unique), into first[0..n).
 * Hash lookups: constant time per key. Returns 0 or -1 when out of memory. */
int scn_tree_first_keys(const scn_tree *t, const scn_node *map, int *first);

#endif
