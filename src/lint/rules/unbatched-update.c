/* unbatched-update: UPDATE or DELETE without WHERE in op.execute: every
 * row of the table in one statement and one transaction (row locks on all
 * of it, a long rewrite, WAL and replication lag). The statements come
 * parsed from the engine (each parsed once for all the rules). */
#include "../rule.h"

static void each(struct lint_ctx *c, const struct lockplan *lp, size_t i, const char *kind, json_t *node, void *arg)
{
	(void)arg;
	bool upd = !strcmp(kind, "UpdateStmt"), del = !strcmp(kind, "DeleteStmt");
	if ((!upd && !del) || json_object_get(node, "whereClause") || !lint_stmt_raw(c, i))
		return;
	const char *t = pgq_str(json_object_get(node, "relation"), "relname");
	lint_report(c, lp->stmts[i].line, 0,
		    "update in batches (WHERE id IN (SELECT id ... LIMIT n)), each committed on its own, "
		    "or move the backfill out of the migration",
		    "%s of every row of %s in one statement", upd ? "UPDATE" : "DELETE", t ? t : "?");
}

LINT_RULE(unbatched_update)
{
	lint_each_sql(c, each, NULL);
}

LINT_NO_GRAPH(unbatched_update)
