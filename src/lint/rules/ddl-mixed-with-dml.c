/* ddl-mixed-with-dml: a transaction of a PostgreSQL migration that both
 * alters an existing table and runs an UPDATE or DELETE over it. Whichever
 * comes first, its locks are held while the other runs: after an ALTER
 * the data change runs under ACCESS EXCLUSIVE; after the data change the
 * ALTER waits for nothing but holds the row locks of every changed row to
 * the commit. */
#include "../rule.h"

struct seen {
	struct {
		const char *table;
		size_t txn;
		unsigned ddl, dml;  /* first line of each (0: none yet) */
		bool reported;
	} v[64];
	size_t n;
};

static size_t slot(struct lint_ctx *c, struct seen *s, const char *table, size_t txn)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].txn == txn && !strcmp(s->v[i].table, table))
			return i;
	if (s->n == sizeof(s->v) / sizeof(s->v[0]))
		return s->n;
	s->v[s->n].table = lint_strdup(c, table);
	s->v[s->n].txn = txn;
	s->v[s->n].ddl = s->v[s->n].dml = 0;
	s->v[s->n].reported = false;
	return s->n++;
}

static void each(struct lint_ctx *c, const struct lockplan *lp, size_t i, const char *kind, cJSON *node, void *arg)
{
	struct seen *s = arg;
	const struct lockplan_stmt *st = &lp->stmts[i];
	bool ddl = !strcmp(kind, "AlterTableStmt"), dml = !strcmp(kind, "UpdateStmt") || !strcmp(kind, "DeleteStmt");
	if ((!ddl && !dml) || st->autocommit)
		return;
	cJSON *rel = pgq_get(node, "relation");
	const char *table = pgq_str(rel, "relname");
	if (!table || !lint_table_existed(c, pgq_str(rel, "schemaname"), table))
		return;
	if (ddl && pgq_str(node, "objtype") && strcmp(pgq_str(node, "objtype"), "OBJECT_TABLE") != 0)
		return;
	size_t k = slot(c, s, table, st->txn);
	if (k == s->n)
		return;
	if (ddl && !s->v[k].ddl)
		s->v[k].ddl = st->line ? st->line : 1;
	if (dml && !s->v[k].dml)
		s->v[k].dml = st->line ? st->line : 1;
	if (s->v[k].ddl && s->v[k].dml && !s->v[k].reported) {
		s->v[k].reported = true;
		lint_report(c, st->line, 0,
			    "change the schema in one migration and the data in another (or in batches after "
			    "the migration's transaction, in an autocommit_block())",
			    "%s of %s in the transaction that also alters it (line %u): the locks of the first are "
			    "held while the second runs", dml ? (!strcmp(kind, "UpdateStmt") ? "UPDATE" : "DELETE") : "ALTER",
			    table, dml ? s->v[k].ddl : s->v[k].dml);
	}
}

LINT_RULE(ddl_mixed_with_dml)
{
	if (!c->pg)
		return;
	struct seen s;
	s.n = 0;
	lint_each_sql(c, each, &s);
}

LINT_NO_GRAPH(ddl_mixed_with_dml)
