/* unbatched-update: UPDATE or DELETE without WHERE in op.execute: every
 * row of the table in one statement and one transaction (row locks on all
 * of it, a long rewrite, WAL and replication lag). With PostgreSQL a
 * target the statements come parsed from the engine (each parsed once for
 * all the rules); for SQLite only, the rule parses op.execute's SQL
 * itself rather than have the PostgreSQL lock plan built. */
#include "../rule.h"

static void report(struct lint_ctx *c, unsigned line, unsigned col, const char *kind, cJSON *node)
{
	bool upd = !strcmp(kind, "UpdateStmt"), del = !strcmp(kind, "DeleteStmt");
	if ((!upd && !del) || pgq_get(node, "whereClause"))
		return;
	const char *t = pgq_str(pgq_get(node, "relation"), "relname");
	lint_report(c, line, col,
		    "update in batches (WHERE id IN (SELECT id ... LIMIT n)), each committed on its own, "
		    "or move the backfill out of the migration",
		    "%s of every row of %s in one statement", upd ? "UPDATE" : "DELETE", t ? t : "?");
}

static void each(struct lint_ctx *c, const struct lockplan *lp, size_t i, const char *kind, cJSON *node, void *arg)
{
	(void)arg;
	if (lint_stmt_raw(c, i))
		report(c, lp->stmts[i].line, 0, kind, node);
}

static void op(struct lint_ctx *c, const struct op *o, const struct op *parent, void *arg)
{
	(void)parent;
	(void)arg;
	struct pgq_result r;
	struct strbuf err = STRBUF_INIT;
	if (o->kind == OP_EXECUTE && o->sql && pgq_parse(o->sql, &r, &err)) {
		for (size_t i = 0; i < r.n; i++)
			report(c, o->line, o->col, r.stmts[i].kind, r.stmts[i].node);
		pgq_free(&r);
	}
	strbuf_release(&err);
}

LINT_RULE(unbatched_update)
{
	if (c->pg)
		lint_each_sql(c, each, NULL);
	else
		lint_each_op(c, &c->up_pg, op, NULL);
}

LINT_NO_GRAPH(unbatched_update)
