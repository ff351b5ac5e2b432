/* ban-drop-column: drop_column in upgrade(): code that still selects or
 * writes the column breaks the moment the migration commits, and the data
 * is gone for a rollback. */
#include "../rule.h"

static void check(struct lint_ctx *c, const struct op *o, const struct op *parent, void *arg)
{
	(void)arg;
	if (o->kind != OP_DROP_COLUMN)
		return;
	const char *table = o->table ? o->table : parent ? parent->table : NULL;
	const char *schema = o->table ? o->schema : parent ? parent->schema : NULL;
	if (!lint_table_existed(c, schema, table))
		return;
	lint_report(c, o->line, o->col,
		    "stop using the column in the code first (deploy that), then drop it in a later release",
		    "column %s.%s dropped: code that still uses it breaks and its data is lost", table,
		    o->column_name);
}

/* the same in op.execute SQL (and plain SQL files): the statements the
 * operations above do not see */
static void raw(struct lint_ctx *c, const struct lint_alter *a, void *arg)
{
	(void)arg;
	if (strcmp(a->subtype, "AT_DropColumn") != 0 || !lint_stmt_raw(c, a->i) ||
	    !lint_table_existed(c, a->schema, a->table))
		return;
	lint_report(c, a->stmt->line, 0,
		    "stop using the column in the code first (deploy that), then drop it in a later release",
		    "column %s.%s dropped: code that still uses it breaks and its data is lost", a->table,
		    pgq_str(a->cmd, "name") ? pgq_str(a->cmd, "name") : "?");
}

LINT_RULE(ban_drop_column)
{
	lint_each_op(c, &c->up_pg, check, NULL);
	if (c->pg)
		lint_each_alter_cmd(c, raw, NULL);
}

LINT_NO_GRAPH(ban_drop_column)
