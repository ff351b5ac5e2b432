/* sqltype.h - SQLAlchemy column types as migrations spell them, and how
 * SQLAlchemy 1.4 renders them per dialect. */
#ifndef CUPEL_SQLTYPE_H
#define CUPEL_SQLTYPE_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/dialect.h"
#include "cupel/strbuf.h"

/* Every type kind, listed once: X(KIND, "SQLAlchemy class name"). The
 * generic sa.* types first, then the postgresql.* dialect types. */
#define SQLTYPE_KINDS(X) \
	X(STRING, "String") X(TEXT, "Text") X(UNICODE, "Unicode") X(UNICODE_TEXT, "UnicodeText") \
	X(INTEGER, "Integer") X(BIGINT, "BigInteger") X(SMALLINT, "SmallInteger") \
	X(BOOLEAN, "Boolean") X(DATETIME, "DateTime") X(DATE, "Date") X(TIME, "Time") \
	X(NUMERIC, "Numeric") X(FLOAT, "Float") X(JSON, "JSON") X(LARGE_BINARY, "LargeBinary") \
	X(INTERVAL, "Interval") X(ENUM, "Enum") X(ARRAY, "ARRAY") \
	X(UPPER_VARCHAR, "VARCHAR") X(UPPER_CHAR, "CHAR") X(UPPER_INTEGER, "INTEGER") \
	X(UPPER_TIMESTAMP, "TIMESTAMP") X(UPPER_REAL, "REAL") X(UPPER_DECIMAL, "DECIMAL") \
	X(UPPER_DATETIME, "DATETIME") X(UPPER_NVARCHAR, "NVARCHAR") X(UPPER_NCHAR, "NCHAR") \
	X(UPPER_CLOB, "CLOB") X(UPPER_BLOB, "BLOB") X(UPPER_BINARY, "BINARY") X(UPPER_VARBINARY, "VARBINARY") \
	X(PG_JSONB, "JSONB") X(PG_UUID, "UUID") X(PG_INET, "INET") X(PG_CIDR, "CIDR") \
	X(PG_MACADDR, "MACADDR") X(PG_BYTEA, "BYTEA") X(PG_TSVECTOR, "TSVECTOR") \
	X(PG_TIMESTAMP, "TIMESTAMP") X(PG_TIME, "TIME") X(PG_INTERVAL, "INTERVAL") \
	X(PG_ENUM, "ENUM") X(PG_ARRAY, "ARRAY") X(PG_HSTORE, "HSTORE") X(PG_MONEY, "MONEY") \
	X(PG_DOUBLE_PRECISION, "DOUBLE_PRECISION") X(PG_CITEXT, "CITEXT") \
	X(PG_INT4RANGE, "INT4RANGE") X(PG_INT8RANGE, "INT8RANGE") X(PG_NUMRANGE, "NUMRANGE") \
	X(PG_DATERANGE, "DATERANGE") X(PG_TSRANGE, "TSRANGE") X(PG_TSTZRANGE, "TSTZRANGE") \
	X(PG_BIT, "BIT") X(PG_OID, "OID") X(PG_REGCLASS, "REGCLASS") X(PG_MACADDR8, "MACADDR8") \
	X(VARIANT, "with_variant") X(UNKNOWN, "?")

enum sqltype_kind {
#define X(k, name) SQLTYPE_##k,
	SQLTYPE_KINDS(X)
#undef X
};

struct sqltype_variant;

