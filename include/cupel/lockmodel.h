/* lockmodel.h - the PostgreSQL locks a statement takes (PostgreSQL 15, as
 * documented and as observed: shared/reference/lint-and-locks.md part 1b),
 * read from libpg_query's parse tree: every relation it locks and in which
 * of the eight modes, whether it rewrites or scans the table, what it
 * blocks, whether it may run in a transaction block. A statement the model
 * does not know is reported as unknown, never guessed. */
#ifndef CUPEL_LOCKMODEL_H
#define CUPEL_LOCKMODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/arena.h"
#include "cupel/schema.h"

/* PostgreSQL's table lock modes, weakest first (lockdefs.h order). */
enum lock_mode {
	LOCK_NONE,
	LOCK_ACCESS_SHARE,
	LOCK_ROW_SHARE,
	LOCK_ROW_EXCLUSIVE,
	LOCK_SHARE_UPDATE_EXCLUSIVE,
	LOCK_SHARE,
	LOCK_SHARE_ROW_EXCLUSIVE,
	LOCK_EXCLUSIVE,
	LOCK_ACCESS_EXCLUSIVE,
};

struct lock_rel {
	const char *schema, *name;
	enum lock_mode mode;
	const char *why;          /* "altered", "referenced by the new foreign key" ... */
};

struct lock_fact {
	const char *kind;         /* "ALTER TABLE", "CREATE INDEX" ... */
	bool known;
	const char *unknown;      /* why not, when !known */
	struct lock_rel *rels;    /* in the fact's arena, grown by lockfact_rel */
	size_t n_rels, cap_rels;
	/* the checks of INITIALLY DEFERRED foreign keys it leaves pending:
	 * taken at COMMIT, or by SET CONSTRAINTS ... IMMEDIATE (lockplan) */
	struct lock_rel *deferred;
	const char **deferred_keys;  /* each one's constraint name */
	size_t n_deferred;
	/* SET CONSTRAINTS: 1 IMMEDIATE, 2 DEFERRED (0: another statement),
	 * and the keys it names (none: ALL) */
	int constraints_mode;
	const char **constraints_keys;
	size_t n_constraints_keys;
	int rewrite;              /* 1 yes, 0 no, -1 unknown */
	bool scan;                /* reads every existing row */
	bool in_transaction;      /* may run inside a transaction block */
	const char *note;         /* a caveat (fails on a non-empty table ...) */
};

const char *lock_mode_name(enum lock_mode m);
/* What a mode blocks, in words: "reads, writes and DDL", "writes and DDL" ... */
const char *lock_mode_blocks(enum lock_mode m);

/* The facts of every statement of sql (several when it holds several).
 * before: the schema before (type changes, table sizes to come); may be
 * NULL. False with the parse error in err. */
bool lockmodel_analyze(struct arena *a, const char *sql, const struct schema *before, struct lock_fact **out,
		       size_t *n, struct strbuf *err);
/* The same for sql already parsed into r (pgq_parse). */
struct pgq_result;
void lockmodel_facts(struct arena *a, const char *sql, const struct pgq_result *r, const struct schema *before,
		     struct lock_fact **out, size_t *n);

#endif
