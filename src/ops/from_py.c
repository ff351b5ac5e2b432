/* from_py.c - the operations of upgrade()/downgrade(), read from the AST.
 * Calls of op.* (and batch_op.*) become operations; dialect tests are
 * decided for the target dialect; local helper functions are followed;
 * everything else that does something becomes OPAQUE with its reason. */
#include <stdlib.h>
#include <string.h>

#include "cupel/coresql.h"
#include "cupel/ops.h"
#include "cupel/pyeval.h"
#include "cupel/pystr.h"
#include "cupel/sqlquote.h"
#include "cupel/sqlvalue.h"
#include "cupel/strbuf.h"

#define OPS_MAX_CALL_DEPTH 8

const char *op_kind_name(enum op_kind k)
{
	switch (k) {
#define X(kind, name) case OP_##kind: return name;
		OP_KINDS(X)
#undef X
	}
	return "?";
}

struct interp {
	struct arena *a;
	struct diag_list *diags;
	const struct py_module *m;
	const struct pyenv *module_env;
	enum dialect d;
	bool offline;
	int depth;
	const char *why;   /* why build_op refused a Core statement */
};

/* A growable list of operations. */
struct opvec {
	struct op *v;
	size_t n, cap;
};

static struct op *opvec_push(struct interp *in, struct opvec *ov, enum op_kind k, const struct py_node *at)
{
	if (ov->n == ov->cap) {
		size_t cap = ov->cap ? ov->cap * 2 : 8;
		ov->v = arena_grow(in->a, ov->v, ov->n, cap, sizeof(*ov->v));
		ov->cap = cap;
	}
	struct op *o = &ov->v[ov->n++];
	memset(o, 0, sizeof(*o));
	o->kind = k;
	if (at) {
		o->line = at->line;
		o->col = at->col;
	}
	return o;
}

/* The source text of a node (for opaque steps). */
static const char *node_source(struct interp *in, const struct py_node *n)
{
	if (!n || !in->m->src)
		return "";
	/* find the byte range of lines line..end_line and cut by columns */
	const char *s = in->m->src, *end = s + in->m->src_len;
	unsigned line = 1;
	const char *p = s;
	while (p < end && line < n->line) {
		if (*p++ == '\n')
			line++;
	}
	const char *start = p;
	for (unsigned c = 1; start < end && c < n->col && *start != '\n'; c++)
		start++;
	const char *q = start;
	while (q < end && line < n->end_line) {
		if (*q++ == '\n')
			line++;
	}
	for (unsigned c = 1; q < end && c < n->end_col && *q != '\n'; c++)
		q++;
	size_t len = (size_t)(q - start);
	if (len > 200)
		return arena_printf(in->a, "%.*s...", 200, start);
	return arena_strndup(in->a, start, len);
}

static struct op *opaque(struct interp *in, struct opvec *ov, const struct py_node *at, const char *why)
{
	struct op *o = opvec_push(in, ov, OP_OPAQUE, at);
	o->reason = why;
	o->source = node_source(in, at);
	return o;
}

/* ---- values to model pieces ---- */

static const char *val_str(const struct pyv *v)
{
	return v && v->kind == PYV_STR ? v->s : NULL;
}

/* op.f("name") and plain strings name things the same way here. */
static const char *val_name(const struct pyv *v)
{
	if (!v)
		return NULL;
	if (v->kind == PYV_STR)
		return v->s;
	if (v->kind == PYV_CALL && (pyv_callee_is(v, "f") || pyv_callee_is(v, "conv")) && v->n == 1)
		return val_str(v->items[0]);
	return NULL;
}

/* A name written as op.f("...") or conv(): no naming_convention applies. */
static bool val_name_conv(const struct pyv *v)
{
	return v && v->kind == PYV_CALL && (pyv_callee_is(v, "f") || pyv_callee_is(v, "conv")) && v->n == 1;
}

static int val_bool(const struct pyv *v, int dflt)
{
	if (!v)
		return dflt;
	if (v->kind == PYV_BOOL)
		return v->b;
	if (v->kind == PYV_NONE)
		return 0;
	if (v->kind == PYV_INT)
		return strcmp(v->s, "0") != 0;
	return dflt;
}

static int val_int(const struct pyv *v, int dflt)
{
	return v && v->kind == PYV_INT ? atoi(v->s) : dflt;
}

static bool val_strvec(struct interp *in, const struct pyv *v, struct strvec *out)
{
	out->v = NULL;
	out->n = 0;
	if (!v)
		return true;
	if (v->kind == PYV_STR) {
		out->v = arena_alloc(in->a, sizeof(*out->v));
		out->v[0] = v->s;
		out->n = 1;
		return true;
	}
	if (v->kind != PYV_SEQ)
		return false;
	out->v = arena_alloc(in->a, (v->n ? v->n : 1) * sizeof(*out->v));
	for (size_t i = 0; i < v->n; i++) {
		const char *s = val_name(v->items[i]);
		if (!s && v->items[i]->kind == PYV_CALL && pyv_callee_is(v->items[i], "column") && v->items[i]->n)
			s = val_str(v->items[i]->items[0]);
		if (!s)
			return false;
		out->v[out->n++] = s;
	}
	return true;
}

/* sa.text("...") or a plain string, as SQL text. */
static const char *val_sqltext(const struct pyv *v)
{
	if (!v)
		return NULL;
	if (v->kind == PYV_STR)
		return v->s;
	if (v->kind == PYV_CALL && pyv_callee_is(v, "text") && v->n >= 1)
		return val_str(v->items[0]);
	return NULL;
}

/* A comparison of sa.column()s and literals as SQLAlchemy compiles it with
 * literal binds (sa.column("a") > 5 -> "a > 5"), or NULL. */
static const char *val_compare_sql(struct interp *in, const struct pyv *v)
{
	if (!v || v->kind != PYV_CALL || !v->callee || strcmp(v->callee, "<compare>"))
		return NULL;
	static const struct { const char *py, *sql; } ops[] = {
		{ "<", "<" }, { ">", ">" }, { "<=", "<=" }, { ">=", ">=" }, { "==", "=" }, { "!=", "!=" },
	};
	const char *sqlop = NULL;
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(v->s, ops[i].py))
			sqlop = ops[i].sql;
	if (!sqlop)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	bool ok = true;
	for (int side = 0; side < 2 && ok; side++) {
		const struct pyv *x = v->items[side];
		if (side)
			strbuf_addf(&sb, " %s ", sqlop);
		if (x->kind == PYV_CALL && pyv_callee_is(x, "column") && x->n >= 1 && x->items[0]->kind == PYV_STR)
			sqlquote_ident(&sb, x->items[0]->s, in->d);
		else if (x->kind == PYV_INT || x->kind == PYV_FLOAT)
			strbuf_adds(&sb, x->s);
		else if (x->kind == PYV_STR)
			sqlquote_literal(&sb, x->s, in->d, in->offline);
		else if (x->kind == PYV_BOOL)
			strbuf_adds(&sb, in->d == DIALECT_POSTGRESQL ? (x->b ? "true" : "false") : (x->b ? "1" : "0"));
		else
			ok = false;
	}
	/* a comparison needs a column on at least one side */
	ok = ok && ((v->items[0]->kind == PYV_CALL) || (v->items[1]->kind == PYV_CALL));
	const char *r = ok ? arena_strndup(in->a, strbuf_str(&sb), sb.len) : NULL;
	strbuf_release(&sb);
	return r;
}

static bool ops_is_sa_path(const char *path)
{
	return strncmp(path, "sqlalchemy", 10) == 0 || strncmp(path, "sa.", 3) == 0;
}

static bool ops_is_pg_path(const char *path)
{
	return strstr(path, "postgresql") != NULL;
}

/* ---- types ---- */

static const struct sqltype *val_type(struct interp *in, const struct pyv *v);

static enum sqltype_kind type_kind_of(const char *path, bool *known)
{
	const char *name = pyv_basename(path);
	bool pg = ops_is_pg_path(path);
	static const struct { const char *name; enum sqltype_kind generic, pg; } table[] = {
		{ "String", SQLTYPE_STRING, SQLTYPE_STRING },
		{ "Text", SQLTYPE_TEXT, SQLTYPE_TEXT },
		{ "Unicode", SQLTYPE_UNICODE, SQLTYPE_UNICODE },
		{ "UnicodeText", SQLTYPE_UNICODE_TEXT, SQLTYPE_UNICODE_TEXT },
		{ "Integer", SQLTYPE_INTEGER, SQLTYPE_INTEGER },
		{ "BigInteger", SQLTYPE_BIGINT, SQLTYPE_BIGINT },
		{ "SmallInteger", SQLTYPE_SMALLINT, SQLTYPE_SMALLINT },
		{ "Boolean", SQLTYPE_BOOLEAN, SQLTYPE_BOOLEAN },
		{ "DateTime", SQLTYPE_DATETIME, SQLTYPE_DATETIME },
		{ "Date", SQLTYPE_DATE, SQLTYPE_DATE },
		{ "Time", SQLTYPE_TIME, SQLTYPE_TIME },
		{ "Numeric", SQLTYPE_NUMERIC, SQLTYPE_NUMERIC },
		{ "Float", SQLTYPE_FLOAT, SQLTYPE_FLOAT },
		{ "JSON", SQLTYPE_JSON, SQLTYPE_JSON },
		{ "LargeBinary", SQLTYPE_LARGE_BINARY, SQLTYPE_LARGE_BINARY },
		{ "Interval", SQLTYPE_INTERVAL, SQLTYPE_PG_INTERVAL },
		{ "Enum", SQLTYPE_ENUM, SQLTYPE_ENUM },
		{ "ARRAY", SQLTYPE_ARRAY, SQLTYPE_PG_ARRAY },
		{ "VARCHAR", SQLTYPE_UPPER_VARCHAR, SQLTYPE_UPPER_VARCHAR },
		/* upper-case classes that SQLAlchemy compiles, and compares by
		 * affinity, exactly as their generic base (lemur: sa.TEXT()) */
		{ "TEXT", SQLTYPE_TEXT, SQLTYPE_TEXT },
		{ "BIGINT", SQLTYPE_BIGINT, SQLTYPE_BIGINT },
		{ "SMALLINT", SQLTYPE_SMALLINT, SQLTYPE_SMALLINT },
		{ "INT", SQLTYPE_UPPER_INTEGER, SQLTYPE_UPPER_INTEGER },
		{ "BOOLEAN", SQLTYPE_BOOLEAN, SQLTYPE_BOOLEAN },
		{ "DATE", SQLTYPE_DATE, SQLTYPE_DATE },
		{ "NUMERIC", SQLTYPE_NUMERIC, SQLTYPE_NUMERIC },
		{ "FLOAT", SQLTYPE_FLOAT, SQLTYPE_FLOAT },
		{ "CHAR", SQLTYPE_UPPER_CHAR, SQLTYPE_UPPER_CHAR },
		{ "INTEGER", SQLTYPE_UPPER_INTEGER, SQLTYPE_UPPER_INTEGER },
		{ "TIMESTAMP", SQLTYPE_UPPER_TIMESTAMP, SQLTYPE_PG_TIMESTAMP },
		{ "REAL", SQLTYPE_UPPER_REAL, SQLTYPE_UPPER_REAL },
		/* the SQL standard's names, rendered as spelled (autogenerate
		 * writes them for reflected columns: sa.DATETIME(), sa.BLOB()) */
		{ "DECIMAL", SQLTYPE_UPPER_DECIMAL, SQLTYPE_UPPER_DECIMAL },
		{ "DATETIME", SQLTYPE_UPPER_DATETIME, SQLTYPE_UNKNOWN },
		{ "NVARCHAR", SQLTYPE_UPPER_NVARCHAR, SQLTYPE_UNKNOWN },
		{ "NCHAR", SQLTYPE_UPPER_NCHAR, SQLTYPE_UNKNOWN },
		{ "CLOB", SQLTYPE_UPPER_CLOB, SQLTYPE_UNKNOWN },
		{ "BLOB", SQLTYPE_UPPER_BLOB, SQLTYPE_UNKNOWN },
		{ "BINARY", SQLTYPE_UPPER_BINARY, SQLTYPE_UNKNOWN },
		{ "VARBINARY", SQLTYPE_UPPER_VARBINARY, SQLTYPE_UNKNOWN },
		{ "BIT", SQLTYPE_UNKNOWN, SQLTYPE_PG_BIT },
		{ "OID", SQLTYPE_UNKNOWN, SQLTYPE_PG_OID },
		{ "REGCLASS", SQLTYPE_UNKNOWN, SQLTYPE_PG_REGCLASS },
		{ "MACADDR8", SQLTYPE_UNKNOWN, SQLTYPE_PG_MACADDR8 },
		{ "JSONB", SQLTYPE_UNKNOWN, SQLTYPE_PG_JSONB },
		{ "UUID", SQLTYPE_UNKNOWN, SQLTYPE_PG_UUID },
		{ "INET", SQLTYPE_UNKNOWN, SQLTYPE_PG_INET },
		{ "CIDR", SQLTYPE_UNKNOWN, SQLTYPE_PG_CIDR },
		{ "MACADDR", SQLTYPE_UNKNOWN, SQLTYPE_PG_MACADDR },
		{ "BYTEA", SQLTYPE_UNKNOWN, SQLTYPE_PG_BYTEA },
		{ "TSVECTOR", SQLTYPE_UNKNOWN, SQLTYPE_PG_TSVECTOR },
		{ "TIME", SQLTYPE_TIME, SQLTYPE_PG_TIME },
		{ "INTERVAL", SQLTYPE_UNKNOWN, SQLTYPE_PG_INTERVAL },
		{ "ENUM", SQLTYPE_UNKNOWN, SQLTYPE_PG_ENUM },
		{ "HSTORE", SQLTYPE_UNKNOWN, SQLTYPE_PG_HSTORE },
		{ "MONEY", SQLTYPE_UNKNOWN, SQLTYPE_PG_MONEY },
		{ "DOUBLE_PRECISION", SQLTYPE_UNKNOWN, SQLTYPE_PG_DOUBLE_PRECISION },
		{ "INT4RANGE", SQLTYPE_UNKNOWN, SQLTYPE_PG_INT4RANGE },
		{ "INT8RANGE", SQLTYPE_UNKNOWN, SQLTYPE_PG_INT8RANGE },
		{ "NUMRANGE", SQLTYPE_UNKNOWN, SQLTYPE_PG_NUMRANGE },
		{ "DATERANGE", SQLTYPE_UNKNOWN, SQLTYPE_PG_DATERANGE },
		{ "TSRANGE", SQLTYPE_UNKNOWN, SQLTYPE_PG_TSRANGE },
		{ "TSTZRANGE", SQLTYPE_UNKNOWN, SQLTYPE_PG_TSTZRANGE },
	};
	*known = false;
	if (!ops_is_sa_path(path) && !pg)
		return SQLTYPE_UNKNOWN;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (strcmp(table[i].name, name) == 0) {
			enum sqltype_kind k = pg ? table[i].pg : table[i].generic;
			*known = k != SQLTYPE_UNKNOWN;
			return k;
		}
	}
	return SQLTYPE_UNKNOWN;
}

