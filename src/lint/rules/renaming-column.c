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

LINT_RULE(renaming_column)
{
	lint_each_op(c, &c->up_pg, check, NULL);
}

LINT_NO_GRAPH(renaming_column)
