/* snapshot.c - the catalog of PostgreSQL (pg_catalog, information_schema)
 * or SQLite (sqlite_master and the table-valued pragmas) as sorted text. */
#include <string.h>

#include "cupel/snapshot.h"

static const char *const pg_queries[] = {
	/* columns by name: a downgrade that re-adds a column puts it last */
	"SELECT 'column', table_schema, table_name, column_name, data_type, "
	"coalesce(character_maximum_length::text, ''), coalesce(numeric_precision::text, ''), "
	"coalesce(numeric_scale::text, ''), is_nullable, coalesce(column_default, '') "
	"FROM information_schema.columns WHERE table_schema NOT IN ('pg_catalog', 'information_schema') "
	"AND table_name <> $1 ORDER BY 2, 3, 4",
	"SELECT 'constraint', n.nspname, c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
	"FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
	"WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND c.conrelid <> 0 "
	"AND c.conrelid::regclass::text <> $1 ORDER BY 2, 3, 4",
	"SELECT 'index', schemaname, tablename, indexname, indexdef FROM pg_indexes "
	"WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND tablename <> $1 ORDER BY 2, 3, 4",
	"SELECT 'enum', n.nspname, t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) "
	"FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace "
	"WHERE $1 = $1 GROUP BY 2, 3 ORDER BY 2, 3",
	"SELECT 'view', schemaname, viewname, definition FROM pg_views "
	"WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND $1 = $1 ORDER BY 2, 3",
};

static const char *const lite_queries[] = {
	"SELECT 'table', m.name FROM sqlite_master m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' "
	"AND m.name <> ?1 ORDER BY 2",
	"SELECT 'column', m.name, p.name, upper(p.type), p.\"notnull\", coalesce(p.dflt_value, ''), p.pk "
	"FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' "
	"AND m.name NOT LIKE 'sqlite_%' AND m.name <> ?1 ORDER BY 2, 3",
	"SELECT 'index', m.name, i.name, i.\"unique\", i.origin, i.partial, "
	"(SELECT group_concat(ii.name, ',') FROM pragma_index_info(i.name) ii) "
	"FROM sqlite_master m JOIN pragma_index_list(m.name) i WHERE m.type = 'table' "
	"AND m.name NOT LIKE 'sqlite_%' AND m.name <> ?1 ORDER BY 2, 3",
	"SELECT 'foreign key', m.name, f.\"table\", f.\"from\", coalesce(f.\"to\", ''), f.on_update, f.on_delete "
	"FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table' "
	"AND m.name NOT LIKE 'sqlite_%' AND m.name <> ?1 ORDER BY 2, 3, 4",
	"SELECT 'view', name, sql FROM sqlite_master WHERE type IN ('view', 'trigger') AND ?1 = ?1 ORDER BY 2",
};

bool snapshot_take(struct db *db, struct arena *a, const char *version_table, struct strbuf *out,
		   struct db_error *err)
{
	bool pg = db->dialect == DIALECT_POSTGRESQL;
	const char *const *q = pg ? pg_queries : lite_queries;
	size_t n = pg ? sizeof(pg_queries) / sizeof(pg_queries[0]) : sizeof(lite_queries) / sizeof(lite_queries[0]);
	const char *params[1] = { version_table };
	for (size_t i = 0; i < n; i++) {
		struct db_rows rows;
		if (!db_query(db, a, q[i], params, 1, &rows, err))
			return false;
		for (size_t r = 0; r < rows.n_rows; r++) {
			for (size_t c = 0; c < rows.n_cols; c++) {
				const char *v = rows.cells[r * rows.n_cols + c];
				strbuf_addf(out, "%s%s", c ? " | " : "", v ? v : "NULL");
			}
			strbuf_addc(out, '\n');
		}
	}
	return true;
}
