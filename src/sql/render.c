/* render.c - SQL text of each operation, per dialect (SQLAlchemy 1.4's DDL
 * compiler and Alembic 1.8's ddl/impl, as seen in their offline output). */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cupel/coresql.h"
#include "cupel/sqlquote.h"
#include "cupel/sqlrender.h"
#include "cupel/sqltype.h"

struct rctx {
	struct strbuf *out;
	enum dialect d;
	bool in_txn;
	struct sqlrender_stats *stats;
	/* execution: each item handed over on its own instead of as text */
	sqlrender_item_fn item;
	void *item_ctx;
	const struct op *cur;   /* the operation being rendered */
	/* the described items, and what the next statement is */
	sqlrender_form_fn item_form;
	struct sqlrender_form form;
	/* a batch recreate's table came from the live database (Alembic
	 * treats a reflected table slightly differently from copy_from) */
	bool reflected;
	/* online: a live PostgreSQL with standard_conforming_strings on,
	 * where a string literal's backslash is written once */
	bool live;
};

/* A string literal, as the connected dialect (live) or offline writes it. */
static void lit(const struct rctx *r, struct strbuf *sb, const char *s)
{
	sqlquote_literal(sb, s, r->d, !r->live);
}

void sqlrender_emit(struct strbuf *out, const char *stmt, size_t len)
{
	size_t s = 0, e = len;
	while (s < e && strchr(" \t\n\r\f\v", stmt[s]))
		s++;
	while (e > s && strchr(" \t\n\r\f\v", stmt[e - 1]))
		e--;
	for (size_t i = s; i < e; i++) {
		if (stmt[i] == '\t')
			strbuf_adds(out, "    ");
		else
			strbuf_addc(out, stmt[i]);
	}
	strbuf_adds(out, ";\n\n");
}

static void emit_sb(struct rctx *r, struct strbuf *sb)
{
	if (r->item_form)
		r->item_form(r->item_ctx, SQLRENDER_STATEMENT, strbuf_str(sb), r->cur, &r->form);
	else if (r->item)
		r->item(r->item_ctx, SQLRENDER_STATEMENT, strbuf_str(sb), r->cur);
	else
		sqlrender_emit(r->out, strbuf_str(sb), sb->len);
	strbuf_reset(sb);
	memset(&r->form, 0, sizeof(r->form));
}

/* Describe the next statement (see sqlrender_form). */
static struct sqlrender_form *form(struct rctx *r, enum sqlrender_form_kind k, const char *schema, const char *table)
{
	memset(&r->form, 0, sizeof(r->form));
	r->form.kind = k;
	r->form.schema = schema;
	r->form.table = table;
	return &r->form;
}

/* Hand a non-statement item to whichever callback is set. */
static void item(struct rctx *r, enum sqlrender_item kind, const char *text, const struct op *o)
{
	if (r->item_form)
		r->item_form(r->item_ctx, kind, text, o, NULL);
	else
		r->item(r->item_ctx, kind, text, o);
}

/* A comment in place of what cannot be rendered: what, where, why, and the
 * source lines, each commented. */
static void note(struct rctx *r, const struct op *o, const char *why)
{
	/* a statement described but not emitted describes nothing else */
	memset(&r->form, 0, sizeof(r->form));
	if (r->item || r->item_form) {
		item(r, SQLRENDER_NOT_RENDERED, why, o);
		return;
	}
	strbuf_addf(r->out, "-- cupel: %s (line %u) not rendered: %s\n",
		    o->kind == OP_OPAQUE ? "opaque step" : op_kind_name(o->kind), o->line, why);
	for (const char *s = o->source; s && *s;) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		strbuf_adds(r->out, "--   ");
		strbuf_add(r->out, s, n);
		strbuf_addc(r->out, '\n');
		s += n + (nl ? 1 : 0);
	}
	strbuf_addc(r->out, '\n');
}

static void refuse(struct rctx *r, const struct op *o, const char *why)
{
	r->stats->errors++;
	note(r, o, why);
}

static void ident(struct rctx *r, struct strbuf *sb, const char *name)
{
	sqlquote_ident(sb, name, r->d);
}

static void qualified(struct rctx *r, struct strbuf *sb, const char *schema, const char *name)
{
	sqlquote_qualified(sb, schema, name, r->d);
}

static void ident_list(struct rctx *r, struct strbuf *sb, const struct strvec *v)
{
	for (size_t i = 0; i < v->n; i++) {
		if (i)
			strbuf_adds(sb, ", ");
		ident(r, sb, v->v[i]);
	}
}

static bool type_is_integer_affinity(const struct sqltype *t)
{
	switch (t->kind) {
	case SQLTYPE_INTEGER: case SQLTYPE_BIGINT: case SQLTYPE_SMALLINT: case SQLTYPE_UPPER_INTEGER:
	case SQLTYPE_NUMERIC: case SQLTYPE_FLOAT: case SQLTYPE_UPPER_REAL: case SQLTYPE_PG_DOUBLE_PRECISION:
	case SQLTYPE_UPPER_DECIMAL:
		return true;
	default:
		return false;
	}
}

/* The type's DDL text; false (and the op refused) when SQLAlchemy raises. */
static bool type_text(struct rctx *r, struct strbuf *sb, const struct sqltype *t, const char **err)
{
	return sqltype_render(sb, t, r->d, err);
}

/* The default's SQL: literal strings quoted, text verbatim, functions per
 * dialect; `in_ddl` is CREATE TABLE / ADD COLUMN (SQLite parenthesises
 * column expressions there) versus ALTER COLUMN SET DEFAULT. */
static bool default_text(struct rctx *r, struct strbuf *sb, const struct op_default *df, bool in_ddl)
{
	switch (df->kind) {
	case DEFAULT_STRING:
		lit(r, sb, df->text);
		return true;
	case DEFAULT_NUMBER:
		/* a Python number as server_default renders as a quoted string */
		lit(r, sb, df->text);
		return true;
	case DEFAULT_TEXT:
		strbuf_adds(sb, df->text);
		return true;
	case DEFAULT_TRUE:
	case DEFAULT_FALSE: {
		bool t = df->kind == DEFAULT_TRUE;
		if (r->d == DIALECT_POSTGRESQL)
			strbuf_adds(sb, t ? "true" : "false");
		else
			strbuf_adds(sb, in_ddl ? (t ? "(1)" : "(0)") : (t ? "1" : "0"));
		return true;
	}
	case DEFAULT_FUNC: {
		/* sa.func.NAME(): SQLAlchemy 1.4 looks registered names up without
		 * regard to case; its ANSI functions print as bare keywords, and
		 * some are compiled per dialect (SQLite: now, localtimestamp) */
		static const struct { const char *name, *pg, *sl; } fns[] = {
			{ "now", "now()", "CURRENT_TIMESTAMP" },
			{ "current_timestamp", "CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP" },
			{ "current_date", "CURRENT_DATE", "CURRENT_DATE" },
			{ "current_time", "CURRENT_TIME", "CURRENT_TIME" },
			{ "localtime", "LOCALTIME", "LOCALTIME" },
			{ "localtimestamp", "LOCALTIMESTAMP", "DATETIME(CURRENT_TIMESTAMP, \"localtime\")" },
			{ "current_user", "CURRENT_USER", "CURRENT_USER" },
			{ "session_user", "SESSION_USER", "SESSION_USER" },
			{ "user", "USER", "USER" },
			{ "sysdate", "sysdate", "sysdate" },
			{ "random", "random()", "random()" },
		};
		const char *f = df->text, *txt = NULL;
		for (size_t i = 0; !txt && i < sizeof(fns) / sizeof(fns[0]); i++)
			if (!strcasecmp(f, fns[i].name))
				txt = r->d == DIALECT_SQLITE ? fns[i].sl : fns[i].pg;
		/* SQLite puts any expression default in parentheses in DDL */
		bool paren = r->d == DIALECT_SQLITE && in_ddl;
		if (paren)
			strbuf_addc(sb, '(');
		if (txt)
			strbuf_adds(sb, txt);
		else
			strbuf_addf(sb, "%s()", f);
		if (paren)
			strbuf_addc(sb, ')');
		return true;
	}
	default:
		return false;
	}
}

bool sqlrender_default(struct strbuf *out, const struct op_default *df, enum dialect d, bool in_ddl)
{
	struct rctx r = { out, d, false, NULL, NULL, NULL, NULL, NULL, { 0 }, false };
	return default_text(&r, out, df, in_ddl);
}

/* Is c the table's autoincrement column (SQLAlchemy's rules)? */
static bool is_autoinc(const struct op_column *c, bool is_pk, size_t n_pk)
{
	if (!is_pk || !c->type)
		return false;
	/* a variant has the affinity of its base type */
	const struct sqltype *t = c->type->kind == SQLTYPE_VARIANT && c->type->base ? c->type->base : c->type;
	if (n_pk == 1) {
		if (c->autoincrement == 1)
			return true;
		if (c->autoincrement == 0)
			return false;
		/* a Computed is a server default to SQLAlchemy */
		return type_is_integer_affinity(t) && c->server_default.kind == DEFAULT_NONE && !c->computed &&
		       !c->n_fks && !c->dropped_fk;
	}
	return c->autoincrement == 1;
}

/* With sqlite_autoincrement, may the table's single primary key column c
 * say PRIMARY KEY AUTOINCREMENT itself? An Integer type (not merely an
 * integer affinity: Numeric does not count) and no foreign key on it. */
static bool sqlite_inline_pk(const struct rctx *r, const struct op_column *c, bool has_fk)
{
	const struct sqltype *t = c && c->type ? sqltype_for(c->type, r->d) : NULL;
	return t && !has_fk &&
	       (t->kind == SQLTYPE_INTEGER || t->kind == SQLTYPE_BIGINT || t->kind == SQLTYPE_SMALLINT ||
		t->kind == SQLTYPE_UPPER_INTEGER);
}

/* A column's DDL. inline_pk: SQLite's PRIMARY KEY AUTOINCREMENT on the
 * column (sqlite_inline_pk), where SQLAlchemy puts it. */
