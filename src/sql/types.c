/* types.c - DDL type names as SQLAlchemy 1.4.46's type compilers render
 * them (GenericTypeCompiler, PGTypeCompiler, SQLiteTypeCompiler, after the
 * dialect's colspecs adaptation and with_variant resolution). */
#include <string.h>

#include "cupel/sqlquote.h"
#include "cupel/sqltype.h"

static const char *const kind_names[] = {
#define X(k, name) name,
	SQLTYPE_KINDS(X)
#undef X
};

const char *sqltype_kind_name(enum sqltype_kind k)
{
	if ((size_t)k >= sizeof(kind_names) / sizeof(kind_names[0]))
		return "?";
	return kind_names[k];
}

void sqltype_init(struct sqltype *t, enum sqltype_kind kind)
{
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->length = t->precision = t->scale = t->timezone = -1;
	t->native_enum = t->create_constraint = t->create_type = t->dimensions = -1;
}

const struct sqltype *sqltype_for(const struct sqltype *t, enum dialect d)
{
	/* Variant.load_dialect_impl: mapping[dialect.name] else the base; a
	 * variant of a variant resolves again. SQLAlchemy refuses the same
	 * dialect twice; should a model hold it anyway, the last one wins. */
	for (int depth = 0; t && t->kind == SQLTYPE_VARIANT && depth < 64; depth++) {
		const struct sqltype *pick = t->base;
		for (size_t i = 0; i < t->n_variants; i++)
			if (t->variants[i].dialect == d)
				pick = t->variants[i].type;
		t = pick;
	}
	return t;
}

struct rctx {
	enum dialect d;
	bool pct;
	struct strbuf msg;
	const char *exc_class;
};

static bool fail(struct rctx *c, const char *exc_class, const char *msg)
{
	c->exc_class = exc_class;
	strbuf_adds(&c->msg, msg);
	return false;
}

/* UnsupportedCompilationError(compiler, type): the type prints through the
 * string compiler, which names these upper-case classes by class name. */
static bool unsupported(struct rctx *c, enum sqltype_kind k)
{
	c->exc_class = "sqlalchemy.exc.UnsupportedCompilationError";
	strbuf_addf(&c->msg,
		    "Compiler <sqlalchemy.dialects.%s.base.%s object at " SQLTYPE_ADDR
		    "> can't render element of type %s",
		    c->d == DIALECT_POSTGRESQL ? "postgresql" : "sqlite",
		    c->d == DIALECT_POSTGRESQL ? "PGTypeCompiler" : "SQLiteTypeCompiler", sqltype_kind_name(k));
	return false;
}

static bool not_modelled(struct rctx *c, const struct sqltype *t)
{
	c->exc_class = NULL;
	if (!t) {
		strbuf_adds(&c->msg, "type not modelled by cupel (missing)");
	} else if (t->kind == SQLTYPE_PG_CITEXT) {
		strbuf_adds(&c->msg, "type not modelled by cupel: postgresql.CITEXT "
				     "(SQLAlchemy 1.4 has no postgresql.CITEXT)");
	} else {
		strbuf_addf(&c->msg, "type not modelled by cupel: %s", t->source ? t->source : "?");
	}
	return false;
}

/* _render_string_type: NAME, "(n)" when length is truthy, then
 * ' COLLATE "x"' (x verbatim, never escaped). */
static void string_type(struct strbuf *out, const char *name, int length, const char *collation)
{
	strbuf_adds(out, name);
	if (length > 0 || length < -1)
		strbuf_addf(out, "(%d)", length);
	if (collation)
		strbuf_addf(out, " COLLATE \"%s\"", collation);
}

/* len() of a Python str: code points of the UTF-8 text. */
static size_t utf8_len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* Enum.length: the longest label, or length= when native_enum=False (the
 * constructor raises when it is shorter). postgresql.ENUM forces
 * native_enum=True, so there it is always the longest label. */
static bool enum_length(struct rctx *c, const struct sqltype *t, long *len)
{
	long longest = 0;
	for (size_t i = 0; i < t->n_labels; i++) {
		long n = t->labels[i] ? (long)utf8_len(t->labels[i]) : 0;
		if (n > longest)
			longest = n;
	}
	*len = longest;
	if (t->kind == SQLTYPE_ENUM && t->native_enum == 0 && t->length >= 0) {
		if (t->length < longest) {
			c->exc_class = "ValueError";
			strbuf_addf(&c->msg,
				    "When provided, length must be larger or equal than the length of the "
				    "longest enum value. %d < %ld",
				    t->length, longest);
			return false;
		}
		*len = t->length;
	}
	return true;
}

