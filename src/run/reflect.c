/* reflect.c - a live SQLite table read back as SQLAlchemy 1.4 reflects it.
 * SQLAlchemy reads names of constraints, UNIQUE and CHECK constraints and
 * foreign key options from the CREATE TABLE text with regular expressions
 * that do not cross lines; the matchers below follow those rules (one
 * table item per line is what SQLAlchemy and Alembic write), including
 * where they misread hand-written DDL, so that a recreate keeps what
 * Alembic's keeps. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cupel/reflect.h"

/* ---- text helpers (ASCII, case-insensitive as re.I) ---- */

static bool at_ci(const char *s, const char *word)
{
	for (; *word; s++, word++)
		if (!*s || tolower((unsigned char)*s) != tolower((unsigned char)*word))
			return false;
	return true;
}

static bool is_w(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static const char *skip_spaces(const char *s)
{
	while (*s == ' ')
		s++;
	return s;
}

/* `(?:"(.+?)")|([a-z0-9_]+)` over a column list: the names in it. */
static struct strvec cols_in_sig(struct arena *a, const char *s, size_t n)
{
	struct strvec v = { NULL, 0 };
	size_t cap = 0;
	for (size_t i = 0; i < n;) {
		const char *start = NULL;
		size_t len = 0;
		if (s[i] == '"') {
			size_t j = i + 2;
			while (j < n && s[j] != '"' && s[j] != '\n')
				j++;
			if (j < n && s[j] == '"' && j > i + 1) {
				start = s + i + 1;
				len = j - i - 1;
				i = j + 1;
			} else {
				i++;
			}
		} else if (is_w(s[i])) {
			size_t j = i;
			while (j < n && is_w(s[j]))
				j++;
			start = s + i;
			len = j - i;
			i = j;
		} else {
			i++;
		}
		if (start) {
			if (v.n == cap) {
				size_t nc = cap ? cap * 2 : 4;
				v.v = arena_grow(a, v.v, v.n, nc, sizeof(*v.v));
				cap = nc;
			}
			v.v[v.n++] = arena_strndup(a, start, len);
		}
	}
	return v;
}

static bool same_cols(const struct strvec *x, const struct strvec *y)
{
	if (x->n != y->n)
		return false;
	for (size_t i = 0; i < x->n; i++)
		if (strcmp(x->v[i], y->v[i]))
			return false;
	return true;
}

/* ---- types: SQLAlchemy's _resolve_type_affinity ---- */

static const struct sqltype *resolve_type(struct arena *a, const char *declared)
{
	char up[256];
	size_t n = 0;
	for (; declared[n] && n + 1 < sizeof(up); n++)
		up[n] = (char)toupper((unsigned char)declared[n]);
	up[n] = '\0';
	/* `([\w ]+)(\(.*?\))?`: the name, then numbers in the first (...) */
	size_t nl = 0;
	while (up[nl] && (is_w(up[nl]) || up[nl] == ' '))
		nl++;
	char name[256];
	memcpy(name, up, nl);
	name[nl] = '\0';
	int args[8], n_args = 0;
	bool has_args = false;
	if (nl && up[nl] == '(') {
		const char *close = strchr(up + nl, ')');
		if (close) {
			has_args = true;
			for (const char *p = up + nl; p < close;) {
				if (isdigit((unsigned char)*p)) {
					long v = strtol(p, (char **)&p, 10);
					if (n_args < 8)
						args[n_args++] = (int)v;
				} else {
					p++;
				}
			}
		}
	}
	static const struct { const char *name; enum sqltype_kind kind; int max_args; } names[] = {
		{ "BIGINT", SQLTYPE_BIGINT, 0 },      { "BLOB", SQLTYPE_LARGE_BINARY, 1 },
		{ "BOOL", SQLTYPE_BOOLEAN, 0 },       { "BOOLEAN", SQLTYPE_BOOLEAN, 0 },
		{ "CHAR", SQLTYPE_UPPER_CHAR, 1 },    { "DATE", SQLTYPE_DATE, 0 },
		{ "DATE_CHAR", SQLTYPE_DATE, 0 },     { "DATETIME", SQLTYPE_DATETIME, 0 },
		{ "DATETIME_CHAR", SQLTYPE_DATETIME, 0 }, { "DOUBLE", SQLTYPE_FLOAT, 3 },
		{ "FLOAT", SQLTYPE_FLOAT, 3 },        { "INT", SQLTYPE_UPPER_INTEGER, 0 },
		{ "INTEGER", SQLTYPE_UPPER_INTEGER, 0 }, { "JSON", SQLTYPE_JSON, 0 },
		{ "NUMERIC", SQLTYPE_NUMERIC, 2 },    { "REAL", SQLTYPE_UPPER_REAL, 3 },
		{ "SMALLINT", SQLTYPE_SMALLINT, 0 },  { "TEXT", SQLTYPE_TEXT, 1 },
		{ "TIME", SQLTYPE_TIME, 0 },          { "TIME_CHAR", SQLTYPE_TIME, 0 },
		{ "TIMESTAMP", SQLTYPE_UPPER_TIMESTAMP, 0 }, { "VARCHAR", SQLTYPE_UPPER_VARCHAR, 1 },
		{ "DECIMAL", SQLTYPE_UPPER_DECIMAL, 2 }, { "NVARCHAR", SQLTYPE_UPPER_NVARCHAR, 1 },
		{ "NCHAR", SQLTYPE_UPPER_NCHAR, 1 },
	};
	struct sqltype *t = arena_alloc(a, sizeof(*t));
	int kind = -1, max_args = 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i].name)) {
			kind = (int)names[i].kind;
			max_args = names[i].max_args;
		}
	if (kind < 0) {
		if (strstr(name, "INT")) {
			kind = SQLTYPE_UPPER_INTEGER;
		} else if (strstr(name, "CHAR") || strstr(name, "CLOB") || strstr(name, "TEXT")) {
			kind = SQLTYPE_TEXT;
			max_args = 1;
		} else if (strstr(name, "BLOB") || !name[0]) {
			/* NullType: SQLAlchemy cannot write DDL for it either */
			sqltype_init(t, SQLTYPE_UNKNOWN);
			t->source = arena_printf(a, "NullType() (declared \"%s\")", declared);
			return t;
		} else if (strstr(name, "REAL") || strstr(name, "FLOA") || strstr(name, "DOUB")) {
			kind = SQLTYPE_UPPER_REAL;
			max_args = 3;
		} else {
			kind = SQLTYPE_NUMERIC;
			max_args = 2;
		}
	}
	sqltype_init(t, (enum sqltype_kind)kind);
	/* more arguments than the class takes: SQLAlchemy warns and uses none */
	if (has_args && n_args <= max_args) {
		if (kind == SQLTYPE_NUMERIC || kind == SQLTYPE_UPPER_DECIMAL) {
			if (n_args > 0)
				t->precision = args[0];
			if (n_args > 1)
				t->scale = args[1];
		} else if (kind == SQLTYPE_FLOAT || kind == SQLTYPE_UPPER_REAL) {
			if (n_args > 0)
				t->precision = args[0];
		} else if (n_args > 0) {
			t->length = args[0];
		}
	}
	return t;
}