static bool column_spec(struct rctx *r, struct strbuf *sb, const struct op_column *c, bool is_pk, bool autoinc,
			bool inline_pk, const char **err, struct sqlrender_form *fm)
{
	ident(r, sb, c->name);
	if (!c->type) {
		*err = "a column without a type";
		return false;
	}
	const struct sqltype *t = sqltype_for(c->type, r->d);
	bool nullable = c->nullable >= 0 ? c->nullable : !(is_pk || c->identity);
	bool has_identity = c->identity && r->d == DIALECT_POSTGRESQL;
	if (r->d == DIALECT_POSTGRESQL && autoinc && !has_identity && c->sequence != 1) {
		strbuf_adds(sb, t->kind == SQLTYPE_BIGINT ? " BIGSERIAL" : t->kind == SQLTYPE_SMALLINT ? " SMALLSERIAL" : " SERIAL");
		if (fm)
			fm->serial = true;
	} else {
		strbuf_addc(sb, ' ');
		if (!type_text(r, sb, c->type, err))
			return false;
		if (c->server_default.kind != DEFAULT_NONE) {
			if (fm)
				fm->has_default = true;
			strbuf_adds(sb, " DEFAULT ");
			if (!default_text(r, sb, &c->server_default, true)) {
				*err = "a server_default cupel cannot render";
				return false;
			}
		}
	}
	if (r->d == DIALECT_SQLITE && !nullable) {
		strbuf_adds(sb, " NOT NULL");
		if (c->sqlite_oc_not_null)
			strbuf_addf(sb, " ON CONFLICT %s", c->sqlite_oc_not_null);
	}
	if (r->d == DIALECT_SQLITE && inline_pk) {
		strbuf_adds(sb, " PRIMARY KEY");
		if (c->sqlite_oc_pk)
			strbuf_addf(sb, " ON CONFLICT %s", c->sqlite_oc_pk);
		strbuf_adds(sb, " AUTOINCREMENT");
	}
	if (c->computed) {
		strbuf_addf(sb, " GENERATED ALWAYS AS (%s)", c->computed->sqltext);
		if (c->computed->persisted == 1 || (r->d == DIALECT_POSTGRESQL && c->computed->persisted != 0))
			strbuf_adds(sb, " STORED");
		else if (c->computed->persisted == 0)
			strbuf_adds(sb, " VIRTUAL");
	}
	if (has_identity) {
		const struct op_identity *id = c->identity;
		strbuf_adds(sb, id->always == 1 ? " GENERATED ALWAYS AS IDENTITY" : " GENERATED BY DEFAULT AS IDENTITY");
		struct strbuf opt = STRBUF_INIT;
		if (id->increment)
			strbuf_addf(&opt, "INCREMENT BY %s", id->increment);
		if (id->start)
			strbuf_addf(&opt, "%sSTART WITH %s", opt.len ? " " : "", id->start);
		if (id->minvalue)
			strbuf_addf(&opt, "%sMINVALUE %s", opt.len ? " " : "", id->minvalue);
		if (id->maxvalue)
			strbuf_addf(&opt, "%sMAXVALUE %s", opt.len ? " " : "", id->maxvalue);
		/* SQLAlchemy's get_identity_options, in its order */
		if (id->nominvalue)
			strbuf_addf(&opt, "%sNO MINVALUE", opt.len ? " " : "");
		if (id->nomaxvalue)
			strbuf_addf(&opt, "%sNO MAXVALUE", opt.len ? " " : "");
		if (id->cache)
			strbuf_addf(&opt, "%sCACHE %s", opt.len ? " " : "", id->cache);
		if (id->order >= 0)
			strbuf_addf(&opt, "%s%s", opt.len ? " " : "", id->order ? "ORDER" : "NO ORDER");
		if (id->cycle >= 0)
			strbuf_addf(&opt, "%s%s", opt.len ? " " : "", id->cycle ? "CYCLE" : "NO CYCLE");
		if (opt.len)
			strbuf_addf(sb, " (%s)", opt.buf);
		strbuf_release(&opt);
	}
	if (r->d == DIALECT_POSTGRESQL) {
		if (!nullable && !has_identity) {
			strbuf_adds(sb, " NOT NULL");
			if (fm)
				fm->not_null = true;
		}
		else if (nullable && has_identity)
			strbuf_adds(sb, " NULL");
	}
	return true;
}

static void fk_text(struct rctx *r, struct strbuf *sb, const struct op_fk *fk)
{
	if (fk->name) {
		strbuf_adds(sb, "CONSTRAINT ");
		ident(r, sb, fk->name);
		strbuf_addc(sb, ' ');
	}
	strbuf_adds(sb, "FOREIGN KEY(");
	ident_list(r, sb, &fk->cols);
	strbuf_adds(sb, ") REFERENCES ");
	/* SQLite names the referenced table without its schema */
	qualified(r, sb, r->d == DIALECT_SQLITE ? NULL : fk->ref_schema, fk->ref_table);
	strbuf_adds(sb, " (");
	ident_list(r, sb, &fk->ref_cols);
	strbuf_addc(sb, ')');
	if (fk->match)
		strbuf_addf(sb, " MATCH %s", fk->match);
	if (fk->ondelete)
		strbuf_addf(sb, " ON DELETE %s", fk->ondelete);
	if (fk->onupdate)
		strbuf_addf(sb, " ON UPDATE %s", fk->onupdate);
	if (fk->deferrable == 1)
		strbuf_adds(sb, " DEFERRABLE");
	else if (fk->deferrable == 0)
		strbuf_adds(sb, " NOT DEFERRABLE");
	if (fk->initially)
		strbuf_addf(sb, " INITIALLY %s", fk->initially);
	if (fk->pg_not_valid && r->d == DIALECT_POSTGRESQL)
		strbuf_adds(sb, " NOT VALID");
}

static void deferrable_text(struct strbuf *sb, int deferrable, const char *initially)
{
	if (deferrable == 1)
		strbuf_adds(sb, " DEFERRABLE");
	else if (deferrable == 0)
		strbuf_adds(sb, " NOT DEFERRABLE");
	if (initially)
		strbuf_addf(sb, " INITIALLY %s", initially);
}

static void constraint_text(struct rctx *r, struct strbuf *sb, const struct op_constraint *k)
{
	if (k->kind == CON_FOREIGN_KEY) {
		fk_text(r, sb, &k->fk);
		return;
	}
	if (k->name) {
		strbuf_adds(sb, "CONSTRAINT ");
		ident(r, sb, k->name);
		strbuf_addc(sb, ' ');
	}
	switch (k->kind) {
	case CON_PRIMARY_KEY:
		strbuf_adds(sb, "PRIMARY KEY (");
		ident_list(r, sb, &k->cols);
		strbuf_addc(sb, ')');
		break;
	case CON_UNIQUE:
		strbuf_adds(sb, "UNIQUE (");
		ident_list(r, sb, &k->cols);
		strbuf_addc(sb, ')');
		break;
	case CON_CHECK:
		strbuf_addf(sb, "CHECK (%s)", k->sqltext);
		break;
	case CON_EXCLUDE:
		/* SQLAlchemy's ExcludeConstraint: USING gist by default */
		strbuf_addf(sb, "EXCLUDE USING %s (", k->using_ ? k->using_ : "gist");
		for (size_t i = 0; i < k->cols.n; i++) {
			if (i)
				strbuf_adds(sb, ", ");
			ident(r, sb, k->cols.v[i]);
			strbuf_addf(sb, " WITH %s", k->excl_ops.v[i]);
		}
		strbuf_addc(sb, ')');
		if (k->where)
			strbuf_addf(sb, " WHERE (%s)", k->where);
		break;
	default:
		break;
	}
	deferrable_text(sb, k->deferrable, k->initially);
	if (k->pg_not_valid && k->kind == CON_CHECK && r->d == DIALECT_POSTGRESQL)
		strbuf_adds(sb, " NOT VALID");
	if (k->sqlite_on_conflict && r->d == DIALECT_SQLITE &&
	    (k->kind == CON_PRIMARY_KEY || k->kind == CON_UNIQUE || k->kind == CON_CHECK))
		strbuf_addf(sb, " ON CONFLICT %s", k->sqlite_on_conflict);
}

/* The column of a create_table named `name`, or NULL. */
static const struct op_column *table_column(const struct op *o, const char *name)
{
	for (size_t i = 0; i < o->n_columns; i++)
		if (!strcmp(o->columns[i].name, name))
			return &o->columns[i];
	return NULL;
}

/* A one-column primary key or unique constraint without its own
 * sqlite_on_conflict takes its column's sqlite_on_conflict_primary_key or
 * _unique (SQLAlchemy's SQLite DDL). */
static struct op_constraint with_column_on_conflict(const struct op *o, const struct op_constraint *k)
{
	struct op_constraint c = *k;
	const struct op_column *col = k->cols.n == 1 ? table_column(o, k->cols.v[0]) : NULL;
	if (!c.sqlite_on_conflict && col)
		c.sqlite_on_conflict = k->kind == CON_PRIMARY_KEY ? col->sqlite_oc_pk
				     : k->kind == CON_UNIQUE	? col->sqlite_oc_unique
								: NULL;
	return c;
}

/* The enum types a CREATE TABLE creates first (PostgreSQL). create_type
 * is postgresql.ENUM's: SQLAlchemy 1.4's sa.Enum drops the keyword, and
 * its PostgreSQL form creates the type. */
static bool create_enum(struct rctx *r, const struct sqltype *t, struct strbuf *sb, const char **err)
{
	const struct sqltype *e = sqltype_for(t, r->d);
	if (!e || (e->kind != SQLTYPE_ENUM && e->kind != SQLTYPE_PG_ENUM) || r->d != DIALECT_POSTGRESQL ||
	    e->native_enum == 0 || (e->kind == SQLTYPE_PG_ENUM && e->create_type == 0))
		return true;
	if (!e->enum_name) {
		*err = "PostgreSQL ENUM type requires a name.";
		return false;
	}
	form(r, SQLFORM_CREATE_TYPE, e->schema, e->enum_name);
	strbuf_adds(sb, "CREATE TYPE ");
	qualified(r, sb, e->schema, e->enum_name);
	strbuf_adds(sb, " AS ENUM (");
	for (size_t i = 0; i < e->n_labels; i++) {
		if (i)
			strbuf_adds(sb, ", ");
		lit(r, sb, e->labels[i]);
	}
	strbuf_addc(sb, ')');
	emit_sb(r, sb);
	return true;
}

