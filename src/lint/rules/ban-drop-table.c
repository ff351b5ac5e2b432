/* ban-drop-table: drop_table in upgrade() of a table that existed before
 * the migration: code breaks and the rows are gone. */
#include "../rule.h"

static void check(struct lint_ctx *c, const struct op *o, const struct op *parent, void *arg)
{
	(void)parent;
	(void)arg;
	if (o->kind != OP_DROP_TABLE || !lint_table_existed(c, o->schema, o->table))
		return;
	lint_report(c, o->line, o->col, "remove every use of the table from the code first, then drop it later",
		    "table %s dropped: code that still uses it breaks and its rows are lost", o->table);
}

LINT_RULE(ban_drop_table)
{
	lint_each_op(c, &c->up_pg, check, NULL);
}

LINT_NO_GRAPH(ban_drop_table)
