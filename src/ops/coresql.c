/* coresql.c - SQLAlchemy Core statements of op.execute compiled as Alembic
 * prints them offline (literal binds, paramstyle "named"), for the subset
 * migrations use: sa.table()/sa.column() objects, update/insert/delete,
 * where/values, and_/or_/not_ (and & | ~), comparisons, is_/is_not, in_,
 * not_in, like, + - * / and op.inline_literal. Anything else is refused
 * with a reason: the operation stays opaque rather than guessed. */
#include <stdlib.h>
#include <string.h>

#include "cupel/coresql.h"
#include "cupel/pystr.h"

/* what a column's type makes of a Python literal */
enum cat { CAT_NULLTYPE, CAT_INT, CAT_STR, CAT_BOOL, CAT_NUM, CAT_OTHER };

/* SQLAlchemy's operator precedence, as far as the subset needs it */
enum { PREC_OR = 2, PREC_AND = 3, PREC_NOT = 4, PREC_CMP = 5, PREC_ADD = 7, PREC_MUL = 8, PREC_ATOM = 100 };

struct cx {
	struct arena *a;
	enum dialect d;
	const struct pyv *table; /* the statement's table: columns of others are refused */
	const char *why;
	bool text_ok;            /* sa.text() allowed here: the whole where() */
	bool live;               /* online: a backslash is written once */
	/* sa.Table(...) values met, each with its sa.table() form (a table's
	 * identity decides whether a column is of the statement's table) */
	const struct pyv *full[8], *plain[8];
	size_t n_full;
};

struct ex {
	const char *sql;
	int prec;
	enum cat cat;
};

static bool fail(struct cx *c, const char *why)
{
	if (!c->why)
		c->why = why;
	return false;
}

static bool is_plain_call(const struct pyv *v, const char *name)
{
	return v && v->kind == PYV_CALL && !v->self && pyv_callee_is(v, name);
}

static bool is_method(const struct pyv *v, const char *name)
{
	return v && v->kind == PYV_CALL && v->self && v->callee && v->callee[0] == '.' && !strcmp(v->callee + 1, name);
}

static enum cat type_cat(const struct pyv *t)
{
	if (!t || t->kind == PYV_NONE)
		return CAT_NULLTYPE;
	const char *path = t->kind == PYV_NAME ? t->s : t->kind == PYV_CALL && !t->self ? t->callee : NULL;
	if (!path)
		return CAT_OTHER;
	static const char *const ints[] = { "Integer", "SmallInteger", "BigInteger", "INTEGER", "BIGINT", "SMALLINT", "INT" };
	static const char *const strs[] = { "String", "Text", "Unicode", "UnicodeText", "VARCHAR", "TEXT", "CHAR", "NVARCHAR", "NCHAR" };
	const char *b = pyv_basename(path);
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
		if (!strcmp(b, ints[i]))
			return CAT_INT;
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		if (!strcmp(b, strs[i]))
			return CAT_STR;
	if (!strcmp(b, "Boolean") || !strcmp(b, "BOOLEAN"))
		return CAT_BOOL;
	static const char *const nums[] = { "Numeric", "Float", "NUMERIC", "FLOAT", "REAL", "DECIMAL", "DOUBLE_PRECISION" };
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		if (!strcmp(b, nums[i]))
			return CAT_NUM;
	return CAT_OTHER;
}

/* sa.table("name", sa.column(...), ..., schema=...) */
static bool is_table(const struct pyv *v)
{
	if (!is_plain_call(v, "table") || v->n < 1 || v->items[0]->kind != PYV_STR)
		return false;
	for (size_t i = 1; i < v->n; i++)
		if (!is_plain_call(v->items[i], "column") || !pyv_is_str(pyv_arg(v->items[i], 0)))
			return false;
	for (size_t i = 0; i < v->n_kws; i++)
		if (!v->kws[i].name || strcmp(v->kws[i].name, "schema") || !pyv_is_str(v->kws[i].value))
			return false;
	return true;
}

/* A full sa.Table(name, sa.MetaData(), sa.Column(name, type), ...,
 * schema=) whose columns carry nothing that changes DML (a Python-side
 * default= or onupdate= would add values, key= would rename a column):
 * the sa.table() it compiles like, memoized in c; NULL for anything else. */
