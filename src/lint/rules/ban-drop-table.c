/* ban-drop-table: drop_table in upgrade() of a table that existed before
 * the migration: code breaks and the rows are gone. */
#include "../rule.h"

static void check(struct lint_ctx *c, const struct op *o, const struct op *parent, void *arg)
{
	(void)parent;
	(void)arg;
	if (o->kind != OP_DROP_TABLE || !lint_table_existed(c, o->schema, o->table))
		return;
	lint_report(c, o->line, o->col, "remove every use of the table from the code first, then drop it later",
		    "table %s dropped: code that still uses it breaks and its rows are lost", o->table);
}

/* the same in op.execute SQL (and plain SQL files): the statements the
 * operations above do not see */
static void raw(struct lint_ctx *c, const struct lockplan *lp, size_t i, const char *kind, json_t *node, void *arg)
{
	(void)arg;
	const char *rt = pgq_str(node, "removeType");
	if (strcmp(kind, "DropStmt") != 0 || !rt || strcmp(rt, "OBJECT_TABLE") != 0 || !lint_stmt_raw(c, i))
		return;
	json_t *objs = pgq_list(node, "objects");
	for (size_t q = 0; objs && q < json_array_size(objs); q++) {
		json_t *l;
		const char *k = pgq_node(json_array_get(objs, q), &l);
		json_t *items = k && !strcmp(k, "List") ? pgq_list(l, "items") : NULL;
		size_t n = items ? json_array_size(items) : 0;
		const char *name = n ? pgq_sval(json_array_get(items, n - 1)) : NULL;
		const char *schema = n > 1 ? pgq_sval(json_array_get(items, n - 2)) : NULL;
		if (!name || !lint_table_existed(c, schema, name))
			continue;
		lint_report(c, lp->stmts[i].line, 0, "remove every use of the table from the code first, then drop it later",
			    "table %s dropped: code that still uses it breaks and its rows are lost", name);
	}
}

LINT_RULE(ban_drop_table)
{
	lint_each_op(c, &c->up_pg, check, NULL);
	if (c->pg)
		lint_each_sql(c, raw, NULL);
}

LINT_NO_GRAPH(ban_drop_table)