/* ---- the CREATE TABLE text ---- */

static const char *line_end(const char *s)
{
	const char *e = strchr(s, '\n');
	return e ? e : s + strlen(s);
}

/* `CONSTRAINT (\w+) PRIMARY KEY`, first match */
static const char *pk_name(struct arena *a, const char *sql)
{
	for (const char *p = sql; *p; p++) {
		if (!at_ci(p, "CONSTRAINT "))
			continue;
		const char *n = p + 11, *e = n;
		while (is_w(*e))
			e++;
		if (e > n && at_ci(e, " PRIMARY KEY"))
			return arena_strndup(a, n, (size_t)(e - n));
	}
	return NULL;
}

struct parsed_fk {
	const char *name;
	struct strvec cols, ref_cols;
	const char *ref_table;
	const char *ondelete, *onupdate, *initially;
	int deferrable;
	const char *end;
};

/* SQLAlchemy's FK_PATTERN from "FOREIGN KEY" at p (name already read). */
static bool fk_at(struct arena *a, const char *p, struct parsed_fk *f)
{
	const char *eol = line_end(p);
	const char *s = skip_spaces(p + 11);
	if (*s != '(')
		return false;
	s = skip_spaces(s + 1);
	/* (.+?) *\) +REFERENCES + : the shortest column list */
	const char *cols = s, *q;
	for (q = s + 1; q <= eol; q++) {
		const char *r = skip_spaces(q);
		if (*r != ')' || r[1] != ' ')
			continue;
		r = skip_spaces(r + 1);
		if (at_ci(r, "REFERENCES ")) {
			s = skip_spaces(r + 11);
			break;
		}
	}
	if (q > eol || cols >= eol)
		return false;
	f->cols = cols_in_sig(a, cols, (size_t)(q - cols));
	const char *tn, *te;
	if (*s == '"') {
		tn = s + 1;
		te = tn + 1;
		while (te < eol && *te != '"')
			te++;
		if (te >= eol)
			return false;
		s = te + 1;
	} else {
		tn = te = s;
		while (is_w(*te))
			te++;
		if (te == tn)
			return false;
		s = te;
	}
	f->ref_table = arena_strndup(a, tn, (size_t)(te - tn));
	s = skip_spaces(s);
	if (*s != '(')
		return false;
	const char *rc = s + 1, *close = rc + 1;
	while (close < eol && *close != ')')
		close++;
	if (close >= eol)
		return false;
	f->ref_cols = cols_in_sig(a, rc, (size_t)(close - rc));
	s = skip_spaces(close + 1);
	static const char *const actions[] = { "SET NULL", "SET DEFAULT", "CASCADE", "RESTRICT", "NO ACTION" };
	for (;;) {
		bool del = at_ci(s, "ON DELETE "), upd = at_ci(s, "ON UPDATE ");
		if (!del && !upd)
			break;
		const char *act = NULL;
		for (size_t i = 0; i < 5 && !act; i++)
			if (at_ci(s + 10, actions[i]))
				act = actions[i];
		if (!act)
			break;
		/* NO ACTION is the default: SQLAlchemy drops it */
		if (strcmp(act, "NO ACTION")) {
			if (del)
				f->ondelete = act;
			else
				f->onupdate = act;
		}
		s = skip_spaces(s + 10 + strlen(act));
	}
	const char *d = s;
	bool not_ = false;
	if (at_ci(d, "NOT ")) {
		d = skip_spaces(d + 4);
		not_ = true;
	}
	if (at_ci(d, "DEFERRABLE")) {
		f->deferrable = !not_;
		s = d + 10;
	}
	/* ` +INITIALLY +`: the spaces before it may be the options' own */
	const char *i = skip_spaces(s);
	if (i > p && i[-1] == ' ' && at_ci(i, "INITIALLY ")) {
		i = skip_spaces(i + 10);
		if (at_ci(i, "DEFERRED"))
			f->initially = "DEFERRED", s = i + 8;
		else if (at_ci(i, "IMMEDIATE"))
			f->initially = "IMMEDIATE", s = i + 9;
	}
	f->end = s;
	return true;
}

