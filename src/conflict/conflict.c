/* conflict.c - divergent heads: what each branch touches since the fork,
 * the conflicts between the two sides, and the order check through the
 * schema model. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cupel/conflict.h"
#include "cupel/pgq.h"
#include "cupel/plan.h"
#include "cupel/schema.h"
#include "cupel/sqlgen.h"
#include "cupel/sqltype.h"
#include "cupel/strbuf.h"
#include "cupel/text.h"

static const char *const kind_ids[] = {
#define X(k, id, level) id,
	CONFLICT_KINDS(X)
#undef X
};
static const int kind_levels[] = {
#define X(k, id, level) level,
	CONFLICT_KINDS(X)
#undef X
};
static const char *const act_words[] = {
#define X(k, w) w,
	CONFLICT_ACTS(X)
#undef X
};
static const char *const obj_words[] = {
#define X(k, w) w,
	CONFLICT_OBJS(X)
#undef X
};

const char *conflict_kind_id(enum conflict_kind k)
{
	return kind_ids[k];
}
int conflict_kind_level(enum conflict_kind k)
{
	return kind_levels[k];
}
const char *conflict_act_word(enum conflict_act a)
{
	return act_words[a];
}
const char *conflict_obj_word(enum conflict_obj o)
{
	return obj_words[o];
}

/* ---- which heads diverge ---- */

static bool same_labels(const struct rev *a, const struct rev *b)
{
	if (a->n_labels != b->n_labels)
		return false;
	for (size_t k = 0; k < a->n_labels; k++)
		if (strcmp(a->labels[k], b->labels[k]))
			return false;
	return true;
}

size_t conflict_divergent_pairs(const struct revgraph *g, struct arena *a, size_t **out)
{
	size_t n = 0, cap = 8;
	size_t *v = arena_alloc(a, 2 * cap * sizeof(*v));
	if (g->cyclic) {
		*out = v;
		return 0;
	}
	struct revset *anc = arena_alloc(a, (g->heads.n + 1) * sizeof(*anc));
	for (size_t i = 0; i < g->heads.n; i++) {
		anc[i] = revset_new(a, g->n);
		revgraph_ancestors(g, &g->heads.v[i], 1, true, &anc[i]);
	}
	for (size_t i = 0; i < g->heads.n; i++)
		for (size_t j = i + 1; j < g->heads.n; j++) {
			size_t x = g->heads.v[i], y = g->heads.v[j];
			if (!same_labels(&g->revs[x], &g->revs[y]))
				continue;
			bool meet = false;
			for (size_t b = 0; b < (g->n + 7) / 8 && !meet; b++)
				meet = (anc[i].bits[b] & anc[j].bits[b]) != 0;
			if (!meet)
				continue;
			if (n == cap) {
				v = arena_grow(a, v, 2 * n, 4 * cap, sizeof(*v));
				cap *= 2;
			}
			v[2 * n] = x;
			v[2 * n + 1] = y;
			n++;
		}
	*out = v;
	return n;
}

/* ---- what a branch touches ---- */

struct touches {
	struct arena *a;
	struct conflict_touch *v;
	size_t n, cap;
	size_t rev;
};

static struct conflict_touch *touch(struct touches *t, enum conflict_act act, enum conflict_obj obj,
				    const char *schema, const char *table, const char *name, unsigned line,
				    const char *detail)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		t->v = arena_grow(t->a, t->v, t->n, cap, sizeof(*t->v));
		t->cap = cap;
	}
	struct conflict_touch *x = &t->v[t->n++];
	memset(x, 0, sizeof(*x));
	x->act = act;
	x->obj = obj;
	x->schema = schema && *schema && strcmp(schema, "public") ? arena_strdup(t->a, schema) : NULL;
	x->table = table ? arena_strdup(t->a, table) : NULL;
	x->name = name ? arena_strdup(t->a, name) : NULL;
	x->detail = detail ? arena_strdup(t->a, detail) : NULL;
	x->rev = t->rev;
	x->line = line;
	return x;
}

static const char *const *dup_cols(struct arena *a, const struct strvec *v)
{
	const char **r = arena_alloc(a, (v->n + 1) * sizeof(*r));
	for (size_t i = 0; i < v->n; i++)
		r[i] = v->v[i] ? arena_strdup(a, v->v[i]) : NULL;
	return r;
}

static void touch_fk(struct touches *t, const struct op_fk *fk, const char *schema, const char *table,
		     unsigned line, const char *detail)
{
	struct conflict_touch *x = touch(t, CACT_REFER, COBJ_TABLE, fk->ref_schema ? fk->ref_schema : schema,
					 fk->ref_table, NULL, line, detail);
	x->cols = dup_cols(t->a, &fk->ref_cols);
	x->n_cols = fk->ref_cols.n;
	(void)table;
}

static void touch_constraint(struct touches *t, const struct op_constraint *c, const char *schema,
			     const char *table, unsigned line, const char *detail)
{
	if (c->name) {
		struct conflict_touch *x =
			touch(t, CACT_CREATE, COBJ_CONSTRAINT, schema, table, c->name, line, detail);
		const struct strvec *cols = c->kind == CON_FOREIGN_KEY ? &c->fk.cols : &c->cols;
		x->cols = dup_cols(t->a, cols);
		x->n_cols = cols->n;
		x->index_backed = c->kind == CON_PRIMARY_KEY || c->kind == CON_UNIQUE;
	}
	if (c->kind == CON_FOREIGN_KEY)
		touch_fk(t, &c->fk, schema, table, line, detail);
}

