/* sqlvalue.c - bulk_insert values through SQLAlchemy 1.4's type
 * processors (sqlvalue.h). The rules were read off the real SQLAlchemy
 * 1.4.46 with Alembic 1.8.1, offline and online on both dialects
 * (tests/run/typedvalues.sh checks them against it). */
#include "cupel/sqlvalue.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cupel/pystr.h"
#include "cupel/strbuf.h"

enum vcat {
	C_NONE, C_BOOL, C_INT, C_STR, C_NUM, C_DATE, C_DATETIME, C_TIME, C_ENUM, C_JSON, C_BIN,
	C_INTERVAL, /* sa.Interval: epoch arithmetic where not native (SQLite) */
	C_UUID,     /* postgresql.UUID: quoted str(value), unescaped, offline */
	C_NO_LITERAL, /* PostgreSQL types without a literal processor */
};

static enum vcat category(enum sqltype_kind k)
{
	switch (k) {
	case SQLTYPE_BOOLEAN: return C_BOOL;
	case SQLTYPE_INTEGER: case SQLTYPE_BIGINT: case SQLTYPE_SMALLINT: case SQLTYPE_UPPER_INTEGER: return C_INT;
	case SQLTYPE_STRING: case SQLTYPE_TEXT: case SQLTYPE_UNICODE: case SQLTYPE_UNICODE_TEXT:
	case SQLTYPE_UPPER_VARCHAR: case SQLTYPE_UPPER_CHAR: case SQLTYPE_UPPER_NVARCHAR: case SQLTYPE_UPPER_NCHAR:
	case SQLTYPE_UPPER_CLOB:
		return C_STR;
	case SQLTYPE_NUMERIC: case SQLTYPE_FLOAT: case SQLTYPE_UPPER_REAL: case SQLTYPE_UPPER_DECIMAL:
	case SQLTYPE_PG_DOUBLE_PRECISION:
		return C_NUM;
	case SQLTYPE_DATE: return C_DATE;
	case SQLTYPE_DATETIME: case SQLTYPE_UPPER_DATETIME: case SQLTYPE_UPPER_TIMESTAMP: case SQLTYPE_PG_TIMESTAMP:
		return C_DATETIME;
	case SQLTYPE_TIME: case SQLTYPE_PG_TIME: return C_TIME;
	case SQLTYPE_ENUM: case SQLTYPE_PG_ENUM: return C_ENUM;
	case SQLTYPE_JSON: case SQLTYPE_PG_JSONB: return C_JSON;
	case SQLTYPE_LARGE_BINARY: case SQLTYPE_UPPER_BLOB: case SQLTYPE_UPPER_BINARY: case SQLTYPE_UPPER_VARBINARY:
	case SQLTYPE_PG_BYTEA:
		return C_BIN;
	case SQLTYPE_INTERVAL: case SQLTYPE_PG_INTERVAL: return C_INTERVAL;
	case SQLTYPE_PG_UUID: return C_UUID;
	case SQLTYPE_PG_INET: case SQLTYPE_PG_CIDR: case SQLTYPE_PG_MACADDR: case SQLTYPE_PG_MACADDR8:
	case SQLTYPE_PG_TSVECTOR: case SQLTYPE_PG_MONEY: case SQLTYPE_PG_HSTORE:
		return C_NO_LITERAL;
	default: return C_NONE;
	}
}

