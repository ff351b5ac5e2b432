/* not-null-without-default: add_column(nullable=False) without a
 * server_default on a table that existed before this migration: its rows
 * have no value for the column, so PostgreSQL refuses (or SQLite, or the
 * deploy fails on the first non-empty database). */
#include "../rule.h"

static void check(struct lint_ctx *c, const struct op *o, const struct op *parent, void *arg)
{
	(void)arg;
	if (o->kind != OP_ADD_COLUMN || o->column.nullable != 0 || o->column.server_default.kind != DEFAULT_NONE ||
	    o->column.computed || o->column.identity)
		return;
	const char *table = o->table ? o->table : parent ? parent->table : NULL;
	const char *schema = o->table ? o->schema : parent ? parent->schema : NULL;
	if (!lint_table_existed(c, schema, table))
		return;
	lint_report(c, o->line, o->col,
		    "add it nullable, backfill it in batches, then alter_column(nullable=False); or give it a "
		    "server_default",
		    "NOT NULL column %s.%s added without a server_default to a table that may hold rows", table,
		    o->column.name);
}

/* the same in op.execute SQL (and plain SQL files): the statements the
 * operations above do not see */
static void raw(struct lint_ctx *c, const struct lint_alter *a, void *arg)
{
	(void)arg;
	if (strcmp(a->subtype, "AT_AddColumn") != 0 || !a->def || !lint_stmt_raw(c, a->i) ||
	    !lint_table_existed(c, a->schema, a->table))
		return;
	bool not_null = false, valued = false;
	cJSON *cons = pgq_list(a->def, "constraints");
	for (cJSON *cons_el = pgq_first(cons); cons_el; cons_el = cons_el->next) {
		cJSON *k;
		const char *ct = pgq_node(cons_el, &k) ? pgq_str(k, "contype") : NULL;
		if (!ct)
			continue;
		not_null |= !strcmp(ct, "CONSTR_NOTNULL") || !strcmp(ct, "CONSTR_PRIMARY");
		valued |= !strcmp(ct, "CONSTR_DEFAULT") || !strcmp(ct, "CONSTR_IDENTITY") || !strcmp(ct, "CONSTR_GENERATED");
	}
	cJSON *names = pgq_list(pgq_get(a->def, "typeName"), "names");
	const char *type = names && pgq_len(names) ? pgq_sval(pgq_at(names, pgq_len(names) - 1)) : NULL;
	valued |= type && (!strcmp(type, "serial") || !strcmp(type, "bigserial") || !strcmp(type, "smallserial"));
	if (!not_null || valued)
		return;
	lint_report(c, a->stmt->line, 0,
		    "add it nullable, backfill it in batches, then SET NOT NULL; or give it a DEFAULT",
		    "NOT NULL column %s.%s added without a default to a table that may hold rows", a->table,
		    pgq_str(a->def, "colname") ? pgq_str(a->def, "colname") : "?");
}

LINT_RULE(not_null_without_default)
{
	lint_each_op(c, &c->up_pg, check, NULL);
	if (c->pg)
		lint_each_alter_cmd(c, raw, NULL);
}

LINT_NO_GRAPH(not_null_without_default)
