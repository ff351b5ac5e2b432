/* unnamed-constraint: a constraint created without a name. The database
 * makes one up (differently on each backend), so a later drop_constraint
 * or a downgrade cannot name it. */
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

static void check(struct lint_ctx *c, const struct op *o, const struct op *parent, void *arg)
{
	(void)parent;
	(void)arg;
	const char *hint = "give it a name (name=\"uq_<table>_<columns>\"), or set a naming_convention";
	if (o->kind == OP_CREATE_TABLE) {
		for (size_t i = 0; i < o->n_constraints; i++) {
			const struct op_constraint *k = &o->constraints[i];
			const char *name = k->kind == CON_FOREIGN_KEY ? k->fk.name : k->name;
			/* an unnamed PRIMARY KEY gets <table>_pkey on PostgreSQL,
			 * a predictable name: not reported */
			if (!name && k->kind != CON_PRIMARY_KEY)
				lint_report(c, k->line ? k->line : o->line, 1, hint, "%s of %s has no name",
					    kind_name(k->kind), o->table);
		}
		return;
	}
	if ((o->kind == OP_CREATE_UNIQUE || o->kind == OP_CREATE_FK || o->kind == OP_CREATE_CHECK ||
	     o->kind == OP_CREATE_EXCLUDE) &&
	    !(o->constraint.kind == CON_FOREIGN_KEY ? o->constraint.fk.name : o->constraint.name))
		lint_report(c, o->line, o->col, hint, "%s on %s has no name", kind_name(o->constraint.kind),
			    o->table ? o->table : "?");
}

LINT_RULE(unnamed_constraint)
{
	lint_each_op(c, &c->up_pg, check, NULL);
}

LINT_NO_GRAPH(unnamed_constraint)
