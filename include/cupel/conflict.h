/* conflict.h - divergent heads analysed: for each pair of heads that share
 * history but no merge, what each branch creates, alters, renames, drops
 * and writes since they parted, the semantic conflicts between the two
 * sides, and whether upgrading one branch before the other gives the same
 * schema as the other order (both replayed through the schema model).
 * Nothing here writes files or touches a database. */
#ifndef CUPEL_CONFLICT_H
#define CUPEL_CONFLICT_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/arena.h"
#include "cupel/dialect.h"
#include "cupel/project.h"
#include "cupel/revgraph.h"

/* What a branch does to an object. X(NAME, "word") lists them once. */
#define CONFLICT_ACTS(X) \
	X(CREATE, "creates") X(ALTER, "alters") X(RENAME, "renames") X(DROP, "drops") \
	X(WRITE, "writes rows of") X(REFER, "refers to") X(OPAQUE, "cannot be read")
enum conflict_act {
#define X(k, w) CACT_##k,
	CONFLICT_ACTS(X)
#undef X
};

#define CONFLICT_OBJS(X) \
	X(TABLE, "table") X(COLUMN, "column") X(INDEX, "index") X(CONSTRAINT, "constraint") \
	X(TYPE, "type") X(STEP, "step")
enum conflict_obj {
#define X(k, w) COBJ_##k,
	CONFLICT_OBJS(X)
#undef X
};

/* One object one operation of a branch touches. */
struct conflict_touch {
	enum conflict_act act;
	enum conflict_obj obj;
	const char *schema, *table; /* the table (NULL for a type or an unknown step) */
	const char *name;           /* column, index, constraint or type name */
	const char *new_name;       /* RENAME: the new name */
	const char *type;           /* ALTER of a column's type: the new type (SQL) */
	const char *const *cols;    /* index or constraint columns; REFER: referred columns */
	size_t n_cols;
	bool index_backed;          /* a PRIMARY KEY or UNIQUE constraint (its name is an index's) */
	const char *detail;         /* what the operation is (e.g. "add_column"), or an opaque step's reason */
	size_t rev;                 /* the revision (graph index) */
	unsigned line;              /* in the revision's script */
};

/* Conflict kinds, listed once: X(NAME, "id", level) with level 2 error,
 * 1 warning. */
#define CONFLICT_KINDS(X) \
	X(CREATED_TWICE, "created-twice", 2) \
	X(DROPPED_TWICE, "dropped-twice", 2) \
	X(DROPPED_WHILE_USED, "dropped-while-used", 2) \
	X(FK_TO_DROPPED, "foreign-key-to-dropped", 2) \
	X(RENAMED_WHILE_USED, "renamed-while-used", 2) \
	X(DUPLICATE_NAME, "duplicate-name", 2) \
	X(INCOMPATIBLE_TYPES, "incompatible-type-change", 2) \
	X(ALTERED_TWICE, "altered-twice", 1) \
	X(DATA_VS_SCHEMA, "data-vs-schema-change", 1) \
	X(UNSEEN_STEP, "unseen-step", 1)
enum conflict_kind {
#define X(k, id, level) CONFLICT_##k,
	CONFLICT_KINDS(X)
#undef X
};
const char *conflict_kind_id(enum conflict_kind k);
/* 2 error, 1 warning */
int conflict_kind_level(enum conflict_kind k);
const char *conflict_act_word(enum conflict_act a);
const char *conflict_obj_word(enum conflict_obj o);

struct conflict_issue {
	enum conflict_kind kind;
	const char *message;
	const struct conflict_touch *a, *b; /* b NULL for a one-sided issue (unseen step) */
};

struct conflict_side {
	size_t head;
	struct idxlist revs;        /* its own revisions since the fork, parents first */
	struct conflict_touch *touches;
	size_t n_touches;
};

/* Whether the two upgrade orders give the same schema. */
enum conflict_order { ORDER_SAME, ORDER_COLUMN_ORDER_ONLY, ORDER_DIFFERENT };

/* The order check on real databases (cupel conflicts --db). */
struct conflict_confirmation {
	const char *where;          /* the first scratch database, masked */
	bool ran[2];                /* order o (side[o] first) upgraded to both heads */
	const char *failure[2];     /* why order o did not */
	bool same;                  /* both ran and the catalogs are equal (column order aside) */
	const char *diff;           /* otherwise, when both ran: "-" side[0] first, "+" side[1] first */
};

struct conflict_pair {
	struct conflict_side side[2];
	struct idxlist fork;        /* the newest shared revisions the branches part from */
	struct conflict_issue *issues;
	size_t n_issues;
	size_t n_errors, n_warnings;
	enum conflict_order order;
	/* ORDER_DIFFERENT: the schema lines only in one order, "-" for
	 * side[0] first, "+" for side[1] first */
	const char *order_diff;
	const struct conflict_confirmation *confirmed; /* NULL unless checked on a database */
};

struct conflict_report {
	struct arena arena;
	enum dialect dialect;
	struct conflict_pair *pairs;
	size_t n_pairs;
};

/* The divergent heads: heads with the same branch labels whose histories
 * meet. Pairs of graph indices into *out (a list of 2*n entries); returns
 * n. */
size_t conflict_divergent_pairs(const struct revgraph *g, struct arena *a, size_t **out);

/* Analyse every divergent pair of p's graph for dialect d. False only
 * when the graph cannot be walked (a cycle), with the reason in err. */
bool conflict_analyze(struct project *p, enum dialect d, struct conflict_report *out, struct strbuf *err);
void conflict_report_free(struct conflict_report *r);

/* Check the order of pair cp on real databases: each order on its own
 * scratch database (db_url a postgresql:// URL to create them beside, or
 * NULL for temporary SQLite files), by cupel's runner, and the catalog
 * snapshots compared; the result in cp->confirmed. False when a scratch
 * database could not be made or removed (err says why). */
bool conflict_confirm(struct project *p, struct conflict_pair *cp, const char *db_url, struct arena *a,
		      struct strbuf *err);

/* The report as cupel conflicts prints it: every pair, or only pair
 * `only` ((size_t)-1 for all). */
void conflict_format_text(struct strbuf *sb, const struct project *p, const struct conflict_report *r, size_t only);
/* The first pair whose fork, sides or heads hold rev, or (size_t)-1. */
size_t conflict_pair_of(const struct conflict_report *r, size_t rev);

#endif
