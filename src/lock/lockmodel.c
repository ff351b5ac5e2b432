/* lockmodel.c - statement forms to locks, following the tables of
 * lint-and-locks.md part 1b (each form observed on PostgreSQL 15). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cupel/lockmodel.h"
#include "cupel/pgq.h"
#include "lockfact.h"
#include "lockprune.h"
#include "locktrig.h"

const char *lock_mode_name(enum lock_mode m)
{
	static const char *const names[] = { "none", "ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE",
					     "SHARE UPDATE EXCLUSIVE", "SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE",
					     "ACCESS EXCLUSIVE" };
	return names[m];
}

const char *lock_mode_blocks(enum lock_mode m)
{
	switch (m) {
	case LOCK_NONE: return "nothing";
	case LOCK_ACCESS_SHARE: return "only ACCESS EXCLUSIVE DDL";
	case LOCK_ROW_SHARE: return "EXCLUSIVE and ACCESS EXCLUSIVE DDL";
	case LOCK_ROW_EXCLUSIVE: return "index builds, triggers, foreign key adds and ACCESS EXCLUSIVE DDL";
	case LOCK_SHARE_UPDATE_EXCLUSIVE: return "DDL, VACUUM and ANALYZE (not reads, not writes)";
	case LOCK_SHARE: return "writes and DDL (reads continue)";
	case LOCK_SHARE_ROW_EXCLUSIVE: return "writes and DDL (reads continue)";
	case LOCK_EXCLUSIVE: return "writes, SELECT FOR UPDATE and DDL (plain reads continue)";
	default: return "reads, writes and DDL";
	}
}

/* Take mode on the relation a RangeVar names. */
static void lock_rv(struct arena *a, struct lock_fact *f, cJSON *rv, enum lock_mode m, const char *why)
{
	lockfact_rel(a, f, pgq_str(rv, "schemaname"), pgq_str(rv, "relname"), m, why);
}

/* The names WITH clauses give (not relations), and the queries of them
 * that write (INSERT/UPDATE/DELETE in WITH), which only a DML statement
 * or a query may hold (allow_writes). */
struct ctes {
	const char *v[16];
	size_t n;
	struct {
		const char *kind;
		cJSON *node;
	} w[8];
	size_t n_w;
	bool writes, full, allow_writes;
};

static void collect_ctes(cJSON *j, struct ctes *c)
{
	if (cJSON_IsArray(j)) {
		for (cJSON *j_el = pgq_first(j); j_el; j_el = j_el->next)
			collect_ctes(j_el, c);
		return;
	}
	if (!cJSON_IsObject(j))
		return;
	const char *key;
	cJSON *v;
	pgq_members(j, key, v) {
		if (!strcmp(key, "CommonTableExpr") && pgq_str(v, "ctename")) {
			if (c->n < sizeof(c->v) / sizeof(c->v[0]))
				c->v[c->n++] = pgq_str(v, "ctename");
			else
				c->full = true;
			cJSON *q;
			const char *qk = pgq_node(pgq_get(v, "ctequery"), &q);
			if (qk && strcmp(qk, "SelectStmt") != 0) {
				c->writes = true;
				if (c->n_w < sizeof(c->w) / sizeof(c->w[0])) {
					c->w[c->n_w].kind = qk;
					c->w[c->n_w++].node = q;
				} else {
					c->full = true;
				}
			}
		}
		collect_ctes(v, c);
	}
}

static void walk_rels(struct arena *a, struct lock_fact *f, cJSON *j, const struct ctes *c, enum lock_mode m,
		      const char *why)
{
	if (cJSON_IsArray(j)) {
		for (cJSON *j_el = pgq_first(j); j_el; j_el = j_el->next)
			walk_rels(a, f, j_el, c, m, why);
		return;
	}
	if (!cJSON_IsObject(j))
		return;
	const char *key;
	cJSON *v;
	pgq_members(j, key, v) {
		if (!strcmp(key, "RangeVar")) {
			const char *rn = pgq_str(v, "relname");
			bool cte = false;
			for (size_t i = 0; rn && !pgq_str(v, "schemaname") && i < c->n; i++)
				cte = cte || !strcmp(c->v[i], rn);
			if (!cte)
				lock_rv(a, f, v, m, why);
		} else {
			walk_rels(a, f, v, c, m, why);
		}
	}
}

/* Every relation a statement reads, but its member skip (the target of
 * INSERT/UPDATE/DELETE, or NULL): ACCESS SHARE. The WITH names of the
 * whole statement are not relations. */
static void lock_read(struct arena *a, struct lock_fact *f, cJSON *st, const char *skip, struct ctes *c)
{
	collect_ctes(st, c);
	if ((c->writes && !c->allow_writes) || c->full) {
		lockfact_unknown(f, c->full ? "too many WITH queries" : "INSERT, UPDATE or DELETE in WITH is not modelled here");
		return;
	}
	const char *key;
	cJSON *v;
	pgq_members(st, key, v)
		if (!skip || strcmp(key, skip) != 0)
			walk_rels(a, f, v, c, LOCK_ACCESS_SHARE, "read");
}

static const char *type_last_name(cJSON *tn)
{
	cJSON *names = pgq_list(tn, "names");
	size_t n = names ? pgq_len(names) : 0;
	return n ? pgq_sval(pgq_at(names, n - 1)) : NULL;
}

static void add_column(struct arena *a, struct lock_fact *f, cJSON *rel, cJSON *cd, const struct schema *s)
{
	struct lockfact_coldef d = { 0 };
	const char *tn = type_last_name(pgq_get(cd, "typeName"));
	const struct schema_domain *dom = tn ? schema_domain(s, NULL, tn) : NULL;
	/* a domain with a constraint: every row is checked, by a rewrite */
	d.volatile_default = dom && (dom->n_checks || dom->not_null);
	d.serial = tn && (!strcmp(tn, "serial") || !strcmp(tn, "bigserial") || !strcmp(tn, "smallserial") ||
			  !strcmp(tn, "serial4") || !strcmp(tn, "serial8"));
	cJSON *cons = pgq_list(cd, "constraints");
	for (cJSON *cons_el = pgq_first(cons); cons_el; cons_el = cons_el->next) {
		cJSON *c;
		if (!pgq_node(cons_el, &c))
			continue;
		const char *ct = pgq_str(c, "contype");
		if (!ct)
			continue;
		if (!strcmp(ct, "CONSTR_DEFAULT")) {
			d.has_default = true;
			d.volatile_default |= lockfact_volatile_expr(pgq_get(c, "raw_expr"), s);
		} else if (!strcmp(ct, "CONSTR_NOTNULL")) {
			d.not_null = true;
		} else if (!strcmp(ct, "CONSTR_IDENTITY")) {
			d.identity = true;
		} else if (!strcmp(ct, "CONSTR_GENERATED")) {
			d.generated = true;
		} else if (!strcmp(ct, "CONSTR_UNIQUE") || !strcmp(ct, "CONSTR_PRIMARY") || !strcmp(ct, "CONSTR_CHECK")) {
			d.index_constraint = true;
		} else if (!strcmp(ct, "CONSTR_FOREIGN")) {
			d.foreign_key = true;
		}
	}
	lockfact_add_column(a, f, pgq_str(rel, "schemaname"), pgq_str(rel, "relname"), &d);
	for (cJSON *cons_el = pgq_first(cons); cons_el; cons_el = cons_el->next) {
		cJSON *c;
		const char *ct = pgq_node(cons_el, &c) ? pgq_str(c, "contype") : NULL;
		if (ct && !strcmp(ct, "CONSTR_FOREIGN"))
			lock_rv(a, f, pgq_get(c, "pktable"), LOCK_SHARE_ROW_EXCLUSIVE,
				"referenced by the new foreign key");
	}
}

/* Is USING's expression the column itself, or a cast of it (the values
 * kept as they are)? */
static bool using_is_column(cJSON *e, const char *column)
{
	cJSON *inner;
	const char *k = pgq_node(e, &inner);
	while (k && !strcmp(k, "TypeCast"))
		k = pgq_node(pgq_get(inner, "arg"), &inner);
	if (!k || strcmp(k, "ColumnRef") != 0)
		return false;
	cJSON *fields = pgq_list(inner, "fields");
	size_t n = fields ? pgq_len(fields) : 0;
	const char *c = n ? pgq_sval(pgq_at(fields, n - 1)) : NULL;
	return c && column && !strcmp(c, column);
}

/* The new type of ALTER COLUMN TYPE, as lockfact_alter_type takes it. */
static void alter_type(struct arena *a, struct lock_fact *f, cJSON *rel, const char *column, cJSON *cd,
		       const struct schema *before)
{
	cJSON *tn = cd ? pgq_get(cd, "typeName") : NULL;
	long mods[8];
	size_t n = 0;
	cJSON *ml = pgq_list(tn, "typmods");
	for (cJSON *ml_el = pgq_first(ml); ml_el && n < sizeof(mods) / sizeof(mods[0]); ml_el = ml_el->next) {
		cJSON *inner;
		const char *k = pgq_node(ml_el, &inner);
		cJSON *iv = k && !strcmp(k, "A_Const") ? pgq_get(inner, "ival") : NULL;
		mods[n++] = iv ? pgq_int(iv, "ival", 0) : LOCKFACT_NOT_INT;
	}
	cJSON *bounds = tn ? pgq_list(tn, "arrayBounds") : NULL;
	cJSON *using = cd ? pgq_get(cd, "raw_default") : NULL;
	struct lockfact_newtype nt = { tn ? type_last_name(tn) : NULL, mods, n, bounds && pgq_len(bounds) > 0,
				       using && !using_is_column(using, column), cd ? schema_pg_collation(cd) : NULL };
	/* a domain: its base type, unless a constraint of it must be checked
	 * on every row (the table is rewritten then) */
	const struct schema_domain *d = nt.name ? schema_domain(before, NULL, nt.name) : NULL;
	if (d && (d->n_checks || d->not_null || !d->base_name)) {
		nt.using_expr = true;
	} else if (d) {
		nt.name = d->base_name;
		nt.mods = d->mods;
		nt.n_mods = d->n_mods;
		nt.array = nt.array || d->array;
	}
	lockfact_alter_type(a, f, before, pgq_str(rel, "schemaname"), pgq_str(rel, "relname"), column, &nt);
}

/* SET/RESET (storage parameters): PostgreSQL takes the strongest level
 * of the parameters named; fillfactor, the toast and autovacuum ones and
 * parallel_workers are SHARE UPDATE EXCLUSIVE (ALTER TABLE's page), the
 * others (user_catalog_table ...) ACCESS EXCLUSIVE. */
static enum lock_mode reloptions_mode(cJSON *def)
{
	static const char *const sue[] = { "fillfactor", "parallel_workers", "vacuum_index_cleanup", "vacuum_truncate",
					   "log_autovacuum_min_duration", "toast_tuple_target" };
	cJSON *inner;
	const char *k = def ? pgq_node(def, &inner) : NULL;
	cJSON *items = k && !strcmp(k, "List") ? pgq_list(inner, "items") : NULL;
	if (!items || !pgq_len(items))
		return LOCK_ACCESS_EXCLUSIVE;
	for (cJSON *items_el = pgq_first(items); items_el; items_el = items_el->next) {
		cJSON *d;
		const char *dk = pgq_node(items_el, &d);
		const char *name = dk && !strcmp(dk, "DefElem") ? pgq_str(d, "defname") : NULL;
		const char *ns = dk && !strcmp(dk, "DefElem") ? pgq_str(d, "defnamespace") : NULL;
		bool weak = name && (!strncmp(name, "autovacuum_", 11) || (ns && !strcmp(ns, "toast")));
		for (size_t j = 0; name && j < sizeof(sue) / sizeof(sue[0]); j++)
			weak = weak || !strcmp(name, sue[j]);
		if (!weak)
			return LOCK_ACCESS_EXCLUSIVE;
	}
	return LOCK_SHARE_UPDATE_EXCLUSIVE;
}

/* The schema's constraint of that name on the table rel (or the one
 * PostgreSQL gave that name), or NULL. */
static const struct schema_constraint *table_constraint(const struct schema *s, cJSON *rel, const char *name,
							 struct schema_table **t)
{
	return lockfact_constraint(s, pgq_str(rel, "schemaname"), pgq_str(rel, "relname"), name, t);
}

/* Would PRIMARY KEY USING INDEX ix have to check its columns for NULL
 * (one of them may be NULL, or the schema does not say)? */
static bool pk_columns_nullable(const struct schema *s, cJSON *rel, const char *ix)
{
	struct schema_table *t = lockfact_table(s, pgq_str(rel, "schemaname"), pgq_str(rel, "relname"));
	const struct schema_index *x = NULL;
	for (size_t i = 0; t && ix && i < t->n_idx; i++)
		if (t->idx[i].name && !strcmp(t->idx[i].name, ix))
			x = &t->idx[i];
	if (!x || !x->n_cols)
		return true;
	for (size_t i = 0; i < x->n_cols; i++) {
		const struct schema_column *c = schema_column(t, x->cols[i]);
		if (!c || c->nullable)
			return true;
	}
	return false;
}