/* Python's repr() of the value, as the messages quote it. */
static void py_repr(struct strbuf *sb, const struct op_value *v)
{
	switch (v->kind) {
	case VAL_TRUE: strbuf_adds(sb, "True"); return;
	case VAL_FALSE: strbuf_adds(sb, "False"); return;
	case VAL_NULL: strbuf_adds(sb, "None"); return;
	case VAL_STRING: break;
	default: strbuf_adds(sb, v->text ? v->text : "?"); return;
	}
	char q = strchr(v->text, '\'') && !strchr(v->text, '"') ? '"' : '\'';
	strbuf_addc(sb, q);
	for (const unsigned char *p = (const unsigned char *)v->text; *p; p++) {
		if (*p == '\\' || *p == q)
			strbuf_addf(sb, "\\%c", *p);
		else if (*p == '\n')
			strbuf_adds(sb, "\\n");
		else if (*p == '\t')
			strbuf_adds(sb, "\\t");
		else if (*p == '\r')
			strbuf_adds(sb, "\\r");
		else if (*p < 0x20 || *p == 0x7f)
			strbuf_addf(sb, "\\x%02x", *p);
		else
			strbuf_addc(sb, (char)*p);
	}
	strbuf_addc(sb, q);
}

/* type(value).__name__ */
static const char *py_type(const struct op_value *v)
{
	return v->kind == VAL_STRING ? "str" : v->kind == VAL_INT ? "int" : v->kind == VAL_FLOAT ? "float" : "bool";
}

/* Python's str(): what Numeric's literal processor prints. */
static const char *py_str(const struct op_value *v)
{
	return v->kind == VAL_TRUE ? "True" : v->kind == VAL_FALSE ? "False" : v->text;
}

/* The digits Python's int() makes of a string (surrounding whitespace,
 * a sign, single underscores between digits), or NULL. */
static char *py_int_of_str(struct arena *a, const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	struct strbuf sb = STRBUF_INIT;
	size_t i = 0;
	bool neg = false;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	bool ok = i < n, prev_digit = false;
	for (; i < n && ok; i++) {
		if (isdigit((unsigned char)s[i])) {
			if (sb.len || s[i] != '0')
				strbuf_addc(&sb, s[i]);
			prev_digit = true;
		} else if (s[i] == '_' && prev_digit && i + 1 < n && isdigit((unsigned char)s[i + 1])) {
			prev_digit = false;
		} else {
			ok = false;
		}
	}
	char *r = NULL;
	if (ok)
		r = arena_printf(a, "%s%s", neg && sb.len ? "-" : "", sb.len ? strbuf_str(&sb) : "0");
	strbuf_release(&sb);
	return r;
}

/* Python's float() of a string, or false. */
static bool py_float_of_str(const char *s, double *out)
{
	struct strbuf sb = STRBUF_INIT;
	while (isspace((unsigned char)*s))
		s++;
	for (const char *p = s; *p; p++) {
		if (*p == '_') {
			/* only between two digits */
			if (p == s || !isdigit((unsigned char)p[-1]) || !isdigit((unsigned char)p[1])) {
				strbuf_release(&sb);
				return false;
			}
			continue;
		}
		strbuf_addc(&sb, *p);
	}
	while (sb.len && isspace((unsigned char)sb.buf[sb.len - 1]))
		sb.buf[--sb.len] = '\0';
	const char *t = strbuf_str(&sb);
	const char *body = t + (*t == '+' || *t == '-');
	bool ok = false;
	if (!strcasecmp(body, "inf") || !strcasecmp(body, "infinity") || !strcasecmp(body, "nan")) {
		*out = strtod(t, NULL);
		ok = true;
	} else if (*body && (isdigit((unsigned char)*body) || *body == '.') && !strchr(body, 'x') && !strchr(body, 'X')) {
		char *end;
		*out = strtod(t, &end);
		ok = end != t && !*end;
	}
	strbuf_release(&sb);
	return ok;
}

/* A REAL literal of x for SQLite: Python's repr (which always has a
 * point or an exponent), infinities as SQLite reads them. */
static char *real_literal(struct arena *a, double x)
{
	if (isinf(x))
		return arena_printf(a, "%s1e999", x < 0 ? "-" : "");
	char buf[32];
	pystr_float_repr(buf, x);
	return arena_strdup(a, buf);
}

