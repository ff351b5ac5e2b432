/* detail.c - the revision views' shared parts: the operations of a body,
 * switching between overview, SQL and source, dialect and direction. */
#include <string.h>

#include "cupel/sqlgen.h"
#include "detail.h"

struct op_list detail_ops(struct view *v)
{
	struct plan_step step;
	memset(&step, 0, sizeof(step));
	step.rev = v->rev;
	step.dir = T.downgrade ? PLAN_DOWNGRADE : PLAN_UPGRADE;
	struct diag_list diags;
	diag_list_init(&diags, &v->arena);
	struct op_list ops = { NULL, 0 };
	if (!sqlgen_step_ops(T.p, &v->arena, &diags, &step, T.dialect, true, &ops))
		view_add(v, AREA_ERROR, "the script could not be read again");
	for (size_t i = 0; i < diags.n; i++) {
		const struct diag *d = &diags.items[i];
		view_add(v, d->level == DIAG_ERROR ? AREA_ERROR : AREA_WARNING, "%s:%u:%u: %s: %s",
			 d->span.file ? d->span.file : "", d->span.line, d->span.col, diag_level_name(d->level), d->msg);
	}
	return ops;
}

bool detail_action(struct view *v, enum action a)
{
	const struct view_ops *next = NULL;
	switch (a) {
	case ACT_NEXT_VIEW:
		next = v->ops == &view_overview_ops ? &view_sql_ops
		       : v->ops == &view_sql_ops    ? &view_source_ops
		       : v->ops == &view_source_ops ? &view_findings_ops
		       : v->ops == &view_findings_ops ? &view_locks_ops
						    : &view_overview_ops;
		break;
	case ACT_VIEW_OVERVIEW:
		next = &view_overview_ops;
		break;
	case ACT_VIEW_SQL:
		next = &view_sql_ops;
		break;
	case ACT_VIEW_SOURCE:
		next = &view_source_ops;
		break;
	case ACT_VIEW_FINDINGS:
		next = &view_findings_ops;
		break;
	case ACT_VIEW_LOCKS:
		next = &view_locks_ops;
		break;
	case ACT_VIEW_STEP:
		tui_push(&view_step_ops, v->rev);
		return true;
	case ACT_VIEW_CONFLICTS:
		next = &view_conflict_ops;
		break;
	case ACT_TOGGLE_DIALECT:
		T.dialect = T.dialect == DIALECT_POSTGRESQL ? DIALECT_SQLITE : DIALECT_POSTGRESQL;
		v->ops->open(v);
		tui_message(AREA_INFO, "dialect: %s", dialect_name(T.dialect));
		return true;
	case ACT_TOGGLE_DIRECTION:
		T.downgrade = !T.downgrade;
		v->ops->open(v);
		tui_message(AREA_INFO, "%s", T.downgrade ? "downgrade" : "upgrade");
		return true;
	default:
		return false;
	}
	if (next != v->ops)
		tui_replace(next, v->rev);
	return true;
}

void detail_title(struct view *v, const char *what)
{
	const struct rev *rv = &T.p->graph->revs[v->rev];
	const char *doc = rv->script && rv->script->doc ? rv->script->doc : "";
	snprintf(v->title, sizeof(v->title), "%s %s: %.*s", what, rv->id, (int)strcspn(doc, "\n"), doc);
}