static void alter_table(struct arena *a, struct lock_fact *f, cJSON *st, const struct schema *before)
{
	cJSON *rel = pgq_get(st, "relation");
	cJSON *cmds = pgq_list(st, "cmds");
	for (cJSON *cmds_el = pgq_first(cmds); cmds_el; cmds_el = cmds_el->next) {
		cJSON *cmd;
		if (!pgq_node(cmds_el, &cmd))
			continue;
		const char *sub = pgq_str(cmd, "subtype");
		cJSON *def = pgq_get(cmd, "def"), *inner = NULL;
		const char *dk = def ? pgq_node(def, &inner) : NULL;
		if (!sub) {
			lockfact_unknown(f, "an ALTER TABLE sub-command without a type");
			return;
		}
		if (!strcmp(sub, "AT_AddColumn") && dk && !strcmp(dk, "ColumnDef")) {
			struct schema_table *t = lockfact_table(before, pgq_str(rel, "schemaname"), pgq_str(rel, "relname"));
			if (cJSON_IsTrue(pgq_get(cmd, "missing_ok")) && t && schema_column(t, pgq_str(inner, "colname"))) {
				/* IF NOT EXISTS of a column the table has: nothing added */
				lock_rv(a, f, rel, LOCK_ACCESS_EXCLUSIVE, "altered");
				f->note = "the column exists: IF NOT EXISTS adds nothing";
			} else {
				add_column(a, f, rel, inner, before);
			}
		} else if (!strcmp(sub, "AT_DropColumn")) {
			lock_rv(a, f, rel, LOCK_ACCESS_EXCLUSIVE, "altered");
			/* CASCADE drops the foreign keys onto the column */
			if (pgq_str(cmd, "behavior") && !strcmp(pgq_str(cmd, "behavior"), "DROP_CASCADE"))
				lockfact_fk_children(a, f, before, pgq_str(rel, "schemaname"), pgq_str(rel, "relname"),
						     pgq_str(cmd, "name"), LOCK_ACCESS_EXCLUSIVE,
						     "its foreign key onto the column is dropped by CASCADE");
			/* a foreign key on the column goes, with its triggers on the
			 * referenced table */
			lockfact_fk_parents(a, f, before, pgq_str(rel, "schemaname"), pgq_str(rel, "relname"),
					    pgq_str(cmd, "name"), LOCK_ACCESS_EXCLUSIVE,
					    "loses the triggers of a dropped foreign key");
		} else if (!strcmp(sub, "AT_SetTableSpace")) {
			/* a move copies the files; the model keeps no tablespaces, so
			 * the table is taken to be in the default one */
			lock_rv(a, f, rel, LOCK_ACCESS_EXCLUSIVE, "moved to another tablespace");
			const char *ts = pgq_str(cmd, "name");
			f->rewrite = ts && !strcmp(ts, "pg_default") ? 0 : 1;
			f->note = "assumes the table is in pg_default now: a move to the tablespace it is in copies nothing";
		} else if (!strcmp(sub, "AT_SetUnLogged") || !strcmp(sub, "AT_SetLogged")) {
			lock_rv(a, f, rel, LOCK_ACCESS_EXCLUSIVE, "altered");
			/* a table already so is left as it is (ATPrepChangePersistence):
			 * known only of a table the migrations made */
			bool to_unlogged = !strcmp(sub, "AT_SetUnLogged");
			const struct schema_table *pt = lockfact_table(before, pgq_str(rel, "schemaname"), pgq_str(rel, "relname"));
			if (pt && !pt->uncertain && pt->unlogged == to_unlogged) {
				f->note = to_unlogged ? "the table is UNLOGGED already: nothing is rewritten"
						      : "the table is LOGGED already: nothing is rewritten";
			} else {
				f->rewrite = 1;
				f->scan = true;
			}
		} else if (!strcmp(sub, "AT_SetRelOptions") || !strcmp(sub, "AT_ResetRelOptions")) {
			lock_rv(a, f, rel, reloptions_mode(def), "storage parameters set");
		} else if (!strcmp(sub, "AT_AttachPartition") && dk && !strcmp(dk, "PartitionCmd")) {
			lock_rv(a, f, rel, LOCK_SHARE_UPDATE_EXCLUSIVE, "gets a partition");
			lock_rv(a, f, pgq_get(inner, "name"), LOCK_ACCESS_EXCLUSIVE, "attached");
			f->scan = true;
			f->note = "the attached table is scanned unless a valid CHECK implies the bound; a default "
				  "partition is locked ACCESS EXCLUSIVE and scanned too";
		} else if (!strcmp(sub, "AT_DetachPartition") && dk && !strcmp(dk, "PartitionCmd")) {
			bool conc = cJSON_IsTrue(pgq_get(inner, "concurrent"));
			lock_rv(a, f, rel, conc ? LOCK_SHARE_UPDATE_EXCLUSIVE : LOCK_ACCESS_EXCLUSIVE,
				"loses a partition");
			lock_rv(a, f, pgq_get(inner, "name"), LOCK_ACCESS_EXCLUSIVE, "detached");
			if (conc) {
				f->in_transaction = false;
				f->note = "SHARE UPDATE EXCLUSIVE on the partition first; ACCESS EXCLUSIVE at the end, "
					  "after waiting for every transaction using the partitioned table";
			}
		} else if (!strcmp(sub, "AT_DropNotNull") || !strcmp(sub, "AT_ChangeOwner") ||
			   !strcmp(sub, "AT_ColumnDefault") || !strcmp(sub, "AT_SetStorage") ||
			   !strcmp(sub, "AT_SetCompression") || !strcmp(sub, "AT_ReplicaIdentity") ||
			   !strcmp(sub, "AT_EnableRowSecurity") || !strcmp(sub, "AT_DisableRowSecurity") ||
			   !strcmp(sub, "AT_AlterConstraint") || !strcmp(sub, "AT_AddIdentity") ||
			   !strcmp(sub, "AT_SetIdentity") || !strcmp(sub, "AT_DropIdentity") ||
			   !strcmp(sub, "AT_DropExpression") || !strcmp(sub, "AT_ForceRowSecurity") ||
			   !strcmp(sub, "AT_NoForceRowSecurity")) {
			lock_rv(a, f, rel, LOCK_ACCESS_EXCLUSIVE, "altered");
		} else if (!strcmp(sub, "AT_AddOf") || !strcmp(sub, "AT_DropOf")) {
			/* the columns are matched against the type in the catalog:
			 * no row is read */
			lock_rv(a, f, rel, LOCK_ACCESS_EXCLUSIVE, !strcmp(sub, "AT_AddOf") ? "made a typed table"
											: "no longer a typed table");
		} else if (!strcmp(sub, "AT_SetAccessMethod")) {
			/* the same access method is left as it is (ATPrepSetAccessMethod);
			 * tables are taken to be heap, the only one built in */
			lock_rv(a, f, rel, LOCK_ACCESS_EXCLUSIVE, "its access method set");
			const char *am = pgq_str(cmd, "name");
			if (!am || strcmp(am, "heap") != 0) {
				f->rewrite = 1;
				f->scan = true;
			}
			f->note = "assumes the table's access method is heap: a change to another rewrites it";
		} else if (!strcmp(sub, "AT_AddInherit") || !strcmp(sub, "AT_DropInherit")) {
			bool add = !strcmp(sub, "AT_AddInherit");
			lock_rv(a, f, rel, LOCK_ACCESS_EXCLUSIVE, add ? "inherits" : "stops inheriting");
			lock_rv(a, f, def && dk && !strcmp(dk, "RangeVar") ? inner : NULL,
				add ? LOCK_SHARE_UPDATE_EXCLUSIVE : LOCK_ACCESS_SHARE, add ? "gets a child" : "loses a child");
			/* the child's columns and constraints are matched in the
			 * catalog: no row is read */
		} else if (!strcmp(sub, "AT_SetNotNull")) {
			lock_rv(a, f, rel, LOCK_ACCESS_EXCLUSIVE, "altered");
			/* NOT NULL already, or a valid CHECK (col IS NOT NULL), spares the scan */
			if (lockfact_set_not_null_scans(
				    lockfact_table(before, pgq_str(rel, "schemaname"), pgq_str(rel, "relname")),
				    pgq_str(cmd, "name")))
				f->scan = true;
		} else if (!strcmp(sub, "AT_AlterColumnType")) {
			alter_type(a, f, rel, pgq_str(cmd, "name"), dk && !strcmp(dk, "ColumnDef") ? inner : NULL, before);
		} else if (!strcmp(sub, "AT_SetStatistics") || !strcmp(sub, "AT_SetOptions") ||
			   !strcmp(sub, "AT_ResetOptions") || !strcmp(sub, "AT_ClusterOn") ||
			   !strcmp(sub, "AT_DropCluster")) {
			lock_rv(a, f, rel, LOCK_SHARE_UPDATE_EXCLUSIVE, "altered");
		} else if (!strcmp(sub, "AT_ValidateConstraint")) {
			lock_rv(a, f, rel, LOCK_SHARE_UPDATE_EXCLUSIVE, "constraint validated");
			struct schema_table *ct = NULL;
			const struct schema_constraint *c = table_constraint(before, rel, pgq_str(cmd, "name"), &ct);
			/* a constraint valid already is left as it is: nothing read */
			if (c && !c->not_valid && ct && !ct->uncertain)
				continue;
			f->scan = true;
			if (c && c->kind == SCON_FOREIGN_KEY && c->ref_table)
				lockfact_rel(a, f, c->ref_schema, c->ref_table, LOCK_ROW_SHARE,
					     "checked by the validated foreign key");
			else if (!c)
				f->note = "validating a foreign key also takes ROW SHARE on the referenced table";
		} else if (!strcmp(sub, "AT_EnableTrig") || !strcmp(sub, "AT_DisableTrig") ||
			   !strcmp(sub, "AT_EnableTrigAll") || !strcmp(sub, "AT_DisableTrigAll") ||
			   !strcmp(sub, "AT_EnableTrigUser") || !strcmp(sub, "AT_DisableTrigUser") ||
			   !strcmp(sub, "AT_EnableReplicaTrig") || !strcmp(sub, "AT_EnableAlwaysTrig")) {
			lock_rv(a, f, rel, LOCK_SHARE_ROW_EXCLUSIVE, "triggers switched");
		} else if (!strcmp(sub, "AT_AddConstraint") && dk && !strcmp(dk, "Constraint")) {
			const char *ct = pgq_str(inner, "contype");
			bool not_valid = cJSON_IsTrue(pgq_get(inner, "skip_validation"));
			if (ct && !strcmp(ct, "CONSTR_FOREIGN")) {
				lock_rv(a, f, rel, LOCK_SHARE_ROW_EXCLUSIVE, "gets a foreign key");
				lock_rv(a, f, pgq_get(inner, "pktable"), LOCK_SHARE_ROW_EXCLUSIVE,
					"referenced by the new foreign key");
				if (!not_valid)
					f->scan = true;
			} else if (ct && !strcmp(ct, "CONSTR_CHECK")) {
				lock_rv(a, f, rel, LOCK_ACCESS_EXCLUSIVE, "gets a check constraint");
				if (!not_valid)
					f->scan = true;
			} else if (ct && (!strcmp(ct, "CONSTR_UNIQUE") || !strcmp(ct, "CONSTR_PRIMARY") ||
					  !strcmp(ct, "CONSTR_EXCLUSION"))) {
				lock_rv(a, f, rel, LOCK_ACCESS_EXCLUSIVE, "gets an index-backed constraint");
				/* USING INDEX reuses an existing index: no build; a
				 * primary key still checks its columns are not NULL */
				if (!pgq_str(inner, "indexname"))
					f->scan = true;
				else if (!strcmp(ct, "CONSTR_PRIMARY"))
					f->scan = pk_columns_nullable(before, rel, pgq_str(inner, "indexname"));
			} else {
				lockfact_unknown(f, "a constraint kind the model does not know");
				return;
			}
		} else if (!strcmp(sub, "AT_DropConstraint")) {
			bool cascade = pgq_str(cmd, "behavior") && !strcmp(pgq_str(cmd, "behavior"), "DROP_CASCADE");
			lockfact_drop_constraint(a, f, before, pgq_str(rel, "schemaname"), pgq_str(rel, "relname"),
						 pgq_str(cmd, "name"), cascade);
		} else {
			char *why = arena_printf(a, "ALTER TABLE %s is not modelled", sub);
			lockfact_unknown(f, why);
			return;
		}
	}
}

/* The table of an index the statement names (the default schema's first
 * when unqualified), or NULL. */
static struct schema_table *index_table(const struct schema *s, cJSON *rv)
{
	return lockfact_index_table(s, pgq_str(rv, "schemaname"), pgq_str(rv, "relname"), NULL);
}

/* ALTER INDEX: storage parameters and the tablespace lock the index
 * only; ATTACH PARTITION reads both indexes' tables. */
static void alter_index(struct arena *a, struct lock_fact *f, cJSON *st, const struct schema *before)
{
	cJSON *cmds = pgq_list(st, "cmds");
	for (cJSON *el = pgq_first(cmds); el; el = el->next) {
		cJSON *cmd;
		if (!pgq_node(el, &cmd))
			continue;
		const char *sub = pgq_str(cmd, "subtype");
		if (sub && (!strcmp(sub, "AT_SetRelOptions") || !strcmp(sub, "AT_ResetRelOptions") ||
			    !strcmp(sub, "AT_SetTableSpace") || !strcmp(sub, "AT_SetStatistics"))) {
			f->note = "no table lock; the index itself is locked (index locks are not modelled)";
		} else if (sub && !strcmp(sub, "AT_AttachPartition")) {
			cJSON *def = pgq_get(cmd, "def"), *pc = NULL;
			const char *dk = def ? pgq_node(def, &pc) : NULL;
			struct schema_table *parent = index_table(before, pgq_get(st, "relation"));
			struct schema_table *child = dk && !strcmp(dk, "PartitionCmd") ? index_table(before, pgq_get(pc, "name"))
											: NULL;
			if (!parent || !child) {
				lockfact_unknown(f, "ALTER INDEX ... ATTACH PARTITION of indexes whose tables the schema does "
						    "not know");
				return;
			}
			lockfact_rel(a, f, parent->schema, parent->name, LOCK_ACCESS_SHARE, "its index gets a partition");
			lockfact_rel(a, f, child->schema, child->name, LOCK_ACCESS_SHARE, "its index is attached");
		} else {
			lockfact_unknown(f, arena_printf(a, "ALTER INDEX %s is not modelled", sub ? sub : "?"));
			return;
		}
	}
}

/* ALTER TYPE ... ADD / DROP / ALTER ATTRIBUTE of a composite type: the
 * type only. A column of the type keeps its values (a composite datum
 * carries its own layout), and a type change of an attribute in use is
 * refused; a typed table (CREATE TABLE ... OF) refuses it too, unless
 * CASCADE, which alters those tables, and the schema does not keep them. */
static void alter_type_attributes(struct arena *a, struct lock_fact *f, cJSON *st)
{
	for (cJSON *el = pgq_first(pgq_list(st, "cmds")); el; el = el->next) {
		cJSON *cmd;
		const char *sub = pgq_node(el, &cmd) ? pgq_str(cmd, "subtype") : NULL;
		const char *beh = sub ? pgq_str(cmd, "behavior") : NULL;
		if (!sub || (strcmp(sub, "AT_AddColumn") != 0 && strcmp(sub, "AT_DropColumn") != 0 &&
			     strcmp(sub, "AT_AlterColumnType") != 0)) {
			lockfact_unknown(f, arena_printf(a, "ALTER TYPE %s is not modelled", sub ? sub : "?"));
			return;
		}
		if (beh && !strcmp(beh, "DROP_CASCADE")) {
			lockfact_unknown(f, "ALTER TYPE ... CASCADE alters the typed tables of the type, which the schema "
					    "does not keep");
			return;
		}
	}
	f->note = "no table lock; ACCESS EXCLUSIVE on the type (a typed table of it refuses the change)";
}

/* ALTER SEQUENCE ... OWNER TO / SET LOGGED / SET UNLOGGED (ALTER TABLE's
 * sub-commands): the sequence is locked, no table (an owned sequence's
 * owner follows its table's). */
static void alter_sequence_cmds(struct arena *a, struct lock_fact *f, cJSON *st)
{
	for (cJSON *el = pgq_first(pgq_list(st, "cmds")); el; el = el->next) {
		cJSON *cmd;
		const char *sub = pgq_node(el, &cmd) ? pgq_str(cmd, "subtype") : NULL;
		if (!sub || (strcmp(sub, "AT_ChangeOwner") != 0 && strcmp(sub, "AT_SetLogged") != 0 &&
			     strcmp(sub, "AT_SetUnLogged") != 0)) {
			lockfact_unknown(f, arena_printf(a, "ALTER SEQUENCE %s is not modelled", sub ? sub : "?"));
			return;
		}
	}
	f->note = "no table lock; the sequence itself is locked (sequences are not modelled)";
}

/* ALTER ... SET SCHEMA: a table, view or materialized view is moved under
 * ACCESS EXCLUSIVE; a sequence, type, domain, function or extension locks
 * no table. */
static void set_schema(struct arena *a, struct lock_fact *f, cJSON *st)
{
	const char *ot = pgq_str(st, "objectType");
	static const char *const none[] = { "OBJECT_SEQUENCE", "OBJECT_TYPE",	   "OBJECT_DOMAIN",
					    "OBJECT_FUNCTION", "OBJECT_PROCEDURE", "OBJECT_EXTENSION" };
	if (ot && (!strcmp(ot, "OBJECT_TABLE") || !strcmp(ot, "OBJECT_VIEW") || !strcmp(ot, "OBJECT_MATVIEW"))) {
		lock_rv(a, f, pgq_get(st, "relation"), LOCK_ACCESS_EXCLUSIVE, "moved");
		return;
	}
	for (size_t i = 0; ot && i < sizeof(none) / sizeof(none[0]); i++)
		if (!strcmp(ot, none[i]))
			return;
	lockfact_unknown(f, arena_printf(a, "ALTER ... SET SCHEMA of %s is not modelled", ot ? ot : "?"));
}

/* DROP SCHEMA: empty, it locks nothing (not empty, it fails without
 * CASCADE); CASCADE drops every table, view and materialized view in it,
 * as DROP TABLE ... CASCADE each. */
static void drop_schemas(struct arena *a, struct lock_fact *f, cJSON *objs, const struct schema *s, bool cascade)
{
	for (cJSON *el = pgq_first(objs); cascade && el; el = el->next) {
		const char *sch = pgq_sval(el);
		if (!sch || !s) {
			lockfact_unknown(f, "DROP SCHEMA ... CASCADE without the schema's tables");
			return;
		}
		for (size_t i = 0; i < s->n_tables; i++)
			if (!s->tables[i]->dropped && s->tables[i]->schema && !strcmp(s->tables[i]->schema, sch))
				lockfact_drop_table(a, f, s, sch, s->tables[i]->name, true);
		for (size_t i = 0; i < s->n_views; i++)
			if (!s->views[i]->dropped && s->views[i]->schema && !strcmp(s->views[i]->schema, sch))
				lockfact_rel(a, f, sch, s->views[i]->name, LOCK_ACCESS_EXCLUSIVE, "dropped with its schema");
	}
}

/* DROP TYPE ... CASCADE drops the columns of that type: ACCESS
 * EXCLUSIVE on their tables (from the schema's column types). */
static void drop_type_cascade(struct arena *a, struct lock_fact *f, cJSON *objs, const struct schema *s)
{
	for (cJSON *el = pgq_first(objs); el; el = el->next) {
		cJSON *tn;
		const char *k = pgq_node(el, &tn);
		const char *name = k && !strcmp(k, "TypeName") ? type_last_name(tn) : NULL;
		for (size_t i = 0; s && name && i < s->n_tables; i++) {
			const struct schema_table *t = s->tables[i];
			for (size_t c = 0; !t->dropped && c < t->n_cols; c++)
				if (t->cols[c].type && !strcasecmp(t->cols[c].type, name)) {
					lockfact_rel(a, f, t->schema, t->name, LOCK_ACCESS_EXCLUSIVE,
						     "loses a column of the dropped type");
					break;
				}
		}
	}
	f->note = "CASCADE also drops the defaults and functions that use the type (not followed)";
}

