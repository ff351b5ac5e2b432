/* ban-drop-cascade: DROP ... CASCADE in a PostgreSQL migration drops
 * whatever depends on the object too (views, foreign keys, defaults of
 * other tables), none of it named in the migration or undone by its
 * downgrade. */
#include "../rule.h"

static void each(struct lint_ctx *c, const struct lockplan *lp, size_t i, const char *kind, json_t *node, void *arg)
{
	(void)arg;
	const char *b = pgq_str(node, "behavior");
	if (strcmp(kind, "DropStmt") != 0 || !b || strcmp(b, "DROP_CASCADE") != 0)
		return;
	const char *type = pgq_str(node, "removeType");
	json_t *objs = pgq_list(node, "objects");
	const char *name = NULL;
	bool table = type && !strcmp(type, "OBJECT_TABLE"), existing = !table;
	for (size_t k = 0; objs && k < json_array_size(objs); k++) {
		json_t *in;
		const char *nk = pgq_node(json_array_get(objs, k), &in);
		if (!nk || strcmp(nk, "List") != 0)
			continue;
		json_t *items = pgq_list(in, "items");
		size_t n = items ? json_array_size(items) : 0;
		const char *obj = n ? pgq_sval(json_array_get(items, n - 1)) : NULL;
		const char *sch = n > 1 ? pgq_sval(json_array_get(items, n - 2)) : NULL;
		name = name ? name : obj;
		if (table)
			existing |= lint_table_existed(c, sch, obj);
	}
	/* a table the migration created has no dependents yet */
	if (existing)
		lint_report(c, lp->stmts[i].line, 0,
			    "drop the dependent objects by name first (and recreate them in downgrade()), "
			    "then drop without CASCADE",
			    "DROP %s CASCADE also drops everything that depends on it", name ? name : "...");
}

LINT_RULE(ban_drop_cascade)
{
	if (c->pg)
		lint_each_sql(c, each, NULL);
}

LINT_NO_GRAPH(ban_drop_cascade)
