/* ops.h - the operations of a migration body, read from upgrade() or
 * downgrade() without running Python. Each keeps its source position; what
 * cannot be modelled is an explicit OPAQUE operation with its reason. */
#ifndef CUPEL_OPS_H
#define CUPEL_OPS_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/arena.h"
#include "cupel/diag.h"
#include "cupel/dialect.h"
#include "cupel/py_ast.h"
#include "cupel/sqltype.h"

/* Every operation kind, listed once: X(KIND, "Alembic name"). */
#define OP_KINDS(X) \
	X(CREATE_TABLE, "create_table") X(DROP_TABLE, "drop_table") X(RENAME_TABLE, "rename_table") \
	X(ADD_COLUMN, "add_column") X(DROP_COLUMN, "drop_column") X(ALTER_COLUMN, "alter_column") \
	X(CREATE_INDEX, "create_index") X(DROP_INDEX, "drop_index") \
	X(CREATE_UNIQUE, "create_unique_constraint") X(CREATE_FK, "create_foreign_key") \
	X(CREATE_CHECK, "create_check_constraint") X(CREATE_PK, "create_primary_key") \
	X(CREATE_EXCLUDE, "create_exclude_constraint") X(DROP_CONSTRAINT, "drop_constraint") \
	X(CREATE_TABLE_COMMENT, "create_table_comment") X(DROP_TABLE_COMMENT, "drop_table_comment") \
	X(EXECUTE, "execute") X(BULK_INSERT, "bulk_insert") X(BATCH, "batch_alter_table") \
	X(AUTOCOMMIT, "autocommit_block") X(ENUM_CREATE, "create_type") X(ENUM_DROP, "drop_type") \
	X(OPAQUE, "opaque")

enum op_kind {
#define X(k, name) OP_##k,
	OP_KINDS(X)
#undef X
};

const char *op_kind_name(enum op_kind k);

/* A server default or a value set by alter_column. */
enum op_default_kind {
	DEFAULT_NONE,    /* not given */
	DEFAULT_NULL,    /* server_default=None: DROP DEFAULT */
	DEFAULT_STRING,  /* a Python string: rendered as a quoted literal */
	DEFAULT_TEXT,    /* sa.text("..."): verbatim */
	DEFAULT_FUNC,    /* sa.func.now() etc.: name in text */
	DEFAULT_TRUE,    /* sa.true() */
	DEFAULT_FALSE,   /* sa.false() */
	DEFAULT_NUMBER,  /* a literal number */
};
struct op_default {
	enum op_default_kind kind;
	const char *text;
};

struct strvec {
	const char **v;
	size_t n;
};

struct op_fk {
	const char *name;
	bool name_conv;       /* op.f(): kept as written by naming_convention */
	bool pg_not_valid;    /* postgresql_not_valid=True: ADD ... NOT VALID */
	struct strvec cols;
	const char *ref_schema, *ref_table;
	struct strvec ref_cols;
	const char *ondelete, *onupdate, *initially, *match;
	int deferrable; /* -1 unset */
	bool use_alter; /* use_alter=True: left out of PostgreSQL's CREATE TABLE */
};

enum op_constraint_kind { CON_PRIMARY_KEY, CON_UNIQUE, CON_FOREIGN_KEY, CON_CHECK, CON_EXCLUDE };

struct op_constraint {
	enum op_constraint_kind kind;
	const char *name;
	bool name_conv;        /* op.f() */
	bool pg_not_valid;     /* CHECK: postgresql_not_valid=True */
	struct strvec cols;    /* PK, UNIQUE */
	struct op_fk fk;       /* FOREIGN KEY */
	const char *sqltext;   /* CHECK */
	/* EXCLUDE: cols with their operators, the index method, WHERE */
	struct strvec excl_ops;
	const char *using_, *where;
	int deferrable;        /* -1 unset */
	const char *initially;
	/* PK, UNIQUE, CHECK: sqlite_on_conflict= (ON CONFLICT ... on SQLite) */
	const char *sqlite_on_conflict;
	unsigned line;
};

