/* render.c - SQL text of each operation, per dialect (SQLAlchemy 1.4's DDL
 * compiler and Alembic 1.8's ddl/impl, as seen in their offline output). */
#include <stdlib.h>
#include <string.h>

#include "cupel/sqlquote.h"
#include "cupel/sqlrender.h"
#include "cupel/sqltype.h"

struct rctx {
	struct strbuf *out;
	enum dialect d;
	bool in_txn;
	struct sqlrender_stats *stats;
};

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
	sqlrender_emit(r->out, strbuf_str(sb), sb->len);
	strbuf_reset(sb);
}

/* A comment in place of what cannot be rendered: what, where, why, and the
 * source lines, each commented. */
static void note(struct rctx *r, const struct op *o, const char *why)
{
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
		sqlquote_string(sb, df->text, r->d);
		return true;
	case DEFAULT_NUMBER:
		/* a Python number as server_default renders as a quoted string */
		sqlquote_string(sb, df->text, r->d);
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
		const char *f = df->text;
		bool now = !strcmp(f, "now") || !strcmp(f, "current_timestamp");
		if (r->d == DIALECT_SQLITE) {
			const char *txt = now ? "CURRENT_TIMESTAMP" : NULL;
			if (!txt && !strcmp(f, "current_date"))
				txt = "CURRENT_DATE";
			if (!txt && !strcmp(f, "current_time"))
				txt = "CURRENT_TIME";
			if (in_ddl)
				strbuf_addc(sb, '(');
			if (txt)
				strbuf_adds(sb, txt);
			else
				strbuf_addf(sb, "%s()", f);
			if (in_ddl)
				strbuf_addc(sb, ')');
		} else {
			if (!strcmp(f, "current_timestamp"))
				strbuf_adds(sb, "CURRENT_TIMESTAMP");
			else if (!strcmp(f, "current_date"))
				strbuf_adds(sb, "CURRENT_DATE");
			else if (!strcmp(f, "current_time"))
				strbuf_adds(sb, "CURRENT_TIME");
			else
				strbuf_addf(sb, "%s()", f);
		}
		return true;
	}
	default:
		return false;
	}
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
		return type_is_integer_affinity(t) && c->server_default.kind == DEFAULT_NONE && !c->n_fks;
	}
	return c->autoincrement == 1;
}

static bool column_spec(struct rctx *r, struct strbuf *sb, const struct op_column *c, bool is_pk, bool autoinc,
			const char **err)
{
	ident(r, sb, c->name);
	if (!c->type) {
		*err = "a column without a type";
		return false;
	}
	const struct sqltype *t = sqltype_for(c->type, r->d);
	bool nullable = c->nullable >= 0 ? c->nullable : !(is_pk || c->identity);
	bool has_identity = c->identity && r->d == DIALECT_POSTGRESQL;
	if (r->d == DIALECT_POSTGRESQL && autoinc && !has_identity) {
		strbuf_adds(sb, t->kind == SQLTYPE_BIGINT ? " BIGSERIAL" : t->kind == SQLTYPE_SMALLINT ? " SMALLSERIAL" : " SERIAL");
	} else {
		strbuf_addc(sb, ' ');
		if (!type_text(r, sb, c->type, err))
			return false;
		if (c->server_default.kind != DEFAULT_NONE) {
			strbuf_adds(sb, " DEFAULT ");
			if (!default_text(r, sb, &c->server_default, true)) {
				*err = "a server_default cupel cannot render";
				return false;
			}
		}
	}
	if (r->d == DIALECT_SQLITE && !nullable)
		strbuf_adds(sb, " NOT NULL");
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
		if (id->cache)
			strbuf_addf(&opt, "%sCACHE %s", opt.len ? " " : "", id->cache);
		if (id->cycle == 1)
			strbuf_addf(&opt, "%sCYCLE", opt.len ? " " : "");
		if (opt.len)
			strbuf_addf(sb, " (%s)", opt.buf);
		strbuf_release(&opt);
	}
	if (r->d == DIALECT_POSTGRESQL) {
		if (!nullable && !has_identity)
			strbuf_adds(sb, " NOT NULL");
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
	default:
		break;
	}
	deferrable_text(sb, k->deferrable, k->initially);
}

