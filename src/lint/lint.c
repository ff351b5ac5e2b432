/* lint.c - the engine: revisions in upgrade order, the schema replayed
 * alongside so rules know what existed before, rules from rules.def,
 * inline suppressions. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cupel/lint.h"
#include "cupel/lockplan.h"
#include "cupel/ops.h"
#include "cupel/plan.h"
#include "cupel/sqlgen.h"
#include "cupel/strbuf.h"
#include "cupel/xalloc.h"
#include "engine.h"
#include "rule.h"

#define RULE(id, cname, level, summary)                     \
	void lint_rule_##cname(struct lint_ctx *c);          \
	void lint_rule_##cname##_graph(struct lint_ctx *c);
#include "rules.def"
#undef RULE

/* Every rule defines both checks (rule.h's LINT_NO_GRAPH for most). */
const struct lint_rule lint_rules[] = {
#define RULE(id, cname, level, summary) { id, level, summary, lint_rule_##cname, lint_rule_##cname##_graph },
#include "rules.def"
#undef RULE
};
const size_t lint_n_rules = sizeof(lint_rules) / sizeof(lint_rules[0]);

const struct lint_param lint_params[] = {
#define PARAM(rule, name, def, min, max, doc) { rule, name, def, min, max, doc },
#include "params.def"
#undef PARAM
};
const size_t lint_n_params = sizeof(lint_params) / sizeof(lint_params[0]);

/* A table a SQL file names: schema NULL for the default one. */
struct sql_table {
	const char *schema, *name;
	bool back;              /* gone: renamed back into place since */
	struct sql_table *next;
};

struct lint_run {
	struct lint_result *out;
	const struct lint_opts *opts;
	/* the running revision's lock plan, built on first use: several
	 * rules read it */
	struct arena *scratch;
	struct lockplan lp;
	bool lp_built;
	/* its statements parsed once, for all the rules (ok[i]: parsed) */
	struct pgq_result *trees;
	bool *ok;
	/* the upgrade's operations by line, built on first use (a SQL file's
	 * transaction has an operation per statement: a linear search per
	 * finding or column was quadratic) */
	struct line_op {
		unsigned line;
		size_t order;           /* pre-order: the first one of a line wins */
		const struct op *op;
	} *by_line;
	size_t n_by_line;
	bool by_line_built;
	size_t unparsed;                /* statements that did not parse, all units */
	/* lint --sql: the tables this unit creates (built on first use), and
	 * those the units before it dropped or renamed away (kept) */
	struct sql_table *created, *gone;
	bool created_built;
	/* what rules remember from one revision to the next */
	struct arena keep;
	struct kept {
		const char *key, *value;
		struct kept *next;
	} *kept;
};

static const struct op *op_at(struct lint_ctx *c, unsigned line);

const struct lint_rule *lint_find_rule(const char *id)
{
	for (size_t i = 0; i < lint_n_rules; i++)
		if (!strcmp(lint_rules[i].id, id))
			return &lint_rules[i];
	return NULL;
}

const char *lint_rule_page(const char *id)
{
	for (size_t i = 0; id && i < lint_n_pages; i++)
		if (!strcmp(lint_pages[i].id, id))
			return lint_pages[i].text;
	return NULL;
}

const struct lint_param *lint_find_param(const char *rule, const char *name)
{
	for (size_t i = 0; i < lint_n_params; i++)
		if (!strcmp(lint_params[i].rule, rule) && !strcmp(lint_params[i].name, name))
			return &lint_params[i];
	return NULL;
}

long lint_param(struct lint_ctx *c, const char *name)
{
	const struct lint_opts *o = c->run->opts;
	for (size_t i = 0; i < o->n_params; i++)
		if (!strcmp(o->params[i].rule, c->rule) && !strcmp(o->params[i].name, name))
			return o->params[i].value;
	const struct lint_param *p = lint_find_param(c->rule, name);
	if (!p)
		abort(); /* a rule asking for a threshold params.def lacks: a bug */
	return p->def;
}

const char *lint_level_name(enum lint_level l)
{
	return l == LINT_ERROR ? "error" : l == LINT_WARNING ? "warning" : "info";
}

