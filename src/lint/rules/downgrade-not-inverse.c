/* downgrade-not-inverse: downgrade() replayed right after upgrade(), from
 * the schema before the revision, must give that schema back. Each
 * difference (a column left behind, an index not recreated, a type not
 * altered back to its existing_type ...) is reported at the upgrade line
 * that made it, or at the downgrade line when the downgrade itself does
 * something the upgrade did not. Silent when either side has steps the
 * model cannot replay (opaque calls, SQL it does not know, names it cannot
 * find): a guess would be wrong as often as right. Enum types left behind
 * by sa.Enum or create_type are enum-not-dropped's. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

#include "cupel/sqltype.h"
#include "cupel/xalloc.h"
#include "../rule.h"

/* An operation, with the table of its batch_alter_table. */
struct at {
	const struct op *op;
	const char *table;
	bool down;
};

static bool eq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* Can the model replay every step? */
static bool replayable(const struct op *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (v[i].kind == OP_OPAQUE || (v[i].kind == OP_EXECUTE && !v[i].sql))
			return false;
		if (!replayable(v[i].children, v[i].n_children))
			return false;
	}
	return true;
}

static const char *enum_name(const struct sqltype *t)
{
	const struct sqltype *d = t ? sqltype_for(t, DIALECT_POSTGRESQL) : NULL;
	return d ? d->enum_name : NULL;
}

/* The enum type a column's type makes in the schema model (not one of
 * create_type=False, whose type comes from elsewhere: op.execute's
 * CREATE TYPE, say), or NULL. */
static const char *enum_created(const struct sqltype *t)
{
	const struct sqltype *d = t ? sqltype_for(t, DIALECT_POSTGRESQL) : NULL;
	return d && d->create_type != 0 ? d->enum_name : NULL;
}

static bool table_has(const struct op *o, const char *name, enum schema_obj obj)
{
	for (size_t i = 0; obj == SCHEMA_OBJ_CONSTRAINT && i < o->n_constraints; i++)
		if (eq(o->constraints[i].name, name) || eq(o->constraints[i].fk.name, name))
			return true;
	for (size_t i = 0; obj == SCHEMA_OBJ_INDEX && i < o->n_indexes; i++)
		if (eq(o->indexes[i].name, name))
			return true;
	for (size_t i = 0; obj == SCHEMA_OBJ_CONSTRAINT && i < o->n_columns; i++)
		for (size_t k = 0; k < o->columns[i].n_fks; k++)
			if (eq(o->columns[i].fks[k].name, name))
				return true;
	return false;
}

/* Does sql name `name` as a word (not inside another identifier)? */
static bool sql_names(const char *sql, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = sql; n && (p = strcasestr(p, name)); p++) {
		bool before = p == sql || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
		bool after = !(isalnum((unsigned char)p[n]) || p[n] == '_');
		if (before && after)
			return true;
	}
	return false;
}

/* How an operation relates to a difference, best first. */
enum match { BY_NAME = 3, SQL_NAME = 2, ON_TABLE = 1, IN_SQL = 0 };

/* Does o (on table t) make or change the object of d, as `level` asks:
 * an operation naming it, SQL naming it, an operation on its table, SQL
 * naming its table. */
static bool touches(const struct op *o, const char *t, const struct schema_diff *d, enum match level)
{
	const char *name = d->name;
	if (o->kind == OP_EXECUTE) {
		if (!o->sql)
			return false;
		if (level == SQL_NAME)
			return name && sql_names(o->sql, name);
		return level == IN_SQL && d->table && sql_names(o->sql, d->table);
	}
	if (level == IN_SQL || level == SQL_NAME)
		return false;
	if (level == ON_TABLE)
		return d->table && (eq(t, d->table) || (o->kind == OP_RENAME_TABLE && eq(o->new_name, d->table)));
	switch (d->obj) {
	case SCHEMA_OBJ_TABLE:
		return (eq(t, name) && (o->kind == OP_CREATE_TABLE || o->kind == OP_DROP_TABLE ||
					o->kind == OP_RENAME_TABLE)) ||
		       (o->kind == OP_RENAME_TABLE && eq(o->new_name, name));
	case SCHEMA_OBJ_COLUMN:
		if (!eq(t, d->table))
			return false;
		if (o->kind == OP_ADD_COLUMN)
			return eq(o->column.name, name);
		if (o->kind == OP_DROP_COLUMN)
			return eq(o->column_name, name);
		if (o->kind == OP_ALTER_COLUMN)
			return eq(o->alter.column, name) || eq(o->alter.new_name, name);
		return false;
	case SCHEMA_OBJ_CONSTRAINT:
		if (!name)
			return false;
		if (o->kind >= OP_CREATE_UNIQUE && o->kind <= OP_DROP_CONSTRAINT)
			return eq(o->constraint.name, name) || eq(o->constraint.fk.name, name);
		return (o->kind == OP_CREATE_TABLE && table_has(o, name, d->obj)) ||
		       (o->kind == OP_ADD_COLUMN && eq(t, d->table) && o->column.n_fks && eq(o->column.fks[0].name, name));
	case SCHEMA_OBJ_INDEX:
		if (!name)
			return false;
		if (o->kind == OP_CREATE_INDEX || o->kind == OP_DROP_INDEX)
			return eq(o->index.name, name);
		return (o->kind == OP_CREATE_TABLE && table_has(o, name, d->obj)) ||
		       (o->kind == OP_ADD_COLUMN && eq(t, d->table) && o->column.index == 1);
	case SCHEMA_OBJ_ENUM:
		if (o->kind == OP_ENUM_CREATE || o->kind == OP_ENUM_DROP)
			return eq(enum_name(o->enum_type), name);
		if (o->kind == OP_ADD_COLUMN)
			return eq(enum_created(o->column.type), name);
		for (size_t i = 0; o->kind == OP_CREATE_TABLE && i < o->n_columns; i++)
			if (eq(enum_created(o->columns[i].type), name))
				return true;
		return false;
	}
	return false;
}

