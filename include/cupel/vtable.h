/* vtable.h - the version table on a live database, exactly as Alembic
 * keeps it: alembic_version(version_num VARCHAR(32) NOT NULL) with primary
 * key <table>_pkc (name, schema and key from env.py), one row per head. */
#ifndef CUPEL_VTABLE_H
#define CUPEL_VTABLE_H

#include <stdbool.h>

#include "cupel/db.h"
#include "cupel/envpy.h"
#include "cupel/plan.h"

struct vtable {
	struct db *db;
	const char *table, *schema;
	bool pk;
};

void vtable_init(struct vtable *vt, struct db *db, const struct envpy_config *env);

/* Whether the table exists. */
bool vtable_exists(struct vtable *vt, struct arena *a, bool *exists, struct db_error *err);

/* The rows (current heads), in the table's order; none when it does not
 * exist. */
bool vtable_read(struct vtable *vt, struct arena *a, const char ***heads, size_t *n, struct db_error *err);

/* CREATE TABLE as SQLAlchemy compiles it online (checkfirst: only when
 * missing). */
bool vtable_create(struct vtable *vt, struct arena *a, struct db_error *err);

/* The statement of one change (params: room for two), and the check of
 * the rows it returned (UPDATE/DELETE ... RETURNING): DELETE and UPDATE
 * must hit exactly one row, as Alembic checks online (else false with
 * Alembic's message in err->message). */
void vtable_change_sql(struct vtable *vt, struct arena *a, const struct vt_change *c, const char **sql,
		       const char **params, size_t *n_params);
/* The change as a message names it, its values written in. */
const char *vtable_change_text(struct vtable *vt, struct arena *a, const struct vt_change *c);
bool vtable_check_rows(struct vtable *vt, struct arena *a, const struct vt_change *c, size_t rows,
		       struct db_error *err);

/* Delete every row (stamp --purge). */
bool vtable_purge(struct vtable *vt, struct arena *a, struct db_error *err);

#endif