struct op_identity {
	int always;           /* -1 unset */
	bool on_null;
	const char *start, *increment, *minvalue, *maxvalue, *cache;
	int cycle;            /* -1 unset */
	bool nominvalue, nomaxvalue; /* given (any value but None renders NO ...) */
	int order;            /* -1 unset */
};

struct op_computed {
	const char *sqltext;
	int persisted;        /* -1 unset */
};

struct op_column {
	const char *name;
	const struct sqltype *type;
	int nullable;         /* -1 unset */
	bool primary_key;
	int autoincrement;    /* -1 "auto", 0, 1 */
	int unique;           /* -1 unset */
	int index;            /* -1 unset */
	struct op_default server_default;
	const char *comment;
	const struct op_identity *identity;
	const struct op_computed *computed;
	struct op_fk *fks;    /* sa.ForeignKey(...) on the column */
	size_t n_fks;
	/* the names naming_convention gives its unique=True constraint and
	 * its index=True index (NULL: none, or unnamed) */
	const char *unique_name, *index_name;
	/* its enum type was made earlier in the run (enum_memo): no CREATE TYPE */
	bool type_created;
	/* sqlite_on_conflict_not_null=, _primary_key=, _unique= (SQLite's
	 * ON CONFLICT after NOT NULL, the primary key, the unique constraint) */
	const char *sqlite_oc_not_null, *sqlite_oc_pk, *sqlite_oc_unique;
	/* a use_alter foreign key on it was left out (still no autoincrement) */
	bool dropped_fk;
	/* sa.Sequence(...) as its default: 1, or 2 with optional=True (only
	 * then does PostgreSQL's autoincrement column stay SERIAL) */
	int sequence;
	unsigned line, col;
};

/* One element of an index: a column name or an SQL expression. */
struct op_index_elem {
	const char *name;     /* column */
	const char *sql;      /* sa.text(...) */
	const char *pg_ops;   /* postgresql_ops: operator class after it */
};

struct op_index {
	const char *name;     /* NULL: unnamed (named by convention) */
	bool name_conv;       /* op.f() */
	bool name_auto;       /* name=None, named by the default convention */
	const char *table, *schema;
	struct op_index_elem *elems;
	size_t n_elems;
	bool unique;
	bool pg_concurrently;
	const char *pg_where, *pg_using;
	const char *sqlite_where;
	struct strvec pg_include;
	bool if_not_exists, if_exists; /* ignored by Alembic 1.8 */
	unsigned line;
};

/* alter_column's arguments. */
struct op_alter {
	const char *column;
	int nullable;                    /* -1 unset */
	const struct sqltype *type;      /* NULL unset */
	struct op_default server_default;/* DEFAULT_NONE unset */
	const char *new_name;
	bool comment_set;
	const char *comment;             /* comment_set && NULL: IS NULL */
	const char *pg_using;
	const struct sqltype *existing_type;
	int existing_nullable;
	struct op_default existing_server_default;
	const char *existing_comment;
};

/* A literal value of bulk_insert / inline_literal. */
/* VAL_RAW: text written as it is (what Numeric's literal processor makes
 * of a string or a boolean). */
enum op_value_kind { VAL_NULL, VAL_TRUE, VAL_FALSE, VAL_INT, VAL_FLOAT, VAL_STRING, VAL_OTHER, VAL_RAW };
struct op_value {
	enum op_value_kind kind;
	const char *text;     /* number spelling or string value */
	bool own_type;        /* op.inline_literal(v): typed by its Python value */
};

struct op_row {
	const char **keys;
	struct op_value *values;
	size_t n;
};