static bool find_in(const struct op *v, size_t n, const char *table, const struct schema_diff *d, enum match level,
		    struct at *out)
{
	for (size_t i = 0; i < n; i++) {
		const struct op *o = &v[i];
		const char *t = o->table ? o->table : o->index.table ? o->index.table : table;
		if (o->kind == OP_BATCH || o->kind == OP_AUTOCOMMIT) {
			if (find_in(o->children, o->n_children, o->kind == OP_BATCH ? o->table : table, d, level, out))
				return true;
			continue;
		}
		if (touches(o, t, d, level)) {
			out->op = o;
			out->table = t;
			return true;
		}
	}
	return false;
}

/* The operation a difference comes from, best match first (enum match),
 * the upgrade's before the downgrade's. */
static bool origin(struct lint_ctx *c, const struct schema_diff *d, struct at *out)
{
	memset(out, 0, sizeof(*out));
	for (int level = BY_NAME; level >= IN_SQL; level--) {
		if (find_in(c->up_pg.v, c->up_pg.n, NULL, d, (enum match)level, out))
			return true;
		if (find_in(c->down_pg.v, c->down_pg.n, NULL, d, (enum match)level, out)) {
			out->down = true;
			return true;
		}
	}
	return false;
}

static const char *kind_word(enum schema_obj o)
{
	static const char *const w[] = { "table", "column", "constraint", "index", "type" };
	return w[o];
}

/* The call that drops what the downgrade leaves behind. */
static void drop_hint(char *buf, size_t n, const struct schema_diff *d)
{
	const char *t = d->table ? d->table : "?";
	switch (d->obj) {
	case SCHEMA_OBJ_TABLE:
		snprintf(buf, n, "in downgrade(), in the reverse order of upgrade(): op.drop_table(\"%s\")", d->name);
		break;
	case SCHEMA_OBJ_COLUMN:
		snprintf(buf, n, "in downgrade(), in the reverse order of upgrade(): op.drop_column(\"%s\", \"%s\")", t,
			 d->name);
		break;
	case SCHEMA_OBJ_INDEX:
		snprintf(buf, n, "in downgrade(), in the reverse order of upgrade(): op.drop_index(\"%s\", table_name=\"%s\")",
			 d->name ? d->name : "?", t);
		break;
	case SCHEMA_OBJ_CONSTRAINT:
		snprintf(buf, n, "in downgrade(), in the reverse order of upgrade(): op.drop_constraint(\"%s\", \"%s\")",
			 d->name ? d->name : "(its name)", t);
		break;
	case SCHEMA_OBJ_ENUM:
		snprintf(buf, n, "in downgrade(), after the tables using it: op.execute(\"DROP TYPE %s\")", d->name);
		break;
	}
}

struct run {
	struct lint_ctx *c;
	unsigned fallback_line;
	/* one finding per line and message */
	struct seen {
		unsigned line;
		const char *msg;
	} seen[64];
	size_t n_seen;
};

static void report(struct run *r, unsigned line, unsigned col, const char *hint, const char *msg)
{
	for (size_t i = 0; i < r->n_seen; i++)
		if (r->seen[i].line == line && !strcmp(r->seen[i].msg, msg))
			return;
	if (r->n_seen < sizeof(r->seen) / sizeof(r->seen[0])) {
		r->seen[r->n_seen].line = line;
		r->seen[r->n_seen++].msg = lint_strdup(r->c, msg);
	}
	lint_report(r->c, line, col, hint, "%s", msg);
}