/* Do two RangeVars name the same relation (no schema: the same as any)? */
static bool same_rel(cJSON *x, cJSON *y)
{
	const char *xn = pgq_str(x, "relname"), *yn = pgq_str(y, "relname");
	const char *xs = pgq_str(x, "schemaname"), *ys = pgq_str(y, "schemaname");
	return xn && yn && !strcmp(xn, yn) && (!xs || !ys || !strcmp(xs, ys));
}

/* An option's argument spelling false (FULL false, FULL 0, FULL off). */
static bool defelem_false(cJSON *arg)
{
	cJSON *inner;
	const char *k = arg ? pgq_node(arg, &inner) : NULL;
	if (!k)
		return false;
	if (!strcmp(k, "Integer"))
		return pgq_int(inner, "ival", 0) == 0;
	if (!strcmp(k, "Boolean"))
		return !cJSON_IsTrue(pgq_get(inner, "boolval"));
	const char *v = !strcmp(k, "String") ? pgq_str(inner, "sval") : NULL;
	return v && (!strcmp(v, "false") || !strcmp(v, "off") || !strcmp(v, "0"));
}

/* The materialized views created earlier in the same text, with their
 * queries (to know what a REFRESH reads). */
struct views {
	struct {
		const char *name;
		cJSON *query;
	} v[16];
	size_t n;
};

/* Does UPDATE's SET give the column NULL (the constant, or DEFAULT of a
 * column without one)? A NULL key is not checked. */
static bool set_to_null(cJSON *val, const struct schema_table *t, const char *col)
{
	cJSON *inner;
	const char *k = pgq_node(val, &inner);
	if (k && !strcmp(k, "A_Const"))
		return cJSON_IsTrue(pgq_get(inner, "isnull"));
	const struct schema_column *c = k && !strcmp(k, "SetToDefault") && t && !t->uncertain ? schema_column(t, col) : NULL;
	return c && !c->default_sql;
}

/* What a VALUES item gives its column. */
static enum lockfact_value values_item(cJSON *e)
{
	cJSON *inner;
	const char *k = pgq_node(e, &inner);
	if (k && !strcmp(k, "TypeCast"))
		k = pgq_node(pgq_get(inner, "arg"), &inner); /* NULL::int */
	if (k && !strcmp(k, "A_Const") && cJSON_IsTrue(pgq_get(inner, "isnull")))
		return LOCKFACT_NULL;
	return k && !strcmp(k, "SetToDefault") ? LOCKFACT_DEFAULT : LOCKFACT_GIVEN;
}

/* One row's values into dst[0..width): the items of a VALUES row, or
 * the values of a select list (select; false for a *, not expanded). */
static bool row_values(cJSON *first, bool select, enum lockfact_value *dst, size_t width)
{
	size_t k = 0;
	for (cJSON *el = first; el; el = el->next) {
		cJSON *rt, *cr, *li;
		cJSON *val = !select ? el : pgq_node(el, &rt) ? pgq_get(rt, "val") : NULL;
		const char *vk = select ? pgq_node(val, &cr) : NULL;
		cJSON *fields = vk && !strcmp(vk, "ColumnRef") ? pgq_list(cr, "fields") : NULL;
		cJSON *last = pgq_len(fields) ? pgq_at(fields, pgq_len(fields) - 1) : NULL;
		const char *lk = last ? pgq_node(last, &li) : NULL;
		if ((lk && !strcmp(lk, "A_Star")) || k == width)
			return false;
		dst[k++] = val ? values_item(val) : LOCKFACT_GIVEN;
	}
	return k == width; /* a VALUES row of another width: the server refuses it */
}

/* The rows of INSERT ... VALUES, DEFAULT VALUES or INSERT ... SELECT (its
 * select list gives every row the same NULL constants), ON CONFLICT DO
 * NOTHING or DO UPDATE (false: another form, a set operation, a * or a
 * column with a subscript, whose keys are not known from the text). */
static bool insert_rows(struct arena *a, cJSON *st, struct lockfact_rows *out)
{
	cJSON *oc = pgq_get(st, "onConflictClause");
	const char *act = oc ? pgq_str(oc, "action") : NULL;
	if (oc && (!act || (strcmp(act, "ONCONFLICT_NOTHING") && strcmp(act, "ONCONFLICT_UPDATE"))))
		return false;
	cJSON *cols = pgq_list(st, "cols");
	size_t nc = pgq_len(cols), i = 0;
	const char **names = arena_alloc(a, (nc ? nc : 1) * sizeof(*names));
	for (cJSON *el = pgq_first(cols); el; el = el->next) {
		cJSON *rt;
		if (!pgq_node(el, &rt) || !pgq_str(rt, "name") || pgq_len(pgq_list(rt, "indirection")))
			return false;
		names[i++] = pgq_str(rt, "name");
	}
	cJSON *sel = pgq_get(st, "selectStmt"), *q = NULL;
	if (!sel) { /* DEFAULT VALUES: every column its default */
		*out = (struct lockfact_rows){ names, 0, NULL, 1 };
		return !nc;
	}
	const char *sk = pgq_node(sel, &q);
	if (!sk || strcmp(sk, "SelectStmt") != 0 || pgq_get(q, "larg"))
		return false;
	cJSON *rows = pgq_list(q, "valuesLists");
	bool select = !pgq_len(rows);
	size_t nr = select ? 1 : pgq_len(rows);
	cJSON *first = select ? pgq_first(pgq_list(q, "targetList")) : pgq_first(rows);
	if (!first)
		return false;
	cJSON *row;
	size_t width = nc ? nc : select ? pgq_len(pgq_list(q, "targetList"))
				       : pgq_len(pgq_node(first, &row) ? pgq_list(row, "items") : NULL);
	enum lockfact_value *v = arena_alloc(a, (nr * width > 0 ? nr * width : 1) * sizeof(*v));
	size_t r = 0;
	for (cJSON *el = first; el && r < nr; el = el->next, r++) {
		cJSON *items = select ? el : pgq_first(pgq_node(el, &row) ? pgq_list(row, "items") : NULL);
		if (!row_values(items, select, v + r * width, width))
			return false;
	}
	*out = (struct lockfact_rows){ nc ? names : NULL, width, v, nr };
	return true;
}

/* What an INSERT, UPDATE or DELETE writes: ROW EXCLUSIVE on its table,
 * and the foreign key checks and actions, which lock the other side's
 * rows (FOR KEY SHARE, or written by ON DELETE / ON UPDATE). */
static void dml_writes(struct arena *a, struct lock_fact *f, const char *k, cJSON *st, const struct schema *before)
{
	cJSON *rel = pgq_get(st, "relation");
	const char *sch = pgq_str(rel, "schemaname"), *name = pgq_str(rel, "relname");
	lock_rv(a, f, rel, LOCK_ROW_EXCLUSIVE, "written");
	/* the foreign key checks lock the other side's rows FOR KEY SHARE;
	 * not after DISABLE TRIGGER ALL, which stops the keys' triggers */
	const struct schema_table *wt = lockfact_table(before, sch, name);
	if (wt && wt->ri_off) {
		f->note = "its foreign keys are not checked: DISABLE TRIGGER ALL stopped their triggers";
	} else if (!strcmp(k, "InsertStmt")) {
		struct lockfact_rows rows;
		if (insert_rows(a, st, &rows)) {
			lockfact_insert_rows_checks(a, f, before, sch, name, &rows);
			/* ON CONFLICT DO UPDATE: the keys its SET gives a value to are
			 * checked when a row conflicts (the strongest case) */
			const struct schema_table *t = lockfact_table(before, sch, name);
			cJSON *oc = pgq_get(st, "onConflictClause");
			for (cJSON *el = pgq_first(pgq_list(oc, "targetList")); el; el = el->next) {
				cJSON *rt;
				if (pgq_node(el, &rt) && pgq_str(rt, "name") &&
				    !set_to_null(pgq_get(rt, "val"), t, pgq_str(rt, "name")))
					lockfact_fk_checks(a, f, before, sch, name, pgq_str(rt, "name"));
			}
		} else {
			lockfact_insert_checks(a, f, before, sch, name);
		}
	} else if (!strcmp(k, "DeleteStmt")) {
		lockfact_fk_children_dml(a, f, before, sch, name, NULL, true, 0);
	} else {
		const struct schema_table *t = lockfact_table(before, sch, name);
		for (cJSON *el = pgq_first(pgq_list(st, "targetList")); el; el = el->next) {
			cJSON *rt;
			if (!pgq_node(el, &rt) || !pgq_str(rt, "name"))
				continue;
			if (!set_to_null(pgq_get(rt, "val"), t, pgq_str(rt, "name")))
				lockfact_fk_checks(a, f, before, sch, name, pgq_str(rt, "name"));
			lockfact_fk_children_dml(a, f, before, sch, name, pgq_str(rt, "name"), false, 0);
		}
	}
}

/* The INSERT, UPDATE and DELETE queries of WITH write as the statement
 * itself would. */
static void cte_writes(struct arena *a, struct lock_fact *f, const struct ctes *c, const struct schema *before)
{
	for (size_t i = 0; i < c->n_w; i++)
		dml_writes(a, f, c->w[i].kind, c->w[i].node, before);
}

/* CREATE / ALTER PUBLICATION: SHARE UPDATE EXCLUSIVE on each table it
 * names (FOR TABLES IN SCHEMA and FOR ALL TABLES lock none); SET TABLE
 * also drops the tables not named, which the schema does not know. */
static void publication(struct arena *a, struct lock_fact *f, cJSON *st)
{
	const char *act = pgq_str(st, "action");
	if (act && !strcmp(act, "AP_SetObjects")) {
		lockfact_unknown(f, "ALTER PUBLICATION ... SET is not modelled (the tables it drops are not known)");
		return;
	}
	for (cJSON *el = pgq_first(pgq_list(st, "pubobjects")); el; el = el->next) {
		cJSON *spec;
		if (pgq_node(el, &spec))
			lock_rv(a, f, pgq_get(pgq_get(spec, "pubtable"), "relation"), LOCK_SHARE_UPDATE_EXCLUSIVE,
				"published");
	}
}

/* COPY: FROM writes the table as an INSERT does, though it ignores rules
 * (its foreign key checks; the partitions its rows are routed to and the
 * triggers it fires: see partition_locks and trigger_locks); TO reads the
 * table named (not its children) or runs the query, reading its rows. */
static void copy_stmt(struct arena *a, struct lock_fact *f, cJSON *st, const struct schema *before)
{
	cJSON *rel = pgq_get(st, "relation");
	struct ctes c = { .n = 0 };
	if (rel && cJSON_IsTrue(pgq_get(st, "is_from"))) {
		lock_rv(a, f, rel, LOCK_ROW_EXCLUSIVE, "copied into");
		size_t n_read = f->n_rels;
		const struct schema_table *wt = lockfact_table(before, pgq_str(rel, "schemaname"), pgq_str(rel, "relname"));
		if (wt && wt->ri_off)
			f->note = "its foreign keys are not checked: DISABLE TRIGGER ALL stopped their triggers";
		else
			lockfact_insert_checks(a, f, before, pgq_str(rel, "schemaname"), pgq_str(rel, "relname"));
		lockfact_checks_note(f, n_read);
	} else if (rel) {
		lock_rv(a, f, rel, LOCK_ACCESS_SHARE, "copied out");
		f->scan = true;
	} else {
		cJSON *q = pgq_get(st, "query"), *inner = NULL;
		const char *qk = q ? pgq_node(q, &inner) : NULL;
		/* COPY (INSERT ... RETURNING) TO writes: not modelled */
		if (!qk || strcmp(qk, "SelectStmt") != 0) {
			lockfact_unknown(f, "COPY of a query other than a SELECT is not modelled");
			return;
		}
		lock_read(a, f, q, NULL, &c);
		f->scan = true;
	}
}

/* CREATE [OR REPLACE] RULE: ACCESS EXCLUSIVE on its table or view; the
 * server analyses the actions (not run), which opens the relations they
 * write ROW EXCLUSIVE and those they read ACCESS SHARE. NEW and OLD are
 * column references, no relations. */
static void rule_stmt(struct arena *a, struct lock_fact *f, cJSON *st)
{
	lock_rv(a, f, pgq_get(st, "relation"), LOCK_ACCESS_EXCLUSIVE, "gets a rule");
	struct ctes c = { .n = 0 };
	lock_read(a, f, pgq_get(st, "whereClause"), NULL, &c);
	for (cJSON *el = pgq_first(pgq_list(st, "actions")); f->known && el; el = el->next) {
		cJSON *act;
		const char *ak = pgq_node(el, &act);
		if (ak && (!strcmp(ak, "InsertStmt") || !strcmp(ak, "UpdateStmt") || !strcmp(ak, "DeleteStmt"))) {
			lock_rv(a, f, pgq_get(act, "relation"), LOCK_ROW_EXCLUSIVE, "written by the rule's action");
			struct ctes ac = { .n = 0 };
			lock_read(a, f, act, "relation", &ac);
		} else if (ak && !strcmp(ak, "SelectStmt")) {
			struct ctes ac = { .n = 0 };
			lock_read(a, f, act, NULL, &ac);
		} else if (!ak || strcmp(ak, "NotifyStmt") != 0) {
			lockfact_unknown(f, arena_printf(a, "a rule action %s is not modelled", ak ? ak : "?"));
			return;
		}
	}
	f->note = "the schema model keeps only that the table has a rule: a write to it is unknown from now on";
}

/* Has the table rv names a rule? */
static bool ruled(const struct schema *s, cJSON *rv)
{
	const struct schema_table *t = rv ? lockfact_table(s, pgq_str(rv, "schemaname"), pgq_str(rv, "relname")) : NULL;
	return t && t->n_rules;
}

/* COMMENT ON an object that is no relation nor on one: no table lock. */
static bool comment_locks_nothing(const char *ot)
{
	static const char *const none[] = { "OBJECT_TYPE",	"OBJECT_FUNCTION",  "OBJECT_SCHEMA",  "OBJECT_DOMAIN",
					    "OBJECT_EXTENSION", "OBJECT_PROCEDURE", "OBJECT_ROUTINE", "OBJECT_ROLE",
					    "OBJECT_DATABASE",	"OBJECT_AGGREGATE", "OBJECT_COLLATION", "OBJECT_DOMCONSTRAINT",
					    "OBJECT_STATISTIC_EXT" };
	for (size_t i = 0; ot && i < sizeof(none) / sizeof(none[0]); i++)
		if (!strcmp(ot, none[i]))
			return true;
	return false;
}

