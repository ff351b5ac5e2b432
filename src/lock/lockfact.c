/* lockfact.c - statement forms to locks in names and flags, shared by the
 * parse-tree route (lockmodel.c) and the rendered-statement route
 * (lockform.c); each form as observed on PostgreSQL 15 (tests/locks). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cupel/pgname.h"
#include "cupel/pgq.h"
#include "lockfact.h"

struct lock_fact *lockfact_new(struct arena *a, struct lock_fact **v, size_t *n, size_t *cap, const char *kind)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 4;
		*v = arena_grow(a, *v, *n, c, sizeof(**v));
		*cap = c;
	}
	struct lock_fact *f = &(*v)[(*n)++];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->known = true;
	f->in_transaction = true;
	return f;
}

static bool same_schema(const char *x, const char *y)
{
	return (!x && !y) || (x && y && !strcmp(x, y));
}

void lockfact_rel(struct arena *a, struct lock_fact *f, const char *schema, const char *name, enum lock_mode m,
		  const char *why)
{
	if (!name)
		return;
	for (size_t i = 0; i < f->n_rels; i++)
		if (!strcmp(f->rels[i].name, name) && same_schema(schema, f->rels[i].schema)) {
			if (m > f->rels[i].mode) {
				f->rels[i].mode = m;
				f->rels[i].why = why;
			}
			return;
		}
	if (f->n_rels == f->cap_rels) {
		/* a partitioned table's index or a TRUNCATE of many tables
		 * locks many: no bound */
		size_t c = f->cap_rels ? 2 * f->cap_rels : 4;
		f->rels = arena_grow(a, f->rels, f->n_rels, c, sizeof(*f->rels));
		f->cap_rels = c;
	}
	struct lock_rel *r = &f->rels[f->n_rels++];
	r->schema = schema ? arena_strdup(a, schema) : NULL;
	r->name = arena_strdup(a, name);
	r->mode = m;
	r->why = why;
}

void lockfact_note(struct arena *a, struct lock_fact *f, const char *text)
{
	if (!f->note)
		f->note = text;
	else if (!strstr(f->note, text))
		f->note = arena_printf(a, "%s; %s", f->note, text);
}

void lockfact_unknown(struct lock_fact *f, const char *why)
{
	f->known = false;
	f->unknown = why;
	f->rewrite = -1;
}

struct schema_table *lockfact_table(const struct schema *s, const char *schema, const char *name)
{
	struct schema_table *t = s && name ? schema_table(s, schema, name) : NULL;
	return t && !t->dropped ? t : NULL;
}

static bool has_col(const char *const *cols, size_t n, const char *col)
{
	for (size_t i = 0; col && i < n; i++)
		if (!strcmp(cols[i], col))
			return true;
	return false;
}

/* A foreign key onto a partitioned table that is dropped (or made again)
 * takes its triggers off every partition too. */
static void fk_dropped_onto_partitions(struct arena *a, struct lock_fact *f, const struct schema *s,
				       const struct schema_constraint *c)
{
	const struct schema_table *r = s && s->n_inherit ? schema_table(s, c->ref_schema, c->ref_table) : NULL;
	if (r && r->partitioned)
		lockfact_partitions(a, f, s, r->schema, r->name, LOCK_ACCESS_EXCLUSIVE,
				    "a partition of the table the dropped foreign key references");
}

void lockfact_fk_parents(struct arena *a, struct lock_fact *f, const struct schema *s, const char *schema,
			 const char *name, const char *col, enum lock_mode m, const char *why)
{
	struct schema_table *t = lockfact_table(s, schema, name);
	for (size_t i = 0; t && i < t->n_cons; i++)
		if (t->cons[i].kind == SCON_FOREIGN_KEY && t->cons[i].ref_table &&
		    (!col || has_col(t->cons[i].cols, t->cons[i].n_cols, col))) {
			lockfact_rel(a, f, t->cons[i].ref_schema, t->cons[i].ref_table, m, why);
			if (m == LOCK_ACCESS_EXCLUSIVE)
				fk_dropped_onto_partitions(a, f, s, &t->cons[i]);
		}
}

/* Is c a foreign key onto table to (on its column col when col is given;
 * a key naming no columns references to's primary key)? */
static bool references(const struct schema *s, const struct schema_constraint *c, const char *to_schema,
		       const char *to, const char *col)
{
	if (c->kind != SCON_FOREIGN_KEY || !c->ref_table || strcmp(c->ref_table, to) != 0 ||
	    !schema_same_schema(c->ref_schema, to_schema))
		return false;
	if (!col)
		return true;
	if (c->n_ref_cols)
		return has_col(c->ref_cols, c->n_ref_cols, col);
	struct schema_table *p = lockfact_table(s, to_schema, to);
	for (size_t i = 0; p && i < p->n_cons; i++)
		if (p->cons[i].kind == SCON_PRIMARY_KEY && has_col(p->cons[i].cols, p->cons[i].n_cols, col))
			return true;
	return false;
}

/* A foreign key onto a table and the table that holds it. */
struct fk_ref {
	const struct schema_table *t;
	const struct schema_constraint *c;
};

/* The live foreign keys onto table name (on its column col when given),
 * from the schema's index of them: a scan of every table would be
 * quadratic in a long history. */
static struct fk_ref *fk_refs(struct arena *a, const struct schema *s, const char *schema, const char *name,
			      const char *col, size_t *n_out)
{
	*n_out = 0;
	if (!s || !name)
		return NULL;
	size_t n = 0, cnt = 0, cap = 0;
	struct schema_table **refs = schema_referencing(s, a, name, &n);
	struct fk_ref *out = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct schema_table *t = refs[i];
		if (t->dropped || (!strcmp(t->name, name) && schema_same_schema(t->schema, schema)))
			continue;
		for (size_t k = 0; k < t->n_cons; k++) {
			if (!references(s, &t->cons[k], schema, name, col))
				continue;
			if (cnt == cap) {
				size_t nc = cap ? cap * 2 : 8;
				out = arena_grow(a, out, cnt, nc, sizeof(*out));
				cap = nc;
			}
			out[cnt].t = t;
			out[cnt++].c = &t->cons[k];
		}
	}
	*n_out = cnt;
	return out;
}

