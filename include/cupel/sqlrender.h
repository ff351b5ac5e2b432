/* sqlrender.h - operations to SQL text, as Alembic 1.8 / SQLAlchemy 1.4
 * print them in offline mode, per dialect. */
#ifndef CUPEL_SQLRENDER_H
#define CUPEL_SQLRENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/dialect.h"
#include "cupel/ops.h"
#include "cupel/strbuf.h"

struct sqlrender_stats {
	size_t opaque;  /* opaque operations met */
	size_t errors;  /* operations Alembic/SQLAlchemy refuse on the dialect */
};

/* Append the statements of ops (each "stmt;\n\n"); opaque operations and
 * refused ones become "-- cupel: ..." comments that say why. Inside a
 * transaction, autocommit blocks print COMMIT/BEGIN around their body as
 * Alembic does. */
void sqlrender_ops(struct strbuf *out, const struct op *ops, size_t n, enum dialect d, bool in_transaction,
		   struct sqlrender_stats *stats);

/* The items of a rendered body one by one, for execution: a statement
 * (its text as SQLAlchemy compiles it, without ";"), an operation that is
 * not rendered (text: why; opaque steps and refused operations), and the
 * bounds of an autocommit block. op is the operation being rendered. */
enum sqlrender_item {
	SQLRENDER_STATEMENT,
	SQLRENDER_NOT_RENDERED,
	SQLRENDER_AUTOCOMMIT_BEGIN,
	SQLRENDER_AUTOCOMMIT_END,
};
typedef void (*sqlrender_item_fn)(void *ctx, enum sqlrender_item kind, const char *text, const struct op *op);

void sqlrender_items(const struct op *ops, size_t n, enum dialect d, sqlrender_item_fn fn, void *ctx,
		     struct sqlrender_stats *stats);

/* A server default's SQL as a column's DDL shows it (in_ddl) or as ALTER
 * COLUMN SET DEFAULT does; false when it has none (NONE, NULL). */
bool sqlrender_default(struct strbuf *out, const struct op_default *df, enum dialect d, bool in_ddl);

/* Append one statement as Alembic's offline mode does: tabs become four
 * spaces, the text is stripped, then ";" and a blank line. */
void sqlrender_emit(struct strbuf *out, const char *stmt, size_t len);

#endif
