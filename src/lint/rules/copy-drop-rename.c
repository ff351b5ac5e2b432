/* copy-drop-rename: a table rebuilt by hand in one migration (a new table
 * created, the old one dropped, the new one renamed to the old name).
 * Without care it loses indexes, triggers, grants and constraints, and
 * holds an ACCESS EXCLUSIVE lock while it copies; batch_alter_table does
 * the same move on SQLite and plain ALTERs elsewhere. */
#include "../rule.h"

struct seen {
	const char *created[64], *dropped[64];
	size_t n_created, n_dropped;
};

static void check(struct lint_ctx *c, const struct op *o, const struct op *parent, void *arg)
{
	(void)parent;
	struct seen *s = arg;
	if (o->kind == OP_CREATE_TABLE && o->table && s->n_created < 64)
		s->created[s->n_created++] = o->table;
	if (o->kind == OP_DROP_TABLE && o->table && s->n_dropped < 64)
		s->dropped[s->n_dropped++] = o->table;
	if (o->kind != OP_RENAME_TABLE || !o->table || !o->new_name)
		return;
	bool made = false, gone = false;
	for (size_t i = 0; i < s->n_created; i++)
		made |= !strcmp(s->created[i], o->table);
	for (size_t i = 0; i < s->n_dropped; i++)
		gone |= !strcmp(s->dropped[i], o->new_name);
	if (made && gone)
		lint_report(c, o->line, o->col,
			    "with op.batch_alter_table(\"<table>\", recreate=\"auto\") as batch_op: ... (SQLite copies, "
			    "other databases ALTER in place)",
			    "%s is rebuilt by hand (created as %s, old table dropped, renamed back)", o->new_name,
			    o->table);
}

LINT_RULE(copy_drop_rename)
{
	struct seen s;
	memset(&s, 0, sizeof(s));
	lint_each_op(c, &c->up_pg, check, &s);
}

LINT_NO_GRAPH(copy_drop_rename)