void lockfact_fk_children(struct arena *a, struct lock_fact *f, const struct schema *s, const char *schema,
			  const char *name, const char *col, enum lock_mode m, const char *why)
{
	size_t n;
	struct fk_ref *r = fk_refs(a, s, schema, name, col, &n);
	for (size_t i = 0; i < n; i++) {
		lockfact_rel(a, f, r[i].t->schema, r[i].t->name, m, why);
		/* a key dropped or a table truncated (ACCESS EXCLUSIVE): a
		 * partitioned table's partitions hold copies of its key and its
		 * rows */
		if (m == LOCK_ACCESS_EXCLUSIVE && r[i].t->partitioned)
			lockfact_partitions(a, f, s, r[i].t->schema, r[i].t->name, m, why);
	}
}

void lockfact_fk_children_on(struct arena *a, struct lock_fact *f, const struct schema *s, const struct schema_table *t,
			     const struct schema_constraint *key, enum lock_mode m, const char *why)
{
	/* the keys onto that key's columns (one of them names the rest) */
	if (!key->n_cols) {
		lockfact_fk_children(a, f, s, t->schema, t->name, NULL, m, why);
		return;
	}
	for (size_t i = 0; i < key->n_cols; i++)
		lockfact_fk_children(a, f, s, t->schema, t->name, key->cols[i], m, why);
}

/* An ON DELETE / ON UPDATE action that writes the referencing rows. */
static bool writes_children(const char *action)
{
	return action && (!strcmp(action, "CASCADE") || !strcmp(action, "SET NULL") || !strcmp(action, "SET DEFAULT"));
}

static void deferred_note(struct arena *a, struct lock_fact *f, const struct schema_constraint *c)
{
	const char *key = c->name ? c->name : c->pg_name;
	f->deferred = arena_grow(a, f->deferred, f->n_deferred, f->n_deferred + 1, sizeof(*f->deferred));
	f->deferred_keys = arena_grow(a, f->deferred_keys, f->n_deferred, f->n_deferred + 1, sizeof(*f->deferred_keys));
	f->deferred[f->n_deferred] = (struct lock_rel){ c->ref_schema, c->ref_table, LOCK_ROW_SHARE,
							"checked by a deferred foreign key" };
	f->deferred_keys[f->n_deferred++] = key;
	lockfact_note(a, f, arena_printf(a, "foreign key %s is %s: its check (ROW SHARE on %s) runs at "
					    "COMMIT or SET CONSTRAINTS ... IMMEDIATE", key ? key : "?",
					 c->set_deferred == 2 ? "deferred by SET CONSTRAINTS" : "INITIALLY DEFERRED",
					 c->ref_table));
}

/* Does SET CONSTRAINTS fact c name the key (ALL names every one)? */
static bool constraints_name(const struct lock_fact *c, const char *key)
{
	if (!c->n_constraints_keys)
		return true;
	for (size_t i = 0; key && i < c->n_constraints_keys; i++)
		if (!strcmp(c->constraints_keys[i], key))
			return true;
	return false;
}

void lockfact_run_pending(struct arena *a, struct lock_fact *f, const struct lock_fact *const *earlier, size_t n,
			  size_t from)
{
	for (size_t i = from; i < n; i++) {
		const struct lock_fact *e = earlier[i];
		for (size_t d = 0; d < e->n_deferred; d++) {
			const char *key = e->deferred_keys[d];
			bool ran = false;
			for (size_t j = 0; !ran && j < i; j++)
				ran = earlier[j]->constraints_mode == 1 && constraints_name(earlier[j], key);
			if (!ran && constraints_name(f, key))
				lockfact_rel(a, f, e->deferred[d].schema, e->deferred[d].name, e->deferred[d].mode,
					     e->deferred[d].why);
		}
	}
}

void lockfact_fk_children_dml(struct arena *a, struct lock_fact *f, const struct schema *s, const char *schema,
			      const char *name, const char *col, bool del, int depth)
{
	if (depth > 8)
		return;
	size_t n;
	struct fk_ref *r = fk_refs(a, s, schema, name, col, &n);
	for (size_t i = 0; i < n; i++) {
		const struct schema_constraint *c = r[i].c;
		bool w = writes_children(del ? c->ondelete : c->onupdate);
		const char *act = del ? c->ondelete : c->onupdate;
		/* only NO ACTION's check waits for COMMIT; actions and RESTRICT never do */
		if (!w && schema_constraint_deferred(c) && !(act && !strcmp(act, "RESTRICT"))) {
			deferred_note(a, f, c);
			continue;
		}
		const char *why = w ? (del ? "its rows deleted or updated by ON DELETE" : "its rows updated by ON UPDATE")
				    : "checked for referencing rows";
		lockfact_rel(a, f, r[i].t->schema, r[i].t->name, w ? LOCK_ROW_EXCLUSIVE : LOCK_ROW_SHARE, why);
		/* a partitioned referencing table: the action or the check runs
		 * on its partitions (all of them, unless the key is the
		 * partition key and prunes them) */
		if (r[i].t->partitioned)
			lockfact_partitions(a, f, s, r[i].t->schema, r[i].t->name, w ? LOCK_ROW_EXCLUSIVE : LOCK_ROW_SHARE,
					    why);
		/* a cascade's own deletes and updates check the next level */
		if (w && del && !strcmp(c->ondelete, "CASCADE"))
			lockfact_fk_children_dml(a, f, s, r[i].t->schema, r[i].t->name, NULL, true, depth + 1);
	}
}

