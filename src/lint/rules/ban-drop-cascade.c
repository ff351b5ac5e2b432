/* ban-drop-cascade: DROP ... CASCADE in a PostgreSQL migration drops
 * whatever depends on the object too (views, foreign keys, defaults of
 * other tables), none of it named in the migration or undone by its
 * downgrade. */
#include "../rule.h"

static void each(struct lint_ctx *c, const struct lockplan *lp, size_t i, const char *kind, cJSON *node, void *arg)
{
	(void)arg;
	const char *b = pgq_str(node, "behavior");
	if (strcmp(kind, "DropStmt") != 0 || !b || strcmp(b, "DROP_CASCADE") != 0)
		return;
	const char *type = pgq_str(node, "removeType");
	cJSON *objs = pgq_list(node, "objects");
	const char *name = NULL;
	bool table = type && !strcmp(type, "OBJECT_TABLE"), existing = !table;
	for (cJSON *objs_el = pgq_first(objs); objs_el; objs_el = objs_el->next) {
		cJSON *in;
		const char *nk = pgq_node(objs_el, &in);
		if (!nk || strcmp(nk, "List") != 0)
			continue;
		cJSON *items = pgq_list(in, "items");
		size_t n = items ? pgq_len(items) : 0;
		const char *obj = n ? pgq_sval(pgq_at(items, n - 1)) : NULL;
		const char *sch = n > 1 ? pgq_sval(pgq_at(items, n - 2)) : NULL;
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