/* Every FK_PATTERN match of the text, in order. */
static size_t parse_fks(struct arena *a, const char *sql, struct parsed_fk **out)
{
	size_t n = 0, cap = 0;
	*out = NULL;
	for (const char *p = sql; *p;) {
		struct parsed_fk f = { .deferrable = -1 };
		bool ok = false;
		if (at_ci(p, "CONSTRAINT ")) {
			const char *nm = p + 11, *e = nm;
			while (is_w(*e))
				e++;
			const char *k = skip_spaces(e);
			if (e > nm && k > e && at_ci(k, "FOREIGN KEY") && fk_at(a, k, &f)) {
				f.name = arena_strndup(a, nm, (size_t)(e - nm));
				ok = true;
			}
		}
		if (!ok && at_ci(p, "FOREIGN KEY"))
			ok = fk_at(a, p, &f);
		if (!ok) {
			p++;
			continue;
		}
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 4;
			*out = arena_grow(a, *out, n, nc, sizeof(**out));
			cap = nc;
		}
		(*out)[n++] = f;
		p = f.end > p ? f.end : p + 1;
	}
	return n;
}

struct parsed_uq {
	const char *name;
	struct strvec cols;
};

/* ` +UNIQUE *\((.+?)\)` at s: the column list's bounds and the end. */
static bool uq_rest(const char *s, bool spaces, const char **c0, const char **c1, const char **end)
{
	const char *eol = line_end(s);
	if (spaces) {
		if (*s != ' ')
			return false;
		s = skip_spaces(s);
	}
	if (!at_ci(s, "UNIQUE"))
		return false;
	s = skip_spaces(s + 6);
	if (*s != '(')
		return false;
	const char *close = s + 2;
	while (close < eol && *close != ')')
		close++;
	if (close >= eol)
		return false;
	*c0 = s + 1;
	*c1 = close;
	*end = close + 1;
	return true;
}

