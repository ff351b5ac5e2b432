/* lockmodel.c - statement forms to locks, following the tables of
 * lint-and-locks.md part 1b (each form observed on PostgreSQL 15). */
#include <stdio.h>
#include <string.h>

#include "cupel/lockmodel.h"
#include "cupel/pgq.h"

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

static struct lock_fact *fact_new(struct arena *a, struct lock_fact **v, size_t *n, size_t *cap, const char *kind)
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

/* Take mode on a relation (the strongest wins when named twice). */
static void lock_rel(struct arena *a, struct lock_fact *f, json_t *rangevar, const char *name, enum lock_mode m,
		     const char *why)
{
	const char *schema = rangevar ? pgq_str(rangevar, "schemaname") : NULL;
	if (rangevar)
		name = pgq_str(rangevar, "relname");
	if (!name)
		return;
	for (size_t i = 0; i < f->n_rels; i++)
		if (!strcmp(f->rels[i].name, name) &&
		    ((!schema && !f->rels[i].schema) || (schema && f->rels[i].schema && !strcmp(schema, f->rels[i].schema)))) {
			if (m > f->rels[i].mode) {
				f->rels[i].mode = m;
				f->rels[i].why = why;
			}
			return;
		}
	if (f->n_rels == sizeof(f->rels) / sizeof(f->rels[0]))
		return;
	struct lock_rel *r = &f->rels[f->n_rels++];
	r->schema = schema ? arena_strdup(a, schema) : NULL;
	r->name = arena_strdup(a, name);
	r->mode = m;
	r->why = why;
}

static void unknown(struct lock_fact *f, const char *why)
{
	f->known = false;
	f->unknown = why;
	f->rewrite = -1;
}

/* Functions whose value changes per row: a default calling them rewrites
 * the table (PostgreSQL 11+ stores non-volatile defaults instead). */
static bool volatile_default(json_t *expr)
{
	json_t *inner;
	const char *k = pgq_node(expr, &inner);
	if (!k)
		return false;
	if (!strcmp(k, "FuncCall")) {
		json_t *names = pgq_list(inner, "funcname");
		size_t n = names ? json_array_size(names) : 0;
		const char *fn = n ? pgq_sval(json_array_get(names, n - 1)) : NULL;
		static const char *const vol[] = { "random", "clock_timestamp", "gen_random_uuid", "uuid_generate_v4",
						   "uuid_generate_v1", "nextval", "timeofday", "txid_current", "setseed" };
		for (size_t i = 0; fn && i < sizeof(vol) / sizeof(vol[0]); i++)
			if (!strcmp(fn, vol[i]))
				return true;
		json_t *args = pgq_list(inner, "args");
		for (size_t i = 0; args && i < json_array_size(args); i++)
			if (volatile_default(json_array_get(args, i)))
				return true;
		return false;
	}
	if (!strcmp(k, "TypeCast"))
		return volatile_default(json_object_get(inner, "arg"));
	if (!strcmp(k, "A_Expr"))
		return volatile_default(json_object_get(inner, "lexpr")) || volatile_default(json_object_get(inner, "rexpr"));
	return false;
}

static const char *type_last_name(json_t *tn)
{
	json_t *names = pgq_list(tn, "names");
	size_t n = names ? json_array_size(names) : 0;
	return n ? pgq_sval(json_array_get(names, n - 1)) : NULL;
}

