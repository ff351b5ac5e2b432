/* plpgsql.h - the SQL a PL/pgSQL body runs (a DO block's, a trigger
 * function's), read with libpg_query's PL/pgSQL parser: each statement in
 * order, and whether it surely runs (not under IF, CASE, a loop or an
 * exception handler, before a RETURN or a RAISE EXCEPTION). Expressions
 * (an IF's condition, an assignment's value) come as SELECT expr. */
#ifndef CUPEL_PLPGSQL_H
#define CUPEL_PLPGSQL_H

#include <stdbool.h>

#include "cupel/arena.h"
#include "cupel/strbuf.h"

struct plpgsql_walk {
	/* called for each SQL text; sure: it runs whenever the body does */
	void (*on_sql)(void *arg, const char *sql, bool sure);
	void *arg;
	/* what the walk found besides */
	bool dynamic;   /* EXECUTE: SQL built at run time */
	bool unread;    /* forms not read (RETURN QUERY, cursors, CALL ...) */
	bool raises;    /* a RAISE EXCEPTION on the sure path: the body fails there */
};

/* Walk body (returns: "void" for a DO block, "trigger" for a trigger
 * function). false with the parser's message in err. */
bool plpgsql_walk(struct arena *a, const char *body, const char *returns, struct plpgsql_walk *w, struct strbuf *err);

/* A DoStmt's body (NULL: none) and its language (*lang, "plpgsql"
 * unless it says otherwise). */
struct cJSON;
const char *plpgsql_do_body(struct cJSON *dostmt, const char **lang);

#endif
