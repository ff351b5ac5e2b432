/* long-access-exclusive: a transaction that keeps ACCESS EXCLUSIVE on an
 * existing PostgreSQL table across more than max_statements statements
 * (a threshold, 3 unless [cupel] sets long-access-exclusive.max_statements).
 * Locks are held until commit, so everything the migration does after
 * taking the lock (other ALTERs, backfills, index builds) runs with the
 * table unreadable. From the lock plan's holds. */
#include "../rule.h"

LINT_RULE(long_access_exclusive)
{
	if (!c->pg)
		return;
	const struct lockplan *lp = lint_lockplan(c);
	long max = lint_param(c, "max_statements");
	for (size_t h = 0; h < lp->n_holds; h++) {
		const struct lockplan_hold *x = &lp->holds[h];
		if (x->mode != LOCK_ACCESS_EXCLUSIVE || x->new_table || !lint_table_existed(c, x->schema, x->table))
			continue;
		/* the statement taking it and every one after, to the commit */
		size_t n = x->last - x->strongest_at + 1;
		if ((long)n <= max)
			continue;
		lint_report(c, lp->stmts[x->strongest_at].line, 0,
			    "split the migration, move slow work (backfills, index builds) before the ALTER or out "
			    "of the transaction, or merge the ALTERs of the table into one statement",
			    "ACCESS EXCLUSIVE on %s is held across %zu statements (to line %u) in one transaction "
			    "(max_statements = %ld)",
			    x->table, n, lp->stmts[x->last].line, max);
	}
}

LINT_NO_GRAPH(long_access_exclusive)