static const struct pyv *plain_table(struct cx *c, const struct pyv *v)
{
	if (is_table(v))
		return v;
	if (!is_plain_call(v, "Table") || v->n < 2 || v->items[0]->kind != PYV_STR || !is_plain_call(v->items[1], "MetaData"))
		return NULL;
	for (size_t i = 0; i < c->n_full; i++)
		if (c->full[i] == v)
			return c->plain[i];
	if (c->n_full == sizeof(c->full) / sizeof(c->full[0]))
		return NULL;
	struct pyv *t = arena_alloc(c->a, sizeof(*t));
	*t = *v;
	t->callee = "table";
	const struct pyv **items = arena_alloc(c->a, v->n * sizeof(*items));
	items[0] = v->items[0];
	size_t n = 1;
	for (size_t i = 2; i < v->n; i++) {
		const struct pyv *col = v->items[i];
		/* the table's constraints and indexes are DDL: DML ignores them */
		static const char *const ddl[] = { "PrimaryKeyConstraint", "ForeignKeyConstraint", "UniqueConstraint",
						   "CheckConstraint", "Index" };
		bool skip = false;
		for (size_t k = 0; k < sizeof(ddl) / sizeof(ddl[0]) && !skip; k++)
			skip = is_plain_call(col, ddl[k]);
		if (skip)
			continue;
		if (!is_plain_call(col, "Column") || !pyv_is_str(pyv_arg(col, 0)) || pyv_kw(col, "default") ||
		    pyv_kw(col, "onupdate") || pyv_kw(col, "key"))
			return NULL;
		struct pyv *pc = arena_alloc(c->a, sizeof(*pc));
		*pc = *col;
		pc->callee = "column";
		/* the name and the type: the rest is DDL */
		pc->n = pyv_arg(col, 1) ? 2 : 1;
		const struct pyv *ty = pyv_kw(col, "type_");
		pc->n_kws = 0;
		if (ty && pc->n == 1) {
			const struct pyv **it = arena_alloc(c->a, 2 * sizeof(*it));
			it[0] = col->items[0];
			it[1] = ty;
			pc->items = it;
			pc->n = 2;
		}
		items[n++] = pc;
	}
	t->items = items;
	t->n = n;
	if (!is_table(t))
		return NULL;
	c->full[c->n_full] = v;
	c->plain[c->n_full++] = t;
	return t;
}

static const char *table_schema(const struct pyv *t)
{
	const struct pyv *s = pyv_kw(t, "schema");
	return s ? s->s : NULL;
}

/* The column of sa.table's declaration named `name`, or NULL. */
static const struct pyv *table_column(const struct pyv *t, const char *name)
{
	for (size_t i = 1; i < t->n; i++)
		if (!strcmp(t->items[i]->items[0]->s, name))
			return t->items[i];
	return NULL;
}

static void add_table(struct strbuf *sb, const struct pyv *t, enum dialect d)
{
	sqlquote_qualified(sb, table_schema(t), t->items[0]->s, d);
}

/* A column reference: table.c.name or sa.column("name", type). */
static bool colref(struct cx *c, const struct pyv *v, struct ex *out, bool qualify)
{
	if (is_plain_call(v, "column") && pyv_is_str(pyv_arg(v, 0))) {
		struct strbuf sb = STRBUF_INIT;
		sqlquote_ident(&sb, v->items[0]->s, c->d);
		out->sql = arena_strndup(c->a, strbuf_str(&sb), sb.len);
		strbuf_release(&sb);
		out->cat = type_cat(pyv_arg(v, 1) ? pyv_arg(v, 1) : pyv_kw(v, "type_"));
		out->prec = PREC_ATOM;
		return true;
	}
	if (!v || v->kind != PYV_CALL || !v->self || !v->callee || v->callee[0] != '.')
		return false;
	size_t len = strlen(v->callee);
	if (len < 7 || strcmp(v->callee + len - 5, "@attr"))
		return false;
	const struct pyv *cc = v->self;
	const struct pyv *t = cc->kind == PYV_CALL && cc->callee && !strcmp(cc->callee, ".c@attr") ? plain_table(c, cc->self)
												   : NULL;
	if (!t)
		return false;
	const char *name = arena_strndup(c->a, v->callee + 1, len - 6);
	const struct pyv *col = table_column(t, name);
	if (!col)
		return fail(c, arena_printf(c->a, "table.c.%s names no column of its sa.table()", name));
	if (c->table && t != c->table)
		return fail(c, "a column of another table (SQLAlchemy adds a FROM clause)");
	struct strbuf sb = STRBUF_INIT;
	if (qualify) {
		add_table(&sb, t, c->d);
		strbuf_addc(&sb, '.');
	}
	sqlquote_ident(&sb, name, c->d);
	out->sql = arena_strndup(c->a, strbuf_str(&sb), sb.len);
	strbuf_release(&sb);
	out->cat = type_cat(pyv_arg(col, 1) ? pyv_arg(col, 1) : pyv_kw(col, "type_"));
	out->prec = PREC_ATOM;
	return true;
}

/* A Python literal as the type `cat` renders it; CAT_NULLTYPE means the
 * literal's own type (the other side is untyped, or op.inline_literal). */
