/* offline.h - the text of Alembic's offline (--sql) mode around the
 * statements of each migration: BEGIN/COMMIT as Alembic places them, the
 * version table's CREATE/INSERT/UPDATE/DELETE/DROP, the "-- Running ..."
 * comments, terminators and blank lines. */
#ifndef CUPEL_OFFLINE_H
#define CUPEL_OFFLINE_H

#include <stdbool.h>

#include "cupel/dialect.h"
#include "cupel/envpy.h"
#include "cupel/plan.h"
#include "cupel/strbuf.h"

/* Renders the statements of one step's migration body (upgrade() or
 * downgrade()) into out, each as Alembic prints it ("stmt;\n\n"). It may
 * print "COMMIT;\n\n" / "BEGIN;\n\n" itself around autocommit blocks when
 * in_transaction. Returns false if the body could not be rendered (the
 * text of the problem has then been written as a comment). */
typedef bool (*offline_body_fn)(void *ctx, struct strbuf *out, const struct plan_step *step,
				enum dialect d, bool in_transaction);

struct offline_opts {
	enum dialect dialect;
	const struct envpy_config *env; /* version table name/schema, txn per migration */
	bool transactional_ddl;         /* default: dialect_transactional_ddl() */
	offline_body_fn body;           /* NULL: bodies render nothing */
	void *body_ctx;
};

/* The whole offline script for a plan. Returns false if any body failed. */
bool offline_render(struct strbuf *out, const struct revgraph *g, const struct plan *plan,
		    const struct offline_opts *opts);

#endif
