/* locktrig.h - what the triggers a write fires lock besides its table:
 * the statements of the PL/pgSQL functions the migrations made, read with
 * libpg_query's PL/pgSQL parser and judged by the lock model itself.
 * Internal to src/lock. */
#ifndef CUPEL_LOCK_LOCKTRIG_H
#define CUPEL_LOCK_LOCKTRIG_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/arena.h"
#include "cupel/lockmodel.h"
#include "cupel/schema.h"

/* How deep triggers that fire triggers are followed. */
#define LOCKTRIG_MAX_DEPTH 4

/* A write to (schema, name): event is SCHEMA_TRIG_INSERT, _UPDATE (cols:
 * the columns it sets, for UPDATE OF triggers), _DELETE or _TRUNCATE.
 * The statements each firing trigger's function surely runs add their
 * locks to f; those under a condition, dynamic SQL and functions the model
 * cannot read are named in f's note. depth: 0 for the statement itself. */
void locktrig_fire(struct arena *a, struct lock_fact *f, const struct schema *s, const char *schema, const char *name,
		   int event, const char *const *cols, size_t n_cols, int depth);
/* DO [LANGUAGE plpgsql] '...': the locks, rewrites and scans of the
 * statements its body surely runs; a body with statements under a
 * condition, dynamic SQL or statements the model does not read is
 * unknown (the tables it may lock named), a body in another language too. */
struct cJSON;
void locktrig_do_block(struct arena *a, struct lock_fact *f, const struct schema *s, struct cJSON *dostmt, int depth);
/* CALL of a procedure the migrations made, in LANGUAGE plpgsql (as a DO
 * block's body) or sql (its statements); any other is unknown. */
void locktrig_call(struct arena *a, struct lock_fact *f, const struct schema *s, struct cJSON *callstmt, int depth);
/* DROP FUNCTION ... CASCADE: the tables of the triggers it drops. */
void locktrig_drop_function(struct arena *a, struct lock_fact *f, const struct schema *s, const char *fschema,
			    const char *fname);

/* lockmodel.c: the facts of a trigger function's statement, depth deep. */
struct pgq_result;
void lockmodel_facts_nested(struct arena *a, const char *sql, const struct pgq_result *r, const struct schema *before,
			    struct lock_fact **out, size_t *n, int depth);

#endif