/* str(float) of a float's spelling: 1.50 is 1.5, 1e3 is 1000.0 */
static char *float_str(struct arena *a, const char *spelling)
{
	char buf[32];
	pystr_float_repr(buf, strtod(spelling, NULL));
	return arena_strdup(a, buf);
}

/* json.dumps(value): Python's defaults (ensure_ascii, no spaces inside a
 * scalar). */
static char *json_text(struct arena *a, const struct op_value *v)
{
	switch (v->kind) {
	case VAL_NULL: return arena_strdup(a, "null");
	case VAL_TRUE: return arena_strdup(a, "true");
	case VAL_FALSE: return arena_strdup(a, "false");
	case VAL_STRING: break;
	case VAL_FLOAT: return float_str(a, v->text);
	default: return arena_strdup(a, v->text);
	}
	struct strbuf sb = STRBUF_INIT;
	strbuf_addc(&sb, '"');
	const unsigned char *p = (const unsigned char *)v->text;
	while (*p) {
		unsigned c = *p;
		size_t len = 1;
		/* UTF-8 to a code point; a malformed byte stays itself */
		if (c >= 0xf0 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80 && (p[3] & 0xc0) == 0x80) {
			c = ((c & 7u) << 18) | ((p[1] & 0x3fu) << 12) | ((p[2] & 0x3fu) << 6) | (p[3] & 0x3fu);
			len = 4;
		} else if (c >= 0xe0 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80) {
			c = ((c & 0xfu) << 12) | ((p[1] & 0x3fu) << 6) | (p[2] & 0x3fu);
			len = 3;
		} else if (c >= 0xc0 && (p[1] & 0xc0) == 0x80) {
			c = ((c & 0x1fu) << 6) | (p[1] & 0x3fu);
			len = 2;
		}
		p += len;
		switch (c) {
		case '"': strbuf_adds(&sb, "\\\""); continue;
		case '\\': strbuf_adds(&sb, "\\\\"); continue;
		case '\n': strbuf_adds(&sb, "\\n"); continue;
		case '\r': strbuf_adds(&sb, "\\r"); continue;
		case '\t': strbuf_adds(&sb, "\\t"); continue;
		case '\b': strbuf_adds(&sb, "\\b"); continue;
		case '\f': strbuf_adds(&sb, "\\f"); continue;
		default: break;
		}
		if (c < 0x20 || c > 0x7e) {
			if (c > 0xffff) {
				c -= 0x10000;
				strbuf_addf(&sb, "\\u%04x\\u%04x", 0xd800 + (c >> 10), 0xdc00 + (c & 0x3ff));
			} else {
				strbuf_addf(&sb, "\\u%04x", c);
			}
		} else {
			strbuf_addc(&sb, (char)c);
		}
	}
	strbuf_addc(&sb, '"');
	char *r = arena_strndup(a, strbuf_str(&sb), sb.len);
	strbuf_release(&sb);
	return r;
}

/* str(type): SQLAlchemy's generic compiler, which SQLite's matches for
 * the types here. */
static char *type_name(struct arena *a, const struct sqltype *t)
{
	struct strbuf sb = STRBUF_INIT;
	char *r = arena_strdup(a, sqltype_render(&sb, t, DIALECT_SQLITE, NULL) ? strbuf_str(&sb)
										: sqltype_kind_name(t->kind));
	strbuf_release(&sb);
	return r;
}

static const char *offline_error(struct arena *a, const struct op_value *v, const struct sqltype *t, bool has_processor)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, has_processor ? "Could not render literal value \"" : "No literal value renderer is available "
										 "for literal value \"");
	py_repr(&sb, v);
	strbuf_addf(&sb, "\" with datatype %s%s", type_name(a, t),
		    has_processor ? "; see parent stack trace for more detail." : "");
	char *r = arena_strndup(a, strbuf_str(&sb), sb.len);
	strbuf_release(&sb);
	return r;
}

/* Boolean's _strict_as_bool: None, True, False, and what equals them
 * (0, 1, 0.0, 1.0). */