static bool literal(struct cx *c, const struct pyv *v, enum cat cat, struct strbuf *sb)
{
	if (is_plain_call(v, "inline_literal")) {
		if (v->n != 1 || v->n_kws)
			return fail(c, "op.inline_literal with a type cupel does not model");
		v = v->items[0];
		cat = CAT_NULLTYPE;
	}
	if (!v)
		return fail(c, "a value cupel cannot see");
	if (v->kind == PYV_NONE || is_plain_call(v, "null")) {
		strbuf_adds(sb, "NULL");
		return true;
	}
	int b = v->kind == PYV_BOOL ? v->b : is_plain_call(v, "true") ? 1 : is_plain_call(v, "false") ? 0 : -1;
	if (b >= 0 && (cat == CAT_NULLTYPE || cat == CAT_BOOL)) {
		strbuf_adds(sb, c->d == DIALECT_POSTGRESQL ? (b ? "true" : "false") : (b ? "1" : "0"));
		return true;
	}
	if (v->kind == PYV_INT && (cat == CAT_NULLTYPE || cat == CAT_INT || cat == CAT_NUM)) {
		strbuf_adds(sb, v->s);
		return true;
	}
	if (v->kind == PYV_FLOAT && (cat == CAT_NULLTYPE || cat == CAT_NUM)) {
		/* Float's and Numeric's literal processor: str(value) */
		char buf[32];
		pystr_float_repr(buf, strtod(v->s, NULL));
		strbuf_adds(sb, buf);
		return true;
	}
	if (v->kind == PYV_STR && (cat == CAT_NULLTYPE || cat == CAT_STR)) {
		sqlquote_literal(sb, v->s, c->d, !c->live);
		return true;
	}
	return fail(c, "a literal whose rendering for its column type cupel does not model (floats, dates, "
		       "values of another type)");
}

static bool expr(struct cx *c, const struct pyv *v, bool negate, struct ex *out);

/* An operand of a comparison or of arithmetic: a column, arithmetic, or a
 * literal typed by the other side (`cat`). */
static bool operand(struct cx *c, const struct pyv *v, enum cat cat, struct ex *out)
{
	if (colref(c, v, out, true))
		return true;
	if (c->why)
		return false;
	if (v && v->kind == PYV_CALL && v->callee && !strcmp(v->callee, "<binop>"))
		return expr(c, v, false, out);
	struct strbuf sb = STRBUF_INIT;
	bool ok = literal(c, v, cat, &sb);
	out->sql = ok ? arena_strndup(c->a, strbuf_str(&sb), sb.len) : NULL;
	out->prec = PREC_ATOM;
	out->cat = cat;
	strbuf_release(&sb);
	return ok;
}

static bool is_column_side(struct cx *c, const struct pyv *v)
{
	struct ex tmp;
	const char *saved = c->why;
	bool r = colref(c, v, &tmp, true) ||
		 (v && v->kind == PYV_CALL && v->callee && !strcmp(v->callee, "<binop>"));
	c->why = saved;
	return r;
}

static const char *sql_cmp(const char *py, bool negate)
{
	static const struct { const char *py, *sql, *neg; } ops[] = {
		{ "==", "=", "!=" }, { "!=", "!=", "=" }, { "<", "<", ">=" },
		{ ">", ">", "<=" }, { "<=", "<=", ">" }, { ">=", ">=", "<" },
	};
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(py, ops[i].py))
			return negate ? ops[i].neg : ops[i].sql;
	return NULL;
}

/* Python reflects `5 < col` into `col > 5` */
static const char *reflect(const char *py)
{
	return !strcmp(py, "<") ? ">" : !strcmp(py, ">") ? "<" : !strcmp(py, "<=") ? ">=" : !strcmp(py, ">=") ? "<=" : py;
}

static bool set_out(struct cx *c, struct ex *out, struct strbuf *sb, int prec, bool ok)
{
	out->sql = ok ? arena_strndup(c->a, strbuf_str(sb), sb->len) : NULL;
	out->prec = prec;
	out->cat = CAT_OTHER;
	strbuf_release(sb);
	return ok;
}

