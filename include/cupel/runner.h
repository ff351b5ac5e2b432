/* runner.h - running a plan on a live database, one migration at a time:
 * each migration and its version-table change in one transaction (or all
 * in one), autocommit blocks outside it, timeouts set per transaction, a
 * PostgreSQL advisory lock against a second runner. A failure rolls back
 * the migration and leaves the version table at the last good revision. */
#ifndef CUPEL_RUNNER_H
#define CUPEL_RUNNER_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/db.h"
#include "cupel/envpy.h"
#include "cupel/plan.h"
#include "cupel/project.h"
#include "cupel/vtable.h"

enum runner_event_kind {
	RUNNER_STEP_BEGIN,  /* a migration starts */
	RUNNER_STATEMENT,   /* a statement ran (ms: its time) */
	RUNNER_STEP_DONE,   /* committed (ms: the migration's time) */
};

struct runner_event {
	enum runner_event_kind kind;
	const struct plan_step *step;
	size_t index, total;   /* step index in the plan */
	const char *sql;       /* RUNNER_STATEMENT */
	double ms;
};

typedef void (*runner_event_fn)(void *ctx, const struct runner_event *ev);

struct runner_opts {
	bool one_transaction;          /* every step in one transaction */
	const char *lock_timeout;      /* SET LOCAL lock_timeout (PostgreSQL); NULL: unset */
	const char *statement_timeout; /* SET LOCAL statement_timeout */
	int lock_wait;                 /* seconds to wait for another runner */
	bool purge;                    /* stamp --purge: delete every row first */
	/* PostgreSQL: send each migration in one round trip when it can be
	 * (no per-statement events then) */
	bool pipeline;
	runner_event_fn event;
	void *event_ctx;
	/* A step cupel cannot run (an opaque step, a batch that needs the live
	 * table): hand it to someone else, e.g. the alembic command. NULL:
	 * refuse the plan before its first step runs. Upgrade steps only,
	 * never in one_transaction mode. */
	bool (*handoff)(void *ctx, const struct plan_step *step, struct strbuf *err);
	void *handoff_ctx;
	/* the version table made (and --purge's DELETE) in the first step's
	 * transaction, as Alembic's one transaction on PostgreSQL makes it: a
	 * first step that fails leaves no empty table behind. false: committed
	 * on its own first (SQLite's DDL, transaction_per_migration). Not with
	 * a hand-off. */
	bool vt_with_first;
	/* the rows the plan was made from (NULL: not checked). SQLite, where
	 * nothing locks before the first BEGIN IMMEDIATE: read again once that
	 * holds the write lock, and a run whose rows moved meanwhile (another
	 * runner) stops before anything of it runs */
	const char *const *planned_heads;
	size_t n_planned_heads;
};

/* Why a run stopped. */
struct runner_failure {
	const struct plan_step *step;  /* NULL: before any step */
	const char *statement;         /* the statement that failed, or NULL */
	unsigned line;                 /* its operation's line in the script */
	const char *message;           /* cupel's own words, or NULL */
	struct db_error err;           /* the server's words */
	bool has_err;
	bool handed_off;               /* the failure is the hand-off's */
	/* statements of the failed step that stay committed (autocommit
	 * blocks, and what ran before a block), from line kept_from to
	 * kept_to; 0: the step was rolled back whole */
	size_t kept;
	unsigned kept_from, kept_to;
	bool block_reached;            /* an autocommit block of it began */
	/* --one-transaction: an earlier step of the open transaction whose
	 * autocommit block committed it; the failure rolls back to that
	 * block, and of block_step only block_kept statements (lines
	 * block_from to block_to) stay. NULL: no such step */
	const struct plan_step *block_step;
	size_t block_kept;
	unsigned block_from, block_to;
	/* refused before anything ran: step (plan index `index`) cannot run */
	bool up_front;
	size_t index;
	/* the step fails as it fails in Alembic (an error Alembic raises too):
	 * the steps before it run first, as in Alembic */
	bool as_alembic;
};

/* Take the runner lock (PostgreSQL: a session advisory lock keyed by the
 * version table; SQLite: nothing, BEGIN IMMEDIATE serializes). Waits up to
 * wait_seconds. */
bool runner_lock(struct vtable *vt, struct arena *a, int wait_seconds, struct strbuf *err);
void runner_unlock(struct vtable *vt, struct arena *a);

/* Run plan (from plan_online on the heads just read under the lock).
 * Returns the number of steps committed in *done; false on failure. */
bool runner_run(struct project *p, struct vtable *vt, const struct plan *plan, const struct runner_opts *o,
		struct arena *a, size_t *done, struct runner_failure *fail);

#endif
