/* unbatched-update: UPDATE or DELETE without WHERE in op.execute: every
 * row of the table in one statement and one transaction (row locks on all
 * of it, a long rewrite, WAL and replication lag). */
#include "cupel/pgq.h"
#include "../rule.h"

static void check(struct lint_ctx *c, const struct op *o, const struct op *parent, void *arg)
{
	(void)parent;
	(void)arg;
	if (o->kind != OP_EXECUTE || !o->sql)
		return;
	struct pgq_result r;
	struct strbuf err = STRBUF_INIT;
	if (!pgq_parse(o->sql, &r, &err)) {
		strbuf_release(&err);
		return;
	}
	for (size_t i = 0; i < r.n; i++) {
		bool upd = !strcmp(r.stmts[i].kind, "UpdateStmt"), del = !strcmp(r.stmts[i].kind, "DeleteStmt");
		if ((upd || del) && !json_object_get(r.stmts[i].node, "whereClause")) {
			json_t *rel = json_object_get(r.stmts[i].node, "relation");
			const char *t = pgq_str(rel, "relname");
			lint_report(c, o->line, o->col,
				    "update in batches (WHERE id IN (SELECT id ... LIMIT n)), each committed on its own, "
				    "or move the backfill out of the migration",
				    "%s of every row of %s in one statement", upd ? "UPDATE" : "DELETE", t ? t : "?");
		}
	}
	pgq_free(&r);
	strbuf_release(&err);
}

LINT_RULE(unbatched_update)
{
	lint_each_op(c, &c->up_pg, check, NULL);
}

LINT_NO_GRAPH(unbatched_update)
