/* concurrently-in-transaction: CREATE/DROP INDEX CONCURRENTLY cannot run
 * in a transaction block, and Alembic runs migrations in one on
 * PostgreSQL: outside autocommit_block() the migration fails. */
#include "../rule.h"

static void check(struct lint_ctx *c, const struct op *o, const struct op *parent, void *arg)
{
	(void)arg;
	if ((o->kind != OP_CREATE_INDEX && o->kind != OP_DROP_INDEX) || !o->index.pg_concurrently)
		return;
	if (parent && parent->kind == OP_AUTOCOMMIT)
		return;
	lint_report(c, o->line, o->col, "wrap it: with op.get_context().autocommit_block(): ...",
		    "%s INDEX CONCURRENTLY inside the migration's transaction: PostgreSQL refuses it",
		    o->kind == OP_CREATE_INDEX ? "CREATE" : "DROP");
}

/* the same in op.execute SQL (and plain SQL files): the statements the
 * operations above do not see */
static void raw(struct lint_ctx *c, const struct lockplan *lp, size_t i, const char *kind, cJSON *node, void *arg)
{
	(void)arg;
	bool create = !strcmp(kind, "IndexStmt");
	const char *rt = pgq_str(node, "removeType");
	bool drop = !strcmp(kind, "DropStmt") && rt && !strcmp(rt, "OBJECT_INDEX");
	if ((!create && !drop) || !cJSON_IsTrue(pgq_get(node, "concurrent")) || lp->stmts[i].autocommit ||
	    !lint_stmt_raw(c, i))
		return;
	lint_report(c, lp->stmts[i].line, 0, "wrap it: with op.get_context().autocommit_block(): ...",
		    "%s INDEX CONCURRENTLY inside a transaction: PostgreSQL refuses it", create ? "CREATE" : "DROP");
}

LINT_RULE(concurrently_in_transaction)
{
	if (!c->pg)
		return;
	lint_each_op(c, &c->up_pg, check, NULL);
	lint_each_op(c, &c->down_pg, check, NULL);
	lint_each_sql(c, raw, NULL);
}

LINT_NO_GRAPH(concurrently_in_transaction)