static bool compare(struct cx *c, const struct pyv *v, bool negate, struct ex *out)
{
	const struct pyv *l = v->items[0], *r = v->items[1];
	const char *op = v->s;
	if (!is_column_side(c, l)) {
		if (!is_column_side(c, r))
			return fail(c, "a comparison without a column");
		const struct pyv *t = l;
		l = r;
		r = t;
		op = reflect(op);
	}
	struct ex lx, rx;
	if (!operand(c, l, CAT_NULLTYPE, &lx))
		return false;
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, lx.sql);
	if (r && (r->kind == PYV_NONE || is_plain_call(r, "null")) && (!strcmp(op, "==") || !strcmp(op, "!="))) {
		bool eq = !strcmp(op, "==") != negate;
		strbuf_adds(&sb, eq ? " IS NULL" : " IS NOT NULL");
		return set_out(c, out, &sb, PREC_CMP, true);
	}
	const char *sop = sql_cmp(op, negate);
	if (!sop) {
		strbuf_release(&sb);
		return fail(c, arena_printf(c->a, "the comparison operator %s", op));
	}
	if (!operand(c, r, lx.cat, &rx)) {
		strbuf_release(&sb);
		return false;
	}
	strbuf_addf(&sb, " %s %s", sop, rx.sql);
	return set_out(c, out, &sb, PREC_CMP, true);
}

/* and_/or_ of `n` clauses; negated: NOT (...) */
static bool junction(struct cx *c, const struct pyv *const *items, size_t n, bool is_and, bool negate, struct ex *out)
{
	if (n == 0)
		return fail(c, "an empty and_()/or_()");
	if (n == 1)
		return expr(c, items[0], negate, out);
	int prec = is_and ? PREC_AND : PREC_OR;
	struct strbuf sb = STRBUF_INIT;
	if (negate)
		strbuf_adds(&sb, "NOT (");
	for (size_t i = 0; i < n; i++) {
		struct ex e;
		if (!expr(c, items[i], false, &e))
			return set_out(c, out, &sb, prec, false);
		if (i)
			strbuf_adds(&sb, is_and ? " AND " : " OR ");
		bool paren = e.prec < prec;
		strbuf_addf(&sb, paren ? "(%s)" : "%s", e.sql);
	}
	if (negate)
		strbuf_addc(&sb, ')');
	return set_out(c, out, &sb, negate ? PREC_NOT : prec, true);
}

/* col.in_([...]) / col.not_in([...]) */
static bool in_list(struct cx *c, const struct pyv *v, bool not_in, struct ex *out)
{
	struct ex col;
	if (!colref(c, v->self, &col, true))
		return fail(c, "in_() of something other than a column");
	const struct pyv *seq = pyv_arg(v, 0);
	if (!seq || seq->kind != PYV_SEQ || v->n != 1)
		return fail(c, "in_() of something other than a literal list");
	if (seq->n == 0)
		return fail(c, "in_() of an empty list");
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, not_in ? "(%s NOT IN (" : "%s IN (", col.sql);
	for (size_t i = 0; i < seq->n; i++) {
		if (i)
			strbuf_adds(&sb, ", ");
		if (!literal(c, seq->items[i], col.cat, &sb))
			return set_out(c, out, &sb, PREC_CMP, false);
	}
	strbuf_adds(&sb, not_in ? "))" : ")");
	return set_out(c, out, &sb, not_in ? PREC_ATOM : PREC_CMP, true);
}

