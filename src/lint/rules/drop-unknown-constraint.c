/* drop-unknown-constraint: drop_constraint by a name that no earlier
 * revision created (per the schema model): the database named it itself,
 * or it never existed, and the migration fails there. A name PostgreSQL
 * gives an unnamed constraint the model has on the table (of that kind)
 * is known: <table>_pkey, <table>_<cols>_fkey / _key / _excl,
 * <table>_<col>_check or <table>_check. */
#include "../rule.h"
#include "cupel/pgname.h"

static void check(struct lint_ctx *c, const struct op *o, const struct op *parent, void *arg)
{
	(void)arg;
	if (o->kind != OP_DROP_CONSTRAINT || !o->constraint.name)
		return;
	const char *table = o->table ? o->table : parent ? parent->table : NULL;
	const char *schema = o->table ? o->schema : parent ? parent->schema : NULL;
	struct schema_table *t = c->before ? schema_table(c->before, schema, table) : NULL;
	if (!t || t->uncertain)
		return; /* nothing to compare with */
	struct schema_table *ct = NULL;
	const struct schema_constraint *k = schema_constraint(c->before, o->constraint.name, &ct);
	if (k && ct == t && k->name)
		return; /* an unnamed one (found by PostgreSQL's name) is checked by kind below */
	if (schema_index(c->before, o->constraint.name, &ct) && ct == t)
		return; /* a unique index dropped as a constraint: let the database say */
	if (pgname_constraint(t, o->constraint.name, o->constraint_type))
		return; /* the name PostgreSQL gave an unnamed one */
	lint_report(c, o->line, o->col,
		    "name constraints when they are created (or set a naming_convention), and drop them by that name",
		    "constraint %s is dropped from %s, but no earlier revision created a constraint of that name",
		    o->constraint.name, table);
}

LINT_RULE(drop_unknown_constraint)
{
	lint_each_op(c, &c->up_pg, check, NULL);
}

LINT_NO_GRAPH(drop_unknown_constraint)