static bool enum_varchar(struct rctx *c, struct strbuf *out, const struct sqltype *t)
{
	long len;
	if (!enum_length(c, t, &len))
		return false;
	strbuf_adds(out, "VARCHAR");
	if (len)
		strbuf_addf(out, "(%ld)", len);
	return true;
}

/* PGIdentifierPreparer.format_type */
static bool pg_enum_name(struct rctx *c, struct strbuf *out, const struct sqltype *t)
{
	if (!t->enum_name || !*t->enum_name)
		return fail(c, "sqlalchemy.exc.CompileError", "PostgreSQL ENUM type requires a name.");
	if (t->schema) {
		sqlquote_ident_ex(out, t->schema, c->d, c->pct);
		strbuf_addc(out, '.');
	}
	sqlquote_ident_ex(out, t->enum_name, c->d, c->pct);
	return true;
}

/* PG TIMESTAMP / TIME: NAME[(p)] WITH|WITHOUT TIME ZONE */
static void pg_time(struct strbuf *out, const char *name, int precision, int timezone)
{
	strbuf_adds(out, name);
	if (precision >= 0)
		strbuf_addf(out, "(%d)", precision);
	strbuf_adds(out, timezone == 1 ? " WITH TIME ZONE" : " WITHOUT TIME ZONE");
}

/* Where re.sub(r"((?: COLLATE.*)?)$", "[]...\1", inner, count=1) puts the
 * brackets: the first position where " COLLATE" starts a match running to
 * the end (or to a final "\n", which `$` and `.` both stop before), else
 * the end of the text or just before its final "\n". */
static size_t array_insert_at(const char *s, size_t n)
{
	size_t end = n > 0 && s[n - 1] == '\n' ? n - 1 : n;
	const char *nl = memchr(s, '\n', end);
	/* "." cannot cross a newline, so only a " COLLATE" after the last
	 * inner newline can reach the end */
	size_t from = 0;
	while (nl) {
		from = (size_t)(nl - s) + 1;
		nl = memchr(s + from, '\n', end - from);
	}
	/* the leftmost start wins; the empty match at `end` comes last */
	for (size_t i = 0; i + 8 <= end; i++) {
		if (memcmp(s + i, " COLLATE", 8) == 0 && i >= from)
			return i;
	}
	return end;
}

static bool render(struct rctx *c, struct strbuf *out, const struct sqltype *t);

static bool render_array(struct rctx *c, struct strbuf *out, const struct sqltype *t)
{
	/* the constructors refuse an item that is an instance of their own
	 * ARRAY class (postgresql.ARRAY subclasses sa.ARRAY, so sa.ARRAY
	 * refuses both, postgresql.ARRAY only its own), on any dialect */
	if (t->item && (t->item->kind == SQLTYPE_PG_ARRAY ||
			(t->kind == SQLTYPE_ARRAY && t->item->kind == SQLTYPE_ARRAY)))
		return fail(c, "ValueError",
			    "Do not nest ARRAY types; ARRAY(basetype) handles multi-dimensional arrays of basetype");
	if (c->d != DIALECT_POSTGRESQL)
		return unsupported(c, t->kind);
	if (!t->item)
		return not_modelled(c, NULL);
	size_t start = out->len;
	if (!render(c, out, t->item))
		return false;
	int dims = t->dimensions >= 0 ? t->dimensions : 1;
	if (dims == 0)
		return true;
	size_t at = start + array_insert_at(out->buf + start, out->len - start);
	size_t tail = out->len - at;
	size_t add = 2 * (size_t)dims;
	strbuf_grow(out, add);
	memmove(out->buf + at + add, out->buf + at, tail + 1);
	for (size_t i = 0; i < add; i += 2) {
		out->buf[at + i] = '[';
		out->buf[at + i + 1] = ']';
	}
	out->len += add;
	return true;
}

