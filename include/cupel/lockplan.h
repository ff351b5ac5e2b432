/* lockplan.h - the locks of one migration as a whole: its PostgreSQL
 * statements in order with the lock facts of each (lockmodel.h), the
 * transactions they run in (an autocommit block ends the migration's
 * transaction and runs each of its statements on its own; a new one
 * begins after it), and per transaction the strongest lock on each table
 * with the statements it is held across. cupel locks and the UI's Locks
 * view both read it. */
#ifndef CUPEL_LOCKPLAN_H
#define CUPEL_LOCKPLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/arena.h"
#include "cupel/lockmodel.h"
#include "cupel/ops.h"
#include "cupel/plan.h"
#include "cupel/project.h"
#include "cupel/schema.h"
#include "cupel/sqlrender.h"

struct pgq_result;

struct lockplan_stmt {
	const char *sql;
	unsigned line;          /* its operation's line in the script (0: none) */
	size_t txn;             /* the transaction it runs in, 0, 1, ... */
	bool autocommit;        /* inside an autocommit block: its own transaction */
	bool parsed;
	const char *error;      /* !parsed: PostgreSQL's parser's message */
	struct lock_fact *facts;
	size_t n_facts;
	/* how its facts are found: from how cupel rendered it (form), else
	 * from its parse tree (kept between the walk's two halves) */
	const struct op *op;
	struct sqlrender_form form;
	struct pgq_result *tree;
};

/* A table lock as the transaction holds it: taken by statement `first`,
 * at its strongest from `strongest_at`, released when the transaction
 * ends after statement `last` (indices into stmts). */
struct lockplan_hold {
	const char *schema, *table;
	enum lock_mode mode;
	size_t txn;
	size_t first, strongest_at, last;
	bool rewrite;           /* a statement of the transaction rewrites it */
	bool scan;              /* ... or reads every row of it */
	bool index_build;       /* ... or builds an index on it */
	bool new_table;         /* the migration creates it: no one else sees it yet */
};

struct lockplan {
	struct lockplan_stmt *stmts;
	size_t n;
	struct lockplan_hold *holds;
	size_t n_holds;
	size_t n_txns;
	size_t n_unknown;       /* statements the model does not know or could not parse */
	size_t n_not_rendered;  /* operations that render no SQL (opaque steps) */
	bool form_only;         /* CUPEL_LOCK_ROUTE=form: nothing parsed (tests) */
	/* the strongest lock of the migration, on an existing table */
	enum lock_mode strongest;
	const char *strongest_table;
};

/* The lock plan of one migration's operations (PostgreSQL). before: the
 * schema before it, for type changes and index tables (may be NULL). */
void lockplan_build(struct arena *a, const struct op *ops, size_t n, const struct schema *before,
		    struct lockplan *out);

/* lockplan_build judging each statement against the schema just before
 * it: s (the schema before the migration, may be NULL) is applied the
 * migration's operations one by one as their statements are judged, and
 * is the schema after it on return; rev names the revision in it. */
void lockplan_build_along(struct arena *a, const struct op *ops, size_t n, struct schema *s, const char *rev,
			  struct lockplan *out);

/* lockplan_build keeping every statement's parse tree (stmts[i].tree,
 * NULL where it does not parse) for a caller that reads the trees too:
 * take them with lockplan_take_tree, free the rest with
 * lockplan_free_trees. */
void lockplan_build_parsed(struct arena *a, const struct op *ops, size_t n, const struct schema *before,
			   struct lockplan *out);
bool lockplan_take_tree(struct lockplan *lp, size_t i, struct pgq_result *out);
void lockplan_free_trees(struct lockplan *lp);

/* The facts of the plan's statements judged again against before (a
 * lockplan_fn whose schema gained live columns); the plan's own
 * operations. */
void lockplan_judge(struct arena *a, const struct op *ops, size_t n, const struct schema *before,
		    struct lockplan *lp);

/* The judging of lockplan_build_along on a plan whose trees are still
 * there (a walk's). */
void lockplan_judge_along(struct arena *a, const struct op *ops, size_t n, struct schema *s, const char *rev,
			  struct lockplan *lp);

/* Called for each migration of a walk, in plan order, on the calling
 * thread: its operations (NULL when the script could not be read again),
 * its lock plan, each statement judged against the schema just before
 * it, and s, the schema after the migration; an arena for the call
 * (reset after it). */
typedef void (*lockplan_fn)(void *ctx, const struct plan_step *step, const struct op_list *ops,
			    struct lockplan *lp, struct schema *s, struct arena *a);

/* Called before a migration is judged, with its plan judged against s
 * (the schema before it) as a whole: s may gain what the plan needs
 * (live columns of tables the migrations do not make). */
typedef void (*lockplan_prep_fn)(void *ctx, const struct lockplan *lp, struct schema *s);

/* Every upgrade step of plan: operations read and lock plans built ahead
 * on every core, handed to fn in order with s replayed alongside. prep
 * may be NULL. */
void lockplan_walk(struct project *p, const struct plan *plan, struct schema *s, lockplan_prep_fn prep,
		   lockplan_fn fn, void *ctx);

#endif
