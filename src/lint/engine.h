/* engine.h - the engine's parts that cupel lint on a project (lint.c)
 * and on a plain SQL file (lintsql.c) share. */
#ifndef CUPEL_LINT_ENGINE_H
#define CUPEL_LINT_ENGINE_H

#include "cupel/lint.h"

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
