/* constraint-missing-not-valid: a CHECK added to an existing PostgreSQL
 * table without NOT VALID scans every row under ACCESS EXCLUSIVE; and a
 * NOT VALID constraint validated in the transaction that added it gains
 * nothing, the strong lock of the ADD is still held during the scan. */
#include "../rule.h"

struct added {
	const char *names[64];
	size_t txn[64];
	size_t n;
};

static void check(struct lint_ctx *c, const struct lint_alter *a, void *arg)
{
	struct added *ad = arg;
	if (!lint_table_existed(c, a->schema, a->table))
		return;
	if (!strcmp(a->subtype, "AT_ValidateConstraint")) {
		const char *name = pgq_str(a->cmd, "name");
		for (size_t i = 0; name && i < ad->n; i++)
			if (!strcmp(ad->names[i], name) && ad->txn[i] == a->stmt->txn)
				lint_report(c, a->stmt->line, 0,
					    "validate in a later migration, or after the migration's transaction "
					    "(op.get_context().autocommit_block())",
					    "constraint %s validated in the transaction that added it NOT VALID: "
					    "the ACCESS EXCLUSIVE of the ADD is held during the scan", name);
		return;
	}
	/* ADD CONSTRAINT, or ADD COLUMN ... CHECK (...) */
	size_t n = lint_alter_n_constraints(a);
	for (size_t i = 0; i < n; i++) {
		cJSON *k = lint_alter_constraint(a, i);
		if (!k)
			continue;
		const char *ct = pgq_str(k, "contype");
		if (!ct || strcmp(ct, "CONSTR_CHECK") != 0)
			continue;
		const char *name = pgq_str(k, "conname");
		if (cJSON_IsTrue(pgq_get(k, "skip_validation"))) {
			if (name && ad->n < sizeof(ad->names) / sizeof(ad->names[0])) {
				ad->names[ad->n] = lint_strdup(c, name);
				ad->txn[ad->n++] = a->stmt->txn;
			}
			continue;
		}
		lint_report(c, a->stmt->line, 0,
			    "op.execute(\"ALTER TABLE ... ADD CONSTRAINT ... CHECK (...) NOT VALID\"), then "
			    "VALIDATE CONSTRAINT in a later migration (it takes SHARE UPDATE EXCLUSIVE only)",
			    "check constraint %s added to %s without NOT VALID: every row is checked under ACCESS EXCLUSIVE",
			    name ? name : "(unnamed)", a->table);
	}
}

LINT_RULE(constraint_missing_not_valid)
{
	if (!c->pg)
		return;
	struct added ad;
	ad.n = 0;
	lint_each_alter_cmd(c, check, &ad);
}

LINT_NO_GRAPH(constraint_missing_not_valid)