static void one(struct arena *a, struct lock_fact *f, const struct pgq_stmt *ps, const struct schema *before,
		struct views *vw)
{
	cJSON *st = ps->node;
	const char *k = ps->kind;
	if (!strcmp(k, "AlterTableStmt")) {
		const char *ot = pgq_str(st, "objtype");
		cJSON *arv = pgq_get(st, "relation");
		if (ot && !strcmp(ot, "OBJECT_TABLE") && cJSON_IsTrue(pgq_get(st, "missing_ok")) &&
		    schema_table_gone(before, pgq_str(arv, "schemaname"), pgq_str(arv, "relname"))) {
			f->note = "IF EXISTS of a table the migrations dropped: the statement does nothing, no lock";
			return;
		}
		if (ot && !strcmp(ot, "OBJECT_INDEX")) {
			alter_index(a, f, st, before);
			return;
		}
		if (ot && !strcmp(ot, "OBJECT_SEQUENCE")) {
			alter_sequence_cmds(a, f, st);
			return;
		}
		if (ot && !strcmp(ot, "OBJECT_TYPE")) {
			alter_type_attributes(a, f, st);
			return;
		}
		if (ot && strcmp(ot, "OBJECT_TABLE") != 0 && strcmp(ot, "OBJECT_VIEW") != 0 &&
		    strcmp(ot, "OBJECT_MATVIEW") != 0) {
			lockfact_unknown(f, arena_printf(a, "ALTER of %s is not modelled", ot));
			return;
		}
		alter_table(a, f, st, before);
	} else if (!strcmp(k, "CreateStmt")) {
		/* a new table locks nothing existing but the tables its foreign
		 * keys reference (a key onto itself locks only the new table) */
		cJSON *elts = pgq_list(st, "tableElts");
		cJSON *self = pgq_get(st, "relation");
		if (cJSON_IsTrue(pgq_get(st, "if_not_exists")) &&
		    lockfact_table(before, pgq_str(self, "schemaname"), pgq_str(self, "relname"))) {
			f->note = "the table exists: IF NOT EXISTS creates nothing";
			return;
		}
		for (cJSON *elts_el = pgq_first(elts); elts_el; elts_el = elts_el->next) {
			cJSON *inner;
			const char *ek = pgq_node(elts_el, &inner);
			cJSON *cons = ek && !strcmp(ek, "ColumnDef") ? pgq_list(inner, "constraints") : NULL;
			if (ek && !strcmp(ek, "Constraint")) {
				const char *ct = pgq_str(inner, "contype");
				if (ct && !strcmp(ct, "CONSTR_FOREIGN") && !same_rel(pgq_get(inner, "pktable"), self))
					lock_rv(a, f, pgq_get(inner, "pktable"), LOCK_SHARE_ROW_EXCLUSIVE,
						"referenced by a foreign key of the new table");
			}
			for (cJSON *cons_el = pgq_first(cons); cons_el; cons_el = cons_el->next) {
				cJSON *ci;
				if (!pgq_node(cons_el, &ci))
					continue;
				const char *ct = pgq_str(ci, "contype");
				if (ct && !strcmp(ct, "CONSTR_FOREIGN") && !same_rel(pgq_get(ci, "pktable"), self))
					lock_rv(a, f, pgq_get(ci, "pktable"), LOCK_SHARE_ROW_EXCLUSIVE,
						"referenced by a foreign key of the new table");
			}
		}
		for (cJSON *elts_el = pgq_first(elts); elts_el; elts_el = elts_el->next) {
			cJSON *inner;
			const char *ek = pgq_node(elts_el, &inner);
			if (ek && !strcmp(ek, "TableLikeClause"))
				lock_rv(a, f, pgq_get(inner, "relation"), LOCK_ACCESS_SHARE, "copied by LIKE");
		}
		cJSON *inh = pgq_list(st, "inhRelations");
		if (inh && pgq_len(inh) && !pgq_get(st, "partbound")) {
			/* MergeAttributes: self-exclusive, against a second child
			 * added at once and a concurrent ANALYZE */
			for (cJSON *inh_el = pgq_first(inh); inh_el; inh_el = inh_el->next) {
				cJSON *rv;
				if (pgq_node(inh_el, &rv))
					lock_rv(a, f, rv, LOCK_SHARE_UPDATE_EXCLUSIVE, "gets an inheritance child");
			}
			return;
		}
		/* a new partition: the partitioned table is locked whole */
		for (cJSON *inh_el = pgq_first(inh); inh_el; inh_el = inh_el->next) {
			cJSON *rv;
			if (pgq_node(inh_el, &rv))
				lock_rv(a, f, rv, LOCK_ACCESS_EXCLUSIVE, "gets a new partition");
		}
	} else if (!strcmp(k, "CreateTableAsStmt")) {
		/* CREATE TABLE AS / CREATE MATERIALIZED VIEW: the query's tables */
		const char *ot = pgq_str(st, "objtype");
		if (ot && strcmp(ot, "OBJECT_TABLE") != 0 && strcmp(ot, "OBJECT_MATVIEW") != 0) {
			lockfact_unknown(f, arena_printf(a, "CREATE %s AS is not modelled", ot));
			return;
		}
		struct ctes c = { .n = 0 };
		lock_read(a, f, pgq_get(st, "query"), NULL, &c);
		cJSON *into = pgq_get(st, "into");
		/* WITH NO DATA: the query is planned, not run */
		f->scan = !cJSON_IsTrue(pgq_get(into, "skipData"));
		/* IF NOT EXISTS of one the schema has: its query is analysed
		 * (the locks), not run */
		cJSON *nrel = pgq_get(into, "rel");
		if (cJSON_IsTrue(pgq_get(st, "if_not_exists")) && before &&
		    (schema_view(before, pgq_str(nrel, "schemaname"), pgq_str(nrel, "relname")) ||
		     schema_table(before, pgq_str(nrel, "schemaname"), pgq_str(nrel, "relname"))))
			f->scan = false;
		if (ot && !strcmp(ot, "OBJECT_MATVIEW") && into && vw->n < sizeof(vw->v) / sizeof(vw->v[0])) {
			vw->v[vw->n].name = pgq_str(pgq_get(into, "rel"), "relname");
			vw->v[vw->n++].query = pgq_get(st, "query");
		}
	} else if (!strcmp(k, "RefreshMatViewStmt")) {
		cJSON *rel = pgq_get(st, "relation");
		bool conc = cJSON_IsTrue(pgq_get(st, "concurrent"));
		lock_rv(a, f, rel, conc ? LOCK_EXCLUSIVE : LOCK_ACCESS_EXCLUSIVE, "refreshed");
		f->scan = true;
		/* a plain refresh fills a new relfilenode; CONCURRENTLY applies a diff */
		f->rewrite = !conc;
		cJSON *q = NULL;
		for (size_t i = 0; i < vw->n; i++)
			if (vw->v[i].name && pgq_str(rel, "relname") && !strcmp(vw->v[i].name, pgq_str(rel, "relname")))
				q = vw->v[i].query;
		struct ctes c = { .n = 0 };
		if (cJSON_IsTrue(pgq_get(st, "skipData")))
			f->scan = false; /* WITH NO DATA: the query is not run */
		else if (q)
			lock_read(a, f, q, NULL, &c);
		else
			f->note = "ACCESS SHARE on the tables the view reads (the schema model keeps no view's query)";
	} else if (!strcmp(k, "IndexStmt")) {
		cJSON *rel = pgq_get(st, "relation");
		lockfact_create_index(a, f, pgq_str(rel, "schemaname"), pgq_str(rel, "relname"),
				      cJSON_IsTrue(pgq_get(st, "concurrent")));
		/* IF NOT EXISTS of an index the schema has: the lock, no build */
		struct schema_table *it = NULL;
		if (cJSON_IsTrue(pgq_get(st, "if_not_exists")) && pgq_str(st, "idxname") && before &&
		    schema_index_in(before, pgq_str(rel, "schemaname") ? pgq_str(rel, "schemaname") : "",
				    pgq_str(st, "idxname"), &it)) {
			f->scan = false;
			f->note = "the index exists: IF NOT EXISTS builds nothing";
		}
	} else if (!strcmp(k, "ReindexStmt")) {
		const char *rk = pgq_str(st, "kind");
		cJSON *rel = pgq_get(st, "relation");
		bool conc = false;
		cJSON *params = pgq_list(st, "params");
		for (cJSON *params_el = pgq_first(params); params_el; params_el = params_el->next) {
			cJSON *d;
			const char *dk = pgq_node(params_el, &d);
			if (dk && !strcmp(dk, "DefElem") && pgq_str(d, "defname") &&
			    !strcmp(pgq_str(d, "defname"), "concurrently"))
				conc = !defelem_false(pgq_get(d, "arg"));
		}
		/* SHARE on the table, ACCESS EXCLUSIVE on the indexes rebuilt
		 * (the REINDEX page, not the table of 13.3.1, is right) */
		enum lock_mode m = conc ? LOCK_SHARE_UPDATE_EXCLUSIVE : LOCK_SHARE;
		f->in_transaction = !conc;
		f->scan = true;
		if (rk && !strcmp(rk, "REINDEX_OBJECT_TABLE")) {
			lock_rv(a, f, rel, m, "its indexes rebuilt");
		} else if (rk && !strcmp(rk, "REINDEX_OBJECT_INDEX")) {
			struct schema_table *t = index_table(before, rel);
			if (t) {
				lockfact_rel(a, f, t->schema, t->name, m, "an index rebuilt");
				/* the index of a partitioned table is rebuilt on each
				 * partition, each in a transaction of its own, as
				 * REINDEX TABLE of it is */
				if (t->partitioned) {
					lockfact_partitioned(a, f, before, t->schema, t->name, false);
					f->in_transaction = false;
				}
			} else {
				lockfact_unknown(f, "REINDEX INDEX of an index whose table the schema does not know");
				return;
			}
		} else if (rk && !strcmp(rk, "REINDEX_OBJECT_SCHEMA") && before) {
			/* each table and materialized view of the schema, each in a
			 * transaction of its own (partitioned tables have no storage:
			 * their partitions are among the schema's tables) */
			const char *sch = pgq_str(st, "name");
			f->in_transaction = false;
			f->scan = false;
			for (size_t i = 0; sch && i < before->n_tables; i++) {
				const struct schema_table *t = before->tables[i];
				if (t->dropped || t->partitioned || !schema_same_schema(t->schema, sch))
					continue;
				lockfact_rel(a, f, t->schema, t->name, m, "its indexes rebuilt");
				for (size_t c = 0; !f->scan && c < t->n_cons; c++)
					f->scan = t->cons[c].kind != SCON_CHECK && t->cons[c].kind != SCON_FOREIGN_KEY;
				f->scan = f->scan || t->n_idx;
			}
			for (size_t i = 0; sch && i < before->n_views; i++) {
				const struct schema_view *v = before->views[i];
				if (!v->dropped && v->materialized && schema_same_schema(v->schema, sch))
					lockfact_rel(a, f, v->schema, v->name, m, "its indexes rebuilt");
			}
			f->note = "the tables the migrations made in the schema (tables made outside them are rebuilt too)";
		} else {
			lockfact_unknown(f, arena_printf(a, "%s is not modelled", rk ? rk : "REINDEX"));
			return;
		}
	} else if (!strcmp(k, "DropStmt")) {
		const char *rt = pgq_str(st, "removeType");
		bool conc = cJSON_IsTrue(pgq_get(st, "concurrent"));
		bool cascade = pgq_str(st, "behavior") && !strcmp(pgq_str(st, "behavior"), "DROP_CASCADE");
		cJSON *objs = pgq_list(st, "objects");
		if (rt && (!strcmp(rt, "OBJECT_TABLE") || !strcmp(rt, "OBJECT_VIEW") ||
			   !strcmp(rt, "OBJECT_MATVIEW"))) {
			for (cJSON *objs_el = pgq_first(objs); objs_el; objs_el = objs_el->next) {
				cJSON *inner;
				if (!pgq_node(objs_el, &inner))
					continue;
				cJSON *items = pgq_list(inner, "items");
				size_t n = items ? pgq_len(items) : 0;
				const char *sch = n >= 2 ? pgq_sval(pgq_at(items, n - 2)) : NULL;
				const char *name = n ? pgq_sval(pgq_at(items, n - 1)) : NULL;
				if (!name)
					continue;
				if (!strcmp(rt, "OBJECT_TABLE") && cJSON_IsTrue(pgq_get(st, "missing_ok")) &&
				    schema_table_gone(before, sch, name)) {
					f->note = "IF EXISTS of a table the migrations dropped: nothing to drop, no lock";
					continue;
				}
				lockfact_drop_table(a, f, before, sch, name, cascade);
			}
		} else if (rt && !strcmp(rt, "OBJECT_SCHEMA")) {
			drop_schemas(a, f, objs, before, cascade);
		} else if (rt && !strcmp(rt, "OBJECT_STATISTIC_EXT")) {
			/* SHARE UPDATE EXCLUSIVE on the object's table, as CREATE
			 * STATISTICS takes (the schema keeps which table) */
			for (cJSON *objs_el = pgq_first(objs); objs_el; objs_el = objs_el->next) {
				cJSON *l;
				const char *ss, *sn;
				pgq_qualified(pgq_node(objs_el, &l) ? pgq_list(l, "items") : NULL, &ss, &sn);
				const struct schema_table *stt = schema_stat_table(before, ss, sn, NULL);
				if (!stt) {
					lockfact_unknown(f, "DROP STATISTICS of a statistics object the migrations did not make: "
							    "its table is not known");
					return;
				}
				lockfact_rel(a, f, stt->schema, stt->name, LOCK_SHARE_UPDATE_EXCLUSIVE, "loses statistics");
			}
		} else if (rt && !strcmp(rt, "OBJECT_INDEX")) {
			/* the statement names the index; the schema knows its table */
			f->in_transaction = !conc;
			for (cJSON *objs_el = pgq_first(objs); objs_el; objs_el = objs_el->next) {
				cJSON *inner;
				if (!pgq_node(objs_el, &inner))
					continue;
				cJSON *items = pgq_list(inner, "items");
				size_t n = items ? pgq_len(items) : 0;
				const char *ix = n ? pgq_sval(pgq_at(items, n - 1)) : NULL;
				const char *ixs = n >= 2 ? pgq_sval(pgq_at(items, n - 2)) : NULL;
				if (!ix && cJSON_IsTrue(pgq_get(st, "missing_ok")))
					continue;
				if (!lockfact_drop_index(a, f, before, ixs, ix, conc, cascade))
					return;
			}
			if (conc)
				f->note = "ACCESS EXCLUSIVE on the index at the end; waits for transactions using the table";
		} else if (rt && (!strcmp(rt, "OBJECT_TYPE") || !strcmp(rt, "OBJECT_SEQUENCE") ||
				  !strcmp(rt, "OBJECT_FUNCTION") || !strcmp(rt, "OBJECT_PROCEDURE") ||
				  !strcmp(rt, "OBJECT_ROUTINE") || !strcmp(rt, "OBJECT_TRIGGER") ||
				  !strcmp(rt, "OBJECT_EXTENSION") || !strcmp(rt, "OBJECT_POLICY") ||
				  !strcmp(rt, "OBJECT_DOMAIN") || !strcmp(rt, "OBJECT_PUBLICATION") ||
				  !strcmp(rt, "OBJECT_RULE"))) {
			/* a domain is a type: CASCADE drops its columns alike */
			if (cascade && (!strcmp(rt, "OBJECT_TYPE") || !strcmp(rt, "OBJECT_DOMAIN")))
				drop_type_cascade(a, f, objs, before);
			else if (cascade && !strcmp(rt, "OBJECT_SEQUENCE"))
				for (cJSON *el = pgq_first(objs); el; el = el->next) {
					cJSON *l;
					const char *ss, *sn;
					pgq_qualified(pgq_node(el, &l) ? pgq_list(l, "items") : NULL, &ss, &sn);
					lockfact_drop_sequence(a, f, before, ss, sn);
				}
			else if (cascade && strcmp(rt, "OBJECT_TRIGGER") != 0 && strcmp(rt, "OBJECT_POLICY") != 0 &&
				 strcmp(rt, "OBJECT_RULE") != 0)
				f->note = "CASCADE also drops what uses it (columns, defaults, triggers): those tables "
					  "are locked ACCESS EXCLUSIVE, and the model does not follow them";
			if (!strcmp(rt, "OBJECT_TRIGGER") || !strcmp(rt, "OBJECT_POLICY") || !strcmp(rt, "OBJECT_RULE")) {
				cJSON *inner;
				if (objs && pgq_node(pgq_at(objs, 0), &inner)) {
					cJSON *items = pgq_list(inner, "items");
					size_t n = items ? pgq_len(items) : 0;
					if (n >= 2)
						lockfact_rel(a, f, n >= 3 ? pgq_sval(pgq_at(items, n - 3)) : NULL,
							     pgq_sval(pgq_at(items, n - 2)), LOCK_ACCESS_EXCLUSIVE,
							     !strcmp(rt, "OBJECT_TRIGGER") ? "loses a trigger"
							     : !strcmp(rt, "OBJECT_RULE")  ? "loses a rule"
											   : "loses a policy");
				}
			}
		} else {
			lockfact_unknown(f, arena_printf(a, "DROP %s is not modelled", rt ? rt : "?"));
		}
	} else if (!strcmp(k, "TruncateStmt")) {
		cJSON *rels = pgq_list(st, "relations");
		for (cJSON *rels_el = pgq_first(rels); rels_el; rels_el = rels_el->next) {
			cJSON *rv;
			if (pgq_node(rels_el, &rv))
				lock_rv(a, f, rv, LOCK_ACCESS_EXCLUSIVE, "truncated");
		}
		/* CASCADE truncates the referencing tables too, and theirs */
		if (pgq_str(st, "behavior") && !strcmp(pgq_str(st, "behavior"), "DROP_CASCADE")) {
			if (!before) {
				lockfact_unknown(f, "TRUNCATE ... CASCADE without the schema (the referencing tables)");
				return;
			}
			for (size_t i = 0; i < f->n_rels; i++)
				lockfact_fk_children(a, f, before, f->rels[i].schema, f->rels[i].name, NULL,
						     LOCK_ACCESS_EXCLUSIVE,
						     "truncated by CASCADE");
		}
		f->rewrite = 1;
	} else if ((!strcmp(k, "InsertStmt") || !strcmp(k, "UpdateStmt") || !strcmp(k, "DeleteStmt") ||
		    !strcmp(k, "MergeStmt")) &&
		   ruled(before, pgq_get(st, "relation"))) {
		/* the rewriter adds or substitutes the rule's actions */
		lockfact_unknown(f, "a write to a table with a rule (CREATE RULE): the rule's actions are not modelled");
		return;
	} else if (!strcmp(k, "InsertStmt") || !strcmp(k, "UpdateStmt") || !strcmp(k, "DeleteStmt")) {
		lock_rv(a, f, pgq_get(st, "relation"), LOCK_ROW_EXCLUSIVE, "written");
		if (!pgq_get(st, "whereClause") && strcmp(k, "InsertStmt") != 0)
			f->scan = true;
		/* what the rest of the statement reads (INSERT ... SELECT, FROM,
		 * USING, subqueries) */
		struct ctes c = { .n = 0, .allow_writes = true };
		lock_read(a, f, st, "relation", &c);
		if (!f->known)
			return;
		size_t n_read = f->n_rels;
		dml_writes(a, f, k, st, before);
		cte_writes(a, f, &c, before);
		lockfact_checks_note(f, n_read);
	} else if (!strcmp(k, "SelectStmt")) {
		/* SELECT ... INTO makes a table of its rows (as CREATE TABLE
		 * AS): what it reads is all it locks */
		struct ctes cte = { .n = 0, .allow_writes = true };
		lock_read(a, f, st, NULL, &cte);
		if (!f->known)
			return;
		size_t n_read = f->n_rels;
		cte_writes(a, f, &cte, before);
		lockfact_checks_note(f, n_read);
		/* FOR UPDATE/SHARE: ROW SHARE on the tables it names, or on all of FROM */
		cJSON *lc = pgq_list(st, "lockingClause");
		for (cJSON *lc_el = pgq_first(lc); lc_el; lc_el = lc_el->next) {
			cJSON *c;
			if (!pgq_node(lc_el, &c))
				continue;
			cJSON *named = pgq_list(c, "lockedRels");
			cJSON *locked = named && pgq_len(named) ? named : pgq_get(st, "fromClause");
			walk_rels(a, f, locked, &cte, LOCK_ROW_SHARE, "rows locked");
		}
	} else if (!strcmp(k, "ConstraintsSetStmt")) {
		/* the checks it runs are those the transaction left pending:
		 * added from the statements before it (a statement alone has
		 * none); the schema replay follows which keys it defers */
		f->constraints_mode = cJSON_IsTrue(pgq_get(st, "deferred")) ? 2 : 1;
		cJSON *named = pgq_list(st, "constraints");
		f->constraints_keys = arena_alloc(a, (pgq_len(named) + 1) * sizeof(*f->constraints_keys));
		for (cJSON *el = pgq_first(named); el; el = el->next) {
			cJSON *rv;
			if (pgq_node(el, &rv) && pgq_str(rv, "relname"))
				f->constraints_keys[f->n_constraints_keys++] = arena_strdup(a, pgq_str(rv, "relname"));
		}
		f->note = cJSON_IsTrue(pgq_get(st, "deferred"))
				  ? "defers the checks of the DEFERRABLE foreign keys it names to COMMIT, for the rest of "
				    "the migration's transaction"
				  : "runs the pending checks of the transaction's deferred foreign keys; later writes check "
				    "the keys it names at once";
	} else if (!strcmp(k, "LockStmt")) {
		long m = pgq_int(st, "mode", -1);
		if (m < LOCK_ACCESS_SHARE || m > LOCK_ACCESS_EXCLUSIVE) {
			lockfact_unknown(f, "LOCK TABLE in a mode the model does not know");
			return;
		}
		cJSON *rels = pgq_list(st, "relations");
		for (cJSON *rels_el = pgq_first(rels); rels_el; rels_el = rels_el->next) {
			cJSON *rv;
			if (pgq_node(rels_el, &rv))
				lock_rv(a, f, rv, (enum lock_mode)m, "locked");
		}
	} else if (!strcmp(k, "ClusterStmt")) {
		cJSON *rel = pgq_get(st, "relation");
		if (!rel) {
			lockfact_unknown(f, "CLUSTER of every clustered table is not modelled");
			return;
		}
		lock_rv(a, f, rel, LOCK_ACCESS_EXCLUSIVE, "clustered");
		f->rewrite = 1;
		f->scan = true;
	} else if (!strcmp(k, "CreatePolicyStmt") || !strcmp(k, "AlterPolicyStmt")) {
		lock_rv(a, f, pgq_get(st, "table"), LOCK_ACCESS_EXCLUSIVE,
			!strcmp(k, "CreatePolicyStmt") ? "gets a policy" : "its policy altered");
		/* the server parses USING / WITH CHECK: their subqueries' tables opened */
		struct ctes c = { .n = 0 };
		lock_read(a, f, st, "table", &c);
	} else if (!strcmp(k, "MergeStmt")) {
		/* the target written, the source and the conditions read */
		lock_rv(a, f, pgq_get(st, "relation"), LOCK_ROW_EXCLUSIVE, "merged into");
		struct ctes c = { .n = 0 };
		lock_read(a, f, st, "relation", &c);
		if (!f->known)
			return;
		size_t n_read = f->n_rels;
		lockfact_insert_checks(a, f, before, pgq_str(pgq_get(st, "relation"), "schemaname"),
				       pgq_str(pgq_get(st, "relation"), "relname"));
		lockfact_checks_note(f, n_read);
	} else if (!strcmp(k, "CreateStatsStmt")) {
		cJSON *rels = pgq_list(st, "relations");
		for (cJSON *rels_el = pgq_first(rels); rels_el; rels_el = rels_el->next) {
			cJSON *rv;
			if (pgq_node(rels_el, &rv))
				lock_rv(a, f, rv, LOCK_SHARE_UPDATE_EXCLUSIVE, "gets statistics");
		}
	} else if (!strcmp(k, "AlterSeqStmt") || !strcmp(k, "CreateSeqStmt")) {
		/* OWNED BY looks the table up: ACCESS SHARE on it */
		cJSON *opts = pgq_list(st, "options");
		for (cJSON *el = pgq_first(opts); el; el = el->next) {
			cJSON *d;
			const char *dk = pgq_node(el, &d);
			if (!dk || strcmp(dk, "DefElem") != 0 || !pgq_str(d, "defname") ||
			    strcmp(pgq_str(d, "defname"), "owned_by") != 0)
				continue;
			cJSON *li;
			const char *lk = pgq_node(pgq_get(d, "arg"), &li);
			cJSON *items = lk && !strcmp(lk, "List") ? pgq_list(li, "items") : NULL;
			size_t n = items ? pgq_len(items) : 0;
			if (n >= 2) /* [schema.]table.column; OWNED BY NONE is one name */
				lockfact_rel(a, f, n >= 3 ? pgq_sval(pgq_at(items, n - 3)) : NULL,
					     pgq_sval(pgq_at(items, n - 2)), LOCK_ACCESS_SHARE, "owns the sequence");
		}
		if (!strcmp(k, "AlterSeqStmt") && !f->n_rels)
			f->note = "no table lock; SHARE ROW EXCLUSIVE on the sequence (sequences are not modelled)";
	} else if (!strcmp(k, "AlterObjectSchemaStmt")) {
		set_schema(a, f, st);
	} else if (!strcmp(k, "AlterOwnerStmt") || !strcmp(k, "AlterExtensionStmt") || !strcmp(k, "AlterStatsStmt")) {
		/* OWNER TO of a type, schema, function ... (a relation's is ALTER
		 * TABLE's); ALTER EXTENSION UPDATE runs the module's script */
		if (!strcmp(k, "AlterExtensionStmt"))
			f->note = "no table lock, unless the extension's update script alters a table";
	} else if (!strcmp(k, "CreateEnumStmt") || !strcmp(k, "CreateDomainStmt") ||
		   !strcmp(k, "AlterDefaultPrivilegesStmt") || !strcmp(k, "CreateFunctionStmt") ||
		   !strcmp(k, "CreateExtensionStmt") || !strcmp(k, "GrantStmt") || !strcmp(k, "VariableSetStmt") ||
		   !strcmp(k, "TransactionStmt") || !strcmp(k, "CreateSchemaStmt") || !strcmp(k, "CompositeTypeStmt") ||
		   !strcmp(k, "CreateRoleStmt") || !strcmp(k, "AlterRoleStmt") || !strcmp(k, "AlterRoleSetStmt") ||
		   !strcmp(k, "DropRoleStmt") || !strcmp(k, "GrantRoleStmt") || !strcmp(k, "DefineStmt") ||
		   !strcmp(k, "CreateCastStmt") || !strcmp(k, "ListenStmt") || !strcmp(k, "UnlistenStmt") ||
		   !strcmp(k, "NotifyStmt") || !strcmp(k, "CheckPointStmt")) {
		/* no table lock (roles, aggregates, operators, collations, text
		 * search objects and casts are catalog rows; NOTIFY's lock is on
		 * the database's queue, at COMMIT) */
	} else if (!strcmp(k, "AlterDomainStmt")) {
		/* a constraint added (not NOT VALID), validated or NOT NULL set:
		 * every column of the domain is checked, SHARE on its table */
		const char *sub = pgq_str(st, "subtype");
		cJSON *def;
		bool checks = sub && (sub[0] == 'V' || sub[0] == 'O' ||
				      (sub[0] == 'C' && pgq_node(pgq_get(st, "def"), &def) &&
				       !cJSON_IsTrue(pgq_get(def, "skip_validation"))));
		if (!sub || !strchr("CVONXT", sub[0])) {
			lockfact_unknown(f, "ALTER DOMAIN of this kind is not modelled");
			return;
		}
		const char *dsch, *dname;
		pgq_qualified(pgq_list(st, "typeName"), &dsch, &dname);
		const struct schema_domain *d = schema_domain(before, dsch, dname);
		if (checks && !d) {
			lockfact_unknown(f, "ALTER DOMAIN of a domain the migrations did not make: its tables are not known");
			return;
		}
		for (size_t i = 0; checks && i < before->n_tables; i++) {
			const struct schema_table *t = before->tables[i];
			for (size_t c = 0; !t->dropped && c < t->n_cols; c++)
				if (t->cols[c].type && schema_domain_of_type(before, t->cols[c].type) == d) {
					lockfact_rel(a, f, t->schema, t->name, LOCK_SHARE, "a column of the domain is checked");
					f->scan = true;
					break;
				}
		}
	} else if (!strcmp(k, "AlterEnumStmt")) {
		f->note = "no table lock (ExclusiveLock on the type); the new value cannot be used before COMMIT";
	} else if (!strcmp(k, "CommentStmt")) {
		const char *ot = pgq_str(st, "objtype");
		cJSON *obj = pgq_get(st, "object"), *inner = NULL;
		const char *okind = obj ? pgq_node(obj, &inner) : NULL;
		/* relations commented take SHARE UPDATE EXCLUSIVE; the table of a
		 * constraint or trigger only ACCESS SHARE (it is looked up) */
		bool rel = ot && (!strcmp(ot, "OBJECT_TABLE") || !strcmp(ot, "OBJECT_VIEW") ||
				  !strcmp(ot, "OBJECT_MATVIEW"));
		bool col = ot && !strcmp(ot, "OBJECT_COLUMN");
		bool on_table = ot && (!strcmp(ot, "OBJECT_TABCONSTRAINT") || !strcmp(ot, "OBJECT_TRIGGER") ||
				       !strcmp(ot, "OBJECT_POLICY") || !strcmp(ot, "OBJECT_RULE"));
		cJSON *items = okind && !strcmp(okind, "List") ? pgq_list(inner, "items") : NULL;
		size_t n = items ? pgq_len(items) : 0;
		if ((rel && n >= 1) || ((col || on_table) && n >= 2)) {
			size_t at = rel ? n - 1 : n - 2; /* the table's name, its schema before it */
			lockfact_rel(a, f, at ? pgq_sval(pgq_at(items, at - 1)) : NULL,
				     pgq_sval(pgq_at(items, at)),
				     on_table ? LOCK_ACCESS_SHARE : LOCK_SHARE_UPDATE_EXCLUSIVE, "commented");
		} else if (ot && (!strcmp(ot, "OBJECT_INDEX") || !strcmp(ot, "OBJECT_SEQUENCE"))) {
			f->note = "no table lock; SHARE UPDATE EXCLUSIVE on the index or sequence (not modelled)";
		} else if (!comment_locks_nothing(ot)) {
			lockfact_unknown(f, arena_printf(a, "COMMENT ON %s is not modelled", ot ? ot : "?"));
			return;
		}
	} else if (!strcmp(k, "CreateTrigStmt")) {
		cJSON *rel = pgq_get(st, "relation");
		lock_rv(a, f, rel, LOCK_SHARE_ROW_EXCLUSIVE, "gets a trigger");
		/* a row trigger on a partitioned table is cloned onto each partition */
		const struct schema_table *pt = lockfact_table(before, pgq_str(rel, "schemaname"), pgq_str(rel, "relname"));
		if (pt && pt->partitioned && cJSON_IsTrue(pgq_get(st, "row")))
			lockfact_partitions(a, f, before, pt->schema, pt->name, LOCK_SHARE_ROW_EXCLUSIVE,
					    "gets a copy of the row trigger");
	} else if (!strcmp(k, "CreatePublicationStmt") || !strcmp(k, "AlterPublicationStmt")) {
		publication(a, f, st);
	} else if (!strcmp(k, "ViewStmt")) {
		bool replace = cJSON_IsTrue(pgq_get(st, "replace"));
		if (replace)
			lock_rv(a, f, pgq_get(st, "view"), LOCK_ACCESS_EXCLUSIVE, "replaced");
		struct ctes c = { .n = 0 };
		lock_read(a, f, pgq_get(st, "query"), NULL, &c);
	} else if (!strcmp(k, "RenameStmt")) {
		const char *rt = pgq_str(st, "renameType");
		if (rt && (!strcmp(rt, "OBJECT_TABLE") || !strcmp(rt, "OBJECT_COLUMN") ||
			   !strcmp(rt, "OBJECT_TABCONSTRAINT") || !strcmp(rt, "OBJECT_VIEW") ||
			   !strcmp(rt, "OBJECT_MATVIEW") || !strcmp(rt, "OBJECT_TRIGGER") || !strcmp(rt, "OBJECT_POLICY") ||
			   !strcmp(rt, "OBJECT_RULE")))
			lock_rv(a, f, pgq_get(st, "relation"), LOCK_ACCESS_EXCLUSIVE, "renamed");
		else if (rt && (!strcmp(rt, "OBJECT_SEQUENCE") || !strcmp(rt, "OBJECT_TYPE") ||
				!strcmp(rt, "OBJECT_DOMAIN") || !strcmp(rt, "OBJECT_FUNCTION") ||
				!strcmp(rt, "OBJECT_SCHEMA") || !strcmp(rt, "OBJECT_ATTRIBUTE") ||
				!strcmp(rt, "OBJECT_STATISTIC_EXT") || !strcmp(rt, "OBJECT_DOMCONSTRAINT"))) {
			/* no table lock */
		}
		else if (rt && !strcmp(rt, "OBJECT_INDEX"))
			f->note = "no table lock; SHARE UPDATE EXCLUSIVE on the index (index locks are not modelled)";
		else
			lockfact_unknown(f, arena_printf(a, "RENAME of %s is not modelled", rt ? rt : "?"));
	} else if (!strcmp(k, "VacuumStmt")) {
		cJSON *rels = pgq_list(st, "rels");
		bool vacuum = cJSON_IsTrue(pgq_get(st, "is_vacuumcmd")), full = false;
		cJSON *opts = pgq_list(st, "options");
		for (cJSON *opts_el = pgq_first(opts); opts_el; opts_el = opts_el->next) {
			cJSON *d;
			const char *dk = pgq_node(opts_el, &d);
			const char *on = dk && !strcmp(dk, "DefElem") ? pgq_str(d, "defname") : NULL;
			if (on && !strcmp(on, "full") && vacuum)
				full = !defelem_false(pgq_get(d, "arg"));
		}
		if (!rels || !pgq_len(rels)) {
			lockfact_unknown(f, "VACUUM or ANALYZE of every table is not modelled");
			return;
		}
		for (cJSON *rels_el = pgq_first(rels); rels_el; rels_el = rels_el->next) {
			cJSON *vr;
			if (pgq_node(rels_el, &vr))
				lock_rv(a, f, pgq_get(vr, "relation"),
					full ? LOCK_ACCESS_EXCLUSIVE : LOCK_SHARE_UPDATE_EXCLUSIVE,
					full ? "rewritten by VACUUM FULL" : vacuum ? "vacuumed" : "analyzed");
		}
		f->in_transaction = !vacuum;
		f->scan = vacuum;
		if (full)
			f->rewrite = 1;
	} else if (!strcmp(k, "CopyStmt")) {
		copy_stmt(a, f, st, before);
	} else if (!strcmp(k, "RuleStmt")) {
		rule_stmt(a, f, st);
	} else if (!strcmp(k, "DoStmt") || !strcmp(k, "CallStmt")) {
		/* its body is judged where the depth is known (locktrig_do_block,
		 * locktrig_call) */
	} else {
		lockfact_unknown(f, arena_printf(a, "%s is not modelled", k));
	}
}

