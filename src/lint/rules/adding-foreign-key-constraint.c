/* adding-foreign-key-constraint: a FOREIGN KEY added to an existing
 * PostgreSQL table without NOT VALID: the validation scans the table (and
 * checks the parent) under SHARE ROW EXCLUSIVE on both, blocking their
 * writes. Read from the rendered SQL, so op.create_foreign_key and
 * op.execute("ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY") alike. */
#include "../rule.h"

static void check(struct lint_ctx *c, const struct lint_alter *a, void *arg)
{
	(void)arg;
	if (strcmp(a->subtype, "AT_AddConstraint") != 0 || !a->def)
		return;
	const char *ct = pgq_str(a->def, "contype");
	if (!ct || strcmp(ct, "CONSTR_FOREIGN") != 0 || cJSON_IsTrue(pgq_get(a->def, "skip_validation")))
		return;
	if (!lint_table_existed(c, a->schema, a->table))
		return;
	const char *name = pgq_str(a->def, "conname");
	cJSON *pk = pgq_get(a->def, "pktable");
	const char *parent = pgq_str(pk, "relname");
	lint_report(c, a->stmt->line, 0,
		    "op.execute(\"ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID\"), then "
		    "VALIDATE CONSTRAINT in a later migration (or an autocommit_block)",
		    "foreign key %s added to %s without NOT VALID: the validation scan blocks writes to %s and %s",
		    name ? name : "(unnamed)", a->table, a->table, parent ? parent : "?");
}

LINT_RULE(adding_foreign_key_constraint)
{
	if (c->pg)
		lint_each_alter_cmd(c, check, NULL);
}

LINT_NO_GRAPH(adding_foreign_key_constraint)
