/* renaming-column: alter_column(new_column_name=...) on an existing table:
 * the code already running (and the old code during a rolling deploy)
 * still uses the old name. */
#include "../rule.h"

static void check(struct lint_ctx *c, const struct op *o, const struct op *parent, void *arg)
{
	(void)arg;
	if (o->kind != OP_ALTER_COLUMN || !o->alter.new_name)
		return;
	const char *table = o->table ? o->table : parent ? parent->table : NULL;
	const char *schema = o->table ? o->schema : parent ? parent->schema : NULL;
	if (!lint_table_existed(c, schema, table))
		return;
	lint_report(c, o->line, o->col,
		    "expand and contract: add the new column, write both, backfill, switch reads, drop the old "
		    "one in a later release",
		    "column %s.%s renamed to %s: running code still uses the old name", table, o->alter.column,
		    o->alter.new_name);
}

/* the same in op.execute SQL (and plain SQL files): the statements the
 * operations above do not see */
static void raw(struct lint_ctx *c, const struct lockplan *lp, size_t i, const char *kind, cJSON *node, void *arg)
{
	(void)arg;
	const char *rt = pgq_str(node, "renameType");
	if (strcmp(kind, "RenameStmt") != 0 || !rt || strcmp(rt, "OBJECT_COLUMN") != 0 || !lint_stmt_raw(c, i))
		return;
	cJSON *rel = pgq_get(node, "relation");
	const char *table = pgq_str(rel, "relname");
	if (table && lint_table_existed(c, pgq_str(rel, "schemaname"), table))
		lint_report(c, lp->stmts[i].line, 0,
			    "expand and contract: add the new column, write both, backfill, switch reads, drop the old "
			    "one in a later release",
			    "column %s.%s renamed to %s: running code still uses the old name", table,
			    pgq_str(node, "subname") ? pgq_str(node, "subname") : "?",
			    pgq_str(node, "newname") ? pgq_str(node, "newname") : "?");
}

LINT_RULE(renaming_column)
{
	lint_each_op(c, &c->up_pg, check, NULL);
	if (c->pg)
		lint_each_sql(c, raw, NULL);
}

LINT_NO_GRAPH(renaming_column)