static bool expr(struct cx *c, const struct pyv *v, bool negate, struct ex *out)
{
	if (!v || v->kind != PYV_CALL || !v->callee)
		return fail(c, "a condition cupel cannot see");
	if (!strcmp(v->callee, "<compare>"))
		return compare(c, v, negate, out);
	if (!v->self && (pyv_callee_is(v, "and_") || pyv_callee_is(v, "or_")))
		return junction(c, v->items, v->n, pyv_callee_is(v, "and_"), negate, out);
	if (!v->self && pyv_callee_is(v, "not_") && v->n == 1)
		return expr(c, v->items[0], !negate, out);
	if (!strcmp(v->callee, "<unary>") && !strcmp(v->s, "~"))
		return expr(c, v->items[0], !negate, out);
	if (!strcmp(v->callee, "<binop>") && (!strcmp(v->s, "&") || !strcmp(v->s, "|")))
		return junction(c, v->items, 2, v->s[0] == '&', negate, out);
	if (!strcmp(v->callee, "<binop>") && strchr("+-*/", v->s[0]) && !v->s[1] && !negate) {
		int prec = strchr("+-", v->s[0]) ? PREC_ADD : PREC_MUL;
		const struct pyv *l = v->items[0], *r = v->items[1];
		struct ex lx, rx;
		if (!is_column_side(c, l) || (r->kind == PYV_CALL && r->callee && !strcmp(r->callee, "<binop>")))
			return fail(c, "arithmetic cupel does not compile (a literal first, or nested on the right)");
		if (!operand(c, l, CAT_NULLTYPE, &lx) || !operand(c, r, lx.cat, &rx))
			return false;
		if (lx.prec < prec)
			return fail(c, "arithmetic cupel does not compile (mixed precedence)");
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%s %s %s", lx.sql, v->s, rx.sql);
		bool ok = set_out(c, out, &sb, prec, true);
		out->cat = lx.cat;
		return ok;
	}
	if (is_method(v, "in_"))
		return in_list(c, v, negate, out);
	if (is_method(v, "notin_") || is_method(v, "not_in"))
		return in_list(c, v, !negate, out);
	if (is_plain_call(v, "text") && v->n == 1 && pyv_is_str(v->items[0]) && !v->n_kws && !negate &&
	    c->text_ok) {
		out->sql = v->items[0]->s;
		out->prec = PREC_ATOM;
		out->cat = CAT_OTHER;
		return true;
	}
	{
		/* a Boolean column on its own: SQLite compares it with 1 */
		struct ex col;
		const char *saved = c->why;
		if (colref(c, v, &col, true) && col.cat == CAT_BOOL) {
			struct strbuf sb = STRBUF_INIT;
			if (c->d == DIALECT_POSTGRESQL)
				strbuf_addf(&sb, negate ? "NOT %s" : "%s", col.sql);
			else
				strbuf_addf(&sb, "%s = %d", col.sql, negate ? 0 : 1);
			return set_out(c, out, &sb, c->d == DIALECT_POSTGRESQL ? (negate ? PREC_NOT : PREC_ATOM) : PREC_CMP,
				       true);
		}
		if (c->why != saved)
			return false;
	}
	if (is_method(v, "is_") || is_method(v, "isnot") || is_method(v, "is_not")) {
		struct ex col;
		if (!colref(c, v->self, &col, true) || v->n != 1)
			return fail(c, "is_() of something other than a column");
		bool not = !is_method(v, "is_") != negate;
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%s IS %s", col.sql, not ? "NOT " : "");
		return set_out(c, out, &sb, PREC_CMP, literal(c, v->items[0], col.cat, &sb));
	}
	if (is_method(v, "like") && !negate && v->n == 1 && !v->n_kws) {
		struct ex col;
		if (!colref(c, v->self, &col, true))
			return fail(c, "like() of something other than a column");
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%s LIKE ", col.sql);
		return set_out(c, out, &sb, PREC_CMP, literal(c, v->items[0], col.cat, &sb));
	}
	if (strstr(v->callee, "@attr"))
		return fail(c, "a column that is not Boolean, or an attribute, used as a condition");
	return fail(c, arena_printf(c->a, "%s() in a condition, which cupel does not compile",
				    v->callee[0] == '.' ? v->callee + 1 : v->callee));
}

const char *coresql_condition(struct arena *a, const struct pyv *v, enum dialect d, const char **why)
{
	struct cx c = { a, d, NULL, NULL, false, false, { 0 }, { 0 }, 0 };
	struct ex e;
	if (expr(&c, v, false, &e))
		return e.sql;
	*why = c.why ? c.why : "a condition cupel does not compile";
	return NULL;
}

/* ---- statements ---- */

struct kv {
	const char *name;
	const struct pyv *value;
};

struct stmt {
	const char *verb; /* "update", "insert", "delete" */
	const struct pyv *table;
	const struct pyv *wheres[16];
	size_t n_wheres;
	const struct pyv *values[16]; /* .values() calls, innermost first */
	size_t n_values;
};

static bool read_chain(struct cx *c, const struct pyv *v, struct stmt *s)
{
	for (int depth = 0; v && depth < 64; depth++) {
		if (v->kind != PYV_CALL || !v->callee)
			return fail(c, "an expression cupel cannot see");
		if (is_method(v, "where")) {
			if (v->n != 1 || v->n_kws || s->n_wheres == 16)
				return fail(c, "where() with arguments cupel does not compile");
			s->wheres[s->n_wheres++] = v->items[0];
			v = v->self;
			continue;
		}
		if (is_method(v, "values")) {
			if (s->n_values == 16)
				return fail(c, "too many values() calls");
			s->values[s->n_values++] = v;
			v = v->self;
			continue;
		}
		static const char *const verbs[] = { "update", "insert", "delete" };
		for (size_t i = 0; i < 3; i++) {
			const struct pyv *t;
			if (is_method(v, verbs[i]) && !v->n && !v->n_kws && (t = plain_table(c, v->self))) {
				s->verb = verbs[i];
				s->table = t;
				return true;
			}
			if (is_plain_call(v, verbs[i]) && v->n == 1 && !v->n_kws && (t = plain_table(c, v->items[0]))) {
				s->verb = verbs[i];
				s->table = t;
				return true;
			}
		}
		return fail(c, arena_printf(c->a, "%s() in a Core statement, which cupel does not compile",
					    v->callee[0] == '.' ? v->callee + 1 : v->callee));
	}
	return fail(c, "a Core statement cupel does not compile");
}