/* CHECK constraints that non-native Boolean/Enum types add on a column. */
static void type_checks(struct rctx *r, struct strbuf *sb, const struct op_column *c, bool *first)
{
	const struct sqltype *t = c->type ? sqltype_for(c->type, r->d) : NULL;
	if (!t || t->create_constraint != 1)
		return;
	bool is_bool = t->kind == SQLTYPE_BOOLEAN && r->d == DIALECT_SQLITE;
	bool is_enum = (t->kind == SQLTYPE_ENUM) && (r->d == DIALECT_SQLITE || t->native_enum == 0);
	if (!is_bool && !is_enum)
		return;
	strbuf_adds(sb, *first ? "\n\t" : ", \n\t");
	*first = false;
	if (t->constraint_name || (is_enum && t->enum_name)) {
		strbuf_adds(sb, "CONSTRAINT ");
		ident(r, sb, t->constraint_name ? t->constraint_name : t->enum_name);
		strbuf_addc(sb, ' ');
	}
	strbuf_adds(sb, "CHECK (");
	ident(r, sb, c->name);
	if (is_bool) {
		strbuf_adds(sb, " IN (0, 1))");
		return;
	}
	strbuf_adds(sb, " IN (");
	for (size_t i = 0; i < t->n_labels; i++) {
		if (i)
			strbuf_adds(sb, ", ");
		lit(r, sb, t->labels[i]);
	}
	strbuf_adds(sb, "))");
}

