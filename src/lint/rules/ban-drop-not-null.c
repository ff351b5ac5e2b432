/* ban-drop-not-null: DROP NOT NULL on a column of an existing PostgreSQL
 * table (alter_column(nullable=True), or op.execute): code reading the
 * column, and every downstream consumer, assumed it is never NULL, and
 * the first NULL written breaks them. */
#include "../rule.h"

static void check(struct lint_ctx *c, const struct lint_alter *a, void *arg)
{
	(void)arg;
	if (strcmp(a->subtype, "AT_DropNotNull") != 0 || !lint_table_existed(c, a->schema, a->table))
		return;
	const char *col = pgq_str(a->cmd, "name");
	lint_report(c, a->stmt->line, 0,
		    "make sure every reader handles NULL first (deploy that), or keep NOT NULL with a sentinel "
		    "server_default",
		    "NOT NULL dropped from %s.%s: code that reads it never expected NULL", a->table, col ? col : "?");
}

LINT_RULE(ban_drop_not_null)
{
	if (c->pg)
		lint_each_alter_cmd(c, check, NULL);
}

LINT_NO_GRAPH(ban_drop_not_null)
