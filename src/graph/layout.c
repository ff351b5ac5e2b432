/* layout.c - lane assignment and connector lines for the revision graph. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cupel/layout.h"
#include "cupel/strbuf.h"

#define LANE_EMPTY SIZE_MAX

enum cell { C_NONE, C_VERT, C_NODE, C_JOIN_L, C_JOIN_R, C_JOIN_LR, C_IN_R, C_IN_L, C_OUT_R, C_OUT_L, C_CROSS, C_HORIZ };

static const char *const cells_unicode[] = { " ", "│", "●", "┤", "├", "┼", "╯", "╰", "╮", "╭", "┼", "─" };
static const char *const cells_ascii[] = { " ", "|", "*", "+", "+", "+", "'", "`", ".", ",", "+", "-" };

struct lanes {
	size_t *v;
	size_t n, cap;
};

static void lanes_set(struct lanes *l, size_t k, size_t rev)
{
	while (k >= l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		if (!l->v)
			abort();
	}
	while (l->n <= k)
		l->v[l->n++] = LANE_EMPTY;
	l->v[k] = rev;
}

static size_t lanes_free_slot(struct lanes *l)
{
	for (size_t k = 0; k < l->n; k++)
		if (l->v[k] == LANE_EMPTY)
			return k;
	return l->n;
}

/* Render a connector line: lanes in `ends` attach to `col` horizontally. */
/* The cells of a charset with their lengths, and one buffer for every
 * line: 10,000 rows must not cost a malloc and a call per character. */
struct cellset {
	char s[C_HORIZ + 1][4]; /* each cell's bytes (3 at most), padded */
	size_t len[C_HORIZ + 1];
};

/* Room for a line of width lanes (a cell and its gap: 3 bytes each at
 * most), and for a whole padded cell written at its end. */
static void line_start(struct strbuf *sb, size_t width)
{
	strbuf_reset(sb);
	strbuf_grow(sb, width * 6 + 4);
}

/* Four bytes copied whatever the cell's length: one store, no call. */
static inline void line_cell(struct strbuf *sb, const struct cellset *cs, enum cell c)
{
	memcpy(sb->buf + sb->len, cs->s[c], 4);
	sb->len += cs->len[c];
}

static const char *line_done(struct arena *a, struct strbuf *sb)
{
	sb->buf[sb->len] = '\0';
	return arena_strndup(a, sb->buf, sb->len);
}

static const char *layout_connect(struct arena *a, struct strbuf *sb, const struct lanes *l, size_t col,
				  const bool *ends, size_t width, bool joining, const struct cellset *cs)
{
	size_t lo = col, hi = col;
	for (size_t k = 0; k < width; k++)
		if (ends[k]) {
			if (k < lo)
				lo = k;
			if (k > hi)
				hi = k;
		}
	line_start(sb, width);
	for (size_t k = 0; k < width; k++) {
		enum cell c;
		bool live = k < l->n && l->v[k] != LANE_EMPTY;
		if (k == col) {
			bool left = lo < col, right = hi > col;
			c = left && right ? C_JOIN_LR : left ? C_JOIN_L : right ? C_JOIN_R : C_VERT;
		} else if (ends[k]) {
			c = joining ? (k > col ? C_IN_R : C_IN_L) : (k > col ? C_OUT_R : C_OUT_L);
		} else if (k > lo && k < hi) {
			c = live ? C_CROSS : C_HORIZ;
		} else {
			c = live ? C_VERT : C_NONE;
		}
		line_cell(sb, cs, c);
		/* the gap after a cell carries the horizontal line */
		if (k + 1 < width)
			line_cell(sb, cs, k >= lo && k < hi ? C_HORIZ : C_NONE);
	}
	return line_done(a, sb);
}

static const char *layout_node_line(struct arena *a, struct strbuf *sb, const struct lanes *l, size_t col,
				    size_t width, const struct cellset *cs)
{
	line_start(sb, width);
	for (size_t k = 0; k < width; k++) {
		enum cell c = k == col ? C_NODE : (k < l->n && l->v[k] != LANE_EMPTY) ? C_VERT : C_NONE;
		line_cell(sb, cs, c);
		if (k + 1 < width)
			line_cell(sb, cs, C_NONE);
	}
	return line_done(a, sb);
}