/* What an OPAQUE operation stands for. */
enum op_opaque_kind {
	OPAQUE_STEP,        /* Python cupel does not model: it may change anything */
	OPAQUE_SYNTAX,      /* a syntax error: the script does not run */
	OPAQUE_RAISE,       /* raise: the direction cannot run */
	OPAQUE_NO_FUNCTION, /* no upgrade()/downgrade() to run */
};

struct op {
	enum op_kind kind;
	unsigned line, col;           /* of the call in the script */
	const char *table, *schema;
	/* create_table: columns, constraints (table items), indexes */
	struct op_column *columns;
	size_t n_columns;
	struct op_constraint *constraints;
	size_t n_constraints;
	struct op_index *indexes;
	size_t n_indexes;
	/* the name naming_convention gives the primary key of primary_key=True
	 * columns (no PrimaryKeyConstraint item), or NULL */
	const char *pk_name;
	/* why SQLAlchemy refuses this operation where Alembic runs it (an
	 * object naming_apply cannot name, a bind parameter of op.execute's
	 * text left without a value online), or NULL */
	const char *refusal;
	const char *comment;          /* create_table(comment=), table comments */
	/* add_column / drop_column */
	struct op_column column;
	const char *column_name;
	/* alter_column */
	struct op_alter alter;
	/* rename_table */
	const char *new_name;
	/* create_index / drop_index */
	struct op_index index;
	/* constraints */
	struct op_constraint constraint;
	const char *constraint_type;  /* drop_constraint(type_=) */
	/* execute */
	const char *sql;
	bool sql_compiled;            /* a compiled Core statement: no bind parameters left */
	/* online, op.get_bind().execute("..."): the DBAPI's own SQL (no
	 * text() bind parameters; pysqlite's and psycopg2's rules instead) */
	bool driver_sql;
	/* bulk_insert: declared columns of sa.table() and the rows */
	struct strvec insert_columns;
	const struct sqltype **insert_types;
	struct op_row *rows;
	size_t n_rows;
	/* enum create/drop */
	const struct sqltype *enum_type;
	/* batch_alter_table / autocommit_block: the operations inside */
	struct op *children;
	size_t n_children;
	const char *recreate;         /* "auto", "always", "never" */
	bool has_copy_from;
	const struct op *copy_from;   /* the table definition, as a CREATE_TABLE op */
	struct op_constraint *table_args; /* batch_alter_table(table_args=...) */
	size_t n_table_args;
	/* batch_alter_table(partial_reordering=[(...), ...]) */
	struct strvec *reorder;
	size_t n_reorder;
	/* create_table(sqlite_autoincrement=True) or
	 * batch_alter_table(table_kwargs={"sqlite_autoincrement": True}) */
	bool sqlite_autoincrement;
	/* create_table(sqlite_with_rowid=False): WITHOUT ROWID on SQLite */
	bool sqlite_without_rowid;
	/* batch_op.add_column(insert_before=, insert_after=) */
	const char *insert_before, *insert_after;
	/* what a recreate cannot model (a copy_from or table_kwargs cupel
	 * cannot read ...), or NULL */
	const char *batch_unsupported;
	/* what a recreate from the reflected live table cannot model
	 * (reflect_args, reflect_kwargs, naming_convention), or NULL */
	const char *reflect_unsupported;
	/* OPAQUE: what it is, why, and the source text */
	enum op_opaque_kind opaque;
	const char *reason;
	const char *source;
};

struct op_list {
	struct op *v;
	size_t n;
};

/* The operations of `fn` ("upgrade" or "downgrade") of a fully parsed
 * module, for one dialect: `if` tests on the dialect name are decided for
 * d, and context.is_offline_mode() for `offline`; module constants and
 * simple helpers are followed. Never fails: what cannot be modelled becomes
 * OPAQUE with its reason. */
struct op_list ops_from_module(struct arena *a, struct diag_list *diags, const struct py_module *m,
			       const char *fn, enum dialect d, bool offline);

#endif
