/* locktrig.c - the locks of the triggers a write fires (locktrig.h). A
 * PL/pgSQL statement takes its locks when it runs, as the same SQL would
 * at top level: the function's statements are walked in order, those that
 * surely run (not under IF, CASE or a loop, before a RETURN or an error)
 * judged with the lock model against the same schema. */
#include <stdio.h>
#include <string.h>

#include "cupel/pgq.h"
#include "cupel/strbuf.h"
#include "lockfact.h"
#include "locktrig.h"

void locktrig_note(struct arena *a, struct lock_fact *f, const char *text)
{
	if (!f->note)
		f->note = text;
	else if (!strstr(f->note, text))
		f->note = arena_printf(a, "%s; %s", f->note, text);
}

struct walk {
	struct arena *a;
	const struct schema *s;
	struct lock_fact *f;
	const struct schema_trigger *g;
	int depth;
	bool stopped;         /* a RETURN or an error reached on the sure path */
	struct strbuf maybe;  /* tables only a condition may lock */
	bool dynamic, unread, raises;
};

static void maybe_add(struct walk *w, const struct lock_rel *r)
{
	/* ", name" once each */
	const char *have = strbuf_str(&w->maybe);
	for (const char *p = have; (p = strstr(p, r->name)); p += strlen(r->name))
		if ((p == have || p[-1] == ' ') && (!p[strlen(r->name)] || p[strlen(r->name)] == ','))
			return;
	strbuf_addf(&w->maybe, "%s%s", w->maybe.len ? ", " : "", r->name);
}

/* One SQL text of the function: sure (its locks taken) or not. */
static void run_sql(struct walk *w, const char *sql, bool sure)
{
	struct pgq_result r;
	struct strbuf err = STRBUF_INIT;
	if (!sql || !pgq_parse(sql, &r, &err)) {
		w->unread = true;
		strbuf_release(&err);
		return;
	}
	strbuf_release(&err);
	struct lock_fact *facts;
	size_t n;
	lockmodel_facts_nested(w->a, sql, &r, w->s, &facts, &n, w->depth + 1);
	for (size_t i = 0; i < n; i++) {
		if (!facts[i].known) {
			w->unread = true;
			continue;
		}
		for (size_t k = 0; k < facts[i].n_rels; k++) {
			const struct lock_rel *x = &facts[i].rels[k];
			if (sure)
				lockfact_rel(w->a, w->f, x->schema, x->name, x->mode,
					     arena_printf(w->a, "%s by trigger %s", x->why ? x->why : "locked", w->g->name));
			else
				maybe_add(w, x);
		}
		if (facts[i].note && sure && strstr(facts[i].note, "trigger"))
			locktrig_note(w->a, w->f, facts[i].note);
	}
	pgq_free(&r);
}

static const char *expr_query(cJSON *wrapped)
{
	cJSON *e;
	const char *k = pgq_node(wrapped, &e);
	return k && !strcmp(k, "PLpgSQL_expr") ? pgq_str(e, "query") : NULL;
}

/* An expression PL/pgSQL evaluates as SELECT expr; an assignment's
 * "target := expr" too. */
static void run_expr(struct walk *w, cJSON *wrapped, bool sure, bool assign)
{
	const char *q = expr_query(wrapped);
	if (!q)
		return;
	if (assign) {
		const char *eq = strstr(q, ":=");
		if (!eq)
			return;
		q = eq + 2;
	}
	run_sql(w, arena_printf(w->a, "SELECT %s", q), sure);
}

static void walk_list(struct walk *w, cJSON *list, bool sure);