/* The name=value pairs of one .values() argument set (a dict or keywords). */
static bool values_pairs(struct cx *c, const struct pyv *d, const struct pyv *call, struct kv *kv, size_t *n)
{
	size_t m = d ? d->n : call->n_kws;
	for (size_t i = 0; i < m; i++) {
		const char *name = d ? (pyv_is_str(d->items[i]) ? d->items[i]->s : NULL) : call->kws[i].name;
		const struct pyv *val = d ? d->values[i] : call->kws[i].value;
		if (!name)
			return fail(c, "values() keyed by something other than column names");
		size_t k = 0;
		while (k < *n && strcmp(kv[k].name, name))
			k++;
		if (k == 64)
			return fail(c, "too many values");
		kv[k].name = name;
		kv[k].value = val;
		if (k == *n)
			(*n)++;
	}
	return true;
}

static const struct pyv *kv_get(const struct kv *kv, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(kv[i].name, name))
			return kv[i].value;
	return NULL;
}

/* A SET or VALUES item for column `col`. */
static bool set_value(struct cx *c, const struct pyv *col, const struct pyv *val, struct strbuf *sb)
{
	enum cat cat = type_cat(pyv_arg(col, 1) ? pyv_arg(col, 1) : pyv_kw(col, "type_"));
	if (is_column_side(c, val)) {
		struct ex e;
		if (!operand(c, val, cat, &e))
			return false;
		strbuf_addf(sb, e.prec < PREC_ATOM ? "(%s)" : "%s", e.sql);
		return true;
	}
	if (c->why)
		return false;
	if (is_plain_call(val, "text") && val->n == 1 && pyv_is_str(val->items[0]) && !val->n_kws) {
		strbuf_adds(sb, val->items[0]->s);
		return true;
	}
	bool null = val && (val->kind == PYV_NONE || is_plain_call(val, "null"));
	if (cat == CAT_NULLTYPE && !null && !is_plain_call(val, "inline_literal"))
		return fail(c, "a literal for an sa.column() without a type (Alembic itself cannot render it)");
	return literal(c, val, cat, sb);
}

static bool check_names(struct cx *c, const struct pyv *t, const struct kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!table_column(t, kv[i].name))
			return fail(c, arena_printf(c->a, "values() names %s, not a column of the sa.table()", kv[i].name));
	return true;
}

static bool render_stmt(struct cx *c, const struct stmt *s, struct strbuf *sb)
{
	const struct pyv *t = s->table;
	struct kv kv[64];
	size_t n = 0;
	bool is_insert = !strcmp(s->verb, "insert");
	const struct pyv *rows = NULL;
	for (size_t i = s->n_values; i-- > 0;) {
		const struct pyv *call = s->values[i];
		const struct pyv *arg = pyv_arg(call, 0);
		if (call->n > 1 || (arg && call->n_kws))
			return fail(c, "values() with arguments cupel does not compile");
		if (arg && arg->kind == PYV_SEQ && is_insert && s->n_values == 1) {
			rows = arg;
			break;
		}
		if (arg && arg->kind != PYV_DICT)
			return fail(c, "values() of something other than a dict or keywords");
		if (!values_pairs(c, arg, call, kv, &n))
			return false;
	}
	if (!strcmp(s->verb, "delete")) {
		if (s->n_values)
			return fail(c, "values() on a delete");
		strbuf_adds(sb, "DELETE FROM ");
		add_table(sb, t, c->d);
	} else if (!strcmp(s->verb, "update")) {
		if (!n)
			return fail(c, "an update without values()");
		if (!check_names(c, t, kv, n))
			return false;
		strbuf_adds(sb, "UPDATE ");
		add_table(sb, t, c->d);
		strbuf_adds(sb, " SET ");
		bool first = true;
		/* SQLAlchemy sets the columns in the table's order */
		for (size_t i = 1; i < t->n; i++) {
			const struct pyv *val = kv_get(kv, n, t->items[i]->items[0]->s);
			if (!val)
				continue;
			if (!first)
				strbuf_adds(sb, ", ");
			first = false;
			sqlquote_ident(sb, t->items[i]->items[0]->s, c->d);
			strbuf_addc(sb, '=');
			if (!set_value(c, t->items[i], val, sb))
				return false;
		}
	} else {
		if (s->n_wheres)
			return fail(c, "where() on an insert");
		/* rows: a list of dicts, each with the same keys */
		size_t n_rows = rows ? rows->n : 1;
		if (rows) {
			if (!rows->n || rows->items[0]->kind != PYV_DICT)
				return fail(c, "insert values() of rows cupel cannot see");
			if (!values_pairs(c, rows->items[0], NULL, kv, &n))
				return false;
		}
		if (!n)
			return fail(c, "an insert without values()");
		if (!check_names(c, t, kv, n))
			return false;
		strbuf_adds(sb, "INSERT INTO ");
		add_table(sb, t, c->d);
		strbuf_adds(sb, " (");
		bool first = true;
		for (size_t i = 1; i < t->n; i++) {
			if (!kv_get(kv, n, t->items[i]->items[0]->s))
				continue;
			if (!first)
				strbuf_adds(sb, ", ");
			first = false;
			sqlquote_ident(sb, t->items[i]->items[0]->s, c->d);
		}
		strbuf_adds(sb, ") VALUES ");
		for (size_t r = 0; r < n_rows; r++) {
			struct kv rkv[64];
			size_t rn = 0;
			const struct kv *use = kv;
			if (rows) {
				if (rows->items[r]->kind != PYV_DICT || !values_pairs(c, rows->items[r], NULL, rkv, &rn))
					return fail(c, "insert values() of rows cupel cannot see");
				if (rn != n)
					return fail(c, "insert rows with different keys");
				use = rkv;
			}
			strbuf_adds(sb, r ? ", (" : "(");
			first = true;
			for (size_t i = 1; i < t->n; i++) {
				const struct pyv *val = kv_get(use, rows ? rn : n, t->items[i]->items[0]->s);
				if (!kv_get(kv, n, t->items[i]->items[0]->s))
					continue;
				if (!val)
					return fail(c, "insert rows with different keys");
				if (!first)
					strbuf_adds(sb, ", ");
				first = false;
				if (!set_value(c, t->items[i], val, sb))
					return false;
			}
			strbuf_addc(sb, ')');
		}
		return true;
	}
	if (s->n_wheres) {
		/* several where() calls are one and_(), in call order */
		const struct pyv *w[16];
		for (size_t i = 0; i < s->n_wheres; i++)
			w[i] = s->wheres[s->n_wheres - 1 - i];
		struct ex e;
		c->text_ok = s->n_wheres == 1;
		bool ok = junction(c, w, s->n_wheres, true, false, &e);
		c->text_ok = false;
		if (!ok)
			return false;
		strbuf_addf(sb, " WHERE %s", e.sql);
	}
	return true;
}

