/* adding-not-nullable-field: alter_column(nullable=False) on an existing
 * PostgreSQL table: SET NOT NULL scans the whole table under ACCESS
 * EXCLUSIVE, blocking reads and writes. */
#include "../rule.h"

static void check(struct lint_ctx *c, const struct op *o, const struct op *parent, void *arg)
{
	(void)arg;
	if (o->kind != OP_ALTER_COLUMN || o->alter.nullable != 0)
		return;
	const char *table = o->table ? o->table : parent ? parent->table : NULL;
	const char *schema = o->table ? o->schema : parent ? parent->schema : NULL;
	if (!lint_table_existed(c, schema, table))
		return;
	const struct schema_column *col = schema_column(schema_table(c->before, schema, table), o->alter.column);
	if (col && !col->nullable)
		return; /* already NOT NULL: nothing to check */
	lint_report(c, o->line, o->col,
		    "add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it in another transaction, then SET NOT NULL "
		    "(PostgreSQL 12+ skips the scan)",
		    "SET NOT NULL on %s.%s scans the whole table under ACCESS EXCLUSIVE", table, o->alter.column);
}

LINT_RULE(adding_not_nullable_field)
{
	if (c->pg)
		lint_each_op(c, &c->up_pg, check, NULL);
}

LINT_NO_GRAPH(adding_not_nullable_field)