/* Does t inherit from (schema, name), or (parts) is it a partition of it? */
static bool child_of(const struct schema_table *t, const char *schema, const char *name, bool parts)
{
	for (size_t i = 0; name && i < t->n_parents; i++)
		if ((!parts || t->parents[i].partition) && !strcmp(t->parents[i].name, name) &&
		    schema_same_schema(t->parents[i].schema, schema))
			return true;
	return false;
}

static void descendants(struct arena *a, struct lock_fact *f, const struct schema *s, const char *schema,
			const char *name, enum lock_mode m, const char *why, bool parts, int depth)
{
	if (!s || !s->n_inherit)
		return;
	for (size_t i = 0; s && depth < 8 && i < s->n_tables; i++) {
		const struct schema_table *t = s->tables[i];
		if (t->dropped || !child_of(t, schema, name, parts))
			continue;
		lockfact_rel(a, f, t->schema, t->name, m, why);
		descendants(a, f, s, t->schema, t->name, m, why, parts, depth + 1);
	}
}

void lockfact_descendants(struct arena *a, struct lock_fact *f, const struct schema *s, const char *schema,
			  const char *name, enum lock_mode m, const char *why)
{
	descendants(a, f, s, schema, name, m, why, false, 0);
}

void lockfact_partitions(struct arena *a, struct lock_fact *f, const struct schema *s, const char *schema,
			 const char *name, enum lock_mode m, const char *why)
{
	descendants(a, f, s, schema, name, m, why, true, 0);
}

const struct schema_table *lockfact_partition_of(const struct schema *s, const char *schema, const char *name,
						 bool want_default, size_t *n_parts)
{
	const struct schema_table *def = NULL;
	size_t n = 0;
	for (size_t i = 0; s && s->n_inherit && i < s->n_tables; i++) {
		const struct schema_table *t = s->tables[i];
		if (t->dropped || !child_of(t, schema, name, true))
			continue;
		n++;
		if (want_default && t->default_partition)
			def = t;
	}
	if (n_parts)
		*n_parts = n;
	return def;
}

static int held_on(const struct lock_fact *f, const char *schema, const char *name)
{
	for (size_t i = 0; name && i < f->n_rels; i++)
		if (!strcmp(f->rels[i].name, name) && schema_same_schema(f->rels[i].schema, schema))
			return (int)f->rels[i].mode;
	return -1;
}

void lockfact_partitioned(struct arena *a, struct lock_fact *f, const struct schema *s, const char *schema,
			  const char *name, bool index_build)
{
	const struct schema_table *t = s ? schema_table(s, schema, name) : NULL;
	int m = held_on(f, schema, name);
	if (!t || !t->partitioned || m < 0)
		return;
	size_t n = 0;
	lockfact_partition_of(s, t->schema, t->name, false, &n);
	if (index_build && !n)
		f->scan = false; /* a partitioned table has no rows of its own */
	lockfact_partitions(a, f, s, t->schema, t->name, (enum lock_mode)m,
			    "a partition of the table the statement works on");
}

void lockfact_partition_parent(struct arena *a, struct lock_fact *f, const struct schema *s, const char *schema,
			       const char *name)
{
	const struct schema_table *t = s ? schema_table(s, schema, name) : NULL;
	for (size_t i = 0; t && i < t->n_parents; i++)
		if (t->parents[i].partition)
			lockfact_rel(a, f, t->parents[i].schema, t->parents[i].name, LOCK_ACCESS_EXCLUSIVE,
				     "loses a partition");
}

void lockfact_fk_onto_partitions(struct arena *a, struct lock_fact *f, const struct schema *s,
				 const char *ref_schema, const char *ref_table)
{
	const struct schema_table *r = s && s->n_inherit ? schema_table(s, ref_schema, ref_table) : NULL;
	if (r && r->partitioned)
		lockfact_partitions(a, f, s, r->schema, r->name, LOCK_SHARE_ROW_EXCLUSIVE,
				    "a partition of the table the new foreign key references");
}

bool lockfact_set_not_null_scans(const struct schema_table *t, const char *col)
{
	const struct schema_column *c = t && !t->uncertain ? schema_column(t, col) : NULL;
	return !(c && !c->nullable) && !schema_not_null_checked(t, col);
}

/* A call of a function the migrations made in SQL whose body PostgreSQL
 * inlines (SELECT of one expression, nothing else): 1 when that
 * expression is volatile, 0 when not, -1 when the body is no such SELECT. */
static int inlined_volatile(const struct schema_func *fn)
{
	struct pgq_result r;
	struct strbuf err = STRBUF_INIT;
	int v = -1;
	if (fn->sql_body && pgq_parse(fn->sql_body, &r, &err)) {
		cJSON *st = r.n == 1 && !strcmp(r.stmts[0].kind, "SelectStmt") ? r.stmts[0].node : NULL;
		static const char *const not_inlined[] = { "fromClause", "whereClause", "groupClause", "havingClause",
							   "windowClause", "sortClause", "limitCount", "limitOffset",
							   "withClause", "distinctClause", "valuesLists", "larg" };
		bool plain = st && pgq_len(pgq_list(st, "targetList")) == 1;
		for (size_t i = 0; plain && i < sizeof(not_inlined) / sizeof(not_inlined[0]); i++)
			plain = !pgq_get(st, not_inlined[i]);
		cJSON *rt;
		if (plain && pgq_node(pgq_at(pgq_list(st, "targetList"), 0), &rt)) {
			/* a function the body calls is looked at without
			 * inlining it again (no recursion through the schema) */
			v = lockfact_volatile_expr(pgq_get(rt, "val"), NULL);
		}
		pgq_free(&r);
	}
	strbuf_release(&err);
	return v;
}

bool lockfact_volatile_call(const struct schema *s, const char *schema, const char *name)
{
	const struct schema_func *fn = schema_func(s, schema, name);
	if (!fn)
		return lockfact_volatile_function(name);
	int inl = inlined_volatile(fn);
	return inl >= 0 ? inl == 1 : fn->volatility == 'v';
}