/* The mode f holds on the relation rv names (none: -1). */
static int held(const struct lock_fact *f, cJSON *rv)
{
	const char *name = pgq_str(rv, "relname"), *sch = pgq_str(rv, "schemaname");
	for (size_t i = 0; name && i < f->n_rels; i++)
		if (!strcmp(f->rels[i].name, name) && schema_same_schema(f->rels[i].schema, sch))
			return (int)f->rels[i].mode;
	return -1;
}

/* The relation rv names, not ONLY: its descendants get mode m (or the
 * parent's own when m is -1). */
static void inherit_rv(struct arena *a, struct lock_fact *f, cJSON *rv, int m, const struct schema *s)
{
	if (!rv || !cJSON_IsTrue(pgq_get(rv, "inh")))
		return;
	int pm = m >= 0 ? m : held(f, rv);
	if (pm >= 0)
		lockfact_descendants(a, f, s, pgq_str(rv, "schemaname"), pgq_str(rv, "relname"), (enum lock_mode)pm,
				     "inherits from a table the statement works on");
}

/* Every relation of a query or DML tree, not ONLY. */
static bool target_pruned(struct arena *a, struct lock_fact *f, const struct schema *s, cJSON *st, bool update,
			  const char *sql);
static bool where_pruned(struct arena *a, struct lock_fact *f, const struct schema *s, cJSON *rv, cJSON *where,
			 const char *sql, int m, bool qualified);