/* Does text hold "cupel: ignore[..., rule, ...]"? (every such list in it) */
static bool ignore_lists_name(const char *text, const char *rule)
{
	size_t n = strlen(rule);
	for (const char *s = text; s && (s = strstr(s, "cupel: ignore[")); s++) {
		const char *t = s + strlen("cupel: ignore[");
		const char *end = strchr(t, ']');
		while (end && t < end) {
			while (t < end && (*t == ' ' || *t == ','))
				t++;
			size_t l = strcspn(t, ",]");
			while (l && t[l - 1] == ' ')
				l--;
			if (l == n && !strncmp(t, rule, n))
				return true;
			t += l;
			while (t < end && *t != ',')
				t++;
		}
	}
	return false;
}

/* `# cupel: ignore[rule-a, rule-b] reason` on the line or the one above. */
static bool suppressed(const struct py_module *m, const char *rule, unsigned line)
{
	for (size_t i = 0; m && i < m->n_comments; i++) {
		const struct py_comment *k = &m->comments[i];
		if ((k->line == line || k->line + 1 == line) && ignore_lists_name(k->text, rule))
			return true;
	}
	return false;
}

/* `cupel: ignore[rule-a, rule-b]` anywhere in the migration's docstring. */
static bool doc_suppressed(const struct script *sc, const char *rule)
{
	return sc && ignore_lists_name(sc->longdoc, rule);
}

/* `-- cupel: ignore[rule]` on a line of a plain SQL file, or the one
 * above (lint --sql). */
static bool sql_suppressed(const struct lint_ctx *c, unsigned line)
{
	for (unsigned l = line ? line - 1 : 0; c->sql_text && l <= line && l; l++) {
		if (l > c->sql_n_lines)
			break;
		const char *from = c->sql_text + c->sql_line_at[l - 1];
		const char *nl = strchr(from, '\n');
		size_t n = nl ? (size_t)(nl - from) : strlen(from);
		char buf[1024];
		if (n >= sizeof(buf))
			n = sizeof(buf) - 1;
		memcpy(buf, from, n);
		buf[n] = 0;
		if (strstr(buf, "--") && ignore_lists_name(buf, c->rule))
			return true;
	}
	return false;
}

void lint_report(struct lint_ctx *c, unsigned line, unsigned col, const char *hint, const char *fmt, ...)
{
	struct lint_result *out = c->run->out;
	if (suppressed(c->module, c->rule, line) || doc_suppressed(c->script, c->rule) || sql_suppressed(c, line)) {
		out->suppressed++;
		return;
	}
	/* the configuration's level for the rule, or off */
	int level = -2;
	for (size_t i = 0; i < c->run->opts->n_levels; i++)
		if (!strcmp(c->run->opts->levels[i].rule, c->rule))
			level = c->run->opts->levels[i].level;
	if (level == -1)
		return;
	if (out->n == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 32;
		out->v = arena_grow(&out->arena, out->v, out->n, cap, sizeof(*out->v));
		out->cap = cap;
	}
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	struct lint_finding *f = &out->v[out->n++];
	const struct lint_rule *r = lint_find_rule(c->rule);
	if (!r)
		abort(); /* the engine sets c->rule from the table: a bug */
	f->rule = r->id;
	f->level = level >= 0 ? (enum lint_level)level : r->level;
	const char *file = c->script && c->script->path ? c->script->path : c->sql_file;
	f->file = file ? arena_strdup(&out->arena, file) : NULL;
	f->line = line;
	if (!col) {
		/* rules on the rendered SQL know the line: the call's column */
		const struct op *o = op_at(c, line);
		col = o && o->line == line ? o->col : 0;
	}
	f->col = col ? col : 1;
	f->revision = c->p && c->rev < c->p->graph->n ? arena_strdup(&out->arena, c->p->graph->revs[c->rev].id) : NULL;
	f->message = arena_strdup(&out->arena, strbuf_str(&sb));
	f->hint = hint ? arena_strdup(&out->arena, hint) : NULL;
	strbuf_release(&sb);
}

const struct py_node *lint_function(const struct py_module *m, const char *name)
{
	if (!m || !m->root)
		return NULL;
	const struct py_list *body = &m->root->u.module.body;
	const struct py_node *found = NULL;
	for (size_t i = 0; i < body->n; i++) {
		const struct py_node *n = body->items[i];
		if (n->kind == PY_FUNCTION_DEF && !strcmp(n->u.function_def.name, name))
			found = n; /* the last definition wins, as in Python */
	}
	return found;
}