static void touch_index(struct touches *t, const struct op_index *ix, const char *schema, const char *table,
			unsigned line)
{
	struct conflict_touch *x = touch(t, CACT_CREATE, COBJ_INDEX, ix->schema ? ix->schema : schema,
					 ix->table ? ix->table : table, ix->name, line, "create_index");
	const char **cols = arena_alloc(t->a, (ix->n_elems + 1) * sizeof(*cols));
	for (size_t i = 0; i < ix->n_elems; i++)
		cols[i] = ix->elems[i].name ? arena_strdup(t->a, ix->elems[i].name) : NULL;
	x->cols = cols;
	x->n_cols = ix->n_elems;
}

static void touch_column(struct touches *t, const struct op_column *c, const char *schema, const char *table,
			 unsigned line, const char *detail)
{
	touch(t, CACT_CREATE, COBJ_COLUMN, schema, table, c->name, line, detail);
	for (size_t i = 0; i < c->n_fks; i++)
		touch_fk(t, &c->fks[i], schema, table, line, detail);
}

static const char *type_sql(struct arena *a, const struct sqltype *ty, enum dialect d)
{
	struct strbuf sb = STRBUF_INIT;
	const char *err = NULL;
	const char *r = ty && sqltype_render(&sb, ty, d, &err) ? arena_strdup(a, strbuf_str(&sb)) : NULL;
	strbuf_release(&sb);
	return r;
}

static void rangevar(cJSON *rel, const char **schema, const char **name)
{
	*schema = pgq_str(rel, "schemaname");
	*name = pgq_str(rel, "relname");
}

static void last_names(cJSON *list, const char **schema, const char **name)
{
	size_t n = list ? pgq_len(list) : 0;
	*name = n ? pgq_sval(pgq_at(list, n - 1)) : NULL;
	*schema = n > 1 ? pgq_sval(pgq_at(list, n - 2)) : NULL;
}

/* The columns a DML statement names anywhere (SET targets, INSERT
 * columns, column references in WHERE, RETURNING, expressions). */
static void dml_columns(cJSON *j, struct arena *a, const char ***v, size_t *n, size_t *cap)
{
	if (cJSON_IsArray(j)) {
		for (cJSON *j_el = pgq_first(j); j_el; j_el = j_el->next)
			dml_columns(j_el, a, v, n, cap);
		return;
	}
	if (!cJSON_IsObject(j))
		return;
	const char *key;
	cJSON *val;
	pgq_members(j, key, val)
	{
		const char *col = NULL;
		if (!strcmp(key, "ColumnRef")) {
			cJSON *f = pgq_list(val, "fields");
			size_t m = f ? pgq_len(f) : 0;
			col = m ? pgq_sval(pgq_at(f, m - 1)) : NULL;
		} else if (!strcmp(key, "ResTarget")) {
			col = pgq_str(val, "name");
		}
		if (col) {
			if (*n == *cap) {
				size_t c2 = *cap ? *cap * 2 : 8;
				*v = arena_grow(a, *v, *n, c2, sizeof(**v));
				*cap = c2;
			}
			(*v)[(*n)++] = arena_strdup(a, col);
		}
		dml_columns(val, a, v, n, cap);
	}
}

/* op.execute's SQL, statement by statement, as far as PostgreSQL's parser
 * tells; a statement kind not listed here is an opaque touch. */