static void walk_stmt(struct walk *w, cJSON *wrapped, bool sure)
{
	cJSON *in;
	const char *k = pgq_node(wrapped, &in);
	if (!k || (sure && w->stopped))
		return;
	if (!strcmp(k, "PLpgSQL_stmt_block")) {
		walk_list(w, pgq_list(in, "body"), sure);
		/* an exception handler runs only when the block fails */
		cJSON *ex = pgq_get(pgq_get(in, "exceptions"), "PLpgSQL_exception_block");
		for (cJSON *el = pgq_first(pgq_list(ex, "exc_list")); el; el = el->next) {
			cJSON *h;
			if (pgq_node(el, &h))
				walk_list(w, pgq_list(h, "action"), false);
		}
	} else if (!strcmp(k, "PLpgSQL_stmt_execsql")) {
		run_sql(w, expr_query(pgq_get(in, "sqlstmt")), sure);
	} else if (!strcmp(k, "PLpgSQL_stmt_perform")) {
		run_sql(w, expr_query(pgq_get(in, "expr")), sure);
	} else if (!strcmp(k, "PLpgSQL_stmt_assign")) {
		run_expr(w, pgq_get(in, "expr"), sure, true);
	} else if (!strcmp(k, "PLpgSQL_stmt_if")) {
		run_expr(w, pgq_get(in, "cond"), sure, false);
		walk_list(w, pgq_list(in, "then_body"), false);
		for (cJSON *el = pgq_first(pgq_list(in, "elsif_list")); el; el = el->next) {
			cJSON *ei;
			if (!pgq_node(el, &ei))
				continue;
			run_expr(w, pgq_get(ei, "cond"), false, false);
			walk_list(w, pgq_list(ei, "stmts"), false);
		}
		walk_list(w, pgq_list(in, "else_body"), false);
	} else if (!strcmp(k, "PLpgSQL_stmt_return")) {
		if (sure)
			w->stopped = true;
	} else if (!strcmp(k, "PLpgSQL_stmt_raise")) {
		/* RAISE EXCEPTION (ERROR and up): the write fails there */
		if (pgq_int(in, "elog_level", 0) >= 21) {
			if (sure) {
				w->stopped = true;
				w->raises = true;
			}
		}
	} else if (!strcmp(k, "PLpgSQL_stmt_dynexecute") || !strcmp(k, "PLpgSQL_stmt_dynfors")) {
		w->dynamic = true;
	} else if (!strcmp(k, "PLpgSQL_stmt_fors")) {
		run_sql(w, expr_query(pgq_get(in, "query")), sure);
		walk_list(w, pgq_list(in, "body"), false);
	} else if (!strcmp(k, "PLpgSQL_stmt_loop") || !strcmp(k, "PLpgSQL_stmt_while") ||
		   !strcmp(k, "PLpgSQL_stmt_fori") || !strcmp(k, "PLpgSQL_stmt_foreach_a")) {
		walk_list(w, pgq_list(in, "body"), false);
	} else if (!strcmp(k, "PLpgSQL_stmt_case")) {
		for (cJSON *el = pgq_first(pgq_list(in, "case_when_list")); el; el = el->next) {
			cJSON *cw;
			if (pgq_node(el, &cw))
				walk_list(w, pgq_list(cw, "stmts"), false);
		}
		walk_list(w, pgq_list(in, "else_stmts"), false);
	} else if (strcmp(k, "PLpgSQL_stmt_exit") != 0 && strcmp(k, "PLpgSQL_stmt_getdiag") != 0) {
		/* RETURN QUERY, cursors, CALL ...: not read */
		w->unread = true;
	}
}

static void walk_list(struct walk *w, cJSON *list, bool sure)
{
	for (cJSON *el = pgq_first(list); el; el = el->next)
		walk_stmt(w, el, sure);
}

/* The function's text as a CREATE FUNCTION libpg_query's PL/pgSQL parser
 * takes, its body dollar-quoted with a tag the body does not hold. */
static const char *create_text(struct arena *a, const char *body)
{
	char tag[32] = "cupel";
	for (int i = 0; i < 100; i++) {
		const char *dq = arena_printf(a, "$%s$", tag);
		if (!strstr(body, dq))
			return arena_printf(a, "CREATE FUNCTION cupel_trigger() RETURNS trigger LANGUAGE plpgsql AS %s%s%s",
					    dq, body, dq);
		snprintf(tag, sizeof(tag), "cupel%d", i);
	}
	return NULL;
}

static bool fires(const struct schema_trigger *g, int event, const char *const *cols, size_t n_cols)
{
	if (!schema_trigger_fires(g) || !(g->events & event) || g->timing == SCHEMA_TRIG_INSTEAD)
		return false;
	if (event != SCHEMA_TRIG_UPDATE || !g->n_cols || !n_cols)
		return true;
	/* UPDATE OF: one of its columns among those set */
	for (size_t i = 0; i < g->n_cols; i++)
		for (size_t k = 0; k < n_cols; k++)
			if (cols[k] && !strcmp(g->cols[i], cols[k]))
				return true;
	return false;
}