static void add_column(struct arena *a, struct lock_fact *f, json_t *rel, json_t *cd)
{
	lock_rel(a, f, rel, NULL, LOCK_ACCESS_EXCLUSIVE, "altered");
	const char *tn = type_last_name(json_object_get(cd, "typeName"));
	if (tn && (!strcmp(tn, "serial") || !strcmp(tn, "bigserial") || !strcmp(tn, "smallserial") ||
		   !strcmp(tn, "serial4") || !strcmp(tn, "serial8"))) {
		f->rewrite = 1;
		f->scan = true;
	}
	json_t *cons = pgq_list(cd, "constraints");
	bool not_null = false, has_default = false;
	for (size_t i = 0; cons && i < json_array_size(cons); i++) {
		json_t *c;
		if (!pgq_node(json_array_get(cons, i), &c))
			continue;
		const char *ct = pgq_str(c, "contype");
		if (!ct)
			continue;
		if (!strcmp(ct, "CONSTR_DEFAULT")) {
			has_default = true;
			if (volatile_default(json_object_get(c, "raw_expr"))) {
				f->rewrite = 1;
				f->scan = true;
			}
		} else if (!strcmp(ct, "CONSTR_NOTNULL")) {
			not_null = true;
		} else if (!strcmp(ct, "CONSTR_IDENTITY") || !strcmp(ct, "CONSTR_GENERATED")) {
			f->rewrite = 1;
			f->scan = true;
		} else if (!strcmp(ct, "CONSTR_FOREIGN")) {
			lock_rel(a, f, json_object_get(c, "pktable"), NULL, LOCK_SHARE_ROW_EXCLUSIVE,
				 "referenced by the new foreign key");
		} else if (!strcmp(ct, "CONSTR_UNIQUE") || !strcmp(ct, "CONSTR_PRIMARY") || !strcmp(ct, "CONSTR_CHECK")) {
			f->scan = true;
		}
	}
	if (not_null && !has_default) {
		f->scan = true;
		f->note = "fails if the table has rows (NOT NULL without a default)";
	}
}

/* Is the type change binary-coercible (no rewrite)? From the schema's old
 * type text and the new type name; -1 when the old type is not known. */
static int coercible(const struct schema *before, json_t *rel, const char *column, json_t *tn)
{
	const struct schema_table *t =
		before ? schema_table(before, pgq_str(rel, "schemaname"), pgq_str(rel, "relname")) : NULL;
	const struct schema_column *c = t ? schema_column(t, column) : NULL;
	if (!c || !c->type)
		return -1;
	const char *to = type_last_name(tn);
	long old_len = -1, new_len = -1;
	bool old_varchar = sscanf(c->type, "VARCHAR(%ld)", &old_len) == 1 || !strcmp(c->type, "VARCHAR");
	json_t *mods = pgq_list(tn, "typmods");
	if (mods && json_array_size(mods) == 1) {
		json_t *inner;
		const char *k = pgq_node(json_array_get(mods, 0), &inner);
		json_t *iv = k && !strcmp(k, "A_Const") ? json_object_get(inner, "ival") : NULL;
		new_len = iv ? pgq_int(iv, "ival", -1) : -1;
	}
	if (old_varchar && to && !strcmp(to, "text"))
		return 1;
	if (old_varchar && to && !strcmp(to, "varchar"))
		return !mods || (old_len >= 0 && new_len >= old_len) ? 1 : 0;
	if (!strcmp(c->type, "TEXT") && to && !strcmp(to, "text"))
		return 1;
	return 0;
}

