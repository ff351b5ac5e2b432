/* tablestats.c - table sizes from pg_class and the size functions, in a
 * READ ONLY transaction so that reading them can never write. */
#include <stdlib.h>
#include <string.h>

#include "cupel/tablestats.h"

static long long num(const char *s)
{
	return s ? strtoll(s, NULL, 10) : 0;
}

bool tablestats_read(struct db *db, struct arena *a, const char *schema, const char *name, struct table_stats *out,
		     struct db_error *err)
{
	memset(out, 0, sizeof(*out));
	if (!db_exec(db, a, "BEGIN READ ONLY", err))
		return false;
	/* to_regclass: NULL for a table that is not there, never an error */
	static const char sql[] =
		"SELECT c.reltuples, c.relpages, pg_table_size(c.oid), pg_indexes_size(c.oid), "
		"pg_total_relation_size(c.oid), (SELECT count(*) FROM pg_index i WHERE i.indrelid = c.oid) "
		"FROM pg_class c WHERE c.oid = to_regclass(CASE WHEN $1::text IS NULL THEN quote_ident($2) "
		"ELSE quote_ident($1) || '.' || quote_ident($2) END)";
	const char *params[2] = { schema, name };
	struct db_rows rows;
	bool ok = db_query(db, a, sql, params, 2, &rows, err);
	struct db_error e2;
	(void)db_exec(db, a, ok ? "COMMIT" : "ROLLBACK", ok ? err : &e2);
	if (!ok)
		return false;
	if (rows.n_rows == 1 && rows.n_cols == 6) {
		const char *const *r = rows.cells;
		out->found = true;
		out->reltuples = r[0] ? strtod(r[0], NULL) : -1;
		out->relpages = num(r[1]);
		out->table_bytes = num(r[2]);
		out->index_bytes = num(r[3]);
		out->total_bytes = num(r[4]);
		out->n_indexes = num(r[5]);
	}
	return true;
}
