/* locktrig.c - the locks of the triggers a write fires (locktrig.h). A
 * PL/pgSQL statement takes its locks when it runs, as the same SQL would
 * at top level: the function's statements are walked in order, those that
 * surely run (not under IF, CASE or a loop, before a RETURN or an error)
 * judged with the lock model against the same schema. */
#include <stdio.h>
#include <string.h>

#include "cupel/pgq.h"
#include "cupel/plpgsql.h"
#include "cupel/strbuf.h"
#include "lockfact.h"
#include "locktrig.h"

struct walk {
	struct arena *a;
	const struct schema *s;
	struct lock_fact *f;
	const struct schema_trigger *g; /* NULL: a DO block's body */
	int depth;
	struct strbuf maybe;  /* tables only a condition may lock */
	bool unread;          /* a statement the model cannot read or judge */
	bool dml;             /* a DO block runs INSERT, UPDATE, DELETE, SELECT or MERGE */
	const char *what;     /* "the DO block", "procedure p" (g NULL) */
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

/* One SQL text of the body: sure (its locks taken) or not. */
static void run_sql(void *arg, const char *sql, bool sure)
{
	struct walk *w = arg;
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
			if (!sure)
				maybe_add(w, x);
			else if (w->g)
				lockfact_rel(w->a, w->f, x->schema, x->name, x->mode,
					     arena_printf(w->a, "%s by trigger %s", x->why ? x->why : "locked", w->g->name));
			else
				lockfact_rel(w->a, w->f, x->schema, x->name, x->mode,
					     arena_printf(w->a, "%s (in %s)", x->why ? x->why : "locked", w->what));
		}
		static const char *const dml[] = { "InsertStmt", "UpdateStmt", "DeleteStmt", "SelectStmt", "MergeStmt" };
		for (size_t d = 0; sure && !w->g && d < sizeof(dml) / sizeof(dml[0]); d++)
			if (facts[i].kind && !strcmp(facts[i].kind, dml[d]))
				w->dml = true;
		if (sure && !w->g) {
			/* the block's statements are its own: what they rewrite and read */
			if (facts[i].rewrite == 1 || (facts[i].rewrite < 0 && w->f->rewrite != 1))
				w->f->rewrite = facts[i].rewrite;
			w->f->scan = w->f->scan || facts[i].scan;
			if (!facts[i].in_transaction)
				w->f->in_transaction = false;
		}
		if (facts[i].note && sure && strstr(facts[i].note, "trigger"))
			lockfact_note(w->a, w->f, facts[i].note);
	}
	pgq_free(&r);
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
		lockfact_note(a, f, arena_printf(a, "constraint trigger %s runs at COMMIT: what it locks is taken then",
						 g->name));
		return;
	}
	if (!fn) {
		lockfact_note(a, f, arena_printf(a, "trigger %s runs %s(), which the migrations did not make: "
						    "what it locks is not known", g->name, g->func_name ? g->func_name : "?"));
		return;
	}
	if (!fn->language || strcmp(fn->language, "plpgsql") != 0 || !fn->body) {
		lockfact_note(a, f, arena_printf(a, "trigger %s runs %s(), written in LANGUAGE %s: what it locks is "
						    "not known", g->name, fn->name, fn->language ? fn->language : "?"));
		return;
	}
	if (depth >= LOCKTRIG_MAX_DEPTH) {
		lockfact_note(a, f, "triggers fired by triggers are followed four deep, no deeper");
		return;
	}
	struct walk w = { .a = a, .s = s, .f = f, .g = g, .depth = depth };
	struct plpgsql_walk pw = { .on_sql = run_sql, .arg = &w };
	struct strbuf err = STRBUF_INIT;
	strbuf_init(&w.maybe);
	if (!plpgsql_walk(a, fn->body, "trigger", &pw, &err)) {
		lockfact_note(a, f, arena_printf(a, "trigger %s: the body of %s() cannot be read (%s): what it locks "
						    "is not known", g->name, fn->name, strbuf_str(&err)));
		strbuf_release(&err);
		strbuf_release(&w.maybe);
		return;
	}
	strbuf_release(&err);
	if (w.maybe.len)
		lockfact_note(a, f, arena_printf(a, "trigger %s may also lock %s, under a condition", g->name,
						 strbuf_str(&w.maybe)));
	if (pw.dynamic)
		lockfact_note(a, f, arena_printf(a, "trigger %s runs dynamic SQL (EXECUTE): what that locks is not known",
						 g->name));
	if (w.unread || pw.unread)
		lockfact_note(a, f, arena_printf(a, "trigger %s runs statements the model does not read", g->name));
	if (pw.raises)
		lockfact_note(a, f, arena_printf(a, "trigger %s raises an error: the statement fails", g->name));
	if (g->row)
		lockfact_note(a, f, "a row trigger runs only for the rows written, a WHEN only where it holds");
	strbuf_release(&w.maybe);
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

