/* sampledata.c - one sample row per table, values from the column types,
 * and row counts, on PostgreSQL and SQLite. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cupel/sampledata.h"
#include "cupel/sqlquote.h"

/* schema, table, column, type, udt schema, udt name, max length,
 * nullable (YES/NO), has a default (t/f, 1/0), in the primary key (t/f),
 * an identity column (t/f) */
static const char pg_columns[] =
	"SELECT c.table_schema, c.table_name, c.column_name, c.data_type, c.udt_schema, c.udt_name, "
	"coalesce(c.character_maximum_length, 0)::text, c.is_nullable, "
	"(c.column_default IS NOT NULL OR c.is_identity = 'YES' OR c.is_generated <> 'NEVER')::text, "
	"EXISTS (SELECT 1 FROM information_schema.table_constraints k JOIN information_schema.key_column_usage u "
	"ON u.constraint_schema = k.constraint_schema AND u.constraint_name = k.constraint_name "
	"WHERE k.constraint_type = 'PRIMARY KEY' AND k.table_schema = c.table_schema AND k.table_name = c.table_name "
	"AND u.column_name = c.column_name)::text, (c.is_identity = 'YES')::text "
	"FROM information_schema.columns c JOIN information_schema.tables t "
	"ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
	"WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema') "
	"AND c.table_name <> $1 ORDER BY 1, 2, c.ordinal_position";
static const char lite_columns[] =
	"SELECT '', m.name, p.name, upper(p.type), '', '', '0', CASE WHEN p.\"notnull\" THEN 'NO' ELSE 'YES' END, "
	"CASE WHEN p.dflt_value IS NOT NULL OR (p.pk = 1 AND upper(p.type) = 'INTEGER' AND "
	"(SELECT count(*) FROM pragma_table_info(m.name) q WHERE q.pk > 0) = 1) THEN 't' ELSE 'f' END, "
	"CASE WHEN p.pk > 0 THEN 't' ELSE 'f' END, 'f' "
	"FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' "
	"AND m.name NOT LIKE 'sqlite_%' AND m.name <> ?1 ORDER BY 2, p.cid";
/* schema, table, column, referenced schema, table, column */
static const char pg_fks[] =
	"SELECT n.nspname, cl.relname, a.attname, fn.nspname, fcl.relname, fa.attname "
	"FROM pg_constraint k JOIN pg_class cl ON cl.oid = k.conrelid "
	"JOIN pg_namespace n ON n.oid = cl.relnamespace JOIN pg_class fcl ON fcl.oid = k.confrelid "
	"JOIN pg_namespace fn ON fn.oid = fcl.relnamespace, unnest(k.conkey, k.confkey) AS u(col, fcol), "
	"pg_attribute a, pg_attribute fa WHERE k.contype = 'f' AND a.attrelid = k.conrelid AND a.attnum = u.col "
	"AND fa.attrelid = k.confrelid AND fa.attnum = u.fcol AND $1 = $1";
static const char lite_fks[] =
	"SELECT '', m.name, f.\"from\", '', f.\"table\", coalesce(f.\"to\", '') "
	"FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND ?1 = ?1";

struct col {
	const char *schema, *table, *name, *type, *udt_schema, *udt;
	long maxlen;
	bool nullable, has_default, pk, identity;
	const char *ref_schema, *ref_table, *ref_col; /* a foreign key */
};

struct tab {
	const char *schema, *name;
	size_t first, n;       /* its columns */
	bool done;
};

/* schema.name quoted as SQLAlchemy would (SQLite's schema is "") */
static void qualified(struct strbuf *sb, enum dialect d, const char *schema, const char *name)
{
	sqlquote_qualified(sb, schema && *schema ? schema : NULL, name, d);
}