static void alter_table(struct arena *a, struct lock_fact *f, json_t *st, const struct schema *before)
{
	json_t *rel = json_object_get(st, "relation");
	json_t *cmds = pgq_list(st, "cmds");
	for (size_t i = 0; cmds && i < json_array_size(cmds); i++) {
		json_t *cmd;
		if (!pgq_node(json_array_get(cmds, i), &cmd))
			continue;
		const char *sub = pgq_str(cmd, "subtype");
		json_t *def = json_object_get(cmd, "def"), *inner = NULL;
		const char *dk = def ? pgq_node(def, &inner) : NULL;
		if (!sub) {
			unknown(f, "an ALTER TABLE sub-command without a type");
			return;
		}
		if (!strcmp(sub, "AT_AddColumn") && dk && !strcmp(dk, "ColumnDef")) {
			add_column(a, f, rel, inner);
		} else if (!strcmp(sub, "AT_DropColumn") || !strcmp(sub, "AT_DropNotNull") ||
			   !strcmp(sub, "AT_ColumnDefault") || !strcmp(sub, "AT_SetStorage") ||
			   !strcmp(sub, "AT_SetCompression") || !strcmp(sub, "AT_ReplicaIdentity") ||
			   !strcmp(sub, "AT_EnableRowSecurity") || !strcmp(sub, "AT_DisableRowSecurity") ||
			   !strcmp(sub, "AT_AlterConstraint") || !strcmp(sub, "AT_AddIdentity")) {
			lock_rel(a, f, rel, NULL, LOCK_ACCESS_EXCLUSIVE, "altered");
		} else if (!strcmp(sub, "AT_SetNotNull")) {
			lock_rel(a, f, rel, NULL, LOCK_ACCESS_EXCLUSIVE, "altered");
			f->scan = true;
		} else if (!strcmp(sub, "AT_AlterColumnType")) {
			lock_rel(a, f, rel, NULL, LOCK_ACCESS_EXCLUSIVE, "altered");
			int co = dk && !strcmp(dk, "ColumnDef")
					 ? coercible(before, rel, pgq_str(cmd, "name"), json_object_get(inner, "typeName"))
					 : -1;
			if (co == 1) {
				if (f->rewrite != 1)
					f->rewrite = 0;
			} else if (co == 0) {
				f->rewrite = 1;
				f->scan = true;
			} else {
				f->rewrite = -1;
				f->note = "rewrite unknown: the column's current type is not known";
			}
		} else if (!strcmp(sub, "AT_SetStatistics") || !strcmp(sub, "AT_SetOptions") ||
			   !strcmp(sub, "AT_ResetOptions") || !strcmp(sub, "AT_ClusterOn") ||
			   !strcmp(sub, "AT_DropCluster")) {
			lock_rel(a, f, rel, NULL, LOCK_SHARE_UPDATE_EXCLUSIVE, "altered");
		} else if (!strcmp(sub, "AT_ValidateConstraint")) {
			lock_rel(a, f, rel, NULL, LOCK_SHARE_UPDATE_EXCLUSIVE, "constraint validated");
			f->scan = true;
		} else if (!strcmp(sub, "AT_EnableTrig") || !strcmp(sub, "AT_DisableTrig") ||
			   !strcmp(sub, "AT_EnableTrigAll") || !strcmp(sub, "AT_DisableTrigAll")) {
			lock_rel(a, f, rel, NULL, LOCK_SHARE_ROW_EXCLUSIVE, "triggers switched");
		} else if (!strcmp(sub, "AT_AddConstraint") && dk && !strcmp(dk, "Constraint")) {
			const char *ct = pgq_str(inner, "contype");
			bool not_valid = json_is_true(json_object_get(inner, "skip_validation"));
			if (ct && !strcmp(ct, "CONSTR_FOREIGN")) {
				lock_rel(a, f, rel, NULL, LOCK_SHARE_ROW_EXCLUSIVE, "gets a foreign key");
				lock_rel(a, f, json_object_get(inner, "pktable"), NULL, LOCK_SHARE_ROW_EXCLUSIVE,
					 "referenced by the new foreign key");
				if (!not_valid)
					f->scan = true;
			} else if (ct && !strcmp(ct, "CONSTR_CHECK")) {
				lock_rel(a, f, rel, NULL, LOCK_ACCESS_EXCLUSIVE, "gets a check constraint");
				if (!not_valid)
					f->scan = true;
			} else if (ct && (!strcmp(ct, "CONSTR_UNIQUE") || !strcmp(ct, "CONSTR_PRIMARY") ||
					  !strcmp(ct, "CONSTR_EXCLUSION"))) {
				lock_rel(a, f, rel, NULL, LOCK_ACCESS_EXCLUSIVE, "gets an index-backed constraint");
				/* USING INDEX reuses an existing index: no build */
				if (!pgq_str(inner, "indexname"))
					f->scan = true;
			} else {
				unknown(f, "a constraint kind the model does not know");
				return;
			}
		} else if (!strcmp(sub, "AT_DropConstraint")) {
			lock_rel(a, f, rel, NULL, LOCK_ACCESS_EXCLUSIVE, "altered");
			f->note = "dropping a foreign key also takes ACCESS EXCLUSIVE on the referenced table";
		} else {
			char *why = arena_printf(a, "ALTER TABLE %s is not modelled", sub);
			unknown(f, why);
			return;
		}
	}
}

