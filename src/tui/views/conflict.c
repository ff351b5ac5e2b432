/* conflict.c - the Conflict view: the analysis of the divergent heads a
 * revision belongs to (cupel conflicts, computed once when the view first
 * opens), or of every divergent pair when it belongs to none. */
#include <stdlib.h>
#include <string.h>

#include "cupel/conflict.h"
#include "cupel/merge.h"
#include "cupel/rebase.h"
#include "cupel/udiff.h"
#include "cupel/xalloc.h"
#include "detail.h"

static enum area line_area(const char *l)
{
	const char *t = l + strspn(l, " ");
	if (!strncmp(t, "error[", 6))
		return AREA_ERROR;
	if (!strncmp(t, "warning[", 8))
		return AREA_WARNING;
	if (!strncmp(l, "Divergent heads", 15))
		return AREA_CONFLICT;
	if (!strncmp(t, "Branch ", 7) || !strncmp(t, "Order:", 6) || !strncmp(t, "Conflicts:", 10))
		return AREA_LABEL;
	if (!strncmp(t, "Resolve:", 8) || !strncmp(t, "or: cupel", 9) || !strncmp(t, "No conflict", 11))
		return AREA_HEAD;
	return AREA_DEFAULT;
}

static void conflict_open(struct view *v)
{
	view_reset(v);
	snprintf(v->title, sizeof(v->title), "conflicts: %s", T.p->graph->revs[v->rev].id);
	const struct rev *rv = &T.p->graph->revs[v->rev];
	v->script_path = rv->script ? rv->script->path : NULL;
	/* the analysis follows the dialect shown (d): dialect branches of a
	 * script decide its operations */
	if (T.conflicts && T.conflicts->dialect != T.dialect) {
		conflict_report_free(T.conflicts);
		free(T.conflicts);
		T.conflicts = NULL;
	}
	if (!T.conflicts) {
		T.conflicts = xcalloc(1, sizeof(*T.conflicts));
		struct strbuf err = STRBUF_INIT;
		if (!conflict_analyze(T.p, T.dialect, T.conflicts, &err))
			view_add(v, AREA_ERROR, "%s", strbuf_str(&err));
		strbuf_release(&err);
	}
	size_t k = conflict_pair_of(T.conflicts, v->rev);
	if (k == (size_t)-1 && T.conflicts->n_pairs)
		view_add(v, AREA_INFO, "%s is not part of a divergence; every divergent pair:", rv->id);
	struct strbuf sb = STRBUF_INIT;
	conflict_format_text(&sb, T.p, T.conflicts, k);
	for (const char *l = sb.buf; l && *l;) {
		const char *e = strchr(l, '\n');
		size_t n = e ? (size_t)(e - l) : strlen(l);
		char *line = arena_strndup(&v->arena, l, n);
		view_add_raw(v, line_area(line), line, n, 0, false);
		l += n + (e ? 1 : 0);
	}
	strbuf_release(&sb);
}

static const char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');
	return b ? b + 1 : path;
}

/* The pair the view shows (the first when it shows all), or NULL. */
static const struct conflict_pair *shown_pair(const struct view *v)
{
	if (!T.conflicts || !T.conflicts->n_pairs)
		return NULL;
	size_t k = conflict_pair_of(T.conflicts, v->rev);
	return &T.conflicts->pairs[k == (size_t)-1 ? 0 : k];
}

/* The file about to be written as a diff in a view of its own, then one
 * key: only y writes. True when the answer was yes. */
static bool preview_and_ask(const char *title, const struct strbuf *diff, const struct strbuf *notes,
			    const char *path)
{
	tui_push(&view_text_ops, 0);
	struct view *pv = tui_top();
	snprintf(pv->title, sizeof(pv->title), "%.250s", title);
	for (const char *l = notes ? notes->buf : NULL; l && *l;) {
		size_t n = strcspn(l, "\n");
		view_add_raw(pv, AREA_WARNING, l, n, 0, false);
		l += n + (l[n] == '\n');
	}
	for (const char *l = diff->buf; l && *l;) {
		size_t n = strcspn(l, "\n");
		enum area ar = l[0] == '+' ? AREA_HEAD : l[0] == '-' ? AREA_ERROR : l[0] == '@' ? AREA_LABEL : AREA_DEFAULT;
		view_add_raw(pv, ar, l, n, 0, false);
		l += n + (l[n] == '\n');
	}
	char q[400];
	snprintf(q, sizeof(q), "write %.300s? y writes, any other key cancels", base_name(path));
	return tui_ask(AREA_WARNING, q) == 'y';
}