bool lockfact_volatile_expr(cJSON *j, const struct schema *s)
{
	if (cJSON_IsArray(j)) {
		for (cJSON *e = pgq_first(j); e; e = e->next)
			if (lockfact_volatile_expr(e, s))
				return true;
		return false;
	}
	if (!cJSON_IsObject(j))
		return false;
	for (cJSON *m = j->child; m; m = m->next) {
		if (m->string && !strcmp(m->string, "FuncCall") && cJSON_IsObject(m)) {
			const char *fs, *fname;
			pgq_qualified(pgq_list(m, "funcname"), &fs, &fname);
			if (lockfact_volatile_call(s, fs, fname))
				return true;
		}
		if (lockfact_volatile_expr(m, s))
			return true;
	}
	return false;
}

bool lockfact_volatile_function(const char *name)
{
	/* VOLATILE in pg_proc of PostgreSQL 15 (core, pgcrypto, uuid-ossp) */
	static const char *const vol[] = { "random",	      "clock_timestamp",    "gen_random_uuid", "uuid_generate_v4",
					   "uuid_generate_v1", "uuid_generate_v1mc", "nextval",	       "currval",
					   "lastval",	      "setval",		    "timeofday",       "setseed",
					   "pg_sleep",	      "gen_random_bytes",   "gen_salt",	       "pgp_sym_encrypt",
					   "pgp_sym_encrypt_bytea", "pgp_pub_encrypt", "pgp_pub_encrypt_bytea" };
	for (size_t i = 0; name && i < sizeof(vol) / sizeof(vol[0]); i++)
		if (!strcmp(name, vol[i]))
			return true;
	return false;
}

void lockfact_add_column(struct arena *a, struct lock_fact *f, const char *schema, const char *table,
			 const struct lockfact_coldef *cd)
{
	lockfact_rel(a, f, schema, table, LOCK_ACCESS_EXCLUSIVE, "altered");
	/* PostgreSQL 11+ stores a non-volatile default instead of writing it
	 * into every row; a serial, identity or generated column, or a
	 * volatile default, fills every row */
	if (cd->serial || cd->volatile_default || cd->identity || cd->generated) {
		f->rewrite = 1;
		f->scan = true;
	}
	if (cd->index_constraint)
		f->scan = true;
	/* with any DEFAULT (even NULL) the server validates the new key
	 * against every row; without one it knows every row is NULL */
	if (cd->foreign_key && cd->has_default)
		f->scan = true;
	/* a serial or identity column fills its rows itself (observed on
	 * PostgreSQL 15); a generated one fails where its expression is NULL */
	if (cd->not_null && !cd->has_default) {
		f->scan = true;
		if (cd->generated)
			f->note = "fails if the expression is NULL for an existing row";
		else if (!cd->serial && !cd->identity)
			f->note = "fails if the table has rows (NOT NULL without a default)";
	}
}

/* A type as the schema model writes it (SQLAlchemy's PostgreSQL DDL:
 * "VARCHAR(10)", "TIMESTAMP WITH TIME ZONE", "INTEGER[]") in PostgreSQL's
 * own name ("varchar", "timestamptz", "int4"), with its integer
 * modifiers and whether it is an array; a type it does not know keeps
 * its name in lower case (a user type: equal only to itself). */
struct pgtype {
	char name[64];
	long mods[4];
	size_t n_mods;
	bool array;
};

static bool pgtype_read(const char *text, struct pgtype *t)
{
	char base[64];
	size_t b = 0;
	memset(t, 0, sizeof(*t));
	for (const char *p = text; *p; p++) {
		if (*p == '(') {
			for (p++;;) {
				while (*p == ' ')
					p++;
				char *end;
				long v = strtol(p, &end, 10);
				if (end == p || t->n_mods == 4)
					return false;
				t->mods[t->n_mods++] = v;
				p = end;
				while (*p == ' ')
					p++;
				if (*p == ',') {
					p++;
					continue;
				}
				if (*p != ')')
					return false;
				break;
			}
			continue;
		}
		if (*p == '[') {
			t->array = true;
			break;
		}
		if (b + 1 >= sizeof(base))
			return false;
		if (*p == ' ' && (!b || base[b - 1] == ' '))
			continue;
		base[b++] = (char)toupper((unsigned char)*p);
	}
	while (b && base[b - 1] == ' ')
		b--;
	base[b] = '\0';
	static const struct { const char *sql, *pg; } names[] = {
		{ "INTEGER", "int4" }, { "INT", "int4" }, { "INT4", "int4" }, { "SERIAL", "int4" },
		{ "BIGINT", "int8" }, { "INT8", "int8" }, { "BIGSERIAL", "int8" }, { "SMALLINT", "int2" },
		{ "INT2", "int2" }, { "SMALLSERIAL", "int2" }, { "BOOLEAN", "bool" }, { "BOOL", "bool" },
		{ "TEXT", "text" }, { "VARCHAR", "varchar" }, { "CHARACTER VARYING", "varchar" },
		{ "CHAR", "bpchar" }, { "CHARACTER", "bpchar" }, { "BPCHAR", "bpchar" }, { "NUMERIC", "numeric" },
		{ "DECIMAL", "numeric" }, { "TIMESTAMP", "timestamp" }, { "TIMESTAMP WITHOUT TIME ZONE", "timestamp" },
		{ "TIMESTAMP WITH TIME ZONE", "timestamptz" }, { "TIMESTAMPTZ", "timestamptz" }, { "TIME", "time" },
		{ "TIME WITHOUT TIME ZONE", "time" }, { "TIME WITH TIME ZONE", "timetz" }, { "TIMETZ", "timetz" },
		{ "DOUBLE PRECISION", "float8" }, { "FLOAT8", "float8" }, { "REAL", "float4" }, { "FLOAT4", "float4" },
		{ "DATE", "date" }, { "UUID", "uuid" }, { "JSON", "json" }, { "JSONB", "jsonb" }, { "CIDR", "cidr" },
		{ "INET", "inet" }, { "INTERVAL", "interval" }, { "BYTEA", "bytea" }, { "MONEY", "money" },
		{ "XML", "xml" }, { "NCHAR", "bpchar" }, { "BIT VARYING", "varbit" },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(base, names[i].sql)) {
			snprintf(t->name, sizeof(t->name), "%s", names[i].pg);
			return true;
		}
	if (!strcmp(base, "FLOAT")) {
		/* FLOAT(p): real up to 24 bits of precision, double above */
		snprintf(t->name, sizeof(t->name), "%s", t->n_mods == 1 && t->mods[0] <= 24 ? "float4" : "float8");
		t->n_mods = 0;
		return true;
	}
	for (size_t i = 0; i <= b; i++)
		t->name[i] = (char)tolower((unsigned char)base[i]);
	return b > 0;
}

