/* lint.c - the engine: revisions in upgrade order, the schema replayed
 * alongside so rules know what existed before, rules from rules.def,
 * inline suppressions. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cupel/lint.h"
#include "cupel/naming.h"
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
		const struct op *o = lint_op_at(c, line);
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

const struct envpy_config *lint_envpy(struct lint_ctx *c)
{
	struct lint_run *r = c->run;
	if (c->sql_file || !c->p || !r) /* a plain SQL file has no env.py */
		return NULL;
	if (!r->env_read) {
		struct diag_list d; /* env.py's problems are other commands' to report */
		diag_list_init(&d, &r->keep);
		envpy_read(&r->keep, &d, c->p->script_location, &r->env);
		r->env_read = true;
	}
	return &r->env;
}

/* The tables the operations name, children included. */
static void op_tables(struct arena *a, const struct op *v, size_t n, const char ***names, size_t *cnt, size_t *cap)
{
	for (size_t i = 0; i < n; i++) {
		if (v[i].table) {
			if (*cnt == *cap) {
				size_t nc = *cap ? *cap * 2 : 16;
				*names = arena_grow(a, *names, *cnt, nc, sizeof(**names));
				*cap = nc;
			}
			(*names)[(*cnt)++] = v[i].table;
		}
		op_tables(a, v[i].children, v[i].n_children, names, cnt, cap);
	}
}

/* Each statement judged again against the schema just before it (what
 * the earlier statements of the migration made), on a copy of the
 * tables the operations and the first judging name: the engine's own
 * schema stays the one before the revision, which the rules read. */
static void lockplan_rejudge_along(struct lint_run *r, struct lint_ctx *c)
{
	if (!c->before || !r->lp.n)
		return;
	const char **names = NULL;
	size_t n = 0, cap = 0;
	op_tables(r->scratch, c->up_pg.v, c->up_pg.n, &names, &n, &cap);
	for (size_t i = 0; i < r->lp.n; i++)
		for (size_t q = 0; q < r->lp.stmts[i].n_facts; q++)
			for (size_t k = 0; k < r->lp.stmts[i].facts[q].n_rels; k++) {
				if (n == cap) {
					size_t nc = cap ? cap * 2 : 16;
					names = arena_grow(r->scratch, names, n, nc, sizeof(*names));
					cap = nc;
				}
				names[n++] = r->lp.stmts[i].facts[q].rels[k].name;
			}
	struct schema *copy = schema_clone_tables(c->before, names, n);
	lockplan_judge_along(r->scratch, c->up_pg.v, c->up_pg.n, copy, "(this revision)", &r->lp);
	schema_free(copy);
}

const struct lockplan *lint_lockplan(struct lint_ctx *c)
{
	struct lint_run *r = c->run;
	if (!r->lp_built) {
		/* one parse per statement, for the locks and the rules */
		lockplan_build_parsed(r->scratch, c->up_pg.v, c->up_pg.n, c->before, &r->lp);
		lockplan_rejudge_along(r, c);
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
				lint_note_gone(run, run->trees[i].stmts[k].kind, run->trees[i].stmts[k].node);
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
		naming_apply(&w->scratch, &p->naming, &c.up_pg, DIALECT_POSTGRESQL);
		naming_apply(&w->scratch, &p->naming, &c.down_pg, DIALECT_POSTGRESQL);
		naming_apply(&w->scratch, &p->naming, &c.up_sqlite, DIALECT_SQLITE);
		naming_apply(&w->scratch, &p->naming, &c.down_sqlite, DIALECT_SQLITE);
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