/* M: a merge revision of the pair's two heads, as cupel merge writes it. */
static void merge_pair(const struct conflict_pair *cp)
{
	const char *h[2] = { T.p->graph->revs[cp->side[0].head].id, T.p->graph->revs[cp->side[1].head].id };
	char msg[200], dflt[100];
	snprintf(dflt, sizeof(dflt), "merge %s and %s", h[0], h[1]);
	char lead[160];
	snprintf(lead, sizeof(lead), "merge message (Enter: \"%s\"): ", dflt);
	if (!tui_prompt(lead, msg, sizeof(msg))) {
		tui_message(AREA_INFO, "merge cancelled: nothing written");
		return;
	}
	struct merge_opts o;
	memset(&o, 0, sizeof(o));
	o.message = msg[0] ? msg : dflt;
	o.revs = h;
	o.n_revs = 2;
	struct merge_result r;
	struct strbuf err = STRBUF_INIT, diff = STRBUF_INIT;
	if (!merge_prepare(T.p, &o, &r, &err)) {
		tui_message(AREA_ERROR, "merge: %s", strbuf_str(&err));
		strbuf_release(&err);
		return;
	}
	udiff_texts(&diff, "/dev/null", "", 0, r.path, r.content, r.len);
	char title[300];
	snprintf(title, sizeof(title), "merge: new revision %s", r.rev_id);
	if (!preview_and_ask(title, &diff, &r.notes, r.path)) {
		tui_pop();
		tui_message(AREA_INFO, "merge cancelled: nothing written");
	} else if (!merge_write(&r, &err)) {
		tui_message(AREA_ERROR, "merge: %s", strbuf_str(&err));
	} else {
		char done[400];
		snprintf(done, sizeof(done), "wrote %.300s", base_name(r.path));
		if (!tui_reload())
			snprintf(done + strlen(done), sizeof(done) - strlen(done), " (the project did not load again)");
		tui_message(AREA_INFO, "%s", done);
	}
	merge_result_release(&r);
	strbuf_release(&diff);
	strbuf_release(&err);
}

/* R: the root of one branch onto the other head, as cupel rebase does. */
static void rebase_pair(const struct conflict_pair *cp)
{
	const struct revgraph *g = T.p->graph;
	const char *root[2], *head[2];
	for (int s = 0; s < 2; s++) {
		const struct conflict_side *side = &cp->side[s];
		root[s] = g->revs[side->revs.n ? side->revs.v[0] : side->head].id;
		head[s] = g->revs[side->head].id;
	}
	char q[300];
	snprintf(q, sizeof(q), "rebase: 1 = %s onto %s, 2 = %s onto %s, any other key cancels", root[1], head[0], root[0],
		 head[1]);
	int k = tui_ask(AREA_WARNING, q);
	if (k != '1' && k != '2') {
		tui_message(AREA_INFO, "rebase cancelled: nothing written");
		return;
	}
	int s = k == '1' ? 1 : 0;
	struct rebase_edit e;
	struct strbuf err = STRBUF_INIT, diff = STRBUF_INIT;
	if (!rebase_prepare(T.p, root[s], head[1 - s], &e, &err)) {
		tui_message(AREA_ERROR, "rebase: %s", strbuf_str(&err));
		strbuf_release(&err);
		return;
	}
	udiff_texts(&diff, e.path, e.old_text, e.old_len, e.path, e.new_text, e.new_len);
	char title[300];
	snprintf(title, sizeof(title), "rebase: %s onto %s", e.root, e.onto);
	if (!preview_and_ask(title, &diff, NULL, e.path)) {
		tui_pop();
		tui_message(AREA_INFO, "rebase cancelled: nothing written");
	} else if (!rebase_write(&e, &err)) {
		tui_message(AREA_ERROR, "rebase: %s", strbuf_str(&err));
	} else {
		char done[400];
		snprintf(done, sizeof(done), "rebased %.20s onto %.20s in %.300s", e.root, e.onto, base_name(e.path));
		if (!tui_reload())
			snprintf(done + strlen(done), sizeof(done) - strlen(done), " (the project did not load again)");
		tui_message(AREA_INFO, "%s", done);
	}
	rebase_edit_release(&e);
	strbuf_release(&diff);
	strbuf_release(&err);
}

static bool conflict_action(struct view *v, enum action a)
{
	if (a == ACT_VIEW_CONFLICTS)
		return true;
	if (a == ACT_MERGE || a == ACT_REBASE) {
		const struct conflict_pair *cp = shown_pair(v);
		if (!cp)
			tui_message(AREA_INFO, "no divergent heads: nothing to %s", a == ACT_MERGE ? "merge" : "rebase");
		else if (a == ACT_MERGE)
			merge_pair(cp); /* may reload: v is gone then */
		else
			rebase_pair(cp);
		return true;
	}
	return detail_action(v, a);
}

const struct view_ops view_conflict_ops = { "conflicts", conflict_open, view_draw_text, conflict_action,
					    view_match_text, view_source_line_text, NULL };
