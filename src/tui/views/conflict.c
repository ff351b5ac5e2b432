/* conflict.c - the Conflict view: the analysis of the divergent heads a
 * revision belongs to (cupel conflicts, computed once when the view first
 * opens), or of every divergent pair when it belongs to none. */
#include <stdlib.h>
#include <string.h>

#include "cupel/conflict.h"
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

static bool conflict_action(struct view *v, enum action a)
{
	if (a == ACT_VIEW_CONFLICTS)
		return true;
	return detail_action(v, a);
}

const struct view_ops view_conflict_ops = { "conflicts", conflict_open, view_draw_text, conflict_action,
					    view_match_text, view_source_line_text, NULL };
