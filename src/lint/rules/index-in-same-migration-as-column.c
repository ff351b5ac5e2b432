/* index-in-same-migration-as-column: an index built in the transaction
 * that added one of its columns to an existing PostgreSQL table. The ADD
 * COLUMN's ACCESS EXCLUSIVE is held to the commit, so the whole build
 * runs with the table unreadable, not just unwritable. */
#include "../rule.h"

struct added {
	struct {
		const char *table, *column;
		size_t txn;
		unsigned line;
	} v[64];
	size_t n;
};

static void column(struct lint_ctx *c, const struct lint_alter *a, void *arg)
{
	struct added *ad = arg;
	if (strcmp(a->subtype, "AT_AddColumn") != 0 || !a->def || ad->n == sizeof(ad->v) / sizeof(ad->v[0]))
		return;
	if (!lint_table_existed(c, a->schema, a->table))
		return;
	ad->v[ad->n].table = lint_strdup(c, a->table);
	ad->v[ad->n].column = lint_strdup(c, pgq_str(a->def, "colname"));
	ad->v[ad->n].txn = a->stmt->txn;
	ad->v[ad->n++].line = a->stmt->line;
}

static void index_stmt(struct lint_ctx *c, const struct lockplan *lp, size_t i, const char *kind, cJSON *node,
		       void *arg)
{
	const struct added *ad = arg;
	if (strcmp(kind, "IndexStmt") != 0 || lp->stmts[i].autocommit)
		return;
	const char *table = pgq_str(pgq_get(node, "relation"), "relname");
	const char *ix = pgq_str(node, "idxname");
	cJSON *params = pgq_list(node, "indexParams");
	for (cJSON *params_el = pgq_first(params); table && params_el; params_el = params_el->next) {
		cJSON *el;
		if (!pgq_node(params_el, &el))
			continue;
		const char *col = pgq_str(el, "name");
		for (size_t k = 0; col && k < ad->n; k++)
			if (ad->v[k].column && !strcmp(ad->v[k].column, col) && !strcmp(ad->v[k].table, table) &&
			    ad->v[k].txn == lp->stmts[i].txn) {
				lint_report(c, lp->stmts[i].line, 0,
					    "build the index in the next migration, or CONCURRENTLY in "
					    "op.get_context().autocommit_block() (it commits the ADD COLUMN first)",
					    "index %s on %s.%s is built while the ADD COLUMN (line %u) holds ACCESS EXCLUSIVE: "
					    "reads wait for the whole build", ix ? ix : "(unnamed)", table, col, ad->v[k].line);
				return;
			}
	}
}

LINT_RULE(index_in_same_migration_as_column)
{
	if (!c->pg)
		return;
	struct added ad;
	ad.n = 0;
	lint_each_alter_cmd(c, column, &ad);
	if (ad.n)
		lint_each_sql(c, index_stmt, &ad);
}

LINT_NO_GRAPH(index_in_same_migration_as_column)