/* sa.text("...").bindparams(name=literal, ...) */
static const char *text_bindparams(struct cx *c, const struct pyv *v)
{
	const struct pyv *t = v->self;
	if (!is_plain_call(t, "text") || t->n != 1 || !pyv_is_str(t->items[0]) || t->n_kws || v->n)
		return fail(c, "text().bindparams() cupel does not compile"), NULL;
	const char **names = arena_alloc(c->a, (v->n_kws ? v->n_kws : 1) * sizeof(char *));
	const char **vals = arena_alloc(c->a, (v->n_kws ? v->n_kws : 1) * sizeof(char *));
	for (size_t i = 0; i < v->n_kws; i++) {
		struct strbuf sb = STRBUF_INIT;
		if (!v->kws[i].name || !literal(c, v->kws[i].value, CAT_NULLTYPE, &sb)) {
			strbuf_release(&sb);
			return fail(c, "bindparams() with values cupel does not compile"), NULL;
		}
		names[i] = v->kws[i].name;
		vals[i] = arena_strndup(c->a, strbuf_str(&sb), sb.len);
		strbuf_release(&sb);
	}
	struct strbuf sb = STRBUF_INIT;
	coresql_text_binds(&sb, t->items[0]->s, v->n_kws, names, vals);
	const char *r = arena_strndup(c->a, strbuf_str(&sb), sb.len);
	strbuf_release(&sb);
	return r;
}

/* CreateSequence(Sequence(...)) / DropSequence(...): SQLAlchemy 1.4's DDL,
 * START WITH 1 when no start is given, the options in its order. */