static size_t lanes_width(const struct lanes *l, size_t col)
{
	size_t w = l->n;
	while (w > 0 && l->v[w - 1] == LANE_EMPTY && w - 1 != col)
		w--;
	return w > col ? w : col + 1;
}

struct layout *layout_build(struct arena *a, const struct revgraph *g, const struct idxlist *order,
			    enum layout_charset charset)
{
	const char *const *names = charset == LAYOUT_ASCII ? cells_ascii : cells_unicode;
	struct cellset cells;
	memset(&cells, 0, sizeof(cells));
	for (size_t c = 0; c <= C_HORIZ; c++) {
		cells.len[c] = strlen(names[c]);
		memcpy(cells.s[c], names[c], cells.len[c]);
	}
	const struct cellset *cs = &cells;
	struct strbuf sb = STRBUF_INIT;
	struct layout *lay = arena_alloc(a, sizeof(*lay));
	lay->rows = arena_alloc(a, (order->n ? order->n : 1) * sizeof(*lay->rows));
	lay->n = order->n;
	struct lanes l = { 0 };
	bool *ends = NULL;
	size_t ends_cap = 0;
	for (size_t i = 0; i < order->n; i++) {
		size_t r = order->v[i];
		struct layout_row *row = &lay->rows[i];
		row->rev = r;
		size_t col = SIZE_MAX, joins = 0;
		for (size_t k = 0; k < l.n; k++) {
			if (l.v[k] == r) {
				if (col == SIZE_MAX)
					col = k;
				else
					joins++;
			}
		}
		if (col == SIZE_MAX) {
			col = lanes_free_slot(&l);
			lanes_set(&l, col, r);
		}
		size_t width = lanes_width(&l, col);
		if (ends_cap < l.n + g->revs[r].down.n + 2) {
			ends_cap = (l.n + g->revs[r].down.n + 2) * 2;
			ends = realloc(ends, ends_cap * sizeof(*ends));
			if (!ends)
				abort();
		}
		if (joins) {
			memset(ends, 0, ends_cap * sizeof(*ends));
			for (size_t k = 0; k < l.n; k++)
				if (k != col && l.v[k] == r) {
					ends[k] = true;
					l.v[k] = LANE_EMPTY;
				}
			row->pre = layout_connect(a, &sb, &l, col, ends, width, true, cs);
			width = lanes_width(&l, col);
		}
		row->col = (unsigned)col;
		row->node = layout_node_line(a, &sb, &l, col, width, cs);
		const struct idxlist *down = &g->revs[r].down;
		lanes_set(&l, col, down->n ? down->v[0] : LANE_EMPTY);
		if (down->n > 1) {
			memset(ends, 0, ends_cap * sizeof(*ends));
			for (size_t p = 1; p < down->n; p++) {
				size_t target = SIZE_MAX;
				for (size_t k = 0; k < l.n; k++)
					if (k != col && l.v[k] == down->v[p])
						target = k;
				if (target == SIZE_MAX) {
					target = lanes_free_slot(&l);
					lanes_set(&l, target, down->v[p]);
				}
				if (target >= ends_cap) {
					ends = realloc(ends, (target + 1) * 2 * sizeof(*ends));
					if (!ends)
						abort();
					memset(ends + ends_cap, 0, ((target + 1) * 2 - ends_cap) * sizeof(*ends));
					ends_cap = (target + 1) * 2;
				}
				ends[target] = true;
			}
			row->post = layout_connect(a, &sb, &l, col, ends, lanes_width(&l, col), false, cs);
		}
		if (lanes_width(&l, col) > lay->max_lanes)
			lay->max_lanes = (unsigned)lanes_width(&l, col);
		while (l.n && l.v[l.n - 1] == LANE_EMPTY)
			l.n--;
	}
	free(l.v);
	free(ends);
	strbuf_release(&sb);
	return lay;
}
