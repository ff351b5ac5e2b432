/* non-concurrent-index: CREATE INDEX on a PostgreSQL table that existed
 * before the migration, without CONCURRENTLY: it takes a SHARE lock and
 * blocks every write for the whole build. */
#include "../rule.h"

static void check(struct lint_ctx *c, const struct op *o, const struct op *parent, void *arg)
{
	(void)parent;
	(void)arg;
	if (o->kind != OP_CREATE_INDEX || o->index.pg_concurrently)
		return;
	if (!lint_table_existed(c, o->index.schema, o->index.table))
		return;
	lint_report(c, o->line, o->col,
		    "with op.get_context().autocommit_block(): op.create_index(..., postgresql_concurrently=True)",
		    "index %s built on the existing table %s without CONCURRENTLY: writes to it are blocked for "
		    "the whole build",
		    o->index.name ? o->index.name : "(unnamed)", o->index.table);
}

/* the same in op.execute SQL (and plain SQL files): the statements the
 * operations above do not see */
static void raw(struct lint_ctx *c, const struct lockplan *lp, size_t i, const char *kind, cJSON *node, void *arg)
{
	(void)arg;
	if (strcmp(kind, "IndexStmt") != 0 || cJSON_IsTrue(pgq_get(node, "concurrent")) || !lint_stmt_raw(c, i))
		return;
	cJSON *rel = pgq_get(node, "relation");
	const char *table = pgq_str(rel, "relname");
	if (!table || !lint_table_existed(c, pgq_str(rel, "schemaname"), table))
		return;
	lint_report(c, lp->stmts[i].line, 0,
		    "with op.get_context().autocommit_block(): op.execute(\"CREATE INDEX CONCURRENTLY ...\")",
		    "index %s built on the existing table %s without CONCURRENTLY: writes to it are blocked for "
		    "the whole build",
		    pgq_str(node, "idxname") ? pgq_str(node, "idxname") : "(unnamed)", table);
}

LINT_RULE(non_concurrent_index)
{
	if (c->pg)
		lint_each_op(c, &c->up_pg, check, NULL);
	if (c->pg)
		lint_each_sql(c, raw, NULL);
}

LINT_NO_GRAPH(non_concurrent_index)