static const char *strict_bool(struct arena *a, struct op_value *v)
{
	if (v->kind == VAL_TRUE || v->kind == VAL_FALSE)
		return NULL;
	if (v->kind == VAL_INT || v->kind == VAL_FLOAT) {
		double x = strtod(v->text, NULL);
		if (x == 0 || x == 1) {
			v->kind = x == 1 ? VAL_TRUE : VAL_FALSE;
			return NULL;
		}
	}
	struct strbuf sb = STRBUF_INIT;
	if (v->kind == VAL_INT) {
		strbuf_adds(&sb, "(builtins.ValueError) Value ");
		py_repr(&sb, v);
		strbuf_adds(&sb, " is not None, True, or False");
	} else {
		strbuf_adds(&sb, "(builtins.TypeError) Not a boolean value: ");
		py_repr(&sb, v);
	}
	char *r = arena_strndup(a, strbuf_str(&sb), sb.len);
	strbuf_release(&sb);
	return r;
}

static const char *enum_lookup_error(struct arena *a, const struct op_value *v, const struct sqltype *t)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "(builtins.LookupError) '%s' is not among the defined enum values. Enum name: %s. "
		    "Possible values: ",
		    py_str(v), t->enum_name ? t->enum_name : "None");
	/* langhelpers.repr_tuple_names: the first three and the last past four */
	for (size_t i = 0; i < t->n_labels; i++) {
		if (t->n_labels > 4 && i == 3) {
			strbuf_adds(&sb, ", ...");
			i = t->n_labels - 1;
		}
		strbuf_addf(&sb, "%s%s", i ? ", " : "", t->labels[i]);
	}
	char *r = arena_strndup(a, strbuf_str(&sb), sb.len);
	strbuf_release(&sb);
	return r;
}

static const char *process_offline(struct arena *a, struct op_value *v, const struct sqltype *t, enum vcat c,
				   enum dialect d)
{
	switch (c) {
	case C_BOOL:
		return strict_bool(a, v) ? offline_error(a, v, t, true) : NULL;
	case C_INT: {
		/* str(int(value)) */
		const char *digits = NULL;
		if (v->kind == VAL_TRUE || v->kind == VAL_FALSE)
			digits = v->kind == VAL_TRUE ? "1" : "0";
		else if (v->kind == VAL_STRING)
			digits = py_int_of_str(a, v->text);
		else if (v->kind == VAL_FLOAT && isfinite(strtod(v->text, NULL)))
			digits = arena_printf(a, "%.0f", trunc(strtod(v->text, NULL)) + 0.0);
		else if (v->kind == VAL_INT)
			return NULL;
		if (!digits)
			return offline_error(a, v, t, true);
		v->kind = VAL_INT;
		v->text = digits;
		return NULL;
	}
	case C_STR:
		return v->kind == VAL_STRING ? NULL : offline_error(a, v, t, true);
	case C_NUM:
		/* str(value), unquoted whatever it is */
		if (v->kind == VAL_FLOAT) {
			v->text = float_str(a, v->text);
		} else if (v->kind != VAL_INT) {
			v->text = py_str(v);
			v->kind = VAL_RAW;
		}
		return NULL;
	case C_DATE: case C_DATETIME: case C_TIME:
		/* PostgreSQL's have no literal processor; SQLite's take date
		 * objects only, which cupel never holds as a value */
		return offline_error(a, v, t, d == DIALECT_SQLITE);
	case C_ENUM:
		return v->kind == VAL_STRING ? NULL : offline_error(a, v, t, true);
	case C_JSON:
		return offline_error(a, v, t, false);
	case C_BIN:
		return offline_error(a, v, t, true);
	case C_INTERVAL: case C_NO_LITERAL:
		return offline_error(a, v, t, false);
	case C_UUID:
		/* "'%s'" % value: no quote doubling, whatever the value is */
		v->text = arena_printf(a, "'%s'", v->kind == VAL_FLOAT ? float_str(a, v->text) : py_str(v));
		v->kind = VAL_RAW;
		return NULL;
	default:
		return NULL;
	}
}

