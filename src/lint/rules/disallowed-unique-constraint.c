/* disallowed-unique-constraint: a UNIQUE or PRIMARY KEY constraint added
 * to an existing PostgreSQL table builds its index under ACCESS
 * EXCLUSIVE (reads blocked for the whole build). USING INDEX of an index
 * built CONCURRENTLY makes it a catalog change. */
#include "../rule.h"

static void check(struct lint_ctx *c, const struct lint_alter *a, void *arg)
{
	(void)arg;
	bool add_col = !strcmp(a->subtype, "AT_AddColumn");
	if (!a->def || (strcmp(a->subtype, "AT_AddConstraint") != 0 && !add_col))
		return;
	if (!lint_table_existed(c, a->schema, a->table))
		return;
	json_t *cons = add_col ? pgq_list(a->def, "constraints") : NULL;
	size_t n = add_col ? (cons ? json_array_size(cons) : 0) : 1;
	for (size_t i = 0; i < n; i++) {
		json_t *k = a->def;
		if (add_col && !pgq_node(json_array_get(cons, i), &k))
			continue;
		const char *ct = pgq_str(k, "contype");
		bool pk = ct && !strcmp(ct, "CONSTR_PRIMARY");
		if (!ct || (!pk && strcmp(ct, "CONSTR_UNIQUE") != 0) || pgq_str(k, "indexname"))
			continue;
		const char *name = pgq_str(k, "conname");
		lint_report(c, a->stmt->line, 0,
			    "CREATE UNIQUE INDEX CONCURRENTLY in an autocommit_block(), then "
			    "op.execute(\"ALTER TABLE ... ADD CONSTRAINT name UNIQUE USING INDEX ix\")",
			    "%s %s added to %s builds its index under ACCESS EXCLUSIVE", pk ? "primary key" : "unique constraint",
			    name ? name : "(unnamed)", a->table);
	}
}

LINT_RULE(disallowed_unique_constraint)
{
	if (c->pg)
		lint_each_alter_cmd(c, check, NULL);
}

LINT_NO_GRAPH(disallowed_unique_constraint)