static struct sqltype *type_new(struct interp *in, enum sqltype_kind k)
{
	struct sqltype *t = arena_alloc(in->a, sizeof(*t));
	t->kind = k;
	t->length = t->precision = t->scale = t->timezone = -1;
	t->native_enum = t->create_constraint = t->create_type = t->dimensions = -1;
	return t;
}

static const struct sqltype *val_type(struct interp *in, const struct pyv *v)
{
	if (!v)
		return NULL;
	const char *path = v->kind == PYV_NAME ? v->s : v->kind == PYV_CALL ? v->callee : NULL;
	/* X.with_variant(Y, "postgresql") */
	if (v->kind == PYV_CALL && v->self && pyv_callee_is(v, "with_variant")) {
		const struct sqltype *base = val_type(in, v->self);
		const struct sqltype *var = val_type(in, pyv_arg(v, 0));
		const char *dn = val_str(pyv_arg(v, 1));
		enum dialect vd;
		if (!base || !var || !dn || !dialect_from_name(dn, &vd)) {
			/* a variant for another dialect (mysql ...) leaves the base */
			if (base && dn && !dialect_from_name(dn, &vd))
				return base;
			return NULL;
		}
		struct sqltype *t = type_new(in, SQLTYPE_VARIANT);
		t->base = base;
		struct sqltype_variant *vars = arena_alloc(in->a, sizeof(*vars) * (base->kind == SQLTYPE_VARIANT ? base->n_variants + 1 : 1));
		size_t n = 0;
		if (base->kind == SQLTYPE_VARIANT) {
			memcpy(vars, base->variants, base->n_variants * sizeof(*vars));
			n = base->n_variants;
			t->base = base->base;
		}
		vars[n].dialect = vd;
		vars[n].type = var;
		t->variants = vars;
		t->n_variants = n + 1;
		return t;
	}
	if (!path || (v->kind == PYV_CALL && v->self))
		return NULL;
	bool known;
	enum sqltype_kind k = type_kind_of(path, &known);
	if (!known)
		return NULL;
	struct sqltype *t = type_new(in, k);
	if (v->kind == PYV_NAME)
		return t; /* the class itself, e.g. sa.Integer */
	const struct pyv *a0 = pyv_arg(v, 0);
	switch (k) {
	case SQLTYPE_STRING: case SQLTYPE_UPPER_VARCHAR: case SQLTYPE_UPPER_CHAR: case SQLTYPE_TEXT: {
		/* String(length=None, collation=None) */
		const struct pyv *a1 = pyv_arg(v, 1);
		t->length = val_int(a0 ? a0 : pyv_kw(v, "length"), -1);
		if ((a1 || pyv_kw(v, "collation")) && !(t->collation = val_str(a1 ? a1 : pyv_kw(v, "collation"))))
			return NULL;
		break;
	}
	case SQLTYPE_UNICODE: case SQLTYPE_UNICODE_TEXT: case SQLTYPE_UPPER_NVARCHAR: case SQLTYPE_UPPER_NCHAR:
		/* Unicode(length=None, **kwargs): collation only by keyword */
		t->length = val_int(a0 ? a0 : pyv_kw(v, "length"), -1);
		if (pyv_kw(v, "collation") && !(t->collation = val_str(pyv_kw(v, "collation"))))
			return NULL;
		break;
	case SQLTYPE_UPPER_BINARY: case SQLTYPE_UPPER_VARBINARY: case SQLTYPE_PG_BIT:
		t->length = val_int(a0 ? a0 : pyv_kw(v, "length"), -1);
		t->varying = k == SQLTYPE_PG_BIT && val_bool(pyv_kw(v, "varying"), 0) == 1;
		break;
	case SQLTYPE_NUMERIC: case SQLTYPE_UPPER_DECIMAL:
		t->precision = val_int(a0 ? a0 : pyv_kw(v, "precision"), -1);
		t->scale = val_int(pyv_arg(v, 1) ? pyv_arg(v, 1) : pyv_kw(v, "scale"), -1);
		break;
	case SQLTYPE_FLOAT:
		t->precision = val_int(a0 ? a0 : pyv_kw(v, "precision"), -1);
		t->asdecimal_set = pyv_kw(v, "asdecimal") != NULL;
		break;
	case SQLTYPE_DATETIME: case SQLTYPE_TIME: case SQLTYPE_UPPER_TIMESTAMP:
	case SQLTYPE_PG_TIMESTAMP: case SQLTYPE_PG_TIME:
		t->timezone = val_bool(a0 ? a0 : pyv_kw(v, "timezone"), -1);
		t->precision = val_int(pyv_kw(v, "precision"), -1);
		break;
	case SQLTYPE_ENUM: case SQLTYPE_PG_ENUM: {
		size_t n = 0;
		t->labels = arena_alloc(in->a, (v->n ? v->n : 1) * sizeof(*t->labels));
		for (size_t i = 0; i < v->n; i++) {
			const char *s = val_str(v->items[i]);
			if (!s)
				return NULL; /* Enum(PythonEnumClass) */
			t->labels[n++] = s;
		}
		t->n_labels = n;
		t->enum_name = val_str(pyv_kw(v, "name"));
		t->native_enum = val_bool(pyv_kw(v, "native_enum"), -1);
		/* the VARCHAR's length when not native (SQLAlchemy 1.3.16+) */
		t->length = val_int(pyv_kw(v, "length"), -1);
		t->create_constraint = val_bool(pyv_kw(v, "create_constraint"), -1);
		t->create_type = val_bool(pyv_kw(v, "create_type"), -1);
		t->schema = val_str(pyv_kw(v, "schema"));
		break;
	}
	case SQLTYPE_BOOLEAN:
		t->create_constraint = val_bool(pyv_kw(v, "create_constraint"), -1);
		t->constraint_name = val_str(pyv_kw(v, "name"));
		break;
	case SQLTYPE_ARRAY: case SQLTYPE_PG_ARRAY:
		t->item = val_type(in, a0 ? a0 : pyv_kw(v, "item_type"));
		if (!t->item)
			return NULL;
		t->dimensions = val_int(pyv_kw(v, "dimensions"), -1);
		break;
	case SQLTYPE_PG_INTERVAL:
		t->precision = val_int(pyv_kw(v, "precision"), -1);
		break;
	default:
		break;
	}
	return t;
}

/* ---- columns, constraints, indexes ---- */

static struct op_default val_default(const struct pyv *v)
{
	struct op_default d = { DEFAULT_NONE, NULL };
	if (!v)
		return d;
	switch (v->kind) {
	case PYV_NONE: d.kind = DEFAULT_NULL; break;
	case PYV_STR: d.kind = DEFAULT_STRING; d.text = v->s; break;
	case PYV_INT: case PYV_FLOAT: d.kind = DEFAULT_NUMBER; d.text = v->s; break;
	case PYV_CALL:
		if (pyv_callee_is(v, "text") && val_str(pyv_arg(v, 0))) {
			d.kind = DEFAULT_TEXT;
			d.text = val_str(pyv_arg(v, 0));
		} else if (pyv_callee_is(v, "true")) {
			d.kind = DEFAULT_TRUE;
		} else if (pyv_callee_is(v, "false")) {
			d.kind = DEFAULT_FALSE;
		} else if (v->callee && strstr(v->callee, "func.") && v->n == 0) {
			d.kind = DEFAULT_FUNC;
			d.text = pyv_basename(v->callee);
		} else {
			d.kind = DEFAULT_TEXT;
			d.text = NULL; /* not modelled */
		}
		break;
	default:
		d.kind = DEFAULT_TEXT;
		d.text = NULL;
	}
	return d;
}

static bool val_fk(struct interp *in, const struct pyv *v, struct op_fk *fk)
{
	memset(fk, 0, sizeof(*fk));
	fk->deferrable = -1;
	const char *target = val_str(pyv_arg(v, 0));
	if (!target)
		return false;
	/* "table.col" or "schema.table.col" */
	const char *last = strrchr(target, '.');
	if (!last)
		return false;
	const char *col = last + 1;
	const char *tab = arena_strndup(in->a, target, (size_t)(last - target));
	const char *dot = strrchr(tab, '.');
	if (dot) {
		fk->ref_schema = arena_strndup(in->a, tab, (size_t)(dot - tab));
		tab = dot + 1;
	}
	fk->ref_table = tab;
	fk->ref_cols.v = arena_alloc(in->a, sizeof(char *));
	fk->ref_cols.v[0] = col;
	fk->ref_cols.n = 1;
	fk->name = val_name(pyv_kw(v, "name"));
	fk->name_conv = val_name_conv(pyv_kw(v, "name"));
	fk->ondelete = val_str(pyv_kw(v, "ondelete"));
	fk->onupdate = val_str(pyv_kw(v, "onupdate"));
	fk->initially = val_str(pyv_kw(v, "initially"));
	fk->match = val_str(pyv_kw(v, "match"));
	fk->deferrable = val_bool(pyv_kw(v, "deferrable"), -1);
	fk->use_alter = val_bool(pyv_kw(v, "use_alter"), 0) == 1;
	return true;
}

/* A dialect option (postgresql_..., sqlite_... other than those in `ok`,
 * a NULL-terminated list) cupel does not render: the construct is not
 * modelled rather than rendered without it (SQLAlchemy ignores another
 * dialect's: sqlite_ ones count on SQLite). */
static bool has_dialect_kw(const struct pyv *v, bool sqlite, bool pg_too, const char *const *ok)
{
	for (size_t i = 0; i < v->n_kws; i++) {
		const char *k = v->kws[i].name;
		bool known = false;
		for (size_t j = 0; k && ok && ok[j] && !known; j++)
			known = !strcmp(k, ok[j]);
		if (k && !known &&
		    ((sqlite && !strncmp(k, "sqlite_", 7)) ||
		     (pg_too && !strncmp(k, "postgresql_", 11) && strcmp(k, "postgresql_not_valid") != 0)))
			return true;
	}
	return false;
}

/* sqlite_on_conflict...=: the clause as written (SQLAlchemy pastes it);
 * false for a value that is not a string. */
static bool val_on_conflict(const struct pyv *v, const char *key, const char **out)
{
	const struct pyv *x = pyv_kw(v, key);
	*out = NULL;
	if (!x || x->kind == PYV_NONE)
		return true;
	*out = val_str(x);
	return *out != NULL;
}

