/* ban-truncate: TRUNCATE of an existing PostgreSQL table in a migration:
 * every row is gone (a downgrade cannot bring them back) and it takes
 * ACCESS EXCLUSIVE. With CASCADE it is ban-truncate-cascade's. */
#include "../rule.h"

static void each(struct lint_ctx *c, const struct lockplan *lp, size_t i, const char *kind, cJSON *node, void *arg)
{
	(void)arg;
	const char *b = pgq_str(node, "behavior");
	if (strcmp(kind, "TruncateStmt") != 0 || (b && !strcmp(b, "DROP_CASCADE")))
		return;
	cJSON *rels = pgq_list(node, "relations");
	for (cJSON *rels_el = pgq_first(rels); rels_el; rels_el = rels_el->next) {
		cJSON *rv;
		if (!pgq_node(rels_el, &rv))
			continue;
		const char *t = pgq_str(rv, "relname");
		if (lint_table_existed(c, pgq_str(rv, "schemaname"), t)) {
			lint_report(c, lp->stmts[i].line, 0,
				    "DELETE in batches if the rows must go, or keep the data out of the migration",
				    "TRUNCATE %s empties an existing table (no downgrade brings the rows back)", t);
			return;
		}
	}
}

LINT_RULE(ban_truncate)
{
	if (c->pg)
		lint_each_sql(c, each, NULL);
}

LINT_NO_GRAPH(ban_truncate)