static bool same_mods(const struct pgtype *x, const struct pgtype *y)
{
	if (x->n_mods != y->n_mods)
		return false;
	for (size_t i = 0; i < x->n_mods; i++)
		if (x->mods[i] != y->mods[i])
			return false;
	return true;
}

/* Is the type change binary-coercible (no rewrite)? From the schema's old
 * type text and the new type; -1 when the old type is not known. As
 * observed on PostgreSQL 15: the same type, a varchar or numeric that
 * only widens, varchar <-> text (text to an unconstrained varchar),
 * cidr -> inet and a time type whose precision does not shrink keep the
 * stored values; an array changes only to itself. */
/* interval_support (PostgreSQL's timestamp.c): the smallest field an
 * interval keeps (0 SECOND ... 5 YEAR) and its seconds' precision. One
 * modifier up to 6 is a precision (SQLAlchemy's INTERVAL(p)), else the
 * first is the field mask (INTERVAL_MASK bits: MONTH 1, YEAR 2, DAY 3,
 * HOUR 10, MINUTE 11, SECOND 12). */
static void interval_range(const struct pgtype *t, int *least, long *precis)
{
	*least = 0;
	*precis = 6;
	if (!t->n_mods)
		return;
	if (t->n_mods == 1 && t->mods[0] >= 0 && t->mods[0] <= 6) {
		*precis = t->mods[0];
		return;
	}
	static const int bit[] = { 12, 11, 10, 3, 1, 2 };
	long mask = t->mods[0];
	for (*least = 0; *least < 6 && !(mask & (1L << bit[*least])); (*least)++)
		;
	if (t->n_mods > 1 && t->mods[1] >= 0 && t->mods[1] <= 6)
		*precis = t->mods[1];
}

/* Does the interval keep its stored values (fields not narrowed, the
 * precision not cut where seconds are kept)? */
static bool interval_noop(const struct pgtype *o, const struct pgtype *n)
{
	if (!n->n_mods)
		return true;
	int ol, nl;
	long op, np;
	interval_range(o, &ol, &op);
	interval_range(n, &nl, &np);
	return nl <= ol && (ol > 0 || np >= 6 || np >= op);
}

/* Two types PostgreSQL casts WITHOUT FUNCTION (binary-coercible): the
 * values are kept, but an index over the column gets another operator
 * class and is rebuilt. */
static bool binary_pair(const char *from, const char *to)
{
	static const char *const pairs[][2] = { { "oid", "regclass" }, { "regclass", "oid" }, { "int4", "oid" },
						{ "xml", "text" },      { "text", "citext" },    { "varchar", "citext" },
						{ "citext", "text" },   { "citext", "varchar" } };
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		if (!strcmp(pairs[i][0], from) && !strcmp(pairs[i][1], to))
			return true;
	return false;
}

static int coercible(const struct schema_column *c, const struct lockfact_newtype *nt)
{
	if (!c || !c->type || !nt->name)
		return -1;
	struct pgtype o;
	if (!pgtype_read(c->type, &o))
		return -1;
	struct pgtype n = { .n_mods = 0, .array = nt->array };
	snprintf(n.name, sizeof(n.name), "%s", nt->name);
	for (size_t i = 0; i < nt->n_mods && i < 4; i++) {
		if (nt->mods[i] == LOCKFACT_NOT_INT)
			return -1;
		n.mods[n.n_mods++] = nt->mods[i];
	}
	if (!strcmp(n.name, "float")) /* FLOAT(p) as a form names it */
		snprintf(n.name, sizeof(n.name), "%s", n.n_mods == 1 && n.mods[0] <= 24 ? "float4" : "float8");
	if (o.array || n.array)
		return o.array == n.array && !strcmp(o.name, n.name) && same_mods(&o, &n) ? 1 : 0;
	if (!strcmp(o.name, n.name)) {
		if (!strcmp(o.name, "interval"))
			return interval_noop(&o, &n) ? 1 : 0;
		/* char(n) to unconstrained bpchar keeps the padded values */
		if (!strcmp(o.name, "bpchar") && !n.n_mods)
			return 1;
		if (!strcmp(o.name, "varchar") || !strcmp(o.name, "varbit"))
			return !n.n_mods || (o.n_mods == 1 && n.n_mods == 1 && n.mods[0] >= o.mods[0]) ? 1 : 0;
		if (!strcmp(o.name, "numeric")) {
			/* numeric(p,s) -> numeric(p2>=p,s) or unconstrained keeps
			 * the stored values; another scale rewrites them */
			if (!n.n_mods)
				return 1;
			if (!o.n_mods)
				return 0;
			long os = o.n_mods > 1 ? o.mods[1] : 0, ns = n.n_mods > 1 ? n.mods[1] : 0;
			return ns == os && n.mods[0] >= o.mods[0] ? 1 : 0;
		}
		if (!strcmp(o.name, "timestamp") || !strcmp(o.name, "timestamptz") || !strcmp(o.name, "time") ||
		    !strcmp(o.name, "timetz"))
			return !n.n_mods || (o.n_mods == 1 && n.n_mods == 1 && n.mods[0] >= o.mods[0]) ? 1 : 0;
		return same_mods(&o, &n) ? 1 : 0;
	}
	if (!strcmp(o.name, "varchar") && !strcmp(n.name, "text"))
		return 1;
	/* citext to varchar(n) cuts the values to the length: a rewrite */
	if (binary_pair(o.name, n.name))
		return strcmp(n.name, "varchar") != 0 || !n.n_mods ? 2 : 0;
	if (!strcmp(o.name, "text") && !strcmp(n.name, "varchar"))
		return n.n_mods ? 0 : 1;
	if (!strcmp(o.name, "cidr") && !strcmp(n.name, "inet"))
		return 1;
	return 0;
}


