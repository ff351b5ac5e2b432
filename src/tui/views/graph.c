/* graph.c - the main view: the revision graph in lanes, newest first, one
 * line per revision (plus the lines where lanes join or split), with the
 * id, branch labels, head/merge/branch-point marks, the strongest lock,
 * the lint findings by level and the message. F keeps the revisions with
 * findings only (the lanes' join and split lines are left out then). */
#include <string.h>

#include "cupel/text.h"
#include "../tui_internal.h"

enum gkind { G_PRE, G_NODE, G_POST };

struct gline {
	size_t row;
	enum gkind kind;
};

static void graph_open(struct view *v)
{
	view_reset(v);
	struct gline *gl = arena_alloc(&v->arena, (T.lay ? T.lay->n * 3 : 0) * sizeof(*gl) + 1);
	size_t n = 0;
	bool filter = T.filter_level >= 0;
	for (size_t i = 0; T.lay && i < T.lay->n; i++) {
		const struct layout_row *r = &T.lay->rows[i];
		if (filter) {
			if (tui_lint_has(r->rev, T.filter_level))
				gl[n++] = (struct gline){ i, G_NODE };
			continue;
		}
		if (r->pre)
			gl[n++] = (struct gline){ i, G_PRE };
		gl[n++] = (struct gline){ i, G_NODE };
		if (r->post)
			gl[n++] = (struct gline){ i, G_POST };
	}
	v->data = gl;
	v->n_lines = n;
	if (filter)
		snprintf(v->title, sizeof(v->title), "graph: %zu of %zu revisions with %s", n, T.lay ? T.lay->n : 0,
			 T.filter_level == LINT_ERROR	  ? "lint errors"
			 : T.filter_level == LINT_WARNING ? "lint warnings or errors"
							  : "lint findings");
	else
		snprintf(v->title, sizeof(v->title), "graph");
}

static bool graph_selectable(struct view *v, size_t i)
{
	const struct gline *gl = v->data;
	return gl[i].kind == G_NODE;
}

/* Graph cells: node characters in their own area. */
static int put_cells(int y, int x, const char *cells, bool selected)
{
	int lane = selected ? theme_attr(AREA_CURSOR) : theme_attr(AREA_GRAPH_LANE);
	int node = selected ? theme_attr(AREA_CURSOR) : theme_attr(AREA_GRAPH_NODE);
	for (const char *c = cells; *c;) {
		size_t n = strcspn(c, "*o@");
		if (n)
			x = tui_put(y, x, c, n, lane);
		c += n;
		if (*c) {
			x = tui_put(y, x, c, 1, node);
			c++;
		}
	}
	return x;
}

static void graph_draw(struct view *v, size_t i, int y, bool selected)
{
	const struct gline *gl = v->data;
	const struct layout_row *r = &T.lay->rows[gl[i].row];
	const struct revgraph *g = T.p->graph;
	if (gl[i].kind != G_NODE) {
		put_cells(y, 0, gl[i].kind == G_PRE ? r->pre : r->post, false);
		return;
	}
	const struct rev *rv = &g->revs[r->rev];
	int base = selected ? theme_attr(AREA_CURSOR) : theme_attr(AREA_DEFAULT);
	if (selected) /* the whole line in the cursor colour */
		tui_put(y, 0, "", 0, base);
	int x = put_cells(y, 0, r->node, selected);
	x = tui_put(y, x, " ", 1, base);
	bool conflict = T.conflict && T.conflict[r->rev];
	x = tui_put(y, x, rv->id, strlen(rv->id),
		    selected ? base : theme_attr(conflict ? AREA_CONFLICT : AREA_ID));
	struct strbuf sb = STRBUF_INIT;
	if (rv->n_labels) {
		strbuf_adds(&sb, " (");
		/* late revisions carry hundreds of labels: no printf for each */
		for (size_t k = 0; k < rv->n_labels; k++) {
			if (k)
				strbuf_add(&sb, ", ", 2);
			strbuf_adds(&sb, rv->labels[k]);
		}
		strbuf_adds(&sb, ")");
		x = tui_put(y, x, sb.buf, sb.len, selected ? base : theme_attr(AREA_LABEL));
		strbuf_reset(&sb);
	}
	bool head = false;
	for (size_t k = 0; k < g->heads.n; k++)
		head |= g->heads.v[k] == r->rev;
	if (head)
		strbuf_adds(&sb, conflict ? " [head, divergent]" : " [head]");
	else if (conflict)
		strbuf_adds(&sb, " [divergence point]");
	if (T.current && T.current[r->rev])
		strbuf_adds(&sb, " [current]");
	if (rv->is_merge_point)
		strbuf_adds(&sb, " [merge]");
	if (rv->is_branch_point)
		strbuf_adds(&sb, " [branch point]");
	if (sb.len)
		x = tui_put(y, x, sb.buf, sb.len,
			    selected ? base : theme_attr(conflict ? AREA_CONFLICT : head ? AREA_HEAD : AREA_INFO));
	strbuf_reset(&sb);
	/* the strongest PostgreSQL lock the upgrade takes on an existing table */
	enum lock_mode lm = tui_strongest_lock(r->rev);
	if (lm >= LOCK_SHARE_UPDATE_EXCLUSIVE) {
		strbuf_addf(&sb, " {%s}", lock_mode_name(lm));
		x = tui_put(y, x, sb.buf, sb.len, selected ? base : theme_attr(tui_lock_area(lm)));
		strbuf_reset(&sb);
	}
	/* lint findings by level, once the walk has reached the revision */
	unsigned cnt[3];
	if (tui_lint_counts(r->rev, cnt)) {
		for (int l = LINT_ERROR; l >= LINT_INFO; l--) {
			if (!cnt[l])
				continue;
			unsigned one[3] = { 0, 0, 0 };
			one[l] = cnt[l];
			x = tui_put(y, x, " ", 1, base);
			tui_lint_badge(one, &sb);
			x = tui_put(y, x, sb.buf, sb.len, selected ? base : theme_attr(tui_finding_area((enum lint_level)l)));
			strbuf_reset(&sb);
		}
	}
	const char *msg = rv->script && rv->script->doc ? rv->script->doc : "";
	size_t msg_len = strcspn(msg, "\n");
	strbuf_adds(&sb, " ");
	text_escape_controls(&sb, msg, msg_len, false);
	tui_put(y, x, sb.buf, sb.len, base);
	strbuf_release(&sb);
}