static bool same(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

static bool read_columns(struct db *db, struct arena *a, const char *vt, struct col **cols, size_t *n,
			 struct db_error *err)
{
	bool pg = db->dialect == DIALECT_POSTGRESQL;
	const char *params[1] = { vt };
	struct db_rows r, f;
	/* (a result without rows may come without its columns) */
	if (!db_query(db, a, pg ? pg_columns : lite_columns, params, 1, &r, err) ||
	    !db_query(db, a, pg ? pg_fks : lite_fks, params, 1, &f, err))
		return false;
	if (r.n_rows && r.n_cols != 11)
		r.n_rows = 0;
	if (f.n_rows && f.n_cols != 6)
		f.n_rows = 0;
	*cols = arena_alloc(a, (r.n_rows + 1) * sizeof(**cols));
	*n = r.n_rows;
	for (size_t i = 0; i < r.n_rows; i++) {
		const char *const *x = r.cells + i * 11;
		struct col *c = &(*cols)[i];
		memset(c, 0, sizeof(*c));
		c->schema = x[0] ? x[0] : "";
		c->table = x[1] ? x[1] : "";
		c->name = x[2] ? x[2] : "";
		c->type = x[3] ? x[3] : "";
		c->udt_schema = x[4];
		c->udt = x[5];
		c->maxlen = x[6] ? strtol(x[6], NULL, 10) : 0;
		c->nullable = x[7] && !strcmp(x[7], "YES");
		c->has_default = x[8] && (x[8][0] == 't' || x[8][0] == '1');
		c->pk = x[9] && x[9][0] == 't';
		c->identity = x[10] && x[10][0] == 't';
		for (size_t k = 0; k < f.n_rows; k++) {
			const char *const *y = f.cells + k * 6;
			if (same(y[0], c->schema) && same(y[1], c->table) && same(y[2], c->name)) {
				c->ref_schema = y[3];
				c->ref_table = y[4];
				c->ref_col = y[5] && *y[5] ? y[5] : "rowid";
			}
		}
	}
	return true;
}

static size_t tables_of(struct arena *a, const struct col *cols, size_t n, struct tab **out)
{
	struct tab *t = arena_alloc(a, (n + 1) * sizeof(*t));
	size_t nt = 0;
	for (size_t i = 0; i < n; i++) {
		if (!nt || !same(t[nt - 1].schema, cols[i].schema) || !same(t[nt - 1].name, cols[i].table)) {
			t[nt].schema = cols[i].schema;
			t[nt].name = cols[i].table;
			t[nt].first = i;
			t[nt].n = 0;
			t[nt].done = false;
			nt++;
		}
		t[nt - 1].n++;
	}
	*out = t;
	return nt;
}

/* A literal of the column's type, or false when cupel does not know one. */
static bool value(struct strbuf *sb, const struct col *c, bool pg, unsigned round, size_t k)
{
	enum dialect d = pg ? DIALECT_POSTGRESQL : DIALECT_SQLITE;
	char type[128];
	size_t i = 0;
	for (; c->type[i] && i < sizeof(type) - 1; i++)
		type[i] = (char)tolower((unsigned char)c->type[i]);
	type[i] = 0;
	/* numbers far from the small ids migrations insert themselves: a
	 * sample row must not take a key a later data step wants */
	unsigned long seq = (unsigned long)round * 100 + (unsigned long)k;
	if (c->ref_table) {
		/* a row of the parent: the parents were filled first */
		strbuf_adds(sb, "(SELECT ");
		sqlquote_ident(sb, c->ref_col, d);
		strbuf_adds(sb, " FROM ");
		qualified(sb, d, c->ref_schema, c->ref_table);
		strbuf_adds(sb, " LIMIT 1)");
		return true;
	}
	if (strstr(type, "int") || strstr(type, "numeric") || strstr(type, "decimal") || strstr(type, "real") ||
	    strstr(type, "double") || strstr(type, "float")) {
		if (strstr(type, "small") || strstr(type, "int2"))
			strbuf_addf(sb, "%lu", 32767 - seq % 10000);
		else
			strbuf_addf(sb, "%lu", 2000000000ul - seq % 1000000000ul);
		return true;
	}
	if (strstr(type, "char") || strstr(type, "text") || strstr(type, "clob") || (!pg && !*type)) {
		char v[64];
		snprintf(v, sizeof(v), "c%u_%zu", round, k);
		size_t len = strlen(v);
		long max = c->maxlen;
		if (!pg) {
			const char *p = strchr(c->type, '(');
			max = p ? strtol(p + 1, NULL, 10) : 0;
		}
		if (max > 0 && (long)len > max)
			len = (size_t)max;
		strbuf_addf(sb, "'%.*s'", (int)len, v);
		return true;
	}
	if (strstr(type, "bool")) {
		strbuf_adds(sb, pg ? "true" : "1");
		return true;
	}
	if (strstr(type, "timestamp") || strstr(type, "datetime")) {
		strbuf_adds(sb, "'2001-01-01 00:00:00'");
		return true;
	}
	if (strstr(type, "date")) {
		strbuf_adds(sb, "'2001-01-01'");
		return true;
	}
	if (strstr(type, "interval")) {
		strbuf_adds(sb, "'1 day'");
		return true;
	}
	if (strstr(type, "time")) {
		strbuf_adds(sb, "'00:00:00'");
		return true;
	}
	if (strstr(type, "json")) {
		strbuf_adds(sb, "'{}'");
		return true;
	}
	if (strstr(type, "uuid")) {
		strbuf_addf(sb, "'%08x-0000-4000-8000-%012zx'", round, k);
		return true;
	}
	if (strstr(type, "inet") || strstr(type, "cidr")) {
		strbuf_adds(sb, "'127.0.0.1'");
		return true;
	}
	if (strstr(type, "bytea") || strstr(type, "blob")) {
		strbuf_adds(sb, pg ? "'\\x00'::bytea" : "x'00'");
		return true;
	}
	if (!strcmp(type, "array")) {
		strbuf_adds(sb, "'{}'");
		return true;
	}
	if (pg && !strcmp(type, "user-defined") && c->udt) {
		/* an enum's first label; another user type fails the insert */
		strbuf_adds(sb, "(enum_range(NULL::");
		qualified(sb, d, c->udt_schema, c->udt);
		strbuf_adds(sb, "))[1]");
		return true;
	}
	return false;
}

static bool parents_done(const struct tab *t, const struct tab *all, size_t nt, const struct col *cols)
{
	for (size_t i = t->first; i < t->first + t->n; i++) {
		const struct col *c = &cols[i];
		if (!c->ref_table || (same(c->ref_schema, t->schema) && same(c->ref_table, t->name)))
			continue;
		for (size_t k = 0; k < nt; k++)
			if (!all[k].done && same(all[k].schema, c->ref_schema) && same(all[k].name, c->ref_table))
				return false;
	}
	return true;
}

size_t sampledata_insert(struct db *db, struct arena *a, const char *version_table, unsigned round,
			 struct strbuf *notes)
{
	bool pg = db->dialect == DIALECT_POSTGRESQL;
	struct col *cols;
	size_t n;
	struct db_error e;
	if (!read_columns(db, a, version_table, &cols, &n, &e)) {
		strbuf_adds(notes, "could not read the columns: ");
		db_error_format(notes, db, &e);
		strbuf_addc(notes, '\n');
		return 0;
	}
	struct tab *tabs;
	size_t nt = tables_of(a, cols, n, &tabs), inserted = 0;
	/* parents first; what a cycle leaves goes in any order */
	for (size_t pass = 0; pass <= nt; pass++) {
		bool any = false;
		for (size_t k = 0; k < nt; k++) {
			struct tab *t = &tabs[k];
			if (t->done || (pass < nt && !parents_done(t, tabs, nt, cols)))
				continue;
			t->done = any = true;
			struct strbuf names = STRBUF_INIT, vals = STRBUF_INIT, sql = STRBUF_INIT;
			bool ok = true, identity = false;
			for (size_t i = t->first; ok && i < t->first + t->n; i++) {
				const struct col *c = &cols[i];
				/* an integer key gets a value of its own even when it has
				 * a default: ids handed out by the database would be the
				 * small ones later data steps insert themselves */
				bool key = c->pk && !c->ref_table && (strcasestr(c->type, "int") || strcasestr(c->type, "serial"));
				if (!key && (c->has_default || (c->nullable && !c->ref_table)))
					continue;
				identity |= key && c->identity;
				if (names.len) {
					strbuf_adds(&names, ", ");
					strbuf_adds(&vals, ", ");
				}
				sqlquote_ident(&names, c->name, db->dialect);
				ok = value(&vals, c, pg, round, i - t->first);
				if (!ok)
					strbuf_addf(notes, "%s: no sample value for %s (%s)\n", t->name, c->name, c->type);
			}
			strbuf_adds(&sql, "INSERT INTO ");
			qualified(&sql, db->dialect, t->schema, t->name);
			if (names.len)
				strbuf_addf(&sql, " (%s)%s VALUES (%s)", strbuf_str(&names),
					    identity ? " OVERRIDING SYSTEM VALUE" : "", strbuf_str(&vals));
			else
				strbuf_adds(&sql, " DEFAULT VALUES");
			if (ok && db_exec(db, a, strbuf_str(&sql), &e)) {
				inserted++;
			} else if (ok) {
				strbuf_addf(notes, "%s: the sample row was refused: ", t->name);
				db_error_format(notes, db, &e);
				strbuf_addc(notes, '\n');
			}
			strbuf_release(&names);
			strbuf_release(&vals);
			strbuf_release(&sql);
		}
		if (!any && pass >= nt)
			break;
	}
	return inserted;
}

bool sampledata_count(struct db *db, struct arena *a, const char *version_table, struct sample_counts *out,
		      struct db_error *err)
{
	out->v = NULL;
	out->n = 0;
	struct col *cols;
	size_t n;
	if (!read_columns(db, a, version_table, &cols, &n, err))
		return false;
	struct tab *tabs;
	size_t nt = tables_of(a, cols, n, &tabs);
	out->v = arena_alloc(a, (nt + 1) * sizeof(*out->v));
	for (size_t k = 0; k < nt; k++) {
		struct strbuf sql = STRBUF_INIT;
		strbuf_adds(&sql, "SELECT count(*) FROM ");
		qualified(&sql, db->dialect, tabs[k].schema, tabs[k].name);
		struct db_rows r;
		bool ok = db_query(db, a, strbuf_str(&sql), NULL, 0, &r, err);
		strbuf_release(&sql);
		if (!ok) {
			out->n = 0;
			return false;
		}
		struct sample_count *c = &out->v[out->n++];
		c->table = *tabs[k].schema ? arena_printf(a, "%s.%s", tabs[k].schema, tabs[k].name) : tabs[k].name;
		c->rows = r.n_rows && r.cells[0] ? strtoll(r.cells[0], NULL, 10) : 0;
	}
	return true;
}

bool sampledata_compare(const struct sample_counts *before, const struct sample_counts *after, struct strbuf *out)
{
	bool kept = true;
	for (size_t i = 0; i < before->n; i++)
		for (size_t k = 0; k < after->n; k++)
			if (!strcmp(before->v[i].table, after->v[k].table) && after->v[k].rows < before->v[i].rows) {
				strbuf_addf(out, "%s: %lld row%s -> %lld\n", before->v[i].table, before->v[i].rows,
					    before->v[i].rows == 1 ? "" : "s", after->v[k].rows);
				kept = false;
			}
	return kept;
}
