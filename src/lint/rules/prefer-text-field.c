/* prefer-text-field: a new PostgreSQL column of type varchar(n) (or one
 * changed to varchar(n)): changing
 * the limit later takes ACCESS EXCLUSIVE (and shrinking it rewrites the
 * table); text with a CHECK on its length is as fast, and the CHECK can
 * be replaced NOT VALID. */
#include "../rule.h"

static void check(struct lint_ctx *c, const struct lint_column *col, void *arg)
{
	(void)arg;
	cJSON *mods = pgq_list(pgq_get(col->def, "typeName"), "typmods");
	if (strcmp(col->type, "varchar") != 0 || !mods || !pgq_len(mods))
		return;
	lint_report(c, col->line, 0, "sa.Text() with sa.CheckConstraint(\"length(col) <= n\")",
		    "column %s.%s is varchar(n): changing its limit later locks the table", col->table, col->name);
}

/* a column changed to varchar(n): the same limit to change later */
static void alter(struct lint_ctx *c, const struct lint_alter *a, void *arg)
{
	(void)arg;
	if (strcmp(a->subtype, "AT_AlterColumnType") != 0 || !a->def)
		return;
	cJSON *tn = pgq_get(a->def, "typeName");
	cJSON *names = pgq_list(tn, "names"), *mods = pgq_list(tn, "typmods");
	size_t n = names ? pgq_len(names) : 0;
	const char *type = n ? pgq_sval(pgq_at(names, n - 1)) : NULL;
	if (!type || strcmp(type, "varchar") != 0 || !mods || !pgq_len(mods))
		return;
	lint_report(c, a->stmt->line, 0, "sa.Text() with sa.CheckConstraint(\"length(col) <= n\")",
		    "column %s.%s changed to varchar(n): changing its limit later locks the table",
		    a->table ? a->table : "?", pgq_str(a->cmd, "name") ? pgq_str(a->cmd, "name") : "?");
}

LINT_RULE(prefer_text_field)
{
	if (c->pg) {
		lint_each_new_column(c, check, NULL);
		lint_each_alter_cmd(c, alter, NULL);
	}
}

LINT_NO_GRAPH(prefer_text_field)
