/* lockfact.c - statement forms to locks in names and flags, shared by the
 * parse-tree route (lockmodel.c) and the rendered-statement route
 * (lockform.c); each form as observed on PostgreSQL 15 (tests/locks). */
#include <stdio.h>
#include <string.h>

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
	if (f->n_rels == sizeof(f->rels) / sizeof(f->rels[0])) {
		/* an incomplete list would be a guess */
		f->known = false;
		f->unknown = "more relations than the model holds";
		f->rewrite = -1;
		return;
	}
	struct lock_rel *r = &f->rels[f->n_rels++];
	r->schema = schema ? arena_strdup(a, schema) : NULL;
	r->name = arena_strdup(a, name);
	r->mode = m;
	r->why = why;
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

void lockfact_fk_parents(struct arena *a, struct lock_fact *f, const struct schema *s, const char *schema,
			 const char *name, const char *col, enum lock_mode m, const char *why)
{
	struct schema_table *t = lockfact_table(s, schema, name);
	for (size_t i = 0; t && i < t->n_cons; i++)
		if (t->cons[i].kind == SCON_FOREIGN_KEY && t->cons[i].ref_table &&
		    (!col || has_col(t->cons[i].cols, t->cons[i].n_cols, col)))
			lockfact_rel(a, f, t->cons[i].ref_schema, t->cons[i].ref_table, m, why);
}

/* Is c a foreign key onto table to (on its column col when col is given;
 * a key naming no columns references to's primary key)? */
static bool references(const struct schema *s, const struct schema_constraint *c, const char *to, const char *col)
{
	if (c->kind != SCON_FOREIGN_KEY || !c->ref_table || strcmp(c->ref_table, to) != 0)
		return false;
	if (!col)
		return true;
	if (c->n_ref_cols)
		return has_col(c->ref_cols, c->n_ref_cols, col);
	struct schema_table *p = lockfact_table(s, c->ref_schema, to);
	for (size_t i = 0; p && i < p->n_cons; i++)
		if (p->cons[i].kind == SCON_PRIMARY_KEY && has_col(p->cons[i].cols, p->cons[i].n_cols, col))
			return true;
	return false;
}

void lockfact_fk_children(struct arena *a, struct lock_fact *f, const struct schema *s, const char *name,
			  const char *col, enum lock_mode m, const char *why)
{
	if (!s || !name)
		return;
	/* the foreign keys onto a table, from the schema's index of them:
	 * a scan of every table would be quadratic in a long history */
	size_t n = 0;
	struct schema_table **refs = schema_referencing(s, a, name, &n);
	for (size_t i = 0; i < n; i++) {
		const struct schema_table *t = refs[i];
		if (t->dropped || !strcmp(t->name, name))
			continue;
		for (size_t k = 0; k < t->n_cons; k++)
			if (references(s, &t->cons[k], name, col)) {
				lockfact_rel(a, f, t->schema, t->name, m, why);
				break;
			}
	}
}

