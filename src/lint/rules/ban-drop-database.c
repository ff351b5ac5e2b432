/* ban-drop-database: DROP DATABASE in a migration: everything in it is
 * gone, and a migration is the wrong place to decide that. */
#include "../rule.h"

static void each(struct lint_ctx *c, const struct lockplan *lp, size_t i, const char *kind, cJSON *node, void *arg)
{
	(void)arg;
	if (strcmp(kind, "DropdbStmt") != 0)
		return;
	lint_report(c, lp->stmts[i].line, 0, "drop databases by hand, outside the migration history",
		    "database %s dropped by a migration", pgq_str(node, "dbname") ? pgq_str(node, "dbname") : "?");
}

LINT_RULE(ban_drop_database)
{
	if (c->pg)
		lint_each_sql(c, each, NULL);
}

LINT_NO_GRAPH(ban_drop_database)
