/* plpgsql.c - the SQL of a PL/pgSQL body, in order, sure or not
 * (plpgsql.h). */
#include <stdio.h>
#include <string.h>

#include "cupel/pgq.h"
#include "cupel/plpgsql.h"

struct walk {
	struct arena *a;
	struct plpgsql_walk *w;
	bool stopped; /* a RETURN or an error reached on the sure path */
};

static const char *expr_query(cJSON *wrapped)
{
	cJSON *e;
	const char *k = pgq_node(wrapped, &e);
	return k && !strcmp(k, "PLpgSQL_expr") ? pgq_str(e, "query") : NULL;
}

static void run_sql(struct walk *w, const char *sql, bool sure)
{
	if (!sql) {
		w->w->unread = true;
		return;
	}
	w->w->on_sql(w->w->arg, sql, sure);
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
		/* RAISE EXCEPTION (ERROR, elog level 21, and up) */
		if (pgq_int(in, "elog_level", 0) >= 21 && sure) {
			w->stopped = true;
			w->w->raises = true;
		}
	} else if (!strcmp(k, "PLpgSQL_stmt_dynexecute") || !strcmp(k, "PLpgSQL_stmt_dynfors")) {
		w->w->dynamic = true;
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
		w->w->unread = true;
	}
}

static void walk_list(struct walk *w, cJSON *list, bool sure)
{
	for (cJSON *el = pgq_first(list); el; el = el->next)
		walk_stmt(w, el, sure);
}

/* The body as a CREATE FUNCTION libpg_query's PL/pgSQL parser takes,
 * dollar-quoted with a tag the body does not hold. */
static const char *create_text(struct arena *a, const char *body, const char *returns)
{
	char tag[32] = "cupel";
	for (int i = 0; i < 100; i++) {
		const char *dq = arena_printf(a, "$%s$", tag);
		if (!strstr(body, dq))
			return arena_printf(a, "CREATE FUNCTION cupel_body() RETURNS %s LANGUAGE plpgsql AS %s%s%s", returns,
					    dq, body, dq);
		snprintf(tag, sizeof(tag), "cupel%d", i);
	}
	return NULL;
}

bool plpgsql_walk(struct arena *a, const char *body, const char *returns, struct plpgsql_walk *w, struct strbuf *err)
{
	const char *text = body ? create_text(a, body, returns) : NULL;
	struct pgq_result r;
	if (!text) {
		strbuf_adds(err, "no body, or one holding every dollar-quote tag tried");
		return false;
	}
	if (!pgq_parse_plpgsql(text, &r, err))
		return false;
	struct walk x = { .a = a, .w = w };
	walk_stmt(&x, pgq_get(pgq_get(pgq_first(r.root), "PLpgSQL_function"), "action"), true);
	pgq_free(&r);
	return true;
}

const char *plpgsql_do_body(cJSON *dostmt, const char **lang)
{
	const char *body = NULL;
	*lang = "plpgsql";
	for (cJSON *el = pgq_first(pgq_list(dostmt, "args")); el; el = el->next) {
		cJSON *d;
		const char *dn = pgq_node(el, &d) ? pgq_str(d, "defname") : NULL;
		if (dn && !strcmp(dn, "as"))
			body = pgq_sval(pgq_get(d, "arg"));
		else if (dn && !strcmp(dn, "language"))
			*lang = pgq_sval(pgq_get(d, "arg"));
	}
	return body;
}
