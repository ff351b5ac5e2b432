/* sqlview.c - what the rules see of a unit's SQL: its statements parsed
 * once (lint_each_sql, ALTER TABLE sub-commands, new columns, SET
 * settings), its operations by line, and which tables existed before it
 * (the schema model, and in lint --sql the file's own CREATE and DROP). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cupel/lint.h"
#include "cupel/lockplan.h"
#include "cupel/pgq.h"
#include "cupel/schema.h"
#include "engine.h"
#include "rule.h"

static struct sql_table *sql_table_find(struct sql_table *l, const char *schema, const char *name)
{
	for (; l; l = l->next)
		if (!strcmp(l->name, name) && schema_same_schema(l->schema, schema))
			return l;
	return NULL;
}

static void sql_table_add(struct arena *a, struct sql_table **l, const char *schema, const char *name)
{
	struct sql_table *t = arena_alloc(a, sizeof(*t));
	t->schema = schema ? arena_strdup(a, schema) : NULL;
	t->name = arena_strdup(a, name);
	t->back = false;
	t->next = *l;
	*l = t;
}

/* The table a DROP TABLE's object names (a List of String). */
static bool drop_name(cJSON *obj, const char **schema, const char **name)
{
	cJSON *l;
	const char *k = pgq_node(obj, &l);
	cJSON *items = k && !strcmp(k, "List") ? pgq_list(l, "items") : NULL;
	size_t n = items ? pgq_len(items) : 0;
	*name = n ? pgq_sval(pgq_at(items, n - 1)) : NULL;
	*schema = n > 1 ? pgq_sval(pgq_at(items, n - 2)) : NULL;
	return *name != NULL;
}

/* The table a statement creates: CREATE TABLE, CREATE TABLE AS, SELECT
 * INTO (NULL for any other). */
static cJSON *created_rel(const char *kind, cJSON *node)
{
	if (!strcmp(kind, "CreateStmt"))
		return pgq_get(node, "relation");
	if (!strcmp(kind, "CreateTableAsStmt"))
		return pgq_get(pgq_get(node, "into"), "rel");
	if (!strcmp(kind, "SelectStmt"))
		return pgq_get(pgq_get(node, "intoClause"), "rel");
	return NULL;
}

static bool table_rename(const char *kind, cJSON *node)
{
	const char *rt = pgq_str(node, "renameType");
	return !strcmp(kind, "RenameStmt") && rt && !strcmp(rt, "OBJECT_TABLE") && pgq_str(node, "newname");
}

/* lint --sql: the tables the unit's statements create (a table created
 * and then renamed here is new under its new name too). */
static struct sql_table *unit_created(struct lint_ctx *c)
{
	struct lint_run *r = c->run;
	if (r->created_built)
		return r->created;
	const struct lockplan *lp = lint_lockplan(c);
	for (size_t i = 0; i < lp->n; i++)
		for (size_t k = 0; r->ok[i] && k < r->trees[i].n; k++) {
			const char *kind = r->trees[i].stmts[k].kind;
			cJSON *node = r->trees[i].stmts[k].node, *rel = created_rel(kind, node);
			if (rel && pgq_str(rel, "relname"))
				sql_table_add(r->scratch, &r->created, pgq_str(rel, "schemaname"), pgq_str(rel, "relname"));
			rel = table_rename(kind, node) ? pgq_get(node, "relation") : NULL;
			if (rel && pgq_str(rel, "relname") &&
			    sql_table_find(r->created, pgq_str(rel, "schemaname"), pgq_str(rel, "relname")))
				sql_table_add(r->scratch, &r->created, pgq_str(rel, "schemaname"), pgq_str(node, "newname"));
		}
	r->created_built = true;
	return r->created;
}

/* lint --sql, after a unit: the tables it dropped or renamed away are not
 * there for the units after it, unless created (the schema has them) or
 * renamed into place again. */
void lint_note_gone(struct lint_run *r, const char *kind, cJSON *node)
{
	const char *rt = pgq_str(node, "removeType");
	if (!strcmp(kind, "DropStmt") && rt && !strcmp(rt, "OBJECT_TABLE")) {
		const char *sch, *name;
		for (cJSON *o = pgq_first(pgq_list(node, "objects")); o; o = o->next)
			if (drop_name(o, &sch, &name))
				sql_table_add(&r->keep, &r->gone, sch, name);
		return;
	}
	if (!table_rename(kind, node))
		return;
	cJSON *rel = pgq_get(node, "relation");
	const char *sch = pgq_str(rel, "schemaname"), *from = pgq_str(rel, "relname");
	struct sql_table *back = sql_table_find(r->gone, sch, pgq_str(node, "newname"));
	if (back)
		back->back = true;
	if (from)
		sql_table_add(&r->keep, &r->gone, sch, from);
}