static bool render(struct rctx *c, struct strbuf *out, const struct sqltype *t)
{
	const struct sqltype *r = sqltype_for(t, c->d);
	if (!r)
		return not_modelled(c, NULL);
	t = r;
	bool pg = c->d == DIALECT_POSTGRESQL;
	switch (t->kind) {
	case SQLTYPE_STRING:
	case SQLTYPE_UNICODE:
	case SQLTYPE_UPPER_VARCHAR:
		string_type(out, "VARCHAR", t->length, t->collation);
		return true;
	case SQLTYPE_TEXT:
	case SQLTYPE_UNICODE_TEXT:
		string_type(out, "TEXT", t->length, t->collation);
		return true;
	case SQLTYPE_UPPER_CHAR:
		string_type(out, "CHAR", t->length, t->collation);
		return true;
	case SQLTYPE_UPPER_NVARCHAR:
		string_type(out, "NVARCHAR", t->length, t->collation);
		return true;
	case SQLTYPE_UPPER_NCHAR:
		string_type(out, "NCHAR", t->length, t->collation);
		return true;
	case SQLTYPE_UPPER_CLOB:
	case SQLTYPE_UPPER_BLOB:
	case SQLTYPE_UPPER_DATETIME:
		/* the generic compiler's names, on every dialect, never a length */
		strbuf_adds(out, sqltype_kind_name(t->kind));
		return true;
	case SQLTYPE_UPPER_BINARY:
	case SQLTYPE_UPPER_VARBINARY:
		/* `type_.length and "(%d)"`: no length, or 0, renders none */
		strbuf_adds(out, sqltype_kind_name(t->kind));
		if (t->length > 0 || t->length < -1)
			strbuf_addf(out, "(%d)", t->length);
		return true;
	case SQLTYPE_INTEGER:
	case SQLTYPE_UPPER_INTEGER:
		strbuf_adds(out, "INTEGER");
		return true;
	case SQLTYPE_BIGINT:
		strbuf_adds(out, "BIGINT");
		return true;
	case SQLTYPE_SMALLINT:
		strbuf_adds(out, "SMALLINT");
		return true;
	case SQLTYPE_BOOLEAN:
		strbuf_adds(out, "BOOLEAN");
		return true;
	case SQLTYPE_DATETIME:
		if (pg)
			pg_time(out, "TIMESTAMP", -1, t->timezone);
		else
			strbuf_adds(out, "DATETIME");
		return true;
	case SQLTYPE_UPPER_TIMESTAMP:
		if (pg)
			pg_time(out, "TIMESTAMP", -1, t->timezone);
		else
			strbuf_adds(out, "TIMESTAMP");
		return true;
	case SQLTYPE_PG_TIMESTAMP:
		if (pg)
			pg_time(out, "TIMESTAMP", t->precision, t->timezone);
		else
			strbuf_adds(out, "TIMESTAMP");
		return true;
	case SQLTYPE_DATE:
		strbuf_adds(out, "DATE");
		return true;
	case SQLTYPE_TIME:
		if (pg)
			pg_time(out, "TIME", -1, t->timezone);
		else
			strbuf_adds(out, "TIME");
		return true;
	case SQLTYPE_PG_TIME:
		if (pg)
			pg_time(out, "TIME", t->precision, t->timezone);
		else
			strbuf_adds(out, "TIME");
		return true;
	case SQLTYPE_NUMERIC:
	case SQLTYPE_UPPER_DECIMAL:
		strbuf_adds(out, t->kind == SQLTYPE_NUMERIC ? "NUMERIC" : "DECIMAL");
		if (t->precision >= 0) {
			if (t->scale >= 0)
				strbuf_addf(out, "(%d, %d)", t->precision, t->scale);
			else
				strbuf_addf(out, "(%d)", t->precision);
		}
		return true;
	case SQLTYPE_FLOAT:
		strbuf_adds(out, "FLOAT");
		if (pg && (t->precision > 0 || t->precision < -1))
			strbuf_addf(out, "(%d)", t->precision);
		return true;
	case SQLTYPE_UPPER_REAL:
		strbuf_adds(out, "REAL");
		return true;
	case SQLTYPE_JSON:
		strbuf_adds(out, "JSON");
		return true;
	case SQLTYPE_LARGE_BINARY:
		strbuf_adds(out, pg ? "BYTEA" : "BLOB");
		return true;
	case SQLTYPE_INTERVAL:
		/* PG adapts the emulated Interval to INTERVAL(precision=
		 * second_precision); non-native and SQLite: its DateTime impl */
		if (!pg) {
			strbuf_adds(out, "DATETIME");
		} else if (t->interval_non_native) {
			pg_time(out, "TIMESTAMP", -1, 0);
		} else {
			strbuf_adds(out, "INTERVAL");
			if (t->precision >= 0)
				strbuf_addf(out, " (%d)", t->precision);
		}
		return true;
	case SQLTYPE_PG_INTERVAL:
		if (!pg)
			return unsupported(c, t->kind);
		strbuf_adds(out, "INTERVAL");
		if (t->fields)
			strbuf_addf(out, " %s", t->fields);
		if (t->precision >= 0)
			strbuf_addf(out, " (%d)", t->precision);
		return true;
	case SQLTYPE_ENUM:
		if (pg && t->native_enum != 0)
			return pg_enum_name(c, out, t);
		return enum_varchar(c, out, t);
	case SQLTYPE_PG_ENUM:
		/* postgresql.ENUM is always native on PostgreSQL (native_enum=
		 * False only warns); elsewhere it is an Enum */
		if (pg)
			return pg_enum_name(c, out, t);
		return enum_varchar(c, out, t);
	case SQLTYPE_ARRAY:
	case SQLTYPE_PG_ARRAY:
		return render_array(c, out, t);
	case SQLTYPE_PG_JSONB:
	case SQLTYPE_PG_UUID:
	case SQLTYPE_PG_INET:
	case SQLTYPE_PG_CIDR:
	case SQLTYPE_PG_MACADDR:
	case SQLTYPE_PG_BYTEA:
	case SQLTYPE_PG_TSVECTOR:
	case SQLTYPE_PG_HSTORE:
	case SQLTYPE_PG_MONEY:
	case SQLTYPE_PG_INT4RANGE:
	case SQLTYPE_PG_INT8RANGE:
	case SQLTYPE_PG_NUMRANGE:
	case SQLTYPE_PG_DATERANGE:
	case SQLTYPE_PG_TSRANGE:
	case SQLTYPE_PG_TSTZRANGE:
	case SQLTYPE_PG_OID:
	case SQLTYPE_PG_REGCLASS:
	case SQLTYPE_PG_MACADDR8:
		if (!pg)
			return unsupported(c, t->kind);
		strbuf_adds(out, sqltype_kind_name(t->kind));
		return true;
	case SQLTYPE_PG_DOUBLE_PRECISION:
		if (!pg)
			return unsupported(c, t->kind);
		strbuf_adds(out, "DOUBLE PRECISION");
		return true;
	case SQLTYPE_PG_BIT:
		/* BIT(length=None, varying=False): a fixed BIT is at least 1 long */
		if (!pg)
			return unsupported(c, t->kind);
		if (t->varying) {
			strbuf_adds(out, "BIT VARYING");
			if (t->length >= 0 || t->length < -1)
				strbuf_addf(out, "(%d)", t->length);
		} else {
			strbuf_addf(out, "BIT(%d)", t->length > 0 || t->length < -1 ? t->length : 1);
		}
		return true;
	case SQLTYPE_PG_CITEXT:
	case SQLTYPE_VARIANT: /* only when nesting went too deep */
	case SQLTYPE_UNKNOWN:
		return not_modelled(c, t);
	}
	return not_modelled(c, t);
}

bool sqltype_render_ex(struct strbuf *out, const struct sqltype *t, enum dialect d, bool double_percents,
		       const char **error, const char **exc_class)
{
	struct rctx c = { d, double_percents, STRBUF_INIT, NULL };
	size_t start = out->len;
	if (render(&c, out, t)) {
		if (error)
			*error = NULL;
		if (exc_class)
			*exc_class = NULL;
		return true;
	}
	/* out back as it was; the message parked after its NUL */
	strbuf_grow(out, c.msg.len + 1);
	out->len = start;
	out->buf[start] = '\0';
	memcpy(out->buf + start + 1, strbuf_str(&c.msg), c.msg.len + 1);
	if (error)
		*error = out->buf + start + 1;
	if (exc_class)
		*exc_class = c.exc_class;
	strbuf_release(&c.msg);
	return false;
}

bool sqltype_render(struct strbuf *out, const struct sqltype *t, enum dialect d, const char **error)
{
	return sqltype_render_ex(out, t, d, false, error, NULL);
}
