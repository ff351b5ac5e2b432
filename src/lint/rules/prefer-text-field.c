/* prefer-text-field: a new PostgreSQL column of type varchar(n): changing
 * the limit later takes ACCESS EXCLUSIVE (and shrinking it rewrites the
 * table); text with a CHECK on its length is as fast, and the CHECK can
 * be replaced NOT VALID. */
#include "../rule.h"

static void check(struct lint_ctx *c, const struct lint_column *col, void *arg)
{
	(void)arg;
	json_t *mods = pgq_list(json_object_get(col->def, "typeName"), "typmods");
	if (strcmp(col->type, "varchar") != 0 || !mods || !json_array_size(mods))
		return;
	lint_report(c, col->line, 0, "sa.Text() with sa.CheckConstraint(\"length(col) <= n\")",
		    "column %s.%s is varchar(n): changing its limit later locks the table", col->table, col->name);
}

LINT_RULE(prefer_text_field)
{
	if (c->pg)
		lint_each_new_column(c, check, NULL);
}

LINT_NO_GRAPH(prefer_text_field)
