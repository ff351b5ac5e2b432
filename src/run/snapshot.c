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
	/* what a downgrade may forget that the rows above do not show: a
	 * relation's kind (sequence, materialized view, partitioned), row
	 * security, privileges, comments; triggers, functions, schemas,
	 * extensions, domains and composite types. An extension's own
	 * objects are its row's. */
	"SELECT 'relation', n.nspname, c.relname, c.relkind, c.relpersistence, c.relrowsecurity, "
	/* a REVOKE of every GRANT leaves the owner's default written out */
	"c.relforcerowsecurity, CASE WHEN c.relacl IS NULL OR c.relacl = acldefault(CASE WHEN c.relkind = 'S' "
	"THEN 's'::\"char\" ELSE 'r'::\"char\" END, c.relowner) THEN '' ELSE c.relacl::text END, "
	"coalesce(obj_description(c.oid, 'pg_class'), '') "
	"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
	"WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND c.relkind NOT IN ('i', 'I', 't', 'c') "
	"AND c.relname <> $1 AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass "
	"AND d.objid = c.oid AND d.deptype = 'e') ORDER BY 2, 3",
	"SELECT 'column comment', n.nspname, c.relname, a.attname, d.description FROM pg_description d "
	"JOIN pg_class c ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid "
	"JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid "
	"WHERE d.objsubid > 0 AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND c.relname <> $1 "
	"ORDER BY 2, 3, 4",
	"SELECT 'trigger', n.nspname, c.relname, t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
	"JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
	"WHERE NOT t.tgisinternal AND $1 = $1 ORDER BY 2, 3, 4",
	"SELECT 'function', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), "
	"md5(pg_get_functiondef(p.oid)) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
	"WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND p.prokind IN ('f', 'p') "
	"AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid "
	"AND d.deptype = 'e') AND $1 = $1 ORDER BY 2, 3, 4",
	"SELECT 'schema', nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' "
	"AND nspname <> 'information_schema' AND $1 = $1 ORDER BY 2",
	"SELECT 'extension', extname, extversion FROM pg_extension WHERE extname <> 'plpgsql' AND $1 = $1 ORDER BY 2",
	"SELECT 'type', n.nspname, t.typname, t.typtype, CASE WHEN t.typtype = 'd' THEN "
	"format_type(t.typbasetype, t.typtypmod) || ' ' || t.typnotnull || ' ' || coalesce(t.typdefault, '') ELSE '' END, "
	"coalesce((SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum) "
	"FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped), ''), "
	"coalesce((SELECT string_agg(pg_get_constraintdef(k.oid), ', ' ORDER BY k.conname) FROM pg_constraint k "
	"WHERE k.contypid = t.oid), '') FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
	"WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND (t.typtype = 'd' OR (t.typtype = 'c' "
	"AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')) AND NOT EXISTS (SELECT 1 FROM pg_depend d "
	"WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e') AND $1 = $1 ORDER BY 2, 3",
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
