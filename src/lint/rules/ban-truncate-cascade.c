/* ban-truncate-cascade: TRUNCATE ... CASCADE in a PostgreSQL migration
 * also empties every table with a foreign key to the named ones (and
 * theirs, transitively), tables the migration does not name. */
#include "../rule.h"

static void each(struct lint_ctx *c, const struct lockplan *lp, size_t i, const char *kind, cJSON *node, void *arg)
{
	(void)arg;
	const char *b = pgq_str(node, "behavior");
	if (strcmp(kind, "TruncateStmt") != 0 || !b || strcmp(b, "DROP_CASCADE") != 0)
		return;
	cJSON *rels = pgq_list(node, "relations");
	const char *first = NULL;
	bool existing = false;
	for (cJSON *rels_el = pgq_first(rels); rels_el; rels_el = rels_el->next) {
		cJSON *rv;
		if (!pgq_node(rels_el, &rv))
			continue;
		const char *t = pgq_str(rv, "relname");
		first = first ? first : t;
		existing |= lint_table_existed(c, pgq_str(rv, "schemaname"), t);
	}
	if (existing)
		lint_report(c, lp->stmts[i].line, 0,
			    "name every table to empty explicitly, without CASCADE",
			    "TRUNCATE %s CASCADE also empties every table whose foreign keys lead to it",
			    first ? first : "?");
}

LINT_RULE(ban_truncate_cascade)
{
	if (c->pg)
		lint_each_sql(c, each, NULL);
}

LINT_NO_GRAPH(ban_truncate_cascade)