static void inherit_tree(struct arena *a, struct lock_fact *f, cJSON *j, const struct schema *s, const char *sql);

/* A query (SelectStmt's members): FROM one table, not ONLY, and a WHERE
 * on its partition key: the partitions the planner keeps; the rest of
 * the query as any tree. */
static void select_tree(struct arena *a, struct lock_fact *f, cJSON *sel, const struct schema *s, const char *sql)
{
	cJSON *from = pgq_list(sel, "fromClause"), *rv;
	const char *fk = pgq_len(from) == 1 ? pgq_node(pgq_at(from, 0), &rv) : NULL;
	if (!fk || strcmp(fk, "RangeVar") != 0 || !where_pruned(a, f, s, rv, pgq_get(sel, "whereClause"), sql, held(f, rv), false)) {
		inherit_tree(a, f, sel, s, sql);
		return;
	}
	const char *key;
	cJSON *v;
	pgq_members(sel, key, v)
		if (strcmp(key, "fromClause") != 0)
			inherit_tree(a, f, v, s, sql);
}

static void inherit_tree(struct arena *a, struct lock_fact *f, cJSON *j, const struct schema *s, const char *sql)
{
	if (cJSON_IsArray(j)) {
		for (cJSON *e = pgq_first(j); e; e = e->next)
			inherit_tree(a, f, e, s, sql);
		return;
	}
	if (!cJSON_IsObject(j))
		return;
	const char *key;
	cJSON *v;
	pgq_members(j, key, v) {
		if (!strcmp(key, "RangeVar"))
			inherit_rv(a, f, v, -1, s);
		else if (!strcmp(key, "UpdateStmt") || !strcmp(key, "DeleteStmt"))
			inherit_rv(a, f, pgq_get(v, "relation"), -1, s); /* a write in WITH */
		/* a query, or a UNION's arm (a typed field) */
		if (!strcmp(key, "SelectStmt") || !strcmp(key, "larg") || !strcmp(key, "rarg"))
			select_tree(a, f, v, s, sql);
		else if (strcmp(key, "RangeVar") != 0)
			inherit_tree(a, f, v, s, sql);
	}
}

/* Do the ALTER TABLE subcommands recurse into the inheritance children
 * (a column's definition, a CHECK)? SET (options), indexes, triggers and
 * keys other than CHECK stay on the table named. */
static bool alter_recurses(cJSON *cmds)
{
	static const char *const rec[] = { "AT_AddColumn",     "AT_DropColumn",	   "AT_AlterColumnType",
					   "AT_SetNotNull",    "AT_DropNotNull",   "AT_ColumnDefault",
					   "AT_SetStatistics", "AT_SetStorage",	   "AT_ValidateConstraint",
					   "AT_DropExpression" };
	for (cJSON *el = pgq_first(cmds); el; el = el->next) {
		cJSON *cmd, *def;
		const char *sub = pgq_node(el, &cmd) ? pgq_str(cmd, "subtype") : NULL;
		for (size_t i = 0; sub && i < sizeof(rec) / sizeof(rec[0]); i++)
			if (!strcmp(sub, rec[i]))
				return true;
		const char *dk = sub && !strcmp(sub, "AT_AddConstraint") ? pgq_node(pgq_get(cmd, "def"), &def) : NULL;
		if (dk && !strcmp(dk, "Constraint") && pgq_str(def, "contype") &&
		    !strcmp(pgq_str(def, "contype"), "CONSTR_CHECK") && !cJSON_IsTrue(pgq_get(def, "is_no_inherit")))
			return true;
	}
	return false;
}

/* PostgreSQL's recursion into inheritance children (not ONLY): ALTER
 * TABLE of columns and CHECKs, RENAME COLUMN, LOCK, queries and DML
 * (not INSERT), TRUNCATE, ANALYZE (ACCESS SHARE on the children), DROP
 * TABLE ... CASCADE. */
static void inherit_locks(struct arena *a, struct lock_fact *f, const struct pgq_stmt *ps, const struct schema *s,
			  const char *sql)
{
	const char *k = ps->kind;
	cJSON *st = ps->node;
	/* no inheritance link in the schema: nothing to recurse into, and
	 * the DML tree walk below is the costly part */
	if (!f->known || !s || !s->n_inherit)
		return;
	if (!strcmp(k, "AlterTableStmt")) {
		/* a CHECK dropped: the children's copies too, or (ONLY) their
		 * count of where it comes from: they are locked either way */
		cJSON *rel = pgq_get(st, "relation");
		int m = held(f, rel);
		for (cJSON *el = pgq_first(pgq_list(st, "cmds")); m >= 0 && el; el = el->next) {
			cJSON *cmd;
			const char *sub = pgq_node(el, &cmd) ? pgq_str(cmd, "subtype") : NULL;
			const struct schema_constraint *c =
				sub && !strcmp(sub, "AT_DropConstraint") ? table_constraint(s, rel, pgq_str(cmd, "name"), NULL)
									 : NULL;
			if (c && c->kind == SCON_CHECK && !c->no_inherit)
				lockfact_descendants(a, f, s, pgq_str(rel, "schemaname"), pgq_str(rel, "relname"),
						     (enum lock_mode)m, "inherits the dropped check constraint");
		}
	}
	if (!strcmp(k, "AlterTableStmt") && alter_recurses(pgq_list(st, "cmds"))) {
		inherit_rv(a, f, pgq_get(st, "relation"), -1, s);
	} else if (!strcmp(k, "RenameStmt") && pgq_str(st, "renameType") &&
		   !strcmp(pgq_str(st, "renameType"), "OBJECT_COLUMN")) {
		inherit_rv(a, f, pgq_get(st, "relation"), -1, s);
	} else if (!strcmp(k, "RenameStmt") && pgq_str(st, "renameType") &&
		   !strcmp(pgq_str(st, "renameType"), "OBJECT_TABCONSTRAINT")) {
		/* an inherited CHECK is renamed on the children too */
		const struct schema_constraint *c = table_constraint(s, pgq_get(st, "relation"), pgq_str(st, "subname"), NULL);
		if (c && c->kind == SCON_CHECK && !c->no_inherit)
			inherit_rv(a, f, pgq_get(st, "relation"), -1, s);
	} else if (!strcmp(k, "LockStmt") || !strcmp(k, "TruncateStmt")) {
		for (cJSON *el = pgq_first(pgq_list(st, "relations")); el; el = el->next) {
			cJSON *rv;
			if (pgq_node(el, &rv))
				inherit_rv(a, f, rv, -1, s);
		}
	} else if (!strcmp(k, "SelectStmt")) {
		select_tree(a, f, st, s, sql);
	} else if (!strcmp(k, "UpdateStmt") || !strcmp(k, "DeleteStmt") || !strcmp(k, "MergeStmt")) {
		/* the target is a typed field: a RangeVar without its node name
		 * (MERGE into a partitioned table writes its partitions) */
		if (!strcmp(k, "MergeStmt") || !target_pruned(a, f, s, st, !strcmp(k, "UpdateStmt"), sql))
			inherit_rv(a, f, pgq_get(st, "relation"), -1, s);
		inherit_tree(a, f, st, s, sql);
	} else if (!strcmp(k, "InsertStmt")) {
		/* the rows come from a query planned over the children (the
		 * target itself is not recursed into) */
		inherit_tree(a, f, pgq_get(st, "selectStmt"), s, sql);
	} else if (!strcmp(k, "CopyStmt")) {
		/* COPY (query) TO plans the query over the children; COPY
		 * table TO and FROM work on the table named only */
		inherit_tree(a, f, pgq_get(st, "query"), s, sql);
	} else if (!strcmp(k, "CreateTableAsStmt") && !cJSON_IsTrue(pgq_get(pgq_get(st, "into"), "skipData"))) {
		/* WITH DATA: the query is planned over the children; WITH NO
		 * DATA it is not planned */
		inherit_tree(a, f, pgq_get(st, "query"), s, sql);
	} else if (!strcmp(k, "VacuumStmt") && !cJSON_IsTrue(pgq_get(st, "is_vacuumcmd"))) {
		for (cJSON *el = pgq_first(pgq_list(st, "rels")); el; el = el->next) {
			cJSON *vr;
			if (pgq_node(el, &vr))
				inherit_rv(a, f, pgq_get(vr, "relation"), LOCK_ACCESS_SHARE, s);
		}
	} else if (!strcmp(k, "DropStmt") && pgq_str(st, "removeType") &&
		   !strcmp(pgq_str(st, "removeType"), "OBJECT_TABLE") && pgq_str(st, "behavior") &&
		   !strcmp(pgq_str(st, "behavior"), "DROP_CASCADE")) {
		for (cJSON *el = pgq_first(pgq_list(st, "objects")); el; el = el->next) {
			cJSON *inner;
			cJSON *items = pgq_node(el, &inner) ? pgq_list(inner, "items") : NULL;
			size_t n = items ? pgq_len(items) : 0;
			if (n)
				lockfact_descendants(a, f, s, n >= 2 ? pgq_sval(pgq_at(items, n - 2)) : NULL,
						     pgq_sval(pgq_at(items, n - 1)), LOCK_ACCESS_EXCLUSIVE,
						     "dropped with the table it inherits from");
		}
	}
}

static const struct schema_table *rv_table(const struct schema *s, cJSON *rv)
{
	return rv ? schema_table(s, pgq_str(rv, "schemaname"), pgq_str(rv, "relname")) : NULL;
}

/* The tables the foreign keys of a partitioned table reference: a
 * partition made, attached or detached gets or loses its copy of them. */
static void parent_fk_refs(struct arena *a, struct lock_fact *f, const struct schema_table *parent, const char *why)
{
	for (size_t i = 0; i < parent->n_cons; i++)
		if (parent->cons[i].kind == SCON_FOREIGN_KEY)
			lockfact_rel(a, f, parent->cons[i].ref_schema, parent->cons[i].ref_table,
				     LOCK_SHARE_ROW_EXCLUSIVE, why);
}

/* A new bound on a partitioned table: its default partition is locked
 * and scanned for rows that now belong elsewhere. */
static void default_partition_scan(struct arena *a, struct lock_fact *f, const struct schema *s,
				   const struct schema_table *parent)
{
	const struct schema_table *d = lockfact_partition_of(s, parent->schema, parent->name, true, NULL);
	if (d) {
		lockfact_rel(a, f, d->schema, d->name, LOCK_ACCESS_EXCLUSIVE,
			     "the default partition, scanned for rows of the new bound");
		f->scan = true;
	}
}

/* Foreign keys onto a partitioned table lock its partitions too. */
static void fk_onto_partitions(struct arena *a, struct lock_fact *f, cJSON *j, const struct schema *s, int depth)
{
	if (depth > 12)
		return;
	if (cJSON_IsArray(j)) {
		for (cJSON *e = pgq_first(j); e; e = e->next)
			fk_onto_partitions(a, f, e, s, depth + 1);
		return;
	}
	const char *key;
	cJSON *v;
	pgq_members(j, key, v) {
		if (!strcmp(key, "Constraint")) {
			const char *ct = pgq_str(v, "contype");
			cJSON *pk = pgq_get(v, "pktable");
			if (ct && !strcmp(ct, "CONSTR_FOREIGN"))
				lockfact_fk_onto_partitions(a, f, s, pgq_str(pk, "schemaname"), pgq_str(pk, "relname"));
		} else if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
			fk_onto_partitions(a, f, v, s, depth + 1);
		}
	}
}

/* Where PostgreSQL recurses into partitions beyond what it does for
 * inheritance children (inherit_locks): INSERT's tuple routing, CREATE
 * INDEX and index-backed or foreign key constraints, ANALYZE, DROP
 * TABLE, REINDEX and CLUSTER; and what a new, attached or detached
 * partition locks besides (the default partition, the referenced
 * tables of the partitioned table's foreign keys). */
/* The bound of an ATTACH PARTITION on the partitioned table t's key, as
 * a CHECK term (NULL: not read: a default, several columns, MINVALUE). */
static struct schema_check_term *attach_bound(struct arena *a, const struct schema_table *t, cJSON *bound,
					      const char *sql)
{
	if (!t->partition_key || cJSON_IsTrue(pgq_get(bound, "is_default")))
		return NULL;
	struct schema_check_term *b = arena_alloc(a, sizeof(*b));
	memset(b, 0, sizeof(*b));
	b->col = t->partition_key;
	cJSON *lo = pgq_list(bound, "lowerdatums"), *hi = pgq_list(bound, "upperdatums"), *li = pgq_list(bound, "listdatums");
	bool range = t->partition_strategy == 'r' && pgq_len(lo) == 1 && pgq_len(hi) == 1;
	bool list = t->partition_strategy == 'l' && pgq_len(li) > 0;
	if (!range && !list)
		return NULL;
	b->op = range ? 'R' : 'I';
	b->n_vals = range ? 2 : pgq_len(li);
	const char **vals = arena_alloc(a, b->n_vals * sizeof(*vals));
	for (size_t i = 0; i < b->n_vals; i++) {
		cJSON *e = range ? pgq_at(i ? hi : lo, 0) : pgq_at(li, i);
		bool is_int;
		if (!schema_pg_const(e, sql, a, &vals[i], &is_int) || (i && is_int != b->ints))
			return NULL;
		b->ints = is_int;
	}
	b->vals = vals;
	return b;
}

/* FROM (MINVALUE) TO (MAXVALUE) on a one-column key: the partition's
 * constraint is only the key's IS NOT NULL, which a NOT NULL column (or
 * a valid CHECK of it) of the attached table proves. */
static bool unbounded_range_implied(const struct schema_table *t, cJSON *bound, const struct schema_table *child)
{
	cJSON *lo = pgq_list(bound, "lowerdatums"), *hi = pgq_list(bound, "upperdatums");
	return t->partition_key && t->partition_strategy == 'r' && pgq_len(lo) == 1 && pgq_len(hi) == 1 &&
	       schema_bound_word(pgq_at(lo, 0), "minvalue") && schema_bound_word(pgq_at(hi, 0), "maxvalue") && child &&
	       !child->uncertain && !lockfact_set_not_null_scans(child, t->partition_key);
}

/* One index key: columns (or expressions), uniqueness, predicate. */
struct index_key {
	const char *const *cols;
	size_t n_cols;
	bool unique;
	const char *where;
};

static bool same_key(const struct index_key *x, const struct index_key *y)
{
	if (x->n_cols != y->n_cols || x->unique != y->unique || (x->where == NULL) != (y->where == NULL) ||
	    (x->where && strcmp(x->where, y->where) != 0))
		return false;
	for (size_t i = 0; i < x->n_cols; i++)
		if (!x->cols[i] || !y->cols[i] || strcmp(x->cols[i], y->cols[i]) != 0)
			return false;
	return true;
}

