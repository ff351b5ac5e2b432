/* require-concurrent-reindex: REINDEX without CONCURRENTLY: SHARE on the
 * table (writes wait) and ACCESS EXCLUSIVE on each index rebuilt (reads
 * that would use it wait) for the whole rebuild. */
#include "../rule.h"

static void each(struct lint_ctx *c, const struct lockplan *lp, size_t i, const char *kind, cJSON *node, void *arg)
{
	(void)arg;
	if (strcmp(kind, "ReindexStmt") != 0)
		return;
	cJSON *params = pgq_list(node, "params");
	for (cJSON *params_el = pgq_first(params); params_el; params_el = params_el->next) {
		cJSON *d;
		const char *k = pgq_node(params_el, &d);
		const char *name = k && !strcmp(k, "DefElem") ? pgq_str(d, "defname") : NULL;
		if (name && !strcmp(name, "concurrently"))
			return;
	}
	lint_report(c, lp->stmts[i].line, 0,
		    "with op.get_context().autocommit_block(): op.execute(\"REINDEX ... CONCURRENTLY ...\")",
		    "REINDEX without CONCURRENTLY: writes wait, and reads that use the index, for the whole rebuild");
}

LINT_RULE(require_concurrent_reindex)
{
	if (c->pg)
		lint_each_sql(c, each, NULL);
}

LINT_NO_GRAPH(require_concurrent_reindex)
