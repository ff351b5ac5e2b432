/* ban-create-domain-with-constraint: CREATE DOMAIN ... CHECK: the check
 * lives on the type, so changing it later re-checks every column of
 * every table using the domain (SHARE lock and a scan each), where a
 * CHECK on the column can be replaced NOT VALID. */
#include "../rule.h"

static void each(struct lint_ctx *c, const struct lockplan *lp, size_t i, const char *kind, cJSON *node, void *arg)
{
	(void)arg;
	cJSON *cons = !strcmp(kind, "CreateDomainStmt") ? pgq_list(node, "constraints") : NULL;
	for (cJSON *cons_el = pgq_first(cons); cons_el; cons_el = cons_el->next) {
		cJSON *k;
		const char *ct = pgq_node(cons_el, &k) ? pgq_str(k, "contype") : NULL;
		if (ct && !strcmp(ct, "CONSTR_CHECK")) {
			lint_report(c, lp->stmts[i].line, 0, "a plain domain (or the base type) and a CHECK on each column",
				    "domain created with a CHECK: changing it later scans every table that uses it");
			return;
		}
	}
}

LINT_RULE(ban_create_domain_with_constraint)
{
	if (c->pg)
		lint_each_sql(c, each, NULL);
}

LINT_NO_GRAPH(ban_create_domain_with_constraint)
