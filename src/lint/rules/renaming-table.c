/* renaming-table: rename_table of a table that existed before the
 * migration: running code still queries the old name. */
#include "../rule.h"

static void check(struct lint_ctx *c, const struct op *o, const struct op *parent, void *arg)
{
	(void)parent;
	(void)arg;
	if (o->kind != OP_RENAME_TABLE || !lint_table_existed(c, o->schema, o->table))
		return;
	lint_report(c, o->line, o->col,
		    "keep the old name reachable (a view with the old name) until no code uses it",
		    "table %s renamed to %s: running code still uses the old name", o->table, o->new_name);
}

/* the same in op.execute SQL (and plain SQL files): the statements the
 * operations above do not see */
static void raw(struct lint_ctx *c, const struct lockplan *lp, size_t i, const char *kind, cJSON *node, void *arg)
{
	(void)arg;
	const char *rt = pgq_str(node, "renameType");
	if (strcmp(kind, "RenameStmt") != 0 || !rt || strcmp(rt, "OBJECT_TABLE") != 0 || !lint_stmt_raw(c, i))
		return;
	cJSON *rel = pgq_get(node, "relation");
	const char *table = pgq_str(rel, "relname");
	if (table && lint_table_existed(c, pgq_str(rel, "schemaname"), table))
		lint_report(c, lp->stmts[i].line, 0, "keep the table's name in the database (rename the model only), or bridge with a view",
			    "table %s renamed to %s: running code still uses the old name", table,
			    pgq_str(node, "newname") ? pgq_str(node, "newname") : "?");
}

LINT_RULE(renaming_table)
{
	lint_each_op(c, &c->up_pg, check, NULL);
	if (c->pg)
		lint_each_sql(c, raw, NULL);
}

LINT_NO_GRAPH(renaming_table)