bool lint_table_existed(struct lint_ctx *c, const char *schema, const char *table)
{
	if (!table)
		return false;
	if (c->before && schema_table(c->before, schema, table))
		return true;
	if (!c->sql_file)
		return false; /* a migration's opaque step may have created it */
	/* lint --sql: a table the file does not create was there before it,
	 * as Squawk assumes, unless an earlier statement dropped it or renamed
	 * it away */
	if (sql_table_find(unit_created(c), schema, table))
		return false;
	const struct sql_table *g = sql_table_find(c->run->gone, schema, table);
	return !g || g->back;
}

const struct lock_rel *lint_locks_existing(struct lint_ctx *c, const struct lockplan_stmt *st, enum lock_mode min)
{
	for (size_t f = 0; f < st->n_facts; f++)
		for (size_t r = 0; r < st->facts[f].n_rels; r++) {
			const struct lock_rel *lr = &st->facts[f].rels[r];
			if (lr->mode >= min && lint_table_existed(c, lr->schema, lr->name))
				return lr;
		}
	return NULL;
}

void lint_each_sql(struct lint_ctx *c, lint_sql_fn fn, void *arg)
{
	const struct lockplan *lp = lint_lockplan(c);
	for (size_t i = 0; i < lp->n; i++) {
		const struct pgq_result *r = &c->run->trees[i];
		for (size_t k = 0; c->run->ok[i] && k < r->n; k++)
			fn(c, lp, i, r->stmts[k].kind, r->stmts[k].node, arg);
	}
}

size_t lint_alter_n_constraints(const struct lint_alter *a)
{
	if (!a->def)
		return 0;
	if (!strcmp(a->subtype, "AT_AddConstraint"))
		return 1;
	cJSON *cons = strcmp(a->subtype, "AT_AddColumn") ? NULL : pgq_list(a->def, "constraints");
	return cons ? pgq_len(cons) : 0;
}

cJSON *lint_alter_constraint(const struct lint_alter *a, size_t i)
{
	if (!strcmp(a->subtype, "AT_AddConstraint"))
		return i == 0 ? a->def : NULL;
	cJSON *k;
	return pgq_node(pgq_at(pgq_list(a->def, "constraints"), i), &k) ? k : NULL;
}

void lint_setting_init(struct lint_ctx *c, struct lint_setting *s, const char *name)
{
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->session = c->sql_file && lint_kept(c, "session");
}

/* What a SET's value does to a timeout: a constant as PostgreSQL reads
 * it; any other form is taken for a timeout. */
static enum pgq_timeout setting_value(cJSON *node)
{
	cJSON *args = pgq_list(node, "args"), *k;
	const char *kind = pgq_len(args) == 1 ? pgq_node(pgq_first(args), &k) : NULL;
	if (!kind || strcmp(kind, "A_Const") != 0)
		return PGQ_TIMEOUT_ON;
	char num[32];
	cJSON *iv = pgq_get(k, "ival");
	if (iv) {
		/* libpg_query leaves a 0 out: {"ival": {}} */
		snprintf(num, sizeof(num), "%ld", pgq_int(iv, "ival", 0));
		return pgq_timeout_value(num);
	}
	const char *v = pgq_str(pgq_get(k, "fval"), "fval");
	if (!v)
		v = pgq_str(pgq_get(k, "sval"), "sval");
	return v ? pgq_timeout_value(v) : PGQ_TIMEOUT_ON;
}

static void setting_session(struct lint_ctx *c, struct lint_setting *s, bool on)
{
	/* a session SET overrides a SET LOCAL of the transaction too */
	s->session = on;
	s->local = false;
	if (c->sql_file)
		lint_keep(c, "session", on ? "set" : NULL);
}