static void fire_one(struct arena *a, struct lock_fact *f, const struct schema *s, const struct schema_trigger *g,
		     int depth)
{
	const struct schema_func *fn = schema_func(s, g->func_schema, g->func_name);
	if (g->deferred) {
		locktrig_note(a, f, arena_printf(a, "constraint trigger %s runs at COMMIT: what it locks is taken then",
						 g->name));
		return;
	}
	if (!fn) {
		locktrig_note(a, f, arena_printf(a, "trigger %s runs %s(), which the migrations did not make: "
						    "what it locks is not known", g->name, g->func_name ? g->func_name : "?"));
		return;
	}
	if (!fn->language || strcmp(fn->language, "plpgsql") != 0 || !fn->body) {
		locktrig_note(a, f, arena_printf(a, "trigger %s runs %s(), written in LANGUAGE %s: what it locks is "
						    "not known", g->name, fn->name, fn->language ? fn->language : "?"));
		return;
	}
	if (depth >= LOCKTRIG_MAX_DEPTH) {
		locktrig_note(a, f, "triggers fired by triggers are followed four deep, no deeper");
		return;
	}
	const char *text = create_text(a, fn->body);
	struct pgq_result r;
	struct strbuf err = STRBUF_INIT;
	if (!text || !pgq_parse_plpgsql(text, &r, &err)) {
		locktrig_note(a, f, arena_printf(a, "trigger %s: the body of %s() cannot be read (%s): what it locks "
						    "is not known", g->name, fn->name, strbuf_str(&err)));
		strbuf_release(&err);
		return;
	}
	strbuf_release(&err);
	struct walk w = { .a = a, .s = s, .f = f, .g = g, .depth = depth };
	strbuf_init(&w.maybe);
	cJSON *func = pgq_get(pgq_first(r.root), "PLpgSQL_function");
	walk_stmt(&w, pgq_get(func, "action"), true);
	if (w.maybe.len)
		locktrig_note(a, f, arena_printf(a, "trigger %s may also lock %s, under a condition", g->name,
						 strbuf_str(&w.maybe)));
	if (w.dynamic)
		locktrig_note(a, f, arena_printf(a, "trigger %s runs dynamic SQL (EXECUTE): what that locks is not known",
						 g->name));
	if (w.unread)
		locktrig_note(a, f, arena_printf(a, "trigger %s runs statements the model does not read", g->name));
	if (w.raises)
		locktrig_note(a, f, arena_printf(a, "trigger %s raises an error: the statement fails", g->name));
	if (g->row)
		locktrig_note(a, f, "a row trigger runs only for the rows written, a WHEN only where it holds");
	strbuf_release(&w.maybe);
	pgq_free(&r);
}

void locktrig_fire(struct arena *a, struct lock_fact *f, const struct schema *s, const char *schema, const char *name,
		   int event, const char *const *cols, size_t n_cols, int depth)
{
	const struct schema_table *t = s ? lockfact_table(s, schema, name) : NULL;
	if (!t || !t->n_trigs || !f->known)
		return;
	/* BEFORE triggers first, then AFTER, each in name order, as
	 * PostgreSQL fires them: the order does not change the locks */
	for (size_t i = 0; i < t->n_trigs; i++)
		if (fires(&t->trigs[i], event, cols, n_cols))
			fire_one(a, f, s, &t->trigs[i], depth);
}

void locktrig_drop_function(struct arena *a, struct lock_fact *f, const struct schema *s, const char *fschema,
			    const char *fname)
{
	for (size_t i = 0; s && fname && i < s->n_tables; i++) {
		const struct schema_table *t = s->tables[i];
		for (size_t k = 0; !t->dropped && k < t->n_trigs; k++)
			if (t->trigs[k].func_name && !strcmp(t->trigs[k].func_name, fname) &&
			    schema_same_schema(t->trigs[k].func_schema, fschema))
				lockfact_rel(a, f, t->schema, t->name, LOCK_ACCESS_EXCLUSIVE, "loses a trigger (CASCADE)");
	}
}
