/* changing-column-type: alter_column(type_=...) on an existing PostgreSQL
 * table. Unless the change is binary-coercible (a longer VARCHAR, VARCHAR
 * to TEXT) the table is rewritten under ACCESS EXCLUSIVE, and running
 * code may break on the new type. */
#include <stdio.h>
#include <stdlib.h>

#include "cupel/sqltype.h"
#include "../rule.h"

/* VARCHAR(n) -> its n, TEXT -> a large number, else -1. */
static long varchar_len(const char *t)
{
	if (!t)
		return -1;
	if (!strcmp(t, "TEXT"))
		return 1L << 30;
	long n;
	if (sscanf(t, "VARCHAR(%ld)", &n) == 1)
		return n;
	if (!strcmp(t, "VARCHAR"))
		return 1L << 30;
	return -1;
}

static void check(struct lint_ctx *c, const struct op *o, const struct op *parent, void *arg)
{
	(void)arg;
	if (o->kind != OP_ALTER_COLUMN || !o->alter.type)
		return;
	const char *table = o->table ? o->table : parent ? parent->table : NULL;
	const char *schema = o->table ? o->schema : parent ? parent->schema : NULL;
	if (!lint_table_existed(c, schema, table))
		return;
	const struct schema_column *col = schema_column(schema_table(c->before, schema, table), o->alter.column);
	struct strbuf sb = STRBUF_INIT;
	const char *to = sqltype_render(&sb, o->alter.type, DIALECT_POSTGRESQL, NULL) ? strbuf_str(&sb) : NULL;
	long from_len = varchar_len(col ? col->type : NULL), to_len = varchar_len(to);
	bool widening = from_len >= 0 && to_len >= from_len;
	bool same = col && col->type && to && !strcmp(col->type, to);
	/* the lock model, judging each statement against the schema just
	 * before it, knows a change of a column the migration itself made */
	const struct lockplan *lp = lint_lockplan(c);
	for (size_t i = 0; !widening && !same && i < lp->n; i++)
		for (size_t f = 0; lp->stmts[i].op == o && f < lp->stmts[i].n_facts; f++)
			same = same || lp->stmts[i].facts[f].rewrite == 0;
	if (!widening && !same)
		lint_report(c, o->line, o->col,
			    "add a new column, write to both, backfill in batches, switch reads, drop the old one; "
			    "only binary-coercible changes (longer VARCHAR, VARCHAR to TEXT) are safe in place",
			    "type of %s.%s changed from %s to %s: PostgreSQL rewrites the table under ACCESS EXCLUSIVE",
			    table, o->alter.column, col && col->type ? col->type : "?", to ? to : "?");
	strbuf_release(&sb);
}

/* the same in op.execute SQL (and plain SQL files): the statements the
 * operations above do not see */
static void raw(struct lint_ctx *c, const struct lint_alter *a, void *arg)
{
	(void)arg;
	if (strcmp(a->subtype, "AT_AlterColumnType") != 0 || !lint_stmt_raw(c, a->i) ||
	    !lint_table_existed(c, a->schema, a->table))
		return;
	/* the lock model knows the binary-coercible changes (old type from
	 * the schema); unknown counts as a rewrite */
	for (size_t f = 0; f < a->stmt->n_facts; f++)
		if (a->stmt->facts[f].rewrite == 0)
			return;
	lint_report(c, a->stmt->line, 0,
		    "add a new column, write to both, backfill in batches, switch reads, drop the old one; "
		    "only binary-coercible changes (longer VARCHAR, VARCHAR to TEXT) are safe in place",
		    "type of %s.%s changed: PostgreSQL rewrites the table under ACCESS EXCLUSIVE", a->table,
		    pgq_str(a->cmd, "name") ? pgq_str(a->cmd, "name") : "?");
}

LINT_RULE(changing_column_type)
{
	if (c->pg)
		lint_each_op(c, &c->up_pg, check, NULL);
	if (c->pg)
		lint_each_alter_cmd(c, raw, NULL);
}

LINT_NO_GRAPH(changing_column_type)