/* Does ALTER TYPE give the column another collation? Its indexes are
 * then rebuilt (reading the table), though no row changes. */
static bool collation_changes(const struct schema_column *c, const struct lockfact_newtype *nt)
{
	const char *was = c ? c->collation : NULL;
	return (was == NULL) != (nt->collation == NULL) || (was && strcmp(was, nt->collation) != 0);
}

/* Is the column in an index or a primary key / unique constraint of t? */
static bool indexed(const struct schema_table *t, const char *column)
{
	for (size_t i = 0; t && i < t->n_idx; i++)
		if (has_col(t->idx[i].cols, t->idx[i].n_cols, column))
			return true;
	for (size_t i = 0; t && i < t->n_cons; i++)
		if ((t->cons[i].kind == SCON_PRIMARY_KEY || t->cons[i].kind == SCON_UNIQUE) &&
		    has_col(t->cons[i].cols, t->cons[i].n_cols, column))
			return true;
	return false;
}

void lockfact_alter_type(struct arena *a, struct lock_fact *f, const struct schema *before, const char *schema,
			 const char *table, const char *column, const struct lockfact_newtype *nt)
{
	lockfact_rel(a, f, schema, table, LOCK_ACCESS_EXCLUSIVE, "altered");
	/* foreign keys onto the column, and the column's own, are dropped
	 * and re-created */
	lockfact_fk_children(a, f, before, schema, table, column, LOCK_ACCESS_EXCLUSIVE,
			     "its foreign key onto the column is re-created");
	lockfact_fk_parents(a, f, before, schema, table, column, LOCK_ACCESS_EXCLUSIVE,
			    "the foreign key of the column is re-created");
	const struct schema_table *t = before && table ? schema_table(before, schema, table) : NULL;
	const struct schema_column *c = t && column ? schema_column(t, column) : NULL;
	/* a column of a domain: its base type is what is converted, without
	 * the domain's modifiers (the column's own are unset: varchar(10) of
	 * a domain to varchar(20) rewrites) */
	const struct schema_domain *dom = c ? schema_domain_of_type(before, c->type) : NULL;
	struct schema_column base;
	if (dom && dom->base_text) {
		base = *c;
		const char *paren = strchr(dom->base_text, '(');
		base.type = paren ? arena_printf(a, "%.*s%s", (int)(paren - dom->base_text), dom->base_text,
						 strchr(paren, ')') ? strchr(paren, ')') + 1 : "")
				  : dom->base_text;
		c = &base;
	}
	int co = coercible(c, nt);
	/* USING other than the column itself (or a cast of it) computes new
	 * values: the table is rewritten whatever the types */
	if (nt->using_expr && co >= 0)
		co = 0;
	if (co >= 1) {
		if (f->rewrite != 1)
			f->rewrite = 0;
		if ((co == 2 || collation_changes(c, nt)) && indexed(t, column))
			f->scan = true;
		/* a partitioned table's indexes are never taken over: each
		 * partition's index on the column is built again */
		if (t && t->partitioned && indexed(t, column))
			f->scan = true;
		/* a partial or expression index over the column is never
		 * taken over by the new type: it is rebuilt, reading the table
		 * (one read from SQL may be over any column) */
		for (size_t i = 0; t && i < t->n_idx; i++) {
			const struct schema_index *x = &t->idx[i];
			bool over = x->where && (schema_text_mentions(x->where, column) || !strcmp(x->where, "(expression)"));
			bool expr = false;
			for (size_t k = 0; k < x->n_cols; k++) {
				bool plain = schema_column(t, x->cols[k]) != NULL;
				expr = expr || (!plain && (schema_text_mentions(x->cols[k], column) || !strcmp(x->cols[k], "(expression)")));
				over = over || (x->where && plain && !strcmp(x->cols[k], column));
			}
			/* an INCLUDE column of a partial index too */
			for (size_t k = 0; x->where && k < x->n_incl; k++)
				over = over || !strcmp(x->incl[k], column);
			if (over || expr)
				f->scan = true;
		}
		/* a CHECK on the column is dropped and added again: checked
		 * against every row (one read from SQL may be on any column) */
		for (size_t i = 0; t && i < t->n_cons; i++) {
			const struct schema_constraint *k = &t->cons[i];
			bool known = k->expr_cols != NULL;
			/* a NOT VALID one is added back NOT VALID: no read */
			if (k->kind == SCON_CHECK && !k->not_valid &&
			    (has_col(k->cols, k->n_cols, column) || (k->sqltext && schema_text_mentions(k->sqltext, column)) ||
			     (known && has_col(k->expr_cols, k->n_expr_cols, column)) ||
			     (!known && !k->n_cols && (!k->sqltext || !strcmp(k->sqltext, "(expression)")))))
				f->scan = true;
		}
	} else if (co == 0) {
		f->rewrite = 1;
		f->scan = true;
		/* timestamp <-> timestamptz keeps the stored values when the
		 * session's TimeZone is UTC (PostgreSQL 12+): the model cannot
		 * know the session */
		struct pgtype o;
		if (!nt->using_expr && !nt->array && pgtype_read(c->type, &o) && !o.array &&
		    ((!strcmp(o.name, "timestamp") && !strcmp(nt->name, "timestamptz")) ||
		     (!strcmp(o.name, "timestamptz") && !strcmp(nt->name, "timestamp"))))
			f->note = "between timestamp and timestamptz: no rewrite (only the indexes rebuilt) when the "
				  "session's TimeZone is UTC";
	} else {
		f->rewrite = -1;
		f->note = "rewrite unknown: the column's current type is not known";
	}
}

