/* require-lock-timeout: a statement taking a lock that blocks writes
 * (SHARE or stronger: ACCESS EXCLUSIVE, a foreign key's SHARE ROW
 * EXCLUSIVE, an index build's SHARE) on an existing PostgreSQL table with
 * no lock_timeout set before it. While it waits for the lock (behind one
 * long transaction) every later query it conflicts with queues behind
 * it: an outage without any rewrite. Reported once per migration, at the
 * first such statement; in a plain SQL file (lint --sql), once per file.
 * Silent for a project whose env.py sets lock_timeout for the
 * migrations' session (read once, by envpy_read); `cupel upgrade
 * --lock-timeout` and role settings are not seen (see the rule's page). */
#include "cupel/envpy.h"
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
	const struct lock_rel *lr = lint_locks_existing(c, st, LOCK_SHARE);
	if (!lr)
		return;
	s->reported = true;
	lint_report(c, st->line, 0,
		    "op.execute(\"SET LOCAL lock_timeout = '2s'\") first in upgrade() (and retry on failure), or run "
		    "with cupel upgrade --lock-timeout",
		    "%s on %s with no lock_timeout: while it waits, every %s %s queues behind it",
		    lock_mode_name(lr->mode), lr->name, lr->mode == LOCK_ACCESS_EXCLUSIVE ? "query on" : "write to",
		    lr->name);
}

LINT_RULE(require_lock_timeout)
{
	const struct envpy_config *env = lint_envpy(c);
	if (!c->pg || (env && env->lock_timeout))
		return;
	struct st s;
	/* a plain SQL file is one session: once per file, as Squawk */
	lint_setting_init(c, &s.set, "lock_timeout");
	s.reported = c->sql_file && lint_kept(c, "reported");
	lint_each_sql(c, each, &s);
	if (c->sql_file && s.reported)
		lint_keep(c, "reported", "yes");
}

LINT_NO_GRAPH(require_lock_timeout)