bool lockfact_volatile_function(const char *name)
{
	static const char *const vol[] = { "random", "clock_timestamp", "gen_random_uuid", "uuid_generate_v4",
					   "uuid_generate_v1", "nextval", "timeofday", "txid_current", "setseed" };
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

/* Is the type change binary-coercible (no rewrite)? From the schema's old
 * type text and the new type; -1 when the old type is not known. */
static int coercible(const struct schema_column *c, const char *to, const long *mods, size_t n_mods)
{
	if (!c || !c->type)
		return -1;
	long old_len = -1;
	long new_len = n_mods == 1 && mods[0] != LOCKFACT_NOT_INT ? mods[0] : -1;
	bool old_varchar = sscanf(c->type, "VARCHAR(%ld)", &old_len) == 1 || !strcmp(c->type, "VARCHAR");
	/* numeric(p,s) -> numeric(p2>=p,s) or unconstrained numeric keeps the
	 * stored values; any other scale must rewrite them */
	long op = -1, os = 0;
	bool old_numeric = sscanf(c->type, "NUMERIC(%ld, %ld)", &op, &os) >= 1 || !strcmp(c->type, "NUMERIC");
	if (old_numeric && to && !strcmp(to, "numeric")) {
		long np = -1, ns = 0;
		for (size_t i = 0; i < n_mods && i < 2; i++) {
			if (mods[i] == LOCKFACT_NOT_INT)
				return -1;
			*(i ? &ns : &np) = mods[i];
		}
		if (!n_mods)
			return 1;
		return op >= 0 && ns == os && np >= op ? 1 : 0;
	}
	if (old_varchar && to && !strcmp(to, "text"))
		return 1;
	if (old_varchar && to && !strcmp(to, "varchar"))
		return !n_mods || (old_len >= 0 && new_len >= old_len) ? 1 : 0;
	if (!strcmp(c->type, "TEXT") && to && !strcmp(to, "text"))
		return 1;
	return 0;
}

void lockfact_alter_type(struct arena *a, struct lock_fact *f, const struct schema *before, const char *schema,
			 const char *table, const char *column, const char *to, const long *mods, size_t n_mods)
{
	lockfact_rel(a, f, schema, table, LOCK_ACCESS_EXCLUSIVE, "altered");
	/* foreign keys onto the column are dropped and re-created */
	lockfact_fk_children(a, f, before, table, column, LOCK_ACCESS_EXCLUSIVE,
			     "its foreign key onto the column is re-created");
	const struct schema_table *t = before && table ? schema_table(before, schema, table) : NULL;
	const struct schema_column *c = t && column ? schema_column(t, column) : NULL;
	int co = coercible(c, to, mods, n_mods);
	if (co == 1) {
		if (f->rewrite != 1)
			f->rewrite = 0;
	} else if (co == 0) {
		f->rewrite = 1;
		f->scan = true;
		/* timestamp -> timestamptz keeps the stored values when the
		 * session's TimeZone is UTC (PostgreSQL 12+): the model cannot
		 * know the session */
		if (!t->dropped && !strcmp(c->type, "TIMESTAMP WITHOUT TIME ZONE") && to && !strcmp(to, "timestamptz"))
			f->note = "timestamp to timestamptz: no rewrite (only the indexes rebuilt) when the "
				  "session's TimeZone is UTC";
	} else {
		f->rewrite = -1;
		f->note = "rewrite unknown: the column's current type is not known";
	}
}

void lockfact_drop_constraint(struct arena *a, struct lock_fact *f, const struct schema *before, const char *schema,
			      const char *table, const char *name, bool cascade)
{
	lockfact_rel(a, f, schema, table, LOCK_ACCESS_EXCLUSIVE, "altered");
	struct schema_table *t = lockfact_table(before, schema, table);
	const struct schema_constraint *c = NULL;
	for (size_t i = 0; t && name && !c && i < t->n_cons; i++)
		if (t->cons[i].name && !strcmp(t->cons[i].name, name))
			c = &t->cons[i];
	if (c && c->kind == SCON_FOREIGN_KEY && c->ref_table)
		lockfact_rel(a, f, c->ref_schema, c->ref_table, LOCK_ACCESS_EXCLUSIVE,
			     "loses the triggers of the dropped foreign key");
	else if (c && cascade && (c->kind == SCON_PRIMARY_KEY || c->kind == SCON_UNIQUE))
		lockfact_fk_children(a, f, before, t->name, NULL, LOCK_ACCESS_EXCLUSIVE,
				     "its foreign key is dropped by CASCADE");
	else if (!c)
		f->note = "dropping a foreign key also takes ACCESS EXCLUSIVE on the referenced table";
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
		lockfact_fk_children(a, f, before, name, NULL, LOCK_ACCESS_EXCLUSIVE,
				     "its foreign key is dropped by CASCADE");
}

bool lockfact_drop_index(struct arena *a, struct lock_fact *f, const struct schema *before, const char *name,
			 bool concurrently)
{
	/* the statement names the index; the schema knows its table */
	struct schema_table *t = NULL;
	if (!name || !before || !schema_index(before, name, &t) || !t) {
		lockfact_unknown(f, "DROP INDEX of an index whose table the schema does not know");
		return false;
	}
	lockfact_rel(a, f, t->schema, t->name, concurrently ? LOCK_SHARE_UPDATE_EXCLUSIVE : LOCK_ACCESS_EXCLUSIVE,
		     "loses an index");
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

void lockfact_insert_checks(struct arena *a, struct lock_fact *f, const struct schema *before, const char *schema,
			    const char *table)
{
	/* the foreign key checks lock the other side's rows FOR KEY SHARE */
	lockfact_fk_parents(a, f, before, schema, table, NULL, LOCK_ROW_SHARE, "checked by a foreign key");
}

void lockfact_checks_note(struct lock_fact *f, size_t n_before)
{
	if (f->n_rels > n_before)
		f->note = "the foreign key checks lock nothing when the keys are NULL or unchanged; an ON DELETE "
			  "action other than NO ACTION/RESTRICT writes the referencing table (ROW EXCLUSIVE)";
}
