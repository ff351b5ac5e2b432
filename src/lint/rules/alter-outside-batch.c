/* alter-outside-batch: when SQLite is a target, operations SQLite's ALTER
 * TABLE cannot do (alter_column, constraints, drop_column before 3.35)
 * must run in batch_alter_table; outside it Alembic fails on SQLite. */
#include "../rule.h"

static void check(struct lint_ctx *c, const struct op *o, const struct op *parent, void *arg)
{
	(void)arg;
	if (parent && parent->kind == OP_BATCH)
		return;
	const char *what = NULL;
	switch (o->kind) {
	case OP_ALTER_COLUMN: what = "alter_column"; break;
	case OP_CREATE_UNIQUE: what = "create_unique_constraint"; break;
	case OP_CREATE_FK: what = "create_foreign_key"; break;
	case OP_CREATE_CHECK: what = "create_check_constraint"; break;
	case OP_CREATE_PK: what = "create_primary_key"; break;
	case OP_DROP_CONSTRAINT: what = "drop_constraint"; break;
	default: return;
	}
	lint_report(c, o->line, o->col, "with op.batch_alter_table(\"<table>\") as batch_op: batch_op.<operation>(...)",
		    "%s on %s outside batch_alter_table: SQLite cannot do it", what, o->table ? o->table : "?");
}

LINT_RULE(alter_outside_batch)
{
	if (!c->sqlite)
		return;
	lint_each_op(c, &c->up_sqlite, check, NULL);
	lint_each_op(c, &c->down_sqlite, check, NULL);
}

LINT_NO_GRAPH(alter_outside_batch)