const struct schema_constraint *lockfact_constraint(const struct schema *s, const char *schema, const char *table,
						  const char *name, struct schema_table **tp)
{
	struct schema_table *t = lockfact_table(s, schema, table);
	if (tp)
		*tp = t;
	for (size_t i = 0; t && name && i < t->n_cons; i++)
		if (t->cons[i].name && !strcmp(t->cons[i].name, name))
			return &t->cons[i];
	return t && name ? pgname_constraint(t, name, NULL) : NULL;
}

void lockfact_drop_constraint(struct arena *a, struct lock_fact *f, const struct schema *before, const char *schema,
			      const char *table, const char *name, bool cascade)
{
	lockfact_rel(a, f, schema, table, LOCK_ACCESS_EXCLUSIVE, "altered");
	struct schema_table *t = NULL;
	const struct schema_constraint *c = lockfact_constraint(before, schema, table, name, &t);
	if (c && c->kind == SCON_FOREIGN_KEY && c->ref_table) {
		lockfact_rel(a, f, c->ref_schema, c->ref_table, LOCK_ACCESS_EXCLUSIVE,
			     "loses the triggers of the dropped foreign key");
		fk_dropped_onto_partitions(a, f, before, c);
	} else if (c && cascade && (c->kind == SCON_PRIMARY_KEY || c->kind == SCON_UNIQUE))
		lockfact_fk_children_on(a, f, before, t, c, LOCK_ACCESS_EXCLUSIVE, "its foreign key is dropped by CASCADE");
	else if (!c)
		f->note = "dropping a foreign key also takes ACCESS EXCLUSIVE on the referenced table";
}

void lockfact_drop_sequence(struct arena *a, struct lock_fact *f, const struct schema *before, const char *schema,
			    const char *name)
{
	for (size_t i = 0; before && name && i < before->n_tables; i++) {
		const struct schema_table *t = before->tables[i];
		for (size_t c = 0; !t->dropped && c < t->n_cols; c++) {
			const struct schema_column *col = &t->cols[c];
			bool own = schema_serial_type(col->type) && schema_same_schema(t->schema, schema) &&
				   pgname_serial_sequence(name, t->name, col->name);
			if (own || schema_default_uses_sequence(col->default_sql, schema, name)) {
				lockfact_rel(a, f, t->schema, t->name, LOCK_ACCESS_EXCLUSIVE,
					     "loses a column default that uses the dropped sequence");
				break;
			}
		}
	}
}

void lockfact_drop_table(struct arena *a, struct lock_fact *f, const struct schema *before, const char *schema,
			 const char *name, bool cascade)
{
	lockfact_rel(a, f, schema, name, LOCK_ACCESS_EXCLUSIVE, "dropped");
	if (!lockfact_table(before, schema, name)) {
		f->note = "dropping a table that references others also takes ACCESS EXCLUSIVE on them";
		return;
	}
	/* its foreign keys' triggers on the referenced tables go too, and
	 * CASCADE drops the foreign keys onto it */
	lockfact_fk_parents(a, f, before, schema, name, NULL, LOCK_ACCESS_EXCLUSIVE,
			    "loses the triggers of a dropped foreign key");
	if (cascade)
		lockfact_fk_children(a, f, before, schema, name, NULL, LOCK_ACCESS_EXCLUSIVE,
				     "its foreign key is dropped by CASCADE");
}

/* The table holding a primary key, unique or exclusion constraint of
 * that name (its index has the constraint's name), in schema (NULL:
 * any). */
static struct schema_table *constraint_index_table(const struct schema *s, const char *schema, const char *name)
{
	for (size_t i = 0; i < s->n_tables; i++) {
		struct schema_table *t = s->tables[i];
		if (t->dropped || (schema && !schema_same_schema(t->schema, schema)))
			continue;
		for (size_t k = 0; k < t->n_cons; k++) {
			const struct schema_constraint *c = &t->cons[k];
			const char *cn = c->name ? c->name : c->pg_name;
			if ((c->kind == SCON_PRIMARY_KEY || c->kind == SCON_UNIQUE || c->kind == SCON_EXCLUDE) && cn &&
			    !strcmp(cn, name))
				return t;
		}
	}
	return NULL;
}

struct schema_table *lockfact_index_table(const struct schema *s, const char *schema, const char *name,
					  const struct schema_index **ix)
{
	struct schema_table *t = NULL;
	const struct schema_index *x = NULL;
	if (ix)
		*ix = NULL;
	if (!s || !name)
		return NULL;
	/* an unqualified name is the default schema's first, as search_path */
	if (!(x = schema_index_in(s, schema ? schema : "", name, &t)) && !schema)
		x = schema_index_in(s, NULL, name, &t);
	if (ix)
		*ix = x;
	if (!t)
		t = constraint_index_table(s, schema ? schema : "", name);
	if (!t && !schema)
		t = constraint_index_table(s, NULL, name);
	return t;
}