static bool val_column(struct interp *in, const struct pyv *v, struct op_column *c)
{
	memset(c, 0, sizeof(*c));
	static const char *const sqlite_ok[] = { "sqlite_on_conflict_not_null", "sqlite_on_conflict_primary_key",
						 "sqlite_on_conflict_unique", NULL };
	if (!v || v->kind != PYV_CALL || !pyv_callee_is(v, "Column") ||
	    has_dialect_kw(v, in->d == DIALECT_SQLITE, true, sqlite_ok))
		return false;
	c->nullable = c->unique = c->index = -1;
	c->autoincrement = -1;
	c->line = v->node ? v->node->line : 0;
	c->col = v->node ? v->node->col : 0;
	size_t i = 0;
	const char *name = val_str(pyv_arg(v, 0));
	if (name)
		i = 1;
	else
		name = val_str(pyv_kw(v, "name"));
	c->name = name;
	if (!name)
		return false;
	const struct pyv *ty = pyv_kw(v, "type_");
	if (!ty && i < v->n) {
		const struct pyv *cand = v->items[i];
		if (!(cand->kind == PYV_CALL && (pyv_callee_is(cand, "ForeignKey") || pyv_callee_is(cand, "Identity") ||
						 pyv_callee_is(cand, "Computed") || pyv_callee_is(cand, "Sequence")))) {
			ty = cand;
			i++;
		}
	}
	if (ty) {
		c->type = val_type(in, ty);
		if (!c->type)
			return false;
	}
	for (; i < v->n; i++) {
		const struct pyv *x = v->items[i];
		if (pyv_callee_is(x, "ForeignKey")) {
			struct op_fk fk;
			if (!val_fk(in, x, &fk))
				return false;
			fk.cols.v = arena_alloc(in->a, sizeof(char *));
			fk.cols.v[0] = name;
			fk.cols.n = 1;
			c->fks = arena_grow(in->a, c->fks, c->n_fks, c->n_fks + 1, sizeof(*c->fks));
			c->fks[c->n_fks++] = fk;
		} else if (pyv_callee_is(x, "Identity")) {
			struct op_identity *id = arena_alloc(in->a, sizeof(*id));
			id->always = val_bool(pyv_kw(x, "always"), -1);
			id->on_null = val_bool(pyv_kw(x, "on_null"), 0);
			/* an integer or None; anything else (an expression the
			 * evaluator did not fold) leaves the column unmodelled */
			const char *const nums[] = { "start", "increment", "minvalue", "maxvalue", "cache" };
			const char **slot[] = { &id->start, &id->increment, &id->minvalue, &id->maxvalue, &id->cache };
			for (size_t k = 0; k < sizeof(nums) / sizeof(nums[0]); k++) {
				const struct pyv *s = pyv_kw(x, nums[k]);
				if (s && s->kind != PYV_INT && s->kind != PYV_NONE)
					return false;
				*slot[k] = s && s->kind == PYV_INT ? s->s : NULL;
			}
			const struct pyv *s;
			id->cycle = val_bool(pyv_kw(x, "cycle"), -1);
			id->order = val_bool(pyv_kw(x, "order"), -1);
			s = pyv_kw(x, "nominvalue");
			id->nominvalue = s && s->kind != PYV_NONE;
			s = pyv_kw(x, "nomaxvalue");
			id->nomaxvalue = s && s->kind != PYV_NONE;
			c->identity = id;
		} else if (pyv_callee_is(x, "Sequence")) {
			/* a default for INSERTs: CREATE TABLE does not make it */
			c->sequence = val_bool(pyv_kw(x, "optional"), 0) == 1 ? 2 : 1;
		} else if (pyv_callee_is(x, "Computed")) {
			struct op_computed *cp = arena_alloc(in->a, sizeof(*cp));
			cp->sqltext = val_sqltext(pyv_arg(x, 0));
			cp->persisted = val_bool(pyv_kw(x, "persisted"), -1);
			if (!cp->sqltext)
				return false;
			c->computed = cp;
		} else {
			return false;
		}
	}
	c->primary_key = val_bool(pyv_kw(v, "primary_key"), 0);
	c->nullable = val_bool(pyv_kw(v, "nullable"), -1);
	c->unique = val_bool(pyv_kw(v, "unique"), -1);
	c->index = val_bool(pyv_kw(v, "index"), -1);
	const struct pyv *ai = pyv_kw(v, "autoincrement");
	if (ai)
		c->autoincrement = ai->kind == PYV_STR ? -1 : val_bool(ai, -1);
	c->server_default = val_default(pyv_kw(v, "server_default"));
	if (c->server_default.kind == DEFAULT_NULL)
		c->server_default.kind = DEFAULT_NONE;
	if (c->server_default.kind == DEFAULT_TEXT && !c->server_default.text)
		return false;
	c->comment = val_str(pyv_kw(v, "comment"));
	return val_on_conflict(v, "sqlite_on_conflict_not_null", &c->sqlite_oc_not_null) &&
	       val_on_conflict(v, "sqlite_on_conflict_primary_key", &c->sqlite_oc_pk) &&
	       val_on_conflict(v, "sqlite_on_conflict_unique", &c->sqlite_oc_unique);
}

static bool val_constraint(struct interp *in, const struct pyv *v, struct op_constraint *k)
{
	/* SQLite's ON CONFLICT exists for these three only */
	static const char *const sqlite_ok[] = { "sqlite_on_conflict", NULL };
	bool oc_ok = pyv_callee_is(v, "PrimaryKeyConstraint") || pyv_callee_is(v, "UniqueConstraint") ||
		     pyv_callee_is(v, "CheckConstraint");
	if (v && v->kind == PYV_CALL && has_dialect_kw(v, in->d == DIALECT_SQLITE, false, oc_ok ? sqlite_ok : NULL))
		return false;
	memset(k, 0, sizeof(*k));
	if (!val_on_conflict(v, "sqlite_on_conflict", &k->sqlite_on_conflict))
		return false;
	k->deferrable = -1;
	k->line = v->node ? v->node->line : 0;
	k->name = val_name(pyv_kw(v, "name"));
	k->name_conv = val_name_conv(pyv_kw(v, "name"));
	k->initially = val_str(pyv_kw(v, "initially"));
	k->deferrable = val_bool(pyv_kw(v, "deferrable"), -1);
	k->pg_not_valid = val_bool(pyv_kw(v, "postgresql_not_valid"), 0) == 1;
	if (pyv_callee_is(v, "PrimaryKeyConstraint") || pyv_callee_is(v, "UniqueConstraint")) {
		k->kind = pyv_callee_is(v, "PrimaryKeyConstraint") ? CON_PRIMARY_KEY : CON_UNIQUE;
		k->cols.v = arena_alloc(in->a, (v->n ? v->n : 1) * sizeof(char *));
		for (size_t i = 0; i < v->n; i++) {
			const char *s = val_str(v->items[i]);
			if (!s)
				return false;
			k->cols.v[k->cols.n++] = s;
		}
		return true;
	}
	if (pyv_callee_is(v, "ForeignKeyConstraint")) {
		k->kind = CON_FOREIGN_KEY;
		struct strvec local, remote;
		if (!val_strvec(in, pyv_arg(v, 0), &local) || !val_strvec(in, pyv_arg(v, 1), &remote) || !remote.n)
			return false;
		memset(&k->fk, 0, sizeof(k->fk));
		k->fk.cols = local;
		/* the referent columns carry the table: "t.c" or "s.t.c" */
		k->fk.ref_cols.v = arena_alloc(in->a, remote.n * sizeof(char *));
		for (size_t i = 0; i < remote.n; i++) {
			const char *last = strrchr(remote.v[i], '.');
			if (!last)
				return false;
			const char *tab = arena_strndup(in->a, remote.v[i], (size_t)(last - remote.v[i]));
			const char *dot = strrchr(tab, '.');
			if (dot) {
				k->fk.ref_schema = arena_strndup(in->a, tab, (size_t)(dot - tab));
				tab = dot + 1;
			}
			k->fk.ref_table = tab;
			k->fk.ref_cols.v[k->fk.ref_cols.n++] = last + 1;
		}
		k->fk.name = k->name;
		k->fk.name_conv = k->name_conv;
		k->fk.pg_not_valid = k->pg_not_valid;
		k->fk.ondelete = val_str(pyv_kw(v, "ondelete"));
		k->fk.onupdate = val_str(pyv_kw(v, "onupdate"));
		k->fk.initially = k->initially;
		k->fk.match = val_str(pyv_kw(v, "match"));
		k->fk.deferrable = k->deferrable;
		k->fk.use_alter = val_bool(pyv_kw(v, "use_alter"), 0) == 1;
		return true;
	}
	if (pyv_callee_is(v, "CheckConstraint")) {
		k->kind = CON_CHECK;
		k->sqltext = val_sqltext(pyv_arg(v, 0));
		if (!k->sqltext)
			k->sqltext = val_compare_sql(in, pyv_arg(v, 0));
		return k->sqltext != NULL;
	}
	return false;
}

/* sa.func.lower(sa.Column("c")) / upper(...) as an index expression, as
 * SQLAlchemy compiles it (ckan): NAME(column) with the dialect's quoting.
 * Other functions are left opaque: some compile to keywords or per
 * dialect (now, current_timestamp ...). */