static void one(struct arena *a, struct lock_fact *f, const struct pgq_stmt *ps, const struct schema *before)
{
	json_t *st = ps->node;
	const char *k = ps->kind;
	if (!strcmp(k, "AlterTableStmt")) {
		const char *ot = pgq_str(st, "objtype");
		if (ot && strcmp(ot, "OBJECT_TABLE") != 0) {
			unknown(f, arena_printf(a, "ALTER of %s is not modelled", ot));
			return;
		}
		alter_table(a, f, st, before);
	} else if (!strcmp(k, "CreateStmt")) {
		/* a new table locks nothing existing but the tables its foreign
		 * keys reference */
		json_t *elts = pgq_list(st, "tableElts");
		for (size_t i = 0; elts && i < json_array_size(elts); i++) {
			json_t *inner;
			const char *ek = pgq_node(json_array_get(elts, i), &inner);
			json_t *cons = ek && !strcmp(ek, "ColumnDef") ? pgq_list(inner, "constraints") : NULL;
			if (ek && !strcmp(ek, "Constraint")) {
				const char *ct = pgq_str(inner, "contype");
				if (ct && !strcmp(ct, "CONSTR_FOREIGN"))
					lock_rel(a, f, json_object_get(inner, "pktable"), NULL, LOCK_SHARE_ROW_EXCLUSIVE,
						 "referenced by a foreign key of the new table");
			}
			for (size_t c = 0; cons && c < json_array_size(cons); c++) {
				json_t *ci;
				if (!pgq_node(json_array_get(cons, c), &ci))
					continue;
				const char *ct = pgq_str(ci, "contype");
				if (ct && !strcmp(ct, "CONSTR_FOREIGN"))
					lock_rel(a, f, json_object_get(ci, "pktable"), NULL, LOCK_SHARE_ROW_EXCLUSIVE,
						 "referenced by a foreign key of the new table");
			}
		}
		if (json_object_get(st, "partbound"))
			unknown(f, "CREATE TABLE ... PARTITION OF is not modelled");
	} else if (!strcmp(k, "IndexStmt")) {
		bool conc = json_is_true(json_object_get(st, "concurrent"));
		lock_rel(a, f, json_object_get(st, "relation"), NULL, conc ? LOCK_SHARE_UPDATE_EXCLUSIVE : LOCK_SHARE,
			 "indexed");
		f->scan = true;
		f->in_transaction = !conc;
		if (conc)
			f->note = "waits for every transaction older than it in the database";
	} else if (!strcmp(k, "DropStmt")) {
		const char *rt = pgq_str(st, "removeType");
		bool conc = json_is_true(json_object_get(st, "concurrent"));
		json_t *objs = pgq_list(st, "objects");
		if (rt && (!strcmp(rt, "OBJECT_TABLE") || !strcmp(rt, "OBJECT_VIEW") ||
			   !strcmp(rt, "OBJECT_MATVIEW"))) {
			for (size_t i = 0; objs && i < json_array_size(objs); i++) {
				json_t *inner;
				if (!pgq_node(json_array_get(objs, i), &inner))
					continue;
				json_t *items = pgq_list(inner, "items");
				size_t n = items ? json_array_size(items) : 0;
				if (n)
					lock_rel(a, f, NULL, pgq_sval(json_array_get(items, n - 1)), LOCK_ACCESS_EXCLUSIVE,
						 "dropped");
			}
			f->note = "dropping a table that references others also takes ACCESS EXCLUSIVE on them";
		} else if (rt && !strcmp(rt, "OBJECT_INDEX")) {
			/* the statement names the index; the schema knows its table */
			f->in_transaction = !conc;
			for (size_t i = 0; objs && i < json_array_size(objs); i++) {
				json_t *inner;
				if (!pgq_node(json_array_get(objs, i), &inner))
					continue;
				json_t *items = pgq_list(inner, "items");
				size_t n = items ? json_array_size(items) : 0;
				const char *ix = n ? pgq_sval(json_array_get(items, n - 1)) : NULL;
				struct schema_table *t = NULL;
				if (ix && before && schema_index(before, ix, &t) && t) {
					lock_rel(a, f, NULL, t->name, conc ? LOCK_SHARE_UPDATE_EXCLUSIVE : LOCK_ACCESS_EXCLUSIVE,
						 "loses an index");
				} else {
					unknown(f, "DROP INDEX of an index whose table the schema does not know");
					return;
				}
			}
			if (conc)
				f->note = "ACCESS EXCLUSIVE on the index at the end; waits for transactions using the table";
		} else if (rt && (!strcmp(rt, "OBJECT_TYPE") || !strcmp(rt, "OBJECT_SEQUENCE") ||
				  !strcmp(rt, "OBJECT_FUNCTION") || !strcmp(rt, "OBJECT_TRIGGER") ||
				  !strcmp(rt, "OBJECT_EXTENSION"))) {
			if (!strcmp(rt, "OBJECT_TRIGGER")) {
				json_t *inner;
				if (objs && pgq_node(json_array_get(objs, 0), &inner)) {
					json_t *items = pgq_list(inner, "items");
					size_t n = items ? json_array_size(items) : 0;
					if (n >= 2)
						lock_rel(a, f, NULL, pgq_sval(json_array_get(items, n - 2)),
							 LOCK_ACCESS_EXCLUSIVE, "loses a trigger");
				}
			}
		} else {
			unknown(f, arena_printf(a, "DROP %s is not modelled", rt ? rt : "?"));
		}
	} else if (!strcmp(k, "TruncateStmt")) {
		json_t *rels = pgq_list(st, "relations");
		for (size_t i = 0; rels && i < json_array_size(rels); i++) {
			json_t *rv;
			if (pgq_node(json_array_get(rels, i), &rv))
				lock_rel(a, f, rv, NULL, LOCK_ACCESS_EXCLUSIVE, "truncated");
		}
		f->rewrite = 1;
	} else if (!strcmp(k, "InsertStmt") || !strcmp(k, "UpdateStmt") || !strcmp(k, "DeleteStmt")) {
		lock_rel(a, f, json_object_get(st, "relation"), NULL, LOCK_ROW_EXCLUSIVE, "written");
		if (!json_object_get(st, "whereClause") && strcmp(k, "InsertStmt") != 0)
			f->scan = true;
	} else if (!strcmp(k, "SelectStmt")) {
		json_t *from = pgq_list(st, "fromClause");
		for (size_t i = 0; from && i < json_array_size(from); i++) {
			json_t *rv;
			const char *fk = pgq_node(json_array_get(from, i), &rv);
			if (fk && !strcmp(fk, "RangeVar"))
				lock_rel(a, f, rv, NULL, LOCK_ACCESS_SHARE, "read");
		}
	} else if (!strcmp(k, "CreateEnumStmt") || !strcmp(k, "CreateSeqStmt") || !strcmp(k, "CreateFunctionStmt") ||
		   !strcmp(k, "CreateExtensionStmt") || !strcmp(k, "GrantStmt") || !strcmp(k, "VariableSetStmt") ||
		   !strcmp(k, "TransactionStmt") || !strcmp(k, "CreateSchemaStmt") || !strcmp(k, "CompositeTypeStmt")) {
		/* no table lock */
	} else if (!strcmp(k, "AlterEnumStmt")) {
		f->note = "no table lock (ExclusiveLock on the type); the new value cannot be used before COMMIT";
	} else if (!strcmp(k, "CommentStmt")) {
		const char *ot = pgq_str(st, "objtype");
		json_t *obj = json_object_get(st, "object"), *inner = NULL;
		const char *okind = obj ? pgq_node(obj, &inner) : NULL;
		if (ot && (!strcmp(ot, "OBJECT_TABLE") || !strcmp(ot, "OBJECT_COLUMN")) && okind && !strcmp(okind, "List")) {
			json_t *items = pgq_list(inner, "items");
			size_t n = items ? json_array_size(items) : 0;
			size_t ti = !strcmp(ot, "OBJECT_COLUMN") ? (n >= 2 ? n - 2 : 0) : (n ? n - 1 : 0);
			if (n)
				lock_rel(a, f, NULL, pgq_sval(json_array_get(items, ti)), LOCK_SHARE_UPDATE_EXCLUSIVE,
					 "commented");
		}
	} else if (!strcmp(k, "CreateTrigStmt")) {
		lock_rel(a, f, json_object_get(st, "relation"), NULL, LOCK_SHARE_ROW_EXCLUSIVE, "gets a trigger");
	} else if (!strcmp(k, "ViewStmt")) {
		bool replace = json_is_true(json_object_get(st, "replace"));
		if (replace)
			lock_rel(a, f, json_object_get(st, "view"), NULL, LOCK_ACCESS_EXCLUSIVE, "replaced");
		f->note = "ACCESS SHARE on the tables the view reads";
	} else if (!strcmp(k, "RenameStmt")) {
		const char *rt = pgq_str(st, "renameType");
		if (rt && (!strcmp(rt, "OBJECT_TABLE") || !strcmp(rt, "OBJECT_COLUMN") ||
			   !strcmp(rt, "OBJECT_TABCONSTRAINT")))
			lock_rel(a, f, json_object_get(st, "relation"), NULL, LOCK_ACCESS_EXCLUSIVE, "renamed");
		else if (rt && !strcmp(rt, "OBJECT_INDEX"))
			lock_rel(a, f, json_object_get(st, "relation"), NULL, LOCK_SHARE_UPDATE_EXCLUSIVE, "index renamed");
		else
			unknown(f, arena_printf(a, "RENAME of %s is not modelled", rt ? rt : "?"));
	} else if (!strcmp(k, "VacuumStmt")) {
		json_t *rels = pgq_list(st, "rels");
		bool vacuum = json_is_true(json_object_get(st, "is_vacuumcmd"));
		for (size_t i = 0; rels && i < json_array_size(rels); i++) {
			json_t *vr;
			if (pgq_node(json_array_get(rels, i), &vr))
				lock_rel(a, f, json_object_get(vr, "relation"), NULL, LOCK_SHARE_UPDATE_EXCLUSIVE,
					 vacuum ? "vacuumed" : "analyzed");
		}
		f->in_transaction = !vacuum;
		if (vacuum)
			f->note = "VACUUM FULL would take ACCESS EXCLUSIVE and rewrite (options not read)";
	} else {
		unknown(f, arena_printf(a, "%s is not modelled", k));
	}
}

bool lockmodel_analyze(struct arena *a, const char *sql, const struct schema *before, struct lock_fact **out,
		       size_t *n, struct strbuf *err)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	struct pgq_result r;
	if (!pgq_parse(sql, &r, err))
		return false;
	/* Without a schema, the statements before one in the same text are
	 * what the model knows of the tables (a statement given with the
	 * CREATE TABLE it depends on). */
	struct schema *own = !before && r.n > 1 ? schema_new(DIALECT_POSTGRESQL) : NULL;
	for (size_t i = 0; i < r.n; i++) {
		const char *kind = arena_strdup(a, r.stmts[i].kind);
		struct lock_fact *f = fact_new(a, out, n, &cap, kind);
		one(a, f, &r.stmts[i], own ? own : before);
		if (own) {
			const struct pgq_stmt *ps = &r.stmts[i];
			size_t from = (size_t)ps->location, len = ps->len ? (size_t)ps->len : strlen(sql + from);
			struct op o;
			memset(&o, 0, sizeof(o));
			o.kind = OP_EXECUTE;
			o.sql = arena_strndup(a, sql + from, len);
			schema_apply(own, &o, 1, "statement");
		}
	}
	if (own)
		schema_free(own);
	pgq_free(&r);
	return true;
}
