/* disallowed-unique-constraint: a UNIQUE or PRIMARY KEY constraint added
 * to an existing PostgreSQL table builds its index under ACCESS
 * EXCLUSIVE (reads blocked for the whole build). USING INDEX of an index
 * built CONCURRENTLY makes it a catalog change. */
#include "../rule.h"

static void check(struct lint_ctx *c, const struct lint_alter *a, void *arg)
{
	(void)arg;
	size_t n = lint_alter_n_constraints(a);
	if (!n || !lint_table_existed(c, a->schema, a->table))
		return;
	for (size_t i = 0; i < n; i++) {
		cJSON *k = lint_alter_constraint(a, i);
		if (!k)
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
