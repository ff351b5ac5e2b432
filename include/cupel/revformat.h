/* revformat.h - the text forms Alembic's commands print for a revision
 * (Script._head_only and Script.log_entry), byte for byte. */
#ifndef CUPEL_REVFORMAT_H
#define CUPEL_REVFORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/revgraph.h"
#include "cupel/strbuf.h"

enum {
	REVFMT_BRANCHES = 1 << 0, /* " (labels)" */
	REVFMT_DOC = 1 << 1,      /* ", doc" */
	REVFMT_PARENTS = 1 << 2,  /* "parents (deps) -> " */
	REVFMT_TREE = 1 << 3,     /* " (branchpoint)", " (mergepoint)" */
	REVFMT_CURRENT = 1 << 4,  /* " (current)" */
};

/* One line (no newline): what heads, history and branches print. */
void revformat_line(struct strbuf *out, const struct revgraph *g, size_t r, unsigned flags);
/* The verbose entry (several lines, ends with "\n"). */
void revformat_log_entry(struct strbuf *out, const struct revgraph *g, size_t r, bool current);
/* "<base>" or the declared down revisions joined by ", ". */
void revformat_down(struct strbuf *out, const struct rev *r);

#endif