/* UNIQUE constraints: SQLAlchemy's UNIQUE_PATTERN (named or not, with a
 * column list) then its INLINE_UNIQUE_PATTERN (a column whose line says
 * UNIQUE after simple words). */
static size_t parse_uqs(struct arena *a, const char *sql, struct parsed_uq **out)
{
	size_t n = 0, cap = 0;
	*out = NULL;
#define PUSH(nm, cv)                                                            \
	do {                                                                    \
		if (n == cap) {                                                 \
			size_t nc = cap ? cap * 2 : 4;                          \
			*out = arena_grow(a, *out, n, nc, sizeof(**out));       \
			cap = nc;                                               \
		}                                                               \
		(*out)[n].name = (nm);                                          \
		(*out)[n].cols = (cv);                                          \
		n++;                                                            \
	} while (0)
	for (const char *p = sql; *p;) {
		const char *c0, *c1, *end = NULL, *name = NULL;
		if (at_ci(p, "CONSTRAINT ")) {
			/* "?(.+?)"? + : the shortest name followed by UNIQUE (...) */
			const char *nm = p + 11, *eol = line_end(p);
			if (*nm == '"')
				nm++;
			for (const char *q = nm + 1; q <= eol && !end; q++) {
				if (*q == '"' && uq_rest(q + 1, true, &c0, &c1, &end))
					name = arena_strndup(a, nm, (size_t)(q - nm));
				else if (uq_rest(q, true, &c0, &c1, &end))
					name = arena_strndup(a, nm, (size_t)(q - nm));
			}
			if (!end && *(p + 11) == '"') {
				/* the optional quote not taken: the name starts with it */
				nm = p + 11;
				for (const char *q = nm + 1; q <= eol && !end; q++)
					if (uq_rest(q, true, &c0, &c1, &end))
						name = arena_strndup(a, nm, (size_t)(q - nm));
			}
		}
		if (!end && !uq_rest(p, false, &c0, &c1, &end)) {
			p++;
			continue;
		}
		PUSH(name, cols_in_sig(a, c0, (size_t)(c1 - c0)));
		p = end;
	}
	for (const char *p = sql; *p;) {
		/* (".+?")|[\[`]?([a-z0-9_]+)[\]`]? then ` +[a-z0-9_ ]+? +UNIQUE` */
		const char *w0 = NULL, *w1 = NULL, *after = NULL;
		if (*p == '"') {
			const char *eol = line_end(p);
			for (const char *q = p + 2; q < eol && !after; q++)
				if (*q == '"') {
					w0 = p;
					w1 = q + 1;
					after = q + 1;
				}
		} else {
			const char *s = p;
			if (*s == '[' || *s == '`')
				s++;
			const char *e = s;
			while (is_w(*e))
				e++;
			if (e > s) {
				w0 = s;
				w1 = e;
				after = (*e == ']' || *e == '`') ? e + 1 : e;
			}
		}
		const char *uend = NULL;
		if (after && *after == ' ') {
			/* the span up to UNIQUE: spaces, words, spaces (3+ chars) */
			for (const char *q = after; is_w(*q) || *q == ' '; q++) {
				if (q - after >= 3 && q[-1] == ' ' && at_ci(q, "UNIQUE")) {
					uend = q + 6;
					break;
				}
			}
		}
		if (!uend) {
			/* a quoted name may also close at a later quote: rare, skip */
			p++;
			continue;
		}
		PUSH(NULL, cols_in_sig(a, w0, (size_t)(w1 - w0)));
		p = uend;
	}
#undef PUSH
	return n;
}

