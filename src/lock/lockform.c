/* lockform.c - lock facts of rendered statements from what the renderer
 * says it built. Parsing each of cupel's own statements again costs more
 * than rendering it; the facts are the same as lockmodel_analyze's on the
 * text (tests/locks/routes.sh compares the two on every statement of the
 * operation catalogue and of generated projects). Whatever the operation
 * leaves to free SQL text that could change the facts is left to the
 * parser. */
#include <ctype.h>
#include <string.h>

#include "lockfact.h"
#include "lockform.h"
#include "locktrig.h"

/* PostgreSQL's name of a type as SQLAlchemy renders it ("int4",
 * "varchar", "timestamptz" ...; "float" for FLOAT, whose modifier decides
 * between float4 and float8), for the type changes that need no rewrite;
 * NULL when the text is not one of those spellings (a user type, an
 * array, a collation ...). */
static const char *type_name(const char *sql, long *mods, size_t *n_mods)
{
	char base[64];
	size_t b = 0;
	*n_mods = 0;
	for (const char *p = sql; *p; p++) {
		if (*p == '(') {
			/* integer modifiers */
			p++;
			for (;;) {
				while (*p == ' ')
					p++;
				if (!isdigit((unsigned char)*p) || *n_mods == 4)
					return NULL;
				long v = 0;
				while (isdigit((unsigned char)*p) && v < 100000000)
					v = v * 10 + (*p++ - '0');
				mods[(*n_mods)++] = v;
				while (*p == ' ')
					p++;
				if (*p == ',')
					p++;
				else if (*p == ')')
					break;
				else
					return NULL;
			}
			continue;
		}
		if (!(isupper((unsigned char)*p) || *p == ' ') || b + 1 >= sizeof(base))
			return NULL;
		/* "TIMESTAMP(3) WITH TIME ZONE": one space where the modifier was */
		if (*p == ' ' && b && base[b - 1] == ' ')
			continue;
		base[b++] = *p;
	}
	while (b && base[b - 1] == ' ')
		b--;
	base[b] = '\0';
	static const struct { const char *sql, *pg; } names[] = {
		{ "VARCHAR", "varchar" }, { "CHARACTER VARYING", "varchar" }, { "TEXT", "text" },
		{ "NUMERIC", "numeric" }, { "DECIMAL", "numeric" }, { "TIMESTAMP WITH TIME ZONE", "timestamptz" },
		{ "INTEGER", "int4" }, { "INT", "int4" }, { "BIGINT", "int8" }, { "SMALLINT", "int2" },
		{ "BOOLEAN", "bool" }, { "FLOAT", "float" }, { "REAL", "float4" }, { "DOUBLE PRECISION", "float8" },
		{ "DATE", "date" }, { "TIMESTAMP", "timestamp" }, { "TIMESTAMP WITHOUT TIME ZONE", "timestamp" },
		{ "TIME", "time" }, { "TIME WITHOUT TIME ZONE", "time" }, { "TIME WITH TIME ZONE", "timetz" },
		{ "CHAR", "bpchar" }, { "JSON", "json" }, { "JSONB", "jsonb" }, { "UUID", "uuid" },
		{ "BYTEA", "bytea" }, { "INTERVAL", "interval" }, { "INET", "inet" }, { "CIDR", "cidr" },
		{ "MONEY", "money" }, { "XML", "xml" }, { "NCHAR", "bpchar" }, { "BIT", "bit" },
		{ "BIT VARYING", "varbit" }, { "OID", "oid" }, { "REGCLASS", "regclass" }, { "MACADDR", "macaddr" },
		{ "MACADDR8", "macaddr8" }, { "TSVECTOR", "tsvector" },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(base, names[i].sql))
			return names[i].pg;
	return NULL;
}

/* Does op's primary key leave the columns' NOT NULL as it is (every key
 * column known and already NOT NULL)? As lockmodel.c's pk_sets_not_null. */
static bool pk_keeps_nulls(const struct schema *before, const char *sch, const char *tab, const struct op *op)
{
	const struct schema_table *t = lockfact_table(before, sch, tab);
	if (!t || t->uncertain || !op || op->kind != OP_CREATE_PK || !op->constraint.cols.n)
		return false;
	for (size_t i = 0; i < op->constraint.cols.n; i++) {
		const struct schema_column *c = schema_column(t, op->constraint.cols.v[i]);
		if (!c || c->nullable)
			return false;
	}
	return true;
}

/* The foreign key checks of one bulk_insert row, as the parse route
 * judges the INSERT rendered of it (None, and what renders as NULL, is
 * NULL; a key not in the row gets its column's default). */
