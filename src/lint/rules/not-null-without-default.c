/* not-null-without-default: add_column(nullable=False) without a
 * server_default on a table that existed before this migration: its rows
 * have no value for the column, so PostgreSQL refuses (or SQLite, or the
 * deploy fails on the first non-empty database). */
#include "../rule.h"

static void check(struct lint_ctx *c, const struct op *o, const struct op *parent, void *arg)
{
	(void)arg;
	if (o->kind != OP_ADD_COLUMN || o->column.nullable != 0 || o->column.server_default.kind != DEFAULT_NONE ||
	    o->column.computed || o->column.identity)
		return;
	const char *table = o->table ? o->table : parent ? parent->table : NULL;
	const char *schema = o->table ? o->schema : parent ? parent->schema : NULL;
	if (!lint_table_existed(c, schema, table))
		return;
	lint_report(c, o->line, o->col,
		    "add it nullable, backfill it in batches, then alter_column(nullable=False); or give it a "
		    "server_default",
		    "NOT NULL column %s.%s added without a server_default to a table that may hold rows", table,
		    o->column.name);
}

LINT_RULE(not_null_without_default)
{
	lint_each_op(c, &c->up_pg, check, NULL);
}

LINT_NO_GRAPH(not_null_without_default)
