/* unnamed-constraint: a constraint created without a name. The database
 * makes one up (differently on each backend), so a later drop_constraint
 * or a downgrade cannot name it. Table-level constraints, and those a
 * column declares (sa.ForeignKey, unique=True) in create_table and
 * add_column. Silent for a kind env.py's target_metadata names by its
 * naming_convention: Alembic builds op.*'s objects on a MetaData with it
 * (operations/schemaobj.py, checked with Alembic 1.8.1). */
#include "cupel/envpy.h"
#include "../rule.h"

static const char *kind_name(enum op_constraint_kind k)
{
	switch (k) {
	case CON_PRIMARY_KEY: return "primary key";
	case CON_UNIQUE: return "unique constraint";
	case CON_FOREIGN_KEY: return "foreign key";
	case CON_CHECK: return "check constraint";
	default: return "exclusion constraint";
	}
}

/* env.py's convention, one envpy_naming digit per envpy_naming_kind (read
 * once for the run) */
struct naming {
	char of[ENVPY_NC_N + 1];
};

static void naming_read(struct lint_ctx *c, struct naming *n)
{
	memset(n->of, '0', ENVPY_NC_N);
	n->of[ENVPY_NC_N] = 0;
	if (c->sql_file || !c->p) /* lint --sql: no env.py */
		return;
	const char *k = lint_kept(c, "env.py");
	if (!k) {
		struct arena a;
		arena_init(&a);
		struct diag_list d;
		diag_list_init(&d, &a);
		struct envpy_config env;
		envpy_read(&a, &d, c->p->script_location, &env);
		for (int i = 0; i < ENVPY_NC_N; i++)
			n->of[i] = (char)('0' + env.naming[i]);
		lint_keep(c, "env.py", n->of);
		arena_free(&a);
		return;
	}
	memcpy(n->of, k, ENVPY_NC_N);
}

static enum envpy_naming naming_of(const struct naming *n, enum op_constraint_kind k)
{
	int i = k == CON_UNIQUE ? ENVPY_NC_UQ : k == CON_FOREIGN_KEY ? ENVPY_NC_FK : k == CON_CHECK ? ENVPY_NC_CK : -1;
	return i < 0 ? ENVPY_NAMING_NONE : (enum envpy_naming)(n->of[i] - '0');
}

static void report(struct lint_ctx *c, const struct naming *n, unsigned line, unsigned col,
		   enum op_constraint_kind k, const char *table)
{
	enum envpy_naming nm = naming_of(n, k);
	if (nm == ENVPY_NAMING_NAMES)
		return;
	if (nm == ENVPY_NAMING_NEEDS_NAME)
		lint_report(c, line, col, "give it a name: the convention's template uses it",
			    "%s of %s has no name, and env.py's naming_convention needs %%(constraint_name)s: "
			    "SQLAlchemy raises",
			    kind_name(k), table ? table : "?");
	else
		lint_report(c, line, col, "give it a name (name=\"uq_<table>_<columns>\"), or set a naming_convention",
			    "%s of %s has no name", kind_name(k), table ? table : "?");
}

/* what a column declares: sa.ForeignKey(...) without name=, unique=True */
static void column(struct lint_ctx *c, const struct naming *n, const struct op_column *col, unsigned line,
		   unsigned pos, const char *table)
{
	for (size_t f = 0; f < col->n_fks; f++)
		if (!col->fks[f].name)
			report(c, n, line, pos, CON_FOREIGN_KEY, table);
	if (col->unique == 1)
		report(c, n, line, pos, CON_UNIQUE, table);
}

static void check(struct lint_ctx *c, const struct op *o, const struct op *parent, void *arg)
{
	(void)parent;
	const struct naming *n = arg;
	if (o->kind == OP_CREATE_TABLE) {
		for (size_t i = 0; i < o->n_columns; i++) {
			const struct op_column *col = &o->columns[i];
			column(c, n, col, col->line ? col->line : o->line, col->line ? col->col : o->col, o->table);
		}
		for (size_t i = 0; i < o->n_constraints; i++) {
			const struct op_constraint *k = &o->constraints[i];
			const char *name = k->kind == CON_FOREIGN_KEY ? k->fk.name : k->name;
			/* an unnamed PRIMARY KEY gets <table>_pkey on PostgreSQL,
			 * a predictable name: not reported */
			if (!name && k->kind != CON_PRIMARY_KEY)
				report(c, n, k->line ? k->line : o->line, 1, k->kind, o->table);
		}
		return;
	}
	if (o->kind == OP_ADD_COLUMN)
		column(c, n, &o->column, o->line, o->col, o->table);
	if ((o->kind == OP_CREATE_UNIQUE || o->kind == OP_CREATE_FK || o->kind == OP_CREATE_CHECK ||
	     o->kind == OP_CREATE_EXCLUDE) &&
	    !(o->constraint.kind == CON_FOREIGN_KEY ? o->constraint.fk.name : o->constraint.name))
		report(c, n, o->line, o->col, o->constraint.kind, o->table);
}

LINT_RULE(unnamed_constraint)
{
	struct naming n;
	naming_read(c, &n);
	lint_each_op(c, &c->up_pg, check, &n);
}

LINT_NO_GRAPH(unnamed_constraint)