static void insert_row_checks(struct arena *a, struct lock_fact *f, const struct schema *before, const char *sch,
			      const char *tab, const struct op_row *row)
{
	if (!row) {
		lockfact_insert_checks(a, f, before, sch, tab);
		return;
	}
	enum lockfact_value *v = arena_alloc(a, (row->n ? row->n : 1) * sizeof(*v));
	for (size_t i = 0; i < row->n; i++)
		v[i] = row->values[i].kind == VAL_NULL || row->values[i].kind == VAL_OTHER ? LOCKFACT_NULL
											     : LOCKFACT_GIVEN;
	struct lockfact_rows rows = { row->keys, row->n, v, 1 };
	lockfact_insert_rows_checks(a, f, before, sch, tab, &rows);
}

/* Does the column's server default change per row? -1: its SQL is free
 * text only the parser can judge. */
static int default_volatile(const struct op_default *df, const struct schema *s)
{
	switch (df->kind) {
	case DEFAULT_TEXT:
		return -1;
	case DEFAULT_FUNC: {
		/* sa.func.NAME() prints as [SCHEMA.]NAME() or as an SQL keyword
		 * (now, CURRENT_TIMESTAMP ...) */
		char low[128];
		size_t n = 0;
		for (const char *p = df->text; p && *p; p++) {
			if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.')
				return -1;
			if (n + 1 < sizeof(low))
				low[n++] = (char)tolower((unsigned char)*p);
		}
		low[n] = '\0';
		/* [schema.]name, its last two parts as the parse route reads them */
		const char *schema = NULL, *name = low;
		char *dot = strrchr(low, '.');
		if (dot) {
			*dot = '\0';
			name = dot + 1;
			char *prev = strrchr(low, '.');
			schema = prev ? prev + 1 : low;
		}
		return lockfact_volatile_call(s, schema, name);
	}
	default:
		return 0;
	}
}

/* Is the foreign key onto the table being created (a key onto itself
 * locks nothing else)? As the parser sees it: no schema on either side
 * matches any. */
static bool onto_self(const struct op *o, const struct op_fk *fk)
{
	return fk->ref_table && o->table && !strcmp(fk->ref_table, o->table) &&
	       (!fk->ref_schema || !o->schema || !strcmp(fk->ref_schema, o->schema));
}

static void create_table(struct arena *a, struct lock_fact *f, const struct op *o)
{
	const char *why = "referenced by a foreign key of the new table";
	for (size_t i = 0; i < o->n_constraints; i++) {
		const struct op_constraint *k = &o->constraints[i];
		if (k->kind == CON_FOREIGN_KEY && !onto_self(o, &k->fk))
			lockfact_rel(a, f, k->fk.ref_schema, k->fk.ref_table, LOCK_SHARE_ROW_EXCLUSIVE, why);
	}
	for (size_t i = 0; i < o->n_columns; i++)
		for (size_t k = 0; k < o->columns[i].n_fks; k++)
			if (!onto_self(o, &o->columns[i].fks[k]))
				lockfact_rel(a, f, o->columns[i].fks[k].ref_schema, o->columns[i].fks[k].ref_table,
					     LOCK_SHARE_ROW_EXCLUSIVE, why);
}

bool lockform_known(const struct sqlrender_form *fm, const struct op *op)
{
	if (!fm || fm->kind == SQLFORM_OTHER || !op)
		return false;
	long mods[4];
	size_t n_mods;
	switch (fm->kind) {
	case SQLFORM_ADD_COLUMN:
		return fm->coldef && (!fm->has_default || default_volatile(&fm->coldef->server_default, NULL) >= 0);
	case SQLFORM_ALTER_TYPE:
		return fm->type_sql && type_name(fm->type_sql, mods, &n_mods);
	case SQLFORM_CREATE_TABLE:
		return op->kind == OP_CREATE_TABLE;
	default:
		return true;
	}
}

/* Does PostgreSQL recurse the form into the inheritance children (as
 * the parse route's ALTER TABLE of columns and CHECKs; Alembic never
 * writes ONLY)? */
static bool form_recurses(const struct sqlrender_form *fm)
{
	switch (fm->kind) {
	case SQLFORM_ADD_COLUMN:
	case SQLFORM_DROP_COLUMN:
	case SQLFORM_SET_NOT_NULL:
	case SQLFORM_DROP_NOT_NULL:
	case SQLFORM_COLUMN_DEFAULT:
	case SQLFORM_ALTER_TYPE:
	case SQLFORM_RENAME_COLUMN:
		return true;
	case SQLFORM_ADD_CONSTRAINT:
		return fm->con_kind == CON_CHECK;
	default:
		return false;
	}
}