/* The i-th index key of t: its indexes, then its primary key and unique
 * constraints; false past the last. */
static bool index_key_at(const struct schema_table *t, size_t i, struct index_key *k)
{
	if (i < t->n_idx) {
		*k = (struct index_key){ t->idx[i].cols, t->idx[i].n_cols, t->idx[i].unique, t->idx[i].where };
		return true;
	}
	for (size_t c = 0, n = t->n_idx; c < t->n_cons; c++) {
		const struct schema_constraint *sc = &t->cons[c];
		if (sc->kind != SCON_PRIMARY_KEY && sc->kind != SCON_UNIQUE)
			continue;
		if (n++ == i) {
			*k = (struct index_key){ sc->cols, sc->n_cols, true, NULL };
			return true;
		}
	}
	return false;
}

/* Does ATTACH PARTITION build an index on the attached table (an index
 * of the partitioned table it has no match for)? The build reads it. */
static bool attach_builds_index(const struct schema_table *parent, const struct schema_table *child)
{
	struct index_key pk, ck;
	for (size_t i = 0; index_key_at(parent, i, &pk); i++) {
		bool found = false;
		for (size_t j = 0; child && !found && index_key_at(child, j, &ck); j++)
			found = same_key(&pk, &ck);
		if (!found)
			return true;
	}
	return false;
}

/* A row trigger on a partitioned table has a copy on each partition:
 * DROP TRIGGER and ENABLE / DISABLE TRIGGER of it lock them too (a
 * statement trigger has none). */
static void partition_trigger(struct arena *a, struct lock_fact *f, const struct schema *s, const char *schema,
			      const char *table, const char *trig)
{
	const struct schema_table *t = lockfact_table(s, schema, table);
	for (size_t i = 0; t && t->partitioned && trig && i < t->n_trigs; i++) {
		if (strcmp(t->trigs[i].name, trig) != 0 || !t->trigs[i].row)
			continue;
		for (size_t r = 0; r < f->n_rels; r++)
			if (!strcmp(f->rels[r].name, t->name) && schema_same_schema(f->rels[r].schema, t->schema)) {
				lockfact_partitions(a, f, s, t->schema, t->name, f->rels[r].mode,
						    "its copy of the partitioned table's row trigger");
				break;
			}
	}
}

/* INSERT ... VALUES into partitioned t: the partitions each row is
 * routed to, when every row's keys are constants (false: not known). */
static bool insert_routed(struct arena *a, struct lock_fact *f, const struct schema *s, const struct schema_table *t,
			  cJSON *st, const char *sql, enum lock_mode m)
{
	cJSON *sel;
	const char *sk = pgq_node(pgq_get(st, "selectStmt"), &sel);
	cJSON *rows = sk && !strcmp(sk, "SelectStmt") ? pgq_list(sel, "valuesLists") : NULL;
	cJSON *cols = pgq_list(st, "cols");
	size_t nc = cols ? pgq_len(cols) : t->n_cols;
	struct lockprune_value v[64];
	if (!pgq_len(rows) || !nc || nc > sizeof(v) / sizeof(v[0]))
		return false;
	for (cJSON *row = pgq_first(rows); row; row = row->next) {
		cJSON *lst;
		const char *rk = pgq_node(row, &lst);
		cJSON *items = rk && !strcmp(rk, "List") ? pgq_list(lst, "items") : NULL;
		if (!items || pgq_len(items) > nc)
			return false;
		size_t n = 0, i = 0;
		for (cJSON *e = pgq_first(items); e; e = e->next, i++) {
			cJSON *in, *rt;
			const char *col = !cols && i < t->n_cols ? t->cols[i].name : NULL;
			if (cols) {
				const char *tk = pgq_node(pgq_at(cols, i), &rt);
				col = tk && !strcmp(tk, "ResTarget") && !pgq_get(rt, "indirection") ? pgq_str(rt, "name") : NULL;
			}
			if (!col)
				return false;
			const char *ek = pgq_node(e, &in);
			if (ek && !strcmp(ek, "SetToDefault"))
				continue; /* as if left out */
			memset(&v[n], 0, sizeof(v[n]));
			v[n].col = col;
			if (!(ek && !strcmp(ek, "A_Const") && cJSON_IsTrue(pgq_get(in, "isnull"))))
				v[n].unknown = !schema_pg_const(e, sql, a, &v[n].text, &v[n].ints);
			n++;
		}
		if (!lockprune_route(a, f, s, t, v, n, m))
			return false;
	}
	f->note = NULL;
	return true;
}

/* Does the UPDATE's SET write a partition key of t or of its
 * partitions (a row may move: routed again)? */
static bool sets_a_key(const struct schema *s, const struct schema_table *t, cJSON *targets, int depth)
{
	for (cJSON *el = pgq_first(targets); t->partition_key && el; el = el->next) {
		cJSON *rt;
		const char *tk = pgq_node(el, &rt);
		const char *col = tk && !strcmp(tk, "ResTarget") ? pgq_str(rt, "name") : NULL;
		if (!col || !strcmp(col, t->partition_key))
			return true;
	}
	for (size_t i = 0; depth < 8 && i < s->n_tables; i++) {
		const struct schema_table *c = s->tables[i];
		if (c->dropped || !c->partitioned || !schema_inherits(c, t->schema, t->name))
			continue;
		if (!c->partition_key || sets_a_key(s, c, targets, depth + 1))
			return true;
	}
	return false;
}

/* Is the ALTER TABLE sub-command's def a constraint backed by an index
 * (PRIMARY KEY, UNIQUE, EXCLUDE)? */
static bool index_constraint(const char *dk, cJSON *def)
{
	const char *ct = dk && !strcmp(dk, "Constraint") ? pgq_str(def, "contype") : NULL;
	return ct && (!strcmp(ct, "CONSTR_PRIMARY") || !strcmp(ct, "CONSTR_UNIQUE") || !strcmp(ct, "CONSTR_EXCLUSION"));
}

/* Does the constraint def, a primary key on t, set NOT NULL on a column
 * that is nullable (unknown columns count as nullable)? */
static bool pk_sets_not_null(const struct schema_table *t, cJSON *def)
{
	const char *ct = pgq_str(def, "contype");
	if (!ct || strcmp(ct, "CONSTR_PRIMARY") != 0)
		return false;
	if (t->uncertain || !pgq_len(pgq_list(def, "keys")))
		return true;
	for (cJSON *el = pgq_first(pgq_list(def, "keys")); el; el = el->next) {
		const struct schema_column *c = schema_column(t, pgq_sval(el));
		if (!c || c->nullable)
			return true;
	}
	return false;
}

/* The partitions of rv's table that the WHERE where lets the planner
 * keep, mode m: the terms on rv's columns (qualified by its alias, else
 * by its name, or unqualified unless qualified is set). False: not
 * pruned (not partitioned, no term, bounds not known). */
static bool where_pruned(struct arena *a, struct lock_fact *f, const struct schema *s, cJSON *rv, cJSON *where,
			 const char *sql, int m, bool qualified)
{
	const struct schema_table *t = rv && cJSON_IsTrue(pgq_get(rv, "inh")) ? rv_table(s, rv) : NULL;
	if (!t || !t->partitioned || !where || m < 0)
		return false;
	const char *alias = pgq_str(pgq_get(rv, "alias"), "aliasname");
	return lockprune_where(a, f, s, t, where, sql, alias ? alias : pgq_str(rv, "relname"), qualified,
			       (enum lock_mode)m);
}

/* UPDATE or DELETE of a partitioned table without FROM / USING: only the
 * partitions its WHERE may reach. */
static bool target_pruned(struct arena *a, struct lock_fact *f, const struct schema *s, cJSON *st, bool update,
			  const char *sql)
{
	cJSON *rel = pgq_get(st, "relation");
	const struct schema_table *t = rel ? rv_table(s, rel) : NULL;
	if (!t || (update && sets_a_key(s, t, pgq_list(st, "targetList"), 0)))
		return false;
	/* with FROM / USING an unqualified column may be another table's */
	bool others = pgq_len(pgq_list(st, update ? "fromClause" : "usingClause")) > 0;
	return where_pruned(a, f, s, rel, pgq_get(st, "whereClause"), sql, held(f, rel), others);
}

/* ENABLE / DISABLE TRIGGER ALL or USER of a partitioned table: the
 * partitions' copies of its row triggers are switched too; ALL includes
 * the foreign keys' own (row) triggers, on both sides of a key. */
static void partition_triggers_all(struct arena *a, struct lock_fact *f, const struct schema *s,
				   const struct schema_table *t, bool all)
{
	bool row = false;
	for (size_t i = 0; !row && i < t->n_trigs; i++)
		row = t->trigs[i].row;
	for (size_t i = 0; all && !row && i < t->n_cons; i++)
		row = t->cons[i].kind == SCON_FOREIGN_KEY;
	if (all && !row) {
		/* referenced by a foreign key: its action triggers */
		struct lock_fact probe = { .known = true };
		lockfact_fk_children(a, &probe, s, t->schema, t->name, NULL, LOCK_ACCESS_SHARE, "");
		row = probe.n_rels > 0;
	}
	int m = -1;
	for (size_t r = 0; r < f->n_rels; r++)
		if (!strcmp(f->rels[r].name, t->name) && schema_same_schema(f->rels[r].schema, t->schema))
			m = (int)f->rels[r].mode;
	if (row && m >= 0)
		lockfact_partitions(a, f, s, t->schema, t->name, (enum lock_mode)m,
				    "its copies of the partitioned table's row triggers switched too");
}

static void partition_locks(struct arena *a, struct lock_fact *f, const struct pgq_stmt *ps, const struct schema *s,
			    const char *sql)
{
	const char *k = ps->kind;
	cJSON *st = ps->node;
	if (f->known && s && s->n_inherit && !strcmp(k, "DropStmt") && pgq_str(st, "removeType") &&
	    !strcmp(pgq_str(st, "removeType"), "OBJECT_TRIGGER")) {
		for (cJSON *el = pgq_first(pgq_list(st, "objects")); el; el = el->next) {
			cJSON *l;
			cJSON *items = pgq_node(el, &l) ? pgq_list(l, "items") : NULL;
			size_t n = pgq_len(items);
			if (n >= 2)
				partition_trigger(a, f, s, n == 3 ? pgq_sval(pgq_at(items, 0)) : NULL,
						  pgq_sval(pgq_at(items, n - 2)), pgq_sval(pgq_at(items, n - 1)));
		}
		return;
	}
	if (f->known && s && s->n_inherit && !strcmp(k, "AlterTableStmt")) {
		cJSON *r = pgq_get(st, "relation");
		for (cJSON *el = pgq_first(pgq_list(st, "cmds")); el; el = el->next) {
			cJSON *cmd;
			const char *sub = pgq_node(el, &cmd) ? pgq_str(cmd, "subtype") : NULL;
			if (sub && strstr(sub, "Trig") && pgq_str(cmd, "name"))
				partition_trigger(a, f, s, pgq_str(r, "schemaname"), pgq_str(r, "relname"), pgq_str(cmd, "name"));
		}
	}
	/* the first partition of a table is made or attached while the
	 * schema has no link yet */
	if (!f->known || !s ||
	    (!s->n_inherit && (strcmp(k, "CreateStmt") != 0 || !pgq_get(st, "partbound")) &&
	     strcmp(k, "AlterTableStmt") != 0 && strcmp(k, "IndexStmt") != 0))
		return;
	cJSON *rel = pgq_get(st, "relation");
	const struct schema_table *t = rv_table(s, rel);
	bool parts = t && t->partitioned && cJSON_IsTrue(pgq_get(rel, "inh"));
	int m = rel ? held(f, rel) : -1;
	if (!strcmp(k, "IndexStmt") && t && t->partitioned) {
		/* a partitioned table has no rows of its own: only its
		 * partitions are read, and not with ONLY */
		size_t n = 0;
		lockfact_partition_of(s, t->schema, t->name, false, &n);
		if (!parts || !n)
			f->scan = false;
	}
	if (!strcmp(k, "CreateStmt")) {
		cJSON *bound = pgq_get(st, "partbound");
		for (cJSON *el = bound ? pgq_first(pgq_list(st, "inhRelations")) : NULL; el; el = el->next) {
			cJSON *prv;
			const struct schema_table *parent = pgq_node(el, &prv) ? rv_table(s, prv) : NULL;
			if (!parent)
				continue;
			parent_fk_refs(a, f, parent, "referenced by a foreign key the new partition gets");
			/* a foreign key onto the partitioned table gets the new
			 * partition's action triggers */
			lockfact_fk_children(a, f, s, parent->schema, parent->name, NULL, LOCK_SHARE_ROW_EXCLUSIVE,
					     "its foreign key onto the partitioned table covers the new partition");
			if (!cJSON_IsTrue(pgq_get(bound, "is_default")))
				default_partition_scan(a, f, s, parent);
		}
		if (s->n_inherit)
			fk_onto_partitions(a, f, pgq_list(st, "tableElts"), s, 0);
	} else if (!strcmp(k, "AlterTableStmt") && t) {
		for (cJSON *el = pgq_first(pgq_list(st, "cmds")); el; el = el->next) {
			cJSON *cmd, *def;
			const char *sub = pgq_node(el, &cmd) ? pgq_str(cmd, "subtype") : NULL;
			const char *dk = sub ? pgq_node(pgq_get(cmd, "def"), &def) : NULL;
			if (!sub)
				continue;
			if (!strcmp(sub, "AT_AttachPartition") && dk && !strcmp(dk, "PartitionCmd")) {
				parent_fk_refs(a, f, t, "referenced by a foreign key the attached partition gets");
				lockfact_fk_children(a, f, s, t->schema, t->name, NULL, LOCK_SHARE_ROW_EXCLUSIVE,
						     "its foreign key onto the partitioned table covers the attached partition");
				size_t n = 0;
				lockfact_partition_of(s, t->schema, t->name, false, &n);
				cJSON *bound = pgq_get(def, "bound");
				const struct schema_check_term *b = attach_bound(a, t, bound, sql);
				const struct schema_table *child = rv_table(s, pgq_get(def, "name"));
				if ((b && schema_bound_implied(child, b)) || unbounded_range_implied(t, bound, child)) {
					/* a valid CHECK proves the bound: the attached
					 * table is not read */
					f->scan = false;
					f->note = "a valid CHECK of the attached table implies the bound: its rows are not read";
				}
				if (!cJSON_IsTrue(pgq_get(bound, "is_default")))
					default_partition_scan(a, f, s, t);
				else if (!n && !t->uncertain)
					f->scan = false; /* no other partition: no row can belong elsewhere */
				if (!f->scan && attach_builds_index(t, child))
					f->scan = true;
			} else if (!strcmp(sub, "AT_DetachPartition")) {
				parent_fk_refs(a, f, t, "referenced by a foreign key the detached partition loses");
				/* a foreign key onto the partitioned table must not
				 * reference the detached rows: its table is read */
				size_t before_n = f->n_rels;
				lockfact_fk_children(a, f, s, t->schema, t->name, NULL, LOCK_ACCESS_EXCLUSIVE,
						     "its foreign key onto the partitioned table is checked against the "
						     "detached rows");
				if (f->n_rels > before_n)
					f->scan = true;
				/* the default partition's implied bound grows */
				cJSON *dn = dk && !strcmp(dk, "PartitionCmd") ? pgq_get(def, "name") : NULL;
				const struct schema_table *d = lockfact_partition_of(s, t->schema, t->name, true, NULL);
				if (d && dn && !(rv_table(s, dn) == d))
					lockfact_rel(a, f, d->schema, d->name, LOCK_ACCESS_EXCLUSIVE,
						     "the default partition, whose bound takes in the detached one's");
			} else if (t->partitioned && !parts && !strcmp(sub, "AT_AddConstraint") && index_constraint(dk, def)) {
				/* ONLY: the index is made on the partitioned table
				 * alone (invalid until its partitions' are attached),
				 * which has no rows */
				f->scan = false;
			} else if (parts && !strcmp(sub, "AT_AddConstraint") && index_constraint(dk, def) &&
				   !pk_sets_not_null(t, def)) {
				/* each partition gets its copy of the index, built
				 * under SHARE (a primary key over nullable columns
				 * also sets NOT NULL on them: ACCESS EXCLUSIVE, below) */
				lockfact_partitions(a, f, s, t->schema, t->name, LOCK_SHARE,
						    "a partition, gets its copy of the constraint's index");
			} else if (parts && (!strcmp(sub, "AT_AddConstraint") || !strcmp(sub, "AT_DropConstraint") ||
					     !strcmp(sub, "AT_AddIndex") || !strcmp(sub, "AT_AddIndexConstraint") ||
					     !strcmp(sub, "AT_AlterConstraint"))) {
				/* ALTER CONSTRAINT: the partitions' copies of the key too */
				lockfact_partitioned(a, f, s, t->schema, t->name, false);
			} else if (parts && (!strcmp(sub, "AT_EnableTrigAll") || !strcmp(sub, "AT_DisableTrigAll") ||
					     !strcmp(sub, "AT_EnableTrigUser") || !strcmp(sub, "AT_DisableTrigUser"))) {
				partition_triggers_all(a, f, s, t, strstr(sub, "All") != NULL);
			}
		}
		if (s->n_inherit)
			fk_onto_partitions(a, f, pgq_list(st, "cmds"), s, 0);
		/* a partitioned table has no storage of its own: without a
		 * partition there is no row to rewrite or read (an attached
		 * table is read, above) */
		size_t n_parts = 0;
		bool attaches = false;
		for (cJSON *el = pgq_first(pgq_list(st, "cmds")); el; el = el->next) {
			cJSON *cmd;
			const char *sub = pgq_node(el, &cmd) ? pgq_str(cmd, "subtype") : NULL;
			attaches = attaches || (sub && !strcmp(sub, "AT_AttachPartition"));
		}
		lockfact_partition_of(s, t->schema, t->name, false, &n_parts);
		if (t->partitioned && !t->uncertain && !n_parts && !attaches) {
			if (f->rewrite == 1)
				f->rewrite = 0;
			f->scan = false;
		}
	} else if (parts && m >= 0 &&
		   (!strcmp(k, "IndexStmt") || !strcmp(k, "InsertStmt") || !strcmp(k, "ReindexStmt") ||
		    !strcmp(k, "ClusterStmt") || (!strcmp(k, "CopyStmt") && cJSON_IsTrue(pgq_get(st, "is_from"))))) {
		bool routed = !strcmp(k, "InsertStmt") && insert_routed(a, f, s, t, st, sql, (enum lock_mode)m);
		if (!routed)
			lockfact_partitioned(a, f, s, t->schema, t->name, false);
		if ((!strcmp(k, "InsertStmt") || !strcmp(k, "CopyStmt")) && !routed && !f->note)
			f->note = "only the partitions the rows are routed to are locked";
		if (!strcmp(k, "ReindexStmt") || !strcmp(k, "ClusterStmt"))
			f->in_transaction = false; /* each partition in a transaction of its own */
	} else if (!strcmp(k, "VacuumStmt")) {
		for (cJSON *el = pgq_first(pgq_list(st, "rels")); el; el = el->next) {
			cJSON *vr;
			cJSON *r = pgq_node(el, &vr) ? pgq_get(vr, "relation") : NULL;
			const struct schema_table *vt = rv_table(s, r);
			int vm = r ? held(f, r) : -1;
			if (vt && vt->partitioned && vm >= 0 && cJSON_IsTrue(pgq_get(r, "inh")))
				lockfact_partitions(a, f, s, vt->schema, vt->name, (enum lock_mode)vm,
						    "a partition of the table the statement works on");
		}
	} else if (!strcmp(k, "DropStmt") && pgq_str(st, "removeType") &&
		   !strcmp(pgq_str(st, "removeType"), "OBJECT_TABLE")) {
		for (cJSON *el = pgq_first(pgq_list(st, "objects")); el; el = el->next) {
			cJSON *inner;
			const char *dsch, *dname;
			pgq_qualified(pgq_node(el, &inner) ? pgq_list(inner, "items") : NULL, &dsch, &dname);
			const struct schema_table *dt = dname ? schema_table(s, dsch, dname) : NULL;
			if (!dt)
				continue;
			lockfact_partitioned(a, f, s, dt->schema, dt->name, false);
			lockfact_partition_parent(a, f, s, dt->schema, dt->name);
		}
	}
}

