/* require-concurrent-index-deletion: DROP INDEX without CONCURRENTLY on a
 * PostgreSQL table that existed before the migration: it takes ACCESS
 * EXCLUSIVE on the table, so reads and writes wait (and queue behind it
 * while it waits for the lock). An index whose table the schema does not
 * know is reported too: its table may hold rows. */
#include "../rule.h"

/* The indexes the migration creates before the drop, and their tables
 * (the schema before it does not know them). */
struct made {
	const char *name[64], *schema[64], *table[64];
	size_t n;
};

static void each(struct lint_ctx *c, const struct lockplan *lp, size_t i, const char *kind, cJSON *node, void *arg)
{
	struct made *m = arg;
	if (!strcmp(kind, "IndexStmt") && pgq_str(node, "idxname") && m->n < 64) {
		cJSON *rel = pgq_get(node, "relation");
		m->name[m->n] = lint_strdup(c, pgq_str(node, "idxname"));
		m->schema[m->n] = lint_strdup(c, pgq_str(rel, "schemaname"));
		m->table[m->n++] = lint_strdup(c, pgq_str(rel, "relname"));
		return;
	}
	const char *rt = pgq_str(node, "removeType");
	if (strcmp(kind, "DropStmt") != 0 || !rt || strcmp(rt, "OBJECT_INDEX") != 0 ||
	    cJSON_IsTrue(pgq_get(node, "concurrent")))
		return;
	const struct lockplan_stmt *st = &lp->stmts[i];
	const char *table = NULL;
	bool existing = true;
	for (size_t f = 0; f < st->n_facts; f++)
		for (size_t r = 0; r < st->facts[f].n_rels; r++) {
			const struct lock_rel *lr = &st->facts[f].rels[r];
			if (lr->mode == LOCK_ACCESS_EXCLUSIVE && !table) {
				table = lr->name;
				existing = lint_table_existed(c, lr->schema, lr->name);
			}
		}
	cJSON *objs = pgq_list(node, "objects"), *l;
	const char *k = objs && pgq_len(objs) ? pgq_node(pgq_at(objs, 0), &l) : NULL;
	cJSON *items = k && !strcmp(k, "List") ? pgq_list(l, "items") : NULL;
	const char *name = items && pgq_len(items) ? pgq_sval(pgq_at(items, pgq_len(items) - 1)) : NULL;
	for (size_t q = 0; name && q < m->n; q++)
		if (m->name[q] && !strcmp(m->name[q], name)) {
			table = m->table[q];
			existing = lint_table_existed(c, m->schema[q], m->table[q]);
		}
	if (!existing)
		return; /* on a table this migration creates: no one waits */
	lint_report(c, st->line, 0,
		    "with op.get_context().autocommit_block(): op.drop_index(..., postgresql_concurrently=True)",
		    "index dropped without CONCURRENTLY: ACCESS EXCLUSIVE on %s blocks its reads and writes",
		    table ? table : "its table");
}

LINT_RULE(require_concurrent_index_deletion)
{
	struct made m;
	m.n = 0;
	if (c->pg)
		lint_each_sql(c, each, &m);
}

LINT_NO_GRAPH(require_concurrent_index_deletion)