bool lockform_facts(struct arena *a, const struct sqlrender_form *fm, const struct op *op,
		    const struct schema *before, struct lock_fact **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!lockform_known(fm, op))
		return false;
	long mods[4];
	size_t n_mods = 0;
	const char *to = fm->kind == SQLFORM_ALTER_TYPE ? type_name(fm->type_sql, mods, &n_mods) : NULL;
	int vol = fm->kind == SQLFORM_ADD_COLUMN && fm->has_default ? default_volatile(&fm->coldef->server_default, before) : 0;
	static const char *const kinds[] = {
		[SQLFORM_CREATE_TABLE] = "CreateStmt",      [SQLFORM_CREATE_TYPE] = "CreateEnumStmt",
		[SQLFORM_DROP_TYPE] = "DropStmt",           [SQLFORM_CREATE_INDEX] = "IndexStmt",
		[SQLFORM_DROP_INDEX] = "DropStmt",          [SQLFORM_COMMENT_TABLE] = "CommentStmt",
		[SQLFORM_COMMENT_COLUMN] = "CommentStmt",   [SQLFORM_DROP_TABLE] = "DropStmt",
		[SQLFORM_RENAME_TABLE] = "RenameStmt",      [SQLFORM_ADD_COLUMN] = "AlterTableStmt",
		[SQLFORM_DROP_COLUMN] = "AlterTableStmt",   [SQLFORM_SET_NOT_NULL] = "AlterTableStmt",
		[SQLFORM_DROP_NOT_NULL] = "AlterTableStmt", [SQLFORM_COLUMN_DEFAULT] = "AlterTableStmt",
		[SQLFORM_ALTER_TYPE] = "AlterTableStmt",    [SQLFORM_RENAME_COLUMN] = "RenameStmt",
		[SQLFORM_ADD_CONSTRAINT] = "AlterTableStmt", [SQLFORM_DROP_CONSTRAINT] = "AlterTableStmt",
		[SQLFORM_INSERT] = "InsertStmt",
	};
	size_t cap = 0;
	struct lock_fact *f = lockfact_new(a, out, n, &cap, kinds[fm->kind]);
	const char *sch = fm->schema, *tab = fm->table;
	switch (fm->kind) {
	case SQLFORM_OTHER:
	case SQLFORM_CREATE_TYPE:
	case SQLFORM_DROP_TYPE:
		break;
	case SQLFORM_CREATE_TABLE:
		create_table(a, f, op);
		break;
	case SQLFORM_CREATE_INDEX:
		lockfact_create_index(a, f, sch, tab, fm->concurrently);
		break;
	case SQLFORM_DROP_INDEX:
		f->in_transaction = !fm->concurrently;
		if (lockfact_drop_index(a, f, before, sch, fm->name, fm->concurrently, false) && fm->concurrently)
			f->note = "ACCESS EXCLUSIVE on the index at the end; waits for transactions using the table";
		break;
	case SQLFORM_COMMENT_TABLE:
	case SQLFORM_COMMENT_COLUMN:
		lockfact_rel(a, f, sch, tab, LOCK_SHARE_UPDATE_EXCLUSIVE, "commented");
		break;
	case SQLFORM_DROP_TABLE:
		lockfact_drop_table(a, f, before, sch, tab, false);
		break;
	case SQLFORM_RENAME_TABLE:
	case SQLFORM_RENAME_COLUMN:
		lockfact_rel(a, f, sch, tab, LOCK_ACCESS_EXCLUSIVE, "renamed");
		break;
	case SQLFORM_ADD_COLUMN: {
		const struct op_column *c = fm->coldef;
		struct lockfact_coldef d = { 0 };
		d.serial = fm->serial;
		d.has_default = fm->has_default;
		d.volatile_default = vol == 1;
		d.not_null = fm->not_null;
		d.identity = c->identity != NULL;
		d.generated = c->computed != NULL;
		lockfact_add_column(a, f, sch, tab, &d);
		break;
	}
	case SQLFORM_DROP_COLUMN:
		lockfact_rel(a, f, sch, tab, LOCK_ACCESS_EXCLUSIVE, "altered");
		lockfact_fk_parents(a, f, before, sch, tab, fm->column, LOCK_ACCESS_EXCLUSIVE,
				    "loses the triggers of a dropped foreign key");
		break;
	case SQLFORM_SET_NOT_NULL:
		lockfact_rel(a, f, sch, tab, LOCK_ACCESS_EXCLUSIVE, "altered");
		f->scan = lockfact_set_not_null_scans(lockfact_table(before, sch, tab), fm->column);
		break;
	case SQLFORM_DROP_NOT_NULL:
	case SQLFORM_COLUMN_DEFAULT:
		lockfact_rel(a, f, sch, tab, LOCK_ACCESS_EXCLUSIVE, "altered");
		break;
	case SQLFORM_ALTER_TYPE: {
		struct lockfact_newtype nt = { to, mods, n_mods, false, false };
		lockfact_alter_type(a, f, before, sch, tab, fm->column, &nt);
		break;
	}
	case SQLFORM_ADD_CONSTRAINT:
		/* NOT VALID (postgresql_not_valid=True) checks only new rows;
		 * Alembic's operations cannot add USING INDEX */
		f->scan = !fm->not_valid;
		if (fm->con_kind == CON_FOREIGN_KEY) {
			lockfact_rel(a, f, sch, tab, LOCK_SHARE_ROW_EXCLUSIVE, "gets a foreign key");
			if (fm->fk)
				lockfact_rel(a, f, fm->fk->ref_schema, fm->fk->ref_table, LOCK_SHARE_ROW_EXCLUSIVE,
					     "referenced by the new foreign key");
		} else if (fm->con_kind == CON_CHECK) {
			lockfact_rel(a, f, sch, tab, LOCK_ACCESS_EXCLUSIVE, "gets a check constraint");
		} else {
			lockfact_rel(a, f, sch, tab, LOCK_ACCESS_EXCLUSIVE, "gets an index-backed constraint");
		}
		break;
	case SQLFORM_DROP_CONSTRAINT:
		lockfact_drop_constraint(a, f, before, sch, tab, fm->name, false);
		break;
	case SQLFORM_INSERT: {
		lockfact_rel(a, f, sch, tab, LOCK_ROW_EXCLUSIVE, "written");
		const struct schema_table *wt = before ? lockfact_table(before, sch, tab) : NULL;
		if (wt && wt->ri_off) {
			f->note = "its foreign keys are not checked: DISABLE TRIGGER ALL stopped their triggers";
		} else {
			insert_row_checks(a, f, before, sch, tab, fm->row);
			lockfact_checks_note(f, 1);
		}
		locktrig_fire(a, f, before, sch, tab, SCHEMA_TRIG_INSERT, NULL, 0, 0);
		break;
	}
	}
	if (form_recurses(fm))
		lockfact_descendants(a, f, before, sch, tab, LOCK_ACCESS_EXCLUSIVE,
				     "inherits from a table the statement works on");
	const struct schema_constraint *dc = fm->kind == SQLFORM_DROP_CONSTRAINT && before && before->n_inherit
						     ? lockfact_constraint(before, sch, tab, fm->name, NULL)
						     : NULL;
	if (dc && dc->kind == SCON_CHECK)
		lockfact_descendants(a, f, before, sch, tab, LOCK_ACCESS_EXCLUSIVE, "inherits the dropped check constraint");
	/* partitions, where PostgreSQL recurses into them and not into
	 * inheritance children */
	if (before && (before->n_inherit || fm->kind == SQLFORM_CREATE_INDEX)) {
		bool idx = fm->kind == SQLFORM_CREATE_INDEX ||
			   (fm->kind == SQLFORM_ADD_CONSTRAINT && fm->con_kind != CON_CHECK && fm->con_kind != CON_FOREIGN_KEY);
		if (idx || fm->kind == SQLFORM_INSERT || fm->kind == SQLFORM_DROP_TABLE ||
		    fm->kind == SQLFORM_DROP_CONSTRAINT ||
		    (fm->kind == SQLFORM_ADD_CONSTRAINT && fm->con_kind == CON_FOREIGN_KEY)) {
			size_t had = f->n_rels;
			if (fm->kind == SQLFORM_ADD_CONSTRAINT &&
			    (fm->con_kind == CON_UNIQUE || fm->con_kind == CON_EXCLUDE ||
			     (fm->con_kind == CON_PRIMARY_KEY && pk_keeps_nulls(before, sch, tab, op)))) {
				/* the partitions' copies of the index are built under
				 * SHARE (as the parse route: a primary key over a
				 * nullable column also sets NOT NULL on the partitions,
				 * ACCESS EXCLUSIVE, below) */
				const struct schema_table *pt = lockfact_table(before, sch, tab);
				size_t n_parts = 0;
				if (pt && pt->partitioned) {
					lockfact_partitions(a, f, before, pt->schema, pt->name, LOCK_SHARE,
							    "a partition, gets its copy of the constraint's index");
					lockfact_partition_of(before, pt->schema, pt->name, false, &n_parts);
					if (!n_parts)
						f->scan = false; /* no rows of its own */
				}
			} else {
				lockfact_partitioned(a, f, before, sch, tab, idx);
			}
			if (fm->kind == SQLFORM_INSERT && f->n_rels > had && !f->note)
				f->note = "only the partitions the rows are routed to are locked";
		}
		if (fm->kind == SQLFORM_DROP_TABLE)
			lockfact_partition_parent(a, f, before, sch, tab);
		if (fm->kind == SQLFORM_ADD_CONSTRAINT && fm->con_kind == CON_FOREIGN_KEY && fm->fk)
			lockfact_fk_onto_partitions(a, f, before, fm->fk->ref_schema, fm->fk->ref_table);
	}
	return true;
}