static bool is_kind(const char *k, const char *const *kinds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(k, kinds[i]))
			return true;
	return false;
}

/* The views on (schema, name) (on its column col, when not NULL), dropped
 * by a CASCADE: ACCESS EXCLUSIVE. */
static void views_dropped(struct arena *a, struct lock_fact *f, const struct schema *s, const char *schema,
			  const char *name, const char *col)
{
	for (size_t i = 0; name && i < s->n_views; i++)
		if (!s->views[i]->dropped && schema_view_reads(s->views[i], schema, name, col))
			lockfact_rel(a, f, s->views[i]->schema, s->views[i]->name, LOCK_ACCESS_EXCLUSIVE,
				     "dropped by the CASCADE");
}

/* The views of a statement. Where the statement runs a view's query
 * (SELECT, INSERT/UPDATE/DELETE, MERGE, LOCK, CREATE ... AS), PostgreSQL's
 * rewriter expands it: the relations it names get the view's lock, and so
 * on down (a materialized view is not expanded, it has rows). REFRESH
 * runs its materialized view's query: ACCESS SHARE on what it names. A
 * CASCADE drop of a table, view or column drops the views built on it
 * (ACCESS EXCLUSIVE). CREATE VIEW ... AS SELECT FROM a view only reads
 * the view. */
static void view_locks(struct arena *a, struct lock_fact *f, const struct pgq_stmt *ps, const struct schema *s)
{
	static const char *const runs[] = { "SelectStmt", "InsertStmt",	     "UpdateStmt",	   "DeleteStmt",
					    "MergeStmt",  "LockStmt",	     "CreateTableAsStmt", "RefreshMatViewStmt",
					    "CopyStmt" };
	const char *k = ps->kind;
	cJSON *st = ps->node;
	if (!f->known || !s || !s->n_views)
		return;
	if (is_kind(k, runs, sizeof(runs) / sizeof(runs[0]))) {
		cJSON *mv = !strcmp(k, "RefreshMatViewStmt") ? pgq_get(st, "relation") : NULL;
		if (mv && cJSON_IsTrue(pgq_get(st, "skipData")))
			return; /* WITH NO DATA: the query is not run */
		/* rels grows as views are expanded: each is looked at once */
		for (size_t i = 0; f->known && i < f->n_rels; i++) {
			const struct schema_view *v = schema_view(s, f->rels[i].schema, f->rels[i].name);
			bool refreshed = mv && v && v->materialized && !strcmp(v->name, pgq_str(mv, "relname")) &&
					 schema_same_schema(v->schema, pgq_str(mv, "schemaname"));
			if (!v || (v->materialized && !refreshed))
				continue;
			enum lock_mode m = refreshed ? LOCK_ACCESS_SHARE : f->rels[i].mode;
			const char *why = arena_printf(a, "named by the query of %s %s",
						       v->materialized ? "materialized view" : "view", v->name);
			for (size_t r = 0; r < v->n_reads; r++) {
				lockfact_rel(a, f, v->reads[r].schema, v->reads[r].name, m, why);
				/* the query is planned over their inheritance children
				 * and partitions too */
				lockfact_descendants(a, f, s, v->reads[r].schema, v->reads[r].name, m, why);
			}
			if (refreshed && f->note && strstr(f->note, "keeps no view's query"))
				f->note = NULL;
		}
		return;
	}
	bool cascade = pgq_str(st, "behavior") && !strcmp(pgq_str(st, "behavior"), "DROP_CASCADE");
	/* the views a CASCADE drops: those on the dropped relation or column,
	 * then those on each of them */
	size_t from = f->n_rels;
	/* DROP SCHEMA ... CASCADE: the views on every relation it drops */
	if (!strcmp(k, "DropStmt") && pgq_str(st, "removeType") && !strcmp(pgq_str(st, "removeType"), "OBJECT_SCHEMA"))
		from = 0;
	if (!strcmp(k, "DropStmt") && cascade) {
		for (cJSON *el = pgq_first(pgq_list(st, "objects")); el; el = el->next) {
			cJSON *inner;
			const char *ok = pgq_node(el, &inner), *sch, *name;
			pgq_qualified(ok && !strcmp(ok, "List") ? pgq_list(inner, "items") : NULL, &sch, &name);
			views_dropped(a, f, s, sch, name, NULL);
		}
	} else if (!strcmp(k, "AlterTableStmt")) {
		cJSON *rel = pgq_get(st, "relation");
		for (cJSON *el = pgq_first(pgq_list(st, "cmds")); el; el = el->next) {
			cJSON *cmd;
			const char *sub = pgq_node(el, &cmd) ? pgq_str(cmd, "subtype") : NULL;
			const char *beh = sub ? pgq_str(cmd, "behavior") : NULL;
			if (sub && !strcmp(sub, "AT_DropColumn") && beh && !strcmp(beh, "DROP_CASCADE"))
				views_dropped(a, f, s, pgq_str(rel, "schemaname"), pgq_str(rel, "relname"),
					      pgq_str(cmd, "name"));
		}
	}
	for (size_t i = from; f->known && i < f->n_rels; i++)
		views_dropped(a, f, s, f->rels[i].schema, f->rels[i].name, NULL);
}

/* The triggers a write fires (locktrig.c): INSERT, UPDATE (of the
 * columns it sets), DELETE, TRUNCATE; DROP FUNCTION ... CASCADE drops
 * the triggers that run it. */
static void trigger_locks(struct arena *a, struct lock_fact *f, const struct pgq_stmt *ps, const struct schema *s,
			  int depth)
{
	const char *k = ps->kind;
	cJSON *st = ps->node;
	if (!f->known || !s)
		return;
	bool copy_in = !strcmp(k, "CopyStmt") && cJSON_IsTrue(pgq_get(st, "is_from"));
	int ev = !strcmp(k, "InsertStmt") || copy_in ? SCHEMA_TRIG_INSERT
		 : !strcmp(k, "UpdateStmt") ? SCHEMA_TRIG_UPDATE
		 : !strcmp(k, "DeleteStmt") ? SCHEMA_TRIG_DELETE
					    : 0;
	if (ev) {
		cJSON *rel = pgq_get(st, "relation");
		const char *cols[16];
		size_t n_cols = 0;
		for (cJSON *el = pgq_first(pgq_list(st, "targetList")); ev == SCHEMA_TRIG_UPDATE && el; el = el->next) {
			cJSON *rt;
			if (pgq_node(el, &rt) && n_cols < sizeof(cols) / sizeof(cols[0]))
				cols[n_cols++] = pgq_str(rt, "name");
			else
				n_cols = 0; /* more than the list holds: any UPDATE OF fires */
		}
		locktrig_fire(a, f, s, pgq_str(rel, "schemaname"), pgq_str(rel, "relname"), ev, cols, n_cols, depth);
		const char *oc = pgq_str(pgq_get(st, "onConflictClause"), "action");
		if (ev == SCHEMA_TRIG_INSERT && oc && !strcmp(oc, "ONCONFLICT_UPDATE"))
			locktrig_fire(a, f, s, pgq_str(rel, "schemaname"), pgq_str(rel, "relname"), SCHEMA_TRIG_UPDATE,
				      NULL, 0, depth);
	} else if (!strcmp(k, "TruncateStmt")) {
		for (cJSON *el = pgq_first(pgq_list(st, "relations")); el; el = el->next) {
			cJSON *rv;
			if (pgq_node(el, &rv))
				locktrig_fire(a, f, s, pgq_str(rv, "schemaname"), pgq_str(rv, "relname"),
					      SCHEMA_TRIG_TRUNCATE, NULL, 0, depth);
		}
	} else if (!strcmp(k, "DropStmt") && pgq_str(st, "removeType") &&
		   !strcmp(pgq_str(st, "removeType"), "OBJECT_FUNCTION") && pgq_str(st, "behavior") &&
		   !strcmp(pgq_str(st, "behavior"), "DROP_CASCADE")) {
		for (cJSON *el = pgq_first(pgq_list(st, "objects")); el; el = el->next) {
			cJSON *ow;
			const char *fs, *fn;
			if (!pgq_node(el, &ow))
				continue;
			pgq_qualified(pgq_list(ow, "objname"), &fs, &fn);
			locktrig_drop_function(a, f, s, fs, fn);
		}
	}
}

void lockmodel_facts(struct arena *a, const char *sql, const struct pgq_result *r, const struct schema *before,
		     struct lock_fact **out, size_t *n)
{
	lockmodel_facts_nested(a, sql, r, before, out, n, 0);
}

/* A table an earlier statement of the same text made is seen by no one
 * else until COMMIT: its locks block nobody, its rewrite costs nothing
 * (as for the CREATE TABLE itself: locks on existing tables only). */
static void drop_made_here(struct arena *a, struct lock_fact *f, const char *(*made)[2], size_t n_made)
{
	size_t kept = 0, had = f->n_rels;
	for (size_t k = 0; k < f->n_rels; k++) {
		bool mine = false;
		for (size_t m = 0; !mine && m < n_made; m++)
			mine = !strcmp(f->rels[k].name, made[m][1]) && schema_same_schema(f->rels[k].schema, made[m][0]);
		if (!mine)
			f->rels[kept++] = f->rels[k];
	}
	f->n_rels = kept;
	if (kept < had && !kept) {
		f->rewrite = 0;
		f->scan = false;
		lockfact_note(a, f, "on a table made earlier in the same text: no one else sees it before COMMIT");
	}
}

void lockmodel_facts_nested(struct arena *a, const char *sql, const struct pgq_result *r, const struct schema *before,
			    struct lock_fact **out, size_t *n, int depth)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	/* The statements before one in the same text change what it sees
	 * (a CREATE TABLE and the ALTER after it in one op.execute): they
	 * are replayed into a copy of the schema (without one, into a new
	 * one: a statement given with the CREATE TABLE it depends on). */
	struct schema *own = r->n > 1 ? before ? schema_clone(before) : schema_new(DIALECT_POSTGRESQL) : NULL;
	/* the tables the text's earlier statements made */
	const char *(*made)[2] = own ? arena_alloc(a, r->n * sizeof(*made)) : NULL;
	size_t n_made = 0;
	struct views vw = { .n = 0 };
	for (size_t i = 0; i < r->n; i++) {
		const char *kind = arena_strdup(a, r->stmts[i].kind);
		struct lock_fact *f = lockfact_new(a, out, n, &cap, kind);
		one(a, f, &r->stmts[i], own ? own : before, &vw);
		inherit_locks(a, f, &r->stmts[i], own ? own : before, sql);
		partition_locks(a, f, &r->stmts[i], own ? own : before, sql);
		view_locks(a, f, &r->stmts[i], own ? own : before);
		trigger_locks(a, f, &r->stmts[i], own ? own : before, depth);
		if (!strcmp(kind, "DoStmt"))
			locktrig_do_block(a, f, own ? own : before, r->stmts[i].node, depth);
		else if (!strcmp(kind, "CallStmt"))
			locktrig_call(a, f, own ? own : before, r->stmts[i].node, depth);
		else if (f->constraints_mode == 1 && i) {
			/* the checks the same text's earlier statements left */
			const struct lock_fact **e = arena_alloc(a, i * sizeof(*e));
			for (size_t j = 0; j < i; j++)
				e[j] = &(*out)[i - 1 - j];
			lockfact_run_pending(a, f, e, i, 0);
		}
		if (n_made)
			drop_made_here(a, f, made, n_made);
		/* (a text given alone, without a schema, is its own setup: the
		 * tables it makes are the statement's to lock) */
		if (own && before && i + 1 < r->n && !strcmp(kind, "CreateStmt")) {
			cJSON *rel = pgq_get(r->stmts[i].node, "relation");
			made[n_made][0] = pgq_str(rel, "schemaname");
			made[n_made++][1] = pgq_str(rel, "relname");
		}
		if (own && i + 1 < r->n) {
			/* this statement's tree alone, its locations into sql */
			struct pgq_result one_stmt = { r->root, &r->stmts[i], 1, NULL };
			struct op o;
			memset(&o, 0, sizeof(o));
			o.kind = OP_EXECUTE;
			o.sql = sql;
			struct schema_parsed pv = { &o, &one_stmt };
			schema_apply_parsed(own, &o, 1, before && before->revision ? before->revision : "statement", &pv, 1);
		}
	}
	if (own)
		schema_free(own);
}

bool lockmodel_analyze(struct arena *a, const char *sql, const struct schema *before, struct lock_fact **out,
		       size_t *n, struct strbuf *err)
{
	*out = NULL;
	*n = 0;
	struct pgq_result r;
	if (!pgq_parse(sql, &r, err))
		return false;
	lockmodel_facts(a, sql, &r, before, out, n);
	pgq_free(&r);
	return true;
}
