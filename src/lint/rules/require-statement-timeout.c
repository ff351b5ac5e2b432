/* require-statement-timeout: a statement locking an existing PostgreSQL
 * table (SHARE UPDATE EXCLUSIVE or stronger) with no statement_timeout
 * set before it. A migration that runs away (a scan, a rewrite, a wait on
 * an old snapshot) keeps its locks until someone notices; a timeout ends
 * it and rolls it back. Once per migration, at the first such statement,
 * as Squawk does per file; a session SET in a plain SQL file (lint --sql)
 * holds for the statements after it. */
#include "../rule.h"

struct st {
	struct lint_setting set;
	bool reported;
};

static void each(struct lint_ctx *c, const struct lockplan *lp, size_t i, const char *kind, cJSON *node, void *arg)
{
	struct st *s = arg;
	const struct lockplan_stmt *st = &lp->stmts[i];
	if (lint_setting_stmt(c, &s->set, lp, i, kind, node))
		return;
	if (s->reported || lint_setting_on(&s->set, lp, i))
		return;
	const struct lock_rel *lr = lint_locks_existing(c, st, LOCK_SHARE_UPDATE_EXCLUSIVE);
	if (!lr)
		return;
	s->reported = true;
	lint_report(c, st->line, 0,
		    "op.execute(\"SET LOCAL statement_timeout = '30s'\") first in upgrade() (longer for concurrent "
		    "index builds, in their autocommit block), or set it in env.py",
		    "%s on %s with no statement_timeout: a slow or stuck migration keeps the lock until "
		    "someone kills it",
		    lock_mode_name(lr->mode), lr->name);
}

LINT_RULE(require_statement_timeout)
{
	if (!c->pg)
		return;
	struct st s;
	/* a plain SQL file is one session: once per file, as Squawk */
	lint_setting_init(c, &s.set, "statement_timeout");
	s.reported = c->sql_file && lint_kept(c, "reported");
	lint_each_sql(c, each, &s);
	if (c->sql_file && s.reported)
		lint_keep(c, "reported", "yes");
}

LINT_NO_GRAPH(require_statement_timeout)