struct parsed_ck {
	const char *name;
	const char *sqltext;
	const char *end;
};

/* CHECK *\( *(.+) *\) at c, to the last ")" of the line. */
static bool ck_rest(struct arena *a, const char *c, struct parsed_ck *k)
{
	if (!at_ci(c, "CHECK"))
		return false;
	const char *eol = line_end(c);
	const char *s = skip_spaces(c + 5);
	if (*s != '(')
		return false;
	s = skip_spaces(s + 1);
	const char *last = NULL;
	for (const char *q = s + 1; q < eol; q++)
		if (*q == ')')
			last = q;
	if (!last)
		return false;
	k->sqltext = arena_strndup(a, s, (size_t)(last - s));
	const char *e = last + 1;
	if (*e == ',')
		e++;
	k->end = skip_spaces(e);
	return true;
}

/* SQLAlchemy's CHECK_PATTERN: `(?:CONSTRAINT (.+) +)?CHECK ...`, the
 * name greedy (up to the line's last CHECK), quotes at its ends dropped. */
static size_t parse_checks(struct arena *a, const char *sql, struct parsed_ck **out)
{
	size_t n = 0, cap = 0;
	*out = NULL;
	for (const char *p = sql; *p;) {
		struct parsed_ck k = { NULL, NULL, NULL };
		bool ok = false;
		if (at_ci(p, "CONSTRAINT ")) {
			const char *nm = p + 11, *eol = line_end(p);
			for (const char *c = eol - 1; c > nm + 1 && !ok; c--)
				if (c[-1] == ' ' && ck_rest(a, c, &k)) {
					const char *ne = c - 1;
					if (*nm == '"')
						nm++;
					if (ne > nm && ne[-1] == '"')
						ne--;
					k.name = arena_strndup(a, nm, (size_t)(ne - nm));
					ok = true;
				}
		}
		if (!ok)
			ok = ck_rest(a, p, &k);
		if (!ok) {
			p++;
			continue;
		}
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 4;
			*out = arena_grow(a, *out, n, nc, sizeof(**out));
			cap = nc;
		}
		(*out)[n++] = k;
		p = k.end > p ? k.end : p + 1;
	}
	return n;
}

/* Alembic's column_reflect listener for batch (SQLiteImpl's guess that a
 * default is an unparenthesized SQL expression): the default gets
 * parentheses unless it is one digit or dot, a quoted string or already
 * in parentheses, all on one line. */
static const char *batch_default(struct arena *a, const char *d)
{
	size_t n = strlen(d);
	bool one_line = !strchr(d, '\n');
	if (!n || (n == 1 && (isdigit((unsigned char)d[0]) || d[0] == '.')))
		return d;
	if (one_line && n >= 3 && ((d[0] == '\'' && d[n - 1] == '\'') || (d[0] == '(' && d[n - 1] == ')')))
		return d;
	return arena_printf(a, "(%s)", d);
}

