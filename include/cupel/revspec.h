/* revspec.h - revision specifiers resolved as Alembic 1.8 resolves them
 * (RevisionMap.get_revisions, _walk, iterate_revisions for history ranges).
 * Errors carry Alembic's CLI message text. */
#ifndef CUPEL_REVSPEC_H
#define CUPEL_REVSPEC_H

#include <stdbool.h>

#include "cupel/revgraph.h"
#include "cupel/strbuf.h"

/* get_revisions(spec): full id, unique prefix, head, heads, base, label,
 * label@head, label@heads, rev@head, label@rev, -N, label@-N; several
 * specifiers separated by spaces stand for a tuple (a database's current
 * heads). On error
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

/* get_revision(spec): at most one revision (found=false: base); more
 * than one is Alembic's MultipleHeads error. */
bool revspec_get_one(const struct revgraph *g, const char *spec, bool *found, size_t *out,
		     struct strbuf *err);

/* The revisions filter_for_lineage(targets, spec) tests against: the
 * label of "L@x" and the revisions x names (heads, head, an id; none for
 * base, meaning "everything shares lineage"). */
bool revspec_lineage(const struct revgraph *g, const char *spec, struct idxlist *out,
		     struct strbuf *err);

/* The revisions `alembic upgrade TARGET` runs from the current revisions,
 * in the order they run (ScriptDirectory._upgrade_revs). */
bool revspec_upgrade_revs(const struct revgraph *g, const struct idxlist *current, const char *target,
			  struct idxlist *out, struct strbuf *err);
/* The same for `alembic downgrade TARGET` (_downgrade_revs). Alembic's
 * warning for "-1" from several heads is appended to warn (may be NULL). */
bool revspec_downgrade_revs(const struct revgraph *g, const struct idxlist *current, const char *target,
			    struct idxlist *out, struct strbuf *warn, struct strbuf *err);

#endif