static void one(const struct schema_diff *d, void *arg)
{
	struct run *r = arg;
	struct lint_ctx *c = r->c;
	struct at at;
	bool found = origin(c, d, &at);
	/* enum-not-dropped reports the types of sa.Enum and create_type */
	if (d->obj == SCHEMA_OBJ_ENUM && d->change == SCHEMA_ONLY_B && found && !at.down && at.op->kind != OP_EXECUTE)
		return;
	char obj[512], msg[1024], hint[512];
	if (d->table && d->obj != SCHEMA_OBJ_TABLE)
		snprintf(obj, sizeof(obj), "%s %s%s%s", kind_word(d->obj), d->obj == SCHEMA_OBJ_COLUMN ? d->table : "",
			 d->obj == SCHEMA_OBJ_COLUMN ? "." : "", d->label);
	else
		snprintf(obj, sizeof(obj), "%s %s", kind_word(d->obj), d->label);
	if (d->table && d->obj != SCHEMA_OBJ_TABLE && d->obj != SCHEMA_OBJ_COLUMN)
		snprintf(obj + strlen(obj), sizeof(obj) - strlen(obj), " on %s", d->table);
	unsigned line = found ? at.op->line : r->fallback_line;
	unsigned col = found ? at.op->col : 1;
	const struct op *o = found ? at.op : NULL;
	bool rename = o && (o->kind == OP_RENAME_TABLE || (o->kind == OP_ALTER_COLUMN && o->alter.new_name));
	if (rename && !at.down) {
		if (o->kind == OP_RENAME_TABLE)
			snprintf(msg, sizeof(msg), "upgrade renames table %s to %s (line %u); downgrade does not rename it back",
				 o->table, o->new_name, line);
		else
			snprintf(msg, sizeof(msg), "upgrade renames column %s.%s to %s (line %u); downgrade does not rename it back",
				 at.table ? at.table : "?", o->alter.column, o->alter.new_name, line);
		if (o->kind == OP_RENAME_TABLE)
			snprintf(hint, sizeof(hint), "rename it back in downgrade(): op.rename_table(\"%s\", \"%s\")",
				 o->new_name, o->table);
		else
			snprintf(hint, sizeof(hint),
				 "rename it back in downgrade(): op.alter_column(\"%s\", \"%s\", new_column_name=\"%s\")",
				 at.table ? at.table : "?", o->alter.new_name, o->alter.column);
	} else if (rename) {
		snprintf(msg, sizeof(msg), "downgrade renames %s %s%s%s to %s (line %u), which upgrade did not rename",
			 o->kind == OP_RENAME_TABLE ? "table" : "column", o->kind == OP_RENAME_TABLE ? "" : at.table ? at.table : "?",
			 o->kind == OP_RENAME_TABLE ? "" : ".", o->kind == OP_RENAME_TABLE ? o->table : o->alter.column,
			 o->kind == OP_RENAME_TABLE ? o->new_name : o->alter.new_name, line);
		snprintf(hint, sizeof(hint), "downgrade() should only undo what upgrade() did");
	} else if (d->change == SCHEMA_ONLY_B) {
		/* there after the downgrade, not before the upgrade */
		if (found && at.down)
			snprintf(msg, sizeof(msg), "downgrade creates %s (line %u), which was not there before the upgrade",
				 obj, line);
		else
			snprintf(msg, sizeof(msg), "upgrade %s %s (line %u); downgrade leaves it",
				 d->obj == SCHEMA_OBJ_COLUMN ? "adds" : o && o->kind == OP_ALTER_COLUMN ? "changes" : "creates",
				 obj, line);
		drop_hint(hint, sizeof(hint), d);
	} else if (d->change == SCHEMA_ONLY_A) {
		/* there before the upgrade, gone after the downgrade */
		if (found && at.down)
			snprintf(msg, sizeof(msg), "downgrade drops %s (line %u), which upgrade did not create", obj, line);
		else
			snprintf(msg, sizeof(msg), "upgrade drops %s (line %u); downgrade does not %s", obj, line,
				 d->obj == SCHEMA_OBJ_COLUMN ? "add it back" : "recreate it");
		snprintf(hint, sizeof(hint), "recreate it in downgrade() as it was before the upgrade (%s)",
			 d->obj == SCHEMA_OBJ_TABLE ? "op.create_table" : d->obj == SCHEMA_OBJ_COLUMN ? "op.add_column"
			 : d->obj == SCHEMA_OBJ_INDEX ? "op.create_index" : d->obj == SCHEMA_OBJ_ENUM ? "CREATE TYPE"
			 : "op.create_*_constraint");
	} else {
		snprintf(msg, sizeof(msg), "%s %s %s (line %u); after the downgrade: %s", found && at.down ? "downgrade" : "upgrade",
			 o && (o->kind == OP_DROP_COLUMN || o->kind == OP_DROP_INDEX || o->kind == OP_DROP_CONSTRAINT ||
			       o->kind == OP_DROP_TABLE) ? "drops" : "changes", obj, line, d->what);
		snprintf(hint, sizeof(hint), "%s",
			 d->obj == SCHEMA_OBJ_COLUMN
				 ? "alter it back in downgrade(): op.alter_column(..., type_=, nullable=, server_default=) "
				   "with the upgrade's existing_type, existing_nullable and existing_server_default"
				 : "recreate it in downgrade() with the definition it had before the upgrade");
	}
	report(r, line, col, hint, msg);
}

