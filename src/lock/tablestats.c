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

/* A catalog query about one relation, $1 its schema (NULL: the current
 * one), $2 its name: false on an error; no rows when the result has not
 * n_cols columns (the relation is not there). */
/* The relation $1 (schema, NULL: the current one), $2 (name) names, or
 * NULL when there is none: never an error. */
#define REL_OID                                                                \
	"to_regclass(CASE WHEN $1::text IS NULL THEN quote_ident($2) ELSE quote_ident($1) || '.' || " \
	"quote_ident($2) END)"

static bool rel_query(struct db *db, struct arena *a, const char *sql, const char *schema, const char *name,
		      size_t n_cols, struct db_rows *rows, struct db_error *err)
{
	const char *params[2] = { schema, name };
	if (!read_only_query(db, a, sql, params, 2, rows, err))
		return false;
	if (rows->n_cols != n_cols)
		rows->n_rows = 0;
	return true;
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
		"FROM pg_class c WHERE c.oid = " REL_OID;
	struct db_rows rows;
	if (!rel_query(db, a, sql, schema, name, 6, &rows, err))
		return false;
	if (rows.n_rows == 1) {
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
		"WHERE a.attrelid = " REL_OID " AND a.attnum > 0 AND NOT a.attisdropped "
		"ORDER BY a.attnum";
	struct db_rows rows;
	if (!rel_query(db, a, sql, schema, name, 3, &rows, err))
		return false;
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

/* Column names joined by U+001F (a byte no identifier holds), as split. */
static size_t split_names(struct arena *a, const char *s, const char ***out)
{
	size_t n = 1;
	for (const char *p = s; *p; p++)
		n += *p == '\x1f';
	*out = arena_alloc(a, (n + 1) * sizeof(**out));
	size_t k = 0;
	for (const char *p = s;;) {
		size_t len = strcspn(p, "\x1f");
		(*out)[k++] = arena_strndup(a, p, len);
		if (!p[len])
			break;
		p += len + 1;
	}
	return k;
}

static const char *fk_action_word(char c)
{
	switch (c) {
	case 'r': return "RESTRICT";
	case 'c': return "CASCADE";
	case 'n': return "SET NULL";
	case 'd': return "SET DEFAULT";
	default: return NULL; /* 'a': NO ACTION, the default */
	}
}

bool tablestats_fks(struct db *db, struct arena *a, const char *schema, const char *name, struct tablestats_fk **out,
		    size_t *n, struct db_error *err)
{
	*out = NULL;
	*n = 0;
	/* both directions; a schema is NULL where it is the current one, as
	 * the migrations name such tables */
	static const char sql[] =
		"WITH r AS (SELECT " REL_OID " AS oid) "
		"SELECT c.conname, NULLIF(cn.nspname, current_schema()), cr.relname, "
		"(SELECT string_agg(at.attname, E'\\x1f' ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(n, i) "
		" JOIN pg_attribute at ON at.attrelid = c.conrelid AND at.attnum = k.n), "
		"NULLIF(pn.nspname, current_schema()), pr.relname, "
		"(SELECT string_agg(at.attname, E'\\x1f' ORDER BY k.i) FROM unnest(c.confkey) WITH ORDINALITY k(n, i) "
		" JOIN pg_attribute at ON at.attrelid = c.confrelid AND at.attnum = k.n), "
		"c.confdeltype::text, c.confupdtype::text "
		"FROM r, pg_constraint c JOIN pg_class cr ON cr.oid = c.conrelid "
		"JOIN pg_namespace cn ON cn.oid = cr.relnamespace JOIN pg_class pr ON pr.oid = c.confrelid "
		"JOIN pg_namespace pn ON pn.oid = pr.relnamespace "
		"WHERE c.contype = 'f' AND (c.conrelid = r.oid OR c.confrelid = r.oid) ORDER BY c.conname";
	struct db_rows rows;
	if (!rel_query(db, a, sql, schema, name, 9, &rows, err))
		return false;
	*out = arena_alloc(a, (rows.n_rows + 1) * sizeof(**out));
	for (size_t i = 0; i < rows.n_rows; i++) {
		const char *const *r = rows.cells + i * 9;
		struct tablestats_fk *f = &(*out)[(*n)++];
		f->name = arena_strdup(a, r[0] ? r[0] : "?");
		f->schema = r[1] ? arena_strdup(a, r[1]) : NULL;
		f->table = arena_strdup(a, r[2] ? r[2] : "?");
		f->n_cols = split_names(a, r[3] ? r[3] : "", &f->cols);
		f->ref_schema = r[4] ? arena_strdup(a, r[4]) : NULL;
		f->ref_table = arena_strdup(a, r[5] ? r[5] : "?");
		f->n_ref_cols = split_names(a, r[6] ? r[6] : "", &f->ref_cols);
		f->ondelete = fk_action_word(r[7] ? r[7][0] : 'a');
		f->onupdate = fk_action_word(r[8] ? r[8][0] : 'a');
	}
	return true;
}

bool tablestats_links(struct db *db, struct arena *a, const char *schema, const char *name,
		      struct tablestats_link **out, size_t *n, struct db_error *err)
{
	*out = NULL;
	*n = 0;
	static const char sql[] =
		"WITH RECURSIVE r AS (SELECT " REL_OID " AS oid), "
		"below(oid) AS (SELECT oid FROM r UNION SELECT i.inhrelid FROM pg_inherits i JOIN below b ON "
		"i.inhparent = b.oid) "
		"SELECT NULLIF(cn.nspname, current_schema()), c.relname, NULLIF(pn.nspname, current_schema()), "
		"p.relname, c.relispartition, COALESCE(pt.partdefid = c.oid, false), c.relkind = 'p', p.relkind = 'p' "
		"FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
		"JOIN pg_namespace cn ON cn.oid = c.relnamespace JOIN pg_class p ON p.oid = i.inhparent "
		"JOIN pg_namespace pn ON pn.oid = p.relnamespace LEFT JOIN pg_partitioned_table pt ON "
		"pt.partrelid = p.oid "
		"WHERE i.inhparent IN (SELECT oid FROM below) OR i.inhrelid = (SELECT oid FROM r) "
		"ORDER BY p.relname, c.relname";
	struct db_rows rows;
	if (!rel_query(db, a, sql, schema, name, 8, &rows, err))
		return false;
	*out = arena_alloc(a, (rows.n_rows + 1) * sizeof(**out));
	for (size_t i = 0; i < rows.n_rows; i++) {
		const char *const *r = rows.cells + i * 8;
		struct tablestats_link *l = &(*out)[(*n)++];
		l->schema = r[0] ? arena_strdup(a, r[0]) : NULL;
		l->table = arena_strdup(a, r[1] ? r[1] : "?");
		l->parent_schema = r[2] ? arena_strdup(a, r[2]) : NULL;
		l->parent_table = arena_strdup(a, r[3] ? r[3] : "?");
		l->partition = r[4] && r[4][0] == 't';
		l->is_default = r[5] && r[5][0] == 't';
		l->child_partitioned = r[6] && r[6][0] == 't';
		l->parent_partitioned = r[7] && r[7][0] == 't';
	}
	return true;
}

bool tablestats_checks(struct db *db, struct arena *a, const char *schema, const char *name,
		       struct tablestats_check **out, size_t *n, struct db_error *err)
{
	*out = NULL;
	*n = 0;
	/* the column of CHECK (col IS NOT NULL), as the server prints it */
	static const char sql[] =
		"SELECT c.conname, substring(pg_get_constraintdef(c.oid) from "
		"'^CHECK \\(\\(\"?([^\" ()]+)\"? IS NOT NULL\\)\\)'), c.convalidated "
		"FROM pg_constraint c WHERE c.contype = 'c' AND c.conrelid = " REL_OID " ORDER BY c.conname";
	struct db_rows rows;
	if (!rel_query(db, a, sql, schema, name, 3, &rows, err))
		return false;
	*out = arena_alloc(a, (rows.n_rows + 1) * sizeof(**out));
	for (size_t i = 0; i < rows.n_rows; i++) {
		const char *const *r = rows.cells + i * 3;
		struct tablestats_check *c = &(*out)[(*n)++];
		c->name = arena_strdup(a, r[0] ? r[0] : "?");
		c->not_null_col = r[1] ? arena_strdup(a, r[1]) : NULL;
		c->valid = r[2] && r[2][0] == 't';
	}
	return true;
}

bool tablestats_views(struct db *db, struct arena *a, const char *schema, const char *name,
		      struct tablestats_view **out, size_t *n, struct db_error *err)
{
	*out = NULL;
	*n = 0;
	/* a view's query depends (pg_depend, through its _RETURN rule) on
	 * each relation and column it reads */
	static const char sql[] =
		"WITH RECURSIVE r AS (SELECT " REL_OID " AS oid), "
		"vd AS (SELECT rw.ev_class AS v, d.refobjid AS base, d.refobjsubid AS att FROM pg_rewrite rw "
		"JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = rw.oid "
		"WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid <> rw.ev_class AND d.deptype = 'n'), "
		"up(oid) AS (SELECT oid FROM r UNION SELECT vd.v FROM vd JOIN up ON vd.base = up.oid), "
		"down(oid) AS (SELECT oid FROM r UNION SELECT vd.base FROM vd JOIN down ON vd.v = down.oid), "
		"vs AS (SELECT c.oid FROM pg_class c WHERE c.relkind IN ('v', 'm') AND "
		"(c.oid IN (SELECT oid FROM up) OR c.oid IN (SELECT oid FROM down))) "
		"SELECT NULLIF(vn.nspname, current_schema()), vc.relname, vc.relkind = 'm', "
		"NULLIF(bn.nspname, current_schema()), bc.relname, "
		"coalesce(string_agg(at.attname, E'\\x1f' ORDER BY at.attnum) FILTER (WHERE at.attname IS NOT NULL), '') "
		"FROM vs JOIN vd ON vd.v = vs.oid JOIN pg_class vc ON vc.oid = vs.oid "
		"JOIN pg_namespace vn ON vn.oid = vc.relnamespace JOIN pg_class bc ON bc.oid = vd.base "
		"JOIN pg_namespace bn ON bn.oid = bc.relnamespace "
		"LEFT JOIN pg_attribute at ON at.attrelid = vd.base AND at.attnum = vd.att AND vd.att > 0 "
		"WHERE bc.relkind IN ('r', 'p', 'v', 'm', 'f') GROUP BY 1, 2, 3, 4, 5 ORDER BY 2, 5";
	struct db_rows rows;
	if (!rel_query(db, a, sql, schema, name, 6, &rows, err))
		return false;
	*out = arena_alloc(a, (rows.n_rows + 1) * sizeof(**out));
	for (size_t i = 0; i < rows.n_rows; i++) {
		const char *const *r = rows.cells + i * 6;
		struct tablestats_view *v = &(*out)[(*n)++];
		v->schema = r[0] ? arena_strdup(a, r[0]) : NULL;
		v->name = arena_strdup(a, r[1] ? r[1] : "?");
		v->materialized = r[2] && r[2][0] == 't';
		v->read_schema = r[3] ? arena_strdup(a, r[3]) : NULL;
		v->read_name = arena_strdup(a, r[4] ? r[4] : "?");
		v->n_cols = r[5] && *r[5] ? split_names(a, r[5], &v->cols) : 0;
	}
	return true;
}