static void create_index_text(struct rctx *r, struct strbuf *sb, const struct op_index *ix, const char *name)
{
	strbuf_adds(sb, ix->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
	if (ix->pg_concurrently && r->d == DIALECT_POSTGRESQL)
		strbuf_adds(sb, "CONCURRENTLY ");
	if (r->d == DIALECT_SQLITE && ix->schema) {
		qualified(r, sb, ix->schema, name);
		strbuf_adds(sb, " ON ");
		ident(r, sb, ix->table);
	} else {
		ident(r, sb, name);
		strbuf_adds(sb, " ON ");
		qualified(r, sb, ix->schema, ix->table);
	}
	if (r->d == DIALECT_POSTGRESQL && ix->pg_using)
		strbuf_addf(sb, " USING %s", ix->pg_using);
	strbuf_adds(sb, " (");
	for (size_t i = 0; i < ix->n_elems; i++) {
		if (i)
			strbuf_adds(sb, ", ");
		if (ix->elems[i].name)
			ident(r, sb, ix->elems[i].name);
		else
			strbuf_addf(sb, "%s", ix->elems[i].sql);
		if (r->d == DIALECT_POSTGRESQL && ix->elems[i].pg_ops)
			strbuf_addf(sb, " %s", ix->elems[i].pg_ops);
	}
	strbuf_addc(sb, ')');
	if (r->d == DIALECT_POSTGRESQL && ix->pg_include.n) {
		strbuf_adds(sb, " INCLUDE (");
		ident_list(r, sb, &ix->pg_include);
		strbuf_addc(sb, ')');
	}
	if (r->d == DIALECT_POSTGRESQL && ix->pg_where)
		strbuf_addf(sb, " WHERE %s", ix->pg_where);
	if (r->d == DIALECT_SQLITE && ix->sqlite_where)
		strbuf_addf(sb, " WHERE %s", ix->sqlite_where);
}

/* The index of a Column(index=True), named by the default convention
 * ix_%(column_0_label)s (the label includes the schema). */
static void column_index(struct rctx *r, struct strbuf *sb, const struct op *o, const struct op_column *c)
{
	struct op_index ix = { 0 };
	struct op_index_elem el = { c->name, NULL };
	ix.table = o->table;
	ix.schema = o->schema;
	ix.elems = &el;
	ix.n_elems = 1;
	ix.unique = c->unique == 1;
	struct strbuf nm = STRBUF_INIT;
	if (c->index_name)
		strbuf_adds(&nm, c->index_name);
	else
		strbuf_addf(&nm, "ix_%s%s%s_%s", o->schema ? o->schema : "", o->schema ? "_" : "", o->table, c->name);
	form(r, SQLFORM_CREATE_INDEX, ix.schema, ix.table);
	create_index_text(r, sb, &ix, nm.buf);
	strbuf_release(&nm);
	emit_sb(r, sb);
}

/* SQLite leaves out a foreign key to a table in another schema. */
static bool sqlite_drops_fk(const struct rctx *r, const struct op *o, const struct op_constraint *k)
{
	if (r->d != DIALECT_SQLITE || k->kind != CON_FOREIGN_KEY)
		return false;
	const char *a = o->schema, *b = k->fk.ref_schema;
	return (a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0);
}

static void render_create_table(struct rctx *r, const struct op *o)
{
	struct strbuf sb = STRBUF_INIT;
	const char *err = NULL;
	for (size_t i = 0; i < o->n_columns; i++) {
		if (!o->columns[i].type_created && !create_enum(r, o->columns[i].type, &sb, &err)) {
			refuse(r, o, err);
			strbuf_release(&sb);
			return;
		}
	}
	const struct op_constraint *pk_item = NULL;
	for (size_t i = 0; i < o->n_constraints; i++)
		if (o->constraints[i].kind == CON_PRIMARY_KEY)
			pk_item = &o->constraints[i];
	/* primary key columns: flagged, or named by a PrimaryKeyConstraint */
	bool *is_pk = calloc(o->n_columns ? o->n_columns : 1, sizeof(bool));
	if (!is_pk)
		abort();
	size_t n_pk = 0;
	for (size_t i = 0; i < o->n_columns; i++) {
		is_pk[i] = o->columns[i].primary_key;
		for (size_t k = 0; pk_item && k < pk_item->cols.n && !is_pk[i]; k++)
			is_pk[i] = !strcmp(pk_item->cols.v[k], o->columns[i].name);
		n_pk += is_pk[i];
	}
	strbuf_adds(&sb, "CREATE TABLE ");
	qualified(r, &sb, o->schema, o->table);
	strbuf_adds(&sb, " (");
	bool first = true;
	const struct op_column *autoinc = NULL;
	for (size_t i = 0; i < o->n_columns; i++) {
		/* a column in a table-level foreign key is not autoincrement */
		bool in_fk = false;
		for (size_t k = 0; k < o->n_constraints && !in_fk; k++)
			for (size_t j = 0; o->constraints[k].kind == CON_FOREIGN_KEY && j < o->constraints[k].fk.cols.n; j++)
				in_fk = in_fk || !strcmp(o->constraints[k].fk.cols.v[j], o->columns[i].name);
		if (!in_fk && is_autoinc(&o->columns[i], is_pk[i], n_pk))
			autoinc = &o->columns[i];
	}
	if (autoinc && r->d == DIALECT_SQLITE && n_pk > 1) {
		refuse(r, o, "SQLite does not support autoincrement for composite primary keys");
		strbuf_release(&sb);
		free(is_pk);
		return;
	}
	/* sqlite_autoincrement: the single integer primary key column says
	 * PRIMARY KEY AUTOINCREMENT and the table has no PRIMARY KEY item
	 * (its name and ON CONFLICT are dropped, as SQLAlchemy does) */
	const struct op_column *inline_pk = NULL;
	for (size_t i = 0; r->d == DIALECT_SQLITE && o->sqlite_autoincrement && n_pk == 1 && i < o->n_columns; i++) {
		if (!is_pk[i])
			continue;
		bool in_fk = o->columns[i].n_fks > 0;
		for (size_t k = 0; k < o->n_constraints && !in_fk; k++)
			for (size_t j = 0; o->constraints[k].kind == CON_FOREIGN_KEY && j < o->constraints[k].fk.cols.n; j++)
				in_fk = in_fk || !strcmp(o->constraints[k].fk.cols.v[j], o->columns[i].name);
		if (sqlite_inline_pk(r, &o->columns[i], in_fk))
			inline_pk = &o->columns[i];
	}
	for (size_t i = 0; i < o->n_columns; i++) {
		strbuf_adds(&sb, first ? "\n\t" : ", \n\t");
		first = false;
		if (!column_spec(r, &sb, &o->columns[i], is_pk[i], &o->columns[i] == autoinc, &o->columns[i] == inline_pk,
				 &err, NULL)) {
			refuse(r, o, err);
			strbuf_release(&sb);
			free(is_pk);
			return;
		}
	}
	free(is_pk);
	/* the primary key, then table items, then what columns declared */
	if ((pk_item || n_pk) && !inline_pk) {
		strbuf_adds(&sb, first ? "\n\t" : ", \n\t");
		first = false;
		if (pk_item) {
			struct op_constraint k = with_column_on_conflict(o, pk_item);
			constraint_text(r, &sb, &k);
		} else {
			if (o->pk_name) {
				strbuf_adds(&sb, "CONSTRAINT ");
				ident(r, &sb, o->pk_name);
				strbuf_addc(&sb, ' ');
			}
			strbuf_adds(&sb, "PRIMARY KEY (");
			bool any = false;
			const struct op_column *only = NULL;
			if (autoinc) {
				ident(r, &sb, autoinc->name);
				any = true;
				only = autoinc;
			}
			size_t n_cols = autoinc != NULL;
			for (size_t i = 0; i < o->n_columns; i++) {
				if (!o->columns[i].primary_key || &o->columns[i] == autoinc)
					continue;
				strbuf_adds(&sb, any ? ", " : "");
				ident(r, &sb, o->columns[i].name);
				any = true;
				only = &o->columns[i];
				n_cols++;
			}
			strbuf_addc(&sb, ')');
			if (r->d == DIALECT_SQLITE && n_cols == 1 && only->sqlite_oc_pk)
				strbuf_addf(&sb, " ON CONFLICT %s", only->sqlite_oc_pk);
		}
	}
	for (size_t i = 0; i < o->n_constraints; i++) {
		if (&o->constraints[i] == pk_item || sqlite_drops_fk(r, o, &o->constraints[i]))
			continue;
		strbuf_adds(&sb, first ? "\n\t" : ", \n\t");
		first = false;
		struct op_constraint k = with_column_on_conflict(o, &o->constraints[i]);
		constraint_text(r, &sb, &k);
	}
	for (size_t i = 0; i < o->n_columns; i++) {
		const struct op_column *c = &o->columns[i];
		if (c->unique == 1 && c->index != 1) {
			strbuf_adds(&sb, first ? "\n\t" : ", \n\t");
			first = false;
			if (c->unique_name) {
				strbuf_adds(&sb, "CONSTRAINT ");
				ident(r, &sb, c->unique_name);
				strbuf_addc(&sb, ' ');
			}
			strbuf_adds(&sb, "UNIQUE (");
			ident(r, &sb, c->name);
			strbuf_addc(&sb, ')');
			if (r->d == DIALECT_SQLITE && c->sqlite_oc_unique)
				strbuf_addf(&sb, " ON CONFLICT %s", c->sqlite_oc_unique);
		}
		for (size_t k = 0; k < c->n_fks; k++) {
			struct op_constraint tmp = { .kind = CON_FOREIGN_KEY, .fk = c->fks[k] };
			if (sqlite_drops_fk(r, o, &tmp))
				continue;
			strbuf_adds(&sb, first ? "\n\t" : ", \n\t");
			first = false;
			fk_text(r, &sb, &c->fks[k]);
		}
		type_checks(r, &sb, c, &first);
	}
	strbuf_adds(&sb, "\n)");
	/* SQLite keeps what follows WITHOUT ROWID in sqlite_master: online,
	 * the two newlines that end SQLAlchemy's compiled CREATE TABLE */
	if (r->d == DIALECT_SQLITE && o->sqlite_without_rowid)
		strbuf_adds(&sb, r->live ? "\n WITHOUT ROWID\n\n" : "\n WITHOUT ROWID");
	form(r, SQLFORM_CREATE_TABLE, o->schema, o->table);
	emit_sb(r, &sb);
	/* indexes: Index items in order, then index=True columns */
	for (size_t i = 0; i < o->n_indexes; i++) {
		const struct op_index *ix = &o->indexes[i];
		struct strbuf nm = STRBUF_INIT;
		/* an unnamed Index is named by the default convention,
		 * ix_%(column_0_label)s, whose label includes the schema */
		if (ix->name)
			strbuf_adds(&nm, ix->name);
		else if (ix->n_elems && ix->elems[0].name)
			strbuf_addf(&nm, "ix_%s%s%s_%s", o->schema ? o->schema : "", o->schema ? "_" : "", o->table,
				    ix->elems[0].name);
		if (!nm.len) {
			refuse(r, o, "an unnamed index on an expression");
			strbuf_release(&nm);
			continue;
		}
		form(r, SQLFORM_CREATE_INDEX, ix->schema, ix->table)->concurrently = ix->pg_concurrently;
		create_index_text(r, &sb, ix, nm.buf);
		strbuf_release(&nm);
		emit_sb(r, &sb);
	}
	for (size_t i = 0; i < o->n_columns; i++)
		if (o->columns[i].index == 1)
			column_index(r, &sb, o, &o->columns[i]);
	if (r->d == DIALECT_POSTGRESQL) {
		if (o->comment) {
			form(r, SQLFORM_COMMENT_TABLE, o->schema, o->table);
			strbuf_adds(&sb, "COMMENT ON TABLE ");
			qualified(r, &sb, o->schema, o->table);
			strbuf_adds(&sb, " IS ");
			lit(r, &sb, o->comment);
			emit_sb(r, &sb);
		}
		for (size_t i = 0; i < o->n_columns; i++) {
			if (!o->columns[i].comment)
				continue;
			form(r, SQLFORM_COMMENT_COLUMN, o->schema, o->table)->column = o->columns[i].name;
			strbuf_adds(&sb, "COMMENT ON COLUMN ");
			qualified(r, &sb, o->schema, o->table);
			strbuf_addc(&sb, '.');
			ident(r, &sb, o->columns[i].name);
			strbuf_adds(&sb, " IS ");
			lit(r, &sb, o->columns[i].comment);
			emit_sb(r, &sb);
		}
	}
	strbuf_release(&sb);
}

static void alter_prefix(struct rctx *r, struct strbuf *sb, const struct op *o)
{
	strbuf_adds(sb, "ALTER TABLE ");
	qualified(r, sb, o->schema, o->table);
	strbuf_addc(sb, ' ');
}

/* Constraint ops outside batch mode: SQLite has no ALTER for them. */
static bool sqlite_no_alter(struct rctx *r, const struct op *o)
{
	if (r->d != DIALECT_SQLITE)
		return false;
	refuse(r, o, "No support for ALTER of constraints in SQLite dialect. Please refer to the batch mode "
		     "feature which allows for SQLite migrations using a copy-and-move strategy.");
	return true;
}

static void render_add_column(struct rctx *r, const struct op *o)
{
	const struct op_column *c = &o->column;
	struct strbuf sb = STRBUF_INIT;
	const char *err = NULL;
	/* constraints the column brings are separate statements: SQLite
	 * cannot add them */
	if (r->d == DIALECT_SQLITE && (c->n_fks || c->unique == 1) && c->index != 1) {
		refuse(r, o, "No support for ALTER of constraints in SQLite dialect. Please refer to the batch mode "
			     "feature which allows for SQLite migrations using a copy-and-move strategy.");
		strbuf_release(&sb);
		return;
	}
	alter_prefix(r, &sb, o);
	strbuf_adds(&sb, "ADD COLUMN ");
	struct sqlrender_form *fm = form(r, SQLFORM_ADD_COLUMN, o->schema, o->table);
	fm->column = c->name;
	fm->coldef = c;
	/* Alembic adds the column to a table of its own: a lone integer
	 * primary key is that table's autoincrement column (SERIAL) */
	if (!column_spec(r, &sb, c, c->primary_key, is_autoinc(c, c->primary_key, 1), false, &err, fm)) {
		refuse(r, o, err); /* err lives in sb */
		strbuf_release(&sb);
		return;
	}
	emit_sb(r, &sb);
	if (c->unique == 1 && c->index != 1) {
		struct sqlrender_form *uf = form(r, SQLFORM_ADD_CONSTRAINT, o->schema, o->table);
		uf->con_kind = CON_UNIQUE;
		uf->name = c->unique_name;
		alter_prefix(r, &sb, o);
		strbuf_adds(&sb, "ADD ");
		if (c->unique_name) {
			strbuf_adds(&sb, "CONSTRAINT ");
			ident(r, &sb, c->unique_name);
			strbuf_addc(&sb, ' ');
		}
		strbuf_adds(&sb, "UNIQUE (");
		ident(r, &sb, c->name);
		strbuf_addc(&sb, ')');
		emit_sb(r, &sb);
	}
	for (size_t k = 0; k < c->n_fks; k++) {
		fm = form(r, SQLFORM_ADD_CONSTRAINT, o->schema, o->table);
		fm->con_kind = CON_FOREIGN_KEY;
		fm->fk = &c->fks[k];
		alter_prefix(r, &sb, o);
		strbuf_adds(&sb, "ADD ");
		fk_text(r, &sb, &c->fks[k]);
		emit_sb(r, &sb);
	}
	if (c->index == 1)
		column_index(r, &sb, o, c);
	if (c->comment && r->d == DIALECT_POSTGRESQL) {
		form(r, SQLFORM_COMMENT_COLUMN, o->schema, o->table)->column = c->name;
		strbuf_adds(&sb, "COMMENT ON COLUMN ");
		qualified(r, &sb, o->schema, o->table);
		strbuf_addc(&sb, '.');
		ident(r, &sb, c->name);
		strbuf_adds(&sb, " IS ");
		lit(r, &sb, c->comment);
		emit_sb(r, &sb);
	}
	strbuf_release(&sb);
}

static void render_alter_column(struct rctx *r, const struct op *o)
{
	const struct op_alter *al = &o->alter;
	struct strbuf sb = STRBUF_INIT;
	const char *err = NULL;
	/* PostgreSQL: TYPE, NULL, DEFAULT, COMMENT, RENAME; the generic order
	 * (SQLite): NULL, DEFAULT, TYPE, COMMENT, RENAME */
	bool pg = r->d == DIALECT_POSTGRESQL;
	if (al->comment_set && !pg) {
		refuse(r, o, "SQLite cannot render alter_column(comment=...) "
			     "(UnsupportedCompilationError: can't render element of type ColumnComment)");
		strbuf_release(&sb);
		return;
	}
	for (int step = 0; step < 3; step++) {
		int what = pg ? (step == 0 ? 2 : step - 1) : step; /* 0 null, 1 default, 2 type */
		if (what == 0 && al->nullable >= 0) {
			form(r, al->nullable ? SQLFORM_DROP_NOT_NULL : SQLFORM_SET_NOT_NULL, o->schema, o->table)->column =
				al->column;
			alter_prefix(r, &sb, o);
			strbuf_adds(&sb, "ALTER COLUMN ");
			ident(r, &sb, al->column);
			strbuf_adds(&sb, al->nullable ? " DROP NOT NULL" : " SET NOT NULL");
			emit_sb(r, &sb);
		} else if (what == 1 && al->server_default.kind != DEFAULT_NONE) {
			form(r, SQLFORM_COLUMN_DEFAULT, o->schema, o->table)->column = al->column;
			alter_prefix(r, &sb, o);
			strbuf_adds(&sb, "ALTER COLUMN ");
			ident(r, &sb, al->column);
			if (al->server_default.kind == DEFAULT_NULL) {
				strbuf_adds(&sb, " DROP DEFAULT");
			} else {
				strbuf_adds(&sb, " SET DEFAULT ");
				if (!default_text(r, &sb, &al->server_default, false)) {
					strbuf_release(&sb);
					refuse(r, o, "a server_default cupel cannot render");
					return;
				}
			}
			emit_sb(r, &sb);
		} else if (what == 2 && al->type) {
			alter_prefix(r, &sb, o);
			strbuf_adds(&sb, "ALTER COLUMN ");
			ident(r, &sb, al->column);
			strbuf_adds(&sb, " TYPE ");
			if (!type_text(r, &sb, al->type, &err)) {
				refuse(r, o, err); /* err lives in sb */
				strbuf_release(&sb);
				return;
			}
			if (pg && al->pg_using) {
				strbuf_addf(&sb, " USING %s", al->pg_using);
			} else {
				/* the type as rendered, after " TYPE " (a USING
				 * expression is left to the parser) */
				struct sqlrender_form *tf = form(r, SQLFORM_ALTER_TYPE, o->schema, o->table);
				tf->column = al->column;
				tf->type_sql = strstr(strbuf_str(&sb), " TYPE ") + 6;
			}
			emit_sb(r, &sb);
		}
	}
	if (al->comment_set) {
		form(r, SQLFORM_COMMENT_COLUMN, o->schema, o->table)->column = al->column;
		strbuf_adds(&sb, "COMMENT ON COLUMN ");
		qualified(r, &sb, o->schema, o->table);
		strbuf_addc(&sb, '.');
		ident(r, &sb, al->column);
		strbuf_adds(&sb, " IS ");
		if (al->comment)
			lit(r, &sb, al->comment);
		else
			strbuf_adds(&sb, "NULL");
		emit_sb(r, &sb);
	}
	if (al->new_name) {
		form(r, SQLFORM_RENAME_COLUMN, o->schema, o->table)->column = al->column;
		alter_prefix(r, &sb, o);
		strbuf_adds(&sb, "RENAME ");
		ident(r, &sb, al->column);
		strbuf_adds(&sb, " TO ");
		ident(r, &sb, al->new_name);
		emit_sb(r, &sb);
	}
	strbuf_release(&sb);
}

/* op.execute(text): Alembic runs it through sa.text(), so ":name" bind
 * parameters become NULL offline and "\:" becomes ":"; the DBAPI's own
 * SQL (connection.execute of a plain string online) goes as it is. */
static void render_execute(struct rctx *r, const struct op *o)
{
	struct strbuf sb = STRBUF_INIT;
	if (o->sql_compiled || o->driver_sql)
		strbuf_adds(&sb, o->sql);
	else
		coresql_text_binds(&sb, o->sql, 0, NULL, NULL);
	emit_sb(r, &sb);
	strbuf_release(&sb);
}

/* A value as sqlvalue_process left it (the type's processor applied). */
static void value_text(struct rctx *r, struct strbuf *sb, const struct op_value *v)
{
	switch (v->kind) {
	case VAL_NULL: strbuf_adds(sb, "NULL"); break;
	case VAL_TRUE: strbuf_adds(sb, r->d == DIALECT_POSTGRESQL ? "true" : "1"); break;
	case VAL_FALSE: strbuf_adds(sb, r->d == DIALECT_POSTGRESQL ? "false" : "0"); break;
	case VAL_INT: case VAL_FLOAT: case VAL_RAW: strbuf_adds(sb, v->text); break;
	case VAL_STRING: lit(r, sb, v->text); break;
	default: strbuf_adds(sb, "NULL"); break;
	}
}

/* One INSERT per row; its columns are the row's keys in the order of the
 * sa.table() definition (SQLAlchemy walks the table's columns). */
static void render_bulk_insert(struct rctx *r, const struct op *o)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < o->n_rows; i++) {
		const struct op_row *row = &o->rows[i];
		size_t *order = malloc((row->n ? row->n : 1) * sizeof(*order));
		bool *used = calloc(row->n ? row->n : 1, sizeof(*used));
		if (!order || !used)
			abort();
		size_t n = 0;
		for (size_t c = 0; c < o->insert_columns.n; c++)
			for (size_t k = 0; k < row->n; k++)
				if (!used[k] && !strcmp(row->keys[k], o->insert_columns.v[c])) {
					used[k] = true;
					order[n++] = k;
				}
		for (size_t k = 0; k < row->n; k++)
			if (!used[k])
				order[n++] = k;
		form(r, SQLFORM_INSERT, o->schema, o->table)->row = row;
		strbuf_adds(&sb, "INSERT INTO ");
		qualified(r, &sb, o->schema, o->table);
		strbuf_adds(&sb, " (");
		for (size_t k = 0; k < n; k++) {
			if (k)
				strbuf_adds(&sb, ", ");
			ident(r, &sb, row->keys[order[k]]);
		}
		strbuf_adds(&sb, ") VALUES (");
		for (size_t k = 0; k < n; k++) {
			if (k)
				strbuf_adds(&sb, ", ");
			value_text(r, &sb, &row->values[order[k]]);
		}
		strbuf_addc(&sb, ')');
		emit_sb(r, &sb);
		free(order);
		free(used);
	}
	strbuf_release(&sb);
}

