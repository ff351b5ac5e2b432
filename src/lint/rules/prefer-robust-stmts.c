/* prefer-robust-stmts: DDL that runs outside a transaction (in an
 * autocommit block, or outside BEGIN/COMMIT in a plain SQL file) without
 * IF [NOT] EXISTS. If the migration fails after it, what it did stays
 * committed and the re-run fails on "already exists". Inside the
 * migration's transaction a failure rolls everything back, so those
 * statements are left alone, as Squawk does. The forms are Squawk's:
 * CREATE TABLE, a named CREATE INDEX, DROP TABLE/INDEX/TYPE, renames,
 * and ALTER TABLE unless every subcommand is ADD COLUMN IF NOT EXISTS,
 * DROP COLUMN IF EXISTS or DROP CONSTRAINT IF EXISTS. */
#include "../rule.h"

static bool robust_alter(cJSON *node)
{
	cJSON *cmds = pgq_list(node, "cmds");
	for (cJSON *cmds_el = pgq_first(cmds); cmds_el; cmds_el = cmds_el->next) {
		cJSON *cmd;
		if (!pgq_node(cmds_el, &cmd))
			return false;
		const char *sub = pgq_str(cmd, "subtype");
		bool guarded = sub && (!strcmp(sub, "AT_AddColumn") || !strcmp(sub, "AT_DropColumn") ||
				       !strcmp(sub, "AT_DropConstraint"));
		if (!guarded || !cJSON_IsTrue(pgq_get(cmd, "missing_ok")))
			return false;
	}
	return true;
}

/* What is missing on a statement that cannot be re-run, or NULL. */
static const char *fragile(const char *kind, cJSON *node)
{
	if (!strcmp(kind, "CreateStmt"))
		return cJSON_IsTrue(pgq_get(node, "if_not_exists")) ? NULL : "CREATE TABLE without IF NOT EXISTS";
	if (!strcmp(kind, "IndexStmt"))
		return !pgq_str(node, "idxname") || cJSON_IsTrue(pgq_get(node, "if_not_exists"))
			       ? NULL
			       : "CREATE INDEX without IF NOT EXISTS";
	if (!strcmp(kind, "DropStmt")) {
		const char *rt = pgq_str(node, "removeType");
		bool kind_ok = rt && (!strcmp(rt, "OBJECT_TABLE") || !strcmp(rt, "OBJECT_INDEX") || !strcmp(rt, "OBJECT_TYPE"));
		return kind_ok && !cJSON_IsTrue(pgq_get(node, "missing_ok")) ? "DROP without IF EXISTS" : NULL;
	}
	if (!strcmp(kind, "AlterTableStmt")) {
		const char *ot = pgq_str(node, "objtype");
		if (ot && strcmp(ot, "OBJECT_TABLE") != 0)
			return NULL;
		return robust_alter(node) ? NULL : "ALTER TABLE that cannot be repeated";
	}
	if (!strcmp(kind, "RenameStmt")) {
		const char *rt = pgq_str(node, "renameType");
		return rt && (!strcmp(rt, "OBJECT_TABLE") || !strcmp(rt, "OBJECT_COLUMN")) ? "rename" : NULL;
	}
	return NULL;
}

static void each(struct lint_ctx *c, const struct lockplan *lp, size_t i, const char *kind, cJSON *node, void *arg)
{
	(void)arg;
	const struct lockplan_stmt *st = &lp->stmts[i];
	const char *what = st->autocommit ? fragile(kind, node) : NULL;
	if (!what)
		return;
	lint_report(c, st->line, 0,
		    "if_not_exists=True / if_exists=True on the op (Alembic 1.12+), or IF [NOT] EXISTS in the SQL; "
		    "or keep the statement in the migration's transaction",
		    "%s outside a transaction: if the migration fails after it, the re-run fails on it", what);
}

LINT_RULE(prefer_robust_stmts)
{
	if (c->pg)
		lint_each_sql(c, each, NULL);
}

LINT_NO_GRAPH(prefer_robust_stmts)