static const char *process_online(struct arena *a, struct op_value *v, const struct sqltype *t, enum vcat c,
				  enum dialect d)
{
	switch (c) {
	case C_BOOL:
		return strict_bool(a, v);
	case C_NUM: {
		/* pysqlite's Numeric and Float: float(value) */
		if (d != DIALECT_SQLITE)
			return NULL;
		double x;
		if (v->kind == VAL_STRING || v->kind == VAL_FLOAT || v->kind == VAL_INT) {
			if (!py_float_of_str(v->text, &x)) {
				struct strbuf sb = STRBUF_INIT;
				strbuf_adds(&sb, "(builtins.ValueError) could not convert string to float: ");
				py_repr(&sb, v);
				char *r = arena_strndup(a, strbuf_str(&sb), sb.len);
				strbuf_release(&sb);
				return r;
			}
			if (isnan(x)) {
				v->kind = VAL_NULL; /* SQLite binds NaN as NULL */
				return NULL;
			}
			v->kind = VAL_FLOAT;
			v->text = real_literal(a, x);
		}
		return NULL;
	}
	case C_DATE: case C_DATETIME: case C_TIME:
		if (d != DIALECT_SQLITE)
			return NULL;
		return c == C_DATE ? "(builtins.TypeError) SQLite Date type only accepts Python date objects as input."
		       : c == C_DATETIME ? "(builtins.TypeError) SQLite DateTime type only accepts Python datetime and "
					   "datetime.date objects as input."
					 : "(builtins.TypeError) SQLite Time type only accepts Python time objects as input.";
	case C_ENUM:
		return v->kind == VAL_STRING ? NULL : enum_lookup_error(a, v, t);
	case C_JSON:
		/* json.dumps, None included (none_as_null is False): a string */
		v->text = json_text(a, v);
		v->kind = VAL_STRING;
		return NULL;
	case C_INTERVAL:
		/* non-native: epoch + value, which takes a timedelta only */
		if (d != DIALECT_SQLITE)
			return NULL;
		return arena_printf(a, "(builtins.TypeError) unsupported operand type(s) for +: 'datetime.datetime' and '%s'",
				    py_type(v));
	case C_BIN: {
		/* the DBAPI's Binary() takes bytes only, which cupel never holds */
		const char *py = py_type(v);
		if (d == DIALECT_SQLITE)
			return arena_printf(a, "(builtins.TypeError) memoryview: a bytes-like object is required, not '%s'",
					    py);
		return arena_printf(a, "(builtins.TypeError) can't escape %s to binary", py);
	}
	default:
		return NULL;
	}
}

const char *sqlvalue_process(struct arena *a, struct op_value *v, const struct sqltype *t, enum dialect d,
			     bool offline)
{
	if (t)
		t = sqltype_for(t, d);
	if (t && t->kind == SQLTYPE_VARIANT && t->base)
		t = t->base;
	if (!t) {
		/* sa.column() without a type: NullType has no literal renderer */
		if (!offline || v->kind == VAL_NULL)
			return NULL;
		struct strbuf sb = STRBUF_INIT;
		strbuf_adds(&sb, "No literal value renderer is available for literal value \"");
		py_repr(&sb, v);
		strbuf_adds(&sb, "\" with datatype NULL");
		char *r = arena_strndup(a, strbuf_str(&sb), sb.len);
		strbuf_release(&sb);
		return r;
	}
	enum vcat c = category(t->kind);
	/* None is NULL before any processor, except JSON's online (JSON null) */
	if (v->kind == VAL_NULL && !(c == C_JSON && !offline))
		return NULL;
	return offline ? process_offline(a, v, t, c, d) : process_online(a, v, t, c, d);
}
