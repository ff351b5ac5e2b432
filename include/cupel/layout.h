/* layout.h - the revision graph in lanes, newest first, as text cells
 * (like tig's graph): a node line per revision plus connector lines where
 * lanes join (a branch point) or split (a merge). No curses here: the TUI
 * and `cupel graph --format text` both draw from it. */
#ifndef CUPEL_LAYOUT_H
#define CUPEL_LAYOUT_H

#include <stddef.h>

#include "cupel/revgraph.h"

enum layout_charset { LAYOUT_UNICODE, LAYOUT_ASCII };

struct layout_row {
	size_t rev;        /* revision index */
	unsigned col;      /* the node's lane */
	const char *pre;   /* lanes joining into the node (above it), or NULL */
	const char *node;  /* the node line's graph cells */
	const char *post;  /* lanes opened for more parents (below it), or NULL */
};

struct layout {
	struct layout_row *rows;
	size_t n;
	unsigned max_lanes;
};

/* Lay out `order` (newest first, e.g. the history order). */
struct layout *layout_build(struct arena *a, const struct revgraph *g, const struct idxlist *order,
			    enum layout_charset cs);

#endif