static bool graph_match(struct view *v, size_t i, const char *needle)
{
	const struct gline *gl = v->data;
	if (gl[i].kind != G_NODE)
		return false;
	const struct rev *rv = &T.p->graph->revs[T.lay->rows[gl[i].row].rev];
	if (strcasestr(rv->id, needle))
		return true;
	if (rv->script && rv->script->doc && strcasestr(rv->script->doc, needle))
		return true;
	for (size_t k = 0; k < rv->n_labels; k++)
		if (strcasestr(rv->labels[k], needle))
			return true;
	return false;
}

/* The line of revision rev, else the first one after where it was. */
static size_t line_of(struct view *v, size_t rev, size_t row)
{
	const struct gline *gl = v->data;
	for (size_t i = 0; i < v->n_lines; i++)
		if (gl[i].kind == G_NODE && T.lay->rows[gl[i].row].rev == rev)
			return i;
	for (size_t i = 0; i < v->n_lines; i++)
		if (gl[i].kind == G_NODE && gl[i].row >= row)
			return i;
	return v->n_lines ? v->n_lines - 1 : 0;
}

/* F: all, findings, warnings or errors, errors, all again. */
static void toggle_filter(struct view *v)
{
	const struct gline *gl = v->data;
	size_t row = v->n_lines ? gl[v->cur].row : 0;
	size_t rev = v->n_lines ? T.lay->rows[row].rev : (size_t)-1;
	size_t screen_row = v->cur >= v->top ? v->cur - v->top : 0;
	tui_lint_finish();
	T.filter_level = T.filter_level < 0 ? LINT_INFO : T.filter_level == LINT_ERROR ? -1 : T.filter_level + 1;
	graph_open(v);
	v->cur = line_of(v, rev, row);
	/* the selected revision stays where it was on the screen */
	v->top = v->cur >= screen_row ? v->cur - screen_row : 0;
	if (T.filter_level >= 0 && !v->n_lines)
		tui_message(AREA_INFO, "no revision has %s (F: next filter)",
			    T.filter_level == LINT_ERROR ? "lint errors" : "such lint findings");
	else if (T.filter_level < 0)
		tui_message(AREA_INFO, "filter off: every revision");
}

/* ] and [: the next (previous) revision with findings at the filter's
 * level (any level without a filter). */
static void next_with_findings(struct view *v, bool forward)
{
	const struct gline *gl = v->data;
	tui_lint_finish();
	for (size_t i = v->cur; forward ? i + 1 < v->n_lines : i > 0;) {
		i = forward ? i + 1 : i - 1;
		if (gl[i].kind == G_NODE && tui_lint_has(T.lay->rows[gl[i].row].rev, T.filter_level)) {
			v->cur = i;
			return;
		}
	}
	tui_message(AREA_INFO, "no %s revision with findings", forward ? "older" : "newer");
}

static bool graph_action(struct view *v, enum action a)
{
	const struct gline *gl = v->data;
	if (a == ACT_FILTER_FINDINGS && T.lay) {
		toggle_filter(v);
		return true;
	}
	if (v->n_lines == 0)
		return false;
	if (a == ACT_NEXT_FINDING || a == ACT_PREV_FINDING) {
		next_with_findings(v, a == ACT_NEXT_FINDING);
		return true;
	}
	size_t rev = T.lay->rows[gl[v->cur].row].rev;
	switch (a) {
	case ACT_ENTER:
	case ACT_VIEW_OVERVIEW:
	case ACT_NEXT_VIEW:
		tui_push(&view_overview_ops, rev);
		return true;
	case ACT_VIEW_SQL:
		tui_push(&view_sql_ops, rev);
		return true;
	case ACT_VIEW_SOURCE:
		tui_push(&view_source_ops, rev);
		return true;
	case ACT_VIEW_FINDINGS:
		tui_push(&view_findings_ops, rev);
		return true;
	case ACT_VIEW_LOCKS:
		tui_push(&view_locks_ops, rev);
		return true;
	case ACT_VIEW_STEP:
		if (T.step)
			tui_step_refresh();
		tui_push(&view_step_ops, rev);
		return true;
	case ACT_VIEW_CONFLICTS:
		tui_push(&view_conflict_ops, rev);
		return true;
	case ACT_EDIT: /* the generic handler opens this script */
		v->script_path = T.p->graph->revs[rev].script ? T.p->graph->revs[rev].script->path : NULL;
		return false;
	default:
		return false;
	}
}

static unsigned graph_source_line(struct view *v, size_t i)
{
	(void)v;
	(void)i;
	return 1;
}

const struct view_ops view_graph_ops = { "graph", graph_open, graph_draw, graph_action, graph_match,
					 graph_source_line, graph_selectable };