static void touch_sql(struct touches *t, const char *sql, unsigned line)
{
	struct pgq_result r;
	struct strbuf err = STRBUF_INIT;
	if (!pgq_parse(sql, &r, &err)) {
		touch(t, CACT_OPAQUE, COBJ_STEP, NULL, NULL, NULL, line,
		      arena_printf(t->a, "SQL that PostgreSQL's parser refuses (%s)", strbuf_str(&err)));
		strbuf_release(&err);
		return;
	}
	strbuf_release(&err);
	for (size_t i = 0; i < r.n; i++) {
		const char *k = r.stmts[i].kind;
		cJSON *st = r.stmts[i].node;
		const char *sch = NULL, *name = NULL;
		if (!strcmp(k, "InsertStmt") || !strcmp(k, "UpdateStmt") || !strcmp(k, "DeleteStmt")) {
			rangevar(pgq_get(st, "relation"), &sch, &name);
			struct conflict_touch *x = touch(t, CACT_WRITE, COBJ_TABLE, sch, name, NULL, line, k);
			/* the columns it names; a DELETE or an INSERT without a
			 * column list concerns every column (none listed) */
			const char **cols = NULL;
			size_t nc = 0, cc = 0;
			if (strcmp(k, "DeleteStmt") && !(!strcmp(k, "InsertStmt") && !pgq_list(st, "cols")))
				dml_columns(st, t->a, &cols, &nc, &cc);
			x->cols = cols;
			x->n_cols = nc;
		} else if (!strcmp(k, "CreateStmt")) {
			rangevar(pgq_get(st, "relation"), &sch, &name);
			touch(t, CACT_CREATE, COBJ_TABLE, sch, name, NULL, line, "CREATE TABLE");
		} else if (!strcmp(k, "AlterTableStmt")) {
			rangevar(pgq_get(st, "relation"), &sch, &name);
			cJSON *cmds = pgq_list(st, "cmds");
			for (cJSON *cmds_el = pgq_first(cmds); cmds_el; cmds_el = cmds_el->next) {
				cJSON *cmd, *inner = NULL;
				if (!pgq_node(cmds_el, &cmd))
					continue;
				const char *sub = pgq_str(cmd, "subtype");
				const char *cn = pgq_str(cmd, "name");
				cJSON *def = pgq_get(cmd, "def");
				const char *dk = def ? pgq_node(def, &inner) : NULL;
				if (!sub)
					continue;
				if (!strcmp(sub, "AT_AddColumn") && dk && !strcmp(dk, "ColumnDef"))
					touch(t, CACT_CREATE, COBJ_COLUMN, sch, name, pgq_str(inner, "colname"), line,
					      "ALTER TABLE ADD COLUMN");
				else if (!strcmp(sub, "AT_DropColumn"))
					touch(t, CACT_DROP, COBJ_COLUMN, sch, name, cn, line, "ALTER TABLE DROP COLUMN");
				else if (!strcmp(sub, "AT_AddConstraint") && dk && !strcmp(dk, "Constraint"))
					touch(t, CACT_CREATE, COBJ_CONSTRAINT, sch, name, pgq_str(inner, "conname"), line,
					      "ALTER TABLE ADD CONSTRAINT");
				else if (!strcmp(sub, "AT_DropConstraint"))
					touch(t, CACT_DROP, COBJ_CONSTRAINT, sch, name, cn, line,
					      "ALTER TABLE DROP CONSTRAINT");
				else if (cn)
					touch(t, CACT_ALTER, COBJ_COLUMN, sch, name, cn, line, "ALTER TABLE");
				else
					touch(t, CACT_ALTER, COBJ_TABLE, sch, name, NULL, line, "ALTER TABLE");
			}
		} else if (!strcmp(k, "IndexStmt")) {
			rangevar(pgq_get(st, "relation"), &sch, &name);
			touch(t, CACT_CREATE, COBJ_INDEX, sch, name, pgq_str(st, "idxname"), line, "CREATE INDEX");
		} else if (!strcmp(k, "RenameStmt")) {
			const char *rt = pgq_str(st, "renameType");
			rangevar(pgq_get(st, "relation"), &sch, &name);
			struct conflict_touch *x = NULL;
			if (rt && !strcmp(rt, "OBJECT_TABLE"))
				x = touch(t, CACT_RENAME, COBJ_TABLE, sch, name, NULL, line, "ALTER TABLE RENAME");
			else if (rt && !strcmp(rt, "OBJECT_COLUMN"))
				x = touch(t, CACT_RENAME, COBJ_COLUMN, sch, name, pgq_str(st, "subname"), line,
					  "ALTER TABLE RENAME COLUMN");
			else
				touch(t, CACT_OPAQUE, COBJ_STEP, sch, name, NULL, line,
				      arena_printf(t->a, "a rename of a %s is not analysed", rt ? rt : "?"));
			if (x) {
				const char *nn = pgq_str(st, "newname");
				x->new_name = nn ? arena_strdup(t->a, nn) : NULL;
			}
		} else if (!strcmp(k, "DropStmt")) {
			const char *rt = pgq_str(st, "removeType");
			enum conflict_obj obj = COBJ_STEP;
			if (rt && !strcmp(rt, "OBJECT_TABLE"))
				obj = COBJ_TABLE;
			else if (rt && !strcmp(rt, "OBJECT_INDEX"))
				obj = COBJ_INDEX;
			else if (rt && !strcmp(rt, "OBJECT_TYPE"))
				obj = COBJ_TYPE;
			cJSON *objs = pgq_list(st, "objects");
			for (cJSON *objs_el = pgq_first(objs); objs_el; objs_el = objs_el->next) {
				cJSON *inner;
				const char *ok = pgq_node(objs_el, &inner);
				if (ok && !strcmp(ok, "List"))
					last_names(pgq_list(inner, "items"), &sch, &name);
				else if (ok && !strcmp(ok, "TypeName"))
					last_names(pgq_list(inner, "names"), &sch, &name);
				else
					continue;
				if (obj == COBJ_TABLE)
					touch(t, CACT_DROP, COBJ_TABLE, sch, name, NULL, line, "DROP TABLE");
				else if (obj == COBJ_STEP)
					touch(t, CACT_OPAQUE, COBJ_STEP, sch, NULL, name, line,
					      arena_printf(t->a, "a DROP of a %s is not analysed", rt ? rt : "?"));
				else
					touch(t, CACT_DROP, obj, sch, NULL, name, line, "DROP");
			}
		} else if (!strcmp(k, "CreateEnumStmt")) {
			last_names(pgq_list(st, "typeName"), &sch, &name);
			touch(t, CACT_CREATE, COBJ_TYPE, sch, NULL, name, line, "CREATE TYPE");
		} else if (!strcmp(k, "AlterEnumStmt")) {
			last_names(pgq_list(st, "typeName"), &sch, &name);
			const char *nv = pgq_str(st, "newVal");
			touch(t, CACT_ALTER, COBJ_TYPE, sch, NULL, name, line,
			      nv ? arena_printf(t->a, "ALTER TYPE ADD VALUE '%s'", nv) : "ALTER TYPE");
		} else if (!strcmp(k, "CommentStmt") || !strcmp(k, "GrantStmt") || !strcmp(k, "VariableSetStmt") ||
			   !strcmp(k, "SelectStmt")) {
			/* changes no object a branch could collide on */
		} else {
			touch(t, CACT_OPAQUE, COBJ_STEP, NULL, NULL, NULL, line,
			      arena_printf(t->a, "SQL %s is not analysed", k));
		}
	}
	pgq_free(&r);
}

