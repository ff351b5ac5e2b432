/* undocumented-data-migration: upgrade() changes data (UPDATE, INSERT,
 * DELETE, bulk_insert, or Python-only steps) and the docstring does not say
 * how long it takes, what it locks and whether it can be rolled back. The
 * founding document's review questions, asked of the author. */
#include <strings.h>

#include "../rule.h"

static bool is_dml(const char *sql)
{
	while (sql && (*sql == ' ' || *sql == '\n' || *sql == '\t' || *sql == '('))
		sql++;
	if (!sql)
		return false;
	if (!strncasecmp(sql, "WITH", 4))
		return strcasestr(sql, "UPDATE") || strcasestr(sql, "INSERT") || strcasestr(sql, "DELETE");
	return !strncasecmp(sql, "UPDATE", 6) || !strncasecmp(sql, "INSERT", 6) || !strncasecmp(sql, "DELETE", 6);
}

static void check(struct lint_ctx *c, const struct op *o, const struct op *parent, void *arg)
{
	(void)c;
	(void)parent;
	bool *data = arg;
	/* a Python step may change data; a syntax error, a raise or a missing
	 * upgrade() runs nothing */
	if (o->kind == OP_BULK_INSERT || (o->kind == OP_OPAQUE && o->opaque == OPAQUE_STEP) ||
	    (o->kind == OP_EXECUTE && is_dml(o->sql)))
		*data = true;
}

LINT_RULE(undocumented_data_migration)
{
	bool data = false;
	lint_each_op(c, &c->up_pg, check, &data);
	if (!data)
		return;
	static const char *const words[] = { "duration", "lock", "rollback" };
	if (lint_doc_mentions(c->script, words, 3))
		return;
	const struct py_node *fn = lint_function(c->module, "upgrade");
	lint_report(c, fn ? fn->line : 1, fn ? fn->col : 1,
		    "state in the docstring: \"Expected duration: ...\", \"Locks: ...\", \"Rollback safe: ...\"",
		    "data migration without its expected duration, locks and rollback safety in the docstring");
}

LINT_NO_GRAPH(undocumented_data_migration)