bool lint_setting_stmt(struct lint_ctx *c, struct lint_setting *s, const struct lockplan *lp, size_t i,
		       const char *kind, cJSON *node)
{
	if (strcmp(kind, "VariableSetStmt") != 0)
		return false;
	const char *name = pgq_str(node, "name"), *k = pgq_str(node, "kind");
	bool is_local = cJSON_IsTrue(pgq_get(node, "is_local"));
	if (k && !strcmp(k, "VAR_RESET_ALL")) {
		setting_session(c, s, false);
		return true;
	}
	if (!name || strcmp(name, s->name) != 0)
		return true;
	enum pgq_timeout v = !k || !strcmp(k, "VAR_SET_VALUE") ? setting_value(node)
			     : !strcmp(k, "VAR_SET_DEFAULT") || !strcmp(k, "VAR_RESET") ? PGQ_TIMEOUT_OFF
											  : PGQ_TIMEOUT_BAD;
	if (v == PGQ_TIMEOUT_BAD)
		return true;
	if (is_local) {
		s->local = true;
		s->local_on = v == PGQ_TIMEOUT_ON;
		s->local_txn = lp->stmts[i].txn;
	} else {
		setting_session(c, s, v == PGQ_TIMEOUT_ON);
	}
	return true;
}

bool lint_setting_on(const struct lint_setting *s, const struct lockplan *lp, size_t i)
{
	if (s->local && s->local_txn == lp->stmts[i].txn)
		return s->local_on;
	return s->session;
}

void lint_each_alter_cmd(struct lint_ctx *c, lint_alter_fn fn, void *arg)
{
	const struct lockplan *lp = lint_lockplan(c);
	for (size_t i = 0; i < lp->n; i++) {
		const struct pgq_result *r = &c->run->trees[i];
		if (c->run->ok[i]) {
			for (size_t k = 0; k < r->n; k++) {
				if (strcmp(r->stmts[k].kind, "AlterTableStmt") != 0)
					continue;
				cJSON *st = r->stmts[k].node;
				const char *ot = pgq_str(st, "objtype");
				if (ot && strcmp(ot, "OBJECT_TABLE") != 0)
					continue; /* ALTER INDEX, ALTER VIEW ... */
				cJSON *rel = pgq_get(st, "relation");
				struct lint_alter a = { pgq_str(rel, "schemaname"), pgq_str(rel, "relname"), &lp->stmts[i], i,
							NULL, NULL, NULL };
				cJSON *cmds = pgq_list(st, "cmds");
				for (cJSON *cmds_el = pgq_first(cmds); cmds_el; cmds_el = cmds_el->next) {
					cJSON *cmd;
					if (!pgq_node(cmds_el, &cmd))
						continue;
					a.subtype = pgq_str(cmd, "subtype");
					a.cmd = cmd;
					a.def = NULL;
					pgq_node(pgq_get(cmd, "def"), &a.def);
					if (a.subtype)
						fn(c, &a, arg);
				}
			}
		}
	}
}

static void line_ops_add(struct arena *a, struct lint_run *r, const struct op *v, size_t n, size_t *cap)
{
	for (size_t i = 0; i < n; i++) {
		if (v[i].kind != OP_BATCH && v[i].kind != OP_AUTOCOMMIT) {
			if (r->n_by_line == *cap) {
				size_t nc = *cap ? *cap * 2 : 64;
				struct line_op *g = arena_alloc(a, nc * sizeof(*g));
				if (r->n_by_line)
					memcpy(g, r->by_line, r->n_by_line * sizeof(*g));
				r->by_line = g;
				*cap = nc;
			}
			r->by_line[r->n_by_line] = (struct line_op){ v[i].line, r->n_by_line, &v[i] };
			r->n_by_line++;
		}
		line_ops_add(a, r, v[i].children, v[i].n_children, cap);
	}
}