static const char *sequence_ddl(struct cx *c, const struct pyv *v, bool create)
{
	const struct pyv *q = v->n == 1 && !v->n_kws ? v->items[0] : NULL;
	if (!is_plain_call(q, "Sequence") || q->n != 1 || !pyv_is_str(q->items[0]))
		return fail(c, "a Sequence cupel cannot read"), NULL;
	static const char *const nums[] = { "increment", "start", "minvalue", "maxvalue", "cache" };
	static const char *const words[] = { "INCREMENT BY", "START WITH", "MINVALUE", "MAXVALUE", "CACHE" };
	for (size_t i = 0; i < q->n_kws; i++) {
		const char *k = q->kws[i].name;
		bool known = k && (!strcmp(k, "schema") || !strcmp(k, "optional") || !strcmp(k, "cycle"));
		for (size_t j = 0; j < sizeof(nums) / sizeof(nums[0]) && k && !known; j++)
			known = !strcmp(k, nums[j]) && (q->kws[i].value->kind == PYV_INT || q->kws[i].value->kind == PYV_NONE);
		if (!known)
			return fail(c, arena_printf(c->a, "Sequence(%s=...), which cupel does not render", k ? k : "**")), NULL;
	}
	const struct pyv *schema = pyv_kw(q, "schema");
	if (schema && schema->kind != PYV_NONE && !pyv_is_str(schema))
		return fail(c, "a Sequence schema cupel cannot read"), NULL;
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, create ? "CREATE SEQUENCE " : "DROP SEQUENCE ");
	sqlquote_qualified(&sb, schema && schema->kind == PYV_STR ? schema->s : NULL, q->items[0]->s, c->d);
	if (create) {
		const struct pyv *start = pyv_kw(q, "start");
		if (!start || start->kind == PYV_NONE)
			strbuf_adds(&sb, " START WITH 1");
		for (size_t j = 0; j < sizeof(nums) / sizeof(nums[0]); j++) {
			const struct pyv *x = pyv_kw(q, nums[j]);
			if (x && x->kind == PYV_INT)
				strbuf_addf(&sb, " %s %s", words[j], x->s);
		}
		const struct pyv *cycle = pyv_kw(q, "cycle");
		if (cycle && cycle->kind == PYV_BOOL)
			strbuf_adds(&sb, cycle->b ? " CYCLE" : " NO CYCLE");
	}
	const char *r = arena_strndup(c->a, strbuf_str(&sb), sb.len);
	strbuf_release(&sb);
	return r;
}

const char *coresql_statement(struct arena *a, const struct pyv *v, enum dialect d, bool live, const char **why)
{
	struct cx c = { a, d, NULL, NULL, false, live, { 0 }, { 0 }, 0 };
	const char *r = NULL;
	if (is_method(v, "bindparams")) {
		r = text_bindparams(&c, v);
	} else if (is_plain_call(v, "CreateSequence") || is_plain_call(v, "DropSequence")) {
		r = sequence_ddl(&c, v, is_plain_call(v, "CreateSequence"));
	} else {
		struct stmt s;
		memset(&s, 0, sizeof(s));
		if (read_chain(&c, v, &s)) {
			c.table = s.table;
			struct strbuf sb = STRBUF_INIT;
			if (render_stmt(&c, &s, &sb))
				r = arena_strndup(a, strbuf_str(&sb), sb.len);
			strbuf_release(&sb);
		}
	}
	if (!r)
		*why = c.why ? c.why : "a Core statement cupel does not compile";
	return r;
}

static bool word_char(char ch, bool digits)
{
	return ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (digits && ch >= '0' && ch <= '9');
}

void coresql_text_binds(struct strbuf *out, const char *s, size_t n_names, const char *const *names,
			const char *const *values)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch == '\\' && i + 1 < n && s[i + 1] == ':') {
			strbuf_addc(out, ':');
			i++;
			continue;
		}
		/* a bind parameter: ':' + word, not after ':' or a word char, not
		 * followed by ':' ("::jsonb" casts stay) */
		if (ch == ':' && i + 1 < n && word_char(s[i + 1], false) &&
		    (i == 0 || !(s[i - 1] == ':' || word_char(s[i - 1], true)))) {
			size_t k = i + 1;
			while (k < n && word_char(s[k], true))
				k++;
			if (k < n && s[k] == ':') {
				strbuf_add(out, s + i, k - i);
				i = k - 1;
				continue;
			}
			const char *val = "NULL";
			for (size_t j = 0; j < n_names; j++)
				if (strlen(names[j]) == k - i - 1 && !strncmp(names[j], s + i + 1, k - i - 1))
					val = values[j];
			strbuf_adds(out, val);
			i = k - 1;
			continue;
		}
		strbuf_addc(out, ch);
	}
}

const char *coresql_unbound_param(struct arena *a, const char *s)
{
	return coresql_missing_param(a, s, 0, NULL);
}

const char *coresql_missing_param(struct arena *a, const char *s, size_t n_names, const char *const *names)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n && s[i + 1] == ':') {
			i++;
			continue;
		}
		/* the same reading as coresql_text_binds: ':' + word, not after ':'
		 * or a word character, not followed by ':' */
		if (s[i] == ':' && i + 1 < n && word_char(s[i + 1], false) &&
		    (i == 0 || !(s[i - 1] == ':' || word_char(s[i - 1], true)))) {
			size_t k = i + 1;
			while (k < n && word_char(s[k], true))
				k++;
			if (k < n && s[k] == ':') {
				i = k - 1;
				continue;
			}
			bool given = false;
			for (size_t j = 0; j < n_names && !given; j++)
				given = strlen(names[j]) == k - i - 1 && !strncmp(names[j], s + i + 1, k - i - 1);
			if (!given)
				return arena_strndup(a, s + i + 1, k - i - 1);
			i = k - 1;
		}
	}
	return NULL;
}
