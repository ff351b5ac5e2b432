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
static void raw(struct lint_ctx *c, const struct lockplan *lp, size_t i, const char *kind, cJSON *node, void *arg)
{
	(void)arg;
	const char *rt = pgq_str(node, "removeType");
	if (strcmp(kind, "DropStmt") != 0 || !rt || strcmp(rt, "OBJECT_TABLE") != 0 || !lint_stmt_raw(c, i))
		return;
	cJSON *objs = pgq_list(node, "objects");
	for (cJSON *objs_el = pgq_first(objs); objs_el; objs_el = objs_el->next) {
		cJSON *l;
		const char *k = pgq_node(objs_el, &l);
		cJSON *items = k && !strcmp(k, "List") ? pgq_list(l, "items") : NULL;
		size_t n = items ? pgq_len(items) : 0;
		const char *name = n ? pgq_sval(pgq_at(items, n - 1)) : NULL;
		const char *schema = n > 1 ? pgq_sval(pgq_at(items, n - 2)) : NULL;
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