static const char *val_index_func(struct interp *in, const struct pyv *e)
{
	if (e->kind != PYV_CALL || e->self || !e->callee || !strstr(e->callee, "func.") || e->n != 1 || e->n_kws)
		return NULL;
	const char *fn = pyv_basename(e->callee);
	if (strcmp(fn, "lower") && strcmp(fn, "upper"))
		return NULL;
	const struct pyv *a = e->items[0];
	bool col = (pyv_callee_is(a, "Column") || pyv_callee_is(a, "column")) && !a->self && a->n == 1 &&
		   !a->n_kws && a->items[0]->kind == PYV_STR;
	if (!col)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s(", fn);
	sqlquote_ident(&sb, a->items[0]->s, in->d);
	strbuf_addc(&sb, ')');
	const char *r = arena_strndup(in->a, strbuf_str(&sb), sb.len);
	strbuf_release(&sb);
	return r;
}

static bool val_index_elems(struct interp *in, const struct pyv *const *items, size_t n, struct op_index *ix)
{
	ix->elems = arena_alloc(in->a, (n ? n : 1) * sizeof(*ix->elems));
	ix->n_elems = 0;
	for (size_t i = 0; i < n; i++) {
		const struct pyv *e = items[i];
		struct op_index_elem *el = &ix->elems[ix->n_elems++];
		el->name = el->sql = NULL;
		if (e->kind == PYV_STR)
			el->name = e->s;
		else if (e->kind == PYV_CALL && pyv_callee_is(e, "text") && val_str(pyv_arg(e, 0)))
			el->sql = val_str(pyv_arg(e, 0));
		else if (!(el->sql = val_index_func(in, e)))
			return false;
	}
	return true;
}

static void val_index_kwargs(struct interp *in, const struct pyv *v, struct op_index *ix)
{
	ix->unique = val_bool(pyv_kw(v, "unique"), 0);
	ix->pg_concurrently = val_bool(pyv_kw(v, "postgresql_concurrently"), 0);
	ix->pg_where = val_sqltext(pyv_kw(v, "postgresql_where"));
	ix->sqlite_where = val_sqltext(pyv_kw(v, "sqlite_where"));
	ix->pg_using = val_str(pyv_kw(v, "postgresql_using"));
	/* postgresql_ops={"col or text": "opclass"} */
	const struct pyv *pops = pyv_kw(v, "postgresql_ops");
	for (size_t i = 0; pops && pops->kind == PYV_DICT && i < pops->n; i++)
		for (size_t k = 0; k < ix->n_elems; k++) {
			const char *key = val_str(pops->items[i]), *cls = val_str(pops->values[i]);
			const char *el = ix->elems[k].name ? ix->elems[k].name : ix->elems[k].sql;
			if (key && cls && el && !strcmp(key, el))
				ix->elems[k].pg_ops = cls;
		}
	val_strvec(in, pyv_kw(v, "postgresql_include"), &ix->pg_include);
	ix->if_not_exists = val_bool(pyv_kw(v, "if_not_exists"), 0);
	ix->if_exists = val_bool(pyv_kw(v, "if_exists"), 0);
	ix->line = v->node ? v->node->line : 0;
}

static bool val_table_index(struct interp *in, const struct pyv *v, struct op_index *ix)
{
	memset(ix, 0, sizeof(*ix));
	ix->name = val_name(pyv_arg(v, 0));
	ix->name_conv = val_name_conv(pyv_arg(v, 0));
	if (!ix->name && !(pyv_arg(v, 0) && pyv_arg(v, 0)->kind == PYV_NONE))
		return false;
	if (!val_index_elems(in, v->items + 1, v->n ? v->n - 1 : 0, ix))
		return false;
	val_index_kwargs(in, v, ix);
	return true;
}

/* ---- operations ---- */

static bool column_is_plain(const struct op_column *c)
{
	return !c->primary_key && c->unique <= 0 && c->index <= 0 && !c->n_fks && !c->identity && !c->computed;
}

/* Counts the column just read, o->columns[o->n_columns]. A second Column
 * of a name takes the first one's place in SQLAlchemy's Table (ckan); the
 * indexes, constraints and keys the first one made would stay, so only
 * plain columns are replaced, others are beyond the model. */
static bool column_dedupe(struct op *o)
{
	struct op_column *c = &o->columns[o->n_columns];
	for (size_t i = 0; c->name && i < o->n_columns; i++) {
		if (!o->columns[i].name || strcmp(o->columns[i].name, c->name))
			continue;
		if (!column_is_plain(&o->columns[i]) || !column_is_plain(c))
			return false;
		o->columns[i] = *c;
		return true;
	}
	o->n_columns++;
	return true;
}

static bool build_create_table(struct interp *in, struct op *o, const struct pyv *v, size_t first)
{
	o->table = val_str(pyv_arg(v, 0));
	o->schema = val_str(pyv_kw(v, "schema"));
	o->comment = val_str(pyv_kw(v, "comment"));
	if (!o->table)
		return false;
	/* SQLite's Table options; a value that is not a constant boolean
	 * leaves the table unmodelled */
	const struct pyv *ai = pyv_kw(v, "sqlite_autoincrement"), *rowid = pyv_kw(v, "sqlite_with_rowid");
	if ((ai && val_bool(ai, -1) < 0) || (rowid && val_bool(rowid, -1) < 0))
		return false;
	o->sqlite_autoincrement = val_bool(ai, 0) == 1;
	/* SQLAlchemy tests `is False`: None and 0 keep the rowid */
	o->sqlite_without_rowid = rowid && rowid->kind == PYV_BOOL && !rowid->b;
	size_t n = v->n > first ? v->n - first : 0;
	o->columns = arena_alloc(in->a, (n ? n : 1) * sizeof(*o->columns));
	o->constraints = arena_alloc(in->a, (n ? n : 1) * sizeof(*o->constraints));
	o->indexes = arena_alloc(in->a, (n ? n : 1) * sizeof(*o->indexes));
	for (size_t i = first; i < v->n; i++) {
		const struct pyv *x = v->items[i];
		if (pyv_callee_is(x, "Column")) {
			if (!val_column(in, x, &o->columns[o->n_columns]))
				return false;
			if (!column_dedupe(o))
				return false;
		} else if (pyv_callee_is(x, "Index")) {
			if (!val_table_index(in, x, &o->indexes[o->n_indexes]))
				return false;
			o->indexes[o->n_indexes].table = o->table;
			o->indexes[o->n_indexes].schema = o->schema;
			o->n_indexes++;
		} else if (x->kind == PYV_CALL) {
			if (!val_constraint(in, x, &o->constraints[o->n_constraints]))
				return false;
			o->n_constraints++;
		} else {
			return false;
		}
	}
	/* SQLAlchemy leaves use_alter foreign keys out of CREATE TABLE where
	 * the dialect supports ALTER (PostgreSQL), meaning them for a later
	 * ALTER TABLE that op.create_table never issues: they are not made */
	if (in->d == DIALECT_POSTGRESQL) {
		size_t k = 0;
		for (size_t i = 0; i < o->n_constraints; i++) {
			const struct op_constraint *x = &o->constraints[i];
			if (!(x->kind == CON_FOREIGN_KEY && x->fk.use_alter)) {
				o->constraints[k++] = *x;
				continue;
			}
			for (size_t j = 0; j < x->fk.cols.n; j++)
				for (size_t c = 0; c < o->n_columns; c++)
					if (!strcmp(o->columns[c].name, x->fk.cols.v[j]))
						o->columns[c].dropped_fk = true;
		}
		o->n_constraints = k;
		for (size_t i = 0; i < o->n_columns; i++) {
			struct op_column *c = &o->columns[i];
			size_t j = 0;
			for (size_t f = 0; f < c->n_fks; f++)
				if (!c->fks[f].use_alter)
					c->fks[j++] = c->fks[f];
			c->dropped_fk = c->dropped_fk || j < c->n_fks;
			c->n_fks = j;
		}
	}
	return true;
}

/* A keyword of an op.* call that changes the SQL but that the model
 * does not read: a PostgreSQL option other than those below, or a
 * table's prefixes (UNLOGGED, TEMPORARY). NULL when there is none. */
static const char *unmodelled_kw(const struct pyv *v, const char *op, bool sqlite)
{
	/* postgresql_ignore_search_path: how a reflected foreign key is read
	 * (autogenerate writes it in create_table), never in the DDL */
	static const char *const known[] = { "postgresql_concurrently", "postgresql_where", "postgresql_using",
					     "postgresql_ops", "postgresql_include", "postgresql_ignore_search_path" };
	/* NOT VALID: SQLAlchemy takes it for foreign keys and checks only */
	bool not_valid_ok = !strcmp(op, "create_foreign_key") || !strcmp(op, "create_check_constraint");
	for (size_t i = 0; i < v->n_kws; i++) {
		const char *k = v->kws[i].name;
		if (!k)
			continue;
		/* the Table options SQLite's DDL reads (build_create_table) */
		bool table_ok = !strcmp(op, "create_table") &&
				(!strcmp(k, "sqlite_autoincrement") || !strcmp(k, "sqlite_with_rowid"));
		if (!strcmp(k, "prefixes") ||
		    (sqlite && !strncmp(k, "sqlite_", 7) && strcmp(k, "sqlite_where") != 0 && !table_ok))
			return k;
		if (strncmp(k, "postgresql_", 11) != 0)
			continue;
		bool ok = not_valid_ok && !strcmp(k, "postgresql_not_valid");
		for (size_t j = 0; j < sizeof(known) / sizeof(known[0]); j++)
			ok = ok || !strcmp(k, known[j]);
		if (!ok)
			return k;
	}
	return NULL;
}

/* Online, bulk_insert runs one executemany whose INSERT is compiled from
 * the first row's keys: a later row's other keys are ignored, and one
 * that lacks a key fails (SQLAlchemy's message, 0-based group); offline
 * each row is its own INSERT. */
static void executemany_rows(struct interp *in, struct op *o)
{
	const struct op_row *first = &o->rows[0];
	for (size_t r = 1; r < o->n_rows && !o->refusal; r++) {
		struct op_row *row = &o->rows[r];
		size_t kept = 0;
		for (size_t k = 0; k < row->n; k++) {
			bool in_first = false;
			for (size_t j = 0; j < first->n && !in_first; j++)
				in_first = !strcmp(first->keys[j], row->keys[k]);
			if (in_first) {
				row->keys[kept] = row->keys[k];
				row->values[kept++] = row->values[k];
			}
		}
		row->n = kept;
		for (size_t j = 0; j < first->n && !o->refusal; j++) {
			bool has = false;
			for (size_t k = 0; k < row->n && !has; k++)
				has = !strcmp(first->keys[j], row->keys[k]);
			if (!has)
				o->refusal = arena_printf(in->a, "A value is required for bind parameter '%s', in parameter "
								 "group %zu (bulk_insert runs one executemany: every row "
								 "needs the first row's keys)",
							  first->keys[j], r);
		}
	}
}

/* Every value through its column type's processor (sqlvalue.h), in the
 * order SQLAlchemy meets them: the first refusal fails the statement.
 * An inline_literal keeps the type of its Python value, which takes it. */
static void process_values(struct interp *in, struct op *o)
{
	for (size_t r = 0; r < o->n_rows && !o->refusal; r++) {
		struct op_row *row = &o->rows[r];
		for (size_t c = 0; c < o->insert_columns.n && !o->refusal; c++) {
			for (size_t k = 0; k < row->n; k++) {
				struct op_value *ov = &row->values[k];
				if (strcmp(row->keys[k], o->insert_columns.v[c]) != 0 || ov->own_type)
					continue;
				const struct sqltype *t = o->insert_types ? o->insert_types[c] : NULL;
				const char *err = sqlvalue_process(in->a, ov, t, in->d, in->offline);
				if (err)
					o->refusal = t ? err
						       : arena_printf(in->a, "%s (sa.column(\"%s\") has no type)", err,
								      o->insert_columns.v[c]);
				break;
			}
		}
	}
}

/* Build one op.* / batch_op.* call. `batch` is the table of an enclosing
 * batch_alter_table (its calls take no table argument). Returns false
 * when some argument is beyond the model. */
static bool build_op(struct interp *in, struct op *o, const char *name, const struct pyv *v, const char *batch,
		     const char *batch_schema)
{
	size_t t = batch ? 0 : 1; /* index of the first argument after the table */
	o->constraint.deferrable = -1;
	o->constraint.fk.deferrable = -1;
	/* the table may be given by keyword (lemur: alter_column(table_name=...)) */
	const struct pyv *tv = pyv_arg(v, 0);
	if (!tv)
		tv = pyv_kw(v, !strcmp(name, "rename_table") ? "old_table_name" : "table_name");
	const char *table = batch ? batch : val_str(tv);
	o->table = table;
	o->schema = batch ? batch_schema : val_str(pyv_kw(v, "schema"));
	if (!strcmp(name, "create_table")) {
		o->kind = OP_CREATE_TABLE;
		return build_create_table(in, o, v, 1);
	}
	if (!strcmp(name, "drop_table")) {
		o->kind = OP_DROP_TABLE;
		return o->table != NULL;
	}
	if (!strcmp(name, "rename_table")) {
		o->kind = OP_RENAME_TABLE;
		o->new_name = val_str(pyv_arg(v, 1) ? pyv_arg(v, 1) : pyv_kw(v, "new_table_name"));
		return o->table && o->new_name;
	}
	if (!strcmp(name, "add_column")) {
		o->kind = OP_ADD_COLUMN;
		/* batch_op.add_column only: op.add_column has no such argument */
		const struct pyv *ib = pyv_kw(v, "insert_before"), *ia = pyv_kw(v, "insert_after");
		o->insert_before = val_str(ib);
		o->insert_after = val_str(ia);
		if ((ib && ib->kind != PYV_NONE && !o->insert_before) || (ia && ia->kind != PYV_NONE && !o->insert_after))
			o->reason = "insert_before/insert_after cupel cannot read";
		else if ((o->insert_before || o->insert_after) && !batch)
			o->reason = "insert_before/insert_after outside batch_alter_table";
		const struct pyv *col = pyv_arg(v, t);
		return table && val_column(in, col ? col : pyv_kw(v, "column"), &o->column);
	}
	if (!strcmp(name, "drop_column")) {
		o->kind = OP_DROP_COLUMN;
		o->column_name = val_str(pyv_arg(v, t) ? pyv_arg(v, t) : pyv_kw(v, "column_name"));
		return table && o->column_name;
	}
	if (!strcmp(name, "alter_column")) {
		o->kind = OP_ALTER_COLUMN;
		struct op_alter *al = &o->alter;
		al->column = val_str(pyv_arg(v, t) ? pyv_arg(v, t) : pyv_kw(v, "column_name"));
		al->nullable = val_bool(pyv_kw(v, "nullable"), -1);
		if (pyv_kw(v, "nullable") && pyv_kw(v, "nullable")->kind == PYV_NONE)
			al->nullable = -1;
		const struct pyv *ty = pyv_kw(v, "type_");
		if (ty && ty->kind != PYV_NONE && !(al->type = val_type(in, ty)))
			return false;
		al->server_default = val_default(pyv_kw(v, "server_default"));
		if (al->server_default.kind == DEFAULT_TEXT && !al->server_default.text)
			return false;
		al->new_name = val_str(pyv_kw(v, "new_column_name"));
		const struct pyv *cm = pyv_kw(v, "comment");
		if (cm && !(cm->kind == PYV_BOOL && !cm->b)) {
			al->comment_set = true;
			al->comment = val_str(cm);
		}
		al->pg_using = val_str(pyv_kw(v, "postgresql_using"));
		al->existing_type = val_type(in, pyv_kw(v, "existing_type"));
		al->existing_nullable = val_bool(pyv_kw(v, "existing_nullable"), -1);
		al->existing_server_default = val_default(pyv_kw(v, "existing_server_default"));
		al->existing_comment = val_str(pyv_kw(v, "existing_comment"));
		return table && al->column;
	}
	if (!strcmp(name, "create_index")) {
		o->kind = OP_CREATE_INDEX;
		struct op_index *ix = &o->index;
		ix->name = val_name(pyv_arg(v, 0) ? pyv_arg(v, 0) : pyv_kw(v, "index_name"));
		ix->name_conv = val_name_conv(pyv_arg(v, 0) ? pyv_arg(v, 0) : pyv_kw(v, "index_name"));
		ix->table = batch ? batch : val_str(pyv_arg(v, 1) ? pyv_arg(v, 1) : pyv_kw(v, "table_name"));
		ix->schema = o->schema;
		const struct pyv *cols = pyv_arg(v, batch ? 1 : 2);
		if (!cols)
			cols = pyv_kw(v, "columns");
		if (!cols || cols->kind != PYV_SEQ || !val_index_elems(in, cols->items, cols->n, ix))
			return false;
		val_index_kwargs(in, v, ix);
		o->table = ix->table;
		/* an index named None takes SQLAlchemy's default convention,
		 * ix_%(column_0_label)s, whose label includes the schema */
		const struct pyv *nm = pyv_arg(v, 0) ? pyv_arg(v, 0) : pyv_kw(v, "index_name");
		if (!ix->name && !batch && nm && nm->kind == PYV_NONE && ix->table && ix->n_elems && ix->elems[0].name) {
			ix->name = arena_printf(in->a, "ix_%s%s%s_%s", ix->schema ? ix->schema : "", ix->schema ? "_" : "",
						ix->table, ix->elems[0].name);
			ix->name_auto = true;
		}
		return ix->name && ix->table;
	}
	if (!strcmp(name, "drop_index")) {
		o->kind = OP_DROP_INDEX;
		o->index.name = val_name(pyv_arg(v, 0) ? pyv_arg(v, 0) : pyv_kw(v, "index_name"));
		o->index.name_conv = val_name_conv(pyv_arg(v, 0) ? pyv_arg(v, 0) : pyv_kw(v, "index_name"));
		o->index.table = batch ? batch : val_str(pyv_arg(v, 1) ? pyv_arg(v, 1) : pyv_kw(v, "table_name"));
		o->index.schema = o->schema;
		o->index.pg_concurrently = val_bool(pyv_kw(v, "postgresql_concurrently"), 0);
		o->index.if_exists = val_bool(pyv_kw(v, "if_exists"), 0);
		o->table = o->index.table;
		return o->index.name != NULL;
	}
	if (!strcmp(name, "create_unique_constraint") || !strcmp(name, "create_primary_key")) {
		o->kind = !strcmp(name, "create_primary_key") ? OP_CREATE_PK : OP_CREATE_UNIQUE;
		struct op_constraint *k = &o->constraint;
		k->kind = o->kind == OP_CREATE_PK ? CON_PRIMARY_KEY : CON_UNIQUE;
		k->deferrable = val_bool(pyv_kw(v, "deferrable"), -1);
		k->initially = val_str(pyv_kw(v, "initially"));
		const struct pyv *nm = pyv_arg(v, 0);
		k->name = val_name(nm);
		k->name_conv = val_name_conv(nm);
		if (!k->name && !(nm && nm->kind == PYV_NONE))
			return false;
		o->table = batch ? batch : val_str(pyv_arg(v, 1));
		const struct pyv *cols = pyv_arg(v, batch ? 1 : 2);
		if (!cols)
			cols = pyv_kw(v, "columns");
		return o->table && val_strvec(in, cols, &k->cols) && k->cols.n;
	}
	if (!strcmp(name, "create_foreign_key")) {
		o->kind = OP_CREATE_FK;
		struct op_constraint *k = &o->constraint;
		k->kind = CON_FOREIGN_KEY;
		const struct pyv *nm = pyv_arg(v, 0);
		k->name = val_name(nm);
		k->name_conv = val_name_conv(nm);
		if (!k->name && !(nm && nm->kind == PYV_NONE))
			return false;
		size_t i = 1;
		o->table = batch ? batch : val_str(pyv_arg(v, i++));
		struct op_fk *fk = &k->fk;
		fk->name = k->name;
		fk->name_conv = k->name_conv;
		fk->ref_table = val_str(pyv_arg(v, i++));
		if (!val_strvec(in, pyv_arg(v, i++), &fk->cols) || !val_strvec(in, pyv_arg(v, i++), &fk->ref_cols))
			return false;
		fk->ondelete = val_str(pyv_kw(v, "ondelete"));
		fk->onupdate = val_str(pyv_kw(v, "onupdate"));
		fk->initially = val_str(pyv_kw(v, "initially"));
		fk->match = val_str(pyv_kw(v, "match"));
		fk->deferrable = val_bool(pyv_kw(v, "deferrable"), -1);
		fk->pg_not_valid = val_bool(pyv_kw(v, "postgresql_not_valid"), 0) == 1;
		fk->ref_schema = val_str(pyv_kw(v, "referent_schema"));
		o->schema = batch ? batch_schema : val_str(pyv_kw(v, "source_schema"));
		return o->table && fk->ref_table && fk->cols.n && fk->ref_cols.n;
	}
	if (!strcmp(name, "create_exclude_constraint")) {
		/* (constraint_name, table_name, *(column, operator), where=,
		 * using=, deferrable=, initially=, schema=) */
		o->kind = OP_CREATE_EXCLUDE;
		struct op_constraint *k = &o->constraint;
		k->kind = CON_EXCLUDE;
		const struct pyv *nm = pyv_arg(v, 0);
		k->name = val_name(nm);
		k->name_conv = val_name_conv(nm);
		if (!k->name && !(nm && nm->kind == PYV_NONE))
			return false;
		o->table = batch ? batch : val_str(pyv_arg(v, 1));
		size_t first = batch ? 1 : 2, n = v->n > first ? v->n - first : 0;
		k->cols.v = arena_alloc(in->a, (n + 1) * sizeof(*k->cols.v));
		k->excl_ops.v = arena_alloc(in->a, (n + 1) * sizeof(*k->excl_ops.v));
		for (size_t i = 0; i < n; i++) {
			const struct pyv *el = pyv_arg(v, first + i);
			if (!el || el->kind != PYV_SEQ || el->n != 2)
				return false;
			const struct pyv *col = el->items[0];
			const char *cname = val_str(col);
			/* sa.column("x") names a column as a string does */
			if (!cname && col && col->kind == PYV_CALL && col->callee &&
			    (!strcmp(col->callee, "sqlalchemy.column") || !strcmp(col->callee, "sqlalchemy.sql.column")))
				cname = val_str(pyv_arg(col, 0));
			const char *oper = val_str(el->items[1]);
			if (!cname || !oper)
				return false;
			k->cols.v[k->cols.n++] = cname;
			k->excl_ops.v[k->excl_ops.n++] = oper;
		}
		const struct pyv *where = pyv_kw(v, "where");
		if (where) {
			k->where = val_sqltext(where);
			if (!k->where)
				k->where = val_str(where);
			if (!k->where)
				return false;
		}
		k->using_ = val_str(pyv_kw(v, "using"));
		k->deferrable = val_bool(pyv_kw(v, "deferrable"), -1);
		k->initially = val_str(pyv_kw(v, "initially"));
		return o->table && n > 0;
	}
	if (!strcmp(name, "create_check_constraint")) {
		o->kind = OP_CREATE_CHECK;
		struct op_constraint *k = &o->constraint;
		k->kind = CON_CHECK;
		const struct pyv *nm = pyv_arg(v, 0);
		k->name = val_name(nm);
		k->name_conv = val_name_conv(nm);
		if (!k->name && !(nm && nm->kind == PYV_NONE))
			return false;
		o->table = batch ? batch : val_str(pyv_arg(v, 1));
		const struct pyv *cond = pyv_arg(v, batch ? 1 : 2);
		if (!cond)
			cond = pyv_kw(v, "condition");
		k->sqltext = val_sqltext(cond);
		if (!k->sqltext)
			k->sqltext = val_compare_sql(in, cond);
		k->pg_not_valid = val_bool(pyv_kw(v, "postgresql_not_valid"), 0) == 1;
		return o->table && k->sqltext;
	}
	if (!strcmp(name, "drop_constraint")) {
		o->kind = OP_DROP_CONSTRAINT;
		o->constraint.name = val_name(pyv_arg(v, 0));
		o->constraint.name_conv = val_name_conv(pyv_arg(v, 0));
		o->table = batch ? batch : val_str(pyv_arg(v, 1) ? pyv_arg(v, 1) : pyv_kw(v, "table_name"));
		o->constraint_type = val_str(pyv_kw(v, "type_") ? pyv_kw(v, "type_") : pyv_arg(v, batch ? 1 : 2));
		return o->constraint.name && o->table;
	}
	if (!strcmp(name, "create_table_comment") || !strcmp(name, "drop_table_comment")) {
		o->kind = !strcmp(name, "create_table_comment") ? OP_CREATE_TABLE_COMMENT : OP_DROP_TABLE_COMMENT;
		if (o->kind == OP_CREATE_TABLE_COMMENT) {
			o->comment = val_str(pyv_arg(v, t) ? pyv_arg(v, t) : pyv_kw(v, "comment"));
			return o->table && o->comment;
		}
		return o->table != NULL;
	}
	if (!strcmp(name, "execute")) {
		o->kind = OP_EXECUTE;
		const struct pyv *x = pyv_arg(v, 0) ? pyv_arg(v, 0) : pyv_kw(v, "sqltext");
		o->sql = val_sqltext(x);
		if (x && x->kind == PYV_CALL && pyv_callee_is(x, "text") && pyv_kw(x, "bindparams"))
			return false;
		bool core = x && x->kind == PYV_CALL &&
			    (x->self || pyv_callee_is(x, "CreateSequence") || pyv_callee_is(x, "DropSequence") ||
			     pyv_callee_is(x, "update") || pyv_callee_is(x, "insert") || pyv_callee_is(x, "delete"));
		if (!o->sql && core) {
			/* a Core statement: compiled here, printed as is */
			const char *why = NULL;
			o->sql = coresql_statement(in->a, x, in->d, !in->offline, &why);
			o->sql_compiled = o->sql != NULL;
			if (!o->sql)
				in->why = why;
		}
		/* online, text() wants a value for each :name (offline it renders
		 * NULL); Alembic fails there, and so does cupel rather than write
		 * NULL into the data */
		const char *param = o->sql && !o->sql_compiled && !in->offline ? coresql_unbound_param(in->a, o->sql) : NULL;
		if (param)
			o->refusal = arena_printf(in->a,
						  "A value is required for bind parameter '%s' (SQLAlchemy reads :%s in "
						  "op.execute's text as a bind parameter; write \\\\:%s for a colon)",
						  param, param, param);
		return o->sql != NULL;
	}
	return false;
}

/* ---- statements ---- */

static void interp_body(struct interp *in, struct pyenv *env, const struct py_list *body, struct opvec *out,
			const char *batch, const char *batch_schema, bool *returned);

/* The module-level def of a local helper. */
static const struct py_node *find_def(struct interp *in, const char *name)
{
	const struct py_list *body = &in->m->root->u.module.body;
	const struct py_node *found = NULL;
	for (size_t i = 0; i < body->n; i++)
		if (body->items[i]->kind == PY_FUNCTION_DEF && !strcmp(body->items[i]->u.function_def.name, name))
			found = body->items[i];
	return found;
}

/* Is this value the dialect's name (op.get_bind().dialect.name,
 * bind.engine.name and kin)? */
static bool is_dialect_name(const struct pyv *v)
{
	/* an attribute path from op or context with no call on the way
	 * (op._proxy.migration_context.dialect.name) stays a name */
	if (v && v->kind == PYV_NAME && v->s) {
		size_t n = strlen(v->s);
		bool root = !strncmp(v->s, "op.", 3) || !strncmp(v->s, "alembic.", 8) || !strncmp(v->s, "context.", 8);
		return root && n > 13 && !strcmp(v->s + n - 13, ".dialect.name");
	}
	return v && v->kind == PYV_CALL && v->callee && !strcmp(v->callee, ".name@attr") && v->self &&
	       v->self->kind == PYV_CALL && v->self->callee &&
	       (!strcmp(v->self->callee, ".dialect@attr") || !strcmp(v->self->callee, ".engine@attr"));
}

/* X.dialect.supports_...: the dialect class's capability flags that
 * SQLAlchemy 1.4's PostgreSQL dialects set and SQLite's do not. -1: not
 * one of them. */
static int dialect_flag(const struct pyv *v, enum dialect d)
{
	static const char *const flags[] = { ".supports_sequences@attr", ".supports_native_boolean@attr",
					     ".supports_native_enum@attr", ".supports_alter@attr",
					     ".supports_comments@attr" };
	if (!v || v->kind != PYV_CALL || !v->callee || !v->self || v->self->kind != PYV_CALL || !v->self->callee ||
	    strcmp(v->self->callee, ".dialect@attr") != 0)
		return -1;
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (!strcmp(v->callee, flags[i]))
			return d == DIALECT_POSTGRESQL;
	return -1;
}

/* A call of a module-level helper whose body only names values and
 * returns one (def is_postgres(): return op.get_bind().dialect.name ==
 * "postgresql"): its return expression, with *local holding the
 * arguments and names. NULL for anything else. */
static const struct py_node *helper_return(struct interp *in, const struct pyenv *env, const struct py_node *e,
					   struct pyenv *local)
{
	if (!e || e->kind != PY_CALL || !e->u.call.func || e->u.call.func->kind != PY_NAME ||
	    in->depth >= OPS_MAX_CALL_DEPTH)
		return NULL;
	const struct py_node *def = find_def(in, e->u.call.func->u.name.id);
	if (!def || def->u.function_def.decorators.n)
		return NULL;
	pyenv_init(local, in->a, in->module_env);
	const struct py_list *params = &def->u.function_def.args;
	size_t pos = 0;
	for (size_t i = 0; i < params->n; i++) {
		const struct py_node *p = params->items[i];
		if (!p->u.arg.name || p->u.arg.star)
			return NULL;
		const struct py_node *arg = NULL;
		for (size_t k = 0; k < e->u.call.keywords.n && !arg; k++) {
			const struct py_node *kw = e->u.call.keywords.items[k];
			if (kw->u.keyword.arg && !strcmp(kw->u.keyword.arg, p->u.arg.name))
				arg = kw->u.keyword.value;
		}
		if (!arg && pos < e->u.call.args.n)
			arg = e->u.call.args.items[pos++];
		if (arg && arg->kind == PY_STARRED)
			return NULL;
		const struct pyv *val = arg ? pyeval(env, arg)
				      : p->u.arg.default_ ? pyeval(in->module_env, p->u.arg.default_)
							  : NULL;
		if (!val)
			return NULL;
		pyenv_bind(local, p->u.arg.name, val);
	}
	const struct py_list *body = &def->u.function_def.body;
	for (size_t i = 0; i < body->n; i++) {
		const struct py_node *st = body->items[i];
		if (st->kind == PY_RETURN)
			return st->u.return_.value;
		bool docstring = i == 0 && st->kind == PY_EXPR_STMT && st->u.expr_stmt.value->kind == PY_CONSTANT &&
				 st->u.expr_stmt.value->u.constant.kind == PY_CONST_STR;
		bool named = st->kind == PY_ASSIGN && st->u.assign.targets.n == 1 &&
			     st->u.assign.targets.items[0]->kind == PY_NAME;
		if (docstring)
			continue;
		if (!named)
			return NULL;
		pyenv_bind(local, st->u.assign.targets.items[0]->u.name.id, pyeval(local, st->u.assign.value));
	}
	return NULL;
}

/* The value of a condition's operand, through helpers that return it. */
static const struct pyv *cond_value(struct interp *in, const struct pyenv *env, const struct py_node *e)
{
	struct pyenv local;
	const struct py_node *ret = helper_return(in, env, e, &local);
	if (!ret)
		return pyeval(env, e);
	in->depth++;
	const struct pyv *v = cond_value(in, &local, ret);
	in->depth--;
	return v;
}

/* Decide a condition for the target dialect: 1 true, 0 false, -1 unknown. */
static int eval_cond(struct interp *in, const struct pyenv *env, const struct py_node *e)
{
	switch (e->kind) {
	case PY_BOOL_OP: {
		bool is_and = !strcmp(e->u.bool_op.op, "and");
		int acc = is_and ? 1 : 0;
		for (size_t i = 0; i < e->u.bool_op.values.n; i++) {
			int r = eval_cond(in, env, e->u.bool_op.values.items[i]);
			if (r < 0)
				return -1;
			acc = is_and ? acc && r : acc || r;
		}
		return acc;
	}
	case PY_UNARY_OP:
		if (!strcmp(e->u.unary_op.op, "not")) {
			int r = eval_cond(in, env, e->u.unary_op.operand);
			return r < 0 ? -1 : !r;
		}
		return -1;
	case PY_COMPARE: {
		if (e->u.compare.comparators.n != 1)
			return -1;
		const struct pyv *l = cond_value(in, env, e->u.compare.left);
		const struct pyv *r = cond_value(in, env, e->u.compare.comparators.items[0]);
		const char *op = e->u.compare.ops[0];
		const char *dn = dialect_name(in->d);
		if (is_dialect_name(r) && !is_dialect_name(l)) {
			const struct pyv *tmp = l;
			l = r;
			r = tmp;
		}
		if (!is_dialect_name(l))
			return -1;
		if ((!strcmp(op, "==") || !strcmp(op, "!=")) && r->kind == PYV_STR) {
			bool eq = !strcmp(r->s, dn);
			return !strcmp(op, "==") ? eq : !eq;
		}
		if ((!strcmp(op, "in") || !strcmp(op, "not in")) && r->kind == PYV_SEQ) {
			bool found = false;
			for (size_t i = 0; i < r->n; i++)
				found = found || (r->items[i]->kind == PYV_STR && !strcmp(r->items[i]->s, dn));
			return !strcmp(op, "in") ? found : !found;
		}
		return -1;
	}
	default: {
		struct pyenv local;
		const struct py_node *ret = helper_return(in, env, e, &local);
		if (ret) {
			in->depth++;
			int r = eval_cond(in, &local, ret);
			in->depth--;
			return r;
		}
		const struct pyv *v = pyeval(env, e);
		if (v->kind == PYV_BOOL)
			return v->b;
		if (dialect_flag(v, in->d) >= 0)
			return dialect_flag(v, in->d);
		/* context.is_offline_mode(), op.get_context().as_sql */
		if (v->kind == PYV_CALL && (pyv_callee_is(v, "is_offline_mode") ||
					    (v->callee && !strcmp(v->callee, ".as_sql@attr"))))
			return in->offline;
		return -1;
	}
	}
}

static void interp_call_helper(struct interp *in, const struct pyenv *env, const struct py_node *def,
			       const struct pyv *call, struct opvec *out, const struct py_node *at)
{
	if (in->depth >= OPS_MAX_CALL_DEPTH) {
		opaque(in, out, at, "helper calls nested too deeply");
		return;
	}
	struct pyenv local;
	pyenv_init(&local, in->a, in->module_env);
	(void)env;
	const struct py_list *params = &def->u.function_def.args;
	size_t pos = 0;
	for (size_t i = 0; i < params->n; i++) {
		const struct py_node *p = params->items[i];
		if (!p->u.arg.name || p->u.arg.star)
			continue;
		const struct pyv *val = pyv_kw(call, p->u.arg.name);
		if (!val && pos < call->n)
			val = call->items[pos++];
		if (!val && p->u.arg.default_)
			val = pyeval(in->module_env, p->u.arg.default_);
		if (!val)
			val = pyv_unknown(in->a, p, "a parameter without a value");
		pyenv_bind(&local, p->u.arg.name, val);
	}
	in->depth++;
	bool returned = false;
	interp_body(in, &local, &def->u.function_def.body, out, NULL, NULL, &returned);
	in->depth--;
}

/* The alembic operation a callee names, if it is one: "op.X",
 * "alembic.op.X" or a name imported from alembic.op. */
static const char *alembic_op_name(const struct pyv *v, const char *batch_marker)
{
	if (!v->callee || v->self)
		return NULL;
	const char *c = v->callee;
	if (batch_marker && !strncmp(c, batch_marker, strlen(batch_marker)) && c[strlen(batch_marker)] == '.')
		return c + strlen(batch_marker) + 1;
	if (!strncmp(c, "op.", 3) && !strchr(c + 3, '.'))
		return c + 3;
	if (!strncmp(c, "alembic.op.", 11) && !strchr(c + 11, '.'))
		return c + 11;
	return NULL;
}

/* Does a value, or one it is computed from here, run SQL (a call of
 * execute, scalar, query ...)? (An unknown value was computed by a step
 * of its own.) depth bounds the walk of nested calls. */
static bool pyv_runs_sql(const struct pyv *v, int depth)
{
	if (!v || depth > 8)
		return false;
	if (v->kind == PYV_CALL && v->callee &&
	    (strstr(v->callee, "execute") || strstr(v->callee, "scalar") || strstr(v->callee, "query") ||
	     strstr(v->callee, "get_bind") || strstr(v->callee, "session") || strstr(v->callee, "Session")))
		return true;
	for (size_t i = 0; i < v->n; i++)
		if (pyv_runs_sql(v->items[i], depth + 1))
			return true;
	for (size_t i = 0; v->kind == PYV_CALL && i < v->n_kws; i++)
		if (pyv_runs_sql(v->kws[i].value, depth + 1))
			return true;
	return v->kind == PYV_CALL && pyv_runs_sql(v->self, depth + 1);
}

/* print(...), logging.info(...), or a method of a logging.getLogger()
 * result (log = logging.getLogger(__name__); log.info(...)): output only,
 * no operation, unless an argument runs SQL */
static bool output_only(const struct pyv *v)
{
	static const char *const methods[] = { ".debug", ".info", ".warning", ".warn", ".error",
					       ".exception", ".critical", ".log" };
	const char *c = v->callee;
	bool out = c && (!strcmp(c, "print") || !strncmp(c, "logging.", 8));
	for (size_t i = 0; c && !out && v->self && i < sizeof(methods) / sizeof(methods[0]); i++)
		out = !strcmp(c, methods[i]) && v->self->kind == PYV_CALL && v->self->callee &&
		      !strcmp(v->self->callee, "logging.getLogger");
	if (!out)
		return false;
	for (size_t i = 0; i < v->n; i++)
		if (pyv_runs_sql(v->items[i], 0))
			return false;
	for (size_t i = 0; i < v->n_kws; i++)
		if (pyv_runs_sql(v->kws[i].value, 0))
			return false;
	return true;
}

/* connection.execute("...") online: no text() parameters; psycopg2
 * formats the string with an empty dict, so %% is % and a lone % fails
 * (pysqlite's parameters are the runner's to check: it knows SQLite's
 * tokens). */
static void driver_sql(struct interp *in, struct op *o)
{
	o->driver_sql = true;
	o->refusal = NULL; /* the :name rule is text()'s */
	if (in->d != DIALECT_POSTGRESQL || !strchr(o->sql, '%'))
		return;
	struct strbuf sb = STRBUF_INIT;
	for (const char *p = o->sql; *p; p++) {
		if (*p != '%') {
			strbuf_addc(&sb, *p);
		} else if (p[1] == '%') {
			strbuf_addc(&sb, '%');
			p++;
		} else {
			o->refusal = "(builtins.TypeError) dict is not a sequence (psycopg2 reads a % in a plain string "
				     "given to connection.execute() as a parameter: write %% or use sa.text())";
			break;
		}
	}
	if (!o->refusal)
		o->sql = arena_strndup(in->a, strbuf_str(&sb), sb.len);
	strbuf_release(&sb);
}

/* connection.execute(text(...), {"name": value} | name=value) online: the
 * values bound as the DBAPI sends them (offline Alembic's mock connection
 * drops them: every :name is NULL, as op.execute renders it). False for
 * a value cupel cannot see; a :name without a value is SQLAlchemy's
 * error. */
static bool text_params(struct interp *in, struct op *o, const struct pyv *v)
{
	const struct pyv *d = v->n == 2 ? v->items[1] : NULL;
	size_t n = d ? d->n : v->n_kws;
	const char **names = arena_alloc(in->a, (n ? n : 1) * sizeof(*names));
	const char **values = arena_alloc(in->a, (n ? n : 1) * sizeof(*values));
	for (size_t i = 0; i < n; i++) {
		names[i] = d ? val_str(d->items[i]) : v->kws[i].name;
		const struct pyv *x = d ? d->values[i] : v->kws[i].value;
		if (!names[i] || !x)
			return false;
		struct strbuf sb = STRBUF_INIT;
		char num[32];
		switch (x->kind) {
		case PYV_NONE: strbuf_adds(&sb, "NULL"); break;
		case PYV_BOOL:
			strbuf_adds(&sb, in->d == DIALECT_POSTGRESQL ? (x->b ? "true" : "false") : (x->b ? "1" : "0"));
			break;
		case PYV_INT: strbuf_adds(&sb, x->s); break;
		case PYV_FLOAT:
			pystr_float_repr(num, strtod(x->s, NULL));
			strbuf_adds(&sb, num);
			break;
		case PYV_STR: sqlquote_literal(&sb, x->s, in->d, false); break;
		default: strbuf_release(&sb); return false;
		}
		values[i] = arena_strndup(in->a, strbuf_str(&sb), sb.len);
		strbuf_release(&sb);
	}
	const char *missing = coresql_missing_param(in->a, o->sql, n, names);
	o->refusal = missing ? arena_printf(in->a, "A value is required for bind parameter '%s'", missing) : NULL;
	struct strbuf sb = STRBUF_INIT;
	coresql_text_binds(&sb, o->sql, n, names, values);
	o->sql = arena_strndup(in->a, strbuf_str(&sb), sb.len);
	o->sql_compiled = true;
	strbuf_release(&sb);
	return true;
}

static void interp_expr_call(struct interp *in, struct pyenv *env, const struct py_node *stmt,
			     const struct pyv *v, struct opvec *out, const char *batch, const char *batch_schema)
{
	const char *name = alembic_op_name(v, batch ? "<batch>" : NULL);
	/* offline, op.get_bind() is Alembic's mock connection: its execute()
	 * prints the statement as op.execute does. Online, its result unused,
	 * it runs a text() or a Core statement as op.execute does, and a
	 * plain string as the DBAPI's own SQL */
	bool driver = false, with_params = false;
	if (!name && v->callee && !strcmp(v->callee, ".execute") && v->n >= 1 && v->self && v->self->kind == PYV_CALL &&
	    !v->self->self && pyv_callee_is(v->self, "get_bind")) {
		const struct pyv *x = v->items[0];
		bool text = x->kind == PYV_CALL && pyv_callee_is(x, "text") && !x->self;
		/* parameters of a text(): a dict, or keywords (SQLAlchemy 1.4) */
		with_params = text && ((v->n == 2 && !v->n_kws && v->items[1]->kind == PYV_DICT) || (v->n == 1 && v->n_kws));
		if (v->n == 1 && !v->n_kws && (in->offline || (x->kind == PYV_CALL && (text || x->self))))
			name = "execute";
		else if (v->n == 1 && !v->n_kws && x->kind == PYV_STR)
			name = "execute", driver = true;
		else if (with_params)
			name = "execute";
	}
	if (name) {
		if (!strcmp(name, "bulk_insert") || !strcmp(name, "execute") || !strcmp(name, "f")) {
			/* handled below for bulk_insert; execute/f by build_op */
		}
		if (!strcmp(name, "bulk_insert")) {
			const struct pyv *tab = pyv_arg(v, 0), *rows = pyv_arg(v, 1);
			/* the Table op.create_table returned (pgadmin) */
			const char *tn = tab && tab->kind == PYV_CALL ? alembic_op_name(tab, NULL) : NULL;
			bool created = tn && !strcmp(tn, "create_table");
			if (!tab || !(created || pyv_callee_is(tab, "table")) || !rows || rows->kind != PYV_SEQ) {
				opaque(in, out, stmt, "bulk_insert of a table or rows cupel cannot see");
				return;
			}
			struct op *o = opvec_push(in, out, OP_BULK_INSERT, stmt);
			o->table = val_str(pyv_arg(tab, 0));
			o->schema = val_str(pyv_kw(tab, "schema"));
			size_t nc = tab->n > 0 ? tab->n - 1 : 0;
			o->insert_columns.v = arena_alloc(in->a, (nc ? nc : 1) * sizeof(char *));
			o->insert_types = arena_alloc(in->a, (nc ? nc : 1) * sizeof(*o->insert_types));
			for (size_t i = 1; i < tab->n; i++) {
				const struct pyv *c = tab->items[i];
				if (created && !pyv_callee_is(c, "Column"))
					continue; /* constraints and indexes are not columns */
				/* a Column's Python-side default= would be inserted too;
				 * a type cupel cannot read would change the literals */
				if (created && (pyv_kw(c, "default") || pyv_kw(c, "type_") || (pyv_arg(c, 1) && !val_type(in, pyv_arg(c, 1))))) {
					out->n--;
					opaque(in, out, stmt, "bulk_insert into a table whose columns cupel cannot see");
					return;
				}
				if (!(created || pyv_callee_is(c, "column")) || !val_str(pyv_arg(c, 0))) {
					out->n--;
					opaque(in, out, stmt, "bulk_insert into a table cupel cannot see");
					return;
				}
				o->insert_types[o->insert_columns.n] = val_type(in, pyv_arg(c, 1));
				o->insert_columns.v[o->insert_columns.n++] = val_str(pyv_arg(c, 0));
			}
			o->rows = arena_alloc(in->a, (rows->n ? rows->n : 1) * sizeof(*o->rows));
			for (size_t r = 0; r < rows->n; r++) {
				const struct pyv *d = rows->items[r];
				if (d->kind != PYV_DICT && !(d->kind == PYV_CALL && !strcmp(d->callee, "dict"))) {
					out->n--;
					opaque(in, out, stmt, "bulk_insert rows cupel cannot see");
					return;
				}
				struct op_row *row = &o->rows[o->n_rows++];
				size_t n = d->kind == PYV_DICT ? d->n : d->n_kws;
				row->keys = arena_alloc(in->a, (n ? n : 1) * sizeof(char *));
				row->values = arena_alloc(in->a, (n ? n : 1) * sizeof(*row->values));
				for (size_t k = 0; k < n; k++) {
					const struct pyv *key = d->kind == PYV_DICT ? d->items[k] : NULL;
					const char *kname = key ? val_str(key) : d->kws[k].name;
					const struct pyv *val = d->kind == PYV_DICT ? d->values[k] : d->kws[k].value;
					bool own_type = false;
					if (val && val->kind == PYV_CALL && pyv_callee_is(val, "inline_literal") && val->n) {
						val = val->items[0];
						own_type = true;
					}
					struct op_value *ov = &row->values[row->n];
					ov->own_type = own_type;
					switch (val ? val->kind : PYV_UNKNOWN) {
					case PYV_NONE: ov->kind = VAL_NULL; break;
					case PYV_BOOL: ov->kind = val->b ? VAL_TRUE : VAL_FALSE; break;
					case PYV_INT: ov->kind = VAL_INT; ov->text = val->s; break;
					case PYV_FLOAT: ov->kind = VAL_FLOAT; ov->text = val->s; break;
					case PYV_STR: ov->kind = VAL_STRING; ov->text = val->s; break;
					default: ov->kind = VAL_OTHER; ov->text = NULL; break;
					}
					if (!kname || ov->kind == VAL_OTHER) {
						out->n--;
						opaque(in, out, stmt, "bulk_insert values cupel cannot see (dates, expressions ...)");
						return;
					}
					row->keys[row->n++] = kname;
				}
			}
			if (!in->offline && val_bool(pyv_kw(v, "multiinsert"), 1) == 1)
				executemany_rows(in, o);
			process_values(in, o);
			return;
		}
		const char *kw = unmodelled_kw(v, name, in->d == DIALECT_SQLITE);
		if (kw) {
			/* an option that changes the SQL, which the renderer would
			 * silently leave out */
			opaque(in, out, stmt, arena_printf(in->a, "op.%s(%s=...): cupel does not model it", name, kw));
			return;
		}
		struct op *o = opvec_push(in, out, OP_OPAQUE, stmt);
		bool built = build_op(in, o, name, v, batch, batch_schema);
		if (built && driver)
			driver_sql(in, o);
		if (built && with_params && !in->offline)
			built = text_params(in, o, v);
		if (!built) {
			out->n--;
			const struct pyv *first = pyv_arg(v, 0);
			bool core = !strcmp(name, "execute") && first && first->kind == PYV_CALL && first->self;
			opaque(in, out, stmt,
			       core ? arena_printf(in->a, "op.execute of a SQLAlchemy Core expression cupel does not "
							  "compile: %s", in->why ? in->why : "not modelled")
				    : arena_printf(in->a, "op.%s with arguments cupel cannot model", name));
			in->why = NULL;
		}
		return;
	}
	/* sa.Enum(...).create(op.get_bind()) / enum_var.drop(bind) */
	if (v->self && (pyv_callee_is(v, "create") || pyv_callee_is(v, "drop"))) {
		const struct sqltype *t = val_type(in, v->self);
		if (t && (t->kind == SQLTYPE_ENUM || t->kind == SQLTYPE_PG_ENUM)) {
			struct op *o = opvec_push(in, out, pyv_callee_is(v, "create") ? OP_ENUM_CREATE : OP_ENUM_DROP, stmt);
			o->enum_type = t;
			return;
		}
	}
	/* a helper function of this script */
	if (v->callee && !strncmp(v->callee, "<def>.", 6) && !v->self) {
		const struct py_node *def = find_def(in, v->callee + 6);
		if (def) {
			interp_call_helper(in, env, def, v, out, stmt);
			return;
		}
	}
	const char *why = "a call cupel cannot model";
	if (v->callee && (strstr(v->callee, "execute") || strstr(v->callee, "get_bind")))
		why = "runs SQL on the connection (its effect depends on the database)";
	else if (v->callee && (strstr(v->callee, "session") || strstr(v->callee, "Session") || strstr(v->callee, "query")))
		why = "ORM session code";
	else if (output_only(v))
		return;
	else if (v->callee && v->callee[0] != '.' && v->callee[0] != '<' && !strchr(v->callee, '.'))
		why = arena_printf(in->a, "calls %s(), which is not defined in this script", v->callee);
	opaque(in, out, stmt, why);
}

static void interp_with(struct interp *in, struct pyenv *env, const struct py_node *st, struct opvec *out,
			const char *batch, const char *batch_schema, bool *returned)
{
	if (st->u.with.items.n != 1) {
		opaque(in, out, st, "a with statement of several items");
		return;
	}
	const struct py_node *item = st->u.with.items.items[0];
	const struct pyv *cm = pyeval(env, item->u.with_item.context_expr);
	const char *name = cm->kind == PYV_CALL ? alembic_op_name(cm, NULL) : NULL;
	if (name && !strcmp(name, "batch_alter_table")) {
		struct op *o = opvec_push(in, out, OP_BATCH, st);
		size_t idx = out->n - 1;
		o->table = val_str(pyv_arg(cm, 0) ? pyv_arg(cm, 0) : pyv_kw(cm, "table_name"));
		o->schema = val_str(pyv_kw(cm, "schema"));
		o->recreate = val_str(pyv_kw(cm, "recreate"));
		if (!o->recreate)
			o->recreate = "auto";
		o->has_copy_from = pyv_kw(cm, "copy_from") != NULL;
		const struct pyv *cf = pyv_kw(cm, "copy_from");
		if (cf && cf->kind == PYV_CALL && pyv_callee_is(cf, "Table")) {
			struct op *def = arena_alloc(in->a, sizeof(*def));
			def->kind = OP_CREATE_TABLE;
			if (build_create_table(in, def, cf, 2)) {
				def->schema = val_str(pyv_kw(cf, "schema"));
				out->v[idx].copy_from = def;
			} else {
				out->v[idx].batch_unsupported = "a copy_from table cupel cannot read";
			}
		} else if (cf) {
			out->v[idx].batch_unsupported = "a copy_from that is not an sa.Table(...) call";
		}
		const struct pyv *ta = pyv_kw(cm, "table_args");
		if (ta && ta->kind == PYV_SEQ) {
			struct op_constraint *ks = arena_alloc(in->a, (ta->n ? ta->n : 1) * sizeof(*ks));
			for (size_t i = 0; i < ta->n; i++)
				if (!val_constraint(in, ta->items[i], &ks[i]))
					out->v[idx].batch_unsupported = "table_args cupel cannot read";
			out->v[idx].table_args = ks;
			out->v[idx].n_table_args = ta->n;
		} else if (ta) {
			out->v[idx].batch_unsupported = "table_args cupel cannot read";
		}
		const struct pyv *tk = pyv_kw(cm, "table_kwargs");
		if (tk && tk->kind == PYV_DICT) {
			/* the one Table keyword a recreate renders differently */
			for (size_t i = 0; i < tk->n; i++) {
				const char *key = val_str(tk->items[i]);
				const struct pyv *val = tk->values[i];
				if (key && !strcmp(key, "sqlite_autoincrement") && val && val->kind == PYV_BOOL)
					out->v[idx].sqlite_autoincrement = val->b;
				else
					out->v[idx].batch_unsupported =
						arena_printf(in->a, "table_kwargs key %s", key ? key : "cupel cannot read");
			}
		} else if (tk) {
			out->v[idx].batch_unsupported = "table_kwargs cupel cannot read";
		}
		const struct pyv *pr = pyv_kw(cm, "partial_reordering");
		if (pr && pr->kind == PYV_SEQ) {
			struct strvec *rv = arena_alloc(in->a, (pr->n + 1) * sizeof(*rv));
			for (size_t i = 0; i < pr->n; i++)
				if (!val_strvec(in, pr->items[i], &rv[i]))
					out->v[idx].batch_unsupported = "partial_reordering cupel cannot read";
			out->v[idx].reorder = rv;
			out->v[idx].n_reorder = pr->n;
		} else if (pr && pr->kind != PYV_NONE) {
			out->v[idx].batch_unsupported = "partial_reordering cupel cannot read";
		}
		/* they change what Alembic reflects and names online */
		static const char *const reflect_kws[] = { "reflect_args", "reflect_kwargs", "naming_convention" };
		for (size_t i = 0; i < 3; i++) {
			const struct pyv *v = pyv_kw(cm, reflect_kws[i]);
			if (v && v->kind != PYV_NONE && !(v->kind == PYV_SEQ && !v->n) && !(v->kind == PYV_DICT && !v->n))
				out->v[idx].reflect_unsupported =
					arena_printf(in->a, "batch_alter_table(%s=...) cupel does not model", reflect_kws[i]);
		}
		o = &out->v[idx];
		if (!o->table) {
			out->n--;
			opaque(in, out, st, "batch_alter_table of a table cupel cannot see");
			return;
		}
		const char *table = o->table, *schema = o->schema;
		struct pyenv inner;
		pyenv_init(&inner, in->a, env);
		const struct py_node *as = item->u.with_item.optional_vars;
		if (as && as->kind == PY_NAME) {
			struct pyv *marker = arena_alloc(in->a, sizeof(*marker));
			marker->kind = PYV_NAME;
			marker->s = "<batch>";
			pyenv_bind(&inner, as->u.name.id, marker);
		}
		struct opvec kids = { 0 };
		interp_body(in, &inner, &st->u.with.body, &kids, table, schema, returned);
		out->v[idx].children = kids.v;
		out->v[idx].n_children = kids.n;
		return;
	}
	if (cm->kind == PYV_CALL && pyv_callee_is(cm, "autocommit_block")) {
		struct op *o = opvec_push(in, out, OP_AUTOCOMMIT, st);
		size_t idx = out->n - 1;
		(void)o;
		struct opvec kids = { 0 };
		interp_body(in, env, &st->u.with.body, &kids, batch, batch_schema, returned);
		out->v[idx].children = kids.v;
		out->v[idx].n_children = kids.n;
		return;
	}
	opaque(in, out, st, "a with block cupel cannot model (a transaction, a connection, a session ...)");
}

static void interp_body(struct interp *in, struct pyenv *env, const struct py_list *body, struct opvec *out,
			const char *batch, const char *batch_schema, bool *returned);

/* A value fully known without running Python: constants and tuples/lists
 * of them. */
static bool pyv_is_const(const struct pyv *v, int depth)
{
	switch (v->kind) {
	case PYV_NONE: case PYV_BOOL: case PYV_INT: case PYV_FLOAT: case PYV_STR:
		return true;
	case PYV_SEQ:
		if (depth > 8)
			return false;
		for (size_t i = 0; i < v->n; i++)
			if (!pyv_is_const(v->items[i], depth + 1))
				return false;
		return true;
	default:
		return false;
	}
}

/* break / continue anywhere in a loop body (not in nested loops, which
 * own theirs) */
static bool body_breaks(const struct py_list *b)
{
	for (size_t i = 0; i < b->n; i++) {
		const struct py_node *st = b->items[i];
		switch (st->kind) {
		case PY_BREAK: case PY_CONTINUE:
			return true;
		case PY_IF:
			if (body_breaks(&st->u.if_.body) || body_breaks(&st->u.if_.orelse))
				return true;
			break;
		case PY_WITH:
			if (body_breaks(&st->u.with.body))
				return true;
			break;
		case PY_TRY:
			if (body_breaks(&st->u.try_.body) || body_breaks(&st->u.try_.orelse) ||
			    body_breaks(&st->u.try_.finalbody))
				return true;
			break;
		default:
			break;
		}
	}
	return false;
}

/* `for x in (constants)`: the body once per item, as Python runs it
 * (ckan: loops over literal tuples of tables and index definitions).
 * Loops over anything else, or with break/continue, stay opaque. */
static bool interp_const_for(struct interp *in, struct pyenv *env, const struct py_node *st, struct opvec *out,
			     const char *batch, const char *batch_schema, bool *returned)
{
	const struct py_node *t = st->u.for_.target;
	if (st->u.for_.is_async || body_breaks(&st->u.for_.body))
		return false;
	const struct pyv *seq = pyeval(env, st->u.for_.iter);
	if (seq->kind != PYV_SEQ || seq->n > 1000 || !pyv_is_const(seq, 0))
		return false;
	bool tuple = t->kind == PY_TUPLE || t->kind == PY_LIST;
	if (!tuple && t->kind != PY_NAME)
		return false;
	for (size_t i = 0; tuple && i < seq->n; i++) {
		const struct pyv *it = seq->items[i];
		if (it->kind != PYV_SEQ || it->n != t->u.seq.elts.n)
			return false;
		for (size_t k = 0; k < t->u.seq.elts.n; k++)
			if (t->u.seq.elts.items[k]->kind != PY_NAME)
				return false;
	}
	for (size_t i = 0; i < seq->n && !*returned; i++) {
		const struct pyv *it = seq->items[i];
		if (tuple)
			for (size_t k = 0; k < t->u.seq.elts.n; k++)
				pyenv_bind(env, t->u.seq.elts.items[k]->u.name.id, it->items[k]);
		else
			pyenv_bind(env, t->u.name.id, it);
		interp_body(in, env, &st->u.for_.body, out, batch, batch_schema, returned);
	}
	/* no break: the else clause runs after the last item */
	if (!*returned)
		interp_body(in, env, &st->u.for_.orelse, out, batch, batch_schema, returned);
	return true;
}

static void interp_stmt(struct interp *in, struct pyenv *env, const struct py_node *st, struct opvec *out,
			const char *batch, const char *batch_schema, bool *returned)
{
	switch (st->kind) {
	case PY_PASS:
	case PY_IMPORT:
	case PY_IMPORT_FROM:
	case PY_FUNCTION_DEF:
	case PY_GLOBAL:
	case PY_NONLOCAL:
		pyenv_bind_stmt(env, st);
		return;
	case PY_ASSIGN:
	case PY_ANNASSIGN:
	case PY_AUGASSIGN: {
		/* a condition stored for later: decide it now */
		const struct py_node *val = st->kind == PY_ASSIGN ? st->u.assign.value
					  : st->kind == PY_ANNASSIGN ? st->u.annassign.value : NULL;
		if (val && st->kind == PY_ASSIGN && (val->kind == PY_COMPARE || val->kind == PY_BOOL_OP) &&
		    st->u.assign.targets.n == 1 && st->u.assign.targets.items[0]->kind == PY_NAME) {
			int r = eval_cond(in, env, val);
			if (r >= 0) {
				struct pyv *b = arena_alloc(in->a, sizeof(*b));
				b->kind = PYV_BOOL;
				b->b = r;
				b->node = val;
				pyenv_bind(env, st->u.assign.targets.items[0]->u.name.id, b);
				return;
			}
		}
		pyenv_bind_stmt(env, st);
		/* an assignment whose value runs SQL or the ORM is a step too */
		if (val && val->kind == PY_CALL) {
			const struct pyv *v = pyeval(env, val);
			if (v->kind == PYV_CALL && v->callee &&
			    (strstr(v->callee, "execute") || strstr(v->callee, "query") || strstr(v->callee, "Session")))
				opaque(in, out, st, "runs SQL or ORM code whose result the migration uses");
			else if (v->kind == PYV_CALL && alembic_op_name(v, batch ? "<batch>" : NULL) &&
				 strcmp(alembic_op_name(v, batch ? "<batch>" : NULL), "get_bind") &&
				 strcmp(alembic_op_name(v, batch ? "<batch>" : NULL), "get_context") &&
				 strcmp(alembic_op_name(v, batch ? "<batch>" : NULL), "f") &&
				 strcmp(alembic_op_name(v, batch ? "<batch>" : NULL), "inline_literal"))
				interp_expr_call(in, env, st, v, out, batch, batch_schema);
		}
		return;
	}
	case PY_EXPR_STMT: {
		const struct py_node *e = st->u.expr_stmt.value;
		if (e->kind == PY_CONSTANT || e->kind == PY_JOINED_STR)
			return; /* a docstring or a bare literal */
		if (e->kind != PY_CALL) {
			opaque(in, out, st, "an expression statement cupel does not model");
			return;
		}
		const struct pyv *v = pyeval(env, e);
		if (v->kind != PYV_CALL) {
			opaque(in, out, st, v->why ? v->why : "a call cupel cannot see");
			return;
		}
		interp_expr_call(in, env, st, v, out, batch, batch_schema);
		return;
	}
	case PY_IF: {
		int r = eval_cond(in, env, st->u.if_.test);
		if (r < 0) {
			opaque(in, out, st, "a condition cupel cannot decide (it is not a test of the dialect name)");
			return;
		}
		interp_body(in, env, r ? &st->u.if_.body : &st->u.if_.orelse, out, batch, batch_schema, returned);
		return;
	}
	case PY_WITH:
		interp_with(in, env, st, out, batch, batch_schema, returned);
		return;
	case PY_TRY:
		/* offline nothing raises: the body, else and finally run */
		interp_body(in, env, &st->u.try_.body, out, batch, batch_schema, returned);
		if (!*returned)
			interp_body(in, env, &st->u.try_.orelse, out, batch, batch_schema, returned);
		if (!*returned)
			interp_body(in, env, &st->u.try_.finalbody, out, batch, batch_schema, returned);
		return;
	case PY_FOR:
		if (!interp_const_for(in, env, st, out, batch, batch_schema, returned)) {
			/* say why: a known sequence of calls (sa.text ...) or
			 * break/continue is not the same as a query result */
			const struct pyv *it = pyeval(env, st->u.for_.iter);
			opaque(in, out, st,
			       it->kind == PYV_SEQ ? "a loop over a sequence cupel does not unroll (items that are "
						     "not plain constants, or break/continue)"
						   : "a loop (over values only known when it runs)");
		}
		return;
	case PY_WHILE:
		opaque(in, out, st, "a while loop");
		return;
	case PY_RETURN:
		*returned = true;
		return;
	case PY_RAISE:
		opaque(in, out, st, "raises an exception: this direction cannot run")->opaque = OPAQUE_RAISE;
		*returned = true;
		return;
	case PY_ERROR:
		opaque(in, out, st, arena_printf(in->a, "a syntax error: %s", st->u.error.message))->opaque =
			OPAQUE_SYNTAX;
		return;
	default:
		opaque(in, out, st, arena_printf(in->a, "a %s statement cupel does not model", py_kind_name(st->kind)));
		return;
	}
}

static void interp_body(struct interp *in, struct pyenv *env, const struct py_list *body, struct opvec *out,
			const char *batch, const char *batch_schema, bool *returned)
{
	for (size_t i = 0; i < body->n && !*returned; i++)
		interp_stmt(in, env, body->items[i], out, batch, batch_schema, returned);
}

struct op_list ops_from_module(struct arena *a, struct diag_list *diags, const struct py_module *m,
			       const char *fn, enum dialect d, bool offline)
{
	struct op_list res = { NULL, 0 };
	struct pyenv menv;
	pyenv_init(&menv, a, NULL);
	const struct py_list *body = &m->root->u.module.body;
	const struct py_node *def = NULL;
	for (size_t i = 0; i < body->n; i++) {
		pyenv_bind_stmt(&menv, body->items[i]);
		if (body->items[i]->kind == PY_FUNCTION_DEF && !strcmp(body->items[i]->u.function_def.name, fn))
			def = body->items[i];
	}
	struct interp in = { a, diags, m, &menv, d, offline, 0 };
	struct opvec out = { 0 };
	if (!def) {
		struct span sp = { m->file, 0, 0, 0 };
		diag_push(diags, DIAG_ERROR, "ops-no-function", sp, "the script has no %s() function", fn);
		opaque(&in, &out, NULL, arena_printf(a, "the script has no %s() function", fn))->opaque =
			OPAQUE_NO_FUNCTION;
		res.v = out.v;
		res.n = out.n;
		return res;
	}
	struct pyenv local;
	pyenv_init(&local, a, &menv);
	/* the function's own parameters (op passed in, as some projects do) */
	const struct py_list *params = &def->u.function_def.args;
	for (size_t i = 0; i < params->n; i++) {
		const struct py_node *p = params->items[i];
		if (p->u.arg.name && !strcmp(p->u.arg.name, "op")) {
			struct pyv *opv = arena_alloc(a, sizeof(*opv));
			opv->kind = PYV_NAME;
			opv->s = "op";
			pyenv_bind(&local, "op", opv);
		}
	}
	bool returned = false;
	interp_body(&in, &local, &def->u.function_def.body, &out, NULL, NULL, &returned);
	res.v = out.v;
	res.n = out.n;
	return res;
}
