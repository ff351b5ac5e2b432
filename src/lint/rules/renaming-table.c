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

LINT_RULE(renaming_table)
{
	lint_each_op(c, &c->up_pg, check, NULL);
}

LINT_NO_GRAPH(renaming_table)
