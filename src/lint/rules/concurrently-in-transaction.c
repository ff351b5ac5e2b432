/* concurrently-in-transaction: CREATE/DROP INDEX CONCURRENTLY cannot run
 * in a transaction block, and Alembic runs migrations in one on
 * PostgreSQL: outside autocommit_block() the migration fails. A downgrade
 * fails the same way, so both functions are read. */
#include <strings.h>

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

/* "CREATE" or "DROP" for a statement PostgreSQL refuses in a transaction
 * block, else NULL */
static const char *concurrent_index(const char *kind, cJSON *node)
{
	bool create = !strcmp(kind, "IndexStmt");
	const char *rt = pgq_str(node, "removeType");
	bool drop = !strcmp(kind, "DropStmt") && rt && !strcmp(rt, "OBJECT_INDEX");
	if ((!create && !drop) || !cJSON_IsTrue(pgq_get(node, "concurrent")))
		return NULL;
	return create ? "CREATE" : "DROP";
}

/* col 0: the engine finds the upgrade's call at line */
static void report_raw(struct lint_ctx *c, unsigned line, unsigned col, const char *what)
{
	lint_report(c, line, col, "wrap it: with op.get_context().autocommit_block(): ...",
		    "%s INDEX CONCURRENTLY inside a transaction: PostgreSQL refuses it", what);
}

/* the same in op.execute SQL (and plain SQL files): the statements the
 * operations above do not see */
static void raw(struct lint_ctx *c, const struct lockplan *lp, size_t i, const char *kind, cJSON *node, void *arg)
{
	(void)arg;
	const char *what = concurrent_index(kind, node);
	if (!what || lp->stmts[i].autocommit || !lint_stmt_raw(c, i))
		return;
	report_raw(c, lp->stmts[i].line, 0, what);
}

/* op.execute in downgrade(): the engine's lock plan is the upgrade's, so
 * the SQL is parsed here, only when it names CONCURRENTLY (cheap on the
 * many downgrades that do not) */
static void raw_down(struct lint_ctx *c, const struct op *o, const struct op *parent, void *arg)
{
	(void)arg;
	if (o->kind != OP_EXECUTE || !o->sql || (parent && parent->kind == OP_AUTOCOMMIT) ||
	    !strcasestr(o->sql, "concurrently"))
		return;
	struct pgq_result r;
	struct strbuf err = STRBUF_INIT;
	bool parsed = pgq_parse(o->sql, &r, &err);
	strbuf_release(&err);
	if (!parsed)
		return;
	for (size_t k = 0; k < r.n; k++) {
		const char *what = concurrent_index(r.stmts[k].kind, r.stmts[k].node);
		if (what) {
			report_raw(c, o->line, o->col, what);
			break; /* one finding per call */
		}
	}
	pgq_free(&r);
}

LINT_RULE(concurrently_in_transaction)
{
	if (!c->pg)
		return;
	lint_each_op(c, &c->up_pg, check, NULL);
	lint_each_op(c, &c->down_pg, check, NULL);
	lint_each_sql(c, raw, NULL);
	lint_each_op(c, &c->down_pg, raw_down, NULL);
}

LINT_NO_GRAPH(concurrently_in_transaction)
