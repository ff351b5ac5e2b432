/* ban-alter-domain-with-add-constraint: ALTER DOMAIN ... ADD CONSTRAINT
 * checks every column of every table using the domain, each under a
 * SHARE lock (writes wait) for its scan. */
#include "../rule.h"

static void each(struct lint_ctx *c, const struct lockplan *lp, size_t i, const char *kind, cJSON *node, void *arg)
{
	(void)arg;
	const char *sub = pgq_str(node, "subtype");
	if (strcmp(kind, "AlterDomainStmt") != 0 || !sub || strcmp(sub, "C") != 0)
		return;
	lint_report(c, lp->stmts[i].line, 0, "a CHECK on each column, added NOT VALID and validated later",
		    "constraint added to a domain: every table using it is scanned while its writes wait");
}

LINT_RULE(ban_alter_domain_with_add_constraint)
{
	if (c->pg)
		lint_each_sql(c, each, NULL);
}

LINT_NO_GRAPH(ban_alter_domain_with_add_constraint)
