/* enum-not-dropped: a PostgreSQL enum type created by upgrade() (by an
 * sa.Enum column of create_table/add_column, or explicitly) that
 * downgrade() does not drop: the type stays behind, and the next upgrade
 * fails with "type already exists". */
#include "cupel/sqltype.h"
#include "../rule.h"

struct enums {
	const char *names[64];
	unsigned lines[64];
	size_t n;
	bool dropped_all; /* downgrade drops types in a way cupel cannot see */
};

/* explicit: a .create(bind) of the type, which SQLAlchemy runs whatever
 * create_type says (create_type=False only keeps a table's CREATE from
 * creating it: ENUM._on_table_create) */
static void note_type(struct enums *e, const struct sqltype *t, unsigned line, bool explicit)
{
	const struct sqltype *d = t ? sqltype_for(t, DIALECT_POSTGRESQL) : NULL;
	if (!d || (d->kind != SQLTYPE_ENUM && d->kind != SQLTYPE_PG_ENUM) || !d->enum_name || d->native_enum == 0 ||
	    (d->create_type == 0 && !explicit) || e->n == 64)
		return;
	for (size_t i = 0; i < e->n; i++)
		if (!strcmp(e->names[i], d->enum_name))
			return; /* created and then used: one finding, where it is created */
	e->names[e->n] = d->enum_name;
	e->lines[e->n++] = line;
}

static void created(struct lint_ctx *c, const struct op *o, const struct op *parent, void *arg)
{
	(void)c;
	(void)parent;
	struct enums *e = arg;
	if (o->kind == OP_CREATE_TABLE)
		for (size_t i = 0; i < o->n_columns; i++)
			note_type(e, o->columns[i].type, o->columns[i].line ? o->columns[i].line : o->line, false);
	if (o->kind == OP_ADD_COLUMN)
		note_type(e, o->column.type, o->line, false);
	if (o->kind == OP_ENUM_CREATE)
		note_type(e, o->enum_type, o->line, true);
}

static void dropped(struct lint_ctx *c, const struct op *o, const struct op *parent, void *arg)
{
	(void)c;
	(void)parent;
	struct enums *e = arg;
	const struct sqltype *d = NULL;
	if (o->kind == OP_ENUM_DROP)
		d = sqltype_for(o->enum_type, DIALECT_POSTGRESQL);
	if (o->kind == OP_EXECUTE && o->sql && strcasestr(o->sql, "DROP TYPE")) {
		for (size_t i = 0; i < e->n; i++)
			if (e->names[i] && strstr(o->sql, e->names[i]))
				e->names[i] = NULL;
		return;
	}
	if (o->kind == OP_OPAQUE)
		e->dropped_all = true; /* cannot tell: stay quiet */
	for (size_t i = 0; d && d->enum_name && i < e->n; i++)
		if (e->names[i] && !strcmp(e->names[i], d->enum_name))
			e->names[i] = NULL;
}

LINT_RULE(enum_not_dropped)
{
	if (!c->pg)
		return;
	struct enums e;
	memset(&e, 0, sizeof(e));
	lint_each_op(c, &c->up_pg, created, &e);
	if (!e.n)
		return;
	lint_each_op(c, &c->down_pg, dropped, &e);
	if (e.dropped_all)
		return;
	for (size_t i = 0; i < e.n; i++)
		if (e.names[i])
			lint_report(c, e.lines[i], 1,
				    "drop it in downgrade() after the table: sa.Enum(name=...).drop(op.get_bind(), "
				    "checkfirst=False)",
				    "enum type %s is created here but downgrade() does not drop it", e.names[i]);
}

LINT_NO_GRAPH(enum_not_dropped)