/* The names a revision's operations go by (tables, indexes,
 * constraints), for a copy of the schema that holds only what they can
 * touch. */
struct names {
	const char **v;
	size_t n, cap;
};

static void name_add(struct names *nm, const char *s)
{
	if (!s)
		return;
	if (nm->n == nm->cap) {
		nm->cap = nm->cap ? nm->cap * 2 : 32;
		nm->v = xrealloc(nm->v, nm->cap * sizeof(*nm->v));
	}
	nm->v[nm->n++] = s;
}

/* Every string of a parse tree: relation, index, constraint and type
 * names among them (more is harmless). */
static void tree_strings(struct lint_ctx *c, cJSON *j, struct names *nm)
{
	if (cJSON_IsString(j))
		name_add(nm, lint_strdup(c, cJSON_GetStringValue(j)));
	else if (cJSON_IsArray(j) || cJSON_IsObject(j))
		for (cJSON *v = j->child; v; v = v->next) /* elements or members */
			tree_strings(c, v, nm);
}

static void op_names(struct lint_ctx *c, const struct op *v, size_t n, struct names *nm)
{
	for (size_t i = 0; i < n; i++) {
		const struct op *o = &v[i];
		name_add(nm, o->table);
		name_add(nm, o->new_name);
		name_add(nm, o->index.name);
		name_add(nm, o->index.table);
		name_add(nm, o->constraint.name);
		name_add(nm, o->constraint.fk.name);
		if (o->kind == OP_EXECUTE && o->sql) {
			struct pgq_result r;
			struct strbuf err = STRBUF_INIT;
			if (pgq_parse(o->sql, &r, &err)) {
				for (size_t k = 0; k < r.n; k++)
					tree_strings(c, r.stmts[k].node, nm);
				pgq_free(&r);
			}
			strbuf_release(&err);
		}
		op_names(c, o->children, o->n_children, nm);
	}
}

LINT_RULE(downgrade_not_inverse)
{
	const struct rev *rv = &c->p->graph->revs[c->rev];
	/* merges undo nothing; an empty or raising downgrade is
	 * irreversible-downgrade's */
	if (rv->down.n > 1 || !c->before || c->up_pg.n == 0 || c->down_pg.n == 0)
		return;
	if (!replayable(c->up_pg.v, c->up_pg.n) || !replayable(c->down_pg.v, c->down_pg.n))
		return;
	struct names nm = { NULL, 0, 0 };
	op_names(c, c->up_pg.v, c->up_pg.n, &nm);
	op_names(c, c->down_pg.v, c->down_pg.n, &nm);
	/* before: what the revision can touch as it was; after: the same
	 * with the upgrade and then the downgrade replayed */
	struct schema *before = schema_clone_tables(c->before, nm.v, nm.n);
	struct schema *after = schema_clone_tables(c->before, nm.v, nm.n);
	free(nm.v);
	schema_apply(after, c->up_pg.v, c->up_pg.n, rv->id);
	schema_apply(after, c->down_pg.v, c->down_pg.n, rv->id);
	/* the model could not follow a step: no verdict */
	bool sure = after->n_notes == 0;
	for (size_t i = 0; sure && i < after->n_tables; i++)
		sure = !after->tables[i]->uncertain || (i < before->n_tables && before->tables[i]->uncertain);
	if (sure) {
		const struct py_node *fn = lint_function(c->module, "upgrade");
		struct run r;
		memset(&r, 0, sizeof(r));
		r.c = c;
		r.fallback_line = fn ? fn->line : 1;
		schema_compare(before, after, one, &r);
	}
	schema_free(after);
	schema_free(before);
}

LINT_NO_GRAPH(downgrade_not_inverse)