static void render_op(struct rctx *r, const struct op *o);

static void render_children(struct rctx *r, const struct op *o)
{
	for (size_t i = 0; i < o->n_children; i++)
		render_op(r, &o->children[i]);
}

/* batch_alter_table: without a recreate, each op renders as the plain op;
 * SQLite needs "move and copy" for most ops, which needs the table's
 * definition (copy_from) offline. */
static bool batch_needs_recreate_n(const struct op *o, enum dialect d, size_t n)
{
	if (o->recreate && !strcmp(o->recreate, "always"))
		return true;
	if (o->recreate && !strcmp(o->recreate, "never"))
		return false;
	if (d != DIALECT_SQLITE)
		return false;
	for (size_t i = 0; i < n; i++) {
		const struct op *c = &o->children[i];
		if (c->kind == OP_ADD_COLUMN) {
			if (c->column.server_default.kind == DEFAULT_TEXT || c->column.server_default.kind == DEFAULT_FUNC ||
			    c->column.server_default.kind == DEFAULT_TRUE || c->column.server_default.kind == DEFAULT_FALSE ||
			    (c->column.computed && c->column.computed->persisted != 0))
				return true;
			continue;
		}
		if (c->kind == OP_CREATE_INDEX || c->kind == OP_DROP_INDEX)
			continue;
		return true;
	}
	return false;
}

static bool batch_needs_recreate(const struct op *o, enum dialect d)
{
	return batch_needs_recreate_n(o, d, o->n_children);
}

/* SQLAlchemy's _type_affinity: the generic class a type derives from. */
static int type_affinity(const struct sqltype *t)
{
	if (t && t->kind == SQLTYPE_VARIANT && t->base)
		t = t->base;
	if (!t)
		return -1;
	switch (t->kind) {
	case SQLTYPE_STRING: case SQLTYPE_TEXT: case SQLTYPE_UNICODE: case SQLTYPE_UNICODE_TEXT:
	case SQLTYPE_UPPER_VARCHAR: case SQLTYPE_UPPER_CHAR: case SQLTYPE_ENUM: case SQLTYPE_PG_ENUM:
	case SQLTYPE_PG_CITEXT: case SQLTYPE_UPPER_NVARCHAR: case SQLTYPE_UPPER_NCHAR: case SQLTYPE_UPPER_CLOB:
		return SQLTYPE_STRING;
	case SQLTYPE_INTEGER: case SQLTYPE_BIGINT: case SQLTYPE_SMALLINT: case SQLTYPE_UPPER_INTEGER:
		return SQLTYPE_INTEGER;
	case SQLTYPE_NUMERIC: case SQLTYPE_FLOAT: case SQLTYPE_UPPER_REAL: case SQLTYPE_PG_DOUBLE_PRECISION:
	case SQLTYPE_UPPER_DECIMAL:
		return SQLTYPE_NUMERIC;
	case SQLTYPE_DATETIME: case SQLTYPE_UPPER_TIMESTAMP: case SQLTYPE_PG_TIMESTAMP: case SQLTYPE_UPPER_DATETIME:
		return SQLTYPE_DATETIME;
	case SQLTYPE_LARGE_BINARY: case SQLTYPE_PG_BYTEA: case SQLTYPE_UPPER_BLOB: case SQLTYPE_UPPER_BINARY:
	case SQLTYPE_UPPER_VARBINARY:
		return SQLTYPE_LARGE_BINARY; /* _Binary */
	case SQLTYPE_TIME: case SQLTYPE_PG_TIME:
		return SQLTYPE_TIME;
	case SQLTYPE_JSON: case SQLTYPE_PG_JSONB:
		return SQLTYPE_JSON;
	case SQLTYPE_ARRAY: case SQLTYPE_PG_ARRAY:
		return SQLTYPE_ARRAY;
	default:
		return (int)t->kind;
	}
}

/* A column of the table being recreated. */
struct bcol {
	struct op_column c;       /* as it will be */
	const char *key;          /* its original name (constraints refer to it) */
	const char *src;          /* the column it is copied from, or NULL (new) */
	const struct sqltype *cast; /* copied with CAST to this type, or NULL */
};

struct bstate {
	struct bcol *cols;
	size_t n;
	const char **existing;     /* Alembic's existing_ordering (keys) */
	size_t n_existing;
	const char *(*pairs)[2];   /* add_col_ordering: (before, after) */
	size_t n_pairs;
	struct op_constraint *cons; /* named and unnamed, with their kind of origin */
	bool *named;
	bool *from_copy;
	size_t n_cons;
	const struct op_index **indexes; /* copy_from's Index items, then new ones */
	size_t n_indexes;
};

static struct bcol *bstate_col(struct bstate *b, const char *key)
{
	for (size_t i = 0; i < b->n; i++)
		if (!strcmp(b->cols[i].key, key))
			return &b->cols[i];
	return NULL;
}

static void bstate_add_con(struct bstate *b, const struct op_constraint *k, bool from_copy)
{
	b->cons[b->n_cons] = *k;
	b->named[b->n_cons] = k->name != NULL;
	b->from_copy[b->n_cons] = from_copy;
	b->n_cons++;
}

/* The constraint's columns by their final names; false if one is gone. */
static bool bstate_rename_cols(struct bstate *b, const struct strvec *in, struct strvec *out)
{
	out->v = malloc((in->n ? in->n : 1) * sizeof(*out->v));
	if (!out->v)
		abort();
	out->n = in->n;
	for (size_t i = 0; i < in->n; i++) {
		struct bcol *c = bstate_col(b, in->v[i]);
		if (!c) {
			free(out->v);
			out->v = NULL;
			return false;
		}
		out->v[i] = c->c.name;
	}
	return true;
}

static void bstate_pair(struct bstate *b, const char *before, const char *after)
{
	b->pairs[b->n_pairs][0] = before;
	b->pairs[b->n_pairs][1] = after;
	b->n_pairs++;
}

/* Where a new column goes (Alembic's _setup_dependencies_for_add_column):
 * next to the column it names, its neighbour in the existing order filled
 * in unless partial_reordering is given, after the last existing column
 * when nothing is said. */
