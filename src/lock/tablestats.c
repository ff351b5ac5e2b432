/* tablestats.c - table sizes from pg_class and the size functions, in a
 * READ ONLY transaction so that reading them can never write. */
#include <stdlib.h>
#include <string.h>

#include "cupel/tablestats.h"

/* One catalog query in a READ ONLY transaction: reading never writes. */
static bool read_only_query(struct db *db, struct arena *a, const char *sql, const char *const *params, size_t n,
			    struct db_rows *rows, struct db_error *err)
{
	if (!db_exec(db, a, "BEGIN READ ONLY", err))
		return false;
	bool ok = db_query(db, a, sql, params, n, rows, err);
	struct db_error e2;
	(void)db_exec(db, a, ok ? "COMMIT" : "ROLLBACK", ok ? err : &e2);
	return ok;
}

static long long num(const char *s)
{
	return s ? strtoll(s, NULL, 10) : 0;
}

bool tablestats_read(struct db *db, struct arena *a, const char *schema, const char *name, struct table_stats *out,
		     struct db_error *err)
{
	memset(out, 0, sizeof(*out));
	/* to_regclass: NULL for a table that is not there, never an error */
	static const char sql[] =
		"SELECT c.reltuples, c.relpages, pg_table_size(c.oid), pg_indexes_size(c.oid), "
		"pg_total_relation_size(c.oid), (SELECT count(*) FROM pg_index i WHERE i.indrelid = c.oid) "
		"FROM pg_class c WHERE c.oid = to_regclass(CASE WHEN $1::text IS NULL THEN quote_ident($2) "
		"ELSE quote_ident($1) || '.' || quote_ident($2) END)";
	const char *params[2] = { schema, name };
	struct db_rows rows;
	if (!read_only_query(db, a, sql, params, 2, &rows, err))
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

/* format_type()'s spelling to SQLAlchemy's: the lock model compares types
 * in the schema model's spelling. */
static const char *ddl_type(struct arena *a, const char *t)
{
	static const struct {
		const char *pg, *sa;
	} names[] = { { "character varying", "VARCHAR" }, { "character", "CHAR" }, { "double precision", "FLOAT" },
		      { "timestamp without time zone", "TIMESTAMP WITHOUT TIME ZONE" },
		      { "timestamp with time zone", "TIMESTAMP WITH TIME ZONE" },
		      { "time without time zone", "TIME WITHOUT TIME ZONE" } };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t n = strlen(names[i].pg);
		if (!strncmp(t, names[i].pg, n) && (t[n] == 0 || t[n] == '('))
			return arena_printf(a, "%s%s", names[i].sa, t + n);
	}
	char *u = arena_strdup(a, t);
	for (char *p = u; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	return u;
}

bool tablestats_columns(struct db *db, struct arena *a, const char *schema, const char *name, const char ***names,
			const char ***types, bool **nullable, size_t *n, struct db_error *err)
{
	*n = 0;
	*names = *types = NULL;
	*nullable = NULL;
	static const char sql[] =
		"SELECT a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull FROM pg_attribute a "
		"WHERE a.attrelid = to_regclass(CASE WHEN $1::text IS NULL THEN quote_ident($2) "
		"ELSE quote_ident($1) || '.' || quote_ident($2) END) AND a.attnum > 0 AND NOT a.attisdropped "
		"ORDER BY a.attnum";
	const char *params[2] = { schema, name };
	struct db_rows rows;
	if (!read_only_query(db, a, sql, params, 2, &rows, err))
		return false;
	if (rows.n_cols != 3)
		return true;
	*names = arena_alloc(a, (rows.n_rows + 1) * sizeof(**names));
	*types = arena_alloc(a, (rows.n_rows + 1) * sizeof(**types));
	*nullable = arena_alloc(a, rows.n_rows + 1);
	for (size_t i = 0; i < rows.n_rows; i++) {
		const char *const *r = rows.cells + i * 3;
		(*names)[i] = arena_strdup(a, r[0] ? r[0] : "?");
		(*types)[i] = ddl_type(a, r[1] ? r[1] : "?");
		(*nullable)[i] = r[2] && r[2][0] == 't';
	}
	*n = rows.n_rows;
	return true;
}