/* ---- the catalog ---- */

static bool query(struct db *db, struct arena *a, const char *sql, const char *param, struct db_rows *rows,
		  struct strbuf *err)
{
	const char *params[1] = { param };
	struct db_error e;
	if (db_query(db, a, sql, params, 1, rows, &e))
		return true;
	strbuf_adds(err, "could not reflect the table: ");
	db_error_format(err, db, &e);
	return false;
}

#define CELL(rows, r, c) ((rows).cells[(r) * (rows).n_cols + (c)])

struct rindex {
	const char *name;
	bool unique, autoindex;
	const char *where;
	struct strvec cols;
	bool expression;
};

static int cmp_index(const void *x, const void *y)
{
	const struct op_index *a = x, *b = y;
	return strcmp(a->name, b->name);
}

bool reflect_sqlite_table(struct db *db, struct arena *a, const char *table, const struct op **out,
			  struct strbuf *err)
{
	struct db_rows rows;
	if (!query(db, a,
		   "SELECT sql FROM (SELECT * FROM sqlite_master UNION ALL SELECT * FROM sqlite_temp_master) "
		   "WHERE name = ?1 AND type = 'table'",
		   table, &rows, err))
		return false;
	if (rows.n_rows == 0) {
		/* Alembic: sqlalchemy.exc.NoSuchTableError */
		strbuf_addf(err, "no such table: \"%s\" (batch_alter_table reflects it from the database)", table);
		return false;
	}
	const char *sql = CELL(rows, 0, 0) ? CELL(rows, 0, 0) : "";
	struct op *t = arena_alloc(a, sizeof(*t));
	memset(t, 0, sizeof(*t));
	t->kind = OP_CREATE_TABLE;
	t->table = table;
	/* columns */
	struct db_rows cr;
	if (!query(db, a, "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?1) ORDER BY cid",
		   table, &cr, err))
		return false;
	t->columns = arena_alloc(a, (cr.n_rows ? cr.n_rows : 1) * sizeof(*t->columns));
	int max_pk = 0;
	for (size_t r = 0; r < cr.n_rows; r++) {
		int hidden = atoi(CELL(cr, r, 5) ? CELL(cr, r, 5) : "0");
		if (hidden == 1)
			continue;
		if (hidden) {
			strbuf_addf(err, "cannot reflect the generated column %s.%s", table, CELL(cr, r, 0));
			return false;
		}
		struct op_column *c = &t->columns[t->n_columns++];
		memset(c, 0, sizeof(*c));
		c->name = CELL(cr, r, 0);
		c->type = resolve_type(a, CELL(cr, r, 1) ? CELL(cr, r, 1) : "");
		c->nullable = !atoi(CELL(cr, r, 2));
		int pk = atoi(CELL(cr, r, 4));
		c->primary_key = pk > 0;
		max_pk = pk > max_pk ? pk : max_pk;
		c->autoincrement = -1;
		c->unique = c->index = -1;
		if (CELL(cr, r, 3)) {
			c->server_default.kind = DEFAULT_TEXT;
			c->server_default.text = batch_default(a, CELL(cr, r, 3));
		}
	}
	size_t n_parsed_uq, n_parsed_fk, n_parsed_ck;
	struct parsed_uq *puq;
	struct parsed_fk *pfk;
	struct parsed_ck *pck;
	n_parsed_uq = parse_uqs(a, sql, &puq);
	n_parsed_fk = parse_fks(a, sql, &pfk);
	n_parsed_ck = parse_checks(a, sql, &pck);
	/* indexes, automatic ones too (they tell UNIQUE constraints apart) */
	struct db_rows ir;
	if (!query(db, a, "SELECT name, \"unique\", partial FROM pragma_index_list(?1)", table, &ir, err))
		return false;
	struct rindex *ix = arena_alloc(a, (ir.n_rows ? ir.n_rows : 1) * sizeof(*ix));
	for (size_t r = 0; r < ir.n_rows; r++) {
		struct rindex *x = &ix[r];
		memset(x, 0, sizeof(*x));
		x->name = CELL(ir, r, 0);
		x->unique = atoi(CELL(ir, r, 1)) != 0;
		x->autoindex = !strncmp(x->name, "sqlite_autoindex", 16);
		if (!x->autoindex && CELL(ir, r, 2) && atoi(CELL(ir, r, 2))) {
			/* `\)\s+where\s+(.+)`: the predicate, to the end of its line */
			struct db_rows sr;
			if (!query(db, a, "SELECT sql FROM sqlite_master WHERE name = ?1 AND type = 'index'", x->name, &sr,
				   err))
				return false;
			const char *s = sr.n_rows && CELL(sr, 0, 0) ? CELL(sr, 0, 0) : "";
			for (const char *p = strchr(s, ')'); p && !x->where; p = strchr(p + 1, ')')) {
				const char *q = p + 1;
				if (!isspace((unsigned char)*q))
					continue;
				while (isspace((unsigned char)*q))
					q++;
				if (!at_ci(q, "where") || !isspace((unsigned char)q[5]))
					continue;
				q += 5;
				while (isspace((unsigned char)*q))
					q++;
				if (*q)
					x->where = arena_strndup(a, q, (size_t)(line_end(q) - q));
			}
		}
		struct db_rows xr;
		if (!query(db, a, "SELECT name FROM pragma_index_info(?1) ORDER BY seqno", x->name, &xr, err))
			return false;
		x->cols.v = arena_alloc(a, (xr.n_rows ? xr.n_rows : 1) * sizeof(*x->cols.v));
		for (size_t k = 0; k < xr.n_rows; k++) {
			if (!CELL(xr, k, 0))
				x->expression = true; /* SQLAlchemy skips it with a warning */
			x->cols.v[x->cols.n++] = CELL(xr, k, 0);
		}
	}
	size_t ccap = 1 + n_parsed_uq + n_parsed_ck + 8;
	struct db_rows fr;
	if (!query(db, a, "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?1) ORDER BY id DESC, seq",
		   table, &fr, err))
		return false;
	ccap += fr.n_rows;
	t->constraints = arena_alloc(a, ccap * sizeof(*t->constraints));
	/* the primary key, named or not, its columns in the key's order */
	const char *pkn = pk_name(a, sql);
	if (max_pk) {
		struct op_constraint *k = &t->constraints[t->n_constraints++];
		memset(k, 0, sizeof(*k));
		k->kind = CON_PRIMARY_KEY;
		k->name = pkn;
		k->deferrable = -1;
		k->cols.v = arena_alloc(a, (size_t)max_pk * sizeof(*k->cols.v));
		for (int o = 1; o <= max_pk; o++)
			for (size_t r = 0; r < cr.n_rows; r++)
				if (atoi(CELL(cr, r, 4)) == o)
					k->cols.v[k->cols.n++] = CELL(cr, r, 0);
	}
	/* foreign keys from the pragma, grouped by id; a name and options
	 * when the text has a matching FOREIGN KEY clause */
	size_t fk0 = t->n_constraints;
	for (size_t r = 0; r < fr.n_rows;) {
		const char *id = CELL(fr, r, 0);
		struct op_constraint *k = &t->constraints[t->n_constraints++];
		memset(k, 0, sizeof(*k));
		k->kind = CON_FOREIGN_KEY;
		k->deferrable = -1;
		k->fk.deferrable = -1;
		k->fk.ref_table = CELL(fr, r, 1);
		size_t r0 = r;
		while (r < fr.n_rows && !strcmp(CELL(fr, r, 0), id))
			r++;
		k->fk.cols.v = arena_alloc(a, (r - r0) * sizeof(char *));
		k->fk.ref_cols.v = arena_alloc(a, (r - r0 + 8) * sizeof(char *));
		for (size_t j = r0; j < r; j++) {
			k->fk.cols.v[k->fk.cols.n++] = CELL(fr, j, 2);
			if (CELL(fr, j, 3))
				k->fk.ref_cols.v[k->fk.ref_cols.n++] = CELL(fr, j, 3);
		}
		if (!CELL(fr, r0, 3)) {
			/* no referred column: the referred table's primary key */
			struct db_rows pr;
			if (!query(db, a, "SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk", k->fk.ref_table,
				   &pr, err))
				return false;
			k->fk.ref_cols.v = arena_alloc(a, (pr.n_rows ? pr.n_rows : 1) * sizeof(char *));
			k->fk.ref_cols.n = 0;
			for (size_t j = 0; j < pr.n_rows; j++)
				k->fk.ref_cols.v[k->fk.ref_cols.n++] = CELL(pr, j, 0);
		}
	}
	bool *taken = arena_alloc(a, (t->n_constraints - fk0 + 1) * sizeof(bool));
	memset(taken, 0, (t->n_constraints - fk0 + 1) * sizeof(bool));
	for (size_t i = 0; i < n_parsed_fk; i++) {
		for (size_t j = fk0; j < t->n_constraints; j++) {
			struct op_fk *f = &t->constraints[j].fk;
			if (taken[j - fk0] || strcmp(f->ref_table, pfk[i].ref_table) || !same_cols(&f->cols, &pfk[i].cols) ||
			    !same_cols(&f->ref_cols, &pfk[i].ref_cols))
				continue;
			taken[j - fk0] = true;
			f->name = t->constraints[j].name = pfk[i].name;
			f->ondelete = pfk[i].ondelete;
			f->onupdate = pfk[i].onupdate;
			f->initially = pfk[i].initially;
			f->deferrable = pfk[i].deferrable;
			break;
		}
	}
	/* UNIQUE constraints: those with an automatic index of their columns */
	bool *used = arena_alloc(a, (ir.n_rows + 1) * sizeof(bool));
	memset(used, 0, (ir.n_rows + 1) * sizeof(bool));
	for (size_t i = 0; i < n_parsed_uq; i++) {
		for (size_t r = 0; r < ir.n_rows; r++) {
			if (used[r] || !ix[r].autoindex || !same_cols(&ix[r].cols, &puq[i].cols))
				continue;
			used[r] = true;
			struct op_constraint *k = &t->constraints[t->n_constraints++];
			memset(k, 0, sizeof(*k));
			k->kind = CON_UNIQUE;
			k->name = puq[i].name;
			k->cols = puq[i].cols;
			k->deferrable = -1;
			break;
		}
	}
	for (size_t i = 0; i < n_parsed_ck; i++) {
		struct op_constraint *k = &t->constraints[t->n_constraints++];
		memset(k, 0, sizeof(*k));
		k->kind = CON_CHECK;
		k->name = pck[i].name;
		k->sqltext = pck[i].sqltext;
		k->deferrable = -1;
	}
	/* indexes by name, as SQLAlchemy sorts them */
	t->indexes = arena_alloc(a, (ir.n_rows ? ir.n_rows : 1) * sizeof(*t->indexes));
	for (size_t r = 0; r < ir.n_rows; r++) {
		if (ix[r].autoindex || ix[r].expression)
			continue;
		struct op_index *x = &t->indexes[t->n_indexes++];
		memset(x, 0, sizeof(*x));
		x->name = ix[r].name;
		x->table = table;
		x->unique = ix[r].unique;
		x->sqlite_where = ix[r].where;
		x->elems = arena_alloc(a, (ix[r].cols.n ? ix[r].cols.n : 1) * sizeof(*x->elems));
		for (size_t k = 0; k < ix[r].cols.n; k++) {
			memset(&x->elems[k], 0, sizeof(x->elems[k]));
			x->elems[k].name = ix[r].cols.v[k];
		}
		x->n_elems = ix[r].cols.n;
	}
	qsort(t->indexes, t->n_indexes, sizeof(*t->indexes), cmp_index);
	*out = t;
	return true;
}