bool lockfact_drop_index(struct arena *a, struct lock_fact *f, const struct schema *before, const char *schema,
			 const char *name, bool concurrently, bool cascade)
{
	/* the statement names the index; the schema knows its table */
	const struct schema_index *x = NULL;
	struct schema_table *t = lockfact_index_table(before, schema, name, &x);
	if (!t) {
		lockfact_unknown(f, "DROP INDEX of an index whose table the schema does not know");
		return false;
	}
	lockfact_rel(a, f, t->schema, t->name, concurrently ? LOCK_SHARE_UPDATE_EXCLUSIVE : LOCK_ACCESS_EXCLUSIVE,
		     "loses an index");
	/* an index on a partitioned table: each partition's copy goes too */
	if (t->partitioned && !concurrently)
		lockfact_partitions(a, f, before, t->schema, t->name, LOCK_ACCESS_EXCLUSIVE,
				    "loses its copy of the dropped index");
	if (cascade && x && x->unique && !x->where) {
		/* a foreign key onto its columns uses it as its key: dropped too */
		struct schema_constraint key = { .kind = SCON_UNIQUE, .cols = x->cols, .n_cols = x->n_cols };
		lockfact_fk_children_on(a, f, before, t, &key, LOCK_ACCESS_EXCLUSIVE,
					"its foreign key is dropped by CASCADE");
	}
	return true;
}

void lockfact_create_index(struct arena *a, struct lock_fact *f, const char *schema, const char *table,
			   bool concurrently)
{
	lockfact_rel(a, f, schema, table, concurrently ? LOCK_SHARE_UPDATE_EXCLUSIVE : LOCK_SHARE, "indexed");
	f->scan = true;
	f->in_transaction = !concurrently;
	if (concurrently)
		f->note = "waits for every transaction older than it in the database";
}

/* The value row r of rows gives column col of t. */
static enum lockfact_value row_value(const struct schema_table *t, const struct lockfact_rows *rows, size_t r,
				     const char *col)
{
	for (size_t i = 0; i < (rows->cols ? rows->n_cols : 0); i++)
		if (rows->cols[i] && !strcmp(rows->cols[i], col))
			return rows->vals[r * rows->n_cols + i];
	for (size_t i = 0; !rows->cols && i < t->n_cols && i < rows->n_cols; i++)
		if (!strcmp(t->cols[i].name, col))
			return rows->vals[r * rows->n_cols + i];
	return LOCKFACT_DEFAULT;
}

/* Does every row give some column of foreign key c NULL? The server's
 * check (RI_FKey_check) returns at once for such a row. A default counts
 * as NULL only for a column known to have none (no identity, serial or
 * generated value), and not when a BEFORE INSERT row trigger may set it. */
static bool key_null_in_rows(const struct schema_table *t, const struct schema_constraint *c,
			     const struct lockfact_rows *rows)
{
	if (!rows || !rows->n_rows || t->uncertain)
		return false;
	for (size_t i = 0; i < t->n_trigs; i++)
		if (t->trigs[i].row && t->trigs[i].timing == SCHEMA_TRIG_BEFORE &&
		    (t->trigs[i].events & SCHEMA_TRIG_INSERT) && t->trigs[i].enabled != 'D')
			return false;
	for (size_t r = 0; r < rows->n_rows; r++) {
		bool null = false;
		for (size_t k = 0; k < c->n_cols && !null; k++) {
			enum lockfact_value v = row_value(t, rows, r, c->cols[k]);
			const struct schema_column *col = v == LOCKFACT_DEFAULT ? schema_column(t, c->cols[k]) : NULL;
			null = v == LOCKFACT_NULL || (col && !col->default_sql && !col->generated);
		}
		if (!null)
			return false;
	}
	return true;
}

static void fk_checks(struct arena *a, struct lock_fact *f, const struct schema *s, const char *schema,
		      const char *name, const char *col, const struct lockfact_rows *rows)
{
	/* the foreign key checks lock the other side's rows FOR KEY SHARE,
	 * at the statement unless the key is INITIALLY DEFERRED */
	struct schema_table *t = lockfact_table(s, schema, name);
	for (size_t i = 0; t && i < t->n_cons; i++) {
		const struct schema_constraint *c = &t->cons[i];
		if (c->kind != SCON_FOREIGN_KEY || !c->ref_table || (col && !has_col(c->cols, c->n_cols, col)))
			continue;
		if (key_null_in_rows(t, c, rows))
			continue;
		if (schema_constraint_deferred(c))
			deferred_note(a, f, c);
		else {
			lockfact_rel(a, f, c->ref_schema, c->ref_table, LOCK_ROW_SHARE, "checked by a foreign key");
			/* a key onto a partitioned table is looked up in its
			 * partitions (pruned to those that may hold the key: every
			 * one is listed, the strongest case) */
			const struct schema_table *r = s->n_inherit ? lockfact_table(s, c->ref_schema, c->ref_table) : NULL;
			if (r && r->partitioned)
				lockfact_partitions(a, f, s, r->schema, r->name, LOCK_ROW_SHARE,
						    "a partition of the table a foreign key references, checked (only "
						    "those that may hold the keys are locked)");
		}
	}
}

void lockfact_fk_checks(struct arena *a, struct lock_fact *f, const struct schema *s, const char *schema,
			const char *name, const char *col)
{
	fk_checks(a, f, s, schema, name, col, NULL);
}

void lockfact_insert_checks(struct arena *a, struct lock_fact *f, const struct schema *before, const char *schema,
			    const char *table)
{
	fk_checks(a, f, before, schema, table, NULL, NULL);
}

void lockfact_insert_rows_checks(struct arena *a, struct lock_fact *f, const struct schema *before,
				 const char *schema, const char *table, const struct lockfact_rows *rows)
{
	fk_checks(a, f, before, schema, table, NULL, rows);
}

void lockfact_checks_note(struct lock_fact *f, size_t n_before)
{
	static const char text[] = "the foreign key checks and ON DELETE / ON UPDATE actions lock nothing when no row "
				   "matches, or the keys are NULL or unchanged";
	if (f->n_rels <= n_before)
		return;
	/* after a deferred key's note, which says when its check runs */
	f->note = f->note && strstr(f->note, "runs at COMMIT") ? f->note : text;
}