static void touch_ops(struct touches *t, const struct op *v, size_t n, const char *bschema, const char *btable,
		      enum dialect d)
{
	for (size_t i = 0; i < n; i++) {
		const struct op *o = &v[i];
		const char *table = o->table ? o->table : btable;
		const char *schema = o->table ? o->schema : bschema;
		const char *what = op_kind_name(o->kind);
		switch (o->kind) {
		case OP_CREATE_TABLE:
			touch(t, CACT_CREATE, COBJ_TABLE, schema, table, NULL, o->line, what);
			for (size_t k = 0; k < o->n_columns; k++)
				for (size_t f = 0; f < o->columns[k].n_fks; f++)
					touch_fk(t, &o->columns[k].fks[f], schema, table, o->line, what);
			for (size_t k = 0; k < o->n_constraints; k++)
				touch_constraint(t, &o->constraints[k], schema, table, o->line, what);
			for (size_t k = 0; k < o->n_indexes; k++)
				touch_index(t, &o->indexes[k], schema, table, o->line);
			break;
		case OP_DROP_TABLE:
			touch(t, CACT_DROP, COBJ_TABLE, schema, table, NULL, o->line, what);
			break;
		case OP_RENAME_TABLE:
			touch(t, CACT_RENAME, COBJ_TABLE, schema, table, NULL, o->line, what)->new_name =
				o->new_name ? arena_strdup(t->a, o->new_name) : NULL;
			break;
		case OP_ADD_COLUMN:
			touch_column(t, &o->column, schema, table, o->line, what);
			break;
		case OP_DROP_COLUMN:
			touch(t, CACT_DROP, COBJ_COLUMN, schema, table, o->column_name, o->line, what);
			break;
		case OP_ALTER_COLUMN: {
			const struct op_alter *al = &o->alter;
			bool changes = al->nullable != -1 || al->type || al->server_default.kind != DEFAULT_NONE ||
				       al->comment_set;
			if (changes) {
				struct conflict_touch *x =
					touch(t, CACT_ALTER, COBJ_COLUMN, schema, table, al->column, o->line, what);
				x->type = type_sql(t->a, al->type, d);
			}
			if (al->new_name)
				touch(t, CACT_RENAME, COBJ_COLUMN, schema, table, al->column, o->line, what)->new_name =
					arena_strdup(t->a, al->new_name);
			break;
		}
		case OP_CREATE_INDEX:
			touch_index(t, &o->index, schema, table, o->line);
			break;
		case OP_DROP_INDEX:
			touch(t, CACT_DROP, COBJ_INDEX, o->index.schema ? o->index.schema : schema,
			      o->index.table ? o->index.table : table, o->index.name, o->line, what);
			break;
		case OP_CREATE_UNIQUE:
		case OP_CREATE_FK:
		case OP_CREATE_CHECK:
		case OP_CREATE_PK:
		case OP_CREATE_EXCLUDE:
			touch_constraint(t, &o->constraint, schema, table, o->line, what);
			break;
		case OP_DROP_CONSTRAINT:
			touch(t, CACT_DROP, COBJ_CONSTRAINT, schema, table, o->constraint.name, o->line, what);
			break;
		case OP_CREATE_TABLE_COMMENT:
		case OP_DROP_TABLE_COMMENT:
			touch(t, CACT_ALTER, COBJ_TABLE, schema, table, NULL, o->line, what);
			break;
		case OP_EXECUTE:
			if (o->sql)
				touch_sql(t, o->sql, o->line);
			else
				touch(t, CACT_OPAQUE, COBJ_STEP, NULL, NULL, NULL, o->line,
				      "op.execute of something cupel cannot read");
			break;
		case OP_BULK_INSERT: {
			struct conflict_touch *x = touch(t, CACT_WRITE, COBJ_TABLE, schema, table, NULL, o->line, what);
			x->cols = dup_cols(t->a, &o->insert_columns);
			x->n_cols = o->insert_columns.n;
			break;
		}
		case OP_BATCH:
			touch_ops(t, o->children, o->n_children, o->schema, o->table, d);
			break;
		case OP_AUTOCOMMIT:
			touch_ops(t, o->children, o->n_children, bschema, btable, d);
			break;
		case OP_ENUM_CREATE:
		case OP_ENUM_DROP: {
			const struct sqltype *et = sqltype_for(o->enum_type, d);
			if (et && et->enum_name)
				touch(t, o->kind == OP_ENUM_CREATE ? CACT_CREATE : CACT_DROP, COBJ_TYPE, et->schema,
				      NULL, et->enum_name, o->line, what);
			break;
		}
		case OP_OPAQUE:
			touch(t, CACT_OPAQUE, COBJ_STEP, schema, table, NULL, o->line,
			      o->reason ? o->reason : "not modelled");
			break;
		}
	}
}

/* ---- the operations of each revision, read once ---- */

struct ops_cache {
	struct project *p;
	struct arena *a;
	enum dialect d;
	struct op_list *v;
	unsigned char *state; /* 0 not read, 1 read, 2 unreadable */
};

static const struct op_list *cache_ops(struct ops_cache *c, size_t rev)
{
	if (!c->state[rev]) {
		struct plan_step st;
		memset(&st, 0, sizeof(st));
		st.rev = rev;
		st.dir = PLAN_UPGRADE;
		struct diag_list diags;
		diag_list_init(&diags, c->a);
		c->state[rev] = sqlgen_step_ops(c->p, c->a, &diags, &st, c->d, true, &c->v[rev]) ? 1 : 2;
	}
	return c->state[rev] == 1 ? &c->v[rev] : NULL;
}

/* ---- the conflicts between two sides ---- */