static void bstate_add_col_deps(struct bstate *b, const char *col, const char *before, const char *after,
				bool reordering)
{
	long idx_after = -1, idx_before = -1;
	for (size_t i = 0; i < b->n_existing; i++) {
		if (after && !strcmp(b->existing[i], after))
			idx_after = (long)i;
		if (before && !strcmp(b->existing[i], before))
			idx_before = (long)i;
	}
	if (!reordering) {
		if (after && !before) {
			if (idx_after >= 0) {
				if ((size_t)idx_after + 1 < b->n_existing)
					before = b->existing[idx_after + 1];
			} else {
				/* after a column that is new too: before what it precedes */
				for (size_t i = 0; i < b->n_pairs; i++)
					if (!strcmp(b->pairs[i][0], after))
						before = b->pairs[i][1];
			}
		}
		if (before && !after) {
			if (idx_before >= 0) {
				if (idx_before >= 1)
					after = b->existing[idx_before - 1];
			} else {
				for (size_t i = 0; i < b->n_pairs; i++)
					if (!strcmp(b->pairs[i][1], before))
						after = b->pairs[i][0];
			}
		}
	}
	if (before)
		bstate_pair(b, col, before);
	if (after)
		bstate_pair(b, after, col);
	if (!reordering && !before && !after && b->n_existing)
		bstate_pair(b, b->existing[b->n_existing - 1], col);
}

/* Alembic's column order after add_column in a batch: the pairs of the
 * existing ordering (oddly paired with the current list, as Alembic does)
 * plus the add_column pairs, sorted in rounds (SQLAlchemy's
 * topological.sort: each round takes, in list order, every column none of
 * whose predecessors is still waiting). */
static void bstate_sort_columns(struct bstate *b, const struct strvec *reorder, size_t n_reorder)
{
	size_t np = 0, cap = b->n_existing + b->n_pairs + 1;
	for (size_t t = 0; t < n_reorder; t++)
		cap += reorder[t].n;
	const char *(*pairs)[2] = calloc(cap, sizeof(*pairs));
	bool *waiting = calloc(b->n ? b->n : 1, sizeof(bool));
	struct bcol *out = calloc(b->n ? b->n : 1, sizeof(*out));
	if (!pairs || !waiting || !out)
		abort();
	if (n_reorder) {
		/* partial_reordering: each tuple's neighbours, in order */
		for (size_t t = 0; t < n_reorder; t++)
			for (size_t i = 1; i < reorder[t].n; i++) {
				pairs[np][0] = reorder[t].v[i - 1];
				pairs[np][1] = reorder[t].v[i];
				np++;
			}
	} else {
		for (size_t i = 1; i < b->n_existing && i < b->n + 1; i++) {
			if (i - 1 >= b->n)
				break;
			pairs[np][0] = b->cols[i - 1].key;
			pairs[np][1] = b->existing[i];
			np++;
		}
	}
	for (size_t i = 0; i < b->n_pairs; i++) {
		pairs[np][0] = b->pairs[i][0];
		pairs[np][1] = b->pairs[i][1];
		np++;
	}
	/* a column paired with itself says nothing */
	for (size_t i = 0; i < np;) {
		if (!strcmp(pairs[i][0], pairs[i][1])) {
			pairs[i][0] = pairs[np - 1][0];
			pairs[i][1] = pairs[np - 1][1];
			np--;
		} else {
			i++;
		}
	}
	for (size_t i = 0; i < b->n; i++)
		waiting[i] = true;
	size_t n_out = 0;
	while (n_out < b->n) {
		size_t start = n_out;
		bool *take = calloc(b->n, sizeof(bool));
		if (!take)
			abort();
		for (size_t i = 0; i < b->n; i++) {
			if (!waiting[i])
				continue;
			bool blocked = false;
			for (size_t k = 0; k < np && !blocked; k++) {
				if (strcmp(pairs[k][1], b->cols[i].key) || !strcmp(pairs[k][0], pairs[k][1]))
					continue;
				for (size_t j = 0; j < b->n && !blocked; j++)
					blocked = waiting[j] && !strcmp(b->cols[j].key, pairs[k][0]);
			}
			take[i] = !blocked;
		}
		for (size_t i = 0; i < b->n; i++) {
			if (take[i]) {
				out[n_out++] = b->cols[i];
				waiting[i] = false;
			}
		}
		free(take);
		if (n_out == start) {
			/* a cycle: Alembic raises; keep the remaining order */
			for (size_t i = 0; i < b->n; i++)
				if (waiting[i])
					out[n_out++] = b->cols[i];
			break;
		}
	}
	memcpy(b->cols, out, b->n * sizeof(*out));
	free(out);
	free(waiting);
	free(pairs);
}

/* "Move and copy": a new table with the changes, the rows copied over, the
 * old table dropped and the new one renamed, then the indexes. */
