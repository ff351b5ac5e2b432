/* coresql.h - the SQLAlchemy Core statements migrations pass to
 * op.execute (table.update()/insert()/delete(), sa.update/insert/delete,
 * sa.text().bindparams()) compiled as Alembic prints them offline, with
 * literal binds and paramstyle "named". What is beyond the subset is
 * refused with a reason, never guessed. */
#ifndef CUPEL_CORESQL_H
#define CUPEL_CORESQL_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/arena.h"
#include "cupel/pyeval.h"
#include "cupel/sqlquote.h"
#include "cupel/strbuf.h"

/* The SQL of a Core statement, or NULL with *why set; live: for a
 * connected PostgreSQL (a backslash in a literal written once). */
const char *coresql_statement(struct arena *a, const struct pyv *v, enum dialect d, bool live, const char **why);

/* A boolean expression (comparisons, and_/or_/not_, is_, in_) as SQLAlchemy
 * compiles it on its own, e.g. in a CHECK constraint; NULL with *why. */
const char *coresql_condition(struct arena *a, const struct pyv *v, enum dialect d, const char **why);

/* The first bind parameter (":name") of a text() SQL string, which
 * SQLAlchemy wants a value for when it runs online, or NULL. */
const char *coresql_unbound_param(struct arena *a, const char *s);
/* The first :name of s that is not among names (n_names of them), or NULL. */
const char *coresql_missing_param(struct arena *a, const char *s, size_t n_names, const char *const *names);

/* Text SQL with its bind parameters as SQLAlchemy renders them offline:
 * ":name" becomes values[i] for names[i], NULL when unbound; "\:" is ":";
 * "::" casts and ":name:" stay. */
void coresql_text_binds(struct strbuf *out, const char *s, size_t n, const char *const *names,
			const char *const *values);

#endif