/* The statements a DO block's or a procedure's body surely runs, as the
 * statement's own (what: "the DO block", "procedure p"); body NULL: read
 * as LANGUAGE sql, statements one after the other. */
static void body_locks(struct arena *a, struct lock_fact *f, const struct schema *s, const char *body,
		       const char *sql_body, const char *what, int depth)
{
	if (depth >= LOCKTRIG_MAX_DEPTH) {
		lockfact_unknown(f, arena_printf(a, "%s nested too deep", what));
		return;
	}
	struct walk w = { .a = a, .s = s, .f = f, .g = NULL, .depth = depth, .what = what };
	struct plpgsql_walk pw = { .on_sql = run_sql, .arg = &w };
	struct strbuf err = STRBUF_INIT;
	strbuf_init(&w.maybe);
	if (sql_body) {
		run_sql(&w, sql_body, true);
	} else if (!plpgsql_walk(a, body, "void", &pw, &err)) {
		lockfact_unknown(f, arena_printf(a, "the body of %s cannot be read: %s", what, strbuf_str(&err)));
		strbuf_release(&err);
		strbuf_release(&w.maybe);
		return;
	}
	strbuf_release(&err);
	bool dynamic = pw.dynamic, unread = w.unread || pw.unread;
	if (w.maybe.len || dynamic || unread) {
		/* what runs depends on the data: not guessed */
		lockfact_unknown(f, arena_printf(a, "%s whose statements %s%s%s%s", what, w.maybe.len ? "under a condition may lock " : "",
						 w.maybe.len ? strbuf_str(&w.maybe) : "",
						 dynamic ? (w.maybe.len ? ", and dynamic SQL (EXECUTE)" : "include dynamic SQL (EXECUTE)") : "",
						 unread ? (w.maybe.len || dynamic ? ", and forms the model does not read" : "include forms the model does not read") : ""));
	} else if (pw.raises) {
		f->note = arena_printf(a, "%s raises an error: it fails there", what);
	} else if (w.dml) {
		f->note = arena_printf(a, "%s runs DML: which rows it reads is the planner's choice", what);
	}
	strbuf_release(&w.maybe);
}

void locktrig_do_block(struct arena *a, struct lock_fact *f, const struct schema *s, cJSON *dostmt, int depth)
{
	const char *lang;
	const char *body = plpgsql_do_body(dostmt, &lang);
	if (!body || !lang || strcmp(lang, "plpgsql") != 0) {
		lockfact_unknown(f, arena_printf(a, "a DO block in LANGUAGE %s is not modelled", lang ? lang : "?"));
		return;
	}
	body_locks(a, f, s, body, NULL, "the DO block", depth);
}

void locktrig_call(struct arena *a, struct lock_fact *f, const struct schema *s, cJSON *callstmt, int depth)
{
	const char *ps, *pn;
	pgq_qualified(pgq_list(pgq_get(callstmt, "funccall"), "funcname"), &ps, &pn);
	const struct schema_func *fn = pn ? schema_func(s, ps, pn) : NULL;
	if (!fn) {
		lockfact_unknown(f, arena_printf(a, "CALL of %s(), which the migrations did not make", pn ? pn : "?"));
		return;
	}
	const char *what = arena_printf(a, "procedure %s", fn->name);
	bool sql = fn->language && !strcmp(fn->language, "sql");
	const char *text = sql ? (fn->sql_body ? fn->sql_body : fn->body) : fn->body;
	if (!fn->language || (!sql && strcmp(fn->language, "plpgsql") != 0)) {
		lockfact_unknown(f, arena_printf(a, "%s is written in LANGUAGE %s: what it locks is not known", what,
						 fn->language ? fn->language : "?"));
		return;
	}
	if (!text) {
		lockfact_unknown(f, arena_printf(a, "the body of %s is not kept by the model (BEGIN ATOMIC)", what));
		return;
	}
	body_locks(a, f, s, sql ? NULL : text, sql ? text : NULL, what, depth);
}

void locktrig_drop_function(struct arena *a, struct lock_fact *f, const struct schema *s, const char *fschema,
			    const char *fname)
{
	for (size_t i = 0; s && fname && i < s->n_tables; i++) {
		const struct schema_table *t = s->tables[i];
		for (size_t k = 0; !t->dropped && k < t->n_trigs; k++)
			if (schema_trigger_runs(&t->trigs[k], fschema, fname))
				lockfact_rel(a, f, t->schema, t->name, LOCK_ACCESS_EXCLUSIVE, "loses a trigger (CASCADE)");
	}
}