static void render_batch_recreate(struct rctx *r, const struct op *o)
{
	const struct op *def = o->copy_from;
	size_t cap = def->n_columns + o->n_children + 1;
	size_t ccap = def->n_constraints + def->n_columns * 4 + o->n_children + o->n_table_args + 1;
	struct bstate b = { 0 };
	b.cols = calloc(cap, sizeof(*b.cols));
	b.cons = calloc(ccap, sizeof(*b.cons));
	b.named = calloc(ccap, sizeof(bool));
	b.from_copy = calloc(ccap, sizeof(bool));
	b.indexes = calloc(def->n_indexes + o->n_children + 1, sizeof(*b.indexes));
	b.existing = calloc(cap, sizeof(*b.existing));
	b.pairs = calloc(2 * cap, sizeof(*b.pairs)); /* up to two per add_column */
	if (!b.cols || !b.cons || !b.named || !b.from_copy || !b.indexes || !b.existing || !b.pairs)
		abort();
	const char *why = NULL;
	/* the table as it is: columns (unique/index flags become constraints
	 * or are dropped, as Alembic's copy does), constraints, indexes */
	for (size_t i = 0; i < def->n_columns; i++) {
		struct bcol *c = &b.cols[b.n++];
		c->c = def->columns[i];
		c->key = c->src = def->columns[i].name;
		c->c.unique = c->c.index = -1;
		c->c.fks = NULL;
		c->c.n_fks = 0;
		b.existing[b.n_existing++] = c->key;
	}
	for (size_t i = 0; i < def->n_constraints; i++) {
		const struct op_constraint *k = &def->constraints[i];
		/* Alembic skips unnamed reflected CHECKs: it cannot tell
		 * whether a type (Boolean, Enum) made them */
		if (r->reflected && k->kind == CON_CHECK && !k->name)
			continue;
		if (k->kind != CON_PRIMARY_KEY || k->name)
			bstate_add_con(&b, k, true);
	}
	for (size_t i = 0; i < def->n_columns; i++) {
		const struct op_column *c = &def->columns[i];
		if (c->unique == 1 && c->index != 1) {
			struct op_constraint k = { .kind = CON_UNIQUE, .deferrable = -1 };
			k.cols.v = &def->columns[i].name;
			k.cols.n = 1;
			bstate_add_con(&b, &k, true);
		}
		for (size_t f = 0; f < c->n_fks; f++) {
			struct op_constraint k = { .kind = CON_FOREIGN_KEY, .deferrable = -1 };
			k.fk = c->fks[f];
			k.name = k.fk.name;
			bstate_add_con(&b, &k, true);
		}
	}
	for (size_t i = 0; i < def->n_indexes; i++)
		b.indexes[b.n_indexes++] = &def->indexes[i];
	/* the batch's operations */
	for (size_t i = 0; i < o->n_children && !why; i++) {
		const struct op *x = &o->children[i];
		switch (x->kind) {
		case OP_ADD_COLUMN: {
			if (x->reason) {
				why = x->reason;
				break;
			}
			bstate_add_col_deps(&b, x->column.name, x->insert_before, x->insert_after, o->n_reorder > 0);
			struct bcol *c = &b.cols[b.n++];
			c->c = x->column;
			c->key = x->column.name;
			c->src = NULL;
			break;
		}
		case OP_DROP_COLUMN: {
			struct bcol *c = bstate_col(&b, x->column_name);
			if (!c) {
				why = "drop_column of a column copy_from does not have";
				break;
			}
			for (size_t k = 0; k < b.n_existing; k++) {
				if (!strcmp(b.existing[k], c->key)) {
					memmove(&b.existing[k], &b.existing[k + 1], (b.n_existing - k - 1) * sizeof(*b.existing));
					b.n_existing--;
					break;
				}
			}
			memmove(c, c + 1, (size_t)(b.cols + b.n - c - 1) * sizeof(*c));
			b.n--;
			break;
		}
		case OP_ALTER_COLUMN: {
			struct bcol *c = bstate_col(&b, x->alter.column);
			if (!c) {
				why = "alter_column of a column copy_from does not have";
				break;
			}
			if (x->alter.nullable >= 0)
				c->c.nullable = x->alter.nullable;
			if (x->alter.server_default.kind == DEFAULT_NULL)
				c->c.server_default.kind = DEFAULT_NONE;
			else if (x->alter.server_default.kind != DEFAULT_NONE)
				c->c.server_default = x->alter.server_default;
			if (x->alter.type) {
				int before = type_affinity(c->c.type), after = type_affinity(x->alter.type);
				const struct sqltype *nt = sqltype_for(x->alter.type, r->d);
				bool json = nt && (nt->kind == SQLTYPE_JSON || nt->kind == SQLTYPE_PG_JSONB);
				if (c->src && before != after && !(r->d == DIALECT_SQLITE && json))
					c->cast = x->alter.type;
				c->c.type = x->alter.type;
			}
			if (x->alter.new_name)
				c->c.name = x->alter.new_name;
			if (x->alter.comment_set)
				c->c.comment = x->alter.comment;
			break;
		}
		case OP_CREATE_INDEX:
			b.indexes[b.n_indexes++] = &x->index;
			break;
		case OP_DROP_INDEX: {
			size_t k = 0;
			for (size_t j = 0; j < b.n_indexes; j++)
				if (!b.indexes[j]->name || strcmp(b.indexes[j]->name, x->index.name))
					b.indexes[k++] = b.indexes[j];
			b.n_indexes = k;
			break;
		}
		case OP_CREATE_UNIQUE: case OP_CREATE_CHECK: case OP_CREATE_FK: case OP_CREATE_PK:
			if (!x->constraint.name) {
				why = "ValueError: Constraint must have a name";
				break;
			}
			bstate_add_con(&b, &x->constraint, false);
			break;
		case OP_DROP_CONSTRAINT: {
			bool found = false;
			for (size_t j = 0; j < b.n_cons && !found; j++) {
				if (b.named[j] && !strcmp(b.cons[j].name, x->constraint.name)) {
					memmove(&b.cons[j], &b.cons[j + 1], (b.n_cons - j - 1) * sizeof(*b.cons));
					memmove(&b.named[j], &b.named[j + 1], (b.n_cons - j - 1) * sizeof(bool));
					memmove(&b.from_copy[j], &b.from_copy[j + 1], (b.n_cons - j - 1) * sizeof(bool));
					b.n_cons--;
					found = true;
				}
			}
			if (!found)
				why = "drop_constraint of a constraint copy_from does not name";
			break;
		}
		default:
			why = "an operation a recreate cannot take";
			break;
		}
	}
	if (why) {
		r->stats->opaque++;
		note(r, o, why);
		goto done;
	}
	if (o->n_reorder || b.n_pairs)
		bstate_sort_columns(&b, o->reorder, o->n_reorder);
	struct strbuf sb = STRBUF_INIT;
	const char *err = NULL;
	/* PostgreSQL drops the named constraints that the new table keeps */
	if (r->d == DIALECT_POSTGRESQL) {
		for (size_t j = 0; j < b.n_cons; j++) {
			if (!b.named[j] || !b.from_copy[j])
				continue;
			alter_prefix(r, &sb, o);
			strbuf_adds(&sb, "DROP CONSTRAINT ");
			ident(r, &sb, b.cons[j].name);
			emit_sb(r, &sb);
		}
	}
	char tmpname[64];
	snprintf(tmpname, sizeof(tmpname), "_alembic_tmp_%s", o->table);
	tmpname[50 < strlen(tmpname) ? 50 : strlen(tmpname)] = '\0';
	/* CREATE TABLE: columns, primary key, named then unnamed constraints
	 * whose columns all remain */
	size_t n_pk = 0;
	for (size_t i = 0; i < b.n; i++)
		n_pk += b.cols[i].c.primary_key;
	const struct op_column *autoinc = NULL;
	for (size_t i = 0; i < b.n; i++)
		if (is_autoinc(&b.cols[i].c, b.cols[i].c.primary_key, n_pk))
			autoinc = &b.cols[i].c;
	/* table_kwargs sqlite_autoincrement: a single integer primary key
	 * column without foreign keys says PRIMARY KEY AUTOINCREMENT itself
	 * and the table has no PRIMARY KEY clause (SQLAlchemy's SQLite DDL) */
	const struct op_column *inline_pk = NULL;
	if (r->d == DIALECT_SQLITE && o->sqlite_autoincrement) {
		const char *pk_name = NULL;
		size_t n_pk_cols = 0;
		for (size_t j = 0; j < b.n_cons; j++)
			if (b.cons[j].kind == CON_PRIMARY_KEY) {
				n_pk_cols = b.cons[j].cols.n;
				pk_name = n_pk_cols == 1 ? b.cons[j].cols.v[0] : NULL;
			}
		if (!n_pk_cols)
			for (size_t i = 0; i < b.n; i++)
				if (b.cols[i].c.primary_key) {
					n_pk_cols++;
					pk_name = b.cols[i].key;
				}
		struct bcol *pc = n_pk_cols == 1 && pk_name ? bstate_col(&b, pk_name) : NULL;
		bool has_fk = pc && pc->c.n_fks;
		for (size_t j = 0; pc && j < b.n_cons; j++)
			if (b.cons[j].kind == CON_FOREIGN_KEY)
				for (size_t k = 0; k < b.cons[j].fk.cols.n; k++)
					has_fk |= !strcmp(b.cons[j].fk.cols.v[k], pc->key);
		if (pc && sqlite_inline_pk(r, &pc->c, has_fk))
			inline_pk = &pc->c;
	}
	strbuf_adds(&sb, "CREATE TABLE ");
	qualified(r, &sb, o->schema, tmpname);
	strbuf_adds(&sb, " (");
	bool first = true;
	for (size_t i = 0; i < b.n; i++) {
		strbuf_adds(&sb, first ? "\n\t" : ", \n\t");
		first = false;
		if (!column_spec(r, &sb, &b.cols[i].c, b.cols[i].c.primary_key, &b.cols[i].c == autoinc,
				 &b.cols[i].c == inline_pk, &err, NULL)) {
			refuse(r, o, err); /* err lives in sb */
			strbuf_release(&sb);
			goto done;
		}
	}
	/* a named primary key constraint replaces the columns' own */
	bool pk_constraint = false;
	for (size_t j = 0; j < b.n_cons; j++)
		pk_constraint = pk_constraint || b.cons[j].kind == CON_PRIMARY_KEY;
	/* a reflected primary key keeps its own column order */
	const struct op_constraint *rpk = NULL;
	for (size_t j = 0; r->reflected && j < def->n_constraints; j++)
		if (def->constraints[j].kind == CON_PRIMARY_KEY && !def->constraints[j].name)
			rpk = &def->constraints[j];
	if (n_pk && !pk_constraint && !inline_pk) {
		strbuf_adds(&sb, first ? "\n\t" : ", \n\t");
		first = false;
		strbuf_adds(&sb, "PRIMARY KEY (");
		bool any = false;
		for (size_t i = 0; i < (rpk ? rpk->cols.n : b.n); i++) {
			struct bcol *c = rpk ? bstate_col(&b, rpk->cols.v[i]) : &b.cols[i];
			if (!c || !c->c.primary_key)
				continue;
			strbuf_adds(&sb, any ? ", " : "");
			ident(r, &sb, c->c.name);
			any = true;
		}
		strbuf_addc(&sb, ')');
	}
	for (int pass = 0; pass < 2; pass++) {
		for (size_t j = 0; j < b.n_cons; j++) {
			if (b.named[j] != (pass == 0))
				continue;
			struct op_constraint k = b.cons[j];
			if (inline_pk && k.kind == CON_PRIMARY_KEY)
				continue; /* said on the column */
			struct strvec cols = { NULL, 0 };
			const struct strvec *src = k.kind == CON_FOREIGN_KEY ? &k.fk.cols : &k.cols;
			if (k.kind != CON_CHECK && !bstate_rename_cols(&b, src, &cols))
				continue;
			if (k.kind == CON_FOREIGN_KEY)
				k.fk.cols = cols;
			else if (k.kind != CON_CHECK)
				k.cols = cols;
			strbuf_adds(&sb, first ? "\n\t" : ", \n\t");
			first = false;
			constraint_text(r, &sb, &k);
			free(cols.v);
		}
	}
	for (size_t j = 0; j < o->n_table_args; j++) {
		strbuf_adds(&sb, first ? "\n\t" : ", \n\t");
		first = false;
		constraint_text(r, &sb, &o->table_args[j]);
	}
	for (size_t i = 0; i < b.n; i++) {
		const struct op_column *c = &b.cols[i].c;
		if (b.cols[i].src)
			continue; /* added columns bring their own constraints */
		if (c->unique == 1 && c->index != 1) {
			strbuf_adds(&sb, first ? "\n\t" : ", \n\t");
			first = false;
			if (c->unique_name) {
				strbuf_adds(&sb, "CONSTRAINT ");
				ident(r, &sb, c->unique_name);
				strbuf_addc(&sb, ' ');
			}
			strbuf_adds(&sb, "UNIQUE (");
			ident(r, &sb, c->name);
			strbuf_addc(&sb, ')');
		}
		for (size_t f = 0; f < c->n_fks; f++) {
			strbuf_adds(&sb, first ? "\n\t" : ", \n\t");
			first = false;
			fk_text(r, &sb, &c->fks[f]);
		}
	}
	strbuf_adds(&sb, "\n)");
	emit_sb(r, &sb);
	/* copy the rows: the columns that have a source, in table order */
	strbuf_adds(&sb, "INSERT INTO ");
	qualified(r, &sb, o->schema, tmpname);
	strbuf_adds(&sb, " (");
	bool any = false;
	for (size_t i = 0; i < b.n; i++) {
		if (!b.cols[i].src)
			continue;
		strbuf_adds(&sb, any ? ", " : "");
		ident(r, &sb, b.cols[i].c.name);
		any = true;
	}
	strbuf_adds(&sb, ") SELECT ");
	any = false;
	for (size_t i = 0; i < b.n; i++) {
		if (!b.cols[i].src)
			continue;
		strbuf_adds(&sb, any ? ", " : "");
		any = true;
		if (b.cols[i].cast) {
			strbuf_adds(&sb, "CAST(");
			qualified(r, &sb, o->schema, o->table);
			strbuf_addc(&sb, '.');
			ident(r, &sb, b.cols[i].src);
			strbuf_adds(&sb, " AS ");
			if (!type_text(r, &sb, b.cols[i].cast, &err)) {
				refuse(r, o, err); /* err lives in sb */
				strbuf_release(&sb);
				goto done;
			}
			strbuf_adds(&sb, ") AS ");
			ident(r, &sb, b.cols[i].key);
		} else {
			qualified(r, &sb, o->schema, o->table);
			strbuf_addc(&sb, '.');
			ident(r, &sb, b.cols[i].src);
		}
	}
	strbuf_adds(&sb, " \nFROM ");
	qualified(r, &sb, o->schema, o->table);
	emit_sb(r, &sb);
	strbuf_adds(&sb, "DROP TABLE ");
	qualified(r, &sb, o->schema, o->table);
	emit_sb(r, &sb);
	strbuf_adds(&sb, "ALTER TABLE ");
	qualified(r, &sb, o->schema, tmpname);
	strbuf_adds(&sb, " RENAME TO ");
	ident(r, &sb, o->table);
	emit_sb(r, &sb);
	/* indexes of copy_from (columns followed through renames), then new */
	for (size_t i = 0; i < b.n_indexes; i++) {
		struct op_index ix = *b.indexes[i];
		ix.table = o->table;
		ix.schema = o->schema;
		struct op_index_elem *els = calloc(ix.n_elems ? ix.n_elems : 1, sizeof(*els));
		if (!els)
			abort();
		for (size_t e = 0; e < ix.n_elems; e++) {
			els[e] = ix.elems[e];
			struct bcol *c = els[e].name ? bstate_col(&b, els[e].name) : NULL;
			if (c)
				els[e].name = c->c.name;
		}
		ix.elems = els;
		create_index_text(r, &sb, &ix, ix.name ? ix.name : "?");
		emit_sb(r, &sb);
		free(els);
	}
	strbuf_release(&sb);
done:
	free(b.cols);
	free(b.cons);
	free(b.named);
	free(b.from_copy);
	free(b.indexes);
	free(b.existing);
	free(b.pairs);
}

