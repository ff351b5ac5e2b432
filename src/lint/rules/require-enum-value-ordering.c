/* require-enum-value-ordering: ALTER TYPE ... ADD VALUE without BEFORE or
 * AFTER puts the value last, which is rarely where it belongs: enum
 * values sort in declaration order (ORDER BY, <, ranges). */
#include "../rule.h"

static void each(struct lint_ctx *c, const struct lockplan *lp, size_t i, const char *kind, cJSON *node, void *arg)
{
	(void)arg;
	if (strcmp(kind, "AlterEnumStmt") != 0 || !pgq_str(node, "newVal") || pgq_str(node, "newValNeighbor"))
		return;
	lint_report(c, lp->stmts[i].line, 0, "ALTER TYPE ... ADD VALUE '...' BEFORE '...' (or AFTER)",
		    "enum value '%s' added without BEFORE/AFTER: it sorts after every existing value",
		    pgq_str(node, "newVal"));
}

LINT_RULE(require_enum_value_ordering)
{
	if (c->pg)
		lint_each_sql(c, each, NULL);
}

LINT_NO_GRAPH(require_enum_value_ordering)