bool lint_doc_mentions(const struct script *sc, const char *const *words, size_t n)
{
	const char *doc = sc ? sc->longdoc : NULL;
	if (!doc)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strcasestr(doc, words[i]))
			return false;
	return true;
}

static bool same_schema(const char *a, const char *b)
{
	if (!a || !*a || !strcmp(a, "public"))
		a = NULL;
	if (!b || !*b || !strcmp(b, "public"))
		b = NULL;
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static struct sql_table *sql_table_find(struct sql_table *l, const char *schema, const char *name)
{
	for (; l; l = l->next)
		if (!strcmp(l->name, name) && same_schema(l->schema, schema))
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
static void note_gone(struct lint_run *r, const char *kind, cJSON *node)
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

static bool ops_have(const struct op *v, size_t n, enum op_kind kind, const char *table)
{
	for (size_t i = 0; i < n; i++) {
		const struct op *o = &v[i];
		const char *t = o->table ? o->table : o->index.table;
		if (o->kind == kind && (!table || (t && !strcmp(t, table))))
			return true;
		if (ops_have(o->children, o->n_children, kind, table))
			return true;
	}
	return false;
}

bool lint_ops_have(const struct op_list *ops, enum op_kind kind, const char *table)
{
	return ops_have(ops->v, ops->n, kind, table);
}

static void each_op(struct lint_ctx *c, const struct op *v, size_t n, const struct op *parent, lint_op_fn fn,
		    void *arg)
{
	for (size_t i = 0; i < n; i++) {
		fn(c, &v[i], parent, arg);
		each_op(c, v[i].children, v[i].n_children, &v[i], fn, arg);
	}
}

void lint_each_op(struct lint_ctx *c, const struct op_list *ops, lint_op_fn fn, void *arg)
{
	each_op(c, ops->v, ops->n, NULL, fn, arg);
}

static bool wanted(const struct lint_opts *o, const char *id)
{
	bool in = o->n_only == 0;
	for (size_t i = 0; i < o->n_only; i++)
		in |= !strcmp(o->only[i], id);
	for (size_t i = 0; i < o->n_exclude; i++)
		if (!strcmp(o->exclude[i], id))
			return false;
	return in;
}

const char *lint_strdup(struct lint_ctx *c, const char *s)
{
	return s ? arena_strdup(c->run->scratch, s) : NULL;
}

void lint_keep(struct lint_ctx *c, const char *key, const char *value)
{
	struct lint_run *r = c->run;
	struct kept *k = arena_alloc(&r->keep, sizeof(*k));
	k->key = arena_printf(&r->keep, "%s:%s", c->rule, key);
	k->value = value ? arena_strdup(&r->keep, value) : NULL;
	k->next = r->kept;
	r->kept = k;
}

const char *lint_kept(struct lint_ctx *c, const char *key)
{
	size_t n = strlen(c->rule);
	for (const struct kept *k = c->run->kept; k; k = k->next)
		if (!strncmp(k->key, c->rule, n) && k->key[n] == ':' && !strcmp(k->key + n + 1, key))
			return k->value; /* the newest */
	return NULL;
}

const struct lockplan *lint_lockplan(struct lint_ctx *c)
{
	struct lint_run *r = c->run;
	if (!r->lp_built) {
		/* one parse per statement, for the locks and the rules */
		lockplan_build_parsed(r->scratch, c->up_pg.v, c->up_pg.n, c->before, &r->lp);
		r->lp_built = true;
		size_t n = r->lp.n ? r->lp.n : 1;
		r->trees = arena_alloc(r->scratch, n * sizeof(*r->trees));
		r->ok = arena_alloc(r->scratch, n * sizeof(*r->ok));
		for (size_t i = 0; i < r->lp.n; i++) {
			r->ok[i] = r->lp.stmts[i].parsed && lockplan_take_tree(&r->lp, i, &r->trees[i]);
			r->unparsed += !r->ok[i];
		}
		lockplan_free_trees(&r->lp);
	}
	return &r->lp;
}

/* The parse trees live until the revision's rules are done. */
static void lockplan_done(struct lint_run *r)
{
	for (size_t i = 0; r->lp_built && i < r->lp.n; i++)
		if (r->ok[i])
			pgq_free(&r->trees[i]);
	r->lp_built = false;
	r->by_line_built = false;
	r->created = NULL;
	r->created_built = false;
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
static const struct op *op_at(struct lint_ctx *c, unsigned line)
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
	const struct op *o = op_at(c, op_line);
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

struct lint_run *lint_engine_new(struct lint_result *out, const struct lint_opts *o, struct arena *scratch)
{
	memset(out, 0, sizeof(*out));
	arena_init(&out->arena);
	struct lint_run *run = xcalloc(1, sizeof(*run));
	run->out = out;
	run->opts = o;
	run->scratch = scratch;
	arena_init(&run->keep);
	return run;
}

void lint_engine_unit(struct lint_run *run, struct lint_ctx *c, struct schema *replay)
{
	c->run = run;
	for (size_t r = 0; r < lint_n_rules; r++) {
		if (!wanted(run->opts, lint_rules[r].id))
			continue;
		c->rule = lint_rules[r].id;
		lint_rules[r].check(c);
	}
	if (replay) {
		const struct lockplan *lp = lint_lockplan(c);
		for (size_t i = 0; i < lp->n; i++)
			for (size_t k = 0; run->ok[i] && k < run->trees[i].n; k++) {
				schema_apply_stmt(replay, run->trees[i].stmts[k].kind, run->trees[i].stmts[k].node,
						  lp->stmts[i].line, "statement");
				note_gone(run, run->trees[i].stmts[k].kind, run->trees[i].stmts[k].node);
			}
	}
	lockplan_done(run);
}

size_t lint_engine_unparsed(const struct lint_run *run)
{
	return run->unparsed;
}

void lint_engine_free(struct lint_run *run)
{
	arena_free(&run->keep);
	free(run);
}

bool lint_line_raw(struct lint_ctx *c, unsigned line)
{
	const struct op *o = op_at(c, line);
	return o && o->kind == OP_EXECUTE;
}

bool lint_stmt_raw(struct lint_ctx *c, size_t i)
{
	const struct lockplan *lp = lint_lockplan(c);
	return i < lp->n && lint_line_raw(c, lp->stmts[i].line);
}

/* The engine's state between revisions: the upgrade plan, where it is,
 * the schema replayed so far and what rules keep. */
struct lint_walk {
	struct project *p;
	const struct lint_opts *o;
	struct lint_result *out;
	struct lint_run run;
	struct arena scratch;
	struct plan plan;
	bool planned, graph_done;
	size_t next;                   /* the next plan step */
	size_t n_revs, n_done;         /* revisions in the plan, linted */
	struct schema *s;
};

struct lint_walk *lint_walk_new(struct project *p, const struct lint_opts *o, struct lint_result *out)
{
	struct lint_walk *w = calloc(1, sizeof(*w));
	if (!w)
		abort();
	memset(out, 0, sizeof(*out));
	arena_init(&out->arena);
	w->p = p;
	w->o = o;
	w->out = out;
	arena_init(&w->scratch);
	w->run = (struct lint_run){ .out = out, .opts = o, .scratch = &w->scratch };
	arena_init(&w->run.keep);
	w->s = schema_new(DIALECT_POSTGRESQL);
	struct strbuf err = STRBUF_INIT;
	w->planned = p->graph && plan_offline(p->graph, &p->arena, PLAN_UPGRADE, "base:heads", &w->plan, &err);
	strbuf_release(&err);
	for (size_t i = 0; w->planned && i < w->plan.n; i++)
		w->n_revs += w->plan.steps[i].rev != PLAN_NO_REV;
	return w;
}

/* The full parse's errors into the project's problems (the loader reads
 * only the module level of each script: a function body that does not
 * parse is first seen here), each once; true when there was one. */
static bool keep_parse_errors(struct project *p, const struct diag_list *diags)
{
	bool any = false;
	for (size_t i = 0; i < diags->n; i++) {
		const struct diag *d = &diags->items[i];
		if (d->level < DIAG_ERROR)
			continue;
		any = true;
		bool known = false;
		for (size_t k = 0; !known && k < p->diags.n; k++) {
			const struct diag *e = &p->diags.items[k];
			known = e->span.line == d->span.line && e->span.col == d->span.col && e->code && d->code &&
				!strcmp(e->code, d->code) && e->span.file && d->span.file && !strcmp(e->span.file, d->span.file);
		}
		if (known)
			continue;
		struct span sp = d->span;
		sp.file = sp.file ? arena_strdup(p->diags.arena, sp.file) : NULL;
		struct diag *n = diag_push(&p->diags, d->level, d->code, sp, "%s", d->msg);
		n->hint = d->hint ? arena_strdup(p->diags.arena, d->hint) : NULL;
		n->detail = d->detail ? arena_strdup(p->diags.arena, d->detail) : NULL;
	}
	return any;
}

/* One revision: its operations, the full parse, every wanted rule, then
 * its upgrade applied to the schema for the ones after it. */
static void walk_revision(struct lint_walk *w, const struct plan_step *st)
{
	struct project *p = w->p;
	const struct lint_opts *o = w->o;
	struct lint_ctx c;
	memset(&c, 0, sizeof(c));
	c.p = p;
	c.rev = st->rev;
	c.script = p->graph->revs[st->rev].script;
	c.pg = o->pg;
	c.sqlite = o->sqlite;
	c.before = w->s;
	c.run = &w->run;
	struct diag_list diags;
	diag_list_init(&diags, &w->scratch);
	/* the full parse with comments, for the AST rules and suppressions,
	 * and the operations of both functions for both dialects from it
	 * (one parse of the script, not five) */
	size_t len = 0;
	const char *src = c.script ? project_script_source(p, (struct script *)c.script, &len) : NULL;
	c.module = src ? py_parse(&w->scratch, &diags, c.script->path, src, len) : NULL;
	if (keep_parse_errors(p, &diags)) {
		/* a body that does not parse: its rules would judge error nodes
		 * (the error is the finding; the schema goes on without it) */
		arena_reset(&w->scratch);
		return;
	}
	if (c.module) {
		c.up_pg = ops_from_module(&w->scratch, &diags, c.module, "upgrade", DIALECT_POSTGRESQL, true);
		c.down_pg = ops_from_module(&w->scratch, &diags, c.module, "downgrade", DIALECT_POSTGRESQL, true);
		c.up_sqlite = ops_from_module(&w->scratch, &diags, c.module, "upgrade", DIALECT_SQLITE, true);
		c.down_sqlite = ops_from_module(&w->scratch, &diags, c.module, "downgrade", DIALECT_SQLITE, true);
	}
	lint_engine_unit(&w->run, &c, NULL);
	schema_apply(w->s, c.up_pg.v, c.up_pg.n, p->graph->revs[st->rev].id);
	arena_reset(&w->scratch);
}

/* The rules on the graph as a whole (divergent heads ...). */
static void walk_graph(struct lint_walk *w)
{
	struct lint_ctx g;
	memset(&g, 0, sizeof(g));
	g.p = w->p;
	g.rev = (size_t)-1;
	g.run = &w->run;
	g.pg = w->o->pg;
	g.sqlite = w->o->sqlite;
	for (size_t r = 0; r < lint_n_rules; r++) {
		if (!wanted(w->o, lint_rules[r].id))
			continue;
		g.rule = lint_rules[r].id;
		lint_rules[r].check_graph(&g);
	}
}

bool lint_walk_step(struct lint_walk *w, size_t *rev)
{
	while (w->planned && w->next < w->plan.n) {
		const struct plan_step *st = &w->plan.steps[w->next++];
		if (st->rev == PLAN_NO_REV)
			continue;
		walk_revision(w, st);
		w->n_done++;
		*rev = st->rev;
		return true;
	}
	if (w->graph_done || !w->p->graph)
		return false;
	w->graph_done = true;
	walk_graph(w);
	*rev = LINT_WALK_GRAPH;
	return true;
}

void lint_walk_progress(const struct lint_walk *w, size_t *done, size_t *total)
{
	*done = w->n_done;
	*total = w->n_revs;
}

bool lint_walk_finished(const struct lint_walk *w)
{
	return w->graph_done || !w->p->graph;
}

void lint_walk_free(struct lint_walk *w)
{
	if (!w)
		return;
	arena_free(&w->scratch);
	arena_free(&w->run.keep);
	schema_free(w->s);
	free(w);
}

void lint_run(struct project *p, const struct lint_opts *o, struct lint_result *out)
{
	struct lint_walk *w = lint_walk_new(p, o, out);
	size_t rev;
	while (lint_walk_step(w, &rev))
		;
	lint_walk_free(w);
}

void lint_result_free(struct lint_result *r)
{
	arena_free(&r->arena);
	memset(r, 0, sizeof(*r));
}
