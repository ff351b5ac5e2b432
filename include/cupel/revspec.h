/* revspec.h - revision specifiers resolved as Alembic 1.8 resolves them
 * (RevisionMap.get_revisions, _walk, iterate_revisions for history ranges).
 * Errors carry Alembic's CLI message text. */
#ifndef CUPEL_REVSPEC_H
#define CUPEL_REVSPEC_H

#include <stdbool.h>

#include "cupel/revgraph.h"
#include "cupel/strbuf.h"

/* get_revisions(spec): full id, unique prefix, head, heads, base, label,
 * label@head, label@heads, rev@head, label@rev, -N, label@-N. On error
 * returns false with the message in err. */
bool revspec_get(const struct revgraph *g, const char *spec, struct idxlist *out, struct strbuf *err);

/* The revisions `alembic history -r base:head` prints, newest first.
 * base/head NULL mean "base" / "heads". */
bool revspec_history(const struct revgraph *g, const char *base, const char *head,
		     struct idxlist *out, struct strbuf *err);

/* Match Alembic's relative form "(?:(.+?)@)?(\w+)?((?:\+|-)\d+)" at the
 * start of s. Pieces are copied to the arena; label/symbol may be NULL. */
bool revspec_relative(struct arena *a, const char *s, const char **label, const char **symbol,
		      long *steps);

#endif