struct sqltype {
	enum sqltype_kind kind;
	int length;            /* String(n), Unicode(n), VARCHAR(n), CHAR(n); -1 none */
	int precision, scale;  /* Numeric(p, s), Float(p), TIMESTAMP(precision=); -1 none */
	int timezone;          /* DateTime/TIMESTAMP/TIME(timezone=): -1 unset, 0, 1 */
	bool asdecimal_set;    /* Float(asdecimal=...) given (does not render) */
	/* Enum / ENUM */
	const char **labels;
	size_t n_labels;
	const char *enum_name;   /* name=, NULL when not given */
	int native_enum;         /* -1 unset (true), 0, 1 */
	int create_constraint;   /* -1 unset (false in 1.4), 0, 1 */
	int create_type;         /* postgresql.ENUM(create_type=): -1 unset (true) */
	const char *schema;      /* Enum(schema=) */
	/* ARRAY(item_type, dimensions=) */
	const struct sqltype *item;
	int dimensions;          /* -1 unset */
	/* Boolean(create_constraint=, name=) uses create_constraint above */
	const char *constraint_name;
	/* X.with_variant(Y, "postgresql"): base = X, variants list */
	const struct sqltype *base;
	const struct sqltype_variant *variants;
	size_t n_variants;
	/* SQLTYPE_UNKNOWN: the source text of the type expression */
	const char *source;
	/* Added fields: zero / NULL means "not given", so zero-initialised
	 * structs stay valid. */
	const char *collation;   /* String/Text/Unicode/UnicodeText/VARCHAR/CHAR(collation=) */
	const char *fields;      /* postgresql.INTERVAL(fields="DAY TO SECOND") */
	bool interval_non_native; /* sa.Interval(native=False) */
	bool varying;            /* postgresql.BIT(varying=True) */
};
/* Argument conventions beyond the comments above (as SQLAlchemy 1.4 reads them):
 *  - Enum: `length` is Enum(length=); it only renders with native_enum=False
 *    (else the longest label, counted in code points). postgresql.ENUM
 *    forces native_enum=True: always its enum name on PostgreSQL and
 *    VARCHAR(longest label) elsewhere, whatever native_enum/length say.
 *  - sa.Interval: `precision` is second_precision= (day_precision never renders).
 *  - postgresql.TIME / TIMESTAMP / INTERVAL: `precision` is precision=; the
 *    generic DateTime / Time / TIMESTAMP have no precision (ignored).
 *  - LargeBinary(length), BLOB(length), CLOB(length) and Float(asdecimal)
 *    never render; BINARY(n), VARBINARY(n) and BIT(n) do (`length`).
 *  - DATETIME(timezone=) never renders: "DATETIME" on every dialect. */

struct sqltype_variant {
	enum dialect dialect;
	const struct sqltype *type;
};

/* Fill *t as the Python constructor with no arguments: every "-1 unset"
 * field -1, everything else zero/NULL. */
void sqltype_init(struct sqltype *t, enum sqltype_kind kind);

/* The type a dialect sees (resolves with_variant). */
const struct sqltype *sqltype_for(const struct sqltype *t, enum dialect d);

/* Render the DDL type name as SQLAlchemy 1.4's compiler does for the
 * dialect (e.g. "VARCHAR(255)", "TIMESTAMP WITH TIME ZONE", "INTEGER[]").
 * Returns false when SQLAlchemy raises instead (e.g. JSONB on SQLite, an
 * unnamed Enum on PostgreSQL); *error then holds SQLAlchemy's message.
 *
 * The message is the exception's args[0], i.e. without the class name and
 * without the " (Background on this error at: ...)" suffix that str() adds
 * for UnsupportedCompilationError (SQLTYPE_L7DE_SUFFIX); the compiler's
 * memory address is rendered as SQLTYPE_ADDR ("0x…"). The text lives in
 * out's buffer just past its terminating NUL: out itself is left as it was
 * (same len and contents) and *error stays valid until out is next changed.
 * error may be NULL. Enum names are quoted as for paramstyle "named" (no %
 * doubling); see sqltype_render_ex. */
bool sqltype_render(struct strbuf *out, const struct sqltype *t, enum dialect d, const char **error);

/* sqltype_render with the paramstyle's % doubling of quoted enum names
 * (sqlquote_doubles_percents) and the exception class SQLAlchemy raises:
 * "sqlalchemy.exc.UnsupportedCompilationError" (type the dialect cannot
 * render), "sqlalchemy.exc.CompileError" (PostgreSQL ENUM without a name),
 * "ValueError" (nested ARRAY, Enum length= too short: raised by the Python
 * constructor), or NULL when cupel does not model the type (SQLTYPE_UNKNOWN,
 * CITEXT, a missing item/base). exc_class may be NULL. In create_table,
 * SQLAlchemy re-raises a CompileError as CompileError("(in table 't',
 * column 'c'): " + message) - the caller adds that. */
bool sqltype_render_ex(struct strbuf *out, const struct sqltype *t, enum dialect d, bool double_percents,
		       const char **error, const char **exc_class);

#define SQLTYPE_ADDR "0x\xe2\x80\xa6"
#define SQLTYPE_L7DE_SUFFIX " (Background on this error at: https://sqlalche.me/e/14/l7de)"

/* The class name for a kind ("String", "JSONB" ...). */
const char *sqltype_kind_name(enum sqltype_kind k);

#endif