static int by_line_order(const void *x, const void *y)
{
	const struct line_op *a = x, *b = y;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* The first operation (in pre-order) at line, batch and autocommit blocks
 * aside. */
const struct op *lint_op_at(struct lint_ctx *c, unsigned line)
{
	struct lint_run *r = c->run;
	if (!r) /* not inside a revision's rules */
		return NULL;
	if (!r->by_line_built) {
		size_t cap = 0;
		r->n_by_line = 0;
		r->by_line = NULL;
		line_ops_add(r->scratch, r, c->up_pg.v, c->up_pg.n, &cap);
		if (r->n_by_line)
			qsort(r->by_line, r->n_by_line, sizeof(*r->by_line), by_line_order);
		r->by_line_built = true;
	}
	size_t lo = 0, hi = r->n_by_line;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->by_line[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->n_by_line && r->by_line[lo].line == line ? r->by_line[lo].op : NULL;
}

unsigned lint_column_line(struct lint_ctx *c, unsigned op_line, const char *column)
{
	const struct op *o = lint_op_at(c, op_line);
	for (size_t i = 0; o && column && o->kind == OP_CREATE_TABLE && i < o->n_columns; i++)
		if (o->columns[i].name && !strcmp(o->columns[i].name, column) && o->columns[i].line)
			return o->columns[i].line;
	return op_line;
}

void lint_each_new_column(struct lint_ctx *c, lint_column_fn fn, void *arg)
{
	const struct lockplan *lp = lint_lockplan(c);
	for (size_t i = 0; i < lp->n; i++) {
		const struct pgq_result *r = &c->run->trees[i];
		for (size_t k = 0; c->run->ok[i] && k < r->n; k++) {
			cJSON *st = r->stmts[k].node;
			bool create = !strcmp(r->stmts[k].kind, "CreateStmt");
			if (!create && strcmp(r->stmts[k].kind, "AlterTableStmt") != 0)
				continue;
			const char *table = pgq_str(pgq_get(st, "relation"), "relname");
			cJSON *elts = pgq_list(st, create ? "tableElts" : "cmds");
			/* a table constraint PRIMARY KEY (a, b) */
			cJSON *pk_keys = NULL;
			for (cJSON *elts_el = pgq_first(elts); create && elts_el; elts_el = elts_el->next) {
				cJSON *in;
				const char *nk = pgq_node(elts_el, &in);
				const char *ct = nk && !strcmp(nk, "Constraint") ? pgq_str(in, "contype") : NULL;
				if (ct && !strcmp(ct, "CONSTR_PRIMARY"))
					pk_keys = pgq_list(in, "keys");
			}
			for (cJSON *elts_el = pgq_first(elts); elts_el; elts_el = elts_el->next) {
				cJSON *in, *cd = NULL;
				const char *nk = pgq_node(elts_el, &in);
				if (!nk)
					continue;
				if (create && !strcmp(nk, "ColumnDef"))
					cd = in;
				else if (!create && !strcmp(nk, "AlterTableCmd")) {
					const char *sub = pgq_str(in, "subtype");
					cJSON *d;
					const char *dk = pgq_node(pgq_get(in, "def"), &d);
					if (sub && !strcmp(sub, "AT_AddColumn") && dk && !strcmp(dk, "ColumnDef"))
						cd = d;
				}
				if (!cd)
					continue;
				struct lint_column col = { table, pgq_str(cd, "colname"), NULL, false, 0, cd, 0 };
				cJSON *names = pgq_list(pgq_get(cd, "typeName"), "names");
				size_t nn = names ? pgq_len(names) : 0;
				col.type = nn ? pgq_sval(pgq_at(names, nn - 1)) : NULL;
				cJSON *cons = pgq_list(cd, "constraints");
				for (cJSON *cons_el = pgq_first(cons); cons_el; cons_el = cons_el->next) {
					cJSON *kk;
					const char *ct = pgq_node(cons_el, &kk) ? pgq_str(kk, "contype") : NULL;
					if (ct && !strcmp(ct, "CONSTR_PRIMARY")) {
						col.primary_key = true;
						col.n_pk = 1;
					}
				}
				for (cJSON *key = pgq_first(pk_keys); col.name && key; key = key->next) {
					const char *kn = pgq_sval(key);
					col.primary_key |= kn && !strcmp(kn, col.name);
				}
				if (pk_keys && col.primary_key)
					col.n_pk = pgq_len(pk_keys);
				col.line = lint_column_line(c, lp->stmts[i].line, col.name);
				if (col.name && col.type)
					fn(c, &col, arg);
			}
		}
	}
}

bool lint_line_raw(struct lint_ctx *c, unsigned line)
{
	const struct op *o = lint_op_at(c, line);
	return o && o->kind == OP_EXECUTE;
}

bool lint_stmt_raw(struct lint_ctx *c, size_t i)
{
	const struct lockplan *lp = lint_lockplan(c);
	return i < lp->n && lint_line_raw(c, lp->stmts[i].line);
}