static bool same_name(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

static bool same_table(const struct conflict_touch *a, const struct conflict_touch *b)
{
	return same_name(a->table, b->table) && ((!a->schema && !b->schema) || same_name(a->schema, b->schema));
}

static bool has_col(const struct conflict_touch *t, const char *col)
{
	for (size_t i = 0; col && i < t->n_cols; i++)
		if (same_name(t->cols[i], col))
			return true;
	return false;
}

/* Does touch u (of the other side) involve column `col` of t's table? */
static bool uses_column(const struct conflict_touch *u, const struct conflict_touch *t)
{
	if (u->obj == COBJ_COLUMN)
		return same_table(u, t) && same_name(u->name, t->name);
	if (u->obj == COBJ_INDEX || u->obj == COBJ_CONSTRAINT)
		return same_table(u, t) && has_col(u, t->name);
	if (u->act == CACT_REFER)
		return same_name(u->table, t->table) && has_col(u, t->name);
	/* a data step that names the column */
	if (u->act == CACT_WRITE)
		return same_table(u, t) && has_col(u, t->name);
	return false;
}

struct issues {
	struct arena *a;
	struct conflict_pair *pair;
	size_t cap;
	const struct revgraph *g;
};

static void issue(struct issues *is, enum conflict_kind k, const struct conflict_touch *a,
		  const struct conflict_touch *b, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void issue(struct issues *is, enum conflict_kind k, const struct conflict_touch *a,
		  const struct conflict_touch *b, const char *fmt, ...)
{
	struct conflict_pair *p = is->pair;
	if (p->n_issues == is->cap) {
		size_t cap = is->cap ? is->cap * 2 : 8;
		p->issues = arena_grow(is->a, p->issues, p->n_issues, cap, sizeof(*p->issues));
		is->cap = cap;
	}
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	struct conflict_issue *x = &p->issues[p->n_issues++];
	x->kind = k;
	x->a = a;
	x->b = b;
	x->message = arena_strdup(is->a, strbuf_str(&sb));
	strbuf_release(&sb);
	if (conflict_kind_level(k) == 2)
		p->n_errors++;
	else
		p->n_warnings++;
}

static const char *qual(struct arena *a, const struct conflict_touch *t)
{
	const char *tab = t->table ? t->table : "?";
	switch (t->obj) {
	case COBJ_TABLE:
		return arena_printf(a, "table %s%s%s", t->schema ? t->schema : "", t->schema ? "." : "", tab);
	case COBJ_COLUMN:
		return arena_printf(a, "column %s.%s", tab, t->name ? t->name : "?");
	case COBJ_INDEX:
		return arena_printf(a, "index %s (on %s)", t->name ? t->name : "(unnamed)", tab);
	case COBJ_CONSTRAINT:
		return arena_printf(a, "constraint %s (on %s)", t->name ? t->name : "(unnamed)", tab);
	case COBJ_TYPE:
		return arena_printf(a, "type %s", t->name ? t->name : "?");
	case COBJ_STEP:
		break;
	}
	return "a step";
}

/* Two touches of the same object name space: what a database would see
 * as the same thing. */
static bool same_object(const struct conflict_touch *a, const struct conflict_touch *b)
{
	if (a->obj != b->obj)
		return false;
	switch (a->obj) {
	case COBJ_TABLE:
		return same_table(a, b);
	case COBJ_COLUMN:
		return same_table(a, b) && same_name(a->name, b->name);
	case COBJ_INDEX:
	case COBJ_CONSTRAINT:
		return same_table(a, b) && same_name(a->name, b->name);
	case COBJ_TYPE:
		return same_name(a->name, b->name) && ((!a->schema && !b->schema) || same_name(a->schema, b->schema));
	case COBJ_STEP:
		break;
	}
	return false;
}

/* Index names (and those of PRIMARY KEY / UNIQUE constraints, which are
 * their indexes' names) share the schema's relation name space. */
static bool relation_name_clash(const struct conflict_touch *a, const struct conflict_touch *b)
{
	bool ia = a->obj == COBJ_INDEX || (a->obj == COBJ_CONSTRAINT && a->index_backed);
	bool ib = b->obj == COBJ_INDEX || (b->obj == COBJ_CONSTRAINT && b->index_backed);
	return ia && ib && same_name(a->name, b->name) &&
	       ((!a->schema && !b->schema) || same_name(a->schema, b->schema));
}

/* One ordered check: a of one side against b of the other. Symmetric
 * rules are checked only with a from side 0 (first). */
static void check_touches(struct issues *is, const struct conflict_touch *a, const struct conflict_touch *b,
			  bool first)
{
	struct arena *ar = is->a;
	/* symmetric: the same object created twice, dropped twice, altered
	 * twice; duplicate names */
	if (first) {
		if (a->act == CACT_CREATE && b->act == CACT_CREATE) {
			if (same_object(a, b))
				issue(is, CONFLICT_CREATED_TWICE, a, b, "both branches create %s", qual(ar, a));
			else if (relation_name_clash(a, b))
				issue(is, CONFLICT_DUPLICATE_NAME, a, b,
				      "both branches name a new index or key %s (on %s and on %s): the second fails",
				      a->name, a->table ? a->table : "?", b->table ? b->table : "?");
			else if (a->obj == COBJ_CONSTRAINT && b->obj == COBJ_CONSTRAINT && same_name(a->name, b->name))
				issue(is, CONFLICT_DUPLICATE_NAME, a, b,
				      "both branches create a constraint named %s (on %s and on %s)", a->name,
				      a->table ? a->table : "?", b->table ? b->table : "?");
		}
		if (a->act == CACT_DROP && b->act == CACT_DROP && same_object(a, b))
			issue(is, CONFLICT_DROPPED_TWICE, a, b, "both branches drop %s: the second drop fails",
			      qual(ar, a));
		if (a->act == CACT_RENAME && b->act == CACT_RENAME && same_object(a, b))
			issue(is, CONFLICT_RENAMED_WHILE_USED, a, b, "both branches rename %s (to %s and to %s)",
			      qual(ar, a), a->new_name ? a->new_name : "?", b->new_name ? b->new_name : "?");
		if (a->act == CACT_ALTER && b->act == CACT_ALTER && same_object(a, b)) {
			if (a->type && b->type && strcmp(a->type, b->type))
				issue(is, CONFLICT_INCOMPATIBLE_TYPES, a, b,
				      "the branches change the type of %s to %s and to %s: the result depends on the order",
				      qual(ar, a), a->type, b->type);
			else if (a->obj == COBJ_TYPE)
				issue(is, CONFLICT_ALTERED_TWICE, a, b,
				      "both branches alter %s (%s; %s): the order of its values depends on the upgrade order",
				      qual(ar, a), a->detail ? a->detail : "?", b->detail ? b->detail : "?");
			else
				issue(is, CONFLICT_ALTERED_TWICE, a, b,
				      "both branches alter %s: the later one wins, whichever runs last", qual(ar, a));
		}
	}
	/* one-sided: a drops or renames what b uses */
	if (a->act == CACT_DROP || a->act == CACT_RENAME) {
		bool drop = a->act == CACT_DROP;
		enum conflict_kind k = drop ? CONFLICT_DROPPED_WHILE_USED : CONFLICT_RENAMED_WHILE_USED;
		const char *verb = drop ? "drops" : "renames";
		if (a->obj == COBJ_TABLE && b->act != a->act) {
			if (b->act == CACT_REFER && same_table(a, b))
				issue(is, drop ? CONFLICT_FK_TO_DROPPED : CONFLICT_RENAMED_WHILE_USED, a, b,
				      "one branch %s %s, the other adds a foreign key to it", verb, qual(ar, a));
			else if (b->obj != COBJ_TABLE ? same_table(a, b) : (same_table(a, b) && b->act != CACT_CREATE))
				issue(is, k, a, b, "one branch %s %s, the other %s %s", verb, qual(ar, a),
				      conflict_act_word(b->act), qual(ar, b));
		} else if (a->obj == COBJ_COLUMN && b->act == CACT_WRITE && uses_column(b, a)) {
			issue(is, k, a, b, "one branch %s %s, a data step of the other (%s) names it: it fails after the %s",
			      verb, qual(ar, a), b->detail ? b->detail : "?", drop ? "drop" : "rename");
		} else if (a->obj == COBJ_COLUMN && b->act != a->act && b->act != CACT_CREATE &&
			   uses_column(b, a)) {
			issue(is, k, a, b, "one branch %s %s, the other %s %s", verb, qual(ar, a),
			      conflict_act_word(b->act), qual(ar, b));
		} else if (a->obj == COBJ_COLUMN && b->act == CACT_CREATE && b->obj != COBJ_COLUMN && uses_column(b, a)) {
			issue(is, k, a, b, "one branch %s %s, the other creates %s on it", verb, qual(ar, a),
			      qual(ar, b));
		} else if ((a->obj == COBJ_INDEX || a->obj == COBJ_CONSTRAINT || a->obj == COBJ_TYPE) &&
			   b->act == CACT_ALTER && same_object(a, b)) {
			issue(is, k, a, b, "one branch %s %s, the other alters it", verb, qual(ar, a));
		}
	}
	/* data written by one side on a table whose shape the other changes:
	 * a column it names altered (type, nullability, default), or a
	 * constraint added or dropped over such a column (it may make the
	 * data step fail, or let it write what it should not); a column only
	 * added, or an index, is no concern of the data step. A data step
	 * that names no column (DELETE, INSERT without a column list)
	 * concerns every column. Drops and renames are errors above. */
	if (a->act == CACT_WRITE && same_table(a, b) && (b->act == CACT_ALTER || b->act == CACT_CREATE ||
							 b->act == CACT_DROP)) {
		bool hit = false;
		if (b->obj == COBJ_COLUMN && b->act == CACT_ALTER)
			hit = !a->n_cols || has_col(a, b->name);
		else if (b->obj == COBJ_CONSTRAINT && b->act == CACT_CREATE) {
			hit = !a->n_cols || !b->n_cols;
			for (size_t k = 0; !hit && k < b->n_cols; k++)
				hit = has_col(a, b->cols[k]);
		} else if (b->obj == COBJ_CONSTRAINT && b->act == CACT_DROP)
			hit = true;
		if (hit)
			issue(is, CONFLICT_DATA_VS_SCHEMA, a, b,
			      "one branch writes rows of table %s, the other %s %s: the data step meets a different "
			      "table in each order",
			      a->table, conflict_act_word(b->act), qual(ar, b));
	}
}

static void find_issues(struct issues *is)
{
	struct conflict_pair *p = is->pair;
	for (int s = 0; s < 2; s++) {
		const struct conflict_side *x = &p->side[s], *y = &p->side[1 - s];
		for (size_t i = 0; i < x->n_touches; i++) {
			const struct conflict_touch *a = &x->touches[i];
			if (a->act == CACT_OPAQUE) {
				issue(is, CONFLICT_UNSEEN_STEP, a, NULL,
				      "cupel cannot see what this step of %s does (%s): check it against the other "
				      "branch by hand",
				      is->g->revs[a->rev].id, a->detail ? a->detail : "not modelled");
				continue;
			}
			for (size_t j = 0; j < y->n_touches; j++)
				check_touches(is, a, &y->touches[j], s == 0);
		}
	}
}

/* ---- the order check ---- */

static void replay(struct ops_cache *c, struct schema *s, const struct idxlist *order, const struct revset *in)
{
	const struct revgraph *g = c->p->graph;
	for (size_t i = 0; i < order->n; i++) {
		size_t r = order->v[i];
		if (in && !revset_has(in, r))
			continue;
		const struct op_list *ops = cache_ops(c, r);
		if (ops)
			schema_apply(s, ops->v, ops->n, g->revs[r].id);
	}
}

static const char *schema_text(struct arena *a, const struct schema *s, unsigned flags)
{
	struct strbuf sb = STRBUF_INIT;
	schema_format_text(&sb, s, flags);
	const char *r = arena_strdup(a, strbuf_str(&sb));
	strbuf_release(&sb);
	return r;
}

static void order_check(struct ops_cache *c, struct conflict_pair *p, const struct revset *common,
			struct arena *a)
{
	const struct revgraph *g = c->p->graph;
	const char *text[2][2]; /* [order][sorted] */
	for (int o = 0; o < 2; o++) {
		struct schema *s = schema_new(c->d);
		replay(c, s, &g->parents_first, common);
		replay(c, s, &p->side[o].revs, NULL);
		replay(c, s, &p->side[1 - o].revs, NULL);
		text[o][0] = schema_text(a, s, 0);
		text[o][1] = schema_text(a, s, SCHEMA_TEXT_SORTED);
		schema_free(s);
	}
	if (!strcmp(text[0][0], text[1][0])) {
		p->order = ORDER_SAME;
	} else if (!strcmp(text[0][1], text[1][1])) {
		p->order = ORDER_COLUMN_ORDER_ONLY;
	} else {
		p->order = ORDER_DIFFERENT;
		struct strbuf sb = STRBUF_INIT;
		text_line_diff(&sb, text[0][1], text[1][1]);
		p->order_diff = arena_strdup(a, strbuf_str(&sb));
		strbuf_release(&sb);
	}
}

/* ---- the analysis ---- */

bool conflict_analyze(struct project *p, enum dialect d, struct conflict_report *out, struct strbuf *err)
{
	memset(out, 0, sizeof(*out));
	arena_init(&out->arena);
	out->dialect = d;
	const struct revgraph *g = p->graph;
	if (g->cyclic) {
		strbuf_adds(err, "the revision graph has a cycle: its branches cannot be compared");
		return false;
	}
	struct arena *a = &out->arena;
	size_t *pairs;
	size_t n = conflict_divergent_pairs(g, a, &pairs);
	out->pairs = arena_alloc(a, (n + 1) * sizeof(*out->pairs));
	out->n_pairs = n;
	struct ops_cache cache = { p, a, d, arena_alloc(a, (g->n + 1) * sizeof(struct op_list)),
				   arena_alloc(a, g->n + 1) };
	memset(cache.state, 0, g->n + 1);
	for (size_t k = 0; k < n; k++) {
		struct conflict_pair *cp = &out->pairs[k];
		memset(cp, 0, sizeof(*cp));
		struct revset anc[2], common = revset_new(a, g->n);
		for (int s = 0; s < 2; s++) {
			cp->side[s].head = pairs[2 * k + s];
			anc[s] = revset_new(a, g->n);
			revgraph_ancestors(g, &cp->side[s].head, 1, true, &anc[s]);
		}
		for (size_t b = 0; b < (g->n + 7) / 8; b++)
			common.bits[b] = anc[0].bits[b] & anc[1].bits[b];
		/* each side's own revisions, parents first; the fork: shared
		 * revisions with a child on either side */
		bool *fork = arena_alloc(a, g->n + 1);
		memset(fork, 0, g->n + 1);
		for (int s = 0; s < 2; s++) {
			struct conflict_side *side = &cp->side[s];
			side->revs.v = arena_alloc(a, (g->n + 1) * sizeof(size_t));
			struct touches t = { a, NULL, 0, 0, 0 };
			for (size_t i = 0; i < g->parents_first.n; i++) {
				size_t r = g->parents_first.v[i];
				if (!revset_has(&anc[s], r) || revset_has(&common, r))
					continue;
				side->revs.v[side->revs.n++] = r;
				for (size_t j = 0; j < g->revs[r].alldown.n; j++)
					if (revset_has(&common, g->revs[r].alldown.v[j]))
						fork[g->revs[r].alldown.v[j]] = true;
				t.rev = r;
				const struct op_list *ops = cache_ops(&cache, r);
				if (ops)
					touch_ops(&t, ops->v, ops->n, NULL, NULL, d);
				else
					touch(&t, CACT_OPAQUE, COBJ_STEP, NULL, NULL, NULL, 1,
					      "the script could not be read again");
			}
			side->touches = t.v;
			side->n_touches = t.n;
		}
		cp->fork.v = arena_alloc(a, (g->n + 1) * sizeof(size_t));
		for (size_t i = 0; i < g->parents_first.n; i++)
			if (fork[g->parents_first.v[i]])
				cp->fork.v[cp->fork.n++] = g->parents_first.v[i];
		struct issues is = { a, cp, 0, g };
		find_issues(&is);
		order_check(&cache, cp, &common, a);
	}
	(void)err;
	return true;
}

/* ---- text ---- */

static const char *rev_id(const struct project *p, size_t r)
{
	return p->graph->revs[r].id;
}

static const char *rev_file(const struct project *p, size_t r)
{
	const struct script *sc = p->graph->revs[r].script;
	return sc && sc->filename ? sc->filename : "?";
}

/* the revision of a side whose parent is on the fork: what a rebase moves */
static size_t side_root(const struct conflict_pair *cp, int s)
{
	const struct conflict_side *side = &cp->side[s];
	return side->revs.n ? side->revs.v[0] : side->head;
}

static void touch_text(struct strbuf *sb, const struct project *p, const struct conflict_touch *t)
{
	strbuf_addf(sb, "%s ", conflict_act_word(t->act));
	if (t->obj == COBJ_STEP) {
		strbuf_addf(sb, "(%s)", t->detail ? t->detail : "?");
	} else {
		strbuf_addf(sb, "%s ", conflict_obj_word(t->obj));
		if (t->obj == COBJ_TABLE)
			strbuf_addf(sb, "%s%s%s", t->schema ? t->schema : "", t->schema ? "." : "",
				    t->table ? t->table : "?");
		else if (t->obj == COBJ_COLUMN)
			strbuf_addf(sb, "%s.%s", t->table ? t->table : "?", t->name ? t->name : "?");
		else if (t->obj == COBJ_TYPE)
			strbuf_addf(sb, "%s", t->name ? t->name : "?");
		else
			strbuf_addf(sb, "%s on %s", t->name ? t->name : "(unnamed)", t->table ? t->table : "?");
		if (t->new_name)
			strbuf_addf(sb, " to %s", t->new_name);
		if (t->type)
			strbuf_addf(sb, " (type %s)", t->type);
	}
	strbuf_addf(sb, "  [%s:%u]", rev_file(p, t->rev), t->line);
}

void conflict_format_text(struct strbuf *sb, const struct project *p, const struct conflict_report *r, size_t only)
{
	if (!r->n_pairs) {
		strbuf_adds(sb, "No divergent heads.\n");
		return;
	}
	bool first = true;
	for (size_t k = 0; k < r->n_pairs; k++) {
		if (only != (size_t)-1 && k != only)
			continue;
		const struct conflict_pair *cp = &r->pairs[k];
		const char *h0 = rev_id(p, cp->side[0].head), *h1 = rev_id(p, cp->side[1].head);
		strbuf_addf(sb, "%sDivergent heads %s and %s, parted at", first ? "" : "\n", h0, h1);
		first = false;
		for (size_t i = 0; i < cp->fork.n; i++)
			strbuf_addf(sb, "%s %s", i ? "," : "", rev_id(p, cp->fork.v[i]));
		if (!cp->fork.n)
			strbuf_adds(sb, " (no shared revision)");
		strbuf_addc(sb, '\n');
		for (int s = 0; s < 2; s++) {
			const struct conflict_side *side = &cp->side[s];
			strbuf_addf(sb, "\n  Branch %s (%zu revision%s:", rev_id(p, side->head), side->revs.n,
				    side->revs.n == 1 ? "" : "s");
			for (size_t i = 0; i < side->revs.n; i++)
				strbuf_addf(sb, " %s", rev_id(p, side->revs.v[i]));
			strbuf_adds(sb, ")\n");
			if (!side->n_touches)
				strbuf_adds(sb, "    changes nothing in the schema\n");
			for (size_t i = 0; i < side->n_touches; i++) {
				strbuf_adds(sb, "    ");
				touch_text(sb, p, &side->touches[i]);
				strbuf_addc(sb, '\n');
			}
		}
		strbuf_addc(sb, '\n');
		if (!cp->n_issues)
			strbuf_adds(sb, "  No conflict: the branches touch different objects.\n");
		else
			strbuf_addf(sb, "  Conflicts: %zu error%s, %zu warning%s\n", cp->n_errors,
				    cp->n_errors == 1 ? "" : "s", cp->n_warnings, cp->n_warnings == 1 ? "" : "s");
		for (size_t i = 0; i < cp->n_issues; i++) {
			const struct conflict_issue *x = &cp->issues[i];
			strbuf_addf(sb, "    %s[%s]: %s\n", conflict_kind_level(x->kind) == 2 ? "error" : "warning",
				    conflict_kind_id(x->kind), x->message);
			strbuf_addf(sb, "      %s:%u", rev_file(p, x->a->rev), x->a->line);
			if (x->b)
				strbuf_addf(sb, "  and  %s:%u", rev_file(p, x->b->rev), x->b->line);
			strbuf_addc(sb, '\n');
		}
		strbuf_addc(sb, '\n');
		if (cp->order == ORDER_SAME)
			strbuf_addf(sb, "  Order: %s then %s gives the same schema as %s then %s.\n", h0, h1, h1, h0);
		else if (cp->order == ORDER_COLUMN_ORDER_ONLY)
			strbuf_addf(sb, "  Order: %s then %s gives the same schema as %s then %s, but for the order "
					"of columns.\n",
				    h0, h1, h1, h0);
		else
			strbuf_addf(sb, "  Order: %s then %s (-) and %s then %s (+) give different schemas:\n%s", h0,
				    h1, h1, h0, cp->order_diff ? cp->order_diff : "");
		strbuf_addf(sb, "  (from the operations, as the schema model replays them; opaque steps not seen)\n");
		const struct conflict_confirmation *cf = cp->confirmed;
		if (cf) {
			strbuf_addf(sb, "  On the database (%s):\n", cf->where ? cf->where : "scratch");
			for (int o = 0; o < 2; o++) {
				const char *x = rev_id(p, cp->side[o].head), *y = rev_id(p, cp->side[1 - o].head);
				if (cf->ran[o])
					strbuf_addf(sb, "    %s then %s: upgraded\n", x, y);
				else
					strbuf_addf(sb, "    %s then %s: FAILED: %s\n", x, y,
						    cf->failure[o] ? cf->failure[o] : "?");
			}
			if (cf->ran[0] && cf->ran[1] && cf->same)
				strbuf_adds(sb, "    both orders give the same catalog (column order aside)\n");
			else if (cf->ran[0] && cf->ran[1])
				strbuf_addf(sb, "    the catalogs differ (- %s first, + %s first):\n%s", h0, h1,
					    cf->diff ? cf->diff : "");
		}
		strbuf_addf(sb, "\n  Resolve: cupel merge -m \"merge %s and %s\" %s %s\n", h0, h1, h0, h1);
		strbuf_addf(sb, "       or: cupel rebase %s --onto %s\n", rev_id(p, side_root(cp, 1)), h0);
	}
}

size_t conflict_pair_of(const struct conflict_report *r, size_t rev)
{
	for (size_t k = 0; k < r->n_pairs; k++) {
		const struct conflict_pair *cp = &r->pairs[k];
		for (size_t i = 0; i < cp->fork.n; i++)
			if (cp->fork.v[i] == rev)
				return k;
		for (int s = 0; s < 2; s++) {
			if (cp->side[s].head == rev)
				return k;
			for (size_t i = 0; i < cp->side[s].revs.n; i++)
				if (cp->side[s].revs.v[i] == rev)
					return k;
		}
	}
	return (size_t)-1;
}

void conflict_report_free(struct conflict_report *r)
{
	arena_free(&r->arena);
	memset(r, 0, sizeof(*r));
}