static void render_batch(struct rctx *r, const struct op *o)
{
	/* Alembic checks insert_before/insert_after when add_column is
	 * called: against the operations queued before it */
	for (size_t i = 0; i < o->n_children; i++) {
		const struct op *c = &o->children[i];
		if (c->kind == OP_ADD_COLUMN && (c->insert_before || c->insert_after) &&
		    !batch_needs_recreate_n(o, r->d, i)) {
			refuse(r, o, "Can't specify insert_before or insert_after when using ALTER; please specify "
				     "recreate='always'");
			return;
		}
	}
	if (!batch_needs_recreate(o, r->d)) {
		render_children(r, o);
		return;
	}
	if (o->batch_unsupported) {
		r->stats->opaque++;
		note(r, o, o->batch_unsupported);
		return;
	}
	if (!o->copy_from) {
		/* Alembic's CommandError, without the table's name */
		const char *why = r->d == DIALECT_POSTGRESQL
					  ? "This operation cannot proceed in --sql mode; batch mode with dialect postgresql "
					    "requires a live database connection with which to reflect the table; pass copy_from"
					  : "This operation cannot proceed in --sql mode; batch mode with dialect sqlite "
					    "requires a live database connection with which to reflect the table; pass copy_from";
		r->stats->errors++;
		if (o->reflect_unsupported && (r->item || r->item_form))
			item(r, SQLRENDER_NOT_RENDERED, o->reflect_unsupported, o);
		else if (r->item || r->item_form)
			item(r, SQLRENDER_NEEDS_TABLE, why, o);
		else
			note(r, o, why);
		return;
	}
	render_batch_recreate(r, o);
}

static void render_op_body(struct rctx *r, const struct op *o);

/* Statements point back at the innermost operation being rendered. */
static void render_op(struct rctx *r, const struct op *o)
{
	const struct op *outer = r->cur;
	r->cur = o;
	render_op_body(r, o);
	r->cur = outer;
}

static void render_op_body(struct rctx *r, const struct op *o)
{
	if (o->refusal) {
		refuse(r, o, o->refusal);
		return;
	}
	struct strbuf sb = STRBUF_INIT;
	switch (o->kind) {
	case OP_CREATE_TABLE:
		render_create_table(r, o);
		break;
	case OP_DROP_TABLE:
		form(r, SQLFORM_DROP_TABLE, o->schema, o->table);
		strbuf_adds(&sb, "DROP TABLE ");
		qualified(r, &sb, o->schema, o->table);
		emit_sb(r, &sb);
		break;
	case OP_RENAME_TABLE:
		form(r, SQLFORM_RENAME_TABLE, o->schema, o->table);
		alter_prefix(r, &sb, o);
		strbuf_adds(&sb, "RENAME TO ");
		ident(r, &sb, o->new_name);
		emit_sb(r, &sb);
		break;
	case OP_ADD_COLUMN:
		render_add_column(r, o);
		break;
	case OP_DROP_COLUMN:
		form(r, SQLFORM_DROP_COLUMN, o->schema, o->table)->column = o->column_name;
		alter_prefix(r, &sb, o);
		strbuf_adds(&sb, "DROP COLUMN ");
		ident(r, &sb, o->column_name);
		emit_sb(r, &sb);
		break;
	case OP_ALTER_COLUMN:
		render_alter_column(r, o);
		break;
	case OP_CREATE_INDEX:
		form(r, SQLFORM_CREATE_INDEX, o->index.schema, o->index.table)->concurrently = o->index.pg_concurrently;
		create_index_text(r, &sb, &o->index, o->index.name);
		emit_sb(r, &sb);
		break;
	case OP_DROP_INDEX: {
		struct sqlrender_form *fm = form(r, SQLFORM_DROP_INDEX, o->index.schema, NULL);
		fm->name = o->index.name;
		fm->concurrently = o->index.pg_concurrently;
		strbuf_adds(&sb, "DROP INDEX ");
		if (o->index.pg_concurrently && r->d == DIALECT_POSTGRESQL)
			strbuf_adds(&sb, "CONCURRENTLY ");
		qualified(r, &sb, o->index.schema, o->index.name);
		emit_sb(r, &sb);
		break;
	}
	case OP_CREATE_UNIQUE:
	case OP_CREATE_PK:
	case OP_CREATE_CHECK:
	case OP_CREATE_FK:
	case OP_CREATE_EXCLUDE:
		if (sqlite_no_alter(r, o))
			break;
		form(r, SQLFORM_ADD_CONSTRAINT, o->schema, o->table)->con_kind = o->constraint.kind;
		r->form.fk = &o->constraint.fk;
		r->form.name = o->constraint.name;
		r->form.not_valid = r->d == DIALECT_POSTGRESQL &&
				    (o->constraint.kind == CON_FOREIGN_KEY ? o->constraint.fk.pg_not_valid
									   : o->constraint.kind == CON_CHECK && o->constraint.pg_not_valid);
		alter_prefix(r, &sb, o);
		strbuf_adds(&sb, "ADD ");
		constraint_text(r, &sb, &o->constraint);
		emit_sb(r, &sb);
		break;
	case OP_DROP_CONSTRAINT:
		if (sqlite_no_alter(r, o))
			break;
		form(r, SQLFORM_DROP_CONSTRAINT, o->schema, o->table)->name = o->constraint.name;
		alter_prefix(r, &sb, o);
		strbuf_adds(&sb, "DROP CONSTRAINT ");
		ident(r, &sb, o->constraint.name);
		emit_sb(r, &sb);
		break;
	case OP_CREATE_TABLE_COMMENT:
	case OP_DROP_TABLE_COMMENT:
		form(r, SQLFORM_COMMENT_TABLE, o->schema, o->table);
		strbuf_adds(&sb, "COMMENT ON TABLE ");
		qualified(r, &sb, o->schema, o->table);
		strbuf_adds(&sb, " IS ");
		if (o->kind == OP_CREATE_TABLE_COMMENT)
			lit(r, &sb, o->comment);
		else
			strbuf_adds(&sb, "NULL");
		emit_sb(r, &sb);
		break;
	case OP_EXECUTE:
		render_execute(r, o);
		break;
	case OP_BULK_INSERT:
		render_bulk_insert(r, o);
		break;
	case OP_BATCH:
		render_batch(r, o);
		break;
	case OP_AUTOCOMMIT:
		/* commit what runs before, run the block outside a transaction,
		 * then begin again (PostgreSQL offline) */
		if (r->item || r->item_form)
			item(r, SQLRENDER_AUTOCOMMIT_BEGIN, "", o);
		else if (r->in_txn)
			strbuf_adds(r->out, "COMMIT;\n\n");
		render_children(r, o);
		if (r->item || r->item_form)
			item(r, SQLRENDER_AUTOCOMMIT_END, "", o);
		else if (r->in_txn)
			strbuf_adds(r->out, "BEGIN;\n\n");
		break;
	case OP_ENUM_CREATE:
	case OP_ENUM_DROP: {
		const struct sqltype *t = sqltype_for(o->enum_type, r->d);
		if (r->d != DIALECT_POSTGRESQL || !t || t->native_enum == 0)
			break;
		if (o->kind == OP_ENUM_CREATE) {
			const char *err = NULL;
			struct sqltype tmp = *t;
			tmp.create_type = -1;
			if (!create_enum(r, &tmp, &sb, &err))
				refuse(r, o, err);
		} else {
			if (!t->enum_name) {
				refuse(r, o, "PostgreSQL ENUM type requires a name.");
				break;
			}
			form(r, SQLFORM_DROP_TYPE, t->schema, t->enum_name);
			strbuf_adds(&sb, "DROP TYPE ");
			qualified(r, &sb, t->schema, t->enum_name);
			emit_sb(r, &sb);
		}
		break;
	}
	case OP_OPAQUE:
		r->stats->opaque++;
		note(r, o, o->reason ? o->reason : "not modelled");
		break;
	}
	strbuf_release(&sb);
}

void sqlrender_ops(struct strbuf *out, const struct op *ops, size_t n, enum dialect d, bool in_transaction,
		   struct sqlrender_stats *stats)
{
	struct rctx r = { out, d, in_transaction, stats, NULL, NULL, NULL, NULL, { 0 }, false };
	for (size_t i = 0; i < n; i++)
		render_op(&r, &ops[i]);
}

void sqlrender_items(const struct op *ops, size_t n, enum dialect d, sqlrender_item_fn fn, void *ctx,
		     struct sqlrender_stats *stats)
{
	struct strbuf unused = STRBUF_INIT;
	struct rctx r = { &unused, d, true, stats, fn, ctx, NULL, NULL, { 0 }, false, true };
	for (size_t i = 0; i < n; i++)
		render_op(&r, &ops[i]);
	strbuf_release(&unused);
}

void sqlrender_items_described(const struct op *ops, size_t n, enum dialect d, sqlrender_form_fn fn, void *ctx,
			       struct sqlrender_stats *stats)
{
	struct strbuf unused = STRBUF_INIT;
	struct rctx r = { &unused, d, true, stats, NULL, ctx, NULL, fn, { 0 }, false };
	for (size_t i = 0; i < n; i++)
		render_op(&r, &ops[i]);
	strbuf_release(&unused);
}

void sqlrender_batch_reflected(const struct op *batch, const struct op *table, enum dialect d, sqlrender_item_fn fn,
			       void *ctx, struct sqlrender_stats *stats)
{
	struct strbuf unused = STRBUF_INIT;
	struct rctx r = { &unused, d, true, stats, fn, ctx, batch, NULL, { 0 }, true, true };
	struct op o = *batch;
	o.copy_from = table;
	if (batch->batch_unsupported || batch->reflect_unsupported) {
		r.stats->opaque++;
		note(&r, batch, batch->batch_unsupported ? batch->batch_unsupported : batch->reflect_unsupported);
	} else {
		render_batch_recreate(&r, &o);
	}
	strbuf_release(&unused);
}
