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

/* how env.py's naming_convention names a constraint of kind k */
static enum envpy_naming naming_of(const struct envpy_config *env, enum op_constraint_kind k)
{
	int i = k == CON_UNIQUE ? ENVPY_NC_UQ : k == CON_FOREIGN_KEY ? ENVPY_NC_FK : k == CON_CHECK ? ENVPY_NC_CK : -1;
	return i < 0 || !env ? ENVPY_NAMING_NONE : env->naming[i];
}

static void report(struct lint_ctx *c, const struct envpy_config *env, unsigned line, unsigned col,
		   enum op_constraint_kind k, const char *table)
{
	enum envpy_naming nm = naming_of(env, k);
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
static void column(struct lint_ctx *c, const struct envpy_config *env, const struct op_column *col, unsigned line,
		   unsigned pos, const char *table)
{
	for (size_t f = 0; f < col->n_fks; f++)
		if (!col->fks[f].name)
			report(c, env, line, pos, CON_FOREIGN_KEY, table);
	if (col->unique == 1)
		report(c, env, line, pos, CON_UNIQUE, table);
}

static void check(struct lint_ctx *c, const struct op *o, const struct op *parent, void *arg)
{
	(void)parent;
	const struct envpy_config *env = *(const struct envpy_config *const *)arg;
	if (o->kind == OP_CREATE_TABLE) {
		for (size_t i = 0; i < o->n_columns; i++) {
			const struct op_column *col = &o->columns[i];
			column(c, env, col, col->line ? col->line : o->line, col->line ? col->col : o->col, o->table);
		}
		for (size_t i = 0; i < o->n_constraints; i++) {
			const struct op_constraint *k = &o->constraints[i];
			const char *name = k->kind == CON_FOREIGN_KEY ? k->fk.name : k->name;
			/* an unnamed PRIMARY KEY gets <table>_pkey on PostgreSQL,
			 * a predictable name: not reported */
			if (!name && k->kind != CON_PRIMARY_KEY)
				report(c, env, k->line ? k->line : o->line, 1, k->kind, o->table);
		}
		return;
	}
	if (o->kind == OP_ADD_COLUMN)
		column(c, env, &o->column, o->line, o->col, o->table);
	if ((o->kind == OP_CREATE_UNIQUE || o->kind == OP_CREATE_FK || o->kind == OP_CREATE_CHECK ||
	     o->kind == OP_CREATE_EXCLUDE) &&
	    !(o->constraint.kind == CON_FOREIGN_KEY ? o->constraint.fk.name : o->constraint.name))
		report(c, env, o->line, o->col, o->constraint.kind, o->table);
}

LINT_RULE(unnamed_constraint)
{
	const struct envpy_config *env = lint_envpy(c);
	lint_each_op(c, &c->up_pg, check, &env);
}

LINT_NO_GRAPH(unnamed_constraint)
