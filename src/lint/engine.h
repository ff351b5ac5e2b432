/* engine.h - the engine's parts that cupel lint on a project (lint.c)
 * and on a plain SQL file (lintsql.c) share. */
#ifndef CUPEL_LINT_ENGINE_H
#define CUPEL_LINT_ENGINE_H

#include "cupel/lint.h"
#include "cupel/envpy.h"
#include "cupel/lockplan.h"
#include "cupel/pgq.h"

/* A table a SQL file names: schema NULL for the default one. */
struct sql_table {
	const char *schema, *name;
	bool back;              /* gone: renamed back into place since */
	struct sql_table *next;
};

struct lint_run {
	struct lint_result *out;
	const struct lint_opts *opts;
	/* the running revision's lock plan, built on first use: several
	 * rules read it */
	struct arena *scratch;
	struct lockplan lp;
	bool lp_built;
	/* its statements parsed once, for all the rules (ok[i]: parsed) */
	struct pgq_result *trees;
	bool *ok;
	/* the upgrade's operations by line, built on first use (a SQL file's
	 * transaction has an operation per statement: a linear search per
	 * finding or column was quadratic) */
	struct line_op {
		unsigned line;
		size_t order;           /* pre-order: the first one of a line wins */
		const struct op *op;
	} *by_line;
	size_t n_by_line;
	bool by_line_built;
	size_t unparsed;                /* statements that did not parse, all units */
	/* lint --sql: the tables this unit creates (built on first use), and
	 * those the units before it dropped or renamed away (kept) */
	struct sql_table *created, *gone;
	bool created_built;
	/* env.py as envpy_read reads it, once for the run (lint_envpy) */
	struct envpy_config env;
	bool env_read;
	/* what rules remember from one revision to the next */
	struct arena keep;
	struct kept {
		const char *key, *value;
		struct kept *next;
	} *kept;
};

/* sqlview.c: the first operation (pre-order) at line, batch and
 * autocommit blocks aside; a statement's DROP or rename away noted for
 * the units after it (lint --sql). */
const struct op *lint_op_at(struct lint_ctx *c, unsigned line);
void lint_note_gone(struct lint_run *r, const char *kind, cJSON *node);

/* A run writing into out (initialised here); scratch is reset by the
 * caller between units. */
struct lint_run *lint_engine_new(struct lint_result *out, const struct lint_opts *o, struct arena *scratch);
/* The wanted rules on one unit (a migration, or a transaction of a SQL
 * file): c filled but for run and rule. replay: NULL, or a schema to
 * apply the unit's statements to from their parse trees (no second
 * parse; lint --sql). */
void lint_engine_unit(struct lint_run *run, struct lint_ctx *c, struct schema *replay);
/* How many statements of the units so far did not parse. */
size_t lint_engine_unparsed(const struct lint_run *run);
void lint_engine_free(struct lint_run *run);

#endif