/* The enum types a CREATE TABLE creates first (PostgreSQL). */
static bool create_enum(struct rctx *r, const struct sqltype *t, struct strbuf *sb, const char **err)
{
	const struct sqltype *e = sqltype_for(t, r->d);
	if (!e || (e->kind != SQLTYPE_ENUM && e->kind != SQLTYPE_PG_ENUM) || r->d != DIALECT_POSTGRESQL ||
	    e->native_enum == 0 || e->create_type == 0)
		return true;
	if (!e->enum_name) {
		*err = "PostgreSQL ENUM type requires a name.";
		return false;
	}
	strbuf_adds(sb, "CREATE TYPE ");
	qualified(r, sb, e->schema, e->enum_name);
	strbuf_adds(sb, " AS ENUM (");
	for (size_t i = 0; i < e->n_labels; i++) {
		if (i)
			strbuf_adds(sb, ", ");
		sqlquote_string(sb, e->labels[i], r->d);
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
		sqlquote_string(sb, t->labels[i], r->d);
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
		if (!create_enum(r, o->columns[i].type, &sb, &err)) {
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
	for (size_t i = 0; i < o->n_columns; i++) {
		strbuf_adds(&sb, first ? "\n\t" : ", \n\t");
		first = false;
		if (!column_spec(r, &sb, &o->columns[i], is_pk[i], &o->columns[i] == autoinc, &err)) {
			refuse(r, o, err);
			strbuf_release(&sb);
			free(is_pk);
			return;
		}
	}
	free(is_pk);
	/* the primary key, then table items, then what columns declared */
	if (pk_item || n_pk) {
		strbuf_adds(&sb, first ? "\n\t" : ", \n\t");
		first = false;
		if (pk_item) {
			constraint_text(r, &sb, pk_item);
		} else {
			strbuf_adds(&sb, "PRIMARY KEY (");
			bool any = false;
			if (autoinc) {
				ident(r, &sb, autoinc->name);
				any = true;
			}
			for (size_t i = 0; i < o->n_columns; i++) {
				if (!o->columns[i].primary_key || &o->columns[i] == autoinc)
					continue;
				strbuf_adds(&sb, any ? ", " : "");
				ident(r, &sb, o->columns[i].name);
				any = true;
			}
			strbuf_addc(&sb, ')');
		}
	}
	for (size_t i = 0; i < o->n_constraints; i++) {
		if (&o->constraints[i] == pk_item || sqlite_drops_fk(r, o, &o->constraints[i]))
			continue;
		strbuf_adds(&sb, first ? "\n\t" : ", \n\t");
		first = false;
		constraint_text(r, &sb, &o->constraints[i]);
	}
	for (size_t i = 0; i < o->n_columns; i++) {
		const struct op_column *c = &o->columns[i];
		if (c->unique == 1 && c->index != 1) {
			strbuf_adds(&sb, first ? "\n\t" : ", \n\t");
			first = false;
			strbuf_adds(&sb, "UNIQUE (");
			ident(r, &sb, c->name);
			strbuf_addc(&sb, ')');
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
		create_index_text(r, &sb, ix, nm.buf);
		strbuf_release(&nm);
		emit_sb(r, &sb);
	}
	for (size_t i = 0; i < o->n_columns; i++) {
		const struct op_column *c = &o->columns[i];
		if (c->index != 1)
			continue;
		struct op_index ix = { 0 };
		struct op_index_elem el = { c->name, NULL };
		ix.table = o->table;
		ix.schema = o->schema;
		ix.elems = &el;
		ix.n_elems = 1;
		ix.unique = c->unique == 1;
		struct strbuf nm = STRBUF_INIT;
		strbuf_addf(&nm, "ix_%s%s%s_%s", o->schema ? o->schema : "", o->schema ? "_" : "", o->table, c->name);
		create_index_text(r, &sb, &ix, nm.buf);
		strbuf_release(&nm);
		emit_sb(r, &sb);
	}
	if (r->d == DIALECT_POSTGRESQL) {
		if (o->comment) {
			strbuf_adds(&sb, "COMMENT ON TABLE ");
			qualified(r, &sb, o->schema, o->table);
			strbuf_adds(&sb, " IS ");
			sqlquote_string(&sb, o->comment, r->d);
			emit_sb(r, &sb);
		}
		for (size_t i = 0; i < o->n_columns; i++) {
			if (!o->columns[i].comment)
				continue;
			strbuf_adds(&sb, "COMMENT ON COLUMN ");
			qualified(r, &sb, o->schema, o->table);
			strbuf_addc(&sb, '.');
			ident(r, &sb, o->columns[i].name);
			strbuf_adds(&sb, " IS ");
			sqlquote_string(&sb, o->columns[i].comment, r->d);
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
	if (!column_spec(r, &sb, c, c->primary_key, false, &err)) {
		strbuf_release(&sb);
		refuse(r, o, err);
		return;
	}
	emit_sb(r, &sb);
	if (c->unique == 1 && c->index != 1) {
		alter_prefix(r, &sb, o);
		strbuf_adds(&sb, "ADD UNIQUE (");
		ident(r, &sb, c->name);
		strbuf_addc(&sb, ')');
		emit_sb(r, &sb);
	}
	for (size_t k = 0; k < c->n_fks; k++) {
		alter_prefix(r, &sb, o);
		strbuf_adds(&sb, "ADD ");
		fk_text(r, &sb, &c->fks[k]);
		emit_sb(r, &sb);
	}
	if (c->index == 1) {
		struct op_index ix = { 0 };
		struct op_index_elem el = { c->name, NULL };
		ix.table = o->table;
		ix.schema = o->schema;
		ix.elems = &el;
		ix.n_elems = 1;
		ix.unique = c->unique == 1;
		struct strbuf nm = STRBUF_INIT;
		strbuf_addf(&nm, "ix_%s%s%s_%s", o->schema ? o->schema : "", o->schema ? "_" : "", o->table, c->name);
		create_index_text(r, &sb, &ix, nm.buf);
		strbuf_release(&nm);
		emit_sb(r, &sb);
	}
	if (c->comment && r->d == DIALECT_POSTGRESQL) {
		strbuf_adds(&sb, "COMMENT ON COLUMN ");
		qualified(r, &sb, o->schema, o->table);
		strbuf_addc(&sb, '.');
		ident(r, &sb, c->name);
		strbuf_adds(&sb, " IS ");
		sqlquote_string(&sb, c->comment, r->d);
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
			alter_prefix(r, &sb, o);
			strbuf_adds(&sb, "ALTER COLUMN ");
			ident(r, &sb, al->column);
			strbuf_adds(&sb, al->nullable ? " DROP NOT NULL" : " SET NOT NULL");
			emit_sb(r, &sb);
		} else if (what == 1 && al->server_default.kind != DEFAULT_NONE) {
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
				strbuf_release(&sb);
				refuse(r, o, err);
				return;
			}
			if (pg && al->pg_using)
				strbuf_addf(&sb, " USING %s", al->pg_using);
			emit_sb(r, &sb);
		}
	}
	if (al->comment_set) {
		strbuf_adds(&sb, "COMMENT ON COLUMN ");
		qualified(r, &sb, o->schema, o->table);
		strbuf_addc(&sb, '.');
		ident(r, &sb, al->column);
		strbuf_adds(&sb, " IS ");
		if (al->comment)
			sqlquote_string(&sb, al->comment, r->d);
		else
			strbuf_adds(&sb, "NULL");
		emit_sb(r, &sb);
	}
	if (al->new_name) {
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
 * parameters become NULL offline and "\:" becomes ":". */
static void render_execute(struct rctx *r, const struct op *o)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s = o->sql;
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\\' && i + 1 < n && s[i + 1] == ':') {
			strbuf_addc(&sb, ':');
			i++;
			continue;
		}
		/* a bind parameter: ':' + word, not after ':' or a word char,
		 * not followed by ':' ("::jsonb" casts stay) */
		if (c == ':' && i + 1 < n && (s[i + 1] == '_' || (s[i + 1] >= 'a' && s[i + 1] <= 'z') ||
					      (s[i + 1] >= 'A' && s[i + 1] <= 'Z')) &&
		    (i == 0 || !(s[i - 1] == ':' || s[i - 1] == '_' || (s[i - 1] >= 'a' && s[i - 1] <= 'z') ||
				 (s[i - 1] >= 'A' && s[i - 1] <= 'Z') || (s[i - 1] >= '0' && s[i - 1] <= '9')))) {
			size_t k = i + 1;
			while (k < n && (s[k] == '_' || (s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
					 (s[k] >= '0' && s[k] <= '9')))
				k++;
			if (k < n && s[k] == ':') {
				strbuf_add(&sb, s + i, k - i);
				i = k - 1;
				continue;
			}
			strbuf_adds(&sb, "NULL");
			i = k - 1;
			continue;
		}
		strbuf_addc(&sb, c);
	}
	emit_sb(r, &sb);
	strbuf_release(&sb);
}

static void value_text(struct rctx *r, struct strbuf *sb, const struct op_value *v)
{
	switch (v->kind) {
	case VAL_NULL: strbuf_adds(sb, "NULL"); break;
	case VAL_TRUE: strbuf_adds(sb, r->d == DIALECT_POSTGRESQL ? "true" : "1"); break;
	case VAL_FALSE: strbuf_adds(sb, r->d == DIALECT_POSTGRESQL ? "false" : "0"); break;
	case VAL_INT: case VAL_FLOAT: strbuf_adds(sb, v->text); break;
	case VAL_STRING: sqlquote_string(sb, v->text, r->d); break;
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
static bool batch_needs_recreate(const struct op *o, enum dialect d)
{
	if (o->recreate && !strcmp(o->recreate, "always"))
		return true;
	if (o->recreate && !strcmp(o->recreate, "never"))
		return false;
	if (d != DIALECT_SQLITE)
		return false;
	for (size_t i = 0; i < o->n_children; i++) {
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

static void render_batch(struct rctx *r, const struct op *o)
{
	if (!batch_needs_recreate(o, r->d)) {
		render_children(r, o);
		return;
	}
	if (!o->has_copy_from) {
		refuse(r, o, "This operation cannot proceed in --sql mode; batch mode with dialect sqlite requires a "
			     "live database connection with which to reflect the table; pass copy_from");
		return;
	}
	r->stats->opaque++;
	note(r, o, "the batch \"move and copy\" of a table is not rendered by cupel yet");
}

static void render_op(struct rctx *r, const struct op *o)
{
	struct strbuf sb = STRBUF_INIT;
	switch (o->kind) {
	case OP_CREATE_TABLE:
		render_create_table(r, o);
		break;
	case OP_DROP_TABLE:
		strbuf_adds(&sb, "DROP TABLE ");
		qualified(r, &sb, o->schema, o->table);
		emit_sb(r, &sb);
		break;
	case OP_RENAME_TABLE:
		alter_prefix(r, &sb, o);
		strbuf_adds(&sb, "RENAME TO ");
		ident(r, &sb, o->new_name);
		emit_sb(r, &sb);
		break;
	case OP_ADD_COLUMN:
		render_add_column(r, o);
		break;
	case OP_DROP_COLUMN:
		alter_prefix(r, &sb, o);
		strbuf_adds(&sb, "DROP COLUMN ");
		ident(r, &sb, o->column_name);
		emit_sb(r, &sb);
		break;
	case OP_ALTER_COLUMN:
		render_alter_column(r, o);
		break;
	case OP_CREATE_INDEX:
		create_index_text(r, &sb, &o->index, o->index.name);
		emit_sb(r, &sb);
		break;
	case OP_DROP_INDEX:
		strbuf_adds(&sb, "DROP INDEX ");
		if (o->index.pg_concurrently && r->d == DIALECT_POSTGRESQL)
			strbuf_adds(&sb, "CONCURRENTLY ");
		qualified(r, &sb, o->index.schema, o->index.name);
		emit_sb(r, &sb);
		break;
	case OP_CREATE_UNIQUE:
	case OP_CREATE_PK:
	case OP_CREATE_CHECK:
	case OP_CREATE_FK:
		if (sqlite_no_alter(r, o))
			break;
		alter_prefix(r, &sb, o);
		strbuf_adds(&sb, "ADD ");
		constraint_text(r, &sb, &o->constraint);
		emit_sb(r, &sb);
		break;
	case OP_DROP_CONSTRAINT:
		if (sqlite_no_alter(r, o))
			break;
		alter_prefix(r, &sb, o);
		strbuf_adds(&sb, "DROP CONSTRAINT ");
		ident(r, &sb, o->constraint.name);
		emit_sb(r, &sb);
		break;
	case OP_CREATE_TABLE_COMMENT:
	case OP_DROP_TABLE_COMMENT:
		strbuf_adds(&sb, "COMMENT ON TABLE ");
		qualified(r, &sb, o->schema, o->table);
		strbuf_adds(&sb, " IS ");
		if (o->kind == OP_CREATE_TABLE_COMMENT)
			sqlquote_string(&sb, o->comment, r->d);
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
		if (r->in_txn)
			strbuf_adds(r->out, "COMMIT;\n\n");
		render_children(r, o);
		if (r->in_txn)
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
	case OP_CREATE_EXCLUDE:
		r->stats->opaque++;
		note(r, o, "create_exclude_constraint is not rendered by cupel yet");
		break;
	}
	strbuf_release(&sb);
}

void sqlrender_ops(struct strbuf *out, const struct op *ops, size_t n, enum dialect d, bool in_transaction,
		   struct sqlrender_stats *stats)
{
	struct rctx r = { out, d, in_transaction, stats };
	for (size_t i = 0; i < n; i++)
		render_op(&r, &ops[i]);
}
