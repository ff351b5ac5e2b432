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
	/* a batch that recreates its table ("move and copy") without
	 * copy_from: text is Alembic's offline refusal; online, the caller
	 * reflects op's table when the batch runs and renders it with
	 * sqlrender_batch_reflected */
	SQLRENDER_NEEDS_TABLE,
};
typedef void (*sqlrender_item_fn)(void *ctx, enum sqlrender_item kind, const char *text, const struct op *op);

void sqlrender_items(const struct op *ops, size_t n, enum dialect d, sqlrender_item_fn fn, void *ctx,
		     struct sqlrender_stats *stats);

/* What a rendered statement is, as the renderer built it, so that the
 * lock model can read its facts without parsing the text again. Only the
 * PostgreSQL forms whose every lock-relevant part comes from the
 * operation are described; the rest are SQLFORM_OTHER (parse the text). */
enum sqlrender_form_kind {
	SQLFORM_OTHER,
	SQLFORM_CREATE_TABLE,   /* op: the CREATE_TABLE operation */
	SQLFORM_CREATE_TYPE,    /* CREATE TYPE ... AS ENUM */
	SQLFORM_DROP_TYPE,
	SQLFORM_CREATE_INDEX,   /* schema, table; concurrently */
	SQLFORM_DROP_INDEX,     /* name: the index; concurrently */
	SQLFORM_COMMENT_TABLE,  /* schema, table */
	SQLFORM_COMMENT_COLUMN, /* schema, table, column */
	SQLFORM_DROP_TABLE,
	SQLFORM_RENAME_TABLE,
	SQLFORM_ADD_COLUMN,     /* coldef; serial, has_default, not_null as rendered */
	SQLFORM_DROP_COLUMN,    /* column */
	SQLFORM_SET_NOT_NULL,
	SQLFORM_DROP_NOT_NULL,
	SQLFORM_COLUMN_DEFAULT, /* SET DEFAULT or DROP DEFAULT */
	SQLFORM_ALTER_TYPE,     /* column, type_sql */
	SQLFORM_RENAME_COLUMN,
	SQLFORM_ADD_CONSTRAINT, /* con_kind; fk for a foreign key */
	SQLFORM_DROP_CONSTRAINT,/* name */
	SQLFORM_INSERT,         /* one row of bulk_insert */
};

struct sqlrender_form {
	enum sqlrender_form_kind kind;
	const char *schema, *table;
	const char *column;
	const char *name;
	const struct op_column *coldef;
	bool serial, has_default, not_null;
	enum op_constraint_kind con_kind;
	const struct op_fk *fk;
	const char *type_sql;          /* ALTER TYPE: the new type as rendered */
	bool concurrently;
	bool not_valid;                /* ADD CONSTRAINT ... NOT VALID */
	const struct op_row *row;      /* INSERT: the bulk_insert row */
};

typedef void (*sqlrender_form_fn)(void *ctx, enum sqlrender_item kind, const char *text, const struct op *op,
				  const struct sqlrender_form *form);

/* sqlrender_items, each statement with its form (NULL for the items that
 * are not statements). */
void sqlrender_items_described(const struct op *ops, size_t n, enum dialect d, sqlrender_form_fn fn, void *ctx,
			       struct sqlrender_stats *stats);

/* The "move and copy" of a batch (an SQLRENDER_NEEDS_TABLE item's op)
 * with the table as reflected from the live database (a CREATE_TABLE op:
 * what SQLAlchemy's reflection gives), as Alembic renders it online:
 * CREATE TABLE _alembic_tmp_..., INSERT ... SELECT, DROP TABLE, RENAME,
 * the indexes. What it cannot render comes as SQLRENDER_NOT_RENDERED. */
void sqlrender_batch_reflected(const struct op *batch, const struct op *table, enum dialect d, sqlrender_item_fn fn,
			       void *ctx, struct sqlrender_stats *stats);

/* A server default's SQL as a column's DDL shows it (in_ddl) or as ALTER
 * COLUMN SET DEFAULT does; false when it has none (NONE, NULL). */
bool sqlrender_default(struct strbuf *out, const struct op_default *df, enum dialect d, bool in_ddl);

/* Append one statement as Alembic's offline mode does: tabs become four
 * spaces, the text is stripped, then ";" and a blank line. */
void sqlrender_emit(struct strbuf *out, const char *stmt, size_t len);

#endif
